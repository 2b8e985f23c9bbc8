//! Keep patterns: the spaces a `[[space.keep]]` pattern claims, compiled once with the
//! bytes at their anchored edges, so that most spaces are ruled out without a regex.

use regex::Regex;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::Look;
use serde::Deserialize;

/// A space that must stay: `left` must match the text before it (spaces removed, `^` is
/// the line start) and `right` the text after it (spaces removed, `$` is the line end).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeepPattern {
    pub id: String,
    pub description: String,
    pub left: String,
    pub right: String,
    /// Lines in which the pattern keeps a space; the tests check each one.
    #[serde(default)]
    pub examples: Vec<String>,
}

/// A compiled keep pattern.
#[derive(Debug, Clone)]
pub struct Keep {
    pub id: String,
    pub left: Regex,
    pub right: Regex,
    /// When `left` is anchored at the end: the bytes a match can end with.
    pub left_last: Option<Box<[bool; 256]>>,
    /// When `right` is anchored at the start: the bytes a match can start with.
    pub right_first: Option<Box<[bool; 256]>>,
}

impl Keep {
    pub fn new(id: String, left: &str, right: &str) -> std::result::Result<Keep, regex::Error> {
        Ok(Keep {
            id,
            left: Regex::new(left)?,
            right: Regex::new(right)?,
            left_last: edge_bytes(left, ExtractKind::Suffix),
            right_first: edge_bytes(right, ExtractKind::Prefix),
        })
    }

    /// Does the pattern claim the space between `left` and `right`? The edge bytes rule
    /// most spaces out without running a regex.
    pub fn keeps(&self, left: &str, right: &str) -> bool {
        self.may_keep(left.as_bytes().last().copied(), right.as_bytes().first().copied()) && self.matches(left, right)
    }

    /// Do both sides match, for a caller that has asked [`Keep::may_keep`] already? The
    /// left side first: on newspaper text it rules a space out for less (its searches
    /// cost a fifth less than with the right side first, on 5 MB of newspaper pages).
    pub(crate) fn matches(&self, left: &str, right: &str) -> bool {
        self.left.is_match(left) && self.right.is_match(right)
    }

    /// Can the pattern claim a space whose left side ends on the byte `left_last` and
    /// whose right side starts on `right_first` (`None`: that side is empty)?
    pub(crate) fn may_keep(&self, left_last: Option<u8>, right_first: Option<u8>) -> bool {
        let can = |table: &Option<Box<[bool; 256]>>, b: Option<u8>| match (table, b) {
            (None, _) => true,
            (Some(t), Some(b)) => t[usize::from(b)],
            (Some(_), None) => false,
        };
        can(&self.left_last, left_last) && can(&self.right_first, right_first)
    }
}

/// The bytes every match of `pattern` can start with (`Prefix`) or end with (`Suffix`),
/// when the pattern is anchored on that side, so that one byte of the text's edge
/// rules a match out; `None` when the pattern's literals there are not known. A match
/// is never empty then: every literal has a byte.
fn edge_bytes(pattern: &str, kind: ExtractKind) -> Option<Box<[bool; 256]>> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let prefix = matches!(kind, ExtractKind::Prefix);
    let anchored = if prefix {
        hir.properties().look_set_prefix().contains(Look::Start)
    } else {
        hir.properties().look_set_suffix().contains(Look::End)
    };
    if !anchored {
        return None;
    }
    // Classes as large as the Unicode digits still give literals; only their edge
    // bytes are kept.
    let seq = Extractor::new().kind(kind).limit_class(1000).limit_total(1000).extract(&hir);
    let lits = seq.literals()?;
    if lits.is_empty() {
        return None;
    }
    let mut table = Box::new([false; 256]);
    for l in lits {
        let edge = if prefix { l.as_bytes().first() } else { l.as_bytes().last() };
        table[usize::from(*edge?)] = true;
    }
    Some(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An anchored side knows the bytes at its edge; a side not anchored knows none.
    #[test]
    fn anchored_sides_know_their_edge_bytes() {
        let k = Keep::new("t".into(), "(?:记者|作者[:：]?)$", r"^\d{1,2}[:：]").unwrap();
        let last = k.left_last.as_ref().unwrap();
        for w in ["记者", "作者", "作者:", "作者："] {
            assert!(last[usize::from(*w.as_bytes().last().unwrap())], "{w}");
        }
        assert!(!last[usize::from(*"讯".as_bytes().last().unwrap())]);
        let first = k.right_first.as_ref().unwrap();
        assert!(first[usize::from(b'1')] && first[usize::from("１".as_bytes()[0])]);
        assert!(!first[usize::from("记".as_bytes()[0])]);
        assert!(k.keeps("本报记者", "12:30"));
        assert!(!k.keeps("本报记者", "彭禹乔"));
        assert!(!k.keeps("本报讯", "12:30"));
        let free = Keep::new("t".into(), "记者", "^a|b").unwrap();
        assert!(free.left_last.is_none() && free.right_first.is_none());
        let han = Keep::new("t".into(), r"\p{Han}{2}$", "^x?").unwrap();
        assert!(han.left_last.is_none() && han.right_first.is_none());
    }
}
