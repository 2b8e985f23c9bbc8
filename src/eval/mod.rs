//! Evaluation: score a cleaned page against its gold answer (the `eval` command), with
//! the numbers `../shared/tools/score.py` prints, to the last printed digit.
//!
//! That means doing what the Python does, including its corners: files read as UTF-8
//! with bad bytes replaced and universal newlines; a prediction that is not a page JSON
//! read as plain text split on blank lines; Python's `\s` (which counts U+001C..U+001F
//! and U+0085 as whitespace, unlike Rust's); lengths in code points; rapidfuzz's choice
//! among equally good alignments (see [`align`]); Python's `round` and float `repr`.

pub mod align;

use crate::error::{Error, Result};
use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One article: its headings and paragraphs as the file has them (not yet normalised).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoredArticle {
    pub headings: Vec<String>,
    pub paragraphs: Vec<String>,
}

/// A page as the scorer sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoredPage {
    pub articles: Vec<ScoredArticle>,
    pub running_heads: Vec<String>,
}

/// What a gold, prediction or raw page scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub cer: f64,
    pub flat_cer: f64,
    pub para_f1: f64,
    pub headings_exact: f64,
    /// Predicted articles with any text, and gold articles.
    pub articles: (usize, usize),
    pub raw: Option<RawScore>,
    pub gold_chars: usize,
}

/// The scores that need the input page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RawScore {
    pub raw_cer: f64,
    pub floor: f64,
    pub repair: f64,
}

/// Python's `str.isspace`, which is also what `\s` matches in a `str` pattern.
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, '\t'..='\r' | '\x1c'..='\x20' | '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}'
        | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

/// Whitespace runs as one space, none at either end.
pub(crate) fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// No whitespace, and the punctuation whose width OCR gets wrong folded to one form.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|&c| !is_space(c))
        .map(|c| match c {
            ',' => '，',
            ';' => '；',
            ':' => '：',
            '(' => '（',
            ')' => '）',
            '!' => '！',
            '?' => '？',
            '“' | '”' => '"',
            '‘' | '’' => '\'',
            c => c,
        })
        .collect()
}

fn code_points(s: &str) -> Vec<u32> {
    s.chars().map(u32::from).collect()
}

/// Read a file as Python's `open(path, encoding="utf-8", errors="replace").read()` does,
/// held to the page limit as every input is (a device or a FIFO too).
fn read_text(path: &Path) -> Result<String> {
    let bytes = crate::ingest::read_bytes(path)?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.into_owned() })
}

/// `list(x or [])` in Python, on a JSON value: `None` where Python raises TypeError.
fn py_list(v: Option<&Value>) -> Option<Vec<Value>> {
    let Some(v) = v else { return Some(Vec::new()) };
    match v {
        Value::Null | Value::Bool(false) => Some(Vec::new()),
        Value::Bool(true) => None,
        Value::Number(n) => n.as_f64().filter(|&f| f == 0.0).map(|_| Vec::new()),
        Value::String(s) => Some(s.chars().map(|c| Value::String(c.to_string())).collect()),
        Value::Array(a) => Some(a.clone()),
        Value::Object(o) => Some(o.keys().map(|k| Value::String(k.clone())).collect()),
    }
}

/// The articles of a parsed document as score.py's `load` takes them; `None` where it
/// gives up on JSON and reads the file as plain text instead.
fn json_articles(doc: &Value) -> Option<Vec<(Vec<Value>, Vec<Value>)>> {
    let arts = match doc {
        Value::Object(o) => o.get("articles")?,
        other => other,
    };
    let items: Vec<&Value> = match arts {
        Value::Array(a) => a.iter().collect(),
        // Iterating a string or a mapping yields strings, which have no `.get`.
        Value::String(s) if s.is_empty() => Vec::new(),
        Value::Object(o) if o.is_empty() => Vec::new(),
        _ => return None,
    };
    items
        .into_iter()
        .map(|a| {
            let a = a.as_object()?;
            Some((py_list(a.get("headings"))?, py_list(a.get("paragraphs"))?))
        })
        .collect()
}

fn strings(path: &Path, what: &str, values: Vec<Value>) -> Result<Vec<String>> {
    values
        .into_iter()
        .map(|v| match v {
            Value::String(s) => Ok(s),
            other => Err(Error::Eval { path: path.to_path_buf(), why: format!("{what}: {other} is not a string") }),
        })
        .collect()
}

