//! Punctuation: in Chinese context the ASCII marks , ; : ? ! ( ) become ，；：？！（）,
//! straight quotes become paired “” ‘’ (pairing carries across the lines of a paragraph),
//! `...` becomes `……` and `--` becomes `——`. Latin and number contexts keep their
//! marks: 3.14, 10:30, 1,000, English phrases, URLs and e-mail addresses.

use crate::edit::{Edit, Why};
use crate::passes::LineView;
use crate::rules::RuleSet;
use crate::text::script::{as_halfwidth, class, is_hspace, Classes};
use std::cell::OnceCell;

pub const WIDTH: &str = "punct.width";
pub(crate) const QUOTE: &str = "punct.quote";
pub(crate) const QUOTE_DIRECTION: &str = "punct.quote-direction";
pub(crate) const ELLIPSIS: &str = "punct.ellipsis";
pub(crate) const DASH: &str = "punct.dash";
pub(crate) const SEQUENCE: &str = "punct.sequence";

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

/// For every ASCII mark of a line: the word on each side, read from the mark outwards
/// (most marks stand beside a word, so a long line is not read whole). Linear all the
/// same: each stretch between two marks is read at most once from each end, so a line
/// of nothing but marks costs no more than any other. What needs the whole line (the
/// dominant script, the Chinese words between two brackets) is read once, when asked.
#[derive(Default)]
struct Marks {
    pos: Vec<usize>,
    before: Vec<Side>,
    after: Vec<Side>,
    /// More ideographs than Latin letters in the line: decides marks at a line edge.
    dominant: OnceCell<bool>,
    /// For each mark, the Chinese words before it.
    cjk_before: OnceCell<Vec<usize>>,
}

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

impl Marks {
    /// The line's ASCII marks and their neighbours; false when it holds none.
    fn build(&mut self, line: &str) -> bool {
        self.pos.clear();
        self.before.clear();
        self.after.clear();
        self.dominant = OnceCell::new();
        self.cjk_before.take();
        // Every mark this pass reads, straight quotes included, is ASCII punctuation.
        // Blocks are tested without an early exit, so the test runs many bytes at a time.
        for (k, block) in line.as_bytes().chunks(32).enumerate() {
            if block.iter().fold(false, |a, b| a | b.is_ascii_punctuation()) {
                let at = k * 32;
                self.pos
                    .extend(block.iter().enumerate().filter(|(_, b)| b.is_ascii_punctuation()).map(|(j, _)| at + j));
            }
        }
        if self.pos.is_empty() {
            return false;
        }
        let classes = Classes::get();
        let word = |c: char| Some(classes.of(c)).filter(|bits| bits & SKIPPED == 0).map(side);
        // A mark can itself be a word (`%`, `#`): it is a neighbour of the marks beside it.
        let own = |i: usize| word(char::from(line.as_bytes()[i]));
        let (mut last, mut from) = (Side::Edge, 0);
        for &i in &self.pos {
            if let Some(s) = line[from..i].chars().rev().find_map(word) {
                last = s;
            }
            self.before.push(last);
            last = own(i).unwrap_or(last);
            from = i + 1;
        }
        let (mut next, mut to) = (Side::Edge, line.len());
        self.after.resize(self.pos.len(), Side::Edge);
        for (k, &i) in self.pos.iter().enumerate().rev() {
            if let Some(s) = line[i + 1..to].chars().find_map(word) {
                next = s;
            }
            self.after[k] = next;
            next = own(i).unwrap_or(next);
            to = i;
        }
        true
    }

    fn idx(&self, at: usize) -> usize {
        self.pos.binary_search(&at).unwrap_or_else(|i| i.min(self.pos.len().saturating_sub(1)))
    }

    /// The word before the mark at `at`.
    fn before(&self, at: usize) -> Side {
        self.before[self.idx(at)]
    }

    /// The word after the mark at `at`.
    fn after(&self, at: usize) -> Side {
        self.after[self.idx(at)]
    }

    /// More Chinese words than Latin letters in `line`, the line the marks were built on.
    fn dominant(&self, line: &str) -> bool {
        *self.dominant.get_or_init(|| {
            let classes = Classes::get();
            let (mut cjk, mut latin) = (0usize, 0usize);
            for c in line.chars() {
                let bits = classes.of(c);
                // Words only count: punctuation changes width as the pass runs.
                latin += usize::from(Classes::is_letter(bits, c));
                cjk += usize::from(chinese_word(bits));
            }
            cjk > latin
        })
    }

