//! Structure: whole paragraphs, page furniture out, the page as articles.
//!
//! Works on the same input and the same Edit model as the character passes: every join
//! (`flow.wrap`, `flow.page-break`), layout change (`flow.paragraph`, `article.break`) and
//! removal (`page.running-head`, `page.folio`, `page.jump`) is an edit. Its result is the
//! page in the output layout: each article's headings one per line, a blank line, its
//! paragraphs one per line, and `---` between articles. That layout reads back as itself,
//! so cleaning the output again changes nothing.
//!
//! Two shapes of text arrive. Paragraph-per-line text (PDF extraction, flattened pages)
//! holds long lines separated by blank lines; a page break shows as extra blank lines or
//! a running head inside a paragraph. LineSpan-per-line text (Tesseract, printed columns)
//! holds one printed line per line; a line that fills its column continues, a short one
//! ends its paragraph.

use crate::edit::{Edit, Why};
use crate::text::script::unified;
use crate::text::{physical_lines, LineSpan};
use crate::text::script::{
    as_halfwidth, class, is_clause_punct, is_hspace, is_ideograph_like, is_stretch_mark, line_width, Classes,
    HSPACE_CLASS,
};
use regex::Regex;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

/// The rule families of the structure stage: disable them to see the character passes alone.
pub const FAMILIES: &[&str] = &["flow", "page", "article"];

pub const WRAP: &str = "flow.wrap";
pub const PAGE_BREAK: &str = "flow.page-break";
pub const PARAGRAPH: &str = "flow.paragraph";
pub const ARTICLE: &str = "article.break";
pub const RUNNING_HEAD: &str = "page.running-head";
pub const FOLIO: &str = "page.folio";
pub const JUMP: &str = "page.jump";

/// Why a furniture line goes: one pointer in a line's [`Kind`], the reason of its edit.
const FOLIO_WHY: &Why = &Why { rule: FOLIO, reason: "folio: page number, not article text" };
const RUNNING_HEAD_WHY: &Why = &Why { rule: RUNNING_HEAD, reason: "running head: page furniture, not article text" };

/// The line that separates articles in the output.
pub const SEPARATOR: &str = "---";

/// What a line of the input is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Blank,
    /// Page furniture, removed by the rule and for the reason given.
    Furniture(&'static Why),
    /// A jump line (`(下转第2版)`): removed, recorded on its article. Boxed: few lines
    /// are, and a long page holds a kind for every line.
    Jump(Box<Jump>),
    /// The output's article separator, read back.
    Separator,
    Content,
}

/// A jump note: where the article goes on or comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jump {
    /// True for `下转` (continues on), false for `上接` (continued from).
    pub onward: bool,
    /// The page label, as printed (`2`, `A03`).
    pub page: String,
}

/// A heading or a paragraph: a range of input lines.
#[derive(Debug, Clone)]
pub struct Unit {
    pub lines: Range<usize>,
    pub heading: bool,
    /// Byte span in the input, from the first line's start to the last line's end.
    pub span: Range<usize>,
}

/// One article: its units in reading order and its jump notes.
#[derive(Debug, Clone, Default)]
pub struct Article {
    pub units: Vec<Unit>,
    pub continues_on: Option<String>,
    pub continued_from: Option<String>,
}

/// Two printed lines read as one: the end of the first, the start of the next, and
/// whether a space stands between them in the output (Latin words) or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Join {
    pub from: u32,
    pub to: u32,
    pub spaced: bool,
}

impl Join {
    pub fn new(from: usize, to: usize, sep: &str) -> Self {
        debug_assert!(sep.is_empty() || sep == " ", "join separator {sep:?}");
        Join { from: from as u32, to: to as u32, spaced: !sep.is_empty() }
    }

    pub fn sep(&self) -> &'static str {
        if self.spaced {
            " "
        } else {
            ""
        }
    }
}

/// The page's structure and the edits that lay it out.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    pub articles: Vec<Article>,
    /// Byte spans of the furniture lines, in page order.
    pub furniture: Vec<Range<usize>>,
    /// Each join: the end of a line, the start of the line it goes on with, and what
    /// stands between them in the output. The character passes read joined lines as one;
    /// [`crate::Engine::propose`] hands the joins to them, so the structure it returns
    /// holds none.
    pub joins: Vec<Join>,
    /// Each line whose end a jump note takes: the line's end and where its text ends.
    /// The character passes read the line without the note, as the output shows it.
    pub cuts: Vec<(usize, usize)>,
    /// The layout edits. [`crate::Engine::propose`] moves them into the page's edit
    /// list, so the structure it returns holds none.
    pub edits: Vec<Edit>,
}

struct Patterns {
    jump: Regex,
    folio: Regex,
    running_head: Regex,
    editor: Regex,
    intertitle: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        // OCR reads the brackets as 《 or 【 and the O of A01 as o: accept them. Spaces
        // are the ones `is_hspace` knows, which the line tests skip: with `\s` a note
        // broken by a stray `\r` was a note to the pattern and too long a line to be one.
        // Spaces inside 下转 and 上接 too: the space pass closes them up, and read as
        // `接` alone the note left `(上` behind, a word, until it did.
        jump: Regex::new(&r"[（(《〈【\[]?_*(下_*转|转|上_*接|接)_*(?:第_*)?([A-Za-z]?[0-9OoIl]{1,3})_*版_*[）)》〉】\]]?".replace('_', HSPACE_CLASS))
        .expect("jump pattern"),
        folio: Regex::new(r"^[-－—–\s]*(?:第\s*[0-9一二三四五六七八九十]+\s*版|[A-Z]?\d{1,3})[-－—–\s]*$").expect("folio"),
        running_head: Regex::new(
            r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|星\s*期\s*[一二三四五六日天]|第\s*[0-9一二三四五六七八九十]+\s*版|(?-u:\b)[A-Z]\d{2}(?-u:\b))",
        )
        .expect("running head"),
        // Spaces between the characters too (Tesseract's `责 任 编 辑 ：`): the space
        // pass removes them, and the output must read as the input did.
        editor: Regex::new(
            r"^[.,，。·、\s]{0,2}(?:责\s*任\s*编\s*辑|責\s*任\s*編\s*輯|美\s*术\s*编\s*辑|美\s*術\s*編\s*輯|版\s*式\s*设\s*计|校\s*对|责\s*编)\s*[:：]",
        )
        .expect("editor"),
        intertitle: Regex::new(r"^[^：:]{1,5}[：:]").expect("intertitle"),
    })
}

