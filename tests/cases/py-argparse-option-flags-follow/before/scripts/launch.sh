#!/bin/bash
# Start a worker; pass --model-path to choose the weights.
python3 serve/worker.py --model-path lmsys/vicuna-7b-v1.5 --port 21002 &
python3 -m serve.worker -m lmsys/fastchat-t5 --model-path=lmsys/fastchat-t5-3b
python3 serve/cli.py --model-path lmsys/vicuna-7b-v1.5
python3 run_many.py --model-path lmsys/vicuna-7b-v1.5
python3 tools/report.py --model-path lmsys/vicuna-7b-v1.5
echo "pass --model-path to the worker"
