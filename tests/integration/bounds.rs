//! The hostile battery's bounds: whatever its line lengths, a page is cleaned in time
//! linear in the page (a line four times longer takes at most five times as long) and in
//! memory linear in the page: at most three times the page, plus what the page's edits
//! hold (each proposed edit is kept for the review file, the JSON and the report), plus a
//! constant. Each case is one line of a character class the passes read specially,
//! cleaned at 12.5 MB and at 50 MB by the binary under a memory limit, so that a
//! regression fails instead of swapping.
//!
//! A debug build says nothing of time and takes minutes here, so the cases are ignored
//! by `cargo test`; `.ci/hostile` runs them on the release binary
//! (`NEWSMEND_BIN=target/release/newsmend cargo test bounds -- --ignored`).
//!
//! Input that never ends is bounded too: a device is refused from its head in the
//! constant alone, and a FIFO that never ends holds the page limit and the constant at
//! most. Reading is as fast in a debug build, so `cargo test` runs these two.

use std::fs::File;
use std::os::unix::process::ExitStatusExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Instant;

/// What a page may hold besides three times itself: the binary, its tables and buffers.
const CONSTANT: u64 = 48 << 20;
/// What one proposed edit may hold: the edit (32 bytes) and its decision.
const PER_EDIT: u64 = 40;
/// The address space the binary is given: far above any bar here, far below the machine.
const LIMIT: u64 = 3 << 30;
/// The page limit: the most a stream is read to (`ingest::MAX_BYTES`).
const PAGE_LIMIT: u64 = 256 << 20;

/// The binary to measure: the release build `.ci/hostile` names, else the test build.
fn bin() -> PathBuf {
    std::env::var_os("NEWSMEND_BIN").map_or_else(|| PathBuf::from(crate::common::BIN), PathBuf::from)
}

/// One run of the binary: its exit, wall time, CPU time and peak resident memory.
struct Run {
    status: ExitStatus,
    secs: f64,
    /// User and system time: what linearity is judged by, as a busy machine stretches
    /// the wall time of one run and not of the other.
    cpu: f64,
    peak: u64,
    stderr: String,
}

/// Run `newsmend ARGS` under the memory limit, its stdout thrown away.
#[expect(clippy::zombie_processes, reason = "wait4 waits for it, to read its peak memory")]
fn measure(args: &[&str]) -> Run {
    let err = tempfile::NamedTempFile::new().expect("tmp");
    let script = "ulimit -v \"$1\"; shift; exec \"$@\" >/dev/null";
    let started = Instant::now();
    let child = Command::new("sh")
        .args(["-c", script, "sh", &(LIMIT >> 10).to_string()])
        .arg(bin())
        .args(args)
        .stdin(Stdio::null())
        .stderr(File::create(err.path()).expect("stderr file"))
        .spawn()
        .expect("run newsmend");
    let (status, peak, cpu) = wait_with_usage(child.id());
    let secs = started.elapsed().as_secs_f64();
    Run { status, secs, cpu, peak, stderr: std::fs::read_to_string(err.path()).unwrap_or_default() }
}

/// Wait for the process `pid` (the shell, which became newsmend), returning its exit,
/// peak resident memory in bytes and CPU seconds, as the kernel counted them.
fn wait_with_usage(pid: u32) -> (ExitStatus, u64, f64) {
    let mut status = 0;
    // SAFETY: `rusage` is plain data the kernel fills; `pid` is our own child, not yet
    // waited for (std's `Child` is never waited on after this).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let got = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(got, pid as libc::pid_t, "wait4: {}", std::io::Error::last_os_error());
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu = secs(usage.ru_utime) + secs(usage.ru_stime);
    (ExitStatus::from_raw(status), usage.ru_maxrss as u64 * 1024, cpu)
}

/// A single line of `unit` repeated to `bytes` bytes (cut at a character).
fn line_of(dir: &Path, name: &str, unit: &str, bytes: usize) -> PathBuf {
    let mut text = unit.repeat(bytes / unit.len() + 1);
    let cut = (0..=bytes).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    text.truncate(cut);
    text.push('\n');
    let path = dir.join(format!("{name}-{}.txt", bytes >> 20));
    std::fs::write(&path, text).expect("write page");
    path
}

/// The count `clean --check` says is pending.
fn edits(page: &Path) -> u64 {
    let run = measure(&["clean", "--check", page.to_str().expect("utf-8 path")]);
    let words: Vec<&str> = run.stderr.split_whitespace().collect();
    let at = words.iter().position(|w| w.starts_with("edit"));
    at.and_then(|i| words[i - 1].parse().ok()).unwrap_or(0)
}

