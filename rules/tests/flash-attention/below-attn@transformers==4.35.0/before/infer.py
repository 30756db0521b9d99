"""transformers 4.35 has no attn_implementation: nothing is added, the old flag stays (held back, reported)."""
from transformers import AutoModelForCausalLM

model = AutoModelForCausalLM.from_pretrained("gpt2", use_flash_attention_2=True)
plain = AutoModelForCausalLM.from_pretrained("gpt2")
