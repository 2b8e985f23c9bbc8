//! Width: full-width ASCII letters, digits, `%` and `.` become half-width, as mainland
//! papers print them (２０２４ → 2024), CJK compatibility ideographs become their
//! unified form, and the vertical presentation forms an OCR engine writes for a page
//! set top to bottom (`︒`, `﹁`, `︵`) the forms of a line of text (`。`, `「`, `（`).
//! Deliberately not NFKC, which would also flatten ，：；（）！？ and U+3000.

use crate::edit::{Edit, Why};
use crate::passes::LogicalPage;
use crate::rules::RuleSet;
use crate::text::script::unified;

pub const ASCII: &str = "width.ascii";
pub(crate) const COMPAT: &str = "width.compat";
pub(crate) const VERTICAL: &str = "width.vertical";

/// `traditional`: the page is in traditional script. Otherwise a compatibility form of
/// a traditional character is left to the variant pass, which makes it simplified in
/// one edit.
pub(crate) fn propose(page: &LogicalPage, rules: &RuleSet, traditional: bool, out: &mut Vec<Edit>) {
    let text = page.text;
    // Everything this pass touches (U+F900 and up, below U+10000) is encoded with the
    // lead byte 0xEF: find those, not every character.
    // Built at the first full stop that needs it: most pages hold none.
    let mut pieces = None;
    for i in memchr::memchr_iter(0xEF, text.as_bytes()) {
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else { continue };
        if (c as u32) < 0xF900 {
            continue;
        }
        if let Ok(k) = rules.vertical_forms.binary_search_by(|&(v, _)| v.cmp(&c)) {
            out.push(Edit::replace(
                i,
                i + c.len_utf8(),
                rules.vertical_forms[k].1.encode_utf8(&mut [0; 4]),
                &Why { rule: VERTICAL, reason: "vertical presentation form to the form a line of text uses" },
            ));
        } else if rules.half_width.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)) {
            // A full stop in a run of dots stays: made `.`, it would complete a run
            // (`．..` → `...`) that the punctuation pass reads as `……` only on the next
            // run, and the output must read as the input did. So does one beside an
            // ellipsis, which is what that pass leaves of the dots (`．......` →
            // `．……`): the next run must not read it otherwise. A dot past spaces or
            // across a join counts too: the spacing pass and the join close them up.
            if c == '．' {
                let dot = |d: Option<char>| matches!(d, Some('.' | '．' | '…'));
                let index = pieces.get_or_insert_with(|| page.piece_index());
                let (before, after) = page.beside(index, i, i + c.len_utf8());
                if dot(before) || dot(after) {
                    continue;
                }
            }
            let half = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            out.push(Edit::replace(
                i,
                i + c.len_utf8(),
                half.encode_utf8(&mut [0; 4]),
                &Why { rule: ASCII, reason: "full-width letter, digit or sign printed half-width" },
            ));
        } else if rules.compat_ideographs {
            if let Some(u) = unified(c).filter(|u| traditional || !rules.variants.is_variant(*u)) {
                out.push(Edit::replace(
                    i,
                    i + c.len_utf8(),
                    u.encode_utf8(&mut [0; 4]),
                    &Why { rule: COMPAT, reason: "compatibility ideograph to its unified form" },
                ));
            }
        }
    }
}
