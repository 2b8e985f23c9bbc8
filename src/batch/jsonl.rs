//! `clean --jsonl`: the batch of a stream rather than a folder. Each line is cleaned on
//! its own, with no issue around it and nothing written but the answer line. A line is
//! a page, and held to the page limit: a longer one is read past without being held,
//! and answered with an error.

use crate::edit::EditFilter;
use crate::error::{megabytes, Error, Result};
use crate::render::{self, json::EditJson};
use crate::Engine;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::BufRead;
use std::path::Path;

/// Lines cleaned at once: enough for the cores to share, few enough to keep memory flat.
const CHUNK_LINES: usize = 256;

/// Bytes of lines held at once, past the one line that may reach the page limit.
const CHUNK_BYTES: usize = 32 << 20;

/// Of a line past the limit, the head kept to find its id in.
const HEAD: usize = 4 << 10;

/// `clean --jsonl`: one JSON object `{"id", "text"}` a line in, one result a line out, in
/// the same order, so the same binary runs under Hadoop Streaming, Spark's `pipe` or GNU
/// parallel. A bad line gives `{"id", "error"}` and the stream goes on. `name` is the
/// input as errors name it.
pub fn jsonl(
    engine: &Engine,
    filter: &EditFilter,
    name: &Path,
    mut input: impl BufRead,
    mut out: impl std::io::Write,
) -> Result<()> {
    let max = crate::ingest::MAX_BYTES;
    loop {
        let mut chunk = Vec::new();
        let mut held = 0;
        while chunk.len() < CHUNK_LINES && held < CHUNK_BYTES {
            match read_line(&mut input, max).map_err(|e| Error::io(name, e))? {
                Some(line) => {
                    held += line.held();
                    chunk.push(line);
                }
                None => break,
            }
        }
        if chunk.is_empty() {
            break;
        }
        let results: Vec<String> = chunk.par_iter().map(|line| answer(engine, filter, line, max)).collect();
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

/// A line in: whole, or past the limit with only its head kept.
enum Line {
    Whole(Vec<u8>),
    TooLong { head: Vec<u8>, len: u64 },
}

impl Line {
    fn held(&self) -> usize {
        match self {
            Line::Whole(b) => b.len(),
            Line::TooLong { head, .. } => head.len(),
        }
    }
}

/// The next line of `r` without its line end (LF or CR LF), as `BufRead::lines` has it;
/// one longer than `max` bytes is read to its end but only its head kept. `None` at the
/// end of the input.
fn read_line(r: &mut impl BufRead, max: u64) -> std::io::Result<Option<Line>> {
    let mut line = Vec::new();
    let mut len: u64 = 0;
    let mut ended = false;
    let mut any = false;
    while !ended {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        any = true;
        let (part, used) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], i + 1),
            None => (buf, buf.len()),
        };
        ended = used > part.len();
        len += part.len() as u64;
        if len <= max {
            // Grown no further than the limit: a line that reaches it holds no more.
            let need = line.len() + part.len();
            if need > line.capacity() {
                line.reserve_exact(need.max(2 * line.capacity()).min(max as usize) - line.len());
            }
            line.extend_from_slice(part);
        } else if line.len() < HEAD {
            line.extend_from_slice(&part[..part.len().min(HEAD - line.len())]);
        }
        if len > max && line.capacity() > HEAD {
            line.truncate(HEAD);
            line.shrink_to_fit();
        }
        r.consume(used);
    }
    if !any {
        return Ok(None);
    }
    if len > max {
        return Ok(Some(Line::TooLong { head: line, len }));
    }
    if ended && line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(Line::Whole(line)))
}

/// A line in.
#[derive(Deserialize)]
struct In {
    id: serde_json::Value,
    text: String,
}

/// A line out: the edits as `clean --format json` lists them.
#[derive(Serialize)]
struct Out<'a> {
    id: &'a serde_json::Value,
    text: &'a str,
    articles: Vec<render::ArticleText>,
    running_heads: Vec<String>,
    edits: Vec<EditJson<'a>>,
}