/// Plain text: blocks split on blank lines (a whitespace run holding two line breaks),
/// one article without headings, a paragraph per block.
fn text_page(text: &str) -> ScoredPage {
    let mut paragraphs = Vec::new();
    let mut block_start = 0;
    let mut run_start = None;
    let mut newlines = 0;
    let flush = |from: usize, to: usize, paragraphs: &mut Vec<String>| {
        let p = norm(&text[from..to]);
        if !p.is_empty() {
            paragraphs.push(p);
        }
    };
    for (i, c) in text.char_indices() {
        if is_space(c) {
            run_start.get_or_insert(i);
            newlines += usize::from(c == '\n');
        } else {
            if let (Some(start), true) = (run_start, newlines >= 2) {
                flush(block_start, start, &mut paragraphs);
                block_start = i;
            }
            run_start = None;
            newlines = 0;
        }
    }
    flush(block_start, text.len(), &mut paragraphs);
    ScoredPage { articles: vec![ScoredArticle { headings: Vec::new(), paragraphs }], running_heads: Vec::new() }
}

/// Load a prediction or raw page: page JSON, or plain text when it is not one.
pub fn load(path: &Path) -> Result<ScoredPage> {
    let text = read_text(path)?;
    match serde_json::from_str::<Value>(&text) {
        Ok(doc) => match json_articles(&doc) {
            Some(arts) => page_from(path, &doc, arts),
            None => Ok(text_page(&text)),
        },
        Err(_) => Ok(text_page(&text)),
    }
}

/// Load a gold page: it must be page JSON.
pub(crate) fn load_gold(path: &Path) -> Result<ScoredPage> {
    let text = read_text(path)?;
    let bad = |why: String| Error::Eval { path: path.to_path_buf(), why: format!("not a gold page: {why}") };
    let doc: Value = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    let arts = json_articles(&doc)
        .ok_or_else(|| bad("expected {\"articles\": [{\"headings\": [...], \"paragraphs\": [...]}]}".into()))?;
    page_from(path, &doc, arts)
}

fn page_from(path: &Path, doc: &Value, arts: Vec<(Vec<Value>, Vec<Value>)>) -> Result<ScoredPage> {
    let articles = arts
        .into_iter()
        .map(|(h, p)| {
            Ok(ScoredArticle { headings: strings(path, "headings", h)?, paragraphs: strings(path, "paragraphs", p)? })
        })
        .collect::<Result<Vec<_>>>()?;
    let heads = match doc {
        Value::Object(o) => py_list(o.get("running_heads"))
            .ok_or_else(|| Error::Eval { path: path.to_path_buf(), why: "running_heads is not a list".into() })?,
        _ => Vec::new(),
    };
    Ok(ScoredPage { articles, running_heads: strings(path, "running_heads", heads)? })
}

