"""LatentWire attention_extraction_demo shape: attention weights need eager (sdpa returns none), and a
script that never places its inputs runs on the CPU (a device_map would move only the model)."""
from transformers import AutoModel, AutoTokenizer


class Extractor:
    def __init__(self, model_name):
        self.tokenizer = AutoTokenizer.from_pretrained(model_name)
        self.model = AutoModel.from_pretrained(model_name, output_attentions=True)

    def attentions(self, text):
        inputs = self.tokenizer(text, return_tensors="pt")
        return self.model(**inputs, output_attentions=True).attentions
