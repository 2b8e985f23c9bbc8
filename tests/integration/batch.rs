//! Batch: a scan folder in, an output folder out; bad pages reported while the rest is
//! done; the scan folder untouched; a re-run skips what is unchanged and finishes what a
//! killed run left; JSON lines in and out in the same order.

use crate::common::{newsmend, skipped};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

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

/// Every file and folder under `dir`.
fn entries(dir: &Path) -> BTreeSet<PathBuf> {
    walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok).map(|e| e.path().to_path_buf()).collect()
}

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("summary")).expect("json")
}

/// Run newsmend in `dir`, killed after `limit`: a run that waits forever fails the test
/// instead of hanging it.
fn newsmend_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmend"))
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let t = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if t.elapsed() > limit {
            let _ = child.kill();
            panic!("newsmend {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("output")
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
    // The page is named once.
    assert!(err.lines().any(|l| l == "newsmend: 2024-05-08/p04.txt: empty input"), "{err}");
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
    let r = newsmend(root.path(), &["batch", "scans", "-o", "out"]);
    assert!(r.status.success());
    // One page, one of everything: no "1 pages".
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.starts_with("1 page: 1 cleaned, 0 unchanged, 0 failed; "), "{err}");
    assert!(std::fs::read_to_string(root.path().join("out/index.html")).expect("index").contains("<p>1 page: "));
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

/// How many edits of a batch page's review file are rejected, as `status` says.
fn rejected(root: &Path, page: &str) -> usize {
    let r = newsmend(root, &["status", page]);
    let said = String::from_utf8_lossy(&r.stdout).to_string();
    let counts = said.lines().next().unwrap_or_default();
    let n = counts.strip_suffix(" rejected").and_then(|c| c.rsplit(' ').next());
    n.and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{page}: no count of rejected edits in {said:?}"))
}

/// Issue 15, defect 3, in batch: a page whose input changed is cleaned again over its
/// review file, and every decision whose edit is still found stands, as with `clean -o`;
/// those whose text went are said, for that page and that run only.
#[test]
fn decisions_stand_when_a_page_of_the_batch_changes() {
    let root = tempfile::tempdir().expect("tmp");
    let issue = root.path().join("scans/issue");
    std::fs::create_dir_all(&issue).expect("mkdir");
    std::fs::write(issue.join("p01.txt"), example()).expect("write");
    std::fs::write(issue.join("p02.txt"), example().replace("春季", "秋季")).expect("write");
    let batch = ["batch", "scans", "-o", "out", "-q"];
    assert!(newsmend(root.path(), &batch).status.success());
    let page = "out/issue/p01/page.txt";
    assert!(newsmend(root.path(), &["reject", page, "--rule", "space"]).status.success());
    let before = rejected(root.path(), page);
    assert!(before > 3, "{before} rejected");

    // A line added: every rejection stands, and nothing is said.
    let input = example() + "加一行\n";
    std::fs::write(issue.join("p01.txt"), &input).expect("append");
    let r = newsmend(root.path(), &batch);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert_eq!(String::from_utf8_lossy(&r.stderr), "");
    assert_eq!(rejected(root.path(), page), before);

    // A line with three rejected edits taken away: the rest stand, and the three are said.
    let gone = input.lines().find(|l| l.contains("周立")).expect("the line").to_string() + "\n";
    std::fs::write(issue.join("p01.txt"), input.replacen(&gone, "", 1)).expect("delete");
    let r = newsmend(root.path(), &batch);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let said = format!("{page}: 3 decisions no longer apply: the text they were about changed\n");
    assert_eq!(String::from_utf8_lossy(&r.stderr), said);
    assert_eq!(rejected(root.path(), page), before - 3);
    let summary = summary(&root.path().join("out"));
    let p01 = summary["page_list"].as_array().expect("pages").iter().find(|p| p["page"] == "issue/p01.txt");
    assert_eq!(p01.expect("p01")["decisions"], said.trim_start_matches(&format!("{page}: ")).trim_end());

    // Said once: a run that finds the page done says nothing again.
    let r = newsmend(root.path(), &batch);
    assert_eq!(String::from_utf8_lossy(&r.stderr), "");
    assert_eq!(rejected(root.path(), page), before - 3);
}

/// `batch --check` writes nothing, as `clean --check` does: it names what a run would
/// clean and what awaits review, and exits 1 while there is any.
#[test]
fn check_writes_nothing_and_names_what_is_to_do() {
    let root = tempfile::tempdir().expect("tmp");
    let scans = root.path().join("scans/issue");
    std::fs::create_dir_all(&scans).expect("mkdir");
    std::fs::write(scans.join("p01.txt"), example()).expect("write");
    std::fs::write(scans.join("p02.txt"), "本报讯 会议召开。\n").expect("write");
    let check = || newsmend(root.path(), &["batch", "scans", "-o", "out", "--check"]);
    let r = check();
    assert_eq!(r.status.code(), Some(1));
    assert!(!root.path().join("out").exists(), "--check made OUT");
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("issue/p01.txt: not cleaned yet\n") && err.contains("issue/p02.txt: not cleaned yet\n"),
        "{err}"
    );
    assert!(err.contains("2 pages: 2 to clean, 0 up to date, 0 failed; 0 edits pending review"), "{err}");
    assert!(newsmend(root.path(), &["batch", "scans", "-o", "out", "-q"]).status.success());
    let out = snapshot(&root.path().join("out"));
    let r = check();
    assert_eq!(r.status.code(), Some(1));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("issue/p01.txt: ") && err.contains(" edits pending review\n"), "{err}");
    assert!(!err.contains("issue/p02.txt"), "nothing to do on p02: {err}");
    std::fs::write(scans.join("p02.txt"), "本报讯 会议 召开。\n").expect("write");
    let r = check();
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("issue/p02.txt: changed since it was cleaned"));
    assert_eq!(snapshot(&root.path().join("out")), out, "--check wrote to OUT");
    assert!(newsmend(root.path(), &["batch", "scans", "-o", "out", "-q"]).status.success());
    for page in ["p01", "p02"] {
        let page = format!("out/issue/{page}/page.txt");
        assert!(newsmend(root.path(), &["accept", &page, "--all"]).status.success());
    }
    let r = check();
    assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
}

