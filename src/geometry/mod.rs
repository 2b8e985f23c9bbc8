//! Geometry: read positioned OCR (hOCR from Tesseract 4/5, ALTO v2–v4, the JSON of
//! PaddleOCR, RapidOCR and Umi-OCR) and turn its boxes into page text in reading order,
//! laid out so the structure stage reads it right. Positions answer what plain text can
//! only guess.
//!
//! The page goes one way through the submodules: a reader (`hocr`, `alto`, `json` with
//! `paddle`) gives what the file says about the page, its lines of words with their
//! boxes (`chars` places the characters of a tool that boxes whole lines);
//! `lines` sets them straight and mends the lines the OCR ran together or cut apart;
//! `order` puts them in reading order; `flow` lays them out as the output's text, each
//! piece keeping its box ([`Placed`]) for the report's crops and the batch overview. The
//! text then goes through the same passes and edits as any page.

use crate::error::{Error, Result};
use std::cmp::Ordering;
use std::ops::Range;
use std::path::PathBuf;

mod alto;
mod caption;
mod chars;
mod flow;
mod grid;
mod heading;
mod hocr;
mod joined;
mod json;
mod lines;
mod order;
mod paddle;
mod pdf;
mod vertical;

pub use alto::read_alto;
pub(crate) use grid::read_columns;
pub use hocr::read_hocr;
pub(crate) use json::ocr_head;
pub use json::read_ocr_json;
pub use paddle::read_paddle;
pub(crate) use pdf::is_pdf;
pub use pdf::{read_pdf, read_pdf_pages};
pub(crate) use vertical::hocr_is_vertical;

/// The formats a page can come in (not the output's: that is the command line's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Text,
    Hocr,
    Alto,
    /// JSON: PaddleOCR's, or that of a tool built on its models (RapidOCR, Umi-OCR).
    Paddle,
    /// A PDF's text layer, glyph by glyph.
    Pdf,
}

/// Tell the format from the content, not the name.
pub(crate) fn detect(text: &str) -> InputFormat {
    let head: String = text.chars().take(4096).collect();
    let t = head.trim_start_matches('\u{FEFF}').trim_start();
    if t.starts_with('<') {
        if head.contains("ocr_page")
            || head.contains("ocr_line")
            || head.contains("ocrx_word")
            || head.contains("ocr-system")
        {
            return InputFormat::Hocr;
        }
        if head.contains("<alto") || head.contains(":alto") || head.contains("<Layout") {
            return InputFormat::Alto;
        }
    }
    if json_like(t) {
        return InputFormat::Paddle;
    }
    InputFormat::Text
}

/// The format of the page `name` holds: told from its content, except that a `.json`
/// file is JSON whatever it holds (and an error when it is none of the OCR results
/// read), never a page of text.
pub(crate) fn format_of(text: &str, name: &str) -> InputFormat {
    match detect(text) {
        InputFormat::Text if json_name(name) => InputFormat::Paddle,
        format => format,
    }
}

fn json_name(name: &str) -> bool {
    std::path::Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Does the text open as a JSON list or object does (`[[`, `[{`, `["`, `{"`, …)? A
/// page of text that opens with a bracket (`[图]`, `[1]`) does not. JSON is read as
/// JSON, and an error when it is no OCR result: never cleaned as text.
fn json_like(t: &str) -> bool {
    let mut c = t.chars().filter(|c| !c.is_whitespace());
    match (c.next(), c.next()) {
        (Some('['), Some(n)) => matches!(n, '[' | '{' | '"' | ']'),
        (Some('{'), Some(n)) => matches!(n, '"' | '}'),
        _ => false,
    }
}

/// A box: left, top, right, bottom.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl BBox {
    fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    /// Halfway down the box: the row it stands in.
    fn mid_y(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
    /// Do the two boxes stand in one row: overlapping by half the lower one's height?
    fn level_with(&self, o: &BBox) -> bool {
        self.y1.min(o.y1) - self.y0.max(o.y0) > self.height().min(o.height()) * 0.5
    }
    /// Does the box hold a column set top to bottom (a vertical headline's)?
    fn upright(&self) -> bool {
        self.height() > (self.x1 - self.x0) * 1.5
    }
    fn union(&mut self, o: &BBox) {
        self.x0 = self.x0.min(o.x0);
        self.y0 = self.y0.min(o.y0);
        self.x1 = self.x1.max(o.x1);
        self.y1 = self.y1.max(o.y1);
    }
}

/// The box around some boxes.
fn extent(boxes: impl Iterator<Item = BBox>) -> BBox {
    let mut e = BBox { x0: f64::MAX, y0: f64::MAX, x1: f64::MIN, y1: f64::MIN };
    for b in boxes {
        e.union(&b);
    }
    e
}

/// A word and its box.
#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub bbox: BBox,
    /// The engine's confidence, 0 to 1 (1 when the file gives none).
    pub conf: f64,
}

