from transformers import AutoModelForCausalLM


def load(args):
    model_kwargs = dict(torch_dtype=args.torch_dtype, trust_remote_code=True)
    a = b = {"torch_dtype": "auto"}
    c: dict = {}
    c["torch_dtype"] = "bf16"
    model = AutoModelForCausalLM.from_pretrained(args.path, **model_kwargs)
    draft = AutoModelForCausalLM.from_pretrained(args.draft, **a)
    ref = AutoModelForCausalLM.from_pretrained(args.ref, **b, **c)
    again = AutoModelForCausalLM.from_pretrained(args.ref, **c)
    return model, draft, ref, again
