//! Review: the diff is a valid patch, rejecting a rule family gives the page without it,
//! decisions survive a new clean, and the terminal review records then commits.

use crate::common::newsmend;
use std::path::Path;
use std::process::Command;

fn example(dir: &Path) {
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/example.txt"), dir.join("page.txt")).expect("copy");
}

/// The pages to check: the bundled example, and the project's source page when the
/// devset lies beside the repository.
fn pages(test: &str) -> Vec<std::path::PathBuf> {
    let mut v = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/example.txt")];
    v.extend(crate::common::devset_part(test, "seed/input.txt"));
    v
}

#[test]
fn rejecting_a_family_gives_the_page_without_it() {
    for page in pages("rejecting_a_family_gives_the_page_without_it") {
        for family in ["space", "punct", "width", "char", "flow", "page", "article"] {
            let dir = tempfile::tempdir().expect("tmp");
            std::fs::copy(&page, dir.path().join("page.txt")).expect("copy");
            assert!(newsmend(dir.path(), &["clean", "page.txt", "-o", "out.txt"]).status.success());
            let reject = newsmend(dir.path(), &["reject", "out.txt", "--rule", family]);
            assert!(reject.status.success(), "{}", String::from_utf8_lossy(&reject.stderr));
            let disabled = newsmend(dir.path(), &["clean", "page.txt", "--disable", family]);
            let out = std::fs::read(dir.path().join("out.txt")).expect("out");
            assert_eq!(out, disabled.stdout, "{} family {family}", page.display());
            // A new clean of the same input keeps the decision.
            assert!(newsmend(dir.path(), &["clean", "page.txt", "-o", "out.txt"]).status.success());
            assert_eq!(std::fs::read(dir.path().join("out.txt")).expect("out"), disabled.stdout);
        }
    }
}

#[test]
fn accept_all_then_status_is_clean() {
    let dir = tempfile::tempdir().expect("tmp");
    example(dir.path());
    newsmend(dir.path(), &["clean", "page.txt", "-o", "out.txt"]);
    assert_eq!(newsmend(dir.path(), &["status", "out.txt"]).status.code(), Some(1));
    assert!(newsmend(dir.path(), &["accept", "out.txt", "--all"]).status.success());
    let st = newsmend(dir.path(), &["status", "out.txt"]);
    assert_eq!(st.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&st.stdout).contains("0 pending"));
    let clean = newsmend(dir.path(), &["clean", "page.txt"]);
    assert_eq!(std::fs::read(dir.path().join("out.txt")).expect("out"), clean.stdout);
    // Deciding needs a selection.
    assert_eq!(newsmend(dir.path(), &["reject", "out.txt"]).status.code(), Some(2));
}

#[test]
fn review_without_a_terminal_refuses_and_says_what_to_run() {
    let dir = tempfile::tempdir().expect("tmp");
    example(dir.path());
    newsmend(dir.path(), &["clean", "page.txt", "-o", "out.txt"]);
    let r = newsmend(dir.path(), &["review", "out.txt"]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("needs a terminal") && err.contains("newsmend accept out.txt"), "{err}");
}

#[test]
fn the_diff_is_a_valid_patch() {
    if !crate::common::tool("the_diff_is_a_valid_patch", "patch", "apt-get install patch") {
        return;
    }
    for page in pages("the_diff_is_a_valid_patch") {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::copy(&page, dir.path().join("page.txt")).expect("copy");
        let diff = newsmend(dir.path(), &["clean", "page.txt", "--diff", "--color", "never"]);
        assert!(String::from_utf8_lossy(&diff.stdout).contains("@@ -"), "no hunk");
        std::fs::write(dir.path().join("page.patch"), &diff.stdout).expect("write");
        let clean = newsmend(dir.path(), &["clean", "page.txt"]);
        let p = Command::new("patch")
            .current_dir(dir.path())
            .args(["-s", "page.txt", "page.patch"])
            .output()
            .expect("patch");
        assert!(p.status.success(), "{}", String::from_utf8_lossy(&p.stderr));
        assert_eq!(std::fs::read(dir.path().join("page.txt")).expect("patched"), clean.stdout, "{}", page.display());
    }
}

#[test]
fn diff_hunks_name_their_rules_and_colour_on_request() {
    let dir = tempfile::tempdir().expect("tmp");
    example(dir.path());
    let plain = String::from_utf8(newsmend(dir.path(), &["clean", "page.txt", "--diff", "--color", "never"]).stdout)
        .expect("utf-8");
    assert!(plain.lines().any(|l| l.starts_with("@@ ") && l.contains("space.cjk ×")), "{plain}");
    assert!(!plain.contains('\x1b'));
    let coloured =
        String::from_utf8(newsmend(dir.path(), &["clean", "page.txt", "--diff", "--color", "always"]).stdout)
            .expect("utf-8");
    assert!(coloured.contains("\x1b[31m") && coloured.contains("\x1b[32m"));
}

/// A scripted terminal session: accept three edits, reject two, undo one, quit.
#[cfg(unix)]
#[test]
fn terminal_review_records_then_commits() {
    let dir = tempfile::tempdir().expect("tmp");
    example(dir.path());
    newsmend(dir.path(), &["clean", "page.txt", "-o", "out.txt"]);
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_newsmend"));
    cmd.current_dir(dir.path()).args(["review", "out.txt"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(10_000)).expect("spawn");
    for key in ["a", "a", "r", "u", "r", "a", "r", "q"] {
        p.exp_string("q quit > ").expect("prompt");
        p.send_line(key).expect("send");
    }
    p.exp_string("3 accepted, 2 rejected").expect("summary");
    p.exp_eof().expect("eof");
    let review: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.txt.review.json")).expect("review"))
            .expect("json");
    let statuses: Vec<&str> =
        review["edits"].as_array().expect("edits").iter().map(|e| e["status"].as_str().expect("status")).collect();
    assert_eq!(statuses.iter().filter(|s| **s == "accepted").count(), 3);
    assert_eq!(statuses.iter().filter(|s| **s == "rejected").count(), 2);
    // The page is the input with every edit but the two rejected applied.
    let input = review["input"].as_str().expect("input");
    let mut expected = String::new();
    let mut pos = 0;
    for e in review["edits"].as_array().expect("edits") {
        if e["status"] == "rejected" {
            continue;
        }
        let (start, end) = (e["start"].as_u64().expect("start") as usize, e["end"].as_u64().expect("end") as usize);
        expected.push_str(&input[pos..start]);
        expected.push_str(e["after"].as_str().expect("after"));
        pos = end;
    }
    expected.push_str(&input[pos..]);
    assert_eq!(std::fs::read_to_string(dir.path().join("out.txt")).expect("out"), expected);
    let status = newsmend(dir.path(), &["status", "out.txt"]);
    assert!(String::from_utf8_lossy(&status.stdout).contains("3 accepted, 2 rejected"));
}

/// A review file that is not one names itself and says what is wrong.
#[test]
fn a_broken_review_file_names_itself() {
    let dir = tempfile::tempdir().expect("tmp");
    example(dir.path());
    assert!(newsmend(dir.path(), &["clean", "page.txt", "-o", "out.txt"]).status.success());
    std::fs::write(dir.path().join("out.txt.review.json"), "{\"version\": 1, \"edits\": [").expect("write");
    for args in [&["status", "out.txt"][..], &["accept", "out.txt", "--all"]] {
        let r = newsmend(dir.path(), args);
        assert_eq!(r.status.code(), Some(2));
        let err = String::from_utf8_lossy(&r.stderr);
        assert!(err.starts_with("newsmend: review file out.txt.review.json: not a review file"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}
