import torch
from megatron.bridge.models.llama import Llama2ModelProvider70B
from megatron.core.transformer.transformer_config import TransformerConfig


def config(num_layers: int) -> TransformerConfig:
    return TransformerConfig(
        num_layers=num_layers,
        hidden_size=8192,
        num_attention_heads=64,
        first_pipeline_num_layers=9,
        last_pipeline_num_layers=7,
        pipeline_model_parallel_split_rank=None,
        batch_p2p_comm="False",  # overlap_p2p_comm needs it off
        overlap_p2p_comm=True,
        fp8="hybrid",
        fp8_dot_product_attention=0,
        moe_aux_loss_coeff=0,
        bf16=True,
        params_dtype=torch.bfloat16,
    )


def provider() -> Llama2ModelProvider70B:
    return Llama2ModelProvider70B(tensor_model_parallel_size=8, first_pipeline_num_layers=9, batch_p2p_comm="false")