/// A line as the OCR file gives it: its words in order and its box.
#[derive(Debug, Clone)]
pub struct OcrLine {
    pub bbox: BBox,
    pub words: Vec<Word>,
    /// Does the file say the line is set top to bottom (hOCR `textangle 90`, ALTO
    /// `BASEDIRECTION="ttb"` or `ROTATION="90"`)? Its box tells it otherwise.
    pub vertical: bool,
}

impl OcrLine {
    /// How many characters its words hold, spaces around them aside.
    fn char_count(&self) -> usize {
        self.words.iter().map(|w| w.text.trim().chars().count()).sum()
    }
}

/// What an OCR file says about its page.
#[derive(Debug, Clone, Default)]
pub struct OcrPage {
    /// The lines that hold a word.
    pub lines: Vec<OcrLine>,
    /// The page's width and height in the boxes' units, when the file gives them (hOCR
    /// `ocr_page` bbox, ALTO `Page` WIDTH/HEIGHT).
    pub size: Option<(f64, f64)>,
    /// The scan the file names (hOCR `image`, ALTO `sourceImageInformation/fileName`).
    pub image: Option<String>,
    /// Are the boxes the glyphs' own, as a PDF draws them, its lines cut at every gap
    /// they leave? Then a line crosses a gutter only where its characters leave one;
    /// an OCR's line runs on over a gutter bridged by specks and boxes drawn too wide.
    pub glyphs: bool,
}

/// The page as text in the layout the output uses, which the structure stage reads
/// back as it is: regions in reading order, each heading on a line of its own (a
/// headline that wraps joined into one), a blank line, then each paragraph on one line
/// (its printed lines joined where the boxes say it goes on), and `---` between
/// articles. Running heads and jump lines stand on lines of their own, for the structure
/// stage to remove by its named rules.
pub fn to_text(lines: &[OcrLine]) -> String {
    to_text_placed(lines, false).0
}

/// [`to_text`], and where each printed line (each piece of one) of the text stands on
/// the scan. A page set in vertical columns is read by [`vertical`].
fn to_text_placed(lines: &[OcrLine], glyphs: bool) -> (String, Vec<Placed>) {
    if lines.is_empty() {
        (String::new(), Vec::new())
    } else if vertical::is_vertical(lines) {
        vertical::to_text_placed(lines, glyphs)
    } else {
        flow::to_text_placed(lines, glyphs)
    }
}

/// The share of the body's type size under which a line is set small, as a caption
/// is: the heading model's `small` signal, and a PDF line no column's.
const SMALL_TYPE: f64 = 0.9;

/// How much wider than the body's a headline sets its characters: a line whose pitch
/// is past this is in larger type. RapidOCR and PaddleOCR draw a headline's box little
/// taller than a line of text, but its characters stand this far apart or more; lines
/// of text run together across a gutter never do. Measured on `layout/` (RapidOCR):
/// the heading test at 1.3 finds the headlines, and cutting only boxes under it keeps
/// headlines over two or three columns whole (headings 0.74 → 0.80, 1.2 and 1.4 do
/// worse).
const HEADING_PITCH: f64 = 1.3;

