//! Character classes shared by every pass: what counts as Chinese, as full-width
//! punctuation, as a space, and how wide a character prints.
//!
//! These are plain range checks rather than Unicode property look-ups because they sit
//! on the hot path of every pass and must agree exactly with each other.

/// Han ideographs, including extensions, compatibility forms and the iteration marks
/// that behave like ideographs in running text.
#[inline]
pub const fn is_han(c: char) -> bool {
    let u = c as u32;
    // The unified block first: most characters of a page are in it.
    if matches!(u, 0x4E00..=0x9FFF) {
        return true;
    }
    u >= 0x3005
        && matches!(u,
            0x3400..=0x4DBF
            | 0xF900..=0xFAFF
            | 0x2_0000..=0x3_134F
            | 0x3005 | 0x3007 | 0x303B
        )
}

/// Characters that stand in for an ideograph in OCR output: the replacement character
/// of a bad decode, kana and hangul, and the boxes OCR engines print for unknown glyphs.
/// Not the radical `丶`, which OCR writes for `、` (see [`is_cjk_punct`]).
#[inline]
pub(crate) const fn is_ideograph_like(c: char) -> bool {
    (is_han(c) && c != MISREAD_COMMA)
        || matches!(c,
            '\u{FFFD}'
            | '\u{3040}'..='\u{30FF}'
            | '\u{AC00}'..='\u{D7AF}'
            | '\u{25A0}'..='\u{25FF}'
        )
}

/// The radical `丶` (U+4E36), which PaddleOCR and RapidOCR write for the enumeration
/// comma `、` and running text never uses: every pass reads it as the mark it stands
/// for, so that the page reads alike before and after `punct.misread` makes it `、`.
pub(crate) const MISREAD_COMMA: char = '丶';

/// Full-width (Chinese) punctuation: the CJK symbols block, the full-width forms that
/// are not letters or digits, the vertical forms, the curly quotes, dashes and ellipsis
/// Chinese text uses, and [`MISREAD_COMMA`].
#[inline]
pub(crate) const fn is_cjk_punct(c: char) -> bool {
    let u = c as u32;
    // ASCII and ideographs first: they are most of a page and none of these, but for
    // the radical OCR writes for `、` and the vertical forms of `，、。：；！？〖〗…`
    // (which `width.vertical` makes those marks).
    if u < 0xB7 {
        return false;
    }
    if matches!(u, 0x3100..=0xFE2F) {
        return c == MISREAD_COMMA || matches!(u, 0xFE10..=0xFE19);
    }
    matches!(u,
        0x3001..=0x3004
        | 0x3008..=0x3011
        | 0x3014..=0x301F
        | 0x3030
        | 0xFF01..=0xFF0F
        | 0xFF1A..=0xFF20
        | 0xFF3B..=0xFF40
        | 0xFF5B..=0xFF65
        | 0xFE30..=0xFE4F
        | 0x2014 | 0x2015 | 0x2018 | 0x2019 | 0x201C | 0x201D
        | 0x2026 | 0x00B7 | 0x2027
    )
}

/// Full-width letters and digits (Ａ, ０): Chinese-context characters until the width
/// pass turns them half-width.
#[inline]
pub(crate) const fn is_fullwidth_alnum(c: char) -> bool {
    let u = c as u32;
    // One comparison for everything below the full-width forms.
    u >= 0xFF10 && matches!(u, 0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A)
}

/// A CJK compatibility ideograph (U+F900–U+FAFF), which the width pass makes its unified
/// form.
#[inline]
pub(crate) const fn is_compat_ideograph(c: char) -> bool {
    matches!(c, '\u{F900}'..='\u{FAFF}')
}

/// The unified ideograph of a CJK compatibility ideograph, if it has one.
pub fn unified(c: char) -> Option<char> {
    if !is_compat_ideograph(c) {
        return None;
    }
    let mut unified = None;
    unicode_normalization::char::decompose_canonical(c, |d| unified = Some(d));
    unified.filter(|&u| u != c)
}

/// A full-width letter or digit as the width pass prints it; anything else unchanged.
/// Passes judge context by this, so their verdicts hold before and after that pass.
#[inline]
pub(crate) const fn as_halfwidth(c: char) -> char {
    if is_fullwidth_alnum(c) {
        match char::from_u32(c as u32 - 0xFEE0) {
            Some(half) => half,
            None => c,
        }
    } else {
        c
    }
}

