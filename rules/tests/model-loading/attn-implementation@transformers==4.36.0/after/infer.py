from transformers import AutoModelForCausalLM

model = AutoModelForCausalLM.from_pretrained("org/model", torch_dtype="bfloat16", attn_implementation="sdpa")
