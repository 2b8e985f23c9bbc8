//! Joins: which content line goes on into the next. The page is read first as a whole
//! (paragraphs one a line, or printed lines that show their column), then each gap
//! between two content lines is decided by what ends the first and opens the second.

use super::classify::{byline_alone, classify, role_opening, Kind};
use super::join_model::{self, MID_WORD, SIGNALS};
use super::line_scan::{first_char, last_char, width, LineScan, SHORT};
use super::Read;
use crate::rules::model::Signals;
use crate::rules::StructureRules;
use crate::text::script::{is_hspace, is_ideograph_like, MISREAD_COMMA};
use std::ops::Range;

/// The most characters of a short line closing a deck the geometry set: a byline in
/// brackets (`（不飛自南京寄）`).
const BYLINE_LINE: usize = 9;

/// Does each content line go on from the one before it (the first never does)?
/// `headingish` says, for each content line, whether it looks like a heading. Also the
/// lines that go on after a space (see [`broken_credits`]), by page line.
pub(super) fn decide(r: &Read, scans: &[LineScan], headingish: &[bool], traditional: bool) -> (Vec<bool>, Vec<usize>) {
    let gaps = Gaps::read(r, scans, headingish, traditional);
    let mut joins: Vec<bool> = (0..r.content.len()).map(|k| k > 0 && gaps.join(k)).collect();
    keep_short_runs_apart(r, scans, &mut joins);
    let mut spaced = Vec::new();
    for (run, title) in broken_credits(r, scans) {
        joins[run.start] = false;
        joins[run.start + 1..run.end].fill(true);
        if let Some(after) = joins.get_mut(run.end) {
            *after = false;
        }
        // An item mark goes on its title tight, as the space pass leaves it.
        spaced.extend(r.content[title + 1..run.end].iter().copied());
    }
    for k in datelines_alone(r, scans) {
        joins[k] = false;
        joins[k + 1] = true;
        // A credit in brackets goes on the dateline tight: `中新网6月1日电（记者 王五）`.
        let next = &r.page.text[scans[r.content[k + 1]].trim()];
        if !first_char(next).is_some_and(opens_bracket) {
            spaced.push(r.content[k + 1]);
        }
    }
    (joins, spaced)
}

/// A credit line that a text extractor broke at its wide spaces, each word a block of
/// its own (pdftotext: `□` ⏎⏎ `本报记者` ⏎⏎ `林峰` ⏎⏎ `通讯员` ⏎⏎ `程远`), as ranges of
/// content lines, and where its first title stands: read back as the one line it was,
/// its words a space apart. Past an
/// item mark, pairs of a title (two to four characters ending on a reporter's role,
/// `记者`, `通讯员`) and a name (two or three characters), then maybe a photo credit
/// (`摄`, `文/图`); each piece a block of its own, one blank line after the one before.
/// Nothing else is read as one: a name without its title, a heading after the last
/// name. The spaces are those the space pass keeps in a byline, so the output reads
/// back as it is.
fn broken_credits(r: &Read, scans: &[LineScan]) -> Vec<(Range<usize>, usize)> {
    let rules = r.page.rules;
    let n = r.content.len();
    let text = |k: usize| &r.page.text[scans[r.content[k]].trim()];
    let chars = |k: usize| scans[r.content[k]].count as usize;
    // A block of one line, one blank line after the content line before.
    let alone = |k: usize| {
        let (a, b) = (r.content[k - 1], r.content[k]);
        b == a + 2 && r.kinds[a + 1] == Kind::Blank && !scans[b].sentence_punct && !text(k).contains(is_hspace)
    };
    let title = |k: usize| (2..=4).contains(&chars(k)) && rules.roles.iter().any(|w| text(k).ends_with(w.as_str()));
    let name = |k: usize| (2..=3).contains(&chars(k)) && text(k).chars().all(is_ideograph_like);
    let pair = |k: usize| k + 1 < n && alone(k + 1) && title(k) && name(k + 1);
    let photo = |k: usize| {
        let t = text(k);
        rules.photo_credit.iter().any(|w| w == t) || matches!(t, "文/图" | "文／图" | "文/圖" | "文／圖")
    };
    let mut runs = Vec::new();
    let mut k = 1;
    while k < n {
        if !(alone(k) && pair(k)) {
            k += 1;
            continue;
        }
        let start = if item_mark_alone(rules, text(k - 1)) { k - 1 } else { k };
        let mut end = k + 2;
        while end < n && alone(end) && pair(end) {
            end += 2;
        }
        if end < n && alone(end) && photo(end) {
            end += 1;
        }
        runs.push((start..end, k));
        k = end + 1;
    }
    runs
}