/// Anything that makes its neighbourhood Chinese: [`is_ideograph_like`],
/// [`is_cjk_punct`] or [`is_fullwidth_alnum`].
#[inline]
pub(crate) const fn is_cjk(c: char) -> bool {
    let u = c as u32;
    // ASCII, then the unified ideographs, then the two blocks of Chinese punctuation:
    // together nearly every character of a page, each settled by a comparison or two.
    if u < 0xB7 {
        return false;
    }
    if matches!(u, 0x4E00..=0x9FFF) {
        return true;
    }
    match u >> 8 {
        // Full-width punctuation, letters and digits are one run; U+FFFD is ideograph-like.
        0xFF => matches!(u, 0xFF01..=0xFF65 | 0xFFFD),
        // CJK symbols and punctuation (not U+3000, U+3006, U+3012, U+3013, U+3020..U+303A
        // but U+3030, U+303C..), then kana.
        0x30 => matches!(u, 0x3001..=0x3005 | 0x3007..=0x3011 | 0x3014..=0x301F | 0x3030 | 0x303B | 0x3040..=0x30FF),
        _ => is_ideograph_like(c) || is_cjk_punct(c),
    }
}

/// Horizontal whitespace inside a line, the ideographic space included.
#[inline]
pub const fn is_hspace(c: char) -> bool {
    let u = c as u32;
    // Ideographs and full-width forms lie above them all, ASCII below all but two.
    if u > 0x3000 {
        return false;
    }
    if u < 0xA0 {
        return u == 0x20 || u == 0x09;
    }
    matches!(u, 0x3000 | 0xA0 | 0x2002..=0x200A | 0x202F)
}

/// The characters [`is_hspace`] knows, as a regex class.
pub(crate) const HSPACE_CLASS: &str = r"[ \t\u{3000}\u{A0}\u{2002}-\u{200A}\u{202F}]";

/// Sentence-final marks, in both widths.
#[inline]
pub(crate) const fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '…' | '．')
}

/// Printed width in columns: ideographs and full-width forms take two, the rest one.
/// Column wraps are measured in these units.
#[inline]
pub(crate) const fn display_width(c: char) -> usize {
    if is_cjk(c) || c == '\u{3000}' {
        2
    } else {
        1
    }
}

/// The ASCII marks the punctuation pass converts or reads past.
#[inline]
pub(crate) const fn is_ascii_mark(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '?' | '!' | '(' | ')' | '"' | '\'' | '.' | '-')
}

/// Marks whose run changes length as the passes go (`...` → `……`, and `．`, which the
/// width pass makes `.`): line lengths and widths count them as nothing.
#[inline]
pub(crate) const fn is_stretch_mark(c: char) -> bool {
    matches!(c, '.' | '．' | '…' | '-' | '—')
}

/// Sentence and clause punctuation, in both widths and their vertical forms, that no
/// headline carries; with the radical `丶`, which the built-in `punct.misread` makes the
/// `、` OCR read it for.
#[inline]
pub(crate) const fn is_clause_punct(c: char) -> bool {
    matches!(c, '。' | '，' | '；' | '、' | MISREAD_COMMA | ',' | ';' | '！' | '!' | '？' | '?')
        // Their vertical forms, which `width.vertical` makes them.
        || matches!(c, '︐' | '︑' | '︒' | '︔' | '︕' | '︖')
}

/// The characters the structure stage notes in each line, with the [`hint`] bit each
/// sets: a word list of that stage runs only on the lines that hold one of its hints.
/// `rules/structure.toml` is kept to them: its tests check that every built-in entry of
/// a guarded list holds one, and that every hint is some entry's.
pub const LINE_HINTS: [(char, u8); 10] = [
    ('版', hint::BAN),
    ('编', hint::EDITOR),
    ('編', hint::EDITOR),
    ('校', hint::EDITOR),
    ('热', hint::EDITOR),
    ('熱', hint::EDITOR),
    ('年', hint::YEAR),
    ('星', hint::STAR),
    ('周', hint::STAR),
    ('期', hint::ISSUE),
];

