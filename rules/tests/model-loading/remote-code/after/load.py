from transformers import AutoModel, AutoModelForCausalLM


def load(path):
    chatglm = AutoModel.from_pretrained(path, trust_remote_code=True, dtype="bfloat16", device_map="auto")
    llama = AutoModelForCausalLM.from_pretrained(path, trust_remote_code=False, dtype="bfloat16", device_map="auto", attn_implementation="sdpa")
    return chatglm, llama
