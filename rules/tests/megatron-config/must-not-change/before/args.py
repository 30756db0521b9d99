from megatron.core.transformer.transformer_config import TransformerConfig


def from_args(args) -> TransformerConfig:
    # values read from argparse are already typed: nothing to coerce
    return TransformerConfig(num_layers=args.num_layers, hidden_size=args.hidden_size, num_attention_heads=args.heads)
