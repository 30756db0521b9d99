import torch
from megatron.bridge.models.llama import Llama2ModelProvider70B
from megatron.core.transformer.transformer_config import TransformerConfig


def config(num_layers: int) -> TransformerConfig:
    return TransformerConfig(
        num_layers=num_layers,
        hidden_size=8192,
        num_attention_heads=64,
        num_layers_in_first_pipeline_stage=9,
        num_layers_in_last_pipeline_stage=7,
        batch_p2p_comm=False,  # overlap_p2p_comm needs it off
        overlap_p2p_comm=True,
        fp8="hybrid",
        fp8_dot_product_attention=False,
        moe_aux_loss_coeff=0.0,
        bf16=True,
        params_dtype=torch.bfloat16,
    )


def provider() -> Llama2ModelProvider70B:
    return Llama2ModelProvider70B(tensor_model_parallel_size=8, num_layers_in_first_pipeline_stage=9, batch_p2p_comm=False)
