from megatron.core.transformer import TransformerConfig

config = TransformerConfig(num_layers=4, first_pipeline_num_layers=1, moe_aux_loss_coeff=0, fp8_dot_product_attention=0)
