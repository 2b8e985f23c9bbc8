//! Reading order: a recursive XY cut (bands top to bottom, columns left to right) that
//! cuts headline bands out and reads the columns under a spanning headline as a
//! newspaper does.

use super::{char_size, cmp_f64, median, BBox, OcrLine};

mod keep;
use keep::{
    decks_side_by_side, keep_columns_running, keep_columns_under_headline, keep_decks_over_their_text,
    keep_heads_with_text, keep_stacks,
};

/// The lines `lines` (indices into `all`) in reading order, grouped by the leaf region
/// (a column stretch) they stand in. `gap`: the least gap between two bands of text;
/// `turned`: the page is a vertical one turned a quarter, whose tiers (its columns now)
/// are cut first, where a gap of `turned` runs across (the OCR breaks a column at a
/// gap narrower than that).
pub(super) fn regions(lines: &[usize], all: &[OcrLine], gap: f64, turned: Option<f64>) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let gaps = Gaps { band: gap, column: turned.unwrap_or(gap * 0.4) };
    xy_cut(lines, all, gaps, turned.is_none(), &mut out, 0);
    out
}

/// The least gaps the cut goes through: between bands, between columns. Lines of one
/// column touch end to end across it, so any clear strip between columns is a gutter,
/// even a narrow one on a skewed scan; between bands the gap must beat the line
/// spacing.
#[derive(Clone, Copy)]
struct Gaps {
    band: f64,
    column: f64,
}

/// Recursive XY cut: cut where the page lets a cut through, and read each part in turn.
fn xy_cut(
    lines: &[usize],
    all: &[OcrLine],
    gap: Gaps,
    horizontal_first: bool,
    out: &mut Vec<Vec<usize>>,
    depth: usize,
) {
    if lines.is_empty() {
        return;
    }
    if depth > 64 {
        out.push(lines.to_vec());
        return;
    }
    // What stands out as a heading among these lines: every test below weighs it.
    let big = Big::of(lines, all);
    // The bands clear strips across the whole set cut it into: both module tests read them.
    let across = cut(lines, all, gap.band, gap.band, true);
    let side_by_side =
        decks_over_modules(&across, all, gap).or_else(|| modules_side_by_side(&across, lines, all, &big, gap));
    if let Some(parts) = side_by_side {
        for p in parts {
            xy_cut(&p, all, gap, true, out, depth + 1);
        }
        return;
    }
    // A headline band is a band of its own even when the text comes close above or
    // below it: cut over and under each heading group no line runs across.
    let bands = heading_bands(lines, all, &big);
    if bands.len() > 1 {
        for b in bands {
            xy_cut(&b, all, gap, horizontal_first, out, depth + 1);
        }
        return;
    }
    if let Some((parts, horizontal)) = clear_cut(lines, all, &big, gap, horizontal_first) {
        for p in parts {
            xy_cut(&p, all, gap, !horizontal, out, depth + 1);
        }
        return;
    }
    match under_spanners(lines, all, gap) {
        Some((columns, spanners)) if !spanners.is_empty() => modules(columns, spanners, all, gap, out, depth),
        Some((columns, _)) => {
            for c in columns {
                xy_cut(&c, all, gap, true, out, depth + 1);
            }
        }
        None => out.push(in_rows(lines, all, gap.band)),
    }
}

/// Modules side by side, each with a headline of its own, a gutter clear from the top
/// of the set to its bottom and no band clear across them all (`across`: the set's
/// bands): read one after the other, left to right, before any headline band is cut
/// across them (a headline of one, set lower, stands level with white space of the
/// other; a band cut there would read the top of one module before the other's).
fn modules_side_by_side(
    across: &[Vec<usize>],
    lines: &[usize],
    all: &[OcrLine],
    big: &Big,
    gap: Gaps,
) -> Option<Vec<Vec<usize>>> {
    if across.len() > 1 {
        return None;
    }
    let parts = cut(lines, all, gap.column, gap.band, false);
    (parts.len() > 1 && parts.iter().all(|p| headline_at_top(p, all, big).is_some())).then_some(parts)
}

