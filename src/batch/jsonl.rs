//! `clean --jsonl`: the batch of a stream rather than a folder. Each line is cleaned on
//! its own, with no issue around it and nothing written but the answer line.

use crate::edit::EditFilter;
use crate::error::{Error, Result};
use crate::render;
use crate::Engine;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// `clean --jsonl`: one JSON object `{"id", "text"}` a line in, one result a line out, in
/// the same order, so the same binary runs under Hadoop Streaming, Spark's `pipe` or GNU
/// parallel. A bad line gives `{"id", "error"}` and the stream goes on.
pub fn jsonl(
    engine: &Engine,
    filter: &EditFilter,
    input: impl std::io::BufRead,
    mut out: impl std::io::Write,
) -> Result<()> {
    let mut lines = input.lines();
    loop {
        // Chunks keep memory flat on endless streams while the cores share the work.
        let chunk: Vec<String> =
            lines.by_ref().take(256).collect::<std::io::Result<_>>().map_err(|e| Error::io("-", e))?;
        if chunk.is_empty() {
            break;
        }
        let results: Vec<String> = chunk.par_iter().map(|line| answer(engine, filter, line)).collect();
        for r in results {
            if let Err(e) = writeln!(out, "{r}") {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    return Ok(());
                }
                return Err(Error::io("-", e));
            }
        }
    }
    out.flush().map_err(|e| Error::io("-", e))
}

/// A line in.
#[derive(Deserialize)]
struct In {
    id: serde_json::Value,
    text: String,
}

/// A line out.
#[derive(Serialize)]
struct Out<'a> {
    id: &'a serde_json::Value,
    text: &'a str,
    articles: Vec<render::ArticleText>,
    running_heads: Vec<String>,
    edits: usize,
}

/// The answer line to one line in: the cleaned text and its articles, or, for a line
/// that is not `{"id", "text"}`, the error with whatever id it holds.
fn answer(engine: &Engine, filter: &EditFilter, line: &str) -> String {
    let parsed: std::result::Result<In, _> = serde_json::from_str(line);
    match parsed {
        Ok(i) => {
            let text = i.text.replace("\r\n", "\n").replace('\r', "\n");
            let cleaned = engine.clean(&text, filter);
            let o = Out {
                id: &i.id,
                text: &cleaned.output,
                articles: render::articles(&text, &cleaned),
                running_heads: render::running_heads(&text, &cleaned),
                edits: cleaned.accepted_edits().count(),
            };
            serde_json::to_string(&o).unwrap_or_default()
        }
        Err(e) => {
            let id = serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(serde_json::Value::Null);
            serde_json::json!({"id": id, "error": format!("not a {{\"id\", \"text\"}} line: {e}")}).to_string()
        }
    }
}
