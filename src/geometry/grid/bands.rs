//! Where a region is cut across: runs of blank rows longer than its lines leave between
//! them. In a `-layout` grid the rows of modules side by side interleave (each printed
//! line is a row of its own, and two modules' lines seldom share a baseline), so a
//! column's own lines stand a row or more apart: how far apart is read from the region,
//! and only a longer run of blank rows is a gap.
//!
//! A gap between two bands has text ending right above it all across the region, or
//! starting right below it where the text above ended not long before (a module shorter
//! than its neighbour): the text on both sides agrees with it. A gap that a picture
//! leaves beside a column running on does not, though the picture's caption stands right
//! under it. And two columns cut apart go back together when a gap runs across both at
//! once: they are the columns of a stack of modules, cut across before their columns.

use super::Seg;

/// Rows apart, at least, for a gap: one blank row is a paragraph's or a block's, never
/// a band's.
const MIN_GAP: u32 = 3;

/// A gap is longer than the median step between the region's rows by this many rows.
const OVER_MEDIAN: u32 = 1;

/// The text beside a gap is read in strips this many grid columns wide, each widened by
/// `REACH` on both sides: a tight line prints at half its width, so a strip near a
/// column's right edge sees only the letter-spaced lines.
const STRIP: u32 = 8;
const REACH: u32 = 8;

/// The text in a strip agrees with a gap when it ends at most this many rows above it or
/// starts at most this many below.
const SLACK: u32 = 2;

/// Text starting right below a gap agrees with it only when the strip's text above ends
/// at most this many rows higher: a module shorter than its neighbour leaves a few lines
/// blank under it (the devset's: up to 8 rows), a picture ten lines and more, with its
/// caption right under it and the column beside it running on.
const PICTURE: u32 = 20;

/// A gap whose text agrees in this share of the strips cuts the region at once.
pub(super) const AGREED: f64 = 0.6;

/// Two columns go back together when a gap this long (rows), and longer than the steps
/// of nine in ten of each one's own lines by `SHARED_OVER`, runs across both.
const SHARED_MIN: u32 = 4;
const SHARED_OVER: u32 = 2;

/// A run of blank rows between two rows of text: the row above it and the row below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Gap {
    pub(super) above: u32,
    pub(super) below: u32,
}

impl Gap {
    pub(super) fn len(&self) -> u32 {
        self.below - self.above
    }
}

/// The region's rows of text, top to bottom, each once.
pub(super) fn rows(region: &[Seg]) -> Vec<u32> {
    let mut rows: Vec<u32> = region.iter().map(|s| s.row).collect();
    rows.sort_unstable();
    rows.dedup();
    rows
}

/// The gaps of a region, top to bottom.
pub(super) fn gaps(region: &[Seg]) -> Vec<Gap> {
    gaps_between(&rows(region))
}

/// The gaps between `rows` (sorted, each once).
fn gaps_between(rows: &[u32]) -> Vec<Gap> {
    let mut steps: Vec<u32> = rows.windows(2).map(|w| w[1] - w[0]).collect();
    if steps.is_empty() {
        return Vec::new();
    }
    steps.sort_unstable();
    // Twice the median, so an even count's two middle steps count alike.
    let median2 = steps[(steps.len() - 1) / 2] + steps[steps.len() / 2];
    let least2 = (2 * MIN_GAP).max(median2 + 2 * OVER_MEDIAN);
    rows.windows(2).filter(|w| 2 * (w[1] - w[0]) >= least2).map(|w| Gap { above: w[0], below: w[1] }).collect()
}

/// The step between rows that nine in ten of the region's steps do not exceed.
fn usual_step(rows: &[u32]) -> u32 {
    let mut steps: Vec<u32> = rows.windows(2).map(|w| w[1] - w[0]).collect();
    steps.sort_unstable();
    let k = (steps.len() * 9 / 10).min(steps.len().saturating_sub(1));
    steps.get(k).copied().unwrap_or(0)
}

