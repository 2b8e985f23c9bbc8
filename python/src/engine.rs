//! `newsmend.Engine`: the compiled rules and the filter of one set of options, built
//! once and used for any number of pages. Every page is cleaned with the GIL released;
//! `clean_many` cleans them on a pool of threads a chunk at a time (a generator of
//! pages is never held whole), the next chunk cleaned while this thread makes the
//! Python objects of the last: those need the GIL, and on pages of many edits they are
//! most of the work.

use crate::page::{self, Answer, Failure, Job};
use crate::topy::Builder;
use crate::{bad_choice, page_bytes, page_error, rules_error, RulesError};
use newsmend::render::json::PageJson;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyType;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Pages cleaned between two visits to Python (to read the next pages and hand over the
/// answers): as `clean --jsonl` reads its lines.
const CHUNK: usize = 256;

/// The built-in rules, compiled once per process: `newsmend.clean(page)` in a loop does
/// not compile them for every page.
fn builtin() -> PyResult<Arc<newsmend::Engine>> {
    static BUILTIN: OnceLock<Result<Arc<newsmend::Engine>, String>> = OnceLock::new();
    BUILTIN
        .get_or_init(|| newsmend::Engine::builtin().map(Arc::new).map_err(|e| e.to_string()))
        .clone()
        .map_err(RulesError::new_err)
}

/// The rules of newsmend (the built-in ones, then the files in `rules`, TOML or a TSV of
/// variants) and which of their edits to apply: all but the rules and families in
/// `disable` (`"space"`, `"punct.quote"`), and with `safe_only` only those no rule is
/// unsure of. Built once, used for any number of pages, from any number of threads;
/// picklable (the rule files are read again where it is unpickled).
#[pyclass(module = "newsmend", name = "Engine", frozen)]
pub struct Engine {
    engine: Arc<newsmend::Engine>,
    filter: newsmend::EditFilter,
    rules: Vec<PathBuf>,
}

impl Engine {
    pub fn build(rules: Vec<PathBuf>, disable: Vec<String>, safe_only: bool) -> PyResult<Engine> {
        let engine = if rules.is_empty() {
            builtin()?
        } else {
            let paths: Vec<&Path> = rules.iter().map(PathBuf::as_path).collect();
            Arc::new(newsmend::Engine::new(newsmend::RuleSet::load(&paths).map_err(rules_error)?))
        };
        if let Some(bad) = disable.iter().find(|d| !engine.rules.knows(d)) {
            return Err(RulesError::new_err(format!("disable {bad:?}: no such rule or family (see `newsmend rules`)")));
        }
        Ok(Engine { engine, filter: newsmend::EditFilter { disabled: disable, safe_only }, rules })
    }

    fn job(&self, format: &str, kind: &str) -> PyResult<Job<'_>> {
        let output = page::Output::named(format).ok_or_else(|| bad_choice("format", format, "json, text, markdown"))?;
        let kind =
            page::kind_named(kind).ok_or_else(|| bad_choice("kind", kind, "auto, text, hocr, alto, paddle, pdf"))?;
        Ok(Job { engine: &self.engine, filter: &self.filter, kind, output })
    }

    /// One page's answer, read, cleaned and made ready with the GIL released.
    fn answer(&self, py: Python<'_>, page: &Bound<'_, PyAny>, job: &Job<'_>, name: &str) -> PyResult<Py<PyAny>> {
        let bytes = page_bytes(page, name)?;
        let answer = py.detach(|| job.run(&bytes, name));
        let ready = py.detach(|| ready(&answer))?;
        to_python(&mut Builder::new(py), ready)
    }
}

