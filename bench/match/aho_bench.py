#!/usr/bin/python3
"""pyahocorasick peer: lower-cased names, word-bounded matches over lower-cased text.
Usage: aho_bench.py TEXT GAZ.tsv...  (name in the first column)."""
import resource
import sys
import time

import ahocorasick


def main():
    text_path, gaz = sys.argv[1], sys.argv[2:]
    t0 = time.process_time()
    auto = ahocorasick.Automaton()
    n = 0
    for path in gaz:
        with open(path, encoding="utf-8") as f:
            for line in f:
                name = line.split("\t", 1)[0].strip()
                if not name or name.startswith("#"):
                    continue
                key = name.lower()
                if key not in auto:
                    auto.add_word(key, len(key))
                    n += 1
    auto.make_automaton()
    t1 = time.process_time()
    with open(text_path, encoding="utf-8") as f:
        text = f.read()
    t2 = time.process_time()
    low = text.lower()
    found = 0
    size = len(low)
    for end, length in auto.iter(low):
        start = end - length + 1
        if start > 0 and low[start - 1].isalnum():
            continue
        if end + 1 < size and low[end + 1].isalnum():
            continue
        found += 1
    t3 = time.process_time()
    mb = len(text.encode("utf-8")) / 1e6
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pyahocorasick  names {n}  build {t1 - t0:.2f} s  peak RSS {peak:.1f} MB"
          f"  scan {mb / (t3 - t2):.1f} MB/s  matches {found} (all overlapping, word-bounded)")


main()
