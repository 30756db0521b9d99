import argparse
p = argparse.ArgumentParser()