/// Width of a line in display columns as the character passes leave it: spaces count
/// nothing, full-width letters and digits one, every other mark two, except the marks
/// whose run changes length (`...` → `……`, and `．`, which the width pass makes `.`),
/// which count nothing. The structure read from the input is then the structure read
/// from the output.
fn width(s: &str) -> usize {
    s.chars().map(line_width).sum()
}

/// Does the line hold at most `n` characters, spaces and length-changing marks left out
/// (see [`width`])? Reads no further than it must: most lines are paragraphs.
fn short(s: &str, n: usize) -> bool {
    // Each character takes at most four bytes, so a line of few bytes is short at once.
    s.len() <= n || s.chars().filter(|&c| !is_hspace(c) && !is_stretch_mark(c)).nth(n).is_none()
}

/// Sentence punctuation that no headline carries.
fn has_sentence_punct(s: &str) -> bool {
    s.chars().any(is_clause_punct)
}

/// A short line without sentence punctuation: a kicker, headline, subtitle or author.
/// The marks a headline may end on are looked past with the spaces among them
/// (`工 (?? ?`): the space pass removes those spaces, and the verdict on the output
/// must be the verdict on the input.
fn heading_like(s: &str) -> bool {
    short(s, 40)
        && !short(s, 1)
        && !has_sentence_punct(s.trim_end_matches(|c| matches!(c, '！' | '？' | '!' | '?') || is_hspace(c)))
}

/// Past this many characters (see [`short`]) a line is a paragraph: furniture and
/// headings are shorter.
const SHORT: usize = 40;

/// The width past which the column test reads every line alike: it compares widths of
/// at most 80 columns with neighbours at most 3 columns away.
const WIDE: usize = 84;

/// What the stage needs to know of one line, read in one scan instead of one read per
/// test. A paragraph's scan stops once it is known to be long and wide: past that point
/// only its exact width may be wanted, and only for line-per-line text.
struct LineScan {
    // 32-bit, like edit offsets: a long page holds a scan for every line.
    /// The line without its edge spaces, as a byte range of the page.
    trim: (u32, u32),
    /// The characters [`short`] counts; exact up to [`SHORT`], more beyond.
    count: u32,
    /// [`width`]; exact unless `cut`.
    width: u32,
    /// The scan stopped early: the line is longer than [`SHORT`] and at least [`WIDE`].
    cut: bool,
    // The rest is exact when `count <= SHORT`.
    /// [`has_sentence_punct`].
    sentence_punct: bool,
    /// A hash of the line with its spaces left out: repeated running heads differ in
    /// spacing. Only for a short line without sentence punctuation (0 otherwise).
    key: u64,
    /// It holds 版 (jump notes, folios, page labels).
    ban: bool,
    /// It holds 编, 編 or 校 (editor credits).
    editor: bool,
    /// It holds 年 (dates).
    year: bool,
    /// It holds 星 (星期, the weekday).
    star: bool,
    /// It holds an ASCII capital (page labels like A01), full-width or not.
    upper: bool,
    /// It holds a full-width letter or digit or a compatibility ideograph, which the
    /// width pass makes half-width or unified.
    width_pass: bool,
}

impl LineScan {
    fn new(text: &str, line: Range<usize>) -> Self {
        let full = &text[line.clone()];
        let t = full.trim_start_matches(is_hspace);
        let start = line.end - t.len();
        let t = t.trim_end_matches(is_hspace);
        let mut s = LineScan {
            trim: (start as u32, (start + t.len()) as u32),
            count: 0,
            width: 0,
            cut: false,
            sentence_punct: false,
            key: 0,
            ban: false,
            editor: false,
            year: false,
            star: false,
            upper: false,
            width_pass: false,
        };
        let classes = Classes::get();
        // Every class the scan saw: the flags are read from it once, not kept per character.
        let (mut seen, mut scanned) = (0u16, t.len());
        for (i, c) in t.char_indices() {
            let bits = classes.of(c);
            s.count += u32::from(bits & (class::SPACE | class::STRETCH) == 0);
            s.width += u32::from(bits >> class::LINE_WIDTH_SHIFT);
            seen |= bits;
            if s.count > SHORT as u32 && s.width >= WIDE as u32 {
                s.cut = true;
                scanned = i + c.len_utf8();
                break;
            }
        }
        s.sentence_punct = seen & class::CLAUSE_PUNCT != 0;
        s.upper = seen & class::UPPER != 0;
        s.width_pass = seen & class::WIDTH_PASS != 0;
        if seen & class::HINT != 0 {
            for c in t[..scanned].chars() {
                match c {
                    '版' => s.ban = true,
                    '编' | '編' | '校' => s.editor = true,
                    '年' => s.year = true,
                    '星' => s.star = true,
                    _ => {}
                }
            }
        }
        // Only a short line without sentence punctuation can be a running head, and only
        // its key is read: most lines are text and need none.
        if s.count <= SHORT as u32 && !s.sentence_punct {
            // Compared only within the page: one multiply a character will do. Seeded,
            // not started at 0: from 0 a leading NUL left the hash at 0, and `\0…` and `…`
            // were one running head.
            s.key = t.chars().filter(|&c| !is_hspace(c)).fold(0x9e37_79b9_7f4a_7c15, |h, c| {
                (h.rotate_left(5) ^ u64::from(c as u32)).wrapping_mul(0x517c_c1b7_2722_0a95)
            });
        }
        s
    }

    /// [`short`]`(trimmed line, n)`, for `n` up to [`SHORT`].
    fn short(&self, n: usize) -> bool {
        debug_assert!(n <= SHORT);
        self.count as usize <= n
    }

    fn trim(&self) -> Range<usize> {
        self.trim.0 as usize..self.trim.1 as usize
    }

    /// Does the line hold 版? Read from the scan, or for a long line searched for.
    fn has_ban(&self, text: &str) -> bool {
        // Built once: `memmem::find` builds its searcher on every call.
        static BAN: LazyLock<memchr::memmem::Finder<'static>> =
            LazyLock::new(|| memchr::memmem::Finder::new("版".as_bytes()));
        if self.count <= SHORT as u32 {
            self.ban
        } else {
            BAN.find(text[self.trim()].as_bytes()).is_some()
        }
    }

