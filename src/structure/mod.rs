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
//! a running head inside a paragraph. Line-per-line text (Tesseract, printed columns)
//! holds one printed line per line; a line that fills its column continues, a short one
//! ends its paragraph.
//!
//! `analyse_lines` runs the stage as named steps, one module each, every step reading
//! only what the steps before it made: `line_scan` reads each line once, `jump`
//! finds the jump notes, `classify` tells furniture from content, `joins` decides
//! which printed lines go on, `articles` groups the lines into units and articles, and
//! `layout` writes the edits that lay the page out. `meta` reads an article's byline
//! and dateline for the renderers.

mod articles;
mod classify;
mod join_model;
mod joins;
mod jump;
mod layout;
mod line_scan;
mod meta;

pub use classify::{edge_keys, KnownFurniture};
pub use join_model::SIGNALS;
pub use meta::{byline, dateline};

use crate::edit::{Edit, Why};
use crate::rules::StructureRules;
use crate::text::script::hint;
use crate::text::{physical_lines, LineSpan};
use classify::Kind;
use line_scan::LineScan;
use std::ops::Range;

/// The rule families of the structure stage: disable them to see the character passes alone.
pub const FAMILIES: &[&str] = &["flow", "page", "article"];

pub(crate) const WRAP: &str = "flow.wrap";
pub(crate) const PAGE_BREAK: &str = "flow.page-break";
pub(crate) const PARAGRAPH: &str = "flow.paragraph";
pub(crate) const ARTICLE: &str = "article.break";
pub(crate) const RUNNING_HEAD: &str = "page.running-head";
pub(crate) const FOLIO: &str = "page.folio";
pub(crate) const JUMP: &str = "page.jump";

/// Why a jump note goes, whether a line of its own or the end of a line of text.
const JUMP_WHY: &Why = &Why { rule: JUMP, reason: "jump line: the article goes on elsewhere" };

/// The line that separates articles in the output.
pub(crate) const SEPARATOR: &str = "---";

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

impl Article {
    /// Record a jump note on the article; the first of each direction stands.
    fn note(&mut self, j: &Jump) {
        let slot = if j.onward { &mut self.continues_on } else { &mut self.continued_from };
        slot.get_or_insert_with(|| j.page.clone());
    }
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
}

/// The page's structure and the edits that lay it out.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    pub articles: Vec<Article>,
    /// Byte spans of the furniture lines, in page order.
    pub furniture: Vec<Range<usize>>,
    /// Each join: the end of a line, the start of the line it goes on with, and what
    /// stands between them in the output. The character passes read joined lines as one;
    /// `crate::Engine::propose` hands the joins to them, so the structure it returns
    /// holds none.
    pub joins: Vec<Join>,
    /// Each line whose end a jump note takes: the line's end and where its text ends.
    /// The character passes read the line without the note, as the output shows it.
    pub cuts: Vec<(usize, usize)>,
    /// The layout edits. `crate::Engine::propose` moves them into the page's edit
    /// list, so the structure it returns holds none.
    pub edits: Vec<Edit>,
}

/// The page as every step reads it, and the word lists it is read by.
#[derive(Clone, Copy)]
struct PageView<'a> {
    text: &'a str,
    lines: &'a [LineSpan],
    rules: &'a StructureRules,
}

/// What the steps have read of the page's lines, once each line's kind is known; the
/// per-line scans are kept apart, to be dropped once the units are built.
struct Read<'a> {
    page: PageView<'a>,
    /// Each line as the output shows it: a jump note ending it left out.
    bodies: Vec<&'a str>,
    kinds: Vec<Kind>,
    /// The content lines, in page order.
    content: Vec<usize>,
    /// For a page already in the output layout: which lines it shows as headings.
    laid_out: Option<Vec<bool>>,
    /// For a page the geometry laid out: whether each line opens with a piece it set as
    /// a heading (none for a line it placed no piece at, and for plain text).
    told: Vec<Option<bool>>,
}

/// Analyse the page by the built-in word lists and propose its structure edits.
pub fn analyse(text: &str, traditional: bool) -> Structure {
    analyse_with(text, traditional, &KnownFurniture::new())
}

/// [`analyse`], with the running heads other pages of the issue showed.
pub(crate) fn analyse_with(text: &str, traditional: bool, known: &KnownFurniture) -> Structure {
    analyse_lines(text, &physical_lines(text), traditional, known, &[], StructureRules::builtin())
}

/// [`analyse_with`] on the page's [`physical_lines`], read once for this stage and the
/// passes, by the word lists of a rule set. `told`: what the geometry laid out as
/// headings, each piece's start and whether it is one, by start (empty for plain
/// text): where it saw the page, its sizes and places decide, not the words alone.
pub(crate) fn analyse_lines(
    text: &str,
    lines: &[LineSpan],
    traditional: bool,
    known: &KnownFurniture,
    told: &[(usize, bool)],
    rules: &StructureRules,
) -> Structure {
    if lines.is_empty() {
        return Structure::default();
    }
    let page = PageView { text, lines, rules };
    let (mut read, scans, notes) = read_page(page, known, !told.is_empty());
    read.told = told_lines(lines, told);
    let mut s = Structure { furniture: read.furniture(), ..Structure::default() };
    if read.content.is_empty() {
        layout::page_without_articles(&read, &mut s);
        return s;
    }
    let headingish: Vec<bool> = read.content.iter().map(|&i| scans[i].heading_like(text)).collect();
    let (joins, spaced) = joins::decide(&read, &scans, &headingish, traditional);
    let units = articles::units(&read, &scans, &headingish, &joins);
    // The per-line readings are done with: on a long page they are most of the memory.
    drop((scans, headingish, joins));
    let mut articles = articles::articles(&read, units);
    articles::cut_notes(&read, &notes, &mut articles, &mut s);
    layout::lay_out(&read, &articles, &spaced, &mut s);
    s.articles = articles;
    s
}

