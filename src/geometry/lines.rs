//! The page's lines made fit to order: set straight (its tilt from the rows of word
//! boxes), lines the OCR ran across a gutter split where their words or the lines
//! around them leave it clear, fragments joined to their line, and the running head and
//! footer rows found at the page's edges.

use super::{
    advance, cmp_f64, extent, has_letters, larger_type, letter_size, median, pitch, BBox, OcrLine, Word, SMALL_TYPE,
};

/// The page's lines set straight and mended, and what its body text measures.
pub(super) struct Mended {
    pub(super) lines: Vec<OcrLine>,
    /// The height of a line of body text.
    pub(super) body: f64,
    /// The width of a full line of body text.
    pub(super) line_width: f64,
    /// The usual gap between a line of body text and the next one down its column.
    pub(super) lead: f64,
}

/// Set the page straight, split the lines the OCR ran across a gutter and join the
/// fragments it cut off a line.
pub(super) fn mend(lines: &[OcrLine], glyphs: bool) -> Mended {
    // A scan a little rotated tilts every column: set it straight first, or no clear
    // gutter runs down the page.
    let mut lines = lines.to_vec();
    deskew(&mut lines);
    // OCR engines run a line on across a column gutter: split it where its words stand
    // further apart than a gutter, so each piece falls in its own column.
    let rough = median(lines.iter().map(|l| l.bbox.height()).collect()).max(1.0);
    let lines = split_at_gutters(&lines, rough);
    let body = body_height(&lines);
    let line_width = full_line_width(&lines, body);
    let lines = split_by_neighbours(&lines, body, line_width, glyphs);
    let lines = merge_fragments(lines, body);
    let lines = join_clause_pieces(lines, body);
    let lead = leading(&lines, body, line_width);
    Mended { lines, body, line_width, lead }
}

/// The usual gap between a line of body text and the next one below it in its column:
/// the median over the lines of a column's width. A page set with loose leading leaves
/// a wide gap between every two rows.
fn leading(lines: &[OcrLine], body: f64, line_width: f64) -> f64 {
    let text = |l: &OcrLine| l.bbox.height() < body * 1.3 && l.bbox.x1 - l.bbox.x0 > line_width * 0.8;
    let mut by_y: Vec<&BBox> = lines.iter().filter(|l| text(l)).map(|l| &l.bbox).collect();
    by_y.sort_by(|a, b| cmp_f64(a.y0, b.y0));
    let gaps: Vec<f64> = (0..by_y.len())
        .filter_map(|k| {
            let a = by_y[k];
            // A bounded look down: lines stacked at one height cost no more.
            by_y[k + 1..by_y.len().min(k + 65)]
                .iter()
                .take_while(|b| b.y0 < a.y1 + body * 2.0)
                .find(|b| b.y0 >= a.mid_y() && b.x1.min(a.x1) - b.x0.max(a.x0) > (a.x1 - a.x0) * 0.5)
                .map(|b| (b.y0 - a.y1).max(0.0))
        })
        .collect();
    median(gaps)
}

/// The body text's line height: the median height of lines of some length (specks and
/// stray marks read as lines are lower and would shrink it).
fn body_height(lines: &[OcrLine]) -> f64 {
    let long: Vec<f64> =
        lines.iter().filter(|l| l.bbox.x1 - l.bbox.x0 > l.bbox.height() * 4.0).map(|l| l.bbox.height()).collect();
    let all: Vec<f64> = lines.iter().map(|l| l.bbox.height()).collect();
    median(if long.len() >= 3 { long } else { all }).max(1.0)
}

/// A full line of body text: what most long lines measure.
fn full_line_width(lines: &[OcrLine], body: f64) -> f64 {
    median(
        lines
            .iter()
            .filter(|l| l.bbox.height() < body * 1.4 && l.bbox.x1 - l.bbox.x0 > body * 4.0)
            .map(|l| l.bbox.x1 - l.bbox.x0)
            .collect(),
    )
}

/// The page's tilt, from its lines: the slope of the row of word centres along each line
/// of several words, the median over the lines.
fn skew(lines: &[OcrLine]) -> f64 {
    let slopes: Vec<f64> = lines
        .iter()
        .filter_map(|l| {
            let pts: Vec<(f64, f64)> = l
                .words
                .iter()
                .filter(|w| has_letters(&w.text))
                .map(|w| ((w.bbox.x0 + w.bbox.x1) / 2.0, (w.bbox.y0 + w.bbox.y1) / 2.0))
                .collect();
            if pts.len() < 5 {
                return None;
            }
            let n = pts.len() as f64;
            let (mx, my) = (pts.iter().map(|p| p.0).sum::<f64>() / n, pts.iter().map(|p| p.1).sum::<f64>() / n);
            let sxx: f64 = pts.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
            let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
            (sxx > 0.0).then(|| sxy / sxx)
        })
        .collect();
    if slopes.len() < 5 {
        return 0.0;
    }
    median(slopes)
}