    /// Does the line hold anything the width pass changes? Read from the scan, or for
    /// a line the scan stopped on, looked for past that point.
    fn width_pass(&self, text: &str) -> bool {
        self.width_pass
            || (self.cut && {
                let classes = Classes::get();
                text[self.trim()].chars().any(|c| classes.of(c) & class::WIDTH_PASS != 0)
            })
    }
}

/// Does the line end its paragraph by its last characters? Sentence ends, closing
/// quotes, a colon or semicolon before a list, and a credit in brackets do; an opening
/// quote or a bracket inside the sentence (`扩音器(音箱)` ⏎ `的快件…`) does not.
fn ends_paragraph(t: &str) -> bool {
    let t = t.trim_end_matches(is_hspace);
    let Some(c) = t.chars().next_back() else { return true };
    match c {
        '。' | '！' | '？' | '!' | '?' | '…' | '”' | '」' | '』' | '：' | ':' | '；' | ';' | '.' => true,
        '"' => {
            let before = t[..t.len() - 1].chars().next_back().unwrap_or(' ');
            matches!(before, '。' | '！' | '？' | '!' | '?' | '…')
                || t.chars().filter(|&c| matches!(c, '"' | '“' | '”')).count() % 2 == 0
        }
        '）' | ')' => {
            let open = t.rfind(['（', '(']).unwrap_or(0);
            let inner = &t[open..];
            // No bracket opens before it: true without looking at the words.
            open == 0
                || [
                    "来源", "來源", "记者", "記者", "摄", "攝", "图", "圖", "完", "据", "電", "电", "供稿", "编译",
                    "作者", "转", "接",
                ]
                .iter()
                .any(|w| inner.contains(w))
        }
        _ => false,
    }
}

/// Characters a paragraph never starts with: punctuation that closes or continues.
fn continues(c: char) -> bool {
    matches!(c, '，' | '、' | '。' | '；' | '：' | '！' | '？' | '）' | '」' | '』' | '”' | ',' | ';' | ':' | ')' | '…')
}

/// Marks that open a news item (`◘蘇民廳長…`): a line starting with one never continues
/// the paragraph before it.
fn item_mark(c: char) -> bool {
    matches!(c, '◘' | '●' | '■' | '◆' | '▲' | '△' | '○' | '◎' | '□' | '★' | '☆')
}

fn last_char(s: &str) -> Option<char> {
    s.trim_end_matches(is_hspace).chars().next_back()
}

fn first_char(s: &str) -> Option<char> {
    s.trim_start_matches(is_hspace).chars().next()
}

fn normalize_label(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'O' | 'o' => '0',
            'I' | 'l' => '1',
            c => c,
        })
        .collect()
}

/// Find a jump note in `line`: its byte range and what it says. Every note holds 版:
/// callers look for it first, the scan of a line having told them.
fn find_jump(line: &str) -> Option<(Range<usize>, Jump)> {
    let caps = patterns().jump.captures(line)?;
    let m = caps.get(0)?;
    // `下转` (spaces in it or not) and `转` go on; `上接` and `接` come from.
    let onward = caps.get(1)?.as_str().ends_with('转');
    let page = caps.get(2)?.as_str();
    // A bare `转2版` inside a sentence is rare; a bracketed note or one that ends the
    // line is the jump.
    let bracketed = m.as_str().starts_with(['（', '(', '《', '〈', '【', '[']);
    let at_end = line[m.end()..].trim_matches(is_hspace).is_empty();
    if !bracketed && !at_end {
        return None;
    }
    // The label must look like a page: a letter-prefixed label, or a number.
    let label = normalize_label(page);
    if !label
        .chars()
        .skip(usize::from(label.starts_with(|c: char| c.is_ascii_alphabetic())))
        .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some((m.range(), Jump { onward, page: label }))
}

/// A jump note ending a line of text (`…满意。(下转第3版)`): where the text before it
/// ends, the spaces before the note left out, and the note. None when nothing but
/// spaces stands before the note.
fn trailing_jump(line: &str, width_pass: bool) -> Option<(usize, Jump)> {
    // Read as the width pass leaves it (`第３版` is `第3版`), the cut mapped back by
    // characters, which that pass changes one for one.
    let half = width_pass_form(line, width_pass);
    let (r, j) = find_jump(&half)?;
    if !half[r.end..].trim_matches(is_hspace).is_empty() {
        return None;
    }
    let mut cut = half[..r.start].trim_end_matches(is_hspace).len();
    if let Cow::Owned(h) = &half {
        let chars = h[..cut].chars().count();
        cut = line.char_indices().nth(chars).map_or(line.len(), |(i, _)| i);
    }
    (cut > 0).then_some((cut, j))
}

/// `t` as the width pass prints it, when `changed` says it holds anything that pass
/// changes: full-width letters and digits half-width, compatibility ideographs unified
/// (`第\u{F9D1}版` is `第六版`). The patterns read the line as the output will show it,
/// so the output reads back alike.
fn width_pass_form(t: &str, changed: bool) -> Cow<'_, str> {
    if changed {
        Cow::Owned(t.chars().map(|c| unified(c).unwrap_or_else(|| as_halfwidth(c))).collect())
    } else {
        Cow::Borrowed(t)
    }
}

fn classify(text: &str, scan: &LineScan, repeated: bool) -> Kind {
    let t = &text[scan.trim()];
    if t.is_empty() {
        return Kind::Blank;
    }
    if t == SEPARATOR {
        return Kind::Separator;
    }
    // Furniture is short: a paragraph is content without further look.
    if !scan.short(SHORT) {
        return Kind::Content;
    }
    let p = patterns();
    let t = &*width_pass_form(t, scan.width_pass);
    if let Some((r, j)) = scan.ban.then(|| find_jump(t)).flatten() {
        // The note alone on its line, give or take a stray mark or digit of OCR noise;
        // never a word of text. Counted as [`LineScan`] counts: the marks whose run
        // changes length in the output (`......` → `……`) count nothing, so the output's
        // line is judged alike.
        let mut rest = t[..r.start].chars().chain(t[r.end..].chars()).filter(|&c| !is_hspace(c) && !is_stretch_mark(c));
        let noise = rest.clone().count() <= 2 && !rest.any(|c| is_ideograph_like(c) || c.is_alphabetic());
        if noise {
            return Kind::Jump(Box::new(j));
        }
    }
    // Cheap tests first: each pattern needs a character most lines do not hold.
    if (t.len() <= 16 || scan.ban) && p.folio.is_match(t) {
        return Kind::Furniture(FOLIO_WHY);
    }
    if scan.editor && p.editor.is_match(t) {
        return Kind::Furniture(RUNNING_HEAD_WHY);
    }
    // A running head: a short line with the date, weekday or page label and no sentence,
    // or a short line the page repeats.
    let labelled = || (scan.year || scan.star || scan.ban || scan.upper) && p.running_head.find_iter(t).count() >= 2;
    if !scan.sentence_punct && (repeated || labelled()) {
        return Kind::Furniture(RUNNING_HEAD_WHY);
    }
    Kind::Content
}

