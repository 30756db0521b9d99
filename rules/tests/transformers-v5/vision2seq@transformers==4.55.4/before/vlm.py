import transformers
from transformers import AutoModelForVision2Seq, AutoProcessor


def load(path):
    processor = AutoProcessor.from_pretrained(path)
    model = AutoModelForVision2Seq.from_pretrained(path)
    assert isinstance(model, transformers.AutoModelForVision2Seq)
    return model, processor
