"""python train.py --evaluation_strategy steps"""

from transformers import HfArgumentParser, TrainingArguments


def main():
    r"""Fine-tune.

    .. code-block:: bash
       :caption: two GPUs

       CUDA_VISIBLE_DEVICES=0,1 torchrun --nproc_per_node 2 train.py \
           --evaluation_strategy steps
       # --evaluation_strategy in a comment stays
       time python train.py --evaluation_strategy epoch

    .. code-block:: console

       $ python train.py --evaluation_strategy=no
       --evaluation_strategy is printed here (output stays)

    .. code-block:: python

       main(["--evaluation_strategy", "steps"])  # Python, not shell: stays

    Literal block::

        python train.py --evaluation_strategy steps

    Then: torchrun train.py \
        --evaluation_strategy steps"""
    HfArgumentParser(TrainingArguments).parse_args_into_dataclasses()


def other():
    """python report.py --evaluation_strategy steps"""
