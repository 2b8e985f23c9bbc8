//! Which edits a run accepts: the rules and families `--disable` names, and `--safe-only`.

use super::{Applicability, Edit};

/// Which edits a run accepts: `--disable` prefixes and `--safe-only`.
#[derive(Debug, Clone, Default)]
pub struct EditFilter {
    pub disabled: Vec<String>,
    pub safe_only: bool,
}

impl EditFilter {
    /// Every edit but those of the rules or families `prefixes` name.
    pub fn without(prefixes: &[&str]) -> Self {
        EditFilter { disabled: prefixes.iter().map(|s| s.to_string()).collect(), safe_only: false }
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
}