/// The content lines that hold a dateline alone, the first line of its paragraph right
/// under it: an extractor broke the dateline, set in bold, off that line (pdftotext:
/// `本报讯` ⏎ `记者 彭程 报道：近`). It opens a paragraph, and the line goes on after
/// it a space apart, as the dateline's gap was printed.
fn datelines_alone(r: &Read, scans: &[LineScan]) -> Vec<usize> {
    let text = |k: usize| &r.page.text[scans[r.content[k]].trim()];
    (0..r.content.len().saturating_sub(1))
        .filter(|&k| r.content[k + 1] == r.content[k] + 1 && super::classify::dateline_alone(r.page.rules, text(k)))
        .collect()
}

/// A bracket that opens a credit after a dateline (`（记者 王五）`, OCR's `〈`, `【`).
fn opens_bracket(c: char) -> bool {
    matches!(c, '（' | '(' | '〈' | '【' | '[' | '［')
}

/// Is the line a news item's mark standing alone (`□`)?
fn item_mark_alone(rules: &StructureRules, t: &str) -> bool {
    let mut c = t.chars();
    c.next().is_some_and(|m| item_mark(rules, m)) && c.next().is_none()
}

/// For the fit of the join model: each gap between printed lines that the model
/// decides, as the two content lines' indices and the gap's signals. None on a page
/// read as paragraphs.
pub(super) fn signals(
    r: &Read,
    scans: &[LineScan],
    headingish: &[bool],
    traditional: bool,
) -> Vec<(usize, usize, Signals)> {
    let gaps = Gaps::read(r, scans, headingish, traditional);
    if gaps.para_mode {
        return Vec::new();
    }
    (1..r.content.len())
        .filter_map(|k| {
            gaps.gap(k).map(|g| {
                let s = gaps.signals(&g, k);
                (r.content[k - 1], r.content[k], if gaps.mid_word(&g, k) { s.with(MID_WORD) } else { s })
            })
        })
        .collect()
}

/// What each gap is decided from.
struct Gaps<'a> {
    r: &'a Read<'a>,
    scans: &'a [LineScan],
    headingish: &'a [bool],
    /// The page holds paragraphs one a line, not printed lines.
    para_mode: bool,
    /// For printed lines: each content line's width and its column's, and whether it
    /// ends its paragraph by its last characters (read once: the gap after a line and
    /// the gap after the next both ask).
    widths: Vec<usize>,
    columns: Vec<usize>,
    ends: Vec<bool>,
    /// Each content line opens on a dateline or a reporter's credit, and on a
    /// dateline proper (see [`proper_dateline`]).
    datelines: Vec<bool>,
    proper: Vec<bool>,
    /// No blank line stands among the content lines.
    no_breaks: bool,
    traditional: bool,
}

impl<'a> Gaps<'a> {
    fn read(r: &'a Read<'a>, scans: &'a [LineScan], headingish: &'a [bool], traditional: bool) -> Self {
        let content = &r.content;
        let para_mode = paragraph_mode(r, scans);
        let widths = if para_mode { Vec::new() } else { exact_widths(r, scans) };
        let columns = columns(&widths);
        let ends = if para_mode {
            Vec::new()
        } else {
            content.iter().map(|&i| ends_paragraph(r.page.rules, &r.page.text[scans[i].trim()])).collect()
        };
        // A page of printed lines without a blank line shows no block breaks (`-lines`
        // pages, and the output of a page read as printed lines, whose blank lines are
        // gone): there a full line that ends its sentence ends its paragraph, as it does
        // before a block break, so the output reads back as it was laid out.
        let no_breaks = !r.kinds[content[0]..=*content.last().unwrap_or(&content[0])].contains(&Kind::Blank);
        let (datelines, proper) = if para_mode { Default::default() } else { opens_on_datelines(r, scans) };
        Gaps { r, scans, headingish, para_mode, widths, columns, ends, datelines, proper, no_breaks, traditional }
    }

    /// Does content line `k` go on from line `k - 1`?
    fn join(&self, k: usize) -> bool {
        let Some(gap) = self.gap(k) else { return false };
        if self.para_mode {
            let (a, b) = (self.r.content[k - 1], self.r.content[k]);
            let between = &self.r.kinds[a + 1..b];
            let page_break = between.iter().any(|k| matches!(k, Kind::Furniture(_))) || between.len() >= 2;
            self.paragraphs_join(&gap, a, page_break)
        } else {
            self.printed_lines_join(&gap, k)
        }
    }

