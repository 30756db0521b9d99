from torch.distributed.fsdp import FullyShardedDataParallel as FSDP
from transformers import AutoModelForCausalLM

model = FSDP(AutoModelForCausalLM.from_pretrained("gpt2"))
