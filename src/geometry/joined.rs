//! Lines a text detector ran together across a narrow gutter. Where columns stand an
//! em or so apart, PaddleOCR's detector (RapidOCR's too) boxes the same printed line of
//! two or more neighbouring columns as one, its text those lines run together, and it
//! draws a box on into the blank beside its text. The lines around such a box show the
//! gutters it crosses: a column's left edge is where many of them start (and not an em
//! or two in from where others do: that is its indent), and its right edge where they
//! end, or the gutter's width before the next. The box's text fills each column's part
//! at the page's character pitch, full lines as columns are set, and ends where it
//! runs out; a box whose text ends before the gutter ends there. A box whose text is
//! longer than its parts hold is left as the tool gave it.

use super::{cmp_f64, larger_type, median, BBox, HEADING_PITCH};

/// A line as the tool boxed it: its text, the points of its box, its score.
#[derive(Debug, Clone)]
pub(super) struct Boxed {
    pub(super) text: String,
    pub(super) points: Vec<[f64; 2]>,
    pub(super) conf: f64,
}

/// Lines this far above or below a box (in line heights) show the columns it crosses.
const ROWS: f64 = 40.0;

/// The tallest a box of text stands, in body heights: taller is a heading's, or a line
/// tilted across the page.
const TEXT_HEIGHT: f64 = 1.3;

/// The fewest characters a column's line holds.
const COLUMN: f64 = 5.0;

/// A column's edge is where this many lines start, at least.
const EDGE: usize = 3;

/// Line starts (and ends) this close (in ems) stand at one edge.
const TOL: f64 = 0.35;

/// What the page's body text measures, from its boxes: the character pitch (its em),
/// the width of an ASCII character in ems (Chinese fonts set digits and Latin letters
/// about half an em wide, each its own), and the height of a line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pitch {
    pub(super) em: f64,
    pub(super) ascii: f64,
    body: f64,
    /// The page's tilt, from its boxes: a column's edge leans by it.
    slope: f64,
}

impl Pitch {
    /// How wide a character is set, in ems.
    pub(super) fn width(&self, c: char) -> f64 {
        super::chars::width(c, self.ascii)
    }

    fn units(&self, text: &str) -> f64 {
        text.trim().chars().map(|c| self.width(c)).sum()
    }

    /// The page's pitch; none on a page of too few lines to tell. Lines run across a
    /// gutter, and boxes with room to spare, are only ever wider than their text: the
    /// em is the low quartile of the width per character of long lines of Chinese
    /// alone, and the ASCII width that of the lines with some ASCII beside it, held to
    /// what fonts set (0.45 to 0.65 em): a few characters on a line measure it roughly.
    pub(super) fn of(boxes: &[Boxed]) -> Option<Pitch> {
        let lines: Vec<(BBox, usize, usize)> = boxes
            .iter()
            .map(|b| {
                let n = b.text.trim().chars().count();
                let narrow = b.text.trim().chars().filter(|&c| super::chars::width(c, 0.0) == 0.0).count();
                (around(&b.points), n - narrow, narrow)
            })
            .collect();
        let wide = |b: &BBox| b.x1 - b.x0 > b.height() * 2.0;
        let body = median(lines.iter().filter(|l| wide(&l.0)).map(|l| l.0.height()).collect());
        let text = |b: &BBox, n: usize| n >= 6 && b.height() <= body * 1.3 && wide(b);
        let em =
            low_quartile(lines.iter().filter(|l| l.2 == 0 && text(&l.0, l.1)).map(|l| (l.0.x1 - l.0.x0) / l.1 as f64));
        let em = em.filter(|&e| e > 0.0 && body > 0.0)?;
        let ascii = low_quartile(
            lines
                .iter()
                .filter(|l| l.2 >= 2 && text(&l.0, l.1 + l.2))
                .map(|l| ((l.0.x1 - l.0.x0) / em - l.1 as f64) / l.2 as f64),
        );
        let slope = median(
            boxes.iter().filter(|b| b.text.chars().nth(4).is_some()).map(|b| super::chars::slope(&b.points)).collect(),
        );
        Some(Pitch { em, ascii: ascii.map_or(0.55, |a| a.clamp(0.45, 0.65)), body, slope })
    }
}

