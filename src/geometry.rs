//! Geometry: read hOCR (Tesseract 4/5), ALTO (v2–v4) and PaddleOCR JSON, and turn their
//! boxes into page text in reading order, laid out so the structure stage reads it right.
//!
//! Positions answer what plain text can only guess. The page is set straight (its tilt
//! from the rows of word boxes), lines the OCR ran across a gutter are split where the
//! lines around them leave it clear, and the running head and footer rows come out
//! first. Reading order is a recursive XY cut (bands top to bottom, columns left to
//! right) that cuts headline bands out and reads the columns under a spanning headline
//! as a newspaper does. Then the text is laid out as the output is: a line taller than
//! the body with larger characters is a heading (a wrapped headline joined into one
//! line), a line that starts indented, or follows one that stops short of its column's
//! edge, opens a paragraph, and a paragraph's printed lines are joined, across a column
//! break too; the gap between two word boxes decides whether a space is real (Tesseract
//! writes one between almost every Chinese character). The text then goes through the
//! same passes and edits as any page; each piece keeps its box for the report's crops.
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
    /// The engine's confidence, 0 to 1 (1 when the file gives none).
    pub conf: f64,
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
        [a, b, c, d, ..] => Some(BBox { x0: a.min(*c), y0: b.min(*d), x1: a.max(*c), y1: b.max(*d) }),
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
                    let conf = title
                        .split(';')
                        .find_map(|p| p.trim().strip_prefix("x_wconf "))
                        .and_then(|c| c.trim().parse::<f64>().ok())
                        .map_or(1.0, |c| c / 100.0);
                    word = hocr_bbox(&title).map(|b| Word { text: String::new(), bbox: b, conf });
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
                        let conf = attr_f64(e, b"WC").unwrap_or(1.0);
                        l.words.push(Word { text: content, bbox: b, conf });
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
                let conf = it.get("score").and_then(|c| c.as_f64()).unwrap_or(1.0);
                lines.push(Line { bbox: b, words: vec![Word { text, bbox: b, conf }] });
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
    // A headline band is a band of its own even when the text comes close above or
    // below it: cut over and under each heading group no line runs across.
    let bands = heading_bands(lines, all);
    if bands.len() > 1 {
        for b in bands {
            xy_cut(&b, all, gap, horizontal_first, out, depth + 1);
        }
        return;
    }
    for horizontal in [horizontal_first, !horizontal_first] {
        // Lines of one column touch end to end across it, so any clear strip between
        // columns is a gutter, even a narrow one on a skewed scan; between bands the
        // gap must beat the line spacing.
        let g = if horizontal { gap } else { gap * 0.4 };
        let parts = cut(lines, all, g, gap, horizontal);
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
        // Specks make no column of their own: they join the column nearest them.
        let (specks, text): (Vec<usize>, Vec<usize>) =
            narrow.iter().partition(|&&i| width(i) < typical * 0.1 && all[i].bbox.height() < gap);
        let mut parts = cut(&text, all, gap * 0.4, gap, false);
        if parts.len() > 1 {
            // A line a little wider than most that stands over one column only is that
            // column's line, not a spanner: only a heading or a line over two columns spans.
            let extent = |p: &[usize]| {
                let l = p.iter().map(|&i| all[i].bbox.x0).fold(f64::MAX, f64::min);
                let r = p.iter().map(|&i| all[i].bbox.x1).fold(f64::MIN, f64::max);
                (l, r)
            };
            let spans: Vec<(f64, f64)> = parts.iter().map(|p| extent(p)).collect();
            let typical_h = median(lines.iter().map(|&i| all[i].bbox.height()).collect());
            let overlap = |i: usize, c: usize| {
                let (l, r) = spans[c];
                (all[i].bbox.x1.min(r) - all[i].bbox.x0.max(l)).max(0.0) / (r - l).max(1.0)
            };
            let heads: Vec<usize> = wide
                .iter()
                .copied()
                .filter(|&i| {
                    let over = (0..parts.len()).filter(|&c| overlap(i, c) > 0.3).count();
                    width(i) > typical * 1.2 && (over >= 2 || all[i].bbox.height() > typical_h * 1.4)
                })
                .collect();
            // A subtitle centred right under a spanning headline spans with it.
            let under = |i: usize| {
                let b = all[i].bbox;
                let centre = (b.x0 + b.x1) / 2.0;
                let text: String = all[i].words.iter().map(|w| w.text.as_str()).collect();
                b.height() > typical_h * 1.25
                    && !text.contains(['。', '，', '；'])
                    && heads.iter().any(|&s| {
                        let h = all[s].bbox;
                        b.y0 >= h.y1 - h.height() * 0.3 && b.y0 - h.y1 < h.height() && centre > h.x0 && centre < h.x1
                    })
            };
            let subtitles: Vec<usize> = parts.iter().flatten().copied().filter(|&i| under(i)).collect();
            for p in &mut parts {
                p.retain(|i| !subtitles.contains(i));
            }
            // A column left empty goes, and its extent with it: the extents stay those
            // of the columns left, index for index.
            let (mut parts, spans): (Vec<Vec<usize>>, Vec<(f64, f64)>) =
                parts.into_iter().zip(spans).filter(|(p, _)| !p.is_empty()).unzip();
            if parts.is_empty() {
                // Every line of the columns stood under a headline: no column is left
                // to give the others to.
                out.push(in_rows(lines, all, gap));
                return;
            }
            let mut spanners = subtitles;
            for i in wide.into_iter().chain(specks) {
                if heads.contains(&i) {
                    spanners.push(i);
                } else {
                    let centre = (all[i].bbox.x0 + all[i].bbox.x1) / 2.0;
                    let dist = |c: usize| {
                        let (l, r) = spans[c];
                        if centre < l {
                            l - centre
                        } else if centre > r {
                            centre - r
                        } else {
                            0.0
                        }
                    };
                    let best = (0..parts.len())
                        .min_by(|&a, &b| dist(a).partial_cmp(&dist(b)).unwrap_or(std::cmp::Ordering::Equal))
                        .unwrap_or(0);
                    parts[best].push(i);
                }
            }
            if !spanners.is_empty() {
                modules(parts, spanners, all, gap, out, depth);
                return;
            }
            for p in parts {
                xy_cut(&p, all, gap, true, out, depth + 1);
            }
            return;
        }
    }
    out.push(in_rows(lines, all, gap));
}

