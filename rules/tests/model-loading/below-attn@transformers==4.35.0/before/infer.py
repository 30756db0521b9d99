from transformers import AutoModelForCausalLM

model = AutoModelForCausalLM.from_pretrained("org/model", torch_dtype="bfloat16", use_flash_attention_2=False)
