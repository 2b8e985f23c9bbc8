"""The package answers as the CLI does: on every file under testdata/, `clean` gives the
object `newsmend clean FILE --format json` prints, `clean_text` the text it prints by
default and with --format markdown, and a file the CLI refuses raises InputError with
the message the CLI prints."""

import json

import pytest

import newsmend
from conftest import REPO

FILES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "testdata").rglob("*") if p.is_file())

# The kind that names each positioned format, by the file's name.
KINDS = {".hocr": "hocr", ".alto.xml": "alto", ".json": "paddle", ".pdf": "pdf"}


def canonical(obj) -> str:
    return json.dumps(obj, sort_keys=True)


def kind_of(name: str):
    return next((kind for end, kind in KINDS.items() if name.endswith(end)), None)


@pytest.mark.parametrize("name", FILES)
def test_clean_is_the_cli_json(cli, name):
    code, out, err = cli("clean", name, "--format", "json")
    data = (REPO / name).read_bytes()
    if code != 0:
        message = err.decode().strip()
        assert message.startswith("newsmend: "), message
        with pytest.raises(newsmend.InputError) as raised:
            newsmend.clean(data, name=name)
        assert str(raised.value) == message.removeprefix("newsmend: ")
        return
    want = canonical(json.loads(out))
    assert canonical(newsmend.clean(data, name=name)) == want
    # Positioned pages by bytes and the kind that names their format.
    kind = kind_of(name)
    if kind is not None:
        assert canonical(newsmend.clean(data, name=name, kind=kind)) == want


@pytest.mark.parametrize("name", FILES)
def test_clean_text_is_the_cli_text(cli, name):
    data = (REPO / name).read_bytes()
    for fmt in ("text", "markdown"):
        code, out, _ = cli("clean", name, "--format", fmt)
        if code != 0:
            with pytest.raises(newsmend.InputError):
                newsmend.clean_text(data, name=name, format=fmt)
            continue
        assert newsmend.clean_text(data, name=name, format=fmt) == out.decode()


def test_the_cli_accepts_most_of_testdata(cli):
    """The parity above is not vacuous: most bundled files are pages the CLI cleans,
    positioned ones among them."""
    accepted = [n for n in FILES if cli("clean", n, "--format", "json")[0] == 0]
    assert len(accepted) >= 25, accepted
    assert {kind_of(n) for n in accepted} >= {"hocr", "alto", "paddle", "pdf"}


def test_str_and_stdin_agree(cli):
    """A str is its UTF-8 bytes; with no name the page is `-`, as stdin is."""
    data = (REPO / "testdata/example.txt").read_bytes()
    code, out, _ = cli("clean", "-", "--format", "json", stdin=data)
    assert code == 0
    assert canonical(newsmend.clean(data.decode())) == canonical(json.loads(out))


def test_options_are_the_cli_options(cli, tmp_path):
    rules = tmp_path / "mine.toml"
    rules.write_text('[space]\ncjk_latin = "add"\n', encoding="utf-8")
    page = "testdata/example.txt"
    data = (REPO / page).read_bytes()
    for args, kwargs in [
        (["--disable", "space"], {"disable": ["space"]}),
        (["--disable", "punct.quote", "--safe-only"], {"disable": ("punct.quote",), "safe_only": True}),
        (["--rules", str(rules)], {"rules": [rules]}),
        (["--rules", str(rules), "--disable", "width"], {"rules": [str(rules)], "disable": ["width"]}),
    ]:
        code, out, _ = cli("clean", page, "--format", "json", *args)
        assert code == 0
        assert canonical(newsmend.clean(data, name=page, **kwargs)) == canonical(json.loads(out))
        engine = newsmend.Engine(**kwargs)
        assert canonical(engine.clean(data, name=page)) == canonical(json.loads(out))