/// The low quartile of at least 8 values.
fn low_quartile(v: impl Iterator<Item = f64>) -> Option<f64> {
    let mut v: Vec<f64> = v.filter(|x| x.is_finite()).collect();
    if v.len() < 8 {
        return None;
    }
    v.sort_by(|a, b| cmp_f64(*a, *b));
    Some(v[v.len() / 4])
}

fn around(points: &[[f64; 2]]) -> BBox {
    let mut b = BBox { x0: f64::MAX, y0: f64::MAX, x1: f64::MIN, y1: f64::MIN };
    for &[x, y] in points {
        b.union(&BBox { x0: x, y0: y, x1: x, y1: y });
    }
    b
}

/// What a box measures.
struct Measure {
    bbox: BBox,
    units: f64,
}

/// A stretch across the page: left, right.
type Span = (f64, f64);

/// The boxes, those run across gutters cut into their columns' lines.
pub(super) fn split(boxes: Vec<Boxed>, p: &Pitch) -> Vec<Boxed> {
    let boxes = without_rules(boxes, p);
    let m = measure(&boxes, p);
    let rows = Rows::of(&m, p.body);
    let candidate = |l: &BBox| l.height() <= p.body * 1.8 && l.x1 - l.x0 >= p.em * 5.0 && l.height() < l.x1 - l.x0;
    let grid = Grid::of(&rows.by_y.iter().map(|&i| &m[i].bbox).collect::<Vec<_>>(), p.em);
    // A box of the body's height is cut only among lines of text: a kicker over two
    // columns is as tall as they are. A taller one (a tilted page's lines run across
    // the whole page) stands among lines like it; the pitch tells it from a headline.
    let cut_here = |i: usize, l: &BBox| candidate(l) && (l.height() > p.body * TEXT_HEIGHT || rows.in_text(i, &m));
    let found: Vec<Vec<Gutter>> =
        m.iter()
            .enumerate()
            .map(|(i, l)| {
                if cut_here(i, &l.bbox) {
                    gutters(&l.bbox, &rows.near(i, &m), grid.as_ref(), p.em)
                } else {
                    Vec::new()
                }
            })
            .collect();
    // Where a gutter's left edge does not show, the page's other gutters tell its width.
    let widths: Vec<f64> = found.iter().flatten().filter_map(|g| g.edge.map(|e| g.start - e)).collect();
    let gap = if widths.is_empty() { p.em } else { median(widths) };
    let mut out = Vec::with_capacity(boxes.len());
    for ((b, l), gutters) in boxes.into_iter().zip(&m).zip(found) {
        let cuts: Vec<Span> = gutters.iter().map(|g| (g.edge.unwrap_or(g.start - gap), g.start)).collect();
        cut(b, l, &cuts, p, &mut out);
    }
    out
}

/// What each box measures, set straight across: on a tilted page a column's edge leans.
fn measure(boxes: &[Boxed], p: &Pitch) -> Vec<Measure> {
    let upright = |b: BBox| {
        let dx = p.slope * b.mid_y();
        BBox { x0: b.x0 + dx, x1: b.x1 + dx, ..b }
    };
    // A rule's mark inside a box stands in a gutter: it takes no room of the text.
    let units = |t: &str| p.units(t) - t.chars().filter(|&c| rule(c)).map(|c| p.width(c)).sum::<f64>();
    boxes.iter().map(|b| Measure { bbox: upright(around(&b.points)), units: units(&b.text) }).collect()
}

