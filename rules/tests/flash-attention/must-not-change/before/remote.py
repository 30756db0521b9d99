from transformers import AutoModel, AutoModelForCausalLM


def load(path: str):
    glm = AutoModel.from_pretrained(path, trust_remote_code=True, dtype="bfloat16")
    done = AutoModelForCausalLM.from_pretrained(path, attn_implementation="flash_attention_2", dtype="bfloat16")
    return glm, done