/// Lines top to bottom, and pieces of one printed row (a line the OCR cut at a wide
/// gap) left to right.
fn in_rows(lines: &[usize], all: &[Line], body: f64) -> Vec<usize> {
    let mid = |i: usize| (all[i].bbox.y0 + all[i].bbox.y1) / 2.0;
    let mut l = lines.to_vec();
    l.sort_by(|&a, &b| mid(a).partial_cmp(&mid(b)).unwrap_or(std::cmp::Ordering::Equal));
    let mut out = Vec::with_capacity(l.len());
    let mut row: Vec<usize> = Vec::new();
    for i in l {
        if row.first().is_some_and(|&f| mid(i) - mid(f) > body * 0.5) {
            row.sort_by(|&a, &b| all[a].bbox.x0.partial_cmp(&all[b].bbox.x0).unwrap_or(std::cmp::Ordering::Equal));
            out.append(&mut row);
        }
        row.push(i);
    }
    row.sort_by(|&a, &b| all[a].bbox.x0.partial_cmp(&all[b].bbox.x0).unwrap_or(std::cmp::Ordering::Equal));
    out.append(&mut row);
    out
}

/// The set cut into bands at the top and bottom of its headings (lines set larger,
/// without sentence marks), where no line runs across.
fn heading_bands(lines: &[usize], all: &[Line]) -> Vec<Vec<usize>> {
    if lines.len() < 3 {
        return Vec::new();
    }
    let typical_h = median(lines.iter().map(|&i| all[i].bbox.height()).collect());
    let typical_size = median(lines.iter().map(|&i| char_size(&all[i])).collect());
    let big = |l: &Line| {
        let text_marks = l.words.iter().any(|w| w.text.contains(['。', '，', '；']));
        l.bbox.height() > typical_h * 1.2 && char_size(l) > typical_size * 1.15 && !text_marks
    };
    let eps = typical_h * 0.1;
    // Text runs on beside a heading of another module: only a cut with clear space on
    // the text's side, more than between two lines of a column, stands.
    let window = typical_h * 0.6;
    let mut text: Vec<(f64, f64)> =
        lines.iter().filter(|&&i| !big(&all[i])).map(|&i| (all[i].bbox.y0, all[i].bbox.y1)).collect();
    text.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
    let busy = |lo: f64, hi: f64| text.iter().take_while(|&&(a, _)| a < hi).any(|&(_, b)| b > lo);
    let mut cuts: Vec<f64> = Vec::new();
    for &i in lines {
        let l = &all[i];
        if big(l) {
            if !busy(l.bbox.y0 - window, l.bbox.y0 + eps) {
                cuts.push(l.bbox.y0);
            }
            if !busy(l.bbox.y1 - eps, l.bbox.y1 + window) {
                cuts.push(l.bbox.y1);
            }
        }
    }
    if cuts.is_empty() {
        return Vec::new();
    }
    cuts.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    cuts.dedup_by(|a, b| (*a - *b).abs() < eps);
    let mut bands: Vec<Vec<usize>> = vec![Vec::new(); cuts.len() + 1];
    for &i in lines {
        let mid = (all[i].bbox.y0 + all[i].bbox.y1) / 2.0;
        bands[cuts.partition_point(|&c| c < mid)].push(i);
    }
    bands.retain(|b| !b.is_empty());
    // Headlines side by side head modules side by side: those are cut as columns.
    let side_by_side = bands.iter().any(|b| {
        let heads: Vec<usize> = b.iter().copied().filter(|&i| big(&all[i])).collect();
        !heads.is_empty() && cut(&heads, all, typical_h * 0.5, typical_h, false).len() > 1
    });
    if side_by_side {
        return Vec::new();
    }
    bands
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
    // A spanner stands over a column it overlaps, and over one whose text stops for it:
    // a headline centred over its module is narrower than the module, but no column
    // under it runs on beside it.
    let covers = |s: usize, c: usize| {
        let b = all[s].bbox;
        let (l, r) = spans[c];
        let over = (b.x1.min(r) - b.x0.max(l)) > (r - l) * 0.3;
        let (top, bottom) = (b.y0 + b.height() * 0.1, b.y1 - b.height() * 0.1);
        let clear = !columns[c].iter().any(|&i| all[i].bbox.y0 < bottom && all[i].bbox.y1 > top);
        over || clear
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
fn cut(lines: &[usize], all: &[Line], gap: f64, body: f64, horizontal: bool) -> Vec<Vec<usize>> {
    // Across, a line's ends count a character less: a stray mark or a rule's stub the
    // OCR hung on a line reaches into the gutter without closing it.
    let trim = if horizontal { 0.0 } else { body };
    let span = |i: usize| {
        let b = all[i].bbox;
        if horizontal {
            (b.y0, b.y1)
        } else {
            // Not a headline's: one wider than the columns under it still spans them.
            let m = if b.height() > body * 1.5 { 0.0 } else { trim.min((b.x1 - b.x0) / 2.0) };
            (b.x0 + m, b.x1 - m)
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

/// The page as text in the layout the output uses, which the structure stage reads
/// back as it is: regions in reading order, each heading on a line of its own (a
/// headline that wraps joined into one), a blank line, then each paragraph on one line
/// (its printed lines joined where the boxes say it goes on), and `---` between
/// articles. Running heads and jump lines stand on lines of their own, for the structure
/// stage to remove by its named rules.
pub fn to_text(lines: &[Line]) -> String {
    to_text_placed(lines).0
}

/// [`to_text`], and where each printed line (each piece of one) of the text stands on
/// the scan.
pub fn to_text_placed(lines: &[Line]) -> (String, Vec<Placed>) {
    if lines.is_empty() {
        return (String::new(), Vec::new());
    }
    // A scan a little rotated tilts every column: set it straight first, or no clear
    // gutter runs down the page.
    let mut lines = lines.to_vec();
    deskew(&mut lines);
    // OCR engines run a line on across a column gutter: split it where its words stand
    // further apart than a gutter, so each piece falls in its own column.
    let rough = median(lines.iter().map(|l| l.bbox.height()).collect()).max(1.0);
    let split = split_at_gutters(&lines, rough);
    let lines = &split[..];
    // The body text's character size: the median height of lines of some length (specks
    // and stray marks read as lines are lower and would shrink it).
    let long: Vec<f64> =
        lines.iter().filter(|l| l.bbox.x1 - l.bbox.x0 > l.bbox.height() * 4.0).map(|l| l.bbox.height()).collect();
    let all: Vec<f64> = lines.iter().map(|l| l.bbox.height()).collect();
    let body = median(if long.len() >= 3 { long } else { all }).max(1.0);
    // A full line of body text: what most long lines measure.
    let line_width = median(
        lines
            .iter()
            .filter(|l| l.bbox.height() < body * 1.4 && l.bbox.x1 - l.bbox.x0 > body * 4.0)
            .map(|l| l.bbox.x1 - l.bbox.x0)
            .collect(),
    );
    let split = split_by_neighbours(lines, body, line_width);
    let split = merge_fragments(split, body);
    let lines = &split[..];
    // A heading is set larger: its line is taller, and so are its characters (a line's
    // box alone grows with a speck or a skew).
    let size = char_size;
    let body_size = median(
        lines.iter().filter(|l| l.bbox.x1 - l.bbox.x0 > l.bbox.height() * 4.0).map(size).filter(|&s| s > 0.0).collect(),
    );
    // A line that fills the column with sentences, or ends one after a comma, is text,
    // however its boxes came out.
    let sentences = |l: &Line| {
        let marks = l.words.iter().filter(|w| w.text.contains(['，', '。', '；', ',', ';'])).count();
        let ends = l.words.last().is_some_and(|w| w.text.ends_with('。'));
        (l.bbox.x1 - l.bbox.x0 > line_width * 0.9 && marks >= 1) || (ends && marks >= 2)
    };
    let heading = |l: &Line| {
        l.bbox.height() > body * 1.4
            && (body_size <= 0.0 || size(l) > body_size * 1.3)
            && (!sentences(l) || size(l) > body_size * 1.8)
    };
    // The running head and the footer stand in a row of their own at the page's edges,
    // often closer to the text than a gutter: take them out before cutting the page.
    let head = edge_row(lines, body, line_width, true);
    let foot = edge_row(lines, body, line_width, false);
    let idx: Vec<usize> = (0..lines.len()).filter(|i| !head.contains(i) && !foot.contains(i)).collect();
    let mut regions = Vec::new();
    xy_cut(&idx, lines, body * 0.9, true, &mut regions, 0);

    let mut page = Flow::default();
    page.furniture_row(&head, lines, body);
    for region in &regions {
        let (left, right) = edges(region, lines, body, line_width);
        let mut prev: Option<&Line> = None;
        for (k, &i) in region.iter().enumerate() {
            let l = &lines[i];
            let text = line_text(l, body);
            if text.is_empty() {
                continue;
            }
            // A piece in the row of the piece before, to its right, goes on with it, in
            // this region or (a line cut at a wide gap) the region before.
            let same_row = prev.map(|p| p.bbox).or(page.last_box).is_some_and(|p| {
                let overlap = p.y1.min(l.bbox.y1) - p.y0.max(l.bbox.y0);
                overlap > p.height().min(l.bbox.height()) * 0.5
                    && l.bbox.x0 >= p.x1 - body
                    && l.bbox.x0 - p.x1 < body * 3.0
            });
            let h = l.bbox.height();
            // A subtitle: set larger than the text, right under a heading of its block.
            let subtitle = page.last == Last::Heading
                && h > body * 1.2
                && (body_size <= 0.0 || size(l) > body_size * 1.1)
                && !jump_like(&text);
            if heading(l) || subtitle {
                // Pieces of one headline row, even in regions of their own, make one line.
                // Pieces of one headline: in one row, close together; or a wrapped
                // headline's next line, of its size, right under it. A headline of the
                // module beside is neither.
                let p = page.heading_box;
                let join = page.last == Last::Heading && {
                    let overlap = p.y1.min(l.bbox.y1) - p.y0.max(l.bbox.y0);
                    let row = (same_row || overlap > p.height().min(h) * 0.5)
                        && l.bbox.x0 > p.x0
                        && l.bbox.x0 - p.x1 < p.height().max(h) * 1.5;
                    let across = p.x1.min(l.bbox.x1) - p.x0.max(l.bbox.x0);
                    let wrapped = (h - p.height()).abs() <= p.height() * 0.2
                        && l.bbox.y0 >= p.y1 - h * 0.3
                        && l.bbox.y0 - p.y1 < h * 0.8
                        && across > 0.0;
                    row || wrapped
                };
                page.heading(&text, join);
                page.heading_box = l.bbox;
                page.place(text.len(), l.bbox);
                prev = Some(l);
                continue;
            }
            // A speck read as a line is too small to be a line of text: it stays where
            // it stands without cutting the paragraph.
            if (h < body * 0.6 || !has_letters(&text)) && text.chars().count() <= 4 {
                page.speck(&text);
                page.place(text.len(), l.bbox);
                continue;
            }
            let indented = l.bbox.x0 - left > body * 1.2;
            // Only a region of body text goes on from the one before: a line alone in
            // its region (a running head, a folio, a jump line) stands by itself, and so
            // does a jump line anywhere.
            let alone = jump_like(&text);
            let goes_on = if same_row {
                !alone && page.last == Last::Paragraph
            } else if k == 0 {
                page.open && !alone
            } else {
                page.open && !indented
            };
            page.body(&text, goes_on && !alone);
            page.place(text.len(), l.bbox);
            page.last_box = Some(l.bbox);
            page.open = !alone && right - l.bbox.x1 <= body * 1.5;
            prev = Some(l);
        }
    }
    page.furniture_row(&foot, lines, body);
    page.finish()
}

/// The row of short pieces at the top (or bottom) edge of the page that reads as a
/// running head (or footer): a date, a page label, an editor's credit. Its pieces, left
/// to right; none when the edge row is text.
fn edge_row(lines: &[Line], body: f64, line_width: f64, top: bool) -> Vec<usize> {
    // Specks at the very edge (dust, a scanner's border) are not the row.
    let real = (0..lines.len()).filter(|&i| lines[i].bbox.height() >= body * 0.6);
    let edge = if top {
        real.min_by(|&a, &b| lines[a].bbox.y0.partial_cmp(&lines[b].bbox.y0).unwrap_or(std::cmp::Ordering::Equal))
    } else {
        real.max_by(|&a, &b| lines[a].bbox.y1.partial_cmp(&lines[b].bbox.y1).unwrap_or(std::cmp::Ordering::Equal))
    };
    let Some(e) = edge else { return Vec::new() };
    let (y0, y1) = (lines[e].bbox.y0 - body * 0.5, lines[e].bbox.y1.max(lines[e].bbox.y0 + body) + body * 0.5);
    let mut row: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let mid = (lines[i].bbox.y0 + lines[i].bbox.y1) / 2.0;
            mid >= y0 && mid <= y1
        })
        .collect();
    row.sort_by(|&a, &b| lines[a].bbox.x0.partial_cmp(&lines[b].bbox.x0).unwrap_or(std::cmp::Ordering::Equal));
    let texts: Vec<String> = row.iter().map(|&i| line_text(&lines[i], body)).collect();
    let page_width = lines.iter().map(|l| l.bbox.x1).fold(f64::MIN, f64::max)
        - lines.iter().map(|l| l.bbox.x0).fold(f64::MAX, f64::min);
    let short = row.iter().all(|&i| lines[i].bbox.x1 - lines[i].bbox.x0 < (line_width * 0.8).max(page_width * 0.4))
        && row.len() <= 6;
    let dated = texts.iter().any(|t| {
        (t.chars().any(|c| c.is_ascii_digit()) && (t.contains('年') || t.contains("星期") || t.contains('版')))
            || t.contains("编辑")
            || t.contains("編輯")
    });
    let label = texts.iter().any(|t| {
        let t = t.trim();
        t.chars().count() <= 8 && t.chars().any(|c| c.is_ascii_digit()) && !t.contains(['，', '。'])
    });
    if short && (dated || (label && row.len() >= 2)) {
        row
    } else {
        Vec::new()
    }
}

/// The page's tilt, from its lines: the slope of the row of word centres along each line
/// of several words, the median over the lines.
fn skew(lines: &[Line]) -> f64 {
    let slopes: Vec<f64> = lines
        .iter()
        .filter_map(|l| {
            let pts: Vec<(f64, f64)> = l
                .words
                .iter()
                .filter(|w| has_letters(&w.text))
                .map(|w| ((w.bbox.x0 + w.bbox.x1) / 2.0, (w.bbox.y0 + w.bbox.y1) / 2.0))
                .collect();
            if pts.len() < 5 {
                return None;
            }
            let n = pts.len() as f64;
            let (mx, my) = (pts.iter().map(|p| p.0).sum::<f64>() / n, pts.iter().map(|p| p.1).sum::<f64>() / n);
            let sxx: f64 = pts.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
            let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
            (sxx > 0.0).then(|| sxy / sxx)
        })
        .collect();
    if slopes.len() < 5 {
        return 0.0;
    }
    median(slopes)
}

/// Turn the boxes back by the page's tilt (small angles: a shear each way is enough).
/// A line's box, stretched in height by the tilt, shrinks back by it.
fn deskew(lines: &mut [Line]) {
    let s = skew(lines);
    if s.abs() < 0.001 || s.abs() > 0.1 {
        return;
    }
    let turn = |b: &BBox, shrink: bool| {
        let (cx, cy) = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
        let (w, mut h) = (b.x1 - b.x0, b.y1 - b.y0);
        if shrink {
            h = (h - s.abs() * w).max(h * 0.5);
        }
        let (nx, ny) = (cx + s * cy, cy - s * cx);
        BBox { x0: nx - w / 2.0, x1: nx + w / 2.0, y0: ny - h / 2.0, y1: ny + h / 2.0 }
    };
    for l in lines {
        l.bbox = turn(&l.bbox, true);
        for w in &mut l.words {
            w.bbox = turn(&w.bbox, false);
        }
    }
}

/// Where a region's lines start and end, read past the odd line that sticks out (a
/// hanging quote, a speck beside the column).
fn edges(region: &[usize], lines: &[Line], body: f64, line_width: f64) -> (f64, f64) {
    let mut x0: Vec<f64> = region.iter().map(|&i| lines[i].bbox.x0).collect();
    let mut x1: Vec<f64> = region.iter().map(|&i| lines[i].bbox.x1).collect();
    x0.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    x1.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let n = x0.len();
    let q1 = x0[n / 4];
    let left = x0.iter().copied().find(|&x| x >= q1 - body * 0.5).unwrap_or(q1);
    let q3 = x1[(n * 3) / 4];
    let right = x1.iter().rev().copied().find(|&x| x <= q3 + body * 0.5).unwrap_or(q3);
    if n < 3 {
        (left, right.max(left + line_width))
    } else {
        (left, right)
    }
}

/// The page text as it is laid out: articles of headings and paragraphs.
#[derive(Default)]
struct Flow {
    out: String,
    /// What the text ends in: nothing yet, a heading line, a paragraph.
    last: Last,
    /// Does the last paragraph go on (its last line reached the column's edge)?
    open: bool,
    /// Where each piece laid out stands on the scan.
    placed: Vec<Placed>,
    /// The box of the last heading piece.
    heading_box: BBox,
    /// The box of the last body piece.
    last_box: Option<BBox>,
}

#[derive(Default, PartialEq, Eq, Clone, Copy)]
enum Last {
    #[default]
    Nothing,
    Heading,
    Paragraph,
}

impl Flow {
    /// The piece just laid out, `len` bytes at the end of the text, stands at `bbox`.
    fn place(&mut self, len: usize, bbox: BBox) {
        let end = self.out.len();
        self.placed.push(Placed { span: end - len..end, bbox });
    }

    /// The running head or footer row: its pieces on one line, an ideographic space
    /// between them.
    fn furniture_row(&mut self, row: &[usize], lines: &[Line], body: f64) {
        let texts: Vec<String> = row.iter().map(|&i| line_text(&lines[i], body)).collect();
        let joined = texts.join("\u{3000}");
        if joined.is_empty() {
            return;
        }
        self.furniture(&joined);
        // The line ends in two newlines; its pieces stand before them.
        let mut pos = self.out.len() - 2 - joined.len();
        for (t, &i) in texts.iter().zip(row) {
            self.placed.push(Placed { span: pos..pos + t.len(), bbox: lines[i].bbox });
            pos += t.len() + '\u{3000}'.len_utf8();
        }
    }

    /// A heading line; `join`: it is the next piece of the heading before it.
    fn heading(&mut self, text: &str, join: bool) {
        match self.last {
            Last::Heading if join => push_joined(&mut self.out, text),
            Last::Heading => {
                self.out.push('\n');
                self.out.push_str(text);
            }
            Last::Paragraph => {
                self.out.push_str("\n\n---\n\n");
                self.out.push_str(text);
            }
            Last::Nothing => self.out.push_str(text),
        }
        self.last = Last::Heading;
        self.open = false;
    }

    fn body(&mut self, text: &str, goes_on: bool) {
        match self.last {
            Last::Paragraph if goes_on => push_joined(&mut self.out, text),
            Last::Paragraph => {
                self.out.push('\n');
                self.out.push_str(text);
            }
            Last::Heading => {
                self.out.push_str("\n\n");
                self.out.push_str(text);
            }
            Last::Nothing => self.out.push_str(text),
        }
        self.last = Last::Paragraph;
    }

    /// A running head or footer: a line of its own, never joined.
    fn furniture(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.last != Last::Nothing {
            self.out.push_str("\n\n");
        }
        self.out.push_str(text);
        self.out.push_str("\n\n");
        self.last = Last::Nothing;
        self.open = false;
    }

    /// A speck stays on the line before it, heading or paragraph: a mark that opened a
    /// paragraph would join it to what stands before.
    fn speck(&mut self, text: &str) {
        if self.last == Last::Nothing {
            self.body(text, false);
        } else {
            self.out.push_str(text);
        }
    }

    fn finish(mut self) -> (String, Vec<Placed>) {
        let end = self.out.trim_end_matches('\n').len();
        self.out.truncate(end);
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        (self.out, self.placed)
    }
}

/// A jump note (`（下转A04版）`) stands on a line of its own.
fn jump_like(t: &str) -> bool {
    let t = t.trim();
    t.chars().count() <= 14
        && t.starts_with(['（', '(', '《', '〈', '【', '['])
        && t.ends_with(['）', ')', '》', '〉', '】', ']'])
        && t.contains('版')
        && (t.contains('转') || t.contains('接'))
}

/// Join a printed line to the one before: nothing between Chinese characters, a space
/// between two words of Latin text.
fn push_joined(out: &mut String, text: &str) {
    let latin = out.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric())
        && text.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if latin {
        out.push(' ');
    }
    out.push_str(text);
}

fn split_at_gutters(lines: &[Line], body: f64) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        // A column rule read as a word (`|`) bridges the gutter it stands in: it is not text.
        let rule = |w: &Word| {
            w.text.trim().chars().all(|c| matches!(c, '|' | '丨' | '｜' | '¦'))
                && (w.bbox.x1 - w.bbox.x0 < body * 0.5 || w.bbox.height() > (w.bbox.x1 - w.bbox.x0) * 1.5)
        };
        let mut words: Vec<Word> = l.words.iter().filter(|w| !rule(w)).cloned().collect();
        words.sort_by(|a, b| a.bbox.x0.partial_cmp(&b.bbox.x0).unwrap_or(std::cmp::Ordering::Equal));
        // The size of this line's characters, from its words: a headline's wide gaps
        // between clauses are not gutters.
        let size = letter_size(&words);
        let gutter = body.max(size) * 1.2;
        let mut pieces: Vec<Vec<Word>> = Vec::new();
        for w in words {
            let far = pieces.last().and_then(|p| p.last()).is_some_and(|p| w.bbox.x0 - p.bbox.x1 > gutter);
            match pieces.last_mut() {
                Some(p) if !far => p.push(w),
                _ => pieces.push(vec![w]),
            }
        }
        let whole = pieces.len() == 1;
        for words in pieces {
            out.push(Line { bbox: piece_box(&words, &l.bbox, whole), words });
        }
    }
    out
}

