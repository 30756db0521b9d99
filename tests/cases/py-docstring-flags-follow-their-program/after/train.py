"""Fine-tune a model.

Usage:
    torchrun --nproc_per_node 2 train.py \
        --eval_strategy steps --output_dir out
    $ python train.py --eval_strategy=no

The --evaluation_strategy flag isn't required (prose stays).
    python report.py --evaluation_strategy steps
"""

from transformers import HfArgumentParser, TrainingArguments


def main():
    """Run: python train.py --eval_strategy steps"""
    args = TrainingArguments("out", eval_strategy="steps")
    HfArgumentParser(TrainingArguments).parse_args_into_dataclasses()
    print("python train.py --evaluation_strategy steps")
