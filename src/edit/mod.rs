//! The Edit model: every change newsmend makes is a span of the input, its replacement,
//! a stable rule id, an applicability and a reason. The output is always the input with
//! the accepted edits applied, so dropping an edit gives exactly the output without it.

mod apply;
mod filter;
mod ids;
mod order;

pub(crate) use apply::apply_in;
pub use apply::{apply, write_applied, Splice};
pub use filter::EditFilter;
pub(crate) use ids::parse_id;
pub use ids::EditIds;
pub(crate) use order::{merge_normalize, normalize, sort};

use serde::Serialize;

/// How sure a rule is of its edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Applied without asking: the rule cannot be wrong in the context it checks.
    Safe,
    /// Applied by default but flagged: the rule is guessing and a person should look.
    Review,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Review => "review",
        }
    }
}

/// What an edit is and why: its stable rule id and the reason shown to a person. Call
/// sites write `&Why { rule: …, reason: "…" }`, which the compiler keeps as a static, so
/// an edit carries one pointer for both.
#[derive(Debug, PartialEq, Eq)]
pub struct Why {
    pub rule: &'static str,
    pub reason: &'static str,
}

/// Replacements up to this many bytes live inside the edit (every mark, space, line
/// break and character the passes write); longer ones are interned once per process.
const INLINE: usize = 14;
const LONG: u8 = u8::MAX;

const _: () = assert!(std::mem::size_of::<Edit>() == 32);

/// One proposed change to the page text, in byte offsets of the decoded input.
///
/// 32 bytes: a long page holds an edit every few dozen bytes, so the edit list is most
/// of the memory a clean takes. Offsets are 32-bit: a page is at most
/// `crate::ingest::MAX_BYTES`, and `crate::Engine` leaves longer text alone.
#[derive(Clone, Copy)]
pub struct Edit {
    why: &'static Why,
    start: u32,
    end: u32,
    text: [u8; INLINE],
    len: u8,
    pub applicability: Applicability,
}

impl Edit {
    /// Replace `start..end` with `replacement`.
    pub fn new(start: usize, end: usize, replacement: &str, why: &'static Why) -> Self {
        debug_assert!(start <= end && end <= u32::MAX as usize, "edit {start}..{end} out of range");
        let mut e = Edit {
            why,
            start: start as u32,
            end: end as u32,
            text: [0; INLINE],
            len: 0,
            applicability: Applicability::Safe,
        };
        e.set_replacement(replacement);
        e
    }

    /// Remove `start..end`.
    pub(crate) fn deletion(start: usize, end: usize, why: &'static Why) -> Self {
        Self::new(start, end, "", why)
    }

    /// Replace `start..end` with `replacement`.
    pub fn replace(start: usize, end: usize, replacement: &str, why: &'static Why) -> Self {
        Self::new(start, end, replacement, why)
    }

    /// Insert `text` at `at`.
    pub(crate) fn insertion(at: usize, text: &str, why: &'static Why) -> Self {
        Self::new(at, at, text, why)
    }

    /// The same edit, flagged for a person to look at.
    pub fn review(mut self) -> Self {
        self.applicability = Applicability::Review;
        self
    }

    pub(crate) fn with_applicability(mut self, a: Applicability) -> Self {
        self.applicability = a;
        self
    }

    pub fn start(&self) -> usize {
        self.start as usize
    }

    pub fn end(&self) -> usize {
        self.end as usize
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    /// Move the edit to `start..end`.
    pub(crate) fn set_span(&mut self, start: usize, end: usize) {
        debug_assert!(start <= end && end <= u32::MAX as usize, "edit {start}..{end} out of range");
        self.start = start as u32;
        self.end = end as u32;
    }

    pub fn rule(&self) -> &'static str {
        self.why.rule
    }

    pub fn reason(&self) -> &'static str {
        self.why.reason
    }

    pub fn replacement(&self) -> &str {
        if self.len == LONG {
            let id = u32::from_ne_bytes([self.text[0], self.text[1], self.text[2], self.text[3]]);
            return long::get(id);
        }
        let bytes = &self.text[..self.len as usize];
        debug_assert!(std::str::from_utf8(bytes).is_ok());
        // SAFETY: the inline bytes are written only by `set_replacement`, which copies a
        // whole `&str` of at most INLINE bytes and sets `len` to its length; the fields
        // are private. Validating them again cost 1.5% of a clean (every edit is read
        // when the output is put together).
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }

    pub(crate) fn set_replacement(&mut self, s: &str) {
        if s.len() <= INLINE {
            self.text = [0; INLINE];
            self.text[..s.len()].copy_from_slice(s.as_bytes());
            self.len = s.len() as u8;
        } else {
            self.text = [0; INLINE];
            self.text[..4].copy_from_slice(&long::intern(s).to_ne_bytes());
            self.len = LONG;
        }
    }
}

impl PartialEq for Edit {
    fn eq(&self, o: &Self) -> bool {
        self.start == o.start
            && self.end == o.end
            && self.applicability == o.applicability
            && self.rule() == o.rule()
            && self.reason() == o.reason()
            && self.replacement() == o.replacement()
    }
}

impl Eq for Edit {}

impl std::fmt::Debug for Edit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Edit")
            .field("start", &self.start)
            .field("end", &self.end)
            .field("replacement", &self.replacement())
            .field("rule", &self.rule())
            .field("applicability", &self.applicability)
            .field("reason", &self.reason())
            .finish()
    }
}

/// The process-wide table of long replacements. It holds text from the rules and the
/// code, never from a page, so it stays small.
mod long {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};

    #[derive(Default)]
    struct Tables {
        texts: Vec<&'static str>,
        ids: HashMap<&'static str, u32>,
    }

    fn tables() -> std::sync::MutexGuard<'static, Tables> {
        static T: OnceLock<Mutex<Tables>> = OnceLock::new();
        // A panic elsewhere while the lock was held leaves the tables whole: they only grow.
        T.get_or_init(Default::default).lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn intern(s: &str) -> u32 {
        let mut t = tables();
        if let Some(&id) = t.ids.get(s) {
            return id;
        }
        let leaked: &'static str = Box::leak(s.to_owned().into_boxed_str());
        let id = t.texts.len() as u32;
        t.texts.push(leaked);
        t.ids.insert(leaked, id);
        id
    }

    pub fn get(id: u32) -> &'static str {
        tables().texts.get(id as usize).copied().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacements_short_and_long_read_back() {
        let why = &Why { rule: "t.x", reason: "x" };
        for text in ["", "，", "\n\n---\n\n", "十四字节正好", "（下转第二版）长的替换文本"] {
            let mut e = Edit::replace(0, 1, text, why);
            assert_eq!(e.replacement(), text);
            e.set_replacement("");
            assert_eq!(e.replacement(), "");
        }
        assert_eq!(Edit::replace(0, 1, "长长长长长长", why), Edit::replace(0, 1, "长长长长长长", why));
    }
}