/// Modules side by side under a row of their decks (a boxed sidebar beside a module):
/// the set's bands (`across`) are a band of decks over a band of text, and a gutter
/// running clear down both cuts them into sides, two or more a deck over its text (see
/// [`decks_side_by_side`]). The columns with no deck over them between two
/// decks go to the one module or the other as their text starts level with the
/// module's and each deck then stands best aligned over its module (flush left, centred
/// or flush right), both weighed in px; those before the first deck go to the first,
/// those after the last to the last. Each module is read in turn, its deck
/// before its columns.
fn decks_over_modules(across: &[Vec<usize>], all: &[OcrLine], gap: Gaps) -> Option<Vec<Vec<usize>>> {
    let [above, below] = across else {
        return None;
    };
    let (sides, headed) = decks_side_by_side(above, below, all, gap)?;
    let heads: Vec<usize> = (0..sides.len()).filter(|&k| headed[k]).collect();
    let deck = |k: usize| extent(&sides[k].iter().copied().filter(|i| above.contains(i)).collect::<Vec<_>>(), all);
    // The text of sides `from..to`, the deck left out: the deck is weighed against it.
    let span = |from: usize, to: usize| {
        extent(&sides[from..to].concat().into_iter().filter(|i| !above.contains(i)).collect::<Vec<_>>(), all)
    };
    let misaligned = |d: (f64, f64), s: (f64, f64)| {
        let mid = |x: (f64, f64)| (x.0 + x.1) / 2.0;
        (d.0 - s.0).abs().min((mid(d) - mid(s)).abs()).min((d.1 - s.1).abs())
    };
    // And a column whose text starts level with a module's goes with it.
    let top = |from: usize, to: usize| text_top(&sides[from..to].concat(), above, all);
    let level = |run: (usize, usize), side: usize| match (top(run.0, run.1), top(side, side + 1)) {
        (Some(a), Some(b)) => (a - b).abs(),
        _ => 0.0,
    };
    // Where each module starts among the sides: the first at the first side.
    let mut starts = vec![0];
    for w in heads.windows(2) {
        let (l, r) = (w[0], w[1]);
        // The right module's sides run to the next deck's (past `r`, always).
        let (from, to) = (starts[starts.len() - 1], heads.iter().find(|&&h| h > r).copied().unwrap_or(sides.len()));
        let cost = |s: usize| {
            misaligned(deck(l), span(from, s))
                + misaligned(deck(r), span(s, to))
                + level((l + 1, s), l)
                + level((s, r), r)
        };
        let best = (l + 1..=r).min_by(|&a, &b| cmp_f64(cost(a), cost(b))).unwrap_or(r);
        starts.push(best);
    }
    starts.push(sides.len());
    Some(starts.windows(2).map(|w| sides[w[0]..w[1]].concat()).collect())
}

/// Where the text of `lines` starts, the lines of the row of decks `above` left out;
/// none without text.
fn text_top(lines: &[usize], above: &[usize], all: &[OcrLine]) -> Option<f64> {
    lines.iter().filter(|i| !above.contains(i)).map(|&i| all[i].bbox.y0).min_by(|a, b| cmp_f64(*a, *b))
}

/// The headline a module opens on: the topmost that stands clear among the lines `p`,
/// when no text stands above it but a kicker (just over it, without sentence marks).
/// Text above is an article run on from higher up, over the modules side by side.
fn headline_at_top(p: &[usize], all: &[OcrLine], big: &Big) -> Option<BBox> {
    let head = p.iter().map(|&i| &all[i]).filter(|l| big.stands_clear(l)).map(|l| l.bbox);
    let h = head.min_by(|a, b| cmp_f64(a.y0, b.y0))?;
    let kicker = |l: &OcrLine| l.bbox.y1 > h.y0 - big.typical_h && !clause_marks(l);
    let above = p.iter().map(|&i| &all[i]).any(|l| !big.is(l) && l.bbox.y0 < h.y0 && !kicker(l));
    (!above).then_some(h)
}

/// The parts of `lines` between clear strips that run across them all, bands or columns
/// (`horizontal_first` says which is tried first), and which it was; none when no strip
/// runs across.
fn clear_cut(
    lines: &[usize],
    all: &[OcrLine],
    big: &Big,
    gap: Gaps,
    horizontal_first: bool,
) -> Option<(Vec<Vec<usize>>, bool)> {
    for horizontal in [horizontal_first, !horizontal_first] {
        let g = if horizontal { gap.band } else { gap.column };
        let mut parts = cut(lines, all, g, gap.band, horizontal);
        parts = if horizontal {
            let parts = keep_columns_running(keep_heads_with_text(parts, lines, all, big), lines, all, big, gap);
            keep_decks_over_their_text(keep_stacks(parts, lines, all, big, gap), lines, all, gap)
        } else {
            upright_columns(keep_columns_under_headline(parts, lines, all, big, gap), all, big)
        };
        if parts.len() > 1 {
            return Some((parts, horizontal));
        }
    }
    None
}

