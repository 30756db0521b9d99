#!/bin/bash
python3 -m data.clean --in-file sharegpt.json --keep-lang en
python3 data/split.py --in_file sharegpt.json --lang=en
