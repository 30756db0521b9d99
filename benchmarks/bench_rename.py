"""Keyword and YAML key renames over a real repository, side by side with libcst's codemod runner,
ast-grep, and a ruamel.yaml round trip. Run by hand; numbers go in the closing notes.

    python benchmarks/bench_rename.py python /path/to/transformers-4.55.4 [-j 2] [--skip-libcst]
    python benchmarks/bench_rename.py yaml   /path/to/folder-with-yaml-configs --key KEY --to NEW

Reports wall time, files parsed, files changed, and whether the tools changed the same lines.
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

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
KW_PACK = "name: bench-kw\nfiles: ['**/*.py']\nrules:\n  - id: torch-dtype\n    rename: torch_dtype\n    to: dtype\n    calls: ['*.from_pretrained']\n"
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
        has:
          field: function
          regex: from_pretrained$
fix: dtype
"""


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    return time.perf_counter() - start, out


def changed_lines(diff: str, repo: Path | None = None) -> set[tuple[str, str]]:
    """(repo-relative file, removed line text) for every '-' line of a unified diff."""
    out, path = set(), ""
    for line in diff.splitlines():
        if line.startswith("--- "):
            path = re.sub(r"^(a/)?", "", line[4:].split("\t")[0].strip())
            if repo is not None and path.startswith(str(repo)):
                path = path[len(str(repo)) + 1 :]
        elif line.startswith("-") and not line.startswith("---"):
            out.add((path.lstrip("./"), line[1:].strip()))
    return out


def bench_python(repo: Path, jobs: int, skip_libcst: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "pack.yaml"
        pack.write_text(KW_PACK)
        rule = Path(tmp) / "rule.yml"
        rule.write_text(SG_RULE)
        secs, out = timed(
            [
                str(BIN / "cfgmigrate"),
                "apply",
                "--dry-run",
                "--no-cache",
                "-j",
                str(jobs),
                "--root",
                ".",
                "-r",
                str(pack),
                "--format",
                "json",
                ".",
            ],
            repo,
        )
        data = json.loads(out.stdout)
        ours = changed_lines("".join(f["diff"] for f in data["files"]))
        s = data["summary"]
        print(
            f"cfgmigrate --dry-run -j {jobs}: {secs:.2f} s, {s['files_scanned']} files scanned, {s['files_parsed']} parsed, {s['files_changed']} changed, {len(ours)} lines"
        )
        secs, out = timed([str(BIN / "ast-grep"), "scan", "-r", str(rule), "--json=stream", "."], repo)
        sg = {
            (json.loads(line)["file"].lstrip("./"), json.loads(line)["lines"].strip())
            for line in out.stdout.splitlines()
            if line.strip()
        }
        print(f"ast-grep scan: {secs:.2f} s, {len({f for f, _ in sg})} files matched, {len(sg)} lines; {_compare(ours, sg)}")
        if skip_libcst:
            return
        secs, out = timed(
            [
                sys.executable,
                "-m",
                "libcst.tool",
                "codemod",
                "-x",
                f"--jobs={jobs}",
                "--unified-diff=1",
                "--no-format",
                "--hide-progress",
                "torch_dtype_codemod.RenameTorchDtype",
                ".",
            ],
            repo,
            {"PYTHONPATH": str(HERE)},
        )
        theirs = changed_lines(out.stdout, repo)
        print(
            f"libcst.tool codemod -j {jobs}: {secs:.2f} s, {len({f for f, _ in theirs})} files changed, {len(theirs)} lines; {_compare(ours, theirs)}"
        )


def _compare(ours: set[tuple[str, str]], theirs: set[tuple[str, str]]) -> str:
    """Keyword lines must agree; cfgmigrate also renames keys of dicts splatted into the calls."""
    keyword = {(f, line) for f, line in ours if re.search(r"\btorch_dtype\s*=", line)}
    extra = sorted(ours - theirs)
    verdict = (
        "same keyword lines as cfgmigrate"
        if keyword == theirs
        else f"keyword lines differ: only theirs {sorted(theirs - keyword)[:5]}, only ours {sorted(keyword - theirs)[:5]}"
    )
    return verdict + (f"; cfgmigrate also renamed {len(extra)} splatted-dict key line(s)" if extra else "")


ROUNDTRIP = """import io, sys
from pathlib import Path
from ruamel.yaml import YAML
y = YAML()
same = 0
files = [p for p in Path(sys.argv[1]).rglob('*.y*ml')]
for p in files:
    text = p.read_text()
    try:
        data = y.load(text)
    except Exception:
        continue
    out = io.StringIO(); y.dump(data, out)
    same += out.getvalue() == text
print(len(files), same)
"""


def bench_yaml(folder: Path, key: str, to: str, jobs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "pack.yaml"
        pack.write_text(
            f"name: bench-yaml\nfiles: ['**/*.yaml', '**/*.yml']\nrules:\n  - id: key\n    rename: '**.{key}'\n    to: {to}\n"
        )
        secs, out = timed(
            [
                str(BIN / "cfgmigrate"),
                "apply",
                "--dry-run",
                "--no-cache",
                "-j",
                str(jobs),
                "--root",
                ".",
                "-r",
                str(pack),
                "--format",
                "json",
                ".",
            ],
            folder,
        )
        data = json.loads(out.stdout)
        s = data["summary"]
        untouched_ok = all(_only_key_lines(f["diff"], key, to) for f in data["files"])
        print(
            f"cfgmigrate --dry-run: {secs:.2f} s, {s['files_scanned']} scanned, {s['files_parsed']} parsed, {s['files_changed']} changed; only renamed lines differ: {untouched_ok}"
        )
        secs, out = timed([sys.executable, "-c", ROUNDTRIP, "."], folder)
        total, same = out.stdout.split()
        print(f"ruamel.yaml load+dump of every file: {secs:.2f} s; {same} of {total} files come back byte for byte")


def _only_key_lines(diff: str, key: str, to: str) -> bool:
    minus = [x[1:] for x in diff.splitlines() if x.startswith("-") and not x.startswith("---")]
    plus = [x[1:] for x in diff.splitlines() if x.startswith("+") and not x.startswith("+++")]
    return len(minus) == len(plus) and all(m.replace(key, to, 1) == p for m, p in zip(minus, plus, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["python", "yaml"])
    parser.add_argument("repo", type=Path)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--skip-libcst", action="store_true")
    parser.add_argument("--key", default="torch_dtype")
    parser.add_argument("--to", default="dtype")
    args = parser.parse_args()
    if args.kind == "python":
        bench_python(args.repo.resolve(), args.jobs, args.skip_libcst)
    else:
        bench_yaml(args.repo.resolve(), args.key, args.to, args.jobs)


if __name__ == "__main__":
    main()
