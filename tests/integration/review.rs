//! Review: the diff is a valid patch, rejecting a rule family gives the page without it,
//! decisions survive a new clean, and the terminal review records then commits.

use crate::common::newsmend;
use std::path::Path;
use std::process::Command;

/// The page a review file stands for, worked out from its JSON alone: the input with
/// every edit not rejected applied.
fn decided_page(review: &serde_json::Value) -> String {
    let input = review["input"].as_str().expect("input");
    let mut page = String::new();
    let mut pos = 0;
    for e in review["edits"].as_array().expect("edits") {
        if e["status"] == "rejected" {
            continue;
        }
        let (start, end) = (e["start"].as_u64().expect("start") as usize, e["end"].as_u64().expect("end") as usize);
        page.push_str(&input[pos..start]);
        page.push_str(e["after"].as_str().expect("after"));
        pos = end;
    }
    page.push_str(&input[pos..]);
    page
}

/// The review file of `out` in `dir`, as JSON.
fn review_json(dir: &Path, out: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join(format!("{out}.review.json"))).expect("review file");
    serde_json::from_str(&text).expect("json")
}

/// Each edit's id and status.
fn statuses(review: &serde_json::Value) -> Vec<(String, String)> {
    review["edits"]
        .as_array()
        .expect("edits")
        .iter()
        .map(|e| (e["id"].as_str().expect("id").to_string(), e["status"].as_str().expect("status").to_string()))
        .collect()
}

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
    assert_eq!(std::fs::read_to_string(dir.path().join("out.txt")).expect("out"), decided_page(&review));
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

/// Issue 15, defect 3: a decision belongs to its edit. A line added to the input keeps
/// every decision whose edit is still found; a line taken away drops the decisions on
/// its edits, and says how many.
#[test]
fn decisions_stand_when_the_input_changes() {
    let dir = tempfile::tempdir().expect("tmp");
    example(dir.path());
    assert!(newsmend(dir.path(), &["clean", "page.txt", "-o", "out.txt"]).status.success());
    assert!(newsmend(dir.path(), &["reject", "out.txt", "--rule", "space"]).status.success());
    let first = review_json(dir.path(), "out.txt");
    let rejected: Vec<String> =
        statuses(&first).into_iter().filter(|(_, s)| s == "rejected").map(|(id, _)| id).collect();
    assert!(rejected.len() > 10, "{rejected:?}");

    // A line added at the end, as `echo 加一行 >> page.txt` adds it.
    let mut input = first["input"].as_str().expect("input").to_string();
    input.push_str("加一行\n");
    std::fs::write(dir.path().join("page.txt"), &input).expect("write");
    let again = newsmend(dir.path(), &["clean", "page.txt", "-o", "out.txt"]);
    assert!(again.status.success());
    let second = review_json(dir.path(), "out.txt");
    let now = statuses(&second);
    let gone = rejected.iter().filter(|id| !now.iter().any(|(n, _)| n == *id)).count();
    assert_eq!(gone, 0, "the line added is far from every rejected edit but the last");
    for (id, status) in &now {
        assert_eq!(status == "rejected", rejected.contains(id), "{id} is {status}");
    }
    assert_eq!(String::from_utf8_lossy(&again.stderr), "");
    let st = newsmend(dir.path(), &["status", "out.txt"]);
    assert!(String::from_utf8_lossy(&st.stdout).contains(&format!("0 accepted, {} rejected", rejected.len())));
    assert_eq!(std::fs::read_to_string(dir.path().join("out.txt")).expect("out"), decided_page(&second));

    // The line of a rejected edit taken away: its decisions go, and are counted.
    let edit = second["edits"].as_array().expect("edits").iter().find(|e| e["status"] == "rejected").expect("one");
    let at = edit["start"].as_u64().expect("start") as usize;
    let line_start = input[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = input[at..].find('\n').map_or(input.len(), |i| at + i + 1);
    let shorter = format!("{}{}", &input[..line_start], &input[line_end..]);
    std::fs::write(dir.path().join("page.txt"), &shorter).expect("write");
    let third = newsmend(dir.path(), &["clean", "page.txt", "-o", "out.txt"]);
    assert_eq!(third.status.code(), Some(0));
    let after = statuses(&review_json(dir.path(), "out.txt"));
    let dropped = rejected.iter().filter(|id| !after.iter().any(|(n, _)| n == *id)).count();
    assert!(dropped > 0);
    let (n, verb, they) =
        if dropped == 1 { ("decision", "applies", "it was") } else { ("decisions", "apply", "they were") };
    assert_eq!(
        String::from_utf8_lossy(&third.stderr),
        format!("out.txt: {dropped} {n} no longer {verb}: the text {they} about changed\n")
    );
    for (id, status) in &after {
        assert_eq!(status == "rejected", rejected.contains(id), "{id} is {status}");
    }
}

/// Issue 15, defect 3: `clean X -o X` would write the page over its own input, by
/// whatever path OUT names it (or stdin reads it): refused before anything is written.
#[cfg(unix)]
#[test]
fn clean_never_writes_over_its_input() {
    let dir = tempfile::tempdir().expect("tmp");
    example(dir.path());
    let page = dir.path().join("page.txt");
    let original = std::fs::read(&page).expect("page");
    std::os::unix::fs::symlink("page.txt", dir.path().join("link.txt")).expect("symlink");
    std::fs::hard_link(&page, dir.path().join("hard.txt")).expect("hard link");
    std::fs::create_dir(dir.path().join("sub")).expect("sub");
    let refused = |args: &[&str], stdin: bool| {
        let mut cmd = Command::new(crate::common::BIN);
        cmd.current_dir(dir.path()).args(args);
        if stdin {
            cmd.stdin(std::fs::File::open(&page).expect("page"));
        }
        let r = cmd.output().expect("run");
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("is the input; newsmend never writes over its input"), "{args:?}: {err}");
        assert_eq!(std::fs::read(&page).expect("page"), original, "{args:?}");
    };
    refused(&["clean", "page.txt", "-o", "page.txt"], false);
    refused(&["clean", "page.txt", "-o", "./sub/../page.txt"], false);
    refused(&["clean", "page.txt", "-o", "link.txt"], false);
    refused(&["clean", "page.txt", "-o", "hard.txt"], false);
    refused(&["clean", "link.txt", "-o", "page.txt"], false);
    refused(&["clean", "-", "-o", "page.txt"], true);
    refused(&["clean", "page.txt", "--report", "page.txt"], false);
    assert!(!dir.path().join("page.txt.review.json").exists());
    // Another file is fine.
    assert!(newsmend(dir.path(), &["clean", "page.txt", "-o", "sub/page.txt"]).status.success());
}

