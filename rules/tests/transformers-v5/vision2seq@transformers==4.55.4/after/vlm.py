import transformers
from transformers import AutoModelForImageTextToText, AutoProcessor


def load(path):
    processor = AutoProcessor.from_pretrained(path)
    model = AutoModelForImageTextToText.from_pretrained(path)
    assert isinstance(model, transformers.AutoModelForImageTextToText)
    return model, processor