/// Is a line `tall` times the text's line height, its characters set `wide` times the
/// text's pitch, a headline in larger type: taller, set wider, and no sentence in it?
/// Never two lines of text the OCR ran together across a gutter, however little
/// taller its box (RapidOCR's barely grow): no cut at a gutter splits it.
fn larger_type(tall: f64, wide: f64, mut text: impl Iterator<Item = char>) -> bool {
    tall > 1.2 && wide > HEADING_PITCH && !text.any(|c| heading::CLAUSE_MARKS.contains(&c))
}

/// Largest nesting an OCR file has any reason for.
const MAX_DEPTH: usize = 256;

/// An error at byte `pos` of the XML `text` read from `name`, naming its line.
fn xml_err(name: &str, text: &str, pos: u64, why: impl std::fmt::Display) -> Error {
    let pos = usize::try_from(pos).unwrap_or(usize::MAX).min(text.len());
    let line = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..pos]).count();
    Error::Malformed { path: PathBuf::from(name), at: format!("line {line}"), why: why.to_string() }
}

/// What a quick-xml error means to whoever wrote the file: an entity it does not know,
/// or malformed XML.
fn xml_why(e: &quick_xml::Error) -> String {
    use quick_xml::escape::EscapeError;
    match e {
        quick_xml::Error::Escape(EscapeError::UnrecognizedEntity(_, entity)) => {
            format!("unknown entity &{entity};: write the character itself, or as a number (&#160;)")
        }
        quick_xml::Error::Escape(EscapeError::UnterminatedEntity(_)) => {
            "an & with no ; after it: write & as &amp;".to_string()
        }
        quick_xml::Error::Escape(EscapeError::InvalidCharRef(e)) => format!("bad character reference: {e}"),
        e => format!("malformed XML: {e}"),
    }
}

/// The text an entity stands for: the HTML named entities, which OCR tools write
/// (`&nbsp;` is U+00A0, which the passes treat as the space it is), the XML ones among
/// them. Numeric references are decoded before this is asked; any other entity is an
/// error. quick-xml neither reads a DTD nor resolves external entities.
fn entity(name: &str) -> Option<&'static str> {
    quick_xml::escape::resolve_html5_entity(name)
}

/// The value of the attribute of `e` named `key` (namespace prefix aside), unescaped;
/// `None` too when it cannot be.
fn xml_attr<'a>(e: &'a quick_xml::events::BytesStart, key: &[u8]) -> Option<std::borrow::Cow<'a, str>> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == key)?.unescape_value_with(entity).ok()
}

/// The order of two numbers for sorting boxes: NaN (a box the file wrote as `NaN`) ties
/// with everything, and so do -0 and 0. Not `total_cmp`: a stable sort keeps ties in
/// their order, and the reading order depends on it.
fn cmp_f64(a: f64, b: f64) -> Ordering {
    a.partial_cmp(&b).unwrap_or(Ordering::Equal)
}

/// The middle value (the upper one of an even count); 0 for none.
fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|&a, &b| cmp_f64(a, b));
    v[v.len() / 2]
}

/// The size of a line's characters: the median height of its words of letters.
fn char_size(l: &OcrLine) -> f64 {
    letter_size(&l.words)
}

/// The median height of the words of letters among `words` (0 when there are none):
/// the boxes of marks reach above and below the line's characters.
fn letter_size(words: &[Word]) -> f64 {
    median(words.iter().filter(|w| has_letters(&w.text)).map(|w| w.bbox.height()).collect())
}

/// How wide a line sets its characters: its words' width per em of its text (an ASCII
/// character counted as about half an em, as Chinese fonts set them); 0 for a line
/// without text or one standing upright (a vertical line's width is no measure). Set
/// sizes show in the pitch more steadily than in box heights, which a speck, a mark
/// above the line or a skewed scan stretch: a kicker and the headline under it differ
/// in pitch even where their boxes came out the same height.
fn pitch(l: &OcrLine) -> f64 {
    if l.bbox.x1 - l.bbox.x0 < l.bbox.height() {
        return 0.0;
    }
    // The words' own widths, not the line's: a gap between two fields of a running
    // head is no part of any character.
    per_em(l.words.iter().map(|w| (w.bbox.x1 - w.bbox.x0).max(0.0)).sum(), l)
}

