//! The ALTO reader (v2–v4): `TextLine`s of `String`s, boxes in HPOS/VPOS/WIDTH/HEIGHT.
//!
//! XML is read with quick-xml, which neither resolves external entities nor expands a
//! DTD; depth is bounded.

use super::{xml_err, BBox, OcrLine, Word, MAX_DEPTH};
use crate::error::Result;
use quick_xml::events::Event;

fn attr_f64(e: &quick_xml::events::BytesStart, key: &[u8]) -> Option<f64> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == key)?.unescape_value().ok()?.parse().ok()
}

/// The lines of an ALTO page (v2–v4), margins included: the structure stage finds the
/// running heads among them.
pub fn read_alto(text: &str, name: &str) -> Result<Vec<OcrLine>> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut lines: Vec<OcrLine> = Vec::new();
    let mut depth = 0usize;
    let handle = |e: &quick_xml::events::BytesStart, lines: &mut Vec<OcrLine>| {
        let bbox = || {
            let (x, y, w, h) =
                (attr_f64(e, b"HPOS")?, attr_f64(e, b"VPOS")?, attr_f64(e, b"WIDTH")?, attr_f64(e, b"HEIGHT")?);
            Some(BBox { x0: x, y0: y, x1: x + w, y1: y + h })
        };
        match e.local_name().as_ref() {
            b"TextLine" => {
                if let Some(b) = bbox() {
                    lines.push(OcrLine { bbox: b, words: Vec::new() });
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
