//! The review's addresses. Every request must carry the token (in the query for a GET,
//! in the `X-Newsmend-Token` header for a POST), compared in constant time. GETs only
//! show: a page's review (`/` or `/page?p=KEY`), the batch index (`/`), a file under
//! OUT (`/files/PATH`). Decisions are POSTs to `/api/decide`, `/api/undo`, `/api/quit`.

use super::decide::{Ask, State, Undo};
use super::http::{content_type, random_hex, Reply, Req};
use super::site::Site;
use crate::error::Result;
use crate::ingest;
use crate::render::batch_index::{self, LiveIndex};
use crate::render::report::{self, Live, Mark, Page};
use crate::review::{ReviewFile, Status};
use crate::scan::{self, Scan};
use serde_json::json;
use std::path::{Path, PathBuf};

/// The server's state between requests.
pub struct App {
    site: Site,
    token: String,
    undo: Undo,
}

/// Whether the server goes on after a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Go,
    Quit,
}

impl App {
    pub fn new(site: Site, token: String) -> App {
        App { site, token, undo: Undo::default() }
    }

    /// The reply to one request. Never panics: whatever goes wrong is a reply.
    pub fn handle(&mut self, req: &Req) -> (Reply, Next) {
        if !self.allowed(req) {
            return (Reply::error(403, "this address needs the token newsmend printed (…/?token=…)"), Next::Go);
        }
        let Some(path) = req.path.as_deref() else { return (not_found(), Next::Go) };
        let reply = match (req.post, path) {
            (false, "/") if self.site.is_batch() => self.index(),
            (false, "/") => self.site.keys().first().cloned().map_or_else(|| Ok(not_found()), |k| self.page(&k)),
            (false, "/page") => req.param("p").map_or_else(|| Ok(not_found()), |k| self.page(k)),
            (false, p) if p.starts_with("/files/") => Ok(self.file(&p["/files/".len()..])),
            (true, "/api/decide") => self.decide(&req.body),
            (true, "/api/undo") => self.undo(&req.body),
            (true, "/api/quit") => return (Reply::json(200, &json!({ "said": "stopped" })), Next::Quit),
            (false, "/api/decide" | "/api/undo" | "/api/quit") => {
                Ok(Reply::error(405, "decisions are POSTs with the token in the X-Newsmend-Token header"))
            }
            _ => Ok(not_found()),
        };
        (reply.unwrap_or_else(|e| Reply::error(500, &e.to_string())), Next::Go)
    }

    /// Whether the request carries the token: a POST in its header only (a form or a
    /// link from another site cannot set one), a GET in its query or header.
    fn allowed(&self, req: &Req) -> bool {
        let given =
            if req.post { req.token_header.as_deref() } else { req.param("token").or(req.token_header.as_deref()) };
        given.is_some_and(|g| constant_time_eq::constant_time_eq(g.as_bytes(), self.token.as_bytes()))
    }

    /// The batch index, from every page's review file as it is now.
    fn index(&self) -> Result<Reply> {
        let nonce = random_hex()?;
        let token = self.token.clone();
        let link = move |key: &str| format!("/page?p={}&token={token}", encode(key));
        let title = match &self.site {
            Site::Batch { root } => root.display().to_string(),
            Site::Page { name, .. } => name.clone(),
        };
        let live = LiveIndex { nonce: &nonce, token: &self.token, title: &title, link: &link };
        Ok(Reply::html(batch_index::live(&self.site.rows(), &live), nonce))
    }

    /// A page's review: the report of its review file, with its decisions.
    fn page(&self, key: &str) -> Result<Reply> {
        let Some(out) = self.site.page(key) else { return Ok(not_found()) };
        let review = ReviewFile::load(&out)?;
        let (source, image) = self.source_of(&review).unzip();
        let image = image.flatten();
        let nonce = random_hex()?;
        let index = self.site.is_batch().then(|| format!("/?token={}", self.token));
        let live = Live { nonce: &nonce, token: &self.token, page: key, index: index.as_deref() };
        let marks = review.edits.iter().map(mark).collect();
        let layout = source.as_ref().and_then(|s| s.layout.as_ref());
        let page = Page { name: key, encoding: &review.encoding, text: &review.input, marks, layout };
        Ok(Reply::html(report::live_html(&page, image.as_ref(), &live), nonce))
    }

