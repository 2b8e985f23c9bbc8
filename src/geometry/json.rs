//! The OCR JSON reader: the results PaddleOCR and the tools built on its models write,
//! told apart by their content, never by the file's name:
//!
//! - RapidOCR, `RapidOCR()(img)[0]`: `[[box, text, score], …]`, the box 4 points (the
//!   whole return value, with its timings beside the lines, reads too);
//! - PaddleOCR 2.x, `ocr.ocr(img)`: a list of pages, each `[[box, [text, score]], …]`
//!   (`null` for a page without text), or one page alone;
//! - PaddleOCR 3.x, `save_to_json`: `rec_texts`, `rec_polys` or `rec_boxes` and
//!   `rec_scores`, under `"res"` or not, or a list of such pages;
//! - Umi-OCR and PaddleOCR-json: `{"code": 100, "data": [{"box", "score", "text"}, …]}`;
//! - newsmend's own `[{"text", "box" | "points", "score"}, …]`, which `paddle` reads.
//!
//! Each line's characters are placed in its box (`chars`): the tools box whole lines.
//! The boxes come in the tool's order (top to bottom, so columns interleave); the
//! geometry orders them. JSON that is none of these is an error naming what it is and
//! what is read, never a page of text; a value of the wrong type in a shape is an error
//! naming its path (`[3][1]`, `res.rec_polys[2]`).

use super::joined::{self, Boxed};
use super::paddle::{self, what, Wrong};
use super::{chars, OcrPage};
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::path::PathBuf;

/// Every page of an OCR JSON result, in order.
pub fn read_ocr_json(text: &str, name: &str) -> Result<Vec<OcrPage>> {
    let v: Value = serde_json::from_str(text.trim_start_matches('\u{FEFF}')).map_err(|e| bad_json(name, &e))?;
    match pages(&v) {
        Read::Pages(Ok(pages)) => Ok(pages),
        Read::Pages(Err(w)) => Err(w.in_file(name)),
        Read::Own => {
            let lines = paddle::read_paddle(text, name)?.lines;
            Ok(vec![page(lines.into_iter().filter_map(|l| own(&l)).collect())])
        }
        Read::Unknown => Err(Error::NotOcr { path: PathBuf::from(name), found: describe(&v) }),
    }
}

/// Does the head of a file (its first kilobytes) show one of the shapes read? For a
/// folder of scans, where JSON that is not OCR is no page.
pub(crate) fn ocr_head(head: &str) -> bool {
    let t = head.trim_start_matches('\u{FEFF}').trim_start();
    let opens: String = t.chars().filter(|c| !c.is_whitespace()).take(4).collect();
    // A list of lines of points, or of pages of them.
    opens == "[[[["
        || ["\"rec_texts\"", "\"rec_polys\"", "\"rec_boxes\"", "\"dt_polys\""].iter().any(|k| head.contains(k))
        || (head.contains("\"code\"") && head.contains("\"data\""))
        || (head.contains("\"text\"") && (head.contains("box") || head.contains("points")))
}

type Read1<T> = std::result::Result<T, Wrong>;

/// How the file reads: pages of one of the tools' shapes (or where it goes wrong),
/// newsmend's own shape, or none.
enum Read {
    Pages(Read1<Vec<OcrPage>>),
    Own,
    Unknown,
}

fn pages(v: &Value) -> Read {
    match v {
        Value::Object(o) => object(o),
        Value::Array(a) => list(a),
        _ => Read::Unknown,
    }
}

/// An object: a PaddleOCR 3.x page (under `res` or not), an Umi-OCR reply, or
/// newsmend's `{"lines": […]}`.
fn object(o: &Map<String, Value>) -> Read {
    if let Some((at, page)) = paddle3_page(o) {
        return Read::Pages(paddle3(page, at).map(|p| vec![p]));
    }
    if o.contains_key("code") && o.contains_key("data") {
        return Read::Pages(umi(o));
    }
    if o.contains_key("lines") || o.contains_key("results") {
        return Read::Own;
    }
    Read::Unknown
}

