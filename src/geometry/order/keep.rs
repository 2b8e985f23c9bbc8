//! Parts an XY cut made joined again where the cut ran through one module: between a
//! headline and its text, across rows the OCR dropped, or between a headline set to
//! one side of its module and the columns under it.

use std::collections::HashSet;

use super::{across, clause_marks, cut, extent, headline_at_top, top_of, under, weighable, Big, Gaps};
use crate::geometry::{cmp_f64, BBox, OcrLine};

/// Bands joined again where the cut between them runs between a heading and its text
/// (see [`Stack::heads_text`]), where they are [`weighable`].
pub(super) fn keep_heads_with_text(
    parts: Vec<Vec<usize>>,
    lines: &[usize],
    all: &[OcrLine],
    big: &Big,
) -> Vec<Vec<usize>> {
    if !weighable(&parts, lines) {
        return parts;
    }
    let Some(stack) = Stack::of(lines, all, *big) else {
        return parts;
    };
    let mut out: Vec<Vec<usize>> = Vec::with_capacity(parts.len());
    // The headline whose text the last join took in, and where that text stops.
    let mut open: Option<(BBox, f64)> = None;
    for (k, p) in parts.iter().enumerate() {
        let Some(above) = out.last_mut() else {
            out.push(p.clone());
            continue;
        };
        // The heading's text may stand bands lower (a kicker of the next module between):
        // everything under the cut counts. Once it started (a caption under its photo),
        // it goes on in the band right under it, across a strip the module beside spans
        // with a photo of its own.
        let goes_on = open.filter(|&(h, bottom)| stack.text_goes_on(&h, bottom, p));
        match goes_on.map(|(h, _)| h).or_else(|| stack.heads_text(above, &parts[k..])) {
            Some(h) => {
                above.extend_from_slice(p);
                open = Some((h, stack.bottom_under(&h, above)));
            }
            None => {
                out.push(p.clone());
                open = None;
            }
        }
    }
    out
}

/// Bands joined again where the strip between them is a line or a few the OCR dropped
/// across the page (a light typeface on a baseline grid): the same columns run on
/// above and below it, no heading opens the band below, and the strip is narrower than
/// [`DROPPED_STRIP`] lines. A band break between modules opens on a heading or changes
/// the columns.
/// Only where they are [`weighable`].
pub(super) fn keep_columns_running(
    parts: Vec<Vec<usize>>,
    lines: &[usize],
    all: &[OcrLine],
    big: &Big,
    gap: Gaps,
) -> Vec<Vec<usize>> {
    if !weighable(&parts, lines) {
        return parts;
    }
    let typical_h = big.typical_h;
    let columns = |p: &[usize]| -> Vec<(f64, f64)> {
        cut(p, all, gap.column, gap.band, false).iter().map(|c| extent(c, all)).collect()
    };
    let same = |a: &[(f64, f64)], b: &[(f64, f64)]| {
        a.len() >= 2
            && a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                let over = x.1.min(y.1) - x.0.max(y.0);
                over > (x.1 - x.0).min(y.1 - y.0) * 0.7
            })
    };
    join_where(parts, |above, p| {
        let bottom = above.iter().map(|&i| all[i].bbox.y1).fold(f64::MIN, f64::max);
        let top = top_of(p, all);
        // A heading in its first lines (a kicker set as text may stand over it).
        let opens_on_heading = p.iter().any(|&i| all[i].bbox.y0 < top + typical_h * 3.0 && big.is(&all[i]));
        top - bottom < typical_h * DROPPED_STRIP && !opens_on_heading && same(&columns(above), &columns(p))
    })
}

/// Each part joined onto the one before it (as joined so far) where `joins(above,
/// part)` says so.
fn join_where(parts: Vec<Vec<usize>>, joins: impl Fn(&[usize], &[usize]) -> bool) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::with_capacity(parts.len());
    for p in parts {
        match out.last_mut() {
            Some(above) if joins(above, &p) => above.extend(p),
            _ => out.push(p),
        }
    }
    out
}

