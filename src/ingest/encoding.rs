//! Encodings: which one a page's bytes are in (a BOM; UTF-16 without one, told from the
//! head; UTF-8, a few damaged sequences kept as U+FFFD; else GB18030 or Big5 as chardetng
//! guesses and a trial decode confirms), the text they decode to with LF newlines, and
//! the checks that tell a page from binary data or a wrong guess. When no encoding reads
//! the bytes, the error says where UTF-8 failed and what the others gave.
//!
//! The head (the first [`HEAD`] bytes) alone decides binary data and UTF-16 without a
//! BOM, so a stream is refused as binary from its head, as the whole file would be.

use crate::error::{Error, Result};
use crate::text::script::{is_cjk, is_hspace};
use encoding_rs::{DecoderResult, Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::borrow::Cow;
use std::path::PathBuf;

/// The head of a page's bytes: what tells binary data and UTF-16 without a BOM.
pub(super) const HEAD: usize = 64 << 10;

/// Of the characters of UTF-16 read without a BOM, the share that must be what pages are
/// made of (ASCII, CJK, Latin, punctuation): read in the wrong byte order, Chinese is a
/// scatter over the whole plane.
const UTF16_PAGE_SHARE: f64 = 0.8;

/// Invalid UTF-8 is damaged UTF-8, not a legacy encoding, when its valid multi-byte
/// characters outnumber its invalid sequences this many times. GB18030 and Big5 pages
/// read as UTF-8 give at most 0.3 (measured on the bundled pages and the devset's).
const UTF8_EVIDENCE: usize = 4;

/// What the head of a page's bytes says about the rest.
enum Head {
    /// A byte-order mark: its encoding and its length.
    Bom(&'static Encoding, usize),
    /// UTF-16 without a byte-order mark, in this byte order.
    Utf16(&'static Encoding),
    /// No NUL byte: UTF-8 or a legacy encoding.
    Plain,
    /// A NUL byte at this offset, and the head does not read as UTF-16: binary data.
    Binary(usize),
}

impl Head {
    fn of(bytes: &[u8]) -> Head {
        let head = &bytes[..bytes.len().min(HEAD)];
        if let Some((encoding, n)) = Encoding::for_bom(head) {
            return Head::Bom(encoding, n);
        }
        match memchr::memchr(0, head) {
            None => Head::Plain,
            Some(at) => utf16_order(head).map_or(Head::Binary(at), Head::Utf16),
        }
    }
}

/// Refuse a page whose head is binary data, before the rest is read: a device or a pipe
/// of it is refused at once, not at the page limit.
pub(super) fn check_head(head: &[u8], name: &str) -> Result<()> {
    match Head::of(head) {
        Head::Binary(at) => Err(binary_nul(name, at)),
        _ => Ok(()),
    }
}

/// The text of a page's bytes and the encoding it was in, or why they are not a page.
pub(super) fn to_text(bytes: Cow<'_, [u8]>, name: &str) -> Result<(&'static Encoding, String)> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty { path: PathBuf::from(name) });
    }
    let (encoding, text) = match Head::of(&bytes) {
        Head::Binary(at) => return Err(binary_nul(name, at)),
        Head::Bom(encoding, skip) => decode_marked(bytes, encoding, skip, name)?,
        Head::Utf16(encoding) => decode_marked(bytes, encoding, 0, name)?,
        Head::Plain => decode_plain(bytes, name)?,
    };
    check(&text, encoding, name)?;
    Ok((encoding, normalize_newlines(text)))
}

fn binary_nul(name: &str, at: usize) -> Error {
    Error::Binary {
        path: PathBuf::from(name),
        why: format!("a NUL byte at byte offset {at}, and it is not UTF-16 text"),
    }
}

/// Bytes in the encoding a BOM (or the head, for UTF-16) says, after the first `skip`: a
/// few bad sequences are kept as U+FFFD, many are an error.
fn decode_marked(
    bytes: Cow<'_, [u8]>,
    encoding: &'static Encoding,
    skip: usize,
    name: &str,
) -> Result<(&'static Encoding, String)> {
    if encoding == UTF_8 {
        let bytes = match utf8(bytes, skip) {
            Ok(text) => return Ok((UTF_8, text)),
            Err(bytes) => bytes,
        };
        let damage = Utf8Damage::of(&bytes[skip..]);
        if !damage.few() {
            let why =
                format!("not valid UTF-8, though it opens with UTF-8's byte-order mark: {}", damage.describe(skip));
            return Err(undecodable(name, why));
        }
        return Ok((UTF_8, String::from_utf8_lossy(&bytes[skip..]).into_owned()));
    }
    let (text, _) = encoding.decode_without_bom_handling(&bytes[skip..]);
    let bad = replacements(&text);
    if bad * 50 > text.chars().count() {
        let how = if skip > 0 { "its byte-order mark names" } else { "its NUL bytes point to" };
        let why = format!("{bad} invalid sequences as {}, the encoding {how}", label(encoding));
        return Err(undecodable(name, why));
    }
    Ok((encoding, text.into_owned()))
}

