//! Encodings: which one a page's bytes are in (a BOM, UTF-8, else GB18030 or Big5 as
//! chardetng guesses and a trial decode confirms), the text they decode to with LF
//! newlines, and the checks that tell a page from binary data or a wrong guess.

use crate::error::{Error, Result};
use encoding_rs::{Encoding, BIG5, GB18030, UTF_8};
use std::borrow::Cow;
use std::path::PathBuf;

/// The text of a page's bytes and the encoding it was in, or why they are not a page.
pub(super) fn to_text(bytes: Cow<'_, [u8]>, name: &str) -> Result<(&'static Encoding, String)> {
    let path = || PathBuf::from(name);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty { path: path() });
    }
    let bom = Encoding::for_bom(&bytes);
    if bom.is_none() && memchr::memchr(0, &bytes).is_some() {
        return Err(Error::Binary { path: path(), why: "NUL bytes outside UTF-16".into() });
    }
    let (encoding, text, had_errors) = decode(bytes, bom);
    check(&text, encoding, had_errors, name)?;
    Ok((encoding, normalize_newlines(text)))
}

/// The bytes decoded, in the BOM's encoding or the one they read in; whether any
/// sequence was invalid.
fn decode(bytes: Cow<'_, [u8]>, bom: Option<(&'static Encoding, usize)>) -> (&'static Encoding, String, bool) {
    // Nearly every page is UTF-8: validated once, and taken as it is.
    match bom {
        Some((encoding, skip)) if encoding != UTF_8 => {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[skip..]);
            (encoding, text.into_owned(), had_errors)
        }
        _ => match utf8(bytes, bom.map_or(0, |(_, n)| n)) {
            Ok(text) => (UTF_8, text, false),
            Err(bytes) => {
                let (encoding, skip) = bom.unwrap_or_else(|| (detect_legacy(&bytes), 0));
                let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[skip..]);
                (encoding, text.into_owned(), had_errors)
            }
        },
    }
}

/// Is the decoded text a page: few invalid sequences, private-use characters and
/// controls, and more than white space?
fn check(text: &str, encoding: &'static Encoding, had_errors: bool, name: &str) -> Result<()> {
    let path = || PathBuf::from(name);
    let counts = Counts::of(text);
    let total = counts.chars.max(1);
    if had_errors {
        let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
        // A few bad sequences are OCR or transfer damage worth keeping as U+FFFD;
        // many mean the guess was wrong or the file is not text.
        if bad * 50 > total {
            return Err(Error::Undecodable {
                path: path(),
                why: format!("{bad} invalid sequences as {}", encoding.name()),
            });
        }
    }
    // Noise decodes "cleanly" as GB18030, whose user-defined areas map to private use:
    // real pages hold almost none of those.
    let private = counts.private;
    if private >= 3 && private * 100 > total {
        return Err(Error::Undecodable {
            path: path(),
            why: format!("{private} private-use characters as {}: not text in a known encoding", encoding.name()),
        });
    }
    let control = counts.control;
    if control * 20 > total || counts.nul {
        return Err(Error::Binary { path: path(), why: format!("{control} control characters") });
    }
    if text.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}') {
        return Err(Error::Empty { path: path() });
    }
    Ok(())
}

