#!/usr/bin/env python3
"""Fit the heading model of rules/headings.toml on the devset's positioned groups.

  python3 rules/fit/headings.py [--bin target/release/newsmend] [--devset ../shared/devset]
                                [--out rules/headings.toml] [--check]

For every case of the inputs below, `newsmend lines INPUT` lists each line of the page's
regions as the geometry lays it out, with the signals the heading model weighs. The gold
says what a line is: a heading when its text stands inside one of the page's gold
headings (kicker, headline or subtitle) and in no paragraph, text when it stands inside a
paragraph (intertitles and captions are paragraphs in the gold) and in no heading. Lines
the gold does not hold as read (misread characters, specks), and those it holds both
ways, are left out.

The fit is `joins.py`'s: a logistic regression with an L2 penalty, fitted by Newton's
method on three cases in four, with the pairs of signals the fit picks one at a time (how
many, by four-fold cross-validation); every fourth case (by a hash of its name) is held
out and only scored; each group weighs the same. --check refits and fails when the file
differs from what it would write.

Standard library only; build the binary first (`cargo build --release`).
"""
import json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import joins  # noqa: E402  (the fit itself, shared)

# (group, input file): one input per OCR run (ALTO and the other JSON shapes repeat the
# hOCR's and RapidOCR's lines).
INPUTS = [("layout", "page.hocr"), ("layout", "page.rapidocr.json"), ("tesseract", "page.hocr"), ("epaper", "page.pdf")]
joins.MAX_PAIRS = 16


def fold(s):
    """The joins fit's fold, and % read as the gold's ％: a line's figure (`3.2%`) is
    no misread."""
    return joins.fold(s).replace("%", "％")


def labelled_lines(binary, path, gold):
    """(signals, label) per line of the page whose label the gold shows."""
    out = subprocess.run([binary, "lines", path], capture_output=True, text=True, check=True).stdout
    rows = [json.loads(l) for l in out.splitlines()]
    names, rows = rows[0]["signals"], rows[1:]
    heads, paras = gold
    found = []
    for r in rows:
        t = fold(r["text"])
        if len(t) < 2:
            continue
        head = any(t in h for h in heads)
        para = any(t in p for p in paras)
        if head != para:
            found.append((tuple(r["x"]), head))
    return names, found


def main():
    header = ["# The heading model: is a positioned line a heading (kicker, headline, subtitle)?",
              "# Fitted by `python3 rules/fit/headings.py` (do not edit by hand: refit); the",
              "# signals are listed in src/geometry/heading.rs. A line is a heading when bias +",
              "# the weights of its signals that hold is past 0."]

    def row(w, pairs, f, h):
        heads_f, heads_h = [x for x in f if x[1]], [x for x in h if x[1]]
        return (f"lines = {len(f) + len(h)}, fit = {joins.accuracy(w, pairs, f):.3f}, "
                f"held_out = {joins.accuracy(w, pairs, h):.3f}, "
                f"headings_fit = {joins.accuracy(w, pairs, heads_f):.3f}, "
                f"headings_held_out = {joins.accuracy(w, pairs, heads_h):.3f}")
    joins.run(__doc__, "headings.py", "headings.toml", INPUTS,
              lambda b, p, g: labelled_lines(b, p, [[fold(x) for x in part] for part in joins.read_gold(g)[1:]]), "heading", header, "lines", row)


if __name__ == "__main__":
    main()
