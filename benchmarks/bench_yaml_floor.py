"""The YAML engine against its floor, in one process on texts already read (no discovery, no
writes): the engine's rename of a key, PyYAML's C loader reading the same texts, and a ruamel
round trip (load, rename in the data, dump) of the same texts.

    python benchmarks/bench_yaml_floor.py /work/repos/bench-yaml [--key gradient_accumulation_steps] [--rounds 5]

Each round times the three in turn (alternated), and each figure is the median of the rounds. It
also counts how often the engine composes a file (the goal: the text as read is composed once and
shared by the first rule and the equivalence check's data; a changed file once more, to check it).
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

from cfgmigrate.engines import config_ops, textdoc  # noqa: E402
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


def count_composes(texts: list[str], rule: Rename) -> int:
    calls = [0]
    real = textdoc.compose

    def counted(text: str, pure: bool = False) -> list[object]:
        calls[0] += 1
        return real(text, pure)  # type: ignore[return-value]

    config_ops.compose = counted  # type: ignore[assignment]
    engine_module = sys.modules["cfgmigrate.engines.config_engine"]
    engine_module.compose = counted  # type: ignore[attr-defined]
    try:
        engine_run(texts, rule)
    finally:
        config_ops.compose = real
        engine_module.compose = real  # type: ignore[attr-defined]
    return calls[0]


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
    runs = {
        "engine": lambda: engine_run(texts, rule),
        "pyyaml": lambda: pyyaml_load(texts),
        "ruamel": lambda: ruamel_round_trip(texts, args.key, args.to),
    }
    for _ in range(args.rounds):
        for name, run in runs.items():
            t0 = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) for k, v in times.items()}
    changed = engine_run(texts, rule)
    print(f"{len(texts)} files, key in {with_key}, engine changed {changed}; composes: {count_composes(texts, rule)}")
    for k, v in med.items():
        print(f"{k:8} median {v:.3f} s  (rounds: {', '.join(f'{x:.3f}' for x in times[k])})")
    print(
        f"engine / pyyaml C load: {med['engine'] / med['pyyaml']:.2f}x; ruamel round trip / engine: {med['ruamel'] / med['engine']:.2f}x"
    )


if __name__ == "__main__":
    main()
