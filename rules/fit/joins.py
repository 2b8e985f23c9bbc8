#!/usr/bin/env python3
"""Fit the join model of rules/joins.toml on the devset's generated groups.

  python3 rules/fit/joins.py [--bin target/release/newsmend] [--devset ../shared/devset]
                             [--out rules/joins.toml] [--check]

For every case of the groups below, `newsmend gaps INPUT` lists each gap between two
printed lines that the join model decides, with its signals. The gold says what the gap
is: a join when the two lines' text stands together inside one gold heading or
paragraph, a break when the first ends a gold heading or paragraph or the second starts
one. Gaps whose lines the gold does not hold as written (misread characters), and those
between two pieces of paragraphs (columns interleaved by the extractor), are left out.

A logistic regression with an L2 penalty is fitted by Newton's method on three cases in
four, on the signals and on the pairs of them that the fit picks one at a time (the
pair whose weight the data asks for most); every fourth case (by a hash of its name, so the split is stable) is held out and
only scored. Each group weighs the same in the fit, however many gaps it has. The
weights are written to --out with the figures of the fit; --check refits and fails when
the file differs from what it would write (the weights are reproducible).

Standard library only; the pages are read through the binary, so build it first
(`cargo build --release`).
"""
import argparse, concurrent.futures, hashlib, json, math, os, re, subprocess, sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# (group, input file) pairs the model is fitted on: every text input of printed lines.
INPUTS = [("epaper", "input.txt"), ("epaper", "page.pymupdf.txt"), ("layout", "page.txt"),
          ("tesseract", "page.txt"), ("ecpo", "input.txt")]
WIDE = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！",
                      "?": "？", "“": '"', "”": '"', "‘": "'", "’": "'"})
PENALTY = 1.0
# Pairs of signals weighed together are chosen one at a time by the fit (the pair whose
# weight the data asks for most, by the score test); how many, by four-fold
# cross-validation on the fitted cases, up to this many.
MAX_PAIRS = 24


def fold(s):
    return re.sub(r"[\s\u3000]+", "", s).translate(WIDE)


def read_gold(path):
    """The gold, folded and read once: its headings and paragraphs one a line in
    reading order (where a gap's label is read), its headings, and its paragraphs."""
    doc = json.load(open(path, encoding="utf-8"))
    lines, heads, paras = [], [], []
    for a in doc["articles"]:
        hs = [t for t in map(fold, a.get("headings", [])) if t]
        ps = [t for t in map(fold, a.get("paragraphs", [])) if t]
        lines += hs + ps
        heads += hs
        paras += ps
    return "\n" + "\n".join(lines) + "\n", heads, paras


def labelled_gaps(binary, path, gold, headings=()):
    """(signals, label, at a heading) per gap of the page whose label the gold shows. A
    gap is at a heading when it ends or starts a gold heading or holds one together: the
    fit reports those apart, as a heading is decided at its gaps."""
    out = subprocess.run([binary, "gaps", path], capture_output=True, text=True, check=True).stdout
    rows = [json.loads(l) for l in out.splitlines()]
    names, rows = rows[0]["signals"], rows[1:]
    found = []
    for r in rows:
        a, b = fold(r["a"]), fold(r["b"])
        if not a or not b or a not in gold or b not in gold:
            continue
        # A break is learnt only where the first line ends its gold line or the second
        # starts one: lines of two columns interleaved by the extractor are an order to
        # repair, not a gap to weigh.
        join = (a + b) in gold
        if join or (a + "\n") in gold or ("\n" + b) in gold:
            heading = any((a + b) in h if join else (h.endswith(a) or h.startswith(b)) for h in headings)
            found.append((tuple(r["x"]), join, heading))
    return names, found


def cases(devset, inputs):
    """(group, input, case, input path, gold path) for each case of `inputs` in `devset`."""
    for group, name in inputs:
        root = os.path.join(devset, group)
        for d, _, files in sorted(os.walk(root)):
            if name in files and "gold.json" in files:
                yield group, name, os.path.relpath(d, root), os.path.join(d, name), os.path.join(d, "gold.json")


