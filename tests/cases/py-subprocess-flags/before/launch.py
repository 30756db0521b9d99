import subprocess
import sys
from subprocess import Popen as start


def run(strategy: str) -> None:
    subprocess.run([sys.executable, "train.py", "--evaluation_strategy", strategy], check=True)
    subprocess.check_call(["torchrun", "--nproc_per_node=2", "train.py", "--evaluation-strategy=steps"])
    start(["accelerate", "launch", "train.py", f"--evaluation_strategy={strategy}"])  # not a literal: stays
    subprocess.run(["python", "report.py", "--evaluation_strategy", "no"])  # another program: stays
    print("--evaluation_strategy")  # not an argument list: stays
