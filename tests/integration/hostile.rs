//! Hostile input: every case ends with correct output or one clear error, never a panic,
//! and no input is changed. The big cases are generated here, not committed.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn clean_file(path: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsmend")).arg("clean").arg(path).args(extra).output().expect("run newsmend")
}

fn no_panic(out: &Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "panic: {err}");
    assert!(out.status.code().is_some_and(|c| c == 0 || c == 2), "exit {:?}: {err}", out.status);
    if out.status.code() == Some(2) {
        assert!(err.starts_with("newsmend: ") && err.lines().count() == 1, "one clear error line: {err}");
        assert!(out.stdout.is_empty(), "nothing on stdout after an error");
    }
}

fn case(name: &str, bytes: &[u8], limit: Duration) -> Output {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    let t = Instant::now();
    let out = clean_file(&path, &["--format", "json"]);
    assert!(t.elapsed() < limit, "{name}: {:?}", t.elapsed());
    no_panic(&out);
    assert_eq!(std::fs::read(&path).expect("read back"), bytes, "{name}: input changed");
    out
}

/// A page on one line, cleaned to JSON in the test build. The 50 MB lines, one of each
/// character class the passes read specially, are measured on the release binary by
/// `.ci/hostile` (bounds.rs): here a sixth of that, which the debug build cleans in
/// seconds rather than minutes.
#[test]
fn an_8_mb_single_line() {
    let unit = "就加快推进以 人为本的新型城镇化进行专题协商,征求 党外代表人士意见建议。";
    let big = unit.repeat(8 * 1024 * 1024 / unit.len());
    let out = case("big.txt", big.as_bytes(), Duration::from_secs(120));
    assert_eq!(out.status.code(), Some(0));
}

/// A file past the page limit is refused before it is read, saying its size and the
/// limit (a sparse file: its size costs no disk).
#[test]
fn a_page_over_the_limit_says_so() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("page.txt");
    std::fs::File::create(&path).expect("create").set_len(300 << 20).expect("sparse");
    let out = clean_file(&path, &[]);
    assert_eq!(out.status.code(), Some(2));
    let want = format!("newsmend: {}: 300 MB is larger than the 256 MB page limit\n", path.display());
    assert_eq!(String::from_utf8_lossy(&out.stderr), want);
}

#[test]
fn spaces_punctuation_and_blank_lines() {
    case("spaces.txt", &vec![b' '; 1 << 20], Duration::from_secs(60));
    let marks: Vec<u8> = b",.;:!?()\"'-".iter().copied().cycle().take(1 << 20).collect();
    assert_eq!(case("marks.txt", &marks, Duration::from_secs(60)).status.code(), Some(0));
    let mut blank = b"\xe7\x94\xb2\n".to_vec();
    blank.extend(std::iter::repeat_n(b'\n', 1_000_000));
    blank.extend("乙。\n".as_bytes());
    let out = case("blank.txt", &blank, Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(0));
}

/// Text of runs and wide gaps up to the size a `-layout` page may have (2,000 rows of
/// 1,000 characters), with runs at random places: read as a grid in bounded time,
/// every character kept; and the same lines past the limits, read as plain text.
#[test]
fn a_grid_page_at_the_limits() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut page = String::new();
    for _ in 0..1999 {
        let mut line = String::new();
        while line.chars().count() < 990 {
            line.push_str(["字", "字字", "字 字"][next(3) as usize]);
            line.push_str(&" ".repeat(1 + next(4) as usize));
        }
        page.push_str(line.trim_end());
        page.push('\n');
    }
    let out = case("grid.txt", page.as_bytes(), Duration::from_secs(120));
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let han = |v: &serde_json::Value| v.as_str().map_or(0, |s| s.matches('字').count());
    let texts = v["articles"].as_array().into_iter().flatten().flat_map(|a| {
        let lists = [&a["headings"], &a["paragraphs"]];
        lists.into_iter().flat_map(|l| l.as_array().into_iter().flatten())
    });
    let furniture = v["running_heads"].as_array().into_iter().flatten();
    assert_eq!(texts.chain(furniture).map(han).sum::<usize>(), page.matches('字').count());
    page.push_str(&"字".repeat(1001));
    assert_eq!(case("wide.txt", page.as_bytes(), Duration::from_secs(120)).status.code(), Some(0));
}