/// Lines other pages of the same issue show as running heads, as [`furniture_key`]s:
/// a page need not reveal its furniture by itself.
pub type KnownFurniture = std::collections::HashSet<u64>;

/// A key for a short line that survives the page label changing (`A02` → `A03`) and
/// OCR spacing: the line without spaces and digits.
pub fn furniture_key(t: &str) -> Option<u64> {
    let t = t.trim_matches(is_hspace);
    if t.is_empty() || !short(t, 40) || has_sentence_punct(t) {
        return None;
    }
    let mut h = crate::hash::Fnv::default();
    let mut n = 0;
    for c in t.chars().filter(|&c| !is_hspace(c) && !as_halfwidth(c).is_ascii_digit()) {
        n += 1;
        h.feed(&(c as u32).to_le_bytes());
    }
    (n >= 2).then_some(h.finish())
}

/// The short lines near the top and bottom of a page, as [`furniture_key`]s: where
/// running heads and folios stand.
pub fn edge_keys(text: &str) -> Vec<u64> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim_matches(is_hspace).is_empty()).collect();
    let n = lines.len();
    lines.iter().enumerate().filter(|(i, _)| *i < 4 || *i + 3 >= n).filter_map(|(_, l)| furniture_key(l)).collect()
}

/// Analyse the page and propose its structure edits.
pub fn analyse(text: &str, traditional: bool) -> Structure {
    analyse_with(text, traditional, &KnownFurniture::new())
}

/// [`analyse`], with the running heads other pages of the issue showed.
pub fn analyse_with(text: &str, traditional: bool, known: &KnownFurniture) -> Structure {
    analyse_lines(text, &physical_lines(text), traditional, known)
}