/// OUT inside SCANS is refused before anything is made, however it is spelled: through
/// folders not made yet, `..`, or a symlink.
#[cfg(unix)]
#[test]
fn an_output_folder_inside_the_scans_is_refused_before_anything_is_made() {
    let root = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(root.path().join("scans/issue")).expect("mkdir");
    std::fs::write(root.path().join("scans/issue/p01.txt"), example()).expect("write");
    std::os::unix::fs::symlink("scans", root.path().join("link")).expect("symlink");
    std::os::unix::fs::symlink("scans/issue", root.path().join("out-link")).expect("symlink");
    let before = entries(root.path());
    for out in ["scans/out", "scans/new/deeper", "new/../scans/out", "link/out", "./link/issue/../x", "out-link"] {
        let r = newsmend(root.path(), &["batch", "scans", "-o", out]);
        assert_eq!(r.status.code(), Some(2), "{out}");
        assert!(String::from_utf8_lossy(&r.stderr).contains("inside the scan folder"), "{out}");
        assert_eq!(entries(root.path()), before, "{out}: something was made");
    }
    // Beside the scans, through a link and `..`, is fine.
    let r = newsmend(root.path(), &["batch", "link/../new/out", "-o", "link/../new/out2", "-q"]);
    assert_eq!(r.status.code(), Some(2), "no such scan folder");
    assert!(newsmend(root.path(), &["batch", "link", "-o", "new/../out", "-q"]).status.success());
    assert!(root.path().join("out/issue/p01/page.txt").is_file());
}

