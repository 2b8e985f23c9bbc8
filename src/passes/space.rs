//! Spacing: delete the whitespace that OCR or column wrapping put into Chinese text,
//! and keep the spaces that are real.
//!
//! A space goes when it sits between Chinese characters, between Chinese and Latin or
//! digits (mainland style; `space.cjk_latin` in the rules can keep or add those), next
//! to full-width punctuation, or at a line's edge. Tesseract's space between almost
//! every character is the same damage. A space stays when a keep pattern of the rules
//! matches around it (bylines, datelines, date and time), when it is a clause gap in a
//! heading-like short line, or when it separates Latin words and numbers.
//!
//! The page gives evidence too: a column-wrap space recurs at a near-constant display
//! width (Han 2, ASCII 1) along a paragraph. A space on that grid is a wrap even where
//! the characters around it look like a real gap (`记者 李会`, `2 308.55`); those
//! deletions are `review` edits, since the rule is reading the layout, not the words.

use crate::edit::Edit;
use crate::passes::{Analysis, Line, Page};
use crate::rules::{CjkLatin, RuleSet};
use crate::script::{display_width, is_cjk_punct, is_fullwidth_alnum, is_hspace, is_ideograph_like, is_sentence_end};

pub const CJK: &str = "space.cjk";
pub const CJK_LATIN: &str = "space.cjk-latin";
pub const PUNCT: &str = "space.punct";
pub const WRAP: &str = "space.wrap";
pub const EDGE: &str = "space.edge";

/// Context handed to keep patterns, in bytes of the compacted line on each side.
const CONTEXT: usize = 48;
/// Sentinel standing for text cut off by the context window, so `^` and `$` mean the
/// real line edges.
const CUT: char = '\u{1}';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Han,
    Punct,
    Latin,
    Digit,
    Sym,
}

fn class_of(c: char, at: usize, analysis: &Analysis) -> Class {
    if is_ideograph_like(c) || is_fullwidth_alnum(c) {
        Class::Han
    } else if is_cjk_punct(c) || (c.is_ascii_punctuation() && analysis.is_cjk_mark(at)) {
        Class::Punct
    } else if c.is_ascii_digit() {
        Class::Digit
    } else if c.is_alphabetic() {
        Class::Latin
    } else {
        Class::Sym
    }
}

/// A run of whitespace inside a line.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// Absolute byte range in the page.
    start: usize,
    end: usize,
    /// Display column of the run, counting only the non-space text before it.
    col: usize,
    /// Byte offset in the compacted line.
    at: usize,
    /// One ASCII space: the only kind a column wrap leaves.
    single_ascii: bool,
}

/// Reusable buffers, so a page costs no allocation per line.
#[derive(Default)]
struct Scratch {
    compact: String,
    runs: Vec<Run>,
    grid_cols: Vec<usize>,
    left: String,
    right: String,
}

pub fn propose(page: &Page, rules: &RuleSet, analysis: &Analysis, out: &mut Vec<Edit>) {
    let mut s = Scratch::default();
    let widths = page_widths(page, &mut s.grid_cols);
    for &l in &page.lines {
        line(page, l, rules, analysis, &widths, &mut s, out);
    }
}

/// The column widths the page's own wrap spaces show, one per paragraph that shows one.
/// A number split by a wrap in a line too short to show its own grid is judged by these.
fn page_widths(page: &Page, cols: &mut Vec<usize>) -> Vec<f64> {
    let mut widths: Vec<f64> = Vec::new();
    for &l in &page.lines {
        let text = page.line(l);
        if memchr::memchr_iter(b' ', text.as_bytes()).take(3).count() < 3 {
            continue;
        }
        cols.clear();
        let mut col = 0;
        let mut prev_space = true;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if is_hspace(c) {
                if c == ' ' && !prev_space && chars.peek().is_some_and(|&n| !is_hspace(n)) {
                    cols.push(col);
                }
                prev_space = true;
            } else {
                prev_space = false;
                col += display_width(c);
            }
        }
        if let Some(w) = column_width(cols) {
            if !widths.iter().any(|&o| (o - w).abs() < 1.0) {
                widths.push(w);
            }
        }
    }
    widths
}

