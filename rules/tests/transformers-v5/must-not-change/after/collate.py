from transformers import DataCollatorForLanguageModeling, pipeline


def collator(tokenizer):
    # `tokenizer=` is right for collators and pipelines: only Trainer renamed it
    return DataCollatorForLanguageModeling(tokenizer=tokenizer, mlm=False)


def generator(model, tokenizer):
    return pipeline("text-generation", model=model, tokenizer=tokenizer, dtype="bfloat16")
