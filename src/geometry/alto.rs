//! The ALTO reader (v2–v4): `TextLine`s of `String`s, each box in HPOS, VPOS, WIDTH and
//! HEIGHT; the page's size on `Page`, the scan's name in `sourceImageInformation`.
//!
//! XML is read with quick-xml, which neither resolves external entities nor expands a
//! DTD; depth is bounded.

use super::{xml_attr, xml_err, BBox, OcrLine, OcrPage, Word, MAX_DEPTH};
use crate::error::Result;
use quick_xml::events::{BytesStart, Event};

/// An ALTO page (v2–v4), margins included: the structure stage finds the running heads
/// among its lines.
pub fn read_alto(text: &str, name: &str) -> Result<OcrPage> {
    let lines = read_lines(text, name)?;
    // Only a file read whole without error gets here: its depth is bounded.
    let (size, image) = page_info(text);
    Ok(OcrPage { lines, size, image })
}

fn read_lines(text: &str, name: &str) -> Result<Vec<OcrLine>> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut lines: Vec<OcrLine> = Vec::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Err(e) => return Err(xml_err(name, e)),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(xml_err(name, "nested too deep"));
                }
                element(&e, &mut lines);
            }
            Ok(Event::Empty(e)) => element(&e, &mut lines),
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
        }
    }
    lines.retain(|l| !l.words.is_empty());
    Ok(lines)
}

/// A `TextLine` opens a line; a `String` with text is a word of the last one.
fn element(e: &BytesStart, lines: &mut Vec<OcrLine>) {
    match e.local_name().as_ref() {
        b"TextLine" => {
            if let Some(b) = bbox(e) {
                lines.push(OcrLine { bbox: b, words: Vec::new() });
            }
        }
        b"String" => {
            let content = xml_attr(e, b"CONTENT").map(|v| v.into_owned()).unwrap_or_default();
            if let (Some(b), Some(l)) = (bbox(e), lines.last_mut()) {
                if !content.trim().is_empty() {
                    let conf = attr_f64(e, b"WC").unwrap_or(1.0);
                    l.words.push(Word { text: content, bbox: b, conf });
                }
            }
        }
        _ => {}
    }
}

fn bbox(e: &BytesStart) -> Option<BBox> {
    let (x, y, w, h) = (attr_f64(e, b"HPOS")?, attr_f64(e, b"VPOS")?, attr_f64(e, b"WIDTH")?, attr_f64(e, b"HEIGHT")?);
    Some(BBox { x0: x, y0: y, x1: x + w, y1: y + h })
}

fn attr_f64(e: &BytesStart, key: &[u8]) -> Option<f64> {
    // Written out, not through xml_attr: it runs four times a word, and the call through
    // a Cow measured slower.
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == key)?.unescape_value().ok()?.parse().ok()
}

/// The page's size (`Page` WIDTH and HEIGHT) and the scan's name
/// (`sourceImageInformation/fileName`), both given before the first line: read up to it.
/// A malformed file just gives nothing.
fn page_info(text: &str) -> (Option<(f64, f64)>, Option<String>) {
    let (mut size, mut image) = (None, None);
    let mut reader = quick_xml::Reader::from_str(text);
    let mut in_file_name = false;
    loop {
        let (e, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::Text(t)) if in_file_name => {
                image = t.unescape().ok().map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
                continue;
            }
            Ok(Event::End(_)) => {
                in_file_name = false;
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        let num = |key: &[u8]| xml_attr(&e, key).and_then(|v| v.trim().parse::<f64>().ok());
        match e.local_name().as_ref() {
            b"fileName" => in_file_name = !empty,
            b"Page" => size = num(b"WIDTH").zip(num(b"HEIGHT")),
            b"TextLine" => break,
            _ => {}
        }
    }
    (size.filter(|&(w, h)| w > 0.0 && h > 0.0), image)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_info_before_the_first_line() {
        let alto = "<alto><Description><sourceImageInformation><fileName>p1.tif</fileName>\
                    </sourceImageInformation></Description><Layout><Page WIDTH=\"100\" HEIGHT=\"200\">\
                    <TextBlock><TextLine/></TextBlock></Page></Layout></alto>";
        assert_eq!(page_info(alto), (Some((100.0, 200.0)), Some("p1.tif".into())));
    }
}
