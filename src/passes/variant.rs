//! Variants: in a page written in simplified characters, the traditional or variant
//! forms that OCR produced (贏 → 赢) become simplified, from OpenCC's character table.
//! A page in traditional script is left entirely alone.

use crate::edit::Edit;
use crate::passes::Page;
use crate::rules::{RuleSet, Variant, VariantKind};

pub const VARIANT: &str = "char.variant";

/// Characters of either script that settle the page's script: past this many the
/// ratio no longer moves, and a long page need not be read to its end.
const ENOUGH: usize = 2000;

/// Traditional-only and simplified-only character counts of `text`, up to [`ENOUGH`].
pub fn script_counts(text: &str, rules: &RuleSet) -> (usize, usize) {
    counts(text.chars(), rules)
}

fn counts(chars: impl Iterator<Item = char>, rules: &RuleSet) -> (usize, usize) {
    let (mut trad, mut simp) = (0, 0);
    for c in chars.filter(|&c| c as u32 >= 0x3400) {
        if trad + simp >= ENOUGH {
            break;
        }
        let c = if c as u32 >= 0xF900 { crate::passes::width::unified(c).unwrap_or(c) } else { c };
        // Counted without a branch: which kind comes next is a coin toss to the CPU.
        let kind = rules.variants.kind(c);
        trad += usize::from(kind == VariantKind::Variant);
        simp += usize::from(kind == VariantKind::Simplified);
    }
    (trad, simp)
}

fn traditional(trad: usize, simp: usize, rules: &RuleSet) -> bool {
    trad > 0 && trad as f64 / (trad + simp) as f64 > rules.traditional_ratio
}

/// True when the page is written in traditional script and must stay so.
pub fn is_traditional(text: &str, rules: &RuleSet) -> bool {
    let (trad, simp) = script_counts(text, rules);
    traditional(trad, simp, rules)
}

/// [`is_traditional`] on the page as the output keeps it: the spans `removed` (sorted,
/// non-overlapping: furniture and jump notes) left out. Running heads repeat, so they
/// could outvote the text, and the output, read again, no longer holds them.
pub fn is_traditional_without(text: &str, removed: &[std::ops::Range<usize>], rules: &RuleSet) -> bool {
    let mut kept = Vec::with_capacity(removed.len() + 1);
    let mut pos = 0;
    for r in removed {
        kept.push(&text[pos..r.start.max(pos)]);
        pos = pos.max(r.end);
    }
    kept.push(&text[pos..]);
    let (trad, simp) = counts(kept.into_iter().flat_map(str::chars), rules);
    traditional(trad, simp, rules)
}

/// Propose the variant edits of a page; none for a page in traditional script.
pub fn propose(page: &Page, rules: &RuleSet, traditional: bool, out: &mut Vec<Edit>) {
    if traditional {
        return;
    }
    for (i, c) in page.text.char_indices() {
        if (c as u32) < 0x3400 {
            continue;
        }
        // A compatibility form stands for its unified character.
        let key = if rules.compat_ideographs && c as u32 >= 0xF900 {
            crate::passes::width::unified(c).unwrap_or(c)
        } else {
            c
        };
        let Some(v) = rules.variants.get(key) else { continue };
        let end = i + c.len_utf8();
        let e = match v {
            Variant::One(s) => {
                Edit::replacement(i, end, String::from(s), VARIANT, "traditional form in a simplified page")
            }
            Variant::Several(s) => Edit::replacement(
                i,
                end,
                String::from(s),
                VARIANT,
                "traditional form with several simplified forms: check the word",
            )
            .review(),
        };
        out.push(e);
    }
}