    /// The page's input read again, with its scan, for the report's crops: only when
    /// it is where the review file says and still reads as the text reviewed.
    fn source_of(&self, review: &ReviewFile) -> Option<(ingest::Source, Option<Scan>)> {
        let path = match &self.site {
            Site::Page { .. } => PathBuf::from(&review.source),
            Site::Batch { root } => scans_of(root)?.join(&review.source),
        };
        if review.source == "-" || !path.is_file() {
            return None;
        }
        let source = ingest::read(&path).ok().filter(|s| s.text == review.input)?;
        let image = scan::image_for(&path, source.layout.as_ref()).and_then(|i| Scan::open(&i, source.layout.as_ref()));
        Some((source, image))
    }

    /// A file under OUT, by its path there; anything else is not found.
    fn file(&self, rel: &str) -> Reply {
        match self.site.file(rel).and_then(|p| Some((std::fs::read(&p).ok()?, content_type(&p)))) {
            Some((bytes, kind)) => Reply::file(bytes, kind),
            None => not_found(),
        }
    }

    /// A decision on one page's edits, or on a rule in every page of the batch.
    fn decide(&mut self, body: &[u8]) -> Result<Reply> {
        let ask: Ask = match serde_json::from_slice(body) {
            Ok(a) => a,
            Err(e) => return Ok(Reply::error(400, &format!("not a decision: {e}"))),
        };
        let outs: Vec<PathBuf> = match (&ask.page, ask.batch) {
            (None, true) if self.site.is_batch() && !ask.rules.is_empty() && ask.ids.is_empty() && !ask.all => {
                self.site.keys().iter().filter_map(|k| self.site.page(k)).collect()
            }
            (Some(key), false) => match self.site.page(key) {
                Some(out) => vec![out],
                None => return Ok(not_found()),
            },
            _ => return Ok(Reply::error(400, "a decision names one page, or is a rule for the whole batch")),
        };
        let n = match self.undo.decide(&outs, &ask)? {
            Ok(n) => n,
            Err(refused) => return Ok(Reply::error(400, &refused.0)),
        };
        let verb = match ask.action.as_str() {
            "accept" => "accepted",
            "reject" => "rejected",
            _ => "made pending",
        };
        let mut said = format!("{} {verb}", edits(n));
        if ask.batch {
            said.push_str(&format!(" in {} pages", outs.len()));
        }
        self.said_with_state(said, ask.page.as_deref())
    }

    /// Undo the last decision of this session.
    fn undo(&mut self, body: &[u8]) -> Result<Reply> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Body {
            #[serde(default)]
            page: Option<String>,
        }
        let Ok(body) = serde_json::from_slice::<Body>(if body.is_empty() { b"{}" } else { body }) else {
            return Ok(Reply::error(400, "not an undo: {\"page\": KEY} or {}"));
        };
        let said = match self.undo.undo()? {
            0 => "nothing to undo".to_string(),
            n => format!("undone: {} set back", edits(n)),
        };
        self.said_with_state(said, body.page.as_deref())
    }

    /// A reply saying what was done, with the page's states when it names one.
    fn said_with_state(&self, said: String, page: Option<&str>) -> Result<Reply> {
        let state = match page.and_then(|k| self.site.page(k)) {
            Some(out) => Some(State::of(&ReviewFile::load(&out)?)),
            None => None,
        };
        Ok(Reply::json(200, &json!({ "said": said, "state": state })))
    }
}

/// An edit of the review file as the report marks it.
fn mark(e: &crate::review::Entry) -> Mark<'_> {
    Mark {
        id: e.id.clone(),
        rule: &e.rule,
        start: e.start,
        end: e.end,
        after: &e.after,
        applicability: e.applicability,
        reason: &e.reason,
        status: match e.status {
            Status::Pending => "pending",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
        },
    }
}

/// The SCANS folder a batch folder was made from, as its `summary.json` names it.
fn scans_of(root: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(root.join("summary.json")).ok()?;
    let summary: batch_index::Summary = serde_json::from_str(&text).ok()?;
    Some(PathBuf::from(summary.scans))
}

fn not_found() -> Reply {
    Reply::error(404, "not found")
}

/// `1 edit`, `3 edits`.
fn edits(n: usize) -> String {
    batch_index::count(n, "edit", "edits")
}

/// A page key as a query value.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