/// What the line scan notes for the structure stage's word lists, one bit each.
pub mod hint {
    /// 版: jump notes, folios, page labels.
    pub(crate) const BAN: u8 = 1 << 0;
    /// 编 編 校 热 熱: editor credits and the paper's hotlines.
    pub(crate) const EDITOR: u8 = 1 << 1;
    /// 年: dates.
    pub(crate) const YEAR: u8 = 1 << 2;
    /// 星 周: the weekday (星期, 周).
    pub(crate) const STAR: u8 = 1 << 3;
    /// An ASCII capital, full-width or not (page labels like A01): read from the class
    /// [`super::class::UPPER`], not from a hint character.
    pub(crate) const UPPER: u8 = 1 << 4;
    /// 期: the issue's number (`第14897期`).
    pub(crate) const ISSUE: u8 = 1 << 5;
}

/// The [`hint`] bit `c` sets as one of [`LINE_HINTS`], or 0.
#[inline]
pub(crate) const fn line_hint(c: char) -> u8 {
    let mut i = 0;
    while i < LINE_HINTS.len() {
        if LINE_HINTS[i].0 == c {
            return LINE_HINTS[i].1;
        }
        i += 1;
    }
    0
}

/// Does `c` set one of the `mask` [`hint`] bits in the line scan?
pub(crate) fn sets_hint(c: char, mask: u8) -> bool {
    line_hint(c) & mask != 0 || (mask & hint::UPPER != 0 && as_halfwidth(c).is_ascii_uppercase())
}

/// The classes above as bits, one `Classes` look-up for all of them.
pub mod class {
    /// [`super::is_hspace`].
    pub(crate) const SPACE: u16 = 1 << 0;
    /// [`super::display_width`] is 2.
    pub(crate) const WIDE: u16 = 1 << 1;
    /// [`super::is_ideograph_like`].
    pub(crate) const IDEOGRAPH_LIKE: u16 = 1 << 2;
    /// An ASCII letter: a letter of a non-Chinese word (see [`super::Classes::is_letter`]).
    pub(crate) const ASCII_LETTER: u16 = 1 << 3;
    /// [`super::is_cjk_punct`].
    pub(crate) const CJK_PUNCT: u16 = 1 << 4;
    /// [`super::is_ascii_mark`].
    pub(crate) const ASCII_MARK: u16 = 1 << 5;
    /// [`super::is_cjk`] of [`super::as_halfwidth`]: Chinese once the width pass is done.
    pub(crate) const CJK_AS_HALF: u16 = 1 << 6;
    /// `char::is_ascii_punctuation`.
    pub(crate) const ASCII_PUNCT: u16 = 1 << 7;
    /// What the width pass may change: [`super::is_fullwidth_alnum`] or
    /// [`super::is_compat_ideograph`].
    pub(crate) const WIDTH_PASS: u16 = 1 << 8;
    /// [`super::is_clause_punct`].
    pub(crate) const CLAUSE_PUNCT: u16 = 1 << 9;
    /// [`super::is_stretch_mark`].
    pub(crate) const STRETCH: u16 = 1 << 10;
    /// An ASCII capital once [`super::as_halfwidth`] (A, Ａ).
    pub(crate) const UPPER: u16 = 1 << 11;
    /// One of [`super::LINE_HINTS`].
    pub(crate) const HINT: u16 = 1 << 12;
    /// Not ASCII, not ideograph-like, not Chinese punctuation: a letter of a non-Chinese
    /// word if Unicode calls it alphabetic (see [`super::Classes::is_letter`]).
    pub(crate) const MAYBE_LETTER: u16 = 1 << 13;
    /// Bits 14–15: [`super::line_width`].
    pub(crate) const LINE_WIDTH_SHIFT: u32 = 14;
}

/// Columns a character takes as the character passes leave it: spaces and the stretch
/// marks nothing, ASCII marks two (their full-width forms), full-width letters and
/// digits one (their half-width forms), anything else its [`display_width`]. The lines
/// the structure stage measures from the input then measure alike in the output.
#[inline]
pub(crate) const fn line_width(c: char) -> usize {
    match as_halfwidth(c) {
        c if is_hspace(c) || is_stretch_mark(c) => 0,
        c if c.is_ascii_punctuation() => 2,
        c => display_width(c),
    }
}