/// The PaddleOCR 3.x page an object is, and the path it is under.
fn paddle3_page(o: &Map<String, Value>) -> Option<(&'static str, &Map<String, Value>)> {
    match o.get("res") {
        Some(Value::Object(r)) if r.contains_key("rec_texts") => Some(("res.", r)),
        _ => o.contains_key("rec_texts").then_some(("", o)),
    }
}

/// A list: told by its first entry that is not empty.
fn list(a: &[Value]) -> Read {
    let Some(first) = a.iter().find(|e| !is_empty(e)) else {
        // Pages with no text at all: nothing to read, and nothing wrong.
        return Read::Pages(Ok(Vec::new()));
    };
    match first {
        Value::Object(o) if o.contains_key("text") => Read::Own,
        Value::Object(o) if paddle3_page(o).is_some() => Read::Pages(paddle3_pages(a)),
        Value::Array(e) if is_line(e) && e.len() == 3 => Read::Pages(rapid(a, "").map(|p| vec![p])),
        Value::Array(e) if is_line(e) => Read::Pages(paddle2(a, "").map(|p| vec![p])),
        Value::Array(e) if e.iter().any(|l| l.as_array().is_some_and(|l| is_line(l) && l.len() == 3)) => {
            Read::Pages(rapid_with_timings(a))
        }
        Value::Array(e) if e.iter().any(|l| l.as_array().is_some_and(|l| is_line(l))) => Read::Pages(paddle2_pages(a)),
        _ => Read::Unknown,
    }
}

fn is_empty(v: &Value) -> bool {
    v.is_null() || v.as_array().is_some_and(Vec::is_empty)
}

/// A line of RapidOCR or PaddleOCR 2.x: its box first, a list of points (a list of
/// lines has a list there), then its text and score.
fn is_line(e: &[Value]) -> bool {
    matches!(e.len(), 2 | 3) && e[0].pointer("/0/0").is_some_and(Value::is_number)
}

/// RapidOCR: `[[box, text, score], …]`, under path `at`.
fn rapid(a: &[Value], at: &str) -> Read1<OcrPage> {
    let mut lines = Vec::with_capacity(a.len());
    for (k, e) in a.iter().enumerate() {
        let at = format!("{at}[{k}]");
        let Some([b, t, s]) = e.as_array().map(Vec::as_slice) else {
            return Err(Wrong::found(at, "[box, text, score]", e));
        };
        lines.extend(entry(b, t, Some(s), &at, ("[0]", "[1]", "[2]"))?);
    }
    Ok(page(lines))
}

/// RapidOCR's whole return value: the lines, and the seconds each stage took.
fn rapid_with_timings(a: &[Value]) -> Read1<Vec<OcrPage>> {
    match a {
        [Value::Array(lines), Value::Array(t)] if t.iter().all(|x| x.is_number() || x.is_null()) => {
            Ok(vec![rapid(lines, "[0]")?])
        }
        _ => {
            Err(Wrong { at: "the top level".into(), why: "expected RapidOCR's lines, or its lines and timings".into() })
        }
    }
}

/// A page of PaddleOCR 2.x: `[[box, [text, score]], …]`.
fn paddle2(a: &[Value], at: &str) -> Read1<OcrPage> {
    let mut lines = Vec::with_capacity(a.len());
    for (k, e) in a.iter().enumerate() {
        let at = format!("{at}[{k}]");
        let Some([b, rec]) = e.as_array().map(Vec::as_slice) else {
            return Err(Wrong::found(at, "[box, [text, score]]", e));
        };
        let Some(rec) = rec.as_array().filter(|r| matches!(r.len(), 1 | 2)) else {
            return Err(Wrong::found(format!("{at}[1]"), "[text, score]", rec));
        };
        lines.extend(entry(b, &rec[0], rec.get(1), &at, ("[0]", "[1][0]", "[1][1]"))?);
    }
    Ok(page(lines))
}

