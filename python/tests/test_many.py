"""Engine.clean_many over 1,000 pages: in order, faster on two threads than a loop of
clean, and per core within 20% of the CLI's `clean --jsonl`."""

import json
import time

import newsmend
from conftest import corpus

N = 1000


def seconds(run, repeat=1):
    """The best wall time of `repeat` runs, and the last run's result (the others are
    freed off the clock)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        result = None
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def test_clean_many_on_two_threads_beats_a_loop_and_keeps_order(pages):
    engine = newsmend.Engine()
    docs = corpus(pages, N)
    loop, looped = seconds(lambda: [engine.clean(p) for p in docs])
    many, answers = seconds(lambda: engine.clean_many(docs, threads=2))
    print(f"\n{N} pages: a loop of clean {loop:.2f} s, clean_many(threads=2) {many:.2f} s ({loop / many:.2f}x)")
    assert answers == looped
    assert many < loop


def test_clean_many_per_core_is_within_20_percent_of_the_cli(cli, pages):
    """Pages to Python dicts on one core, the two ways a Python program has: the CLI's
    `clean --jsonl` with its lines parsed (json.loads), or clean_many. Either way the
    dicts are made one object at a time under the GIL, and on pages of many edits that is
    most of the work; the CLI alone, writing JSON text, is printed beside them. The CLI's
    start (the process, its rules compiled: a run over no pages) is taken off its time,
    as the Engine is built before the package's clock starts. Each side's best of three."""
    docs = corpus(pages, N)
    lines = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(docs))
    one = {"RAYON_NUM_THREADS": "1"}

    def run_cli(stdin):
        code, out, err = cli("clean", "--jsonl", stdin=stdin, env=one)
        assert code == 0, err
        return out

    def cli_dicts():
        return [json.loads(line) for line in run_cli(lines.encode()).splitlines()]

    cli_start, _ = seconds(lambda: run_cli(b""), repeat=3)
    cli_text, _ = seconds(lambda: run_cli(lines.encode()), repeat=3)
    cli_parsed, parsed = seconds(cli_dicts, repeat=3)
    engine = newsmend.Engine()
    python, answers = seconds(lambda: engine.clean_many(docs, threads=1), repeat=3)
    # The same pages, the same edits: the CLI's line is the package's dict with the
    # cleaned text and the id beside it.
    assert [a["edits"] for a in answers] == [p["edits"] for p in parsed]
    rate = {k: N / s for k, s in [("text", cli_text - cli_start), ("dicts", cli_parsed - cli_start), ("py", python)]}
    print(
        f"\nper core, {N} pages: CLI clean --jsonl {rate['text']:.0f} pages/s as JSON text, "
        f"{rate['dicts']:.0f} pages/s as dicts (its lines parsed); clean_many(threads=1) {rate['py']:.0f} "
        f"pages/s as dicts ({rate['py'] / rate['dicts']:.0%} of the CLI's dicts, {rate['py'] / rate['text']:.0%} "
        f"of its text; start-up {cli_start:.3f} s)"
    )
    assert rate["py"] >= 0.8 * rate["dicts"]
