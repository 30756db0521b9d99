"""Loads whose model is placed by the script: a device_map would fight the .to()/.cuda()."""
import torch
from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification

device = "cuda" if torch.cuda.is_available() else "cpu"


def load_chained(path):
    return AutoModelForCausalLM.from_pretrained(path).to(device)


def load_eval_cuda(path):
    return AutoModelForSequenceClassification.from_pretrained(path).eval().cuda()


def load_then_place(path):
    model = AutoModelForCausalLM.from_pretrained(path)
    model.eval()
    model = model.to(device)
    return model


class Scorer:
    def __init__(self, path):
        self.model = AutoModelForCausalLM.from_pretrained(path)

    def place(self):
        self.model.cuda()


def load_alone(path):
    return AutoModelForCausalLM.from_pretrained(path)
