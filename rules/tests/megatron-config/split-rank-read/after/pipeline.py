"""Megatron-Bridge-style: the key the pack removes from configs is still read in code (a leftover)."""


def stages(model_config):
    split = model_config.pipeline_model_parallel_split_rank
    return model_config.pipeline_model_parallel_size, split
