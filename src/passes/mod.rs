//! The character passes. Each pass reads the page and proposes edits; none writes
//! files or prints. They run on the same input and touch disjoint character classes
//! (full-width forms, ASCII marks, whitespace, ideographs), so their edits never
//! overlap and any of them can be dropped without changing what the others propose.

pub mod punct;
pub mod space;
pub mod variant;
pub mod width;

use crate::edit::Edit;
use crate::rules::RuleSet;
use crate::structure::Join;
use crate::text::script::{is_cjk, is_hspace};
use crate::text::LineSpan;
use variant::Script;

/// A piece of a logical line: a physical line, and the text the structure stage puts
/// between it and the next piece (nothing, or a space between Latin words). 32-bit, as
/// edit offsets are: a long page holds a piece for every line.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: u32,
    end: u32,
    spaced: bool,
}

impl Piece {
    fn new(start: usize, end: usize, sep: &str) -> Self {
        debug_assert!(sep.is_empty() || sep == " ", "join separator {sep:?}");
        Piece { start: start as u32, end: end as u32, spaced: !sep.is_empty() }
    }

    fn start(&self) -> usize {
        self.start as usize
    }

    fn end(&self) -> usize {
        self.end as usize
    }

    fn sep(&self) -> &'static str {
        if self.spaced {
            " "
        } else {
            ""
        }
    }
}

/// The page as the passes see it. Lines are logical: the printed lines the structure
/// stage joins into one paragraph are read as one line, so a mark or a space at a line
/// break is judged in the same context as in the joined output, and cleaning the output
/// again changes nothing.
pub(crate) struct LogicalPage<'a> {
    pub text: &'a str,
    pieces: Vec<Piece>,
    /// Each logical line, as a range of `pieces`.
    lines: Vec<std::ops::Range<u32>>,
}

/// The pieces of a [`LogicalPage`] by where they start (see [`LogicalPage::piece_index`]).
pub(crate) struct PieceIndex(Vec<(u32, u32)>);

/// One logical line: its text (the page's own when it is one physical line, else its
/// pieces put together) and its pieces.
pub(crate) struct LineView<'p> {
    pub text: &'p str,
    pieces: &'p [Piece],
    /// Where each piece starts and ends in `text`, for a line of several.
    spans: &'p [(usize, usize)],
}

impl<'a> LogicalPage<'a> {
    /// `joins`: from the structure stage. `cuts`: (end of a line, where its text ends), for the lines whose
    /// end the structure stage removes (a jump note): the passes read the line without it.
    #[cfg(test)]
    pub fn new(text: &'a str, joins: &[Join], cuts: &[(usize, usize)]) -> Self {
        LogicalPage::with_lines(text, crate::text::physical_lines(text), joins, cuts)
    }

