//! The Edit model: every change newsmend makes is a span of the input, its replacement,
//! a stable rule id, an applicability and a reason. The output is always the input with
//! the accepted edits applied, so dropping an edit gives exactly the output without it.

use serde::Serialize;
use std::borrow::Cow;

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

/// One proposed change to the page text, in byte offsets of the decoded input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: Cow<'static, str>,
    pub rule: &'static str,
    pub applicability: Applicability,
    pub reason: Cow<'static, str>,
}

impl Edit {
    /// Remove `start..end`.
    pub fn deletion(start: usize, end: usize, rule: &'static str, reason: impl Into<Cow<'static, str>>) -> Self {
        Edit {
            start,
            end,
            replacement: Cow::Borrowed(""),
            rule,
            applicability: Applicability::Safe,
            reason: reason.into(),
        }
    }

    /// Replace `start..end` with `replacement`.
    pub fn replacement(
        start: usize,
        end: usize,
        replacement: impl Into<Cow<'static, str>>,
        rule: &'static str,
        reason: impl Into<Cow<'static, str>>,
    ) -> Self {
        Edit {
            start,
            end,
            replacement: replacement.into(),
            rule,
            applicability: Applicability::Safe,
            reason: reason.into(),
        }
    }

    /// Insert `text` at `at`.
    pub fn insertion(
        at: usize,
        text: impl Into<Cow<'static, str>>,
        rule: &'static str,
        reason: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::replacement(at, at, text, rule, reason)
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
}

/// The replacement text as a borrowed static string when it is one of the common
/// marks, so the punctuation pass allocates nothing per edit.
pub fn common(s: &str) -> Cow<'static, str> {
    const COMMON: &[&str] = &["，", "；", "：", "？", "！", "（", "）", "……", "——", "“", "”", "‘", "’", " ", ""];
    match COMMON.iter().find(|c| **c == s) {
        Some(c) => Cow::Borrowed(c),
        None => Cow::Owned(s.to_string()),
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
        !self.disabled.iter().any(|d| Self::rule_matches(edit.rule, d))
    }
}

/// Sort edits by position and drop any that would overlap an earlier one. Passes work
/// on disjoint character classes, so an overlap is a bug; dropping keeps the output sane.
pub fn normalize(edits: &mut Vec<Edit>) {
    edits.sort_by_key(|e| (e.start, e.end));
    let mut last_end = 0usize;
    let mut last_insert_at = usize::MAX;
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
        out.push_str(&text[pos..e.start]);
        out.push_str(&e.replacement);
        pos = e.end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut e = vec![Edit::replacement(3, 4, "，", "punct.width", "x"), Edit::deletion(1, 2, "space.cjk", "x")];
        normalize(&mut e);
        assert_eq!(apply(t, &e), "ab，c");
    }
}
