//! Jump notes: `(下转第2版)` and `(上接第1版)`, a line of their own or the end of a line
//! of text. A note ending a line is cut off it here, so that every later step reads the
//! line as the output shows it.

use super::line_scan::{LineScan, SHORT};
use super::{Jump, PageView};
use crate::rules::StructureRules;
use crate::text::script::{as_halfwidth, hint, is_hspace, is_ideograph_like, is_stretch_mark, unified};
use std::borrow::Cow;
use std::ops::Range;

fn normalize_label(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'O' | 'o' => '0',
            'I' | 'l' => '1',
            c => c,
        })
        .collect()
}

/// Find a jump note in `line`: its byte range and what it says. Every note holds 版:
/// callers look for it first, the scan of a line having told them.
fn find(rules: &StructureRules, line: &str) -> Option<(Range<usize>, Jump)> {
    let caps = rules.jump.get().captures(line)?;
    let m = caps.get(0)?;
    // `下转` and `转` go on; `上接` and `接` come from.
    let onward = caps.name("on").is_some();
    let page = caps.name("page")?.as_str();
    // A bare `转2版` inside a sentence is rare; a bracketed note or one that ends the
    // line is the jump.
    let bracketed = m.as_str().starts_with(['（', '(', '《', '〈', '【', '[']);
    let at_end = line[m.end()..].trim_matches(is_hspace).is_empty();
    if !bracketed && !at_end {
        return None;
    }
    // The label must look like a page: a letter-prefixed label, or a number.
    let label = normalize_label(page);
    if !label
        .chars()
        .skip(usize::from(label.starts_with(|c: char| c.is_ascii_alphabetic())))
        .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some((m.range(), Jump { onward, page: label }))
}

/// The note a short line holding 版 is, alone on its line give or take a stray mark or
/// digit of OCR noise; never a word of text. `t` is the trimmed line as the width pass
/// prints it. Counted as [`LineScan`] counts: the marks whose run changes length in the
/// output (`......` → `……`) count nothing, so the output's line is judged alike.
pub(super) fn alone(rules: &StructureRules, t: &str) -> Option<Jump> {
    let (r, j) = find(rules, t)?;
    let mut rest = t[..r.start].chars().chain(t[r.end..].chars()).filter(|&c| !is_hspace(c) && !is_stretch_mark(c));
    let noise = rest.clone().count() <= 2 && !rest.any(|c| is_ideograph_like(c) || c.is_alphabetic());
    noise.then_some(j)
}

/// A jump note ending a line of text (`…满意。(下转第3版)`): where the text before it
/// ends, the spaces before the note left out, and the note. None when nothing but
/// spaces stands before the note.
fn trailing(rules: &StructureRules, line: &str, width_pass: bool) -> Option<(usize, Jump)> {
    // Read as the width pass leaves it (`第３版` is `第3版`), the cut mapped back by
    // characters, which that pass changes one for one.
    let half = width_pass_form(line, width_pass);
    let (r, j) = find(rules, &half)?;
    if !half[r.end..].trim_matches(is_hspace).is_empty() {
        return None;
    }
    let mut cut = half[..r.start].trim_end_matches(is_hspace).len();
    if let Cow::Owned(h) = &half {
        let chars = h[..cut].chars().count();
        cut = line.char_indices().nth(chars).map_or(line.len(), |(i, _)| i);
    }
    (cut > 0).then_some((cut, j))
}

/// `t` as the width pass prints it, when `changed` says it holds anything that pass
/// changes: full-width letters and digits half-width, compatibility ideographs unified
/// (`第\u{F9D1}版` is `第六版`). The patterns read the line as the output will show it,
/// so the output reads back alike.
pub(super) fn width_pass_form(t: &str, changed: bool) -> Cow<'_, str> {
    if changed {
        Cow::Owned(t.chars().map(|c| unified(c).unwrap_or_else(|| as_halfwidth(c))).collect())
    } else {
        Cow::Borrowed(t)
    }
}

/// The jump notes that end lines of text, in line order: few lines hold one, so they
/// are kept as (line, cut, note), not one slot a line.
pub(super) struct Notes(Vec<(usize, usize, Jump)>);

/// Find the notes ending lines of text, and scan those lines again without them. Only
/// a line holding 版 can hold a note; a line that is a note alone is the classifier's.
pub(super) fn trailing_notes(page: PageView, scans: &mut [LineScan]) -> Notes {
    let PageView { text, lines, rules } = page;
    let notes: Vec<(usize, usize, Jump)> = (0..lines.len())
        .filter(|&i| scans[i].has_ban(text))
        .filter_map(|i| {
            trailing(rules, &text[lines[i].range()], scans[i].width_pass(text))
                .filter(|_| !is_alone(rules, text, &scans[i]))
                .map(|(cut, j)| (i, cut, j))
        })
        .collect();
    for &(i, cut, _) in &notes {
        let start = lines[i].start as usize;
        scans[i] = LineScan::new(text, start..start + cut);
    }
    Notes(notes)
}

/// Is the whole line a jump note (what the classifier would call it)?
fn is_alone(rules: &StructureRules, text: &str, scan: &LineScan) -> bool {
    scan.short(SHORT)
        && scan.has(hint::BAN)
        && alone(rules, &width_pass_form(&text[scan.trim()], scan.width_pass)).is_some()
}

impl Notes {
    /// The note ending line `i`, and where the line's text ends.
    pub(super) fn get(&self, i: usize) -> Option<(usize, &Jump)> {
        self.0.binary_search_by_key(&i, |n| n.0).ok().map(|k| (self.0[k].1, &self.0[k].2))
    }

    /// Each line as the output shows it: without the note that ends it.
    pub(super) fn bodies<'a>(&self, page: PageView<'a>) -> Vec<&'a str> {
        (0..page.lines.len())
            .map(|i| {
                let r = page.lines[i].range();
                self.get(i).map_or(&page.text[r.clone()], |(cut, _)| &page.text[r.start..r.start + cut])
            })
            .collect()
    }
}
