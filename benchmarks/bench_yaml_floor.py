"""The YAML engine against its floor, in one process on texts already read (no discovery, no
writes): the engine's rename of a key, PyYAML's C loader reading the same texts, and a ruamel
round trip (load, rename in the data, dump) of the same texts.

    python benchmarks/bench_yaml_floor.py /work/repos/bench-yaml [--key gradient_accumulation_steps] [--rounds 5]

Each round times the three in turn (alternated), and each figure is the median of the rounds. It
also counts how often the engine composes a file, through a hook on the C composer (the text as
read is composed once and shared by the rules and the equivalence check's data; a changed file once
more, for the check). Wall and CPU time are both printed; on a shared machine trust CPU.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import yaml
from ruamel.yaml import YAML

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cfgmigrate.engines import fastcompose, textdoc  # noqa: E402
from cfgmigrate.engines.yaml_engine import ENGINE  # noqa: E402
from cfgmigrate.keypath import KeyPath  # noqa: E402
from cfgmigrate.rules import Rename  # noqa: E402


def engine_run(texts: list[str], rule: Rename) -> int:
    return sum(ENGINE.migrate("f.yaml", t, (rule,)).new_text != t for t in texts)


def pyyaml_load(texts: list[str]) -> int:
    return sum(len(list(yaml.load_all(t, Loader=yaml.CSafeLoader))) for t in texts)


def ruamel_round_trip(texts: list[str], key: str, to: str) -> int:
    y, changed = YAML(), 0
    for t in texts:
        docs = list(y.load_all(t))
        for d in docs:
            if isinstance(d, dict) and key in d:
                d.insert(list(d).index(key), to, d.pop(key))
        out = io.StringIO()
        y.dump_all(docs, out)
        changed += out.getvalue() != t
    return changed


def count_composes(texts: list[str], rule: Rename) -> tuple[int, int]:
    """C composes during one engine run over the texts (through a hook on the composer), and the
    most for one text."""
    calls: list[int] = [0]
    per_text: list[int] = []
    real = fastcompose.compose_all

    def counted(text: str) -> list[object]:
        calls[0] += 1
        return real(text)  # type: ignore[return-value]

    fastcompose.compose_all = counted  # type: ignore[assignment]
    textdoc._LAST[:] = [None, []]
    try:
        for t in texts:
            before = calls[0]
            ENGINE.migrate("f.yaml", t, (rule,))
            per_text.append(calls[0] - before)
    finally:
        fastcompose.compose_all = real  # type: ignore[assignment]
    return calls[0], max(per_text, default=0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--key", default="gradient_accumulation_steps")
    ap.add_argument("--to", default="grad_accum_steps")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    texts = []
    for p in sorted(args.folder.rglob("*.y*ml")):
        text = p.read_text(encoding="utf-8", errors="replace")
        try:
            list(yaml.load_all(text, Loader=yaml.CSafeLoader))
            YAML().load_all(text)
        except Exception:  # noqa: BLE001 - only files every contender reads
            continue
        texts.append(text)
    rule = Rename(id="r", path=KeyPath.parse("**." + args.key), target=KeyPath.parse(args.to))
    with_key = sum(args.key in t for t in texts)
    times: dict[str, list[float]] = {"engine": [], "pyyaml": [], "ruamel": []}
    cpu: dict[str, list[float]] = {"engine": [], "pyyaml": [], "ruamel": []}
    runs = {
        "engine": lambda: engine_run(texts, rule),
        "pyyaml": lambda: pyyaml_load(texts),
        "ruamel": lambda: ruamel_round_trip(texts, args.key, args.to),
    }
    for _ in range(args.rounds):
        for name, run in runs.items():
            t0, c0 = time.perf_counter(), time.process_time()
            run()
            times[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
    med = {k: statistics.median(v) for k, v in times.items()}
    cmed = {k: statistics.median(v) for k, v in cpu.items()}
    changed = engine_run(texts, rule)
    composes, most = count_composes(texts, rule)
    print(f"{len(texts)} files, key in {with_key}, engine changed {changed}; C composes: {composes} (at most {most} for a file)")
    for k, v in med.items():
        print(
            f"{k:8} wall median {v:.3f} s  CPU median {cmed[k]:.3f} s  (wall rounds: {', '.join(f'{x:.3f}' for x in times[k])})"
        )
    for label, m in (("wall", med), ("CPU", cmed)):
        print(
            f"{label}: engine / pyyaml C load {m['engine'] / m['pyyaml']:.2f}x (goal <= 3); "
            f"ruamel round trip / engine {m['ruamel'] / m['engine']:.2f}x (goal >= 8)"
        )


if __name__ == "__main__":
    main()
