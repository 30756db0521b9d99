def f(:
    return m.from_pretrained("x", torch_dtype="auto")