/// The edit ids of a page with enough edits for 100 pairs of decisions: the testdata
/// pages one after another, twice (the second time their ids are numbered `-2`).
fn big_page(dir: &Path) -> Vec<String> {
    let mut page = String::new();
    let pages = ["example.txt", "ecpo-jingbao-1930-04-03-wrap.txt", "ecpo-jingbao-1930-04-06-lines.txt"];
    for name in pages.iter().cycle().take(6) {
        page.push_str(&std::fs::read_to_string(crate::common::repo().join("testdata").join(name)).expect("page"));
        page.push('\n');
    }
    std::fs::write(dir.join("page.txt"), page).expect("write");
    assert!(newsmend(dir, &["clean", "page.txt", "-o", "out.txt"]).status.success());
    statuses(&review_json(dir, "out.txt")).into_iter().map(|(id, _)| id).collect()
}

/// Issue 15, defect 4: 100 `accept` and 100 `reject` at once on one OUT, each on an
/// edit of its own: every decision is recorded, and OUT is the input with every edit
/// not rejected applied.
#[test]
fn concurrent_decisions_lose_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let ids = big_page(dir.path());
    assert!(ids.len() >= 200, "{} edits", ids.len());
    let spawn = |verb: &str, id: &str| {
        Command::new(crate::common::BIN)
            .current_dir(dir.path())
            .args([verb, "out.txt", "--edit", id])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let children: Vec<_> =
        (0..100).flat_map(|i| [spawn("accept", &ids[2 * i]), spawn("reject", &ids[2 * i + 1])]).collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(
            String::from_utf8_lossy(&out.stderr).ends_with(": 1 edit accepted\n")
                || String::from_utf8_lossy(&out.stderr).ends_with(": 1 edit rejected\n")
        );
    }
    let review = review_json(dir.path(), "out.txt");
    for (i, (id, status)) in statuses(&review).iter().enumerate() {
        let want = match i {
            i if i < 200 && i % 2 == 0 => "accepted",
            i if i < 200 => "rejected",
            _ => "pending",
        };
        assert_eq!((id, status.as_str()), (&ids[i], want));
    }
    assert_eq!(std::fs::read_to_string(dir.path().join("out.txt")).expect("out"), decided_page(&review));
    // Nothing is left beside it: no lock file, no temporary file.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["out.txt", "out.txt.review.json", "page.txt"]);
}

