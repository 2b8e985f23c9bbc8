//! Ingest: bytes in, a page out. Reads a file, a device, a FIFO or stdin, never more than
//! the page limit of any (counted while reading: a stream's size is unknown), decodes it
//! (`encoding`: BOMs, UTF-16 without one, UTF-8, then GB18030/GBK/GB2312 or Big5, LF
//! newlines), and turns hOCR, ALTO and PaddleOCR JSON into page text in reading order
//! with the geometry stage; `ocr` reads a scan with tesseract first. Binary data (refused
//! from its head, before the rest is read), undecodable, empty, missing and too large
//! inputs are errors that name the file and the reason.

use crate::error::{Error, Result};
use crate::geometry::{self, InputFormat};
use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

mod encoding;
pub mod ocr;

/// A decoded page (or a PDF's pages, one after the other).
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given, or `-` for stdin.
    pub name: String,
    /// The encoding it was read in, as its WHATWG label (`UTF-8`, `gb18030`, `Big5`,
    /// `UTF-16LE`), or `PDF` for a PDF's text layer.
    pub encoding: &'static str,
    /// The text with LF newlines.
    pub text: String,
    /// Where the text's lines stand on the scan, for hOCR, ALTO, PaddleOCR and PDF input.
    pub layout: Option<geometry::Layout>,
}

/// Largest page newsmend reads whole: far above any scanned page, small enough that a
/// wrong path to a disk image fails cleanly.
pub(crate) const MAX_BYTES: u64 = 256 << 20;

/// Read and decode `path`, or stdin when it is `-`. Whatever it is (a file, a device, a
/// FIFO, stdin), at most [`MAX_BYTES`] are read, and binary data is refused from its head.
pub fn read(path: &Path) -> Result<Source> {
    let name = path.display().to_string();
    let bytes = if name == "-" {
        read_stream(std::io::stdin().lock(), path, 0, Binary::Refuse)?
    } else {
        read_path(path, Binary::Refuse)?
    };
    decode_owned(bytes, &name)
}

/// The bytes of the file (or device, or FIFO) at `path`, whatever they are, held to the
/// page limit: for `eval`, which reads its files as `score.py` does.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    read_path(path, Binary::Keep)
}

/// Whether binary data is refused from its head, before the rest is read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Binary {
    Refuse,
    Keep,
}

/// The bytes of the file at `path`. A file larger than the limit is refused before it is
/// read; anything else (a device, a FIFO, a file that grows) is held to the limit while
/// it is read, since its size says nothing.
fn read_path(path: &Path, binary: Binary) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::IsDirectory { path: path.to_path_buf() });
    }
    if meta.is_file() && meta.len() > MAX_BYTES {
        return Err(Error::TooLarge { path: path.to_path_buf(), bytes: meta.len(), limit: MAX_BYTES });
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let size = if meta.is_file() { meta.len() as usize } else { 0 };
    read_stream(file, path, size, binary)
}

/// At most [`MAX_BYTES`] of `r`, `size` the bytes expected (0 when unknown).
fn read_stream(r: impl Read, path: &Path, size: usize, binary: Binary) -> Result<Vec<u8>> {
    read_limited(r, path, size, MAX_BYTES as usize, binary)
}

/// At most `max` bytes of `r`: its head first, refused at once when it is binary data
/// (unless `binary` keeps it), then the rest, refused when more than `max` arrives.
/// Memory stays within the limit and a byte: the buffer grows by doubling up to it,
/// never past it.
fn read_limited(mut r: impl Read, path: &Path, size: usize, max: usize, binary: Binary) -> Result<Vec<u8>> {
    // One byte past the limit tells a stream that goes on from one that ends there.
    let upto = max.saturating_add(1);
    // One byte over the size expected: its end shows without growing the buffer.
    let mut bytes = Vec::new();
    reserve(&mut bytes, size.saturating_add(1).min(upto), path)?;
    fill(&mut r, &mut bytes, encoding::HEAD.min(upto), path)?;
    // A PDF is binary data and a page.
    if binary == Binary::Refuse && !geometry::is_pdf(&bytes) {
        encoding::check_head(&bytes, &path.display().to_string())?;
    }
    fill(&mut r, &mut bytes, upto, path)?;
    if bytes.len() > max {
        return Err(Error::StreamTooLarge { path: path.to_path_buf(), limit: max as u64 });
    }
    Ok(bytes)
}

/// Read `r` into `bytes` until it ends or they reach `upto`, the buffer doubled when it
/// is full, up to `upto`.
fn fill(r: &mut impl Read, bytes: &mut Vec<u8>, upto: usize, path: &Path) -> Result<()> {
    while bytes.len() < upto {
        if bytes.len() == bytes.capacity() {
            let want = bytes.capacity().saturating_mul(2).max(encoding::HEAD).min(upto);
            reserve(bytes, want, path)?;
        }
        // Only into the room there is: `read_to_end` grows a full buffer by itself.
        let room = bytes.capacity().min(upto) - bytes.len();
        let n = r.by_ref().take(room as u64).read_to_end(bytes).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
    }
    Ok(())
}

