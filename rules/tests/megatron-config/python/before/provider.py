from megatron.core.transformer.transformer_config import TransformerConfig


def config(num_layers: int) -> TransformerConfig:
    return TransformerConfig(
        num_layers=num_layers,
        hidden_size=8192,
        num_attention_heads=64,
        first_pipeline_num_layers=9,
        last_pipeline_num_layers=7,
    )
