//! The PDF reader: each page's text layer, glyph by glyph with its box and size (through
//! `pdf_oxide`, which maps CID fonts through their ToUnicode), made into printed lines
//! as an OCR file gives them, so that a PDF page goes through the same geometry as
//! hOCR: the glyphs' positions answer what the text extracted from the PDF only
//! guesses (a justified line's letter spacing, a line split at a quote mark, a headline
//! painted after its body).
//!
//! Boxes are turned into the units and the direction of a 300 dpi scan (y down, a
//! point 300/72 px), which the geometry's measures were made for. A glyph's box is its
//! em square on the baseline, not its ink: the layout a PDF says is exact, and an em
//! square measures the size a glyph was set at whatever its shape.
//!
//! A page whose text cannot be read as text — no text at all (a scan without an OCR
//! layer), or mostly private-use, replacement or stray characters (a CID font without a
//! ToUnicode map) — is an error naming the page, never garbage passed on as a page.

use super::{cmp_f64, BBox, OcrLine, OcrPage, Word};
use crate::error::{Error, Result};
use pdf_oxide::layout::TextChar;
use pdf_oxide::PdfDocument;
use std::path::PathBuf;

/// Pixels of a 300 dpi scan per PDF point.
const SCALE: f64 = 300.0 / 72.0;

/// The most pages read from one PDF: far more than any newspaper issue, small enough
/// that a file claiming millions of pages fails cleanly.
const MAX_PAGES: usize = 2000;

/// Does `bytes` hold a PDF? `%PDF-` opens the file or, as readers allow, stands within
/// its first kilobyte.
pub(crate) fn is_pdf(bytes: &[u8]) -> bool {
    memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some()
}

/// The pages of the PDF `bytes`, read from `name`, each with its lines of glyphs. A
/// damaged or encrypted file is an error, and so is a page whose text layer cannot be
/// read (`use --ocr`).
pub fn read_pdf(bytes: &[u8], name: &str) -> Result<Vec<OcrPage>> {
    read_pdf_pages(bytes, name)?.into_iter().collect()
}

/// The pages of the PDF `bytes`, each read or the error that says why its text layer
/// cannot be ([`Error::PdfTextLayer`]): the pages `--ocr` reads from their image. A
/// damaged or encrypted file is an error as a whole.
pub fn read_pdf_pages(bytes: &[u8], name: &str) -> Result<Vec<Result<OcrPage>>> {
    let doc = guard(name, || open(bytes, name))??;
    let count = guard(name, || doc.page_count())?.map_err(|e| damaged(name, e))?;
    if count > MAX_PAGES {
        return Err(pdf_err(name, format!("{count} pages, more than the {MAX_PAGES} read from one file: split it")));
    }
    Ok((0..count).map(|k| read_page(&doc, k, name)).collect())
}

/// The document, opened; an encrypted one only when its empty user password opens it.
fn open(bytes: &[u8], name: &str) -> Result<PdfDocument> {
    let doc = PdfDocument::from_bytes(bytes.to_vec()).map_err(|e| damaged(name, e))?;
    if doc.is_encrypted() && !doc.authenticate(b"").unwrap_or(false) {
        return Err(pdf_err(name, "encrypted with a password: decrypt it first (qpdf --decrypt)".into()));
    }
    Ok(doc)
}

/// Page `k` (0-based) as lines of glyphs.
fn read_page(doc: &PdfDocument, k: usize, name: &str) -> Result<OcrPage> {
    let chars = guard(name, || doc.extract_chars(k))?.map_err(|e| damaged(name, e))?;
    let (x0, y0, x1, y1) = guard(name, || doc.get_page_media_box(k))?.unwrap_or((0.0, 0.0, 612.0, 792.0));
    let frame = Frame { left: f64::from(x0.min(x1)), top: f64::from(y0.max(y1)) };
    text_layer(&chars).map_err(|why| Error::PdfTextLayer { path: PathBuf::from(name), page: k + 1, why })?;
    let size = ((f64::from((x1 - x0).abs())) * SCALE, f64::from((y1 - y0).abs()) * SCALE);
    Ok(OcrPage { lines: stack_columns(lines(&chars, frame)), size: Some(size), image: None, glyphs: true })
}

