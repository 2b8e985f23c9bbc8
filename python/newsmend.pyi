"""Clean the OCR and PDF-extraction text of Chinese newspaper pages, every change a
named, reviewable edit: the Python package of the newsmend command line.

``clean`` returns the object ``newsmend clean PAGE --format json`` prints (parsed),
``clean_text`` the text ``newsmend clean PAGE`` prints. An ``Engine`` holds the compiled
rules for many pages; ``Engine.clean_many`` cleans them in parallel with the GIL released.
"""

import os
from typing import Any, Iterable, List, Literal, Optional, Sequence, Union, overload

__version__: str
"""The version of newsmend (the crate's, as ``newsmend --version`` prints it)."""

Page = Union[str, bytes, bytearray]
"""A page: text, or the bytes of a file (any encoding the CLI reads, hOCR, ALTO,
PaddleOCR/RapidOCR/Umi-OCR JSON or a PDF)."""

Kind = Literal["auto", "text", "hocr", "alto", "paddle", "pdf"]
"""The page's format: ``auto`` tells it from the content as the CLI does; the others name it."""

StrPath = Union[str, "os.PathLike[str]"]

class Error(ValueError):
    """Anything newsmend refuses: the base of InputError and RulesError."""

class InputError(Error):
    """A page newsmend cannot read (binary, empty, undecodable, malformed OCR, a damaged
    PDF); the message is what ``newsmend clean`` prints after ``newsmend: ``. From
    ``clean_many`` it has an ``index`` attribute: the page's place in the input."""

    index: int

class RulesError(Error):
    """A rule file that cannot be read, or a disabled rule that does not exist."""

def clean(
    page: Page,
    *,
    format: Literal["json"] = "json",
    rules: Optional[Sequence[StrPath]] = None,
    disable: Sequence[str] = (),
    safe_only: bool = False,
    kind: Kind = "auto",
    name: str = "-",
) -> dict[str, Any]:
    """Clean one page and return the object ``newsmend clean PAGE --format json`` prints:
    ``source``, ``encoding``, ``articles``, ``running_heads`` and every accepted edit
    (``id``, ``rule``, ``start``, ``end``, ``before``, ``after``, ``applicability``,
    ``reason``).

    ``name`` is what ``source`` and error messages call the page, as the CLI calls its
    input (``-`` for stdin). ``rules`` (extra rule files), ``disable`` (rules or
    families: ``"space"``, ``"punct.quote"``) and ``safe_only`` are the CLI's
    ``--rules``, ``--disable`` and ``--safe-only``; with any of them the call builds an
    engine for itself, so build an ``Engine`` once for many pages.

    Raises InputError for a page the CLI refuses (binary, empty, undecodable, malformed
    OCR), RulesError for bad rules, TypeError for a page that is neither str nor bytes.
    """

def clean_text(
    page: Page,
    *,
    format: Literal["text", "markdown"] = "text",
    rules: Optional[Sequence[StrPath]] = None,
    disable: Sequence[str] = (),
    safe_only: bool = False,
    kind: Kind = "auto",
    name: str = "-",
) -> str:
    """Clean one page and return the text ``newsmend clean PAGE`` prints (with
    ``format="markdown"``: what ``--format markdown`` prints). The arguments and errors
    are those of ``clean``."""

class Engine:
    """The rules of newsmend (the built-in ones, then the files in ``rules``: TOML, or a
    TSV of variants) and which of their edits to apply: all but the rules and families in
    ``disable``, and with ``safe_only`` only those no rule is unsure of.

    Built once, used for any number of pages from any number of threads; picklable (the
    rule files are read again where it is unpickled, so they must be there too)."""

    def __init__(
        self,
        rules: Optional[Sequence[StrPath]] = None,
        disable: Sequence[str] = (),
        safe_only: bool = False,
    ) -> None: ...
    @property
    def rules(self) -> List[os.PathLike[str]]:
        """The rule files this engine was built with."""
    @property
    def disable(self) -> List[str]:
        """The rules and families whose edits it leaves out."""
    @property
    def safe_only(self) -> bool:
        """Whether it applies only the edits no rule is unsure of."""
    def clean(
        self, page: Page, *, format: Literal["json"] = "json", kind: Kind = "auto", name: str = "-"
    ) -> dict[str, Any]:
        """``newsmend.clean`` with this engine's rules."""
    def clean_text(
        self, page: Page, *, format: Literal["text", "markdown"] = "text", kind: Kind = "auto", name: str = "-"
    ) -> str:
        """``newsmend.clean_text`` with this engine's rules."""
    @overload
    def clean_many(
        self,
        pages: Iterable[Page],
        *,
        threads: Optional[int] = None,
        format: Literal["json"] = "json",
        kind: Kind = "auto",
        errors: Literal["raise"] = "raise",
    ) -> List[dict[str, Any]]:
        """Clean every page of ``pages`` on ``threads`` threads (default: one per core)
        with the GIL released, and return the answers in the order of ``pages``: dicts as
        ``clean`` returns them, or strings as ``clean_text`` does with
        ``format="text"`` or ``"markdown"``.

        ``pages`` may be a generator: it is read 256 pages at a time. A page that cannot
        be read raises its InputError (``index`` says which page); with
        ``errors="return"`` the InputError takes the page's place in the list instead."""

    @overload
    def clean_many(
        self,
        pages: Iterable[Page],
        *,
        threads: Optional[int] = None,
        format: Literal["text", "markdown"],
        kind: Kind = "auto",
        errors: Literal["raise"] = "raise",
    ) -> List[str]: ...
    @overload
    def clean_many(
        self,
        pages: Iterable[Page],
        *,
        threads: Optional[int] = None,
        format: Literal["json", "text", "markdown"] = "json",
        kind: Kind = "auto",
        errors: Literal["raise", "return"] = "raise",
    ) -> List[Any]: ...