    /// `LogicalPage::new` on the page's physical lines as the structure stage read them
    /// ([`crate::text::physical_lines`]), taken and let go once the page is built.
    pub(crate) fn with_lines(text: &'a str, physical: Vec<LineSpan>, joins: &[Join], cuts: &[(usize, usize)]) -> Self {
        // Joins by the line end they leave from, as [`order_joins`] leaves them.
        let next: std::borrow::Cow<[Join]> = if joins.windows(2).all(|w| w[0].from < w[1].from) {
            std::borrow::Cow::Borrowed(joins)
        } else {
            let mut v = joins.to_vec();
            order_joins(&mut v);
            std::borrow::Cow::Owned(v)
        };
        // Each line's join: the line it goes on to (0 for none: no join goes on to the
        // first line). Lines and joins are both in page order, so one walk over the two
        // finds them all; a join that goes back, which the structure stage never makes,
        // is looked up.
        const TAKEN: u8 = 1;
        const SPACED: u8 = 2;
        let mut goes_to = vec![0u32; physical.len()];
        let mut flags = vec![0u8; physical.len()];
        let (mut from_line, mut to_line) = (0usize, 0usize);
        for j in next.iter() {
            while from_line < physical.len() && physical[from_line].end < j.from {
                from_line += 1;
            }
            if from_line == physical.len() || physical[from_line].end != j.from {
                continue;
            }
            if to_line >= physical.len() || physical[to_line].start > j.to {
                to_line = physical.partition_point(|l| l.start < j.to);
            }
            while to_line < physical.len() && physical[to_line].start < j.to {
                to_line += 1;
            }
            if to_line < physical.len() && physical[to_line].start == j.to && to_line > from_line {
                goes_to[from_line] = to_line as u32;
                flags[from_line] |= if j.spaced { SPACED } else { 0 };
            }
        }
        drop(next);
        let mut cut_ends: Vec<(usize, usize)> = cuts.to_vec();
        cut_ends.sort_unstable();
        let text_end = |l: LineSpan| {
            let end = l.end as usize;
            cut_ends.binary_search_by_key(&end, |c| c.0).map_or(end, |k| cut_ends[k].1)
        };
        let mut pieces = Vec::with_capacity(physical.len());
        let mut lines = Vec::with_capacity(physical.len());
        for i in 0..physical.len() {
            if flags[i] & TAKEN != 0 {
                continue;
            }
            let from = pieces.len();
            let mut cur = i;
            loop {
                flags[cur] |= TAKEN;
                let l = physical[cur];
                // Each line is visited once, so each join is taken at most once.
                let j = goes_to[cur] as usize;
                if j != 0 && flags[j] & TAKEN == 0 {
                    let sep = if flags[cur] & SPACED != 0 { " " } else { "" };
                    pieces.push(Piece::new(l.start as usize, text_end(l), sep));
                    cur = j;
                } else {
                    pieces.push(Piece::new(l.start as usize, text_end(l), ""));
                    break;
                }
            }
            lines.push(from as u32..pieces.len() as u32);
        }
        LogicalPage { text, pieces, lines }
    }

    /// The pieces by where they start, for [`LogicalPage::beside`].
    pub(crate) fn piece_index(&self) -> PieceIndex {
        let mut v: Vec<(u32, u32)> = self.pieces.iter().enumerate().map(|(k, p)| (p.start, k as u32)).collect();
        v.sort_unstable();
        PieceIndex(v)
    }

    /// The characters beside `at..end` in its logical line, past horizontal spaces and
    /// the line breaks the line is joined across: what the output sets beside it once
    /// the spacing pass and the joins are done. `None` at the line's edge, and for text
    /// outside every line (a jump note the structure stage removes).
    pub fn beside(&self, index: &PieceIndex, at: usize, end: usize) -> (Option<char>, Option<char>) {
        let i = index.0.partition_point(|&(start, _)| start as usize <= at);
        let Some(k) = i.checked_sub(1).map(|i| index.0[i].1 as usize) else { return (None, None) };
        if end > self.pieces[k].end() {
            return (None, None);
        }
        let line = &self.lines[self.lines.partition_point(|r| r.end as usize <= k)];
        let piece = |j: usize| &self.text[self.pieces[j].start()..self.pieces[j].end()];
        let last = |s: &str| s.trim_end_matches(is_hspace).chars().next_back();
        let first = |s: &str| s.trim_start_matches(is_hspace).chars().next();
        let (mut before, mut j) = (last(&self.text[self.pieces[k].start()..at]), k);
        while before.is_none() && j > line.start as usize {
            j -= 1;
            before = last(piece(j));
        }
        let (mut after, mut j) = (first(&self.text[end..self.pieces[k].end()]), k);
        while after.is_none() && j + 1 < line.end as usize {
            j += 1;
            after = first(piece(j));
        }
        (before, after)
    }

    /// Call `f` with each logical line, in page order. A line of several pieces is put
    /// together in one buffer kept from line to line.
    pub(crate) fn each_line(&self, mut f: impl FnMut(&LineView)) {
        let mut joined = String::new();
        let mut spans = Vec::new();
        for r in &self.lines {
            let pieces = &self.pieces[r.start as usize..r.end as usize];
            let text = if let [one] = pieces {
                &self.text[one.start()..one.end()]
            } else {
                joined.clear();
                spans.clear();
                for (k, p) in pieces.iter().enumerate() {
                    let at = joined.len();
                    joined.push_str(&self.text[p.start()..p.end()]);
                    spans.push((at, joined.len()));
                    if k + 1 < pieces.len() {
                        joined.push_str(p.sep());
                    }
                }
                &joined
            };
            f(&LineView { text, pieces, spans: &spans });
        }
    }
}

