//! Compressed streams for `clean --jsonl`: gzip and bzip2, both decoded in Rust (flate2
//! and libbz2-rs-sys), so that no C library is needed. A file is told by its name; stdin
//! by its first bytes, which no JSON line starts with. Shards joined with `cat` are
//! common, so every gzip member and every bzip2 stream of a file is read, not only the
//! first.

use std::io::{BufRead, Write};
use std::path::Path;

/// How a stream is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Bzip2,
}

impl Compression {
    /// By a file's name: `.gz` gzip, `.bz2` bzip2 (in any case), anything else none.
    pub fn of_name(path: &Path) -> Compression {
        let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("gz") => Compression::Gzip,
            Some("bz2") => Compression::Bzip2,
            _ => Compression::None,
        }
    }

    /// By the first bytes of a stream: gzip's and bzip2's magic numbers.
    pub fn sniff(r: &mut impl BufRead) -> std::io::Result<Compression> {
        let head = loop {
            match r.fill_buf() {
                Ok(b) => break b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        Ok(if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(b"BZh") {
            Compression::Bzip2
        } else {
            Compression::None
        })
    }

    /// The format's name, as errors give it.
    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "plain",
            Compression::Gzip => "gzip",
            Compression::Bzip2 => "bzip2",
        }
    }

    /// `r` decoded: every member or stream, one after the other.
    pub fn reader<'a>(self, r: impl BufRead + 'a) -> Box<dyn BufRead + 'a> {
        // The decoders hand out what they inflate in whatever pieces they make; lines are
        // found in a buffer of their own.
        const BUF: usize = 1 << 16;
        match self {
            Compression::None => Box::new(r),
            Compression::Gzip => {
                Box::new(std::io::BufReader::with_capacity(BUF, flate2::bufread::MultiGzDecoder::new(r)))
            }
            Compression::Bzip2 => {
                Box::new(std::io::BufReader::with_capacity(BUF, bzip2::bufread::MultiBzDecoder::new(r)))
            }
        }
    }

    /// `w` encoded at the formats' usual level (gzip 6, bzip2 9, as the command-line
    /// tools write them); [`Encoder::finish`] writes the trailer.
    pub fn writer<W: Write>(self, w: W) -> Encoder<W> {
        match self {
            Compression::None => Encoder::Plain(w),
            Compression::Gzip => Encoder::Gzip(flate2::write::GzEncoder::new(w, flate2::Compression::default())),
            Compression::Bzip2 => Encoder::Bzip2(bzip2::write::BzEncoder::new(w, bzip2::Compression::best())),
        }
    }
}

/// `lines`, each ended by a newline, as one whole stream of `c`: streams made apart (on
/// several cores) and joined are read as one by every reader of these formats.
pub fn stream_of_lines(c: Compression, lines: &[String]) -> std::io::Result<Vec<u8>> {
    let mut w = c.writer(Vec::with_capacity(lines.iter().map(|l| l.len() + 1).sum::<usize>() / 4));
    for l in lines {
        w.write_all(l.as_bytes())?;
        w.write_all(b"\n")?;
    }
    w.finish()
}

/// A writer that compresses, or not.
pub enum Encoder<W: Write> {
    Plain(W),
    Gzip(flate2::write::GzEncoder<W>),
    Bzip2(bzip2::write::BzEncoder<W>),
}

impl<W: Write> Encoder<W> {
    /// End the stream (its trailer written, its errors seen, which a drop would hide)
    /// and flush it.
    pub fn finish(self) -> std::io::Result<W> {
        let mut w = match self {
            Encoder::Plain(w) => w,
            Encoder::Gzip(e) => e.finish()?,
            Encoder::Bzip2(e) => e.finish()?,
        };
        w.flush()?;
        Ok(w)
    }
}

impl<W: Write> Write for Encoder<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Encoder::Plain(w) => w.write(buf),
            Encoder::Gzip(e) => e.write(buf),
            Encoder::Bzip2(e) => e.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Encoder::Plain(w) => w.write_all(buf),
            Encoder::Gzip(e) => e.write_all(buf),
            Encoder::Bzip2(e) => e.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Encoder::Plain(w) => w.flush(),
            Encoder::Gzip(e) => e.flush(),
            Encoder::Bzip2(e) => e.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn encoded(c: Compression, bytes: &[u8]) -> Vec<u8> {
        let mut w = c.writer(Vec::new());
        w.write_all(bytes).expect("write");
        w.finish().expect("finish")
    }

    fn decoded(c: Compression, bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        c.reader(bytes).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn every_member_of_a_concatenation_is_read() {
        for c in [Compression::Gzip, Compression::Bzip2] {
            let mut joined = encoded(c, b"{\"id\": 1}\n");
            joined.extend(encoded(c, b"{\"id\": 2}\n"));
            assert_eq!(decoded(c, &joined).expect("decoded"), b"{\"id\": 1}\n{\"id\": 2}\n", "{}", c.name());
            assert_eq!(Compression::sniff(&mut joined.as_slice()).expect("sniff"), c);
        }
    }

    #[test]
    fn a_stream_cut_short_is_an_error() {
        for c in [Compression::Gzip, Compression::Bzip2] {
            let whole = encoded(c, "会议在江津区召开。\n".repeat(1000).as_bytes());
            assert!(decoded(c, &whole[..whole.len() / 2]).is_err(), "{}", c.name());
        }
    }

    #[test]
    fn an_empty_file_is_damaged_as_gzip_and_bzip2_say() {
        // Not a stream with no lines: an empty .gz is a copy that never started, which
        // `gzip -t` and `bzip2 -t` call cut short too.
        for c in [Compression::Gzip, Compression::Bzip2] {
            assert!(decoded(c, b"").is_err(), "{}", c.name());
        }
    }

    #[test]
    fn names_and_heads() {
        assert_eq!(Compression::of_name(Path::new("a/lines.jsonl.GZ")), Compression::Gzip);
        assert_eq!(Compression::of_name(Path::new("lines.jsonl.bz2")), Compression::Bzip2);
        assert_eq!(Compression::of_name(Path::new("lines.jsonl")), Compression::None);
        assert_eq!(Compression::sniff(&mut &b"{\"id\""[..]).expect("sniff"), Compression::None);
        assert_eq!(Compression::sniff(&mut &b""[..]).expect("sniff"), Compression::None);
    }
}
