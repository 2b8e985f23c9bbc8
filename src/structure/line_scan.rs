//! The line scan: what the stage needs to know of each line, read in one pass over its
//! characters instead of one read per test, and the plain measures of a line's text
//! (its width, whether it is short, whether it looks like a heading) that the scan
//! caches.

use super::PageView;
use crate::text::script::{class, hint, is_clause_punct, is_hspace, is_stretch_mark, line_hint, line_width, Classes};
use std::ops::Range;
use std::sync::LazyLock;

/// Past this many characters (see [`short`]) a line is a paragraph: furniture and
/// headings are shorter.
pub(super) const SHORT: usize = 40;

/// The width past which the column test reads every line alike: it compares widths of
/// at most 80 columns with neighbours at most 3 columns away.
pub(super) const WIDE: usize = 84;

/// Width of a line in display columns as the character passes leave it: spaces count
/// nothing, full-width letters and digits one, every other mark two, except the marks
/// whose run changes length (`...` → `……`, and `．`, which the width pass makes `.`),
/// which count nothing. The structure read from the input is then the structure read
/// from the output.
pub(super) fn width(s: &str) -> usize {
    s.chars().map(line_width).sum()
}

/// Does the line hold at most `n` characters, spaces and length-changing marks left out
/// (see [`width`])? Reads no further than it must: most lines are paragraphs.
pub(super) fn short(s: &str, n: usize) -> bool {
    // Each character takes at most four bytes, so a line of few bytes is short at once.
    s.len() <= n || s.chars().filter(|&c| !is_hspace(c) && !is_stretch_mark(c)).nth(n).is_none()
}

/// Sentence punctuation that no headline carries.
pub(super) fn has_sentence_punct(s: &str) -> bool {
    s.chars().any(is_clause_punct)
}

/// The marks a headline may end on, looked past with the spaces among them.
fn headline_end(c: char) -> bool {
    matches!(c, '！' | '？' | '!' | '?') || is_hspace(c)
}

/// A short line without sentence punctuation: a kicker, headline, subtitle or author.
/// The marks a headline may end on are looked past with the spaces among them
/// (`工 (?? ?`): the space pass removes those spaces, and the verdict on the output
/// must be the verdict on the input.
pub(super) fn heading_like(s: &str) -> bool {
    short(s, SHORT) && !short(s, 1) && !has_sentence_punct(s.trim_end_matches(headline_end))
}

pub(super) fn last_char(s: &str) -> Option<char> {
    s.trim_end_matches(is_hspace).chars().next_back()
}

pub(super) fn first_char(s: &str) -> Option<char> {
    s.trim_start_matches(is_hspace).chars().next()
}

/// What the stage needs to know of one line, read in one scan instead of one read per
/// test. A paragraph's scan stops once it is known to be long and wide: past that point
/// only its exact width may be wanted, and only for line-per-line text.
pub(super) struct LineScan {
    // 32-bit, like edit offsets: a long page holds a scan for every line.
    /// The line without its edge spaces, as a byte range of the page.
    trim: (u32, u32),
    /// The characters [`short`] counts; exact up to [`SHORT`], more beyond.
    pub(super) count: u32,
    /// [`width`]; exact unless `cut`.
    pub(super) width: u32,
    /// The scan stopped early: the line is longer than [`SHORT`] and at least [`WIDE`].
    pub(super) cut: bool,
    // The rest is exact when `count <= SHORT`.
    /// [`has_sentence_punct`].
    pub(super) sentence_punct: bool,
    /// A hash of the line with its spaces left out: repeated running heads differ in
    /// spacing. Only for a short line without sentence punctuation (0 otherwise).
    pub(super) key: u64,
    /// The [`hint`] bits of what it holds: the word lists it may match.
    hints: u8,
    /// It holds a full-width letter or digit or a compatibility ideograph, which the
    /// width pass makes half-width or unified.
    pub(super) width_pass: bool,
}

/// Every line of the page, scanned.
pub(super) fn scan(page: PageView) -> Vec<LineScan> {
    page.lines.iter().map(|l| LineScan::new(page.text, l.range())).collect()
}

