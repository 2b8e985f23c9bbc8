//! Punctuation: in Chinese context the ASCII marks , ; : ? ! ( ) become ，；：？！（）,
//! straight quotes become paired “” ‘’ (pairing carries across the lines of a paragraph),
//! `...` becomes `……` and `--` becomes `——` (and a heading's opening `一一`, the OCR's
//! reading of a subtitle's dash pair). Latin and number contexts keep their marks:
//! 3.14, 10:30, 1,000, English phrases, URLs and e-mail addresses.

use crate::edit::{Edit, Why};
use crate::passes::LineView;
use crate::rules::RuleSet;
use crate::text::script::{as_halfwidth, class, is_cjk_punct, is_hspace, is_ideograph_like, Classes, MISREAD_COMMA};
use std::cell::OnceCell;
use std::ops::Range;

pub const WIDTH: &str = "punct.width";
pub(crate) const QUOTE: &str = "punct.quote";
pub(crate) const QUOTE_DIRECTION: &str = "punct.quote-direction";
pub(crate) const ELLIPSIS: &str = "punct.ellipsis";
pub(crate) const DASH: &str = "punct.dash";
pub(crate) const SEQUENCE: &str = "punct.sequence";
pub(crate) const MISREAD: &str = "punct.misread";

/// The dash pair that opens a subtitle (`——吴高亮开始挖掘`), which Tesseract and
/// RapidOCR read as `一一`, in each heading of `heads` (byte spans of the page): a
/// heading's words never open on `一一`, as a line of text may (`…将` ⏎ `一一核实`). A
/// lone `一` may open a heading's words (`一名儿童死亡`), and stays.
pub(crate) fn subtitle_dashes(text: &str, heads: impl Iterator<Item = std::ops::Range<usize>>, out: &mut Vec<Edit>) {
    const WHY: Why = Why { rule: MISREAD, reason: "the dash pair opening a subtitle, read by the OCR as 一一" };
    for span in heads {
        let Some(head) = text.get(span.clone()) else { continue };
        let words = head.trim_start_matches(is_hspace);
        let at = span.start + head.len() - words.len();
        let mut chars = words.chars();
        let (a, b, c) = (chars.next(), chars.next(), chars.next());
        if a == Some('一')
            && b == Some('一')
            && c.is_some_and(|c| c != '一' && (is_ideograph_like(c) || c.is_alphanumeric()))
        {
            out.push(Edit::replace(at, at + "一一".len(), "——", &WHY).review());
        }
    }
}

/// The full-width percent sign `％` that Chinese type sets after a figure, which OCR
/// engines read as `%` (Tesseract and RapidOCR write no `％`): in Chinese context, after
/// a digit, it is `％` again, flagged for review (a page set in `%` is the rare one;
/// rejecting the edit keeps it). Only for a page an OCR engine read: a text file's `%`
/// is the character its writer typed. An edit already on the mark wins.
pub(crate) fn ocr_percents(text: &str, out: &mut Vec<Edit>) {
    const WHY: Why = Why { rule: MISREAD, reason: "the full-width ％ of Chinese type, read by the OCR as %" };
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let chinese = |c: Option<char>| c.is_some_and(|c| is_ideograph_like(c) || is_cjk_punct(c));
    let proposed = out.len();
    for (i, _) in text.match_indices('%') {
        let before = text[..i].trim_end_matches(is_hspace);
        if !before.chars().next_back().is_some_and(digit) {
            continue;
        }
        let number = before.trim_end_matches(|c: char| digit(c) || matches!(c, '.' | '．' | ','));
        // Past line breaks too: a figure may stand at a line's start or end.
        let prev = number.trim_end_matches(char::is_whitespace).chars().next_back();
        let next = text[i + 1..].trim_start_matches(char::is_whitespace).chars().next();
        if prev.is_some_and(|c| c.is_ascii_alphabetic()) || !(chinese(prev) || chinese(next)) {
            continue;
        }
        if out[..proposed].iter().any(|e| (e.start() <= i && e.end() > i) || (e.start() == i && e.end() == i)) {
            continue;
        }
        out.push(Edit::replace(i, i + 1, "％", &WHY).review());
    }
}

