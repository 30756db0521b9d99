import transformers

model = transformers.AutoModelForCausalLM.from_pretrained("gpt2")
trainer = transformers.Seq2SeqTrainer(model=model)
