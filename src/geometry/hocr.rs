//! The hOCR reader (Tesseract 4/5): `ocr_line` and its kin hold `ocrx_word`s, each box
//! in a `title` property; the page's size and the scan's name in the `ocr_page` title.
//!
//! XML is read with quick-xml, which neither resolves external entities nor expands a
//! DTD; depth is bounded. Entities are decoded as ALTO's are (HTML's named ones, which
//! hOCR from HTML tools holds, and numeric ones); any other is an error naming its line.

use super::{entity, xml_attr, xml_err, xml_why, BBox, OcrLine, OcrPage, Word, MAX_DEPTH};
use crate::error::Result;
use quick_xml::events::{BytesStart, Event};

/// What an open element is to the reader.
const OTHER: u8 = 0;
const LINE: u8 = 1;
const WORD: u8 = 2;

/// An hOCR page.
pub fn read_hocr(text: &str, name: &str) -> Result<OcrPage> {
    let lines = read_lines(text, name)?;
    // Only a file read whole without error gets here: its depth is bounded.
    let (size, image) = page_info(text);
    Ok(OcrPage { lines, size, image, glyphs: false })
}

fn read_lines(text: &str, name: &str) -> Result<Vec<OcrLine>> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = false;
    let mut lines: Vec<OcrLine> = Vec::new();
    // What each open element is: the word ends with its element.
    let mut stack: Vec<u8> = Vec::new();
    let mut word: Option<Word> = None;
    loop {
        // Where the event starts: the line an error in it is reported on.
        let at = reader.buffer_position();
        let err = |why: String| xml_err(name, text, at, why);
        match reader.read_event() {
            Err(e) => return Err(xml_err(name, text, reader.error_position(), xml_why(&e))),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(err("malformed XML: nested too deep".into()));
                }
                stack.push(start(&e, &mut lines, &mut word).map_err(err)?);
            }
            Ok(Event::Text(t)) => {
                if let Some(w) = word.as_mut() {
                    w.text.push_str(&t.unescape_with(entity).map_err(|e| err(xml_why(&e)))?);
                }
            }
            Ok(Event::End(_)) => {
                if stack.pop() == Some(WORD) {
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

/// An element opens: a line (or a header, float or caption, which hold words as a line
/// does) starts a line; a word starts the word its text goes to. A `class` or `title`
/// that cannot be read is an error.
fn start(e: &BytesStart, lines: &mut Vec<OcrLine>, word: &mut Option<Word>) -> Result<u8, String> {
    let mut class = String::new();
    let mut title = String::new();
    // Only these two are unescaped: a page has an `id` on every element.
    for a in e.attributes().flatten() {
        let value = || a.unescape_value_with(entity).map(|v| v.into_owned()).map_err(|e| xml_why(&e));
        match a.key.as_ref() {
            b"class" => class = value()?,
            b"title" => title = value()?,
            _ => {}
        }
    }
    if class.split_whitespace().any(|c| matches!(c, "ocr_line" | "ocr_header" | "ocr_textfloat" | "ocr_caption")) {
        if let Some(b) = hocr_bbox(&title) {
            lines.push(OcrLine { bbox: b, words: Vec::new(), vertical: turned_quarter(&title) });
        }
        Ok(LINE)
    } else if class.split_whitespace().any(|c| c == "ocrx_word") {
        let conf = word_conf(&title);
        *word = hocr_bbox(&title).map(|b| Word { text: String::new(), bbox: b, conf });
        Ok(WORD)
    } else {
        Ok(OTHER)
    }
}

/// Does a line's title say its text runs at a quarter turn (`textangle 90` or `270`):
/// set top to bottom?
fn turned_quarter(title: &str) -> bool {
    title
        .split(';')
        .find_map(|p| p.trim().strip_prefix("textangle "))
        .and_then(|a| a.trim().parse::<f64>().ok())
        .is_some_and(|a| ((a.rem_euclid(180.0)) - 90.0).abs() < 1.0)
}

/// A word's confidence, from its title's `x_wconf` (a percentage); 1 when none.
fn word_conf(title: &str) -> f64 {
    title
        .split(';')
        .find_map(|p| p.trim().strip_prefix("x_wconf "))
        .and_then(|c| c.trim().parse::<f64>().ok())
        .map_or(1.0, |c| c / 100.0)
}

/// The `bbox` of a title: the corners in either order, further numbers ignored.
fn hocr_bbox(title: &str) -> Option<BBox> {
    let i = title.find("bbox ")?;
    let nums: Vec<f64> =
        title[i + 5..].split([';', '"']).next()?.split_whitespace().filter_map(|n| n.parse().ok()).collect();
    match nums.as_slice() {
        [a, b, c, d, ..] => Some(BBox { x0: a.min(*c), y0: b.min(*d), x1: a.max(*c), y1: b.max(*d) }),
        _ => None,
    }
}

/// The page's size and the scan's name from the `ocr_page` title (`bbox`, `image`),
/// read up to the first line. A malformed file just gives nothing.
fn page_info(text: &str) -> (Option<(f64, f64)>, Option<String>) {
    let (mut size, mut image) = (None, None);
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        let e = match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => e,
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        let class = xml_attr(&e, b"class").unwrap_or_default();
        let class: Vec<&str> = class.split_whitespace().collect();
        if class.contains(&"ocr_page") {
            let title = xml_attr(&e, b"title").unwrap_or_default();
            for prop in title.split(';').map(str::trim) {
                if let Some(v) = prop.strip_prefix("image ") {
                    image = Some(v.trim().trim_matches('"').to_string()).filter(|v| !v.is_empty());
                } else if let Some(v) = prop.strip_prefix("bbox ") {
                    let n: Vec<f64> = v.split_whitespace().filter_map(|n| n.parse().ok()).collect();
                    if let [x0, y0, x1, y1] = n[..] {
                        size = Some((x1 - x0, y1 - y0));
                    }
                }
            }
        } else if class.iter().any(|c| matches!(*c, "ocr_line" | "ocrx_word" | "ocr_header")) {
            break;
        }
    }
    (size.filter(|&(w, h)| w > 0.0 && h > 0.0), image)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_info_from_the_page_title() {
        let hocr = "<html><body><div class='ocr_page' title='image \"/scans/p 1.png\"; bbox 0 0 2000 3000; ppageno 0'>\
                    <span class='ocr_line' title='bbox 1 1 9 9'></span></div></body></html>";
        assert_eq!(page_info(hocr), (Some((2000.0, 3000.0)), Some("/scans/p 1.png".into())));
    }

    fn hocr(word: &str) -> String {
        format!(
            "<html><body><div class='ocr_page' title='bbox 0 0 9 9'>\n<span class='ocr_line' title='bbox 0 0 9 9'>\n\
             <span class='ocrx_word' title='bbox 0 0 9 9'>{word}</span></span></div></body></html>"
        )
    }

    /// Entities are read as ALTO reads them: HTML's named ones and numeric ones; any other
    /// is an error on its line.
    #[test]
    fn entities_are_read_or_named() {
        let page = read_hocr(&hocr("今年&nbsp;以来&#x3002;&amp;&mdash;"), "p.hocr").unwrap();
        assert_eq!(page.lines[0].words[0].text, "今年\u{A0}以来。&—");
        let err = read_hocr(&hocr("今年&foo;以来"), "p.hocr").unwrap_err().to_string();
        assert_eq!(err, "p.hocr: line 3: unknown entity &foo;: write the character itself, or as a number (&#160;)");
    }

    #[test]
    fn a_line_at_a_quarter_turn_is_set_top_to_bottom() {
        let line = |angle: &str| {
            let hocr = format!(
                "<div class='ocr_page' title='bbox 0 0 9 9'><span class='ocr_line' title='bbox 0 0 9 9; {angle}'>\
                 <span class='ocrx_word' title='bbox 0 0 9 9'>甲</span></span></div>"
            );
            read_hocr(&hocr, "p.hocr").map(|p| p.lines[0].vertical).ok()
        };
        assert_eq!(line("textangle 90"), Some(true));
        assert_eq!(line("textangle 270"), Some(true));
        assert_eq!(line("textangle 180"), Some(false));
        assert_eq!(line("x_size 40"), Some(false));
    }
}