/// PaddleOCR 2.x pages: one list per image, `null` (or empty) for one without text.
fn paddle2_pages(a: &[Value]) -> Read1<Vec<OcrPage>> {
    let mut pages = Vec::with_capacity(a.len());
    for (k, p) in a.iter().enumerate() {
        match p {
            Value::Null => pages.push(page(Vec::new())),
            Value::Array(lines) => pages.push(paddle2(lines, &format!("[{k}]"))?),
            other => return Err(Wrong::found(format!("[{k}]"), "a page, a list of [box, [text, score]]", other)),
        }
    }
    Ok(pages)
}

/// PaddleOCR 3.x pages, in a list.
fn paddle3_pages(a: &[Value]) -> Read1<Vec<OcrPage>> {
    let mut pages = Vec::with_capacity(a.len());
    for (k, p) in a.iter().enumerate() {
        let at = format!("[{k}]");
        match p.as_object().and_then(paddle3_page) {
            Some((inner, o)) => pages.push(paddle3(o, &format!("{at}.{inner}"))?),
            None if p.is_null() => pages.push(page(Vec::new())),
            None => return Err(Wrong::found(at, "a PaddleOCR 3.x page, with rec_texts", p)),
        }
    }
    Ok(pages)
}

/// A PaddleOCR 3.x page: `rec_texts`, with `rec_polys` (or `rec_boxes`) and
/// `rec_scores` beside them, entry for entry.
fn paddle3(o: &Map<String, Value>, at: &str) -> Read1<OcrPage> {
    let list = |key: &str| -> Read1<Option<&Vec<Value>>> {
        match o.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a)),
            Some(other) => Err(Wrong::found(format!("{at}{key}"), "a list", other)),
        }
    };
    let texts = list("rec_texts")?.map_or(&[][..], Vec::as_slice);
    let (key, boxes) = match (list("rec_polys")?, list("rec_boxes")?) {
        (Some(p), _) => ("rec_polys", p),
        (None, Some(b)) => ("rec_boxes", b),
        (None, None) if texts.is_empty() => return Ok(page(Vec::new())),
        (None, None) => {
            let why = "no rec_polys or rec_boxes: the texts have no place on the page".into();
            return Err(Wrong { at: format!("{at}rec_texts"), why });
        }
    };
    let scores = list("rec_scores")?;
    for (k, n) in [(key, boxes.len()), ("rec_scores", scores.map_or(texts.len(), Vec::len))] {
        if n != texts.len() {
            return Err(Wrong { at: format!("{at}{k}"), why: format!("{n} entries for {} texts", texts.len()) });
        }
    }
    let mut lines = Vec::with_capacity(texts.len());
    for (k, (t, b)) in texts.iter().zip(boxes).enumerate() {
        let score = scores.and_then(|s| s.get(k));
        let at = (format!("{at}{key}[{k}]"), format!("{at}rec_texts[{k}]"), format!("{at}rec_scores[{k}]"));
        lines.extend(one_line(b, t, score, at)?);
    }
    // The scan it read: PaddleOCR writes the path it was given.
    let image = o.get("input_path").and_then(Value::as_str).filter(|p| !p.is_empty()).map(str::to_string);
    Ok(OcrPage { image, ..page(lines) })
}

/// Umi-OCR and PaddleOCR-json: `{"code": 100, "data": [{"box", "score", "text"}, …]}`;
/// code 101 is a page without text, any other the tool's error.
fn umi(o: &Map<String, Value>) -> Read1<Vec<OcrPage>> {
    let data = o.get("data").unwrap_or(&Value::Null);
    let code = o.get("code").unwrap_or(&Value::Null);
    match code.as_i64() {
        Some(100) => {}
        Some(101) => return Ok(Vec::new()),
        Some(code) => {
            let said = data.as_str().map_or_else(|| what(data), |s| format!("{s:?}"));
            return Err(Wrong { at: "code".into(), why: format!("the OCR tool failed with code {code}: {said}") });
        }
        None => return Err(Wrong::found("code", "a number (100: text found)", code)),
    }
    let Some(entries) = data.as_array() else {
        return Err(Wrong::found("data", "a list of {\"box\", \"score\", \"text\"}", data));
    };
    let mut lines = Vec::with_capacity(entries.len());
    for (k, e) in entries.iter().enumerate() {
        let at = format!("data[{k}]");
        let Some(e) = e.as_object() else {
            return Err(Wrong::found(at, "{\"box\", \"score\", \"text\"}", e));
        };
        let (Some(b), Some(t)) = (e.get("box"), e.get("text")) else {
            return Err(Wrong { at, why: "expected \"box\" and \"text\"".into() });
        };
        lines.extend(entry(b, t, e.get("score"), &at, (".box", ".text", ".score"))?);
    }
    Ok(vec![page(lines)])
}

