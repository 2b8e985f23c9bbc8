//! The grid's rows and their runs of text, read from the page; and the page written back
//! in reading order, region by region, each row's runs as they stood (the spaces inside a
//! column's line kept: a wide one is a real gap, a dateline's or a name's).
//!
//! A character's column is counted one way or the other, whichever lines the page's runs
//! up: `pdftotext -layout` gives every character one column, however wide it prints;
//! text aligned for a terminal or an editor gives a Chinese character two.

use super::Seg;
use crate::text::script::display_width;
use std::collections::HashMap;

/// How a character's place in its line is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Metric {
    /// One column a character, as `pdftotext -layout` places them.
    Chars,
    /// A character's printed width: two for a Chinese character or a full-width form.
    Printed,
}

impl Metric {
    fn width(self, c: char) -> u32 {
        match self {
            Metric::Chars => 1,
            Metric::Printed => display_width(c) as u32,
        }
    }
}

/// The runs of text of `page` counted the way that lines them up best (`pdftotext`'s
/// when both do alike); `None` when the page is too wide or too long either way.
pub(super) fn grid(page: &str, max_width: usize, max_rows: usize) -> Option<Vec<Seg>> {
    let chars = parse(page, Metric::Chars, max_width, max_rows);
    let printed = parse(page, Metric::Printed, max_width, max_rows);
    match (chars, printed) {
        (Some(c), Some(p)) => Some(if lined_up(&p) > lined_up(&c) { p } else { c }),
        (c, p) => c.or(p),
    }
}

/// How many runs start at a column where two more start too: the columns' left edges,
/// which the right count lines up.
fn lined_up(segs: &[Seg]) -> usize {
    let mut starts: HashMap<u32, usize> = HashMap::new();
    for s in segs.iter().filter(|s| s.x0 > 0) {
        *starts.entry(s.x0).or_default() += 1;
    }
    starts.values().filter(|&&n| n >= 3).sum()
}

/// The runs of text of `page`, row by row and left to right, columns counted by
/// `metric`; `None` when a line reaches past column `max_width` or the page has more
/// than `max_rows` lines.
pub(super) fn parse(page: &str, metric: Metric, max_width: usize, max_rows: usize) -> Option<Vec<Seg>> {
    let mut segs = Vec::new();
    let mut offset = 0usize;
    for (row, line) in page.split('\n').enumerate() {
        if row >= max_rows {
            return None;
        }
        row_runs(line, offset, row as u32, (metric, max_width as u32), &mut segs)?;
        offset += line.len() + 1;
    }
    Some(segs)
}

/// The runs of one line starting at byte `offset` of the page, pushed onto `out`, its
/// columns counted by `metric` up to `max_width`.
fn row_runs(line: &str, offset: usize, row: u32, (metric, max_width): (Metric, u32), out: &mut Vec<Seg>) -> Option<()> {
    let mut open: Option<Seg> = None;
    // Blank columns since the last character of the open run.
    let mut blanks = 0u32;
    let mut idx = 0u32;
    let mut next = 0u32;
    for (at, c) in line.char_indices() {
        let x = next;
        next += metric.width(c);
        if next > max_width {
            return None;
        }
        if c == ' ' || c == '\t' {
            blanks += 1;
            continue;
        }
        let end = offset + at + c.len_utf8();
        match open.as_mut() {
            Some(s) if blanks <= 1 => {
                s.x1 = next;
                s.end = end;
            }
            _ => {
                if let Some(s) = open.take() {
                    out.push(s);
                    idx += 1;
                }
                open = Some(Seg { row, x0: x, x1: next, idx, start: offset + at, end });
            }
        }
        blanks = 0;
    }
    out.extend(open);
    Some(())
}

/// The page in reading order: each region's rows top to bottom, one line a row, and a
/// blank line between regions.
pub(super) fn render(page: &str, regions: &[Vec<Seg>]) -> String {
    let mut out = String::with_capacity(page.len());
    for region in regions {
        if region.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let mut segs = region.clone();
        segs.sort_unstable_by_key(|s| (s.row, s.x0));
        let mut prev: Option<Seg> = None;
        for s in segs {
            match prev {
                // The next run of the same row in this region: what stood between them too.
                Some(p) if p.row == s.row && p.idx + 1 == s.idx => out.push_str(&page[p.end..s.start]),
                Some(p) if p.row == s.row => out.push(' '),
                Some(_) => out.push('\n'),
                None => {}
            }
            out.push_str(&page[s.start..s.end]);
            prev = Some(s);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_part_at_two_spaces() {
        let segs = parse("甲 乙  丙丁\n\n  戊己   庚", Metric::Chars, 100, 100).unwrap_or_default();
        let shown: Vec<(u32, u32, u32, u32)> = segs.iter().map(|s| (s.row, s.x0, s.x1, s.idx)).collect();
        assert_eq!(shown, vec![(0, 0, 3, 0), (0, 5, 7, 1), (2, 2, 4, 0), (2, 7, 8, 1)]);
        let page = "甲 乙  丙丁\n\n  戊己   庚";
        assert_eq!(&page[segs[1].start..segs[1].end], "丙丁");
        assert_eq!(&page[segs[3].start..segs[3].end], "庚");
    }

    #[test]
    fn too_wide_or_too_long_is_none() {
        assert!(parse(&"字".repeat(11), Metric::Chars, 10, 100).is_none());
        assert!(parse(&"字".repeat(6), Metric::Printed, 10, 100).is_none());
        assert!(parse(&"字".repeat(5), Metric::Printed, 10, 100).is_some());
        assert!(parse(&"字\n".repeat(11), Metric::Chars, 10, 10).is_none());
    }

    #[test]
    fn columns_are_counted_the_way_that_lines_them_up() {
        // pdftotext's grid: the second column at character 12 in every row, whatever the
        // first holds.
        let chars = "甲乙丙丁        子丑寅卯\nab cd 12    子丑寅卯\n甲乙 12       子丑寅卯\n";
        let segs = grid(chars, 100, 100).unwrap_or_default();
        assert!(segs.iter().filter(|s| s.idx == 1).all(|s| s.x0 == 12));
        // Aligned for a terminal: the second column at printed column 16.
        let printed = "甲乙丙丁        子丑寅卯\nab cd 12        子丑寅卯\n甲乙 12         子丑寅卯\n";
        let segs = grid(printed, 100, 100).unwrap_or_default();
        assert!(segs.iter().filter(|s| s.idx == 1).all(|s| s.x0 == 16));
        assert_eq!(&printed[segs[1].start..segs[1].end], "子丑寅卯");
    }

    #[test]
    fn regions_render_as_blocks() {
        let page = "甲乙    丙丁\n戊己    庚辛\n";
        let segs = parse(page, Metric::Chars, 100, 100).unwrap_or_default();
        let left: Vec<Seg> = segs.iter().copied().filter(|s| s.x0 < 4).collect();
        let right: Vec<Seg> = segs.iter().copied().filter(|s| s.x0 >= 4).collect();
        assert_eq!(render(page, &[left, right]), "甲乙\n戊己\n\n丙丁\n庚辛\n");
        assert_eq!(render(page, &[segs]), "甲乙    丙丁\n戊己    庚辛\n");
    }
}
