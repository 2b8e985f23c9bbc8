#!/usr/bin/env python3
"""How many of the devset's gold headings an OCR run read without a misread character.

  python3 rules/fit/heading_ceiling.py [--devset ../shared/devset]

The devset's heading score counts a gold heading found only when the output holds it
exactly. A heading the OCR misread (`蒲长城` read `薄长城`) cannot be found whatever the
layout stage does, so the share of gold headings that stand verbatim in the OCR's own
text (spaces removed, both sides NFKC-folded, as the width pass folds `％` and `%`) is
the most that score can reach from that input. This prints that share per group and
input kind; compare it with the headings figure `devscore` prints.

Standard library only.
"""
import argparse, glob, html, json, os, re, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = [("layout", "page.hocr"), ("layout", "page.rapidocr.json"), ("tesseract", "page.hocr"), ("vertical", "page.hocr"), ("vertical", "page.rapidocr.json")]


def fold(s):
    return unicodedata.normalize("NFKC", re.sub(r"\s", "", s))


def ocr_text(path):
    """The text an OCR file holds, in any order: what could be read, not how."""
    raw = open(path, encoding="utf-8").read()
    if path.endswith(".hocr"):
        return fold(html.unescape("".join(re.findall(r">([^<>]*)</span>", raw))))
    return fold(raw)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--devset", default=os.path.join(HERE, "..", "..", "..", "shared", "devset"))
    args = ap.parse_args()
    for group, name in INPUTS:
        found = total = 0
        for case in sorted(glob.glob(os.path.join(args.devset, group, "*", "p*"))):
            path = os.path.join(case, name)
            if not os.path.exists(path):
                continue
            text = ocr_text(path)
            gold = json.load(open(os.path.join(case, "gold.json"), encoding="utf-8"))
            for article in gold["articles"]:
                for heading in article.get("headings", []):
                    total += 1
                    found += fold(heading) in text
        if total:
            print(f"{group:10} {name:20} headings {total:4}  read verbatim {found / total:.3f}")


if __name__ == "__main__":
    main()