impl LineScan {
    pub(super) fn new(text: &str, line: Range<usize>) -> Self {
        let full = &text[line.clone()];
        let t = full.trim_start_matches(is_hspace);
        let start = line.end - t.len();
        let t = t.trim_end_matches(is_hspace);
        let mut s = LineScan {
            trim: (start as u32, (start + t.len()) as u32),
            count: 0,
            width: 0,
            cut: false,
            sentence_punct: false,
            key: 0,
            hints: 0,
            width_pass: false,
        };
        let classes = Classes::get();
        // Every class the scan saw: the flags are read from it once, not kept per character.
        let (mut seen, mut scanned) = (0u16, t.len());
        for (i, c) in t.char_indices() {
            let bits = classes.of(c);
            s.count += u32::from(bits & (class::SPACE | class::STRETCH) == 0);
            s.width += u32::from(bits >> class::LINE_WIDTH_SHIFT);
            seen |= bits;
            if s.count > SHORT as u32 && s.width >= WIDE as u32 {
                s.cut = true;
                scanned = i + c.len_utf8();
                break;
            }
        }
        s.sentence_punct = seen & class::CLAUSE_PUNCT != 0;
        s.width_pass = seen & class::WIDTH_PASS != 0;
        if seen & class::UPPER != 0 {
            s.hints |= hint::UPPER;
        }
        if seen & class::HINT != 0 {
            for c in t[..scanned].chars() {
                s.hints |= line_hint(c);
            }
        }
        // Only a short line without sentence punctuation can be a running head, and only
        // its key is read: most lines are text and need none.
        if s.count <= SHORT as u32 && !s.sentence_punct {
            s.key = key(t);
        }
        s
    }

    /// [`short`]`(trimmed line, n)`, for `n` up to [`SHORT`].
    pub(super) fn short(&self, n: usize) -> bool {
        debug_assert!(n <= SHORT);
        self.count as usize <= n
    }

    pub(super) fn trim(&self) -> Range<usize> {
        self.trim.0 as usize..self.trim.1 as usize
    }

    /// Does the line hold one of the `bits` [`hint`]s? Exact for a short line; a long
    /// one is read only as far as the scan went.
    pub(super) fn has(&self, bits: u8) -> bool {
        self.hints & bits != 0
    }

    /// Does the line hold 版? Read from the scan, or for a long line searched for.
    pub(super) fn has_ban(&self, text: &str) -> bool {
        // Built once: `memmem::find` builds its searcher on every call.
        static BAN: LazyLock<memchr::memmem::Finder<'static>> =
            LazyLock::new(|| memchr::memmem::Finder::new("版".as_bytes()));
        if self.count <= SHORT as u32 {
            self.has(hint::BAN)
        } else {
            BAN.find(text[self.trim()].as_bytes()).is_some()
        }
    }

    /// Does the line hold anything the width pass changes? Read from the scan, or for
    /// a line the scan stopped on, looked for past that point.
    pub(super) fn width_pass(&self, text: &str) -> bool {
        self.width_pass
            || (self.cut && {
                let classes = Classes::get();
                text[self.trim()].chars().any(|c| classes.of(c) & class::WIDTH_PASS != 0)
            })
    }

    /// [`heading_like`] of the trimmed line, from the scan where it can be.
    pub(super) fn heading_like(&self, text: &str) -> bool {
        self.short(SHORT)
            && !self.short(1)
            && (!self.sentence_punct || !has_sentence_punct(text[self.trim()].trim_end_matches(headline_end)))
    }
}

/// The line's running-head key: compared only within the page, one multiply a
/// character will do. Seeded, not started at 0: from 0 a leading NUL left the hash at
/// 0, and `\0…` and `…` were one running head.
fn key(t: &str) -> u64 {
    t.chars().filter(|&c| !is_hspace(c)).fold(0x9e37_79b9_7f4a_7c15, |h, c| {
        (h.rotate_left(5) ^ u64::from(c as u32)).wrapping_mul(0x517c_c1b7_2722_0a95)
    })
}