/// Turn the boxes back by the page's tilt (small angles: a shear each way is enough).
/// A line's box, stretched in height by the tilt, shrinks back by it.
fn deskew(lines: &mut [OcrLine]) {
    let s = skew(lines);
    if s.abs() < 0.001 || s.abs() > 0.1 {
        return;
    }
    let turn = |b: &BBox, shrink: bool| {
        let (cx, cy) = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
        let (w, mut h) = (b.x1 - b.x0, b.y1 - b.y0);
        if shrink {
            h = (h - s.abs() * w).max(h * 0.5);
        }
        let (nx, ny) = (cx + s * cy, cy - s * cx);
        BBox { x0: nx - w / 2.0, x1: nx + w / 2.0, y0: ny - h / 2.0, y1: ny + h / 2.0 }
    };
    for l in lines {
        l.bbox = turn(&l.bbox, true);
        for w in &mut l.words {
            w.bbox = turn(&w.bbox, false);
        }
    }
}

/// Each line cut where its words stand further apart than a gutter (wider than `body`
/// or its own characters), so each piece falls in its own column.
fn split_at_gutters(lines: &[OcrLine], body: f64) -> Vec<OcrLine> {
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        // A column set top to bottom (a vertical headline) crosses no gutter.
        if l.vertical {
            out.push(l.clone());
            continue;
        }
        // A column rule read as a word (`|`) bridges the gutter it stands in: it is not text.
        let rule = |w: &Word| {
            w.text.trim().chars().all(|c| matches!(c, '|' | '丨' | '｜' | '¦'))
                && (w.bbox.x1 - w.bbox.x0 < body * 0.5 || w.bbox.height() > (w.bbox.x1 - w.bbox.x0) * 1.5)
        };
        let mut words: Vec<Word> = l.words.iter().filter(|w| !rule(w)).cloned().collect();
        words.sort_by(|a, b| cmp_f64(a.bbox.x0, b.bbox.x0));
        // The size of this line's characters, from its words: a headline's wide gaps
        // between clauses are not gutters.
        let size = letter_size(&words);
        let gutter = body.max(size) * 1.2;
        let mut pieces: Vec<Vec<Word>> = Vec::new();
        for w in words {
            let far = pieces.last().and_then(|p| p.last()).is_some_and(|p| w.bbox.x0 - p.bbox.x1 > gutter);
            match pieces.last_mut() {
                Some(p) if !far => p.push(w),
                _ => pieces.push(vec![w]),
            }
        }
        let whole = pieces.len() == 1;
        for words in pieces {
            out.push(OcrLine { bbox: piece_box(&words, &l.bbox, whole), words, vertical: l.vertical });
        }
    }
    out
}

/// A line wider than a column that crosses a gutter the lines around it leave clear
/// is two lines the OCR ran together, bridged by specks it read as words (`，缩””商`):
/// split it in the gutter, each word going to the side its middle stands on.
fn split_by_neighbours(lines: &[OcrLine], body: f64, line_width: f64, glyphs: bool) -> Vec<OcrLine> {
    let narrow = |l: &OcrLine| l.bbox.x1 - l.bbox.x0 <= line_width * 1.3 && l.bbox.height() < body * 1.5;
    let mut by_y: Vec<usize> = (0..lines.len()).filter(|&i| narrow(&lines[i])).collect();
    by_y.sort_by(|&a, &b| cmp_f64(lines[a].bbox.mid_y(), lines[b].bbox.mid_y()));
    let around = Neighbours { lines, by_y: &by_y, ys: by_y.iter().map(|&i| lines[i].bbox.mid_y()).collect(), body };
    let text_pitch = median(by_y.iter().map(|&i| pitch(&lines[i])).filter(|&p| p > 0.0).collect());
    let text_advance = median(by_y.iter().map(|&i| advance(&lines[i])).filter(|&p| p > 0.0).collect());
    // A column edge alone (no clear gutter) is a weaker sign: it never cuts a line set
    // a little larger and wider than the text, a kicker or a box's title over columns.
    let deck = |l: &OcrLine| l.bbox.height() > body * DECK_HEIGHT && advance(l) > text_advance * DECK_ADVANCE;
    let headline = |l: &OcrLine| {
        let chars = l.words.iter().flat_map(|w| w.text.chars());
        text_pitch > 0.0 && larger_type(l.bbox.height() / body, pitch(l) / text_pitch, chars)
    };
    let plans: Vec<Option<Plan>> = lines
        .iter()
        .map(|l| {
            let crossing = l.bbox.x1 - l.bbox.x0 > line_width * 1.02
                && l.bbox.height() < body * 1.5
                && l.words.len() >= 2
                && !headline(l);
            crossing.then(|| plan(l, &around, line_width, glyphs, !glyphs && !deck(l)))
        })
        .collect();
    let mut run: Vec<(f64, usize)> =
        plans.iter().enumerate().filter(|(_, p)| p.is_some()).map(|(i, _)| (lines[i].bbox.mid_y(), i)).collect();
    run.sort_by(|p, q| cmp_f64(p.0, q.0));
    let mut out = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let cuts = match &plans[i] {
            Some(p) => p.cuts_backed(i, lines, &plans, &run, body),
            None => Vec::new(),
        };
        if cuts.is_empty() {
            out.push(l.clone());
            continue;
        }
        let mut parts: Vec<Vec<Word>> = vec![Vec::new(); cuts.len() + 1];
        for w in &l.words {
            let c = (w.bbox.x0 + w.bbox.x1) / 2.0;
            parts[cuts.partition_point(|&x| x < c)].push(w.clone());
        }
        for words in parts.into_iter().filter(|p| !p.is_empty()) {
            let x0 = words.iter().map(|w| w.bbox.x0).fold(f64::MAX, f64::min);
            let x1 = words.iter().map(|w| w.bbox.x1).fold(f64::MIN, f64::max);
            out.push(OcrLine { bbox: BBox { x0, x1, ..l.bbox }, words, vertical: l.vertical });
        }
    }
    out
}