fn line(
    page: &Page,
    l: Line,
    rules: &RuleSet,
    analysis: &Analysis,
    page_widths: &[f64],
    s: &mut Scratch,
    out: &mut Vec<Edit>,
) {
    let text = page.line(l);
    let has_space = text.chars().any(is_hspace);
    if !has_space {
        if rules.cjk_latin == CjkLatin::Add {
            add_cjk_latin(text, l.start, analysis, out);
        }
        return;
    }
    s.compact.clear();
    s.runs.clear();
    let (mut col, mut han, mut latin) = (0usize, 0usize, 0usize);
    let mut open: Option<Run> = None;
    for (i, c) in text.char_indices() {
        if is_hspace(c) {
            match open.as_mut() {
                Some(r) => {
                    r.end = l.start + i + c.len_utf8();
                    r.single_ascii = false;
                }
                None => {
                    open = Some(Run {
                        start: l.start + i,
                        end: l.start + i + c.len_utf8(),
                        col,
                        at: s.compact.len(),
                        single_ascii: c == ' ',
                    })
                }
            }
            continue;
        }
        if let Some(r) = open.take() {
            s.runs.push(r);
        }
        s.compact.push(c);
        col += display_width(c);
        if is_ideograph_like(c) {
            han += 1;
        } else if c.is_alphabetic() {
            latin += 1;
        }
    }
    if s.compact.is_empty() {
        // A line of nothing but spaces.
        out.push(Edit::deletion(l.start, l.end, EDGE, "whitespace-only line"));
        return;
    }
    let trailing = open.take();
    let compact_chars = s.compact.chars().count();
    let leading = s.runs.first().filter(|r| r.start == l.start).copied();
    if let Some(r) = leading {
        out.push(Edit::deletion(r.start, r.end, EDGE, "indent or stray space at the line start"));
    }
    let interior = &s.runs[usize::from(leading.is_some())..];
    let spaced_out = interior.len() >= 3 && interior.len() * 2 >= compact_chars.saturating_sub(1);
    let last = s.compact.chars().next_back().unwrap_or(' ');
    let heading_like = !spaced_out
        && compact_chars <= rules.heading_max_chars
        && interior.len() <= 3
        && !is_sentence_end(last)
        && !matches!(last, '、' | '，' | ',')
        && !s.compact.chars().any(|c| matches!(c, '。' | '，' | '；' | ',' | ';'));
    let han_dominant = han > latin;
    s.grid_cols.clear();
    // The line start counts as a wrap point: a paragraph's first printed line is full.
    s.grid_cols.push(0);
    s.grid_cols.extend(interior.iter().filter(|r| r.single_ascii && r.col > 0).map(|r| r.col));
    let grid = column_width(&s.grid_cols);

    for r in interior {
        let before = text[..r.start - l.start].chars().next_back().unwrap_or(' ');
        let after = text[r.end - l.start..].chars().next().unwrap_or(' ');
        let a = class_of(before, r.start - before.len_utf8(), analysis);
        let b = class_of(after, r.end, analysis);
        let wrap = r.single_ascii && grid.is_some_and(|w| on_grid(&s.grid_cols, r.col, w));
        let numeric = |c: Class| matches!(c, Class::Digit | Class::Sym);
        // Without a grid of its own, a line's number split is judged by the page's.
        let number_wrap = r.single_ascii
            && numeric(a)
            && numeric(b)
            && grid.is_none()
            && page_widths.iter().any(|&w| on_grid(&s.grid_cols, r.col, w));
        if kept_by_pattern(rules, &s.compact, r.at, &mut s.left, &mut s.right) {
            if wrap && han_dominant {
                out.push(
                    Edit::deletion(r.start, r.end, WRAP, "a real-space pattern, but at the paragraph's column-wrap width")
                        .review(),
                );
            }
            continue;
        }
        let gap = !r.single_ascii;
        let edit = match (a, b) {
            (Class::Punct, _) | (_, Class::Punct) => {
                Some(Edit::deletion(r.start, r.end, PUNCT, "space next to full-width punctuation"))
            }
            (Class::Han, Class::Han) if heading_like && clause_gap(text, r.start - l.start, r.end - l.start) => None,
            (Class::Han, Class::Han) => Some(Edit::deletion(
                r.start,
                r.end,
                CJK,
                if spaced_out { "OCR letter-spacing between Chinese characters" } else { "space inside Chinese text" },
            )),
            (Class::Han, _) | (_, Class::Han)
                if heading_like
                    && (gap || (a != Class::Digit && b != Class::Digit))
                    && clause_gap(text, r.start - l.start, r.end - l.start) =>
            {
                None
            }
            (Class::Han, _) | (_, Class::Han) => match rules.cjk_latin {
                CjkLatin::Remove => {
                    Some(Edit::deletion(r.start, r.end, CJK_LATIN, "space between Chinese and Latin or digits"))
                }
                CjkLatin::Keep | CjkLatin::Add => None,
            },
            _ if (wrap || number_wrap) && han_dominant => Some(
                Edit::deletion(r.start, r.end, WRAP, "space at the paragraph's column-wrap width splits a number or word")
                    .review(),
            ),
            _ => None,
        };
        out.extend(edit);
    }
    if let Some(r) = trailing {
        out.push(Edit::deletion(r.start, r.end, EDGE, "trailing whitespace"));
    }
    if rules.cjk_latin == CjkLatin::Add {
        add_cjk_latin(text, l.start, analysis, out);
    }
}

