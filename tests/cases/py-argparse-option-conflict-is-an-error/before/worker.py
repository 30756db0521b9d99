import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--model-path")
parser.add_argument("--model-name-or-path")
args = parser.parse_args()
print(args.model_path or args.model_name_or_path)