/// Issue 15, defect 5: the temporary files a killed writer left (`kill -9` between
/// creating one and renaming it) are removed by the next write of the same file, once
/// their process is gone; a running writer's is left alone.
#[cfg(target_os = "linux")]
#[test]
fn a_later_write_removes_what_a_killed_writer_left() {
    let dir = tempfile::tempdir().expect("tmp");
    example(dir.path());
    // A process that ran and is gone, as a writer killed with -9 is.
    let mut gone = Command::new("true").spawn().expect("true");
    gone.wait().expect("wait");
    let dead = gone.id();
    let live = std::process::id();
    let minutes_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
    let leave = |name: String| {
        let f = std::fs::File::create(dir.path().join(&name)).expect("create");
        f.set_modified(minutes_ago).expect("mtime");
        name
    };
    let stale =
        [leave(format!(".out.txt.newsmend-{dead}.tmp")), leave(format!(".out.txt.review.json.newsmend-{dead}.tmp"))];
    let running = leave(format!(".out.txt.newsmend-{live}.tmp"));
    assert!(newsmend(dir.path(), &["clean", "page.txt", "-o", "out.txt"]).status.success());
    for name in &stale {
        assert!(!dir.path().join(name).exists(), "{name} is left");
    }
    assert!(dir.path().join(&running).exists(), "a running writer's file went");
}

/// The calls that open, flush and rename files while newsmend runs `args` in `dir`, as
/// strace shows them, each file descriptor with its file's path (`-y`). `None`, with
/// `test` said to be skipped, where strace is not installed.
#[cfg(target_os = "linux")]
fn traced(test: &str, dir: &Path, args: &[&str]) -> Option<Vec<String>> {
    if !crate::common::tool(test, "strace", "apt-get install strace") {
        return None;
    }
    let trace = dir.join("trace.txt");
    let r = Command::new("strace")
        .current_dir(dir)
        .args(["-f", "-qq", "-y", "-e", "trace=openat,fsync,fdatasync,rename,renameat,renameat2", "-o"])
        .arg(&trace)
        .arg(crate::common::BIN)
        .args(args)
        .output()
        .expect("strace");
    assert!(r.status.success(), "{args:?}: {}", String::from_utf8_lossy(&r.stderr));
    let text = std::fs::read_to_string(&trace).expect("trace");
    Some(text.lines().map(|l| l.split_once(' ').map_or(l, |(_pid, call)| call).trim().to_string()).collect())
}

/// Whether the write of `file` (a path under `dir`, as newsmend was given it) flushed
/// the file before renaming it into place, and its folder after.
#[cfg(target_os = "linux")]
fn flushes(calls: &[String], dir: &Path, file: &str) -> (bool, bool) {
    let path = Path::new(file);
    let tmp = format!("/.{}.newsmend-", path.file_name().expect("name").to_string_lossy());
    let renamed = calls
        .iter()
        .position(|c| c.starts_with("rename") && c.contains(&tmp[1..]) && c.contains(&format!("{file}\"")))
        .unwrap_or_else(|| panic!("{file}: not renamed into place"));
    let file_synced = calls[..renamed].iter().any(|c| c.starts_with("fsync(") && c.contains(&tmp));
    // Joined to "", a path would gain a trailing slash.
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    let folder = parent.map_or(dir.to_path_buf(), |p| dir.join(p)).canonicalize().expect("folder");
    let folder = format!("<{}>", folder.display());
    let folder_synced = calls[renamed..].iter().any(|c| c.starts_with("fsync(") && c.contains(&folder));
    (file_synced, folder_synced)
}

/// Issue 15, defect 5: OUT and its review file are flushed to disk before they are
/// renamed into place, and their folder after (seen through strace, when it is here).
#[cfg(target_os = "linux")]
#[test]
fn writes_are_flushed_before_and_after_the_rename() {
    let dir = tempfile::tempdir().expect("tmp");
    example(dir.path());
    let test = "writes_are_flushed_before_and_after_the_rename";
    let Some(calls) = traced(test, dir.path(), &["clean", "page.txt", "-o", "out.txt"]) else { return };
    for file in ["out.txt", "out.txt.review.json"] {
        assert_eq!(flushes(&calls, dir.path(), file), (true, true), "{file}: flushed before and after the rename");
    }
}

/// Issue 15, defect 5, in batch: a page's proposal is left to the system to flush, as
/// everything a batch makes again from the scans is (a flush per file would slow a
/// large batch down), until its review file holds a decision: then both are flushed.
#[cfg(target_os = "linux")]
#[test]
fn batch_flushes_a_page_once_its_review_file_holds_decisions() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::create_dir(dir.path().join("scans")).expect("mkdir");
    example(&dir.path().join("scans"));
    let test = "batch_flushes_a_page_once_its_review_file_holds_decisions";
    let batch = ["batch", "scans", "-o", "out", "-q"];
    let Some(calls) = traced(test, dir.path(), &batch) else { return };
    let files = ["out/page/page.txt", "out/page/page.txt.review.json"];
    for file in files {
        assert!(!flushes(&calls, dir.path(), file).0, "{file}: flushed, though nothing was decided");
    }
    assert!(newsmend(dir.path(), &["reject", "out/page/page.txt", "--rule", "space"]).status.success());
    let mut page = std::fs::OpenOptions::new().append(true).open(dir.path().join("scans/page.txt")).expect("page");
    std::io::Write::write_all(&mut page, "加一行\n".as_bytes()).expect("append");
    let Some(calls) = traced(test, dir.path(), &batch) else { return };
    for file in files {
        assert_eq!(flushes(&calls, dir.path(), file), (true, true), "{file}: flushed before and after the rename");
    }
}