/// `bytes` after the first `skip` as a string when they are valid UTF-8 (an owned buffer
/// is reused, not copied), or the bytes back as they came.
fn utf8(bytes: Cow<'_, [u8]>, skip: usize) -> std::result::Result<String, Cow<'_, [u8]>> {
    match bytes {
        Cow::Borrowed(b) => match std::str::from_utf8(&b[skip..]) {
            Ok(s) => Ok(s.to_owned()),
            Err(_) => Err(Cow::Borrowed(b)),
        },
        Cow::Owned(mut v) => {
            // A BOM is the only thing cut: three bytes moved, nothing copied aside.
            v.drain(..skip);
            String::from_utf8(v).map_err(|e| {
                let mut v = e.into_bytes();
                v.splice(0..0, [0xEF, 0xBB, 0xBF].into_iter().take(skip));
                Cow::Owned(v)
            })
        }
    }
}

/// What the checks on decoded text count, in one pass over its bytes.
#[derive(Debug, Default, PartialEq)]
struct Counts {
    /// Characters.
    chars: usize,
    /// Private-use characters, U+E000..=U+F8FF.
    private: usize,
    /// C0 and C1 controls other than LF, CR, tab and form feed.
    control: usize,
    /// Whether a NUL is among them.
    nul: bool,
}

impl Counts {
    fn of(text: &str) -> Counts {
        let b = text.as_bytes();
        // Each class has its own lead bytes, which never occur inside a character:
        // U+0000..=U+001F and U+007F are one byte, U+0080..=U+009F is C2 80..=9F,
        // U+E000..=U+EFFF is EE xx xx and U+F000..=U+F8FF is EF 80..=A3 xx. So each is
        // counted on a byte and the byte after it, a loop the compiler runs in vector
        // registers.
        #[inline(always)]
        fn class(x: u8, y: u8) -> (u8, u8, u8) {
            let private = (x == 0xEE) | ((x == 0xEF) & (y <= 0xA3));
            let c0 = (x < 0x20) & (x != b'\n') & (x != b'\r') & (x != b'\t') & (x != 0x0C);
            let control = c0 | (x == 0x7F) | ((x == 0xC2) & (y <= 0x9F));
            (u8::from(private), u8::from(control), u8::from(x == 0))
        }
        let mut n = Counts { chars: text.chars().count(), ..Counts::default() };
        const BLOCK: usize = 64;
        let mut k = 0;
        while k + BLOCK < b.len() {
            let w = &b[k..k + BLOCK + 1];
            let (mut p, mut c, mut z) = (0u8, 0u8, 0u8);
            for j in 0..BLOCK {
                let (dp, dc, dz) = class(w[j], w[j + 1]);
                p += dp;
                c += dc;
                z |= dz;
            }
            n.private += usize::from(p);
            n.control += usize::from(c);
            n.nul |= z != 0;
            k += BLOCK;
        }
        for j in k..b.len() {
            let (dp, dc, dz) = class(b[j], b.get(j + 1).copied().unwrap_or(0xFF));
            n.private += usize::from(dp);
            n.control += usize::from(dc);
            n.nul |= dz != 0;
        }
        n
    }
}

/// The encoding of bytes that are neither UTF-8 nor marked by a BOM.
fn detect_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let guess = det.guess(None, false);
    // Chinese OCR exports are GB or Big5; GB18030 decodes GBK and GB2312 too. Most
    // Big5 byte pairs are also valid GBK, so a candidate must decode without errors
    // and without landing in private-use code points.
    let candidates: &[&'static Encoding] = if guess == BIG5 { &[BIG5, GB18030] } else { &[GB18030, BIG5] };
    let plausible = |e: &'static Encoding| {
        e.decode_without_bom_handling_and_without_replacement(bytes).is_some_and(|t| {
            let n = Counts::of(&t);
            n.private * 100 <= n.chars
        })
    };
    let chosen = candidates.iter().copied().find(|&e| plausible(e));
    chosen.unwrap_or(if guess == BIG5 { BIG5 } else { GB18030 })
}

/// CRLF and lone CR become LF: the page text always uses LF. Text without a CR is
/// returned as it is.
fn normalize_newlines(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = memchr::memchr(b'\r', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        if rest.starts_with('\n') {
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_on_bytes_are_the_counts_on_chars() {
        let every: String = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
        for text in
            [every.as_str(), "", "a\0b\r\n\u{7f}\u{80}\u{9f}\u{a0}\u{e000}\u{efff}\u{f000}\u{f8ff}\u{f900}\u{c}"]
        {
            let n = Counts::of(text);
            assert_eq!(n.chars, text.chars().count());
            assert_eq!(n.private, text.chars().filter(|c| ('\u{E000}'..='\u{F8FF}').contains(c)).count());
            let control =
                text.chars().filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
            assert_eq!(n.control, control);
            assert_eq!(n.nul, text.contains('\0'));
        }
    }
}
