"""Peak memory of a run over a generated 20,000-file tree with ``-j 2``, and ``-j 1`` / ``-j 2``
output identity.

    python benchmarks/bench_memory.py [--files 20000] [--rounds 3] [--keep DIR]

The tree (a git repository) holds YAML configs, Python loaders and JSON model configs; a third of
them carry the old names. Each run is ``/usr/bin/time -v cfgmigrate apply ...``, alternating -j1
and -j2, as a dry run (``--format json``, everything held for the report) and as a writing run (on
a fresh copy). Reported: wall and CPU time (user + system, workers included), the ``Maximum
resident set size`` that time -v prints (the largest single process: the parent or one worker), and
the sum over the process tree, sampled from /proc every 20 ms (parent and workers together; the goal: under 500 MB). Outputs of -j1 and -j2 must be
byte-identical: the JSON reports, and the trees the writing runs leave.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from benchlib import CFGMIGRATE, run_env

PACK = """name: bench-mem
files: ['**/*.yaml', '**/*.json', '**/*.py']
rules:
  - id: dtype
    rename: '**.torch_dtype'
    to: dtype
  - id: kw
    rename: torch_dtype
    to: dtype
    calls: ['*.from_pretrained']
  - id: flash
    map: '**.use_flash_attention_2'
    to: attn_implementation
    values: {true: flash_attention_2, false: eager}
"""


def yaml_config(i: int) -> str:
    old = i % 3 == 0
    lines = [
        f"# experiment {i}",
        "model:",
        f"  name: model-{i % 97}",
        f"  {'torch_dtype' if old else 'dtype'}: bf16  # precision",
    ]
    lines += [f"  {'use_flash_attention_2: true' if old else 'attn_implementation: sdpa'}", f"  layers: {i % 48 + 1}"]
    lines += [
        "training:",
        f"  lr: {1 + i % 9}.0e-4",
        "  schedule:",
        *(f"    - {{step: {s * 100}, factor: 0.{s}}}" for s in range(1, 9)),
    ]
    lines += ["data:", *(f"  source_{k}: /data/shard-{i}-{k}.jsonl" for k in range(12))]
    return "\n".join(lines) + "\n"


def python_loader(i: int) -> str:
    kw = "torch_dtype" if i % 3 == 0 else "dtype"
    body = "".join(f"\n\ndef helper_{k}(x):\n    return x * {k}\n" for k in range(20))
    return (
        f"from transformers import AutoModel\n\n\ndef load():\n    return AutoModel.from_pretrained('m-{i}', {kw}='auto')\n{body}"
    )


def json_config(i: int) -> str:
    kw = "torch_dtype" if i % 3 == 0 else "dtype"
    return (
        "{\n"
        + f'  "architectures": ["LlamaForCausalLM"],\n  "hidden_size": {64 * (i % 32 + 1)},\n  "{kw}": "bfloat16",\n  "vocab_size": 32000\n'
        + "}\n"
    )


def generate(root: Path, files: int) -> None:
    root.mkdir(parents=True)
    (root / "pack.yaml").write_text(PACK)
    for i in range(files):
        folder = root / f"team{i % 20}" / f"project{i % 400 // 20}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = i % 10
        if kind < 7:
            (folder / f"config_{i}.yaml").write_text(yaml_config(i))
        elif kind < 9:
            (folder / f"load_{i}.py").write_text(python_loader(i))
        else:
            (folder / f"config_{i}.json").write_text(json_config(i))
    for args in (
        ["init", "-q"],
        ["add", "."],
        ["-c", "gc.auto=0", "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "tree"],
    ):
        subprocess.run(["git", *args], cwd=root, check=True)


def tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(status.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            total += int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{p}/status").read_text()).group(1))  # type: ignore[union-attr]
        except (OSError, AttributeError):
            continue
    return total


def measured(cmd: list[str], cwd: Path) -> tuple[float, float, int, int, str]:
    """Wall seconds, CPU seconds (user + system of the run and its workers, as time -v counts them),
    time -v's maximum RSS (KB), the sampled peak of the process tree (KB), stdout."""
    proc = subprocess.Popen(
        ["/usr/bin/time", "-v", *cmd], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=run_env()
    )
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample)
    start = time.perf_counter()
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    max_rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))  # type: ignore[union-attr]
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", err).group(1)) for kind in ("User", "System"))  # type: ignore[union-attr]
    return seconds, cpu, max_rss, peak[0], out


def tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and ".git" not in p.parts:
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def run_all(source: Path, scratch: Path, rounds: int, modes: list[str]) -> None:
    rows: dict[str, list[tuple[float, float, int, int]]] = {}
    outputs: dict[str, set[str]] = {}
    for _ in range(rounds):
        for jobs in (1, 2):
            for mode in modes:
                base = [CFGMIGRATE, "apply", "--no-cache", "-j", str(jobs), "--root", ".", "-r", "pack.yaml", "."]
                cwd = source
                if mode == "write":
                    cwd = scratch / f"j{jobs}"
                    shutil.rmtree(cwd, ignore_errors=True)
                    shutil.copytree(source, cwd, symlinks=True)
                else:
                    base[2:2] = ["--dry-run", "--format", "json"]
                secs, cpu, max_rss, peak, out = measured(base, cwd)
                rows.setdefault(f"{mode} -j{jobs}", []).append((secs, cpu, max_rss, peak))
                outputs.setdefault(mode, set()).add(
                    hashlib.sha256(out.encode()).hexdigest() if mode == "dry-run" else tree_digest(cwd)
                )
    for name, values in rows.items():
        secs, cpu, rss, peak = (statistics.median(v[k] for v in values) for k in range(4))
        print(
            f"  {name:<12} median wall {secs:6.2f} s, CPU {cpu:6.2f} s   time -v max RSS {rss / 1024:6.1f} MB   "
            f"process tree peak {peak / 1024:6.1f} MB"
        )
    for mode, digests in outputs.items():
        print(f"  {mode}: -j1 and -j2 outputs {'identical' if len(digests) == 1 else 'DIFFER'} over {rounds} rounds each")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--modes", default="write,dry-run", help="comma-separated: write (on a fresh copy), dry-run")
    parser.add_argument("--keep", type=Path, help="generate the tree here (and keep it) instead of a temp folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-mem-") as tmp:
        source = args.keep.resolve() if args.keep else Path(tmp) / "tree"
        if not source.exists():
            generate(source, args.files)
        print(f"{args.files} generated files in {source}, {args.rounds} rounds")
        run_all(source, Path(tmp), args.rounds, args.modes.split(","))


if __name__ == "__main__":
    main()
