from transformers import AutoModelForCausalLM, AutoTokenizer


def load(args, model_id: str):
    tok = AutoTokenizer.from_pretrained(model_id, revision="2")
    model = AutoModelForCausalLM.from_pretrained(
        model_id,
        attn_implementation="flash_attention_2" if args.fast else "sdpa",
        revision="2",
        dtype="bfloat16",
    )
    small = AutoModelForCausalLM.from_pretrained(model_id, attn_implementation="sdpa", dtype="bfloat16")
    return tok, model, small
