//! The reading order of a grid page: its running head and footer rows, then a recursive
//! XY cut of the rest into regions read one after the other.
//!
//! Each region is cut the first way of these that it allows:
//! 1. across, at every gap the text on both sides agrees with (bands; the running head
//!    and the modules of a stack);
//! 2. down, at every gutter no row crosses, into columns (side by side modules and their
//!    columns), columns a gap runs across together going back together; a heading
//!    standing over the columns alone (a centred or right-aligned headline, which the
//!    grid prints at half its width, inside one column) is read before them;
//! 3. across, at the gap the text agrees with most (a short module leaves blank rows
//!    beside the next one);
//! 4. down, at gutters a line or two crosses (a headline or caption over two columns).
//!
//! A region no way cuts is read row by row.

use super::bands::{self, Gap, Strips};
use super::gutters::{self, Strictness};
use super::Seg;

/// Deeper than any page's nesting: a region this deep is read as it stands.
const MAX_DEPTH: usize = 64;

/// A heading standing over the columns spans at most this many rows (a kicker, a
/// headline of two lines, a subtitle).
const MAX_HEADING_ROWS: usize = 4;

/// Gap between the running head (or footer) and the page is at least this many rows:
/// one blank row, where a band gap needs more.
const EDGE_GAP: u32 = 2;

/// The running head's items stand this many grid columns apart or more; closer runs are
/// one item (`2025年6月14日    星期六`: an ideographic space prints as three or four).
const EDGE_ITEM_GAP: u32 = 5;

/// A page in reading order: its regions, each read row by row, and whether it had
/// columns side by side.
#[derive(Debug, Default)]
pub(super) struct Reading {
    pub(super) regions: Vec<Vec<Seg>>,
    pub(super) columns: bool,
}

/// The page's runs in reading order.
pub(super) fn read(segs: Vec<Seg>) -> Reading {
    let mut out = Reading::default();
    let (head, body, foot) = edges(segs);
    out.regions.extend(head);
    xy(body, &mut out, 0);
    out.regions.extend(foot);
    out
}

/// The running head and the footer: the page's first and last rows when a blank row
/// parts them from the rest, each cut into its items. And the rest.
fn edges(segs: Vec<Seg>) -> (Vec<Vec<Seg>>, Vec<Seg>, Vec<Vec<Seg>>) {
    let mut rows: Vec<u32> = segs.iter().map(|s| s.row).collect();
    rows.dedup();
    let edge = |a: Option<&u32>, b: Option<&u32>| match (a, b) {
        (Some(&a), Some(&b)) if rows.len() > 2 && a.abs_diff(b) >= EDGE_GAP => Some(a),
        _ => None,
    };
    let top = edge(rows.first(), rows.get(1));
    let bottom = edge(rows.last(), rows.len().checked_sub(2).and_then(|k| rows.get(k)));
    let (mut head, mut foot, mut body) = (Vec::new(), Vec::new(), Vec::new());
    for s in segs {
        if Some(s.row) == top {
            head.push(s);
        } else if Some(s.row) == bottom {
            foot.push(s);
        } else {
            body.push(s);
        }
    }
    (items(head), body, items(foot))
}

/// A row's runs grouped into the items they print (runs closer than an item gap).
fn items(row: Vec<Seg>) -> Vec<Vec<Seg>> {
    let mut out: Vec<Vec<Seg>> = Vec::new();
    for s in row {
        match out.last_mut() {
            Some(item) if item.last().is_some_and(|p| s.x0 < p.x1 + EDGE_ITEM_GAP) => item.push(s),
            _ => out.push(vec![s]),
        }
    }
    out
}

/// Cut `region` the first way it allows and read its parts in turn.
fn xy(region: Vec<Seg>, out: &mut Reading, depth: usize) {
    if region.is_empty() {
        return;
    }
    if depth > MAX_DEPTH {
        out.regions.push(region);
        return;
    }
    match cut(region, out) {
        Ok(parts) => parts.into_iter().for_each(|p| xy(p, out, depth + 1)),
        Err(leaf) => out.regions.push(leaf),
    }
}

/// The parts of `region`, in reading order (a heading read first goes to `out`); the
/// region back when no way cuts it.
fn cut(region: Vec<Seg>, out: &mut Reading) -> Result<Vec<Vec<Seg>>, Vec<Seg>> {
    let strips = Strips::of(&region);
    let scored: Vec<(f64, Gap)> = bands::gaps(&region).into_iter().map(|g| (strips.agreement(g), g)).collect();
    let agreed: Vec<u32> = scored.iter().filter(|(a, _)| *a >= bands::AGREED).map(|(_, g)| g.below).collect();
    if !agreed.is_empty() {
        return Ok(bands::split(region, &agreed));
    }
    if let Some(cols) = columns(&region, Strictness::Clear) {
        return Ok(cols.read(out));
    }
    let best = scored
        .iter()
        .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.len().cmp(&b.1.len())).then(b.1.above.cmp(&a.1.above)));
    if let Some(&(_, g)) = best {
        return Ok(bands::split(region, &[g.below]));
    }
    if let Some(cols) = columns(&region, Strictness::Spanned) {
        return Ok(cols.read(out));
    }
    Err(region)
}

