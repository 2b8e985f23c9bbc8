#!/usr/bin/env python3
"""Write rules/words.txt, the words `mid_word` reads (src/text/words.rs), from jieba's
dictionary.

  python3 rules/fit/words.py DICT [--out rules/words.txt] [--check]

DICT is jieba's dict.txt (MIT licence): the jieba-rs crate's `src/data/dict.txt`
(`~/.cargo/registry/src/*/jieba-rs-0.11.*/src/data/dict.txt` once the crate is
fetched) or the same file of https://github.com/fxsjy/jieba. Its words seen at least
MIN_FREQ times are kept, one `word frequency` a line in its order: under a third of
the dictionary's words and a quarter of its bytes, read in a quarter of the time.
Whether a break falls inside a word is told almost as well from them (on the e-paper
gaps between two heading-like lines, 131 joins read as breaks inside a word with them,
144 with the whole dictionary; 4 breaks against 3).
"""
import argparse, os, sys

MIN_FREQ = 10
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dict")
    ap.add_argument("--out", default=os.path.join(ROOT, "rules", "words.txt"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    kept = []
    for line in open(args.dict, encoding="utf-8"):
        parts = line.split()
        if len(parts) >= 2 and int(parts[1]) >= MIN_FREQ:
            kept.append(f"{parts[0]} {parts[1]}\n")
    text = "".join(kept)
    if args.check:
        if open(args.out, encoding="utf-8").read() != text:
            sys.exit(f"words.py: {args.out} is not what {args.dict} gives: run python3 rules/fit/words.py DICT")
        return
    open(args.out, "w", encoding="utf-8").write(text)
    print(f"{len(kept)} words to {args.out}")


if __name__ == "__main__":
    main()
