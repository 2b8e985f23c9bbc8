//! The column grid a page's wraps leave: a column-wrap space recurs at a near-constant
//! display width along a paragraph, so the gaps between a line's spaces show the
//! column's width, and a space in a number too short a line to show one waits on the
//! widths the page's other paragraphs show.

/// The gaps, in display columns, between a space and the spaces around it (the line's
/// start and its wrap-like spaces), as many as [`on_grid`] reads, sorted, 0 for none: a
/// space waiting on the page keeps these few, not its line's every column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Gaps([u32; 4]);

impl Gaps {
    /// The gaps around `col`, one of `cols`.
    pub(super) fn of(cols: &[usize], col: usize) -> Option<Gaps> {
        let i = cols.binary_search(&col).ok()?;
        let (lo, hi) = (i.saturating_sub(2), (i + 2).min(cols.len() - 1));
        Some(Gaps::around(col, cols[lo..=hi].iter().copied().filter(|&c| c != col)))
    }

    pub(super) fn around(col: usize, near: impl Iterator<Item = usize>) -> Gaps {
        let mut gaps = [0u32; 4];
        // A line's columns are at most twice its bytes: they fit 32 bits as its offsets do.
        for (g, c) in gaps.iter_mut().zip(near) {
            *g = c.abs_diff(col) as u32;
        }
        gaps.sort_unstable();
        Gaps(gaps)
    }

    /// Is the space on the grid of width `w`: a space around it `k` widths away, within
    /// the slack of `k` printed lines ([`multiple`])? A gap of 0 is none.
    fn on_grid(&self, w: f64) -> bool {
        self.0.iter().any(|&d| multiple(d as usize, w).is_some())
    }
}

/// What the whole page says about its columns.
#[derive(Default)]
pub(super) struct PageGrid {
    /// The column widths the page's paragraphs show.
    widths: Widths,
    /// Spaces inside numbers, in lines without a grid of their own.
    pending: Pending,
    /// The gaps around them, each told once: the spaces of a table or a list of numbers
    /// repeat a few.
    gaps: Vec<Gaps>,
}

impl PageGrid {
    /// A column width a paragraph shows.
    pub(super) fn add_width(&mut self, w: f64) {
        self.widths.add(w);
    }

    /// The offsets of the spaces waiting on the page that stand on a width it shows.
    pub(super) fn on_its_grid(self) -> Vec<usize> {
        let PageGrid { widths, pending, gaps } = self;
        if widths.0.is_empty() {
            return Vec::new();
        }
        let on_grid: Vec<bool> = gaps.iter().map(|g| widths.any_on_grid(g)).collect();
        pending.iter().filter(|&(_, gaps)| on_grid[gaps]).map(|(at, _)| at).collect()
    }

    /// The space at `at` (in input offsets, one ASCII space) waits on the page's grid.
    pub(super) fn wait(&mut self, at: usize, gaps: Gaps) {
        // The last few told are looked through: a table's rows repeat theirs.
        let known = self.gaps.iter().rev().take(8).position(|&g| g == gaps);
        let k = match known {
            Some(back) => self.gaps.len() - 1 - back,
            None => {
                self.gaps.push(gaps);
                self.gaps.len() - 1
            }
        };
        self.pending.push(at, k);
    }
}

/// The spaces inside numbers, in lines without a grid of their own, each deleted if the
/// page shows a grid it stands on: where each is (in input offsets, after the one
/// before, which is most often just before it) and its gaps (in [`PageGrid::gaps`]), as
/// LEB128 numbers. A page can be all
/// such spaces; kept so, they cost a byte or two each, not a tenth of the page's size.
#[derive(Default)]
struct Pending {
    bytes: Vec<u8>,
    last: usize,
}

impl Pending {
    fn push(&mut self, at: usize, gaps: usize) {
        // Zigzag: lines are told in reading order, which is not always the input's.
        let step = at as i64 - self.last as i64;
        leb128(&mut self.bytes, ((step << 1) ^ (step >> 63)) as usize);
        leb128(&mut self.bytes, gaps);
        self.last = at;
    }

    /// Each space's offset and gaps, in the order told.
    fn iter(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let mut bytes = self.bytes.iter().copied();
        let mut at = 0i64;
        std::iter::from_fn(move || {
            let zz = read_leb128(&mut bytes)? as i64;
            at += (zz >> 1) ^ -(zz & 1);
            Some((at as usize, read_leb128(&mut bytes)?))
        })
    }
}

fn leb128(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_leb128(bytes: &mut impl Iterator<Item = u8>) -> Option<usize> {
    let (mut n, mut shift) = (0usize, 0);
    loop {
        let b = bytes.next()?;
        n |= usize::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(n);
        }
        shift += 7;
    }
}

/// The column widths of a page's paragraphs, no two within a column of each other,
/// sorted: each question about them is a binary search, not a walk over them all.
#[derive(Default)]
struct Widths(Vec<f64>);