thread_local! {
    /// Is this thread inside [`guard`]? Its panics are reported as errors, not printed.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run a call into the PDF crate, a panic in it turned into an error naming the file:
/// a damaged file must never take newsmend down, nor print a panic beside its one error
/// (the panic hook stays silent for the guarded thread, and as it was for all others).
fn guard<T>(name: &str, f: impl FnOnce() -> T) -> Result<T> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(std::cell::Cell::get) {
                hook(info);
            }
        }));
    });
    let was = GUARDED.with(|g| g.replace(true));
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    out.map_err(|_| pdf_err(name, "the PDF reader failed on this file; it may be damaged".into()))
}

fn damaged(name: &str, e: impl std::fmt::Display) -> Error {
    pdf_err(name, format!("damaged or not a PDF newsmend can read ({e})"))
}

fn pdf_err(name: &str, why: String) -> Error {
    Error::Pdf { path: PathBuf::from(name), why }
}

/// Can the page's glyphs be read as text? `Err` says why not.
fn text_layer(chars: &[TextChar]) -> Result<(), String> {
    let mut seen = 0usize;
    let mut odd = 0usize;
    for c in chars.iter().map(|c| c.char).filter(|c| !c.is_whitespace()) {
        seen += 1;
        odd += usize::from(!plausible(c));
    }
    if seen == 0 {
        return Err("no text: an image without an OCR layer".into());
    }
    // A CID font without ToUnicode gives glyph numbers as characters: controls,
    // private-use and letters of scripts no Chinese page is set in.
    if odd * 4 > seen {
        return Err(format!("no ToUnicode map: {odd} of its {seen} characters are glyph numbers, not text"));
    }
    Ok(())
}

