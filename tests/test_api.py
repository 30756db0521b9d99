"""The library has one entry point per command, and the CLI only renders what they return: each
command's output is the library's result rendered, and nothing below cfgmigrate/cli/ exits."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from casefolders import invoke
from cfgmigrate import api
from cfgmigrate.audit.report import audit_json, compare_json
from cfgmigrate.errors import CfgmigrateError, SettingsError
from cfgmigrate.types import ExitCode
from cfgmigrate.verify.report import as_json

PACKAGE = Path(__file__).parents[1] / "cfgmigrate"
AUDIT_SEED = Path(__file__).parent / "audit" / "fixtures" / "seed001"
COMPARE_SEED = Path(__file__).parent / "audit" / "fixtures" / "seed000"
VERIFY_PROJECT = Path(__file__).parent / "verify" / "fixtures" / "project"
RENAME = "name: p\nrules:\n  - {id: lr, rename: train.lr, to: learning_rate}\n"


def test_check_lists_the_pending_files_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(RENAME)
    (tmp_path / "a.yaml").write_text("train:\n  lr: 1\n")
    (tmp_path / "b.yaml").write_text("train:\n  learning_rate: 1\n")
    settings = api.Settings(paths=(tmp_path,), packs=api.load_packs([tmp_path / "pack.yaml"]), root=tmp_path)
    checked = api.check(settings)
    assert (checked.pending, checked.exit_code) == (("a.yaml",), ExitCode.PENDING)
    assert (tmp_path / "a.yaml").read_text() == "train:\n  lr: 1\n"
    written = api.write(api.plan(settings))
    assert (tmp_path / "a.yaml").read_text() == "train:\n  learning_rate: 1\n"
    assert (written.exit_code(), api.check(settings).pending) == (ExitCode.CLEAN, ())


def test_load_packs_raises_one_error_with_every_problem_of_every_pack(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text("name: one\nrules:\n  - {id: a, rename: x}\n")
    (tmp_path / "two.yaml").write_text("name: two\nrules:\n  - {id: b, remove: y, too: z}\n")
    with pytest.raises(CfgmigrateError) as e:
        api.load_packs([tmp_path / "one.yaml", tmp_path / "two.yaml"], ["no-such-pack"])
    assert [d.path for d in e.value.diagnostics] == ["no-such-pack", str(tmp_path / "one.yaml"), str(tmp_path / "two.yaml")]
    assert [d.line for d in e.value.diagnostics] == [0, 3, 3]


def test_reversing_a_lossy_pack_is_the_same_kind_of_error(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("name: p\nrules:\n  - {id: c, coerce: train.lr, to: float}\n")
    with pytest.raises(CfgmigrateError) as e:
        api.load_packs([tmp_path / "p.yaml"], reverse=True)
    [d] = e.value.diagnostics
    assert (d.path, d.line, d.rule) == (str(tmp_path / "p.yaml"), 3, "c")


def test_audit_is_the_library_result_rendered() -> None:
    audited = api.audit(api.AuditSettings(paths=(AUDIT_SEED,), root=AUDIT_SEED))
    r = invoke(["audit", "--root", ".", "--format", "json", "."], AUDIT_SEED)
    assert r.stdout == audit_json(audited.result.findings, audited.result.links)
    assert r.exit_code == audited.exit_code == ExitCode.PENDING


def test_compare_is_the_library_result_rendered() -> None:
    compared = api.compare(api.CompareSettings("provider.py::LlamaProvider", "dump.yaml", COMPARE_SEED))
    r = invoke(["compare", "--root", ".", "--format", "json", "provider.py::LlamaProvider", "dump.yaml"], COMPARE_SEED)
    assert r.stdout == compare_json(compared.diff)
    assert r.exit_code == compared.exit_code == ExitCode.PENDING
    with pytest.raises(CfgmigrateError) as e:
        api.compare(api.CompareSettings("provider.py::NoSuchClass", "dump.yaml", COMPARE_SEED))
    assert str(e.value) == invoke(["compare", "provider.py::NoSuchClass", "dump.yaml"], COMPARE_SEED).stderr.rstrip("\n")


def test_verify_is_the_library_result_rendered() -> None:
    config, ref = "configs/drifted.yaml", "pkg/data_configs.py::DataConfig"
    settings = api.VerifySettings(root=VERIFY_PROJECT, configs=(VERIFY_PROJECT / config,), classes=(ref,), sections=("data",))
    verified = api.verify(settings)
    args = ["verify", "--root", ".", "--format", "json", "--config", config, "--class", ref, "--section", "data"]
    r = invoke(args, VERIFY_PROJECT)
    assert _untimed(r.stdout) == _untimed(as_json(list(verified.items)))
    assert r.exit_code == verified.exit_code == ExitCode.PENDING


def _untimed(report: str) -> dict:
    data = json.loads(report)
    for item in data["items"]:
        item.pop("seconds")
    return data


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            api.VerifySettings(),
            "nothing to verify: give --config/--class, --loader, --model, --weights, or a pack with `verify:`",
        ),
        (api.VerifySettings(configs=(Path("c.yaml"),)), "give one --class for every --config"),
        (api.VerifySettings(configs=(Path("c.yaml"),), classes=("C",)), "--class 'C': write it as FILE.py::Class"),
    ],
)
def test_verify_settings_it_cannot_run_are_a_settings_error(settings: api.VerifySettings, message: str) -> None:
    with pytest.raises(SettingsError) as e:
        api.verify(settings)
    assert (e.value.message, str(e.value)) == (message, message)


def test_nothing_below_the_cli_exits_or_uses_click() -> None:
    """sys.exit, SystemExit, exit() and click belong to cfgmigrate/cli/ alone."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "cli" in path.relative_to(PACKAGE).parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = ast.unparse(node.func) if isinstance(node, ast.Call) else ""
            raised = ast.unparse(node.exc) if isinstance(node, ast.Raise) and node.exc is not None else ""
            imported = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            module = node.module or "" if isinstance(node, ast.ImportFrom) else ""
            if name in ("sys.exit", "exit", "quit", "os._exit") or raised.startswith("SystemExit"):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {name or raised}")
            if "click" in imported or module.split(".")[0] == "click":
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: imports click")
    assert found == []


def test_the_cli_exits_with_exit_codes_never_bare_numbers() -> None:
    found = []
    for path in sorted((PACKAGE / "cli").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            bare = isinstance(node, ast.Call) and any(isinstance(a, ast.Constant) for a in node.args)
            if bare and ast.unparse(node.func) == "sys.exit":  # type: ignore[attr-defined]
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    assert found == []


def test_every_error_that_carries_diagnostics_is_a_cfgmigrate_error() -> None:
    from cfgmigrate.errors import MissingExtra, PackError, ReverseError
    from cfgmigrate.project import ConfigError
    from cfgmigrate.versions.run import TargetError

    assert all(
        issubclass(e, CfgmigrateError) for e in (PackError, ReverseError, SettingsError, MissingExtra, ConfigError, TargetError)
    )
