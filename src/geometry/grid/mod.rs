//! Plain text laid out as the page is, `pdftotext -layout`'s: the columns of the page
//! stand side by side on one line, the gaps between them runs of spaces, so every line
//! holds a piece of each column and reading it line by line interleaves them. The text
//! is read as a character grid instead (a line is a row; a character's place in its line
//! its column, counted in characters as pdftotext places them, a Chinese character one
//! however wide it prints, or in printed widths when that lines the page up better, as
//! in text aligned for a terminal) and put in reading order as the geometry stage orders
//! an OCR page: a recursive XY cut, bands top to bottom and columns left to right. The
//! result is text as `pdftotext` without `-layout` writes it, one printed line a line and
//! a blank line where a column or block ends, for the structure stage to read.
//!
//! The page goes one way through the submodules: `segments` reads the rows and their
//! runs of text and writes the result; `gutters` finds the columns (the grid columns
//! most rows leave blank, where the runs to their right line up); `bands` finds the
//! horizontal cuts (blank rows the text on both sides agrees with); `cut` is the XY cut
//! itself. Nothing but whitespace between runs is left out: every other character of
//! the input is in the result exactly once, and a form feed still parts the pages.

mod bands;
mod cut;
mod gutters;
mod segments;

/// A run of text on one row: characters with at most one space between any two of them.
/// Two spaces or more part runs (a gutter is never narrower); one space is a letter-spaced
/// line's or a word gap's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    /// The line it stands on, from 0.
    row: u32,
    /// Its first character's column and one past its last.
    x0: u32,
    x1: u32,
    /// Its place among the runs of its row, from 0.
    idx: u32,
    /// Its bytes in the page text.
    start: usize,
    end: usize,
}

/// Lines longer than this are no page line of `-layout` text (a paragraph-per-line
/// page's are): the grid would be as wide as the line, so such text is not read as one.
const MAX_WIDTH: usize = 1000;

/// A page of more rows than this is not read as a grid either: a `-layout` page has a
/// few hundred, and the cut's work grows with rows times width.
const MAX_ROWS: usize = 2000;

/// Text with columns side by side shows a wide gap inside many of its lines (the page's
/// text lines sampled: 38–100 % of `-layout` lines, at most 6 % of any other kind's).
const GAPPED_SHARE: f64 = 0.2;

/// A page of fewer lines has too little to tell columns by.
const MIN_LINES: usize = 8;

/// `text` in reading order, when it is a page laid out in a character grid with columns
/// side by side (`pdftotext -layout`); `None` for any other text, which reads as it is.
pub(crate) fn read_columns(text: &str) -> Option<String> {
    if !looks_laid_out(text) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut columns = false;
    // pdftotext parts the pages of a document with a form feed: each page is a grid of
    // its own.
    for (k, page) in text.split('\u{c}').enumerate() {
        if k > 0 {
            out.push('\u{c}');
        }
        let (read, cut) = read_page(page)?;
        columns |= cut;
        out.push_str(&read);
    }
    columns.then_some(out)
}

/// One page in reading order, and whether it had columns side by side; `None` when it is
/// too large to be a page.
fn read_page(page: &str) -> Option<(String, bool)> {
    let segs = segments::grid(page, MAX_WIDTH, MAX_ROWS)?;
    if segs.is_empty() {
        return Some((page.to_string(), false));
    }
    let reading = cut::read(segs);
    Some((segments::render(page, &reading.regions), reading.columns))
}

/// Does `text` have the shape of a grid with columns side by side: enough lines, and a
/// wide gap between two runs of text in many of them?
fn looks_laid_out(text: &str) -> bool {
    // Every text page is asked, and nearly every one is no grid: it is read by its bytes,
    // and told as soon as its lines outnumber what its gaps could make gapped (each
    // gapped line holds one of its own), which a page without a gap shows at its first
    // line and a long page of a few gaps early on.
    let b = text.as_bytes();
    let gaps = GAP.find_iter(b).count() as f64;
    let (mut lines, mut gapped) = (0usize, 0usize);
    // The first gap at or after the last place it was looked for from: found once for
    // all the lines it passes, so the page is searched once, not once a line.
    let mut gap = GAP.find(b).unwrap_or(usize::MAX);
    for (start, end) in line_spans(b) {
        let Some((t0, t1)) = trimmed(b, start, end) else { continue };
        if end - start > MAX_WIDTH && text[start..end].chars().count() > MAX_WIDTH {
            return false;
        }
        lines += 1;
        if lines as f64 * GAPPED_SHARE > gaps {
            return false;
        }
        if gap < t0 {
            gap = GAP.find(&b[t0..]).map_or(usize::MAX, |g| t0 + g);
        }
        gapped += usize::from(gap.saturating_add(GAP_LEN) <= t1);
    }
    lines >= MIN_LINES && gapped as f64 >= lines as f64 * GAPPED_SHARE
}

/// The wide gap between two runs of text: three spaces.
const GAP_LEN: usize = 3;

/// Its searcher, built once: every text page is searched.
static GAP: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(&[b' '; GAP_LEN]));

/// The byte range of each line of `b`, as `str::lines` gives them: parted at `\n`, the
/// `\r` of a `\r\n` left out, no line after a final `\n`.
struct LineSpans<'b> {
    b: &'b [u8],
    /// Where the next line starts.
    start: usize,
}

fn line_spans(b: &[u8]) -> LineSpans<'_> {
    LineSpans { b, start: 0 }
}

