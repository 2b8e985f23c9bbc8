//! The Python package `newsmend`: a thin layer over the library. `page` runs one page
//! without Python; `engine` holds the compiled rules and runs pages with the GIL
//! released; `topy` makes the library's answers Python objects; this file is the
//! module, its functions and its exceptions. Nothing here cleans or renders anything
//! the CLI does not: a dict is made from the very value `clean --format json` prints.

mod engine;
mod page;
mod topy;

use engine::Engine;
use page::Failure;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use std::borrow::Cow;
use std::path::PathBuf;

pyo3::create_exception!(
    newsmend,
    Error,
    PyValueError,
    "Anything newsmend refuses: the base of InputError and RulesError."
);
pyo3::create_exception!(
    newsmend,
    InputError,
    Error,
    "A page newsmend cannot read (binary, empty, undecodable, malformed OCR, a damaged \
     PDF); the message is what `newsmend clean` prints after `newsmend: `."
);
pyo3::create_exception!(
    newsmend,
    RulesError,
    Error,
    "A rule file that cannot be read, or a disabled rule that does not exist."
);

/// Clean one page and return the object `newsmend clean PAGE --format json` prints:
/// source, encoding, articles, running_heads and every accepted edit.
///
/// `page` is str or bytes (bytes in any encoding the CLI reads, or hOCR, ALTO,
/// PaddleOCR/RapidOCR JSON or a PDF; `kind` names the format instead of telling it from
/// the content). `name` is what `source` and error messages call the page, as the CLI
/// calls its input (`-` for stdin). With `rules`, `disable` or `safe_only` this builds
/// an engine for the call: build an `Engine` once for many pages.
#[pyfunction]
#[pyo3(
    signature = (page, *, format="json", rules=None, disable=Vec::new(), safe_only=false, kind="auto", name="-"),
    text_signature = "(page, *, format='json', rules=None, disable=(), safe_only=False, kind='auto', name='-')"
)]
#[allow(clippy::too_many_arguments)]
fn clean(
    py: Python<'_>,
    page: &Bound<'_, PyAny>,
    format: &str,
    rules: Option<Vec<PathBuf>>,
    disable: Vec<String>,
    safe_only: bool,
    kind: &str,
    name: &str,
) -> PyResult<Py<PyAny>> {
    Engine::build(rules.unwrap_or_default(), disable, safe_only)?.clean(py, page, format, kind, name)
}

/// Clean one page and return its cleaned text as `newsmend clean PAGE` prints it
/// (`format="markdown"`: as `--format markdown` prints it). The arguments are those of
/// `clean`.
#[pyfunction]
#[pyo3(
    signature = (page, *, format="text", rules=None, disable=Vec::new(), safe_only=false, kind="auto", name="-"),
    text_signature = "(page, *, format='text', rules=None, disable=(), safe_only=False, kind='auto', name='-')"
)]
#[allow(clippy::too_many_arguments)]
fn clean_text(
    py: Python<'_>,
    page: &Bound<'_, PyAny>,
    format: &str,
    rules: Option<Vec<PathBuf>>,
    disable: Vec<String>,
    safe_only: bool,
    kind: &str,
    name: &str,
) -> PyResult<String> {
    Engine::build(rules.unwrap_or_default(), disable, safe_only)?.clean_text(py, page, format, kind, name)
}

/// The bytes of a page given as str (its UTF-8) or bytes, borrowed where Python allows.
fn page_bytes<'a>(page: &'a Bound<'_, PyAny>, name: &str) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(s) = page.cast::<PyString>() {
        return match s.to_cow() {
            Ok(Cow::Borrowed(s)) => Ok(Cow::Borrowed(s.as_bytes())),
            Ok(Cow::Owned(s)) => Ok(Cow::Owned(s.into_bytes())),
            Err(e) => Err(InputError::new_err(format!("{name}: cannot decode as text: {e}"))),
        };
    }
    if let Ok(b) = page.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(b.as_bytes()));
    }
    if let Ok(b) = page.cast::<PyByteArray>() {
        return Ok(Cow::Owned(b.to_vec()));
    }
    Err(PyTypeError::new_err(format!("a page is str or bytes, not {}", page.get_type().name()?)))
}

/// The Python exception of a page's failure.
fn page_error(failure: &Failure) -> PyErr {
    match failure {
        Failure::Input(e) => InputError::new_err(e.to_string()),
        Failure::Panic { name, why } => {
            Error::new_err(format!("{name}: newsmend failed on this page ({why}); please report it with the page"))
        }
    }
}

/// A rule file's or a filter's error.
fn rules_error(e: newsmend::Error) -> PyErr {
    RulesError::new_err(e.to_string())
}

/// The ways a page can be asked for: `clean --format` and `kind=`.
fn bad_choice(what: &str, got: &str, choices: &str) -> PyErr {
    PyValueError::new_err(format!("{what}={got:?}: expected one of {choices}"))
}

/// Clean the OCR and PDF-extraction text of Chinese newspaper pages, every change a
/// named, reviewable edit: the Python package of the newsmend command line.
#[pymodule]
#[pyo3(name = "newsmend")]
fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", newsmend::VERSION)?;
    m.add("Error", py.get_type::<Error>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("RulesError", py.get_type::<RulesError>())?;
    m.add_class::<Engine>()?;
    m.add_function(wrap_pyfunction!(clean, m)?)?;
    m.add_function(wrap_pyfunction!(clean_text, m)?)?;
    // What `from newsmend import *` gives, and what the package's __init__ re-exports.
    let all = ["Engine", "Error", "InputError", "RulesError", "clean", "clean_text", "__version__"];
    m.add("__all__", all.to_vec())?;
    Ok(())
}
