//! Markdown: each article's headline as `#`, a kicker before it in bold, subtitles after
//! it as `##`, then its paragraphs; `---` between articles. The one Markdown renderer:
//! `clean --format markdown` and the article files of a batch both come from here.

use super::ArticleText;
use crate::ingest::Source;
use crate::Cleaned;
use std::borrow::Cow;

/// The articles as Markdown: the headline as `#`, a kicker before it in bold, subtitles
/// after it as `##`, then the paragraphs; `---` between articles. The text is escaped
/// ([`escape`]), so a paragraph reads as the paragraph it is.
pub fn page(source: &Source, cleaned: &Cleaned) -> String {
    of_articles(&super::articles(&source.text, cleaned))
}

/// `articles` as Markdown, as [`page`] shows them: an article file of a batch is this of
/// its one article.
pub(crate) fn of_articles(articles: &[ArticleText]) -> String {
    let mut out = String::new();
    for (i, a) in articles.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n\n");
        }
        let headline = a.headline.as_deref();
        let mut seen_headline = false;
        for h in &a.headings {
            let text = escape(h, false);
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
            out.push_str(&escape(p, true));
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
pub fn escape(s: &str, block: bool) -> Cow<'_, str> {
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