impl LineView<'_> {
    /// Where the line starts in the input, when it is one physical line: its offsets are
    /// the input's moved by that.
    pub(crate) fn base(&self) -> Option<usize> {
        match self.pieces {
            [one] => Some(one.start()),
            _ => None,
        }
    }

    /// Where the byte at `at` of the line's text is in the input; none for a separator
    /// the structure stage puts between two pieces.
    pub(crate) fn input_offset(&self, at: usize) -> Option<usize> {
        if let Some(base) = self.base() {
            return Some(base + at);
        }
        let k = self.spans.partition_point(|&(_, end)| end <= at);
        let &(start, _) = self.spans.get(k).filter(|&&(start, _)| start <= at)?;
        Some(self.pieces[k].start() + at - start)
    }

    /// Move edits made in this line's virtual offsets to input offsets. An edit that
    /// spans a join (a run of spaces across a line break) becomes one edit per piece;
    /// the parts inside separators belong to the structure stage and are left out.
    pub(crate) fn emit(&self, edits: &mut Vec<Edit>, out: &mut Vec<Edit>) {
        if let Some(base) = self.base() {
            out.extend(edits.drain(..).map(|mut e| {
                e.set_span(e.start() + base, e.end() + base);
                e
            }));
            return;
        }
        for e in edits.drain(..) {
            self.place(e, out);
        }
    }

    /// The parts of `e` (in virtual offsets) in the pieces it touches, found by a binary
    /// search: a paragraph of many printed lines is not walked once an edit.
    fn place(&self, e: Edit, out: &mut Vec<Edit>) {
        let last = self.spans.len() - 1;
        // The first piece that ends past the edit's start; an insertion at the line's end
        // goes to the last piece.
        let mut k = self.spans.partition_point(|&(_, end)| end <= e.start());
        if e.start() == e.end() {
            if k > last && self.spans[last].1 == e.start() {
                k = last;
            }
            if k <= last && self.spans[k].0 <= e.start() {
                out.push(self.part(e, k, e.start(), e.start()));
            }
            return;
        }
        let mut first = true;
        while k <= last && self.spans[k].0 < e.end() {
            let (at, end) = self.spans[k];
            let (lo, hi) = (e.start().max(at), e.end().min(end));
            if lo < hi {
                let mut part = self.part(e, k, lo, hi);
                if !first {
                    part.set_replacement("");
                }
                first = false;
                out.push(part);
            }
            k += 1;
        }
    }

    /// `e` cut to `lo..hi` of the virtual offsets, inside piece `k`, in input offsets.
    fn part(&self, mut e: Edit, k: usize, lo: usize, hi: usize) -> Edit {
        let (p, at) = (self.pieces[k], self.spans[k].0);
        e.set_span(p.start() + lo - at, p.start() + hi - at);
        e
    }
}

/// Sort joins by the line end they leave from; of two from the same end the later
/// counts. Sorted, not hashed: the structure stage gives them mostly in order.
pub(crate) fn order_joins(joins: &mut Vec<Join>) {
    joins.sort_by_key(|j| j.from);
    joins.dedup_by(|later, earlier| {
        let same = later.from == earlier.from;
        if same {
            *earlier = *later;
        }
        same
    });
}

/// The ASCII marks of one line that the punctuation pass makes Chinese punctuation, in
/// the line's own offsets: to the spacing pass these are Chinese punctuation, whether or
/// not the punct edits are accepted, as they are on the next run. A bit a byte of the
/// line, set only for a line that has any: a line of marks costs an eighth of itself.
#[derive(Debug, Default)]
pub(crate) struct CjkMarks(Vec<u64>);

