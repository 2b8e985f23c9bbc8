//! The PaddleOCR reader: JSON, one entry a line, the line's text its one word. The
//! file gives neither the page's size nor the scan's name.
//!
//! An entry that is not what PaddleOCR writes (a text that is not a string, a box that
//! is not numbers, a missing box) is an error naming it by its JSON path (`[3].text`),
//! never a line left out: a page of such entries would otherwise read as empty.

use super::{BBox, OcrLine, OcrPage, Word};
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::path::PathBuf;

/// What is wrong in an OCR JSON file, and where, as a JSON path (this reader's and
/// `json`'s).
pub(super) struct Wrong {
    pub(super) at: String,
    pub(super) why: String,
}

impl Wrong {
    /// `at` holds `found` where `want` belongs.
    pub(super) fn found(at: impl Into<String>, want: &str, found: &Value) -> Wrong {
        Wrong { at: at.into(), why: format!("expected {want}, found {}", what(found)) }
    }

    /// The error naming the file `name`.
    pub(super) fn in_file(self, name: &str) -> Error {
        Error::Malformed { path: PathBuf::from(name), at: self.at, why: self.why }
    }
}

/// A PaddleOCR result: a list of `{text, box | points, score}` (or
/// `[[points], [text, score]]` pairs), one per line.
pub fn read_paddle(text: &str, name: &str) -> Result<OcrPage> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| Error::Undecodable { path: PathBuf::from(name), why: format!("malformed JSON: {e}") })?;
    let malformed = |w: Wrong| w.in_file(name);
    let (prefix, items) = entries(&v).map_err(malformed)?;
    let mut lines = Vec::with_capacity(items.len());
    for (k, it) in items.iter().enumerate() {
        if let Some(l) = line(it, format!("{prefix}[{k}]")).map_err(malformed)? {
            lines.push(l);
        }
    }
    Ok(OcrPage { lines, size: None, image: None, glyphs: false })
}

/// The entries of the result and the path they are under: the list itself, the one page
/// of a list of pages, or the `lines` (or `results`) of an object.
fn entries(v: &Value) -> std::result::Result<(&'static str, &[Value]), Wrong> {
    // A page of pairs holds pairs of points of [x, y]: four lists deep where a list of
    // pairs holds a number.
    let page_of_pairs = |x: &Value| x.pointer("/0/0/0").is_some_and(Value::is_array);
    match v {
        Value::Array(a) if a.len() == 1 && page_of_pairs(&a[0]) => {
            Ok(("[0]", a[0].as_array().map_or(&[], Vec::as_slice)))
        }
        Value::Array(a) => Ok(("", a)),
        Value::Object(o) => {
            let (key, list) = match (o.get("lines"), o.get("results")) {
                (Some(l), _) => ("lines", l),
                (None, Some(r)) => ("results", r),
                (None, None) => {
                    let why = "expected a list of lines, or an object with a \"lines\" list".to_string();
                    return Err(Wrong { at: "the top level".into(), why });
                }
            };
            list.as_array().map(|a| (key, a.as_slice())).ok_or_else(|| Wrong::found(key, "a list", list))
        }
        other => Err(Wrong::found("the top level", "a list of lines", other)),
    }
}

/// The line of the entry at `at`; none when its text is blank.
fn line(it: &Value, at: String) -> std::result::Result<Option<OcrLine>, Wrong> {
    let (text, bbox, conf) = match it {
        Value::Object(o) => object_entry(o, &at)?,
        Value::Array(a) => pair_entry(a, &at)?,
        other => return Err(Wrong::found(at, "{\"text\", \"box\"} or [points, [text, score]]", other)),
    };
    if text.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(OcrLine { bbox, words: vec![Word { text: text.to_string(), bbox, conf }], vertical: false }))
}

/// `{"text", "box" | "points" | "text_region", "score"}`.
fn object_entry<'a>(o: &'a Map<String, Value>, at: &str) -> std::result::Result<(&'a str, BBox, f64), Wrong> {
    let text = match o.get("text") {
        Some(Value::String(t)) => t.as_str(),
        Some(other) => return Err(Wrong::found(format!("{at}.text"), "a string", other)),
        None => return Err(Wrong { at: at.into(), why: "no \"text\"".into() }),
    };
    let Some((key, b)) = ["box", "points", "text_region"].into_iter().find_map(|k| o.get(k).map(|b| (k, b))) else {
        return Err(Wrong { at: at.into(), why: "no \"box\" or \"points\": the text has no place on the page".into() });
    };
    let bbox =
        box_of(b).ok_or_else(|| Wrong::found(format!("{at}.{key}"), "4 numbers or a list of [x, y] points", b))?;
    Ok((text, bbox, score(o.get("score"), || format!("{at}.score"))?))
}

