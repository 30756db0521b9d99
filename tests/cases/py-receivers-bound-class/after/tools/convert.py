import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--torch_dtype")
