//! The PaddleOCR reader: JSON, one entry per line, the line its own single word.

use super::{BBox, OcrLine, Word};
use crate::error::{Error, Result};
use std::path::PathBuf;

/// The lines of a PaddleOCR result: a list of `{text, box | points, score}` (or
/// `[[points], [text, score]]` pairs), one per line.
pub fn read_paddle(text: &str, name: &str) -> Result<Vec<OcrLine>> {
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
                lines.push(OcrLine { bbox: b, words: vec![Word { text, bbox: b, conf }] });
            }
        }
    }
    Ok(lines)
}