/// One line per heading or paragraph, normalised, empty ones dropped.
fn lines(page: &ScoredPage) -> Vec<String> {
    page.articles
        .iter()
        .flat_map(|a| a.headings.iter().chain(&a.paragraphs))
        .map(|s| norm(s))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Where the line breaks fall in the lines joined without them, and that text.
fn breaks(ls: &[String]) -> (HashSet<usize>, Vec<u32>) {
    let mut pos = HashSet::new();
    let mut flat = Vec::new();
    for (i, l) in ls.iter().enumerate() {
        flat.extend(l.chars().map(u32::from));
        if i + 1 < ls.len() {
            pos.insert(flat.len());
        }
    }
    (pos, flat)
}

fn joined(ls: &[String], sep: &str) -> Vec<u32> {
    code_points(&ls.join(sep))
}

/// Score `pred` (and `raw`, the input page) against `gold`.
pub fn score(gold: &ScoredPage, pred: &ScoredPage, raw: Option<&ScoredPage>) -> Score {
    let (gl, pl) = (lines(gold), lines(pred));
    let (gs, ps) = (joined(&gl, "\n"), joined(&pl, "\n"));
    let n = gs.len().max(1) as f64;
    let heads: Vec<Vec<u32>> = gold.running_heads.iter().map(|h| code_points(&norm(h))).collect();
    // Lines that look like a gold running head are page furniture, not text.
    let body = |ls: &[String]| -> Vec<String> {
        ls.iter()
            .filter(|l| {
                let l = code_points(l);
                !heads.iter().any(|h| align::normalized_similarity(&l, h) >= 0.8)
            })
            .cloned()
            .collect()
    };
    let pred_dist = align::distance(&ps, &gs);
    let gold_flat = joined(&gl, "");
    let cer = py_round(pred_dist as f64 / n, 5);
    let flat_cer = py_round(align::distance(&joined(&body(&pl), ""), &gold_flat) as f64 / n, 5);

    let (gb, gflat) = breaks(&gl);
    let (pb, pflat) = breaks(&pl);
    let ops = align::opcodes(&pflat, &gflat);
    let mapped: HashSet<usize> = pb
        .iter()
        .filter_map(|&b| {
            // The first block whose source span holds the break: the blocks tile it in order.
            let op = ops.get(ops.partition_point(|o| o.src.1 < b))?;
            (op.src.0 <= b).then(|| match op.tag {
                align::Tag::Equal => op.dest.0 + (b - op.src.0).min(op.dest.1 - op.dest.0),
                _ => op.dest.0,
            })
        })
        .collect();
    let tp = mapped.intersection(&gb).count() as f64;
    let prec = if mapped.is_empty() { 1.0 } else { tp / mapped.len() as f64 };
    let rec = if gb.is_empty() { 1.0 } else { tp / gb.len() as f64 };
    let para_f1 = py_round(if prec + rec != 0.0 { 2.0 * prec * rec / (prec + rec) } else { 0.0 }, 4);

    let gh: Vec<String> = gold.articles.iter().flat_map(|a| a.headings.iter().map(|h| norm(h))).collect();
    let ph: HashSet<String> = pred.articles.iter().flat_map(|a| a.headings.iter().map(|h| norm(h))).collect();
    let headings_exact = if gh.is_empty() {
        1.0
    } else {
        py_round(gh.iter().filter(|h| ph.contains(*h)).count() as f64 / gh.len() as f64, 4)
    };
    let found = pred.articles.iter().filter(|a| !a.paragraphs.is_empty() || !a.headings.is_empty()).count();

    let raw = raw.map(|r| {
        let rl = lines(r);
        let raw_cer = align::distance(&joined(&rl, "\n"), &gs) as f64 / n;
        let floor =
            align::distance(&code_points(&fold(&body(&rl).concat())), &code_points(&fold(&gl.concat()))) as f64 / n;
        let denom = raw_cer - floor;
        RawScore {
            raw_cer: py_round(raw_cer, 5),
            floor: py_round(floor, 5),
            repair: py_round((raw_cer - pred_dist as f64 / n) / if denom > 1e-9 { denom } else { 1e-9 }, 4),
        }
    });
    Score { cer, flat_cer, para_f1, headings_exact, articles: (found, gold.articles.len()), raw, gold_chars: gs.len() }
}

impl Score {
    /// The line score.py prints (Python's `json.dumps` of its dict), with the case name
    /// first when there is one.
    pub fn json_line(&self, case: Option<&str>) -> String {
        let mut s = String::from("{");
        if let Some(c) = case {
            s.push_str(&format!("\"case\": {}, ", serde_json::Value::from(c)));
        }
        s.push_str(&format!(
            "\"cer\": {}, \"flat_cer\": {}, \"para_f1\": {}, \"headings_exact\": {}, \"articles\": \"{}/{}\"",
            py_repr(self.cer),
            py_repr(self.flat_cer),
            py_repr(self.para_f1),
            py_repr(self.headings_exact),
            self.articles.0,
            self.articles.1
        ));
        if let Some(r) = &self.raw {
            s.push_str(&format!(
                ", \"raw_cer\": {}, \"floor\": {}, \"repair\": {}",
                py_repr(r.raw_cer),
                py_repr(r.floor),
                py_repr(r.repair)
            ));
        }
        s.push_str(&format!(", \"gold_chars\": {}}}", self.gold_chars));
        s
    }

    /// One human-readable row.
    pub fn text_row(&self) -> String {
        let mut s = format!(
            "cer {:.5}  flat {:.5}  paraF1 {:.4}  heads {:.4}  arts {:>5}",
            self.cer,
            self.flat_cer,
            self.para_f1,
            self.headings_exact,
            format!("{}/{}", self.articles.0, self.articles.1)
        );
        if let Some(r) = &self.raw {
            s.push_str(&format!("  raw {:.5}  floor {:.5}  repair {:.4}", r.raw_cer, r.floor, r.repair));
        }
        s.push_str(&format!("  chars {}", self.gold_chars));
        s
    }
}

/// The mean of each score over `rows`, as one human-readable line.
pub fn mean_row(rows: &[&Score]) -> String {
    let n = rows.len().max(1) as f64;
    let mean = |f: &dyn Fn(&Score) -> f64| rows.iter().map(|r| f(r)).sum::<f64>() / n;
    let mut s = format!(
        "cases {:3}  cer {:.5}  flat {:.5}  paraF1 {:.4}  heads {:.4}",
        rows.len(),
        mean(&|r| r.cer),
        mean(&|r| r.flat_cer),
        mean(&|r| r.para_f1),
        mean(&|r| r.headings_exact)
    );
    if rows.iter().all(|r| r.raw.is_some()) && !rows.is_empty() {
        let raw = |f: fn(&RawScore) -> f64| move |r: &Score| r.raw.as_ref().map_or(0.0, f);
        s.push_str(&format!(
            "  raw {:.5}  floor {:.5}  repair {:.4}",
            mean(&raw(|r| r.raw_cer)),
            mean(&raw(|r| r.floor)),
            mean(&raw(|r| r.repair))
        ));
    }
    s
}

/// Python's `round(x, digits)`: the decimal nearest to the exact binary value, ties to
/// even, read back as the nearest double.
pub(crate) fn py_round(x: f64, digits: usize) -> f64 {
    if !x.is_finite() {
        return x;
    }
    // Every digit of a double's exact expansion: no double has more than 1074 after the point.
    let exact = format!("{:.1080}", x.abs());
    let (int, frac) = exact.split_once('.').unwrap_or((&exact, ""));
    let frac = frac.as_bytes();
    let mut kept: Vec<u8> = int.bytes().chain(frac.iter().take(digits).copied()).collect();
    let next = frac.get(digits).copied().unwrap_or(b'0');
    let rest = frac.get(digits + 1..).is_some_and(|r| r.iter().any(|&d| d != b'0'));
    let odd = kept.last().is_some_and(|d| (d - b'0') % 2 == 1);
    if next > b'5' || (next == b'5' && (rest || odd)) {
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, b'1');
                break;
            }
            i -= 1;
            if kept[i] == b'9' {
                kept[i] = b'0';
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let split = kept.len() - digits;
    let text = format!(
        "{}.{}",
        std::str::from_utf8(&kept[..split]).unwrap_or("0"),
        std::str::from_utf8(&kept[split..]).unwrap_or("0")
    );
    let v: f64 = text.trim_end_matches('.').parse().unwrap_or(x.abs());
    if x.is_sign_negative() {
        -v
    } else {
        v
    }
}

/// Python's `repr` of a float (what `json.dumps` prints): the shortest digits that read
/// back, positional from 1e-4 up to 1e16, else with an exponent of at least two digits.
pub(crate) fn py_repr(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if x < 0.0 { "-" } else { "" };
    if (-4..16).contains(&exp) {
        if exp >= 0 {
            let point = exp as usize + 1;
            if digits.len() <= point {
                format!("{sign}{digits}{}.0", "0".repeat(point - digits.len()))
            } else {
                format!("{sign}{}.{}", &digits[..point], &digits[point..])
            }
        } else {
            format!("{sign}0.{}{digits}", "0".repeat((-exp - 1) as usize))
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        format!("{sign}{first}{rest}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.unsigned_abs())
    }
}

/// One case of a directory evaluation.
#[derive(Debug, Clone)]
pub struct Case {
    /// The folder's path under the gold directory, `/`-separated (`.` for the top).
    pub name: String,
    pub gold: PathBuf,
    pub pred: PathBuf,
    pub raw: Option<PathBuf>,
}

/// What pairing the directories gave: the cases, and notes on golds left out.
#[derive(Debug, Default)]
pub struct Pairing {
    pub cases: Vec<Case>,
    pub skipped: Vec<String>,
}

/// The file of `dir` that goes with a gold: `name` if given, else the one `*.json` or
/// `*.txt` there other than `gold.json`. `Ok(None)` when there is none.
fn partner(dir: &Path, name: Option<&str>, flag: &str) -> Result<Option<PathBuf>> {
    if let Some(n) = name {
        let p = dir.join(n);
        return Ok(p.is_file().then_some(p));
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(None) };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let file = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            p.is_file() && !file.starts_with('.') && file != "gold.json" && (ext == "json" || ext == "txt")
        })
        .collect();
    found.sort();
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.pop()),
        _ => {
            let names: Vec<String> =
                found.iter().filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())).collect();
            Err(Error::Usage(format!(
                "{}: several files could be the one to score ({}): choose with {flag} NAME",
                dir.display(),
                names.join(", ")
            )))
        }
    }
}

