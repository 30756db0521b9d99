from transformers import AutoModelForCausalLM as M


def loads(path, fast, on_gpu, flag, a, b):
    M.from_pretrained(path, use_flash_attention_2=fast if on_gpu else False)
    M.from_pretrained(path, use_flash_attention_2=lambda: 1)
    M.from_pretrained(path, use_flash_attention_2=(w := flag))
    M.from_pretrained(path, use_flash_attention_2=a or b)
    M.from_pretrained(path, use_flash_attention_2=a and not b)
    M.from_pretrained(path, use_flash_attention_2=not a)
    M.from_pretrained(path, use_flash_attention_2=a == b)
    M.from_pretrained(path, use_flash_attention_2=(a, b))
    M.from_pretrained(path, use_flash_attention_2=(a
                                                   if b else fast))
    return w


def generated(path):
    yield M.from_pretrained(path, use_flash_attention_2=(yield))
    yield M.from_pretrained(path, use_flash_attention_2=(yield from path))


async def awaited(path, ready):
    return M.from_pretrained(path, use_flash_attention_2=await ready)