/// A disk that fills: every page whose outputs could not be written is named, on stderr
/// and in `summary.json` when there is room for it, and the exit code is 2. A real full
/// disk: a small tmpfs (mounting it needs root, as CI has).
#[test]
fn a_full_disk_names_every_page_whose_write_failed() {
    let Some(disk) = Tmpfs::mount("48m") else {
        skipped("a_full_disk_names_every_page_whose_write_failed", "cannot mount a tmpfs here (needs root)");
        return;
    };
    let root = tempfile::tempdir().expect("tmp");
    let issue = root.path().join("scans/issue");
    std::fs::create_dir_all(&issue).expect("mkdir");
    // Each page larger than the room left: its first output cannot be written.
    let page = example().repeat(64 << 10 >> 10);
    let pages: Vec<String> = (1..=6).map(|i| format!("issue/p{i:02}.txt")).collect();
    for p in &pages {
        std::fs::write(root.path().join("scans").join(p), &page).expect("write");
    }
    let out = disk.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    let filler = fill(disk.path());
    let batch = || {
        let out = out.to_str().expect("utf-8 path");
        newsmend_within(root.path(), &["batch", "scans", "-o", out, "-q", "-j", "2"], Duration::from_secs(300))
    };
    let named = |r: &Output| {
        let err = String::from_utf8_lossy(&r.stderr).into_owned();
        for p in &pages {
            let line = err.lines().find(|l| l.starts_with(&format!("newsmend: {p}: ")));
            assert!(line.is_some_and(|l| l.ends_with("No space left on device (os error 28)")), "{p}: {err}");
        }
        err
    };
    // Room for the summary, not for a page.
    filler.set_len(filler.metadata().expect("size").len() - (48 << 10)).expect("free some");
    drop(filler);
    let r = batch();
    assert_eq!(r.status.code(), Some(2));
    named(&r);
    let s = summary(&out);
    assert_eq!(s["failed"], pages.len());
    let failed: Vec<&str> =
        s["failures"].as_array().expect("failures").iter().filter_map(|f| f["page"].as_str()).collect();
    assert_eq!(failed, pages);
    // No room at all: the summary cannot be written either, and says so after the pages.
    let filler = fill(disk.path());
    let r = batch();
    assert_eq!(r.status.code(), Some(2));
    let err = named(&r);
    assert!(err.contains("summary.json: No space left on device"), "{err}");
    assert!(err.contains("index.html: No space left on device"), "{err}");
    // Room again: the pages are done.
    filler.set_len(0).expect("empty the filler");
    let r = batch();
    assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
    assert_eq!(summary(&out)["cleaned"], pages.len());
}

/// A tmpfs mounted on a fresh folder, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// `None` where mounting is not allowed.
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "newsmend-test"])
            .arg(dir.path())
            .output()
            .is_ok_and(|o| o.status.success());
        mounted.then_some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        // Lazily: a file still open in a failing test must not keep it mounted.
        let _ = Command::new("umount").arg("-l").arg(self.dir.path()).output();
    }
}

/// Fill the file system at `dir` with `dir/filler` until no byte is left.
fn fill(dir: &Path) -> std::fs::File {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(dir.join("filler")).expect("filler");
    let block = vec![1u8; 1 << 16];
    while f.write_all(&block).is_ok() {}
    while f.write_all(&[1]).is_ok() {}
    f
}

/// Symlinks that stay inside SCANS are followed (a page, an issue folder); the rest is
/// listed with why it was not read: a link out of SCANS, a loop, a link to nothing, a
/// FIFO (never opened: the batch would wait forever).
#[cfg(unix)]
#[test]
fn symlinks_inside_the_scans_are_followed_and_what_is_not_read_is_listed() {
    let root = tempfile::tempdir().expect("tmp");
    let scans = root.path().join("scans");
    let issue = scans.join("2024-05-08");
    std::fs::create_dir_all(&issue).expect("mkdir");
    std::fs::write(issue.join("p01.txt"), example()).expect("write");
    std::fs::write(root.path().join("outside.txt"), example()).expect("write");
    let link = |to: &str, at: &str| std::os::unix::fs::symlink(to, scans.join(at)).expect("symlink");
    link("p01.txt", "2024-05-08/p02.txt");
    link("2024-05-08", "2024-05-09");
    link("../../outside.txt", "2024-05-08/p03.txt");
    link("..", "2024-05-08/loop");
    link("nothing.txt", "2024-05-08/p05.txt");
    let fifo = issue.join("p04.txt");
    assert!(Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()), "mkfifo");
    let r = newsmend_within(root.path(), &["batch", "scans", "-o", "out"], Duration::from_secs(120));
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(0), "{err}");
    let s = summary(&root.path().join("out"));
    let pages: Vec<&str> =
        s["page_list"].as_array().expect("pages").iter().filter_map(|p| p["page"].as_str()).collect();
    assert_eq!(pages, ["2024-05-08/p01.txt", "2024-05-08/p02.txt", "2024-05-09/p01.txt", "2024-05-09/p02.txt"]);
    assert!(root.path().join("out/2024-05-09/p02/page.txt").is_file());
    let not_read: BTreeMap<&str, &str> = s["not_read"]
        .as_array()
        .expect("not_read")
        .iter()
        .filter_map(|n| Some((n["path"].as_str()?, n["reason"].as_str()?)))
        .collect();
    for (path, why) in [
        ("2024-05-08/p03.txt", "out of the scan folder"),
        ("2024-05-08/loop", "loop"),
        ("2024-05-08/p04.txt", "FIFO"),
        ("2024-05-08/p05.txt", "to nothing"),
    ] {
        assert!(not_read.get(path).is_some_and(|r| r.contains(why)), "{path}: {not_read:?}");
        assert!(err.contains(&format!("newsmend: note: {path}: ")), "{path}: {err}");
    }
    assert!(std::fs::read_to_string(root.path().join("out/index.html")).expect("index").contains("named pipe"));
}

