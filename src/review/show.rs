//! Review files as people read them: `status` counts, `status --ids` lines, an edit in
//! context.

use super::{Entry, ReviewFile, Status};
use crate::edit::Applicability;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// A few characters either side of an edit, for showing it in context.
pub fn context(input: &str, e: &Entry, chars: usize) -> (String, String) {
    let before: String = {
        let v: Vec<char> = input[..e.start].chars().rev().take(chars).collect();
        v.into_iter().rev().collect()
    };
    let after: String = input[e.end..].chars().take(chars).collect();
    (before, after)
}

/// `newsmend status`: what is pending in each file, by rule.
pub fn status_text(out: &Path, r: &ReviewFile) -> String {
    let mut text = format!(
        "{}: {} pending ({} for review), {} accepted, {} rejected\n",
        out.display(),
        r.count(Status::Pending),
        r.edits.iter().filter(|e| e.status == Status::Pending && e.applicability == Applicability::Review).count(),
        r.count(Status::Accepted),
        r.count(Status::Rejected),
    );
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for e in r.edits.iter().filter(|e| e.status == Status::Pending) {
        *by_rule.entry(&e.rule).or_default() += 1;
    }
    for (rule, n) in by_rule {
        let _ = writeln!(text, "  {rule} ×{n}");
    }
    text
}

/// `newsmend status --ids`: each pending edit on a line, in page order, with what
/// `accept --edit` and `reject --edit` need: its id, its rule, and the change in the
/// text around it (`2d3d47b89ffb  space.cjk-latin  者␣彭禹乔)12[␣→]月19日,会议在`).
/// Blanks are made visible: `␣` a space, `⏎` a newline, `⇥` a tab.
pub fn ids_text(r: &ReviewFile) -> String {
    let pending: Vec<&Entry> = r.edits.iter().filter(|e| e.status == Status::Pending).collect();
    let width = pending.iter().map(|e| e.rule.chars().count()).max().unwrap_or(0);
    let mut text = String::new();
    for e in pending {
        let (before, after) = context(&r.input, e, 8);
        let _ = writeln!(
            text,
            "  {}  {:width$}  {}[{}→{}]{}",
            e.id,
            e.rule,
            visible(&before),
            visible(&e.before),
            visible(&e.after),
            visible(&after),
        );
    }
    text
}

/// `s` with its blanks made visible.
fn visible(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ' ' => '␣',
            '\n' => '⏎',
            '\t' => '⇥',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Edit, Why};

    #[test]
    fn ids_show_the_change_in_its_context() {
        let why = &Why { rule: "space.cjk", reason: "x" };
        let input = "就加快推进以 人为本\n第二行";
        let edits = [Edit::deletion(18, 19, why), Edit::deletion(28, 29, why)];
        let mut r = ReviewFile::new("page", "UTF-8", input, edits.iter(), None);
        r.edits[1].status = Status::Rejected;
        let text = ids_text(&r);
        assert_eq!(text, format!("  {}  space.cjk  就加快推进以[␣→]人为本⏎第二行\n", r.edits[0].id));
    }
}