/// The size of a line's characters: the median height of its words of letters.
fn char_size(l: &Line) -> f64 {
    letter_size(&l.words)
}

/// The median height of the words of letters among `words` (0 when there are none):
/// the boxes of marks reach above and below the line's characters.
fn letter_size(words: &[Word]) -> f64 {
    median(words.iter().filter(|w| has_letters(&w.text)).map(|w| w.bbox.height()).collect())
}

fn has_letters(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// A line wider than a column that crosses a gutter the lines around it leave clear
/// is two lines the OCR ran together, bridged by specks it read as words (`，缩””商`):
/// split it in the gutter, each word going to the side its middle stands on.
fn split_by_neighbours(lines: &[Line], body: f64, line_width: f64) -> Vec<Line> {
    let narrow = |l: &Line| l.bbox.x1 - l.bbox.x0 <= line_width * 1.3 && l.bbox.height() < body * 1.5;
    let mid = |l: &Line| (l.bbox.y0 + l.bbox.y1) / 2.0;
    let mut by_y: Vec<usize> = (0..lines.len()).filter(|&i| narrow(&lines[i])).collect();
    by_y.sort_by(|&a, &b| mid(&lines[a]).partial_cmp(&mid(&lines[b])).unwrap_or(std::cmp::Ordering::Equal));
    let ys: Vec<f64> = by_y.iter().map(|&i| mid(&lines[i])).collect();
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        if l.bbox.x1 - l.bbox.x0 <= line_width * 1.02 || l.bbox.height() >= body * 1.5 || l.words.len() < 2 {
            out.push(l.clone());
            continue;
        }
        // The lines around it, nearest first, a bounded number.
        let y = mid(l);
        let from = ys.partition_point(|&v| v < y - body * 6.0);
        let to = ys.partition_point(|&v| v <= y + body * 6.0);
        let mut spans: Vec<(f64, f64)> = by_y[from..to.min(from + 64)]
            .iter()
            .map(|&i| (lines[i].bbox.x0, lines[i].bbox.x1))
            .filter(|&(a, b)| b > l.bbox.x0 && a < l.bbox.x1)
            .collect();
        spans.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
        let mut cuts = Vec::new();
        let mut end = f64::MIN;
        for (a, b) in spans.into_iter().filter(|&(a, b)| (a, b) != (l.bbox.x0, l.bbox.x1)) {
            if end > l.bbox.x0 && a - end >= body * 0.8 && a < l.bbox.x1 {
                cuts.push((end + a) / 2.0);
            }
            end = end.max(b);
        }
        if cuts.is_empty() {
            out.push(l.clone());
            continue;
        }
        let mut parts: Vec<Vec<Word>> = vec![Vec::new(); cuts.len() + 1];
        for w in &l.words {
            let c = (w.bbox.x0 + w.bbox.x1) / 2.0;
            parts[cuts.partition_point(|&x| x < c)].push(w.clone());
        }
        for words in parts.into_iter().filter(|p| !p.is_empty()) {
            let x0 = words.iter().map(|w| w.bbox.x0).fold(f64::MAX, f64::min);
            let x1 = words.iter().map(|w| w.bbox.x1).fold(f64::MIN, f64::max);
            out.push(Line { bbox: BBox { x0, x1, ..l.bbox }, words });
        }
    }
    out
}

