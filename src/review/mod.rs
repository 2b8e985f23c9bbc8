//! Review: `clean -o OUT` writes OUT as a proposal and records its edits in a review file
//! beside it (`OUT.review.json`). Decisions — accept, reject — are recorded there and
//! committed by rewriting OUT as the input with every edit not rejected applied.
//!
//! Decisions are keyed by the edit's id, a hash of its rule, its change and the text
//! around it, not by offsets alone: cleaning the input again, changed or not, finds the
//! same ids for the same edits ([`carry`]), so a decision stands as long as its edit
//! does, and a rejected edit never comes back.
//!
//! Every writer of a review file goes through [`update`] or [`write_proposal`]: each
//! takes the file's lock, reads it, changes it and writes it back before letting go,
//! so writers in other processes never lose one another's decisions. Readers need no
//! lock: the files are replaced whole, by rename.

mod carry;
mod proposal;
mod show;

use crate::edit::{self, Applicability, Edit, EditFilter, Splice};
use crate::error::{Error, Result};
use crate::fsio::{write_file_as, Durability, Lock};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub use proposal::{write_proposal, Proposed};
pub use show::{context, ids_text, status_text};

/// The review file format this newsmend writes and reads.
const VERSION: u32 = 1;

/// The state of one edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Proposed: applied in OUT until someone decides.
    Pending,
    Accepted,
    /// Never applied, and never proposed again while the edit is found on the page.
    Rejected,
}

/// One recorded edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub rule: String,
    pub start: usize,
    pub end: usize,
    pub before: String,
    pub after: String,
    pub applicability: Applicability,
    pub reason: String,
    pub status: Status,
}

/// The review file: the decoded input and its edits with their states.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReviewFile {
    pub version: u32,
    pub source: String,
    pub encoding: String,
    pub input: String,
    pub edits: Vec<Entry>,
}

/// Where the review file of `out` lives.
pub fn review_path(out: &Path) -> PathBuf {
    beside(out, "", ".review.json")
}

/// The lock every writer of `out`'s review file takes: `.OUT.review.lock`, there only
/// while one is held.
fn lock_path(out: &Path) -> PathBuf {
    beside(out, ".", ".review.lock")
}

fn beside(out: &Path, prefix: &str, suffix: &str) -> PathBuf {
    let mut name = std::ffi::OsString::from(prefix);
    name.push(out.file_name().unwrap_or_default());
    name.push(suffix);
    out.with_file_name(name)
}

impl Splice for Entry {
    fn span(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    fn replacement(&self) -> &str {
        &self.after
    }
}

/// What a decision did to one file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Decided {
    /// Edits whose state changed.
    pub changed: usize,
    /// Of those, edits decided the other way before.
    pub overturned: usize,
    /// Edits decided the other way before that `--all` left as they were (no `force`).
    pub kept: usize,
}

impl ReviewFile {
    /// A review of `edits` on `input`, carrying over the decisions of `previous` by id.
    pub fn new<'a>(
        source: &str,
        encoding: &str,
        input: &str,
        edits: impl Iterator<Item = &'a Edit>,
        previous: Option<&ReviewFile>,
    ) -> Self {
        let edits: Vec<&Edit> = edits.collect();
        let carried = carry::carry(previous, input, &edits);
        let edits = edits
            .iter()
            .enumerate()
            .map(|(i, e)| Entry {
                id: carried.ids.get(i),
                rule: e.rule().to_string(),
                start: e.start(),
                end: e.end(),
                before: input[e.start()..e.end()].to_string(),
                after: e.replacement().to_string(),
                applicability: e.applicability,
                reason: e.reason().to_string(),
                status: carried.status(i),
            })
            .collect();
        ReviewFile { version: VERSION, source: source.into(), encoding: encoding.into(), input: input.into(), edits }
    }

    /// The review file of `out`; none is an error that says how to make one.
    pub fn load(out: &Path) -> Result<ReviewFile> {
        Self::load_if_any(out)?.ok_or_else(|| no_review(out))
    }

    /// The review file of `out`, or `None` when there is none; one that cannot be read
    /// is an error, never taken for none: its decisions would be lost.
    pub fn load_if_any(out: &Path) -> Result<Option<ReviewFile>> {
        let path = review_path(out);
        let text = match std::fs::read_to_string(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            r => r.map_err(|e| Error::io(&path, e))?,
        };
        let r: ReviewFile = serde_json::from_str(&text).map_err(|e| Error::Review {
            path: path.clone(),
            why: format!("not a review file newsmend can read: {e}"),
        })?;
        if r.version != VERSION {
            let why = format!("format version {}, and this newsmend reads version {VERSION}", r.version);
            return Err(Error::Review { path, why });
        }
        // Offsets come from a file a person may have edited: check them before use.
        let mut last = 0;
        for e in &r.edits {
            let ok = e.start >= last
                && e.start <= e.end
                && e.end <= r.input.len()
                && r.input.is_char_boundary(e.start)
                && r.input.is_char_boundary(e.end)
                && r.input[e.start..e.end] == e.before;
            if !ok {
                return Err(Error::Review { path, why: format!("edit {} does not match the recorded input", e.id) });
            }
            last = e.end;
        }
        Ok(Some(r))
    }

    /// The page: the input with every edit that is not rejected applied.
    pub fn output(&self) -> String {
        edit::apply(&self.input, self.edits.iter().filter(|e| e.status != Status::Rejected))
    }

    /// Write the review file, then OUT, each atomically and durably: the decisions
    /// first, so a crash between the two leaves them recorded, and the next commit
    /// writes OUT from them.
    fn commit(&self, out: &Path) -> Result<()> {
        write_json(&review_path(out), Durability::Synced, self)?;
        crate::fsio::write_out(Some(out), self.output().as_bytes())
    }

    /// Set `status` on the edits `select` picks. An edit decided the other way before is
    /// overturned when it is picked by id or rule, or by `all` with `force`; by `all`
    /// alone it is kept as it was.
    pub fn decide(&mut self, select: &Selection, status: Status) -> Decided {
        let mut d = Decided::default();
        for e in self.edits.iter_mut().filter(|e| select.matches(e) && e.status != status) {
            let earlier = e.status != Status::Pending;
            if earlier && !select.force && !select.picks_by_name(e) {
                d.kept += 1;
                continue;
            }
            e.status = status;
            d.changed += 1;
            d.overturned += usize::from(earlier);
        }
        d
    }

    /// Set the states of the edits named by id; how many of the ids no edit has now
    /// (its text changed since they were shown).
    pub fn decide_ids<'a>(&mut self, decisions: impl IntoIterator<Item = (&'a str, Status)>) -> usize {
        let at: std::collections::HashMap<&str, usize> =
            self.edits.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
        let mut found = Vec::new();
        let mut missing = 0;
        for (id, status) in decisions {
            match at.get(id) {
                Some(&i) => found.push((i, status)),
                None => missing += 1,
            }
        }
        for (i, status) in found {
            self.edits[i].status = status;
        }
        missing
    }

    /// Pending edits, those a rule is unsure of first.
    pub fn pending(&self) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.edits.len()).filter(|&i| self.edits[i].status == Status::Pending).collect();
        v.sort_by_key(|&i| (self.edits[i].applicability != Applicability::Review, i));
        v
    }

    /// How many edits are in `status`.
    pub fn count(&self, status: Status) -> usize {
        self.edits.iter().filter(|e| e.status == status).count()
    }
}

