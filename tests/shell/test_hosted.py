"""Shell lines inside Markdown fences and Makefile recipes: which lines are shell, and what a fence
that is not shell costs."""

from __future__ import annotations

from cfgmigrate.engines.base import Context
from cfgmigrate.engines.shell.fences import fence_blocks, recipe_blocks
from cfgmigrate.engines.shell.hosted import MAKEFILE, MARKDOWN
from cfgmigrate.pack import load_pack_text

PACK = "name: f\nrules:\n  - id: eval\n    rename: evaluation_strategy\n    to: eval_strategy\n    programs: [train.py]\n"


def lines(blocks):  # type: ignore[no-untyped-def]
    return [[(h.line, h.keep, h.body) for h in block] for block in blocks]


def test_fences_give_their_shell_lines_without_prompts_and_output() -> None:
    text = "x\n```console\n$ python a.py \\\n  --b\nout\n```\n  ~~~bash\n  ls\n  ~~~\n```python\nls\n```\n"
    assert lines(fence_blocks(text)) == [[(3, "$ ", "python a.py \\"), (4, "", "  --b")], [(8, "  ", "ls")]]


def test_recipe_lines_keep_their_tab_and_prefixes() -> None:
    text = "A = --x\nall: b\n\t@python a.py \\\n\t  --y\n# c\n\t-ls\nB = 1\n\tnot a recipe\n"
    assert lines(recipe_blocks(text)) == [[(3, "\t@", "python a.py \\"), (4, "\t", "  --y")], [(6, "\t-", "ls")]]


def migrate(engine, text: str):  # type: ignore[no-untyped-def]
    pack = load_pack_text(PACK, "pack.yaml")
    index = engine.prepare({"f": text}.get, ("f",), pack)
    return engine.migrate("f", text, pack.rules, Context("/tmp", pack, index))


def test_a_fence_that_is_not_shell_is_left_with_a_warning_and_the_others_change() -> None:
    text = (
        "```bash\npython train.py --evaluation_strategy <steps|no>\n```\n```sh\npython train.py --evaluation_strategy no\n```\n"
    )
    result = migrate(MARKDOWN, text)
    assert result.new_text == text.replace("--evaluation_strategy no", "--eval_strategy no")
    assert [d.render() for d in result.diagnostics] == [
        "f:2: eval: warning: cannot parse this shell block; --evaluation_strategy left as it was"
    ]


def test_both_flags_passed_is_a_conflict_and_the_file_stays() -> None:
    text = "train:\n\tpython train.py --evaluation_strategy no --eval_strategy no\n"
    result = migrate(MAKEFILE, text)
    assert result.new_text == text
    assert [d.render() for d in result.diagnostics] == [
        "f:2: eval: cannot rename --evaluation_strategy to --eval_strategy: train.py is passed both; left as it was"
    ]


def test_a_fence_whose_last_line_continues_still_parses() -> None:
    text = "```bash\ndeepspeed train.py \\\n    --evaluation_strategy no \\\n```\n"
    result = migrate(MARKDOWN, text)
    assert result.new_text == text.replace("--evaluation_strategy", "--eval_strategy")
    assert result.diagnostics == ()
