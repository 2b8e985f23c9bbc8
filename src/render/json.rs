//! JSON: the page's articles, running heads and every accepted edit with its id, rule,
//! span, before and after, applicability and reason.

use super::ArticleText;
use crate::edit::{Edit, EditIds};
use crate::ingest::Source;
use crate::Cleaned;
use serde::Serialize;

/// One accepted edit as the JSON lists it.
#[derive(Debug, Serialize)]
pub struct EditJson<'a> {
    pub id: String,
    pub rule: &'a str,
    pub start: usize,
    pub end: usize,
    pub before: &'a str,
    pub after: &'a str,
    pub applicability: &'static str,
    pub reason: &'a str,
}

/// The page as `clean --format json` prints it.
#[derive(Debug, Serialize)]
pub struct PageJson<'a> {
    pub source: &'a str,
    pub encoding: &'a str,
    pub articles: Vec<ArticleText>,
    pub running_heads: Vec<String>,
    pub edits: Vec<EditJson<'a>>,
}

pub fn page(source: &Source, cleaned: &Cleaned) -> String {
    let mut out = Vec::new();
    // Writing to memory fails only on a value serde cannot write, which PageJson is not.
    let _ = write(&mut out, source, cleaned);
    String::from_utf8(out).unwrap_or_else(|_| String::from("{}\n"))
}

/// [`page`], written as it is serialized: the JSON of a long page (every edit with
/// its context) is several times the page, and is not held whole.
pub fn write(w: &mut impl std::io::Write, source: &Source, cleaned: &Cleaned) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &value(source, cleaned))?;
    w.write_all(b"\n")
}

/// What [`page`] prints, before it is printed: for a caller that serializes it to
/// something other than JSON text (the Python package, to its dicts).
pub fn value<'a>(source: &'a Source, cleaned: &'a Cleaned) -> PageJson<'a> {
    let text = &source.text;
    PageJson {
        source: &source.name,
        encoding: source.encoding,
        articles: super::articles(text, cleaned),
        running_heads: super::running_heads(text, cleaned),
        edits: edits(text, cleaned),
    }
}

/// Every accepted edit of `text` as the JSON lists it: its id, rule, span, before and
/// after, applicability and reason (`clean --jsonl` lists them the same).
pub(crate) fn edits<'a>(text: &'a str, cleaned: &'a Cleaned) -> Vec<EditJson<'a>> {
    let accepted: Vec<&Edit> = cleaned.accepted_edits().collect();
    let ids = EditIds::new(text, accepted.iter().copied());
    accepted
        .iter()
        .enumerate()
        .map(|(i, e)| EditJson {
            id: ids.get(i),
            rule: e.rule(),
            start: e.start(),
            end: e.end(),
            before: &text[e.start()..e.end()],
            after: e.replacement(),
            applicability: e.applicability.as_str(),
            reason: e.reason(),
        })
        .collect()
}
