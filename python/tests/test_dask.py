"""The README's Dask recipe, run as the README prints it: 2,000 pages in 4 JSON-lines
files (4 partitions) cleaned by the package on a Dask bag give what the CLI gives."""

import json
import re

import pytest

from conftest import REPO, corpus

N, PARTS = 2000, 4


def readme_recipe(name: str) -> str:
    """The code block the README marks `<!-- recipe: NAME -->`."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- recipe: {name} -->\n```python\n(.*?)```", readme, re.S)
    assert found, f"README.md has no recipe {name}"
    return found.group(1)


def test_the_readme_dask_recipe_gives_the_clis_answers(cli, pages, tmp_path, monkeypatch):
    try:
        import dask.bag  # noqa: F401
    except ImportError as e:
        reason = f"dask is not installed ({e}); pip install 'dask[bag]' to run the Dask recipe"
        print(reason)
        pytest.skip(reason)
    docs = corpus(pages, N)
    (tmp_path / "pages").mkdir()
    per = N // PARTS
    for k in range(PARTS):
        rows = [{"id": i, "series": "jb", "text": docs[i]} for i in range(k * per, (k + 1) * per)]
        with open(tmp_path / "pages" / f"part-{k}.jsonl", "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    monkeypatch.chdir(tmp_path)
    # Not importable by this name: the partition function is pickled by value for the
    # worker processes.
    namespace = {"__name__": "readme_dask_recipe"}
    exec(readme_recipe("dask"), namespace)
    assert namespace["bag"].npartitions == PARTS
    files = sorted((tmp_path / "cleaned").glob("*.jsonl"))
    rows = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == list(range(N))
    want = {}
    for k, page in enumerate(pages):
        code, out, err = cli("clean", "-", "--format", "json", stdin=page)
        assert code == 0, err
        want[k] = json.dumps(json.loads(out), sort_keys=True)
    for r in rows:
        assert r["series"] == "jb" and r["text"] == docs[r["id"]]
        assert json.dumps(r["newsmend"], sort_keys=True) == want[r["id"] % len(pages)], r["id"]