/// The boxes without the column rules read at their ends. A rule beside a column
/// reads as a mark (`「`, `|`) that the tool boxes with the line beside it: such a box
/// starts (or ends) an em or so out in the gutter, past where the column's other lines
/// start (end), and its first (last) character is a rule's mark. Left there, it makes
/// the column's edge look an em wider and every line of it an indented one.
fn without_rules(mut boxes: Vec<Boxed>, p: &Pitch) -> Vec<Boxed> {
    let ends_in_rule = |b: &Boxed| {
        let t = b.text.trim();
        t.chars().next().is_some_and(rule) || t.chars().next_back().is_some_and(rule)
    };
    // Most pages have no rules read as marks: no second measure of their boxes.
    if !boxes.iter().any(ends_in_rule) {
        return boxes;
    }
    let m = measure(&boxes, p);
    let rows = Rows::of(&m, p.body);
    for (i, b) in boxes.iter_mut().enumerate() {
        let l = &m[i].bbox;
        let text = b.text.trim();
        let (first, last) = (text.chars().next(), text.chars().next_back());
        if text.chars().count() < 3 || !(first.is_some_and(rule) || last.is_some_and(rule)) {
            continue;
        }
        let near = rows.near(i, &m);
        let edge = |xs: Vec<f64>, from: f64, to: f64| {
            let mut xs: Vec<f64> = xs.into_iter().filter(|&x| x > from && x < to).collect();
            xs.sort_by(|a, b| cmp_f64(*a, *b));
            clusters(&xs, p.em * TOL, EDGE).into_iter().max_by_key(|&(_, n)| n).map(|(x, _)| x)
        };
        let (mut x0, mut x1, mut text) = (l.x0, l.x1, text.to_string());
        if first.is_some_and(rule) {
            if let Some(s) = edge(near.iter().map(|o| o.x0).collect(), l.x0 + p.em * 0.5, l.x0 + p.em * 1.8) {
                text.remove(0);
                x0 = s;
            }
        }
        if last.is_some_and(rule) {
            if let Some(e) = edge(near.iter().map(|o| o.x1).collect(), l.x1 - p.em * 1.8, l.x1 - p.em * 0.5) {
                text.pop();
                x1 = e;
            }
        }
        if x0 != l.x0 || x1 != l.x1 {
            let dx = p.slope * l.mid_y();
            b.points = part(&b.points, x0 - dx, x1 - dx);
            b.text = text;
        }
    }
    boxes
}

/// The lines of text (not headlines, nor specks: they show no columns), top to
/// bottom.
struct Rows {
    by_y: Vec<usize>,
    ys: Vec<f64>,
    body: f64,
}

impl Rows {
    fn of(m: &[Measure], body: f64) -> Rows {
        let mut by_y: Vec<usize> =
            (0..m.len()).filter(|&i| m[i].bbox.height() <= body * TEXT_HEIGHT && m[i].units >= 2.0).collect();
        by_y.sort_by(|&a, &b| cmp_f64(m[a].bbox.mid_y(), m[b].bbox.mid_y()));
        let ys = by_y.iter().map(|&i| m[i].bbox.mid_y()).collect();
        Rows { by_y, ys, body }
    }

    /// Does line `i` stand among lines of text: one of the body's size within two lines
    /// above or below it, across it? Lines run together across a gutter stand in the columns'
    /// text; a kicker or a headline over two columns stands apart, blank or larger type
    /// above and below.
    fn in_text(&self, i: usize, m: &[Measure]) -> bool {
        let b = &m[i].bbox;
        let y = b.mid_y();
        let from = self.ys.partition_point(|&v| v < y - self.body * 2.2);
        let to = self.ys.partition_point(|&v| v <= y + self.body * 2.2);
        self.by_y[from..to].iter().any(|&j| {
            let o = &m[j].bbox;
            j != i && o.height() <= self.body * TEXT_HEIGHT && o.x1.min(b.x1) > o.x0.max(b.x0)
        })
    }

    /// The lines above and below line `i`, as far as [`ROWS`] lines.
    fn near<'a>(&self, i: usize, m: &'a [Measure]) -> Vec<&'a BBox> {
        let y = m[i].bbox.mid_y();
        let from = self.ys.partition_point(|&v| v < y - self.body * ROWS);
        let to = self.ys.partition_point(|&v| v <= y + self.body * ROWS);
        self.by_y[from..to].iter().filter(|&&j| j != i).map(|&j| &m[j].bbox).collect()
    }
}