/// [`analyse_with`] on the page's [`physical_lines`], read once for this stage and the
/// passes.
pub fn analyse_lines(text: &str, lines: &[LineSpan], traditional: bool, known: &KnownFurniture) -> Structure {
    if lines.is_empty() {
        return Structure::default();
    }
    let mut scans: Vec<LineScan> = lines.iter().map(|l| LineScan::new(text, l.range())).collect();
    // Each line as the output shows it: a jump note ending a line of text is removed,
    // so every judgement below reads the line without it, as the next run will. Only a
    // line holding 版 can hold a note.
    // Few lines hold one: kept as (line, cut, note) in line order, not one slot a line.
    let notes: Vec<(usize, usize, Jump)> = (0..lines.len())
        .filter(|&i| scans[i].has_ban(text))
        .filter_map(|i| {
            trailing_jump(&text[lines[i].range()], scans[i].width_pass(text))
                .filter(|_| !matches!(classify(text, &scans[i], false), Kind::Jump(_)))
                .map(|(cut, j)| (i, cut, j))
        })
        .collect();
    let note = |i: usize| notes.binary_search_by_key(&i, |n| n.0).ok().map(|k| (&notes[k].1, &notes[k].2));
    for &(i, cut, _) in &notes {
        let start = lines[i].start as usize;
        scans[i] = LineScan::new(text, start..start + cut);
    }
    let bodies: Vec<&str> = (0..lines.len())
        .map(|i| {
            let r = lines[i].range();
            note(i).map_or(&text[r.clone()], |(cut, _)| &text[r.start..r.start + cut])
        })
        .collect();
    let line = |i: usize| bodies[i];
    let trimmed = |i: usize| &text[scans[i].trim()];

    // Short lines the page prints more than once are running heads. Sorted keys: a key
    // seen twice stands twice in a row.
    let mut keys: Vec<u64> =
        scans.iter().filter(|s| !s.trim().is_empty() && s.short(SHORT) && !s.sentence_punct).map(|s| s.key).collect();
    keys.sort_unstable();
    // Text in the output layout (see below) holds the lines the first reading kept: a
    // line it shows twice is two units the first reading joined alike, not a running
    // head.
    let layout_headings = output_layout(text, lines, &bodies, |i| {
        !matches!(classify(text, &scans[i], false), Kind::Content | Kind::Blank | Kind::Separator)
    });
    let laid_out = layout_headings.is_some();
    let seen_twice = |k: u64| !laid_out && keys.get(keys.partition_point(|&x| x < k) + 1) == Some(&k);
    let mut kinds: Vec<Kind> = (0..lines.len())
        .map(|i| {
            let (s, t) = (&scans[i], trimmed(i));
            // Only lines with words: a repeated `））` is OCR debris, not a running head.
            let repeated = s.short(SHORT)
                && ((!s.sentence_punct && seen_twice(s.key))
                    || (!known.is_empty() && furniture_key(t).is_some_and(|k| known.contains(&k))))
                && t.chars().filter(|c| c.is_alphanumeric()).nth(1).is_some();
            classify(text, s, repeated)
        })
        .collect();
    mark_masthead(&mut kinds, &bodies);

    let content: Vec<usize> = (0..lines.len()).filter(|&i| kinds[i] == Kind::Content).collect();
    let mut s = Structure::default();
    for (i, k) in kinds.iter().enumerate() {
        if matches!(k, Kind::Furniture(_)) {
            s.furniture.push(lines[i].range());
        }
    }
    if content.is_empty() {
        // A page of furniture, jump notes or article separators alone has no article:
        // its furniture goes as on any page, and so do the newlines and separators
        // between, leaving nothing. Kept, it showed in the text output while JSON listed
        // no article.
        if kinds.iter().any(|k| matches!(k, Kind::Furniture(_) | Kind::Jump(_) | Kind::Separator)) {
            let why = &Why { rule: PARAGRAPH, reason: "a page without article text" };
            lay_out(text, lines, &kinds, 0, text.len(), 0..lines.len(), "", why, &mut s.edits);
        }
        return s;
    }
    // Decide each gap between consecutive content lines: joined or not.
    // Widths past WIDE read alike to the column test; only line-per-line text below
    // needs them exact.
    let mut widths: Vec<usize> = content.iter().map(|&i| scans[i].width as usize).collect();
    // Printed lines show their column: most match a neighbour's width. Paragraphs, one
    // a line, do not, and neither does the output's own layout.
    // Printed lines show their column: most match the width of a line near them, and
    // are narrower than a paragraph. Paragraphs one a line do not, and neither does the
    // output's own layout, so the output reads back in paragraph mode.
    // Text already in the output layout is read as it was laid out: one unit a line,
    // nothing joined. Its blank lines are gone, and the gaps and widths that decided the
    // joins of the first reading no longer show, so reading it afresh would join further.
    let para_mode = laid_out || {
        let near = |a: usize, b: usize| a.abs_diff(b) <= 3 && (16..=80).contains(&a);
        let matched = (0..widths.len())
            .filter(|&k| (k.saturating_sub(2)..(k + 3).min(widths.len())).any(|j| j != k && near(widths[k], widths[j])))
            .count();
        // And printed lines mostly stop mid-sentence; paragraphs end on their full stop.
        let ended = content.iter().filter(|&&i| ends_paragraph(line(i))).count();
        widths.len() < 4 || matched * 2 < widths.len() || ended * 2 >= content.len()
    };
    let full = if para_mode {
        Vec::new()
    } else {
        for (w, &i) in widths.iter_mut().zip(&content) {
            if scans[i].cut {
                *w = width(line(i));
            }
        }
        fills_column(&widths)
    };
    // heading_like, from the scan.
    let headingish: Vec<bool> = content
        .iter()
        .map(|&i| {
            let s = &scans[i];
            s.short(SHORT)
                && !s.short(1)
                && (!s.sentence_punct
                    || !has_sentence_punct(
                        trimmed(i).trim_end_matches(|c| matches!(c, '！' | '？' | '!' | '?') || is_hspace(c)),
                    ))
        })
        .collect();
    // A page of printed lines without a blank line shows no block breaks (`-lines`
    // pages, and the output of a page read as printed lines, whose blank lines are
    // gone): there a full line that ends its sentence ends its paragraph, as it does
    // before a block break, so the output reads back as it was laid out.
    let no_breaks = !kinds[content[0]..=*content.last().unwrap_or(&content[0])].contains(&Kind::Blank);
    let mut joins = vec![false; content.len()];
    for k in 1..content.len() {
        let (a, b) = (content[k - 1], content[k]);
        let (ta, tb) = (trimmed(a), trimmed(b));
        let between = &kinds[a + 1..b];
        let separated = between.contains(&Kind::Separator);
        let page_break = between.iter().any(|k| matches!(k, Kind::Furniture(_))) || between.len() >= 2;
        if laid_out || separated || between.iter().any(|k| matches!(k, Kind::Jump(_))) {
            continue;
        }
        let (la, fb) = (last_char(ta).unwrap_or('。'), first_char(tb).unwrap_or(' '));
        let (a_body, b_body) = (!headingish[k - 1], !headingish[k]);
        joins[k] = if para_mode {
            if between.is_empty() {
                // Lines with nothing between them are paragraphs of the output layout.
                false
            } else if item_mark(fb) {
                false
            } else if continues(fb) && a_body {
                true
            } else if !b_body || ends_paragraph(ta) {
                false
            } else if traditional {
                // Classical text ends sentences on 、: a line ending there closes its
                // paragraph; one that stops on a character goes on.
                a_body && la != '、'
            } else if page_break {
                // A short line cut at a page break (`…上海浦东国际` ⏎ running head ⏎
                // `机场海关…`) looks like a heading only because its sentence goes on.
                a_body || (is_ideograph_like(la) && !scans[a].short(9))
            } else {
                // One blank line is the paragraph gap: only a long paragraph that stops
                // mid-sentence goes on past it (`…机制改革，着` ⏎⏎ `力提升…`).
                a_body && !scans[a].short(19)
            }
        } else {
            if continues(fb) && a_body {
                true
            } else if item_mark(fb) || !full[k - 1] {
                false
            } else if !between.is_empty() {
                // Across a blank line (an OCR block break) only a sentence cut short goes on.
                b_body && !ends_paragraph(ta)
            } else {
                // A full line goes on, unless what follows is a heading: a short line
                // that does not itself fill the column. With block breaks on the page,
                // a sentence may end at a line's end inside a paragraph.
                (b_body || full[k]) && !(no_breaks && ends_paragraph(ta))
            }
        };
    }
    // The output shows a run of joined lines as one line, and the next reading judges it
    // alone: a short run that would read as furniture, a jump line or the separator
    // (`2024年5月8日` ⏎ `星期三`) stays apart, each line content as it came.
    let mut k = 0;
    while k < content.len() {
        let mut e = k;
        while e + 1 < content.len() && joins[e + 1] {
            e += 1;
        }
        if e > k && content[k..=e].iter().map(|&i| scans[i].count as usize).sum::<usize>() <= SHORT {
            let joined: String = content[k..=e].iter().map(|&i| trimmed(i)).collect();
            if classify(&joined, &LineScan::new(&joined, 0..joined.len()), false) != Kind::Content {
                joins[k + 1..=e].fill(false);
            }
        }
        k = e + 1;
    }

    // Units: runs of joined lines.
    let mut units: Vec<Unit> = Vec::new();
    let mut k = 0;
    while k < content.len() {
        let mut e = k;
        while e + 1 < content.len() && joins[e + 1] {
            e += 1;
        }
        let (first, last) = (content[k], content[e]);
        // Judged on the whole unit, as the output will show it on one line.
        // Text in the output layout says by its place which line is a heading: a
        // heading-like line among paragraphs is one the first reading made a paragraph.
        let heading = if let Some(h) = &layout_headings {
            h[first]
        } else if k == e {
            headingish[k] && !credit(trimmed(first))
        } else {
            let bytes: usize = content[k..=e].iter().map(|&i| line(i).len()).sum();
            bytes <= 160 && {
                let t: String = content[k..=e].iter().map(|&i| line(i).trim_matches(is_hspace)).collect();
                heading_like(&t) && !credit(&t)
            }
        };
        units.push(Unit {
            lines: first..last + 1,
            heading,
            span: lines[first].start as usize..lines[last].end as usize,
        });
        k = e + 1;
    }
    // The per-line readings are done with: on a long page they are most of the memory.
    drop((scans, keys, widths, full, headingish, joins));

    // Articles: a heading group after a paragraph opens a new one; so does a separator.
    let mut articles: Vec<Article> = vec![Article::default()];
    let mut pending_from: Option<String> = None;
    let mut prev_line = 0usize;
    for (ui, mut u) in units.into_iter().enumerate() {
        let between = if ui == 0 { &kinds[..u.lines.start] } else { &kinds[prev_line..u.lines.start] };
        let separated = between.contains(&Kind::Separator);
        for k in between {
            if let Kind::Jump(j) = k {
                if j.onward {
                    if let Some(a) = articles.last_mut() {
                        a.continues_on.get_or_insert(j.page.clone());
                    }
                } else {
                    pending_from = Some(j.page.clone());
                }
            }
        }
        // Past a separator the unit opens an article of its own: it is no intertitle of
        // the one before.
        if u.heading && !separated && !laid_out && articles.last().is_some_and(|a| intertitle(&bodies, &kinds, a, &u)) {
            u.heading = false;
        }
        let cur = articles.last().map(|a| (a.units.is_empty(), a.units.last().is_some_and(|l| !l.heading)));
        let new_article = match cur {
            Some((true, _)) => false,
            Some((false, after_paragraph)) => separated || (u.heading && after_paragraph),
            None => true,
        };
        if new_article {
            articles.push(Article::default());
        }
        if let Some(from) = pending_from.take() {
            if let Some(a) = articles.last_mut() {
                a.continued_from.get_or_insert(from);
            }
        }
        prev_line = u.lines.end;
        if let Some(a) = articles.last_mut() {
            a.units.push(u);
        }
    }
    for k in &kinds[prev_line..] {
        if let Kind::Jump(j) = k {
            if let Some(a) = articles.last_mut() {
                if j.onward {
                    a.continues_on.get_or_insert(j.page.clone());
                } else {
                    a.continued_from.get_or_insert(j.page.clone());
                }
            }
        }
    }
    articles.retain(|a| !a.units.is_empty());

    // Jump notes at the end of a content line: `…满意。(下转第3版)`.
    for a in &mut articles {
        for u in &a.units {
            for li in u.lines.clone() {
                if kinds[li] != Kind::Content {
                    continue;
                }
                if let Some((cut, j)) = note(li) {
                    let r = lines[li].range();
                    s.cuts.push((r.end, r.start + cut));
                    s.edits.push(
                        Edit::deletion(
                            r.start + cut,
                            r.end,
                            &Why { rule: JUMP, reason: "jump line: the article goes on elsewhere" },
                        )
                        .with_applicability(crate::Applicability::Safe),
                    );
                    if j.onward {
                        a.continues_on.get_or_insert(j.page.clone());
                    } else {
                        a.continued_from.get_or_insert(j.page.clone());
                    }
                }
            }
        }
    }

    // Layout edits: every gap between two units, and inside units the joins.
    // Each gap is laid out as it is found, in reading order.
    let mut lay_gap = |a: usize, b: usize, gap: Gap, edits: &mut Vec<Edit>| {
        let want = gap_edits(text, lines, &kinds, (bodies[a], bodies[b]), a, b, gap, edits);
        if matches!(gap, Gap::Wrap | Gap::PageBreak) {
            s.joins.push(Join::new(lines[a].end as usize, lines[b].start as usize, want));
        }
    };
    let mut edits = std::mem::take(&mut s.edits);
    // About one layout edit a gap: reserved, not grown by doubling.
    edits.reserve(content.len() + 2);
    for (ai, a) in articles.iter().enumerate() {
        for (ui, u) in a.units.iter().enumerate() {
            // Joins inside the unit.
            let inner = &content
                [content.partition_point(|&c| c < u.lines.start)..content.partition_point(|&c| c < u.lines.end)];
            for w in inner.windows(2) {
                let between = &kinds[w[0] + 1..w[1]];
                let kind = if between.is_empty() { Gap::Wrap } else { Gap::PageBreak };
                lay_gap(w[0], w[1], kind, &mut edits);
            }
            let next = if ui + 1 < a.units.len() {
                Some((&a.units[ui + 1], false))
            } else {
                articles.get(ai + 1).and_then(|n| n.units.first()).map(|f| (f, true))
            };
            if let Some((n, new_article)) = next {
                let gap = if new_article {
                    Gap::Article
                } else if u.heading && n.heading {
                    Gap::LineSpan
                } else if u.heading {
                    Gap::Blank
                } else {
                    Gap::LineSpan
                };
                lay_gap(u.lines.end - 1, n.lines.start, gap, &mut edits);
            }
        }
    }
    s.edits = edits;
    // Before the first unit and after the last: nothing, then one newline. A page of
    // one article of paragraphs alone would bear no mark of the layout (printed lines
    // look the same) and could read back as printed lines: it opens on the blank line
    // that follows its empty heading group.
    let first = content[0];
    let last = *content.last().unwrap_or(&first);
    let unmarked = matches!(&articles[..], [a] if a.units.len() > 1 && a.units.iter().all(|u| !u.heading));
    edge_edits(text, lines, &kinds, first, last, if unmarked { "\n" } else { "" }, &mut s.edits);
    s.articles = articles;
    s
}

