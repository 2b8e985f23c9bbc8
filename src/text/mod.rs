//! Text: what every stage reads of a page's characters and lines. Character classes
//! ([`script`]) and the page's physical lines, read once and shared by the structure
//! stage and the passes.

pub mod script;
pub(crate) mod words;

use std::ops::Range;

/// A physical line of the page as a byte range, 32-bit like edit offsets: a long page
/// holds one for every line, and the structure stage and the passes read the same table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineSpan {
    pub start: u32,
    pub end: u32,
}

impl LineSpan {
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The page's physical lines, the text after its last newline included (empty when the
/// page ends on one). Text over 4 GiB is beyond the 32-bit offsets and gets none.
pub(crate) fn physical_lines(text: &str) -> Vec<LineSpan> {
    if u32::try_from(text.len()).is_err() {
        return Vec::new();
    }
    // Sized by a count first: grown by doubling, a long page's table would be up to
    // twice its size.
    let mut v = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', text.as_bytes()) {
        v.push(LineSpan { start: start as u32, end: nl as u32 });
        start = nl + 1;
    }
    v.push(LineSpan { start: start as u32, end: text.len() as u32 });
    v
}
