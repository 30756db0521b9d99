"""The OpenRLHF shape: the project's own load_in_4bit parameter, passed on inside BitsAndBytesConfig."""
import argparse

from transformers import AutoModelForCausalLM, BitsAndBytesConfig


class Actor:
    def __init__(self, path, load_in_4bit=False):
        quant = BitsAndBytesConfig(load_in_4bit=True) if load_in_4bit else None
        self.model = AutoModelForCausalLM.from_pretrained(path, quantization_config=quant)


def legacy(path, kwargs):
    kwargs["load_in_4bit"] = True
    return AutoModelForCausalLM.from_pretrained(path, load_in_4bit=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--load_in_4bit", action="store_true")
    args = parser.parse_args()
    return Actor(args.model, load_in_4bit=args.load_in_4bit)