/// Is the page in the output layout, with a mark of it that raw text does not carry?
/// If so, which lines the layout shows as headings: those of a heading group. `bodies`
/// are the lines without the jump notes that end them; `furniture` tells a line that is
/// furniture by itself.
/// The layout: articles between `---` lines, each a heading group, one blank line and
/// its paragraphs (or headings or paragraphs alone), no other blank line, no edge
/// spaces, one newline at the end. The mark: a `---` line, a heading group's blank
/// line, or an article of headings alone; a page of one article of paragraphs alone,
/// which has none of these, opens on a blank line (its empty heading group's). Printed
/// lines without a blank line (`-lines` pages) carry no mark and are read as usual.
fn output_layout(text: &str, lines: &[LineSpan], bodies: &[&str], furniture: impl Fn(usize) -> bool) -> Option<Vec<bool>> {
    // The last range is what follows the final newline: empty in the layout.
    let (end, lines) = lines.split_last()?;
    if end.start != end.end || lines.is_empty() {
        return None;
    }
    let line = |i: usize| &text[lines[i].range()];
    let mut marked = false;
    let mut heading = vec![false; lines.len() + 1];
    let mut start = 0;
    while start < lines.len() {
        // One article: up to its separator, which stands between two blank lines.
        let stop = (start..lines.len()).find(|&i| line(i) == SEPARATOR).unwrap_or(lines.len());
        let body = if stop < lines.len() {
            marked = true;
            if stop < start + 2 || stop + 2 >= lines.len() || !line(stop - 1).is_empty() || !line(stop + 1).is_empty() {
                return None;
            }
            start..stop - 1
        } else {
            start..stop
        };
        let blanks: Vec<usize> = body.clone().filter(|&i| line(i).is_empty()).collect();
        // Judged as the output shows the line: a jump note ending it is gone.
        let headings = |r: Range<usize>| r.into_iter().all(|i| heading_like(bodies[i]) && !credit(bodies[i]));
        match blanks[..] {
            // Headings alone are a mark too: printed lines are seldom all headline-like.
            [] => {
                if headings(body.clone()) {
                    marked = true;
                    heading[body.clone()].fill(true);
                }
            }
            // A page of one article of paragraphs alone opens on the blank line of its
            // empty heading group.
            [0] if stop == lines.len() && body.end > 2 => marked = true,
            // Headings, the blank line, paragraphs: every line before it a heading.
            [b] if b > body.start && b + 1 < body.end => {
                if !headings(body.start..b) {
                    return None;
                }
                marked = true;
                heading[body.start..b].fill(true);
            }
            _ => return None,
        }
        if body.clone().any(|i| line(i).starts_with(is_hspace) || line(i).ends_with(is_hspace)) {
            return None;
        }
        start = stop + 2;
    }
    // The output holds no furniture: a page that does is read as it comes. Asked last,
    // of the few pages that get this far.
    if !marked || (0..lines.len()).any(&furniture) {
        return None;
    }
    Some(heading)
}

