//! Corpus-scale runs: `batch --shard` (the union of the shards is the unsharded run, no
//! page in two), `clean --jsonl` over gzip and bzip2 with the lines' other fields kept,
//! and the README's recipes (GNU parallel, xargs, the Slurm array in `examples/`) run as
//! written.

use crate::common::{newsmend, repo, skipped, BIN};
use newsmend::compress::Compression;
use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

fn testdata(name: &str) -> String {
    std::fs::read_to_string(repo().join("testdata").join(name)).expect("testdata")
}

/// A scan folder of 100 issues of 4 pages each: page 1's lead article jumps to page 2,
/// every issue has its running head, every tenth issue keeps each page in a folder of
/// its own (`issue/p01/page.txt`), and two issues hold a scan without OCR text.
fn four_hundred_pages(scans: &Path) {
    let heading = testdata("structure/heading.txt");
    let wrap = testdata("structure/wrap-join.txt");
    for i in 0..100 {
        let issue = scans.join(format!("19{}/{:02}-{:02}", 30 + i / 12, i % 12 + 1, i % 28 + 1));
        let head = |n: u32| format!("京报 第{n}版 要闻\n\n");
        let pages = [
            format!(
                "{}新区改造第{i}期启动\n\n本报讯 新区将建立工作机制,改造方案须经居民同意后方可实施(下转第2版)\n",
                head(1)
            ),
            format!("{}(上接第1版)\n\n各项工作有序推进 ,群众满意度持续提升{i}。\n\n{wrap}", head(2)),
            format!("{}{heading}", head(3)),
            format!("{}第{i}条 本报讯(记者 彭禹乔)12 月19日,会议在江津区 召开。\n", head(4)),
        ];
        for (n, page) in pages.iter().enumerate() {
            let path = if i % 10 == 0 {
                issue.join(format!("p{:02}/page.txt", n + 1))
            } else {
                issue.join(format!("p{:02}.txt", n + 1))
            };
            std::fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
            std::fs::write(path, page).expect("write");
        }
        if i % 50 == 7 {
            image::RgbImage::from_pixel(8, 8, image::Rgb([250, 250, 250])).save(issue.join("p05.png")).expect("png");
        }
    }
}

/// Every file under `out` by its path under it, but the batch's own `summary.json` and
/// `index.html`, which are each run's.
fn page_outputs(out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(out).expect("under out").to_path_buf())
        .filter(|p| p != Path::new("summary.json") && p != Path::new("index.html"))
        .map(|p| {
            let bytes = std::fs::read(out.join(&p)).expect("read");
            (p, bytes)
        })
        .collect()
}

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("summary")).expect("json")
}

/// A summary's pages with what they came to, without the time each took.
fn pages_of(summary: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    summary["page_list"]
        .as_array()
        .expect("page_list")
        .iter()
        .map(|p| {
            let mut p = p.clone();
            p["seconds"] = serde_json::Value::Null;
            (p["page"].as_str().expect("page").to_string(), p)
        })
        .collect()
}

/// What a run wrote, or shards did together: the page outputs, the pages its summary
/// lists, and the scans without text it noted.
#[derive(Default)]
struct Written {
    files: BTreeMap<PathBuf, Vec<u8>>,
    pages: BTreeMap<String, serde_json::Value>,
    skipped: Vec<String>,
}

/// The outputs of runs each into its own folder, laid together; a file two of them wrote
/// or a page two of them cleaned fails the test.
fn union_of(outs: &[PathBuf]) -> Written {
    let mut w = Written::default();
    for out in outs {
        for (p, bytes) in page_outputs(out) {
            assert!(!w.files.contains_key(&p), "{} written by two shards", p.display());
            w.files.insert(p, bytes);
        }
        let s = summary(out);
        for (page, entry) in pages_of(&s) {
            assert!(w.pages.insert(page.clone(), entry).is_none(), "{page} cleaned by two shards");
        }
        w.skipped.extend(s["skipped"].as_array().into_iter().flatten().map(|v| v.to_string()));
    }
    w.skipped.sort();
    w
}