/// The line of the entry at `at` whose box, text and score are `b`, `t` and `s`, found
/// at the paths `at` and `sub`'s three parts.
fn entry(b: &Value, t: &Value, s: Option<&Value>, at: &str, sub: (&str, &str, &str)) -> Read1<Option<Boxed>> {
    one_line(b, t, s, (format!("{at}{}", sub.0), format!("{at}{}", sub.1), format!("{at}{}", sub.2)))
}

/// The line of a box, a text and a score, at the paths `at` (of each); none when the
/// text is blank.
fn one_line(b: &Value, t: &Value, s: Option<&Value>, at: (String, String, String)) -> Read1<Option<Boxed>> {
    let Some(points) = points(b) else {
        return Err(Wrong::found(at.0, "a box: [x, y] points, or [left, top, right, bottom]", b));
    };
    if !on_a_page(&points) {
        return Err(Wrong { at: at.0, why: format!("a coordinate past any page ({})", what(b)) });
    }
    let Some(text) = t.as_str() else {
        return Err(Wrong::found(at.1, "the text, a string", t));
    };
    let conf = match s {
        None | Some(Value::Null) => 1.0,
        Some(v) => v.as_f64().ok_or_else(|| Wrong::found(at.2, "the score, a number", v))?,
    };
    Ok((!text.trim().is_empty()).then(|| Boxed { text: text.to_string(), points, conf }))
}

/// A box's points: a list of `[x, y]`, or `[left, top, right, bottom]` (PaddleOCR 3.x
/// `rec_boxes`) as its corners.
fn points(b: &Value) -> Option<Vec<[f64; 2]>> {
    let a = b.as_array()?;
    if let [Some(a), Some(b), Some(c), Some(d)] = a.iter().map(Value::as_f64).collect::<Vec<_>>()[..] {
        let (x0, y0, x1, y1) = (a.min(c), b.min(d), a.max(c), b.max(d));
        return Some(vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1]]);
    }
    let pts: Option<Vec<[f64; 2]>> = a
        .iter()
        .map(|p| match p.as_array().map(Vec::as_slice) {
            Some([x, y]) => Some([x.as_f64()?, y.as_f64()?]),
            _ => None,
        })
        .collect();
    pts.filter(|p| !p.is_empty())
}

/// Farthest a coordinate stands from the origin on any page, in any unit.
const FAR: f64 = 1e6;

/// Are all the points where a page can be? Numbers past it (`1e308`) would overflow
/// in the geometry's sums.
fn on_a_page(points: &[[f64; 2]]) -> bool {
    points.iter().flatten().all(|v| v.abs() <= FAR)
}

/// A page of the lines the tool boxed: those it ran across a gutter cut, each
/// character placed (down a tall box: [`super::vertical`] reads such a page).
fn page(boxes: Vec<Boxed>) -> OcrPage {
    let pitch = joined::Pitch::of(&boxes);
    let split = match &pitch {
        Some(p) => joined::split(boxes, p),
        None => boxes,
    };
    let ascii = pitch.map_or(0.55, |p| p.ascii);
    let lines: Vec<_> = split.into_iter().filter_map(|b| chars::line(&b.text, &b.points, b.conf, ascii)).collect();
    OcrPage { lines, size: None, image: None, glyphs: false }
}

/// A line of newsmend's own shape, as the tool boxed it: one word in an upright box.
fn own(l: &super::OcrLine) -> Option<Boxed> {
    let text: String = l.words.iter().map(|w| w.text.as_str()).collect();
    let b = l.bbox;
    let conf = l.words.first().map_or(1.0, |w| w.conf);
    let points = vec![[b.x0, b.y0], [b.x1, b.y0], [b.x1, b.y1], [b.x0, b.y1]];
    // Its reader checks the types; a box off any page is no line.
    on_a_page(&points).then_some(Boxed { text, points, conf })
}

