//! Diff: the cleaned page against its input as a unified diff (a valid patch), each hunk
//! annotated with the rule ids of its edits, coloured on a terminal.

use crate::edit::Edit;
use similar::{ChangeTag, TextDiff};
use std::collections::BTreeMap;
use std::fmt::Write;

/// A unified diff of `input` against `output`, whose accepted `edits` made the change.
/// `name` labels both sides (`a/NAME`, `b/NAME`); `color` adds ANSI colours.
pub fn unified<'e>(
    name: &str,
    input: &str,
    output: &str,
    edits: impl Iterator<Item = &'e Edit>,
    color: bool,
) -> String {
    let edits: Vec<&Edit> = edits.collect();
    // Byte offset where each input line starts, to find the edits of a hunk.
    let mut starts = vec![0usize];
    starts.extend(memchr::memchr_iter(b'\n', input.as_bytes()).map(|i| i + 1));
    let line_start = |l: usize| starts.get(l).copied().unwrap_or(input.len());

    let diff = TextDiff::from_lines(input, output);
    let mut out = String::new();
    let paint = |code: &str, s: &str| if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() };
    let mut unified = diff.unified_diff();
    unified.context_radius(3);
    let mut wrote_header = false;
    for hunk in unified.iter_hunks() {
        if !wrote_header {
            out.push_str(&paint("1", &format!("--- a/{name}\n+++ b/{name}\n")));
            wrote_header = true;
        }
        let ops = hunk.ops();
        let (first, last) = (ops.first(), ops.last());
        let (from, to) = match (first, last) {
            (Some(f), Some(l)) => (line_start(f.old_range().start), line_start(l.old_range().end)),
            _ => (0, 0),
        };
        let mut rules: BTreeMap<&str, usize> = BTreeMap::new();
        for e in edits.iter().filter(|e| e.start() < to.max(from + 1) && e.end() >= from && e.start() >= from) {
            *rules.entry(e.rule()).or_default() += 1;
        }
        let note: Vec<String> = rules.iter().map(|(r, n)| format!("{r} ×{n}")).collect();
        let header = format!("{} {}", hunk.header(), note.join(", "));
        out.push_str(&paint("36", header.trim_end()));
        out.push('\n');
        for change in hunk.iter_changes() {
            let (sign, code) = match change.tag() {
                ChangeTag::Delete => ('-', "31"),
                ChangeTag::Insert => ('+', "32"),
                ChangeTag::Equal => (' ', ""),
            };
            let mut line = String::new();
            let _ = write!(line, "{sign}{}", change.value().trim_end_matches('\n'));
            out.push_str(&if code.is_empty() { line } else { paint(code, &line) });
            out.push('\n');
            if change.missing_newline() {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
}