    /// The gap before content line `k`, or None where nothing may join across it.
    fn gap(&self, k: usize) -> Option<Gap<'a>> {
        let Read { page, kinds, content, laid_out, .. } = self.r;
        let (a, b) = (content[k - 1], content[k]);
        let between = &kinds[a + 1..b];
        // Text already in the output layout is read as it was laid out: one unit a
        // line, nothing joined. Its blank lines are gone, and the gaps and widths that
        // decided the joins of the first reading no longer show, so reading it afresh
        // would join further.
        if laid_out.is_some() || between.iter().any(|k| matches!(k, Kind::Separator | Kind::Jump(_))) {
            return None;
        }
        // The blank line the geometry wrote under a deck it set ending in a short line
        // is its reading of the sizes and places: a byline the OCR read as one character
        // (`全` for `（南平）`) is no fragment of the text's first word. A long line
        // with the marks of a sentence is text the geometry took for a heading.
        let deck_end = || self.scans[a].short(BYLINE_LINE) && !self.scans[a].sentence_punct;
        if !between.is_empty() && self.r.told_at(a) == Some(true) && self.r.told_at(b) == Some(false) && deck_end() {
            return None;
        }
        let ta = &page.text[self.scans[a].trim()];
        let tb = &page.text[self.scans[b].trim()];
        Some(Gap {
            ta,
            tb,
            la: last_char(ta).unwrap_or('。'),
            fb: first_char(tb).unwrap_or(' '),
            a_body: !self.headingish[k - 1],
            b_body: !self.headingish[k],
            blank: !between.is_empty(),
        })
    }

    /// Does content line `k` start something: the first on the page, after a blank
    /// line or furniture, or after a line that ends its sentence? A short line that
    /// does is a heading; one that does not is a piece of a sentence cut off at a
    /// quote mark, a bold dateline or a column's end.
    fn opens(&self, k: usize) -> bool {
        let content = &self.r.content;
        k == 0 || content[k] > content[k - 1] + 1 || self.ends[k - 1]
    }

    /// Paragraphs one a line: a paragraph goes on past a gap only when it stops
    /// mid-sentence.
    fn paragraphs_join(&self, g: &Gap, a: usize, page_break: bool) -> bool {
        let rules = self.r.page.rules;
        if !g.blank {
            // Lines with nothing between them are paragraphs of the output layout.
            false
        } else if item_mark(rules, g.fb) {
            false
        } else if continues(g.fb) && g.a_body {
            true
        } else if !g.b_body || ends_paragraph(rules, g.ta) {
            false
        } else if self.traditional {
            // Classical text ends sentences on 、: a line ending there closes its
            // paragraph; one that stops on a character goes on.
            g.a_body && !matches!(g.la, '、' | MISREAD_COMMA)
        } else if page_break {
            // A short line cut at a page break (`…上海浦东国际` ⏎ running head ⏎
            // `机场海关…`) looks like a heading only because its sentence goes on.
            g.a_body || (is_ideograph_like(g.la) && !self.scans[a].short(9))
        } else {
            // One blank line is the paragraph gap: only a long paragraph that stops
            // mid-sentence goes on past it (`…机制改革，着` ⏎⏎ `力提升…`).
            g.a_body && !self.scans[a].short(19)
        }
    }

    /// Printed lines: the join model weighs the gap's signals.
    fn printed_lines_join(&self, g: &Gap, k: usize) -> bool {
        // Breaks the page's make-up sets whatever else the gap shows. A caption's
        // credit ends its paragraph: nothing of the caption comes after it (PyMuPDF
        // prints a displaced headline next, `图为…。　罗敏　摄` ⏎ `山西省委书记：…`,
        // and a full line that ends its sentence goes on in text without blank lines).
        if photo_credit_end(self.r.page.rules, g.ta)
            || self.headline_over_dateline(g, k)
            || self.byline_apart(g)
            || subtitle(g)
        {
            return false;
        }
        join_model::builtin().holds_unless_read(self.signals(g, k), MID_WORD, || self.mid_word(g, k))
    }

    /// Is the gap before content line `k` a headline's end over its text's dateline: a
    /// line like a heading (not a dateline itself), then one opening on a dateline
    /// proper (`山西省委书记：煤老板将淡出历史舞台` ⏎ `中新网太原5月31日电…`)? A dateline
    /// opens its article's text; pdftotext and PyMuPDF print the headline right above
    /// it, as wide as the column as often as not. The devset's text groups hold 100
    /// such gaps that break and one that joins.
    fn headline_over_dateline(&self, g: &Gap, k: usize) -> bool {
        !g.a_body && self.proper[k] && !self.datelines[k - 1]
    }

    /// Does a byline on its own line stand apart from the lines around it: it ends
    /// there but where the next line names the next role (`本报记者　谢晓` ⏎ `通讯员
    /// 张三`), and a line like a heading ends over it? A page prints the byline apart,
    /// its article's first paragraph, under the headline; the devset's text groups
    /// hold 64 such gaps that break and none that joins.
    fn byline_apart(&self, g: &Gap) -> bool {
        let rules = self.r.page.rules;
        let next_role = || {
            let head: String = g.tb.chars().filter(|&c| !is_hspace(c)).take(6).collect();
            role_opening(rules, &head).is_some() || head.starts_with(['文', '摄', '攝'])
        };
        (byline_alone(rules, g.ta) && !next_role()) || (!g.a_body && byline_alone(rules, g.tb))
    }

    /// Does the gap before content line `k` fall inside a word? Read from the
    /// dictionary only where the decision turns on it: a page's every gap would cost
    /// a quarter more time. Its words are simplified Chinese: a traditional page is not
    /// read by it.
    fn mid_word(&self, g: &Gap, k: usize) -> bool {
        !self.ends[k - 1] && !self.traditional && crate::text::words::splits_word(g.ta, g.tb)
    }

    /// The signals of the gap before content line `k` (see [`SIGNALS`]), but for
    /// [`MID_WORD`] ([`Gaps::mid_word`]).
    fn signals(&self, g: &Gap, k: usize) -> Signals {
        let rules = self.r.page.rules;
        let short = |i: usize| self.columns[i] as isize - self.widths[i] as isize;
        let (sa, sb) = (short(k - 1), short(k));
        // Half-em columns: full within half an em, an indent about two em.
        let bins = |s: isize| (s <= 1, (2..=3).contains(&s), (4..=5).contains(&s));
        let (a_full, a_near, a_indent) = bins(sa);
        let (b_full, b_near, b_indent) = bins(sb);
        let a_ends = self.ends[k - 1];
        let c_full = k + 1 < self.widths.len() && short(k + 1) <= 1;
        let flags: [bool; SIGNALS.len()] = [
            a_full,
            a_near,
            a_indent,
            sa < -2,
            b_full,
            b_near,
            b_indent,
            sb > 5,
            a_ends,
            matches!(g.la, '，' | '、' | MISREAD_COMMA | '；' | ',' | ';'),
            continues(g.fb),
            g.blank,
            !g.a_body,
            !g.b_body,
            item_mark(rules, g.fb),
            a_full && a_ends,
            g.blank && a_ends,
            a_ends && b_indent,
            self.no_breaks && a_ends,
            c_full,
            self.widths[k - 1] <= 12,
            self.widths[k] <= 12,
            !g.a_body && !g.b_body,
            // Classical text ends its sentences on 、.
            self.traditional && matches!(g.la, '、' | MISREAD_COMMA),
            a_full && sb > 5 && !g.b_body,
            credit_end(g.ta),
            !g.a_body && b_indent,
            self.widths[k - 1] <= 2 && self.widths[k] <= 2,
            fits_run(&self.widths, k - 1) && !a_full,
            sa > 5,
            self.opens(k - 1),
            self.widths[k - 1] * 2 <= self.columns[k - 1],
            false,
            self.datelines[k - 1],
            self.datelines[k],
        ];
        Signals::of(&flags)
    }
}

