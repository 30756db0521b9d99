"""Run `cfgmigrate verify` on a CUDA machine: flash_attention_2 (when flash-attn is installed) and
SDPA with its flash kernel forced, on the tiny Llama/Mistral/Qwen2 configs of the test suite, and
print which kernel really ran. By hand only:  python benchmarks/verify_gpu.py [--dtype bf16]"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parents[1] / "tests" / "verify" / "fixtures"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dtype", default="bf16")
    args = parser.parse_args()
    print(_environment())
    failed = 0
    for attention in ("flash_attention_2", "auto", "sdpa"):
        for config in ("llama3.json", "mistral.json", "qwen2.json"):
            cmd = [
                sys.executable,
                "-m",
                "cfgmigrate",
                "verify",
                "--format",
                "json",
                "--device",
                "cuda",
                "--dtype",
                args.dtype,
                "--attention",
                attention,
                "--model",
                str(FIXTURES / config),
            ]
            out = subprocess.run(cmd, capture_output=True, text=True)
            try:
                item = json.loads(out.stdout)["items"][0]
            except (ValueError, KeyError, IndexError):
                print(f"{attention:18} {config:14} ERROR {out.stderr.strip()[-300:]}")
                failed += 1
                continue
            failed += not item["ok"]
            status = "pass" if item["ok"] else "FAIL"
            print(
                f"{attention:18} {config:14} {status} attn={item['attention']:18} kernel={item['kernel']} "
                f"{item['seconds']:.2f}s peak={item['peak_memory_mb']:.0f}MB {'' if item['ok'] else item['reason']}"
            )
    return 1 if failed else 0


def _environment() -> str:
    """The versions and the GPU, so that a printed table says where it came from."""
    import torch
    import transformers

    gpu = torch.cuda.get_device_name() if torch.cuda.is_available() else "no CUDA GPU"
    try:
        import flash_attn

        flash = f"flash-attn {flash_attn.__version__}"
    except ImportError:
        flash = "no flash-attn (auto = SDPA with its flash kernel forced)"
    return f"torch {torch.__version__}, transformers {transformers.__version__}, {gpu}, {flash}"


if __name__ == "__main__":
    sys.exit(main())