/// A region cut down into columns, left to right; `regrouped` when some went back
/// together (a stack of modules: what stands over them is no heading of theirs).
struct Columns {
    parts: Vec<Vec<Seg>>,
    regrouped: bool,
}

impl Columns {
    /// The columns to read in turn, a heading standing over them read first (into `out`).
    fn read(self, out: &mut Reading) -> Vec<Vec<Seg>> {
        out.columns = true;
        if self.regrouped {
            return self.parts;
        }
        match heading_over(&self.parts) {
            Some((heading, parts)) => {
                out.regions.push(heading);
                parts
            }
            None => self.parts,
        }
    }
}

/// The region's columns, neighbours a gap runs across together taken as one; none
/// unless two or more come out.
fn columns(region: &[Seg], strictness: Strictness) -> Option<Columns> {
    let cuts = gutters::cuts(region, strictness);
    if cuts.is_empty() {
        return None;
    }
    let mut strips: Vec<Vec<Seg>> = vec![Vec::new(); cuts.len() + 1];
    for &s in region {
        strips[cuts.partition_point(|&c| c <= s.x0)].push(s);
    }
    strips.retain(|p| !p.is_empty());
    let count = strips.len();
    let mut parts: Vec<Vec<Seg>> = Vec::with_capacity(count);
    // The rows of the last part, kept as parts grow: a stack of many columns is read in
    // one pass.
    let mut last_rows: Vec<u32> = Vec::new();
    for strip in strips {
        let rows = bands::rows(&strip);
        match parts.last_mut() {
            Some(last) if bands::shared(&last_rows, &rows) => {
                last.extend(strip);
                last_rows = bands::union(&last_rows, &rows);
            }
            _ => {
                parts.push(strip);
                last_rows = rows;
            }
        }
    }
    (parts.len() > 1).then_some(Columns { regrouped: parts.len() < count, parts })
}

/// The rows of one column that stand above every other column's first row, when they
/// are few (a heading over the columns): those, and the columns without them.
fn heading_over(parts: &[Vec<Seg>]) -> Option<(Vec<Seg>, Vec<Vec<Seg>>)> {
    let tops: Vec<u32> = parts.iter().map(|p| p.iter().map(|s| s.row).min().unwrap_or(u32::MAX)).collect();
    let mut heading = Vec::new();
    let mut rest = Vec::with_capacity(parts.len());
    for (i, p) in parts.iter().enumerate() {
        let others = tops.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, &t)| t).min().unwrap_or(0);
        let (up, down): (Vec<Seg>, Vec<Seg>) = p.iter().partition(|s| s.row < others);
        heading.extend(up);
        rest.push(down);
    }
    let mut rows: Vec<u32> = heading.iter().map(|s| s.row).collect();
    rows.sort_unstable();
    rows.dedup();
    let fits = !heading.is_empty() && rows.len() <= MAX_HEADING_ROWS && rest.iter().all(|p| !p.is_empty());
    fits.then_some((heading, rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::grid::segments::{parse, render, Metric};

    fn reading_of(page: &str) -> String {
        let segs = parse(page, Metric::Chars, 1000, 1000).unwrap_or_default();
        render(page, &read(segs).regions)
    }

    #[test]
    fn running_head_items_come_first_and_apart() {
        let mut page = "日报      2025年6月14日   星期六          第3版\n\n".to_string();
        page.push_str(&"甲乙丙丁戊己庚辛    子丑寅卯辰巳午未\n".repeat(4));
        let read = reading_of(&page);
        assert!(read.starts_with("日报\n\n2025年6月14日   星期六\n\n第3版\n\n甲乙"), "{read}");
    }

    #[test]
    fn a_centred_headline_over_the_columns_is_read_first() {
        let mut page = "                标题居中在上面\n".to_string();
        for _ in 0..6 {
            page.push_str("甲乙丙丁戊己庚辛      子丑寅卯辰巳午未      天地玄黄宇宙洪荒\n");
        }
        let read = reading_of(&page);
        assert!(read.starts_with("标题居中在上面\n\n甲乙"), "{read}");
        let blocks: Vec<&str> = read.split("\n\n").collect();
        assert_eq!(blocks.len(), 4, "{read}");
        assert!(blocks[2].starts_with('子') && blocks[3].starts_with('天'), "{read}");
    }

    #[test]
    fn a_stack_of_modules_is_read_module_by_module() {
        // Two modules of two columns each, one over the other, sharing the gutter.
        let mut page = String::new();
        for _ in 0..6 {
            page.push_str("甲乙丙丁戊己庚辛      子丑寅卯辰巳午未\n");
        }
        page.push_str("\n\n\n\n");
        for _ in 0..6 {
            page.push_str("天地玄黄宇宙洪荒      春夏秋冬东南西北\n");
        }
        // And a column beside the stack, from top to bottom.
        let page: String = page.lines().map(|l| format!("{:<40}    金木水火土金木水\n", l)).collect();
        let read = reading_of(&page);
        let firsts: Vec<char> = read.split("\n\n").filter_map(|b| b.trim_start().chars().next()).collect();
        assert_eq!(firsts, vec!['甲', '子', '天', '春', '金'], "{read}");
    }
}
