from transformers import AutoModel


def embed(path, batch):
    model = AutoModel.from_pretrained(path, dtype="bfloat16")
    return model(**batch).last_hidden_state
