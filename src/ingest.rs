//! Ingest: bytes in, page text out. Reads a file or stdin, detects the encoding (BOMs,
//! UTF-8, then GB18030/GBK/GB2312 or Big5 by chardetng), decodes with encoding_rs and
//! turns CRLF and CR into LF. Binary, undecodable, empty and missing inputs are errors
//! that name the file and the reason.

use crate::error::{Error, Result};
use encoding_rs::{Encoding, BIG5, GB18030, UTF_8};
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
            return Err(Error::Binary {
                path: path.to_path_buf(),
                why: format!("{} bytes is larger than a page", meta.len()),
            });
        }
        std::fs::read(path).map_err(|e| Error::io(path, e))?
    };
    decode(&bytes, &name)
}

/// Decode `bytes` that came from `name`.
pub fn decode(bytes: &[u8], name: &str) -> Result<Source> {
    let path = || PathBuf::from(name);
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Error::Binary { path: path(), why: "larger than a page".into() });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty { path: path() });
    }
    let (encoding, body) =
        detect(bytes).ok_or_else(|| Error::Binary { path: path(), why: "NUL bytes outside UTF-16".into() })?;
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    let total = text.chars().count().max(1);
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
    let private = text.chars().filter(|c| ('\u{E000}'..='\u{F8FF}').contains(c)).count();
    if private >= 3 && private * 100 > total {
        return Err(Error::Undecodable {
            path: path(),
            why: format!("{private} private-use characters as {}: not text in a known encoding", encoding.name()),
        });
    }
    let control = text.chars().filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    if control * 20 > total || text.contains('\0') {
        return Err(Error::Binary { path: path(), why: format!("{control} control characters") });
    }
    if text.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}').is_empty() {
        return Err(Error::Empty { path: path() });
    }
    // hOCR, ALTO and PaddleOCR JSON become page text in reading order; the edits then
    // refer to that text.
    let (text, layout) = crate::geometry::page_layout(&normalize_newlines(&text), name)?;
    Ok(Source { name: name.to_string(), encoding: encoding.name(), text, layout })
}

/// The encoding of `bytes` and the bytes after any BOM; `None` for binary data.
fn detect(bytes: &[u8]) -> Option<(&'static Encoding, &[u8])> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return Some((enc, &bytes[bom..]));
    }
    if memchr::memchr(0, bytes).is_some() {
        return None;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Some((UTF_8, bytes));
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let guess = det.guess(None, false);
    // Chinese OCR exports are GB or Big5; GB18030 decodes GBK and GB2312 too. Most
    // Big5 byte pairs are also valid GBK, so a candidate must decode without errors
    // and without landing in private-use code points.
    let candidates: &[&'static Encoding] = if guess == BIG5 { &[BIG5, GB18030] } else { &[GB18030, BIG5] };
    let plausible = |e: &'static Encoding| {
        e.decode_without_bom_handling_and_without_replacement(bytes).is_some_and(|t| {
            let private = t.chars().filter(|c| ('\u{E000}'..='\u{F8FF}').contains(c)).count();
            private * 100 <= t.chars().count()
        })
    };
    let chosen = candidates.iter().copied().find(|&e| plausible(e));
    Some((chosen.unwrap_or(if guess == BIG5 { BIG5 } else { GB18030 }), bytes))
}

/// CRLF and lone CR become LF: the page text always uses LF.
fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut it = text.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\r' {
            if it.peek() == Some(&'\n') {
                it.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
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
}