/// Where a line wider than a column may be cut: at the gutters the lines near it show
/// (narrower than half a column: a wider clear span is lines missing, not a gutter), or,
/// failing those, at the gutters its block shows further off, where its own words leave
/// a gap (`cuts`) or not (`open`: its boxes, drawn too wide, close the gap).
struct Plan {
    /// Each cut and the gutter it is in.
    cuts: Vec<(f64, (f64, f64))>,
    open: Vec<(f64, f64)>,
}

fn plan(l: &OcrLine, around: &Neighbours, line_width: f64, glyphs: bool, edges: bool) -> Plan {
    let body = around.body;
    // Tesseract runs every row of a block across its narrow gutters: no line near
    // the top rows is narrow, and the gutters show only in the block's lower lines,
    // further off. Those count only where the line's own words leave a gap too.
    // Glyphs drawn where they print leave a gap in any gutter they stand across.
    let near_gutters = around.clear(l, NEAR_ROWS, 0.8).into_iter().filter(|&(a, b)| b - a < line_width * 0.5);
    let mut cuts: Vec<(f64, (f64, f64))> = if glyphs {
        glyph_breaks(l, near_gutters, line_width, body)
    } else {
        near_gutters.map(|(a, b)| ((a + b) / 2.0, (a, b))).collect()
    };
    let far = l.bbox.x1 - l.bbox.x0 > line_width * FAR_WIDTH;
    if edges && (!cuts.is_empty() || !far) {
        add_edges(&mut cuts, &[], around.edges(l, FAR_ROWS), body);
    }
    if !cuts.is_empty() || !far {
        return Plan { cuts, open: Vec::new() };
    }
    if glyphs {
        return Plan {
            cuts: glyph_breaks(l, around.clear(l, FAR_ROWS, 0.4).into_iter(), line_width, body),
            open: Vec::new(),
        };
    }
    let (mut cuts, mut open) = (Vec::new(), Vec::new());
    for (a, b) in around.clear(l, FAR_ROWS, 0.4) {
        match word_gap_in(l, a, b, body * 0.3) {
            Some(x) => cuts.push((x, (a, b))),
            None => open.push((a, b)),
        }
    }
    if edges {
        add_edges(&mut cuts, &open, around.edges(l, FAR_ROWS), body);
    }
    Plan { cuts, open }
}

/// The column edges not already at a cut or an open gutter, added to the cuts.
fn add_edges(cuts: &mut Vec<(f64, (f64, f64))>, open: &[(f64, f64)], edges: Vec<(f64, (f64, f64))>, body: f64) {
    for e in edges {
        let near = |x: f64| (x - e.0).abs() < body;
        if !cuts.iter().any(|c| near(c.0)) && !open.iter().any(|&(a, b)| near((a + b) / 2.0)) {
            cuts.push(e);
        }
    }
    cuts.sort_by(|p, q| cmp_f64(p.0, q.0));
}

