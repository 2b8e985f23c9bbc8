//! Applying edits: the one place where text is put together from an input and its
//! changes. The output of a clean, the text of one article, the page a review file
//! commits and the page written as it is made all come from [`splice`], so rejecting an
//! edit gives exactly the output without it, wherever it is shown.

use super::Edit;
use std::ops::Range;

/// A change to apply: a span of the input and the text that replaces it. An [`Edit`] is
/// one; so is an entry of a review file.
pub trait Splice {
    fn span(&self) -> Range<usize>;
    fn replacement(&self) -> &str;
}

impl Splice for Edit {
    fn span(&self) -> Range<usize> {
        self.range()
    }

    fn replacement(&self) -> &str {
        Edit::replacement(self)
    }
}

impl<T: Splice + ?Sized> Splice for &T {
    fn span(&self) -> Range<usize> {
        (**self).span()
    }

    fn replacement(&self) -> &str {
        (**self).replacement()
    }
}

/// Where applied text goes: a string, or a writer as it goes.
trait Sink {
    fn put(&mut self, s: &str) -> std::io::Result<()>;
}

impl Sink for String {
    fn put(&mut self, s: &str) -> std::io::Result<()> {
        self.push_str(s);
        Ok(())
    }
}

struct Writer<'w, W: std::io::Write + ?Sized>(&'w mut W);

impl<W: std::io::Write + ?Sized> Sink for Writer<'_, W> {
    fn put(&mut self, s: &str) -> std::io::Result<()> {
        self.0.write_all(s.as_bytes())
    }
}

/// `text[window]` with `changes` applied, into `sink`. The changes are sorted, do not
/// overlap and lie inside the window.
fn splice<C: Splice>(
    sink: &mut impl Sink,
    text: &str,
    window: Range<usize>,
    changes: impl IntoIterator<Item = C>,
) -> std::io::Result<()> {
    let mut pos = window.start;
    for c in changes {
        let span = c.span();
        sink.put(&text[pos..span.start])?;
        sink.put(c.replacement())?;
        pos = span.end;
    }
    sink.put(&text[pos..window.end])
}

/// The input with `changes` (sorted, non-overlapping) applied.
pub fn apply<C: Splice>(text: &str, changes: impl IntoIterator<Item = C>) -> String {
    apply_in(text, 0..text.len(), changes)
}

/// `text[window]` with `changes` (sorted, non-overlapping, inside the window) applied.
pub(crate) fn apply_in<C: Splice>(text: &str, window: Range<usize>, changes: impl IntoIterator<Item = C>) -> String {
    let mut out = String::with_capacity(window.len());
    // Writing to a string cannot fail.
    let _ = splice(&mut out, text, window, changes);
    out
}

/// Write the input with `changes` (sorted, non-overlapping) applied, as [`apply`] builds
/// it, without holding it whole.
pub fn write_applied<C: Splice>(
    w: &mut (impl std::io::Write + ?Sized),
    text: &str,
    changes: impl IntoIterator<Item = C>,
) -> std::io::Result<()> {
    splice(&mut Writer(w), text, 0..text.len(), changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{order::normalize, Why};

    #[test]
    fn apply_in_order() {
        let t = "a b,c";
        let mut e = vec![
            Edit::replace(3, 4, "，", &Why { rule: "punct.width", reason: "x" }),
            Edit::deletion(1, 2, &Why { rule: "space.cjk", reason: "x" }),
        ];
        normalize(&mut e);
        assert_eq!(apply(t, &e), "ab，c");
        let mut written = Vec::new();
        write_applied(&mut written, t, &e).unwrap();
        assert_eq!(written, "ab，c".as_bytes());
        assert_eq!(apply_in(t, 0..3, &e[..1]), "ab");
    }
}