impl CjkMarks {
    /// The marks of the line whose punct edits (in its own offsets) are `edits`.
    fn read(&mut self, edits: &[Edit]) {
        self.0.clear();
        let mut cjk = edits.iter().filter(|e| e.replacement().chars().next().is_some_and(is_cjk)).peekable();
        if cjk.peek().is_none() {
            return;
        }
        let end = edits.iter().map(|e| e.end()).max().unwrap_or(0);
        self.0.resize(end / 64 + 1, 0);
        for e in cjk {
            for at in e.range() {
                self.0[at / 64] |= 1 << (at % 64);
            }
        }
    }

    pub fn contains(&self, at: usize) -> bool {
        self.0.get(at / 64).is_some_and(|w| w & (1 << (at % 64)) != 0)
    }
}

/// Every edit the passes propose for `text`, sorted and non-overlapping. `script`
/// (see [`variant::Script`]) decides whether and where the variant pass runs; `joins`
/// and `cuts` come from the structure stage (see `LogicalPage::new`).
pub fn character_edits(
    text: &str,
    rules: &RuleSet,
    script: &Script,
    joins: &[Join],
    cuts: &[(usize, usize)],
) -> Vec<Edit> {
    let mut edits = character_edits_unsorted(text, crate::text::physical_lines(text), rules, script, joins, cuts);
    crate::edit::normalize(&mut edits);
    edits
}

/// [`character_edits`] without the final sort, for a caller that adds edits of its own and
/// orders them all at once. `lines` are the page's
/// [`crate::text::physical_lines`], read once for the structure stage and the
/// passes.
pub(crate) fn character_edits_unsorted(
    text: &str,
    lines: Vec<LineSpan>,
    rules: &RuleSet,
    script: &Script,
    joins: &[Join],
    cuts: &[(usize, usize)],
) -> Vec<Edit> {
    let page = LogicalPage::with_lines(text, lines, joins, cuts);
    let mut edits = Vec::new();
    variant::propose(&page, rules, script, &mut edits);
    width::propose(&page, rules, script.traditional, &mut edits);
    // Punctuation, then spacing, line by line: the spacing pass reads a mark as the
    // punctuation pass leaves it, and each line is put together once for both.
    let (mut punct, mut space) = (punct::Pass::default(), space::Pass::default());
    let (mut marks, mut line_edits) = (CjkMarks::default(), Vec::new());
    page.each_line(|view| {
        let from = edits.len();
        if let Some(base) = view.base() {
            // One physical line: the passes write to the page's list, and its offsets
            // are moved after, so a long line's edits are never held twice.
            punct.line(view, rules, &mut edits);
            marks.read(&edits[from..]);
            space.line(view, rules, &marks, &mut edits);
            for e in &mut edits[from..] {
                e.set_span(e.start() + base, e.end() + base);
            }
        } else {
            punct.line(view, rules, &mut line_edits);
            marks.read(&line_edits);
            view.emit(&mut line_edits, &mut edits);
            space.line(view, rules, &marks, &mut line_edits);
            view.emit(&mut line_edits, &mut edits);
        }
        // In order, so the page's edits are a few sorted runs to merge.
        edits[from..].sort_by_key(|e| (e.start(), e.end()));
    });
    space.finish(&mut edits);
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What stands beside a character is read past spaces and across the joins of its
    /// line, never into another line.
    #[test]
    fn beside_reads_past_spaces_and_joins() {
        let text = "甲..  \n  ．乙\n丙";
        let join = Join::new(text.find('\n').unwrap(), text.find("  ．").unwrap(), "");
        let page = LogicalPage::new(text, &[join], &[]);
        let index = page.piece_index();
        let at = text.find('．').unwrap();
        assert_eq!(page.beside(&index, at, at + '．'.len_utf8()), (Some('.'), Some('乙')));
        let alone = LogicalPage::new(text, &[], &[]);
        let index = alone.piece_index();
        assert_eq!(alone.beside(&index, at, at + '．'.len_utf8()), (None, Some('乙')));
        let at = text.find('丙').unwrap();
        assert_eq!(alone.beside(&index, at, at + '丙'.len_utf8()), (None, None));
    }
}
