from transformers import AutoModelForCausalLM


def load(path, device, remote):
    plain = AutoModelForCausalLM.from_pretrained(path)
    placed = AutoModelForCausalLM.from_pretrained(path).to(device)
    evaluated = AutoModelForCausalLM.from_pretrained(path).eval().cuda()
    later = AutoModelForCausalLM.from_pretrained(path)
    later = later.to(device)
    remote_code = AutoModelForCausalLM.from_pretrained(path, trust_remote_code=True)
    local_code = AutoModelForCausalLM.from_pretrained(path, trust_remote_code=False)
    maybe_remote = AutoModelForCausalLM.from_pretrained(path, trust_remote_code=remote)
    return plain, placed, evaluated, later, remote_code, local_code, maybe_remote
