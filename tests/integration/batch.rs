//! Batch: a scan folder in, an output folder out; bad pages reported while the rest is
//! done; the scan folder untouched; a re-run skips what is unchanged and finishes what a
//! killed run left; JSON lines in and out in the same order.

use crate::common::newsmend;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn example() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/example.txt")).expect("example")
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).expect("read")))
        .collect()
}

fn scans_with_bad_pages(root: &Path) -> PathBuf {
    let scans = root.join("scans");
    let issue = scans.join("2024-05-08");
    std::fs::create_dir_all(&issue).expect("mkdir");
    std::fs::write(issue.join("p01.txt"), example()).expect("write");
    std::fs::write(issue.join("p02.txt"), example().replace("春季", "秋季")).expect("write");
    let (gbk, _, _) = encoding_rs::GB18030.encode("本报讯(记者 彭禹乔)12 月19日,会议在江津区 召开。\n");
    std::fs::write(issue.join("p03.txt"), &gbk).expect("write");
    std::fs::write(issue.join("p04.txt"), b"").expect("write");
    let noise: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 7) as u8).collect();
    std::fs::write(issue.join("p05.txt"), noise).expect("write");
    scans
}

#[test]
fn bad_pages_are_reported_and_the_rest_is_done() {
    let root = tempfile::tempdir().expect("tmp");
    let scans = scans_with_bad_pages(root.path());
    let before = snapshot(&scans);
    let r = newsmend(root.path(), &["batch", "scans", "-o", "out", "-q"]);
    assert_eq!(r.status.code(), Some(2), "a failed page makes exit 2");
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("p04.txt") && err.contains("empty"), "{err}");
    assert!(err.contains("p05.txt"), "{err}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.path().join("out/summary.json")).expect("summary"))
            .expect("json");
    assert_eq!(summary["failed"], 2);
    assert_eq!(summary["cleaned"], 3);
    let gbk = std::fs::read_to_string(root.path().join("out/2024-05-08/p03/page.txt")).expect("gbk page cleaned");
    assert_eq!(gbk, "本报讯（记者 彭禹乔）12月19日，会议在江津区召开。\n");
    for f in ["page.json", "report.html", "page.txt.review.json", "article-01.txt", ".done"] {
        assert!(root.path().join("out/2024-05-08/p01").join(f).is_file(), "{f}");
    }
    assert!(std::fs::read_to_string(root.path().join("out/index.html")).expect("index").contains("p01/report.html"));
    assert_eq!(snapshot(&scans), before, "the scan folder is never written");
}