impl Plan {
    /// The line's cuts, with those at its open gutters that the rows run together
    /// with it back: where most of the wide lines within a few rows that cross the
    /// same gutter leave a gap in it, the block is columns run together, and this
    /// line is cut there too, its words going to the side their middles stand on. A
    /// line set across the gutter (a caption, a box's wide column) leaves no gap in
    /// most of its rows.
    ///
    /// `run` holds the lines that have a plan, by height: (middle, index).
    fn cuts_backed(
        &self,
        i: usize,
        lines: &[OcrLine],
        plans: &[Option<Plan>],
        run: &[(f64, usize)],
        body: f64,
    ) -> Vec<f64> {
        let mut cuts: Vec<f64> = self.cuts.iter().map(|c| c.0).collect();
        let y = lines[i].bbox.mid_y();
        let from = run.partition_point(|&(v, _)| v < y - body * RUN_ROWS);
        let to = run.partition_point(|&(v, _)| v <= y + body * RUN_ROWS);
        // A bounded number: lines stacked at one height (a hostile file's) cost no more.
        let near = &run[from..to.min(from + 64)];
        for &(a, b) in &self.open {
            let (mut gap, mut rows) = (0usize, 0usize);
            for p in near.iter().filter(|&&(_, j)| j != i).filter_map(|&(_, j)| plans[j].as_ref()) {
                let across = |&(c, d): &(f64, f64)| c < b && d > a;
                if p.cuts.iter().any(|(_, g)| across(g)) {
                    gap += 1;
                    rows += 1;
                } else if p.open.iter().any(across) {
                    rows += 1;
                }
            }
            if gap > 0 && gap * 2 >= rows {
                cuts.push((a + b) / 2.0);
            }
        }
        cuts.sort_by(|p, q| cmp_f64(*p, *q));
        cuts
    }
}

/// How far up and down, in body lines, the wide lines run together with a line are.
const RUN_ROWS: f64 = NEAR_ROWS;

/// How far up and down, in body lines, the lines that show a gutter are looked for:
/// first near a line, then (checked against its own gaps) across its block.
const NEAR_ROWS: f64 = 6.0;
const FAR_ROWS: f64 = 30.0;
/// How much wider than a full line a line must be to be looked at across its block:
/// one the OCR ran over two columns or more, not a line set a little wider (a box's).
const FAR_WIDTH: f64 = 1.6;

/// The narrow lines of a page by height, to find the gutters a wide line crosses.
struct Neighbours<'a> {
    lines: &'a [OcrLine],
    by_y: &'a [usize],
    ys: Vec<f64>,
    body: f64,
}

impl Neighbours<'_> {
    /// Where the narrow lines within `rows` body lines of `l` leave a gutter across it
    /// at least `min` body lines wide: each gutter's left and right edge.
    fn clear(&self, l: &OcrLine, rows: f64, min: f64) -> Vec<(f64, f64)> {
        let own = (l.bbox.x0, l.bbox.x1);
        let spans: Vec<(f64, f64)> = self
            .within(l, rows)
            .iter()
            .map(|&i| (self.lines[i].bbox.x0, self.lines[i].bbox.x1))
            .filter(|&(a, b)| b > l.bbox.x0 && a < l.bbox.x1 && (a, b) != own)
            .collect();
        // Near, every line must leave the gutter clear; across a block a line or two
        // of another region (a deck above it) may cross it.
        let tol = if rows > NEAR_ROWS { (spans.len() / 20).max(1) } else { 0 };
        let mut ends: Vec<(f64, i32)> = spans.iter().flat_map(|&(a, b)| [(a, 1), (b, -1)]).collect();
        ends.sort_by(|p, q| cmp_f64(p.0, q.0).then(q.1.cmp(&p.1)));
        let mut cuts = Vec::new();
        let (mut count, mut open) = (0usize, None);
        for (x, d) in ends {
            let before = count;
            count = count.saturating_add_signed(d as isize);
            if before > tol && count <= tol {
                open = Some(x);
            } else if before <= tol && count > tol {
                if let Some(s) = open.take() {
                    if s > l.bbox.x0 && x < l.bbox.x1 && x - s >= self.body * min {
                        cuts.push((s, x));
                    }
                }
            }
        }
        cuts
    }

    /// The narrow lines within `rows` body lines of `l`, by height. A bounded number,
    /// from the window's top: a page of any length costs a wide line no more.
    fn within(&self, l: &OcrLine, rows: f64) -> &[usize] {
        let y = l.bbox.mid_y();
        let from = self.ys.partition_point(|&v| v < y - self.body * rows);
        let to = self.ys.partition_point(|&v| v <= y + self.body * rows);
        let most = if rows > NEAR_ROWS { 320 } else { 64 };
        &self.by_y[from..to.min(from + most)]
    }

    /// Where the lines around `l` show a column edge across it, though no clear span
    /// shows between their boxes: lines near it end at one place and others start just
    /// right of it, and few run across. Gutters of an em or less leave no clear span
    /// between the boxes of the columns' lines (a comma's or a quote's box, or a speck
    /// read as one, reaches into them), and on a worn page the word boxes inside a line
    /// stand as far apart as the gutter, but the columns still end and start there.
    fn edges(&self, l: &OcrLine, rows: f64) -> Vec<(f64, (f64, f64))> {
        let body = self.body;
        let near: Vec<&BBox> = self
            .within(l, rows)
            .iter()
            .map(|&i| &self.lines[i].bbox)
            .filter(|b| b.x1 > l.bbox.x0 && b.x0 < l.bbox.x1 && **b != l.bbox && b.height() < body * 1.25)
            .collect();
        let sorted = |mut v: Vec<f64>| {
            v.sort_by(|p, q| cmp_f64(*p, *q));
            v
        };
        let ends = sorted(near.iter().map(|b| b.x1).collect());
        let starts = sorted(near.iter().map(|b| b.x0).collect());
        // Sorted, so a slice's middle value is its median.
        let between = |v: &'_ [f64], a: f64, b: f64| -> (usize, f64) {
            let from = v.partition_point(|&x| x <= a);
            let part = &v[from..v.partition_point(|&x| x < b).max(from)];
            (part.len(), part.get(part.len() / 2).copied().unwrap_or(0.0))
        };
        let mut cuts: Vec<(f64, (f64, f64))> = Vec::new();
        for &e in &ends {
            let (ending, a) = between(&ends, e - body * 0.5, e + body * 0.5);
            let (starting, b) = between(&starts, e - body * 0.5, e + body * 2.5);
            let most = ending.min(starting);
            if most < EDGE_LINES {
                continue;
            }
            let cut = (a + b) / 2.0;
            let inside = cut - l.bbox.x0 > body * 2.0 && l.bbox.x1 - cut > body * 2.0;
            // A deck above the columns, or a line the OCR ran across them as it did
            // this one, may cross the edge; most lines end or start at it.
            let across = near.iter().filter(|b| b.x0 < cut - body * 0.5 && b.x1 > cut + body * 0.5).count();
            let apart = cuts.last().is_none_or(|c| cut - c.0 > body);
            if inside && across * 3 < most && b > a - body * 0.5 && apart {
                cuts.push((cut, (a.min(b), a.max(b))));
            }
        }
        cuts
    }
}

