//! `newsmend eval` agrees with `../shared/tools/score.py` on every devset case: newsmend's
//! own output (from the text input, and from the hOCR where there is one) and the raw
//! input scored as a prediction. Needs the devset and python3 with rapidfuzz (`pip
//! install rapidfuzz`): without them it says it was skipped, or fails when
//! `NEWSMEND_REQUIRE_DEVSET=1` asks for the devset.

use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SCRIPT: &str = r#"
import json, sys
sys.path.insert(0, sys.argv[1])
import score
for gold, pred, raw in json.load(sys.stdin):
    print(json.dumps(score.score(gold, pred, raw), ensure_ascii=False))
"#;

use crate::common::BIN;

const TEST: &str = "eval_agrees_with_score_py_on_the_devset";

/// `../shared`, with score.py and a python3 that has rapidfuzz.
fn shared() -> Option<PathBuf> {
    let devset = crate::common::devset(TEST, "")?;
    let shared = devset.parent().expect("devset's parent").to_path_buf();
    let rapidfuzz = Command::new("python3")
        .args(["-c", "import rapidfuzz"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !rapidfuzz || !shared.join("tools/score.py").is_file() {
        let why = "needs python3 with rapidfuzz (pip install rapidfuzz) and ../shared/tools/score.py";
        if std::env::var_os("NEWSMEND_REQUIRE_DEVSET").is_some_and(|v| v == "1") {
            panic!("{TEST} {why}, and NEWSMEND_REQUIRE_DEVSET=1 requires it");
        }
        crate::common::skipped(TEST, why);
        return None;
    }
    Some(shared)
}

/// Each devset case: its folder under the devset, and its text input.
fn cases(devset: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(devset).sort_by_file_name().into_iter().flatten() {
        if e.file_name() != "gold.json" {
            continue;
        }
        let dir = e.path().parent().unwrap();
        let Some(input) = ["input.txt", "page.txt"].iter().map(|n| dir.join(n)).find(|p| p.is_file()) else {
            continue;
        };
        let rel = dir.strip_prefix(devset).unwrap().to_string_lossy().replace('\\', "/");
        out.push((rel, input));
    }
    out
}

/// score.py's line for each (gold, pred, raw).
fn reference(tools: &Path, triples: &[(PathBuf, PathBuf, PathBuf)]) -> Vec<String> {
    let input = serde_json::to_string(triples).unwrap();
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(tools)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "score.py failed");
    String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect()
}

/// Run `eval` over the devset with predictions under `pred_dir`, compare with score.py
/// and return the largest difference seen per score.
/// `raw_dir` mirrors the devset's folders with each case's input alone, as `raw.txt`: a
/// case folder holds several extractions, and eval must be told which one is the input.
fn compare(
    shared: &Path,
    (pred_dir, raw_dir): (&Path, &Path),
    cases: &[(String, PathBuf)],
    what: &str,
) -> BTreeMap<String, f64> {
    let devset = shared.join("devset");
    let out = Command::new(BIN)
        .args(["eval", "--format", "json", "--gold"])
        .arg(&devset)
        .arg("--pred")
        .arg(pred_dir)
        .arg("--raw")
        .arg(raw_dir)
        .args(["--raw-name", "raw.txt"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{what}: eval failed: {}", String::from_utf8_lossy(&out.stderr));
    let mut ours: BTreeMap<String, Value> = BTreeMap::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let mut v: Value = serde_json::from_str(line).unwrap();
        let case = v.as_object_mut().unwrap().remove("case").unwrap();
        ours.insert(case.as_str().unwrap().to_string(), v);
    }
    let triples: Vec<_> = cases
        .iter()
        .map(|(rel, input)| {
            let dir = pred_dir.join(rel);
            let pred = if dir.join("pred.json").is_file() { dir.join("pred.json") } else { input.clone() };
            (devset.join(rel).join("gold.json"), pred, input.clone())
        })
        .collect();
    let theirs = reference(&shared.join("tools"), &triples);
    assert_eq!(ours.len(), cases.len(), "{what}: eval scored {} of {} cases", ours.len(), cases.len());
    let mut worst: BTreeMap<String, f64> = BTreeMap::new();
    for ((rel, _), line) in cases.iter().zip(&theirs) {
        let want: Value = serde_json::from_str(line).unwrap();
        let got = &ours[rel];
        let (want, got) = (want.as_object().unwrap(), got.as_object().unwrap());
        assert_eq!(want.keys().collect::<Vec<_>>(), got.keys().collect::<Vec<_>>(), "{what} {rel}");
        for (k, w) in want {
            match (w.as_f64(), got[k].as_f64()) {
                (Some(w), Some(g)) => {
                    let d = (w - g).abs();
                    let e = worst.entry(k.clone()).or_insert(0.0);
                    *e = e.max(d);
                    assert!(d < 5e-5, "{what} {rel}: {k} is {g}, score.py says {w}");
                }
                _ => assert_eq!(w, &got[k], "{what} {rel}: {k}"),
            }
        }
    }
    worst
}

#[test]
fn eval_agrees_with_score_py_on_the_devset() {
    let Some(shared) = shared() else { return };
    let devset = shared.join("devset");
    let cases = cases(&devset);
    assert!(!cases.is_empty());
    let tmp = tempfile::tempdir().unwrap();
    let raw = tmp.path().join("raw");
    for (rel, input) in &cases {
        std::fs::create_dir_all(raw.join(rel)).unwrap();
        std::fs::copy(input, raw.join(rel).join("raw.txt")).unwrap();
    }
    let mut hocr_cases = Vec::new();
    for (rel, input) in &cases {
        for (kind, src) in [("txt", input.clone()), ("hocr", input.with_file_name("page.hocr"))] {
            if !src.is_file() {
                continue;
            }
            let out = Command::new(BIN).arg("clean").arg(&src).args(["--format", "json"]).output().unwrap();
            assert!(out.status.success(), "clean {}", src.display());
            let dir = tmp.path().join(kind).join(rel);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("pred.json"), out.stdout).unwrap();
            if kind == "hocr" {
                hocr_cases.push((rel.clone(), input.clone()));
            }
        }
    }
    for (what, pred_dir, cases) in [
        ("clean output", tmp.path().join("txt"), &cases),
        ("clean page.hocr output", tmp.path().join("hocr"), &hocr_cases),
        ("raw input", raw.clone(), &cases),
    ] {
        let worst = compare(&shared, (&pred_dir, &raw), cases, what);
        eprintln!("{what}: {} cases, largest difference per score {worst:?}", cases.len());
    }
}
