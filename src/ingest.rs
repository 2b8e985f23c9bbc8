//! Ingest: bytes in, page text out. Reads a file or stdin, detects the encoding (BOMs,
//! UTF-8, then GB18030/GBK/GB2312 or Big5 by chardetng), decodes with encoding_rs and
//! turns CRLF and CR into LF. Binary, undecodable, empty and missing inputs are errors
//! that name the file and the reason.

use crate::error::{Error, Result};
use encoding_rs::{Encoding, BIG5, GB18030, UTF_8};
use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A decoded page.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given, or `-` for stdin.
    pub name: String,
    /// The encoding it was read in, as its WHATWG label (`UTF-8`, `gb18030`, `Big5`, `UTF-16LE`).
    pub encoding: &'static str,
    /// The text with LF newlines.
    pub text: String,
    /// Where the text's lines stand on the scan, for hOCR, ALTO and PaddleOCR input.
    pub layout: Option<crate::geometry::Layout>,
}

/// Largest page newsmend reads whole: far above any scanned page, small enough that a
/// wrong path to a disk image fails cleanly.
pub const MAX_BYTES: u64 = 256 << 20;

/// Read and decode `path`, or stdin when it is `-`.
pub fn read(path: &Path) -> Result<Source> {
    let name = path.display().to_string();
    let bytes = if name == "-" {
        let mut b = Vec::new();
        std::io::stdin().lock().take(MAX_BYTES + 1).read_to_end(&mut b).map_err(|e| Error::io("-", e))?;
        b
    } else {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            return Err(Error::IsDirectory { path: path.to_path_buf() });
        }
        if meta.len() > MAX_BYTES {
            return Err(Error::TooLarge { path: path.to_path_buf(), bytes: meta.len(), limit: MAX_BYTES });
        }
        std::fs::read(path).map_err(|e| Error::io(path, e))?
    };
    decode_owned(bytes, &name)
}

/// Decode `bytes` that came from `name`.
pub fn decode(bytes: &[u8], name: &str) -> Result<Source> {
    decode_buf(Cow::Borrowed(bytes), name)
}

/// [`decode`] taking the buffer: UTF-8 text that needs no change becomes the page text
/// as it is, so a large page is never held twice.
pub fn decode_owned(bytes: Vec<u8>, name: &str) -> Result<Source> {
    decode_buf(Cow::Owned(bytes), name)
}

fn decode_buf(bytes: Cow<'_, [u8]>, name: &str) -> Result<Source> {
    let path = || PathBuf::from(name);
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Error::TooLarge { path: path(), bytes: bytes.len() as u64, limit: MAX_BYTES });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty { path: path() });
    }
    let bom = Encoding::for_bom(&bytes);
    if bom.is_none() && memchr::memchr(0, &bytes).is_some() {
        return Err(Error::Binary { path: path(), why: "NUL bytes outside UTF-16".into() });
    }
    // Nearly every page is UTF-8: validated once, and taken as it is.
    let (encoding, text, had_errors) = match bom {
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
    };
    let counts = Counts::of(&text);
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
    let text = normalize_newlines(text);
    // hOCR, ALTO and PaddleOCR JSON become page text in reading order; the edits then
    // refer to that text. Plain text is the page text as it is.
    let (text, layout) = if crate::geometry::detect(&text) == crate::geometry::InputFormat::Text {
        (text, None)
    } else {
        crate::geometry::page_layout(&text, name)?
    };
    Ok(Source { name: name.to_string(), encoding: encoding.name(), text, layout })
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
    fn decodes_all_supported_encodings_alike() {
        let text = "本报讯（记者 彭禹乔）12月19日，永川區委召开会议。\n";
        let utf8 = decode(text.as_bytes(), "a").unwrap();
        let (gb, _, _) = GB18030.encode(text);
        let gb = decode(&gb, "a").unwrap();
        assert_eq!(gb.encoding, "gb18030");
        assert_eq!(gb.text, utf8.text);
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le, "a").unwrap().text, utf8.text);
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be, "a").unwrap().text, utf8.text);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(text.as_bytes());
        assert_eq!(decode(&bom, "a").unwrap().text, utf8.text);
    }

    #[test]
    fn big5_page() {
        let text = "荷蘭政府取締新式跳舞，指為可怕的不正當。中國學究反對跳舞，外人亦反對跳舞，奇矣。\
                    北里主人每自誇其家無跳舞者，以此道互誘之功，遠勝和酒故也。據性學家言，觸覺與性美的關係至深。";
        let (b5, _, _) = BIG5.encode(text);
        let s = decode(&b5, "a").unwrap();
        assert_eq!(s.text, text);
    }

    #[test]
    fn newlines() {
        assert_eq!(decode(b"a\r\nb\rc\n", "a").unwrap().text, "a\nb\nc\n");
    }

    #[test]
    fn rejects_binary_and_empty() {
        assert!(matches!(decode(b"\x00\x01\x02abc", "a"), Err(Error::Binary { .. })));
        assert!(matches!(decode(b"  \n\n", "a"), Err(Error::Empty { .. })));
        assert!(matches!(decode(b"", "a"), Err(Error::Empty { .. })));
        let noise: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8 | 0x80).collect();
        assert!(decode(&noise, "a").is_err());
    }

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

    /// Taking the buffer gives what borrowing it gives, errors included.
    #[test]
    fn owned_and_borrowed_decode_alike() {
        let text = "本报讯（记者）12月19日\r\n永川區委召开会议。\r";
        let mut cases: Vec<Vec<u8>> = vec![text.as_bytes().to_vec(), GB18030.encode(text).0.into_owned()];
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(text.as_bytes());
        cases.push(bom.clone());
        // A BOM, then a bad sequence: decoded with a replacement character.
        bom.extend([0xFF, b'x']);
        cases.push(bom);
        cases.push(b"\xEF\xBB\xBF\xFF\xFE".to_vec());
        cases.push(b"\xEF\xBB\xBF  \n".to_vec());
        cases.push("\u{e000}\u{e001}\u{e002}ab".as_bytes().to_vec());
        for bytes in cases {
            let owned = decode_owned(bytes.clone(), "a").map(|s| (s.encoding, s.text)).map_err(|e| e.to_string());
            let borrowed = decode(&bytes, "a").map(|s| (s.encoding, s.text)).map_err(|e| e.to_string());
            assert_eq!(owned, borrowed, "{bytes:?}");
        }
        let mut damaged = vec![0xEF, 0xBB, 0xBF, 0xFF];
        damaged.extend("永川".repeat(40).as_bytes());
        assert_eq!(decode_owned(damaged, "a").unwrap().text, format!("\u{FFFD}{}", "永川".repeat(40)));
    }
}