/// A line whose characters stand this much further apart than the text's, in a box this
/// much taller, is set larger (a kicker, a box's title). Lines of text run together
/// across a gutter stand up to 20% further apart on the devset (a gutter of two ems
/// among 20 characters, a word box drawn wide), but no taller; RapidOCR's boxes of a
/// larger line grow only a little in height.
const DECK_HEIGHT: f64 = 1.1;
const DECK_ADVANCE: f64 = 1.15;

/// How many lines near a gap must end at its left and start at its right for it to be a
/// column's edge.
const EDGE_LINES: usize = 3;

/// The gaps between the words of `l` at least `min` wide and clearly wider than the gaps
/// between its words elsewhere, each as (left edge, right edge).
fn own_gaps(l: &OcrLine, min: f64, glyphs: bool) -> Vec<(f64, f64)> {
    // A mark the OCR read alone in the gutter is a speck that bridges it, not text
    // across it; a mark drawn there is printed text (a full-width comma fills its em),
    // though a space drawn before a gutter still leaves it clear.
    let text = |w: &Word| if glyphs { !w.text.trim().is_empty() } else { has_letters(&w.text) };
    let mut xs: Vec<(f64, f64)> = l.words.iter().filter(|w| text(w)).map(|w| (w.bbox.x0, w.bbox.x1)).collect();
    xs.sort_by(|p, q| cmp_f64(p.0, q.0));
    let mut gaps = Vec::with_capacity(xs.len());
    let mut end = f64::MIN;
    for &(x0, x1) in &xs {
        if end > f64::MIN {
            gaps.push((end, x0));
        }
        end = end.max(x1);
    }
    let usual = median(gaps.iter().map(|&(e, x)| (x - e).max(0.0)).collect());
    gaps.retain(|&(e, x)| x - e >= min.max(usual * GUTTER_OVER_SPACING));
    gaps
}

/// The middle of a gap between the words of `l` that overlaps the gutter from `a` to
/// `b`, at least `min` wide and clearly wider than the gaps between its words
/// elsewhere: a gutter, not the spacing of a line set wider than a column.
fn word_gap_in(l: &OcrLine, a: f64, b: f64, min: f64) -> Option<f64> {
    own_gaps(l, min, false).into_iter().find(|&(e, x)| x > a && e < b).map(|(e, x)| (e + x) / 2.0)
}

