#!/bin/bash
python3 worker.py --model-path lmsys/vicuna-7b-v1.5
