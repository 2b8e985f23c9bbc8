//! Plain text of one article, as the page's text output lays it out: its headings one a
//! line, a blank line, its paragraphs one a line. The page's own text output is the
//! input with the accepted edits applied ([`crate::edit::apply`]), already in that layout.

use super::ArticleText;

/// One article's text file.
pub fn article(a: &ArticleText) -> String {
    let mut s = String::new();
    if !a.headings.is_empty() {
        s.push_str(&a.headings.join("\n"));
        s.push_str("\n\n");
    }
    s.push_str(&a.paragraphs.join("\n"));
    s.push('\n');
    s
}
