"""The QLoRA shape (FastChat train_lora.py): the Trainer's fp16/bf16 flags choose the precision."""
import torch
import transformers
from transformers import Trainer


def train(model_args, training_args, lora_args):
    compute_dtype = torch.float16 if training_args.fp16 else (torch.bfloat16 if training_args.bf16 else torch.float32)
    model = transformers.AutoModelForCausalLM.from_pretrained(
        model_args.model_name_or_path,
        cache_dir=training_args.cache_dir,
        attn_implementation="sdpa",
        quantization_config=transformers.BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_compute_dtype=compute_dtype,
        )
        if lora_args.q_lora
        else None,
    )
    trainer = Trainer(model=model, args=training_args)
    trainer.train()
