//! The HTML report in a real browser: headless Chromium renders the edits, and a page
//! holding markup shows it as text and runs nothing. Without Chromium on the machine the
//! browser checks say so and are skipped; CI installs it.

use crate::common::newsmend;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|name| {
        let ok = Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success());
        ok.then(|| PathBuf::from(name))
    })
}

/// The DOM after the page's scripts ran.
fn dump_dom(browser: &Path, html: &Path) -> String {
    let profile = tempfile::tempdir().expect("profile");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn report_is_self_contained_and_escaped() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("page.txt"), "他说<script>alert(1)</script>,好\n").expect("write");
    assert!(newsmend(dir.path(), &["clean", "page.txt", "--report", "r.html"]).status.success());
    let html = std::fs::read_to_string(dir.path().join("r.html")).expect("report");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(html.matches("<script>").count(), 1, "only the report's own script");
    assert!(!html.contains("http://") && !html.contains("https://"), "no network");
}

#[test]
fn report_shows_the_scan_beside_the_text() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/example.txt"), dir.path().join("page.txt"))
        .expect("copy");
    let img = image::RgbImage::from_fn(1600, 2000, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    img.save(dir.path().join("page.png")).expect("png");
    assert!(newsmend(dir.path(), &["clean", "page.txt", "--report", "r.html"]).status.success());
    let html = std::fs::read_to_string(dir.path().join("r.html")).expect("report");
    assert!(html.contains("src=\"data:image/png;base64,"));
}

#[test]
fn chromium_renders_the_edits_and_runs_no_page_script() {
    let Some(browser) = chromium() else {
        crate::common::skipped(
            "chromium_renders_the_edits_and_runs_no_page_script",
            "no chromium (apt-get install chromium)",
        );
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    // The bundled example, and the project's source page when the devset is beside.
    let mut pages = vec![PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/example.txt"))];
    pages.extend(crate::common::devset_part("chromium_renders_the_edits_and_runs_no_page_script", "seed/input.txt"));
    for page in pages {
        std::fs::copy(&page, dir.path().join("page.txt")).expect("copy");
        assert!(newsmend(dir.path(), &["clean", "page.txt", "--report", "r.html"]).status.success());
        let json: serde_json::Value =
            serde_json::from_slice(&newsmend(dir.path(), &["clean", "page.txt", "--format", "json"]).stdout)
                .expect("json");
        let n = json["edits"].as_array().expect("edits").len();
        let dom = dump_dom(&browser, &dir.path().join("r.html"));
        assert!(dom.contains("id=\"cleaned\""), "report did not render: {}", &dom[..dom.len().min(300)]);
        assert_eq!(dom.matches("class=\"e").count(), n, "every edit shown in the original of {}", page.display());
        assert!(dom.contains("data-rule=\"space.cjk\""));
    }

    // A page of markup: shown as text, nothing of it runs.
    std::fs::write(
        dir.path().join("evil.txt"),
        "他说<script>document.body.setAttribute('data-pwned','1')</script>好\n<img src=x onerror=\"document.title='pwned'\">\n",
    )
    .expect("write");
    assert!(newsmend(dir.path(), &["clean", "evil.txt", "--report", "evil.html"]).status.success());
    let dom = dump_dom(&browser, &dir.path().join("evil.html"));
    assert!(dom.contains("&lt;script&gt;document.body.setAttribute"), "markup shown as text");
    assert!(!dom.contains("data-pwned=\"1\""), "page script ran");
    assert!(!dom.contains("<title>pwned</title>"), "page handler ran");
    assert!(!dom.contains("<img src=\"x\""));
}
