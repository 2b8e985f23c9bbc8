//! The batch's own outputs: `summary.json` and `index.html`, from the run's summary.

use crate::shard::Shard;
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
    /// The part of SCANS this run took (`batch --shard I/N`); none: all of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
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
    if let Some(shard) = s.shard {
        html.push_str(&format!(
            "<p>Shard {} of {}: the issues of the scan folder in this part, the other parts in the other shards' output folders.</p>\n",
            shard.index, shard.count
        ));
    }
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

/// One page of a batch as the browser review's index lists it, from its review file.
#[derive(Debug, Clone, Default)]
pub struct LivePage {
    /// Its cleaned page's path under OUT (`issue/p01/page.txt`): the key decisions name.
    pub key: String,
    pub pending: usize,
    pub accepted: usize,
    pub rejected: usize,
    /// Pending edits that a rule is unsure of.
    pub review_pending: usize,
    /// Edits per rule, whatever their state.
    pub rules: BTreeMap<String, usize>,
}

/// What the live index needs beside its pages: the nonce its script and style carry
/// (named by the server's Content-Security-Policy), the token, and each page's address.
pub struct LiveIndex<'a> {
    pub nonce: &'a str,
    pub token: &'a str,
    pub title: &'a str,
    pub link: &'a dyn Fn(&str) -> String,
}

/// The batch index of the browser review (`review --web` on a batch folder): each
/// page with its pending, accepted and rejected edits, pages with review edits pending
/// first, a filter by rule, and a decision by rule across every page, asked to be
/// confirmed before it is sent.
pub fn live(pages: &[LivePage], live: &LiveIndex) -> String {
    let esc = super::report::escape;
    let mut rows: Vec<&LivePage> = pages.iter().collect();
    rows.sort_by(|a, b| (b.review_pending > 0).cmp(&(a.review_pending > 0)).then(a.key.cmp(&b.key)));
    let mut rules: BTreeMap<&str, usize> = BTreeMap::new();
    for p in pages {
        for (r, n) in &p.rules {
            *rules.entry(r).or_default() += n;
            *rules.entry(super::report::family(r)).or_default() += 0;
        }
    }
    let nonce = esc(live.nonce);
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<title>newsmend review: {0}</title>\n\
         <meta name=\"newsmend-token\" content=\"{1}\">\n<style nonce=\"{nonce}\">{LIVE_INDEX_STYLE}</style>\n</head>\n\
         <body data-done=\"0\">\n<h1>newsmend review: {0}</h1>\n<p>{2} · {3} edits pending · click a page to review it</p>\n",
        esc(live.title),
        esc(live.token),
        count(pages.len(), "page", "pages"),
        pages.iter().map(|p| p.pending).sum::<usize>()
    );
    html.push_str("<div id=\"decide\"><label>Rule: <select id=\"rule\"><option value=\"\">(every rule)</option>");
    for (r, n) in &rules {
        let label = if *n == 0 { format!("{r} (family)") } else { format!("{r} ×{n}") };
        html.push_str(&format!("<option value=\"{}\">{}</option>", esc(r), esc(&label)));
    }
    html.push_str(
        "</select></label> shows the pages with its edits; in every page: \
         <button type=\"button\" id=\"accept-batch\">accept it</button><button type=\"button\" id=\"reject-batch\">reject it</button>\n\
         <span id=\"confirm\" hidden><span id=\"ask\"></span> <button type=\"button\" id=\"yes\">yes</button><button type=\"button\" id=\"no\">no</button></span>\n\
         <button type=\"button\" id=\"undo\">undo</button> <button type=\"button\" id=\"quit\">quit</button>\n<p id=\"note\" role=\"status\"></p></div>\n",
    );
    html.push_str("<table id=\"pages\"><tr><th>page</th><th>pending</th><th>review pending</th><th>accepted</th><th>rejected</th><th>rules</th></tr>\n");
    for p in rows {
        let names: Vec<&str> = p.rules.keys().map(String::as_str).collect();
        html.push_str(&format!(
            "<tr class=\"{}\" data-rules=\"{}\"><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            if p.review_pending > 0 { "page review" } else { "page" },
            esc(&names.join(" ")),
            esc(&(live.link)(&p.key)),
            esc(&p.key),
            p.pending,
            p.review_pending,
            p.accepted,
            p.rejected,
            esc(&p.rules.iter().map(|(r, n)| format!("{r} ×{n}")).collect::<Vec<_>>().join(", "))
        ));
    }
    html.push_str(&format!(
        "</table>\n<script nonce=\"{nonce}\">{}{LIVE_INDEX_SCRIPT}</script>\n</body>\n</html>\n",
        super::report::LIVE_POST
    ));
    html
}

const LIVE_INDEX_STYLE: &str = "body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}\
td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}.review{background:#fff4d6}\
#decide{background:#fffbea;border:1px solid #e6d9a8;padding:0.4em;margin-bottom:0.8em}#note{color:#555;margin:0.3em 0 0}";

/// The live index's script: the filter by rule, and the batch-wide decision, sent only
/// once it is confirmed; then the page reloads with the counts the review files hold.
const LIVE_INDEX_SCRIPT: &str = r#"
(function () {
  var token = document.querySelector('meta[name=newsmend-token]').getAttribute('content');
  var rule = document.getElementById('rule');
  var note = document.getElementById('note');
  var confirmBar = document.getElementById('confirm');
  var asked = null, done = 0;
  function has(row, r) {
    return row.getAttribute('data-rules').split(' ').some(function (x) { return x === r || x.indexOf(r + '.') === 0; });
  }
  function filter() {
    var r = rule.value;
    document.querySelectorAll('tr.page').forEach(function (row) { row.hidden = r !== '' && !has(row, r); });
  }
  rule.addEventListener('change', filter);
  function post(path, body) { return newsmendPost(token, path, body); }
  function finish(text) { note.textContent = text; done += 1; document.body.setAttribute('data-done', String(done)); }
  function ask(action) {
    var r = rule.value;
    if (!r) { note.textContent = 'choose a rule first'; return; }
    var n = Array.prototype.filter.call(document.querySelectorAll('tr.page'), function (row) { return has(row, r); }).length;
    asked = { action: action, rules: [r], batch: true };
    document.getElementById('ask').textContent = action + ' every edit of ' + r + ' in ' + n + ' pages?';
    confirmBar.hidden = false;
  }
  document.getElementById('accept-batch').addEventListener('click', function () { ask('accept'); });
  document.getElementById('reject-batch').addEventListener('click', function () { ask('reject'); });
  document.getElementById('no').addEventListener('click', function () { asked = null; confirmBar.hidden = true; });
  document.getElementById('yes').addEventListener('click', function () {
    if (!asked) { return; }
    var body = asked;
    asked = null;
    confirmBar.hidden = true;
    post('/api/decide', body).then(function (j) { finish(j.said); location.reload(); })
      .catch(function (e) { finish('not saved: ' + e.message); });
  });
  document.getElementById('undo').addEventListener('click', function () {
    post('/api/undo', {}).then(function (j) { finish(j.said); location.reload(); })
      .catch(function (e) { finish('not undone: ' + e.message); });
  });
  document.getElementById('quit').addEventListener('click', function () {
    post('/api/quit', {}).then(function () { document.getElementById('decide').textContent = 'newsmend review has stopped: every decision is saved; close this tab.'; });
  });
})();
"#;