/// A character a Chinese newspaper page is made of: CJK ideographs and marks, ASCII,
/// Latin, the punctuation and symbols pages use; not controls, private use or U+FFFD.
fn plausible(c: char) -> bool {
    let u = c as u32;
    matches!(u,
        0x20..=0x7E | 0xA0..=0x24F | 0x370..=0x3FF | 0x2000..=0x2BFF | 0x2E80..=0x9FFF
        | 0xF900..=0xFAFF | 0xFE10..=0xFE6F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Where the page's top left corner stands in PDF space: boxes are measured from it.
#[derive(Clone, Copy)]
struct Frame {
    left: f64,
    top: f64,
}

/// A glyph in scan units: its em box (y down) and its size.
#[derive(Clone, Copy)]
struct Glyph {
    c: char,
    bbox: BBox,
    em: f64,
}

impl Frame {
    /// The glyph's em square on its baseline, an ideographic em standing 0.88 above it
    /// and 0.12 below, as CJK fonts set it.
    fn glyph(&self, c: &TextChar) -> Glyph {
        let em = f64::from(c.font_size.abs()).max(0.1) * SCALE;
        let rotation = f64::from(c.rotation_degrees).rem_euclid(360.0);
        if rotation.min(360.0 - rotation) > 1.0 {
            return self.turned(c, em, rotation.to_radians());
        }
        let x0 = (f64::from(c.bbox.x) - self.left) * SCALE;
        let width = (f64::from(c.advance_width.abs()).max(f64::from(c.bbox.width.abs()))) * SCALE;
        let base = (self.top - f64::from(c.origin_y)) * SCALE;
        Glyph {
            c: c.char,
            bbox: BBox { x0, y0: base - 0.88 * em, x1: x0 + width.max(0.3 * em), y1: base + 0.12 * em },
            em,
        }
    }

    /// The em box of a glyph painted turned (Latin and digits run down a vertical
    /// headline): its baseline runs at `angle` clockwise from across, its top to the
    /// left of the run. The reader gives no advance for such glyphs: an ASCII one is
    /// set half an em along the run, any other a whole one.
    fn turned(&self, c: &TextChar, em: f64, angle: f64) -> Glyph {
        let advance = match f64::from(c.advance_width.abs()) * SCALE {
            a if a > 0.0 => a,
            _ => super::chars::width(c.char, 0.5) * em,
        };
        let origin = ((f64::from(c.origin_x) - self.left) * SCALE, (self.top - f64::from(c.origin_y)) * SCALE);
        // Along the baseline, and towards the glyph's top, in page units (y down).
        let run = (angle.cos(), angle.sin());
        let up = (angle.sin(), -angle.cos());
        let mut bbox = BBox { x0: f64::MAX, y0: f64::MAX, x1: f64::MIN, y1: f64::MIN };
        for (a, b) in [(0.0, -0.12 * em), (advance, -0.12 * em), (0.0, 0.88 * em), (advance, 0.88 * em)] {
            let (x, y) = (origin.0 + a * run.0 + b * up.0, origin.1 + a * run.1 + b * up.1);
            bbox.union(&BBox { x0: x, y0: y, x1: x, y1: y });
        }
        Glyph { c: c.char, bbox, em }
    }
}

/// How far from the next glyph (in its ems) an ideographic space may end and still be
/// text of its line. On the epaper devset's PDFs a space inside a justified line ends
/// 0.4 em before the next glyph or less, one painted at a line's end before a gutter
/// 0.7 em or more.
const SPACE_TO_GLYPH: f64 = 0.5;

/// The glyphs in the order the page paints them, made into printed lines: a glyph goes
/// on the line of the one before when it stands on its baseline just after it (across)
/// or just under it (a column set top to bottom); anything else opens a line. Spaces
/// are gaps, not glyphs: the geometry reads a gap as a space where it is one. An
/// ideographic space between two glyphs of a line is printed text (`增持　工商银行　5032
/// 万股`): it stays a glyph, so its em-wide gap is never taken for a gutter.
fn lines(chars: &[TextChar], frame: Frame) -> Vec<OcrLine> {
    let mut out: Vec<OcrLine> = Vec::new();
    let mut last: Option<Glyph> = None;
    // The width of the spaces painted since the last glyph: a gap they fill (`记者　刘丹`)
    // is part of the line, however wide.
    let mut space = 0.0;
    // The ideographic spaces among them.
    let mut wide: Vec<Word> = Vec::new();
    for c in chars {
        if c.char.is_whitespace() || c.char.is_control() {
            space += f64::from(c.advance_width.abs()) * SCALE;
            if c.char == '\u{3000}' {
                let g = frame.glyph(c);
                wide.push(Word { text: g.c.to_string(), bbox: g.bbox, conf: 1.0 });
            }
            continue;
        }
        let g = frame.glyph(c);
        let word = Word { text: g.c.to_string(), bbox: g.bbox, conf: 1.0 };
        match (last, out.last_mut()) {
            (Some(p), Some(line)) if follows(line, &p, &g, space) => {
                if line.words.len() == 1 {
                    line.vertical = below(&p, &g);
                }
                // Spaces that close the gap to this glyph are text of the line; one
                // painted after a line's last glyph, a gutter before the next, is not.
                if wide.last().is_some_and(|w| (g.bbox.x0 - w.bbox.x1).abs() <= g.em * SPACE_TO_GLYPH) {
                    line.words.append(&mut wide);
                }
                line.bbox.union(&g.bbox);
                line.words.push(word);
            }
            _ => out.push(OcrLine { bbox: g.bbox, words: vec![word], vertical: false }),
        }
        last = Some(g);
        space = 0.0;
        wide.clear();
    }
    out
}

/// Glyphs set top to bottom that the page paints out of order made into their
/// columns: a vertical headline beside its kicker is painted a glyph of each in turn,
/// so each column comes out in pieces. A piece of one glyph, or set top to bottom, goes
/// on the piece whose last glyph stands just over its first, wherever the page painted
/// it; the column stands where its first piece stood. A piece across whose every glyph
/// stands under a different column is glyphs of columns side by side painted in turn
/// (a kicker beside its byline): each goes on its column.
fn stack_columns(lines: Vec<OcrLine>) -> Vec<OcrLine> {
    let stackable = |l: &OcrLine| l.vertical || l.words.len() == 1;
    if lines.iter().filter(|l| stackable(l)).count() < 2 {
        return lines;
    }
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by(|&a, &b| cmp_f64(lines[a].bbox.y0, lines[b].bbox.y0));
    let mut slots: Vec<Option<OcrLine>> = lines.into_iter().map(Some).collect();
    // The columns being stacked (the slot of each one's first piece) and each one's
    // last glyph; those ending more than an em above the next piece are done, so the
    // search stays among the columns side by side at one height.
    let mut open: Vec<(usize, Glyph)> = Vec::new();
    for i in order {
        let Some(piece) = slots[i].take() else { continue };
        let Some(first) = piece.words.first().map(word_glyph) else { continue };
        open.retain(|(_, tail)| tail.bbox.y1 > first.bbox.y0 - tail.em.max(first.em));
        if !stackable(&piece) {
            match under_columns(&open, &piece) {
                Some(columns) => {
                    for (word, k) in piece.words.into_iter().zip(columns) {
                        let (h, tail) = &mut open[k];
                        *tail = word_glyph(&word);
                        if let Some(column) = slots[*h].as_mut() {
                            column.bbox.union(&word.bbox);
                            column.words.push(word);
                        }
                    }
                }
                None => slots[i] = Some(piece),
            }
            continue;
        }
        let last = piece.words.last().map(word_glyph).unwrap_or(first);
        let on = open.iter_mut().find(|(_, tail)| same_size(tail.em, first.em) && below(tail, &first));
        match on.and_then(|(h, tail)| slots[*h].as_mut().map(|column| (column, tail))) {
            Some((column, tail)) => {
                column.bbox.union(&piece.bbox);
                column.words.extend(piece.words);
                column.vertical = true;
                *tail = last;
            }
            None => {
                open.push((i, last));
                slots[i] = Some(piece);
            }
        }
    }
    slots.into_iter().flatten().collect()
}

/// A placed glyph, its em the longer side of its box: a digit turned to run down a
/// column lies half an em tall.
fn word_glyph(w: &Word) -> Glyph {
    Glyph { c: ' ', bbox: w.bbox, em: w.bbox.height().max(w.bbox.x1 - w.bbox.x0) }
}

/// The open column each glyph of `piece` stands under, a different one for each, if
/// every glyph does and there are two or more.
fn under_columns(open: &[(usize, Glyph)], piece: &OcrLine) -> Option<Vec<usize>> {
    if piece.words.len() < 2 || piece.words.len() > open.len() {
        return None;
    }
    let mut taken: Vec<usize> = Vec::with_capacity(piece.words.len());
    for w in &piece.words {
        let g = word_glyph(w);
        let k = (0..open.len()).find(|k| {
            let tail = &open[*k].1;
            !taken.contains(k) && same_size(tail.em, g.em) && below(tail, &g)
        })?;
        taken.push(k);
    }
    Some(taken)
}

/// Does `g` go on `line`, whose last glyph is `p`, `space` the width of the spaces
/// painted between them?
fn follows(line: &OcrLine, p: &Glyph, g: &Glyph, space: f64) -> bool {
    if !same_size(p.em, g.em) {
        return false;
    }
    match (line.words.len(), line.vertical) {
        (1, _) => after(p, g, space) || below(p, g),
        (_, true) => below(p, g),
        (_, false) => after(p, g, space),
    }
}

/// Sizes one line can mix: a bold run-in or a digit font, not a headline's.
fn same_size(a: f64, b: f64) -> bool {
    a.max(b) <= 1.25 * a.min(b)
}

/// Does `g` stand on `p`'s baseline just after it, `space` apart by spaces? A gutter is
/// wider than the widest gap letter spacing and justification leave inside a line (the
/// narrowest gutter on e-paper pages is over 1.1 em; a justified line's gaps stay under
/// 0.5 em).
fn after(p: &Glyph, g: &Glyph, space: f64) -> bool {
    let em = p.em.max(g.em);
    let gap = g.bbox.x0 - p.bbox.x1 - space;
    (g.bbox.y1 - p.bbox.y1).abs() < 0.3 * em && gap > -0.5 * em && gap < 0.9 * em
}

/// Does `g` stand just under `p`, in the same column of a page set top to bottom?
fn below(p: &Glyph, g: &Glyph) -> bool {
    let em = p.em.max(g.em);
    let mid = |b: &BBox| (b.x0 + b.x1) / 2.0;
    let gap = g.bbox.y0 - p.bbox.y1;
    (mid(&g.bbox) - mid(&p.bbox)).abs() < 0.3 * em && gap > -0.3 * em && gap < 0.9 * em
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-glyph line: a character `em` square at (`x`, `y`).
    fn glyph(c: char, x: f64, y: f64, em: f64) -> OcrLine {
        let bbox = BBox { x0: x, y0: y, x1: x + em, y1: y + em };
        OcrLine { bbox, words: vec![Word { text: c.to_string(), bbox, conf: 1.0 }], vertical: false }
    }

    /// Each line's text, its glyphs in the order it holds them.
    fn texts(lines: &[OcrLine]) -> Vec<String> {
        lines.iter().map(|l| l.words.iter().map(|w| w.text.as_str()).collect()).collect()
    }

    #[test]
    fn columns_painted_a_glyph_of_each_in_turn_are_stacked() {
        // A vertical headline (50 px) beside its kicker (110 px), painted top down a
        // glyph of one, then of the other; and a line across under them.
        let mut painted = Vec::new();
        for (k, (a, b)) in "天地玄黄".chars().zip("子丑寅卯".chars()).enumerate() {
            painted.push(glyph(a, 300.0, 100.0 + 52.0 * k as f64, 50.0));
            painted.push(glyph(b, 150.0, 100.0 + 112.0 * k as f64, 110.0));
        }
        let stacked = stack_columns(painted);
        assert_eq!(texts(&stacked), ["天地玄黄", "子丑寅卯"]);
        assert!(stacked.iter().all(|l| l.vertical));
        // Glyphs of another size under a column do not go on it.
        let stacked = stack_columns(vec![glyph('天', 300.0, 100.0, 50.0), glyph('地', 300.0, 152.0, 90.0)]);
        assert_eq!(stacked.len(), 2);
    }

    #[test]
    fn a_column_stays_open_past_smaller_type_beside_it() {
        // A headline column of 120 px glyphs, a 40 px byline glyph beside it starting
        // between two of them: the headline's second glyph still goes on its column.
        let stacked = stack_columns(vec![
            glyph('十', 300.0, 0.0, 120.0),
            glyph('文', 150.0, 170.0, 40.0),
            glyph('萬', 300.0, 180.0, 120.0),
        ]);
        assert_eq!(texts(&stacked), ["十萬", "文"]);
    }

    #[test]
    fn a_line_across_columns_painted_in_turn_goes_on_its_columns() {
        // A kicker (47 px) beside its byline (41 px) half an em apart, the page
        // painting a glyph of each in turn: a pair that came out as one line across
        // goes back on the two columns.
        let mut painted = Vec::new();
        for (k, (a, b)) in "大盤或".chars().zip("文本報".chars()).enumerate() {
            painted.push(glyph(a, 422.0, 100.0 + 47.0 * k as f64, 47.0));
            painted.push(glyph(b, 355.0, 100.0 + 41.0 * k as f64, 41.0));
        }
        let mut across = glyph('記', 355.0, 223.0, 41.0);
        let short = glyph('短', 422.0, 241.0, 47.0);
        across.bbox.union(&short.bbox);
        across.words.extend(short.words);
        painted.push(across);
        let stacked = stack_columns(painted);
        assert_eq!(texts(&stacked), ["大盤或短", "文本報記"]);
    }

    #[test]
    fn digits_turned_down_a_column_stack_onto_it() {
        // `10萬` down a 120 px headline column, the digits turned, each half an em along
        // the column: they go on the column above its first ideograph.
        let turned = |c: char, y: f64| {
            let bbox = BBox { x0: 300.0, y0: y, x1: 420.0, y1: y + 60.0 };
            OcrLine { bbox, words: vec![Word { text: c.to_string(), bbox, conf: 1.0 }], vertical: false }
        };
        let stacked = stack_columns(vec![
            turned('1', 0.0),
            glyph('文', 150.0, 40.0, 40.0),
            turned('0', 70.0),
            glyph('萬', 300.0, 140.0, 120.0),
        ]);
        assert_eq!(texts(&stacked), ["10萬", "文"]);
    }

    #[test]
    fn a_turned_glyph_lies_along_its_run() {
        // A digit turned a quarter clockwise (a column's `10`), origin at its top left
        // in PDF space: its box runs half an em down the page, its top to the right.
        let frame = Frame { left: 0.0, top: 1000.0 };
        let c = TextChar {
            char: '1',
            font_size: 30.0,
            origin_x: 100.0,
            origin_y: 700.0,
            rotation_degrees: 90.0,
            ..TextChar::default()
        };
        let b = frame.glyph(&c).bbox;
        let (em, x, y) = (30.0 * SCALE, 100.0 * SCALE, 300.0 * SCALE);
        let near = |a: f64, b: f64| (a - b).abs() < 1e-6;
        assert!(near(b.x0, x - 0.12 * em) && near(b.x1, x + 0.88 * em), "{b:?}");
        assert!(near(b.y0, y) && near(b.y1, y + 0.5 * em), "{b:?}");
    }

    #[test]
    fn tells_a_pdf_by_its_head() {
        assert!(is_pdf(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"));
        assert!(is_pdf(b"\n\n%PDF-1.4"));
        assert!(!is_pdf("一篇文章 %PDF".as_bytes()));
    }

    #[test]
    fn chinese_is_text_and_glyph_numbers_are_not() {
        assert!(plausible('中') && plausible('，') && plausible('A') && plausible('“'));
        assert!(!plausible('\u{E001}') && !plausible('\u{FFFD}') && !plausible('\u{3}'));
    }
}
