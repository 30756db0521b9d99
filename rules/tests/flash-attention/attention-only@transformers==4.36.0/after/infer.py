"""transformers 4.36-4.55: attn_implementation exists, the dtype keyword (4.56) does not: attention only."""
from transformers import AutoModelForCausalLM

model = AutoModelForCausalLM.from_pretrained("gpt2", attn_implementation="flash_attention_2")
plain = AutoModelForCausalLM.from_pretrained("gpt2", attn_implementation="flash_attention_2")
