#!/bin/bash
# The program parses ModelConfig: its --torch_dtype follows the field.
accelerate launch scripts/sft.py \
    --model_name_or_path gpt2 \
    --dtype bfloat16
python tools/convert.py --torch_dtype float16  # another program's flag stays
