//! The scan beside an OCR page: line crops in the report, the batch overview of article
//! regions, batch choosing each page's richest input, and `batch --ocr`. Tests that need
//! tesseract (and the devset's rendered pages) say so and are skipped without them.

use crate::common::newsmend;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/geometry").join(name)
}

/// A scan of testdata/geometry/two-columns.*: a white 1000×800 page with a dark bar
/// where each line's words stand, drawn at `scale` (the OCR boxes are at 1).
fn two_columns_png(path: &Path, scale: u32) {
    let bars = [
        (100, 100, 500, 160),
        (140, 200, 480, 230),
        (100, 240, 480, 270),
        (100, 280, 280, 310),
        (560, 200, 900, 230),
        (520, 240, 900, 270),
        (520, 280, 700, 310),
    ];
    let img = image::GrayImage::from_fn(1000 * scale, 800 * scale, |x, y| {
        let (x, y) = (x / scale, y / scale);
        let ink = bars.iter().any(|&(x0, y0, x1, y1)| (x0..x1).contains(&x) && (y0..y1).contains(&y));
        image::Luma([if ink { 40 } else { 250 }])
    });
    img.save(path).expect("png");
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("json")
}

/// The report's crops section, and the number of crops in it.
fn crops(html: &str) -> (&str, usize) {
    let section = html.split_once("<div class=\"crops\">").map_or("", |(_, c)| c);
    (section, section.matches("<img class=\"crop\"").count())
}

#[test]
fn the_report_crops_each_edited_line_of_an_ocr_page() {
    let dir = tempfile::tempdir().expect("tmp");
    // Half-width commas, as OCR often reads them: edits on lines with boxes.
    for (name, to) in [("two-columns.hocr", "p.hocr"), ("two-columns.alto.xml", "a.alto.xml")] {
        let page = std::fs::read_to_string(testdata(name)).expect("read").replace('，', ",");
        std::fs::write(dir.path().join(to), page).expect("write");
    }
    two_columns_png(&dir.path().join("p.png"), 1);
    // The ALTO page's scan is twice the size of its boxes: the crop scales to it.
    two_columns_png(&dir.path().join("a.png"), 2);
    for page in ["p.hocr", "a.alto.xml"] {
        assert!(newsmend(dir.path(), &["clean", page, "--report", "r.html"]).status.success());
        let html = std::fs::read_to_string(dir.path().join("r.html")).expect("report");
        let edits = json(&newsmend(dir.path(), &["clean", page, "--format", "json"]));
        let edits = edits["edits"].as_array().expect("edits");
        assert!(!edits.is_empty());
        let (section, n) = crops(&html);
        assert!(n >= 1 && n <= edits.len(), "{page}: {n} crops for {} edits", edits.len());
        assert_eq!(section.matches("src=\"data:image/jpeg;base64,").count(), n);
        for e in edits {
            let id = e["id"].as_str().expect("id");
            assert!(section.contains(&format!("data-id=\"{id}\"")), "{page}: edit {id} has its crop");
        }
    }
}

#[test]
fn the_report_finds_the_scan_an_hocr_file_names() {
    let dir = tempfile::tempdir().expect("tmp");
    let hocr = std::fs::read_to_string(testdata("two-columns.hocr")).expect("hocr");
    let hocr = hocr
        .replace("title='bbox 0 0 1000 800'", "title='image \"/elsewhere/scan-0001.png\"; bbox 0 0 1000 800'")
        .replace('，', ",");
    std::fs::write(dir.path().join("page.hocr"), hocr).expect("write");
    two_columns_png(&dir.path().join("scan-0001.png"), 1);
    assert!(newsmend(dir.path(), &["clean", "page.hocr", "--report", "r.html"]).status.success());
    let html = std::fs::read_to_string(dir.path().join("r.html")).expect("report");
    assert!(crops(&html).1 >= 1);
}

#[test]
fn plain_text_and_ocr_without_a_scan_get_no_crops() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/example.txt"), dir.path().join("page.txt"))
        .expect("copy");
    two_columns_png(&dir.path().join("page.png"), 1);
    std::fs::copy(testdata("two-columns.paddle.json"), dir.path().join("other.json")).expect("copy");
    for page in ["page.txt", "other.json"] {
        assert!(newsmend(dir.path(), &["clean", page, "--report", "r.html"]).status.success());
        let html = std::fs::read_to_string(dir.path().join("r.html")).expect("report");
        assert!(!html.contains("class=\"crops\"") && !html.contains("data:image/jpeg"), "{page}");
    }
    // The text page still shows its whole scan.
    assert!(newsmend(dir.path(), &["clean", "page.txt", "--report", "r.html"]).status.success());
    assert!(std::fs::read_to_string(dir.path().join("r.html")).expect("report").contains("data:image/png;base64,"));
}

