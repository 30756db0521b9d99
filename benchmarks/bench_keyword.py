"""Keyword rename over a real Python tree: cfgmigrate against ast-grep (and, with --libcst, libcst's
codemod runner), the same rename, the same files, the same parallelism.

    python benchmarks/bench_keyword.py /work/repos/transformers-4.55.4 [-j 2] [--rounds 5] [--calls '*'] [--libcst]

The rule renames ``torch_dtype=`` to ``dtype=`` in every call matching ``--calls`` (default ``*``,
every call; ``*.from_pretrained`` narrows it). Both tools report without writing (cfgmigrate
``apply --dry-run --format json``, ``ast-grep scan --json``); the figures are medians of alternated
rounds, the ratio one median over the other. The keyword lines each tool would change must be the
same; cfgmigrate also renames the keys of dicts splatted into those calls, listed separately.
(ast-grep-cli is not a dependency of cfgmigrate: ``pip install ast-grep-cli``.)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import BIN, CFGMIGRATE, Contender, alternate, report

SG_RULE = """id: torch-dtype
language: python
rule:
  kind: identifier
  regex: ^torch_dtype$
  inside:
    kind: keyword_argument
    field: name
    inside:
      kind: argument_list
      inside:
        kind: call
{callee}fix: dtype
"""
CALLEE = "        has:\n          field: function\n          regex: {regex}\n"


def write_rules(scratch: Path, calls: str) -> tuple[Path, Path]:
    pack, rule = scratch / "pack.yaml", scratch / "rule.yml"
    pack.write_text(
        f"name: bench-kw\nfiles: ['**/*.py']\nrules:\n  - id: kw\n    rename: torch_dtype\n    to: dtype\n    calls: ['{calls}']\n"
    )
    regex = "" if calls == "*" else CALLEE.format(regex=re.escape(calls.split("*")[-1]) + "$")
    rule.write_text(SG_RULE.format(callee=regex))
    return pack, rule


def contenders(repo: Path, pack: Path, rule: Path, jobs: int) -> list[Contender]:
    ours = [
        CFGMIGRATE,
        "apply",
        "--dry-run",
        "--no-cache",
        "--format",
        "json",
        "-j",
        str(jobs),
        "--root",
        ".",
        "-r",
        str(pack),
        ".",
    ]
    theirs = [str(BIN / "ast-grep"), "scan", "-j", str(jobs), "-r", str(rule), "--json=stream", "."]
    return [
        Contender(f"cfgmigrate --dry-run -j{jobs}", lambda: ours, lambda: repo),
        Contender(f"ast-grep scan -j{jobs}", lambda: theirs, lambda: repo),
    ]


def cfgmigrate_lines(stdout: str) -> set[tuple[str, str]]:
    """(file, removed line) for every line cfgmigrate's diffs take out."""
    out = set()
    for f in json.loads(stdout)["files"]:
        out |= {
            (f["path"], line[1:].strip())
            for line in f["diff"].splitlines()
            if line.startswith("-") and not line.startswith("---")
        }
    return out


def ast_grep_lines(stdout: str) -> set[tuple[str, str]]:
    matches = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    return {(m["file"].removeprefix("./"), line.strip()) for m in matches for line in m["lines"].splitlines()}


def compare(ours: set[tuple[str, str]], theirs: set[tuple[str, str]]) -> None:
    keyword = {(f, line) for f, line in ours if re.search(r"\btorch_dtype\s*=", line)}
    print(
        f"  cfgmigrate: {len({f for f, _ in ours})} files, {len(ours)} lines ({len(keyword)} keyword lines); ast-grep: {len({f for f, _ in theirs})} files, {len(theirs)} lines"
    )
    if keyword == theirs:
        print("  same keyword lines in both")
    else:
        print(
            f"  keyword lines differ: only ast-grep {sorted(theirs - keyword)[:5]}; only cfgmigrate {sorted(keyword - theirs)[:5]}"
        )
    extra = sorted(ours - keyword)
    if extra:
        print(f"  cfgmigrate also renames {len(extra)} splatted-dict key line(s), e.g. {extra[:3]}")


def libcst_once(repo: Path, jobs: int) -> None:
    cmd = [
        sys.executable,
        "-m",
        "libcst.tool",
        "codemod",
        "-x",
        f"--jobs={jobs}",
        "--no-format",
        "--hide-progress",
        "torch_dtype_codemod.RenameTorchDtype",
        ".",
    ]
    start = time.perf_counter()
    subprocess.run(cmd, cwd=repo, capture_output=True, text=True, env=os.environ | {"PYTHONPATH": str(Path(__file__).parent)})
    print(f"  libcst.tool codemod -j{jobs} (once, *.from_pretrained only): {time.perf_counter() - start:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repo", type=Path)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", default="*")
    parser.add_argument("--libcst", action="store_true", help="also time libcst's codemod runner once (minutes)")
    args = parser.parse_args()
    repo = args.repo.resolve()
    with tempfile.TemporaryDirectory(prefix="bench-kw-") as tmp:
        pack, rule = write_rules(Path(tmp), args.calls)
        runs = contenders(repo, pack, rule, args.jobs)
        print(
            f"Keyword rename torch_dtype -> dtype in calls {args.calls!r} over {repo} ({sum(1 for _ in repo.rglob('*.py'))} .py files), {args.rounds} rounds"
        )
        alternate(runs, args.rounds)
        report(runs, [("cfgmigrate / ast-grep (goal <= 0.35)", runs[0].name, runs[1].name)])
        assert runs[0].last is not None and runs[1].last is not None
        compare(cfgmigrate_lines(runs[0].last.stdout), ast_grep_lines(runs[1].last.stdout))
        if args.libcst:
            libcst_once(repo, args.jobs)


if __name__ == "__main__":
    main()