/// Bytes without a BOM or a NUL: UTF-8; UTF-8 with a few damaged sequences (OCR or
/// transfer damage, kept as U+FFFD: read as GB18030 the rest would be nonsense); else the
/// legacy encoding that reads them, with a few bad sequences at most.
fn decode_plain(bytes: Cow<'_, [u8]>, name: &str) -> Result<(&'static Encoding, String)> {
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(binary_nul(name, at));
    }
    let bytes = match utf8(bytes, 0) {
        Ok(text) => return Ok((UTF_8, text)),
        Err(bytes) => bytes,
    };
    let damage = Utf8Damage::of(&bytes);
    if damage.is_utf8() && damage.few() {
        return Ok((UTF_8, String::from_utf8_lossy(&bytes).into_owned()));
    }
    let guess = guess_legacy(&bytes);
    if let Some(text) = legacy_candidates(guess).iter().find_map(|&e| clean_legacy(&bytes, e)) {
        return Ok(text);
    }
    // Nothing reads without an error. A legacy page with a few damaged sequences is
    // still a page; damaged UTF-8 was settled above.
    if !damage.is_utf8() {
        let (text, _) = guess.decode_without_bom_handling(&bytes);
        if legacy_fit(&text).is_none() {
            return Ok((guess, text.into_owned()));
        }
    }
    let tried = [GB18030, BIG5].map(|e| {
        let (text, _) = e.decode_without_bom_handling(&bytes);
        let fit = legacy_fit(&text).unwrap_or_else(|| "a few invalid sequences".into());
        format!("{} ({fit})", label(e))
    });
    let why = format!("not valid UTF-8 ({}), nor {} nor {}; save it as UTF-8", damage.describe(0), tried[0], tried[1]);
    Err(undecodable(name, why))
}

fn undecodable(name: &str, why: String) -> Error {
    Error::Undecodable { path: PathBuf::from(name), why }
}