/// A gutter a box crosses: where the next column's lines start, and where the lines
/// of the column before end, when they show it.
#[derive(Debug, Clone, Copy)]
struct Gutter {
    start: f64,
    edge: Option<f64>,
}

/// The gutters inside box `l` that the lines `near` it show, left to right: each where
/// several of them start, a column's left edge (not its indent: no column starts an em
/// or two to its left), and the edge before it where several end.
fn gutters(l: &BBox, near: &[&BBox], grid: Option<&Grid>, em: f64) -> Vec<Gutter> {
    let tol = em * TOL;
    let inside = |x: f64| x > l.x0 + em * 1.5 && x < l.x1 - em * 0.5;
    let mut starts: Vec<f64> = near.iter().map(|b| b.x0).filter(|&x| x > l.x0 - em * 3.0 && x < l.x1).collect();
    let mut ends: Vec<f64> = near.iter().map(|b| b.x1).filter(|&x| inside(x)).collect();
    starts.sort_by(|a, b| cmp_f64(*a, *b));
    ends.sort_by(|a, b| cmp_f64(*a, *b));
    // Two lines starting together inside a column are a headline's or a caption's.
    let mut opens = clusters(&starts, tol, EDGE);
    // A box wider than the page's column pitch crosses a gutter: the page's grid puts
    // its columns' edges where few lines start (most lines there are run together).
    if let Some(g) = grid.filter(|g| l.x1 - l.x0 > g.pitch + em * 0.5) {
        let strong = starts.len().max(2);
        opens.extend(g.edges_in(l.x0 - em * 3.0, l.x1).map(|x| (x, strong)));
        opens.sort_by(|a, b| cmp_f64(a.0, b.0));
    }
    let edges: Vec<f64> = clusters(&ends, tol, 2).into_iter().map(|(x, _)| x).collect();
    // A column's edge where its lines start: not where its paragraphs start, an em or
    // two in from an edge where at least half as many do.
    let mut out: Vec<(f64, usize)> = Vec::new();
    for &(s, n) in opens.iter().filter(|&&(s, n)| !indent(&opens, s, n, em)) {
        // Of two edges closer than a column, the one more lines start at: a few start
        // beside it (quotes hung in the gutter, a box drawn a little wide).
        match out.last_mut() {
            Some(last) if s < last.0 + em * 3.0 => {
                if n > last.1 {
                    *last = (s, n);
                }
            }
            _ => out.push((s, n)),
        }
    }
    out.retain(|&(s, _)| s > l.x0 + em * 1.5 && s < l.x1);
    out.into_iter()
        .map(|(s, _)| Gutter {
            start: s,
            edge: edges.iter().rev().copied().find(|&e| e < s - em * 0.15 && e > s - em * 2.5),
        })
        .collect()
}

/// The page's columns when they stand on one grid: a column starts every `pitch` from
/// `origin`. Read from where the lines start: the edges many lines start at (not the
/// indents an em or two right of them), and the pitch between two neighbouring edges
/// (one or two columns apart) that puts most of those edges, three at least and three in four, on its multiples.
struct Grid {
    origin: f64,
    pitch: f64,
}