/// A fragment of two or three characters the OCR set apart from the line it stands in
/// (a misread character cut in pieces beside a headline) joins that line.
fn merge_fragments(mut lines: Vec<Line>, body: f64) -> Vec<Line> {
    let mid = |l: &Line| (l.bbox.y0 + l.bbox.y1) / 2.0;
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by(|&a, &b| mid(&lines[a]).partial_cmp(&mid(&lines[b])).unwrap_or(std::cmp::Ordering::Equal));
    let mids: Vec<f64> = order.iter().map(|&i| mid(&lines[i])).collect();
    let mut gone = vec![false; lines.len()];
    for k in 0..order.len() {
        let f = order[k];
        let chars: usize = lines[f].words.iter().map(|w| w.text.chars().count()).sum();
        if chars > 3 || gone[f] {
            continue;
        }
        let fb = lines[f].bbox;
        let from = mids.partition_point(|&y| y < mid(&lines[f]) - body * 2.0);
        let to = mids.partition_point(|&y| y <= mid(&lines[f]) + body * 2.0);
        let target = order[from..to.min(from + 32)].iter().copied().find(|&t| {
            let tb = lines[t].bbox;
            let chars: usize = lines[t].words.iter().map(|w| w.text.chars().count()).sum();
            let overlap = tb.y1.min(fb.y1) - tb.y0.max(fb.y0);
            let gap = if fb.x1 <= tb.x0 { tb.x0 - fb.x1 } else { fb.x0 - tb.x1 };
            t != f && !gone[t] && chars > 3 && overlap > fb.height() * 0.5 && gap < tb.height() * 0.5 && gap > -body
        });
        if let Some(t) = target {
            gone[f] = true;
            let words = std::mem::take(&mut lines[f].words);
            let tb = &mut lines[t].bbox;
            tb.x0 = tb.x0.min(fb.x0);
            tb.x1 = tb.x1.max(fb.x1);
            lines[t].words.extend(words);
        }
    }
    lines.into_iter().zip(gone).filter(|(_, g)| !g).map(|(l, _)| l).collect()
}