/// Pair every `gold.json` under `gold_dir` with the prediction (and raw input) in the
/// same folder under `pred_dir` (and `raw_dir`).
pub fn pair(
    gold_dir: &Path,
    pred_dir: &Path,
    raw_dir: Option<&Path>,
    pred_name: Option<&str>,
    raw_name: Option<&str>,
) -> Result<Pairing> {
    for d in std::iter::once(gold_dir).chain(std::iter::once(pred_dir)).chain(raw_dir) {
        if !d.is_dir() {
            let e = std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory");
            return Err(Error::io(d, e));
        }
    }
    let mut out = Pairing::default();
    let walk = walkdir::WalkDir::new(gold_dir).sort_by_file_name();
    for entry in walk {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(gold_dir).to_path_buf();
            Error::io(path, e.into())
        })?;
        if !entry.file_type().is_file() || entry.file_name() != "gold.json" {
            continue;
        }
        let gold = entry.path().to_path_buf();
        let rel = gold.parent().and_then(|p| p.strip_prefix(gold_dir).ok()).unwrap_or(Path::new(""));
        let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let name = if name.is_empty() { ".".to_string() } else { name };
        let Some(pred) = partner(&pred_dir.join(rel), pred_name, "--pred-name")? else {
            out.skipped.push(format!("{name}: no prediction in {}", pred_dir.join(rel).display()));
            continue;
        };
        let raw = match raw_dir {
            Some(r) => {
                let found = partner(&r.join(rel), raw_name, "--raw-name")?;
                if found.is_none() {
                    out.skipped.push(format!("{name}: no raw input in {}, scored without", r.join(rel).display()));
                }
                found
            }
            None => None,
        };
        out.cases.push(Case { name, gold, pred, raw });
    }
    Ok(out)
}