/// The pause mark set in the upper right of a vertical column's cell, read by the OCR
/// as another mark (`rules.cell_misread`: Tesseract's chi_tra_vert reads `、` there as
/// `“` or `~`, a Hong Kong page's `，` as `’`): right after a character, inside the
/// spans `upright` of the page read from vertical columns, the mark becomes the pause
/// mark those columns hold most, `、` or `，`; a mark read for the full stop there
/// (`rules.cell_period`, `.`) becomes `。`, or the pause mark on a page whose columns
/// hold no `。`. Vertical type sets its quotes as `「」`,
/// so a curly quote there is no quote. Flagged for review; the edit wins over any other
/// on the mark.
pub(crate) fn cell_misreads(text: &str, upright: &[Range<usize>], rules: &RuleSet, out: &mut Vec<Edit>) {
    const WHY: Why =
        Why { rule: MISREAD, reason: "the pause mark in the upper right of a vertical column's cell, misread" };
    if upright.is_empty() || (rules.cell_misread.is_empty() && rules.cell_period.is_empty()) {
        return;
    }
    let spans = || upright.iter().filter_map(|s| text.get(s.clone()).map(|t| (s.start, t)));
    let (mut enum_commas, mut commas, mut stops) = (0usize, 0usize, 0usize);
    for (_, t) in spans() {
        enum_commas += t.matches('、').count();
        commas += t.matches(['，', ',']).count();
        stops += t.matches('。').count();
    }
    let pause = if enum_commas >= commas { "、" } else { "，" };
    let stop = if stops > 0 { "。" } else { pause };
    let mut found: Vec<(Range<usize>, &str)> = Vec::new();
    for (start, t) in spans() {
        // A column goes on from the one before it: a mark may open a column.
        let mut prev = text[..start].chars().next_back();
        for (i, c) in t.char_indices() {
            let at = start + i..start + i + c.len_utf8();
            if prev.is_some_and(is_ideograph_like) {
                if rules.cell_misread.binary_search(&c).is_ok() {
                    found.push((at, pause));
                } else if rules.cell_period.binary_search(&c).is_ok()
                    && !text[at.end..].starts_with(|c: char| c.is_ascii_digit())
                {
                    found.push((at, stop));
                }
            }
            prev = Some(c);
        }
    }
    if found.is_empty() {
        return;
    }
    found.sort_unstable_by_key(|(r, _)| r.start);
    let on_mark = |e: &Edit| {
        let k = found.partition_point(|(r, _)| r.end <= e.start());
        found.get(k).is_some_and(|(r, _)| r.start < e.end().max(e.start() + 1))
    };
    out.retain(|e| !on_mark(e));
    out.extend(found.into_iter().map(|(r, to)| Edit::replace(r.start, r.end, to, &WHY).review()));
}

/// What lies on one side of a mark, looking past spaces and other marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Cjk,
    Latin,
    Edge,
}

/// Context is read from words, not from other punctuation: spaces and marks of either
/// width are looked past, so converting one mark never changes the verdict on its
/// neighbour.
const SKIPPED: u16 = class::SPACE | class::ASCII_MARK | class::CJK_PUNCT;

/// The side a word puts a mark on: Chinese if it is once the width pass is done.
fn side(bits: u16) -> Side {
    if bits & class::CJK_AS_HALF != 0 {
        Side::Cjk
    } else {
        Side::Latin
    }
}

/// A word (not looked past) on the Chinese side.
fn chinese_word(bits: u16) -> bool {
    bits & SKIPPED == 0 && side(bits) == Side::Cjk
}

/// The words beside the marks of a line, read from each mark outwards as the marks are
/// met in order (most marks stand beside a word, so a long line is not read whole).
/// Linear all the same: each stretch between two marks is read at most once from each
/// end, so a line of nothing but marks costs no more than any other, and nothing is
/// held per mark. What needs more of the line (the dominant script, the Chinese words
/// between two brackets) is read once, when asked.
struct Sides<'l> {
    line: &'l str,
    /// The word before `before_at`, and that it was read up to there.
    before_at: usize,
    before: Side,
    /// From `after_from` on, the first word starts at `after_at` (the line's end for
    /// none) and is on side `after`.
    after_from: usize,
    after_at: usize,
    after: Side,
    /// The last Chinese word before `cjk_at`, read up to there.
    cjk_at: usize,
    last_cjk: Option<usize>,
}

impl<'l> Sides<'l> {
    fn new(line: &'l str) -> Self {
        Sides {
            line,
            before_at: 0,
            before: Side::Edge,
            after_from: 0,
            after_at: 0,
            after: Side::Edge,
            cjk_at: 0,
            last_cjk: None,
        }
    }

    /// The word before the mark at `at`. Asked in order of `at`.
    fn before(&mut self, at: usize) -> Side {
        let classes = Classes::get();
        let word = |c: char| Some(classes.of(c)).filter(|bits| bits & SKIPPED == 0).map(side);
        if at < self.before_at {
            // Not asked so by the pass; read back to a word, the line's start at worst.
            return self.line[..at].chars().rev().find_map(word).unwrap_or(Side::Edge);
        }
        if let Some(s) = self.line[self.before_at..at].chars().rev().find_map(word) {
            self.before = s;
        }
        self.before_at = at;
        self.before
    }

    /// The word after the mark at `at`. Asked in order of `at`.
    fn after(&mut self, at: usize) -> Side {
        let from = at + 1;
        if from < self.after_from {
            // Back inside a stretch already read (the marks of a run): a word there is
            // the first, else the one found past it.
            let classes = Classes::get();
            let word = |c: char| Some(classes.of(c)).filter(|bits| bits & SKIPPED == 0).map(side);
            return self.line[from..self.after_from].chars().find_map(word).unwrap_or(self.after);
        }
        // Nothing read yet, or past the word found: read on to the next.
        if self.after_from == 0 || from > self.after_at {
            let classes = Classes::get();
            let found = self.line[from..]
                .char_indices()
                .find_map(|(k, c)| Some(classes.of(c)).filter(|bits| bits & SKIPPED == 0).map(|b| (from + k, side(b))));
            (self.after_at, self.after) = found.unwrap_or((self.line.len(), Side::Edge));
        }
        self.after_from = from;
        self.after
    }

