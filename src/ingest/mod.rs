//! Ingest: bytes in, a page out. Reads a file or stdin, decodes it (`encoding`: BOMs,
//! UTF-8, then GB18030/GBK/GB2312 or Big5, LF newlines), and turns hOCR, ALTO and
//! PaddleOCR JSON into page text in reading order with the geometry stage; `ocr` reads a
//! scan with tesseract first. Binary, undecodable, empty and missing inputs are errors
//! that name the file and the reason.

use crate::error::{Error, Result};
use crate::geometry::{self, InputFormat};
use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

mod encoding;
pub mod ocr;

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
    pub layout: Option<geometry::Layout>,
}

/// Largest page newsmend reads whole: far above any scanned page, small enough that a
/// wrong path to a disk image fails cleanly.
pub(crate) const MAX_BYTES: u64 = 256 << 20;

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
fn decode_owned(bytes: Vec<u8>, name: &str) -> Result<Source> {
    decode_buf(Cow::Owned(bytes), name)
}

fn decode_buf(bytes: Cow<'_, [u8]>, name: &str) -> Result<Source> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Error::TooLarge { path: PathBuf::from(name), bytes: bytes.len() as u64, limit: MAX_BYTES });
    }
    let (encoding, text) = encoding::to_text(bytes, name)?;
    // hOCR, ALTO and PaddleOCR JSON become page text in reading order; the edits then
    // refer to that text. Plain text is the page text as it is.
    let (text, layout) = if geometry::format_of(&text, name) == InputFormat::Text {
        (text, None)
    } else {
        geometry::page_layout(&text, name)?
    };
    Ok(Source { name: name.to_string(), encoding: encoding.name(), text, layout })
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, GB18030};

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
