"""``rename_symbol`` in Python: what it refuses and what it leaves for a person."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyengine import dedent, migrate

from cfgmigrate.errors import PackError
from cfgmigrate.pack import load_pack_text

PACK = "name: t\nrules:\n  - {id: v2s, rename_symbol: transformers.AutoModelForVision2Seq, to: AutoModelForImageTextToText}\n"


def test_a_file_that_binds_the_new_name_is_an_error(tmp_path: Path) -> None:
    code = """
    from transformers import AutoModelForVision2Seq

    AutoModelForImageTextToText = None
    """
    out = migrate(tmp_path, PACK, {"m.py": code}, "m.py")
    assert out.text == dedent(code)
    assert out.diagnostics == [
        "m.py:4: v2s: cannot rename AutoModelForVision2Seq to AutoModelForImageTextToText: this file binds "
        "AutoModelForImageTextToText itself (line 4)"
    ]


def test_an_import_with_a_fallback_assignment_is_left_and_reported(tmp_path: Path) -> None:
    code = """
    try:
        from transformers import AutoModelForVision2Seq
    except ImportError:
        AutoModelForVision2Seq = None
    """
    out = migrate(tmp_path, PACK, {"m.py": code}, "m.py")
    assert (out.text, out.changes) == (dedent(code), [])
    assert out.diagnostics == [
        "m.py:5: v2s: warning: AutoModelForVision2Seq is imported from transformers and also assigned here; rename it by hand"
    ]


def test_a_move_reports_module_attribute_uses_and_renames_relative_imports(tmp_path: Path) -> None:
    pack = "name: t\nrules:\n  - {id: mv, rename_symbol: lib.old.Trainer, to: lib.new.Trainer}\n"
    code = """
    import lib.old
    from .old import Trainer

    t = lib.old.Trainer()
    """
    out = migrate(tmp_path, pack, {"lib/user.py": code}, "lib/user.py")
    assert out.text == dedent(code).replace("from .old import Trainer", "from lib.new import Trainer")
    assert out.changes == ["3 mv: moved import Trainer from lib.old to lib.new.Trainer"]
    assert out.diagnostics == [
        "lib/user.py:5: mv: warning: lib.old.Trainer: Trainer moved to lib.new.Trainer; import it from there by hand"
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "{id: r, rename_symbol: AutoModel, to: X}",
            "pack.yaml:3: r: rename_symbol is a qualified name, module and symbol (`transformers.AutoModelForVision2Seq`)",
        ),
        ("{id: r, rename_symbol: a.B}", "pack.yaml:3: r: rename_symbol needs `to`"),
        ("{id: r, rename_symbol: a.B, to: B}", "pack.yaml:3: r: `to` names the symbol itself"),
        ("{id: r, rename_symbol: a.B, to: 'x-y'}", "pack.yaml:3: r: `to` is a qualified name or a plain name"),
    ],
)
def test_bad_symbol_rules_do_not_load(rule: str, message: str) -> None:
    with pytest.raises(PackError) as e:
        load_pack_text(f"name: t\nrules:\n  - {rule}\n", "pack.yaml")
    assert [d.render() for d in e.value.diagnostics] == [message]
