//! Spacing: delete the whitespace that OCR or column wrapping put into Chinese text,
//! and keep the spaces that are real.
//!
//! A space goes when it sits between Chinese characters, between Chinese and Latin or
//! digits (mainland style; `space.cjk_latin` in the rules can keep or add those), next
//! to full-width punctuation, or at a line's edge. Tesseract's space between almost
//! every character is the same damage. A space stays when a keep pattern of the rules
//! matches around it (bylines, datelines, date and time), when it is a clause gap in a
//! heading-like short line, or when it separates Latin words and numbers.
//!
//! The page gives evidence too: a column-wrap space recurs at a near-constant display
//! width (Han 2, ASCII 1) along a paragraph. A space on that grid is a wrap even where
//! the characters around it look like a real gap (`记者 李会`, `2 308.55`); those
//! deletions are `review` edits, since the rule is reading the layout, not the words.

use crate::edit::{Edit, Why};
use crate::passes::{CjkMarks, LineView};
use crate::rules::{CjkLatin, RuleSet};
use crate::text::script::{
    as_halfwidth, class, is_cjk_punct, is_hspace, is_ideograph_like, is_sentence_end, Classes, MISREAD_COMMA,
};
use std::sync::LazyLock;

pub(crate) const CJK: &str = "space.cjk";
pub(crate) const CJK_LATIN: &str = "space.cjk-latin";
pub(crate) const PUNCT: &str = "space.punct";
pub(crate) const WRAP: &str = "space.wrap";
pub(crate) const EDGE: &str = "space.edge";

/// Context handed to keep patterns, in bytes of the compacted line on each side.
const CONTEXT: usize = 48;
/// Sentinel standing for text cut off by the context window, so `^` and `$` mean the
/// real line edges.
const CUT: char = '\u{1}';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Han,
    Punct,
    Latin,
    Digit,
    Sym,
}

/// `at`: the character's offset in the line, for `marks`.
fn class_of(c: char, at: usize, marks: &CjkMarks) -> Class {
    // Full-width letters and digits count as what the width pass makes of them, so
    // the verdict is the same before and after it.
    let c = as_halfwidth(c);
    if is_ideograph_like(c) {
        Class::Han
    } else if is_cjk_punct(c) || (c.is_ascii_punctuation() && marks.contains(at)) {
        Class::Punct
    } else if c.is_ascii_digit() {
        Class::Digit
    } else if c.is_alphabetic() {
        Class::Latin
    } else {
        Class::Sym
    }
}

/// A run of whitespace inside a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    /// Byte range in the line's own offsets.
    start: usize,
    end: usize,
    /// Display column of the run, counting only the non-space text before it.
    col: usize,
    /// Byte offset in the compacted line.
    at: usize,
    /// One ASCII space: the only kind a column wrap leaves.
    single_ascii: bool,
}

impl Run {
    /// Neither at the line's start nor at its end.
    fn interior(&self, line: &str) -> bool {
        self.start > 0 && self.end < line.len()
    }
}

/// The runs of spaces of a line, in order, read as they are asked for: a long line's
/// runs are never held at once.
#[derive(Clone)]
struct Runs<'t> {
    text: &'t str,
    /// Where the walk stands.
    i: usize,
    /// Display column and compacted offset there.
    col: usize,
    at: usize,
}

impl<'t> Runs<'t> {
    fn new(text: &'t str) -> Self {
        Runs { text, i: 0, col: 0, at: 0 }
    }
}

impl Iterator for Runs<'_> {
    type Item = Run;

    fn next(&mut self) -> Option<Run> {
        let classes = Classes::get();
        let rest = &self.text[self.i..];
        let mut run: Option<Run> = None;
        for (k, c) in rest.char_indices() {
            let bits = classes.of(c);
            let i = self.i + k;
            if bits & class::SPACE != 0 {
                match run.as_mut() {
                    Some(r) => {
                        r.end = i + c.len_utf8();
                        r.single_ascii = false;
                    }
                    None => {
                        let r =
                            Run { start: i, end: i + c.len_utf8(), col: self.col, at: self.at, single_ascii: c == ' ' };
                        run = Some(r);
                    }
                }
                continue;
            }
            if let Some(r) = run {
                self.i = i;
                return Some(r);
            }
            self.col += 1 + usize::from(bits & class::WIDE != 0);
            self.at += c.len_utf8();
        }
        self.i = self.text.len();
        run
    }
}

/// The gaps, in display columns, between a space and the spaces around it (the line's
/// start and its wrap-like spaces), as many as [`on_grid`] reads, sorted, 0 for none: a
/// space waiting on the page keeps these few, not its line's every column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Gaps([u32; 4]);

impl Gaps {
    /// The gaps around `col`, one of `cols`.
    fn of(cols: &[usize], col: usize) -> Option<Gaps> {
        let i = cols.binary_search(&col).ok()?;
        let (lo, hi) = (i.saturating_sub(2), (i + 2).min(cols.len() - 1));
        Some(Gaps::around(col, cols[lo..=hi].iter().copied().filter(|&c| c != col)))
    }

