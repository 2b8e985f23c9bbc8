//! `clean --jsonl`: the batch of a stream rather than a folder. Each line is cleaned on
//! its own, with no issue around it and nothing written but the answer line. A line is
//! a page, and held to the page limit: a longer one is read past without being held,
//! and answered with an error. That holds for compressed streams too, whatever they
//! inflate to. A line's other fields (`series`, `date`, `page`, ...) go into its answer
//! as they were written, in their order, with its text field cleaned.

use crate::compress::Compression;
use crate::edit::EditFilter;
use crate::error::{megabytes, Error, Result};
use crate::render::{self, json::EditJson};
use crate::Engine;
use rayon::prelude::*;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::io::{BufRead, Write};
use std::path::Path;

/// Lines cleaned at once: enough for the cores to share, few enough to keep memory flat.
const CHUNK_LINES: usize = 256;

/// Bytes of lines held at once, past the one line that may reach the page limit.
const CHUNK_BYTES: usize = 32 << 20;

/// Bytes of answers compressed as one stream, at least: a whole bzip2 block (900 kB),
/// so that streams made apart cost next to nothing over one.
const STREAM_BYTES: usize = 1 << 20;

/// Of a line past the limit, the head kept to find its id in.
const HEAD: usize = 4 << 10;

/// The fields newsmend writes in an answer: a line's own of these names give way.
pub const WRITTEN_FIELDS: [&str; 4] = ["articles", "running_heads", "edits", "error"];

/// Where `clean --jsonl` reads its lines and writes its answers, and how.
#[derive(Debug, Clone, Copy)]
pub struct JsonlStream<'a> {
    /// The input as errors name it (`-`: stdin).
    pub input: &'a Path,
    pub input_compression: Compression,
    /// The output as errors name it (`-`: stdout).
    pub output: &'a Path,
    pub output_compression: Compression,
    /// The field of each line that holds its text (`text`).
    pub text_field: &'a str,
}

/// `clean --jsonl`: one JSON object `{"id", "text", ...}` a line in, one result a line
/// out, in the same order, so the same binary runs under Hadoop Streaming, Spark's
/// `pipe` or GNU parallel. A bad line gives `{"id", "error"}` and the stream goes on; a
/// compressed input that cannot be decoded ends it with an error naming the line.
pub fn jsonl(
    engine: &Engine,
    filter: &EditFilter,
    stream: &JsonlStream,
    input: impl BufRead,
    mut out: impl Write,
) -> Result<()> {
    let max = crate::ingest::MAX_BYTES;
    let mut input = stream.input_compression.reader(input);
    let mut lines: u64 = 0;
    loop {
        let (chunk, failed) = read_chunk(&mut input, max, &mut lines);
        // The lines read whole before a damaged stretch are answered first.
        let results: Vec<String> =
            chunk.par_iter().map(|line| answer(engine, filter, stream.text_field, line, max)).collect();
        if !results.is_empty() {
            if let Err(e) = write_chunk(&mut out, &results, stream.output_compression) {
                return write_error(stream, e);
            }
        }
        if let Some(e) = failed {
            return Err(read_error(stream, lines + 1, e));
        }
        if chunk.is_empty() {
            break;
        }
    }
    if lines == 0 {
        // An empty input still makes a whole compressed file, with no lines in it.
        return write_chunk(&mut out, &[], stream.output_compression).or_else(|e| write_error(stream, e));
    }
    Ok(())
}

/// Write the answers of one chunk to `out`, flushed: a reader downstream (Spark's
/// `pipe`, a pipeline) has each chunk as it is done. Compressed, each megabyte of them
/// is a stream of its own, made on all cores, as bzip2 compresses several times slower
/// than newsmend cleans; no answers at all are a stream with no lines in it.
fn write_chunk(out: &mut impl Write, results: &[String], c: Compression) -> std::io::Result<()> {
    if c == Compression::None {
        for r in results {
            writeln!(out, "{r}")?;
        }
        return out.flush();
    }
    let streams: Vec<Vec<u8>> =
        groups(results).par_iter().map(|g| crate::compress::stream_of_lines(c, g)).collect::<Result<_, _>>()?;
    for s in streams {
        out.write_all(&s)?;
    }
    out.flush()
}