impl Grid {
    fn of(lines: &[&BBox], em: f64) -> Option<Grid> {
        let mut starts: Vec<f64> = lines.iter().filter(|b| b.x1 - b.x0 >= em * COLUMN).map(|b| b.x0).collect();
        starts.sort_by(|a, b| cmp_f64(*a, *b));
        let opens = clusters(&starts, em * TOL, EDGE);
        let edges: Vec<f64> = opens.iter().filter(|&&(s, n)| !indent(&opens, s, n, em)).map(|&(s, _)| s).collect();
        let origin = *edges.first()?;
        let on = |pitch: f64| {
            edges
                .iter()
                .filter(|&&e| ((e - origin) / pitch - ((e - origin) / pitch).round()).abs() * pitch <= em * 0.5)
                .count()
        };
        // The pitch is seen between two neighbouring edges, one or two columns apart: a
        // pitch only the multiples of far edges show is a coincidence.
        let mut best: Option<(usize, f64)> = None;
        let steps = edges.windows(2).flat_map(|w| [w[1] - w[0], (w[1] - w[0]) / 2.0]);
        for pitch in steps.filter(|&d| d >= em * (COLUMN + 1.0)) {
            let n = on(pitch);
            // Of two pitches that explain as many edges the wider: half a pitch explains
            // them all as well, by columns no line shows.
            if best.is_none_or(|(m, p)| n > m || (n == m && pitch > p)) {
                best = Some((n, pitch));
            }
        }
        let (n, pitch) = best?;
        (n >= 3 && n * 4 >= edges.len() * 3).then_some(Grid { origin, pitch })
    }

    /// The grid's column edges between `a` and `b`.
    fn edges_in(&self, a: f64, b: f64) -> impl Iterator<Item = f64> + '_ {
        let first = ((a - self.origin) / self.pitch).ceil().max(0.0) as usize;
        (first..first + 64).map(|k| self.origin + k as f64 * self.pitch).take_while(move |&x| x < b)
    }
}

/// Is the edge at `s` that `n` lines start at a paragraph indent: an em or two in from
/// an edge of `opens` where at least half as many start?
fn indent(opens: &[(f64, usize)], s: f64, n: usize, em: f64) -> bool {
    opens.iter().any(|&(o, m)| o <= s - em * 0.8 && o >= s - em * 2.3 && m * 2 >= n)
}

/// Where at least `least` of the sorted positions `xs` stand within `tol` of each
/// other: the middle of each such run, and how many it holds.
fn clusters(xs: &[f64], tol: f64, least: usize) -> Vec<(f64, usize)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < xs.len() {
        let mut j = k + 1;
        while j < xs.len() && xs[j] - xs[j - 1] <= tol {
            j += 1;
        }
        if j - k >= least {
            out.push((xs[(k + j) / 2], j - k));
        }
        k = j;
    }
    out
}

/// Box `b` cut at `gutters` (each the left column's edge and where the next starts):
/// its characters fill each column's part at the page's pitch and end in the part
/// where the text runs out, whose box ends with it (the tool draws a box on to where
/// the next text starts).
fn cut(b: Boxed, m: &Measure, gutters: &[Span], p: &Pitch, out: &mut Vec<Boxed>) {
    let Some(Cut { parts, small_first }) = parts(m, &b.text, gutters, p) else {
        out.push(b);
        return;
    };
    // A part before the last is a full line of its column: set justified, it holds a
    // whole number of ems, whatever margins the tool drew around it.
    let caps: Vec<f64> = parts
        .iter()
        .enumerate()
        .map(|(k, (a, z))| if k + 1 < parts.len() { ((z - a) / p.em).round() } else { (z - a) / p.em })
        .collect();
    let pieces = if small_first { allot_after_small(b.text.trim(), &caps, p) } else { allot(b.text.trim(), &caps, p) };
    let last = pieces.len().saturating_sub(1);
    let dx = p.slope * m.bbox.mid_y();
    let ruled = b.text.chars().any(rule);
    for (k, (text, (a, z))) in pieces.into_iter().zip(parts).enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let z = if k == last { z.min(a + p.units(&text) * p.em) } else { z };
        let mut points = part(&b.points, a - dx, z - dx);
        if small_first && k == 0 {
            // A caption's line is as much lower than the body's as it is narrower: the
            // box drawn round both lines is taller than either.
            let size = (z - a) / (p.units(&text) * p.em);
            points = shrunk(&points, (p.body * size).min(m.bbox.height()));
        } else if ruled && m.bbox.height() > p.body * TALL {
            // A column rule read as a mark runs the leading's height too: the box drawn
            // round it stands taller than the text's, and its parts would read as a
            // subtitle's.
            points = shrunk(&points, p.body);
        }
        out.push(Boxed { points, text, conf: b.conf });
    }
}