/// Are the parts a cut made of `lines` worth weighing again, two or more, and few
/// enough? A newspaper region holds a few dozen headlines and a few thousand lines at
/// most: past that the parts stand as cut, which keeps the cost linear in the lines for
/// any input.
fn weighable(parts: &[Vec<usize>], lines: &[usize]) -> bool {
    const MOST_PARTS: usize = 64;
    const MOST_LINES: usize = 5000;
    parts.len() >= 2 && parts.len() <= MOST_PARTS && lines.len() <= MOST_LINES
}

/// The top of a set of lines.
fn top_of(p: &[usize], all: &[OcrLine]) -> f64 {
    p.iter().map(|&i| all[i].bbox.y0).fold(f64::MAX, f64::min)
}

/// What a heading is among a set of lines: taller, with larger characters than most,
/// and no sentence marks.
#[derive(Clone, Copy)]
struct Big {
    typical_h: f64,
    typical_size: f64,
}

impl Big {
    fn of(lines: &[usize], all: &[OcrLine]) -> Big {
        Big {
            typical_h: median(lines.iter().map(|&i| all[i].bbox.height()).collect()),
            typical_size: median(lines.iter().map(|&i| char_size(&all[i])).collect()),
        }
    }

    fn is(&self, l: &OcrLine) -> bool {
        l.bbox.height() > self.typical_h * 1.2 && char_size(l) > self.typical_size * 1.15 && !clause_marks(l)
    }

    /// A headline: a heading set across, clearly larger than the text (a line the OCR
    /// boxed across two columns is a little taller than the rest, and no headline).
    fn is_headline(&self, l: &OcrLine) -> bool {
        let b = l.bbox;
        self.is(l) && b.height() > self.typical_h * 1.35 && b.x1 - b.x0 > b.height() * 1.5
    }

    /// A headline that stands well clear of the text: a line the OCR boxed a little
    /// tall is none.
    fn stands_clear(&self, l: &OcrLine) -> bool {
        self.is_headline(l) && l.bbox.height() > self.typical_h * 1.6
    }
}

/// Does the line hold a comma, full stop or semicolon? A heading holds none.
fn clause_marks(l: &OcrLine) -> bool {
    l.words.iter().any(|w| w.text.contains(['。', '，', '；']))
}

fn across(a: &BBox, b: &BBox) -> bool {
    a.x0.max(b.x0) < a.x1.min(b.x1)
}

/// Does `b` stand under `h`, across some of its width?
fn under(h: &BBox, b: &BBox) -> bool {
    b.y0 >= h.y1 && across(b, h)
}

