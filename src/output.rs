//! Output: the cleaned page as text, or as JSON with its articles and its edits.

use crate::edit::{Edit, EditIds};
use crate::ingest::Source;
use crate::{structure, Cleaned};
use serde::Serialize;
use std::borrow::Cow;

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Article {
    pub headings: Vec<String>,
    /// The headline among the headings (see [`headline`]).
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

#[derive(Debug, Serialize)]
pub struct PageJson<'a> {
    pub source: &'a str,
    pub encoding: &'a str,
    pub articles: Vec<Article>,
    pub running_heads: Vec<String>,
    pub edits: Vec<EditJson<'a>>,
}

/// The page's articles as cleaned text: each unit's span with the accepted edits applied.
pub fn articles(text: &str, cleaned: &Cleaned) -> Vec<Article> {
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
        out.push(Article {
            byline: structure::byline(first),
            dateline: structure::dateline(first),
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

/// The articles as Markdown: the headline as `#`, a kicker before it in bold, subtitles
/// after it as `##`, then the paragraphs; `---` between articles. The text is escaped
/// ([`markdown_text`]), so a paragraph reads as the paragraph it is.
pub fn to_markdown(source: &Source, cleaned: &Cleaned) -> String {
    let mut out = String::new();
    for (i, a) in articles(&source.text, cleaned).iter().enumerate() {
        if i > 0 {
            out.push_str("---\n\n");
        }
        let headline = a.headline.as_deref();
        let mut seen_headline = false;
        for h in &a.headings {
            let text = markdown_text(h, false);
            if Some(h.as_str()) == headline && !seen_headline {
                seen_headline = true;
                out.push_str(&format!("# {text}\n\n"));
            } else if seen_headline {
                out.push_str(&format!("## {text}\n\n"));
            } else {
                out.push_str(&format!("**{text}**\n\n"));
            }
        }
        for p in &a.paragraphs {
            out.push_str(&markdown_text(p, true));
            out.push_str("\n\n");
        }
    }
    if out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// `s` escaped for Markdown: what Markdown would read as markup is read as text. Inline
/// marks (`*`, `_`, `` ` ``, `[`, `]`, `<`, `\`) anywhere; and where `s` opens a block
/// (`block`: a paragraph, not a heading's text after its `#`), the marks that open one:
/// `#`, `>`, `-`, `+`, `=`, `~`, `|`, and `1.` or `1)` of an ordered list; and a heading's
/// last `#`. A paragraph that opens with `# ` stays a paragraph. Chinese text holds none
/// of these as a rule, so most units come back borrowed.
pub fn markdown_text(s: &str, block: bool) -> Cow<'_, str> {
    let inline = |c: char| matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<');
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let block_mark = match s.as_bytes().first() {
        _ if !block => None,
        Some(b'#' | b'>' | b'-' | b'+' | b'=' | b'~' | b'|') => Some(0),
        // An ordered list's marker is at most nine digits.
        Some(b'0'..=b'9') if digits <= 9 && matches!(s.as_bytes().get(digits), Some(b'.' | b')')) => Some(digits),
        _ => None,
    };
    // A heading's text ending on `#` would read as the closing marks of `# …`.
    let closing = (!block && s.ends_with('#')).then(|| s.len() - 1);
    if block_mark.is_none() && closing.is_none() && !s.contains(inline) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 4);
    for (i, c) in s.char_indices() {
        if inline(c) || block_mark == Some(i) || closing == Some(i) {
            out.push('\\');
        }
        out.push(c);
    }
    Cow::Owned(out)
}

pub fn to_json(source: &Source, cleaned: &Cleaned) -> String {
    let mut out = Vec::new();
    // Writing to memory fails only on a value serde cannot write, which PageJson is not.
    let _ = write_json(&mut out, source, cleaned);
    String::from_utf8(out).unwrap_or_else(|_| String::from("{}\n"))
}

/// [`to_json`], written as it is serialized: the JSON of a long page (every edit with
/// its context) is several times the page, and is not held whole.
pub fn write_json(w: &mut impl std::io::Write, source: &Source, cleaned: &Cleaned) -> std::io::Result<()> {
    let text = &source.text;
    let accepted: Vec<&Edit> = cleaned.accepted_edits().collect();
    let ids = EditIds::new(text, accepted.iter().copied());
    let edits = accepted
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
        .collect();
    let page = PageJson {
        source: &source.name,
        encoding: source.encoding,
        articles: articles(text, cleaned),
        running_heads: running_heads(text, cleaned),
        edits,
    };
    serde_json::to_writer_pretty(&mut *w, &page)?;
    w.write_all(b"\n")
}
