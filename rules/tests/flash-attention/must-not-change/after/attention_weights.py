"""Attention maps and remote code: flash is not added there, so neither is the bf16 it needs."""
from transformers import AutoModel, AutoTokenizer


class Extractor:
    def __init__(self, name: str):
        self.tokenizer = AutoTokenizer.from_pretrained(name)
        self.model = AutoModel.from_pretrained(name, output_attentions=True)
        self.glm = AutoModel.from_pretrained(name, trust_remote_code=True)
        self.model.eval()
