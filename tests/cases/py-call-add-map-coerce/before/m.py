from transformers import AutoModelForCausalLM, AutoTokenizer


def load(args, model_id: str):
    tok = AutoTokenizer.from_pretrained(model_id, revision=2)
    model = AutoModelForCausalLM.from_pretrained(
        model_id,
        use_flash_attention_2=args.fast,
        revision=2,
    )
    small = AutoModelForCausalLM.from_pretrained(model_id, use_flash_attention_2=False)
    return tok, model, small
