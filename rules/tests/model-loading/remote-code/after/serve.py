"""Whether the code is remote is the user's flag here: reported, not edited; a receiver no import resolves is reported too."""
import torch
from transformers import AutoModelForCausalLM


def load(args, model_cls):
    model = AutoModelForCausalLM.from_pretrained(args.model, trust_remote_code=args.trust_remote_code, dtype=torch.bfloat16)
    critic = model_cls.from_pretrained(args.critic, torch_dtype=torch.bfloat16)
    return model, critic
