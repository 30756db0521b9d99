import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--evaluation_strategy")  # its own flag: not transformers'
