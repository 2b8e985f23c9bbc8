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
import argparse, hashlib, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import joins  # noqa: E402  (the fit itself, shared)

# (group, input file): one input per OCR run (ALTO and the other JSON shapes repeat the
# hOCR's and RapidOCR's lines).
INPUTS = [("layout", "page.hocr"), ("layout", "page.rapidocr.json"), ("tesseract", "page.hocr")]
joins.MAX_PAIRS = 16


def gold_texts(path):
    doc = json.load(open(path, encoding="utf-8"))
    heads = [joins.fold(h) for a in doc["articles"] for h in a.get("headings", [])]
    paras = [joins.fold(p) for a in doc["articles"] for p in a.get("paragraphs", [])]
    return heads, paras


def labelled_lines(binary, path, gold):
    """(signals, label) per line of the page whose label the gold shows."""
    out = subprocess.run([binary, "lines", path], capture_output=True, text=True, check=True).stdout
    rows = [json.loads(l) for l in out.splitlines()]
    names, rows = rows[0]["signals"], rows[1:]
    heads, paras = gold
    found = []
    for r in rows:
        t = joins.fold(r["text"])
        if len(t) < 2:
            continue
        head = any(t in h for h in heads)
        para = any(t in p for p in paras)
        if head != para:
            found.append((tuple(r["x"]), head))
    return names, found


def cases(devset):
    for group, name in INPUTS:
        root = os.path.join(devset, group)
        for d, _, files in sorted(os.walk(root)):
            if name in files and "gold.json" in files:
                yield group, name, os.path.relpath(d, root), os.path.join(d, name), os.path.join(d, "gold.json")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/newsmend"))
    ap.add_argument("--devset", default=os.path.join(ROOT, "..", "shared", "devset"))
    ap.add_argument("--out", default=os.path.join(ROOT, "rules", "headings.toml"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    if not os.path.isdir(args.devset):
        sys.exit(f"headings.py: no devset at {args.devset} (give --devset)")
    pages, names = [], None
    for group, name, case, path, gold in cases(args.devset):
        names, found = labelled_lines(args.bin, path, gold_texts(gold))
        fold = int(hashlib.sha256(f"fold {group}/{case}".encode()).hexdigest(), 16) % 4
        pages.append({"group": group, "input": name, "held": joins.held_out(group, case), "fold": fold,
                      "gaps": found})
    fitted = [p for p in pages if not p["held"]]
    n_pairs = joins.count_pairs(fitted, len(names))
    pairs, w = list(joins.grow_pairs(joins.samples_of(fitted), len(names)))[n_pairs]
    k = len(names)
    lines = ["# The heading model: is a positioned line a heading (kicker, headline, subtitle)?",
             "# Fitted by `python3 rules/fit/headings.py` (do not edit by hand: refit); the",
             "# signals are listed in src/geometry/heading.rs. A line is a heading when bias +",
             "# the weights of its signals that hold is past 0.",
             "[heading]", f"bias = {w[0]:.3f}", "", "[heading.weights]"]
    lines += [f"{n} = {wi:.3f}" for n, wi in zip(names, w[1:k + 1])]
    lines += ["", "# Both signals holding add this weight besides their own.", "[heading.pairs]"]
    lines += [f'"{names[i]} & {names[j]}" = {wi:.3f}' for (i, j), wi in zip(pairs, w[k + 1:])]
    lines += ["", "# Accuracy on the labelled lines, fitted cases and held-out cases, per input.",
              "[heading.fit]", f"cases = {{ fit = {len(fitted)}, held_out = {len(pages) - len(fitted)} }}",
              f"pairs = {n_pairs}  # by cross-validation, of at most {joins.MAX_PAIRS}"]
    for (g, name) in sorted({(p["group"], p["input"]) for p in pages}):
        these = [p for p in pages if (p["group"], p["input"]) == (g, name)]
        f = [x for p in these if not p["held"] for x in p["gaps"]]
        h = [x for p in these if p["held"] for x in p["gaps"]]
        heads_f = [x for x in f if x[1]]
        heads_h = [x for x in h if x[1]]
        key = f"{g}_{name.replace('.', '_')}"
        lines.append(f"{key} = {{ lines = {len(f) + len(h)}, fit = {joins.accuracy(w, pairs, f):.3f}, "
                     f"held_out = {joins.accuracy(w, pairs, h):.3f}, "
                     f"headings_fit = {joins.accuracy(w, pairs, heads_f):.3f}, "
                     f"headings_held_out = {joins.accuracy(w, pairs, heads_h):.3f} }}")
    text = "\n".join(lines) + "\n"
    if args.check:
        if open(args.out, encoding="utf-8").read() != text:
            sys.exit(f"headings.py: {args.out} is not what the fit gives: run python3 rules/fit/headings.py")
        return
    open(args.out, "w", encoding="utf-8").write(text)
    print(text)


if __name__ == "__main__":
    main()