impl Iterator for LineSpans<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let (b, start) = (self.b, self.start);
        if start >= b.len() {
            return None;
        }
        let Some(nl) = memchr::memchr(b'\n', &b[start..]).map(|k| start + k) else {
            // The last line, without a line break: a `\r` that ends it stays.
            self.start = b.len();
            return Some((start, b.len()));
        };
        self.start = nl + 1;
        Some((start, if nl > start && b[nl - 1] == b'\r' { nl - 1 } else { nl }))
    }
}

/// The line `start..end` of `b` without the spaces, tabs and form feeds at its edges;
/// `None` when nothing else is in it. They are ASCII: cut by bytes, as by characters.
fn trimmed(b: &[u8], start: usize, end: usize) -> Option<(usize, usize)> {
    let edge = |&c: &u8| matches!(c, b' ' | b'\t' | 0x0C);
    let line = &b[start..end];
    let first = line.iter().position(|c| !edge(c))?;
    let last = line.iter().rposition(|c| !edge(c))?;
    Some((start + first, start + last + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of `cols` columns of `rows` lines each, `width` characters a column and a
    /// gutter of `gutter` spaces, the text of column `c` line `r` from `line(c, r)`.
    pub(super) fn grid(rows: usize, cols: usize, gutter: usize, line: impl Fn(usize, usize) -> String) -> String {
        let mut out = String::new();
        for r in 0..rows {
            let mut row = String::new();
            for c in 0..cols {
                let text = line(c, r);
                row.push_str(&text);
                if c + 1 < cols {
                    let pad = 14usize.saturating_sub(text.chars().count()) + gutter;
                    row.push_str(&" ".repeat(pad));
                }
            }
            out.push_str(row.trim_end());
            out.push('\n');
        }
        out
    }

    fn chars(s: &str) -> Vec<char> {
        let mut v: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        v.sort_unstable();
        v
    }

    /// The body of column `c` line `r`: a column's own characters, so the order shows.
    fn body(c: usize, r: usize) -> String {
        let stem = ["甲乙丙丁戊己庚辛壬癸子丑", "天地玄黄宇宙洪荒日月盈昃", "春夏秋冬东南西北上下左右"][c % 3];
        format!("{}{r:02}", stem)
    }

    #[test]
    fn two_columns_read_one_after_the_other() {
        let page = grid(12, 2, 4, body);
        let read = read_columns(&page).expect("a grid");
        let lines: Vec<&str> = read.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 24);
        assert!(lines[..12].iter().all(|l| l.starts_with('甲')), "{read}");
        assert!(lines[12..].iter().all(|l| l.starts_with('天')), "{read}");
        assert_eq!(chars(&read), chars(&page));
    }

    #[test]
    fn plain_text_is_not_a_grid() {
        let page = "标题\n\n第一段落的文字，写得很长很长。\n第二段落。\n".repeat(5);
        assert_eq!(read_columns(&page), None);
        // A few wide gaps in a page of text lines (a table row, a byline) do not make one.
        let mut page = "这是一行普通的文字，没有分栏。\n".repeat(20);
        page.push_str("记者   王五      通讯员   李明\n");
        assert_eq!(read_columns(&page), None);
    }

    #[test]
    fn a_page_of_one_column_with_gaps_has_no_columns() {
        // Wide gaps inside lines, but no gutter the rows agree on.
        let page: String =
            (0..12).map(|r| format!("{}{}   {}\n", "字".repeat(r % 5 + 1), r, "文".repeat(9 - r % 7))).collect();
        assert_eq!(read_columns(&page), None);
    }

    #[test]
    fn form_feeds_part_pages_and_stay() {
        let one = grid(10, 2, 4, body);
        let page = format!("{one}\u{c}{one}\u{c}");
        let read = read_columns(&page).expect("a grid");
        assert_eq!(read.matches('\u{c}').count(), 2);
        assert_eq!(chars(&read), chars(&page));
        let first = read.split('\u{c}').next().unwrap_or_default();
        assert!(first.trim_start().starts_with('甲'));
    }

    /// The byte walk of [`looks_laid_out`] says what reading the page line by line says.
    #[test]
    fn the_byte_walk_reads_lines_as_str_lines_does() {
        fn by_lines(text: &str) -> bool {
            let (mut lines, mut gapped) = (0usize, 0usize);
            for line in text.lines() {
                let t = line.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\u{c}');
                if t.is_empty() {
                    continue;
                }
                if line.chars().count() > MAX_WIDTH {
                    return false;
                }
                lines += 1;
                gapped += usize::from(t.contains("   "));
            }
            lines >= MIN_LINES && gapped as f64 >= lines as f64 * GAPPED_SHARE
        }
        let pieces = ["甲乙", "   ", " ", "\t", "\u{c}", "\r", "\n", "\r\n", "ab", "    ", "丙", "\n", "甲   乙\n"];
        let (mut seed, mut grids) = (7u64, 0);
        for _ in 0..20_000 {
            let mut page = String::new();
            for _ in 0..(seed % 157) {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                page.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(looks_laid_out(&page), by_lines(&page), "{page:?}");
            grids += usize::from(by_lines(&page));
        }
        assert!(grids > 150, "{grids} pages drawn look laid out");
        let page = grid(12, 2, 4, body);
        let long = format!("{page}{}   {}\n", " ".repeat(MAX_WIDTH), "字".repeat(MAX_WIDTH));
        for page in [page.clone(), page.replace('\n', "\r\n"), page.replace('\n', "\r"), long] {
            assert_eq!(looks_laid_out(&page), by_lines(&page), "{page:?}");
        }
    }

    #[test]
    fn long_lines_are_no_grid() {
        let mut page = grid(10, 2, 4, body);
        page.push_str(&"字".repeat(MAX_WIDTH + 1));
        page.push('\n');
        assert_eq!(read_columns(&page), None);
    }
}
