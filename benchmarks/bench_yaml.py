"""YAML key rename over a folder of real configs: cfgmigrate against PyYAML's C loader (the floor:
reading the same files, nothing else) and a ruamel.yaml round trip that makes the same rename.

    python benchmarks/bench_yaml.py /work/repos/bench-yaml [--key output_dir --to save_dir] [-j 1] [--rounds 5] [--scratch DIR]

Contenders, alternated per round (median of the rounds; ratios are of medians):
  cfgmigrate apply      writes the renamed files (on a fresh copy of the folder, made untimed)
  cfgmigrate --check    the same run without writing
  pyyaml C load         yaml.load_all(..., Loader=CSafeLoader) over every file
  ruamel round trip     load, rename the key in the data, dump and write (on a fresh copy)
  no files              cfgmigrate apply with the same pack on an empty folder (its fixed cost),
                        and ``python -c "import yaml"`` (the floor's): for the per-file ratio
Then the results are checked: every file cfgmigrate wrote must load (PyYAML) to the original data
with the key renamed, differ from the original only on the renamed lines, and agree with ruamel's.

``--baseline DIR`` also times the same three cfgmigrate runs with the package imported from DIR (a
``git archive REV cfgmigrate | tar -x -C DIR`` of an earlier revision), alternated with the others,
and checks that both wrote byte-identical trees: before/after figures from one run on one machine
state. Each fresh copy is synced before its timed run (``benchlib.fresh_copy``).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from benchlib import CFGMIGRATE, Contender, alternate, fresh_copy, report

PYYAML_LOAD = """import sys, yaml
from pathlib import Path
ok = bad = 0
for p in sorted(Path(sys.argv[1]).rglob('*.y*ml')):
    try:
        list(yaml.load_all(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)); ok += 1
    except yaml.YAMLError:
        bad += 1
print(ok, bad)
"""
RUAMEL_RENAME = """import io, re, sys
from pathlib import Path
from ruamel.yaml import YAML
key, to = sys.argv[2], sys.argv[3]
y = YAML()
word = re.compile(r'(?<![\\w])' + re.escape(key) + r'(?![\\w])')
def follow(text):
    return re.sub(r'\\$\\{[^}]*\\}', lambda m: word.sub(to, m.group(0)), text)
def rename(node):
    hit = False
    if isinstance(node, dict):
        for k, v in list(node.items()):
            if isinstance(v, str) and '${' in v and follow(v) != v:
                node[k] = type(v)(follow(v)) if type(v) is not str else follow(v); hit = True
        if key in node and to not in node:
            pos = list(node).index(key); node.insert(pos, to, node.pop(key)); hit = True
        for v in node.values(): hit |= rename(v)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            if isinstance(v, str) and '${' in v and follow(v) != v:
                node[i] = follow(v); hit = True
            hit |= rename(v)
    return hit
for p in sorted(Path(sys.argv[1]).rglob('*.y*ml')):
    try:
        docs = list(y.load_all(p.read_text(encoding='utf-8')))
    except Exception:
        continue
    if any([rename(d) for d in docs]):
        out = io.StringIO(); y.dump_all(docs, out); p.write_text(out.getvalue(), encoding='utf-8')
