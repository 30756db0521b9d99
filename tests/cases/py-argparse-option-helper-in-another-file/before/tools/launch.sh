#!/bin/bash
python3 -m pkg.cli --model-path lmsys/vicuna-7b-v1.5 --style rich
python3 -m pkg.worker --port 21003 --model-path=lmsys/fastchat-t5-3b-v1.0
python3 -m pkg.vllm_worker --model-path lmsys/vicuna-7b-v1.5
