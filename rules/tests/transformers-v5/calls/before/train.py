import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments


def build(model_id: str, hf_token: str, use_fa2: bool):
    tokenizer = AutoTokenizer.from_pretrained(model_id, use_auth_token=hf_token)
    model = AutoModelForCausalLM.from_pretrained(
        model_id,
        torch_dtype=torch.bfloat16,
        low_cpu_mem_usage=True,
        use_flash_attention_2=use_fa2,
        use_auth_token=hf_token,
    )
    args = TrainingArguments(
        output_dir="out",
        evaluation_strategy="steps",
        per_gpu_train_batch_size=8,
        no_cuda=False,
    )
    return Trainer(model=model, args=args, tokenizer=tokenizer)
