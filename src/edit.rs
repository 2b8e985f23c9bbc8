//! The Edit model: every change newsmend makes is a span of the input, its replacement,
//! a stable rule id, an applicability and a reason. The output is always the input with
//! the accepted edits applied, so dropping an edit gives exactly the output without it.

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
/// [`crate::ingest::MAX_BYTES`], and [`crate::Engine`] leaves longer text alone.
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
    pub fn deletion(start: usize, end: usize, why: &'static Why) -> Self {
        Self::new(start, end, "", why)
    }

    /// Replace `start..end` with `replacement`.
    pub fn replace(start: usize, end: usize, replacement: &str, why: &'static Why) -> Self {
        Self::new(start, end, replacement, why)
    }

    /// Insert `text` at `at`.
    pub fn insertion(at: usize, text: &str, why: &'static Why) -> Self {
        Self::new(at, at, text, why)
    }

    /// The same edit, flagged for a person to look at.
    pub fn review(mut self) -> Self {
        self.applicability = Applicability::Review;
        self
    }

    pub fn with_applicability(mut self, a: Applicability) -> Self {
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

    pub fn is_insertion(&self) -> bool {
        self.start == self.end
    }

    /// Move the edit to `start..end`.
    pub fn set_span(&mut self, start: usize, end: usize) {
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

    pub fn set_replacement(&mut self, s: &str) {
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

    pub fn intern(s: &str) -> u32 {
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

/// Which edits a run accepts: `--disable` prefixes and `--safe-only`.
#[derive(Debug, Clone, Default)]
pub struct EditFilter {
    pub disabled: Vec<String>,
    pub safe_only: bool,
}

impl EditFilter {
    /// Only the character passes: every structure family disabled.
    pub fn characters_only() -> Self {
        EditFilter {
            disabled: crate::passes::STRUCTURE_FAMILIES.iter().map(|s| s.to_string()).collect(),
            safe_only: false,
        }
    }

    /// True when `rule` is `prefix` itself or lies in the family `prefix.`.
    pub fn rule_matches(rule: &str, prefix: &str) -> bool {
        let prefix = prefix.trim_end_matches('.');
        rule == prefix
            || (rule.len() > prefix.len() && rule.starts_with(prefix) && rule.as_bytes()[prefix.len()] == b'.')
    }

    pub fn accepts(&self, edit: &Edit) -> bool {
        if self.safe_only && edit.applicability != Applicability::Safe {
            return false;
        }
        !self.disabled.iter().any(|d| Self::rule_matches(edit.rule(), d))
    }
}

/// Sort edits by position and drop any that would overlap an earlier one. Passes work
/// on disjoint character classes, so an overlap is a bug; dropping keeps the output sane.
pub fn normalize(edits: &mut Vec<Edit>) {
    sort(edits);
    retain_admitted(edits);
}

/// Sort edits by position. Stable: of two insertions at one offset, the first proposed
/// stays first.
pub fn sort(edits: &mut [Edit]) {
    edits.sort_by_key(position);
}

fn position(e: &Edit) -> u64 {
    (u64::from(e.start) << 32) | u64::from(e.end)
}

/// [`normalize`] of `edits` followed by `then`, both already sorted ([`sort`]): one
/// merge in place of a sort of the two, which on a long page moves a million edits
/// around. The merge runs from the back into the room `then` needs at the end of
/// `edits`, so it takes no buffer beyond that.
pub fn merge_normalize(edits: &mut Vec<Edit>, then: Vec<Edit>) {
    let (a, b) = (edits.len(), then.len());
    if b == 0 {
        retain_admitted(edits);
        return;
    }
    edits.reserve_exact(b);
    edits.resize(a + b, then[0]);
    let (mut i, mut j) = (a, b);
    while j > 0 {
        // Ties go to `edits` first, as a stable sort of the two one after the other
        // would order them: from the back, `then`'s edit is placed first.
        if i > 0 && position(&edits[i - 1]) > position(&then[j - 1]) {
            edits[i + j - 1] = edits[i - 1];
            i -= 1;
        } else {
            edits[i + j - 1] = then[j - 1];
            j -= 1;
        }
    }
    drop(then);
    retain_admitted(edits);
}

/// Keep what [`normalize`] keeps of edits in position order: none overlapping one kept
/// before it, and of two insertions at one offset, the first.
fn retain_admitted(edits: &mut Vec<Edit>) {
    let mut last_end = 0u32;
    let mut last_insert_at = u32::MAX;
    edits.retain(|e| {
        let is_insert = e.start == e.end;
        let ok = if is_insert { e.start >= last_end && e.start != last_insert_at } else { e.start >= last_end };
        debug_assert!(ok, "overlapping edit {e:?}");
        if ok {
            if is_insert {
                last_insert_at = e.start;
            }
            last_end = last_end.max(e.end);
        }
        ok
    });
}

/// The input with `edits` (sorted, non-overlapping) applied.
pub fn apply<'a>(text: &str, edits: impl IntoIterator<Item = &'a Edit>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in edits {
        out.push_str(&text[pos..e.start()]);
        out.push_str(e.replacement());
        pos = e.end();
    }
    out.push_str(&text[pos..]);
    out
}

/// Write the input with `edits` (sorted, non-overlapping) applied, as [`apply`] builds
/// it, without holding it whole.
pub fn write_applied<'a>(
    w: &mut impl std::io::Write,
    text: &str,
    edits: impl IntoIterator<Item = &'a Edit>,
) -> std::io::Result<()> {
    let mut pos = 0;
    for e in edits {
        w.write_all(&text.as_bytes()[pos..e.start()])?;
        w.write_all(e.replacement().as_bytes())?;
        pos = e.end();
    }
    w.write_all(&text.as_bytes()[pos..])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Merging two sorted lists gives what sorting the two one after the other gives:
    /// spans and insertions at their edges, dealt at random between the two lists.
    #[test]
    fn merge_normalize_is_normalize_of_both() {
        const A: &Why = &Why { rule: "a", reason: "a" };
        const B: &Why = &Why { rule: "b", reason: "b" };
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..500 {
            let (mut first, mut then) = (Vec::new(), Vec::new());
            let mut at = 0usize;
            for _ in 0..next(40) {
                at += next(3) as usize;
                let len = next(3) as usize;
                let to_first = next(2) == 0;
                let e = Edit::replace(at, at + len, "x", if to_first { A } else { B });
                if to_first {
                    first.push(e);
                } else {
                    then.push(e);
                }
                at += len.max(1);
            }
            // Proposed in any order: each list is sorted before the merge.
            first.reverse();
            let mut expected: Vec<Edit> = first.iter().chain(&then).copied().collect();
            normalize(&mut expected);
            sort(&mut first);
            sort(&mut then);
            merge_normalize(&mut first, then);
            let show = |v: &[Edit]| v.iter().map(|e| (e.start, e.end, e.rule())).collect::<Vec<_>>();
            assert_eq!(show(&first), show(&expected));
        }
    }

    #[test]
    fn family_prefix_matches_whole_segments() {
        assert!(EditFilter::rule_matches("space.cjk", "space"));
        assert!(EditFilter::rule_matches("space.cjk", "space.cjk"));
        assert!(!EditFilter::rule_matches("space.cjk-latin", "space.cjk"));
        assert!(!EditFilter::rule_matches("spacey.x", "space"));
    }

    #[test]
    fn apply_in_order() {
        let t = "a b,c";
        let mut e = vec![
            Edit::replace(3, 4, "，", &Why { rule: "punct.width", reason: "x" }),
            Edit::deletion(1, 2, &Why { rule: "space.cjk", reason: "x" }),
        ];
        normalize(&mut e);
        assert_eq!(apply(t, &e), "ab，c");
    }

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
