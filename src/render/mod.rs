//! Rendering: the cleaned page in each output format, one renderer per format, used by
//! `clean` and `batch` alike. The page's articles as cleaned text ([`articles`]) are
//! what every renderer but the plain text shows; the plain text is the output itself.

pub mod batch_index;
pub mod diff;
pub mod json;
pub mod markdown;
pub mod report;
pub mod text;

use crate::{structure, Cleaned};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ArticleText {
    pub headings: Vec<String>,
    /// The headline among the headings (see `headline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    pub paragraphs: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continues_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continued_from: Option<String>,
}

/// The page's articles as cleaned text: each unit's span with the accepted edits applied.
pub fn articles(text: &str, cleaned: &Cleaned) -> Vec<ArticleText> {
    let mut out = Vec::new();
    for a in &cleaned.structure.articles {
        let mut headings = Vec::new();
        let mut paragraphs = Vec::new();
        for u in &a.units {
            let t = cleaned.span_text(text, u.span.clone());
            let t = t.trim_matches(|c: char| c.is_whitespace()).to_string();
            if t.is_empty() {
                continue;
            }
            if u.heading {
                headings.push(t);
            } else {
                paragraphs.push(t);
            }
        }
        // An article of whitespace alone (a page of line separators) is no article: the
        // Markdown shows none, and the JSON shows what the Markdown does.
        if headings.is_empty() && paragraphs.is_empty() && a.continues_on.is_none() && a.continued_from.is_none() {
            continue;
        }
        let headline = headline(&headings).map(String::from);
        let first = paragraphs.first().map(String::as_str).unwrap_or("");
        out.push(ArticleText {
            byline: structure::byline(&cleaned.structure_rules, first),
            dateline: structure::dateline(&cleaned.structure_rules, first),
            headline,
            headings,
            paragraphs,
            continues_on: a.continues_on.clone(),
            continued_from: a.continued_from.clone(),
        });
    }
    out
}

/// Which heading is the headline. Chinese papers stack a kicker (引题), the headline
/// (主题) and a subtitle (副题): with three, the middle one; with two, the first unless
/// it is a short kicker before a longer line; with one, that one.
fn headline(headings: &[String]) -> Option<&str> {
    let len = |h: &String| h.chars().count();
    match headings {
        [] => None,
        [one] => Some(one),
        [a, b] if len(a) <= 12 && len(b) > len(a) => Some(b),
        [a, _] => Some(a),
        [_, b, ..] => Some(b),
    }
}

/// The furniture lines of the page, as printed.
pub fn running_heads(text: &str, cleaned: &Cleaned) -> Vec<String> {
    cleaned.structure.furniture.iter().map(|r| text[r.clone()].trim().to_string()).collect()
}