/// A heading's clause gap separates two clauses, each at least this many characters
/// (`张智奎出席并讲话 常晓勇主持`); a shorter side is a name or a word cut by damage.
const CLAUSE: usize = 4;

/// Are the stretches of text on both sides of the gap `start..end` (up to the next
/// space or bracket-like mark) clause-long?
fn clause_gap(line: &str, start: usize, end: usize) -> bool {
    let stop = |c: char| is_hspace(c) || matches!(c, '：' | ':' | '（' | '）' | '(' | ')' | '，' | ',' | '。' | '、');
    let left = line[..start].chars().rev().take_while(|&c| !stop(c)).take(CLAUSE).count();
    let right = line[end..].chars().take_while(|&c| !stop(c)).take(CLAUSE).count();
    left >= CLAUSE && right >= CLAUSE
}

/// Does a keep pattern claim the space at byte `at` of the compacted line?
fn kept_by_pattern(rules: &RuleSet, compact: &str, at: usize, left: &mut String, right: &mut String) -> bool {
    if rules.keep.is_empty() {
        return false;
    }
    left.clear();
    let mut from = at.saturating_sub(CONTEXT);
    while !compact.is_char_boundary(from) {
        from += 1;
    }
    if from > 0 {
        left.push(CUT);
    }
    left.push_str(&compact[from..at]);
    right.clear();
    let mut to = (at + CONTEXT).min(compact.len());
    while !compact.is_char_boundary(to) {
        to -= 1;
    }
    right.push_str(&compact[at..to]);
    if to < compact.len() {
        right.push(CUT);
    }
    rules.keep.iter().any(|k| k.left.is_match(left) && k.right.is_match(right))
}

/// The column width at which wrap spaces recur along the line, if the spaces show one:
/// at least two gaps between spaces that are whole multiples of the same width.
fn column_width(cols: &[usize]) -> Option<f64> {
    if cols.len() < 3 || cols.len() > 400 {
        return None;
    }
    let diffs = cols.windows(2).map(|w| w[1] - w[0]);
    let mut best: Option<(usize, f64)> = None;
    for cand in diffs.clone().filter(|&d| d >= 10) {
        let w = cand as f64;
        let (mut support, mut sum) = (0usize, 0f64);
        for d in diffs.clone() {
            if let Some(k) = multiple(d, w) {
                support += 1;
                sum += d as f64 / k as f64;
            }
        }
        if support >= 2 && best.is_none_or(|(s, _)| support > s) {
            best = Some((support, sum / support as f64));
        }
    }
    best.map(|(_, w)| w)
}

/// `Some(k)` when `d` is `k` column widths, within the slack of `k` printed lines.
fn multiple(d: usize, w: f64) -> Option<usize> {
    let k = (d as f64 / w).round();
    if !(1.0..=4.0).contains(&k) {
        return None;
    }
    ((d as f64 - k * w).abs() <= 1.0 + k).then_some(k as usize)
}

fn on_grid(cols: &[usize], col: usize, w: f64) -> bool {
    let Ok(i) = cols.binary_search(&col) else { return false };
    let lo = i.saturating_sub(2);
    let hi = (i + 2).min(cols.len() - 1);
    (lo..=hi).filter(|&j| j != i).any(|j| multiple(cols[i].abs_diff(cols[j]), w).is_some())
}

/// `space.cjk_latin = "add"`: a space between Chinese and Latin letters or digits.
fn add_cjk_latin(text: &str, base: usize, analysis: &Analysis, out: &mut Vec<Edit>) {
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        if let Some((pi, p)) = prev {
            let a = class_of(p, base + pi, analysis);
            let b = class_of(c, base + i, analysis);
            let pair = matches!((a, b), (Class::Han, Class::Latin | Class::Digit) | (Class::Latin | Class::Digit, Class::Han));
            if pair {
                out.push(Edit::insertion(base + i, " ", CJK_LATIN, "space between Chinese and Latin or digits"));
            }
        }
        prev = Some((i, c));
    }
}
