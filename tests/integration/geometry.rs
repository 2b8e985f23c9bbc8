//! Readers of positioned OCR: hOCR, ALTO and the OCR JSON of PaddleOCR, RapidOCR and
//! Umi-OCR give the page in reading order, and hostile XML or JSON ends in one clear
//! error, fast and in bounded memory.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn clean(path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsmend")).arg("clean").arg(path).output().expect("run newsmend")
}

const EXPECTED: &str = "春雨润农田\n\n今年以来，全县降水偏多，墒情良好，为春播打下了基础。\n县农业农村局组织技术人员深入田间地头，指导抢抓农时。\n";

#[test]
fn each_format_reads_in_column_order() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/geometry");
    let names = [
        "two-columns.hocr",
        "two-columns.alto.xml",
        "two-columns.paddle.json",
        "two-columns.rapidocr.json",
        "two-columns.paddle2.json",
        "two-columns.paddle3.json",
        "two-columns.paddle3-res.json",
        "two-columns.umi.json",
    ];
    for name in names {
        let out = clean(&dir.join(name));
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout), EXPECTED, "{name}");
    }
}

#[test]
fn the_percent_sign_ocr_reads_for_chinese_types_is_full_width_again() {
    let dir = tempfile::tempdir().expect("tmp");
    let line = |y: u32, text: &str| {
        format!(r#"[[[10, {y}], [410, {y}], [410, {}], [10, {}]], "{text}", 0.95]"#, y + 20, y + 20)
    };
    let lines = [
        line(10, "今年全县粮食产量增长3.2%，高于去年。"),
        line(40, "其中小麦增产12%，玉米持平。"),
        line(70, "CPI 2.1% year on year"),
    ];
    let json = dir.path().join("page.rapidocr.json");
    std::fs::write(&json, format!("[{}]", lines.join(", "))).expect("write");
    let out = String::from_utf8_lossy(&clean(&json).stdout).into_owned();
    assert!(out.contains("增长3.2％，") && out.contains("增产12％，"), "{out}");
    assert!(out.contains("2.1%"), "{out}");
    // A text file's `%` is the character its writer typed.
    let txt = dir.path().join("page.txt");
    std::fs::write(&txt, "今年全县粮食产量增长3.2%，高于去年。\n").expect("write");
    assert!(String::from_utf8_lossy(&clean(&txt).stdout).contains("3.2%"));
}

fn hostile(name: &str, body: &[u8]) {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join(name);
    std::fs::write(&path, body).expect("write");
    let t = Instant::now();
    let out = clean(&path);
    assert!(t.elapsed() < Duration::from_secs(5), "{name} took {:?}", t.elapsed());
    assert_eq!(out.status.code(), Some(2), "{name}: {}", String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("newsmend: ") && err.lines().count() == 1, "{name}: {err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn billion_laughs_is_refused() {
    let mut x = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
        x.push_str(&format!("<!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10)));
    }
    x.push_str("]>\n<alto><Layout><Page><TextBlock><TextLine HPOS=\"0\" VPOS=\"0\" WIDTH=\"9\" HEIGHT=\"9\"><String HPOS=\"0\" VPOS=\"0\" WIDTH=\"9\" HEIGHT=\"9\" CONTENT=\"&lol9;\"/></TextLine></TextBlock></Page></Layout></alto>\n");
    hostile("laughs.xml", x.as_bytes());
}

#[test]
fn deep_or_truncated_json_is_refused() {
    hostile("deep.json", "[".repeat(1_000_000).as_bytes());
    let json =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/geometry/two-columns.rapidocr.json"))
            .expect("json");
    hostile("cut.json", &json.as_bytes()[..json.len() / 2]);
    // Numbers past any page, and boxes of one point or none: read, or one clear error.
    let odd = r#"[[[[1e308, -1e308], [1e308, 1e308]], "甲乙", 0.9], [[[5, 5]], "丙", 0.9], [[], "丁", 0.9]]"#;
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("odd.json"), odd).expect("write");
    assert!(matches!(clean(&dir.path().join("odd.json")).status.code(), Some(0 | 2)));
}

#[test]
fn an_external_entity_is_not_read() {
    let x = "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<alto><Layout><Page><TextBlock><TextLine HPOS=\"0\" VPOS=\"0\" WIDTH=\"9\" HEIGHT=\"9\"><String HPOS=\"0\" VPOS=\"0\" WIDTH=\"9\" HEIGHT=\"9\" CONTENT=\"&xxe;\"/></TextLine></TextBlock></Page></Layout></alto>\n";
    hostile("xxe.xml", x.as_bytes());
}

#[test]
fn deep_nesting_and_truncation_are_refused() {
    let mut deep = String::from("<?xml version=\"1.0\"?>\n<alto>");
    deep.push_str(&"<Layout>".repeat(1_000_000));
    hostile("deep.xml", deep.as_bytes());
    let hocr = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/geometry/two-columns.hocr"))
        .expect("hocr");
    let cut = &hocr[..hocr.find("ocr_carea' id='block_3'").expect("block")];
    hostile("cut.hocr", format!("{cut}<span class='ocrx_word' title='bbox 1 2").as_bytes());
}

#[test]
fn ocr_without_tesseract_says_how_to_install_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let img = dir.path().join("page.png");
    image::GrayImage::from_pixel(40, 20, image::Luma([255])).save(&img).expect("png");
    let out = Command::new(env!("CARGO_BIN_EXE_newsmend"))
        .args(["clean", "--ocr"])
        .arg(&img)
        .env("PATH", dir.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "newsmend: tesseract not found: apt-get install tesseract-ocr tesseract-ocr-chi-sim\n"
    );
}

/// With tesseract and its Chinese data on the machine, a devset scan is read and cleaned.
#[test]
fn ocr_reads_a_scan_with_tesseract() {
    let test = "ocr_reads_a_scan_with_tesseract";
    let Some(png) = crate::common::devset(test, "tesseract/dev-2012-06-15/p03/page.png") else { return };
    let has = Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("chi_sim"));
    if !has {
        crate::common::skipped(test, "no tesseract with chi_sim (apt-get install tesseract-ocr tesseract-ocr-chi-sim)");
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_newsmend")).args(["clean", "--ocr"]).arg(&png).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("财政部"));
}

/// An OCR JSON file's first page, as the fuzz target reads it.
fn read_json(text: &str, name: &str) -> newsmend::Result<newsmend::geometry::OcrPage> {
    let pages = newsmend::geometry::read_ocr_json(text, name)?;
    Ok(pages.into_iter().next().unwrap_or_default())
}

/// Inputs the reader fuzz targets crashed on (`tests/found/`, named by what they hold):
/// read as the fuzz target reads them, and cleaned from the command line, each gives
/// text or one clear error, never a panic.
#[test]
fn reader_fuzz_findings_read_or_are_refused() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/found");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).expect("tests/found") {
        let path = e.expect("entry").path();
        let name = path.display().to_string();
        let bytes = std::fs::read(&path).expect("read");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let read = match path.extension().and_then(|x| x.to_str()) {
            Some("pdf") => {
                let _ = newsmend::geometry::read_pdf(&bytes, "found");
                let out = clean(&path);
                let err = String::from_utf8_lossy(&out.stderr);
                assert!(matches!(out.status.code(), Some(0 | 2)) && err.lines().count() <= 1, "{name}: {err}");
                n += 1;
                continue;
            }
            Some("xml") => newsmend::geometry::read_alto,
            Some("hocr") => newsmend::geometry::read_hocr,
            Some("json") => read_json,
            _ => continue,
        };
        if let Ok(page) = read(&text, "found") {
            let _ = newsmend::geometry::to_text(&page.lines);
        }
        let out = clean(&path);
        assert!(matches!(out.status.code(), Some(0 | 2)), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        n += 1;
    }
    assert!(n > 0);
}