    fn around(col: usize, near: impl Iterator<Item = usize>) -> Gaps {
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

/// The columns of a line's single spaces around the one being read, for a line too long
/// to show a grid ([`column_width`]), whose spaces are not held: the two before it
/// (the line's start counting as one) and the two after it, read ahead.
struct Around<'t> {
    before: [usize; 2],
    /// How many of `before` there are (the line's start is the first).
    seen: usize,
    ahead: Runs<'t>,
    next: std::collections::VecDeque<usize>,
}

impl<'t> Around<'t> {
    fn new(text: &'t str) -> Self {
        Around { before: [0; 2], seen: 1, ahead: Runs::new(text), next: std::collections::VecDeque::new() }
    }

    /// A single space at `col` was read.
    fn pass(&mut self, col: usize) {
        self.before = [self.before[1], col];
        self.seen += 1;
    }

    /// The gaps around the single space at `col`, which is the next one to pass.
    fn gaps(&mut self, col: usize) -> Gaps {
        let text = self.ahead.text;
        while self.next.front().is_some_and(|&c| c <= col) {
            self.next.pop_front();
        }
        while self.next.len() < 2 {
            let Some(r) = self.ahead.next() else { break };
            if r.single_ascii && r.interior(text) && r.col > col {
                self.next.push_back(r.col);
            }
        }
        let before = &self.before[2 - self.seen.min(2)..];
        Gaps::around(col, before.iter().chain(self.next.iter()).copied())
    }
}

/// Reusable buffers, so a page costs no allocation per line.
#[derive(Default)]
struct Scratch {
    /// The interior runs of the line, as many as [`Shape::of`] holds.
    runs: Vec<Run>,
    /// The columns of a line that may show a grid: its start, then its single spaces.
    grid_cols: Vec<usize>,
    /// The single spaces of such a line, decided, waiting on its grid.
    decided: Vec<(Run, Option<Edit>, Kept)>,
    /// The keep patterns' context, each side of a space.
    left: String,
    right: String,
    /// The compacted line around the space being read.
    window: String,
}

/// The pass over a page, a line at a time, and what the page says of its columns once
/// every line is read.
#[derive(Default)]
pub(crate) struct Pass {
    s: Scratch,
    page_grid: PageGrid,
}

impl Pass {
    /// The edits of one line, in the line's own offsets (see [`LineView::emit`]);
    /// `marks` are the line's ASCII marks the punctuation pass makes Chinese.
    pub fn line(&mut self, view: &LineView, rules: &RuleSet, marks: &CjkMarks, out: &mut Vec<Edit>) {
        line(view, rules, marks, &mut self.s, &mut self.page_grid, out);
    }

    /// The edits that wait on the whole page, in input offsets: a number split in a line
    /// too short to show a grid of its own is judged by the widths the page's other
    /// paragraphs show.
    pub fn finish(self, out: &mut Vec<Edit>) {
        let PageGrid { widths, pending, gaps } = self.page_grid;
        if widths.0.is_empty() {
            return;
        }
        let on_grid: Vec<bool> = gaps.iter().map(|g| widths.any_on_grid(g)).collect();
        let split = pending.iter().filter(|&(_, gaps)| on_grid[gaps]);
        out.extend(split.map(|(at, _)| Edit::deletion(at, at + 1, SPLIT_NUMBER).review()));
    }
}

/// The deletion of a space in a number that waits on the page's grid.
const SPLIT_NUMBER: &Why = &Why { rule: WRAP, reason: "space at the page's column-wrap width splits a number" };

/// What the whole page says about its columns.
#[derive(Default)]
struct PageGrid {
    /// The column widths the page's paragraphs show.
    widths: Widths,
    /// Spaces inside numbers, in lines without a grid of their own.
    pending: Pending,
    /// The gaps around them, each told once: the spaces of a table or a list of numbers
    /// repeat a few.
    gaps: Vec<Gaps>,
}

impl PageGrid {
    /// The space at `at` (in input offsets, one ASCII space) waits on the page's grid.
    fn wait(&mut self, at: usize, gaps: Gaps) {
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

/// Why an interior space stays, when it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kept {
    /// Deleted by a rule that reads the characters.
    No,
    /// A keep pattern of the rules.
    Pattern,
    /// Between Latin letters, digits or signs: a real space unless the layout says wrap.
    Latin,
    /// A heading's clause gap, or a Chinese–Latin space the rules keep.
    Other,
}

/// What one walk over a line's characters reads: counts the decisions need, the runs at
/// its edges, and its interior runs, held in [`Scratch::runs`] up to [`HELD_RUNS`].
#[derive(Default)]
struct Shape {
    /// Characters other than spaces.
    chars: usize,
    han: usize,
    latin: usize,
    /// Runs of spaces neither at the start nor at the end, and how many of them are a
    /// single ASCII space.
    interior: usize,
    single: usize,
    /// The runs of spaces that start and end the line.
    leading: Option<Run>,
    trailing: Option<Run>,
}

/// The most interior runs of a line [`Shape::of`] holds: a line of more (no page line
/// has them) has its runs read again as they are asked for, so what is held stays
/// this small however long the line.
const HELD_RUNS: usize = 1024;

impl Shape {
    /// The shape of `text`, its first [`HELD_RUNS`] interior runs put in `held`.
    fn of(text: &str, held: &mut Vec<Run>) -> Shape {
        held.clear();
        let mut shape = Shape::default();
        let classes = Classes::get();
        let (mut col, mut at) = (0usize, 0usize);
        // The run of spaces being read, if `open`: kept apart from its flag so the
        // walk's hot step, a character after a character, touches neither.
        let mut open = false;
        let mut run = Run { start: 0, end: 0, col: 0, at: 0, single_ascii: false };
        for (i, c) in text.char_indices() {
            let bits = classes.of(c);
            if bits & class::SPACE != 0 {
                if open {
                    run.end = i + c.len_utf8();
                    run.single_ascii = false;
                } else {
                    run = Run { start: i, end: i + c.len_utf8(), col, at, single_ascii: c == ' ' };
                    open = true;
                }
                continue;
            }
            if open {
                shape.closed(run, held);
                open = false;
            }
            shape.chars += 1;
            shape.han += usize::from(bits & class::IDEOGRAPH_LIKE != 0);
            shape.latin += usize::from(Classes::is_letter(bits, c));
            col += 1 + usize::from(bits & class::WIDE != 0);
            at += c.len_utf8();
        }
        if open {
            // A line of nothing but spaces has one run, at both edges.
            if run.start == 0 {
                shape.leading = Some(run);
            }
            shape.trailing = Some(run);
        }
        shape
    }