def held_out(group, case):
    return int(hashlib.sha256(f"{group}/{case}".encode()).hexdigest(), 16) % 4 == 0


def solve(a, b):
    """a x = b by Gauss-Jordan with partial pivoting (a is small and positive definite)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]


def fit(samples):
    """Weighted L2 logistic regression: samples are {(x..., label): weight}; returns [bias, w...]."""
    n = len(next(iter(samples))[0]) + 1
    w = [0.0] * n
    for _ in range(50):
        grad = [0.0] * n
        hess = [[0.0] * n for _ in range(n)]
        for (x, y), c in samples.items():
            v = (1.0,) + x
            # The signals are bits, few of them set: only those terms are summed.
            nz = [i for i in range(n) if v[i]]
            z = sum(w[i] * v[i] for i in nz)
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            for i in nz:
                grad[i] += c * (p - y) * v[i]
                row = hess[i]
                for j in nz:
                    row[j] += c * p * (1 - p) * v[i] * v[j]
        for i in range(1, n):
            grad[i] += PENALTY * w[i]
            hess[i][i] += PENALTY
        hess[0][0] += 1e-9
        step = solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return w


def expand(x, pairs):
    return x + tuple(x[i] * x[j] for i, j in pairs)


def predict(w, x):
    z = w[0] + sum(wi * xi for wi, xi in zip(w[1:], x))
    return 1 / (1 + math.exp(-max(-30, min(30, z))))


def grow_pairs(samples, n, max_pairs=None):
    """The model on the signals alone, then with one more pair at each step, up to
    `max_pairs` (MAX_PAIRS)."""
    max_pairs = MAX_PAIRS if max_pairs is None else max_pairs
    pairs = []
    candidates = [(i, j) for i in range(n) for j in range(i + 1, n)
                  if sum(c for (x, _), c in samples.items() if x[i] and x[j]) >= 10.0]
    while True:
        w = fit({(expand(x, pairs), y): c for (x, y), c in samples.items()})
        yield list(pairs), w
        if len(pairs) == max_pairs:
            return
        grad, info = defaultdict(float), defaultdict(float)
        for (x, y), c in samples.items():
            p = predict(w, expand(x, pairs))
            for i, j in candidates:
                if x[i] and x[j]:
                    grad[(i, j)] += c * (y - p)
                    info[(i, j)] += c * p * (1 - p)
        best = max((k for k in candidates if k not in pairs and info[k] > 0), key=lambda k: grad[k] ** 2 / info[k])
        pairs.append(best)


def log_loss(w, pairs, samples):
    total = 0.0
    for (x, y), c in samples.items():
        p = min(1 - 1e-9, max(1e-9, predict(w, expand(x, pairs))))
        total -= c * (math.log(p) if y else math.log(1 - p))
    return total


def count_pairs(pages, n):
    """How many pairs: the count whose models, fitted on three folds of the pages, lose
    least on the fourth, summed over the four folds."""
    # The folds are fitted side by side, one process each; their losses are added in
    # fold order, so the sum is the one a single process makes.
    with concurrent.futures.ProcessPoolExecutor(min(4, os.cpu_count() or 1)) as pool:
        folds = list(pool.map(fold_losses, [pages] * 4, range(4), [n] * 4, [MAX_PAIRS] * 4))
    loss = defaultdict(float)
    for losses in folds:
        for k, l in losses:
            loss[k] += l
    return min(loss, key=lambda k: (loss[k], k))


def fold_losses(pages, f, n, max_pairs):
    """(pairs, loss on fold f) for each model grown on the other three folds. The
    caller's MAX_PAIRS is passed: a worker process may import this module afresh."""
    train = samples_of([p for p in pages if p["fold"] != f])
    val = samples_of([p for p in pages if p["fold"] == f])
    return [(len(pairs), log_loss(w, pairs, val)) for pairs, w in grow_pairs(train, n, max_pairs)]


