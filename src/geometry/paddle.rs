//! The PaddleOCR reader: JSON, one entry a line, the line's text its one word. The
//! file gives neither the page's size nor the scan's name.

use super::{BBox, OcrLine, OcrPage, Word};
use crate::error::{Error, Result};
use serde_json::Value;
use std::path::PathBuf;

/// A PaddleOCR result: a list of `{text, box | points, score}` (or
/// `[[points], [text, score]]` pairs), one per line.
pub fn read_paddle(text: &str, name: &str) -> Result<OcrPage> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| Error::Undecodable { path: PathBuf::from(name), why: format!("malformed JSON: {e}") })?;
    let lines = entries(&v).into_iter().filter_map(line).collect();
    Ok(OcrPage { lines, size: None, image: None })
}

/// The entries of the result: the list itself, the one page of a list of pages, or the
/// `lines` (or `results`) of an object.
fn entries(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a)
            if a.len() == 1
                && a[0].is_array()
                && a[0].as_array().is_some_and(|x| {
                    x.first().is_some_and(|y| y.is_array() && y.get(1).is_some_and(|z| z.is_array()))
                }) =>
        {
            a[0].as_array().map(|x| x.iter().collect()).unwrap_or_default()
        }
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) => o
            .get("lines")
            .or_else(|| o.get("results"))
            .and_then(|l| l.as_array())
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The line of one entry, when it has text and a box.
fn line(it: &Value) -> Option<OcrLine> {
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
        return None;
    };
    let b = bbox?;
    if text.trim().is_empty() {
        return None;
    }
    let conf = it.get("score").and_then(|c| c.as_f64()).unwrap_or(1.0);
    Some(OcrLine { bbox: b, words: vec![Word { text, bbox: b, conf }] })
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