/// A parse error as the file's writer can find it: the line and column, and what went
/// wrong there.
fn bad_json(name: &str, e: &serde_json::Error) -> Error {
    let msg = e.to_string();
    let why = msg.rsplit_once(" at line ").map_or(msg.as_str(), |(why, _)| why);
    Error::Malformed {
        path: PathBuf::from(name),
        at: format!("line {} column {}", e.line(), e.column()),
        why: format!("malformed JSON: {why}"),
    }
}

/// What JSON that is no OCR result holds: an object's keys (the first four, sorted), a list's first
/// entry.
fn describe(v: &Value) -> String {
    match v {
        Value::Object(o) if o.is_empty() => "an empty object".into(),
        Value::Object(o) => {
            // Sorted, so the message is the same whatever order the map keeps.
            let mut keys: Vec<&String> = o.keys().collect();
            keys.sort_unstable();
            let keys: Vec<String> = keys.iter().take(4).map(|k| format!("{k:?}")).collect();
            let more = if o.len() > 4 { ", …" } else { "" };
            format!("an object with keys {}{more}", keys.join(", "))
        }
        Value::Array(a) => match a.iter().find(|e| !is_empty(e)) {
            Some(e) => format!("a list of {}, the first {}", a.len(), describe(e)),
            None => format!("a list of {}", a.len()),
        },
        other => what(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Vec<OcrPage>> {
        read_ocr_json(json, "p.json")
    }

    fn err(json: &str) -> String {
        read(json).err().map(|e| e.to_string()).unwrap_or_default()
    }

    /// The texts of each page's lines, its characters joined.
    fn texts(json: &str) -> Vec<Vec<String>> {
        let pages = read(json).unwrap_or_else(|e| panic!("{json}: {e}"));
        pages
            .iter()
            .map(|p| p.lines.iter().map(|l| l.words.iter().map(|w| w.text.as_str()).collect()).collect())
            .collect()
    }

    const BOX: &str = "[[10, 20], [90, 20], [90, 40], [10, 40]]";

    #[test]
    fn rapidocr_lines_and_its_whole_return_value() {
        let one = format!(r#"[[{BOX}, "甲乙", 0.9], [{BOX}, "丙", 0.8]]"#);
        assert_eq!(texts(&one), [["甲乙", "丙"]]);
        let page = &read(&one).unwrap()[0];
        assert_eq!(page.lines[0].words[0].conf, 0.9);
        assert_eq!(page.lines[0].bbox, super::super::BBox { x0: 10.0, y0: 20.0, x1: 90.0, y1: 40.0 });
        assert_eq!(texts(&format!("[{one}, [0.1, 0.2, 0.3]]")), [["甲乙", "丙"]]);
    }

    #[test]
    fn paddle2_one_page_or_many() {
        let line = format!(r#"[{BOX}, ["甲乙", 0.9]]"#);
        assert_eq!(texts(&format!("[{line}]")), [["甲乙"]]);
        assert_eq!(texts(&format!("[[{line}, {line}]]")), [["甲乙", "甲乙"]]);
        assert_eq!(texts(&format!("[[{line}], null, [{line}]]")), [vec!["甲乙"], vec![], vec!["甲乙"]]);
    }

    #[test]
    fn paddle3_with_polys_or_boxes_with_or_without_res() {
        let polys = format!(
            r#"{{"input_path": "p.png", "rec_texts": ["甲乙", "丙"], "rec_scores": [0.9, 0.8], "rec_polys": [{BOX}, {BOX}]}}"#
        );
        assert_eq!(texts(&polys), [["甲乙", "丙"]]);
        assert_eq!(read(&polys).unwrap()[0].image.as_deref(), Some("p.png"));
        assert_eq!(texts(&format!(r#"{{"res": {polys}}}"#)), [["甲乙", "丙"]]);
        let boxes = r#"{"rec_texts": ["甲乙"], "rec_boxes": [[10, 20, 90, 40]]}"#;
        assert_eq!(texts(boxes), [["甲乙"]]);
        assert_eq!(texts(&format!("[{boxes}, {{\"res\": {polys}}}]")), [vec!["甲乙"], vec!["甲乙", "丙"]]);
    }

    #[test]
    fn umi_ocr_and_its_codes() {
        let ok = format!(r#"{{"code": 100, "data": [{{"box": {BOX}, "score": 0.9, "text": "甲乙"}}]}}"#);
        assert_eq!(texts(&ok), [["甲乙"]]);
        assert!(read(r#"{"code": 101, "data": "No text found in image."}"#).unwrap().is_empty());
        assert_eq!(
            err(r#"{"code": 203, "data": "Failed to load image"}"#),
            r#"p.json: code: the OCR tool failed with code 203: "Failed to load image""#
        );
    }

    #[test]
    fn newsmends_own_shape_is_read_and_spread() {
        assert_eq!(texts(r#"[{"text": "甲乙", "box": [0, 0, 40, 20], "score": 0.9}]"#), [["甲乙"]]);
        let page = &read(r#"{"lines": [{"text": "甲乙", "box": [0, 0, 40, 20]}]}"#).unwrap()[0];
        assert_eq!(page.lines[0].words.len(), 2);
    }

    #[test]
    fn wrong_types_are_named_by_their_path() {
        assert_eq!(
            err(&format!(r#"[[{BOX}, "甲", 0.9], [{BOX}, 7, 0.9]]"#)),
            "p.json: [1][1]: expected the text, a string, found the number 7"
        );
        assert_eq!(
            err(&format!(r#"[[[{BOX}, ["甲", 0.9]], [{BOX}, ["乙", "high"]]]]"#)),
            r#"p.json: [0][1][1][1]: expected the score, a number, found the string "high""#
        );
        assert_eq!(
            err(r#"{"res": {"rec_texts": ["甲"], "rec_polys": [[[0, 0], ["a", 1]]]}}"#),
            "p.json: res.rec_polys[0]: expected a box: [x, y] points, or [left, top, right, bottom], found a list of 2"
        );
        assert_eq!(
            err(r#"{"rec_texts": ["甲", "乙"], "rec_boxes": [[0, 0, 9, 9]]}"#),
            "p.json: rec_boxes: 1 entries for 2 texts"
        );
        assert_eq!(
            err(&format!(r#"[[{BOX}, "甲", 0.9], 5]"#)),
            "p.json: [1]: expected [box, text, score], found the number 5"
        );
        assert_eq!(err("[[1, 2"), "p.json: line 1 column 6: malformed JSON: EOF while parsing a list");
        assert_eq!(
            err(r#"[[[[0, 0], [1e308, 0], [1e308, 9], [0, 9]], "甲", 0.9]]"#),
            "p.json: [0][0]: a coordinate past any page (a list of 4)"
        );
    }

    #[test]
    fn json_that_is_no_ocr_is_an_error_naming_what_it_is() {
        for (json, found) in [
            (r#"{"page": "A01", "articles": []}"#, r#"an object with keys "articles", "page""#),
            ("[1, 2, 3]", "a list of 3, the first the number 1"),
            (r#"[{"title": "甲"}]"#, r#"a list of 1, the first an object with keys "title""#),
        ] {
            let e = err(json);
            assert!(
                e.starts_with(&format!(
                    "p.json: JSON, but not an OCR result newsmend reads ({found}); it reads RapidOCR"
                )),
                "{e}"
            );
        }
    }

    #[test]
    fn the_head_shows_ocr_json() {
        assert!(ocr_head("[[[[1.5, 2], [3, 4]"));
        assert!(ocr_head("[\n  [\n    [\n      [\n        1"));
        assert!(ocr_head("{\n    \"input_path\": \"p.png\",\n    \"dt_polys\": ["));
        assert!(ocr_head(r#"{"code": 100, "data": []}"#));
        assert!(!ocr_head(r#"{"page": "A01", "articles": [{"headings": []}]}"#));
        assert!(!ocr_head("[[1, 2], [3, 4]]"));
    }
}
