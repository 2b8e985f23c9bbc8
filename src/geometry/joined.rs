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
        }
        out.push(Boxed { points, text, conf: b.conf });
    }
}

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
    let mut parts: Vec<Span> = Vec::with_capacity(inner.len() + 1);
    let (mut left, mut held) = (l.x0, 0.0);
    for &(e, s) in &inner {
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
    let whole = parts.len() == 1 && parts[0].1 >= l.x1;
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
mod tests {
    use super::*;

    /// A line box of `text` at `x`, row `row`: 32 px a character, 48 px a row.
    fn boxed(x: f64, row: usize, text: &str) -> Boxed {
        let (y, w) = (100.0 + row as f64 * 48.0, text.chars().count() as f64 * 32.0);
        Boxed { text: text.into(), points: vec![[x, y], [x + w, y], [x + w, y + 36.0], [x, y + 36.0]], conf: 0.9 }
    }

    const LEFT: &str = "甲乙丙丁戊己庚辛壬癸";
    const RIGHT: &str = "子丑寅卯辰巳午未申酉";

    /// Two columns of ten characters, a gutter of 40 px (1.25 em) between them, the
    /// rows from `joined` on boxed as one across it; the first row of each column
    /// indented two ems.
    fn page(joined: usize) -> Vec<Boxed> {
        let mut boxes = Vec::new();
        for row in 0..14 {
            let (l, r) = if row == 0 { (&LEFT[6..], &RIGHT[6..]) } else { (LEFT, RIGHT) };
            let (lx, rx) = if row == 0 { (164.0, 524.0) } else { (100.0, 460.0) };
            if row >= joined {
                let mut b = boxed(lx, row, &format!("{l}{r}"));
                b.points[1][0] = 780.0;
                b.points[2][0] = 780.0;
                boxes.push(b);
            } else {
                boxes.push(boxed(lx, row, l));
                boxes.push(boxed(rx, row, r));
            }
        }
        boxes
    }

    /// The page `boxes` with a box of `text` added from `x` to `y` (left, right; top,
    /// bottom), split: the text of the last box that comes out.
    fn last_after_split(mut boxes: Vec<Boxed>, text: &str, (x0, x1): (f64, f64), (y0, y1): (f64, f64)) -> String {
        boxes.push(Boxed { text: text.into(), points: vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1]], conf: 0.9 });
        let p = Pitch::of(&boxes).unwrap();
        split(boxes, &p).pop().map(|b| b.text).unwrap_or_default()
    }

    fn texts(boxes: &[Boxed]) -> Vec<&str> {
        boxes.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn the_pitch_is_read_from_the_lines() {
        let p = Pitch::of(&page(14)).unwrap();
        assert!((p.em - 32.0).abs() < 1e-9 && p.slope == 0.0, "{p:?}");
    }

    #[test]
    fn a_box_run_across_a_gutter_the_lines_around_show_is_cut_there() {
        let boxes = page(8);
        let p = Pitch::of(&boxes).unwrap();
        let out = split(boxes, &p);
        assert_eq!(out.len(), 28);
        for pair in out[16..].chunks(2) {
            assert_eq!(texts(pair), [LEFT, RIGHT]);
            assert!(pair[0].points[1][0] <= 420.0 + 1e-9 && pair[1].points[0][0] >= 440.0, "{pair:?}");
        }
    }

    #[test]
    fn two_lines_starting_inside_a_column_make_no_gutter() {
        // A two-line headline of the module below starts seven ems into the column:
        // a column's edge is where three lines start or more, as the grid reads it.
        let mut boxes: Vec<Boxed> = (0..10).map(|row| boxed(100.0, row, LEFT)).collect();
        boxes.extend([boxed(324.0, 12, "天地玄黄"), boxed(324.0, 13, "宇宙洪荒")]);
        let p = Pitch::of(&boxes).unwrap();
        let out = split(boxes, &p);
        assert_eq!(texts(&out[..10]), [LEFT; 10]);
        // A third line starting there shows a column: the lines run across it are cut.
        let mut boxes: Vec<Boxed> = (0..10).map(|row| boxed(100.0, row, LEFT)).collect();
        boxes.extend((11..14).map(|row| boxed(324.0, row, "天地玄黄")));
        let out = split(boxes, &p);
        assert_eq!(texts(&out[..2]), ["甲乙丙丁戊己", "庚辛壬癸"]);
    }

    #[test]
    fn the_page_grid_puts_an_edge_where_few_lines_start() {
        // Columns every 360 px from 100: lines start at the first, second and fourth
        // (indents two ems in from the first), none at the third, where every line is
        // run on from the second.
        let at = |x: f64| BBox { x0: x, y0: 0.0, x1: x + 320.0, y1: 36.0 };
        let mut lines: Vec<BBox> =
            [100.0, 100.0, 100.0, 100.0, 164.0, 164.0, 460.0, 460.0, 461.0, 1180.0, 1181.0, 1180.0]
                .into_iter()
                .map(at)
                .collect();
        lines.push(at(300.0));
        let refs: Vec<&BBox> = lines.iter().collect();
        let g = Grid::of(&refs, 32.0).unwrap();
        assert!((g.pitch - 360.0).abs() < 1.0 && (g.origin - 100.0).abs() < 1.0, "{} {}", g.origin, g.pitch);
        let edges: Vec<f64> = g.edges_in(500.0, 1300.0).collect();
        assert_eq!(edges.len(), 2);
        assert!((edges[0] - 820.0).abs() < 1.0 && (edges[1] - 1180.0).abs() < 1.0, "{edges:?}");
        // Edges that no one pitch explains make no grid.
        let scattered: Vec<BBox> =
            [100.0, 100.0, 100.0, 530.0, 530.0, 530.0, 1210.0, 1210.0, 1210.0, 1475.0, 1475.0, 1475.0]
                .into_iter()
                .map(at)
                .collect();
        assert!(Grid::of(&scattered.iter().collect::<Vec<_>>(), 32.0).is_none());
    }

    #[test]
    fn a_box_drawn_past_the_gutter_ends_at_the_column() {
        let mut boxes = page(14);
        // The tool drew the left line of row 5 on to where the right one starts.
        let k = 10;
        boxes[k].points[1][0] = 470.0;
        boxes[k].points[2][0] = 470.0;
        let p = Pitch::of(&boxes).unwrap();
        let out = split(boxes, &p);
        assert_eq!(out[k].text, LEFT);
        assert!(out[k].points[1][0] <= 440.0, "{:?}", out[k].points);
    }

    #[test]
    fn a_caption_line_in_smaller_type_run_into_a_body_line_takes_what_the_body_leaves() {
        // Fourteen characters of a caption set 0.7 em in the left column's ten ems, run
        // into the last four of a paragraph in the right column, a little lower: the box
        // round both is taller than a line.
        let caption = "图为子丑寅卯辰巳午未申酉甲乙";
        let mut boxes = page(14);
        let (y0, y1) = (812.0, 868.0);
        boxes.push(Boxed {
            text: format!("{caption}丙丁戊。"),
            points: vec![[100.0, y0], [588.0, y0], [588.0, y1], [100.0, y1]],
            conf: 0.9,
        });
        let p = Pitch::of(&boxes).unwrap();
        let out = split(boxes, &p);
        let (small, body) = (&out[out.len() - 2], &out[out.len() - 1]);
        assert_eq!(texts(&out[out.len() - 2..]), [caption, "丙丁戊。"]);
        let h = around(&small.points).height();
        assert!(h < 36.0, "a caption's line stands no taller than its type: {h}");
        assert!(around(&body.points).x0 >= 440.0, "{body:?}");
    }

    #[test]
    fn a_box_whose_text_does_not_fit_its_parts_stays_whole() {
        let long = format!("{LEFT}{RIGHT}{LEFT}");
        assert_eq!(last_after_split(page(14), &long, (100.0, 780.0), (820.0, 856.0)), long);
    }

    #[test]
    fn a_headline_over_both_columns_in_larger_type_stays_whole() {
        // Twelve characters at 1.5 em each from the first column into the second: as
        // wide as lines run together across the gutter, but set far wider apart.
        let head = "新闻标题横跨两栏大字排印";
        assert_eq!(last_after_split(page(8), head, (100.0, 676.0), (820.0, 870.0)), head);
    }

    #[test]
    fn a_headline_a_little_larger_over_the_gutter_stays_whole() {
        // Fifteen characters at 1.35 em, the box 1.45 lines tall (RapidOCR's grow little
        // with the type): less the gutter it is no wider than lines run together could
        // be, but taller and set wider, with no sentence in it.
        let head = "地方财政收入增幅回落明显出现负";
        assert_eq!(last_after_split(page(8), head, (100.0, 748.0), (820.0, 872.0)), head);
    }

    #[test]
    fn a_kicker_over_both_columns_with_blank_around_stays_whole() {
        // The body's size, across the gutter, but three rows clear of the text: a kicker
        // set over the module, not two lines run together.
        let kicker = "引题跨栏居中排印二十字左右的一行字";
        let w = kicker.chars().count() as f64 * 32.0;
        assert_eq!(last_after_split(page(8), kicker, (200.0, 200.0 + w), (916.0, 952.0)), kicker);
    }

    /// Page `boxes` with the box of row `row` replaced by one of `text` from `x0` to `x1`, split.
    fn split_with(mut boxes: Vec<Boxed>, k: usize, text: &str, (x0, x1): (f64, f64)) -> Vec<Boxed> {
        let b = &mut boxes[k];
        b.text = text.into();
        for (i, pt) in b.points.iter_mut().enumerate() {
            pt[0] = if i == 0 || i == 3 { x0 } else { x1 };
        }
        let p = Pitch::of(&boxes).unwrap();
        split(boxes, &p)
    }

    #[test]
    fn a_column_rule_read_between_two_lines_run_together_is_the_cut() {
        // Row 9 of both columns boxed as one, the rule between them read as `「`.
        let out = split_with(page(14), 18, &format!("{LEFT}「{RIGHT}"), (100.0, 780.0));
        assert_eq!(texts(&out[18..20]), [LEFT, RIGHT]);
        assert!(out[19].points[0][0] >= 440.0, "{:?}", out[19].points);
    }

    #[test]
    fn a_column_rule_read_at_a_line_start_out_in_the_gutter_is_no_text() {
        // Row 9 of the right column boxed from the rule in the gutter on.
        let out = split_with(page(14), 19, &format!("|{RIGHT}"), (424.0, 780.0));
        assert_eq!(out[19].text, RIGHT);
        assert!((out[19].points[0][0] - 460.0).abs() < 1.0, "{:?}", out[19].points);
        // A quote that opens a line at the column's edge is text.
        let quoted = format!("「{}", &RIGHT[3..]);
        assert_eq!(split_with(page(14), 19, &quoted, (460.0, 780.0))[19].text, quoted);
    }

    #[test]
    fn a_full_line_run_into_the_next_holds_a_whole_number_of_ems() {
        // The tool drew every line of the left column 10 px wide; a justified line of
        // nine characters and a digit (9.55 ems set across 10) run into the right
        // column's: the right line's first character is not the left one's last.
        let mut boxes = page(14);
        for b in boxes.iter_mut().filter(|b| b.points[0][0] < 200.0) {
            b.points[1][0] += 10.0;
            b.points[2][0] += 10.0;
        }
        let left = "甲乙丙丁戊己庚辛壬1";
        let out = split_with(boxes, 18, &format!("{left}{RIGHT}"), (100.0, 780.0));
        assert_eq!(texts(&out[18..20]), [left, RIGHT]);
    }

    #[test]
    fn marks_stay_on_the_line_they_close_or_open() {
        let p = Pitch { em: 1.0, ascii: 0.5, body: 1.0, slope: 0.0 };
        assert_eq!(allot("甲乙丙，丁戊", &[3.0, 3.0], &p), ["甲乙丙，", "丁戊"]);
        assert_eq!(allot("甲乙“丙丁戊", &[3.0, 3.0], &p), ["甲乙", "“丙丁戊"]);
        assert_eq!(allot("甲乙丙丁", &[2.0, 5.0, 5.0], &p), ["甲乙", "丙丁", ""]);
    }
}
