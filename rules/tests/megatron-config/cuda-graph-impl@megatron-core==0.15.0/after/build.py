from megatron.core.transformer import TransformerConfig

config = TransformerConfig(num_layers=4, num_layers_in_first_pipeline_stage=1, moe_aux_loss_coeff=0.0, fp8_dot_product_attention=False)
