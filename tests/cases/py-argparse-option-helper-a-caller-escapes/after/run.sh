#!/bin/bash
python3 -m pkg.cli --model-path lmsys/vicuna-7b-v1.5
python3 -m pkg.export --model-path lmsys/vicuna-7b-v1.5
