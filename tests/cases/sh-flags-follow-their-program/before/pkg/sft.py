from transformers import HfArgumentParser, TrainingArguments

HfArgumentParser(TrainingArguments).parse_args()