/// `[[points], [text, score]]`.
fn pair_entry<'a>(a: &'a [Value], at: &str) -> std::result::Result<(&'a str, BBox, f64), Wrong> {
    let (Some(points), Some(rec)) = (a.first(), a.get(1)) else {
        return Err(Wrong { at: at.into(), why: "expected [points, [text, score]]".into() });
    };
    let bbox = points_box(points).ok_or_else(|| Wrong::found(format!("{at}[0]"), "a list of [x, y] points", points))?;
    let Value::Array(rec) = rec else {
        return Err(Wrong::found(format!("{at}[1]"), "[text, score]", rec));
    };
    let text = match rec.first() {
        Some(Value::String(t)) => t.as_str(),
        Some(other) => return Err(Wrong::found(format!("{at}[1][0]"), "a string", other)),
        None => return Err(Wrong { at: format!("{at}[1]"), why: "no text".into() }),
    };
    Ok((text, bbox, score(rec.get(1), || format!("{at}[1][1]"))?))
}

/// A line's confidence: its score, 1 when it has none.
fn score(v: Option<&Value>, at: impl FnOnce() -> String) -> std::result::Result<f64, Wrong> {
    match v {
        None | Some(Value::Null) => Ok(1.0),
        Some(s) => s.as_f64().ok_or_else(|| Wrong::found(at(), "a number", s)),
    }
}

/// A box as four numbers (left, top, right, bottom) or as the points around it.
fn box_of(b: &Value) -> Option<BBox> {
    let a = b.as_array()?;
    if a.len() == 4 && a.iter().all(Value::is_number) {
        let n: Vec<f64> = a.iter().filter_map(Value::as_f64).collect();
        return Some(BBox { x0: n[0], y0: n[1], x1: n[2], y1: n[3] });
    }
    points_box(b)
}

/// The box around a list of `[x, y]` points; none when a point is not one.
fn points_box(p: &Value) -> Option<BBox> {
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
}

/// A JSON value as an error names it: its kind, and a short one itself.
pub(super) fn what(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > 24 => {
            format!("the string {:?}…", s.chars().take(24).collect::<String>())
        }
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(a) => format!("a list of {}", a.len()),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(json: &str) -> String {
        read_paddle(json, "p.json").err().map(|e| e.to_string()).unwrap_or_default()
    }

    /// Wrong types are named where they are, not read as a page with no lines.
    #[test]
    fn wrong_types_are_named_by_their_path() {
        let ok = r#"{"text": "甲", "box": [0, 0, 9, 9]}"#;
        assert_eq!(
            err(&format!(r#"[{ok}, {{"text": 123, "box": [0, 0, 9, 9]}}]"#)),
            "p.json: [1].text: expected a string, found the number 123"
        );
        assert_eq!(
            err(r#"{"lines": [{"text": "甲", "box": "0,0,9,9"}]}"#),
            r#"p.json: lines[0].box: expected 4 numbers or a list of [x, y] points, found the string "0,0,9,9""#
        );
        assert_eq!(
            err(r#"[{"text": "甲", "points": [["a", 1]]}]"#),
            "p.json: [0].points: expected 4 numbers or a list of [x, y] points, found a list of 1"
        );
        assert_eq!(
            err(r#"[{"text": "甲"}]"#),
            r#"p.json: [0]: no "box" or "points": the text has no place on the page"#
        );
        assert_eq!(
            err(r#"[{"text": "甲", "box": [0, 0, 9, 9], "score": "high"}]"#),
            r#"p.json: [0].score: expected a number, found the string "high""#
        );
        assert_eq!(
            err(r#"[[[[0, 0], [9, 9]], [7, 0.9]]]"#),
            "p.json: [0][1][0]: expected a string, found the number 7"
        );
        assert_eq!(
            err(r#"{"text": "甲", "box": [0, 0, 9, 9]}"#),
            r#"p.json: the top level: expected a list of lines, or an object with a "lines" list"#
        );
    }

    #[test]
    fn each_form_reads() {
        let forms = [
            r#"[{"text": "甲", "box": [0, 0, 9, 9], "score": 0.5}]"#,
            r#"{"results": [{"text": "甲", "points": [[0, 0], [9, 9]]}]}"#,
            r#"[[[[0, 0], [9, 9]], ["甲", 0.5]]]"#,
            r#"[[[[0, 0], [9, 9]], ["甲", 0.5]], [[[0, 20], [9, 29]], ["乙", 0.5]]]"#,
            // A list of one page, and of one pair: told apart by their depth.
            r#"[[[[[0, 0], [9, 9]], ["甲", 0.5]]]]"#,
        ];
        for json in forms {
            let page = read_paddle(json, "p.json").unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(page.lines[0].words[0].text, "甲", "{json}");
        }
    }
}
