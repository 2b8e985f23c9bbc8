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
use crate::text::script::{as_halfwidth, class, is_cjk_punct, is_hspace, is_ideograph_like, is_sentence_end, Classes};
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
#[derive(Debug, Clone, Copy)]
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

/// Reusable buffers, so a page costs no allocation per line.
#[derive(Default)]
struct Scratch {
    compact: String,
    runs: Vec<Run>,
    grid_cols: Vec<usize>,
    decided: Vec<(Run, Option<Edit>, Kept)>,
    left: String,
    right: String,
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
        for p in self.page_grid.pending {
            if self.page_grid.widths.iter().any(|&w| on_grid(&p.cols, p.col, w)) {
                out.extend(p.edits);
            }
        }
    }
}

/// What the whole page says about its columns.
#[derive(Default)]
struct PageGrid {
    /// The column widths the page's paragraphs show.
    widths: Vec<f64>,
    /// Spaces inside numbers, in lines without a grid of their own.
    pending: Vec<Pending>,
}

struct Pending {
    /// The deletion, in input offsets.
    edits: Vec<Edit>,
    col: usize,
    /// The line start and the line's wrap-like spaces, as display columns.
    cols: Vec<usize>,
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

/// What one walk over a line's characters reads: its text without spaces (`compact`,
/// in `Scratch`), its runs of spaces, and counts the decisions need.
struct Shape {
    /// Characters other than spaces.
    chars: usize,
    han: usize,
    latin: usize,
    /// The run of spaces that ends the line.
    trailing: Option<Run>,
}

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
    let shape = read_runs(text, s);
    if s.compact.is_empty() {
        // A line of nothing but spaces.
        out.push(Edit::deletion(0, text.len(), &Why { rule: EDGE, reason: "whitespace-only line" }));
        return;
    }
    let leading = s.runs.first().filter(|r| r.start == 0).copied();
    if let Some(r) = leading {
        out.push(Edit::deletion(
            r.start,
            r.end,
            &Why { rule: EDGE, reason: "indent or stray space at the line start" },
        ));
    }
    let interior_from = usize::from(leading.is_some());
    let interior = s.runs.len() - interior_from;
    let spaced_out = interior >= 3 && interior * 2 >= shape.chars.saturating_sub(1);
    let heading_like = !spaced_out && interior <= 3 && heading_like(&s.compact, shape.chars, rules);

    // First what the characters say about each space.
    s.decided.clear();
    for k in interior_from..s.runs.len() {
        let r = s.runs[k];
        let (edit, kept) = decide(view, r, rules, marks, heading_like, spaced_out, s);
        s.decided.push((r, edit, kept));
    }
    // Then what the layout says.
    grid_cols(s);
    let grid = if spaced_out { None } else { line_grid(s) };
    if let Some(w) = grid {
        if !page_grid.widths.iter().any(|&o| (o - w).abs() < 1.0) {
            page_grid.widths.push(w);
        }
    }
    let han_dominant = shape.han > shape.latin;
    for (r, edit, kept) in s.decided.drain(..) {
        let wrap = r.single_ascii && han_dominant && grid.is_some_and(|w| on_grid(&s.grid_cols, r.col, w));
        match kept {
            Kept::No => out.extend(edit),
            Kept::Pattern | Kept::Latin if wrap => out.push(wrap_edit(r, kept)),
            Kept::Latin if grid.is_none() && r.single_ascii && han_dominant && numeric_pair(view, r, marks) => {
                let mut edits = Vec::new();
                let mut part = vec![Edit::deletion(
                    r.start,
                    r.end,
                    &Why { rule: WRAP, reason: "space at the page's column-wrap width splits a number" },
                )
                .review()];
                view.emit(&mut part, &mut edits);
                page_grid.pending.push(Pending { edits, col: r.col, cols: s.grid_cols.clone() })
            }
            _ => {}
        }
    }
    if let Some(r) = shape.trailing {
        out.push(Edit::deletion(r.start, r.end, &Why { rule: EDGE, reason: "trailing whitespace" }));
    }
    if rules.cjk_latin == CjkLatin::Add {
        add_cjk_latin(view, marks, out);
    }
}