/// An encoding as people write it.
fn label(e: &'static Encoding) -> &'static str {
    if e == GB18030 {
        "GB18030"
    } else {
        e.name()
    }
}

/// How many characters of decoded text are U+FFFD, which is what an invalid sequence
/// decodes to.
fn replacements(text: &str) -> usize {
    text.matches('\u{FFFD}').count()
}

/// Whether text a legacy encoding gave (with replacements) is too far from a page, and
/// why: more than one invalid sequence in 50 characters, or private-use characters,
/// which noise decodes to in GB18030's user-defined areas and real pages hold almost
/// none of.
fn legacy_fit(text: &str) -> Option<String> {
    let n = Counts::of(text);
    let bad = replacements(text);
    if bad * 50 > n.chars.max(1) {
        return Some(format!("{bad} invalid sequences"));
    }
    if n.private >= 3 && n.private * 100 > n.chars {
        return Some(format!("{} private-use characters", n.private));
    }
    None
}

/// Is the decoded text a page: few private-use characters and controls, and more than
/// white space?
fn check(text: &str, encoding: &'static Encoding, name: &str) -> Result<()> {
    let path = || PathBuf::from(name);
    let counts = Counts::of(text);
    let total = counts.chars.max(1);
    let private = counts.private;
    if private >= 3 && private * 100 > total {
        return Err(Error::Undecodable {
            path: path(),
            why: format!("{private} private-use characters as {}: not text in a known encoding", label(encoding)),
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

/// Where and how much bytes that are not valid UTF-8 fail as UTF-8.
#[derive(Debug, PartialEq)]
struct Utf8Damage {
    /// Invalid sequences, each one U+FFFD when decoded.
    invalid: usize,
    /// Valid characters of more than one byte.
    multibyte: usize,
    /// Characters, the invalid sequences counted as one each.
    chars: usize,
    /// The byte offset of the first invalid sequence, and its line (from 1).
    first: (usize, usize),
}

impl Utf8Damage {
    fn of(bytes: &[u8]) -> Utf8Damage {
        let mut d = Utf8Damage { invalid: 0, multibyte: 0, chars: 0, first: (bytes.len(), 0) };
        let mut at = 0;
        for chunk in bytes.utf8_chunks() {
            let valid = chunk.valid();
            d.chars += valid.chars().count();
            // A lead byte starts each character of more than one byte.
            d.multibyte += valid.bytes().filter(|&b| b >= 0xC0).count();
            at += valid.len();
            if !chunk.invalid().is_empty() {
                if d.invalid == 0 {
                    d.first = (at, 1 + memchr::memchr_iter(b'\n', &bytes[..at]).count());
                }
                d.invalid += 1;
                d.chars += 1;
                at += chunk.invalid().len();
            }
        }
        d
    }

    /// Whether the bytes are UTF-8 at all, damaged or not.
    fn is_utf8(&self) -> bool {
        self.multibyte >= UTF8_EVIDENCE * self.invalid
    }

    /// Whether the damage is slight enough to keep as U+FFFD: one invalid sequence in 50
    /// characters at most.
    fn few(&self) -> bool {
        self.invalid * 50 <= self.chars
    }

    /// The damage in words, offsets counted from `skip` bytes before the bytes measured.
    fn describe(&self, skip: usize) -> String {
        let (at, line) = self.first;
        let at = at + skip;
        match self.invalid {
            0 => "no invalid sequence".into(),
            1 => format!("an invalid sequence at byte offset {at}, line {line}"),
            n => format!("{n} invalid sequences, the first at byte offset {at}, line {line}"),
        }
    }
}

/// The byte order in which a head with NUL bytes reads as text, if one does: decoded
/// without an error, in lines, without NULs, with few controls and private-use
/// characters, with some ASCII (whose high bytes the NULs are: a stray NUL in 8-bit text
/// is not enough), and mostly of the characters pages are made of. ASCII in the wrong order reads as CJK ideographs, so the order with more such
/// characters wins, little-endian on a tie.
fn utf16_order(head: &[u8]) -> Option<&'static Encoding> {
    let share = |e: &'static Encoding| utf16_head(head, e).map_or(0.0, |t| page_share(&t));
    let (le, be) = (share(UTF_16LE), share(UTF_16BE));
    let (best, order) = if le >= be { (le, UTF_16LE) } else { (be, UTF_16BE) };
    (best >= UTF16_PAGE_SHARE).then_some(order)
}

/// The head read as UTF-16 in one byte order, `None` at an invalid sequence. A character
/// cut where the head ends is no error.
fn utf16_head(head: &[u8], encoding: &'static Encoding) -> Option<String> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(decoder.max_utf8_buffer_length_without_replacement(head.len())?);
    let (result, _) = decoder.decode_to_string_without_replacement(head, &mut text, false);
    matches!(result, DecoderResult::InputEmpty).then_some(text)
}

/// The share of `text` that is what pages are made of; 0 for text that is no page: no
/// line break, ASCII under one character in a hundred, NULs, many controls or
/// private-use characters.
fn page_share(text: &str) -> f64 {
    let n = Counts::of(text);
    let ascii = text.bytes().filter(u8::is_ascii).count();
    let no_page = n.chars == 0 || n.nul || n.control * 20 > n.chars || n.private * 100 > n.chars;
    if no_page || ascii * 100 < n.chars || !text.contains(['\n', '\r']) {
        return 0.0;
    }
    let page = text.chars().filter(|&c| is_page_char(c)).count();
    page as f64 / n.chars as f64
}

/// ASCII text and white space, CJK characters and punctuation, Latin letters and the
/// general punctuation block.
fn is_page_char(c: char) -> bool {
    matches!(c, ' '..='~' | '\n' | '\r' | '\t' | '\u{A0}'..='\u{24F}' | '\u{2000}'..='\u{206F}')
        || is_cjk(c)
        || is_hspace(c)
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

/// chardetng's guess between GB18030 and Big5 for bytes that are neither UTF-8 nor
/// marked by a BOM: Chinese OCR exports are GB or Big5; GB18030 decodes GBK and GB2312
/// too.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    if det.guess(None, false) == BIG5 {
        BIG5
    } else {
        GB18030
    }
}

/// The legacy encodings to try, the guess first.
fn legacy_candidates(guess: &'static Encoding) -> [&'static Encoding; 2] {
    if guess == BIG5 {
        [BIG5, GB18030]
    } else {
        [GB18030, BIG5]
    }
}

/// The text of `bytes` in `encoding` when they decode without an error and without
/// landing in private-use code points: most Big5 byte pairs are also valid GBK, so
/// decoding alone does not tell them apart.
fn clean_legacy(bytes: &[u8], encoding: &'static Encoding) -> Option<(&'static Encoding, String)> {
    let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
    let n = Counts::of(&text);
    (n.private * 100 <= n.chars).then(|| (encoding, text.into_owned()))
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

    fn utf16(text: &str, le: bool) -> Vec<u8> {
        text.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }).collect()
    }

    /// Past the head and with a character cut where the head ends, in both byte orders;
    /// a page of Chinese, whose NULs are its ASCII's and its U+xx00 characters' (一, 最).
    #[test]
    fn utf16_without_a_bom_is_told_from_its_head() {
        // The head ends between the two halves of 𠀀.
        let line = "一年一度，最新消息：2024年。\n";
        let units = line.encode_utf16().count();
        let lines = line.repeat((HEAD / 2 - 1) / units);
        let page = lines.clone() + &"甲".repeat(HEAD / 2 - 1 - lines.encode_utf16().count()) + "𠀀" + &lines;
        for (le, want) in [(true, UTF_16LE), (false, UTF_16BE)] {
            let bytes = utf16(&page, le);
            assert!(matches!(Head::of(&bytes), Head::Utf16(e) if e == want));
            let (encoding, text) = to_text(Cow::Borrowed(&bytes), "a").unwrap();
            assert_eq!((encoding, text.as_str()), (want, page.as_str()));
        }
        let latin = "Page 3, column 2.\n".repeat(10);
        assert!(matches!(Head::of(&utf16(&latin, false)), Head::Utf16(e) if e == UTF_16BE));
    }

    /// NUL bytes that do not read as UTF-16 are binary data, from the head alone.
    #[test]
    fn nul_bytes_outside_utf16_are_binary_from_the_head() {
        let noise: Vec<u8> = (0..1u32 << 20).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        let cases: [&[u8]; 4] = [&[0; 1 << 20], &noise, b"\x00\x01\x02abc", b"text, then \x00"];
        for bytes in cases {
            let err = to_text(Cow::Borrowed(bytes), "a").unwrap_err().to_string();
            assert!(err.starts_with("a: looks like binary data, not text (a NUL byte at byte offset "), "{err}");
        }
        assert!(check_head(&[0; HEAD], "a").is_err());
        assert!(check_head(&noise[..HEAD], "a").is_err());
        assert!(check_head(&utf16("甲乙\n", true), "a").is_ok());
    }

    #[test]
    fn utf8_damage_is_counted_and_placed() {
        let mut bytes = "甲乙\n丙".as_bytes().to_vec();
        let at = bytes.len();
        bytes.extend([0xFF, 0xE4, 0xB8]);
        bytes.extend("丁\n".as_bytes());
        let d = Utf8Damage::of(&bytes);
        assert_eq!(d, Utf8Damage { invalid: 2, multibyte: 4, chars: 8, first: (at, 2) });
        assert_eq!(d.describe(3), format!("2 invalid sequences, the first at byte offset {}, line 2", at + 3));
        assert!(!d.is_utf8(), "4 characters against 2 bad sequences: no evidence");
        let mut page = "本报讯 会议召开。\n".repeat(20).into_bytes();
        page.insert(5, 0xFF);
        let (encoding, text) = to_text(Cow::Owned(page), "a").unwrap();
        assert_eq!(encoding, UTF_8);
        assert!(text.starts_with("本\u{FFFD}"), "{text}");
    }

    /// Bytes no encoding reads: where UTF-8 fails, and what GB18030 and Big5 give.
    #[test]
    fn undecodable_bytes_say_what_was_tried() {
        let mut bytes = "第一行\n".as_bytes().to_vec();
        bytes.extend((0..2000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8 | 0x80));
        let err = to_text(Cow::Borrowed(&bytes), "a").unwrap_err().to_string();
        assert!(err.starts_with("a: cannot decode as text: not valid UTF-8 ("), "{err}");
        assert!(err.contains("the first at byte offset 10, line 2), nor GB18030 ("), "{err}");
        assert!(err.contains(") nor Big5 (") && err.ends_with("); save it as UTF-8"), "{err}");
    }
}