    /// Does a Chinese word lie between `open` and `close`? Asked in order of `close`:
    /// the line is read once, up to the last `close` asked, and only as far as a line
    /// needs it (most brackets stand beside a Chinese word).
    fn cjk_between(&mut self, open: usize, close: usize) -> bool {
        if close > self.cjk_at {
            let classes = Classes::get();
            let stretch = &self.line[self.cjk_at..close];
            let found = stretch.char_indices().rev().find(|&(_, c)| chinese_word(classes.of(c)));
            if let Some((k, _)) = found {
                self.last_cjk = Some(self.cjk_at + k);
            }
            self.cjk_at = close;
        }
        if close < self.cjk_at {
            // Not asked so by the pass: read the stretch itself.
            let classes = Classes::get();
            return self.line[open..close].chars().any(|c| chinese_word(classes.of(c)));
        }
        self.last_cjk.is_some_and(|k| k > open)
    }
}

/// More Chinese words than Latin letters in `line`, read once a line when a mark at the
/// edge of its words asks.
struct Dominant<'l> {
    line: &'l str,
    verdict: OnceCell<bool>,
}

impl<'l> Dominant<'l> {
    fn new(line: &'l str) -> Self {
        Dominant { line, verdict: OnceCell::new() }
    }

    fn get(&self) -> bool {
        *self.verdict.get_or_init(|| {
            let classes = Classes::get();
            let (mut cjk, mut latin) = (0usize, 0usize);
            for c in self.line.chars() {
                let bits = classes.of(c);
                // Words only count: punctuation changes width as the pass runs.
                latin += usize::from(Classes::is_letter(bits, c));
                cjk += usize::from(chinese_word(bits));
            }
            cjk > latin
        })
    }
}

/// The offsets of the ASCII punctuation of `line`, in order: every mark this pass reads,
/// straight quotes included. Blocks are tested without an early exit, so the test runs
/// many bytes at a time.
fn ascii_marks(line: &str) -> impl Iterator<Item = usize> + '_ {
    line.as_bytes().chunks(32).enumerate().flat_map(|(k, block)| {
        let any = block.iter().fold(false, |a, b| a | b.is_ascii_punctuation());
        let hits = block.iter().enumerate().filter(|(_, b)| b.is_ascii_punctuation()).map(move |(j, _)| k * 32 + j);
        hits.take(if any { 32 } else { 0 })
    })
}

fn chinese_context(before: Side, after: Side, dominant: impl FnOnce() -> bool) -> bool {
    match (before, after) {
        (Side::Cjk, _) | (_, Side::Cjk) => true,
        (Side::Latin, Side::Latin) => false,
        _ => before != Side::Latin && dominant(),
    }
}

/// Is the comma at `at` (between digits) a thousands separator: three digits after it,
/// and no decimal point in the number before it? Digits past a space after the three
/// count as more: the space pass may join a number split on a column grid
/// (`1,235 2351` → `1,2352351`), and the output must read as the input did. So does a
/// point past a space before it, full-width or not (`．  3,334` is `.3,334` once the
/// width and space passes are done). `number`: what the line's earlier commas read of
/// the number before them.
fn thousands_separator(line: &str, at: usize, number: &mut NumberBefore) -> bool {
    let digit = |c: &char| as_halfwidth(*c).is_ascii_digit();
    let mut after = line[at + 1..].chars();
    let three =
        after.by_ref().take(3).filter(digit).count() == 3 && after.find(|&c| !is_hspace(c)).is_none_or(|c| !digit(&c));
    three && !number.point_before(line, at)
}

/// The number (digits, points and commas, spaces looked past) that ends at a comma, read
/// back from the comma only as far as the last comma asked: `1,000,000,…` is read once,
/// not once a comma.
#[derive(Default)]
struct NumberBefore {
    /// Read up to here: the number ending here holds a point, if `point`.
    to: usize,
    point: bool,
}

impl NumberBefore {
    /// Does the number ending at `at` hold a decimal point? Asked in order of `at`.
    fn point_before(&mut self, line: &str, at: usize) -> bool {
        let from = if at >= self.to { self.to } else { 0 };
        let mut point = false;
        for c in line[from..at].chars().rev() {
            if is_hspace(c) {
                continue;
            }
            let c = if c == '．' { '.' } else { as_halfwidth(c) };
            if !(c.is_ascii_digit() || c == '.' || c == ',') {
                // The number starts after `c`: what lies before it does not count.
                (self.to, self.point) = (at, point);
                return point;
            }
            point |= c == '.';
        }
        // The number goes on before `from`: what was read of it there counts too.
        point |= from > 0 && self.point;
        (self.to, self.point) = (at, point);
        point
    }
}

