//! Where a region's columns begin: the grid columns a gutter runs down. A profile over
//! the grid columns counts, for a cut at each, the rows that deny it and the rows that
//! back it, in one pass over the runs:
//!
//! - a run the cut would go through denies it, unless it is the last of its row: a
//!   letter-spaced line runs on a few columns past the next column's left edge where the
//!   rows of the two columns interleave, and is still its column's (pdftotext widens
//!   it, a tight line it prints at half its width);
//! - a row whose first run starts just left of the cut denies it: a column is wider than
//!   an indent, so a cut there would part the indented lines from the others;
//! - a row whose first run right of the cut starts at it backs it: a column's lines line
//!   up at its left edge (an opening mark hangs one column left of it).
//!
//! A cut stands where no row denies it (a few may, on the second try: a headline or a
//! caption over two columns) and a few rows back it. Nothing here is a width in
//! characters the page must have: columns of any width and gutter come out alike.

use super::Seg;

/// A line's last run may reach this many columns past a cut: the overhang of a
/// letter-spaced line whose rows interleave with the next column's.
const OVERHANG: i64 = 6;

/// A column is at least this wide: a cut closer to a row's start than this would cut
/// an indent (two characters, four grid columns) or a hanging mark off its column.
const MIN_COLUMN: i64 = 8;

/// So many rows, at least, line up at a column's left edge.
const MIN_BACKING: i64 = 3;

/// On the second try, a cut may go through so many rows (at least 2, at most 3 % of the
/// region's): lines over two columns, which the cut leaves with the column they start in.
const SPANNING_SHARE: f64 = 0.03;
const SPANNING_MIN: i64 = 2;

/// How the cuts are found: no row may deny one, or a few may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strictness {
    Clear,
    Spanned,
}

/// The columns where the region's parts right of a gutter begin, left to right; empty
/// when no gutter runs down it.
pub(super) fn cuts(region: &[Seg], strictness: Strictness) -> Vec<u32> {
    let Some(lo) = region.iter().map(|s| i64::from(s.x0)).min() else {
        return Vec::new();
    };
    let hi = region.iter().map(|s| i64::from(s.x1)).max().unwrap_or(lo) + 2;
    let mut profile = Profile::new(lo, hi);
    let mut segs = region.to_vec();
    segs.sort_unstable_by_key(|s| (s.row, s.x0));
    let mut rows = 0i64;
    for row in segs.chunk_by(|a, b| a.row == b.row) {
        profile.row(row);
        rows += 1;
    }
    let allowed = match strictness {
        Strictness::Clear => 0,
        Strictness::Spanned => SPANNING_MIN.max((rows as f64 * SPANNING_SHARE) as i64),
    };
    profile.cuts(allowed)
}

/// For each cut column from `lo` to `hi`: how many rows deny it, how many back it (as
/// difference arrays while rows are added).
struct Profile {
    lo: i64,
    hi: i64,
    deny: Vec<i64>,
    back: Vec<i64>,
}

impl Profile {
    fn new(lo: i64, hi: i64) -> Self {
        let n = (hi - lo + 2) as usize;
        Profile { lo, hi, deny: vec![0; n], back: vec![0; n] }
    }

    /// Count cuts `a..b` once more in `v`.
    fn add(lo: i64, hi: i64, v: &mut [i64], a: i64, b: i64) {
        let (a, b) = (a.max(lo), b.min(hi));
        if a < b {
            v[(a - lo) as usize] += 1;
            v[(b - lo) as usize] -= 1;
        }
    }

    /// One row's runs, left to right.
    fn row(&mut self, runs: &[Seg]) {
        let (lo, hi) = (self.lo, self.hi);
        for (i, s) in runs.iter().enumerate() {
            let (x0, x1) = (i64::from(s.x0), i64::from(s.x1));
            let reach = if i + 1 < runs.len() { x1 } else { x1 - OVERHANG };
            Self::add(lo, hi, &mut self.deny, x0 + 1, reach + 1);
            let from = if i > 0 { (x0 - 1).max(i64::from(runs[i - 1].x0) + 1) } else { x0 - 1 };
            Self::add(lo, hi, &mut self.back, from, x0 + 1);
        }
        if let Some(first) = runs.first() {
            let x0 = i64::from(first.x0);
            Self::add(lo, hi, &mut self.deny, x0 + 1, x0 + MIN_COLUMN);
        }
    }

    /// The cuts no more than `allowed` rows deny and enough rows back, inside the region
    /// (one per run of neighbouring columns: its first).
    fn cuts(&self, allowed: i64) -> Vec<u32> {
        let (mut deny, mut back) = (0i64, 0i64);
        let mut out: Vec<u32> = Vec::new();
        let mut last_ok = false;
        for g in self.lo..self.hi {
            let k = (g - self.lo) as usize;
            deny += self.deny[k];
            back += self.back[k];
            let ok = g > self.lo && g < self.hi - 2 && deny <= allowed && back >= MIN_BACKING;
            if ok && !last_ok {
                out.push(g as u32);
            }
            last_ok = ok;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::grid::segments::{parse, Metric};

    fn cut_of(page: &str, s: Strictness) -> Vec<u32> {
        cuts(&parse(page, Metric::Chars, 1000, 1000).unwrap_or_default(), s)
    }

    #[test]
    fn a_gutter_between_columns() {
        let page = "甲乙丙丁戊己庚辛      子丑寅卯辰巳\n".repeat(5);
        assert_eq!(cut_of(&page, Strictness::Clear), vec![13]);
    }

    #[test]
    fn indents_and_gaps_inside_a_column_are_no_gutter() {
        // Indented first lines, and a wide gap inside one line only.
        let page =
            "    甲乙丙丁戊己\n甲乙丙丁戊己庚辛\n甲乙丙丁戊己庚辛\n甲乙     丙丁\n    甲乙丙丁\n甲乙丙丁戊己庚辛\n";
        assert!(cut_of(page, Strictness::Clear).is_empty());
    }

    #[test]
    fn a_line_over_the_gutter_blocks_it_unless_spanners_are_allowed() {
        let mut page = format!("标{}字\n", "长".repeat(22));
        page.push_str(&"甲乙丙丁戊己庚辛      子丑寅卯辰巳\n".repeat(6));
        assert!(cut_of(&page, Strictness::Clear).is_empty());
        assert_eq!(cut_of(&page, Strictness::Spanned), vec![13]);
    }

    #[test]
    fn an_overhanging_last_run_does_not_block() {
        // Rows of the two columns interleave; the letter-spaced lines of the first
        // reach past the second's left edge.
        let mut page = String::new();
        for _ in 0..4 {
            page.push_str("甲 乙 丙 丁 戊 己 庚 辛\n");
            page.push_str("              子丑寅卯辰巳\n");
        }
        assert_eq!(cut_of(&page, Strictness::Clear), vec![13]);
    }
}
