import argparse

from transformers import AutoModelForCausalLM

parser = argparse.ArgumentParser()
parser.add_argument("--fp16", action="store_true")
args = parser.parse_args()

model = AutoModelForCausalLM.from_pretrained("gpt2", attn_implementation="sdpa", device_map="auto")
if args.fp16:
    model = model.half()
