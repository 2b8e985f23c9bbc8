//! `pdftotext -layout` text (columns side by side on one line) is read in column order
//! at ingest, keeping every character; other text is left as it is. Checked on the
//! bundled pages, and on every text page of the devset beside the repository: each
//! `page.layout.txt` is read as columns, and no `input.txt`, `page.txt` or
//! `page.pymupdf.txt` is.

use newsmend::ingest;
use std::path::Path;
use std::time::{Duration, Instant};

fn non_space(s: &str) -> Vec<char> {
    let mut v: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    v.sort_unstable();
    v
}

fn read(path: &Path) -> (String, String) {
    let raw = std::fs::read_to_string(path).expect("a UTF-8 page");
    let src = ingest::read(path).expect("decodes");
    (raw, src.text)
}

/// The place of `needle` in `hay`, which must hold it.
fn at(hay: &str, needle: &str) -> usize {
    hay.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {hay}"))
}

#[test]
fn bundled_pages_read_column_after_column() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/layout");
    let (raw, two) = read(&dir.join("two-columns.txt"));
    assert_eq!(non_space(&two), non_space(&raw));
    // Running head, the headline over both columns, the first column, the second.
    let order = ["滨江晚报", "老旧小区改造", "本报讯", "再加装电", "梯 、 修 缮", "其余小区将分两年实施。", "\n5\n"];
    let places: Vec<usize> = order.iter().map(|n| at(&two, n)).collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "{two}");

    // The same page aligned for a terminal (a Chinese character two columns wide) reads
    // the same.
    let (raw, printed) = read(&dir.join("two-columns-printed.txt"));
    assert_eq!(non_space(&printed), non_space(&raw));
    assert_eq!(printed, two);

    let (raw, three) = read(&dir.join("three-columns.txt"));
    assert_eq!(non_space(&three), non_space(&raw));
    // The headline centred over the columns (inside the middle one) comes before the
    // first column; each column follows the one before.
    let order = [
        "新区首条地铁线路",
        "——全长",
        "本报讯",
        "到 高 铁 站 的",
        "车程由原来",
        "公司负责人",
        "表示，试运营",
        "（下转第3版）",
    ];
    let places: Vec<usize> = order.iter().map(|n| at(&three, n)).collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "{three}");
}

#[test]
fn other_bundled_pages_are_left_as_they_are() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    for name in ["example.txt", "ecpo-jingbao-1930-04-03-wrap.txt", "ecpo-jingbao-1930-04-06-lines.txt"] {
        let (raw, text) = read(&dir.join(name));
        assert_eq!(text, raw, "{name}");
    }
}

/// Every text page of the devset: `-layout` pages read as columns in a few
/// milliseconds, keeping their characters; the other extractions and OCR text untouched.
#[test]
fn devset_layout_pages_read_as_columns_and_no_other_text_does() {
    let Some(root) = crate::common::devset("devset_layout_pages_read_as_columns_and_no_other_text_does", "") else {
        return;
    };
    let (mut layout, mut other) = (0, 0);
    for e in walkdir::WalkDir::new(&root).sort_by_file_name().into_iter().flatten() {
        let name = e.file_name().to_string_lossy();
        if !matches!(name.as_ref(), "page.layout.txt" | "input.txt" | "page.txt" | "page.pymupdf.txt") {
            continue;
        }
        let bytes = std::fs::read(e.path()).expect("read");
        let raw = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
        let t = Instant::now();
        let src = ingest::decode(&bytes, &e.path().display().to_string()).expect("decodes");
        let took = t.elapsed();
        if name == "page.layout.txt" {
            assert_ne!(src.text, raw, "{}: not read as columns", e.path().display());
            assert_eq!(non_space(&src.text), non_space(&raw), "{}", e.path().display());
            assert!(took < Duration::from_millis(200), "{}: {took:?}", e.path().display());
            layout += 1;
        } else {
            assert_eq!(src.text, raw, "{}: read as columns", e.path().display());
            other += 1;
        }
    }
    assert!(layout >= 40 && other >= 100, "{layout} -layout pages, {other} others");
}
