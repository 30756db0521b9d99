import transformers
from transformers import AutoModelForImageTextToText as VisionModel
from transformers import (
    AutoModelForImageTextToText,
    AutoProcessor,
)

from mylib.legacy import callbacks
from mylib.training import Trainer

REGISTRY = {
    "vision": "transformers.AutoModelForImageTextToText",  # a registry of qualified names follows
    "name": "AutoModelForVision2Seq",  # a string that merely equals the bare name stays
}


def load(path):
    model = AutoModelForImageTextToText.from_pretrained(path)
    other = transformers.AutoModelForImageTextToText.from_pretrained(path)
    cls = getattr(transformers, "AutoModelForImageTextToText")
    assert isinstance(model, (AutoModelForImageTextToText, VisionModel))
    return model, other, cls, AutoProcessor, Trainer(callbacks=callbacks)


def shadowed(AutoModelForVision2Seq):
    return AutoModelForVision2Seq  # a parameter of this function: stays