impl Widths {
    /// Add `w`, unless a width within a column of it is known.
    fn add(&mut self, w: f64) {
        let i = self.0.partition_point(|&o| o < w);
        let near = |j: usize| self.0.get(j).is_some_and(|&o| (o - w).abs() < 1.0);
        if !(near(i) || (i > 0 && near(i - 1))) {
            self.0.insert(i, w);
        }
    }

    /// Is a space with these gaps on the grid of any of the widths?
    fn any_on_grid(&self, gaps: &Gaps) -> bool {
        // A width puts a space on its grid when a gap is `k` widths within the slack of
        // `k` lines ([`multiple`]): only the widths in those few intervals (a little
        // wider, for rounding) can, and each is asked exactly.
        gaps.0.iter().filter(|&&d| d > 0).any(|&d| {
            let d = f64::from(d);
            (1..=4).any(|k| {
                let k = f64::from(k);
                let (lo, hi) = ((d - 1.0 - k) / k - 0.5, (d + 1.0 + k) / k + 0.5);
                let from = self.0.partition_point(|&w| w < lo);
                self.0[from..].iter().take_while(|&&w| w <= hi).any(|&w| gaps.on_grid(w))
            })
        })
    }
}

/// The column width at which wrap spaces recur along the line, if the spaces show one:
/// two thirds of the gaps between spaces, and at least four, are whole multiples of
/// the same width.
pub(super) fn column_width(cols: &[usize]) -> Option<f64> {
    if cols.len() < 5 || cols.len() > 400 {
        return None;
    }
    let diffs = cols.windows(2).map(|w| w[1] - w[0]);
    let mut best: Option<(usize, f64)> = None;
    // A grid's gaps repeat one width: each width is tried once, in the order the gaps
    // show it, which gives the same best as trying every gap.
    let mut tried: Vec<usize> = Vec::new();
    for cand in diffs.clone().filter(|&d| d >= MIN_COLUMN) {
        if tried.contains(&cand) {
            continue;
        }
        tried.push(cand);
        let (mut support, mut sum) = (0usize, 0f64);
        for d in diffs.clone() {
            if let Some(k) = whole_multiple(d, cand) {
                support += 1;
                sum += d as f64 / k as f64;
            }
        }
        if best.is_none_or(|(s, _)| support > s) {
            best = Some((support, sum / support as f64));
        }
    }
    // Evidence, not coincidence: most gaps, and at least three, fit the width.
    let n = cols.len() - 1;
    best.filter(|&(support, _)| support >= 4 && support * 3 >= n * 2).map(|(_, w)| w)
}

/// The narrowest column a wrap grid may show, in display columns (seven ideographs):
/// below it the slack of a printed line covers most of the width and proves nothing.
const MIN_COLUMN: usize = 14;

/// `Some(k)` when `d` is `k` column widths, within the slack of `k` printed lines.
fn multiple(d: usize, w: f64) -> Option<usize> {
    let k = (d as f64 / w).round();
    if !(1.0..=4.0).contains(&k) {
        return None;
    }
    ((d as f64 - k * w).abs() <= 1.0 + k).then_some(k as usize)
}

/// [`multiple`] for a whole width of at least [`MIN_COLUMN`], in integers: the slack
/// of up to four lines (5 columns) is under half a width, so at most one `k` fits, and
/// it is the rounded quotient.
fn whole_multiple(d: usize, w: usize) -> Option<usize> {
    debug_assert!(w >= MIN_COLUMN);
    (1..=4).find(|&k| d.abs_diff(k * w) <= 1 + k)
}

pub(super) fn on_grid(cols: &[usize], col: usize, w: f64) -> bool {
    let Ok(i) = cols.binary_search(&col) else { return false };
    let lo = i.saturating_sub(2);
    let hi = (i + 2).min(cols.len() - 1);
    (lo..=hi).filter(|&j| j != i).any(|j| multiple(cols[i].abs_diff(cols[j]), w).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pending spaces read back as told, in any order, near and far.
    #[test]
    fn pending_spaces_read_back() {
        let told = [(5, 0), (4, 1), (300, 0), (0, 2), (u32::MAX as usize, 70_000), (7, 3)];
        let mut pending = Pending::default();
        for (at, gaps) in told {
            pending.push(at, gaps);
        }
        assert_eq!(pending.iter().collect::<Vec<_>>(), told);
    }

    #[test]
    fn whole_multiples_are_the_multiples_of_the_width_as_a_float() {
        for w in MIN_COLUMN..200 {
            for d in 0..1000 {
                assert_eq!(whole_multiple(d, w), multiple(d, w as f64), "{d} / {w}");
            }
        }
    }

    #[test]
    fn column_width_needs_evidence() {
        assert_eq!(column_width(&[20, 39, 57, 76, 96]).map(|w| w.round()), Some(19.0));
        assert_eq!(column_width(&[11, 20, 39]), None);
        assert_eq!(column_width(&[5, 9, 14, 18, 23]), None);
    }
}