/// How far apart a line sets its characters: its box's width per em of its text (0 as
/// for [`pitch`]). Unlike the words' ink, the advance neither grows with a bold face nor
/// with a word box Tesseract drew across half the line: two lines of one wrapped
/// headline measure within 3% of each other on the devset, a kicker and its headline
/// 14% apart or more (`rules/fit/deck_pitch.py`).
fn advance(l: &OcrLine) -> f64 {
    let width = l.bbox.x1 - l.bbox.x0;
    if width >= l.bbox.height() {
        per_em(width, l)
    } else {
        0.0
    }
}

/// `width` per em of the line's text, an ASCII character counted 0.55 em (0 without
/// text, or where `width` is no number).
fn per_em(width: f64, l: &OcrLine) -> f64 {
    let ems: f64 = l.words.iter().flat_map(|w| w.text.trim().chars()).map(|c| chars::width(c, 0.55)).sum();
    if ems > 0.0 && width.is_finite() {
        width / ems
    } else {
        0.0
    }
}

fn has_letters(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// A printed line of the page text: its byte range there (without the newline) and its
/// box on the scan, in the OCR file's units.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub span: Range<usize>,
    pub bbox: BBox,
    /// Was the piece laid out as a heading (a kicker, a headline, a subtitle)?
    pub heading: bool,
    /// Was it read from a column set top to bottom (a vertical page's)?
    pub upright: bool,
}

/// Where the page text stands on the scan: what the report crops and the batch overview
/// outlines. Plain text has none.
#[derive(Debug, Clone)]
pub struct Layout {
    pub format: InputFormat,
    /// The printed lines in text order.
    pub lines: Vec<Placed>,
    /// The page's width and height in the boxes' units, when the file gives them (hOCR
    /// `ocr_page` bbox, ALTO `Page` WIDTH/HEIGHT): a scan of another size is scaled to it.
    pub page: Option<(f64, f64)>,
    /// The scan the file names (hOCR `image`, ALTO `sourceImageInformation/fileName`).
    pub image: Option<String>,
}

impl Layout {
    /// What the geometry laid out as headings: each placed piece's start in the page
    /// text and whether it is a heading, by start.
    pub fn told(&self) -> Vec<(usize, bool)> {
        let mut told: Vec<(usize, bool)> = self.lines.iter().map(|p| (p.span.start, p.heading)).collect();
        told.sort_unstable();
        told
    }

    /// The spans of the page text read from columns set top to bottom, in text order:
    /// where the OCR reads the marks of a vertical page's cells.
    pub fn upright(&self) -> Vec<Range<usize>> {
        let mut spans: Vec<Range<usize>> = self.lines.iter().filter(|p| p.upright).map(|p| p.span.clone()).collect();
        spans.sort_unstable_by_key(|s| s.start);
        spans
    }

    /// Are the text's spaces printed ones: a PDF's, each a gap between glyphs where
    /// the page prints one (an ideographic space, a byline's gap), never letter-spacing
    /// or a wrap? Then the spacing pass closes none of them.
    pub fn printed_spaces(&self) -> bool {
        self.format == InputFormat::Pdf
    }
}

/// Read an OCR file of any supported format into page text and, unless it is plain
/// text, where its lines stand on the scan.
pub fn page_layout(text: &str, name: &str) -> Result<(String, Option<Layout>)> {
    page_layout_as(text, name, format_of(text, name))
}

/// [`page_layout`] with the format named by the caller rather than told from the
/// content: a page whose head does not show what it is (hOCR without its class names in
/// its first lines) is still read by its reader.
pub fn page_layout_as(text: &str, name: &str, format: InputFormat) -> Result<(String, Option<Layout>)> {
    let Some(pages) = read_pages(text, name, format)? else {
        return Ok((text.to_string(), None));
    };
    let (text, layout) = lay_out_pages(pages, format, name)?;
    Ok((text, Some(layout)))
}