#[test]
fn batch_reads_the_richest_input_and_draws_an_overview() {
    let root = tempfile::tempdir().expect("tmp");
    let issue = root.path().join("scans/issue");
    std::fs::create_dir_all(&issue).expect("mkdir");
    // p01: hOCR beats the plain text of the same page; its scan gives the overview.
    std::fs::copy(testdata("two-columns.hocr"), issue.join("p01.hocr")).expect("copy");
    std::fs::write(issue.join("p01.txt"), "今年以来 , 全县降水偏多\n").expect("write");
    two_columns_png(&issue.join("p01.png"), 2);
    // p02: ALTO beats PaddleOCR JSON, found by content whatever the name.
    std::fs::copy(testdata("two-columns.alto.xml"), issue.join("p02.xml")).expect("copy");
    std::fs::copy(testdata("two-columns.paddle.json"), issue.join("p02.json")).expect("copy");
    // p03: a scan alone is skipped with a note; a JSON file that is not OCR is no page.
    two_columns_png(&issue.join("p03.png"), 1);
    std::fs::write(issue.join("notes.json"), "{\"issue\": 1}").expect("write");

    let r = newsmend(root.path(), &["batch", "scans", "-o", "out", "-q"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("issue/p03.png") && err.contains("--ocr"), "{err}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.path().join("out/summary.json")).expect("summary"))
            .expect("json");
    let pages: Vec<&str> =
        summary["page_list"].as_array().expect("pages").iter().filter_map(|p| p["page"].as_str()).collect();
    assert_eq!(pages, ["issue/p01.hocr", "issue/p02.xml"]);
    assert_eq!(summary["skipped"][0], "issue/p03.png");
    assert!(!root.path().join("out/issue/p03").exists());
    let p01 = std::fs::read_to_string(root.path().join("out/issue/p01/page.txt")).expect("p01");
    // (The headline, at the top of both pages, is the issue's running head here.)
    assert!(p01.contains("墒情良好"), "{p01}");

    // The overview: at most 800 px wide, the page's proportions, the article in colour.
    let ov = image::open(root.path().join("out/issue/p01/overview.png")).expect("overview").to_rgb8();
    assert_eq!(ov.dimensions(), (800, 640));
    let coloured = ov.pixels().filter(|p| p.0.iter().max().unwrap_or(&0) - p.0.iter().min().unwrap_or(&0) > 60).count();
    assert!(coloured > 1000, "{coloured} coloured pixels");
    // Outside the text, the page is left as it is.
    assert_eq!(ov.get_pixel(790, 630).0, [255, 255, 255]);
    // p02's scan is absent: no overview, and no crops in its report.
    assert!(!root.path().join("out/issue/p02/overview.png").exists());
    let index = std::fs::read_to_string(root.path().join("out/index.html")).expect("index");
    assert!(index.contains("issue/p01/report.html") && index.contains("issue/p03.png"), "{index}");
    let report = std::fs::read_to_string(root.path().join("out/issue/p01/report.html")).expect("report");
    assert!(crops(&report).1 >= 1);

    // A scan put beside p02 later counts as a change to the page.
    two_columns_png(&issue.join("p02.png"), 1);
    let r = newsmend(root.path(), &["batch", "scans", "-o", "out", "-q"]);
    assert!(r.status.success());
    assert!(root.path().join("out/issue/p02/overview.png").is_file());
}

#[test]
fn batch_reads_the_ocr_json_of_each_tool_and_no_other_json() {
    let root = tempfile::tempdir().expect("tmp");
    let issue = root.path().join("scans/issue");
    std::fs::create_dir_all(&issue).expect("mkdir");
    for (from, to) in [
        ("two-columns.rapidocr.json", "p01.rapidocr.json"),
        ("two-columns.paddle3.json", "p02.json"),
        ("two-columns.umi.json", "p03.umi.json"),
    ] {
        std::fs::copy(testdata(from), issue.join(to)).expect("copy");
    }
    two_columns_png(&issue.join("p01.png"), 1);
    // Not OCR, though JSON: no page, and no error.
    std::fs::write(issue.join("gold.json"), r#"{"articles": [{"headings": [], "paragraphs": ["甲"]}]}"#)
        .expect("write");
    let r = newsmend(root.path(), &["batch", "scans", "-o", "out", "-q"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.path().join("out/summary.json")).expect("summary"))
            .expect("json");
    let pages: Vec<&str> =
        summary["page_list"].as_array().expect("pages").iter().filter_map(|p| p["page"].as_str()).collect();
    assert_eq!(pages, ["issue/p01.rapidocr.json", "issue/p02.json", "issue/p03.umi.json"]);
    // The RapidOCR file pairs with its scan.
    assert!(root.path().join("out/issue/p01/overview.png").is_file());
}

/// A PATH holding no tesseract.
fn without_tesseract(dir: &Path, args: &[&str]) -> Output {
    let empty = dir.join("empty-bin");
    std::fs::create_dir_all(&empty).expect("mkdir");
    Command::new(env!("CARGO_BIN_EXE_newsmend"))
        .current_dir(dir)
        .env("PATH", &empty)
        .args(args)
        .output()
        .expect("run newsmend")
}

#[test]
fn batch_ocr_without_tesseract_says_how_to_install_it() {
    let root = tempfile::tempdir().expect("tmp");
    let issue = root.path().join("scans/issue");
    std::fs::create_dir_all(&issue).expect("mkdir");
    two_columns_png(&issue.join("p01.png"), 1);
    let r = without_tesseract(root.path(), &["batch", "scans", "-o", "out", "-q", "--ocr"]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("apt-get install tesseract-ocr tesseract-ocr-chi-sim"), "{err}");
    // Without a scan to read, --ocr needs nothing.
    std::fs::remove_file(issue.join("p01.png")).expect("rm");
    std::fs::copy(testdata("two-columns.hocr"), issue.join("p01.hocr")).expect("copy");
    assert!(without_tesseract(root.path(), &["batch", "scans", "-o", "out", "-q", "--ocr"]).status.success());
}

fn tesseract() -> bool {
    Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "chi_sim"))
}

#[test]
fn batch_ocr_reads_a_scan_with_tesseract_once() {
    let test = "batch_ocr_reads_a_scan_with_tesseract_once";
    // A rendered page of the devset: its text may not be copied into the repository, so
    // the test crops it at run time.
    let Some(page) = crate::common::devset(test, "tesseract/dev-2012-06-13/p01/page.png") else { return };
    if !tesseract() {
        crate::common::skipped(test, "no tesseract with chi_sim (apt-get install tesseract-ocr tesseract-ocr-chi-sim)");
        return;
    }
    let full = image::open(&page).expect("the devset page decodes");
    let root = tempfile::tempdir().expect("tmp");
    let issue = root.path().join("scans/issue");
    std::fs::create_dir_all(&issue).expect("mkdir");
    let w = full.width();
    full.crop_imm(0, 0, w, (w * 3 / 10).min(full.height())).save(issue.join("p01.png")).expect("png");

    let r = newsmend(root.path(), &["batch", "scans", "-o", "out", "-q", "--ocr"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let text = std::fs::read_to_string(root.path().join("out/issue/p01/page.txt")).expect("page");
    assert!(text.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count() > 20, "{text}");
    assert!(root.path().join("out/issue/p01/overview.png").is_file());
    let cached = std::fs::read_dir(root.path().join("out/issue/p01"))
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".hocr"))
        .count();
    assert_eq!(cached, 1, "tesseract's hOCR is kept");
    // The next run reads the kept hOCR and finds the page unchanged.
    let r = newsmend(root.path(), &["batch", "scans", "-o", "out", "-q", "--ocr"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.path().join("out/summary.json")).expect("summary"))
            .expect("json");
    assert_eq!(summary["unchanged"], 1);
}

#[test]
fn each_line_of_the_page_text_keeps_its_box() {
    let names = [
        "two-columns.hocr",
        "two-columns.alto.xml",
        "two-columns.paddle.json",
        "two-columns.paddle2.json",
        "two-columns.paddle3.json",
        "two-columns.umi.json",
    ];
    for name in names {
        let file = std::fs::read_to_string(testdata(name)).expect("read");
        let (text, layout) = newsmend::geometry::page_layout(&file, name).expect("reads");
        let layout = layout.expect("a layout");
        let lines: Vec<&str> = layout.lines.iter().map(|l| &text[l.span.clone()]).collect();
        assert_eq!(
            lines,
            [
                "春雨润农田",
                "今年以来，全县降水偏",
                "多，墒情良好，为春播打",
                "下了基础。",
                "县农业农村局组织技",
                "术人员深入田间地头，",
                "指导抢抓农时。"
            ],
            "{name}"
        );
        // A reader of whole-line boxes places each character in its line by its width:
        // the sum may land a rounding away from the box's edge.
        let b = layout.lines[4].bbox;
        let r = |v: f64| (v * 1000.0).round() / 1000.0;
        assert_eq!((r(b.x0), r(b.y0), r(b.x1), r(b.y1)), (560.0, 200.0, 900.0, 230.0), "{name}");
        assert!(layout.lines.windows(2).all(|w| w[0].span.end <= w[1].span.start), "{name}: in text order");
    }
    let (_, none) = newsmend::geometry::page_layout("plain text\n", "t.txt").expect("text");
    assert!(none.is_none());
}

/// A stand-in for tesseract on PATH: it lists chi_sim and both vertical models, logs
/// each model it is run with, and prints `<model>.hocr` of its folder.
fn fake_tesseract(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("mkdir");
    let script = bin.join("tesseract");
    let body = "#!/bin/sh\n\
                case \"$1\" in\n\
                --version) echo 'tesseract 5.3.0'; exit 0;;\n\
                --list-langs) printf 'List of available languages (3):\\nchi_sim\\nchi_sim_vert\\nchi_tra_vert\\n'; exit 0;;\n\
                esac\n\
                echo \"$4\" >> \"$FAKE_DIR/models.log\"\n\
                cat \"$FAKE_DIR/$4.hocr\"\n";
    std::fs::write(&script, body).expect("script");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::write(dir.join("page.png"), b"a scan the stand-in never looks at").expect("scan");
    bin
}

/// `newsmend ARGS` with the stand-in tesseract in `dir`: its output and the models run.
fn with_fake_tesseract(dir: &Path, args: &[&str]) -> (Output, String) {
    let bin = fake_tesseract(dir);
    let out = Command::new(env!("CARGO_BIN_EXE_newsmend"))
        .current_dir(dir)
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("FAKE_DIR", dir)
        .args(args)
        .output()
        .expect("run newsmend");
    let log = std::fs::read_to_string(dir.join("models.log")).unwrap_or_default();
    (out, log)
}

/// A vertical page is read again with each installed vertical model, and the reading
/// tesseract is surer of is kept; a horizontal page is read once with chi_sim; a model
/// named is the only one run.
#[test]
fn ocr_chooses_a_vertical_model_for_a_vertical_page() {
    let root = tempfile::tempdir().expect("tmp");
    let vertical = std::fs::read_to_string(testdata("vertical.hocr")).expect("fixture");
    let unsure = vertical.replace("x_wconf 90", "x_wconf 40").replace('館', "馆");
    for (model, hocr) in [("chi_sim", &vertical), ("chi_tra_vert", &vertical), ("chi_sim_vert", &unsure)] {
        std::fs::write(root.path().join(format!("{model}.hocr")), hocr).expect("write");
    }
    let (out, log) = with_fake_tesseract(root.path(), &["clean", "--ocr", "page.png"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(log, "chi_sim\nchi_tra_vert\nchi_sim_vert\n");
    let expected =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/clean-vertical-hocr.stdout"));
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected.expect("expected output"));

    let horizontal = tempfile::tempdir().expect("tmp");
    std::fs::copy(testdata("two-columns.hocr"), horizontal.path().join("chi_sim.hocr")).expect("copy");
    let (out, log) = with_fake_tesseract(horizontal.path(), &["clean", "--ocr", "page.png"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(log, "chi_sim\n");

    // A vertical model that fails leaves the other's reading.
    let failing = tempfile::tempdir().expect("tmp");
    for model in ["chi_sim", "chi_sim_vert"] {
        std::fs::write(failing.path().join(format!("{model}.hocr")), &vertical).expect("write");
    }
    let (out, log) = with_fake_tesseract(failing.path(), &["clean", "--ocr", "page.png"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(log, "chi_sim\nchi_tra_vert\nchi_sim_vert\n");

    let forced = tempfile::tempdir().expect("tmp");
    std::fs::write(forced.path().join("chi_tra.hocr"), &vertical).expect("write");
    let (out, log) = with_fake_tesseract(forced.path(), &["clean", "--ocr", "--ocr-lang", "chi_tra", "page.png"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(log, "chi_tra\n");
}

/// `batch --ocr` chooses the same way, and keeps one hOCR a scan.
#[test]
fn batch_ocr_chooses_a_vertical_model_once() {
    let root = tempfile::tempdir().expect("tmp");
    let vertical = std::fs::read_to_string(testdata("vertical.hocr")).expect("fixture");
    for model in ["chi_sim", "chi_tra_vert", "chi_sim_vert"] {
        std::fs::write(root.path().join(format!("{model}.hocr")), &vertical).expect("write");
    }
    let issue = root.path().join("scans/issue");
    std::fs::create_dir_all(&issue).expect("mkdir");
    two_columns_png(&issue.join("p01.png"), 1);
    let args = ["batch", "scans", "-o", "out", "-q", "--ocr"];
    let (out, log) = with_fake_tesseract(root.path(), &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(log, "chi_sim\nchi_tra_vert\nchi_sim_vert\n");
    let text = std::fs::read_to_string(root.path().join("out/issue/p01/page.txt")).expect("page");
    assert!(text.contains("圖書館新館開放"), "{text}");
    let (out, log) = with_fake_tesseract(root.path(), &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(log, "chi_sim\nchi_tra_vert\nchi_sim_vert\n", "the kept hOCR is read, tesseract not run again");
}
