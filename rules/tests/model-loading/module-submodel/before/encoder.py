"""LatentWire models.py shape: a loaded encoder inside a torch module; the owner sets dtype and device."""
import torch.nn as nn
from transformers import AutoModel, AutoModelForCausalLM


class Encoder(nn.Module):
    def __init__(self, hf_encoder_id, device):
        super().__init__()
        self.encoder = AutoModel.from_pretrained(hf_encoder_id)
        self.proj = nn.Linear(self.encoder.config.hidden_size, 256)
        self.device_name = device


def load_decoder(path):
    return AutoModelForCausalLM.from_pretrained(path)