/// The unsharded run of `scans` into `out`, and its summary.
fn unsharded(root: &Path, scans: &str, out: &str) -> (Written, serde_json::Value) {
    let r = newsmend(root, &["batch", scans, "-o", out, "-q"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let s = summary(&root.join(out));
    assert!(s.get("shard").is_none(), "an unsharded run names no shard: {s}");
    (union_of(&[root.join(out)]), s)
}

fn assert_same_run(whole: &Written, union: &Written) {
    let names = |w: &Written| w.files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(union), names(whole), "the same files");
    for (p, bytes) in &whole.files {
        assert!(union.files[p] == *bytes, "{} differs from the unsharded run's", p.display());
    }
    assert_eq!(union.pages, whole.pages, "the same pages, each cleaned once, to the same counts");
    assert_eq!(union.skipped, whole.skipped, "each scan without text noted by one shard");
}

#[test]
fn four_shards_of_a_folder_are_the_unsharded_run_and_no_page_is_in_two() {
    let root = tempfile::tempdir().expect("tmp");
    four_hundred_pages(&root.path().join("scans"));
    let (whole, s) = unsharded(root.path(), "scans", "whole");
    assert_eq!(s["pages"], 400);
    assert_eq!(s["stitched"], 100, "every issue's lead article is stitched");
    assert_eq!(whole.skipped.len(), 2);
    let mut outs = Vec::new();
    for i in 1..=4 {
        let out = format!("shard-{i}");
        let r = newsmend(root.path(), &["batch", "scans", "-o", &out, "-q", "--shard", &format!("{i}/4")]);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        let s = summary(&root.path().join(&out));
        assert_eq!(s["shard"], serde_json::json!({"index": i, "count": 4}));
        // Whole issues: four pages each.
        let pages = s["pages"].as_u64().expect("pages");
        assert!(pages > 0 && pages.is_multiple_of(4), "shard {i}: {pages} pages");
        outs.push(root.path().join(out));
    }
    assert_same_run(&whole, &union_of(&outs));
}

#[test]
fn a_bad_shard_is_a_usage_error_before_anything_is_written() {
    let root = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(root.path().join("scans")).expect("mkdir");
    for (bad, why) in [
        ("0/4", "--shard 0/4: shards are numbered from 1 to 4 (a Slurm array for it runs as --array=1-4)"),
        ("5/4", "--shard 5/4: shards are numbered from 1 to 4 (a Slurm array for it runs as --array=1-4)"),
        ("1/0", "--shard 1/0: N must be 1 or more"),
        ("3", "--shard 3: expected I/N, such as 2/8 (shard 2 of 8)"),
    ] {
        let r = newsmend(root.path(), &["batch", "scans", "-o", "out", "--shard", bad]);
        assert_eq!(r.status.code(), Some(2), "{bad}");
        assert_eq!(String::from_utf8_lossy(&r.stderr), format!("newsmend: {why}\n"));
        assert!(!root.path().join("out").exists(), "{bad}: nothing made");
    }
}

/// The Slurm array of `examples/`, each task run by hand as Slurm would run it: the
/// shards' folders together are the unsharded run.
#[test]
fn the_slurm_array_example_adds_up_to_the_unsharded_run() {
    let root = tempfile::tempdir().expect("tmp");
    four_hundred_pages(&root.path().join("scans"));
    let (whole, _) = unsharded(root.path(), "scans", "whole");
    let script = repo().join("examples/slurm-batch.sh");
    let text = std::fs::read_to_string(&script).expect("script");
    assert!(text.lines().any(|l| l.starts_with("#SBATCH --array=1-")), "a 1-based array");
    let n = 3;
    for i in 1..=n {
        let r = Command::new("bash")
            .arg(&script)
            .current_dir(root.path())
            .env("SCANS", root.path().join("scans"))
            .env("OUT", root.path().join("sharded"))
            .env("NEWSMEND", BIN)
            .env("SLURM_ARRAY_TASK_ID", i.to_string())
            .env("SLURM_ARRAY_TASK_COUNT", n.to_string())
            .env("SLURM_CPUS_PER_TASK", "2")
            .output()
            .expect("bash");
        assert!(r.status.success(), "task {i}: {}", String::from_utf8_lossy(&r.stderr));
    }
    let outs: Vec<PathBuf> = (1..=n).map(|i| root.path().join(format!("sharded/shard-{i}-of-{n}"))).collect();
    assert_same_run(&whole, &union_of(&outs));
    // Outside an array it says what it needs, and runs nothing.
    let r = Command::new("bash").arg(&script).env("SCANS", "s").env("OUT", "o").output().expect("bash");
    assert!(!r.status.success());
    assert!(String::from_utf8_lossy(&r.stderr).contains("run this as a Slurm array"));
}

/// `n` JSON lines of small pages, each with fields around its text in `field`: a string,
/// a date, a page number, a number written with a trailing zero and a nested object.
fn lines(n: usize, field: &str) -> String {
    let mut s = String::new();
    for i in 0..n {
        let text = serde_json::to_string(&format!("第{i}条 本报讯(记者 彭禹乔)12 月19日,会议 召开。")).expect("json");
        s.push_str(&format!(
            r#"{{"id":"jb-{i}","series":"京报","date":"1930-04-{:02}","{field}":{text},"page":{},"score":1.50,"meta":{{"ocr": ["tess", 5]}}}}"#,
            i % 28 + 1,
            i % 8 + 1
        ));
        s.push('\n');
    }
    s
}

fn compressed(c: Compression, bytes: &[u8]) -> Vec<u8> {
    let mut w = c.writer(Vec::new());
    w.write_all(bytes).expect("write");
    w.finish().expect("finish")
}

/// Decoded by the format's own command-line tool where it is installed, else by the
/// crate: a check apart from the reader newsmend uses.
fn decompressed(c: Compression, bytes: &[u8]) -> String {
    let tool = match c {
        Compression::Gzip => "gzip",
        Compression::Bzip2 => "bzip2",
        Compression::None => return String::from_utf8(bytes.to_vec()).expect("utf-8"),
    };
    if let Ok(mut child) =
        Command::new(tool).arg("-dc").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn()
    {
        let mut stdin = child.stdin.take().expect("stdin");
        let input = bytes.to_vec();
        let writer = std::thread::spawn(move || stdin.write_all(&input));
        let out = child.wait_with_output().expect("wait");
        writer.join().expect("writer").expect("write");
        assert!(out.status.success(), "{tool} -dc");
        return String::from_utf8(out.stdout).expect("utf-8");
    }
    let mut s = String::new();
    c.reader(bytes).read_to_string(&mut s).expect("decode");
    s
}

/// Run newsmend with `stdin`, fed from a thread so that a large one cannot block.
fn newsmend_with(dir: &Path, args: &[&str], stdin: Vec<u8>) -> Output {
    let mut child = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut pipe = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || pipe.write_all(&stdin));
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join().expect("writer");
    out
}