/// Stitched articles are named after their pages (a folder holding one page names it)
/// and numbered within their issue; one that is no longer stitched goes. Article files
/// are `.md` only with `--format markdown`.
#[test]
fn stitched_articles_are_named_after_their_pages_and_numbered_per_issue() {
    let root = tempfile::tempdir().expect("tmp");
    let scans = root.path().join("scans");
    let jump = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/structure/jump.txt"))
        .expect("jump")
        .replace("上接第1版", "上接第2版");
    for (p01, p03) in [("a/p01.txt", "a/p03.txt"), ("b/p01/page.txt", "b/p03/page.txt")] {
        for (p, text) in [(p01, example()), (p03, jump.clone())] {
            std::fs::create_dir_all(scans.join(p).parent().expect("folder")).expect("mkdir");
            std::fs::write(scans.join(p), text).expect("write");
        }
    }
    let r = newsmend(root.path(), &["batch", "scans", "-o", "out", "-q"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let out = root.path().join("out");
    for issue in ["a", "b"] {
        let text = std::fs::read_to_string(out.join(issue).join("p01+p03-01.txt")).expect("stitched");
        assert!(text.starts_with("[pages p01 and p03]\n"), "{text}");
    }
    // b's jump goes: its stitched file too, and a's keeps its name.
    std::fs::write(scans.join("b/p01/page.txt"), example().replace("(下转第3版)", "")).expect("write");
    let r = newsmend(root.path(), &["batch", "scans", "-o", "out", "-q"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert_eq!(summary(&out)["stitched"], 1);
    assert!(out.join("a/p01+p03-01.txt").is_file());
    assert!(!out.join("b/p01+p03-01.txt").exists(), "a stitched file left from the run before");
    // Markdown alone: .md files, no .txt ones.
    let r = newsmend(root.path(), &["batch", "scans", "-o", "md", "-q", "--format", "markdown"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let md = root.path().join("md");
    assert!(md.join("a/p01+p03-01.md").is_file() && !md.join("a/p01+p03-01.txt").exists());
    assert!(md.join("a/p01/article-01.md").is_file() && !md.join("a/p01/article-01.txt").exists());
}

/// A page is skipped by what it is, not by how SCANS was typed: `scans` and `./scans`
/// are one batch, scan image and all.
#[test]
fn a_rerun_through_another_spelling_of_scans_skips_unchanged_pages() {
    let root = tempfile::tempdir().expect("tmp");
    let scans = root.path().join("scans");
    std::fs::create_dir_all(&scans).expect("mkdir");
    std::fs::write(scans.join("p01.txt"), example()).expect("write");
    image::RgbImage::from_pixel(40, 60, image::Rgb([250, 250, 250])).save(scans.join("p01.png")).expect("png");
    assert!(newsmend(root.path(), &["batch", "scans", "-o", "out", "-q"]).status.success());
    assert!(newsmend(root.path(), &["batch", "./scans/", "-o", "out", "-q"]).status.success());
    assert_eq!(summary(&root.path().join("out"))["unchanged"], 1);
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
    let page = format!("{}\n\n价格*打折*[a] b一览\n\n本报讯 本周商场价格*打折*[a] b,请留意。\n", example());
    std::fs::write(issue.join("p01.txt"), &page).expect("write");
    let r = newsmend(root.path(), &["batch", "scans", "-o", "out", "-q", "--format", "markdown", "--format", "text"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let md = newsmend(&issue, &["clean", "p01.txt", "--format", "markdown"]);
    let md = String::from_utf8(md.stdout).expect("utf-8");
    let articles: Vec<&str> = md.split("---\n\n").collect();
    assert!(articles.len() >= 3, "{md}");
    assert!(md.contains(r"价格\*打折\*\[a\] b"), "escaped: {md}");
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
