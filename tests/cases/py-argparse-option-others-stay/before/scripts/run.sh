#!/bin/bash
python3 serve/export.py --model-path lmsys/vicuna-7b-v1.5 --out out/
python3 serve/hf.py --model-path lmsys/vicuna-7b-v1.5
python3 serve/passes.py --model-path lmsys/vicuna-7b-v1.5
python3 tools/report.py --model-path lmsys/vicuna-7b-v1.5
python3 -m serve.unrelated --model-path x