/// Change `out`'s review file and commit it: the one way a review file is rewritten.
/// The file's lock is held from reading it to writing it and OUT, so a writer in another
/// process waits and then reads what this one wrote. `change` sees the file as it is
/// now, not as it was when the caller last looked: a caller that took decisions while
/// waiting on a person applies them here, by id ([`ReviewFile::decide_ids`]).
pub fn update<T>(out: &Path, change: impl FnOnce(&mut ReviewFile) -> Result<T>) -> Result<T> {
    // Asked before the lock, whose file would otherwise be made beside a page that has
    // no review (or in a folder that does not exist) only to fail on the read.
    if !review_path(out).exists() {
        return Err(no_review(out));
    }
    let _lock = lock(out)?;
    let mut file = ReviewFile::load(out)?;
    let result = change(&mut file)?;
    file.commit(out)?;
    Ok(result)
}

/// Take the lock of `out`'s review file. An error names OUT, which the user gave (its
/// folder missing, say), not the lock file, which they never see.
fn lock(out: &Path) -> Result<Lock> {
    Lock::acquire(&lock_path(out)).map_err(|e| match e {
        Error::Io { source, .. } => Error::io(out, source),
        e => e,
    })
}

/// OUT has no review file: say how to make one, or, when OUT is a review file itself,
/// which page to name instead.
fn no_review(out: &Path) -> Error {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    match name.strip_suffix(".review.json") {
        Some(page) if out.is_file() => Error::Usage(format!(
            "{}: is a review file; name the page it goes with: {}",
            out.display(),
            out.with_file_name(page).display()
        )),
        _ => Error::NoReview { out: out.to_path_buf(), review: review_path(out) },
    }
}

/// The review file as JSON, written as it is serialized.
fn write_json(path: &Path, durability: Durability, value: &impl Serialize) -> Result<()> {
    write_file_as(path, durability, |w| {
        serde_json::to_writer_pretty(&mut *w, value)?;
        w.write_all(b"\n")
    })
}

/// Which edits a decision applies to.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub rules: Vec<String>,
    pub ids: Vec<String>,
    pub all: bool,
    /// With `all`, overturn earlier decisions too (they stand otherwise).
    pub force: bool,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        !self.all && self.rules.is_empty() && self.ids.is_empty()
    }

    pub fn matches(&self, e: &Entry) -> bool {
        self.all || self.picks_by_name(e)
    }

    /// Whether the edit is picked by its id or its rule, not only by `all`.
    fn picks_by_name(&self, e: &Entry) -> bool {
        self.ids.contains(&e.id) || self.rules.iter().any(|r| EditFilter::rule_matches(&e.rule, r))
    }

    /// The ids asked for that no edit of `files` has.
    pub fn unknown_ids<'a>(&'a self, files: &[ReviewFile]) -> Vec<&'a str> {
        let known: std::collections::HashSet<&str> =
            files.iter().flat_map(|f| f.edits.iter().map(|e| e.id.as_str())).collect();
        self.ids.iter().map(String::as_str).filter(|id| !known.contains(id)).collect()
    }
}
