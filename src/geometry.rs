//! Geometry: read hOCR (Tesseract 4/5), ALTO (v2–v4) and PaddleOCR JSON, and turn their
//! boxes into page text in reading order, laid out so the structure stage reads it right.
//!
//! Positions answer what plain text can only guess. Columns and reading order come from
//! the boxes (a recursive XY cut: bands top to bottom, columns left to right); a line that
//! starts indented or follows a line that stops short of its column's right edge opens a
//! new paragraph (a blank line before it); a line taller than the body text is a heading
//! (its own paragraph); the gap between two word boxes decides whether a space is real
//! (Tesseract writes one between almost every Chinese character). The text then goes
//! through the same passes and edits as any page.
//!
//! XML is read with quick-xml, which neither resolves external entities nor expands a
//! DTD; depth and size are bounded.

use crate::error::{Error, Result};
use quick_xml::events::Event;
use std::ops::Range;
use std::path::PathBuf;

/// The formats a page can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Hocr,
    Alto,
    Paddle,
}

/// Tell the format from the content, not the name.
pub fn detect(text: &str) -> Format {
    let head: String = text.chars().take(4096).collect();
    let t = head.trim_start_matches('\u{FEFF}').trim_start();
    if t.starts_with('<') {
        if head.contains("ocr_page")
            || head.contains("ocr_line")
            || head.contains("ocrx_word")
            || head.contains("ocr-system")
        {
            return Format::Hocr;
        }
        if head.contains("<alto") || head.contains(":alto") || head.contains("<Layout") {
            return Format::Alto;
        }
    }
    if (t.starts_with('[') || t.starts_with('{'))
        && head.contains("\"text\"")
        && (head.contains("box") || head.contains("points"))
    {
        return Format::Paddle;
    }
    Format::Text
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
    fn union(&mut self, o: &BBox) {
        self.x0 = self.x0.min(o.x0);
        self.y0 = self.y0.min(o.y0);
        self.x1 = self.x1.max(o.x1);
        self.y1 = self.y1.max(o.y1);
    }
}

/// A word and its box.
#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub bbox: BBox,
}

/// A printed line: its words in order and its box.
#[derive(Debug, Clone)]
pub struct Line {
    pub bbox: BBox,
    pub words: Vec<Word>,
}

/// Largest nesting an OCR file has any reason for.
const MAX_DEPTH: usize = 256;

fn xml_err(name: &str, why: impl std::fmt::Display) -> Error {
    Error::Undecodable { path: PathBuf::from(name), why: format!("malformed XML: {why}") }
}

fn hocr_bbox(title: &str) -> Option<BBox> {
    let i = title.find("bbox ")?;
    let nums: Vec<f64> =
        title[i + 5..].split([';', '"']).next()?.split_whitespace().filter_map(|n| n.parse().ok()).collect();
    match nums.as_slice() {
        [a, b, c, d, ..] => Some(BBox { x0: *a, y0: *b, x1: *c, y1: *d }),
        _ => None,
    }
}

/// The lines of an hOCR page.
pub fn read_hocr(text: &str, name: &str) -> Result<Vec<Line>> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = false;
    let mut lines: Vec<Line> = Vec::new();
    // (depth, kind) of the open elements that matter: 1 line, 2 word.
    let mut stack: Vec<u8> = Vec::new();
    let mut word: Option<Word> = None;
    loop {
        match reader.read_event() {
            Err(e) => return Err(xml_err(name, e)),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(xml_err(name, "nested too deep"));
                }
                let mut class = String::new();
                let mut title = String::new();
                for a in e.attributes().flatten() {
                    let v = a.unescape_value().map(|v| v.into_owned()).unwrap_or_default();
                    match a.key.as_ref() {
                        b"class" => class = v,
                        b"title" => title = v,
                        _ => {}
                    }
                }
                let kind = if class
                    .split_whitespace()
                    .any(|c| matches!(c, "ocr_line" | "ocr_header" | "ocr_textfloat" | "ocr_caption"))
                {
                    if let Some(b) = hocr_bbox(&title) {
                        lines.push(Line { bbox: b, words: Vec::new() });
                    }
                    1
                } else if class.split_whitespace().any(|c| c == "ocrx_word") {
                    word = hocr_bbox(&title).map(|b| Word { text: String::new(), bbox: b });
                    2
                } else {
                    0
                };
                stack.push(kind);
            }
            Ok(Event::Text(t)) => {
                if let Some(w) = word.as_mut() {
                    w.text.push_str(&t.unescape().map_err(|e| xml_err(name, e))?);
                }
            }
            Ok(Event::End(_)) => {
                if stack.pop() == Some(2) {
                    if let (Some(w), Some(l)) = (word.take(), lines.last_mut()) {
                        if !w.text.trim().is_empty() {
                            l.words.push(w);
                        }
                    }
                }
            }
            Ok(_) => {}
        }
    }
    lines.retain(|l| !l.words.is_empty());
    Ok(lines)
}