/// Where a line of glyphs drawn where they print runs from one column into the next,
/// at the gutters `gutters` (left to right), each cut with its gutter. Glyphs show more
/// than words the OCR boxed: text run across a column break fills the column before
/// it (its piece there is a column's line) and resumes at the next column's edge (an
/// opening quote trimmed to its ink hangs half an em into the gutter); a line set
/// across the gutter (a caption over two columns, a byline centred under a headline)
/// only happens to leave a gap there, a space printed in it. A line set smaller than
/// the text ([`SMALL_TYPE`], a caption's) is no column's.
fn glyph_breaks(
    l: &OcrLine,
    gutters: impl Iterator<Item = (f64, f64)>,
    line_width: f64,
    body: f64,
) -> Vec<(f64, (f64, f64))> {
    if l.bbox.height() < body * SMALL_TYPE {
        return Vec::new();
    }
    let min = body * 0.3;
    let gaps = own_gaps(l, min, true);
    let mut from = l.bbox.x0;
    let mut cuts = Vec::new();
    for (a, b) in gutters {
        let column_line = |e: f64| (line_width * 0.5..=line_width * 1.5).contains(&(e - from));
        if let Some(&(e, x)) = gaps.iter().find(|&&(e, x)| x > a && e < b && x >= b - min * 2.0 && column_line(e)) {
            cuts.push(((e + x) / 2.0, (a, b)));
            from = x;
        }
    }
    cuts
}

/// How much wider than a line's usual gap between words a gap must be to be a gutter.
const GUTTER_OVER_SPACING: f64 = 1.5;

/// A headline the OCR cut in two at its clause gap (`山西省委书记：` and, level with it
/// and as large, `煤老板将淡出历史舞台`, even in two blocks) is one line again: else a cut
/// between columns may run through the gap. Only after a colon or a comma, with which
/// no headline ends: the headlines of two modules side by side stand as close.
fn join_clause_pieces(mut lines: Vec<OcrLine>, body: f64) -> Vec<OcrLine> {
    let tall = |l: &OcrLine| l.bbox.height() > body * 1.3;
    let mut order: Vec<usize> = (0..lines.len()).filter(|&i| tall(&lines[i])).collect();
    order.sort_by(|&a, &b| cmp_f64(lines[a].bbox.y0, lines[b].bbox.y0));
    let mut gone = vec![false; lines.len()];
    for &a in &order {
        let clause = lines[a].words.last().is_some_and(|w| w.text.trim_end().ends_with(['：', ':', '，', ',']));
        if gone[a] || !clause {
            continue;
        }
        let ab = lines[a].bbox;
        // Lines level with it start within its height above and no lower than its foot:
        // a bounded look along.
        let from = order.partition_point(|&i| lines[i].bbox.y0 < ab.y0 - ab.height());
        let near = order[from..].iter().take(64).take_while(|&&b| lines[b].bbox.y0 < ab.y1);
        let next = near.copied().filter(|&b| b != a).find(|&b| {
            let bb = lines[b].bbox;
            let (lo, hi) = (ab.height().min(bb.height()), ab.height().max(bb.height()));
            let overlap = ab.y1.min(bb.y1) - ab.y0.max(bb.y0);
            let gap = bb.x0 - ab.x1;
            !gone[b] && hi <= lo * 1.5 && overlap > lo * 0.7 && gap > -lo * 0.3 && gap < hi
        });
        if let Some(b) = next {
            gone[b] = true;
            let words = std::mem::take(&mut lines[b].words);
            let bb = lines[b].bbox;
            lines[a].bbox.union(&bb);
            lines[a].words.extend(words);
        }
    }
    lines.into_iter().zip(gone).filter(|(_, g)| !g).map(|(l, _)| l).collect()
}

/// A fragment of two or three characters the OCR set apart from the line it stands in
/// (a misread character cut in pieces beside a headline) joins that line.
fn merge_fragments(mut lines: Vec<OcrLine>, body: f64) -> Vec<OcrLine> {
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by(|&a, &b| cmp_f64(lines[a].bbox.mid_y(), lines[b].bbox.mid_y()));
    let mids: Vec<f64> = order.iter().map(|&i| lines[i].bbox.mid_y()).collect();
    let mut gone = vec![false; lines.len()];
    for k in 0..order.len() {
        let f = order[k];
        let chars: usize = lines[f].words.iter().map(|w| w.text.chars().count()).sum();
        if chars > 3 || gone[f] {
            continue;
        }
        // Marks alone after a line are specks a cut left in the gutter: put back, they
        // would reach into it. Marks before a line open it (`《`, `“`).
        let specks = !lines[f].words.iter().any(|w| has_letters(&w.text));
        let fb = lines[f].bbox;
        let from = mids.partition_point(|&y| y < fb.mid_y() - body * 2.0);
        let to = mids.partition_point(|&y| y <= fb.mid_y() + body * 2.0);
        let target = order[from..to.min(from + 32)].iter().copied().find(|&t| {
            let tb = lines[t].bbox;
            let chars: usize = lines[t].words.iter().map(|w| w.text.chars().count()).sum();
            let overlap = tb.y1.min(fb.y1) - tb.y0.max(fb.y0);
            let gap = if fb.x1 <= tb.x0 { tb.x0 - fb.x1 } else { fb.x0 - tb.x1 };
            let after = fb.x0 >= tb.x1 - body * 0.5;
            t != f
                && !gone[t]
                && chars > 3
                && overlap > fb.height() * 0.5
                && gap < tb.height() * 0.5
                && gap > -body
                && !(specks && after)
        });
        if let Some(t) = target {
            gone[f] = true;
            let words = std::mem::take(&mut lines[f].words);
            let tb = &mut lines[t].bbox;
            tb.x0 = tb.x0.min(fb.x0);
            tb.x1 = tb.x1.max(fb.x1);
            lines[t].words.extend(words);
        }
    }
    lines.into_iter().zip(gone).filter(|(_, g)| !g).map(|(l, _)| l).collect()
}