fn prev_char(line: &str, at: usize) -> Option<char> {
    line[..at].chars().next_back().map(as_halfwidth)
}

fn next_char(line: &str, at: usize) -> Option<char> {
    line[at..].chars().next().map(as_halfwidth)
}

/// The pass over a page, a line at a time.
#[derive(Default)]
pub(crate) struct Pass {
    /// The brackets of a line still open, kept from line to line.
    open: Vec<Open>,
}

impl Pass {
    /// The edits of one line, in the line's own offsets (see [`LineView::emit`]).
    pub fn line(&mut self, view: &LineView, rules: &RuleSet, out: &mut Vec<Edit>) {
        let line: &str = view.text;
        let from = out.len();
        if ascii_marks(line).next().is_some() {
            let dominant = Dominant::new(line);
            marks_in_line(line, rules, &dominant, &mut self.open, out);
            quotes_in_line(line, &dominant, out);
        }
        if let Some(e) = closing_quote_misread(line, &out[from..]) {
            out.push(e);
        }
        misread_marks(line, rules, out);
    }
}

/// Characters an OCR engine reads for a Chinese mark (PaddleOCR and RapidOCR write the
/// radical `丶` for `、`), in Chinese text: beside a Chinese word, past spaces, marks of
/// either width and other misreads (`(丶`: the `(` this pass makes `（` must not change
/// the verdict of the next run). Running text never uses the radical; a dictionary's
/// `丶部` between Latin words would stay.
fn misread_marks(line: &str, rules: &RuleSet, out: &mut Vec<Edit>) {
    let skipped =
        |c: char| is_hspace(c) || c.is_ascii_punctuation() || is_cjk_punct(c) || rules.misread.iter().any(|m| m.0 == c);
    for &(c, to) in &rules.misread {
        for (at, _) in line.match_indices(c) {
            let end = at + c.len_utf8();
            let before = line[..at].chars().rev().find(|&c| !skipped(c));
            let after = line[end..].chars().find(|&c| !skipped(c));
            if before.is_some_and(is_ideograph_like) || after.is_some_and(is_ideograph_like) {
                let why = &Why { rule: MISREAD, reason: "a character OCR reads for a Chinese mark" };
                out.push(Edit::replace(at, end, to.encode_utf8(&mut [0; 4]), why));
            }
        }
    }
}

/// OCR reads a closing quote as an opening one: `…说！“` ending a paragraph whose
/// quotes are left open. The quote after the sentence's end closes it, as a review edit.
/// `edits`: the pass's other edits of the line; the quotes are counted as they leave
/// them (`"` made `“` or `”`), as the next run counts them.
fn closing_quote_misread(line: &str, edits: &[Edit]) -> Option<Edit> {
    let t = line.trim_end_matches(crate::text::script::is_hspace);
    let at = t.strip_suffix('“')?.len();
    // Read past spaces: the space pass may take them away (`说！ “` → `说！“`), and the
    // output must read as the input did.
    let before = t[..at].trim_end_matches(crate::text::script::is_hspace).chars().next_back()?;
    // `.` too: the ellipsis and width passes make `...` `……` and a full stop `。`.
    if !matches!(before, '。' | '！' | '？' | '!' | '?' | '…' | '.' | '．') {
        return None;
    }
    let quotes = |s: &str| s.chars().map(|c| isize::from(c == '“') - isize::from(c == '”')).sum::<isize>();
    let open = quotes(t) + edits.iter().map(|e| quotes(e.replacement()) - quotes(&line[e.range()])).sum::<isize>();
    (open > 0).then(|| {
        Edit::replace(
            at,
            at + '“'.len_utf8(),
            "”",
            &Why {
                rule: QUOTE_DIRECTION,
                reason: "an opening quote after the last sentence of its paragraph closes it",
            },
        )
        .review()
    })
}

/// A bracket of a line still open: where it is, and the words beside it, which decide it
/// if it is never closed.
#[derive(Debug, Clone, Copy)]
struct Open {
    at: u32,
    before: Side,
    after: Side,
}

