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

mod grid;
use grid::{column_width, on_grid, Gaps, PageGrid};

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
        let split = self.page_grid.on_its_grid();
        out.extend(split.into_iter().map(|at| Edit::deletion(at, at + 1, SPLIT_NUMBER).review()));
    }
}

/// The deletion of a space in a number that waits on the page's grid.
const SPLIT_NUMBER: &Why = &Why { rule: WRAP, reason: "space at the page's column-wrap width splits a number" };

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
        page_grid.add_width(w);
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

/// Does the edit close a gap inside a line as OCR or extraction damage: a deletion by
/// the rules that read a space between Chinese, punctuation, Latin and digits, or on a
/// column's wrap grid? Where the text's spaces are printed (a PDF's), none is.
pub(crate) fn closes_gap(e: &Edit) -> bool {
    e.replacement().is_empty() && [CJK, PUNCT, CJK_LATIN, WRAP].contains(&e.rule())
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
mod tests;