    /// A run that a character follows: the leading one, or an interior one.
    fn closed(&mut self, r: Run, held: &mut Vec<Run>) {
        if r.start == 0 {
            self.leading = Some(r);
            return;
        }
        self.interior += 1;
        self.single += usize::from(r.single_ascii);
        if held.len() < HELD_RUNS {
            held.push(r);
        }
    }
}

/// The interior runs of a line, in order: those [`Shape::of`] held, or, for a line of
/// more than it holds, read again as they are asked for.
enum Interior<'h, 't> {
    Held(std::slice::Iter<'h, Run>),
    Read(Runs<'t>),
}

impl<'h, 't> Interior<'h, 't> {
    fn new(text: &'t str, shape: &Shape, held: &'h [Run]) -> Self {
        if held.len() == shape.interior {
            Interior::Held(held.iter())
        } else {
            Interior::Read(Runs::new(text))
        }
    }
}

impl Iterator for Interior<'_, '_> {
    type Item = Run;

    fn next(&mut self) -> Option<Run> {
        match self {
            Interior::Held(runs) => runs.next().copied(),
            Interior::Read(runs) => {
                let text = runs.text;
                runs.find(|r| r.interior(text))
            }
        }
    }
}

/// The fewest and most single spaces of a line whose columns [`column_width`] reads.
const GRID_SPACES: std::ops::RangeInclusive<usize> = 4..=399;

fn line(
    view: &LineView,
    rules: &RuleSet,
    marks: &CjkMarks,
    s: &mut Scratch,
    page_grid: &mut PageGrid,
    out: &mut Vec<Edit>,
) {
    let text: &str = view.text;
    if !has_hspace(text) {
        if rules.cjk_latin == CjkLatin::Add {
            add_cjk_latin(view, marks, out);
        }
        return;
    }
    let shape = Shape::of(text, &mut s.runs);
    if shape.chars == 0 {
        // A line of nothing but spaces.
        out.push(Edit::deletion(0, text.len(), &Why { rule: EDGE, reason: "whitespace-only line" }));
        return;
    }
    if let Some(r) = shape.leading {
        out.push(Edit::deletion(
            r.start,
            r.end,
            &Why { rule: EDGE, reason: "indent or stray space at the line start" },
        ));
    }
    let interior = shape.interior;
    let spaced_out = interior >= 3 && interior * 2 >= shape.chars.saturating_sub(1);
    let heading_like = !spaced_out && interior <= 3 && heading_like(text, shape.chars, rules);
    let han_dominant = shape.han > shape.latin;
    // Read once a line: the patterns' sides need reading as marks only on a line that
    // holds a character OCR reads for one.
    let misread = rules.misread.iter().any(|&(c, _)| text.contains(c));
    // Only a line of a few hundred single spaces at most can show a grid: its single
    // spaces wait, decided, for the grid to be known; any other line's spaces are judged
    // as they are read, and none is held.
    let may_grid = !spaced_out && GRID_SPACES.contains(&shape.single);
    s.decided.clear();
    s.grid_cols.clear();
    s.grid_cols.push(0);
    let mut window = Window::new(text, &shape, &s.runs, &mut s.window);
    let mut around = Around::new(text);
    for r in Interior::new(text, &shape, &s.runs) {
        let ctx = Context { heading_like, spaced_out, misread, left: &mut s.left, right: &mut s.right };
        let (edit, kept) = decide(view, r, rules, marks, ctx, &mut window);
        if !r.single_ascii {
            // Neither a wrap nor a split number: only the characters decide.
            out.extend(edit);
            continue;
        }
        if may_grid {
            s.grid_cols.push(r.col);
            s.decided.push((r, edit, kept));
            continue;
        }
        match kept {
            Kept::No => out.extend(edit),
            Kept::Latin if han_dominant && numeric_pair(view, r, marks) => {
                let gaps = around.gaps(r.col);
                wait_on_page(view, r, gaps, page_grid);
            }
            _ => {}
        }
        around.pass(r.col);
    }
    if may_grid {
        by_grid(view, marks, han_dominant, s, page_grid, out);
    }
    if let Some(r) = shape.trailing {
        out.push(Edit::deletion(r.start, r.end, &Why { rule: EDGE, reason: "trailing whitespace" }));
    }
    if rules.cjk_latin == CjkLatin::Add {
        add_cjk_latin(view, marks, out);
    }
}

/// The single spaces of a line that may show a grid (`s.decided`), once the grid is
/// known: a space on it is a wrap, and a number split in a line without one waits on
/// the page's grid.
fn by_grid(
    view: &LineView,
    marks: &CjkMarks,
    han_dominant: bool,
    s: &mut Scratch,
    page_grid: &mut PageGrid,
    out: &mut Vec<Edit>,
) {
    let grid = line_grid(s);
    if let Some(w) = grid {
        page_grid.widths.add(w);
    }
    for (r, edit, kept) in s.decided.drain(..) {
        let wrap = han_dominant && grid.is_some_and(|w| on_grid(&s.grid_cols, r.col, w));
        match kept {
            Kept::No => out.extend(edit),
            Kept::Pattern | Kept::Latin if wrap => out.push(wrap_edit(r, kept)),
            Kept::Latin if grid.is_none() && han_dominant && numeric_pair(view, r, marks) => {
                // A space of the line is one of its columns: `near` is always found.
                if let Some(gaps) = Gaps::of(&s.grid_cols, r.col) {
                    wait_on_page(view, r, gaps, page_grid);
                }
            }
            _ => {}
        }
    }
}

/// The deletion of the space `r` inside a number, left to the page's grid; none for
/// the space a join puts between two lines, which is the structure stage's.
fn wait_on_page(view: &LineView, r: Run, gaps: Gaps, page_grid: &mut PageGrid) {
    if let Some(at) = view.input_offset(r.start) {
        page_grid.wait(at, gaps);
    }
}

/// A short line without sentence punctuation: its few spaces may be a heading's clause
/// gaps. `chars`: its characters other than spaces.
fn heading_like(text: &str, chars: usize, rules: &RuleSet) -> bool {
    if chars > rules.heading_max_chars {
        return false;
    }
    let last = text.trim_end_matches(is_hspace).chars().next_back().unwrap_or(' ');
    !is_sentence_end(last)
        && last != '.'
        && !matches!(last, '、' | MISREAD_COMMA | '，' | ',')
        && !text.chars().any(|c| matches!(c, '。' | '，' | '；' | ',' | ';'))
}

/// The column width the line's wrap spaces show (`s.grid_cols`), if any. The grid must
/// be shown by spaces already known to be wraps (between Chinese characters), so once
/// those are gone a second run sees no grid and changes nothing more.
fn line_grid(s: &Scratch) -> Option<f64> {
    column_width(&s.grid_cols[1..]).filter(|&w| {
        let sure = |(_, e, _): &&(Run, Option<Edit>, Kept)| e.as_ref().is_some_and(|e| e.rule() == CJK);
        s.decided.iter().filter(sure).filter(|(r, _, _)| on_grid(&s.grid_cols, r.col, w)).take(2).count() == 2
    })
}

/// The deletion of a space the characters would keep, because it stands at the
/// paragraph's column-wrap width.
fn wrap_edit(r: Run, kept: Kept) -> Edit {
    let why = if kept == Kept::Pattern {
        &Why { rule: WRAP, reason: "a real-space pattern, but at the paragraph's column-wrap width" }
    } else {
        &Why { rule: WRAP, reason: "space at the paragraph's column-wrap width splits a number or word" }
    };
    Edit::deletion(r.start, r.end, why).review()
}

/// The classes of the characters on each side of the run.
fn sides(view: &LineView, r: Run, marks: &CjkMarks) -> (Class, Class) {
    let text: &str = view.text;
    let before = text[..r.start].chars().next_back().unwrap_or(' ');
    let after = text[r.end..].chars().next().unwrap_or(' ');
    (class_of(before, r.start - before.len_utf8(), marks), class_of(after, r.end, marks))
}

fn numeric_pair(view: &LineView, r: Run, marks: &CjkMarks) -> bool {
    let (a, b) = sides(view, r, marks);
    matches!(a, Class::Digit | Class::Sym) && matches!(b, Class::Digit | Class::Sym)
}

/// What a line says to each of its spaces, and the buffers the keep patterns read.
struct Context<'b> {
    heading_like: bool,
    spaced_out: bool,
    /// The line holds a character the rules read as a mark (`punct.misread`).
    misread: bool,
    left: &'b mut String,
    right: &'b mut String,
}

/// What the characters around one interior space say: the edit that removes it, or why
/// it stays.
fn decide(
    view: &LineView,
    r: Run,
    rules: &RuleSet,
    marks: &CjkMarks,
    ctx: Context,
    window: &mut Window,
) -> (Option<Edit>, Kept) {
    // A space between two like marks that begin a sequence of the rules (`.` of `...`,
    // `-` of `--`), which the punctuation pass leaves as they are, stays whatever the
    // layout says: closed up, it would make a run that pass read apart, and the next run
    // would make `……` or `——` of it.
    let text: &str = view.text;
    let kept_mark = |at: usize| !marks.contains(at);
    if let (Some(x), Some(y)) = (text[..r.start].chars().next_back(), text[r.end..].chars().next()) {
        if x == y
            && x.is_ascii_punctuation()
            && rules.sequences.iter().any(|(seq, _)| seq.starts_with(x))
            && kept_mark(r.start - 1)
            && kept_mark(r.end)
        {
            return (None, Kept::Other);
        }
    }
    if kept_by_pattern(rules, text, r, window, (ctx.left, ctx.right), ctx.misread) {
        return (None, Kept::Pattern);
    }
    let (heading_like, spaced_out) = (ctx.heading_like, ctx.spaced_out);
    let (a, b) = sides(view, r, marks);
    let clause = || heading_like && clause_gap(view.text, r.start, r.end);
    let edit = match (a, b) {
        (Class::Punct, _) | (_, Class::Punct) => {
            Edit::deletion(r.start, r.end, &Why { rule: PUNCT, reason: "space next to full-width punctuation" })
        }
        (Class::Han, Class::Han) if clause() => return (None, Kept::Other),
        (Class::Han, Class::Han) => Edit::deletion(
            r.start,
            r.end,
            if spaced_out {
                &Why { rule: CJK, reason: "OCR letter-spacing between Chinese characters" }
            } else {
                &Why { rule: CJK, reason: "space inside Chinese text" }
            },
        ),
        (Class::Han, _) | (_, Class::Han)
            if (!r.single_ascii || (a != Class::Digit && b != Class::Digit)) && clause() =>
        {
            return (None, Kept::Other)
        }
        (Class::Han, _) | (_, Class::Han) => match rules.cjk_latin {
            CjkLatin::Remove => Edit::deletion(
                r.start,
                r.end,
                &Why { rule: CJK_LATIN, reason: "space between Chinese and Latin or digits" },
            ),
            CjkLatin::Keep | CjkLatin::Add => return (None, Kept::Other),
        },
        _ => return (None, Kept::Latin),
    };
    (Some(edit), Kept::No)
}

/// Does the line hold any horizontal whitespace? Byte searches first: most lines of a
/// cleaned or traditional page have none.
fn has_hspace(line: &str) -> bool {
    let b = line.as_bytes();
    // The rest of [`is_hspace`] by their bytes: U+00A0 is C2 A0, U+2002–U+200A are
    // E2 80 82–8A, U+202F is E2 80 AF. A lead of E2 is common (quotes, dashes, `…`), so
    // what follows it is looked at, not the line decoded.
    // Built once: `memmem::find` builds its searcher on every call, once a line.
    static IDEOGRAPHIC_SPACE: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("\u{3000}".as_bytes()));
    memchr::memchr2(b' ', b'\t', b).is_some()
        || IDEOGRAPHIC_SPACE.find(b).is_some()
        || memchr::memchr2_iter(0xC2, 0xE2, b).any(|i| match b[i] {
            0xC2 => b.get(i + 1) == Some(&0xA0),
            _ => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x82..=0x8A | 0xAF)),
        })
}