/// No clear strip runs across: lines spanning several columns (a headline over two of
/// them, a rule read as text) block the cut. Cut the columns without them, and give
/// each to the leftmost column it stands over, where it reads before its text. The
/// columns, and the lines that span them (headlines and their subtitles); none when no
/// column comes out.
fn under_spanners(lines: &[usize], all: &[OcrLine], gaps: Gaps) -> Option<(Vec<Vec<usize>>, Vec<usize>)> {
    let gap = gaps.band;
    let width = |i: usize| all[i].bbox.x1 - all[i].bbox.x0;
    let typical = median(lines.iter().map(|&i| width(i)).collect());
    let (wide, narrow): (Vec<usize>, Vec<usize>) = lines.iter().partition(|&&i| width(i) > typical * 1.2);
    if wide.is_empty() || narrow.len() < 2 {
        return None;
    }
    // Specks make no column of their own: they join the column nearest them.
    let (specks, text): (Vec<usize>, Vec<usize>) =
        narrow.iter().partition(|&&i| width(i) < typical * 0.1 && all[i].bbox.height() < gap);
    let mut parts = cut(&text, all, gaps.column, gap, false);
    if parts.len() < 2 {
        return None;
    }
    let spans: Vec<(f64, f64)> = parts.iter().map(|p| extent(p, all)).collect();
    let typical_h = median(lines.iter().map(|&i| all[i].bbox.height()).collect());
    let (heads, others) = spanning(&wide, &spans, all, typical_h);
    let subtitles = subtitles(&parts, &heads, all, typical_h);
    if !subtitles.is_empty() {
        let mut sorted = subtitles.clone();
        sorted.sort_unstable();
        for p in &mut parts {
            p.retain(|i| sorted.binary_search(i).is_err());
        }
    }
    // A column left empty goes, and its extent with it: the extents stay those of the
    // columns left, index for index.
    let (mut parts, spans): (Vec<Vec<usize>>, Vec<(f64, f64)>) =
        parts.into_iter().zip(spans).filter(|(p, _)| !p.is_empty()).unzip();
    if parts.is_empty() {
        // Every line of the columns stood under a headline: no column is left to give
        // the others to.
        return None;
    }
    for i in others.into_iter().chain(specks) {
        let centre = (all[i].bbox.x0 + all[i].bbox.x1) / 2.0;
        parts[nearest(centre, &spans)].push(i);
    }
    let mut spanners = subtitles;
    spanners.extend(heads);
    Some((parts, spanners))
}

/// The left and right ends of a set of lines.
fn extent(p: &[usize], all: &[OcrLine]) -> (f64, f64) {
    let l = p.iter().map(|&i| all[i].bbox.x0).fold(f64::MAX, f64::min);
    let r = p.iter().map(|&i| all[i].bbox.x1).fold(f64::MIN, f64::max);
    (l, r)
}

/// The wide lines that span columns (`spans`), and the others. A line a little wider
/// than most that stands over one column only is that column's line, not a spanner:
/// only a heading or a line over two columns spans.
fn spanning(wide: &[usize], spans: &[(f64, f64)], all: &[OcrLine], typical_h: f64) -> (Vec<usize>, Vec<usize>) {
    let overlap = |i: usize, c: usize| {
        let (l, r) = spans[c];
        (all[i].bbox.x1.min(r) - all[i].bbox.x0.max(l)).max(0.0) / (r - l).max(1.0)
    };
    wide.iter().partition(|&&i| {
        let over = (0..spans.len()).filter(|&c| overlap(i, c) > 0.3).count();
        over >= 2 || all[i].bbox.height() > typical_h * 1.4
    })
}

/// The lines of `parts` that are subtitles: set larger than the text, without sentence
/// marks, centred right under a spanning headline, they span with it.
fn subtitles(parts: &[Vec<usize>], heads: &[usize], all: &[OcrLine], typical_h: f64) -> Vec<usize> {
    let under = |i: usize| {
        let b = all[i].bbox;
        let centre = (b.x0 + b.x1) / 2.0;
        b.height() > typical_h * 1.25
            && !clause_marks(&all[i])
            && heads.iter().any(|&s| {
                let h = all[s].bbox;
                b.y0 >= h.y1 - h.height() * 0.3 && b.y0 - h.y1 < h.height() && centre > h.x0 && centre < h.x1
            })
    };
    parts.iter().flatten().copied().filter(|&i| under(i)).collect()
}

/// The column (of extents `spans`) nearest to `x`: the first of those it stands over.
fn nearest(x: f64, spans: &[(f64, f64)]) -> usize {
    let dist = |c: usize| {
        let (l, r) = spans[c];
        if x < l {
            l - x
        } else if x > r {
            x - r
        } else {
            0.0
        }
    };
    (0..spans.len()).min_by(|&a, &b| cmp_f64(dist(a), dist(b))).unwrap_or(0)
}

/// Lines top to bottom, and pieces of one printed row (a line the OCR cut at a wide
/// gap) left to right.
pub(super) fn in_rows(lines: &[usize], all: &[OcrLine], body: f64) -> Vec<usize> {
    let mid = |i: usize| (all[i].bbox.y0 + all[i].bbox.y1) / 2.0;
    let mut l = lines.to_vec();
    l.sort_by(|&a, &b| cmp_f64(mid(a), mid(b)));
    let mut out = Vec::with_capacity(l.len());
    let mut row: Vec<usize> = Vec::new();
    for i in l {
        if row.first().is_some_and(|&f| mid(i) - mid(f) > body * 0.5) {
            sort_row(&mut row, all);
            out.append(&mut row);
        }
        row.push(i);
    }
    sort_row(&mut row, all);
    out.append(&mut row);
    out
}

