import transformers


def main():
    parser = transformers.HfArgumentParser(transformers.TrainingArguments)
    return parser.parse_args_into_dataclasses()