/// A heading's clause gap separates two clauses, each at least this many characters
/// (`张智奎出席并讲话 常晓勇主持`); a shorter side is a name or a word cut by damage.
const CLAUSE: usize = 4;

/// Are the stretches of text on both sides of the gap `start..end` (up to the next
/// space or bracket-like mark) clause-long?
fn clause_gap(line: &str, start: usize, end: usize) -> bool {
    let stop = |c: char| {
        is_hspace(c) || matches!(c, '：' | ':' | '（' | '）' | '(' | ')' | '，' | ',' | '。' | '、' | MISREAD_COMMA)
    };
    // Only words count: a mark changes length as the punctuation pass runs (... → ……).
    let word = |c: &char| !c.is_ascii_punctuation() && !is_cjk_punct(*c);
    let left = line[..start].chars().rev().take_while(|&c| !stop(c)).filter(word).take(CLAUSE).count();
    let right = line[end..].chars().take_while(|&c| !stop(c)).filter(word).take(CLAUSE).count();
    left >= CLAUSE && right >= CLAUSE
}

/// Does a keep pattern claim the interior space `r` of `text`?
fn kept_by_pattern(
    rules: &RuleSet,
    text: &str,
    r: Run,
    window: &mut Window,
    (left, right): (&mut String, &mut String),
    misread: bool,
) -> bool {
    // The edge bytes rule most spaces out before their context is copied. An interior
    // run has a character other than a space on each side, which the compacted line
    // sets beside each other.
    let bytes = text.as_bytes();
    let (last, first) = (r.start.checked_sub(1).map(|i| bytes[i]), bytes.get(r.end).copied());
    let mut may = rules.keep.iter().filter(|k| k.may_keep(last, first)).peekable();
    if may.peek().is_none() {
        return false;
    }
    window.context(r.at, left, right);
    if misread {
        as_marks(rules, left);
        as_marks(rules, right);
    }
    // The sides' edge bytes are `last` and `first`: each pattern's are asked once.
    may.any(|k| k.matches(left, right))
}