/// Bands joined again where the strip between them runs across stacks of modules side
/// by side, not between two rows of them: a gutter runs clear down both bands, and on
/// each of its sides a module goes on under the strip, opened at heights more than
/// [`STACK_STAGGER`] lines apart (see [`module_top`]). A row of modules starts level, its headlines at the
/// band's top (a photo may come first under one, never over it); a stack's next
/// module starts where the one over it ended, and the strip across is where two such
/// gaps happen to overlap. Joined, the set is cut
/// down the gutter first and each stack reads top to bottom. Only where they are
/// [`weighable`].
pub(super) fn keep_stacks(
    parts: Vec<Vec<usize>>,
    lines: &[usize],
    all: &[OcrLine],
    big: &Big,
    gap: Gaps,
) -> Vec<Vec<usize>> {
    if !weighable(&parts, lines) {
        return parts;
    }
    join_where(parts, |above, p| staggered(above, p, all, big, gap))
}

/// Bands joined again where the band above is a row of decks side by side over their
/// own text (see [`decks_side_by_side`]): cut across first, the decks would read one
/// after the other before either text. Joined, the set is read module by module (see
/// [`super::decks_over_modules`]). Only where they are [`weighable`].
pub(super) fn keep_decks_over_their_text(
    parts: Vec<Vec<usize>>,
    lines: &[usize],
    all: &[OcrLine],
    gap: Gaps,
) -> Vec<Vec<usize>> {
    if !weighable(&parts, lines) {
        return parts;
    }
    join_where(parts, |above, p| decks_side_by_side(above, p, all, gap).is_some())
}

/// Is `above` a row of decks (a few lines, none with a sentence's marks) over `below`:
/// a gutter running clear down both cuts them into sides, two or more of them a deck
/// over text of its own (a boxed sidebar's title level with the deck of the module
/// beside it)? The sides left to right, and which hold a deck.
pub(super) fn decks_side_by_side(
    above: &[usize],
    below: &[usize],
    all: &[OcrLine],
    gap: Gaps,
) -> Option<(Vec<Vec<usize>>, Vec<bool>)> {
    if above.len() > MOST_DECK_LINES || above.iter().any(|&i| clause_marks(&all[i])) {
        return None;
    }
    let both: Vec<usize> = above.iter().chain(below).copied().collect();
    let sides = cut(&both, all, gap.column, gap.band, false);
    // A line of the set not in the row of decks (a dozen lines at most) is text under it.
    let headed: Vec<bool> =
        sides.iter().map(|s| s.iter().any(|i| above.contains(i)) && s.iter().any(|i| !above.contains(i))).collect();
    if headed.iter().filter(|&&h| h).count() < 2
        || sides.iter().zip(&headed).any(|(s, &h)| !h && s.iter().any(|i| above.contains(i)))
    {
        return None;
    }
    // Not one deck line the OCR boxed in pieces at a gutter: decks side by side stand
    // apart by more than the gutter.
    let side_of = |i: usize| sides.iter().position(|s| s.contains(&i));
    let pieces = above.iter().any(|&a| {
        above.iter().any(|&b| {
            let (x, y) = (&all[a].bbox, &all[b].bbox);
            let level = x.y1.min(y.y1) - x.y0.max(y.y0) > x.height().min(y.height()) * 0.5;
            side_of(a) != side_of(b) && level && (y.x0 - x.x1).max(x.x0 - y.x1) < gap.band * DECKS_APART
        })
    });
    (!pieces).then_some((sides, headed))
}

/// The most lines a row of decks side by side holds: two decks of a kicker, a
/// headline of two lines and a subtitle or two.
const MOST_DECK_LINES: usize = 12;