"""


def baseline(folder: Path, scratch: Path, jobs: int, code: Path) -> list[Contender]:
    """The three cfgmigrate runs with the package imported from ``code`` (an earlier revision)."""
    env = ["env", f"PYTHONPATH={code}"]
    ours, empty = scratch / "baseline", scratch / "empty"
    apply = [*env, CFGMIGRATE, "apply", "--no-cache", "-j", str(jobs), "--root", ".", "-r", str(scratch / "pack.yaml"), "."]
    return [
        Contender(f"baseline apply -j{jobs}", lambda: apply, lambda: ours, fresh_copy(folder, ours)),
        Contender(f"baseline --check -j{jobs}", lambda: [*apply[:4], "--check", *apply[4:]], lambda: folder),
        Contender("baseline, no files", lambda: apply, lambda: empty),
    ]


def contenders(folder: Path, scratch: Path, key: str, to: str, jobs: int) -> list[Contender]:
    pack = scratch / "pack.yaml"
    pack.write_text(
        f"name: bench-yaml\nfiles: ['**/*.yaml', '**/*.yml']\nrules:\n  - id: key\n    rename: '**.{key}'\n    to: {to}\n"
    )
    ours, theirs, empty = scratch / "cfgmigrate", scratch / "ruamel", scratch / "empty"
    empty.mkdir()
    apply = [CFGMIGRATE, "apply", "--no-cache", "-j", str(jobs), "--root", ".", "-r", str(pack), "."]
    return [
        Contender(f"cfgmigrate apply -j{jobs}", lambda: apply, lambda: ours, fresh_copy(folder, ours)),
        Contender(f"cfgmigrate --check -j{jobs}", lambda: [*apply[:2], "--check", *apply[2:]], lambda: folder),
        Contender("pyyaml C load", lambda: [sys.executable, "-c", PYYAML_LOAD, "."], lambda: folder),
        Contender(
            "ruamel round trip + rename",
            lambda: [sys.executable, "-c", RUAMEL_RENAME, ".", key, to],
            lambda: theirs,
            fresh_copy(folder, theirs),
        ),
        Contender("cfgmigrate, no files", lambda: apply, lambda: empty),
        Contender("python + import yaml", lambda: [sys.executable, "-c", "import yaml"], lambda: empty),
    ]


def rename(node: Any, key: str, to: str) -> Any:
    """The intended result on plain data: ``key`` renamed at any depth (not where ``to`` exists),
    and OmegaConf interpolations that name it (``${key}``, ``${a.key}``) following it."""
    if isinstance(node, str):
        word = re.compile(r"(?<![\w])" + re.escape(key) + r"(?![\w])")
        return re.sub(r"\$\{[^}]*\}", lambda m: word.sub(to, m.group(0)), node)
    if isinstance(node, dict):
        pairs = [(to if k == key and to not in node else k, rename(v, key, to)) for k, v in node.items()]
        return dict(pairs)
    if isinstance(node, list):
        return [rename(v, key, to) for v in node]
    return node


def load(path: Path) -> list[Any] | None:
    try:
        return list(yaml.load_all(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
    except yaml.YAMLError:
        return None


def only_key_lines(old: str, new: str, key: str, to: str) -> bool:
    a, b = old.splitlines(), new.splitlines()
    return len(a) == len(b) and all(x == y or x.replace(key, to) == y for x, y in zip(a, b, strict=True))


def check(folder: Path, scratch: Path, key: str, to: str) -> None:
    files = sorted(p.relative_to(folder) for p in folder.rglob("*.y*ml"))
    right = wrong = unreadable = changed = layout_kept = agree = 0
    for rel in files:
        before = load(folder / rel)
        if before is None:
            unreadable += 1
            continue
        expected = [rename(d, key, to) for d in before]
        ours, theirs = load(scratch / "cfgmigrate" / rel), load(scratch / "ruamel" / rel)
        right, wrong = right + (ours == expected), wrong + (ours != expected)
        agree += ours == theirs
        old, new = (folder / rel).read_text(encoding="utf-8"), (scratch / "cfgmigrate" / rel).read_text(encoding="utf-8")
        changed += old != new
        layout_kept += only_key_lines(old, new, key, to)
    print(f"  {len(files)} files, {unreadable} that PyYAML cannot read (left out of the check); cfgmigrate changed {changed}")
    print(f"  cfgmigrate's data = the intended rename: {right} right, {wrong} wrong; same data as ruamel's: {agree}")
    print(f"  cfgmigrate changed nothing but the renamed lines in {layout_kept} of {len(files) - unreadable} files")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--key", default="output_dir")
    parser.add_argument("--to", default="save_dir")
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="also time cfgmigrate imported from this folder (an earlier revision)")
    parser.add_argument(
        "--scratch",
        type=Path,
        help="where the written copies live (default: the system temp folder; benchlib.fresh_copy says why it matters)",
    )
    args = parser.parse_args()
    folder = args.folder.resolve()
    with tempfile.TemporaryDirectory(prefix="bench-yaml-", dir=args.scratch) as tmp:
        runs = contenders(folder, Path(tmp), args.key, args.to, args.jobs)
        before = baseline(folder, Path(tmp), args.jobs, args.baseline.resolve()) if args.baseline else []
        with_key = sum(args.key + ":" in p.read_text(encoding="utf-8") for p in folder.rglob("*.y*ml"))
        print(f"YAML rename {args.key} -> {args.to} over {folder} ({with_key} files mention it), {args.rounds} rounds")
        alternate(runs + before, args.rounds)
        a, c, floor, rt, fixed, python = runs
        ratios = [
            ("apply / pyyaml C load (goal <= 3)", a.name, floor.name),
            ("ruamel round trip / apply (goal >= 8)", rt.name, a.name),
            ("--check / pyyaml C load", c.name, floor.name),
            ("ruamel round trip / --check", rt.name, c.name),
        ]
        if before:
            ratios += [
                ("baseline apply / pyyaml C load", before[0].name, floor.name),
                ("ruamel round trip / baseline apply", rt.name, before[0].name),
                ("baseline apply / apply", before[0].name, a.name),
                ("baseline, no files / no files", before[2].name, fixed.name),
            ]
        report(runs + before, ratios)
        if before:
            same = all(
                (Path(tmp) / "cfgmigrate" / rel).read_bytes() == (Path(tmp) / "baseline" / rel).read_bytes()
                for rel in (p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
            )
            print(f"  baseline and cfgmigrate wrote byte-identical trees: {same}")
        per_file = (a.cpu_median - fixed.cpu_median) / max(floor.cpu_median - python.cpu_median, 1e-9)
        print(
            f"  fixed cost of a cfgmigrate run (start-up, pack, no files): CPU {fixed.cpu_median:.3f} s; "
            f"without it and Python's own start-up, apply / pyyaml C load: CPU {per_file:.2f}"
        )
        check(folder, Path(tmp), args.key, args.to)


if __name__ == "__main__":
    main()