/// Room for `total` bytes in all, or an error that says memory ran out.
fn reserve(bytes: &mut Vec<u8>, total: usize, path: &Path) -> Result<()> {
    let more = total.saturating_sub(bytes.len());
    bytes.try_reserve_exact(more).map_err(|_| Error::io(path, std::io::ErrorKind::OutOfMemory.into()))
}

/// Decode `bytes` that came from `name`.
pub fn decode(bytes: &[u8], name: &str) -> Result<Source> {
    decode_buf(Cow::Borrowed(bytes), name, None)
}

/// [`decode`] as the input format `format` (`None`: told from the content, as `decode`
/// does), for a caller that knows what it holds: bytes handed over without a file name
/// to tell a `.json` by, or a page whose head does not show its format. A PDF named as
/// another format is read as text (and refused as binary data).
pub fn decode_as(bytes: &[u8], name: &str, format: Option<InputFormat>) -> Result<Source> {
    decode_buf(Cow::Borrowed(bytes), name, format)
}

/// [`decode`] taking the buffer: UTF-8 text that needs no change becomes the page text
/// as it is, so a large page is never held twice.
fn decode_owned(bytes: Vec<u8>, name: &str) -> Result<Source> {
    decode_buf(Cow::Owned(bytes), name, None)
}

fn decode_buf(bytes: Cow<'_, [u8]>, name: &str, format: Option<InputFormat>) -> Result<Source> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Error::TooLarge { path: PathBuf::from(name), bytes: bytes.len() as u64, limit: MAX_BYTES });
    }
    let pdf = geometry::is_pdf(&bytes);
    if format == Some(InputFormat::Pdf) && !pdf {
        return Err(Error::Pdf { path: PathBuf::from(name), why: "not a PDF (no %PDF- header)".into() });
    }
    if pdf && format.is_none_or(|f| f == InputFormat::Pdf) {
        let (text, layout) = geometry::pdf_layout(&bytes, name)?;
        return Ok(Source { name: name.to_string(), encoding: "PDF", text, layout: Some(layout) });
    }
    let (encoding, text) = encoding::to_text(bytes, name)?;
    // hOCR, ALTO and OCR JSON become page text in reading order, and so does text laid
    // out with its columns side by side (`pdftotext -layout`); the edits then refer to
    // that text. Other plain text is the page text as it is.
    let (text, layout) = match format.unwrap_or_else(|| geometry::format_of(&text, name)) {
        InputFormat::Text => (geometry::read_columns(&text).unwrap_or(text), None),
        format => geometry::page_layout_as(&text, name, format)?,
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

    /// A stream is held to the limit while it is read, its buffer never grown past it.
    #[test]
    fn a_stream_is_held_to_the_limit() {
        let max = 3 << 20;
        let err = read_limited(std::io::repeat(b'a'), Path::new("-"), 0, max, Binary::Refuse).unwrap_err();
        let want = "-: goes on past the 3 MB page limit (read no further): split it into pages, or give `clean \
                    --jsonl` one page a line";
        assert_eq!(err.to_string(), want);
        let mut bytes = Vec::new();
        fill(&mut std::io::repeat(b'a'), &mut bytes, max + 1, Path::new("-")).unwrap();
        assert_eq!((bytes.len(), bytes.capacity()), (max + 1, max + 1));
        // Binary data is refused from its head, not read to the limit.
        let err = read_limited(std::io::repeat(0), Path::new("z"), 0, usize::MAX, Binary::Refuse).unwrap_err();
        assert!(matches!(err, Error::Binary { .. }), "{err}");
        // Kept, for eval: read to the limit.
        let err = read_limited(std::io::repeat(0), Path::new("z"), 0, max, Binary::Keep).unwrap_err();
        assert!(matches!(err, Error::StreamTooLarge { .. }), "{err}");
    }

    /// A file of the size it said is read into a buffer of that size and a byte.
    #[test]
    fn a_file_fills_the_room_its_size_gives() {
        let page = "本报讯 会议召开。\n".repeat(10_000);
        let bytes =
            read_limited(page.as_bytes(), Path::new("a"), page.len(), MAX_BYTES as usize, Binary::Refuse).unwrap();
        assert_eq!((bytes.len(), bytes.capacity()), (page.len(), page.len() + 1));
        let small = read_limited(&b"abc"[..], Path::new("a"), 0, MAX_BYTES as usize, Binary::Refuse).unwrap();
        assert_eq!(small, b"abc");
    }
}