/// A piece's box. A whole line keeps the line's height. A piece of a line the OCR ran
/// across columns takes its height from its words, whose middle is the piece's row:
/// on a skewed page the line's box is far taller than any piece of it. Medians, as
/// single word boxes of marks reach far above and below.
fn piece_box(words: &[Word], line: &BBox, whole: bool) -> BBox {
    // Across, the words set the box: a column rule dropped from the line no longer
    // widens it into the gutter.
    let x0 = words.iter().map(|w| w.bbox.x0).fold(f64::MAX, f64::min);
    let x1 = words.iter().map(|w| w.bbox.x1).fold(f64::MIN, f64::max);
    if whole {
        // A line box far taller than its characters (a float the OCR drew around specks
        // and a rule) is no taller than they are.
        let size = letter_size(words);
        if size > 0.0 && line.height() > size * 2.0 {
            let y0 = median(words.iter().map(|w| w.bbox.y0).collect());
            let y1 = median(words.iter().map(|w| w.bbox.y1).collect());
            if y1 > y0 {
                return BBox { x0, x1, y0, y1 };
            }
        }
        return BBox { x0, x1, ..*line };
    }
    let letters: Vec<&Word> = words.iter().filter(|w| has_letters(&w.text)).collect();
    if letters.is_empty() {
        return BBox { x0, x1, y0: line.y0, y1: line.y1 };
    }
    let y0 = median(letters.iter().map(|w| w.bbox.y0).collect());
    let y1 = median(letters.iter().map(|w| w.bbox.y1).collect());
    if y1 > y0 {
        BBox { x0, x1, y0: y0.max(line.y0), y1: y1.min(line.y1) }
    } else {
        BBox { x0, x1, y0: line.y0, y1: line.y1 }
    }
}

/// A line's words, with a space only where the boxes stand apart: Tesseract's word
/// breaks between Chinese characters are not spaces.
pub(super) fn line_text(l: &OcrLine, body: f64, glyphs: bool) -> String {
    // A gap is measured against the line's own characters: a headline set at twice the
    // body's size has gaps between its characters wider than a body line's space, and
    // Tesseract's word boxes leave one now and then inside a word (`非法　占地`).
    let p = pitch(l);
    let body = if p > body * 1.3 { p } else { body };
    let mut words: Vec<&Word> = l.words.iter().collect();
    // A column standing upright (a vertical headline) reads down: its upright digits
    // stand right of its ideographs' left edge.
    if l.bbox.upright() {
        words.sort_by(|a, b| cmp_f64(a.bbox.y0, b.bbox.y0));
    } else {
        words.sort_by(|a, b| cmp_f64(a.bbox.x0, b.bbox.x0));
    }
    // Where an OCR's boxes are the characters' (Tesseract boxes Chinese a character or
    // two a word), a gap is a clause's only when it stands most of an em wider than the
    // line's usual one: Tesseract draws a headline's boxes narrower than its glyphs, now
    // here, now there, and leaves gaps of most of an em where none is printed. A PDF's
    // glyphs and text boxed in runs leave only the gaps printed.
    let chars = words.iter().map(|w| w.text.trim().chars().count()).sum::<usize>();
    let usual = (!glyphs && words.len() * 2 >= chars && words.len() > 2)
        .then(|| median(words.windows(2).map(|v| v[1].bbox.x0 - v[0].bbox.x1).collect()));
    let em = advance(l);
    let mut s = String::new();
    let mut prev: Option<&Word> = None;
    for w in words {
        if let Some(p) = prev {
            let gap = w.bbox.x0 - p.bbox.x1;
            let latin = p.text.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric())
                && w.text.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
            if gap > body * 0.8 && usual.is_none_or(|u| gap - u > em * CLAUSE_GAP) {
                s.push('\u{3000}');
            } else if latin && gap > body * 0.15 {
                s.push(' ');
            }
        }
        // A PDF's ideographic space is a glyph of its line (see `pdf::lines`).
        let t = w.text.trim();
        s.push_str(if t.is_empty() && w.text.contains('\u{3000}') { "\u{3000}" } else { t });
        prev = Some(w);
    }
    s
}