/// `results` cut into runs of at least [`STREAM_BYTES`] (the last may hold less); one
/// empty run when there are none.
fn groups(results: &[String]) -> Vec<&[String]> {
    let mut groups = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, r) in results.iter().enumerate() {
        bytes += r.len() + 1;
        if bytes >= STREAM_BYTES {
            groups.push(&results[start..=i]);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < results.len() || groups.is_empty() {
        groups.push(&results[start..]);
    }
    groups
}

/// The next lines of `input`, as many as one chunk holds, and the error that stopped
/// them short if one did; `lines` counts those read.
fn read_chunk(input: &mut dyn BufRead, max: u64, lines: &mut u64) -> (Vec<Line>, Option<std::io::Error>) {
    let mut chunk = Vec::new();
    let mut held = 0;
    while chunk.len() < CHUNK_LINES && held < CHUNK_BYTES {
        match read_line(input, max) {
            Ok(Some(line)) => {
                *lines += 1;
                held += line.held();
                chunk.push(line);
            }
            Ok(None) => break,
            Err(e) => return (chunk, Some(e)),
        }
    }
    (chunk, None)
}

/// A failed read of the input at `line`: of a compressed stream, its data is damaged.
fn read_error(stream: &JsonlStream, line: u64, e: std::io::Error) -> Error {
    match stream.input_compression {
        Compression::None => Error::io(stream.input, e),
        c => Error::Decompress { path: stream.input.to_path_buf(), line, format: c.name(), why: e.to_string() },
    }
}

/// A failed write: a reader that went away (`| head`) only ends the stream, quietly.
fn write_error(stream: &JsonlStream, e: std::io::Error) -> Result<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return Ok(());
    }
    Err(Error::io(stream.output, e))
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
fn read_line(r: &mut (impl BufRead + ?Sized), max: u64) -> std::io::Result<Option<Line>> {
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

/// A line in: its fields in their order, each as it was written but the text.
struct In<'a> {
    fields: Vec<(String, Field<'a>)>,
    text: String,
}

/// A field of a line: the text, or any other, kept as written.
enum Field<'a> {
    Text,
    Raw(&'a RawValue),
}

/// Reads a line's object with its text in the field `0`; every other field is kept
/// unread. A line needs an `id` and its text; a field named twice is refused, as an
/// answer may not hold it twice.
struct Fields<'f>(&'f str);

impl<'de> DeserializeSeed<'de> for Fields<'_> {
    type Value = In<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<In<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Fields<'_> {
    type Value = In<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "an object with \"id\" and \"{}\"", self.0)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<In<'de>, A::Error> {
        let mut fields = Vec::new();
        let mut text = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.0 {
                if text.is_some() {
                    return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
                }
                text = Some(map.next_value::<String>()?);
                fields.push((key, Field::Text));
            } else {
                fields.push((key, Field::Raw(map.next_value()?)));
            }
        }
        let mut names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
        names.sort_unstable();
        if let Some(twice) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(de::Error::custom(format_args!("duplicate field `{}`", twice[0])));
        }
        if names.binary_search(&"id").is_err() {
            return Err(de::Error::missing_field("id"));
        }
        let text = text.ok_or_else(|| de::Error::custom(format_args!("missing field `{}`", self.0)))?;
        Ok(In { fields, text })
    }
}

/// A line out: the line's fields in their order, its text cleaned, then the articles,
/// running heads and edits as `clean --format json` lists them.
struct Out<'a> {
    fields: &'a [(String, Field<'a>)],
    text: &'a str,
    articles: Vec<render::ArticleText>,
    running_heads: Vec<String>,
    edits: Vec<EditJson<'a>>,
}

impl Serialize for Out<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (name, field) in self.fields {
            match field {
                Field::Text => m.serialize_entry(name, self.text)?,
                Field::Raw(_) if WRITTEN_FIELDS.contains(&name.as_str()) => {}
                Field::Raw(raw) => m.serialize_entry(name, raw)?,
            }
        }
        m.serialize_entry("articles", &self.articles)?;
        m.serialize_entry("running_heads", &self.running_heads)?;
        m.serialize_entry("edits", &self.edits)?;
        m.end()
    }
}

/// The answer line to one line in: its fields with the cleaned text, its articles and
/// edits, or, for a line that is not an object with an id and the `text_field` (or is
/// longer than `max`), the error with whatever id it holds.
fn answer(engine: &Engine, filter: &EditFilter, text_field: &str, line: &Line, max: u64) -> String {
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
    match fields(line, text_field) {
        Ok(i) => {
            let text = i.text.replace("\r\n", "\n").replace('\r', "\n");
            let cleaned = engine.clean(&text, filter);
            let o = Out {
                fields: &i.fields,
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
            error(id, format!("not a {{\"id\", \"{text_field}\"}} line: {e}"))
        }
    }
}

/// The object of `line`, its text in `text_field`; nothing may follow it.
fn fields<'a>(line: &'a str, text_field: &str) -> serde_json::Result<In<'a>> {
    let mut de = serde_json::Deserializer::from_str(line);
    let i = Fields(text_field).deserialize(&mut de)?;
    de.end()?;
    Ok(i)
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
