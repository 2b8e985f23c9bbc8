//! PDF pages: read from the text layer; a layer that is no text is one clear error, or
//! with `--ocr` the page drawn by pdftoppm and read by tesseract; a damaged PDF is one
//! clear error, fast.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/pdf").join(name)
}

fn newsmend(args: &[&str], pdf: &Path, path: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsmend"));
    cmd.args(args).arg(pdf);
    if let Some(p) = path {
        cmd.env("PATH", p);
    }
    cmd.output().expect("run newsmend")
}

/// An executable shell script `name` in `dir`.
#[cfg(unix)]
fn script(dir: &Path, name: &str, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join(name);
    std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).expect("write script");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// `--ocr` on a PDF whose text layer is glyph numbers: the page is drawn (a stand-in
/// pdftoppm writes the PNG it is asked for) and read by tesseract (a stand-in prints
/// its hOCR), and that is the page.
#[cfg(unix)]
#[test]
fn ocr_reads_a_page_whose_text_layer_cannot_be_read() {
    let dir = tempfile::tempdir().expect("tmp");
    // pdftoppm … -singlefile PDF ROOT writes ROOT.png; tesseract IMAGE stdout … hocr.
    script(dir.path(), "pdftoppm", "for a; do root=$a; done; printf png > \"$root.png\"");
    let hocr = "<div class='ocr_page' title='bbox 0 0 1000 1000'><span class='ocr_line' title='bbox 100 100 420 140'>\
                <span class='ocrx_word' title='bbox 100 100 420 140; x_wconf 95'>城市书房夜里也亮灯。</span></span></div>";
    script(
        dir.path(),
        "tesseract",
        &format!("[ \"$1\" = --list-langs ] && {{ echo chi_sim; exit 0; }}; echo \"{hocr}\""),
    );
    let path = format!("{}:/usr/bin:/bin", dir.path().display());
    let out = newsmend(&["clean", "--ocr"], &testdata("no-tounicode.pdf"), Some(Path::new(&path)));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "城市书房夜里也亮灯。\n");
    // The page read from its own text layer needs neither tool.
    let out = newsmend(&["clean", "--ocr"], &testdata("page.pdf"), Some(Path::new(&path)));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("城市书房夜里也亮着灯"));
}

#[test]
fn ocr_without_pdftoppm_says_how_to_install_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = newsmend(&["clean", "--ocr"], &testdata("image-only.pdf"), Some(dir.path()));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "newsmend: pdftoppm not found: apt-get install poppler-utils\n");
}

/// A damaged PDF, however damaged, is one line of error or a page, in bounded time.
#[test]
fn a_damaged_pdf_is_one_clear_error() {
    let page = std::fs::read(testdata("page.pdf")).expect("page.pdf");
    let xref = page.windows(6).position(|w| w == b"\nxref\n").expect("xref");
    let mut broken_xref = page.clone();
    broken_xref[xref + 8..xref + 40].fill(b'9');
    let cases: [(&str, Vec<u8>); 4] = [
        ("cut.pdf", page[..page.len() / 2].to_vec()),
        ("head-only.pdf", b"%PDF-1.7\n".to_vec()),
        ("noise.pdf", [b"%PDF-1.4\n".as_slice(), &[0x9Fu8; 4096]].concat()),
        ("xref.pdf", broken_xref),
    ];
    let dir = tempfile::tempdir().expect("tmp");
    for (name, body) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, body).expect("write");
        let t = Instant::now();
        let out = newsmend(&["clean"], &p, None);
        assert!(t.elapsed() < Duration::from_secs(5), "{name} took {:?}", t.elapsed());
        let err = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => assert!(err.is_empty(), "{name}: {err}"),
            Some(2) => assert!(err.starts_with("newsmend: ") && err.lines().count() == 1, "{name}: {err}"),
            code => panic!("{name}: exit {code:?}: {err}"),
        }
    }
}

/// A list set with an ideographic space after each name, the spaces one under another
/// like a narrow gutter: the spaces are text of their lines, and the list reads in order.
#[test]
fn ideographic_spaces_down_a_column_are_no_gutter() {
    let out = newsmend(&["clean"], &testdata("spaced.pdf"), None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text: String = String::from_utf8_lossy(&out.stdout).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains("工商银行五千万股、中国银行八千万股、农业银行二千万股、建设银行二千万股。"), "{text}");
}

/// The same list: a PDF's spaces are printed, not OCR damage, so the ideographic space
/// after each name stays as the page prints it.
#[test]
fn a_pdfs_printed_spaces_stay() {
    let out = newsmend(&["clean"], &testdata("spaced.pdf"), None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("增持：工商银行\u{3000}五千万股、中国银行\u{3000}八千万股、"), "{text}");
}
