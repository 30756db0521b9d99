"""Hostile and unlucky call sites (issue 10): nested matching calls, repeated keywords, comments on a
removed keyword's line, odd line ends, overlap messages, and the guard that refuses bad output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyengine import dedent, migrate

from cfgmigrate.cli import main
from cfgmigrate.edits import OverlappingEdits, apply_edits
from cfgmigrate.engines.python import callmap, callspans
from cfgmigrate.types import Edit


def pack(op: str) -> str:
    return f"name: t\nrules:\n  - {{id: r, {op}, calls: ['*.from_pretrained']}}\n"


NESTED = 'M.from_pretrained("a", x=M.from_pretrained("b", x=True), y=2)\n'


@pytest.mark.parametrize(
    ("op", "want", "changes"),
    [
        ("rename: x, to: z", 'M.from_pretrained("a", z=M.from_pretrained("b", z=True), y=2)\n', 2),
        ("remove: x", 'M.from_pretrained("a", y=2)\n', 1),
        (
            "map: x, to: z, values: {true: 'on', false: 'off'}",
            'M.from_pretrained("a", z="on" if M.from_pretrained("b", z="on") else "off", y=2)\n',
            2,
        ),
        ("coerce: x, to: str", 'M.from_pretrained("a", x=M.from_pretrained("b", x="true"), y=2)\n', 1),
    ],
)
def test_a_keyword_inside_a_nested_matching_call_is_edited_at_both_levels(
    tmp_path: Path, op: str, want: str, changes: int
) -> None:
    out = migrate(tmp_path, pack(op), {"m.py": NESTED}, "m.py")
    assert out.text == want
    assert len(out.changes) == changes
    assert [d for d in out.diagnostics if "warning" not in d] == []


def test_a_repeated_keyword_is_a_syntax_error_and_nothing_changes(tmp_path: Path) -> None:
    source = "M.from_pretrained('a')\nM.from_pretrained('a', torch_dtype=a, torch_dtype=b)\n"
    with pytest.raises(SyntaxError, match="keyword argument repeated"):
        compile(source, "m.py", "exec")  # what Python itself says of this file
    out = migrate(tmp_path, pack("rename: torch_dtype, to: dtype"), {"m.py": source}, "m.py")
    assert (out.text, out.changes) == (source, [])
    assert out.diagnostics == ["m.py:2: cannot parse: keyword argument repeated: torch_dtype; left as it was"]


def test_removing_a_keyword_keeps_a_comment_on_a_line_it_shares(tmp_path: Path) -> None:
    source = """
    M.from_pretrained(
        "a", low=True,  # about "a"
        revision=2,
    )
    M.from_pretrained("a",  # about "a" too
        low=True)
    M.from_pretrained("a", low=True,  # note
                      revision=2)
    M.from_pretrained(
        "a",
        low=True,  # about low: leaves with its own line
    )
    """
    out = migrate(tmp_path, pack("remove: low"), {"m.py": source}, "m.py")
    assert out.text == dedent("""
    M.from_pretrained(
        "a",  # about "a"
        revision=2,
    )
    M.from_pretrained("a",  # about "a" too
    )
    M.from_pretrained("a",  # note
                      revision=2)
    M.from_pretrained(
        "a",
    )
    """)
    assert out.changes == [f"{n} r: removed keyword low" for n in (3, 7, 8, 12)]


@pytest.mark.parametrize("odd", ["\u2028", "\x0c", "\x1c", "\x85"])
def test_characters_that_str_splitlines_takes_for_line_ends_do_not_shift_edits(tmp_path: Path, odd: str) -> None:
    source = (
        f'# a comment with {odd} inside\nM.from_pretrained("a", torch_dtype=1)\nx = "{odd}"\nM.from_pretrained(torch_dtype=2)\n'
    )
    out = migrate(tmp_path, pack("rename: torch_dtype, to: dtype"), {"m.py": source}, "m.py")
    assert out.text == source.replace("torch_dtype", "dtype")
    assert out.changes == ["2 r: renamed keyword torch_dtype to dtype", "4 r: renamed keyword torch_dtype to dtype"]


def test_an_overlap_is_named_by_line_and_column() -> None:
    text = "a = 1\nf(x=1, y=2)\n"
    with pytest.raises(OverlappingEdits) as raised:
        apply_edits(text, [Edit(8, 11, ""), Edit(10, 13, "")])
    assert str(raised.value) == "line 2, column 3 and line 2, column 5"
    assert raised.value.line == 2


def test_output_that_would_not_parse_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = callmap.mapped_value

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        mapped = real(*args, **kwargs)
        edit = mapped.edits[0]
        return callmap.Mapped((Edit(edit.start, edit.end, "'on' if"),), mapped.tree)

    monkeypatch.setattr(callmap, "mapped_value", broken)
    source = "x = 1\nM.from_pretrained('a', x=True)\n"
    out = migrate(tmp_path, pack("map: x, values: {true: 'on', false: 'off'}"), {"m.py": source}, "m.py")
    assert (out.text, out.changes) == (source, [])
    assert out.diagnostics == [
        "m.py:2: r: refused: the edited file would not parse (invalid syntax at line 2 of the output); file left as it was"
    ]


def test_output_that_parses_but_is_not_the_intended_edit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(callspans.CallRule, "_insertion", lambda self, call, item: Edit(0, 0, "import os; "))
    source = "x = 1\nM.from_pretrained('a')\n"
    out = migrate(tmp_path, pack("add: low, default: true"), {"m.py": source}, "m.py")
    assert (out.text, out.changes) == (source, [])
    assert out.diagnostics == ["m.py:1: r: refused: the edits would change the file's statements; file left as it was"]


def test_a_wrong_edit_inside_one_statement_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        callspans.CallRule, "_insertion", lambda self, call, item: Edit(self.at.end(call) - 1, self.at.end(call) - 1, ", lw=True")
    )
    source = "x = 1\nM.from_pretrained('a')\n"
    out = migrate(tmp_path, pack("add: low, default: true"), {"m.py": source}, "m.py")
    assert (out.text, out.changes) == (source, [])
    assert out.diagnostics == ["m.py:2: r: refused: the edited code does not read back as the intended edit; file left as it was"]


def test_through_the_cli_a_repeated_keyword_exits_2_and_the_other_files_change(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(
        'name: t\nfiles: ["*.py"]\nrules:\n  - {id: r, rename: torch_dtype, to: dtype, calls: ["*.from_pretrained"]}\n'
    )
    (tmp_path / "bad.py").write_text("M.from_pretrained(torch_dtype=a, torch_dtype=b)\n")
    (tmp_path / "good.py").write_text("M.from_pretrained(torch_dtype=a)\n")
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        r = CliRunner().invoke(main, ["apply", "-r", "pack.yaml", "."])
    finally:
        os.chdir(old)
    assert r.exit_code == 2
    assert "bad.py:1: cannot parse: keyword argument repeated: torch_dtype; left as it was" in r.stderr
    assert (tmp_path / "bad.py").read_text() == "M.from_pretrained(torch_dtype=a, torch_dtype=b)\n"
    assert (tmp_path / "good.py").read_text() == "M.from_pretrained(dtype=a)\n"


def test_renaming_a_dict_key_onto_a_key_it_has_is_an_error_told_once(tmp_path: Path) -> None:
    source = (
        'def load(p):\n    a = b = {"torch_dtype": 1, "dtype": 2}\n    M.from_pretrained(p, **a)\n    M.from_pretrained(p, **b)\n'
    )
    out = migrate(tmp_path, pack("rename: torch_dtype, to: dtype"), {"m.py": source}, "m.py")
    assert (out.text, out.changes) == (source, [])
    assert out.diagnostics == ["m.py:2: r: cannot rename key torch_dtype to dtype: the dict already has dtype"]


BOUND = 'name: t\nfiles: ["**/*.py"]\nschema:\n  data: cfg.py::DataConfig\nrules:\n  - {id: ds, rename: data.dataset_name, to: dataset}\n'
CFG = "from dataclasses import dataclass\n\n\n@dataclass\nclass DataConfig:\n    dataset_name: str = 'owt'\n\n\nLIMIT = 1\n"


def test_a_class_rewrite_that_changes_other_code_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import libcst as cst

    from cfgmigrate.engines.python import classrules

    real = classrules._follow
    monkeypatch.setattr(classrules, "_follow", lambda *a: cst.parse_module(real(*a).code.replace("LIMIT = 1", "LIMIT = 2")))
    out = migrate(tmp_path, BOUND, {"cfg.py": CFG}, "cfg.py")
    assert (out.text, out.changes) == (CFG, [])
    assert out.diagnostics == ["cfg.py:9: ds: refused: the edit changed code it is not about; file left as it was"]


def test_a_class_rewrite_and_its_followed_rename_pass_the_guard(tmp_path: Path) -> None:
    user = "from cfg import DataConfig\n\nc = DataConfig(dataset_name='x')\nprint(c['dataset_name'], 'dataset_name' in c)\n"
    out = migrate(tmp_path, BOUND, {"cfg.py": CFG, "use.py": user}, "use.py")
    assert out.text == user.replace("dataset_name", "dataset")
    assert out.diagnostics == []


def test_the_engine_reads_no_file_itself_an_unprepared_schema_rule_is_an_error(tmp_path: Path) -> None:
    from cfgmigrate.engines.base import Context
    from cfgmigrate.engines.python import ENGINE
    from cfgmigrate.pack import load_pack_text

    (tmp_path / "cfg.py").write_text(CFG)
    rules_pack = load_pack_text(BOUND, "pack.yaml")
    result = ENGINE.migrate("cfg.py", CFG, rules_pack.rules, Context(str(tmp_path), rules_pack, None))
    assert (result.new_text, result.changes) == (CFG, ())
    assert [d.render() for d in result.diagnostics] == [
        "cfg.py: internal error: the Python engine was not prepared (prepare() builds the class index); left as it was"
    ]
    calls = load_pack_text(pack("rename: torch_dtype, to: dtype"), "pack.yaml")
    result = ENGINE.migrate("m.py", "M.from_pretrained(torch_dtype=1)\n", calls.rules, Context(str(tmp_path), calls, None))
    assert result.new_text == "M.from_pretrained(dtype=1)\n"


def test_only_regions_holding_the_keyword_are_walked_and_each_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cfgmigrate.engines.python import parsed

    walked: list[str] = []
    real_function, real_module = parsed._Walk.function, parsed._Walk.module_level
    monkeypatch.setattr(
        parsed._Walk, "function", lambda self, fn, outer: walked.append(fn.name) or real_function(self, fn, outer)
    )
    monkeypatch.setattr(parsed._Walk, "module_level", lambda self: walked.append("<module>") or real_module(self))
    source = """
    from transformers import AutoModel


    def unrelated():
        return AutoModel.from_pretrained("x")


    class Loader:
        def load(self, torch_dtype):
            return AutoModel.from_pretrained("x", torch_dtype=torch_dtype)


    def outer(AutoModel):
        def inner():
            return AutoModel.from_pretrained("x", torch_dtype=1)  # outer's parameter, not transformers'
        return inner
    """
    rules = (
        "name: t\nrules:\n"
        "  - {id: a, rename: torch_dtype, to: dtype, calls: ['transformers.AutoModel.from_pretrained']}\n"
        "  - {id: b, coerce: torch_dtype, to: str, calls: ['nothing.matches']}\n"
    )
    out = migrate(tmp_path, rules, {"m.py": source}, "m.py")
    assert out.text == dedent(source).replace('"x", torch_dtype=torch_dtype', '"x", dtype=torch_dtype')
    assert out.changes == ["11 a: renamed keyword torch_dtype to dtype"]
    # a parameter named torch_dtype puts the module level (defaults, decorators) in too; once per
    # version of the file (rule a changed it), however many rules run on a version
    assert walked == ["load", "outer", "<module>", "load", "outer", "<module>"]


def test_module_level_splats_and_calls_in_defaults_are_found(tmp_path: Path) -> None:
    source = """
    kw = {"torch_dtype": "auto"}


    def load(model=M.from_pretrained("x", torch_dtype="auto")):
        return model


    M.from_pretrained("y", **kw)
    """
    out = migrate(tmp_path, pack("rename: torch_dtype, to: dtype"), {"m.py": source}, "m.py")
    assert out.text == dedent(source).replace("torch_dtype", "dtype")
    assert out.changes == [
        "2 r: renamed key torch_dtype of a dict splatted into a matching call",
        "5 r: renamed keyword torch_dtype to dtype",
    ]


def test_a_comma_inside_a_comment_is_not_the_separator(tmp_path: Path) -> None:
    source = "M.from_pretrained(a, low=1  # c, d\n    , b=2)\n"
    out = migrate(tmp_path, pack("remove: low"), {"m.py": source}, "m.py")
    assert out.text == "M.from_pretrained(a,  # c, d\n    b=2)\n"
