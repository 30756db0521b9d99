import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments


def build(model_id: str, hf_token: str, use_fa2: bool):
    tokenizer = AutoTokenizer.from_pretrained(model_id, token=hf_token)
    model = AutoModelForCausalLM.from_pretrained(
        model_id,
        dtype=torch.bfloat16,
        attn_implementation="flash_attention_2" if use_fa2 else None,
        token=hf_token,
    )
    args = TrainingArguments(
        output_dir="out",
        eval_strategy="steps",
        per_device_train_batch_size=8,
        use_cpu=False,
    )
    return Trainer(model=model, args=args, processing_class=tokenizer)