fn attr_f64(e: &quick_xml::events::BytesStart, key: &[u8]) -> Option<f64> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == key)?.unescape_value().ok()?.parse().ok()
}

/// The lines of an ALTO page (v2–v4), margins included: the structure stage finds the
/// running heads among them.
pub fn read_alto(text: &str, name: &str) -> Result<Vec<Line>> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut lines: Vec<Line> = Vec::new();
    let mut depth = 0usize;
    let handle = |e: &quick_xml::events::BytesStart, lines: &mut Vec<Line>| {
        let bbox = || {
            let (x, y, w, h) =
                (attr_f64(e, b"HPOS")?, attr_f64(e, b"VPOS")?, attr_f64(e, b"WIDTH")?, attr_f64(e, b"HEIGHT")?);
            Some(BBox { x0: x, y0: y, x1: x + w, y1: y + h })
        };
        match e.local_name().as_ref() {
            b"TextLine" => {
                if let Some(b) = bbox() {
                    lines.push(Line { bbox: b, words: Vec::new() });
                }
            }
            b"String" => {
                let content = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == b"CONTENT")
                    .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                    .unwrap_or_default();
                if let (Some(b), Some(l)) = (bbox(), lines.last_mut()) {
                    if !content.trim().is_empty() {
                        l.words.push(Word { text: content, bbox: b });
                    }
                }
            }
            _ => {}
        }
    };
    loop {
        match reader.read_event() {
            Err(e) => return Err(xml_err(name, e)),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(xml_err(name, "nested too deep"));
                }
                handle(&e, &mut lines);
            }
            Ok(Event::Empty(e)) => handle(&e, &mut lines),
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
        }
    }
    lines.retain(|l| !l.words.is_empty());
    Ok(lines)
}

/// The lines of a PaddleOCR result: a list of `{text, box | points, score}` (or
/// `[[points], [text, score]]` pairs), one per line.
pub fn read_paddle(text: &str, name: &str) -> Result<Vec<Line>> {
    let v: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| Error::Undecodable { path: PathBuf::from(name), why: format!("malformed JSON: {e}") })?;
    let items: Vec<&serde_json::Value> = match &v {
        serde_json::Value::Array(a)
            if a.len() == 1
                && a[0].is_array()
                && a[0].as_array().is_some_and(|x| {
                    x.first().is_some_and(|y| y.is_array() && y.get(1).is_some_and(|z| z.is_array()))
                }) =>
        {
            a[0].as_array().map(|x| x.iter().collect()).unwrap_or_default()
        }
        serde_json::Value::Array(a) => a.iter().collect(),
        serde_json::Value::Object(o) => o
            .get("lines")
            .or_else(|| o.get("results"))
            .and_then(|l| l.as_array())
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let points_box = |p: &serde_json::Value| -> Option<BBox> {
        let pts = p.as_array()?;
        let mut b: Option<BBox> = None;
        for pt in pts {
            let (x, y) = (pt.get(0)?.as_f64()?, pt.get(1)?.as_f64()?);
            let one = BBox { x0: x, y0: y, x1: x, y1: y };
            match b.as_mut() {
                Some(bb) => bb.union(&one),
                None => b = Some(one),
            }
        }
        b
    };
    let mut lines = Vec::new();
    for it in items {
        let (text, bbox) = if let Some(t) = it.get("text").and_then(|t| t.as_str()) {
            let b = it.get("box").or_else(|| it.get("points")).or_else(|| it.get("text_region")).and_then(|b| {
                b.as_array().and_then(|a| {
                    if a.len() == 4 && a.iter().all(|x| x.is_number()) {
                        let n: Vec<f64> = a.iter().filter_map(|x| x.as_f64()).collect();
                        Some(BBox { x0: n[0], y0: n[1], x1: n[2], y1: n[3] })
                    } else {
                        points_box(b)
                    }
                })
            });
            (t.to_string(), b)
        } else if let (Some(p), Some(t)) = (it.get(0), it.get(1).and_then(|x| x.get(0)).and_then(|t| t.as_str())) {
            (t.to_string(), points_box(p))
        } else {
            continue;
        };
        if let Some(b) = bbox {
            if !text.trim().is_empty() {
                lines.push(Line { bbox: b, words: vec![Word { text, bbox: b }] });
            }
        }
    }
    Ok(lines)
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v[v.len() / 2]
}