/// One gap between two content lines, as its join is decided from.
struct Gap<'a> {
    /// The two lines, trimmed.
    ta: &'a str,
    tb: &'a str,
    /// The first line's last character and the second's first.
    la: char,
    fb: char,
    /// Neither line looks like a heading.
    a_body: bool,
    b_body: bool,
    /// Anything stands between them: blank lines, furniture.
    blank: bool,
}

/// Does the page hold paragraphs one a line rather than printed lines? Printed lines
/// show their column: most match the width of a line near them, and are narrower than
/// a paragraph. Paragraphs one a line do not, and neither does the output's own layout,
/// so the output reads back in paragraph mode.
fn paragraph_mode(r: &Read, scans: &[LineScan]) -> bool {
    if r.laid_out.is_some() {
        return true;
    }
    // Widths past WIDE read alike to this test: the scan's widths will do.
    let widths: Vec<usize> = r.content.iter().map(|&i| scans[i].width as usize).collect();
    let near = |a: usize, b: usize| a.abs_diff(b) <= 3 && (16..=80).contains(&a);
    let matched = (0..widths.len())
        .filter(|&k| (k.saturating_sub(2)..(k + 3).min(widths.len())).any(|j| j != k && near(widths[k], widths[j])))
        .count();
    // And printed lines mostly stop mid-sentence; paragraphs end on their full stop.
    let ended = r.content.iter().filter(|&&i| ends_paragraph(r.page.rules, r.bodies[i])).count();
    widths.len() < 4 || matched * 2 < widths.len() || ended * 2 >= r.content.len()
}

