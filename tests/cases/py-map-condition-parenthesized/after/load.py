from transformers import AutoModelForCausalLM as M


def loads(path, fast, on_gpu, flag, a, b):
    M.from_pretrained(path, attn_implementation="flash_attention_2" if (fast if on_gpu else False) else "eager")
    M.from_pretrained(path, attn_implementation="flash_attention_2" if (lambda: 1) else "eager")
    M.from_pretrained(path, attn_implementation=("flash_attention_2" if (w := flag) else "eager"))
    M.from_pretrained(path, attn_implementation="flash_attention_2" if a or b else "eager")
    M.from_pretrained(path, attn_implementation="flash_attention_2" if a and not b else "eager")
    M.from_pretrained(path, attn_implementation="flash_attention_2" if not a else "eager")
    M.from_pretrained(path, attn_implementation="flash_attention_2" if a == b else "eager")
    M.from_pretrained(path, attn_implementation="flash_attention_2" if (a, b) else "eager")
    M.from_pretrained(path, attn_implementation=("flash_attention_2" if (a
                                                   if b else fast) else "eager"))
    return w


def generated(path):
    yield M.from_pretrained(path, attn_implementation=("flash_attention_2" if (yield) else "eager"))
    yield M.from_pretrained(path, attn_implementation=("flash_attention_2" if (yield from path) else "eager"))


async def awaited(path, ready):
    return M.from_pretrained(path, attn_implementation="flash_attention_2" if await ready else "eager")
