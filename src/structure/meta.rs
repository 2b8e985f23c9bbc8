//! An article's metadata, read from its cleaned first paragraph for the renderers: who
//! wrote it (the byline) and from where (the dateline). Their text stays in the
//! paragraph.

use regex::Regex;
use std::sync::OnceLock;

/// Characters of an article's first paragraph that say who wrote it and from where.
pub fn dateline(first: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^(?:本报讯|[\p{Han}]{1,12}?讯|[\p{Han}]{2,12}?\d{1,2}月\d{1,2}日(?:专?电|讯|消息)|[\p{Han}]{2,8}(?:社|网)[\p{Han}]{0,6}电)")
            .expect("dateline")
    });
    re.find(first).map(|m| m.as_str().to_string())
}

pub fn byline(first: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"[（(]((?:[^（()）]{0,12}?)(?:记者|通讯员|記者|通訊員)[^（()）]{1,30})[）)]|^(?:本报)?记者[ \u3000]*\p{Han}{2,3}")
            .expect("byline")
    });
    let head: String = first.chars().take(60).collect();
    let caps = re.captures(&head)?;
    Some(caps.get(1).unwrap_or_else(|| caps.get(0).expect("match")).as_str().trim().to_string())
}
