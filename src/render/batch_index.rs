//! The batch's own outputs: `summary.json` and `index.html`, from the run's summary.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One page's outcome, as `summary.json` and `index.html` list it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageSummary {
    /// The page's path under SCANS.
    pub page: String,
    /// `cleaned`, `unchanged` (skipped: nothing changed since the last run) or `failed`;
    /// under `batch --check` (never written), `new` or `changed` for a page to clean.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub articles: usize,
    pub edits: BTreeMap<String, usize>,
    pub review_edits: usize,
    pub pending: usize,
    pub seconds: f64,
    /// Decisions of the page's earlier review file that no longer apply, when this run
    /// cleaned the page again over it (`3 decisions no longer apply: the text they were
    /// about changed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decisions: Option<String>,
}

/// The whole run, as `summary.json` holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    pub scans: String,
    pub pages: usize,
    pub cleaned: usize,
    pub unchanged: usize,
    pub failed: usize,
    pub articles: usize,
    pub stitched: usize,
    pub edits: BTreeMap<String, usize>,
    pub seconds: f64,
    pub failures: Vec<PageSummary>,
    pub page_list: Vec<PageSummary>,
    /// Scans without OCR text, not read (no `--ocr`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
    /// Everything else under SCANS that was not read, with why: symlinks that lead out
    /// of it, loop or dangle, and what is not a file (a FIFO is never opened).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_read: Vec<NotRead>,
}

/// Something under SCANS that the batch did not read, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NotRead {
    /// Its path under SCANS.
    pub path: String,
    pub reason: String,
}

impl PageSummary {
    /// A page `batch --check` finds a run would clean: `new` (not done yet) or `changed`.
    pub fn to_clean(page: String, status: &str) -> PageSummary {
        PageSummary { status: status.into(), error: None, ..PageSummary::failed(page, "", 0.0) }
    }

    /// A page that could not be read or cleaned, and why.
    pub fn failed(page: String, why: &str, seconds: f64) -> PageSummary {
        PageSummary {
            page,
            status: "failed".into(),
            error: Some(why.to_string()),
            articles: 0,
            edits: BTreeMap::new(),
            review_edits: 0,
            pending: 0,
            seconds,
            decisions: None,
        }
    }

    /// The page's cleaned page under `out`: the file its review file goes with, which
    /// `status`, `accept` and `reject` take.
    pub fn page_file(&self, out: &Path) -> PathBuf {
        out.join(page_dir(&self.page)).join("page.txt")
    }
}

impl Summary {
    /// `summary.json`.
    pub fn json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        json
    }
}

/// `n` things in English: `1 page`, `2 pages`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The folder under OUT that holds one page's outputs: its path under SCANS, by stem.
pub(crate) fn page_dir(relp: &str) -> PathBuf {
    let p = Path::new(relp);
    p.with_file_name(crate::scan::page_stem(p))
}

/// The batch index: the run's counts, edits per rule, and each page with a link to its
/// report, pages with review edits first.
pub fn html(s: &Summary) -> String {
    let esc = super::report::escape;
    let mut pages: Vec<&PageSummary> = s.page_list.iter().collect();
    // Pages with review edits first, then by name.
    pages.sort_by(|a, b| (b.review_edits > 0).cmp(&(a.review_edits > 0)).then(a.page.cmp(&b.page)));
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<title>newsmend batch</title>\n<style>\
         body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}\
         .failed{color:#b00}.review{background:#fff4d6}</style>\n</head>\n<body>\n",
    );
    html.push_str(&format!(
        "<h1>newsmend batch: {}</h1>\n<p>{}: {} cleaned, {} unchanged, {} failed · {}, {} stitched across pages · {:.2} s</p>\n",
        esc(&s.scans),
        count(s.pages, "page", "pages"),
        s.cleaned,
        s.unchanged,
        s.failed,
        count(s.articles, "article", "articles"),
        s.stitched,
        s.seconds
    ));
    html.push_str("<h2>Edits per rule</h2>\n<table><tr><th>rule</th><th>edits</th></tr>\n");
    for (r, n) in &s.edits {
        html.push_str(&format!("<tr><td>{}</td><td>{n}</td></tr>\n", esc(r)));
    }
    html.push_str("</table>\n<h2>Pages</h2>\n<table><tr><th>page</th><th>status</th><th>articles</th><th>edits</th><th>review edits</th><th>pending</th></tr>\n");
    for p in pages {
        let total: usize = p.edits.values().sum();
        let link = page_dir(&p.page).join("report.html");
        let class = if p.status == "failed" {
            " class=\"failed\""
        } else if p.review_edits > 0 {
            " class=\"review\""
        } else {
            ""
        };
        let name = if p.status == "failed" {
            format!("{} — {}", esc(&p.page), esc(p.error.as_deref().unwrap_or("")))
        } else {
            format!("<a href=\"{}\">{}</a>", esc(&link.display().to_string()), esc(&p.page))
        };
        html.push_str(&format!(
            "<tr{class}><td>{name}</td><td>{}</td><td>{}</td><td>{total}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&p.status),
            p.articles,
            p.review_edits,
            p.pending
        ));
    }
    html.push_str("</table>\n");
    if !s.skipped.is_empty() {
        html.push_str("<h2>Scans without OCR text, skipped</h2>\n<p>Run the batch with <code>--ocr</code> to read them with tesseract.</p>\n<ul>\n");
        for p in &s.skipped {
            html.push_str(&format!("<li>{}</li>\n", esc(p)));
        }
        html.push_str("</ul>\n");
    }
    if !s.not_read.is_empty() {
        html.push_str("<h2>Not read</h2>\n<ul>\n");
        for n in &s.not_read {
            html.push_str(&format!("<li>{} — {}</li>\n", esc(&n.path), esc(&n.reason)));
        }
        html.push_str("</ul>\n");
    }
    html.push_str("</body>\n</html>\n");
    html
}