def samples_of(pages):
    """The pages' gaps as {(signals, label): weight}, each group weighing the same."""
    per_group = defaultdict(int)
    for p in pages:
        per_group[p["group"]] += len(p["gaps"])
    samples = defaultdict(float)
    for p in pages:
        for x, y, *_ in p["gaps"]:
            samples[(x, float(y))] += 1000.0 / per_group[p["group"]]
    return samples


def accuracy(w, pairs, rows):
    right = sum((predict(w, expand(x, pairs)) > 0.5) == y for x, y, *_ in rows)
    return right / len(rows) if rows else 1.0


def run(doc, script, out, inputs, labelled, section, header, what, row):
    """A fit script's command: label the cases of `inputs` with `labelled(binary, input,
    gold)` (signal names, [(signals, label)]), fit on three cases in four, and write the
    `[section]` model to `out` under `header`, with a line per input of `row(w, pairs,
    fitted rows, held-out rows)`; --check fails when the file differs."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/newsmend"))
    ap.add_argument("--devset", default=os.path.join(ROOT, "..", "shared", "devset"))
    ap.add_argument("--out", default=os.path.join(ROOT, "rules", out))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    if not os.path.isdir(args.devset):
        sys.exit(f"{script}: no devset at {args.devset} (give --devset)")
    pages, names = [], None
    for group, name, case, path, gold in cases(args.devset, inputs):
        names, found = labelled(args.bin, path, gold)
        fold = int(hashlib.sha256(f"fold {group}/{case}".encode()).hexdigest(), 16) % 4
        pages.append({"group": group, "input": name, "held": held_out(group, case), "fold": fold,
                      "gaps": found})
    fitted = [p for p in pages if not p["held"]]
    n_pairs = count_pairs(fitted, len(names))
    pairs, w = list(grow_pairs(samples_of(fitted), len(names)))[n_pairs]
    k = len(names)
    lines = header + [f"[{section}]", f"bias = {w[0]:.3f}", "", f"[{section}.weights]"]
    lines += [f"{n} = {wi:.3f}" for n, wi in zip(names, w[1:k + 1])]
    lines += ["", "# Both signals holding add this weight besides their own.", f"[{section}.pairs]"]
    lines += [f'"{names[i]} & {names[j]}" = {wi:.3f}' for (i, j), wi in zip(pairs, w[k + 1:])]
    lines += ["", f"# Accuracy on the labelled {what}, fitted cases and held-out cases, per input.",
              f"[{section}.fit]", f"cases = {{ fit = {len(fitted)}, held_out = {len(pages) - len(fitted)} }}",
              f"pairs = {n_pairs}  # by cross-validation, of at most {MAX_PAIRS}"]
    for (g, name) in sorted({(p["group"], p["input"]) for p in pages}):
        these = [p for p in pages if (p["group"], p["input"]) == (g, name)]
        f = [x for p in these if not p["held"] for x in p["gaps"]]
        h = [x for p in these if p["held"] for x in p["gaps"]]
        lines.append(f"{g}_{name.replace('.', '_')} = {{ {row(w, pairs, f, h)} }}")
    text = "\n".join(lines) + "\n"
    if args.check:
        if open(args.out, encoding="utf-8").read() != text:
            sys.exit(f"{script}: {args.out} is not what the fit gives: run python3 rules/fit/{script}")
        return
    open(args.out, "w", encoding="utf-8").write(text)
    print(text)


def main():
    header = ["# The join model: for text of printed lines, does a line go on into the next?",
              "# Fitted by `python3 rules/fit/joins.py` (do not edit by hand: refit); the signals",
              "# are listed in src/structure/join_model.rs. A gap joins when bias + the weights",
              "# of its signals that hold is past 0."]

    def row(w, pairs, f, h):
        heads = [g for g in h if g[2]]
        return (f"gaps = {len(f) + len(h)}, fit = {accuracy(w, pairs, f):.3f}, held_out = {accuracy(w, pairs, h):.3f}, "
                f"held_out_at_headings = {accuracy(w, pairs, heads):.3f}")
    run(__doc__, "joins.py", "joins.toml", INPUTS,
        lambda b, p, g: labelled_gaps(b, p, *read_gold(g)[:2]),
        "join", header, "gaps", row)


if __name__ == "__main__":
    main()