    /// Does any Chinese word lie between the marks at `open` and `close` of `line`?
    fn cjk_between(&self, line: &str, open: usize, close: usize) -> bool {
        let before = self.cjk_before.get_or_init(|| {
            let classes = Classes::get();
            let (mut counts, mut cjk, mut next) = (Vec::with_capacity(self.pos.len()), 0usize, 0);
            for (i, c) in line.char_indices() {
                if self.pos.get(next) == Some(&i) {
                    counts.push(cjk);
                    next += 1;
                }
                let bits = classes.of(c);
                cjk += usize::from(chinese_word(bits));
            }
            counts
        });
        before[self.idx(close)] > before[self.idx(open)]
    }
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
/// width and space passes are done).
fn thousands_separator(line: &str, at: usize) -> bool {
    let digit = |c: &char| as_halfwidth(*c).is_ascii_digit();
    let mut after = line[at + 1..].chars();
    let three =
        after.by_ref().take(3).filter(digit).count() == 3 && after.find(|&c| !is_hspace(c)).is_none_or(|c| !digit(&c));
    let mut before = line[..at]
        .chars()
        .rev()
        .filter(|&c| !is_hspace(c))
        .map(|c| if c == '．' { '.' } else { as_halfwidth(c) })
        .take_while(|&c| c.is_ascii_digit() || c == '.' || c == ',');
    three && !before.any(|c| c == '.')
}

fn prev_char(line: &str, at: usize) -> Option<char> {
    line[..at].chars().next_back().map(as_halfwidth)
}

fn next_char(line: &str, at: usize) -> Option<char> {
    line[at..].chars().next().map(as_halfwidth)
}

/// The pass over a page, a line at a time: buffers kept from line to line, so a page
/// costs no allocation per line.
#[derive(Default)]
pub(crate) struct Pass {
    marks: Marks,
}

impl Pass {
    /// The edits of one line, in the line's own offsets (see [`LineView::emit`]).
    pub fn line(&mut self, view: &LineView, rules: &RuleSet, out: &mut Vec<Edit>) {
        let line: &str = view.text;
        let from = out.len();
        if self.marks.build(line) {
            marks_in_line(line, rules, &self.marks, out);
            quotes_in_line(line, &self.marks, out);
        }
        if let Some(e) = closing_quote_misread(line, &out[from..]) {
            out.push(e);
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

/// The ASCII marks and runs of `line`, as edits in the line's own offsets.
fn marks_in_line(line: &str, rules: &RuleSet, m: &Marks, out: &mut Vec<Edit>) {
    let dominant = || m.dominant(line);
    let bytes = line.as_bytes();
    // Parentheses convert as pairs: `(12日)` and `f(x)` each stay consistent.
    let mut paren_stack: Vec<usize> = Vec::new();
    let mut parens: Vec<(usize, Option<usize>)> = Vec::new();
    // Every ASCII mark of the line, from the scan that found their neighbours; a run
    // converted whole is passed over.
    let mut next = 0;
    for &i in &m.pos {
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
            '(' => {
                paren_stack.push(parens.len());
                parens.push((i, None));
            }
            ')' => match paren_stack.pop() {
                Some(k) => parens[k].1 = Some(i),
                None => parens.push((usize::MAX, Some(i))),
            },
            _ => {
                if let Some(to) = rules.marks.get(&c) {
                    // Read past spaces: the space pass may close `3, 2` up, and the
                    // output must read as the input did.
                    let (left, right) =
                        (line[..i].trim_end_matches(is_hspace), line[i + 1..].trim_start_matches(is_hspace));
                    let between_digits = prev_char(left, left.len()).is_some_and(|p| p.is_ascii_digit())
                        && next_char(right, 0).is_some_and(|n| n.is_ascii_digit());
                    // Between digits only a time (10:30) or a thousands separator (1,000)
                    // is Latin; `4.20,0.03` is a list, Chinese when the line is.
                    let latin_number = between_digits && (c != ',' || thousands_separator(line, i));
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
                    if chinese && !latin_number && !url {
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
    for (open, close) in parens {
        let (Some(to_open), Some(to_close)) = (rules.marks.get(&'('), rules.marks.get(&')')) else { break };
        let open = (open != usize::MAX).then_some(open);
        let chinese = match (open, close) {
            (Some(o), Some(c)) => m.before(o) == Side::Cjk || m.after(c) == Side::Cjk || m.cjk_between(line, o, c),
            (Some(o), None) => chinese_context(m.before(o), m.after(o), dominant),
            (None, Some(c)) => chinese_context(m.before(c), m.after(c), dominant),
            (None, None) => false,
        };
        if !chinese {
            continue;
        }
        if let Some(o) = open {
            out.push(Edit::replace(o, o + 1, to_open, &Why { rule: WIDTH, reason: "ASCII bracket in Chinese text" }));
        }
        if let Some(c) = close {
            out.push(Edit::replace(c, c + 1, to_close, &Why { rule: WIDTH, reason: "ASCII bracket in Chinese text" }));
        }
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
        matches!(c, '，' | '。' | '、' | '；' | '：' | '！' | '？' | '）' | ',' | '.' | ';' | ':' | '!' | '?' | ')')
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

/// A quote mark found in a scope: its absolute offset, the mark, and whether it sits in
/// Chinese context.
struct Quote {
    at: usize,
    c: char,
    chinese: bool,
}

/// Pair the straight quotes of one paragraph, as edits in the line's own offsets. `m`:
/// the line's marks, built by [`marks_in_line`].
fn quotes_in_line(line: &str, m: &Marks, out: &mut Vec<Edit>) {
    for (straight, open_c, close_c) in [('"', '“', '”'), ('\'', '‘', '’')] {
        // Most paragraphs hold no straight quote: one byte search settles them.
        if memchr::memchr(straight as u8, line.as_bytes()).is_none() {
            continue;
        }
        let mut qs: Vec<Quote> = Vec::new();
        let dominant = || m.dominant(line);
        // The curly quotes are E2 80 98 to E2 80 9D: only those leads need decoding.
        let found = memchr::memchr2_iter(straight as u8, 0xE2, line.as_bytes());
        for (i, c) in found.filter_map(|i| Some((i, line[i..].chars().next()?))) {
            if c == straight {
                let p = prev_char(line, i);
                let n = next_char(line, i + 1);
                // An apostrophe inside a Latin word (don't, 80's) is not a quote.
                if straight == '\''
                    && p.is_some_and(|p| p.is_ascii_alphanumeric())
                    && n.is_some_and(|n| n.is_ascii_alphabetic())
                {
                    continue;
                }
                let chinese = chinese_context(m.before(i), m.after(i), dominant);
                qs.push(Quote { at: i, c, chinese });
            } else if c == open_c || c == close_c {
                qs.push(Quote { at: i, c, chinese: true });
            }
        }
        if !qs.iter().any(|q| q.c == straight && q.chinese) {
            continue;
        }
        // An odd count means a mark is missing or extra: the pairing is a guess.
        let balanced = qs.iter().filter(|q| q.chinese).count() % 2 == 0;
        let hints: Vec<Option<bool>> =
            qs.iter().map(|q| if q.c == straight && q.chinese { hint(line, q.at) } else { None }).collect();
        let mut open = false;
        for (n, q) in qs.iter().enumerate() {
            if !q.chinese {
                continue;
            }
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
            let next_hint = qs[n + 1..].iter().zip(&hints[n + 1..]).find(|(q, _)| q.chinese).and_then(|(q, h)| {
                if q.c == open_c {
                    Some(true)
                } else if q.c == close_c {
                    Some(false)
                } else {
                    *h
                }
            });
            let (opens, hinted) = match (hints[n], next_hint) {
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
    use super::{class, Classes, Marks, Side, SKIPPED};
    use crate::{EditFilter, Engine};

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

    #[test]
    fn marks_read_outwards_are_the_marks_of_one_walk() {
        let pieces = ["中", "a", ",", "(", ")", "%", " ", "，", "Ｂ", "3", "\"", "...", "#", "é", "　", "（"];
        let mut m = Marks::default();
        for seed in 0..3000usize {
            let line: String =
                (0..seed % 23).map(|i| pieces[(i * 7 + seed * 13 + i * i * seed / 11) % pieces.len()]).collect();
            let (pos, before, after, cjk_before, dominant) = marks_by_one_walk(&line);
            assert_eq!(m.build(&line), !pos.is_empty(), "{line:?}");
            if pos.is_empty() {
                continue;
            }
            assert_eq!((&m.pos, &m.before, &m.after), (&pos, &before, &after), "{line:?}");
            assert_eq!(m.dominant(&line), dominant, "{line:?}");
            for a in 0..pos.len() {
                for b in a..pos.len() {
                    assert_eq!(m.cjk_between(&line, pos[a], pos[b]), cjk_before[b] > cjk_before[a], "{line:?}");
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
    fn sequences() {
        assert_eq!(clean("他说...然后走了"), "他说……然后走了");
        assert_eq!(clean("京津冀--协同发展"), "京津冀——协同发展");
        assert_eq!(clean("wait... what"), "wait... what");
        assert_eq!(clean("标题\n----\n"), "标题\n----\n");
    }
}