/// How much taller than the body's lines a run-together box may be drawn and its parts
/// keep its height.
const TALL: f64 = 1.15;

/// The smallest type a caption is set in, against the body's.
const SMALLEST: f64 = 0.6;

/// Where a box is cut: its parts, and whether the first is set smaller than the body
/// (a caption's line), so that it takes whatever the body lines after it leave.
struct Cut {
    parts: Vec<Span>,
    small_first: bool,
}

/// The parts of box `m` its text fills, one a column, cut at `gutters`; none when the
/// box stays as it is. A gutter the box reaches only a little past, its text ending
/// before it, bounds the box: it is a line of the column before, drawn too wide. The
/// box stays whole when it is a headline in larger type, when its text is longer than
/// the parts hold, when a part before the last is too narrow to be a column's line,
/// or when its characters are set wider than the body's.
fn parts(m: &Measure, text: &str, gutters: &[Span], p: &Pitch) -> Option<Cut> {
    let (l, em) = (&m.bbox, p.em);
    if m.units > 0.0 && larger_type(l.height() / p.body, (l.x1 - l.x0) / (m.units * em), text.chars()) {
        return None;
    }
    let inner: Vec<Span> = gutters.iter().copied().filter(|g| g.1 < l.x1 - em * 1.5).collect();
    let past = gutters.iter().find(|g| g.1 >= l.x1 - em * 1.5);
    let right = past.filter(|g| l.x0 + m.units * em <= g.1 + em).map_or(l.x1, |g| g.0.min(l.x1));
    // A gutter the box starts only a little before, its text no more than the column
    // after it holds: the tool drew the box on back into the gutter (as it does along
    // a page's last row), and the box starts where the column does.
    let before = inner.first().filter(|g| {
        let column = inner.get(1).map_or(right, |n| n.0) - g.1;
        g.1 - l.x0 < em * 2.0 && m.units * em <= column + em
    });
    let inner = if before.is_some() { &inner[1..] } else { &inner[..] };
    let mut parts: Vec<Span> = Vec::with_capacity(inner.len() + 1);
    let (mut left, mut held) = (before.map_or(l.x0, |g| g.1), 0.0);
    for &(e, s) in inner {
        if m.units <= held + 0.5 {
            break;
        }
        parts.push((left, e));
        held += (e - left) / em;
        left = s;
    }
    if m.units > held + 0.5 {
        parts.push((left, right));
        held += (right - left) / em;
    }
    let narrow = parts.iter().rev().skip(1).any(|(a, z)| z - a < em * COLUMN);
    let whole = parts.len() == 1 && parts[0].0 <= l.x0 && parts[0].1 >= l.x1;
    // Its characters set further apart than the body's are a line in larger type (a
    // headline over two or three columns), never lines of text run together.
    let gutters: f64 = parts.windows(2).map(|w| w[1].0 - w[0].1).sum();
    let large = l.x1 - l.x0 - gutters > m.units * em * HEADING_PITCH;
    if narrow || whole || large {
        return None;
    }
    if m.units <= held + (m.units * 0.08).max(2.0) {
        return Some(Cut { parts, small_first: false });
    }
    // More text than body lines hold: the first part may be a caption's line in smaller
    // type, run into the body line beside it; the parts after it hold body lines.
    let first = parts.first().map_or(0.0, |(a, z)| (z - a) / em);
    let rest = held - first;
    let small = parts.len() > 1 && m.units - rest > first + 1.0 && m.units - rest <= first / SMALLEST;
    small.then_some(Cut { parts, small_first: true })
}