/// How far apart decks side by side stand at least, in lines: a row cut at a gutter
/// leaves its pieces a gutter apart, a line or so.
const DECKS_APART: f64 = 3.0;

/// Do the sides of a gutter running clear down `above` and `below` each open a module
/// in `below` under a headline, at heights more than [`STACK_STAGGER`] lines apart?
fn staggered(above: &[usize], below: &[usize], all: &[OcrLine], big: &Big, gap: Gaps) -> bool {
    let both: Vec<usize> = above.iter().chain(below).copied().collect();
    let sides = cut(&both, all, gap.column, gap.band, false);
    if sides.len() < 2 {
        return false;
    }
    let strip = below.iter().map(|&i| all[i].bbox.y0).fold(f64::MAX, f64::min);
    let tops: Vec<f64> = sides.iter().map(|s| module_top(s, strip, all, big)).collect();
    let (lo, hi) = tops.iter().fold((f64::MAX, f64::MIN), |(a, b), &y| (a.min(y), b.max(y)));
    hi < f64::MAX && hi - lo > big.typical_h * STACK_STAGGER
}

/// Where the module that goes on under the strip at `strip` opens among the lines
/// `side`: at a heading that opens the side under the strip (a kicker or a label a
/// line or two over its headline), or at a headline over the strip whose text is all
/// under it (the strip runs between a headline with its deck and its text); none when
/// the side goes on with text from over the strip.
fn module_top(side: &[usize], strip: f64, all: &[OcrLine], big: &Big) -> f64 {
    let lines = || side.iter().map(|&i| &all[i]);
    let Some(first) = lines().filter(|l| l.bbox.y0 >= strip).map(|l| l.bbox.y0).min_by(|a, b| cmp_f64(*a, *b)) else {
        return f64::MAX;
    };
    let opens = lines().any(|l| l.bbox.y0 >= strip && l.bbox.y0 <= first + big.typical_h * 2.0 && big.is(l));
    if opens {
        return first;
    }
    let over =
        lines().filter(|l| l.bbox.y0 < strip && big.stands_clear(l)).max_by(|a, b| cmp_f64(a.bbox.y0, b.bbox.y0));
    let Some(h) = over.map(|l| l.bbox) else {
        return f64::MAX;
    };
    let text_over = lines().any(|l| l.bbox.y0 >= h.y1 && l.bbox.y0 < strip && clause_marks(l));
    if text_over {
        f64::MAX
    } else {
        h.y0
    }
}

/// How many lines apart the tops of modules side by side may stand and still be one
/// row: a kicker or a column label over one headline and not the other is a line or
/// two.
const STACK_STAGGER: f64 = 3.0;

/// How many lines high a strip the OCR left across the columns may be and still be
/// rows it dropped: two rows RapidOCR dropped across three columns of a loosely leaded
/// page leave 3.1 (`layout/06-20/p04`); every width from 3.5 to 10 reads the devset
/// alike, the test that the same columns run on and no heading opens decides.
const DROPPED_STRIP: f64 = 5.0;

/// A part's headline at its top, and where the text under it starts: its first line
/// (`body`: a subtitle or a byline may open it), the top of its last column to start
/// (`columns`: a subtitle over one of its columns), its first line set as a column's
/// (`set`: a subtitle over all of them, standing apart), the foot of its deck
/// (`foot`: the headline's last line, a subtitle), and where the text under the whole
/// deck starts (`text`: its first line, or the top of the column after its part).
#[derive(Clone, Copy)]
struct Headed {
    head: BBox,
    body: f64,
    columns: f64,
    set: f64,
    foot: f64,
    text: f64,
}

