import torch
import transformers
from datasets import load_dataset
from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer, pipeline
from trl import SFTConfig, SFTTrainer


def main(model_id: str, token: str | None) -> None:
    config = AutoConfig.from_pretrained(model_id, use_auth_token=token)
    tokenizer = AutoTokenizer.from_pretrained(model_id, use_auth_token=token)
    scratch = AutoModelForCausalLM.from_config(config, torch_dtype=torch.bfloat16, use_flash_attention_2=False)
    model = AutoModelForCausalLM.from_pretrained(
        model_id,
        torch_dtype="auto",
        _fast_init=False,
        use_flash_attention_2=True,  # A100 only
    )
    args = SFTConfig(
        output_dir="out/sft",
        evaluation_strategy="steps",
        eval_steps=200,
        per_gpu_train_batch_size=4,
        push_to_hub_token=token,
        use_mps_device=False,
    )
    trainer = SFTTrainer(
        model=model,
        args=args,
        train_dataset=load_dataset("trl-lib/Capybara", split="train"),
        tokenizer=tokenizer,
    )
    trainer.train()
    model.save_pretrained("out/final", use_auth_token=token)
    generate = pipeline("text-generation", model="out/final", tokenizer=tokenizer, torch_dtype=torch.bfloat16)
    seq2seq = transformers.Seq2SeqTrainer(model=scratch, tokenizer=tokenizer)
    print(generate("Hello")[0]["generated_text"], seq2seq)