/// Does each content line open on a dateline or a reporter's credit, and on a
/// dateline proper? One reading of each line's first characters answers both.
fn opens_on_datelines(r: &Read, scans: &[LineScan]) -> (Vec<bool>, Vec<bool>) {
    let rules = r.page.rules;
    let mut head = String::new();
    r.content
        .iter()
        .map(|&i| {
            let opens = opens_on_dateline(rules, &r.page.text[scans[i].trim()], &mut head);
            (opens, opens && proper_dateline(rules, &head))
        })
        .unzip()
}

/// Does `t` open on a dateline or a reporter's credit (`本报讯`, `中新网6月1日电`,
/// `（记者 王五）`, `本报记者 王五`)? Read past spaces and an opening bracket, on its
/// first characters, gathered in `head`.
fn opens_on_dateline(rules: &StructureRules, t: &str, head: &mut String) -> bool {
    head.clear();
    head.extend(t.chars().filter(|&c| !is_hspace(c)).skip_while(|&c| matches!(c, '（' | '(')).take(DATELINE_CHARS));
    rules.dateline.get().is_match(head) || rules.credit_open.iter().any(|w| head.starts_with(w.as_str()))
}

/// Does a line whose first characters are `head` (as [`opens_on_dateline`] gathers
/// them) open on a dateline proper (`本报讯`, `中新网6月1日电`), not a credit? A
/// byline's names go on into its next role (`林峰` ⏎ `通讯员`); a dateline opens the
/// text under a headline.
fn proper_dateline(rules: &StructureRules, head: &str) -> bool {
    // The word `通讯` (`通讯员`, classical `通訊`) reads as a dateline's `…讯`: a
    // source's `讯` follows a name of two characters at least (`本报讯`).
    let Some(m) = rules.dateline.get().find(head) else { return false };
    let source = !m.as_str().ends_with(['讯', '訊']) || m.as_str().chars().count() >= 3;
    source && !rules.credit_open.iter().any(|w| head.starts_with(w.as_str()))
}

/// How many characters of a line the dateline test reads: `新华社北京5月8日电`'s
/// longest form and a few more.
const DATELINE_CHARS: usize = 20;

/// The content lines' widths, exact: the column test of printed lines reads them.
fn exact_widths(r: &Read, scans: &[LineScan]) -> Vec<usize> {
    r.content.iter().map(|&i| if scans[i].cut { width(r.bodies[i]) } else { scans[i].width as usize }).collect()
}

/// The output shows a run of joined lines as one line, and the next reading judges it
/// alone: a short run that would read as furniture, a jump line or the separator
/// (`2024年5月8日` ⏎ `星期三`) stays apart, each line content as it came.
fn keep_short_runs_apart(r: &Read, scans: &[LineScan], joins: &mut [bool]) {
    let text = r.page.text;
    let mut k = 0;
    while k < joins.len() {
        let e = run_end(joins, k);
        let run = &r.content[k..=e];
        if e > k && run.iter().map(|&i| scans[i].count as usize).sum::<usize>() <= SHORT {
            let joined: String = run.iter().map(|&i| &text[scans[i].trim()]).collect();
            if classify(r.page.rules, &joined, &LineScan::new(&joined, 0..joined.len()), false) != Kind::Content {
                joins[k + 1..=e].fill(false);
            }
        }
        k = e + 1;
    }
}

/// The last content line of the run of joined lines that starts at `k`.
pub(super) fn run_end(joins: &[bool], k: usize) -> usize {
    let mut e = k;
    while e + 1 < joins.len() && joins[e + 1] {
        e += 1;
    }
    e
}

/// For line-per-line text: the width of each content line's column, read as the
/// second widest line among its neighbours three lines either way: a paragraph's lines
/// mostly fill their column; the widest may be set wider (a heading across columns, a
/// line with squeezed marks measured at full width).
fn columns(widths: &[usize]) -> Vec<usize> {
    (0..widths.len()).map(|k| second_widest(&widths[k.saturating_sub(3)..(k + 4).min(widths.len())])).collect()
}

