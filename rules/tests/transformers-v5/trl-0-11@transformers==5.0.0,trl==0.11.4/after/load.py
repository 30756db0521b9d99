from transformers import AutoModelForCausalLM, Trainer

model = AutoModelForCausalLM.from_pretrained(
    "org/model",
    dtype="bfloat16",
    attn_implementation="flash_attention_2",
    token=True,
)
trainer = Trainer(model=model, tokenizer=None)
