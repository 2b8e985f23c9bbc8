//! Character classes shared by every pass: what counts as Chinese, as full-width
//! punctuation, as a space, and how wide a character prints.
//!
//! These are plain range checks rather than Unicode property look-ups because they sit
//! on the hot path of every pass and must agree exactly with each other.

/// Han ideographs, including extensions, compatibility forms and the iteration marks
/// that behave like ideographs in running text.
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}'
        | '\u{3005}' | '\u{3007}' | '\u{303B}'
    )
}

/// Characters that stand in for an ideograph in OCR output: the replacement character
/// of a bad decode, kana and hangul, and the boxes OCR engines print for unknown glyphs.
#[inline]
pub fn is_ideograph_like(c: char) -> bool {
    is_han(c)
        || matches!(c,
            '\u{FFFD}'
            | '\u{3040}'..='\u{30FF}'
            | '\u{AC00}'..='\u{D7AF}'
            | '\u{25A0}'..='\u{25FF}'
        )
}

/// Full-width (Chinese) punctuation: the CJK symbols block, the full-width forms that
/// are not letters or digits, and the curly quotes, dashes and ellipsis Chinese text uses.
#[inline]
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3004}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301F}'
        | '\u{3030}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{2014}' | '\u{2015}' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}'
        | '\u{2026}' | '\u{00B7}' | '\u{2027}'
    )
}

/// Opening punctuation: a space after it is never wanted in Chinese text.
#[inline]
pub fn is_cjk_open(c: char) -> bool {
    matches!(c, '（' | '《' | '〈' | '【' | '「' | '『' | '“' | '‘' | '〔' | '［' | '｛' | '〖')
}

/// Full-width letters and digits (Ａ, ０): Chinese-context characters until the width
/// pass turns them half-width.
#[inline]
pub fn is_fullwidth_alnum(c: char) -> bool {
    matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
}

/// A full-width letter or digit as the width pass prints it; anything else unchanged.
/// Passes judge context by this, so their verdicts hold before and after that pass.
#[inline]
pub fn as_halfwidth(c: char) -> char {
    if is_fullwidth_alnum(c) {
        char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
    } else {
        c
    }
}

/// Anything that makes its neighbourhood Chinese.
#[inline]
pub fn is_cjk(c: char) -> bool {
    is_ideograph_like(c) || is_cjk_punct(c) || is_fullwidth_alnum(c)
}

/// Horizontal whitespace inside a line, the ideographic space included.
#[inline]
pub fn is_hspace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}')
}

/// Sentence-final marks, in both widths.
#[inline]
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '…' | '．')
}

/// Printed width in columns: ideographs and full-width forms take two, the rest one.
/// Column wraps are measured in these units.
#[inline]
pub fn display_width(c: char) -> usize {
    if is_cjk(c) || c == '\u{3000}' {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_han('贏'));
        assert!(is_cjk('，'));
        assert!(!is_cjk(','));
        assert!(is_hspace('\u{3000}'));
        assert!(!is_cjk_punct('\u{3000}'));
        assert_eq!(display_width('中'), 2);
        assert_eq!(display_width('a'), 1);
    }
}
