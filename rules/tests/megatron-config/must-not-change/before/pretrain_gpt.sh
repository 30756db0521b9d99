#!/bin/bash
# the CLI flags kept their names: --decoder-first-pipeline-num-layers feeds num_layers_in_first_pipeline_stage
torchrun --nproc-per-node 8 pretrain_gpt.py \
    --decoder-first-pipeline-num-layers 9 \
    --decoder-last-pipeline-num-layers 7 \
    --moe-aux-loss-coeff 1e-2