/// The answer line to one line in: the cleaned text, its articles and edits, or, for a
/// line that is not `{"id", "text"}` (or is longer than `max`), the error with whatever
/// id it holds.
fn answer(engine: &Engine, filter: &EditFilter, line: &Line, max: u64) -> String {
    let error = |id: serde_json::Value, why: String| serde_json::json!({"id": id, "error": why}).to_string();
    let bytes = match line {
        Line::TooLong { head, len } => {
            let why = format!("{} is larger than the {} page limit: not read", megabytes(*len), megabytes(max));
            return error(head_id(head), why);
        }
        Line::Whole(bytes) => bytes,
    };
    let line = match std::str::from_utf8(bytes) {
        Ok(l) => l,
        Err(e) => return error(head_id(bytes), format!("not UTF-8 (at byte {})", e.valid_up_to())),
    };
    match serde_json::from_str::<In>(line) {
        Ok(i) => {
            let text = i.text.replace("\r\n", "\n").replace('\r', "\n");
            let cleaned = engine.clean(&text, filter);
            let o = Out {
                id: &i.id,
                text: &cleaned.output,
                articles: render::articles(&text, &cleaned),
                running_heads: render::running_heads(&text, &cleaned),
                edits: render::json::edits(&text, &cleaned),
            };
            serde_json::to_string(&o).unwrap_or_default()
        }
        Err(e) => {
            let id = serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(serde_json::Value::Null);
            error(id, format!("not a {{\"id\", \"text\"}} line: {e}"))
        }
    }
}

/// The id of a line not read whole, when the line starts with it (`{"id": 7, …`).
fn head_id(head: &[u8]) -> serde_json::Value {
    let rest = head
        .trim_ascii_start()
        .strip_prefix(b"{")
        .map(<[u8]>::trim_ascii_start)
        .and_then(|r| r.strip_prefix(b"\"id\""))
        .map(<[u8]>::trim_ascii_start)
        .and_then(|r| r.strip_prefix(b":"));
    // One value is read and what follows it left: the line goes on past the head.
    rest.and_then(|r| serde_json::Value::deserialize(&mut serde_json::Deserializer::from_slice(r)).ok())
        .unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: u64) -> Vec<(Vec<u8>, Option<u64>)> {
        let mut r = std::io::BufReader::with_capacity(7, input);
        std::iter::from_fn(|| read_line(&mut r, max).expect("read"))
            .map(|l| match l {
                Line::Whole(b) => (b, None),
                Line::TooLong { head, len } => (head, Some(len)),
            })
            .collect()
    }

    #[test]
    fn lines_end_as_bufread_lines_end_them() {
        let got = lines(b"a\r\nbc\n\nlast\r", 100);
        let want: Vec<(Vec<u8>, Option<u64>)> =
            vec![(b"a".to_vec(), None), (b"bc".to_vec(), None), (vec![], None), (b"last\r".to_vec(), None)];
        assert_eq!(got, want);
    }

    #[test]
    fn a_line_past_the_limit_keeps_its_head_and_the_next_is_whole() {
        let long = format!("{{\"id\": 7, \"text\": \"{}\"}}", "x".repeat(3 * HEAD));
        let got = lines(format!("{long}\n{{\"id\":8}}\n").as_bytes(), 100);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].1, Some(long.len() as u64));
        assert_eq!(got[0].0.len(), HEAD);
        assert_eq!(head_id(&got[0].0), serde_json::json!(7));
        assert_eq!(got[1], (b"{\"id\":8}".to_vec(), None));
    }

    #[test]
    fn an_id_is_found_only_at_the_head() {
        assert_eq!(head_id(br#"  { "id" : "a\"b", "text": "#), serde_json::json!("a\"b"));
        assert_eq!(head_id(br#"{"text": "x", "id": 3"#), serde_json::Value::Null);
        assert_eq!(head_id(br#"{"id": [1, 2"#), serde_json::Value::Null);
    }
}
