torchrun --nproc_per_node=4 --master_port=20001 fastchat/train.py \
    --output_dir output_vicuna \
    --eval_strategy "no" \
    --save_strategy "steps"
