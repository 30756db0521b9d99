import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--evaluation_strategy", help="how report.py names its own option")
