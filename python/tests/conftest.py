"""What the tests share: the repository, the CLI binary they hold the package to, and
the pages they clean (the devset's plain-text pages beside the repository when it is
there, the bundled ones otherwise)."""

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEVSET = REPO.parent / "shared" / "devset"


def cli_binary() -> Path:
    """The newsmend binary: $NEWSMEND_BIN, else the release build, else the debug one."""
    if os.environ.get("NEWSMEND_BIN"):
        return Path(os.environ["NEWSMEND_BIN"])
    for profile in ("release", "debug"):
        path = REPO / "target" / profile / "newsmend"
        if path.exists():
            return path
    pytest.fail("no newsmend binary: run `cargo build --release` first (or set NEWSMEND_BIN)")


@pytest.fixture(scope="session")
def cli():
    """Run the CLI from the repository root; its exit code, stdout and stderr."""
    binary = cli_binary()

    def run(*args, stdin=None, env=None):
        done = subprocess.run(
            [str(binary), *args], cwd=REPO, input=stdin, capture_output=True, env={**os.environ, **(env or {})}
        )
        return done.returncode, done.stdout, done.stderr

    return run


def text_pages() -> list[bytes]:
    """Plain-text pages the CLI accepts, as bytes: the devset's inputs when it is beside
    the repository (what CI has), the bundled pages too."""
    paths = sorted(REPO.glob("testdata/*.txt")) + sorted(REPO.glob("testdata/structure/*.txt"))
    if DEVSET.is_dir():
        paths += sorted(DEVSET.rglob("input.txt")) + sorted(DEVSET.rglob("page.txt"))
    elif os.environ.get("NEWSMEND_REQUIRE_DEVSET") == "1":
        pytest.fail(f"needs {DEVSET} (the devset beside the repository), and NEWSMEND_REQUIRE_DEVSET=1 requires it")
    pages = [p.read_bytes() for p in paths]
    return [p for p in pages if p.strip()]


@pytest.fixture(scope="session")
def pages():
    return text_pages()


def corpus(pages: list[bytes], n: int) -> list[str]:
    """`n` pages as str, the distinct ones taken in turn."""
    return [pages[i % len(pages)].decode("utf-8") for i in range(n)]