/// Tesseract prints the masthead as separate short lines (`江城日报`, `2012年6月13日
/// 星期三`, `A01 社会`): the paper's name standing next to a running head at the top
/// of the page is furniture too.
fn mark_masthead(kinds: &mut [Kind], bodies: &[&str]) {
    let content: Vec<usize> = (0..kinds.len()).filter(|&i| kinds[i] != Kind::Blank).take(4).collect();
    for (n, &i) in content.iter().enumerate() {
        if kinds[i] != Kind::Content {
            continue;
        }
        let t = bodies[i].trim_matches(is_hspace);
        let paper = short(t, 8) && (t.ends_with('报') || t.ends_with('報')) && !has_sentence_punct(t);
        let label = short(t, 8) && patterns().running_head.is_match(t) && !has_sentence_punct(t);
        let near_head =
            content.iter().skip(n.saturating_sub(1)).take(3).any(|&j| kinds[j] == Kind::Furniture(RUNNING_HEAD_WHY));
        if (paper || label) && near_head {
            kinds[i] = Kind::Furniture(RUNNING_HEAD_WHY);
        }
    }
}

/// A `X：Y` heading-like line inside an article whose headings name X (`张绍刚：我是一
/// 片好意` under `张绍刚发道歉信…`) is an intertitle: it stays in the article as a
/// paragraph. `�` in either stands for any character. Headings are read as the output
/// shows them: their lines joined, furniture left out.
fn intertitle(bodies: &[&str], kinds: &[Kind], a: &Article, u: &Unit) -> bool {
    if a.units.last().is_none_or(|l| l.heading) {
        return false;
    }
    let t = bodies[u.lines.start].trim_matches(is_hspace);
    if u.lines.len() > 1 {
        return false;
    }
    let Some(m) = patterns().intertitle.find(t) else { return false };
    let label: Vec<char> = m.as_str().trim_end_matches(['：', ':']).chars().collect();
    if label.is_empty() {
        return false;
    }
    a.units.iter().filter(|h| h.heading).any(|h| {
        let ht: Vec<char> = h
            .lines
            .clone()
            .filter(|&i| kinds[i] == Kind::Content)
            .flat_map(|i| bodies[i].trim_matches(is_hspace).chars())
            .collect();
        ht.windows(label.len())
            .any(|w| w.iter().zip(&label).all(|(x, y)| x == y || *x == '\u{FFFD}' || *y == '\u{FFFD}'))
    })
}

/// A credit line ends an article's text: `作者：…`, `（来源：…）`, `新华社发（…摄）`.
/// Traditional forms count too, and the words are read past spaces: the variant and
/// space passes make `記 者` `记者`, and the output must read as the input did.
fn credit(t: &str) -> bool {
    // Every credit word starts with one of these: most lines are ruled out in one scan.
    if !t.trim_end_matches(is_hspace).ends_with(['）', ')']) && !t.contains(['作', '记', '記', '通', '来', '來'])
    {
        return false;
    }
    if t.contains(is_hspace) {
        return credit_words(&t.chars().filter(|&c| !is_hspace(c)).collect::<String>());
    }
    credit_words(t)
}

fn credit_words(t: &str) -> bool {
    t.starts_with("作者")
        || t.contains("记者")
        || t.contains("記者")
        || t.contains("通讯员")
        || t.contains("通訊員")
        || t.contains("来源")
        || t.contains("來源")
        || t.strip_suffix(['）', ')']).is_some_and(|h| h.ends_with(['摄', '攝']))
}

