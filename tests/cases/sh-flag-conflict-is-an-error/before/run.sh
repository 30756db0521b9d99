#!/bin/sh
python train.py --evaluation_strategy steps --eval_strategy no