/// The second widest of `near`, or the widest when there are fewer than three.
fn second_widest(near: &[usize]) -> usize {
    let (mut first, mut second) = (0, 0);
    for &w in near {
        if w > first {
            (first, second) = (w, first);
        } else if w > second {
            second = w;
        }
    }
    if near.len() < 3 {
        first
    } else {
        second
    }
}

/// Is content line `k` as wide as the typical line of the three after it? Text set
/// around a picture narrows every line after it, while a paragraph's short last line
/// stands alone.
fn fits_run(widths: &[usize], k: usize) -> bool {
    let next = &widths[(k + 1).min(widths.len())..(k + 4).min(widths.len())];
    next.len() == 3 && widths[k] + 1 >= median3(next)
}

/// The median of three widths.
fn median3(next: &[usize]) -> usize {
    let mut v = [next[0], next[1], next[2]];
    v.sort_unstable();
    v[1]
}

/// Is the gap's first line a subtitle, a line like a heading that opens on the dash
/// pair (`——中国或面临两难格局`)? It ends there: the text goes on under it. A body
/// line that opens on the dash goes on with its sentence's marks, or is letter-spaced
/// (`—— 四 大 行 股 價 已 經`); the devset's text groups hold 38 subtitles over a
/// line and none of those.
fn subtitle(g: &Gap) -> bool {
    let Some(rest) = g.ta.strip_prefix("——") else { return false };
    !g.a_body && rest.chars().nth(1).is_some() && !rest.starts_with(is_hspace) && !rest.contains(is_hspace)
}

/// Does the line end its paragraph by its last characters? Sentence ends, closing
/// quotes, a colon or semicolon before a list, and a credit in brackets do; an opening
/// quote or a bracket inside the sentence (`扩音器(音箱)` ⏎ `的快件…`) does not.
pub(super) fn ends_paragraph(rules: &StructureRules, t: &str) -> bool {
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
            open == 0 || rules.bracket_end.iter().any(|w| inner.contains(w.as_str()))
        }
        _ => photo_credit_end(rules, t),
    }
}

/// Does the line end on a caption's credit, set after a space (`图为…。　胡波　摄`,
/// `▲…海关。　新华社发`)? Nothing of the caption's paragraph follows its credit.
fn photo_credit_end(rules: &StructureRules, t: &str) -> bool {
    let t = t.trim_end_matches(is_hspace);
    rules.photo_credit.iter().any(|w| t.strip_suffix(w.as_str()).is_some_and(|h| h.ends_with(is_hspace)))
}

/// Does the line end on a short note in brackets, a correspondent's mark (`…云、（威）`)?
fn credit_end(t: &str) -> bool {
    let t = t.trim_end_matches(is_hspace);
    let Some(inner) = t.strip_suffix(['）', ')']) else { return false };
    inner.rfind(['（', '(']).is_some_and(|open| inner[open..].chars().count() <= 7)
}

/// Characters a paragraph never starts with: punctuation that closes or continues (and
/// `丶`, the `、` an OCR misread, as `punct.misread` makes it).
fn continues(c: char) -> bool {
    matches!(
        c,
        '，' | '、'
            | MISREAD_COMMA
            | '。'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '”'
            | ','
            | ';'
            | ':'
            | ')'
            | '…'
    )
}

