"""The argparse-option form of ``rename`` (``parsers:``): the option, its dest's reads, what is reported
and what names programs (exact output)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyengine import dedent, migrate

from cfgmigrate.errors import PackError
from cfgmigrate.option_flags import defining_programs
from cfgmigrate.pack import load_pack_text

PACK = """
name: t
rules:
  - id: mp
    rename: model_path
    to: model_name_or_path
    parsers: ["*"]
"""


def run(tmp: Path, source: str) -> tuple[str, list[str], list[str]]:
    out = migrate(tmp, PACK, {"serve.py": source}, "serve.py")
    return out.text, out.changes, out.diagnostics


def test_groups_subparsers_known_args_globals_helpers_and_every_read_form(tmp_path: Path) -> None:
    source = """
    import argparse as ap


    def add_args(parser):
        group = parser.add_argument_group("model")
        group.add_argument("--model_path", "--model-path", type=str)


    def serve():
        if args.model_path and hasattr(args, "model_path"):
            setattr(args, "model_path", vars(args).get("model_path"))
        return "model_path" in vars(args), args.model_pathx


    def main():
        global args
        parser = ap.ArgumentParser()
        sub = parser.add_subparsers().add_parser("run")
        add_args(parser)
        sub.add_argument("--model-path")
        parser.set_defaults(model_path=None)
        print(parser.get_default("model_path"))
        args, rest = parser.parse_known_args()
        serve()


    main()
    """
    text, changes, diagnostics = run(tmp_path, source)
    assert diagnostics == []
    assert text == dedent(source).replace(
        '"--model_path", "--model-path"', '"--model_name_or_path", "--model-name-or-path"'
    ).replace("args.model_path and", "args.model_name_or_path and").replace(
        '(args, "model_path"', '(args, "model_name_or_path"'
    ).replace('get("model_path")', 'get("model_name_or_path")').replace('"model_path" in', '"model_name_or_path" in').replace(
        'add_argument("--model-path")', 'add_argument("--model-name-or-path")'
    ).replace("set_defaults(model_path=", "set_defaults(model_name_or_path=").replace(
        'get_default("model_path")', 'get_default("model_name_or_path")'
    )
    assert changes == [
        "7 mp: renamed option --model_path to --model_name_or_path",
        "7 mp: renamed option --model-path to --model-name-or-path",
        "11 mp: renamed args.model_path to args.model_name_or_path",
        '11 mp: renamed "model_path" to "model_name_or_path" in hasattr(args, ...)',
        '12 mp: renamed "model_path" to "model_name_or_path" in setattr(args, ...)',
        '12 mp: renamed "model_path" to "model_name_or_path" in vars(args).get',
        '13 mp: renamed "model_path" in vars(args)',
        "21 mp: renamed option --model-path to --model-name-or-path",
        "22 mp: renamed set_defaults(model_path=...) to model_name_or_path=",
        '23 mp: renamed "model_path" to "model_name_or_path" in get_default',
    ]


def test_a_namespace_returned_in_a_tuple_is_followed_where_the_file_unpacks_it(tmp_path: Path) -> None:
    source = """
    import argparse


    def create_worker():
        parser = argparse.ArgumentParser()
        parser.add_argument("--model-path")
        args = parser.parse_args()
        return args, object()


    if __name__ == "__main__":
        args, worker = create_worker()
        first = create_worker()[0]
        print(args.model_path, first.model_path)
    """
    text, changes, diagnostics = run(tmp_path, source)
    assert diagnostics == []
    assert text == dedent(source).replace('"--model-path"', '"--model-name-or-path"').replace(
        "args.model_path, first.model_path", "args.model_name_or_path, first.model_name_or_path"
    )
    assert changes == [
        "7 mp: renamed option --model-path to --model-name-or-path",
        "15 mp: renamed args.model_path to args.model_name_or_path",
        "15 mp: renamed first.model_path to first.model_name_or_path",
    ]
    library = dedent(source).split("if __name__")[0]  # no call in the file: its callers elsewhere read it
    assert run(tmp_path, library)[2] == [
        "serve.py:5: mp: warning: create_worker() returns the namespace to the files that call it, whose reads of "
        ".model_path cfgmigrate does not follow; --model-path left as it was in this file"
    ]


def test_an_explicit_dest_or_an_earlier_long_option_keeps_the_reads(tmp_path: Path) -> None:
    source = """
    from argparse import ArgumentParser

    parser = ArgumentParser()
    parser.add_argument("--model-path", dest="model_path")
    parser.add_argument("--weights", "--model-path", dest="weights")
    args = parser.parse_args()
    print(args.model_path, args.weights)
    """
    text, changes, diagnostics = run(tmp_path, source)
    assert diagnostics == []
    assert text == dedent(source).replace('"--model-path"', '"--model-name-or-path"')
    assert changes == [
        "5 mp: renamed option --model-path to --model-name-or-path",
        "6 mp: renamed option --model-path to --model-name-or-path",
    ]


@pytest.mark.parametrize(
    ("code", "report"),
    [
        (
            "args = parser.parse_args()\nargs = load(args)\nprint(args.model_path)",
            "2: mp: warning: args holds the parser's namespace here and other values elsewhere",
        ),
        (
            "args = parser.parse_args()\nself.args = args",
            "2: mp: warning: the namespace args is used here in a way cfgmigrate cannot follow",
        ),
        ("args = parser.parse_args()\nrun(**vars(args))", "2: mp: warning: **vars(args) passes model_path= to run"),
        (
            "args = parser.parse_args()\nd = vars(args)",
            "2: mp: warning: vars(args) hands the namespace's keys to code cfgmigrate cannot follow",
        ),
        (
            "args = parser.parse_args()\nk = 'x'\nprint(getattr(args, k))",
            "3: mp: warning: getattr(args, ...) with a name cfgmigrate cannot read may be model_path",
        ),
        (
            "args = parser.parse_args()\nlib.train(args)",
            "2: mp: warning: args is passed to lib.train, whose reads of .model_path cfgmigrate does not follow",
        ),
        ("parser.set_defaults(**defaults)\nargs = parser.parse_args()", "1: mp: warning: set_defaults(**...) may set model_path"),
    ],
    ids=["reassigned", "stored", "splatted", "vars", "getattr", "passed", "set-defaults"],
)
def test_a_namespace_that_leaves_the_file_is_reported_and_the_file_stays_whole(tmp_path: Path, code: str, report: str) -> None:
    source = 'import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument("--model-path")\n' + code + "\n"
    text, changes, diagnostics = run(tmp_path, source)
    line, _, message = report.partition(": mp: ")
    assert (text, changes) == (source, [])
    assert diagnostics == [f"serve.py:{int(line) + 3}: mp: {message}; --model-path left as it was in this file"]


def test_a_parser_that_is_a_parameter_and_an_unresolved_parser_are_reported(tmp_path: Path) -> None:
    source = """
    import argparse
    import vllm


    def add_model_args(parser):
        parser.add_argument("--model-path")


    p = vllm.ArgumentParser()
    p.add_argument("--model-path")
    q = argparse.ArgumentParser()
    q = vllm.add_cli_args(q)
    q.add_argument("--model-path")
    """
    text, changes, diagnostics = run(tmp_path, source)
    assert (text, changes) == (dedent(source), [])
    assert diagnostics == [
        "serve.py:7: mp: warning: cannot tell that parser (a parameter of add_model_args) is an argparse parser; --model-path left as it was in this file",
        "serve.py:11: mp: warning: cannot tell that p is an argparse parser; --model-path left as it was in this file",
        "serve.py:14: mp: warning: cannot tell that q (also assigned vllm.add_cli_args(q) on line 13) is an argparse parser; --model-path left as it was in this file",
    ]


def test_a_file_that_defines_the_new_dest_is_an_error(tmp_path: Path) -> None:
    source = 'import argparse\np = argparse.ArgumentParser()\np.add_argument("--model-path")\np.add_argument("--mp", dest="model_name_or_path")\n'
    text, changes, diagnostics = run(tmp_path, source)
    assert (text, changes) == (source, [])
    assert diagnostics == [
        "serve.py:4: mp: cannot rename --model-path to --model-name-or-path: this file already defines dest=model_name_or_path; file left as it was"
    ]


def test_strings_that_equal_the_flag_outside_add_argument_stay(tmp_path: Path) -> None:
    source = 'import argparse\nFLAGS = ["--model-path"]\ncmd = []\ncmd.append("--model-path")\nok = FLAGS[0] == "--model-path"\n'
    assert run(tmp_path, source) == (source, [], [])


def test_the_programs_a_defining_file_names() -> None:
    rule = load_pack_text(dedent(PACK), "pack.yaml").rules[0]
    source = dedent(
        """
        import argparse


        def build():
            parser = argparse.ArgumentParser()
            parser.add_argument("--model-path")
            return parser


        def main():
            print(build().parse_args().model_path)
        """
    )
    assert defining_programs(rule, "src/pkg/serve[1].py", source) == [
        "src/pkg/serve[[]1].py",
        "=pkg.serve[[]1].build",
        "=pkg.serve[[]1].main",
    ]
    assert defining_programs(rule, "pkg/other.py", 'FLAGS = ["--model-path"]\n') == []
    reported = source.replace("print(build().parse_args().model_path)", "run(**vars(build().parse_args()))")
    assert defining_programs(rule, "pkg/serve.py", reported) == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    calls: [f]\n", "a rule has either `calls:` (keywords) or `parsers:` (argparse options), not both"),
        ("    receivers: [x.Config]\n", "a rule has either `receivers:` (attributes) or `parsers:` (argparse options), not both"),
        ("    on_conflict: keep\n", "with `parsers:`, a file that already defines the new option is an error (no `on_conflict`)"),
    ],
)
def test_what_a_parsers_rule_cannot_have(extra: str, message: str) -> None:
    with pytest.raises(PackError) as e:
        load_pack_text(dedent(PACK) + extra, "pack.yaml")
    assert message in "\n".join(d.render() for d in e.value.diagnostics)


def test_the_subject_is_a_dest() -> None:
    with pytest.raises(PackError) as e:
        load_pack_text(dedent(PACK).replace("rename: model_path", "rename: --model-path"), "pack.yaml")
    assert [d.render() for d in e.value.diagnostics] == [
        "pack.yaml:4: mp: with `parsers:`, the subject is an option's dest (`model_path` for `--model-path`), not '--model-path'"
    ]


def test_a_plain_old_option_takes_the_style_of_the_files_other_options(tmp_path: Path) -> None:
    pack = PACK.replace("rename: model_path", "rename: lang").replace("to: model_name_or_path", "to: keep_lang")
    source = 'import argparse\np = argparse.ArgumentParser()\np.add_argument("--in_file")\np.add_argument("--lang")\n'
    out = migrate(tmp_path, pack, {"serve.py": source}, "serve.py")
    assert out.text == source.replace('"--lang"', '"--keep_lang"')
    rule = load_pack_text(dedent(pack), "pack.yaml").rules[0]
    dashed = source.replace("--in_file", "--in-file")
    assert defining_programs(rule, "serve.py", dashed) == ["serve.py"]
    assert migrate(tmp_path, pack, {"serve.py": dashed}, "serve.py").text == dashed.replace('"--lang"', '"--keep-lang"')


def test_a_parser_passed_to_another_modules_function_is_reported_unless_that_function_spells_neither() -> None:
    from cfgmigrate.option_flags import with_option_programs

    files = {
        "serve.py": "import argparse\nfrom lib import add_args, add_more\n\np = argparse.ArgumentParser()\n"
        'p.add_argument("--model-path")\nadd_args(p)\nadd_more(p)\n',
        "lib.py": 'def add_args(parser):\n    parser.add_argument("--port")\n\n\ndef add_more(parser):\n    pass\n',
    }
    pack = load_pack_text(dedent(PACK), "pack.yaml")
    rule = with_option_programs([pack], files.get, tuple(files))[0].rules[0]
    assert rule.safe_callees == ("lib.add_args", "lib.add_more")
    files["lib.py"] += '\n\ndef other(parser):\n    parser.add_argument("--model-name-or-path")\n'
    rule = with_option_programs([pack], files.get, tuple(files))[0].rules[0]
    assert (rule.safe_callees, rule.programs) == ((), ())


def test_a_parser_passed_to_an_unknown_function_holds_the_file_back(tmp_path: Path) -> None:
    source = 'import argparse\nimport vllm\np = argparse.ArgumentParser()\np.add_argument("--model-path")\nvllm.add_cli_args(p)\n'
    assert run(tmp_path, source) == (
        source,
        [],
        [
            "serve.py:5: mp: warning: the parser is passed to vllm.add_cli_args, which may define --model-path or its new "
            "name too; --model-path left as it was in this file"
        ],
    )


def test_reverse_brings_the_case_back(tmp_path: Path) -> None:
    """--reverse renames the option back (an explicit dest= that is the old name is no conflict)."""
    import shutil

    from click.testing import CliRunner

    from cfgmigrate.cli import main

    case = Path(__file__).parents[1] / "cases" / "py-argparse-option-flags-follow"
    work = tmp_path / "w"
    shutil.copytree(case / "after", work)
    r = CliRunner().invoke(main, ["apply", "--reverse", "--root", str(work), "-r", str(case / "pack.yaml"), str(work)])
    assert (r.exit_code, r.stderr) == (
        0,
        "cfgmigrate: 10 files scanned, 6 parsed, 6 changed (15 changes), 0 errors, 0 warnings\n",
    )
    before = case / "before"
    assert {p.relative_to(work): p.read_bytes() for p in work.rglob("*") if p.is_file() and ".cfgmigrate" not in str(p)} == {
        p.relative_to(before): p.read_bytes() for p in before.rglob("*") if p.is_file()
    }
