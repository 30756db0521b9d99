"""Run a case folder (``pack.yaml``, ``before/``, ``after/``, optional ``expect.yaml``) through the CLI.

The checks are the conformance runner's: the --dry-run diff writes nothing and ``git apply`` of it
gives after/; apply gives after/ byte for byte with the expected exit code and stderr; a second
``--check`` run exits 0. A folder without after/ must fail (exit 2) and change nothing.
Set CFGMIGRATE_UPDATE_CASES=1 to rewrite after/ from the output, for review in git.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from cfgmigrate.cli import main
from cfgmigrate.edits import apply_edits
from cfgmigrate.types import Edit


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def load_expect(case: Path) -> dict:
    from ruamel.yaml import YAML

    f = case / "expect.yaml"
    return dict(YAML(typ="safe").load(f.read_text())) if f.exists() else {}


def invoke(args: list[str], cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def with_sarif_fixes(files: dict[str, bytes], log: dict) -> dict[str, bytes]:
    """The files with every fix of a SARIF log applied once (each fix's offsets are into the file as read)."""
    edits: dict[str, list[Edit]] = {}
    for result in log["runs"][0]["results"]:
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                edits.setdefault(change["artifactLocation"]["uri"], []).extend(
                    Edit(
                        r["deletedRegion"]["charOffset"],
                        r["deletedRegion"]["charOffset"] + r["deletedRegion"]["charLength"],
                        r["insertedContent"]["text"],
                    )
                    for r in change["replacements"]
                )
    fixed = {name: apply_edits(files[name].decode("utf-8"), mine).encode("utf-8") for name, mine in edits.items()}
    return files | fixed


def check_case(case: Path, tmp: Path, extra_args: tuple[str, ...] = ()) -> None:
    expect = load_expect(case)
    updating = bool(os.environ.get("CFGMIGRATE_UPDATE_CASES"))
    want_exit = expect.get("exit", 0 if (case / "after").exists() or updating else 2)
    before = tree(case / "before")
    want = tree(case / "after") if (case / "after").exists() else before
    pack = ["-r", str(case / "pack.yaml")] if (case / "pack.yaml").exists() else []
    work = tmp / "w"
    shutil.copytree(case / "before", work)
    args = ["apply", *pack, *extra_args, "."]
    r = invoke(["apply", "--dry-run", *args[1:]], work)
    assert tree(work) == before, "--dry-run wrote files"
    if want_exit == 0 and want != before and not updating:
        assert r.exit_code == 0, r.stderr
        g = subprocess.run(
            ["git", "apply", "--unidiff-zero", "-p1", "-"], cwd=work, input=r.stdout_bytes, capture_output=True
        )  # bytes: click's Result.stdout turns a CRLF file's "\r\n" lines into "\n"
        assert g.returncode == 0, g.stderr.decode()
        assert tree(work) == want, "the --dry-run diff, applied, differs from after/"
        shutil.rmtree(work)
        shutil.copytree(case / "before", work)
        r = invoke(["apply", "--dry-run", "--format", "sarif", *args[1:]], work)
        assert with_sarif_fixes(before, json.loads(r.stdout)) == want, "every SARIF fix, applied once, differs from after/"
        shutil.rmtree(work)
        shutil.copytree(case / "before", work)
    r = invoke(args, work)
    if updating and want_exit == 0:
        shutil.rmtree(case / "after", ignore_errors=True)
        shutil.copytree(work, case / "after")
        return
    assert r.exit_code == want_exit, f"exit {r.exit_code}, expected {want_exit}\n{r.stderr}"
    for s in expect.get("stderr_contains", []):
        assert s in r.stderr, f"stderr lacks {s!r}:\n{r.stderr}"
    if "stderr" in expect:
        assert r.stderr == expect["stderr"], r.stderr
    got = tree(work)
    for name in sorted(set(got) | set(want)):
        assert got.get(name) == want.get(name), (
            f"{name}: {'noisy' if before.get(name) == want.get(name) else 'missing'} change\nexpected {want.get(name)!r}\ngot      {got.get(name)!r}"
        )
    if want_exit == 0:
        r = invoke(["apply", "--check", *args[1:]], work)
        assert r.exit_code == 0, f"second run is not a no-op:\n{r.stdout}"
