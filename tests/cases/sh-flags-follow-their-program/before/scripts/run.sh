#!/bin/bash
# train: --evaluation_strategy in a comment is text, not an argument
torchrun --nproc_per_node=2 train_mem.py \
    --evaluation_strategy "steps" \
    --output_dir out
srun --ntasks=1 python -m pkg.sft --evaluation-strategy=no
accelerate launch --num_processes 2 train.py --evaluation_strategy=$STRATEGY
python report.py --evaluation_strategy steps
echo "pass --evaluation_strategy to train.py"
cd .. && ./train.py --evaluation_strategy steps
./report.py --evaluation_strategy steps