/// A piece's box. A whole line keeps the line's height. A piece of a line the OCR ran
/// across columns takes its height from its words, whose middle is the piece's row:
/// on a skewed page the line's box is far taller than any piece of it. Medians, as
/// single word boxes of marks reach far above and below.
fn piece_box(words: &[Word], line: &BBox, whole: bool) -> BBox {
    // Across, the words set the box: a column rule dropped from the line no longer
    // widens it into the gutter.
    let x0 = words.iter().map(|w| w.bbox.x0).fold(f64::MAX, f64::min);
    let x1 = words.iter().map(|w| w.bbox.x1).fold(f64::MIN, f64::max);
    if whole {
        // A line box far taller than its characters (a float the OCR drew around specks
        // and a rule) is no taller than they are.
        let size = letter_size(words);
        if size > 0.0 && line.height() > size * 2.0 {
            let y0 = median(words.iter().map(|w| w.bbox.y0).collect());
            let y1 = median(words.iter().map(|w| w.bbox.y1).collect());
            if y1 > y0 {
                return BBox { x0, x1, y0, y1 };
            }
        }
        return BBox { x0, x1, ..*line };
    }
    let letters: Vec<&Word> = words.iter().filter(|w| has_letters(&w.text)).collect();
    if letters.is_empty() {
        return BBox { x0, x1, y0: line.y0, y1: line.y1 };
    }
    let y0 = median(letters.iter().map(|w| w.bbox.y0).collect());
    let y1 = median(letters.iter().map(|w| w.bbox.y1).collect());
    if y1 > y0 {
        BBox { x0, x1, y0: y0.max(line.y0), y1: y1.min(line.y1) }
    } else {
        BBox { x0, x1, y0: line.y0, y1: line.y1 }
    }
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
            return Err(Error::MissingTool { tool: "tesseract", install: TESSERACT_INSTALL })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A printed line of one word per character, 40 px a character, `tilt` px lower per
    /// 1000 px across.
    fn line(x0: f64, y0: f64, text: &str, tilt: f64) -> Line {
        let words: Vec<Word> = text
            .chars()
            .enumerate()
            .map(|(k, c)| {
                let x = x0 + k as f64 * 44.0;
                let y = y0 + x * tilt / 1000.0;
                Word { text: c.to_string(), bbox: BBox { x0: x, y0: y, x1: x + 40.0, y1: y + 40.0 }, conf: 0.9 }
            })
            .collect();
        let mut bbox = words[0].bbox;
        for w in &words {
            bbox.union(&w.bbox);
        }
        Line { bbox, words }
    }

    fn column(x0: f64, y0: f64, lines: &[&str], tilt: f64) -> Vec<Line> {
        lines.iter().enumerate().map(|(k, t)| line(x0, y0 + k as f64 * 64.0, t, tilt)).collect()
    }

    #[test]
    fn columns_read_in_order_and_paragraphs_join_across_them() {
        let mut lines = column(100.0, 100.0, &["　甲乙丙丁戊己庚辛", "甲乙丙丁戊己庚辛", "甲乙丙丁戊己庚辛"], 0.0);
        lines.extend(column(600.0, 100.0, &["子丑寅卯辰巳午未", "子丑寅卯。"], 0.0));
        lines[0].words.remove(0);
        lines[0].bbox.x0 += 88.0;
        assert_eq!(to_text(&lines), "甲乙丙丁戊己庚辛甲乙丙丁戊己庚辛甲乙丙丁戊己庚辛子丑寅卯辰巳午未子丑寅卯。\n");
    }

    #[test]
    fn a_tilted_page_is_set_straight() {
        let mut lines = column(100.0, 100.0, &["甲乙丙丁戊己庚辛"; 8], 8.0);
        lines.extend(column(600.0, 100.0, &["子丑寅卯辰巳午未"; 8], 8.0));
        assert!((skew(&lines) - 0.008).abs() < 0.001);
        let text = to_text(&lines);
        assert!(text.starts_with(&"甲乙丙丁戊己庚辛".repeat(8)), "{text}");
    }

    #[test]
    fn a_line_run_across_a_clear_gutter_is_split() {
        let mut lines = column(100.0, 100.0, &["甲乙丙丁戊己庚辛"; 6], 0.0);
        lines.extend(column(600.0, 100.0, &["子丑寅卯辰巳午未"; 6], 0.0));
        // The OCR ran the third row across the gutter, a speck bridging it.
        let mut merged = line(100.0, 228.0, "甲乙丙丁戊己庚辛", 0.0);
        merged.words.push(Word {
            text: "”".into(),
            bbox: BBox { x0: 455.0, y0: 228.0, x1: 470.0, y1: 268.0 },
            conf: 0.2,
        });
        merged.words.extend(line(600.0, 228.0, "子丑寅卯辰巳午未", 0.0).words);
        merged.bbox.x1 = 952.0;
        lines[2] = merged;
        lines.remove(8);
        let pieces = split_by_neighbours(&lines, 40.0, 352.0);
        assert_eq!(pieces.len(), 12);
        assert!(pieces.iter().all(|p| p.bbox.x1 - p.bbox.x0 < 400.0));
    }

    #[test]
    fn the_running_head_row_stands_apart() {
        let mut lines = vec![line(100.0, 20.0, "江城日报", 0.0), line(500.0, 20.0, "2012年", 0.0)];
        lines.extend(column(100.0, 100.0, &["甲乙丙丁戊己庚辛"; 4], 0.0));
        assert_eq!(edge_row(&lines, 40.0, 352.0, true), vec![0, 1]);
        assert!(edge_row(&lines, 40.0, 352.0, false).is_empty());
        assert!(to_text(&lines).starts_with("江城日报\u{3000}2012年\n\n甲乙"));
    }
}