/// Does `c` open a news item (`◘蘇民廳長…`)? A line starting with one never continues
/// the paragraph before it.
pub(super) fn item_mark(rules: &StructureRules, c: char) -> bool {
    rules.item_marks.contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_opens_on_a_dateline_or_a_credit_read_past_spaces() {
        let rules = StructureRules::builtin();
        let mut head = String::new();
        for t in ["本 报 讯（ 记 者", "新 华 社 上 海 8 月 7 日 电", "（记者 王伟）新区", "本报记者 李娜", "通讯员"]
        {
            assert!(opens_on_dateline(rules, t, &mut head), "{t}");
        }
        for t in ["欧洲杯大战在即", "对记者说，", "区首批安置房昨日交付。记者"] {
            assert!(!opens_on_dateline(rules, t, &mut head), "{t}");
        }
    }

    fn clean(text: &str) -> String {
        crate::Engine::builtin().unwrap().clean(text, &crate::EditFilter::default()).output
    }

    #[test]
    fn a_credit_line_broken_into_blocks_at_its_spaces_reads_as_one_line() {
        // pdftotext made each word of the byline a block of its own; each came out an
        // article.
        let page = "国内油价两连跌\n\n□\n\n本报记者\n\n林峰\n\n通讯员\n\n程远\n\n5、6月国内油价两连跌，全国不少加油站出现超额降价。\n";
        assert_eq!(
            clean(page),
            "国内油价两连跌\n\n□本报记者 林峰 通讯员 程远\n5、6月国内油价两连跌，全国不少加油站出现超额降价。\n"
        );
        // A photo credit ends it; the heading after it is none of it.
        let page = "图为会场。\n\n记者\n\n陈静\n\n摄\n\n视点\n\n中石油创历史新低\n\n受到欧美股市大跌的影响，今日沪深股市大幅跳空低开。\n";
        assert!(clean(page).contains("\n记者 陈静 摄\n"), "{}", clean(page));
        // Names without the credit word before them are no credit.
        let page = "林峰\n\n程远\n\n受到欧美股市大跌的影响，今日沪深股市大幅跳空低开。\n";
        assert!(!clean(page).contains("林峰 程远"), "{}", clean(page));
    }

    #[test]
    fn a_headline_over_its_dateline_is_no_line_of_its_text() {
        // pdftotext printed the headline in the block of its text, as wide as the
        // column's lines.
        let page = "全市今年新建公园十二座，改造街头绿\n地三十处，市民出门即可见绿。园林部\n门还将在老城区增设口袋公园，方便居\n民就近休憩。\n\n城区绿地率三年提高五个百分点以上\n新 华 社 南 京 6月 3日 电 ( 记 者 李 红 )\n今年以来，全市加快推进城市绿化建设\n，新增绿地面积超过两百公顷，市民出\n门即可见绿。园林部门还将在老城区增\n设口袋公园，方便居民就近休憩。据介\n绍，今年全市还将新建公园十二座，改\n造街头绿地三十处，并在各区建成一批\n社区体育公园。\n";
        let out = clean(page);
        assert!(out.contains("\n城区绿地率三年提高五个百分点以上\n"), "{out}");
        // A byline's name goes on into its next role, `通讯员` no dateline.
        let rules = StructureRules::builtin();
        let mut head = String::new();
        let mut proper = |t| opens_on_dateline(rules, t, &mut head) && proper_dateline(rules, &head);
        assert!(proper("新 华 社 南 京 6月 3日 电"));
        assert!(proper("本报讯（记者 李红）"));
        assert!(!proper("通讯员 王芳"));
        assert!(!proper("通訊處長"));
    }

    #[test]
    fn a_byline_on_its_own_line_stands_apart() {
        // PyMuPDF printed the headline, the byline and the text without a blank line.
        let body = "今年以来，全市加快推进城市绿化建设\n，新增绿地面积超过两百公顷，市民出\n门即可见绿。园林部门还将在老城区增\n设口袋公园，方便居民就近休憩。据介\n绍，今年全市还将新建公园十二座，改\n造街头绿地三十处，并在各区建成一批\n社区体育公园。\n";
        let page = format!("全市今年新建公园十二座，改造街头绿\n地三十处。\n城区绿地率提高\n本报记者　李红\n{body}");
        let out = clean(&page);
        assert!(out.contains("\n本报记者　李红\n今年以来"), "{out}");
    }

    #[test]
    fn a_subtitle_on_the_dash_pair_ends_over_its_text() {
        let body = "今年以来，全市加快推进城市绿化建设\n，新增绿地面积超过两百公顷，市民出\n门即可见绿。园林部门还将在老城区增\n设口袋公园，方便居民就近休憩。据介\n绍，今年全市还将新建公园十二座，改\n造街头绿地三十处，并在各区建成一批\n社区体育公园。\n";
        let page = format!(
            "全市今年新建公园十二座，改造街头绿\n地三十处。\n\n城区绿地率提高\n——今年新增绿地超过两百公顷\n{body}"
        );
        let out = clean(&page);
        assert!(out.contains("——今年新增绿地超过两百公顷\n"), "{out}");
        // A letter-spaced body line on the dash goes on.
        let g = |ta| Gap {
            ta, tb: "季度的最低价。", la: '逼', fb: '季', a_body: false, b_body: true, blank: false
        };
        assert!(!subtitle(&g("—— 四 大 行 股 价 已 经 逼")));
        assert!(subtitle(&g("——四大行股价已经逼近")));
        assert!(!subtitle(&g("——")));
    }

    #[test]
    fn a_caption_ends_on_its_photo_credit() {
        // PyMuPDF printed the module's head block after its body and caption, in text
        // without blank lines: the headline is none of the caption.
        let page = "全市今年新建公园十二座，改造街头绿\n地三十处，市民出门即可见绿。园林部\n门还将在老城区增设口袋公园，方便居\n民就近休憩。\n图为市民在新建的滨河公园散步。　王明　摄\n城区绿地率三年提高五个百分点以上\n南方日报\n2023年6月16日　星期五\n今年以来，全市加快推进城市绿化建设\n，新增绿地面积超过两百公顷。\n";
        let out = clean(page);
        assert!(out.contains("散步。王明摄\n") || out.contains("散步。　王明　摄\n"), "{out}");
        let page = "▲市民在新建的滨河公园散步。　新华社发\n城区绿地率三年提高五个百分点以上\n";
        assert!(clean(page).starts_with("▲市民在新建的滨河公园散步。"), "{}", clean(page));
        assert!(!clean(page).contains("新华社发城区"), "{}", clean(page));
    }

    #[test]
    fn a_dateline_broken_off_its_line_opens_the_paragraph_again() {
        // pdftotext set the bold dateline on a line of its own, under the headline.
        let page = "曾借道信托违规圈钱\n本报讯\n记 者 彭 程 报 道 ：近\n两日，中国新兴艺术品投资市\n场玩家王耀辉，连带农业银行\n副行长杨琨被协助调查一事，\n浮出水面。\n在艺术品投资圈内炙手可热\n的王耀辉，既是北京朝阳区蓝\n色港湾国际商区的打造者。\n";
        assert!(
            clean(page).starts_with("曾借道信托违规圈钱\n\n本报讯 记者 彭程 报道：近两日，中国新兴艺术品投资市场玩家"),
            "{}",
            clean(page)
        );
        // A credit in brackets goes on it tight.
        let page = "山西省委书记：煤老板将淡出历史舞台\n\n中新网太原5月31日电\n（记者梁波）山西煤老板是\n历史现象，随着时代发展将\n淡出历史舞台。31日下午，\n山西省委书记袁纯清在民企\n座谈会上表示。\n";
        assert!(clean(page).contains("\n\n中新网太原5月31日电（记者梁波）山西煤老板是"), "{}", clean(page));
        // A label that ends in 讯 is a heading.
        let rules = StructureRules::builtin();
        assert!(super::super::classify::dateline_alone(rules, "新快報訊"));
        assert!(!super::super::classify::dateline_alone(rules, "财经快讯"));
        assert!(!super::super::classify::dateline_alone(rules, "本报讯（记者 王五）"));
    }

    #[test]
    fn a_column_is_read_past_the_one_line_set_wider() {
        // A heading across columns (40) among lines of 28: the column stays 28.
        let widths = [40, 28, 28, 24, 28, 28, 10];
        assert_eq!(columns(&widths), vec![28, 28, 28, 28, 28, 28, 28]);
        assert_eq!(columns(&[12, 30]), vec![30, 30]);
    }

    #[test]
    fn a_narrow_run_is_told_from_a_short_last_line() {
        // Lines set around a picture: each as wide as the three after it.
        assert!(fits_run(&[20, 20, 21, 20, 20], 0));
        // A paragraph's last line before full ones.
        assert!(!fits_run(&[12, 30, 30, 30], 0));
        // Too near the end to tell.
        assert!(!fits_run(&[20, 20, 20], 0));
    }

    #[test]
    fn a_captions_credit_after_a_space_ends_its_paragraph() {
        let rules = crate::rules::StructureRules::builtin();
        assert!(ends_paragraph(rules, "图为多家基金公司认为未来的宽松政策会对市场起到提振作用。　胡波　摄"));
        assert!(ends_paragraph(rules, "证监会：重组中股票异常交易监管将加强。 记者 胡波 摄 "));
        assert!(ends_paragraph(rules, "▲市民在新建的滨河公园散步。　新华社发"));
        // A sentence going on past the word: `…拍摄` ⏎ `的照片`.
        assert!(!ends_paragraph(rules, "这是他在海边拍摄"));
    }

    #[test]
    fn a_correspondents_mark_ends_a_line_but_a_long_bracket_does_not() {
        assert!(credit_end("則審期尙未排定、（方）"));
        assert!(credit_end("於是蜂擁向斐倫路去、(江) "));
        assert!(!credit_end("记者（这是一段很长的括号里的说明文字）"));
        assert!(!credit_end("没有括号的一行"));
    }
}