/// Columns cut apart that each hold only lines set top to bottom (a vertical headline
/// and its kicker) read right to left, as such columns do; the rest stay left to right.
/// A run of them that holds a headline, set at the right edge of its module (as a page
/// set top to bottom places it), reads before the columns to its left that it heads:
/// those without a heading of their own, starting level with it or lower (under a
/// photo). Not where text columns start level with it on its right: a headline at a
/// module's left edge heads those.
fn upright_columns(mut parts: Vec<Vec<usize>>, all: &[OcrLine], big: &Big) -> Vec<Vec<usize>> {
    let upright = |p: &Vec<usize>| p.iter().all(|&i| all[i].bbox.upright());
    let top = |p: &Vec<usize>| top_of(p, all);
    let level = |p: &Vec<usize>, y: f64| top(p) >= y - big.typical_h * 2.0 && top(p) <= y + big.typical_h * 2.0;
    let text = |p: &Vec<usize>| !upright(p) && !p.iter().any(|&i| big.is(&all[i]));
    let mut k = 0;
    while k < parts.len() {
        let run = parts[k..].iter().take_while(|p| upright(p)).count();
        if run == 0 {
            k += 1;
            continue;
        }
        parts[k..k + run].reverse();
        if parts[k..k + run].iter().flatten().any(|&i| big.is(&all[i])) {
            let y = parts[k..k + run].iter().map(top).fold(f64::MAX, f64::min);
            let heads_right = parts.get(k + run).is_some_and(|p| text(p) && level(p, y));
            let mut j = k;
            while !heads_right && j > 0 && text(&parts[j - 1]) && top(&parts[j - 1]) >= y - big.typical_h * 2.0 {
                j -= 1;
            }
            parts[j..k + run].rotate_right(run);
        }
        k += run;
    }
    parts
}

/// A row's pieces left to right; columns set top to bottom side by side (a vertical
/// headline's, beside its kicker) right to left, as they read.
fn sort_row(row: &mut [usize], all: &[OcrLine]) {
    if row.len() > 1 && row.iter().all(|&i| all[i].bbox.upright()) {
        row.sort_by(|&a, &b| cmp_f64(all[b].bbox.x1, all[a].bbox.x1));
    } else {
        row.sort_by(|&a, &b| cmp_f64(all[a].bbox.x0, all[b].bbox.x0));
    }
}