/// The [`class`] bits of `c`, from the predicates themselves.
const fn class_of(c: char) -> u16 {
    use class::*;
    let half = as_halfwidth(c);
    const fn bit(yes: bool, bit: u16) -> u16 {
        if yes {
            bit
        } else {
            0
        }
    }
    ((line_width(c) as u16) << LINE_WIDTH_SHIFT)
        | bit(is_hspace(c), SPACE)
        | bit(display_width(c) == 2, WIDE)
        | bit(is_ideograph_like(c), IDEOGRAPH_LIKE)
        | bit(c.is_ascii_alphabetic(), ASCII_LETTER)
        | bit(!c.is_ascii() && !is_ideograph_like(c) && !is_cjk_punct(c), MAYBE_LETTER)
        | bit(is_cjk_punct(c), CJK_PUNCT)
        | bit(is_ascii_mark(c), ASCII_MARK)
        | bit(is_cjk(half), CJK_AS_HALF)
        | bit(c.is_ascii_punctuation(), ASCII_PUNCT)
        | bit(is_fullwidth_alnum(c) || is_compat_ideograph(c), WIDTH_PASS)
        | bit(is_clause_punct(c), CLAUSE_PUNCT)
        | bit(is_stretch_mark(c), STRETCH)
        | bit(half.is_ascii_uppercase(), UPPER)
        | bit(line_hint(c) != 0, HINT)
}

/// The [`class`] bits of every character of the basic plane, worked out by the
/// compiler: nothing to build when a process starts.
static TABLE: [u16; 0x10000] = {
    let mut t = [0u16; 0x10000];
    // Blocks whose characters are all of one class but the hints (the tests check every
    // character) are filled from their first: a third of the compiler's work.
    const ALIKE: [(usize, usize); 4] = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xE000, 0xF8FF)];
    let mut u = 0;
    let mut block = 0;
    while u < t.len() {
        if block < ALIKE.len() && u == ALIKE[block].0 {
            let bits = match char::from_u32(u as u32) {
                Some(c) => class_of(c),
                None => 0,
            };
            while u <= ALIKE[block].1 {
                t[u] = bits;
                u += 1;
            }
            block += 1;
            continue;
        }
        // The surrogates are no characters, and stay 0.
        if let Some(c) = char::from_u32(u as u32) {
            t[u] = class_of(c);
        }
        u += 1;
    }
    // The one ideograph read as punctuation (see [`MISREAD_COMMA`]).
    t[MISREAD_COMMA as usize] = class_of(MISREAD_COMMA);
    let mut h = 0;
    while h < LINE_HINTS.len() {
        t[LINE_HINTS[h].0 as usize] |= class::HINT;
        h += 1;
    }
    t
};

