"""The package's surface: its version, its errors as exceptions, its arguments, and an
Engine that survives pickling (how Dask and Spark ship it to their workers)."""

import importlib.metadata
import pickle
import tomllib

import pytest

import newsmend
from conftest import REPO


def test_version_is_the_crates():
    with open(REPO / "Cargo.toml", "rb") as f:
        version = tomllib.load(f)["workspace"]["package"]["version"]
    assert newsmend.__version__ == version
    assert importlib.metadata.version("newsmend") == version


def test_exceptions_are_value_errors():
    assert issubclass(newsmend.InputError, newsmend.Error)
    assert issubclass(newsmend.RulesError, newsmend.Error)
    assert issubclass(newsmend.Error, ValueError)


@pytest.mark.parametrize(
    "page, message",
    [
        (b"\x00\x01\x02\x03abc" * 100, "-: looks like binary data, not text (a NUL byte at byte offset 0"),
        ((REPO / "testdata/not-text.png").read_bytes(), "-: looks like binary data, not text"),
        (b"", "-: empty input"),
        ("  \n\n", "-: empty input"),
        (b'{"not": "ocr"}', "-: JSON, but not an OCR result newsmend reads"),
    ],
)
def test_a_page_the_cli_refuses_raises_input_error(page, message):
    with pytest.raises(newsmend.InputError) as raised:
        newsmend.clean(page)
    assert str(raised.value).startswith(message)
    with pytest.raises(newsmend.InputError):
        newsmend.clean_text(page)
    with pytest.raises(newsmend.InputError):
        newsmend.Engine().clean_many([page])


def test_an_input_error_names_the_page():
    with pytest.raises(newsmend.InputError, match=r"^scan\.png: looks like binary data"):
        newsmend.clean((REPO / "testdata/not-text.png").read_bytes(), name="scan.png")


def test_a_kind_that_does_not_fit_is_an_input_error():
    with pytest.raises(newsmend.InputError, match=r"^-: not a PDF"):
        newsmend.clean("本报讯 会议召开。", kind="pdf")
    with pytest.raises(newsmend.InputError):
        newsmend.clean("本报讯 会议召开。", kind="paddle")


def test_kind_text_reads_json_looking_text_as_text():
    page = '{"本报讯": 1}\n会议召开。'
    with pytest.raises(newsmend.InputError):
        newsmend.clean(page)
    assert "会议召开。" in newsmend.clean_text(page, kind="text")


def test_bad_arguments():
    with pytest.raises(TypeError, match="str or bytes, not int"):
        newsmend.clean(3)
    with pytest.raises(ValueError, match="kind="):
        newsmend.clean("x", kind="docx")
    with pytest.raises(ValueError, match="format="):
        newsmend.clean("x", format="markdown")
    with pytest.raises(ValueError, match="format="):
        newsmend.clean_text("x", format="json")
    with pytest.raises(ValueError, match="threads=0"):
        newsmend.Engine().clean_many(["x"], threads=0)
    with pytest.raises(ValueError, match="errors="):
        newsmend.Engine().clean_many(["x"], errors="skip")
    with pytest.raises(TypeError):
        newsmend.Engine(disable="space")  # a str is not a list of rules


def test_rules_errors(tmp_path):
    with pytest.raises(newsmend.RulesError, match="no such rule or family"):
        newsmend.Engine(disable=["spaces"])
    with pytest.raises(newsmend.RulesError, match="no such rule or family"):
        newsmend.clean("x", disable=["spaces"])
    with pytest.raises(newsmend.RulesError, match="missing.toml"):
        newsmend.Engine(rules=[tmp_path / "missing.toml"])
    bad = tmp_path / "bad.toml"
    bad.write_text("[space\n", encoding="utf-8")
    with pytest.raises(newsmend.RulesError, match="bad.toml: rules:"):
        newsmend.Engine(rules=[bad])


def test_errors_return_keeps_the_others_and_says_which():
    engine = newsmend.Engine()
    good = "本报讯 会议召开。"
    out = engine.clean_many([good, b"\x00\x01" * 50, good], errors="return", threads=2)
    assert out[0] == out[2] == engine.clean(good)
    assert isinstance(out[1], newsmend.InputError) and out[1].index == 1
    with pytest.raises(newsmend.InputError) as raised:
        engine.clean_many([good, good, b""])
    assert raised.value.index == 2


def test_clean_many_takes_a_generator_of_any_length():
    engine = newsmend.Engine()
    pages = (f"第{i}条 本报讯 会议召开。" for i in range(600))
    texts = engine.clean_many(pages, threads=2, format="text")
    assert len(texts) == 600 and texts[599] == engine.clean_text("第599条 本报讯 会议召开。")
    assert engine.clean_many([]) == []


def test_engine_pickles_with_its_options(tmp_path):
    rules = tmp_path / "mine.toml"
    rules.write_text('[space]\ncjk_latin = "add"\n', encoding="utf-8")
    engine = newsmend.Engine(rules=[rules], disable=["punct.quote"], safe_only=True)
    again = pickle.loads(pickle.dumps(engine))
    assert (again.rules, again.disable, again.safe_only) == ([rules], ["punct.quote"], True)
    page = "召开2024年度会议"
    assert again.clean(page) == engine.clean(page) != newsmend.clean(page)
    assert repr(again).startswith("Engine(rules=[") and "disable=['punct.quote'], safe_only=True)" in repr(again)


def test_stubs_name_what_the_module_has():
    import ast

    stub = ast.parse((REPO / "python/newsmend.pyi").read_text(encoding="utf-8"))
    names = {n.name for n in stub.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    assert names == {"Error", "InputError", "RulesError", "Engine", "clean", "clean_text"}
    assert set(newsmend.__all__) == names | {"__version__"}
    assert all(getattr(newsmend, n).__doc__ for n in names)
