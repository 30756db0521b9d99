from transformers import AutoModelForCausalLM, Trainer

model = AutoModelForCausalLM.from_pretrained(
    "org/model",
    torch_dtype="bfloat16",
    use_flash_attention_2=True,
    use_auth_token=True,
    low_cpu_mem_usage=True,
)
trainer = Trainer(model=model, tokenizer=None)
