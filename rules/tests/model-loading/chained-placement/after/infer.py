"""Loads whose model is placed by the script: a device_map would fight the .to()/.cuda()."""
import torch
from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification

device = "cuda" if torch.cuda.is_available() else "cpu"


def load_chained(path):
    return AutoModelForCausalLM.from_pretrained(path, dtype="bfloat16", attn_implementation="sdpa").to(device)


def load_eval_cuda(path):
    return AutoModelForSequenceClassification.from_pretrained(path, dtype="bfloat16").eval().cuda()


def load_then_place(path):
    model = AutoModelForCausalLM.from_pretrained(path, dtype="bfloat16", attn_implementation="sdpa")
    model.eval()
    model = model.to(device)
    return model


class Scorer:
    def __init__(self, path):
        self.model = AutoModelForCausalLM.from_pretrained(path, dtype="bfloat16", attn_implementation="sdpa")

    def place(self):
        self.model.cuda()


def load_alone(path):
    return AutoModelForCausalLM.from_pretrained(path, dtype="bfloat16", attn_implementation="sdpa", device_map="auto")