/// The set cut into bands at the top and bottom of its headings (lines set larger,
/// without sentence marks), where no line runs across.
fn heading_bands(lines: &[usize], all: &[OcrLine], heading: &Big) -> Vec<Vec<usize>> {
    if lines.len() < 3 {
        return Vec::new();
    }
    let typical_h = heading.typical_h;
    let eps = typical_h * 0.1;
    let mut text: Vec<BBox> = lines.iter().filter(|&&i| !heading.is(&all[i])).map(|&i| all[i].bbox).collect();
    text.sort_by(|a, b| cmp_f64(a.y0, b.y0));
    // A piece of a text line the OCR boxed tall (a frame's rule or a speck beside it)
    // goes on from the text in its row with no more than a character's gap: a heading
    // stands clear of the text beside it.
    let glued = |l: &BBox| {
        let room = heading.typical_size.max(typical_h * 0.5);
        let start = text.partition_point(|t| t.y0 < l.y0 - l.height());
        text[start..].iter().take_while(|t| t.y0 < l.y1).any(|t| {
            // Its row: the text line's middle within the piece's height.
            let level = l.y0 < t.mid_y() && t.mid_y() < l.y1;
            level && (t.x0 - l.x1).max(l.x0 - t.x1) < room
        })
    };
    let big = |l: &OcrLine| heading.is(l) && !glued(&l.bbox);
    // Text runs on beside a heading of another module: only a cut with clear space on
    // the text's side, more than between two lines of a column, stands.
    let window = typical_h * 0.6;
    let busy = |lo: f64, hi: f64| text.iter().take_while(|t| t.y0 < hi).any(|t| t.y1 > lo);
    let mut cuts: Vec<f64> = Vec::new();
    for &i in lines {
        let l = &all[i];
        if big(l) {
            if !busy(l.bbox.y0 - window, l.bbox.y0 + eps) {
                cuts.push(l.bbox.y0);
            }
            if !busy(l.bbox.y1 - eps, l.bbox.y1 + window) {
                cuts.push(l.bbox.y1);
            }
        }
    }
    // Nor does a cut run through another heading: headings side by side at different
    // heights stand in one band.
    let heads: Vec<BBox> = lines.iter().filter(|&&i| big(&all[i])).map(|&i| all[i].bbox).collect();
    cuts.retain(|&c| !heads.iter().any(|b| b.y0 < c - eps && b.y1 > c + eps));
    // Nor between a label or kicker and the wider headline right under it: a label
    // level with another module's headline stays over its own.
    // A label stands clear of the text over it: not a line of a column.
    let clear_over = |k: &BBox| {
        !lines.iter().map(|&j| &all[j].bbox).any(|o| o.y1 <= k.y0 + eps && k.y0 - o.y1 < typical_h && across(o, k))
    };
    // The cheap tests first: a label ends within a line over the cut (a headline under
    // it starts at the cut or lower), and only such a line is weighed against the rest.
    let over_its_headline = |c: f64| {
        lines.iter().any(|&i| {
            let k = &all[i].bbox;
            k.y1 <= c + eps
                && k.y1 > c - eps - typical_h
                && heads.iter().any(|h| {
                    h.y0 >= c - eps && h.y0 - k.y1 < typical_h && across(k, h) && h.x1 - h.x0 > (k.x1 - k.x0) * 2.0
                })
                && !clause_marks(&all[i])
                && clear_over(k)
        })
    };
    cuts.retain(|&c| !over_its_headline(c));
    cuts.sort_by(|&a, &b| cmp_f64(a, b));
    cuts.dedup_by(|a, b| (*a - *b).abs() < eps);
    let bands = bands_at(lines, all, &cuts);
    // Headlines side by side head modules side by side: those are cut as columns.
    let side_by_side = bands.iter().any(|b| {
        let heads: Vec<usize> = b.iter().copied().filter(|&i| big(&all[i])).collect();
        !heads.is_empty() && cut(&heads, all, typical_h * 0.5, typical_h, false).len() > 1
    });
    if side_by_side {
        text_over_the_row(lines, all, heading)
    } else {
        bands
    }
}

/// Of modules side by side, only text over the whole row of them (an article continued
/// from another page, set across the page top) is a band of its own: sentences above the
/// first headline, with clear space across the whole set between them, as in a column.
fn text_over_the_row(lines: &[usize], all: &[OcrLine], heading: &Big) -> Vec<Vec<usize>> {
    let typical_h = heading.typical_h;
    let top =
        lines.iter().filter(|&&i| heading.stands_clear(&all[i])).map(|&i| all[i].bbox.y0).fold(f64::MAX, f64::min);
    let (eps, window) = (typical_h * 0.1, typical_h * 0.6);
    let clear = lines.iter().all(|&i| all[i].bbox.y0 >= top - eps || all[i].bbox.y1 <= top - window);
    // Sentences, not a kicker over its headline; and no headline set upright beside
    // them (they are its module's).
    let over = |i: usize| all[i].bbox.y1 <= top;
    let text_above = lines.iter().any(|&i| over(i) && clause_marks(&all[i]));
    let heading_above = lines.iter().any(|&i| over(i) && heading.is(&all[i]) && all[i].bbox.upright());
    if clear && text_above && !heading_above {
        bands_at(lines, all, &[top])
    } else {
        Vec::new()
    }
}

/// `lines` cut into bands at the heights `cuts` (sorted), the empty ones left out.
fn bands_at(lines: &[usize], all: &[OcrLine], cuts: &[f64]) -> Vec<Vec<usize>> {
    let mut bands: Vec<Vec<usize>> = vec![Vec::new(); cuts.len() + 1];
    for &i in lines {
        let mid = (all[i].bbox.y0 + all[i].bbox.y1) / 2.0;
        bands[cuts.partition_point(|&c| c < mid)].push(i);
    }
    bands.retain(|b| !b.is_empty());
    bands
}

