from transformers import AutoConfig

from pkg.bridge import ModelBridge, describe

from . import bridge as bridge_module


class LlamaBridge(ModelBridge):
    def provide(self, hf_pretrained):
        hf_config = hf_pretrained.config
        return self.dtype_from_hf(hf_config, default=None), self.base_from(hf_config), describe(hf_config)


class TinyBridge(LlamaBridge):
    def again(self, path):
        config = AutoConfig.from_pretrained(path)
        return super().dtype_from_hf(config), bridge_module.describe(config=config)
