#!/usr/bin/env python3
"""NLTK word tokenizer throughput on the same text as bench_tokens.c (python3-nltk).

Usage: python3 bench/tokens/bench_nltk.py FILE [MIN_MB]
TreebankWordTokenizer and RegexpTokenizer(r"\\w+|[^\\w\\s]+") over the text repeated to MIN_MB.
Prints MB/s and tokens/s for each (best of 2 for the regexp tokenizer, 1 run for Treebank).
"""
import sys
import time

from nltk.tokenize import RegexpTokenizer, TreebankWordTokenizer


def main():
    path = sys.argv[1]
    min_mb = float(sys.argv[2]) if len(sys.argv) > 2 else 20.0
    with open(path, encoding="utf-8") as f:
        one = f.read()
    copies = max(1, int(-(-min_mb * 1048576 // len(one.encode("utf-8")))))
    text = one * copies
    mb = len(text.encode("utf-8")) / 1048576
    lines = text.split("\n")  # Treebank expects sentences or lines, not one huge string

    def timed(fn, runs):
        best, n = float("inf"), 0
        for _ in range(runs):
            t0 = time.perf_counter()
            n = fn()
            best = min(best, time.perf_counter() - t0)
        return best, n

    rx = RegexpTokenizer(r"\w+|[^\w\s]+")
    t, n = timed(lambda: len(rx.tokenize(text)), 2)
    print(f"words     NLTK regexp   {mb / t:8.1f} MB/s  {n / t / 1e6:6.2f} M tokens/s  ({n} tokens)")
    tb = TreebankWordTokenizer()
    t, n = timed(lambda: sum(len(tb.tokenize(line)) for line in lines), 1)
    print(f"words     NLTK treebank {mb / t:8.1f} MB/s  {n / t / 1e6:6.2f} M tokens/s  ({n} tokens)")


if __name__ == "__main__":
    main()