/// Read columns cut under lines that span several of them, as a newspaper is read: the
/// top of each column first, left to right; then each spanning line (a headline over its
/// columns) followed by the stretch of each column it spans, down to the next spanning
/// line over that column.
fn modules(
    columns: Vec<Vec<usize>>,
    mut spanners: Vec<usize>,
    all: &[OcrLine],
    gap: Gaps,
    out: &mut Vec<Vec<usize>>,
    depth: usize,
) {
    let spans: Vec<(f64, f64)> = columns.iter().map(|p| extent(p, all)).collect();
    // A spanner stands over a column it overlaps, and over one whose text stops for it:
    // a headline centred over its module is narrower than the module, but no column
    // under it runs on beside it.
    let covers = |s: usize, c: usize| {
        let b = all[s].bbox;
        let (l, r) = spans[c];
        let over = (b.x1.min(r) - b.x0.max(l)) > (r - l) * 0.3;
        let (top, bottom) = (b.y0 + b.height() * 0.1, b.y1 - b.height() * 0.1);
        let clear = !columns[c].iter().any(|&i| all[i].bbox.y0 < bottom && all[i].bbox.y1 > top);
        over || clear
    };
    spanners.sort_by(|&a, &b| cmp_f64(all[a].bbox.y0, all[b].bbox.y0));
    // Where each column is cut: the tops of the spanners over it.
    let cuts: Vec<Vec<(f64, usize)>> = (0..columns.len())
        .map(|c| {
            spanners.iter().enumerate().filter(|&(_, &s)| covers(s, c)).map(|(k, &s)| (all[s].bbox.y0, k)).collect()
        })
        .collect();
    // The stretch of column `c` that follows spanner `k` (None: the top of the column).
    let stretch = |c: usize, k: Option<usize>| -> Vec<usize> {
        let from = k.map(|k| all[spanners[k]].bbox.y0).unwrap_or(f64::MIN);
        // Up to the next spanner over the column in reading order: of pieces of one
        // headline side by side, the last takes the stretch, and no line reads twice.
        let to = cuts[c].iter().filter(|&&(_, j)| k.is_none_or(|k| j > k)).map(|&(y, _)| y).fold(f64::MAX, f64::min);
        let mine = k.is_none_or(|k| cuts[c].iter().any(|&(_, j)| j == k));
        if !mine {
            return Vec::new();
        }
        columns[c].iter().copied().filter(|&i| all[i].bbox.y0 >= from && all[i].bbox.y0 < to).collect()
    };
    for c in 0..columns.len() {
        let top = stretch(c, None);
        if !top.is_empty() {
            xy_cut(&top, all, gap, true, out, depth + 1);
        }
    }
    for (k, &s) in spanners.iter().enumerate() {
        out.push(vec![s]);
        for c in 0..columns.len() {
            let part = stretch(c, Some(k));
            if !part.is_empty() {
                xy_cut(&part, all, gap, true, out, depth + 1);
            }
        }
    }
}

/// Split `lines` where a gap of at least `gap` runs across them, horizontally (bands,
/// top to bottom) or vertically (columns, left to right).
fn cut(lines: &[usize], all: &[OcrLine], gap: f64, body: f64, horizontal: bool) -> Vec<Vec<usize>> {
    // Across, a line's ends count a character less: a stray mark or a rule's stub the
    // OCR hung on a line reaches into the gutter without closing it.
    let trim = if horizontal { 0.0 } else { body };
    let span = |i: usize| {
        let b = all[i].bbox;
        if horizontal {
            (b.y0, b.y1)
        } else {
            // Not a headline's: one wider than the columns under it still spans them. A
            // line of a few characters (a paragraph's last, a column's last) keeps its
            // middle half: cut to a point, it would stand clear of its own column's
            // trimmed lines.
            let m = if b.height() > body * 1.5 { 0.0 } else { trim.min((b.x1 - b.x0) / 4.0) };
            (b.x0 + m, b.x1 - m)
        }
    };
    let mut order = lines.to_vec();
    order.sort_by(|&a, &b| cmp_f64(span(a).0, span(b).0));
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut end = f64::MIN;
    for i in order {
        let (s, e) = span(i);
        if parts.is_empty() || s - end >= gap {
            parts.push(Vec::new());
        }
        if let Some(p) = parts.last_mut() {
            p.push(i);
        }
        end = end.max(e);
    }
    parts
}
