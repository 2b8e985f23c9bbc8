//! Joins: which content line goes on into the next. The page is read first as a whole
//! (paragraphs one a line, or printed lines that show their column), then each gap
//! between two content lines is decided by what ends the first and opens the second.

use super::classify::{classify, Kind};
use super::line_scan::{first_char, last_char, width, LineScan, SHORT};
use super::Read;
use crate::rules::StructureRules;
use crate::text::script::{is_hspace, is_ideograph_like};

/// Does each content line go on from the one before it (the first never does)?
/// `headingish` says, for each content line, whether it looks like a heading.
pub(super) fn decide(r: &Read, scans: &[LineScan], headingish: &[bool], traditional: bool) -> Vec<bool> {
    let content = &r.content;
    let para_mode = paragraph_mode(r, scans);
    let full = if para_mode { Vec::new() } else { fills_column(&exact_widths(r, scans)) };
    // A page of printed lines without a blank line shows no block breaks (`-lines`
    // pages, and the output of a page read as printed lines, whose blank lines are
    // gone): there a full line that ends its sentence ends its paragraph, as it does
    // before a block break, so the output reads back as it was laid out.
    let no_breaks = !r.kinds[content[0]..=*content.last().unwrap_or(&content[0])].contains(&Kind::Blank);
    let gaps = Gaps { r, scans, headingish, para_mode, full, no_breaks, traditional };
    let mut joins: Vec<bool> = (0..content.len()).map(|k| k > 0 && gaps.join(k)).collect();
    keep_short_runs_apart(r, scans, &mut joins);
    joins
}

/// What each gap is decided from.
struct Gaps<'a> {
    r: &'a Read<'a>,
    scans: &'a [LineScan],
    headingish: &'a [bool],
    /// The page holds paragraphs one a line, not printed lines.
    para_mode: bool,
    /// For printed lines: whether each content line fills its column.
    full: Vec<bool>,
    /// No blank line stands among the content lines.
    no_breaks: bool,
    traditional: bool,
}

impl Gaps<'_> {
    /// Does content line `k` go on from line `k - 1`?
    fn join(&self, k: usize) -> bool {
        let Read { page, kinds, content, laid_out, .. } = self.r;
        let (a, b) = (content[k - 1], content[k]);
        let between = &kinds[a + 1..b];
        // Text already in the output layout is read as it was laid out: one unit a
        // line, nothing joined. Its blank lines are gone, and the gaps and widths that
        // decided the joins of the first reading no longer show, so reading it afresh
        // would join further.
        if laid_out.is_some() || between.iter().any(|k| matches!(k, Kind::Separator | Kind::Jump(_))) {
            return false;
        }
        let ta = &page.text[self.scans[a].trim()];
        let tb = &page.text[self.scans[b].trim()];
        let gap = Gap {
            ta,
            la: last_char(ta).unwrap_or('。'),
            fb: first_char(tb).unwrap_or(' '),
            a_body: !self.headingish[k - 1],
            b_body: !self.headingish[k],
            blank: !between.is_empty(),
        };
        if self.para_mode {
            let page_break = between.iter().any(|k| matches!(k, Kind::Furniture(_))) || between.len() >= 2;
            self.paragraphs_join(&gap, a, page_break)
        } else {
            self.printed_lines_join(&gap, k)
        }
    }

    /// Paragraphs one a line: a paragraph goes on past a gap only when it stops
    /// mid-sentence.
    fn paragraphs_join(&self, g: &Gap, a: usize, page_break: bool) -> bool {
        let rules = self.r.page.rules;
        if !g.blank {
            // Lines with nothing between them are paragraphs of the output layout.
            false
        } else if item_mark(rules, g.fb) {
            false
        } else if continues(g.fb) && g.a_body {
            true
        } else if !g.b_body || ends_paragraph(rules, g.ta) {
            false
        } else if self.traditional {
            // Classical text ends sentences on 、: a line ending there closes its
            // paragraph; one that stops on a character goes on.
            g.a_body && g.la != '、'
        } else if page_break {
            // A short line cut at a page break (`…上海浦东国际` ⏎ running head ⏎
            // `机场海关…`) looks like a heading only because its sentence goes on.
            g.a_body || (is_ideograph_like(g.la) && !self.scans[a].short(9))
        } else {
            // One blank line is the paragraph gap: only a long paragraph that stops
            // mid-sentence goes on past it (`…机制改革，着` ⏎⏎ `力提升…`).
            g.a_body && !self.scans[a].short(19)
        }
    }

    /// Printed lines: a line that fills its column goes on; a short one ends its
    /// paragraph.
    fn printed_lines_join(&self, g: &Gap, k: usize) -> bool {
        let rules = self.r.page.rules;
        if continues(g.fb) && g.a_body {
            true
        } else if item_mark(rules, g.fb) || !self.full[k - 1] {
            false
        } else if g.blank {
            // Across a blank line (an OCR block break) only a sentence cut short goes on.
            g.b_body && !ends_paragraph(rules, g.ta)
        } else {
            // A full line goes on, unless what follows is a heading: a short line that
            // does not itself fill the column. With block breaks on the page, a sentence
            // may end at a line's end inside a paragraph.
            (g.b_body || self.full[k]) && !(self.no_breaks && ends_paragraph(rules, g.ta))
        }
    }
}

/// One gap between two content lines, as its join is decided from.
struct Gap<'a> {
    /// The first line, trimmed.
    ta: &'a str,
    /// The first line's last character and the second's first.
    la: char,
    fb: char,
    /// Neither line looks like a heading.
    a_body: bool,
    b_body: bool,
    /// Anything stands between them: blank lines, furniture.
    blank: bool,
}

