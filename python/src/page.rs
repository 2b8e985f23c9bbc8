//! One page through the library, with no Python in sight: bytes and a format hint in,
//! the answer (its text, or the object `clean --format json` prints, before it is
//! printed) or the library's error out. Runs on any thread, without the GIL.

use newsmend::geometry::InputFormat;
use newsmend::ingest::Source;
use newsmend::render::json::PageJson;
use newsmend::{ingest, render, Cleaned, EditFilter, Engine};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What a page becomes: the formats of `clean --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Json,
    Text,
    Markdown,
}

impl Output {
    pub fn named(name: &str) -> Option<Output> {
        match name {
            "json" => Some(Output::Json),
            "text" => Some(Output::Text),
            "markdown" => Some(Output::Markdown),
            _ => None,
        }
    }
}

/// The `kind=` hint: `None` is `auto`, the format told from the content as the CLI tells it.
pub fn kind_named(name: &str) -> Option<Option<InputFormat>> {
    Some(match name {
        "auto" => None,
        "text" => Some(InputFormat::Text),
        "hocr" => Some(InputFormat::Hocr),
        "alto" => Some(InputFormat::Alto),
        "paddle" => Some(InputFormat::Paddle),
        "pdf" => Some(InputFormat::Pdf),
        _ => return None,
    })
}

/// Why a page has no answer.
#[derive(Debug)]
pub enum Failure {
    /// What the CLI prints after `newsmend: ` for this page.
    Input(newsmend::Error),
    /// A bug: the library panicked on this page. Kept apart so that one page cannot take
    /// down a whole `clean_many` (or a Dask worker) with an exception nothing catches.
    Panic { name: String, why: String },
}

/// A page read and cleaned, for its JSON object.
pub struct Page {
    source: Source,
    cleaned: Cleaned,
}

impl Page {
    /// The object `clean --format json` prints, ready to be made into Python objects.
    pub fn value(&self) -> Result<PageJson<'_>, Failure> {
        guarded(&self.source.name, || Ok(render::json::value(&self.source, &self.cleaned)))
    }
}

/// A page's answer: its text (`text`, `markdown`) or what its JSON is made from.
pub enum Answer {
    Text(String),
    Page(Box<Page>),
}

/// How one page is read and rendered: the same for every page of a call.
pub struct Job<'a> {
    pub engine: &'a Engine,
    pub filter: &'a EditFilter,
    pub kind: Option<InputFormat>,
    pub output: Output,
}

impl Job<'_> {
    /// The answer for `bytes` that came from `name`, as `newsmend clean NAME --format …`
    /// makes it.
    pub fn run(&self, bytes: &[u8], name: &str) -> Result<Answer, Failure> {
        guarded(name, || self.clean(bytes, name))
    }

    fn clean(&self, bytes: &[u8], name: &str) -> Result<Answer, Failure> {
        let source = ingest::decode_as(bytes, name, self.kind).map_err(Failure::Input)?;
        let cleaned = self.engine.clean_source(&source, self.filter, true);
        Ok(match self.output {
            Output::Json => Answer::Page(Box::new(Page { source, cleaned })),
            Output::Text => Answer::Text(cleaned.output),
            Output::Markdown => Answer::Text(render::markdown::page(&source, &cleaned)),
        })
    }
}

/// `f`, a panic in it a [`Failure`] of page `name`.
fn guarded<T>(name: &str, f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into());
        Err(Failure::Panic { name: name.to_string(), why })
    })
}