/// Score one case from its files.
pub fn score_files(gold: &Path, pred: &Path, raw: Option<&Path>) -> Result<Score> {
    let g = load_gold(gold)?;
    let p = load(pred)?;
    let r = raw.map(load).transpose()?;
    Ok(score(&g, &p, r.as_ref()))
}

/// The group a case's mean goes into: its first folder, when it has folders below that.
pub fn group_of(name: &str) -> &str {
    match name.split_once('/') {
        Some((g, _)) => g,
        None => "all",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(heads: &[&str], paras: &[&str]) -> ScoredPage {
        ScoredPage {
            articles: vec![ScoredArticle {
                headings: heads.iter().map(|s| s.to_string()).collect(),
                paragraphs: paras.iter().map(|s| s.to_string()).collect(),
            }],
            running_heads: Vec::new(),
        }
    }

    #[test]
    fn python_whitespace() {
        assert_eq!(norm("\u{3000} 甲\x1c\u{85}乙 \n"), "甲 乙");
        assert!(!is_space('\u{200b}'));
        assert_eq!(fold("a, b“c”"), "a，b\"c\"");
    }

    #[test]
    fn text_blocks_split_on_blank_lines() {
        let p = text_page("  一\n二\n \n\n三\r\n四\n\n");
        assert_eq!(p.articles[0].paragraphs, vec!["一 二", "三 四"]);
        let p = text_page("甲\n\t\n乙");
        assert_eq!(p.articles[0].paragraphs, vec!["甲", "乙"]);
    }

    #[test]
    fn python_round_and_repr() {
        assert_eq!(py_round(0.015625, 5), 0.01562);
        assert_eq!(py_round(2.675, 2), 2.67);
        assert_eq!(py_round(0.123456, 4), 0.1235);
        assert_eq!(py_round(0.99996, 4), 1.0);
        assert_eq!(py_repr(py_round(1e-5, 5)), "1e-05");
        assert_eq!(py_repr(0.00012), "0.00012");
        assert_eq!(py_repr(1.0), "1.0");
        assert_eq!(py_repr(-0.0), "-0.0");
        assert_eq!(py_repr(1.088), "1.088");
        assert_eq!(py_repr(1e16), "1e+16");
        assert_eq!(py_repr(123.5), "123.5");
    }

    #[test]
    fn json_fallbacks_follow_score_py() {
        let doc: Value = serde_json::from_str(r#"{"articles": [{"headings": "AB", "paragraphs": null}]}"#).unwrap();
        let arts = json_articles(&doc).unwrap();
        assert_eq!(arts[0].0.len(), 2);
        assert!(arts[0].1.is_empty());
        for bad in [r#"{"x": 1}"#, r#"[1]"#, r#"{"articles": [{"headings": 3}]}"#, "3", "null"] {
            let doc: Value = serde_json::from_str(bad).unwrap();
            assert!(json_articles(&doc).is_none(), "{bad}");
        }
    }

    // Expected: score.py's line for the same files.
    #[test]
    fn scores_a_small_page() {
        let gold = page(&["标题"], &["第一段文字。", "第二段文字。"]);
        let pred = page(&["标题"], &["第一段文字。第二段", "文字。"]);
        assert_eq!(
            score(&gold, &pred, None).json_line(None),
            r#"{"cer": 0.125, "flat_cer": 0.0, "para_f1": 0.5, "headings_exact": 1.0, "articles": "1/1", "gold_chars": 16}"#
        );
    }
}
