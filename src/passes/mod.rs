//! The character passes. Each pass reads the page and proposes edits; none writes
//! files or prints. They run on the same input and touch disjoint character classes
//! (full-width forms, ASCII marks, whitespace, ideographs), so their edits never
//! overlap and any of them can be dropped without changing what the others propose.

pub mod punct;
pub mod space;
pub mod variant;
pub mod width;

use crate::edit::Edit;
use crate::rules::RuleSet;
use crate::script::{is_cjk, is_hspace, is_sentence_end};

/// Every rule id a pass can emit; `rules/*.toml` documents each one (a test checks).
pub const RULE_IDS: &[&str] = &[
    variant::VARIANT,
    punct::DASH,
    punct::ELLIPSIS,
    punct::QUOTE,
    punct::SEQUENCE,
    punct::WIDTH,
    space::CJK,
    space::CJK_LATIN,
    space::EDGE,
    space::PUNCT,
    space::WRAP,
    width::ASCII,
    width::COMPAT,
];

/// A line of the page: the byte range of its text, without the newline.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    pub start: usize,
    pub end: usize,
}

/// The page as the passes see it: the text and its lines, split once.
pub struct Page<'a> {
    pub text: &'a str,
    pub lines: Vec<Line>,
}

impl<'a> Page<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut lines = Vec::with_capacity(text.len() / 40 + 1);
        let mut start = 0;
        for nl in memchr::memchr_iter(b'\n', text.as_bytes()) {
            lines.push(Line { start, end: nl });
            start = nl + 1;
        }
        lines.push(Line { start, end: text.len() });
        Page { text, lines }
    }

    pub fn line(&self, l: Line) -> &'a str {
        &self.text[l.start..l.end]
    }

    /// Paragraph scopes, as ranges of line indices: a scope ends at a blank line, at a
    /// long line (text with one paragraph per line) and at a line that ends a sentence.
    /// Quote pairing carries across the lines of a scope.
    pub fn scopes(&self) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut begin = None;
        for (i, &l) in self.lines.iter().enumerate() {
            let s = self.line(l).trim_matches(is_hspace);
            if s.is_empty() {
                if let Some(b) = begin.take() {
                    out.push(b..i);
                }
                continue;
            }
            // An indented line opens a new paragraph.
            if begin.is_some() && self.line(l).starts_with(is_hspace) {
                out.push(begin.take().unwrap_or(i)..i);
            }
            let b = *begin.get_or_insert(i);
            let last = s.chars().next_back().unwrap_or(' ');
            let ends = s.chars().nth(60).is_some() || is_sentence_end(last) || matches!(last, '”' | '」' | '』');
            if ends {
                out.push(b..i + 1);
                begin = None;
            }
        }
        if let Some(b) = begin {
            out.push(b..self.lines.len());
        }
        out
    }
}

/// What the whole page says about itself, computed once and shared by the passes.
pub struct Analysis {
    /// Byte offsets of ASCII marks the punctuation pass turns full-width: to the spacing
    /// pass these are Chinese punctuation, whether or not the punct edits are accepted.
    pub cjk_marks: Vec<usize>,
}

impl Analysis {
    pub fn is_cjk_mark(&self, at: usize) -> bool {
        self.cjk_marks.binary_search(&at).is_ok()
    }
}

/// Every edit the passes propose for `text`, sorted and non-overlapping, and whether
/// the page is in traditional script.
pub fn propose(text: &str, rules: &RuleSet) -> (Vec<Edit>, bool) {
    let page = Page::new(text);
    let mut edits = Vec::new();
    let traditional = variant::propose(&page, rules, &mut edits);
    width::propose(&page, rules, traditional, &mut edits);
    let punct_from = edits.len();
    punct::propose(&page, rules, &mut edits);
    let mut cjk_marks: Vec<usize> = edits[punct_from..]
        .iter()
        .filter(|e| e.replacement.chars().next().is_some_and(is_cjk))
        .flat_map(|e| e.start..e.end)
        .collect();
    cjk_marks.sort_unstable();
    let analysis = Analysis { cjk_marks };
    space::propose(&page, rules, &analysis, &mut edits);
    crate::edit::normalize(&mut edits);
    (edits, traditional)
}
