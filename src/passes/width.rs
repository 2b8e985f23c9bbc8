//! Width: full-width ASCII letters, digits, `%` and `.` become half-width, as mainland
//! papers print them (２０２４ → 2024), and CJK compatibility ideographs become their
//! unified form. Deliberately not NFKC, which would also flatten ，：；（）！？ and U+3000.

use crate::edit::Edit;
use crate::passes::Page;
use crate::rules::RuleSet;

pub const ASCII: &str = "width.ascii";
pub const COMPAT: &str = "width.compat";

pub fn propose(page: &Page, rules: &RuleSet, out: &mut Vec<Edit>) {
    let text = page.text;
    for (i, c) in text.char_indices() {
        // Everything this pass touches lies outside ASCII and the common ideograph block.
        if (c as u32) < 0xF900 {
            continue;
        }
        if rules.half_width.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)) {
            let half = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            out.push(Edit::replacement(
                i,
                i + c.len_utf8(),
                String::from(half),
                ASCII,
                "full-width letter, digit or sign printed half-width",
            ));
        } else if rules.compat_ideographs && ('\u{F900}'..='\u{FAFF}').contains(&c) {
            let mut unified = None;
            unicode_normalization::char::decompose_canonical(c, |d| unified = Some(d));
            if let Some(u) = unified.filter(|&u| u != c) {
                out.push(Edit::replacement(
                    i,
                    i + c.len_utf8(),
                    String::from(u),
                    COMPAT,
                    "compatibility ideograph to its unified form",
                ));
            }
        }
    }
}