/// For line-per-line text: does each content line fill its column? The column is read
/// as it goes: the width of the last full line, or the typical width of the next few
/// lines when those are narrower (text set around a picture narrows every line after
/// it, while a paragraph's short last line stands alone).
fn fills_column(widths: &[usize]) -> Vec<bool> {
    const SLACK: usize = 3;
    let mut full = vec![false; widths.len()];
    // At most five widths: sorted on the stack, not in a vector per line.
    let median = |s: &[usize]| {
        let mut v = [0usize; 5];
        let v = &mut v[..s.len()];
        v.copy_from_slice(s);
        v.sort_unstable();
        v.get(v.len() / 2).copied()
    };
    let mut column = median(&widths[..widths.len().min(5)]).unwrap_or(0);
    for k in 0..widths.len() {
        let after = median(&widths[k + 1..(k + 4).min(widths.len())]).unwrap_or(usize::MAX);
        let col = column.min(after);
        full[k] = widths[k] + SLACK >= col && widths[k] >= 2;
        if full[k] {
            column = widths[k].max(col);
        }
    }
    full
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// Two printed lines of one paragraph.
    Wrap,
    /// One paragraph across a page break.
    PageBreak,
    /// The next heading of a group, or the next paragraph.
    LineSpan,
    /// Headings to the first paragraph.
    Blank,
    /// One article to the next.
    Article,
}

/// The edits that turn the gap between content lines `a` and `b` (whose text, jump
/// notes left out, is `ends`) into `gap`.
#[allow(clippy::too_many_arguments)]
fn gap_edits(
    text: &str,
    lines: &[LineSpan],
    kinds: &[Kind],
    (ta, tb): (&str, &str),
    a: usize,
    b: usize,
    gap: Gap,
    out: &mut Vec<Edit>,
) -> &'static str {
    let latin_pair = last_char(ta).is_some_and(|c| c.is_ascii_alphanumeric())
        && first_char(tb).is_some_and(|c| c.is_ascii_alphanumeric());
    let (want, why): (&'static str, &'static Why) = match gap {
        Gap::Wrap => (
            if latin_pair { " " } else { "" },
            &Why { rule: WRAP, reason: "printed line that fills its column: the paragraph goes on" },
        ),
        Gap::PageBreak => (
            if latin_pair { " " } else { "" },
            &Why { rule: PAGE_BREAK, reason: "paragraph cut by a page or column break: rejoined" },
        ),
        Gap::LineSpan => ("\n", &Why { rule: PARAGRAPH, reason: "one heading or paragraph per line" }),
        Gap::Blank => ("\n\n", &Why { rule: PARAGRAPH, reason: "a blank line between headings and text" }),
        Gap::Article => ("\n\n---\n\n", &Why { rule: ARTICLE, reason: "a new article begins" }),
    };
    lay_out(text, lines, kinds, lines[a].end as usize, lines[b].start as usize, a + 1..b, want, why, out);
    want
}

/// Lay out the stretch `from..to` of the page, which holds the lines `inner`: its
/// newlines become `want` (the first run) and nothing (the others), furniture lines are
/// removed by their own edits, and whitespace-only lines are left to `space.edge`, so
/// no edit here overlaps one of the character passes.
#[allow(clippy::too_many_arguments)]
fn lay_out(
    text: &str,
    lines: &[LineSpan],
    kinds: &[Kind],
    from: usize,
    to: usize,
    inner: Range<usize>,
    want: &'static str,
    why: &'static Why,
    out: &mut Vec<Edit>,
) {
    let mut pos = from;
    let mut first = true;
    let mut segment = |start: usize, end: usize, out: &mut Vec<Edit>| {
        let replacement = if first { want } else { "" };
        first = false;
        if &text[start..end] != replacement {
            out.push(Edit::replace(start, end, replacement, why));
        }
    };
    for i in inner {
        let r = lines[i].range();
        let removal = match &kinds[i] {
            Kind::Furniture(why) => Some(*why),
            Kind::Jump(_) => Some(&Why { rule: JUMP, reason: "jump line: the article goes on elsewhere" }),
            // A separator read back stays inside its newline run: the run is compared
            // whole with the layout wanted, so the output's own layout needs no edit.
            _ => None,
        };
        let spaces_only = r.start < r.end && text[r.clone()].chars().all(is_hspace);
        if removal.is_none() && !spaces_only {
            continue;
        }
        segment(pos, r.start, out);
        if let Some(why) = removal {
            out.push(Edit::deletion(r.start, r.end, why));
        }
        pos = r.end;
    }
    segment(pos, to, out);
}

/// Blank lines and furniture before the first content line go, but for `lead` (the
/// blank line of an empty heading group, or nothing); after the last, the page ends
/// with exactly one newline.
fn edge_edits(
    text: &str,
    lines: &[LineSpan],
    kinds: &[Kind],
    first: usize,
    last: usize,
    lead: &'static str,
    out: &mut Vec<Edit>,
) {
    // Before: an empty stretch from the page start to the first content line. The
    // first line's own start is the stretch's end, so a line 0 that is furniture or
    // spaces is handled as an inner line.
    if first > 0 {
        let why = &Why { rule: PARAGRAPH, reason: "blank lines before the text" };
        lay_out(text, lines, kinds, 0, lines[first].start as usize, 0..first, lead, why, out);
    } else if !lead.is_empty() {
        let why = &Why { rule: PARAGRAPH, reason: "a blank line before the text: a page of paragraphs alone" };
        out.push(Edit::insertion(0, lead, why));
    }
    let end = lines[last].end as usize;
    lay_out(
        text,
        lines,
        kinds,
        end,
        text.len(),
        last + 1..lines.len(),
        "\n",
        &Why { rule: PARAGRAPH, reason: "one newline ends the page" },
        out,
    );
}

/// Characters of an article's first paragraph that say who wrote it and from where.
pub fn dateline(first: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?:本报讯|[\p{Han}]{1,12}?讯|[\p{Han}]{2,12}?\d{1,2}月\d{1,2}日(?:专?电|讯|消息)|[\p{Han}]{2,8}(?:社|网)[\p{Han}]{0,6}电)")
            .expect("dateline")
    });
    re.find(first).map(|m| m.as_str().to_string())
}

pub fn byline(first: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"[（(]((?:[^（()）]{0,12}?)(?:记者|通讯员|記者|通訊員)[^（()）]{1,30})[）)]|^(?:本报)?记者[ \u3000]*\p{Han}{2,3}")
            .expect("byline")
    });
    let head: String = first.chars().take(60).collect();
    let caps = re.captures(&head)?;
    Some(caps.get(1).unwrap_or_else(|| caps.get(0).expect("match")).as_str().trim().to_string())
}
