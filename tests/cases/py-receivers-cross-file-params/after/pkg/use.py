from transformers import AutoConfig

from pkg.model import Holder, Loose, Wrapper
from pkg.other import Args


class Tiny(Wrapper):
    def __init__(self, path):
        super().__init__(AutoConfig.from_pretrained(path))


def build(path):
    return Wrapper(AutoConfig.from_pretrained(path), name="x"), Loose(config=AutoConfig.from_pretrained(path)), Holder(Args())