/// The ASCII marks and runs of `line`, as edits in the line's own offsets. `open`: a
/// buffer for the brackets still open.
fn marks_in_line(line: &str, rules: &RuleSet, dominant: &Dominant, open: &mut Vec<Open>, out: &mut Vec<Edit>) {
    let dominant = || dominant.get();
    let bytes = line.as_bytes();
    let mut m = Sides::new(line);
    let mut number = NumberBefore::default();
    // Brackets convert as pairs: `(12日)` and `f(x)` each stay consistent. A pair is
    // decided at its close, a bracket never closed at the line's end.
    open.clear();
    // A run converted whole is passed over.
    let mut next = 0;
    for i in ascii_marks(line) {
        if i < next {
            continue;
        }
        let b = bytes[i];
        if let Some((seq, to)) = rules.sequences.iter().find(|(s, _)| line[i..].starts_with(s.as_str())) {
            // A longer run of the same mark (`----`) is a rule line, not a dash.
            let run_end = i + seq.len();
            let longer = bytes.get(run_end) == Some(&seq.as_bytes()[0]) || (i > 0 && bytes[i - 1] == seq.as_bytes()[0]);
            if !longer && chinese_context(m.before(i), m.after(run_end - 1), dominant) {
                let why = if to.chars().all(|c| c == '…') {
                    &Why { rule: ELLIPSIS, reason: "ASCII run in Chinese text" }
                } else if to.chars().all(|c| c == '—') {
                    &Why { rule: DASH, reason: "ASCII run in Chinese text" }
                } else {
                    &Why { rule: SEQUENCE, reason: "ASCII run in Chinese text" }
                };
                out.push(Edit::replace(i, run_end, to, why));
                next = run_end;
                continue;
            }
        }
        let c = b as char;
        match c {
            '(' => open.push(Open { at: i as u32, before: m.before(i), after: m.after(i) }),
            ')' => {
                let (before, after) = (m.before(i), m.after(i));
                match open.pop() {
                    Some(o) => {
                        let at = o.at as usize;
                        if o.before == Side::Cjk || after == Side::Cjk || m.cjk_between(at, i) {
                            brackets(rules, Some(at), Some(i), out);
                        }
                    }
                    None if chinese_context(before, after, dominant) => brackets(rules, None, Some(i), out),
                    None => {}
                }
            }
            _ => {
                if let Some(to) = rules.marks.get(&c) {
                    if mark_is_chinese(line, i, c, &mut m, &mut number, dominant) {
                        out.push(Edit::replace(
                            i,
                            i + 1,
                            to,
                            &Why { rule: WIDTH, reason: "ASCII mark in Chinese text" },
                        ));
                    }
                }
            }
        }
    }
    for o in open.drain(..) {
        if chinese_context(o.before, o.after, dominant) {
            brackets(rules, Some(o.at as usize), None, out);
        }
    }
}

/// Is the ASCII mark `c` at `i` (not a bracket) Chinese punctuation in its context?
fn mark_is_chinese(
    line: &str,
    i: usize,
    c: char,
    m: &mut Sides,
    number: &mut NumberBefore,
    dominant: impl FnOnce() -> bool,
) -> bool {
    // Read past spaces: the space pass may close `3, 2` up, and the output must read as
    // the input did.
    let (left, right) = (line[..i].trim_end_matches(is_hspace), line[i + 1..].trim_start_matches(is_hspace));
    let between_digits = prev_char(left, left.len()).is_some_and(|p| p.is_ascii_digit())
        && next_char(right, 0).is_some_and(|n| n.is_ascii_digit());
    // Between digits only a time (10:30) or a thousands separator (1,000) is Latin;
    // `4.20,0.03` is a list, Chinese when the line is.
    let latin_number = between_digits && (c != ',' || thousands_separator(line, i, number));
    let url = c == ':' && line[i + 1..].starts_with("//");
    let (before, after) = (m.before(i), m.after(i));
    let chinese = if between_digits && !latin_number {
        dominant()
    } else if matches!(c, '?' | '!') {
        // ? and ! close what precedes them: the left side decides.
        before == Side::Cjk || (before == Side::Edge && after == Side::Cjk)
    } else {
        chinese_context(before, after, dominant)
    };
    chinese && !latin_number && !url
}

/// The edits of a bracket pair in Chinese context, or of a bracket alone; none when the
/// rules convert neither bracket.
fn brackets(rules: &RuleSet, open: Option<usize>, close: Option<usize>, out: &mut Vec<Edit>) {
    let (Some(to_open), Some(to_close)) = (rules.marks.get(&'('), rules.marks.get(&')')) else { return };
    if let Some(o) = open {
        out.push(Edit::replace(o, o + 1, to_open, &Why { rule: WIDTH, reason: "ASCII bracket in Chinese text" }));
    }
    if let Some(c) = close {
        out.push(Edit::replace(c, c + 1, to_close, &Why { rule: WIDTH, reason: "ASCII bracket in Chinese text" }));
    }
}

/// What the neighbours of a straight quote at `at` say: `Some(true)` it opens,
/// `Some(false)` it closes, `None` only the pairing can tell.
fn hint(text: &str, at: usize) -> Option<bool> {
    let prev = text[..at].chars().next_back().filter(|&c| c != '\n');
    // Spaces ending the line are the space pass's to remove: the quote ends the line.
    let rest = &text[at + 1..];
    let next = rest.chars().next().filter(|&c| c != '\n' && !rest.chars().all(is_hspace));
    // Punctuation that never follows an opening quote, or a sentence end before it.
    let closes_next = |c: char| {
        matches!(
            c,
            '，' | '。'
                | '、'
                | MISREAD_COMMA
                | '；'
                | '：'
                | '！'
                | '？'
                | '）'
                | ','
                | '.'
                | ';'
                | ':'
                | '!'
                | '?'
                | ')'
        )
    };
    let opens_prev = |c: char| matches!(c, '：' | ':' | '（' | '(' | '《' | '【' | '—');
    match (prev, next) {
        // At a line end after a word the paragraph may go on past a page break.
        (Some(p), None) if p.is_alphanumeric() => None,
        (_, None) => Some(false),
        (_, Some(n)) if closes_next(n) => Some(false),
        (None, _) => Some(true),
        (Some(p), _) if opens_prev(p) || is_hspace(p) => Some(true),
        _ => None,
    }
}

