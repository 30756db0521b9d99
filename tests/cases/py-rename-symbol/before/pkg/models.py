import transformers
from transformers import AutoModelForVision2Seq as VisionModel
from transformers import (
    AutoModelForVision2Seq,
    AutoProcessor,
)

from mylib.legacy import Trainer, callbacks

REGISTRY = {
    "vision": "transformers.AutoModelForVision2Seq",  # a registry of qualified names follows
    "name": "AutoModelForVision2Seq",  # a string that merely equals the bare name stays
}


def load(path):
    model = AutoModelForVision2Seq.from_pretrained(path)
    other = transformers.AutoModelForVision2Seq.from_pretrained(path)
    cls = getattr(transformers, "AutoModelForVision2Seq")
    assert isinstance(model, (AutoModelForVision2Seq, VisionModel))
    return model, other, cls, AutoProcessor, Trainer(callbacks=callbacks)


def shadowed(AutoModelForVision2Seq):
    return AutoModelForVision2Seq  # a parameter of this function: stays