/// A side of a space as the patterns see it after the run, the characters the OCR read
/// for marks (`丶`) the marks `punct.misread` makes them: `记者 王伶丶` is no
/// three-character name, and the next run reads `王伶、`.
fn as_marks(rules: &RuleSet, side: &mut String) {
    if rules.misread.iter().any(|&(c, _)| side.contains(c)) {
        let misread = |c: char| rules.misread.iter().find(|m| m.0 == c).map_or(c, |m| m.1);
        *side = side.chars().map(misread).collect();
    }
}

/// The compacted line (the line without its spaces) around the space being read, as the
/// keep patterns see it. Spaces are read in order, so the window slides forward along
/// the line, a stretch dropped behind it now and then: a long line is never copied whole.
struct Window<'t, 'b> {
    text: &'t str,
    /// Where the line's spaces are, when they are known.
    spaces: Spaces<'t>,
    /// Where in `text` the window is read up to.
    read: usize,
    /// The compacted line from its offset `base` to what is read.
    buf: &'b mut String,
    base: usize,
}

/// Where a window finds its line's spaces: the runs [`Shape::of`] held (each interior
/// one, in order, and where the runs at the line's edges end and start), so the text
/// between two is copied at once; or nowhere, for a line of more runs than it holds,
/// whose characters are read one at a time.
enum Spaces<'h> {
    Held { runs: std::slice::Iter<'h, Run>, to: usize },
    Unknown,
}

