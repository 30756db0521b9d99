import transformers as tf
from peft import PeftModel
from transformers import AutoModelForCausalLM as LM
from transformers.models.llama import LlamaForCausalLM


class Loader:
    model_class = LM

    def load(self, path):
        base = LM.from_pretrained(path, low_cpu_mem_usage=True)
        llama = LlamaForCausalLM.from_pretrained(path, low_cpu_mem_usage=True)
        auto = tf.AutoModel.from_pretrained(path, low_cpu_mem_usage=True)
        adapter = PeftModel.from_pretrained(base, path, low_cpu_mem_usage=True)
        mine = self.model_class.from_pretrained(path, low_cpu_mem_usage=True)
        untouched = self.model_class.from_pretrained(path)
        return base, llama, auto, adapter, mine, untouched


def load_with(model_cls, path):
    return model_cls.from_pretrained(path, low_cpu_mem_usage=True)