/// Recursive XY cut: the lines in reading order, grouped by the leaf region (a column
/// stretch) they stand in.
fn xy_cut(lines: &[usize], all: &[Line], gap: f64, horizontal_first: bool, out: &mut Vec<Vec<usize>>, depth: usize) {
    if lines.is_empty() {
        return;
    }
    if depth > 64 {
        out.push(lines.to_vec());
        return;
    }
    for horizontal in [horizontal_first, !horizontal_first] {
        // Lines of one column touch end to end across it, so any clear strip between
        // columns is a gutter, even a narrow one on a skewed scan; between bands the
        // gap must beat the line spacing.
        let g = if horizontal { gap } else { gap * 0.4 };
        let parts = cut(lines, all, g, horizontal);
        if parts.len() > 1 {
            for p in parts {
                xy_cut(&p, all, gap, !horizontal, out, depth + 1);
            }
            return;
        }
    }
    // No clear strip runs across: lines spanning several columns (a headline over two of
    // them, a rule read as text) block the cut. Cut the columns without them, and give
    // each to the leftmost column it stands over, where it reads before its text.
    let width = |i: usize| all[i].bbox.x1 - all[i].bbox.x0;
    let typical = median(lines.iter().map(|&i| width(i)).collect());
    let (wide, narrow): (Vec<usize>, Vec<usize>) = lines.iter().partition(|&&i| width(i) > typical * 1.2);
    if !wide.is_empty() && narrow.len() >= 2 {
        let parts = cut(&narrow, all, gap * 0.4, false);
        if parts.len() > 1 {
            modules(parts, wide, all, gap, out, depth);
            return;
        }
    }
    let mut l = lines.to_vec();
    l.sort_by(|&a, &b| all[a].bbox.y0.partial_cmp(&all[b].bbox.y0).unwrap_or(std::cmp::Ordering::Equal));
    out.push(l);
}

/// Read columns cut under lines that span several of them, as a newspaper is read: the
/// top of each column first, left to right; then each spanning line (a headline over its
/// columns) followed by the stretch of each column it spans, down to the next spanning
/// line over that column.
fn modules(
    columns: Vec<Vec<usize>>,
    mut spanners: Vec<usize>,
    all: &[Line],
    gap: f64,
    out: &mut Vec<Vec<usize>>,
    depth: usize,
) {
    let extent = |p: &[usize]| {
        let l = p.iter().map(|&i| all[i].bbox.x0).fold(f64::MAX, f64::min);
        let r = p.iter().map(|&i| all[i].bbox.x1).fold(f64::MIN, f64::max);
        (l, r)
    };
    let spans: Vec<(f64, f64)> = columns.iter().map(|p| extent(p)).collect();
    let covers = |s: usize, c: usize| {
        let b = all[s].bbox;
        let (l, r) = spans[c];
        (b.x1.min(r) - b.x0.max(l)) > (r - l) * 0.3
    };
    spanners.sort_by(|&a, &b| {
        let (ya, yb) = (all[a].bbox.y0, all[b].bbox.y0);
        ya.partial_cmp(&yb).unwrap_or(std::cmp::Ordering::Equal)
    });
    // Where each column is cut: the tops of the spanners over it.
    let cuts: Vec<Vec<(f64, usize)>> = (0..columns.len())
        .map(|c| {
            spanners.iter().enumerate().filter(|&(_, &s)| covers(s, c)).map(|(k, &s)| (all[s].bbox.y0, k)).collect()
        })
        .collect();
    // The stretch of column `c` that follows spanner `k` (None: the top of the column).
    let stretch = |c: usize, k: Option<usize>| -> Vec<usize> {
        let from = k.map(|k| all[spanners[k]].bbox.y0).unwrap_or(f64::MIN);
        let to = cuts[c].iter().map(|&(y, _)| y).filter(|&y| y > from).fold(f64::MAX, f64::min);
        let mine = k.is_none_or(|k| cuts[c].iter().any(|&(_, j)| j == k));
        if !mine {
            return Vec::new();
        }
        columns[c].iter().copied().filter(|&i| all[i].bbox.y0 >= from && all[i].bbox.y0 < to).collect()
    };
    for c in 0..columns.len() {
        let top = stretch(c, None);
        if !top.is_empty() {
            xy_cut(&top, all, gap, true, out, depth + 1);
        }
    }
    for (k, &s) in spanners.iter().enumerate() {
        out.push(vec![s]);
        for c in 0..columns.len() {
            let part = stretch(c, Some(k));
            if !part.is_empty() {
                xy_cut(&part, all, gap, true, out, depth + 1);
            }
        }
    }
}

