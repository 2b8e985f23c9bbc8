#!/usr/bin/env python3
"""Where DECK_PITCH (src/geometry/flow.rs) stands among the devset's heading lines.

  python3 rules/fit/deck_pitch.py [--devset ../shared/devset]

Two heading lines one above the other are one deck wrapped (a headline printed on two
lines) or two decks (kicker and headline, headline and subtitle). newsmend tells them
apart by their characters' pitch: the width the line's words take per em of their
text, an ASCII character counted as 0.55 em (`pitch` in src/geometry/mod.rs). For each
pair of vertically adjacent lines whose text stands in a gold heading of `layout/`
(RapidOCR boxes; Tesseract hOCR lines and words), this prints the ratio of the larger
pitch to the smaller, for pairs within one deck and pairs of two decks. DECK_PITCH
must lie between the two: a pair within it is one deck.

Standard library only, besides rapidfuzz (as the devset's scorer).
"""
import argparse, glob, json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))


def em(c):
    return 0.55 if ord(c) < 128 else 1.0


def rapidocr_lines(path):
    """(x0, y0, x1, y1, text, pitch) per box: its words are its characters, placed across it."""
    out = []
    for box, text, _ in json.load(open(path, encoding="utf-8")):
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        ems = sum(em(c) for c in text.strip())
        if ems >= 2:
            out.append((min(xs), min(ys), max(xs), max(ys), text, (max(xs) - min(xs)) / ems))
    return out


WORD = re.compile(r"class='ocrx_word'[^>]*title='bbox (\d+) (\d+) (\d+) (\d+)[^']*'[^>]*>([^<]*)<")
LINE = re.compile(r"class='ocr_(?:line|caption|textfloat|header)'[^>]*title=\"bbox (\d+) (\d+) (\d+) (\d+)")


def hocr_lines(path):
    """(x0, y0, x1, y1, text, pitch) per ocr_line: its words' widths summed per em."""
    out = []
    text = open(path, encoding="utf-8").read()
    starts = [m for m in LINE.finditer(text)]
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        words = WORD.findall(text, m.end(), end)
        ems = sum(em(c) for w in words for c in w[4].strip())
        width = sum(int(w[2]) - int(w[0]) for w in words)
        t = "".join(w[4] for w in words).replace(" ", "")
        if ems >= 2:
            x0, y0, x1, y1 = map(int, m.groups())
            out.append((x0, y0, x1, y1, t, width / ems))
    return out


def ratios(devset, read, name):
    same, apart = [], []
    for gold in sorted(glob.glob(os.path.join(devset, "layout", "*", "p0*", "gold.json"))):
        path = os.path.join(os.path.dirname(gold), name)
        if not os.path.exists(path):
            continue
        lines = read(path)
        for a in json.load(open(gold, encoding="utf-8"))["articles"]:
            decks = sorted(((k, l) for k, h in enumerate(a["headings"]) for l in lines
                            if len(l[4]) >= 3 and l[4] in h), key=lambda x: x[1][1])
            for (k1, a1), (k2, a2) in zip(decks, decks[1:]):
                if a2[1] - a1[3] > (a2[3] - a2[1]) * 1.2 or min(a1[5], a2[5]) <= 0:
                    continue  # not one right under the other
                r = max(a1[5], a2[5]) / min(a1[5], a2[5])
                (same if k1 == k2 else apart).append(round(r, 3))
    return sorted(same), sorted(apart)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--devset", default=os.path.join(HERE, "..", "..", "..", "shared", "devset"))
    args = ap.parse_args()
    for label, read, name in (("RapidOCR", rapidocr_lines, "page.rapidocr.json"), ("hOCR", hocr_lines, "page.hocr")):
        same, apart = ratios(args.devset, read, name)
        print(f"{label}: one deck ({len(same)}): {same}")
        print(f"{label}: two decks ({len(apart)}): {apart}")


if __name__ == "__main__":
    main()