/// How much wider than a line's usual gap, in its characters' advance, a gap between
/// boxes an OCR drew a character or two each must be to be a clause gap (a full-width
/// space adds a whole advance). Of the gaps over 0.8 em in the hOCR lines of the layout
/// and tesseract devset pages that hold a heading (none of which prints a gap), 82 of 85
/// stand less than this over their line's usual one.
const CLAUSE_GAP: f64 = 0.8;

/// The lines whose middle stands between `y0` and `y1`: a row, left to right.
pub(super) fn row_between(lines: &[OcrLine], y0: f64, y1: f64) -> Vec<usize> {
    let mut row: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let mid = lines[i].bbox.mid_y();
            mid >= y0 && mid <= y1
        })
        .collect();
    row.sort_by(|&a, &b| cmp_f64(lines[a].bbox.x0, lines[b].bbox.x0));
    row
}

/// The row of short pieces at the top (or bottom) edge of the page that reads as a
/// running head (or footer): a date, a page label, an editor's credit. Its pieces, left
/// to right; none when the edge row is text.
pub(super) fn edge_row(lines: &[OcrLine], body: f64, line_width: f64, top: bool, glyphs: bool) -> Vec<usize> {
    // Specks at the very edge (dust, a scanner's border) are not the row.
    let real = (0..lines.len()).filter(|&i| lines[i].bbox.height() >= body * 0.6);
    let edge = if top {
        real.min_by(|&a, &b| cmp_f64(lines[a].bbox.y0, lines[b].bbox.y0))
    } else {
        real.max_by(|&a, &b| cmp_f64(lines[a].bbox.y1, lines[b].bbox.y1))
    };
    let Some(e) = edge else { return Vec::new() };
    let (y0, y1) = (lines[e].bbox.y0 - body * 0.5, lines[e].bbox.y1.max(lines[e].bbox.y0 + body) + body * 0.5);
    // The row as tall as what it holds: a masthead set large stands higher and lower
    // than the date and page label beside it, and a speck over it may be the edge.
    let first = row_between(lines, y0, y1);
    let span = extent(first.iter().map(|&i| lines[i].bbox));
    let row = row_between(lines, span.y0.min(y0), span.y1.max(y1 - body * 0.5) + body * 0.5);
    let texts: Vec<String> = row.iter().map(|&i| line_text(&lines[i], body, glyphs)).collect();
    let page_width = lines.iter().map(|l| l.bbox.x1).fold(f64::MIN, f64::max)
        - lines.iter().map(|l| l.bbox.x0).fold(f64::MAX, f64::min);
    let short = row.iter().all(|&i| lines[i].bbox.x1 - lines[i].bbox.x0 < (line_width * 0.8).max(page_width * 0.4))
        && row.len() <= 6;
    let dated = texts.iter().any(|t| {
        (t.chars().any(|c| c.is_ascii_digit()) && (t.contains('年') || t.contains("星期") || t.contains('版')))
            || t.contains("编辑")
            || t.contains("編輯")
    });
    let label = texts.iter().any(|t| {
        let t = t.trim();
        t.chars().count() <= 8 && t.chars().any(|c| c.is_ascii_digit()) && !t.contains(['，', '。'])
    });
    if short && (dated || (label && row.len() >= 2)) && !goes_on_columns(lines, &row, body, line_width, top) {
        row
    } else {
        Vec::new()
    }
}

/// Does the edge `row` go on the columns: two of its pieces or more each stand a
/// line's pitch past a line of text that starts where it does (below it at the foot,
/// above it at the head)? The columns' last lines are text, whatever they say, and a
/// jump line at the foot of one stands among them; a footer stands apart.
fn goes_on_columns(lines: &[OcrLine], row: &[usize], body: f64, line_width: f64, top: bool) -> bool {
    let goes_on = |i: usize| {
        let b = &lines[i].bbox;
        lines.iter().enumerate().any(|(j, o)| {
            let gap = if top { o.bbox.y0 - b.y1 } else { b.y0 - o.bbox.y1 };
            !row.contains(&j)
                && gap > -body * 0.3
                && gap < body
                && (o.bbox.x0 - b.x0).abs() < body * 0.5
                && o.bbox.x1 - o.bbox.x0 >= line_width * 0.5
        })
    };
    row.iter().filter(|&&i| goes_on(i)).count() >= 2
}

#[cfg(test)]
mod tests;