/// A quote mark in Chinese context: its offset, the mark, and for a straight one what
/// its neighbours say ([`hint`]).
struct Quote {
    at: usize,
    c: char,
    hint: Option<bool>,
}

/// The quote marks of one kind in Chinese context, in order: the straight ones a Chinese
/// word stands beside, and every curly one.
fn chinese_quotes<'l>(
    line: &'l str,
    (straight, open_c, close_c): (char, char, char),
    dominant: &'l Dominant,
) -> impl Iterator<Item = Quote> + 'l {
    let mut m = Sides::new(line);
    // The curly quotes are E2 80 98 to E2 80 9D: only those leads need decoding.
    let found = memchr::memchr2_iter(straight as u8, 0xE2, line.as_bytes());
    found.filter_map(move |i| {
        let c = line[i..].chars().next()?;
        if c == straight {
            let p = prev_char(line, i);
            let n = next_char(line, i + 1);
            // An apostrophe inside a Latin word (don't, 80's) is not a quote.
            if straight == '\''
                && p.is_some_and(|p| p.is_ascii_alphanumeric())
                && n.is_some_and(|n| n.is_ascii_alphabetic())
            {
                return None;
            }
            let chinese = chinese_context(m.before(i), m.after(i), || dominant.get());
            chinese.then(|| Quote { at: i, c, hint: hint(line, i) })
        } else if c == open_c || c == close_c {
            Some(Quote { at: i, c, hint: None })
        } else {
            None
        }
    })
}