/// Split `lines` where a gap of at least `gap` runs across them, horizontally (bands,
/// top to bottom) or vertically (columns, left to right).
fn cut(lines: &[usize], all: &[Line], gap: f64, horizontal: bool) -> Vec<Vec<usize>> {
    let span = |i: usize| {
        let b = all[i].bbox;
        if horizontal {
            (b.y0, b.y1)
        } else {
            (b.x0, b.x1)
        }
    };
    let mut order = lines.to_vec();
    order.sort_by(|&a, &b| span(a).0.partial_cmp(&span(b).0).unwrap_or(std::cmp::Ordering::Equal));
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut end = f64::MIN;
    for i in order {
        let (s, e) = span(i);
        if parts.is_empty() || s - end >= gap {
            parts.push(Vec::new());
        }
        if let Some(p) = parts.last_mut() {
            p.push(i);
        }
        end = end.max(e);
    }
    parts
}

/// The page as text: regions in reading order, a blank line between paragraphs, one
/// printed line per line.
pub fn to_text(lines: &[Line]) -> String {
    to_text_placed(lines).0
}

/// [`to_text`], and where each printed line of the text stands on the scan.
pub fn to_text_placed(lines: &[Line]) -> (String, Vec<Placed>) {
    let mut placed = Vec::new();
    if lines.is_empty() {
        return (String::new(), placed);
    }
    // The body text's character size: the median height of lines of some length (specks
    // and stray marks read as lines are lower and would shrink it).
    let long: Vec<f64> =
        lines.iter().filter(|l| l.bbox.x1 - l.bbox.x0 > l.bbox.height() * 4.0).map(|l| l.bbox.height()).collect();
    let all: Vec<f64> = lines.iter().map(|l| l.bbox.height()).collect();
    let body = median(if long.len() >= 3 { long } else { all }).max(1.0);
    // OCR engines run a line on across a column gutter: split it where its words stand
    // further apart than a gutter, so each piece falls in its own column.
    let split = split_at_gutters(lines, body);
    let lines = &split[..];
    let idx: Vec<usize> = (0..lines.len()).collect();
    let mut regions = Vec::new();
    xy_cut(&idx, lines, body * 0.9, true, &mut regions, 0);
    let mut out = String::new();
    for region in regions {
        let left = region.iter().map(|&i| lines[i].bbox.x0).fold(f64::MAX, f64::min);
        let right = region.iter().map(|&i| lines[i].bbox.x1).fold(f64::MIN, f64::max);
        let mut prev_short = true;
        let mut prev_heading = false;
        for (k, &i) in region.iter().enumerate() {
            let l = &lines[i];
            let h = l.bbox.height();
            let heading = h > body * 1.4;
            let indented = l.bbox.x0 - left > body * 1.2;
            let starts = k == 0 || prev_short || indented || heading != prev_heading;
            if starts && !out.is_empty() {
                out.push('\n');
            }
            let start = out.len();
            out.push_str(&line_text(l, body));
            placed.push(Placed { span: start..out.len(), bbox: l.bbox });
            out.push('\n');
            prev_short = right - l.bbox.x1 > body * 1.5 || heading;
            prev_heading = heading;
        }
        out.push('\n');
    }
    (out, placed)
}

fn split_at_gutters(lines: &[Line], body: f64) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        // A column rule read as a word (`|`) bridges the gutter it stands in: it is not text.
        let rule = |w: &Word| {
            w.text.trim().chars().all(|c| matches!(c, '|' | '丨' | '｜' | '¦')) && w.bbox.x1 - w.bbox.x0 < body * 0.5
        };
        let mut words: Vec<Word> = l.words.iter().filter(|w| !rule(w)).cloned().collect();
        words.sort_by(|a, b| a.bbox.x0.partial_cmp(&b.bbox.x0).unwrap_or(std::cmp::Ordering::Equal));
        let mut cur: Option<Line> = None;
        for w in words {
            let far = cur.as_ref().is_some_and(|c| w.bbox.x0 - c.bbox.x1 > body * 1.2);
            if far {
                out.extend(cur.take());
            }
            // A piece keeps its line's height: word boxes of marks reach above and below.
            match cur.as_mut() {
                Some(c) => {
                    c.bbox.x0 = c.bbox.x0.min(w.bbox.x0);
                    c.bbox.x1 = c.bbox.x1.max(w.bbox.x1);
                    c.words.push(w);
                }
                None => {
                    let bbox = BBox { x0: w.bbox.x0, x1: w.bbox.x1, y0: l.bbox.y0, y1: l.bbox.y1 };
                    cur = Some(Line { bbox, words: vec![w] })
                }
            }
        }
        out.extend(cur);
    }
    out
}