/// Clean a line of `unit` at 12.5 MB and at 50 MB: both succeed, the long one within
/// the memory bar and at most five times the short one's CPU time.
fn bounded(name: &str, unit: &str) {
    let dir = tempfile::tempdir().expect("tmp");
    let small = line_of(dir.path(), name, unit, 25 << 19);
    let big = line_of(dir.path(), name, unit, 50 << 20);
    let [short, long] = [&small, &big].map(|p| measure(&["clean", p.to_str().expect("utf-8 path")]));
    for run in [&short, &long] {
        assert!(run.status.success(), "{name}: {:?} {}", run.status, run.stderr);
    }
    let page = std::fs::metadata(&big).expect("page").len();
    let n = edits(&big);
    let bar = 3 * page + PER_EDIT * n + CONSTANT;
    let mb = |b: u64| b >> 20;
    eprintln!(
        "{name}: 50 MB in {:.2} s, {:.2} s of CPU ({:.2} s at 12.5 MB), peak {} MB ({:.1}× the page), {n} edits, bar {} MB",
        long.secs,
        long.cpu,
        short.cpu,
        mb(long.peak),
        long.peak as f64 / page as f64,
        mb(bar)
    );
    assert!(long.peak <= bar, "{name}: peak {} MB over the bar {} MB", mb(long.peak), mb(bar));
    // A little slack for a process start and a busy machine on the short run.
    let (long_cpu, short_cpu) = (long.cpu, short.cpu);
    assert!(long_cpu <= 5.0 * short_cpu + 0.5, "{name}: {long_cpu:.2} s vs {short_cpu:.2} s of CPU: not linear");
}

#[test]
#[ignore = "release build under a memory limit: .ci/hostile"]
fn spaces_between_digits() {
    // The page of the report: quadratic in memory before.
    bounded("digit-spaces", "中文- 2 -");
    bounded("numbers", "1 2 3 4 5 6 7 8 9 0 ");
}

#[test]
#[ignore = "release build under a memory limit: .ci/hostile"]
fn spaces_between_ideographs() {
    bounded("stretched", "党 的 十 九 大 ");
}

#[test]
#[ignore = "release build under a memory limit: .ci/hostile"]
fn marks() {
    bounded("cjk-marks", "中,文;(说):");
    bounded("ascii-marks", ",.;:!?()-");
}

#[test]
#[ignore = "release build under a memory limit: .ci/hostile"]
fn quotes() {
    bounded("quotes", "他说\"好\"的'是'");
}

#[test]
#[ignore = "release build under a memory limit: .ci/hostile"]
fn latin() {
    bounded("latin", "New York Times 纽约时报 ");
}

#[test]
#[ignore = "release build under a memory limit: .ci/hostile"]
fn the_example_page_on_one_line() {
    let page = std::fs::read_to_string(crate::common::repo().join("testdata/example.txt")).expect("example");
    bounded("example", &page.replace('\n', " "));
}

/// The peak resident memory of this test process. A child's peak counts it (Linux keeps
/// the larger of the two across `exec`), so a bar below it cannot be told from it: under
/// `cargo test`, other tests may have raised it; under `.ci/hostile`, which runs these
/// cases first, it is small. A stream read without end still fails, at the memory limit.
fn inherited_peak() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status.lines().find_map(|l| l.strip_prefix("VmHWM:"));
    hwm.and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok()).unwrap_or(0) << 10
}

/// `clean /dev/zero` and `clean /dev/urandom`: binary data, refused from its head at
/// once, in the memory of the binary alone.
#[test]
fn devices_are_refused_from_their_head() {
    for dev in ["/dev/zero", "/dev/urandom"] {
        let run = measure(&["clean", dev]);
        assert_eq!(run.status.code(), Some(2), "{dev}: {}", run.stderr);
        assert!(run.stderr.contains("looks like binary data"), "{dev}: {}", run.stderr);
        eprintln!("{dev}: {:.2} s, peak {} MB", run.secs, run.peak >> 20);
        let bar = CONSTANT.max(inherited_peak());
        assert!(run.peak <= bar, "{dev}: peak {} MB over {} MB", run.peak >> 20, bar >> 20);
        assert!(run.secs < 5.0, "{dev}: {:.2} s", run.secs);
    }
}

/// `clean <(yes 中文)`: a FIFO of text that never ends is read to the page limit and no
/// further, refused as too large, holding the limit and the constant at most.
#[test]
fn a_fifo_that_never_ends_holds_the_page_limit_at_most() {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let dir = tempfile::tempdir().expect("tmp");
    let fifo = dir.path().join("endless");
    assert!(Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()), "mkfifo");
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || -> std::io::Result<()> {
            let mut f = std::fs::OpenOptions::new().write(true).open(&fifo)?;
            let block = "中文\n".repeat(1 << 14);
            loop {
                f.write_all(block.as_bytes())?;
            }
        })
    };
    let run = measure(&["clean", fifo.to_str().expect("utf-8 path")]);
    // A writer still waiting for a reader (newsmend never opened the FIFO) is let go:
    // a reader that opens without waiting, and closes.
    drop(std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(&fifo));
    assert!(writer.join().expect("writer").is_err(), "the writer stops when the reader does");
    assert_eq!(run.status.code(), Some(2), "{}", run.stderr);
    assert!(run.stderr.contains(": goes on past the 256 MB page limit (read no further)"), "{}", run.stderr);
    eprintln!("endless FIFO: {:.2} s, peak {} MB", run.secs, run.peak >> 20);
    let bar = (PAGE_LIMIT + CONSTANT).max(inherited_peak());
    assert!(run.peak <= bar, "peak {} MB over {} MB", run.peak >> 20, bar >> 20);
}