/// One walk over the line: the text without its spaces into `s.compact`, each run of
/// spaces into `s.runs` (the trailing one apart), and the counts of [`Shape`].
fn read_runs(text: &str, s: &mut Scratch) -> Shape {
    s.compact.clear();
    s.runs.clear();
    let (mut col, mut han, mut latin, mut chars) = (0usize, 0usize, 0usize, 0usize);
    // The run of spaces being read, if `open`: kept apart from its flag so the common
    // step, a character after a character, touches neither.
    let mut open = false;
    let mut run = Run { start: 0, end: 0, col: 0, at: 0, single_ascii: false };
    // The compact line is copied a stretch between spaces at a time.
    let mut stretch = 0;
    let classes = Classes::get();
    for (i, c) in text.char_indices() {
        let bits = classes.of(c);
        if bits & class::SPACE != 0 {
            if open {
                run.end = i + c.len_utf8();
                run.single_ascii = false;
            } else {
                s.compact.push_str(&text[stretch..i]);
                run = Run { start: i, end: i + c.len_utf8(), col, at: s.compact.len(), single_ascii: c == ' ' };
                open = true;
            }
            continue;
        }
        if open {
            s.runs.push(run);
            stretch = i;
            open = false;
        }
        chars += 1;
        col += 1 + usize::from(bits & class::WIDE != 0);
        han += usize::from(bits & class::IDEOGRAPH_LIKE != 0);
        latin += usize::from(Classes::is_letter(bits, c));
    }
    if !open {
        s.compact.push_str(&text[stretch..]);
    }
    Shape { chars, han, latin, trailing: open.then_some(run) }
}

/// A short line without sentence punctuation: its few spaces may be a heading's clause
/// gaps. `compact`: the line without spaces, of `chars` characters.
fn heading_like(compact: &str, chars: usize, rules: &RuleSet) -> bool {
    let last = compact.chars().next_back().unwrap_or(' ');
    chars <= rules.heading_max_chars
        && !is_sentence_end(last)
        && last != '.'
        && !matches!(last, '、' | '，' | ',')
        && !compact.chars().any(|c| matches!(c, '。' | '，' | '；' | ',' | ';'))
}

/// The columns of the line's single spaces into `s.grid_cols`, after a 0 for the
/// line's start.
fn grid_cols(s: &mut Scratch) {
    s.grid_cols.clear();
    s.grid_cols.push(0);
    s.grid_cols.extend(s.decided.iter().filter(|(r, _, _)| r.single_ascii && r.col > 0).map(|(r, _, _)| r.col));
}

/// The column width the line's wrap spaces show (`s.grid_cols`), if any. The grid must
/// be shown by spaces already known to be wraps (between Chinese characters), so once
/// those are gone a second run sees no grid and changes nothing more.
fn line_grid(s: &Scratch) -> Option<f64> {
    column_width(&s.grid_cols[1..]).filter(|&w| {
        let sure =
            |(r, e, _): &&(Run, Option<Edit>, Kept)| r.single_ascii && e.as_ref().is_some_and(|e| e.rule() == CJK);
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

/// What the characters around one interior space say: the edit that removes it, or why
/// it stays.
#[allow(clippy::too_many_arguments)]
fn decide(
    view: &LineView,
    r: Run,
    rules: &RuleSet,
    marks: &CjkMarks,
    heading_like: bool,
    spaced_out: bool,
    s: &mut Scratch,
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
    if kept_by_pattern(rules, &s.compact, r.at, &mut s.left, &mut s.right) {
        return (None, Kept::Pattern);
    }
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
    let stop = |c: char| is_hspace(c) || matches!(c, '：' | ':' | '（' | '）' | '(' | ')' | '，' | ',' | '。' | '、');
    // Only words count: a mark changes length as the punctuation pass runs (... → ……).
    let word = |c: &char| !c.is_ascii_punctuation() && !is_cjk_punct(*c);
    let left = line[..start].chars().rev().take_while(|&c| !stop(c)).filter(word).take(CLAUSE).count();
    let right = line[end..].chars().take_while(|&c| !stop(c)).filter(word).take(CLAUSE).count();
    left >= CLAUSE && right >= CLAUSE
}

/// Does a keep pattern claim the space at byte `at` of the compacted line?
fn kept_by_pattern(rules: &RuleSet, compact: &str, at: usize, left: &mut String, right: &mut String) -> bool {
    // The edge bytes rule most spaces out before their context is copied.
    let (last, first) = (compact.as_bytes()[..at].last().copied(), compact.as_bytes().get(at).copied());
    if !rules.keep.iter().any(|k| k.may_keep(last, first)) {
        return false;
    }
    left.clear();
    let mut from = at.saturating_sub(CONTEXT);
    while !compact.is_char_boundary(from) {
        from += 1;
    }
    if from > 0 {
        left.push(CUT);
    }
    left.push_str(&compact[from..at]);
    right.clear();
    let mut to = (at + CONTEXT).min(compact.len());
    while !compact.is_char_boundary(to) {
        to -= 1;
    }
    right.push_str(&compact[at..to]);
    if to < compact.len() {
        right.push(CUT);
    }
    rules.keep.iter().any(|k| k.keeps(left, right))
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
