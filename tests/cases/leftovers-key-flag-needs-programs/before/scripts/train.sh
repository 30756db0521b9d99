#!/bin/bash
python train.py --config configs/llama.yaml --output-dir /tmp/other --eval-steps 10
python evaluate.py --eval-steps 10