/// Pair the straight quotes of one paragraph, as edits in the line's own offsets. The
/// quotes are read twice, not held: once for their count, once to pair them.
fn quotes_in_line(line: &str, dominant: &Dominant, out: &mut Vec<Edit>) {
    for kind @ (straight, open_c, close_c) in [('"', '“', '”'), ('\'', '‘', '’')] {
        // Most paragraphs hold no straight quote: one byte search settles them.
        if memchr::memchr(straight as u8, line.as_bytes()).is_none() {
            continue;
        }
        let (mut count, mut straight_ones) = (0usize, 0usize);
        for q in chinese_quotes(line, kind, dominant) {
            count += 1;
            straight_ones += usize::from(q.c == straight);
        }
        if straight_ones == 0 {
            continue;
        }
        // An odd count means a mark is missing or extra: the pairing is a guess.
        let balanced = count % 2 == 0;
        let mut qs = chinese_quotes(line, kind, dominant).peekable();
        let mut open = false;
        while let Some(q) = qs.next() {
            if q.c == open_c {
                open = true;
                continue;
            }
            if q.c == close_c {
                open = false;
                continue;
            }
            // Unhinted: the next mark's hint decides before the running parity does,
            // so one missing mark earlier in the paragraph does not flip the rest.
            let next_hint = qs.peek().and_then(|n| {
                if n.c == open_c {
                    Some(true)
                } else if n.c == close_c {
                    Some(false)
                } else {
                    n.hint
                }
            });
            let (opens, hinted) = match (q.hint, next_hint) {
                (Some(h), _) => (h, true),
                (None, Some(next_opens)) => (!next_opens, true),
                (None, None) => (!open, false),
            };
            // A hint that contradicts the pairing means a mark is missing somewhere.
            let sure = balanced && (!hinted || opens != open);
            open = opens;
            let mut e = Edit::replace(
                q.at,
                q.at + 1,
                if opens { open_c } else { close_c }.encode_utf8(&mut [0; 4]),
                if sure {
                    &Why { rule: QUOTE, reason: "straight quote in Chinese text, paired" }
                } else {
                    &Why { rule: QUOTE, reason: "straight quote, pairing unsure" }
                },
            );
            if !sure {
                e = e.review();
            }
            out.push(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ascii_marks, class, Classes, Dominant, Side, Sides, SKIPPED};
    use crate::{EditFilter, Engine};

    #[test]
    fn square_brackets_in_chinese_are_full_width() {
        assert_eq!(clean("自然灾害之一…[滚动][图集]\n"), "自然灾害之一…［滚动］［图集］\n");
        assert_eq!(clean("研究表明[1]，这一结论成立。\n"), "研究表明［1］，这一结论成立。\n");
        assert_eq!(clean("see [1] and [2] refs\n"), "see [1] and [2] refs\n");
    }

    #[test]
    fn an_ocr_percent_after_a_figure_in_chinese_is_full_width() {
        let percents = |t: &str| {
            let mut out = Vec::new();
            super::ocr_percents(t, &mut out);
            crate::edit::apply(t, out.iter())
        };
        assert_eq!(percents("同比增长3.2%，高于去年"), "同比增长3.2％，高于去年");
        assert_eq!(percents("降至19.5% 和13.8%"), "降至19.5％ 和13.8％");
        assert_eq!(percents("比重达到 45 %以上"), "比重达到 45 ％以上");
        // Latin context, and a mark after no figure, stay.
        assert_eq!(percents("CPI 2.1% year on year"), "CPI 2.1% year on year");
        assert_eq!(percents("GDP增长7.5%"), "GDP增长7.5％");
        assert_eq!(percents("回落至19.5％和\n13.8%\n信贷方面"), "回落至19.5％和\n13.8％\n信贷方面");
        assert_eq!(percents("折扣码%和符号"), "折扣码%和符号");
    }

    #[test]
    fn a_pause_mark_misread_in_a_vertical_column_is_the_columns_pause_mark() {
        let rules = crate::RuleSet::builtin().unwrap();
        let fix = |t: &str, upright: &[std::ops::Range<usize>]| {
            let mut out = Vec::new();
            super::cell_misreads(t, upright, &rules, &mut out);
            assert!(out.iter().all(|e| e.rule() == super::MISREAD));
            crate::edit::apply(t, out.iter())
        };
        // The whole text read from one column.
        let column = |t: &str| fix(t, std::slice::from_ref(&(0..t.len())));
        let page = "江蘇革命博物館主任委員“爲吳江陳佩忍君、其館址本在南京~後易名曰瞻園、";
        assert_eq!(column(page), "江蘇革命博物館主任委員、爲吳江陳佩忍君、其館址本在南京、後易名曰瞻園、");
        // Columns that hold more commas than enumeration commas: a Hong Kong page.
        let page = "據報道’明天凌晨兩場歐洲盃，今年，";
        assert_eq!(column(page), "據報道，明天凌晨兩場歐洲盃，今年，");
        // A full stop read as a point is one again where the columns hold one; a
        // decimal point stays; a page that ends its sentences on 、 has no full stop.
        assert_eq!(column("來源於三個方面.劉紹武說，增長3.5％。"), "來源於三個方面。劉紹武說，增長3.5％。");
        assert_eq!(column("亦不能遵省令而讓賢路也.米價飛漲、"), "亦不能遵省令而讓賢路也、米價飛漲、");
        // A mark opening a column goes on from the column before it.
        let page = "次日親朋堂會爲公子煖壽\n“至上月杪、";
        let second = page.find('“').unwrap()..page.len();
        assert_eq!(fix(page, &[0..second.start - 1, second.clone()]), page);
        let page = "次日親朋堂會爲公子煖壽“至上月杪、";
        let at = page.find('“').unwrap();
        assert_eq!(fix(page, &[0..at, at..page.len()]), "次日親朋堂會爲公子煖壽、至上月杪、");
        // A quote opening a line, one after a colon, and the text of horizontal lines stay.
        assert_eq!(column("他說：“好、"), "他說：“好、");
        assert_eq!(column("“好、"), "“好、");
        assert_eq!(fix("國際新聞“速遞”", &[]), "國際新聞“速遞”");
    }

    /// The marks as one walk over the whole line reads them, the way they were first built.
    fn marks_by_one_walk(line: &str) -> (Vec<usize>, Vec<Side>, Vec<Side>, Vec<usize>, bool) {
        let (mut pos, mut before, mut after, mut cjk_before) = (vec![], vec![], vec![], vec![]);
        let (mut last, mut cjk, mut latin) = (Side::Edge, 0usize, 0usize);
        for (i, c) in line.char_indices() {
            let bits = Classes::get().of(c);
            latin += usize::from(Classes::is_letter(bits, c));
            let word = bits & SKIPPED == 0;
            let side = if bits & class::CJK_AS_HALF != 0 { Side::Cjk } else { Side::Latin };
            if word && after.len() < pos.len() {
                after.resize(pos.len(), side);
            }
            if c.is_ascii_punctuation() {
                pos.push(i);
                before.push(last);
                cjk_before.push(cjk);
            }
            if word {
                last = side;
                cjk += usize::from(side == Side::Cjk);
            }
        }
        after.resize(pos.len(), Side::Edge);
        (pos, before, after, cjk_before, cjk > latin)
    }

    /// Read outwards from each mark as the pass meets them (and a run's last mark
    /// before its first), the sides are those of one walk over the line.
    #[test]
    fn sides_read_outwards_are_the_sides_of_one_walk() {
        let pieces = ["中", "a", ",", "(", ")", "%", " ", "，", "Ｂ", "3", "\"", "...", "#", "é", "　", "（"];
        for seed in 0..3000usize {
            let line: String =
                (0..seed % 23).map(|i| pieces[(i * 7 + seed * 13 + i * i * seed / 11) % pieces.len()]).collect();
            let (pos, before, after, cjk_before, dominant) = marks_by_one_walk(&line);
            assert_eq!(ascii_marks(&line).collect::<Vec<_>>(), pos, "{line:?}");
            if pos.is_empty() {
                continue;
            }
            assert_eq!(Dominant::new(&line).get(), dominant, "{line:?}");
            let mut m = Sides::new(&line);
            for k in 0..pos.len() {
                let ahead = (k + 1 + seed % 3).min(pos.len() - 1);
                assert_eq!(m.before(pos[k]), before[k], "{line:?} before {k}");
                assert_eq!(m.after(pos[ahead]), after[ahead], "{line:?} after {ahead}");
                assert_eq!(m.after(pos[k]), after[k], "{line:?} after {k}");
            }
            for a in 0..pos.len() {
                let mut m = Sides::new(&line);
                for b in a..pos.len() {
                    assert_eq!(m.cjk_between(pos[a], pos[b]), cjk_before[b] > cjk_before[a], "{line:?}");
                }
            }
        }
    }

    fn clean(s: &str) -> String {
        Engine::builtin().unwrap().clean(s, &EditFilter::without(crate::structure::FAMILIES)).output
    }

    #[test]
    fn marks_in_chinese_context() {
        assert_eq!(clean("黄明:现在我宣布,全国统一行动开始!"), "黄明：现在我宣布，全国统一行动开始！");
        assert_eq!(clean("协同争取支持;协同深化改革?"), "协同争取支持；协同深化改革？");
        assert_eq!(clean("今天(12日)上午"), "今天（12日）上午");
        assert_eq!(clean("价格指数(CPI)数据"), "价格指数（CPI）数据");
    }

    #[test]
    fn the_radical_ocr_reads_for_a_comma_is_the_comma_in_chinese_text() {
        // RapidOCR's reading of a list (`依照国家有关规定丶标准`) and of a classical
        // sentence's end on a vertical page.
        assert_eq!(clean("设立丶依照国家有关规定丶标准"), "设立、依照国家有关规定、标准");
        assert_eq!(clean("寶媛且擬往旁聽也丶"), "寶媛且擬往旁聽也、");
        assert!(clean("the radical 丶 dot").contains('丶'));
        // Beside marks alone, whatever their width: a second run reads it alike.
        assert!(clean("(丶").contains('丶'));
    }

    #[test]
    fn latin_and_number_contexts_stay() {
        assert_eq!(clean("圆周率约3.14,会议10:30开始"), "圆周率约3.14，会议10:30开始");
        assert_eq!(clean("营业时间9:00—17:00。"), "营业时间9:00—17:00。");
        assert_eq!(clean("共1,000人"), "共1,000人");
        assert_eq!(clean("He said: Hello, world (really)!"), "He said: Hello, world (really)!");
        assert_eq!(clean("详见http://www.example.com/a,b页面"), "详见http://www.example.com/a,b页面");
        assert_eq!(clean("邮箱:news@example.com"), "邮箱：news@example.com");
        assert_eq!(clean("工商银行(4.20,0.03,0.72%)上报"), "工商银行（4.20，0.03，0.72%）上报");
    }

    #[test]
    fn a_closing_quote_misread_as_opening_ends_the_paragraph() {
        assert_eq!(clean("他说：“今天我对自己说！“\n"), "他说：“今天我对自己说！”\n");
        // Balanced, or not after a sentence's end: left alone.
        assert_eq!(clean("“好。”他说：“\n"), "“好。”他说：“\n");
        assert_eq!(clean("他说“今天“\n"), "他说“今天“\n");
    }

    #[test]
    fn quotes_pair_and_carry_across_lines() {
        assert_eq!(clean("深入实施永川\"一三五\"总体发展思路"), "深入实施永川“一三五”总体发展思路");
        assert_eq!(clean("他说:\"我们\n明天再来。\"\n"), "他说：“我们\n明天再来。”\n");
        assert_eq!(clean("他说\"don't\"吗"), "他说“don't”吗");
    }

    #[test]
    fn the_dash_pair_opening_a_subtitle_read_as_yi_yi_is_the_dash_again() {
        let page = |head: &str| {
            format!("村民发现乌木值百万\n{head}\n\n2012年春节时，四川彭州市通济镇麻柳村农民吴高亮在自家承包地中发现了一笔横财。\n")
        };
        let clean = |s: &str| Engine::builtin().unwrap().clean(s, &EditFilter::default()).output;
        assert!(clean(&page("一一吴高亮开始挖掘")).contains("\n——吴高亮开始挖掘\n"));
        // A heading that opens on 一 keeps it; so does a line of text that opens on 一一.
        assert!(clean(&page("一名儿童死亡")).contains("\n一名儿童死亡\n"));
        let text = "他说，我们将\n一一核实，再作答复。\n";
        assert!(clean(text).contains("一一核实"));
        // It is an edit of its own, for review.
        let c = Engine::builtin().unwrap().clean(&page("一一吴高亮开始挖掘"), &EditFilter::default());
        let e = c.edits.iter().find(|e| e.replacement() == "——").unwrap();
        assert_eq!((e.rule(), e.applicability), (super::MISREAD, crate::edit::Applicability::Review));
    }

    #[test]
    fn sequences() {
        assert_eq!(clean("他说...然后走了"), "他说……然后走了");
        assert_eq!(clean("京津冀--协同发展"), "京津冀——协同发展");
        assert_eq!(clean("wait... what"), "wait... what");
        assert_eq!(clean("标题\n----\n"), "标题\n----\n");
    }
}