#[test]
fn mixed_scripts_emoji_and_right_to_left() {
    let text = "日本語のかな、한국어 텍스트, English words, emoji 😀👍🏽, עברית מימין לשמאל, العربية, 中文，混在一起。\n";
    let out = case("mixed.txt", text.as_bytes(), Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let all = v["articles"].to_string();
    for word in ["かな", "한국어", "English words", "😀👍🏽", "עברית", "العربية"] {
        assert!(all.contains(word), "{word} lost");
    }
}

#[test]
fn invalid_utf8_nul_bytes_and_cr_newlines() {
    let mut bad = "本报讯 会议召开。".as_bytes().to_vec();
    bad.extend([0xff, 0xfe, 0xfd]);
    bad.extend("区领导参加会议。".as_bytes());
    case("invalid.txt", &bad, Duration::from_secs(20));
    let out = case("nul.txt", b"abc\x00def\x00", Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(2));
    let out = case("cr.txt", "甲，乙。\r丙，丁。\r".as_bytes(), Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(0));
}

#[cfg(unix)]
#[test]
fn a_batch_with_a_symlink_loop_an_unreadable_file_and_an_unwritable_output() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().expect("tmp");
    let scans = root.path().join("scans");
    std::fs::create_dir_all(scans.join("issue")).expect("mkdir");
    std::fs::write(scans.join("issue/p01.txt"), "本报讯(记者 彭禹乔)12 月19日,会议召开。\n").expect("write");
    std::os::unix::fs::symlink(&scans, scans.join("issue/loop")).expect("symlink");
    let locked = scans.join("issue/p02.txt");
    std::fs::write(&locked, "甲。\n").expect("write");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let run = |out: &str| {
        Command::new(env!("CARGO_BIN_EXE_newsmend"))
            .current_dir(root.path())
            .args(["batch", "scans", "-o", out, "-q"])
            .output()
            .expect("run")
    };
    let r = run("out");
    no_panic_batch(&r);
    assert!(root.path().join("out/issue/p01/page.txt").is_file(), "the good page is done");
    // Root reads any file: the unreadable page fails only for other users.
    let readable_anyway = std::fs::read(&locked).is_ok();
    assert_eq!(r.status.code(), Some(if readable_anyway { 0 } else { 2 }));
    // An output folder that cannot be written: one clear error.
    let ro = root.path().join("ro");
    std::fs::create_dir_all(&ro).expect("mkdir");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o500)).expect("chmod");
    let r = run("ro/out");
    no_panic_batch(&r);
    if std::fs::write(ro.join("probe"), b"x").is_err() {
        assert_eq!(r.status.code(), Some(2));
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o600)).expect("chmod back");
    let _ = std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o700));
}

fn no_panic_batch(out: &Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "panic: {err}");
    assert!(out.status.code().is_some(), "killed: {err}");
}

/// `newsmend clean` run by `sh -c SCRIPT` (`$0` the binary, `$1` `arg`) with its
/// address space held to 600 MB and a minute to finish: a read without end fails here
/// (out of memory, or killed by `timeout`) instead of swapping or hanging.
#[cfg(unix)]
fn clean_in_sh(script: &str, arg: &Path) -> (Output, Duration) {
    let script = format!("ulimit -v {}; {script}", 600 * 1024);
    let t = Instant::now();
    let out =
        Command::new("sh").args(["-c", &script, env!("CARGO_BIN_EXE_newsmend")]).arg(arg).output().expect("run sh");
    (out, t.elapsed())
}

/// Devices have no size to check: binary data is refused from its head at once, not
/// read to the page limit (or, before, until memory ran out).
#[cfg(target_os = "linux")]
#[test]
fn devices_of_binary_data_are_refused_at_once() {
    for dev in ["/dev/zero", "/dev/urandom"] {
        let (out, took) = clean_in_sh("exec timeout 60 \"$0\" clean \"$1\"", Path::new(dev));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{dev}: {err}");
        let want = format!("newsmend: {dev}: looks like binary data, not text (a NUL byte at byte offset ");
        assert!(err.starts_with(&want) && err.ends_with(", and it is not UTF-16 text)\n"), "{dev}: {err}");
        assert!(took < Duration::from_secs(10), "{dev}: {took:?}");
    }
}

/// A FIFO of text that never ends (`clean <(yes)`) is read to the page limit and no
/// further, in the memory of a page, and refused as too large, which it is.
#[cfg(unix)]
#[test]
fn a_fifo_that_never_ends_stops_at_the_page_limit() {
    let dir = tempfile::tempdir().expect("tmp");
    let fifo = dir.path().join("endless");
    let script = "mkfifo \"$1\" && { yes 中文 > \"$1\" 2>/dev/null & } && exec timeout 60 \"$0\" clean \"$1\"";
    let (out, took) = clean_in_sh(script, &fifo);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let want = format!(
        "newsmend: {}: goes on past the 256 MB page limit (read no further): split it into pages, or give \
         `clean --jsonl` one page a line\n",
        fifo.display()
    );
    assert_eq!(err, want);
    assert!(took < Duration::from_secs(60), "{took:?}");
}

/// `yes 中文 | newsmend clean -`: a stream of valid text past the page limit is too
/// large, not binary data, and not "256 MB larger than 256 MB".
#[cfg(unix)]
#[test]
fn endless_text_on_stdin_is_too_large_not_binary() {
    let (out, _) = clean_in_sh("yes 中文 | timeout 60 \"$0\" clean -", Path::new("-"));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "newsmend: -: goes on past the 256 MB page limit (read no further): split it into pages, or give \
         `clean --jsonl` one page a line\n"
    );
}