/// What the window keeps behind it before it drops a stretch.
const BEHIND: usize = 4096;

impl<'t, 'b> Window<'t, 'b> {
    fn new(text: &'t str, shape: &Shape, held: &'t [Run], buf: &'b mut String) -> Self {
        buf.clear();
        let (spaces, read) = if held.len() == shape.interior {
            let to = shape.trailing.map_or(text.len(), |r| r.start);
            (Spaces::Held { runs: held.iter(), to }, shape.leading.map_or(0, |r| r.end))
        } else {
            (Spaces::Unknown, 0)
        };
        Window { text, spaces, read, buf, base: 0 }
    }

    /// The keep patterns' sides of the space at `at` in the compacted line: up to
    /// [`CONTEXT`] bytes of whole characters each side, [`CUT`] where the line goes on
    /// past them.
    fn context(&mut self, at: usize, left: &mut String, right: &mut String) {
        // Read to a byte past the right side: then whether the line goes on is known.
        self.read_to(at + CONTEXT);
        let keep_from = at.saturating_sub(CONTEXT + 4);
        if keep_from > self.base + BEHIND {
            let mut cut = keep_from - self.base;
            while !self.buf.is_char_boundary(cut) {
                cut -= 1;
            }
            self.buf.drain(..cut);
            self.base += cut;
        }
        let (b, base) = (self.buf.as_str(), self.base);
        let mut from = at.saturating_sub(CONTEXT);
        while !b.is_char_boundary(from - base) {
            from += 1;
        }
        left.clear();
        if from > 0 {
            left.push(CUT);
        }
        left.push_str(&b[from - base..at - base]);
        let end = base + b.len();
        let mut to = (at + CONTEXT).min(end);
        while !b.is_char_boundary(to - base) {
            to -= 1;
        }
        right.clear();
        right.push_str(&b[at - base..to - base]);
        if to < end {
            right.push(CUT);
        }
    }

    /// Read the line on until the compacted line is known past its offset `last`, or
    /// to its end.
    fn read_to(&mut self, last: usize) {
        match &mut self.spaces {
            Spaces::Held { runs, to } => {
                while self.base + self.buf.len() <= last && self.read < *to {
                    // The stretch up to the next space, copied as far as it is needed:
                    // a long stretch is not held whole.
                    let stop = runs.as_slice().first().map_or(*to, |r| r.start);
                    let mut cut = (self.read + last + 1 - self.base - self.buf.len()).min(stop);
                    while !self.text.is_char_boundary(cut) {
                        cut += 1;
                    }
                    self.buf.push_str(&self.text[self.read..cut]);
                    self.read = cut;
                    if cut == stop {
                        self.read = runs.next().map_or(*to, |r| r.end);
                    }
                }
            }
            Spaces::Unknown => {
                let classes = Classes::get();
                while self.base + self.buf.len() <= last {
                    let Some(c) = self.text[self.read..].chars().next() else { break };
                    self.read += c.len_utf8();
                    if classes.of(c) & class::SPACE == 0 {
                        self.buf.push(c);
                    }
                }
            }
        }
    }
}