/// What a page's answer becomes before Python gets it: its text, or its JSON object
/// made (its articles' text, its edits' ids) off the GIL, on the pool when there is one.
enum Ready<'a> {
    Text(&'a str),
    Page(PageJson<'a>),
}

fn ready(answer: &Result<Answer, Failure>) -> PyResult<Ready<'_>> {
    match answer {
        Err(failure) => Err(page_error(failure)),
        Ok(Answer::Text(text)) => Ok(Ready::Text(text)),
        Ok(Answer::Page(page)) => page.value().map(Ready::Page).map_err(|f| page_error(&f)),
    }
}

/// An answer as Python has it: the text a str, the object a dict, made from the value
/// the CLI prints as JSON (so it is what `json.loads` would make of the CLI's output).
fn to_python(b: &mut Builder<'_>, ready: Ready<'_>) -> PyResult<Py<PyAny>> {
    match ready {
        Ready::Text(text) => b.build(&text).map(Bound::unbind),
        Ready::Page(page) => b.build(&page).map(Bound::unbind),
    }
}

/// `f` over `items`, in order, on `pool` when there is one.
fn map_all<'a, T: Sync, R: Send>(
    items: &'a [T],
    pool: Option<&rayon::ThreadPool>,
    f: impl Fn(&'a T) -> R + Sync + Send,
) -> Vec<R> {
    match pool {
        Some(pool) => pool.install(|| items.par_iter().map(f).collect()),
        None => items.iter().map(f).collect(),
    }
}

/// Cleaned pages to Python, onto `out`: their objects made ready on the pool (without
/// the GIL), then made. A page that could not be read is its InputError, raised or
/// kept in its place.
fn hand_over(
    py: Python<'_>,
    answers: &[Result<Answer, Failure>],
    pool: Option<&rayon::ThreadPool>,
    raise: bool,
    out: &mut Vec<Py<PyAny>>,
) -> PyResult<()> {
    let ready = py.detach(|| map_all(answers, pool, ready));
    // The strings that repeat are kept for a chunk, not for a whole corpus.
    let mut builder = Builder::new(py);
    for r in ready {
        match r {
            Ok(r) => out.push(to_python(&mut builder, r)?),
            Err(err) => {
                err.value(py).setattr("index", out.len())?;
                if raise {
                    return Err(err);
                }
                out.push(err.into_value(py).into_any());
            }
        }
    }
    Ok(())
}

