import torch
import transformers
from datasets import load_dataset
from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer, pipeline
from trl import SFTConfig, SFTTrainer


def main(model_id: str, token: str | None) -> None:
    config = AutoConfig.from_pretrained(model_id, token=token)
    tokenizer = AutoTokenizer.from_pretrained(model_id, token=token)
    scratch = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16, attn_implementation=None)
    model = AutoModelForCausalLM.from_pretrained(
        model_id,
        dtype="auto",
        attn_implementation="flash_attention_2",  # A100 only
    )
    args = SFTConfig(
        output_dir="out/sft",
        eval_strategy="steps",
        eval_steps=200,
        per_device_train_batch_size=4,
        hub_token=token,
    )
    trainer = SFTTrainer(
        model=model,
        args=args,
        train_dataset=load_dataset("trl-lib/Capybara", split="train"),
        processing_class=tokenizer,
    )
    trainer.train()
    model.save_pretrained("out/final", token=token)
    generate = pipeline("text-generation", model="out/final", tokenizer=tokenizer, dtype=torch.bfloat16)
    seq2seq = transformers.Seq2SeqTrainer(model=scratch, processing_class=tokenizer)
    print(generate("Hello")[0]["generated_text"], seq2seq)
