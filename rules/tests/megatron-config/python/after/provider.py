from megatron.core.transformer.transformer_config import TransformerConfig


def config(num_layers: int) -> TransformerConfig:
    return TransformerConfig(
        num_layers=num_layers,
        hidden_size=8192,
        num_attention_heads=64,
        num_layers_in_first_pipeline_stage=9,
        num_layers_in_last_pipeline_stage=7,
    )