/// The page's lines scanned and read: each line's kind and body, its content lines.
/// `positioned`: the geometry read the page from its positions.
fn read_page<'a>(
    page: PageView<'a>,
    known: &KnownFurniture,
    positioned: bool,
) -> (Read<'a>, Vec<LineScan>, jump::Notes) {
    let rules = page.rules;
    let mut scans = line_scan::scan(page);
    // Every judgement below reads a line as the output shows it, without the jump note
    // that ends it, as the next run will.
    let notes = jump::trailing_notes(page, &mut scans);
    let bodies = notes.bodies(page);
    let laid_out = layout::read_back(page, &bodies, |i| classify::furniture_alone(rules, page.text, &scans[i]));
    let kinds = classify::kinds(page, &scans, &bodies, laid_out.is_some() || positioned, known);
    let content: Vec<usize> = (0..page.lines.len()).filter(|&i| kinds[i] == Kind::Content).collect();
    (Read { page, bodies, kinds, content, laid_out, told: Vec::new() }, scans, notes)
}

/// Per line, whether the geometry set the piece it opens with as a heading.
fn told_lines(lines: &[LineSpan], told: &[(usize, bool)]) -> Vec<Option<bool>> {
    if told.is_empty() {
        return Vec::new();
    }
    lines
        .iter()
        .map(|l| {
            let start = l.start as usize;
            let k = told.partition_point(|&(s, _)| s < start);
            told.get(k).filter(|&&(s, _)| s == start).map(|&(_, h)| h)
        })
        .collect()
}

/// One gap between printed lines as the join model reads it, for its fit.
#[derive(Debug, Clone)]
pub struct GapSignals {
    /// The two lines, trimmed, as the page holds them.
    pub first: String,
    pub second: String,
    /// The signals, in the order of [`SIGNALS`].
    pub signals: Vec<f32>,
}

/// Every gap of `text` that the join model decides (none on a page read as paragraphs
/// one a line), by the built-in word lists; `traditional` as `crate::Engine` reads the
/// page's script.
pub fn gap_signals(text: &str, traditional: bool) -> Vec<GapSignals> {
    let lines = physical_lines(text);
    if lines.is_empty() {
        return Vec::new();
    }
    let page = PageView { text, lines: &lines, rules: StructureRules::builtin() };
    let (read, scans, _) = read_page(page, &KnownFurniture::new(), false);
    if read.content.is_empty() {
        return Vec::new();
    }
    let headingish: Vec<bool> = read.content.iter().map(|&i| scans[i].heading_like(text)).collect();
    let line = |i: usize| text[scans[i].trim()].to_string();
    joins::signals(&read, &scans, &headingish, traditional)
        .into_iter()
        .map(|(a, b, x)| GapSignals { first: line(a), second: line(b), signals: x.to_vec(SIGNALS.len()) })
        .collect()
}

/// Does the stage read `line` by the word list `list` (`[structure.LIST]` of the rule
/// files), as it would read a short line of a page? Each list's examples are checked by
/// this. None when there is no such list.
pub fn reads_by_list(rules: &StructureRules, list: &str, line: &str) -> Option<bool> {
    let scan = LineScan::new(line, 0..line.len());
    let t = &*jump::width_pass_form(&line[scan.trim()], scan.width_pass);
    let note = || scan.has(hint::BAN).then(|| jump::alone(rules, t)).flatten();
    Some(match list {
        "running-head" => !scan.sentence_punct && classify::labelled(rules, t, &scan),
        "folio" => classify::folio(rules, t, &scan),
        "editor" => classify::editor_credit(rules, t, &scan),
        "masthead" => classify::paper_name(rules, t),
        "section" => classify::section_name(rules, t),
        "jump-onward" => note().is_some_and(|j| j.onward),
        "jump-from" => note().is_some_and(|j| !j.onward),
        "credit" | "credit-lead" | "photo-credit" => articles::credit(rules, line),
        "bracket-end" => joins::ends_paragraph(rules, line),
        "byline" | "byline-lead" => byline(rules, line).is_some(),
        "dateline" => dateline(rules, line).is_some(),
        "item-mark" => line_scan::first_char(line).is_some_and(|c| joins::item_mark(rules, c)),
        _ => return None,
    })
}

impl Read<'_> {
    /// Whether the geometry set page line `i` as a heading (none for plain text and for a
    /// line it placed no piece at).
    fn told_at(&self, i: usize) -> Option<bool> {
        self.told.get(i).copied().flatten()
    }

    /// The furniture lines' byte spans.
    fn furniture(&self) -> Vec<Range<usize>> {
        let lines = self.page.lines;
        (0..lines.len()).filter(|&i| matches!(self.kinds[i], Kind::Furniture(_))).map(|i| lines[i].range()).collect()
    }
}
