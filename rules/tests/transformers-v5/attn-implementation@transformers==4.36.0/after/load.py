from transformers import AutoModelForCausalLM, Trainer

model = AutoModelForCausalLM.from_pretrained(
    "org/model",
    torch_dtype="bfloat16",
    attn_implementation="flash_attention_2",
    token=True,
    low_cpu_mem_usage=True,
)
trainer = Trainer(model=model, tokenizer=None)