/// A line's words, with a space only where the boxes stand apart: Tesseract's word
/// breaks between Chinese characters are not spaces.
fn line_text(l: &Line, body: f64) -> String {
    let mut words: Vec<&Word> = l.words.iter().collect();
    words.sort_by(|a, b| a.bbox.x0.partial_cmp(&b.bbox.x0).unwrap_or(std::cmp::Ordering::Equal));
    let mut s = String::new();
    let mut prev: Option<&Word> = None;
    for w in words {
        if let Some(p) = prev {
            let gap = w.bbox.x0 - p.bbox.x1;
            let latin = p.text.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric())
                && w.text.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
            if gap > body * 0.8 {
                s.push('\u{3000}');
            } else if latin && gap > body * 0.15 {
                s.push(' ');
            }
        }
        s.push_str(w.text.trim());
        prev = Some(w);
    }
    s
}

/// Read an OCR file of any supported format into page text.
pub fn page_text(text: &str, name: &str) -> Result<(Format, String)> {
    let (text, layout) = page_layout(text, name)?;
    Ok((layout.as_ref().map_or(Format::Text, |l| l.format), text))
}

/// A printed line of the page text: its byte range there (without the newline) and its
/// box on the scan, in the OCR file's units.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub span: Range<usize>,
    pub bbox: BBox,
}

/// Where the page text stands on the scan: what the report crops and the batch overview
/// outlines. Plain text has none.
#[derive(Debug, Clone)]
pub struct Layout {
    pub format: Format,
    /// The printed lines in text order.
    pub lines: Vec<Placed>,
    /// The page's width and height in the boxes' units, when the file gives them (hOCR
    /// `ocr_page` bbox, ALTO `Page` WIDTH/HEIGHT): a scan of another size is scaled to it.
    pub page: Option<(f64, f64)>,
    /// The scan the file names (hOCR `image`, ALTO `sourceImageInformation/fileName`).
    pub image: Option<String>,
}

/// Read an OCR file of any supported format into page text and, unless it is plain
/// text, where its lines stand on the scan.
pub fn page_layout(text: &str, name: &str) -> Result<(String, Option<Layout>)> {
    let format = detect(text);
    let lines = match format {
        Format::Text => return Ok((text.to_string(), None)),
        Format::Hocr => read_hocr(text, name)?,
        Format::Alto => read_alto(text, name)?,
        Format::Paddle => read_paddle(text, name)?,
    };
    if lines.is_empty() {
        return Err(Error::Empty { path: PathBuf::from(name) });
    }
    let (out, placed) = to_text_placed(&lines);
    let (page, image) = crate::scan::page_info(text, format);
    Ok((out, Some(Layout { format, lines: placed, page, image })))
}

/// The command line that installs what `--ocr` needs.
pub const TESSERACT_INSTALL: &str = "apt-get install tesseract-ocr tesseract-ocr-chi-sim";

/// Read a page image with the `tesseract` binary (`-l chi_sim`, hOCR out) and turn what
/// it reads into page text. Without tesseract on the machine, say how to install it.
pub fn ocr(image: &std::path::Path) -> Result<crate::ingest::Source> {
    let name = image.display().to_string();
    let hocr = tesseract(image)?;
    let (text, layout) = page_layout(&hocr, &name)?;
    Ok(crate::ingest::Source { name, encoding: "UTF-8", text, layout })
}

/// The hOCR tesseract reads from a page image.
pub fn tesseract(image: &std::path::Path) -> Result<String> {
    if !image.is_file() {
        return Err(Error::io(image, std::io::Error::new(std::io::ErrorKind::NotFound, "no such image")));
    }
    let run = std::process::Command::new("tesseract")
        .arg(image)
        .arg("stdout")
        .args(["-l", "chi_sim", "--psm", "3", "hocr"])
        .stdin(std::process::Stdio::null())
        .output();
    let out = match run {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Usage(format!(
                "--ocr needs the tesseract binary with Chinese data: {TESSERACT_INSTALL}"
            )))
        }
        Err(e) => return Err(Error::io("tesseract", e)),
        Ok(o) => o,
    };
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("failed").to_string();
        return Err(Error::Undecodable { path: image.to_path_buf(), why: format!("tesseract: {why}") });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
