import argparse

argparse.ArgumentParser().add_argument("--evaluation_strategy")