/// The answer lines of a plain `{"id", "text"}` run over the same texts: what each line's
/// cleaned text and edits must be, whatever else the line holds.
fn plain_answers(dir: &Path, input: &str, field: &str) -> Vec<serde_json::Value> {
    let plain: String = input
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("line");
            format!("{}\n", serde_json::json!({"id": v["id"], "text": v[field]}))
        })
        .collect();
    let r = newsmend_with(dir, &["clean", "--jsonl"], plain.into_bytes());
    assert!(r.status.success());
    String::from_utf8(r.stdout).expect("utf-8").lines().map(|l| serde_json::from_str(l).expect("json")).collect()
}

/// Each answer is its line with the text cleaned, every other field where it was and as
/// it was written, then the articles, running heads and edits; in the order of the lines.
fn assert_answers(input: &str, output: &str, field: &str, plain: &[serde_json::Value]) {
    let got: Vec<&str> = output.lines().collect();
    assert_eq!(got.len(), input.lines().count(), "a line out for each line in");
    for ((line, answer), want) in input.lines().zip(&got).zip(plain) {
        let at = line.find(&format!(r#","{field}":"#)).expect("text field");
        let after = &line[at..];
        let rest = &after[after[1..].find(",\"").expect("field after the text") + 1..];
        let cleaned = serde_json::to_string(&want["text"]).expect("json");
        let expected_head = format!("{},\"{field}\":{cleaned}{}", &line[..at], &rest[..rest.len() - 1]);
        assert!(
            answer.starts_with(&expected_head) && answer[expected_head.len()..].starts_with(",\"articles\":"),
            "\n{answer}\nshould start\n{expected_head}"
        );
        let v: serde_json::Value = serde_json::from_str(answer).expect("answer");
        assert_eq!(v["edits"], want["edits"]);
        assert_eq!(v["articles"], want["articles"]);
    }
}

#[test]
fn ten_thousand_jsonl_bz2_lines_round_trip_with_their_fields_in_order() {
    let root = tempfile::tempdir().expect("tmp");
    let input = lines(10_000, "text");
    std::fs::write(root.path().join("1930.jsonl.bz2"), compressed(Compression::Bzip2, input.as_bytes()))
        .expect("write");
    let t = Instant::now();
    let r = newsmend(root.path(), &["clean", "--jsonl", "--input", "1930.jsonl.bz2", "-o", "1930.clean.jsonl.bz2"]);
    let secs = t.elapsed().as_secs_f64();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(r.stdout.is_empty());
    let _ = writeln!(std::io::stderr(), "note: 10,000 lines .jsonl.bz2 → .jsonl.bz2 in {secs:.2} s (test build)");
    let out = std::fs::read(root.path().join("1930.clean.jsonl.bz2")).expect("output");
    assert!(out.starts_with(b"BZh"), "bzip2 by its name");
    assert_answers(
        &input,
        &decompressed(Compression::Bzip2, &out),
        "text",
        &plain_answers(root.path(), &input, "text"),
    );
}

/// gzip both ways: a file of two members (two shards joined with `cat`) read whole, and
/// stdin told gzip by its head, with `--compress gz` on stdout; bzip2 streams joined the
/// same way.
#[test]
fn gzip_members_and_bzip2_streams_joined_are_read_whole() {
    let root = tempfile::tempdir().expect("tmp");
    let (a, b) = (lines(300, "text"), lines(200, "text").replace("jb-", "jb-b"));
    let both = format!("{a}{b}");
    let plain = plain_answers(root.path(), &both, "text");
    for (c, name, flag) in
        [(Compression::Gzip, "joined.jsonl.gz", "gz"), (Compression::Bzip2, "joined.jsonl.bz2", "bz2")]
    {
        let mut joined = compressed(c, a.as_bytes());
        joined.extend(compressed(c, b.as_bytes()));
        std::fs::write(root.path().join(name), &joined).expect("write");
        let r = newsmend(root.path(), &["clean", "--jsonl", name]);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        assert_answers(&both, &String::from_utf8(r.stdout).expect("utf-8"), "text", &plain);
        let r = newsmend_with(root.path(), &["clean", "--jsonl", "--compress", flag], joined);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        assert_answers(&both, &decompressed(c, &r.stdout), "text", &plain);
    }
}

#[test]
fn the_text_comes_from_text_field_and_a_text_field_beside_it_is_kept() {
    let root = tempfile::tempdir().expect("tmp");
    let input = lines(50, "body").replace(r#""page":"#, r#""text":"not this 1 ,2","page":"#);
    std::fs::write(root.path().join("body.jsonl.gz"), compressed(Compression::Gzip, input.as_bytes())).expect("write");
    let r = newsmend(root.path(), &["clean", "--jsonl", "--text-field", "body", "body.jsonl.gz", "-o", "out.jsonl"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let out = std::fs::read_to_string(root.path().join("out.jsonl")).expect("plain by its name");
    assert_answers(&input, &out, "body", &plain_answers(root.path(), &input, "body"));
    assert!(out.lines().all(|l| l.contains(r#""text":"not this 1 ,2""#)));
    // A line without it is answered with an error naming it, and the stream goes on.
    let r = newsmend_with(
        root.path(),
        &["clean", "--jsonl", "--text-field", "body"],
        b"{\"id\": 7, \"text\": \"x\"}\n".to_vec(),
    );
    assert_eq!(
        String::from_utf8_lossy(&r.stdout),
        "{\"error\":\"not a {\\\"id\\\", \\\"body\\\"} line: missing field `body` at line 1 column 22\",\"id\":7}\n"
    );
    for taken in ["id", "edits"] {
        let r = newsmend(root.path(), &["clean", "--jsonl", "--text-field", taken, "body.jsonl.gz"]);
        assert_eq!(r.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&r.stderr).starts_with(&format!("newsmend: --text-field {taken}: ")));
    }
}

/// A file cut short stops the run with one error naming it and the line it reached;
/// `-o OUT` is then not written at all.
#[test]
fn a_damaged_compressed_file_is_one_error_naming_the_file_and_line() {
    let root = tempfile::tempdir().expect("tmp");
    let input = lines(2000, "text");
    for (c, name, tool) in [(Compression::Gzip, "cut.jsonl.gz", "gzip"), (Compression::Bzip2, "cut.jsonl.bz2", "bzip2")]
    {
        let whole = compressed(c, input.as_bytes());
        std::fs::write(root.path().join(name), &whole[..whole.len() * 3 / 4]).expect("write");
        let r = newsmend(root.path(), &["clean", "--jsonl", name, "-o", "out.jsonl"]);
        assert_eq!(r.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        let prefix = format!("newsmend: {name}: line ");
        assert!(err.starts_with(&prefix), "{err}");
        let line: u64 = err[prefix.len()..].split(':').next().and_then(|n| n.parse().ok()).expect("a line number");
        // gzip is read as it was written; bzip2 a block (900 kB) at a time, and these
        // lines fit in one, so none of them can be read.
        let lines = if c == Compression::Gzip { 1000..=2000 } else { 1..=1 };
        assert!(lines.contains(&line), "{err}");
        assert!(err.contains(&format!("the {tool} data is damaged or cut short")), "{err}");
        assert!(err.trim_end().ends_with(&format!("(check the file with `{tool} -t`)")), "{err}");
        assert!(!root.path().join("out.jsonl").exists(), "{name}: no half output");
    }
}

/// A line that inflates past the page limit is read past, not held, however small it
/// was compressed: one gzip member of 16 MB of text, joined 40 times into one line of
/// 640 MB, cleaned under a memory limit far below it.
#[cfg(unix)]
#[test]
fn a_gzip_bomb_is_read_past_in_bounded_memory() {
    const MB: usize = 1 << 20;
    let root = tempfile::tempdir().expect("tmp");
    let member = compressed(Compression::Gzip, &vec![b'x'; 16 * MB]);
    let mut bomb = compressed(Compression::Gzip, br#"{"id": 1, "text": "ok"}"#);
    bomb.extend(compressed(Compression::Gzip, b"\n{\"id\": 2, \"text\": \""));
    for _ in 0..40 {
        bomb.extend(&member);
    }
    bomb.extend(compressed(Compression::Gzip, b"\"}\n{\"id\": 3, \"text\": \"ok\"}\n"));
    assert!(bomb.len() < 4 * MB);
    std::fs::write(root.path().join("bomb.jsonl.gz"), &bomb).expect("write");
    let script = format!("ulimit -v {}; exec \"$0\" clean --jsonl bomb.jsonl.gz", 700 * 1024);
    let r = Command::new("sh").args(["-c", &script, BIN]).current_dir(root.path()).output().expect("sh");
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let answers: Vec<serde_json::Value> =
        String::from_utf8(r.stdout).expect("utf-8").lines().map(|l| serde_json::from_str(l).expect("json")).collect();
    assert_eq!(answers.len(), 3);
    assert_eq!(answers[1]["id"], 2);
    assert_eq!(answers[1]["error"], "640 MB is larger than the 256 MB page limit: not read");
    assert_eq!((answers[0]["text"].as_str(), answers[2]["text"].as_str()), (Some("ok\n"), Some("ok\n")));
}

/// The fenced block after `<!-- recipe: NAME` in the README.
fn recipe(name: &str) -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README");
    let at = readme.find(&format!("<!-- recipe: {name} ")).expect("the recipe's marker");
    let block = &readme[at..];
    let start = block.find("```sh\n").expect("a block") + "```sh\n".len();
    let end = block[start..].find("```").expect("its end");
    block[start..start + end].to_string()
}

/// The README's recipe `name` over three `.jsonl.bz2` shards (one of them two shards
/// joined): each cleaned file is what `clean --jsonl` makes of its shard.
fn run_recipe(name: &str) {
    let root = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(root.path().join("shards")).expect("mkdir");
    let mut inputs = Vec::new();
    for (k, n) in [120, 80, 200].into_iter().enumerate() {
        let text = lines(n, "text").replace("jb-", &format!("jb{k}-"));
        let mut bytes = compressed(Compression::Bzip2, text.as_bytes());
        if k == 2 {
            bytes.extend(compressed(Compression::Bzip2, text.as_bytes()));
        }
        let file = format!("jingbao-19{}.jsonl.bz2", 30 + k);
        std::fs::write(root.path().join("shards").join(&file), bytes).expect("write");
        inputs.push((file, if k == 2 { text.repeat(2) } else { text }));
    }
    let bin_dir = Path::new(BIN).parent().expect("bin folder");
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let r = Command::new("bash")
        .args(["-euo", "pipefail", "-c", &recipe(name)])
        .current_dir(root.path())
        .env("PATH", path)
        .output()
        .expect("bash");
    assert!(r.status.success(), "{name}: {}", String::from_utf8_lossy(&r.stderr));
    for (file, text) in inputs {
        let out = std::fs::read(root.path().join("cleaned").join(&file)).expect("cleaned shard");
        let plain = plain_answers(root.path(), &text, "text");
        assert_answers(&text, &decompressed(Compression::Bzip2, &out), "text", &plain);
    }
}

#[test]
fn the_readme_gnu_parallel_recipe_runs_as_written() {
    let found = Command::new("parallel").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        skipped(
            "the_readme_gnu_parallel_recipe_runs_as_written",
            "no GNU parallel here (apt-get install parallel); its xargs -P equivalent is run by the next test",
        );
        return;
    }
    run_recipe("parallel");
}

#[test]
fn the_readme_xargs_recipe_runs_as_written() {
    run_recipe("xargs");
}

/// `-o` a FIFO (or a device: `-o /dev/null`) writes into it: a rename over it would put a
/// plain file in its place. The answers come out whole, compressed as the name says.
#[cfg(unix)]
#[test]
fn jsonl_written_to_a_fifo_goes_through_it() {
    use std::os::unix::fs::FileTypeExt as _;
    let root = tempfile::tempdir().expect("tmp");
    let input = lines(300, "text");
    std::fs::write(root.path().join("in.jsonl"), &input).expect("write");
    let fifo = root.path().join("out.jsonl.gz");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).expect("read the fifo"))
    };
    let r = newsmend(root.path(), &["clean", "--jsonl", "in.jsonl", "-o", "out.jsonl.gz"]);
    if !r.status.success() {
        // The reader waits for a writer: one that opens and goes ends it.
        let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
    }
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let out = reader.join().expect("reader");
    assert!(std::fs::symlink_metadata(&fifo).expect("fifo").file_type().is_fifo(), "still a FIFO");
    assert_answers(&input, &decompressed(Compression::Gzip, &out), "text", &plain_answers(root.path(), &input, "text"));
}
