//! An article's metadata, read from its cleaned first paragraph for the renderers: who
//! wrote it (the byline) and from where (the dateline). Their text stays in the
//! paragraph.

use crate::rules::StructureRules;

/// Characters of an article's first paragraph that say who wrote it and from where.
pub fn dateline(rules: &StructureRules, first: &str) -> Option<String> {
    rules.dateline.get().find(first).map(|m| m.as_str().to_string())
}

/// Who wrote the article, from its first paragraph: the inside of a bracket that names
/// a reporter (`（记者 李明 通讯员 王芳）`), or the reporter the paragraph opens on.
pub fn byline(rules: &StructureRules, first: &str) -> Option<String> {
    let head: String = first.chars().take(60).collect();
    let caps = rules.byline.get().captures(&head)?;
    Some(caps.get(1).unwrap_or_else(|| caps.get(0).expect("match")).as_str().trim().to_string())
}
