"""self.x receivers: what the class assigns to self.x decides. Same-named attributes of other things stay."""

from transformers import AutoConfig, PretrainedConfig

from .base import ExternalBase


class Bridge:
    def __init__(self, path):
        self.hf_config = AutoConfig.from_pretrained(path)
        self.cache = None

    def rope(self):
        return self.hf_config.rope_theta  # follows: __init__ assigns a config


class Lazy:
    loaded = None

    def load(self, model_type):
        self.cfg = AutoConfig.for_model(model_type)  # the only assignment in the class

    def dtype(self):
        return self.cfg.torch_dtype  # follows


class Annotated:
    hf_config: PretrainedConfig

    def dtype(self):
        return self.hf_config.torch_dtype  # follows: a class-level annotation


class Holder:
    def __init__(self, args):
        self.hf_config = args  # something else

    def rope(self, row):
        return self.hf_config.rope_theta, row.rope_theta  # both stay


class Mixed:
    def __init__(self, path, args):
        self.hf_config = AutoConfig.from_pretrained(path)
        if args.override:
            self.hf_config = args

    def rope(self):
        return self.hf_config.rope_theta  # reported: a config on one path only


class TwoMethods:
    def first(self, path):
        self.c = AutoConfig.from_pretrained(path)

    def second(self, path):
        self.c = AutoConfig.from_pretrained(path)

    def rope(self):
        return self.c.rope_theta  # reported: assigned in two methods, none of them __init__


class Provided(ExternalBase):
    def rope(self):
        return self.hf_config.rope_theta  # reported: set where this file does not show


class OwnConfig(PretrainedConfig):
    def __init__(self, rope_theta=1e4, **kwargs):
        super().__init__(**kwargs)
        self.rope_theta = rope_theta  # reported: its own attribute

    @classmethod
    def tiny(cls):
        return cls.from_pretrained("tiny").rope_theta  # reported: an OwnConfig


class TinyConfig(PretrainedConfig):
    model_type = "tiny"

    def scaled(self):
        return self.rope_theta * 2  # follows: it only reads the library's attribute

    def copy_dtype(self):
        return type(self).from_pretrained("tiny").torch_dtype  # follows: a TinyConfig

    @classmethod
    def make(cls):
        return cls().torch_dtype  # follows


def elsewhere(bridge, args):
    bridge.cache = args
    return Bridge("p").cache.torch_dtype  # stays: only self.x is followed
