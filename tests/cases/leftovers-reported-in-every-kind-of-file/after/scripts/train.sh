#!/bin/bash
torchrun --nproc_per_node=4 train.py \
    --evaluation_strategy steps \
    --warmup-ratio 0.03 \
    --output_dir out
