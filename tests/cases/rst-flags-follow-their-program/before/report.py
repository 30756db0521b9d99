import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--evaluation_strategy")