/// Issue 15, defect 11: a mistyped id or rule is an error naming it, and nothing is
/// written; a real rule with no edits in the file decides 0.
#[test]
fn unknown_ids_and_rules_are_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    example(dir.path());
    assert!(newsmend(dir.path(), &["clean", "page.txt", "-o", "out.txt"]).status.success());
    let before = std::fs::read(dir.path().join("out.txt.review.json")).expect("review");
    let id = statuses(&review_json(dir.path(), "out.txt"))[0].0.clone();
    for (args, says) in [
        (vec!["accept", "out.txt", "--edit", "BADID"], "--edit BADID: no such edit in out.txt"),
        (vec!["reject", "out.txt", "--edit", &id, "--edit", "0123"], "--edit 0123: no such edit in out.txt"),
        (vec!["reject", "out.txt", "--rule", "nosuch"], "--rule nosuch: no such rule or family"),
        (vec!["accept", "out.txt", "--rule", "space", "--rule", "spaces"], "--rule spaces: no such rule"),
    ] {
        let r = newsmend(dir.path(), &args);
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with(&format!("newsmend: {says}")), "{args:?}: {err}");
        assert_eq!(std::fs::read(dir.path().join("out.txt.review.json")).expect("review"), before, "{args:?}");
    }
    let r = newsmend(dir.path(), &["reject", "out.txt", "--rule", "flow.wrap"]);
    assert!(r.status.success());
    assert_eq!(String::from_utf8_lossy(&r.stderr), "out.txt: 0 edits rejected\n");
}

/// Issue 15, defect 11: `accept --all` decides the pending edits and leaves earlier
/// rejections, saying so; `--force` overturns them too, and a rule or an id named
/// overturns its edits and says how many.
#[test]
fn accept_all_leaves_rejections_unless_forced() {
    let dir = tempfile::tempdir().expect("tmp");
    example(dir.path());
    assert!(newsmend(dir.path(), &["clean", "page.txt", "-o", "out.txt"]).status.success());
    let total = statuses(&review_json(dir.path(), "out.txt")).len();
    let r = newsmend(dir.path(), &["reject", "out.txt", "--rule", "space"]);
    let said = String::from_utf8_lossy(&r.stderr).to_string();
    let spaces: usize = said.trim_start_matches("out.txt: ").split(' ').next().expect("n").parse().expect("count");
    let count =
        |status: &str| statuses(&review_json(dir.path(), "out.txt")).iter().filter(|(_, s)| s == status).count();

    let r = newsmend(dir.path(), &["accept", "out.txt", "--all"]);
    assert!(r.status.success());
    assert_eq!(
        String::from_utf8_lossy(&r.stderr),
        format!(
            "out.txt: {} edits accepted; {spaces} edits rejected before stay rejected (add --force to accept them too)\n",
            total - spaces
        )
    );
    assert_eq!((count("accepted"), count("rejected")), (total - spaces, spaces));

    let r = newsmend(dir.path(), &["reject", "out.txt", "--rule", "punct.width"]);
    let widths = count("rejected") - spaces;
    assert_eq!(
        String::from_utf8_lossy(&r.stderr),
        format!("out.txt: {widths} edits rejected, {widths} of them accepted before\n")
    );

    let r = newsmend(dir.path(), &["accept", "out.txt", "--all", "--force"]);
    assert_eq!(
        String::from_utf8_lossy(&r.stderr),
        format!("out.txt: {} edits accepted, {} of them rejected before\n", spaces + widths, spaces + widths)
    );
    assert_eq!(count("accepted"), total);
    // --force says nothing without --all.
    assert_eq!(newsmend(dir.path(), &["accept", "out.txt", "--rule", "space", "--force"]).status.code(), Some(2));
}

/// Issue 15: `--check --report` writes the report it was asked for (and no page).
#[test]
fn check_writes_the_report_asked_for() {
    let dir = tempfile::tempdir().expect("tmp");
    example(dir.path());
    let r = newsmend(dir.path(), &["clean", "page.txt", "--check", "--report", "report.html"]);
    assert_eq!(r.status.code(), Some(1));
    let html = std::fs::read_to_string(dir.path().join("report.html")).expect("report written");
    assert!(html.contains("space.cjk"));
    assert!(!dir.path().join("page.txt.review.json").exists());
}