/// Every [`class`] of a character by one load: the line walks of the passes and the
/// structure stage ask several of them of every character, and a chain of range checks
/// branches on whether a character is an ideograph, which the CPU cannot predict.
#[derive(Clone, Copy)]
pub(crate) struct Classes(&'static [u16; 0x10000]);

impl Classes {
    pub fn get() -> Self {
        Classes(&TABLE)
    }

    /// The [`class`] bits of `c`.
    #[inline]
    pub fn of(self, c: char) -> u16 {
        match self.0.get(c as usize) {
            Some(&bits) => bits,
            None => class_of(c),
        }
    }

    /// Is `c`, of the class `bits`, a letter of a non-Chinese word: ASCII, or alphabetic
    /// and neither ideograph-like nor Chinese punctuation? Unicode is asked only of the
    /// few characters of a Chinese page that can be one and are not ASCII, and the
    /// table stays a thing the compiler can work out.
    #[inline]
    pub(crate) fn is_letter(bits: u16, c: char) -> bool {
        bits & class::ASCII_LETTER != 0 || (bits & class::MAYBE_LETTER != 0 && c.is_alphabetic())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hspace_class_is_is_hspace() {
        let class = regex::Regex::new(&format!("^{HSPACE_CLASS}$")).unwrap();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(class.is_match(c.encode_utf8(&mut [0; 4])), is_hspace(c), "{c:?}");
        }
    }

    #[test]
    fn class_table_agrees_with_the_predicates_on_every_char() {
        let classes = Classes::get();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let bits = classes.of(c);
            let has = |bit| bits & bit != 0;
            assert_eq!(has(class::SPACE), is_hspace(c), "{c:?}");
            assert_eq!(has(class::WIDE), display_width(c) == 2, "{c:?}");
            assert_eq!(has(class::IDEOGRAPH_LIKE), is_ideograph_like(c), "{c:?}");
            assert_eq!(has(class::CJK_PUNCT), is_cjk_punct(c), "{c:?}");
            assert_eq!(has(class::ASCII_MARK), is_ascii_mark(c), "{c:?}");
            assert_eq!(has(class::CJK_AS_HALF), is_cjk(as_halfwidth(c)), "{c:?}");
            assert_eq!(has(class::ASCII_PUNCT), c.is_ascii_punctuation(), "{c:?}");
            assert_eq!(has(class::WIDTH_PASS), is_fullwidth_alnum(c) || is_compat_ideograph(c), "{c:?}");
            assert_eq!(has(class::CLAUSE_PUNCT), is_clause_punct(c), "{c:?}");
            assert_eq!(has(class::STRETCH), is_stretch_mark(c), "{c:?}");
            assert_eq!(has(class::UPPER), as_halfwidth(c).is_ascii_uppercase(), "{c:?}");
            assert_eq!(has(class::HINT), LINE_HINTS.iter().any(|h| h.0 == c), "{c:?}");
            assert_eq!(usize::from(bits >> class::LINE_WIDTH_SHIFT), line_width(c), "{c:?}");
            let letter = c.is_ascii_alphabetic()
                || (!c.is_ascii() && !is_ideograph_like(c) && !is_cjk_punct(c) && c.is_alphabetic());
            assert_eq!(Classes::is_letter(bits, c), letter, "{c:?}");
        }
        assert!(!Classes::is_letter(classes.of('中'), '中'));
        assert!(Classes::is_letter(classes.of('é'), 'é'));
        assert!(Classes::is_letter(classes.of('Ａ'), 'Ａ'));
        assert!(!Classes::is_letter(classes.of('①'), '①'));
        assert_ne!(classes.of('𠀀') & class::IDEOGRAPH_LIKE, 0);
    }

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

    /// The predicates as first written, plain `matches!` over the ranges: the fast
    /// versions above must give exactly their answers.
    mod reference {
        pub fn is_han(c: char) -> bool {
            matches!(c,
                '\u{4E00}'..='\u{9FFF}'
                | '\u{3400}'..='\u{4DBF}'
                | '\u{F900}'..='\u{FAFF}'
                | '\u{20000}'..='\u{3134F}'
                | '\u{3005}' | '\u{3007}' | '\u{303B}'
            )
        }
        pub(crate) fn is_ideograph_like(c: char) -> bool {
            (is_han(c) && c != '\u{4E36}')
                || matches!(c, '\u{FFFD}' | '\u{3040}'..='\u{30FF}' | '\u{AC00}'..='\u{D7AF}' | '\u{25A0}'..='\u{25FF}')
        }
        pub(crate) fn is_cjk_punct(c: char) -> bool {
            matches!(c,
                '\u{4E36}'
                | '\u{FE10}'..='\u{FE19}'
                | '\u{3001}'..='\u{3004}'
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
        pub(crate) fn is_fullwidth_alnum(c: char) -> bool {
            matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
        }
        pub(crate) fn is_cjk(c: char) -> bool {
            is_ideograph_like(c) || is_cjk_punct(c) || is_fullwidth_alnum(c)
        }
        pub fn is_hspace(c: char) -> bool {
            matches!(c, ' ' | '\t' | '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}')
        }
    }

    #[test]
    fn fast_predicates_agree_with_the_plain_ranges_on_every_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_han(c), reference::is_han(c), "is_han {:X}", c as u32);
            assert_eq!(is_ideograph_like(c), reference::is_ideograph_like(c), "is_ideograph_like {:X}", c as u32);
            assert_eq!(is_cjk_punct(c), reference::is_cjk_punct(c), "is_cjk_punct {:X}", c as u32);
            assert_eq!(is_fullwidth_alnum(c), reference::is_fullwidth_alnum(c), "is_fullwidth_alnum {:X}", c as u32);
            assert_eq!(is_cjk(c), reference::is_cjk(c), "is_cjk {:X}", c as u32);
            assert_eq!(is_hspace(c), reference::is_hspace(c), "is_hspace {:X}", c as u32);
            let width = if reference::is_cjk(c) || c == '\u{3000}' { 2 } else { 1 };
            assert_eq!(display_width(c), width, "display_width {:X}", c as u32);
        }
    }
}
