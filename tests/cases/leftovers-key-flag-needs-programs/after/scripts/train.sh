#!/bin/bash
python train.py --config configs/llama.yaml --output-dir /tmp/other --eval-interval 10
python evaluate.py --eval-steps 10
