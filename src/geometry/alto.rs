//! The ALTO reader (v2–v4): `TextLine`s of `String`s, each box in HPOS, VPOS, WIDTH and
//! HEIGHT; the page's size on `Page`, the scan's name in `sourceImageInformation`.
//!
//! XML is read with quick-xml, which neither resolves external entities nor expands a
//! DTD; depth is bounded. A word's entities are decoded as hOCR's are (HTML's named ones
//! and numeric ones); any other is an error naming its line, never a word left out.

use super::{entity, xml_attr, xml_err, xml_why, BBox, OcrLine, OcrPage, Word, MAX_DEPTH};
use crate::error::Result;
use quick_xml::events::{BytesStart, Event};

/// An ALTO page (v2–v4), margins included: the structure stage finds the running heads
/// among its lines.
pub fn read_alto(text: &str, name: &str) -> Result<OcrPage> {
    let lines = read_lines(text, name)?;
    // Only a file read whole without error gets here: its depth is bounded.
    let (size, image) = page_info(text);
    Ok(OcrPage { lines, size, image, glyphs: false })
}

fn read_lines(text: &str, name: &str) -> Result<Vec<OcrLine>> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut lines: Vec<OcrLine> = Vec::new();
    let mut depth = 0usize;
    // Does the block being read say its text is set top to bottom?
    let mut block_vertical = false;
    loop {
        // Where the event starts: the line an error in it is reported on.
        let at = reader.buffer_position();
        let err = |why: String| xml_err(name, text, at, why);
        match reader.read_event() {
            Err(e) => return Err(xml_err(name, text, reader.error_position(), xml_why(&e))),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(err("malformed XML: nested too deep".into()));
                }
                element(&e, &mut lines, &mut block_vertical).map_err(err)?;
            }
            Ok(Event::Empty(e)) => element(&e, &mut lines, &mut block_vertical).map_err(err)?,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
        }
    }
    lines.retain(|l| !l.words.is_empty());
    Ok(lines)
}

/// A `TextLine` opens a line; a `String` with text is a word of the last one. A
/// `CONTENT` that cannot be read is an error, not a word left out. A line is set top to
/// bottom when it says so, or its `TextBlock` (`block_vertical`) does.
fn element(e: &BytesStart, lines: &mut Vec<OcrLine>, block_vertical: &mut bool) -> Result<(), String> {
    match e.local_name().as_ref() {
        b"TextBlock" => *block_vertical = top_to_bottom(e).unwrap_or(false),
        b"TextLine" => {
            if let Some(b) = bbox(e) {
                let vertical = top_to_bottom(e).unwrap_or(*block_vertical);
                lines.push(OcrLine { bbox: b, words: Vec::new(), vertical });
            }
        }
        b"String" => {
            let content = match e.attributes().flatten().find(|a| a.key.local_name().as_ref() == b"CONTENT") {
                Some(a) => a.unescape_value_with(entity).map_err(|e| xml_why(&e))?.into_owned(),
                None => String::new(),
            };
            if let (Some(b), Some(l)) = (bbox(e), lines.last_mut()) {
                if !content.trim().is_empty() {
                    let conf = attr_f64(e, b"WC").unwrap_or(1.0);
                    l.words.push(Word { text: content, bbox: b, conf });
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// What an element says of its text's direction: set top to bottom (ALTO 4
/// `BASEDIRECTION` `ttb` or `btt`, or `ROTATION` a quarter turn), across, or nothing.
fn top_to_bottom(e: &BytesStart) -> Option<bool> {
    let base = e
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"BASEDIRECTION")
        .map(|a| matches!(a.value.as_ref(), b"ttb" | b"btt"));
    let rotation = attr_f64(e, b"ROTATION").map(|r| (r.rem_euclid(180.0) - 90.0).abs() < 1.0);
    base.or(rotation)
}

fn bbox(e: &BytesStart) -> Option<BBox> {
    let (x, y, w, h) = (attr_f64(e, b"HPOS")?, attr_f64(e, b"VPOS")?, attr_f64(e, b"WIDTH")?, attr_f64(e, b"HEIGHT")?);
    Some(BBox { x0: x, y0: y, x1: x + w, y1: y + h })
}

fn attr_f64(e: &BytesStart, key: &[u8]) -> Option<f64> {
    // Written out, not through xml_attr: it runs four times a word, and the call through
    // a Cow measured slower.
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)?
        .unescape_value_with(entity)
        .ok()?
        .parse()
        .ok()
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
                image = t.unescape_with(entity).ok().map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
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

    fn alto(content: &str) -> String {
        format!(
            "<alto><Layout><Page><TextBlock>\n<TextLine HPOS=\"0\" VPOS=\"0\" WIDTH=\"9\" HEIGHT=\"9\">\n\
             <String HPOS=\"0\" VPOS=\"0\" WIDTH=\"9\" HEIGHT=\"9\" CONTENT=\"{content}\"/></TextLine>\n\
             </TextBlock></Page></Layout></alto>"
        )
    }

    /// HTML's named entities and numeric ones are read; any other is an error on its
    /// line, not a word left out.
    #[test]
    fn entities_are_read_or_named() {
        let page = read_alto(&alto("今年&nbsp;以来&#x3002;&amp;&mdash;"), "p.xml").unwrap();
        assert_eq!(page.lines[0].words[0].text, "今年\u{A0}以来。&—");
        let err = read_alto(&alto("今年&foo;以来"), "p.xml").unwrap_err().to_string();
        assert_eq!(err, "p.xml: line 3: unknown entity &foo;: write the character itself, or as a number (&#160;)");
        let err = read_alto(&alto("今年 & 以来"), "p.xml").unwrap_err().to_string();
        assert_eq!(err, "p.xml: line 3: an & with no ; after it: write & as &amp;");
    }

    #[test]
    fn a_line_or_its_block_says_it_is_set_top_to_bottom() {
        let page = |block: &str, line: &str| {
            let alto = format!(
                "<alto><Layout><Page><TextBlock {block}><TextLine HPOS=\"0\" VPOS=\"0\" WIDTH=\"9\" HEIGHT=\"9\" {line}>\
                 <String HPOS=\"0\" VPOS=\"0\" WIDTH=\"9\" HEIGHT=\"9\" CONTENT=\"甲\"/></TextLine></TextBlock></Page></Layout></alto>"
            );
            read_alto(&alto, "p.xml").map(|p| p.lines[0].vertical).ok()
        };
        assert_eq!(page("BASEDIRECTION=\"ttb\"", ""), Some(true));
        assert_eq!(page("", "ROTATION=\"90\""), Some(true));
        assert_eq!(page("BASEDIRECTION=\"ttb\"", "BASEDIRECTION=\"ltr\""), Some(false));
        assert_eq!(page("", ""), Some(false));
    }
}