/// The threads `threads=None` means: one per core.
fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (rules=None, disable=Vec::new(), safe_only=false), text_signature = "(rules=None, disable=(), safe_only=False)")]
    fn new(rules: Option<Vec<PathBuf>>, disable: Vec<String>, safe_only: bool) -> PyResult<Engine> {
        Engine::build(rules.unwrap_or_default(), disable, safe_only)
    }

    /// Clean one page and return the object `newsmend clean PAGE --format json` prints;
    /// see `newsmend.clean` for the arguments.
    #[pyo3(signature = (page, *, format="json", kind="auto", name="-"))]
    pub fn clean(
        &self,
        py: Python<'_>,
        page: &Bound<'_, PyAny>,
        format: &str,
        kind: &str,
        name: &str,
    ) -> PyResult<Py<PyAny>> {
        if format != "json" {
            return Err(bad_choice("format", format, "json (clean_text gives text and markdown)"));
        }
        let job = self.job(format, kind)?;
        self.answer(py, page, &job, name)
    }

    /// Clean one page and return its cleaned text as `newsmend clean PAGE` prints it
    /// (`format="markdown"`: as `--format markdown` prints it).
    #[pyo3(signature = (page, *, format="text", kind="auto", name="-"))]
    pub fn clean_text(
        &self,
        py: Python<'_>,
        page: &Bound<'_, PyAny>,
        format: &str,
        kind: &str,
        name: &str,
    ) -> PyResult<String> {
        if format == "json" {
            return Err(bad_choice("format", format, "text, markdown (clean gives the JSON object)"));
        }
        let job = self.job(format, kind)?;
        self.answer(py, page, &job, name)?.extract(py)
    }

    /// Clean every page of the iterable `pages` (str or bytes each) on `threads` threads
    /// (default: one per core) with the GIL released, and return their answers in the
    /// order of `pages`: dicts as `clean` returns them, or with `format="text"` or
    /// `"markdown"` strings as `clean_text` does. A page that cannot be read raises its
    /// InputError (its `index` attribute says which page), or with `errors="return"`
    /// takes its place in the list.
    #[pyo3(signature = (pages, *, threads=None, format="json", kind="auto", errors="raise"))]
    fn clean_many(
        &self,
        py: Python<'_>,
        pages: &Bound<'_, PyAny>,
        threads: Option<usize>,
        format: &str,
        kind: &str,
        errors: &str,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let job = self.job(format, kind)?;
        let raise = match errors {
            "raise" => true,
            "return" => false,
            _ => return Err(bad_choice("errors", errors, "raise, return")),
        };
        let pool = pool(threads.unwrap_or_else(default_threads))?;
        let mut out = Vec::new();
        let mut iter = pages.try_iter()?;
        // Cleaned and waiting for Python: while this thread makes one chunk's objects
        // (which needs the GIL), the pool cleans the next.
        let mut waiting = Vec::new();
        loop {
            let chunk: Vec<Vec<u8>> =
                iter.by_ref().take(CHUNK).map(|p| Ok(page_bytes(&p?, "-")?.into_owned())).collect::<PyResult<_>>()?;
            if chunk.is_empty() && waiting.is_empty() {
                return Ok(out);
            }
            let clean = |pages: &[Vec<u8>]| map_all(pages, None, |p| job.run(p, "-"));
            let (handed, cleaned) = match &pool {
                None => (hand_over(py, &waiting, None, raise, &mut out), py.detach(|| clean(&chunk))),
                Some(pool) => pool.in_place_scope(|scope| {
                    let (tx, rx) = std::sync::mpsc::channel();
                    // On a pool thread, par_iter runs on the pool.
                    let (pages, job) = (&chunk, &job);
                    scope.spawn(move |_| {
                        let cleaned: Vec<_> = pages.par_iter().map(|p| job.run(p, "-")).collect();
                        let _ = tx.send(cleaned);
                    });
                    let handed = hand_over(py, &waiting, Some(pool), raise, &mut out);
                    (handed, py.detach(move || rx.recv().unwrap_or_default()))
                }),
            };
            handed?;
            waiting = cleaned;
        }
    }

    /// The rule files this engine was built with.
    #[getter]
    fn rules(&self) -> Vec<PathBuf> {
        self.rules.clone()
    }

    /// The rules and families whose edits it leaves out.
    #[getter]
    fn disable(&self) -> Vec<String> {
        self.filter.disabled.clone()
    }

    /// Whether it applies only the edits no rule is unsure of.
    #[getter]
    fn safe_only(&self) -> bool {
        self.filter.safe_only
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, (Vec<PathBuf>, Vec<String>, bool)) {
        let e = slf.get();
        (slf.get_type(), (e.rules.clone(), e.filter.disabled.clone(), e.filter.safe_only))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let rules: Vec<String> = self.rules.iter().map(|p| p.display().to_string()).collect();
        let safe_only = if self.filter.safe_only { "True" } else { "False" };
        let repr = |v: Vec<String>| -> PyResult<String> { Ok(v.into_pyobject(py)?.repr()?.to_string()) };
        Ok(format!("Engine(rules={}, disable={}, safe_only={safe_only})", repr(rules)?, repr(self.disable())?))
    }
}

/// A pool of `threads` threads; none for one, which runs the pages on the calling thread.
fn pool(threads: usize) -> PyResult<Option<rayon::ThreadPool>> {
    match threads {
        0 => Err(PyValueError::new_err("threads=0: give at least 1")),
        1 => Ok(None),
        n => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(Some)
            .map_err(|e| PyValueError::new_err(format!("threads={n}: {e}"))),
    }
}
