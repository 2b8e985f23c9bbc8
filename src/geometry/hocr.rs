//! The hOCR reader (Tesseract 4/5): `ocr_line` and its kin hold `ocrx_word`s, each box
//! in a `title` property.
//!
//! XML is read with quick-xml, which neither resolves external entities nor expands a
//! DTD; depth is bounded.

use super::{xml_err, BBox, OcrLine, Word, MAX_DEPTH};
use crate::error::Result;
use quick_xml::events::Event;

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
pub fn read_hocr(text: &str, name: &str) -> Result<Vec<OcrLine>> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = false;
    let mut lines: Vec<OcrLine> = Vec::new();
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
                        lines.push(OcrLine { bbox: b, words: Vec::new() });
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