/// Read a PDF's pages into page text and where its lines stand on each page.
pub fn pdf_layout(bytes: &[u8], name: &str) -> Result<(String, Layout)> {
    lay_out_pages(read_pdf(bytes, name)?, InputFormat::Pdf, name)
}

/// [`pdf_layout`], a page whose text layer cannot be read taken from `ocr` (its page
/// number, from 1) instead.
pub fn pdf_layout_or(bytes: &[u8], name: &str, ocr: &dyn Fn(usize) -> Result<OcrPage>) -> Result<(String, Layout)> {
    let pages = read_pdf_pages(bytes, name)?
        .into_iter()
        .map(|page| match page {
            Err(Error::PdfTextLayer { page, .. }) => ocr(page),
            page => page,
        })
        .collect::<Result<Vec<_>>>()?;
    lay_out_pages(pages, InputFormat::Pdf, name)
}

/// The pages a reader gave, laid out as page text, with where their lines stand.
fn lay_out_pages(mut pages: Vec<OcrPage>, format: InputFormat, name: &str) -> Result<(String, Layout)> {
    pages.retain(|p| !p.lines.is_empty());
    let Some(first) = pages.first() else {
        return Err(Error::Empty { path: PathBuf::from(name) });
    };
    let (size, image) = (first.size, first.image.clone());
    let (out, placed) = lay_out(&pages);
    Ok((out, Layout { format, lines: placed, page: size, image }))
}

/// One positioned line as the heading model reads it, for its fit.
#[derive(Debug, Clone)]
pub struct LineSignals {
    /// The line's text as it is laid out.
    pub text: String,
    /// The signals, in the order of [`HEADING_SIGNALS`].
    pub signals: Vec<f32>,
}

pub use heading::SIGNALS as HEADING_SIGNALS;

/// Each line of an OCR file's pages that the heading model decides, with its signals:
/// what `rules/fit/headings.py` fits the model on (`bytes` a PDF, or an OCR file in
/// UTF-8). Plain text has none.
pub fn line_signals(bytes: &[u8], name: &str) -> Result<Vec<LineSignals>> {
    let pages = if is_pdf(bytes) {
        read_pdf(bytes, name)?
    } else {
        let text = String::from_utf8_lossy(bytes);
        let Some(pages) = read_pages(&text, name, format_of(&text, name))? else {
            return Ok(Vec::new());
        };
        pages
    };
    let n = HEADING_SIGNALS.len();
    Ok(pages
        .iter()
        .filter(|p| !vertical::is_vertical(&p.lines))
        .flat_map(|p| flow::line_signals(&p.lines, p.glyphs))
        .map(|(text, x)| LineSignals { text, signals: x.to_vec(n) })
        .collect())
}

/// The pages an OCR file of `format` holds, by its reader; none for plain text.
fn read_pages(text: &str, name: &str, format: InputFormat) -> Result<Option<Vec<OcrPage>>> {
    Ok(Some(match format {
        InputFormat::Text => return Ok(None),
        InputFormat::Hocr => vec![read_hocr(text, name)?],
        InputFormat::Alto => vec![read_alto(text, name)?],
        InputFormat::Paddle => read_ocr_json(text, name)?,
        InputFormat::Pdf => return Ok(None),
    }))
}

/// The pages laid out one after the other, a blank line between them. Where lines stand
/// is kept for the first page only: the scan is one page's.
fn lay_out(pages: &[OcrPage]) -> (String, Vec<Placed>) {
    let mut out = String::new();
    let mut placed = Vec::new();
    for (k, page) in pages.iter().enumerate() {
        let (text, p) = to_text_placed(&page.lines, page.glyphs);
        if k == 0 {
            placed = p;
        } else {
            out.push('\n');
        }
        out.push_str(&text);
    }
    (out, placed)
}

#[cfg(test)]
mod tests;
