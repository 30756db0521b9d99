import subprocess
import sys


def launch(path):
    subprocess.Popen([sys.executable, "-m", "serve.worker", "--model-name-or-path", path])
    subprocess.Popen([sys.executable, "tools/report.py", "--model-path", path])
