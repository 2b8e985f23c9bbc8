//! Decisions from the browser, made through the review library as `accept` and
//! `reject` make them: [`crate::review::update`] takes the review file's lock, and
//! [`ReviewFile::decide`] picks the edits by id, rule or all pending, so the files come
//! out exactly as the command line would leave them. Undo sets the edits a decision
//! changed back to what they were, by id ([`ReviewFile::decide_ids`]), as the terminal
//! review records its decisions.

use crate::edit::EditFilter;
use crate::error::Result;
use crate::review::{self, ReviewFile, Selection, Status};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A decision as the page sends it (a JSON body).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ask {
    /// The page's key; none with `batch`.
    #[serde(default)]
    pub page: Option<String>,
    /// `accept`, `reject`, or `pending` (an edit made undecided again).
    pub action: String,
    #[serde(default)]
    pub ids: Vec<String>,
    #[serde(default)]
    pub rules: Vec<String>,
    /// Every pending edit (earlier decisions stand, as `--all` without `--force`).
    #[serde(default)]
    pub all: bool,
    /// The rules in every page of the batch.
    #[serde(default)]
    pub batch: bool,
}

/// A page's states, which the page shows after every decision.
#[derive(Debug, Clone, Serialize)]
pub struct State {
    pub counts: BTreeMap<&'static str, usize>,
    pub status: BTreeMap<String, Status>,
}

impl State {
    pub fn of(review: &ReviewFile) -> State {
        let counts = [Status::Pending, Status::Accepted, Status::Rejected]
            .into_iter()
            .map(|s| (word(s), review.count(s)))
            .collect();
        let status = review.edits.iter().map(|e| (e.id.clone(), e.status)).collect();
        State { counts, status }
    }
}

/// The review file's word for a state.
fn word(s: Status) -> &'static str {
    match s {
        Status::Pending => "pending",
        Status::Accepted => "accepted",
        Status::Rejected => "rejected",
    }
}

/// What one decision changed in one page: each edit's id and its state before.
#[derive(Debug, Clone)]
struct Changed {
    out: PathBuf,
    was: Vec<(String, Status)>,
}

/// The decisions made in this session, the last first to undo: one entry a click or
/// key, however many pages it reached.
#[derive(Debug, Default)]
pub struct Undo {
    stack: Vec<Vec<Changed>>,
}

/// What a request to decide is wrong about, said to the page (a 400).
#[derive(Debug)]
pub struct Refused(pub String);

impl Undo {
    /// Apply `ask` to the pages it names (`outs`), each under its file's lock; what it
    /// changed is kept to undo. Returns how many edits changed.
    pub fn decide(&mut self, outs: &[PathBuf], ask: &Ask) -> Result<Result<usize, Refused>> {
        let (select, status) = match selection(ask) {
            Ok(s) => s,
            Err(r) => return Ok(Err(r)),
        };
        if let Some(bad) = unknown(outs, &select)? {
            return Ok(Err(bad));
        }
        let mut entry = Vec::new();
        for out in outs {
            if !touches(out, &select)? {
                continue;
            }
            let was = review::update(out, |file| Ok(decide_recorded(file, &select, status)))?;
            if !was.is_empty() {
                entry.push(Changed { out: out.clone(), was });
            }
        }
        let n = entry.iter().map(|c| c.was.len()).sum();
        if !entry.is_empty() {
            self.stack.push(entry);
        }
        Ok(Ok(n))
    }

    /// Undo the last decision of this session: its edits back to their states before.
    /// Returns how many edits it set back (0: nothing to undo).
    pub fn undo(&mut self) -> Result<usize> {
        let Some(entry) = self.stack.pop() else { return Ok(0) };
        let mut n = 0;
        for c in &entry {
            let ids = c.was.iter().map(|(id, s)| (id.as_str(), *s));
            let missing = review::update(&c.out, |file| Ok(file.decide_ids(ids)))?;
            n += c.was.len() - missing;
        }
        Ok(n)
    }
}

/// The selection and state `ask` means, or what is wrong with it.
fn selection(ask: &Ask) -> Result<(Selection, Status), Refused> {
    let status = match ask.action.as_str() {
        "accept" => Status::Accepted,
        "reject" => Status::Rejected,
        "pending" if !ask.all && ask.rules.is_empty() => Status::Pending,
        "pending" => return Err(Refused("only single edits are made pending again".into())),
        other => return Err(Refused(format!("no such action: {other:?} (accept, reject or pending)"))),
    };
    let select = Selection { rules: ask.rules.clone(), ids: ask.ids.clone(), all: ask.all, force: false };
    if select.is_empty() {
        return Err(Refused("say which edits: ids, rules or all".into()));
    }
    Ok((select, status))
}

/// A mistyped id or rule is refused before anything is written, as `accept` refuses
/// it: every id must be an edit of the pages, every rule match one of their edits.
fn unknown(outs: &[PathBuf], select: &Selection) -> Result<Option<Refused>> {
    let files = outs.iter().map(|o| ReviewFile::load(o)).collect::<Result<Vec<_>>>()?;
    if let Some(id) = select.unknown_ids(&files).first() {
        return Ok(Some(Refused(format!("no such edit: {id} (the page was cleaned again? reload it)"))));
    }
    let known = |r: &str| files.iter().flat_map(|f| &f.edits).any(|e| EditFilter::rule_matches(&e.rule, r));
    Ok(select.rules.iter().find(|r| !known(r)).map(|r| Refused(format!("no edits of {r} here"))))
}

/// Whether the selection picks any edit of `out`: a page it does not reach is not
/// rewritten.
fn touches(out: &Path, select: &Selection) -> Result<bool> {
    Ok(ReviewFile::load(out)?.edits.iter().any(|e| select.matches(e)))
}

/// [`ReviewFile::decide`], noting each edit it changed with its state before.
fn decide_recorded(file: &mut ReviewFile, select: &Selection, status: Status) -> Vec<(String, Status)> {
    let before: Vec<Status> = file.edits.iter().map(|e| e.status).collect();
    file.decide(select, status);
    file.edits.iter().zip(before).filter(|(e, b)| e.status != *b).map(|(e, b)| (e.id.clone(), b)).collect()
}