/// Where the text of `lines` starts: its first line with the next line of its column
/// right under it. A subtitle or a byline under a headline stands apart.
fn text_top(mut lines: Vec<usize>, all: &[OcrLine], lead: f64) -> f64 {
    lines.sort_by(|&a, &b| cmp_f64(all[a].bbox.y0, all[b].bbox.y0));
    let set = |k: usize| {
        let a = &all[lines[k]].bbox;
        lines[k + 1..]
            .iter()
            .map(|&i| &all[i].bbox)
            .take_while(|b| b.y0 < a.y1 + lead)
            .any(|b| b.y0 > a.y1 - a.height() * 0.5 && across(a, b))
    };
    (0..lines.len()).find(|&k| set(k)).map_or(f64::MAX, |k| all[lines[k]].bbox.y0)
}

/// Do the lines of `p` that start from `from` to above `to` (a deck under a headline)
/// hold no sentence?
fn no_sentences(p: &[usize], all: &[OcrLine], from: f64, to: f64) -> bool {
    p.iter().all(|&i| all[i].bbox.y0 < from || all[i].bbox.y0 >= to || !clause_marks(&all[i]))
}

/// A test of a column against a headline: does it fit under it (the column may start
/// lower), does it go on from its text.
type Fits<'a> = &'a dyn Fn(&[usize], Headed, bool) -> bool;
type GoesOn<'a> = &'a dyn Fn(&[usize], Headed, Headed) -> bool;