/// The text cut into parts of `caps` ems each (the last takes the rest): a character
/// goes where its middle falls. As typesetters do, a part never starts with a mark
/// that closes (`，。）”`) nor ends with one that opens (`（“《`): set in the gutter
/// or squeezed, it belongs to the line it hangs on.
fn allot(text: &str, caps: &[f64], p: &Pitch) -> Vec<String> {
    let mut pieces: Vec<String> = vec![String::new(); caps.len()];
    let (mut filled, mut k, mut cap) = (0.0, 0, caps.first().copied().unwrap_or(0.0));
    for c in text.chars() {
        let w = p.width(c);
        // A column rule read as a mark (`「`, `|`) after a full line stands in the
        // gutter: it is no text, and the next column's line starts after it.
        if rule(c) && filled >= cap - 0.5 && !pieces[k].is_empty() {
            if k + 1 < caps.len() {
                filled = cap;
                k += 1;
                cap += caps[k];
            }
            continue;
        }
        // A closing mark stays on the line it ends, unless it opens the text.
        while k + 1 < caps.len() && filled + w / 2.0 > cap && (pieces[k].is_empty() || !closes(c)) {
            k += 1;
            cap += caps[k];
            if let Some(o) = pieces[k - 1].chars().next_back().filter(|&o| opens(o)) {
                pieces[k - 1].pop();
                pieces[k].push(o);
            }
        }
        pieces[k].push(c);
        filled += w;
    }
    pieces
}

/// The text cut into parts of `caps` ems, the first in smaller type: the body lines
/// after it are filled from the end of the text back (a character goes where its
/// middle falls), and the first takes the rest. The marks keep to their lines as in
/// [`allot`].
fn allot_after_small(text: &str, caps: &[f64], p: &Pitch) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut pieces: Vec<String> = vec![String::new(); caps.len()];
    let mut end = chars.len();
    for k in (1..caps.len()).rev() {
        let mut filled = 0.0;
        let mut start = end;
        while start > 0 && filled + p.width(chars[start - 1]) / 2.0 <= caps[k] {
            filled += p.width(chars[start - 1]);
            start -= 1;
        }
        // A closing mark hangs on the line before; an opening one starts this line.
        while start < end && closes(chars[start]) {
            start += 1;
        }
        while start > 0 && opens(chars[start - 1]) {
            start -= 1;
        }
        pieces[k] = chars[start..end].iter().collect();
        end = start;
    }
    pieces[0] = chars[..end].iter().collect();
    pieces
}

/// What a column rule between columns is read as.
fn rule(c: char) -> bool {
    matches!(c, '「' | '」' | '|' | '丨' | '｜' | '¦')
}

/// A mark no line starts with.
fn closes(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '”'
            | '’'
            | '…'
            | '％'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | '%'
    )
}

/// A mark no line ends with.
fn opens(c: char) -> bool {
    matches!(c, '（' | '《' | '「' | '『' | '【' | '“' | '‘' | '(')
}

/// The points of a part, `h` high about its middle.
fn shrunk(points: &[[f64; 2]], h: f64) -> Vec<[f64; 2]> {
    let (y0, y1) = points.iter().fold((f64::MAX, f64::MIN), |(a, z), p| (a.min(p[1]), z.max(p[1])));
    let (mid, half) = ((y0 + y1) / 2.0, (y1 - y0) / 2.0);
    let scale = if half > 0.0 { (h / 2.0) / half } else { 1.0 };
    points.iter().map(|&[x, y]| [x, mid + (y - mid) * scale]).collect()
}

/// The stretch from `x0` to `x1` of a box, along its slope.
fn part(points: &[[f64; 2]], x0: f64, x1: f64) -> Vec<[f64; 2]> {
    let s = super::chars::slope(points);
    let mut b = BBox { x0: f64::MAX, y0: f64::MAX, x1: f64::MIN, y1: f64::MIN };
    for &[x, y] in points {
        b.union(&BBox { x0: x, y0: y, x1: x, y1: y });
    }
    let h = (b.height() - s.abs() * (b.x1 - b.x0)).max(b.height() * 0.5) / 2.0;
    let (cx, cy) = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
    let y = |x: f64| cy + s * (x - cx);
    vec![[x0, y(x0) - h], [x1, y(x1) - h], [x1, y(x1) + h], [x0, y(x0) + h]]
}

#[cfg(test)]
mod tests;