#[test]
fn a_rerun_skips_unchanged_pages_and_finishes_a_killed_run() {
    let root = tempfile::tempdir().expect("tmp");
    let scans = root.path().join("scans/issue");
    std::fs::create_dir_all(&scans).expect("mkdir");
    for i in 0..20 {
        std::fs::write(scans.join(format!("p{i:02}.txt")), example()).expect("write");
    }
    assert!(newsmend(root.path(), &["batch", "scans", "-o", "out", "-q"]).status.success());
    let first = snapshot(&root.path().join("out"));
    // A run killed half-way: one page without its marker, another half-written.
    std::fs::remove_file(root.path().join("out/issue/p03/.done")).expect("rm");
    std::fs::write(root.path().join("out/issue/p07/page.json"), b"{\"trunc").expect("truncate");
    std::fs::remove_file(root.path().join("out/issue/p07/.done")).expect("rm");
    let r = newsmend(root.path(), &["batch", "scans", "-o", "out", "-q"]);
    assert!(r.status.success());
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.path().join("out/summary.json")).expect("summary"))
            .expect("json");
    assert_eq!(summary["cleaned"], 2);
    assert_eq!(summary["unchanged"], 18);
    let second = snapshot(&root.path().join("out"));
    for (path, bytes) in &first {
        if path.ends_with("summary.json") && path.parent() == Some(&root.path().join("out"))
            || path.ends_with("index.html")
        {
            continue;
        }
        assert_eq!(second.get(path), Some(bytes), "{}", path.display());
    }
    for (path, bytes) in &second {
        if path.extension().is_some_and(|e| e == "json") {
            serde_json::from_slice::<serde_json::Value>(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

#[test]
fn a_rerun_keeps_review_decisions_and_check_reports_pending() {
    let root = tempfile::tempdir().expect("tmp");
    let scans = root.path().join("scans");
    std::fs::create_dir_all(&scans).expect("mkdir");
    std::fs::write(scans.join("p01.txt"), example()).expect("write");
    assert_eq!(newsmend(root.path(), &["batch", "scans", "-o", "out", "-q", "--check"]).status.code(), Some(1));
    assert!(newsmend(root.path(), &["reject", "out/p01/page.txt", "--rule", "space"]).status.success());
    let decided = std::fs::read(root.path().join("out/p01/page.txt")).expect("page");
    // Rules changed: the page is cleaned again, and the rejection stands.
    std::fs::write(root.path().join("mine.toml"), "[space]\ncjk_latin = \"remove\"\n").expect("rules");
    assert!(newsmend(root.path(), &["batch", "scans", "-o", "out", "-q", "--rules", "mine.toml"]).status.success());
    assert_eq!(std::fs::read(root.path().join("out/p01/page.txt")).expect("page"), decided);
    assert!(newsmend(root.path(), &["accept", "out/p01/page.txt", "--all"]).status.success());
    assert_eq!(
        newsmend(root.path(), &["batch", "scans", "-o", "out", "-q", "--check", "--rules", "mine.toml"]).status.code(),
        Some(0)
    );
}

#[test]
fn an_output_folder_inside_the_scans_is_refused() {
    let root = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(root.path().join("scans")).expect("mkdir");
    std::fs::write(root.path().join("scans/p01.txt"), example()).expect("write");
    let r = newsmend(root.path(), &["batch", "scans", "-o", "scans/out"]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("inside the scan folder"));
}

#[test]
fn jsonl_in_jsonl_out_in_order() {
    let mut input = String::new();
    for i in 0..1000 {
        let text = if i % 3 == 0 {
            example()
        } else {
            format!("第{i}条：本报讯(记者 彭禹乔)12 月19日,会议 召开。")
        };
        input.push_str(&serde_json::json!({"id": i, "text": text}).to_string());
        input.push('\n');
    }
    input.push_str("not json\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmend"))
        .args(["clean", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(input.as_bytes()).expect("write");
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer");
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).expect("utf-8").lines().map(|l| serde_json::from_str(l).expect("json")).collect();
    assert_eq!(lines.len(), 1001);
    for (i, l) in lines.iter().take(1000).enumerate() {
        assert_eq!(l["id"], i, "order kept");
        assert!(l["articles"].as_array().is_some_and(|a| !a.is_empty()));
    }
    assert!(lines[1]["text"].as_str().expect("text").contains("（记者 彭禹乔）12月19日，会议召开。"));
    assert!(lines[1000]["error"].is_string());
}

/// The devset's Tesseract issues: articles that jump pages come out whole in one file.
#[test]
fn articles_split_across_pages_are_stitched() {
    let Some(devset) = crate::common::devset("articles_split_across_pages_are_stitched", "tesseract") else {
        return;
    };
    let root = tempfile::tempdir().expect("tmp");
    for issue in std::fs::read_dir(&devset).expect("devset").filter_map(Result::ok).filter(|e| e.path().is_dir()) {
        for page in std::fs::read_dir(issue.path()).expect("issue").filter_map(Result::ok).filter(|e| e.path().is_dir())
        {
            let to = root.path().join("scans").join(issue.file_name()).join(page.file_name());
            std::fs::create_dir_all(&to).expect("mkdir");
            std::fs::copy(page.path().join("page.txt"), to.join("page.txt")).expect("copy");
        }
    }
    let r = newsmend(root.path(), &["batch", "scans", "-o", "out", "-q"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.path().join("out/summary.json")).expect("summary"))
            .expect("json");
    assert!(summary["stitched"].as_u64().expect("stitched") >= 1, "{summary}");
}

/// A batch's article files are what `clean --format markdown` prints for each article,
/// and its text article files what the page's text output holds of it: one renderer a
/// format. A paragraph with Markdown marks shows it: escaped in both.
#[test]
fn article_files_are_the_renderers_output() {
    let root = tempfile::tempdir().expect("tmp");
    let issue = root.path().join("scans/issue");
    std::fs::create_dir_all(&issue).expect("mkdir");
    let page = format!("{}\n\n价格*打折*[注]一览\n\n本报讯 本周商场价格*打折*[注],请留意。\n", example());
    std::fs::write(issue.join("p01.txt"), &page).expect("write");
    let r = newsmend(root.path(), &["batch", "scans", "-o", "out", "-q", "--format", "markdown", "--format", "text"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let md = newsmend(&issue, &["clean", "p01.txt", "--format", "markdown"]);
    let md = String::from_utf8(md.stdout).expect("utf-8");
    let articles: Vec<&str> = md.split("---\n\n").collect();
    assert!(articles.len() >= 3, "{md}");
    assert!(md.contains(r"价格\*打折\*\[注\]"), "escaped: {md}");
    let dir = root.path().join("out/issue/p01");
    for (i, a) in articles.iter().enumerate() {
        let file = std::fs::read_to_string(dir.join(format!("article-{:02}.md", i + 1))).expect("article file");
        assert_eq!(file, format!("{}\n", a.trim_end_matches('\n')), "article {}", i + 1);
    }
    assert!(!dir.join(format!("article-{:02}.md", articles.len() + 1)).exists());
    // The text files: each article as the page's text output lays it out.
    let text = String::from_utf8(newsmend(&issue, &["clean", "p01.txt"]).stdout).expect("utf-8");
    for (i, a) in text.trim_start_matches('\n').split("\n---\n\n").enumerate() {
        let file = std::fs::read_to_string(dir.join(format!("article-{:02}.txt", i + 1))).expect("article file");
        assert_eq!(file, format!("{}\n", a.trim_end_matches('\n')), "article {}", i + 1);
    }
}

/// `clean --jsonl` lists each line's edits as `clean --format json` lists the page's:
/// the same objects, ids and all.
#[test]
fn jsonl_lists_the_edits_as_the_page_json_does() {
    let root = tempfile::tempdir().expect("tmp");
    std::fs::write(root.path().join("p.txt"), example()).expect("write");
    let line = serde_json::json!({"id": "p", "text": example()}).to_string();
    std::fs::write(root.path().join("pages.jsonl"), format!("{line}\n")).expect("write");
    let json = newsmend(root.path(), &["clean", "p.txt", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("page json");
    let r = newsmend(root.path(), &["clean", "--jsonl", "pages.jsonl"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let got: serde_json::Value = serde_json::from_slice(&r.stdout).expect("json line");
    assert!(json["edits"].as_array().is_some_and(|e| !e.is_empty()));
    assert_eq!(got["edits"], json["edits"]);
    assert_eq!(got["articles"], json["articles"]);
}

/// A JSON line is a page, held to the page limit: a longer one is answered with an error
/// (its id found at its head) and read past without being held, and the next line is
/// cleaned. Run under a memory limit below what holding the line would take, above what
/// a line at the limit takes.
#[cfg(unix)]
#[test]
fn a_jsonl_line_past_the_page_limit_is_an_error_and_is_not_held() {
    use std::io::Write;
    const MB: usize = 1 << 20;
    let script = format!("ulimit -v {}; exec \"$0\" clean --jsonl -", 700 * 1024);
    let mut child = Command::new("sh")
        .args(["-c", &script, env!("CARGO_BIN_EXE_newsmend")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let block = "字".repeat(MB / 3);
        stdin.write_all(r#"{"id": 1, "text": "会议 召开。"}"#.as_bytes()).and_then(|_| stdin.write_all(b"\n"))?;
        stdin.write_all(br#"{"id": {"n": 2}, "text": ""#)?;
        for _ in 0..(600 * MB / block.len()) {
            stdin.write_all(block.as_bytes())?;
        }
        stdin.write_all(b"\"}\n")?;
        stdin.write_all(r#"{"id": 3, "text": "会议 召开。"}"#.as_bytes())
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer").expect("all written");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).expect("utf-8").lines().map(|l| serde_json::from_str(l).expect("json")).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["text"], "会议召开。\n");
    assert_eq!(lines[1]["id"], serde_json::json!({"n": 2}));
    assert_eq!(lines[1]["error"], "600 MB is larger than the 256 MB page limit: not read");
    assert_eq!(lines[2]["id"], 3);
    assert_eq!(lines[2]["text"], "会议召开。\n");
}