/// Does the page hold paragraphs one a line rather than printed lines? Printed lines
/// show their column: most match the width of a line near them, and are narrower than
/// a paragraph. Paragraphs one a line do not, and neither does the output's own layout,
/// so the output reads back in paragraph mode.
fn paragraph_mode(r: &Read, scans: &[LineScan]) -> bool {
    if r.laid_out.is_some() {
        return true;
    }
    // Widths past WIDE read alike to this test: the scan's widths will do.
    let widths: Vec<usize> = r.content.iter().map(|&i| scans[i].width as usize).collect();
    let near = |a: usize, b: usize| a.abs_diff(b) <= 3 && (16..=80).contains(&a);
    let matched = (0..widths.len())
        .filter(|&k| (k.saturating_sub(2)..(k + 3).min(widths.len())).any(|j| j != k && near(widths[k], widths[j])))
        .count();
    // And printed lines mostly stop mid-sentence; paragraphs end on their full stop.
    let ended = r.content.iter().filter(|&&i| ends_paragraph(r.page.rules, r.bodies[i])).count();
    widths.len() < 4 || matched * 2 < widths.len() || ended * 2 >= r.content.len()
}

/// The content lines' widths, exact: the column test of printed lines reads them.
fn exact_widths(r: &Read, scans: &[LineScan]) -> Vec<usize> {
    r.content.iter().map(|&i| if scans[i].cut { width(r.bodies[i]) } else { scans[i].width as usize }).collect()
}

/// The output shows a run of joined lines as one line, and the next reading judges it
/// alone: a short run that would read as furniture, a jump line or the separator
/// (`2024年5月8日` ⏎ `星期三`) stays apart, each line content as it came.
fn keep_short_runs_apart(r: &Read, scans: &[LineScan], joins: &mut [bool]) {
    let text = r.page.text;
    let mut k = 0;
    while k < joins.len() {
        let e = run_end(joins, k);
        let run = &r.content[k..=e];
        if e > k && run.iter().map(|&i| scans[i].count as usize).sum::<usize>() <= SHORT {
            let joined: String = run.iter().map(|&i| &text[scans[i].trim()]).collect();
            if classify(r.page.rules, &joined, &LineScan::new(&joined, 0..joined.len()), false) != Kind::Content {
                joins[k + 1..=e].fill(false);
            }
        }
        k = e + 1;
    }
}

/// The last content line of the run of joined lines that starts at `k`.
pub(super) fn run_end(joins: &[bool], k: usize) -> usize {
    let mut e = k;
    while e + 1 < joins.len() && joins[e + 1] {
        e += 1;
    }
    e
}

/// For line-per-line text: does each content line fill its column? The column is read
/// as it goes: the width of the last full line, or the typical width of the next few
/// lines when those are narrower (text set around a picture narrows every line after
/// it, while a paragraph's short last line stands alone).
fn fills_column(widths: &[usize]) -> Vec<bool> {
    const SLACK: usize = 3;
    let mut full = vec![false; widths.len()];
    // At most five widths: sorted on the stack, not in a vector per line.
    let median = |s: &[usize]| {
        let mut v = [0usize; 5];
        let v = &mut v[..s.len()];
        v.copy_from_slice(s);
        v.sort_unstable();
        v.get(v.len() / 2).copied()
    };
    let mut column = median(&widths[..widths.len().min(5)]).unwrap_or(0);
    for k in 0..widths.len() {
        let after = median(&widths[k + 1..(k + 4).min(widths.len())]).unwrap_or(usize::MAX);
        let col = column.min(after);
        full[k] = widths[k] + SLACK >= col && widths[k] >= 2;
        if full[k] {
            column = widths[k].max(col);
        }
    }
    full
}

/// Does the line end its paragraph by its last characters? Sentence ends, closing
/// quotes, a colon or semicolon before a list, and a credit in brackets do; an opening
/// quote or a bracket inside the sentence (`扩音器(音箱)` ⏎ `的快件…`) does not.
pub(super) fn ends_paragraph(rules: &StructureRules, t: &str) -> bool {
    let t = t.trim_end_matches(is_hspace);
    let Some(c) = t.chars().next_back() else { return true };
    match c {
        '。' | '！' | '？' | '!' | '?' | '…' | '”' | '」' | '』' | '：' | ':' | '；' | ';' | '.' => true,
        '"' => {
            let before = t[..t.len() - 1].chars().next_back().unwrap_or(' ');
            matches!(before, '。' | '！' | '？' | '!' | '?' | '…')
                || t.chars().filter(|&c| matches!(c, '"' | '“' | '”')).count() % 2 == 0
        }
        '）' | ')' => {
            let open = t.rfind(['（', '(']).unwrap_or(0);
            let inner = &t[open..];
            // No bracket opens before it: true without looking at the words.
            open == 0 || rules.bracket_end.iter().any(|w| inner.contains(w.as_str()))
        }
        _ => false,
    }
}

/// Characters a paragraph never starts with: punctuation that closes or continues.
fn continues(c: char) -> bool {
    matches!(c, '，' | '、' | '。' | '；' | '：' | '！' | '？' | '）' | '」' | '』' | '”' | ',' | ';' | ':' | ')' | '…')
}

/// Does `c` open a news item (`◘蘇民廳長…`)? A line starting with one never continues
/// the paragraph before it.
pub(super) fn item_mark(rules: &StructureRules, c: char) -> bool {
    rules.item_marks.contains(c)
}