/// Columns read as one module where the cut between them runs beside a headline set
/// to one side of its module (right-aligned, or centred over more columns than it
/// spans): a column beside the headline with nothing at its height, whose text starts
/// where the headline's text starts, is the headline's, and reads after it. A column of
/// another module starts at the top of the band, level with its own headline, not under
/// this one. The headline's deck becomes a part of its own before the first column of
/// its module; each column stays a part, read alone. Only where they are
/// [`weighable`].
pub(super) fn keep_columns_under_headline(
    parts: Vec<Vec<usize>>,
    lines: &[usize],
    all: &[OcrLine],
    big: &Big,
    gap: Gaps,
) -> Vec<Vec<usize>> {
    if !weighable(&parts, lines) {
        return parts;
    }
    let typical_h = big.typical_h;
    // Each part's headline at its top, and where the text under it starts.
    let mut heads: Vec<Option<Headed>> = parts
        .iter()
        .map(|p| {
            let h = headline_at_top(p, all, big)?;
            let under: Vec<usize> = p.iter().copied().filter(|&i| !big.is(&all[i]) && all[i].bbox.y0 >= h.y1).collect();
            let body = top_of(&under, all);
            let columns =
                cut(&under, all, gap.column, gap.band, false).iter().map(|c| top_of(c, all)).fold(body, f64::max);
            let set = text_top(under, all, gap.band);
            let foot = p.iter().map(|&i| all[i].bbox.y1).filter(|&y| y <= body).fold(h.y1, f64::max);
            // Its text starts under its deck: the lines over where the columns' text is
            // set, none of them sentences (a subtitle over fewer columns than the
            // headline, a byline), go with the headline.
            let decked = set < f64::MAX && set - h.y1 < typical_h * DECK_LINES && no_sentences(p, all, body, set);
            let text = if decked { set } else { body };
            (body < f64::MAX).then_some(Headed { head: h, body, columns, set, foot, text })
        })
        .collect();
    // The headless column after a headline's part starts where the headline's columns
    // do: below its deck (a subtitle, a byline: lines without a clause mark), which its
    // own part reads as text.
    for q in 0..heads.len().saturating_sub(1) {
        let (Some(h), None) = (heads[q], heads[q + 1]) else { continue };
        let t = top_of(&parts[q + 1], all);
        if t > h.columns && t - h.foot < typical_h * DECK_LINES && no_sentences(&parts[q], all, h.body, t) {
            heads[q] = Some(Headed { columns: t, text: t, ..h });
        }
    }
    // A column fits under a headline: nothing of it at the headline's height, no
    // headline of its own standing clear at its top (a dateline in bold the OCR boxed a
    // little taller is text), its text level with the headline's or starting
    // right under the headline's foot (a photo under the headline, its text lower in
    // its own part), or (`lower`) starting lower, under a photo that opens the column.
    let fits = |q: &[usize], h: Headed, lower: bool| {
        let t = top_of(q, all);
        let first_big =
            q.iter().map(|&i| &all[i]).filter(|l| l.bbox.y0 <= t + typical_h * 0.5).any(|l| big.stands_clear(l));
        let right_under = t >= h.foot && t - h.foot <= typical_h * 2.5;
        let level = right_under || [h.body, h.columns, h.set].iter().any(|&y| (t - y).abs() <= typical_h);
        let under = lower && t >= h.body - typical_h;
        t >= h.head.y1 - typical_h * 0.1 && (level || under) && !first_big
    };
    // A column may go on from the text of a headline further left (`l`): it starts no
    // higher than that text does, and not clearly nearer the level of the text of the
    // headline on its right (`r`).
    let goes_on = |q: &[usize], l: Headed, r: Headed| {
        let t = top_of(q, all);
        let off = |h: Headed| [h.body, h.columns, h.set].iter().map(|&y| (t - y).abs()).fold(f64::MAX, f64::min);
        t >= l.body - typical_h * 0.5 && off(r) + typical_h * 0.5 >= off(l)
    };
    // The deck goes first, then every column under it, each read alone.
    let mut out: Vec<Vec<usize>> = Vec::with_capacity(parts.len() + 1);
    let mut k = 0;
    while k < parts.len() {
        if let Some(last) = group_from(k, &parts, &heads, (&fits, &goes_on)) {
            let hk = (k..=last).find(|&q| heads[q].is_some()).unwrap_or(k);
            let (body, top) = heads[hk].map_or((f64::MAX, f64::MIN), |h| (h.text, h.head.y0));
            let (deck, rest): (Vec<usize>, Vec<usize>) = parts[hk].iter().partition(|&&i| all[i].bbox.y0 < body);
            // A kicker over the headline stands alone, as a band cut above the headline
            // leaves it: the flow reads a short line alone before a heading as its deck.
            let (kicker, deck): (Vec<usize>, Vec<usize>) = deck.iter().partition(|&&i| all[i].bbox.y1 <= top);
            out.extend([kicker, deck]);
            for (q, p) in parts.iter().enumerate().take(last + 1).skip(k) {
                out.push(if q == hk { rest.clone() } else { p.clone() });
            }
            k = last + 1;
        } else {
            out.push(parts[k].clone());
            k += 1;
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

/// The last part of the group that starts at part `k`, when one does: columns without a
/// headline that fit under the next part's headline, that part, and the columns after
/// it that fit; none when the headline's part would stand alone.
fn group_from(
    k: usize,
    parts: &[Vec<usize>],
    heads: &[Option<Headed>],
    (fits, goes_on): (Fits, GoesOn),
) -> Option<usize> {
    let hk = (k..parts.len()).find(|&q| heads[q].is_some())?;
    let head = heads[hk]?;

    // Columns before the headline are its own only where they cannot go on from the
    // text of the nearest headline further left: they start above it (that module's
    // text starts lower, under a deck of its own).
    let left = heads[..k].iter().rev().find_map(|h| *h);
    let go_on = left.is_some_and(|l| (k..hk).all(|q| goes_on(&parts[q], l, head)));
    // The first column of the band may open on a photo: there is no text to its left
    // it could go on from.
    if !(k..hk).all(|q| fits(&parts[q], head, q == 0)) || (hk > k && go_on) {
        return None;
    }
    // A column after it is its own unless it clearly stands level with the text of
    // the next headline instead.
    let next = heads[hk + 1..].iter().find_map(|h| *h);
    let its_own = |q: usize| next.is_none_or(|r| goes_on(&parts[q], head, r));
    let mut last = hk;
    while last + 1 < parts.len()
        && heads[last + 1].is_none()
        && fits(&parts[last + 1], head, false)
        && its_own(last + 1)
    {
        last += 1;
    }
    (last > k).then_some(last)
}

/// How many lines a deck under a headline runs to at most (a subtitle, a byline, and
/// the gaps around them), in the text's line heights.
const DECK_LINES: f64 = 6.0;

/// How far from an upright headline, in line heights, the column it heads starts.
const UPRIGHT_HEADS: f64 = 4.0;

/// The headlines of a set of lines, and which lines stand under one (or beside one set
/// upright).
struct Stack<'a> {
    all: &'a [OcrLine],
    big: Big,
    headlines: Vec<usize>,
    /// The headings set upright (a vertical headline and its deck).
    upright: Vec<usize>,
    /// The lines (by index into `all`) with a headline over them, across the same
    /// stretch.
    headed: HashSet<usize>,
}

impl<'a> Stack<'a> {
    /// None when the set holds no headline or too many to weigh.
    fn of(lines: &[usize], all: &'a [OcrLine], big: Big) -> Option<Stack<'a>> {
        const MOST_HEADLINES: usize = 64;
        let headlines: Vec<usize> = lines.iter().copied().filter(|&i| big.is_headline(&all[i])).collect();
        // A headline set upright: three characters or more down a column (a speck or a
        // mark boxed tall is none).
        let upright: Vec<usize> = lines
            .iter()
            .copied()
            .filter(|&i| all[i].bbox.upright() && big.is(&all[i]) && all[i].char_count() >= 3)
            .collect();
        if headlines.is_empty() && upright.is_empty() || headlines.len() + upright.len() > MOST_HEADLINES {
            return None;
        }
        let over = |t: &BBox| headlines.iter().any(|&g| under(&all[g].bbox, t));
        // A headline set upright heads the columns beside it from their top: a
        // column's width away at most.
        let beside_upright = |t: &BBox| {
            upright.iter().map(|&u| all[u].bbox).any(|u| {
                let gap = (t.x0 - u.x1).max(u.x0 - t.x1);
                u.y0 <= t.y0 + big.typical_h && u.y1 >= t.y0 && gap >= 0.0 && gap < big.typical_h * UPRIGHT_HEADS
            })
        };
        let headed = lines.iter().copied().filter(|&i| over(&all[i].bbox) || beside_upright(&all[i].bbox)).collect();
        Some(Stack { all, big, headlines, upright, headed })
    }

    /// Does the cut run between a heading and its text: a headline with nothing under
    /// it in `above` and text under it in `below`, while beside it the text of another
    /// module (under a heading of its own) runs on before that text starts? That strip
    /// is a stacked module's gap between headline and body, or a photo under the
    /// headline, not a band break: under a headline band of its own, the text starts
    /// level, and text beside a headline with no heading over it is the headline's own.
    fn heads_text(&self, above: &[usize], below: &[Vec<usize>]) -> Option<BBox> {
        let all = self.all;
        let first_under = |set: &mut dyn Iterator<Item = &usize>, h: &BBox| {
            set.map(|&i| all[i].bbox).filter(|b| under(h, b)).map(|b| b.y0).fold(f64::MAX, f64::min)
        };
        // A headline set upright heads the columns beside it; one with none beside it
        // in its band (a photo there) heads the text under that space.
        let upright = self.upright.iter().filter(|&&u| above.contains(&u) && !self.heads_beside(u, above));
        let upright = upright.map(|&u| self.clear_left(u, above, below));
        let across = self.headlines.iter().filter(|&&h| above.contains(&h)).map(|&h| all[h].bbox);
        across.chain(upright).find(|hb| {
            let own = first_under(&mut below.iter().flatten(), hb);
            // A deck line under it (a subtitle, a byline) is no text of its own.
            let sentences = &mut above.iter().filter(|&&i| clause_marks(&all[i]));
            first_under(sentences, hb) == f64::MAX && own < f64::MAX && self.beside(hb, own, above, below)
        })
    }

    /// The upright headline `u` with the clear space to its left in the band `above`
    /// (to the nearest text level with it, or the left edge of the text above and
    /// below): the photo its text runs under.
    fn clear_left(&self, u: usize, above: &[usize], below: &[Vec<usize>]) -> BBox {
        let h = self.all[u].bbox;
        let edge = above.iter().chain(below.iter().flatten()).map(|&i| self.all[i].bbox.x0).fold(h.x0, f64::min);
        let text = above.iter().filter(|i| !self.upright.contains(i)).map(|&i| self.all[i].bbox);
        let left = text.filter(|b| b.y1 > h.y0 && b.y0 < h.y1 && b.x1 <= h.x0).map(|b| b.x1).fold(edge, f64::max);
        BBox { x0: left, ..h }
    }

    /// Does the upright headline `u`, with the upright deck set beside it (its
    /// subtitle, its kicker: a line or so away), head text among `lines`: sentences
    /// beside them, at their height, within [`UPRIGHT_HEADS`] lines?
    fn heads_beside(&self, u: usize, lines: &[usize]) -> bool {
        let typical_h = self.big.typical_h;
        let gap = |a: &BBox, b: &BBox| (b.x0 - a.x1).max(a.x0 - b.x1);
        let level = |a: &BBox, b: &BBox| b.y1 > a.y0 && b.y0 < a.y1;
        let mut deck = self.all[u].bbox;
        let mut taken = vec![u];
        while let Some(&d) = self.upright.iter().find(|&&d| {
            let b = self.all[d].bbox;
            !taken.contains(&d) && level(&deck, &b) && gap(&deck, &b) < typical_h * 2.0
        }) {
            deck.union(&self.all[d].bbox);
            taken.push(d);
        }
        lines.iter().map(|&i| &self.all[i]).any(|l| {
            let g = gap(&deck, &l.bbox);
            clause_marks(l) && level(&deck, &l.bbox) && g >= 0.0 && g < typical_h * UPRIGHT_HEADS
        })
    }

    /// Where the text under the headline at `h` stops among `lines`.
    fn bottom_under(&self, h: &BBox, lines: &[usize]) -> f64 {
        lines.iter().map(|&i| self.all[i].bbox).filter(|b| under(h, b)).map(|b| b.y1).fold(h.y1, f64::max)
    }

    /// Does the text under the headline at `h`, which stops at `bottom`, go on in the
    /// band `p`: its first line under the headline is text, not a heading, and starts
    /// within two lines of `bottom`?
    fn text_goes_on(&self, h: &BBox, bottom: f64, p: &[usize]) -> bool {
        let first = p
            .iter()
            .map(|&i| &self.all[i])
            .filter(|l| l.bbox.y0 >= bottom && across(&l.bbox, h))
            .min_by(|a, b| cmp_f64(a.bbox.y0, b.bbox.y0));
        first.is_some_and(|l| !self.big.is(l) && l.bbox.y0 - bottom < self.big.typical_h * 2.0)
    }

    /// Is there text beside the headline at `h`, from its top down to where its own
    /// text starts (`until`), under a heading of its own? A line of a few characters at
    /// least, not a speck, and set smaller: not another piece of the headline's row.
    fn beside(&self, h: &BBox, until: f64, above: &[usize], below: &[Vec<usize>]) -> bool {
        let typical_h = self.big.typical_h;
        above.iter().chain(below.iter().flatten()).any(|&i| {
            let t = &self.all[i];
            let b = t.bbox;
            !self.big.is(t)
                && b.height() * 1.2 < h.height()
                && b.x1 - b.x0 > typical_h * 3.0
                && b.y1 > h.y0
                && b.y0 < until - typical_h * 2.0
                && !across(&b, h)
                && self.headed.contains(&i)
        })
    }
}