/// The rows of both (each sorted, each row once), sorted, each once.
pub(super) fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let next = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x <= y => {
                i += 1;
                j += usize::from(x == y);
                x
            }
            (_, Some(&y)) => {
                j += 1;
                y
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (None, None) => break,
        };
        out.push(next);
    }
    out
}

/// Does a gap run across both columns side by side whose rows of text are `a` and `b`
/// (each sorted, each row once), each having text above and below it?
pub(super) fn shared(a: &[u32], b: &[u32]) -> bool {
    let (Some((&a_top, &a_bottom)), Some((&b_top, &b_bottom))) = (a.first().zip(a.last()), b.first().zip(b.last()))
    else {
        return false;
    };
    let least = SHARED_MIN.max(usual_step(a) + SHARED_OVER).max(usual_step(b) + SHARED_OVER);
    gaps_between(&union(a, b))
        .iter()
        .any(|g| g.len() >= least && a_top <= g.above && b_top <= g.above && a_bottom >= g.below && b_bottom >= g.below)
}

/// The region cut before each row of `at` (sorted): the parts top to bottom, none empty.
pub(super) fn split(region: Vec<Seg>, at: &[u32]) -> Vec<Vec<Seg>> {
    let mut parts: Vec<Vec<Seg>> = vec![Vec::new(); at.len() + 1];
    for s in region {
        parts[at.partition_point(|&c| c <= s.row)].push(s);
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// The rows with text in each strip of a region, to tell how the text beside a gap
/// agrees with it.
pub(super) struct Strips {
    rows: Vec<Vec<u32>>,
    top: u32,
    bottom: u32,
}

impl Strips {
    pub(super) fn of(region: &[Seg]) -> Strips {
        let mut segs = region.to_vec();
        segs.sort_unstable_by_key(|s| s.row);
        let width = segs.iter().map(|s| s.x1).max().unwrap_or(0);
        let mut rows: Vec<Vec<u32>> = vec![Vec::new(); ((width + REACH) / STRIP + 1) as usize];
        for s in &segs {
            let from = s.x0.saturating_sub(REACH) / STRIP;
            let to = (s.x1.saturating_sub(1) + REACH) / STRIP;
            for strip in &mut rows[from as usize..=to as usize] {
                if strip.last() != Some(&s.row) {
                    strip.push(s.row);
                }
            }
        }
        let top = segs.first().map_or(0, |s| s.row);
        let bottom = segs.last().map_or(0, |s| s.row);
        Strips { rows, top, bottom }
    }

    /// The share of the strips whose text ends right above the gap, or starts right
    /// below it with no picture above (1 when no strip holds text).
    pub(super) fn agreement(&self, g: Gap) -> f64 {
        let (above, below) = (i64::from(g.above), i64::from(g.below));
        let (mut agree, mut strips) = (0usize, 0usize);
        for rows in self.rows.iter().filter(|r| !r.is_empty()) {
            let k = rows.partition_point(|&r| r <= g.above);
            let last = k.checked_sub(1).map_or(i64::from(self.top) - 1, |k| i64::from(rows[k]));
            let first =
                rows.get(rows.partition_point(|&r| r < g.below)).map_or(i64::from(self.bottom) + 1, |&r| r.into());
            strips += 1;
            let (up, down) = (above - last, first - below);
            let slack = i64::from(SLACK);
            agree += usize::from(up <= slack || (down <= slack && up <= i64::from(PICTURE)));
        }
        if strips == 0 {
            1.0
        } else {
            agree as f64 / strips as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::grid::segments::{parse, Metric};

    fn segs(page: &str) -> Vec<Seg> {
        parse(page, Metric::Chars, 1000, 1000).unwrap_or_default()
    }

    #[test]
    fn gaps_are_longer_than_the_steps_between_lines() {
        // Lines every other row (interleaved with another module's), a band gap of four.
        let page = "甲\n\n乙\n\n丙\n\n\n\n\n丁\n\n戊\n";
        let g = gaps(&segs(page));
        assert_eq!(g, vec![Gap { above: 4, below: 9 }]);
    }

    #[test]
    fn a_band_gap_agrees_a_picture_beside_a_column_does_not() {
        // Two columns end together above the gap: it agrees.
        let band =
            "甲乙丙丁戊己庚辛    子丑寅卯辰巳午未\n".repeat(4) + "\n\n\n" + &"天地玄黄宇宙洪荒日月盈昃辰宿\n".repeat(3);
        let s = segs(&band);
        let g = gaps(&s);
        assert_eq!(g.len(), 1);
        assert!(Strips::of(&s).agreement(g[0]) > AGREED);
        // A picture left blank beside a column that stops for a moment: the left half
        // is blank far above and below.
        let mut page = "标题\n".to_string();
        for r in 0..20 {
            let right = if (9..12).contains(&r) { String::new() } else { "子丑寅卯辰巳午未".to_string() };
            page.push_str(&format!("{}{}\n", " ".repeat(60), right));
        }
        let bottom = format!("{}{}子丑寅卯辰巳午未\n", "甲乙丙丁戊己庚辛".repeat(5), " ".repeat(20));
        page.push_str(&bottom.repeat(3));
        let s = segs(&page);
        let g: Vec<Gap> = gaps(&s).into_iter().filter(|g| g.above == 9).collect();
        assert_eq!(g.len(), 1);
        assert!(Strips::of(&s).agreement(g[0]) < AGREED);
    }

    #[test]
    fn a_caption_under_a_picture_does_not_agree() {
        // A headline, a picture (blank) under it with its caption, and beside it a column
        // that stops for three rows where the next module's column label stands.
        let mut page = "标题\n".to_string();
        for r in 1..25 {
            page.push_str(&format!("{}子丑寅卯辰巳午未{r}\n", " ".repeat(60)));
        }
        page.push_str("\n\n\n");
        page.push_str(&format!("{}{}新闻观察\n", "图为".repeat(20), " ".repeat(20)));
        page.push_str(&format!("{}{}子丑寅卯辰巳午未\n", "甲乙丙丁".repeat(10), " ".repeat(20)).repeat(4));
        let s = segs(&page);
        let g: Vec<Gap> = gaps(&s).into_iter().filter(|g| g.above == 24).collect();
        assert_eq!(g.len(), 1);
        assert!(Strips::of(&s).agreement(g[0]) < AGREED);
    }

    #[test]
    fn a_stack_shares_its_gap_staggered_columns_do_not() {
        let col = |rows: &[u32], x: usize| -> Vec<Seg> {
            let page: String = (0..40)
                .map(|r| if rows.contains(&r) { format!("{}字字字\n", " ".repeat(x)) } else { "\n".into() })
                .collect();
            segs(&page)
        };
        let top_bottom: Vec<u32> = (0..15).chain(22..40).collect();
        assert!(shared(&rows(&col(&top_bottom, 0)), &rows(&col(&top_bottom, 20))));
        // Each column's lines in blocks of two, five rows apart, offset from each other.
        let a: Vec<u32> = (0..40).filter(|r| r % 5 < 2).collect();
        let b: Vec<u32> = (0..40).filter(|r| (r + 2) % 5 < 2).collect();
        assert!(!shared(&rows(&col(&a, 0)), &rows(&col(&b, 20))));
        assert_eq!(union(&[1, 3, 5], &[2, 3, 6]), vec![1, 2, 3, 5, 6]);
    }

    #[test]
    fn split_before_rows() {
        let s = segs("甲\n乙\n丙\n丁\n");
        let parts = split(s, &[1, 3]);
        assert_eq!(parts.iter().map(Vec::len).collect::<Vec<_>>(), vec![1, 2, 1]);
    }
}