/// The column width at which wrap spaces recur along the line, if the spaces show one:
/// two thirds of the gaps between spaces, and at least four, are whole multiples of
/// the same width.
fn column_width(cols: &[usize]) -> Option<f64> {
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

fn on_grid(cols: &[usize], col: usize, w: f64) -> bool {
    let Ok(i) = cols.binary_search(&col) else { return false };
    let lo = i.saturating_sub(2);
    let hi = (i + 2).min(cols.len() - 1);
    (lo..=hi).filter(|&j| j != i).any(|j| multiple(cols[i].abs_diff(cols[j]), w).is_some())
}

/// `space.cjk_latin = "add"`: a space between Chinese and Latin letters or digits.
fn add_cjk_latin(view: &LineView, marks: &CjkMarks, out: &mut Vec<Edit>) {
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in view.text.char_indices() {
        if let Some((pi, p)) = prev {
            let a = class_of(p, pi, marks);
            let b = class_of(c, i, marks);
            let pair =
                matches!((a, b), (Class::Han, Class::Latin | Class::Digit) | (Class::Latin | Class::Digit, Class::Han));
            if pair {
                out.push(Edit::insertion(
                    i,
                    " ",
                    &Why { rule: CJK_LATIN, reason: "space between Chinese and Latin or digits" },
                ));
            }
        }
        prev = Some((i, c));
    }
}

#[cfg(test)]
mod tests {
    use crate::{EditFilter, Engine};

    /// Lines of spaces of every kind, and of more runs than a line's walk holds.
    fn spaced_lines() -> Vec<String> {
        let pieces = ["记者", " ", "  ", "\u{3000}", "\t", "王五", "2", "a", "。", "\u{a0}", "通讯员"];
        let mut seed = 11u64;
        let mut lines: Vec<String> = (0..400)
            .map(|n| {
                let mut line = String::new();
                for _ in 0..(n % 60) {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    line.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
                }
                line
            })
            .collect();
        let long = "记者 王五 通讯员\u{3000}李明 ".repeat(super::HELD_RUNS);
        lines.extend([long.clone(), format!("  {long}"), format!(" {long}2 308"), "中 ".repeat(super::HELD_RUNS + 1)]);
        lines
    }

    /// The runs a line's walk holds are the runs read again, and the keep patterns'
    /// context copied between them is the context read a character at a time.
    #[test]
    fn held_runs_read_as_the_line_does() {
        use super::{Interior, Runs, Shape, Spaces, Window};
        let (mut held, mut buf, mut by_char) = (Vec::new(), String::new(), String::new());
        let (mut left, mut right, mut left_c, mut right_c) =
            (String::new(), String::new(), String::new(), String::new());
        for text in spaced_lines() {
            let text = text.as_str();
            let shape = Shape::of(text, &mut held);
            let interior: Vec<_> = Runs::new(text).filter(|r| r.interior(text)).collect();
            assert_eq!(Interior::new(text, &shape, &held).collect::<Vec<_>>(), interior, "{text:?}");
            if shape.chars == 0 {
                continue;
            }
            let mut window = Window::new(text, &shape, &held, &mut buf);
            by_char.clear();
            let mut read = Window { text, spaces: Spaces::Unknown, read: 0, buf: &mut by_char, base: 0 };
            for r in &interior {
                window.context(r.at, &mut left, &mut right);
                read.context(r.at, &mut left_c, &mut right_c);
                assert_eq!((&left, &right), (&left_c, &right_c), "{text:?} at {}", r.at);
            }
        }
    }

    /// The pending spaces read back as told, in any order, near and far.
    #[test]
    fn pending_spaces_read_back() {
        let told = [(5, 0), (4, 1), (300, 0), (0, 2), (u32::MAX as usize, 70_000), (7, 3)];
        let mut pending = super::Pending::default();
        for (at, gaps) in told {
            pending.push(at, gaps);
        }
        assert_eq!(pending.iter().collect::<Vec<_>>(), told);
    }

    /// The byte search finds exactly the characters `is_hspace` knows.
    #[test]
    fn has_hspace_by_bytes_is_by_characters() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(super::has_hspace(&format!("中{c}“")), super::is_hspace(c), "{c:?}");
        }
    }

    fn clean(s: &str) -> String {
        Engine::builtin().unwrap().clean(s, &EditFilter::without(crate::structure::FAMILIES)).output
    }

    #[test]
    fn wrap_spaces_in_chinese_go() {
        assert_eq!(
            clean("就加快推进以 人为本的新型城镇化进行专题协商。"),
            "就加快推进以人为本的新型城镇化进行专题协商。"
        );
        assert_eq!(clean("12 月19日，召开2024 年度会议。"), "12月19日，召开2024年度会议。");
        assert_eq!(clean("大连港位居西北　太平洋　中枢，是重要港口。"), "大连港位居西北太平洋中枢，是重要港口。");
    }

    #[test]
    fn tesseract_letter_spacing_goes() {
        assert_eq!(clean("财 联 社 3 月 17 日 电 ， 沪 指 收 涨"), "财联社3月17日电，沪指收涨");
    }

    #[test]
    fn bylines_keep_their_spaces() {
        assert_eq!(clean("本报讯(渝西都市报记者 彭禹乔)12 月19日"), "本报讯（渝西都市报记者 彭禹乔）12月19日");
        assert_eq!(clean("(记者 李明 通讯员 王芳)本报讯"), "（记者 李明 通讯员 王芳）本报讯");
        assert_eq!(clean("本报记者 王五 摄"), "本报记者 王五 摄");
        assert_eq!(
            clean("中广网唐山6月12日消息（记者汤一亮　庄胜春）据报道，"),
            "中广网唐山6月12日消息（记者汤一亮　庄胜春）据报道，"
        );
        // A wrap that splits the role word is damage: only the real gap stays.
        assert_eq!(
            clean("本报讯(渝西都市报记 者 彭禹乔)12月19日下午，"),
            "本报讯（渝西都市报记者 彭禹乔）12月19日下午，"
        );
        // A name followed by more sentence is not a byline.
        assert_eq!(clean("在销毁现场，记者 看到了被追缴的枪支。"), "在销毁现场，记者看到了被追缴的枪支。");
    }

    #[test]
    fn dateline_gap_stays_only_at_paragraph_start() {
        assert_eq!(clean("中新网6月1日电　据国家食药监局消息，"), "中新网6月1日电　据国家食药监局消息，");
        assert_eq!(clean("羊城晚报讯　记者郑诚报道，"), "羊城晚报讯　记者郑诚报道，");
        assert_eq!(clean("油价并宣布10日电　价缓涨，否则"), "油价并宣布10日电价缓涨，否则");
    }

    #[test]
    fn heading_clause_gaps_stay() {
        assert_eq!(clean("张智奎出席并讲话 常晓勇主持"), "张智奎出席并讲话 常晓勇主持");
        assert_eq!(clean("美国大肠杆菌6州扩散　1名儿童死亡"), "美国大肠杆菌6州扩散　1名儿童死亡");
        // Short lines whose sides are names or fragments are not headings.
        assert_eq!(clean("新华社发(张春雷　摄)"), "新华社发（张春雷摄）");
        assert_eq!(clean("外人亦反對跳 舞、奇矣、"), "外人亦反對跳舞、奇矣、");
    }

    #[test]
    fn latin_numbers_and_times_stay() {
        assert_eq!(clean("2023-03-17 20:52 发布"), "2023-03-17 20:52发布");
        assert_eq!(clean("他在New York Times发表文章"), "他在New York Times发表文章");
        assert_eq!(clean("Hello world, this is English."), "Hello world, this is English.");
    }

    #[test]
    fn column_grid_catches_split_numbers() {
        let line = "沪深两市昨日小幅震荡 截至收盘上证指数报2 308.55点深证成指报 9876.54点两市成交额 较前一交易日略有放大 市场情绪趋于稳定";
        assert_eq!(clean(line), "沪深两市昨日小幅震荡截至收盘上证指数报2308.55点深证成指报9876.54点两市成交额较前一交易日略有放大市场情绪趋于稳定");
        // Three spaces are no grid: a byline among them stays.
        assert_eq!(
            clean("本报讯(记者 彭禹乔)12 月19日,会议在江津区 召开。"),
            "本报讯（记者 彭禹乔）12月19日，会议在江津区召开。"
        );
    }

    #[test]
    fn edges_and_blank_lines() {
        assert_eq!(clean("  区领导参加会议。 \n下一段 "), "区领导参加会议。\n下一段");
        // A whitespace-only line: its spaces go; with the structure stage on, the whole
        // gap is laid out by it instead (two paragraphs alone: the page opens on the
        // blank line that marks the layout).
        assert_eq!(clean("甲。\n \n乙。"), "甲。\n\n乙。");
        let full = Engine::builtin().unwrap().clean("甲。\n \n乙。", &EditFilter::default()).output;
        assert_eq!(full, "\n甲。\n乙。\n");
    }

    #[test]
    fn whole_multiples_are_the_multiples_of_the_width_as_a_float() {
        for w in super::MIN_COLUMN..200 {
            for d in 0..1000 {
                assert_eq!(super::whole_multiple(d, w), super::multiple(d, w as f64), "{d} / {w}");
            }
        }
    }

    #[test]
    fn column_width_needs_evidence() {
        assert_eq!(super::column_width(&[20, 39, 57, 76, 96]).map(|w| w.round()), Some(19.0));
        assert_eq!(super::column_width(&[11, 20, 39]), None);
        assert_eq!(super::column_width(&[5, 9, 14, 18, 23]), None);
    }
}
