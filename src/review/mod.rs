//! Review: `clean -o OUT` writes OUT as a proposal and records its edits in a review file
//! beside it (`OUT.review.json`). Decisions — accept, reject — are recorded there and
//! committed by rewriting OUT as the input with every edit not rejected applied.
//!
//! Decisions are keyed by the edit's id, a hash of its rule, its change and the text
//! around it, not by offsets alone: cleaning the same input with the same rules again
//! finds the same ids, so a rejected edit never comes back.

use crate::edit::{self, Applicability, Edit, EditFilter, EditIds, Splice};
use crate::error::{Error, Result};
use crate::fsio::write_file_with;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The state of one edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Proposed: applied in OUT until someone decides.
    Pending,
    Accepted,
    /// Never applied, and never proposed again for the same input.
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
pub(crate) fn review_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".review.json");
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
        let before: HashMap<&str, Status> =
            previous.map(|p| p.edits.iter().map(|e| (e.id.as_str(), e.status)).collect()).unwrap_or_default();
        let ids = EditIds::new(input, edits.iter().copied()).all();
        let edits = edits
            .into_iter()
            .zip(ids)
            .map(|(e, id)| Entry {
                status: before.get(id.as_str()).copied().unwrap_or(Status::Pending),
                id,
                rule: e.rule().to_string(),
                start: e.start(),
                end: e.end(),
                before: input[e.start()..e.end()].to_string(),
                after: e.replacement().to_string(),
                applicability: e.applicability,
                reason: e.reason().to_string(),
            })
            .collect();
        ReviewFile { version: 1, source: source.into(), encoding: encoding.into(), input: input.into(), edits }
    }

    pub fn load(out: &Path) -> Result<ReviewFile> {
        let path = review_path(out);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let r: ReviewFile = serde_json::from_str(&text).map_err(|e| Error::Review {
            path: path.clone(),
            why: format!("not a review file newsmend can read: {e}"),
        })?;
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
        Ok(r)
    }

    /// The page: the input with every edit that is not rejected applied.
    pub fn output(&self) -> String {
        edit::apply(&self.input, self.edits.iter().filter(|e| e.status != Status::Rejected))
    }

    /// Write OUT and its review file, each atomically.
    pub fn commit(&self, out: &Path) -> Result<()> {
        crate::fsio::write_out(Some(out), self.output().as_bytes())?;
        write_json(&review_path(out), self)
    }

    /// Set `status` on the edits `select` picks; how many changed.
    pub fn decide(&mut self, select: &Selection, status: Status) -> usize {
        let mut n = 0;
        for e in &mut self.edits {
            if select.matches(e) && e.status != status {
                e.status = status;
                n += 1;
            }
        }
        n
    }

    /// Pending edits, those a rule is unsure of first.
    pub fn pending(&self) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.edits.len()).filter(|&i| self.edits[i].status == Status::Pending).collect();
        v.sort_by_key(|&i| (self.edits[i].applicability != Applicability::Review, i));
        v
    }
}

/// The review file as JSON, written as it is serialized.
fn write_json(path: &Path, value: &impl Serialize) -> Result<()> {
    write_file_with(path, |w| {
        serde_json::to_writer_pretty(&mut *w, value)?;
        w.write_all(b"\n")
    })
}

/// `ReviewFile::new(…).commit(out)`, without holding the review file in memory: the
/// entries are serialized from the edits as they are written, so a page of a million
/// edits costs its edits, not a copy of each as strings. Returns how many are pending.
pub fn write_proposal<'a>(
    out: &Path,
    source: &str,
    encoding: &str,
    input: &str,
    edits: impl Iterator<Item = &'a Edit>,
    previous: Option<&ReviewFile>,
) -> Result<usize> {
    let edits: Vec<&Edit> = edits.collect();
    let ids = EditIds::new(input, edits.iter().copied());
    let id = |i: usize| ids.get(i);
    let statuses: Vec<Status> = match previous {
        Some(p) => {
            let before: HashMap<&str, Status> = p.edits.iter().map(|e| (e.id.as_str(), e.status)).collect();
            (0..edits.len()).map(|i| before.get(id(i).as_str()).copied().unwrap_or(Status::Pending)).collect()
        }
        None => Vec::new(),
    };
    let status = |i: usize| statuses.get(i).copied().unwrap_or(Status::Pending);
    write_file_with(out, |w| {
        let kept = edits.iter().enumerate().filter(|&(i, _)| status(i) != Status::Rejected).map(|(_, e)| *e);
        edit::write_applied(w, input, kept)
    })?;

    /// An [`Entry`] borrowed from its edit: serialized the same.
    #[derive(Serialize)]
    struct EntryRef<'e> {
        id: String,
        rule: &'e str,
        start: usize,
        end: usize,
        before: &'e str,
        after: &'e str,
        applicability: Applicability,
        reason: &'e str,
        status: Status,
    }
    struct Entries<'e, F: Fn(usize) -> String, S: Fn(usize) -> Status> {
        input: &'e str,
        edits: &'e [&'e Edit],
        id: F,
        status: S,
    }
    impl<F: Fn(usize) -> String, S: Fn(usize) -> Status> Serialize for Entries<'_, F, S> {
        fn serialize<Z: serde::Serializer>(&self, z: Z) -> std::result::Result<Z::Ok, Z::Error> {
            z.collect_seq(self.edits.iter().enumerate().map(|(i, e)| EntryRef {
                id: (self.id)(i),
                rule: e.rule(),
                start: e.start(),
                end: e.end(),
                before: &self.input[e.start()..e.end()],
                after: e.replacement(),
                applicability: e.applicability,
                reason: e.reason(),
                status: (self.status)(i),
            }))
        }
    }
    /// A [`ReviewFile`] borrowed from the page: serialized the same.
    #[derive(Serialize)]
    #[serde(bound = "")]
    struct ReviewRef<'e, F: Fn(usize) -> String, S: Fn(usize) -> Status> {
        version: u32,
        source: &'e str,
        encoding: &'e str,
        input: &'e str,
        edits: Entries<'e, F, S>,
    }
    let review = ReviewRef { version: 1, source, encoding, input, edits: Entries { input, edits: &edits, id, status } };
    write_json(&review_path(out), &review)?;
    Ok((0..edits.len()).filter(|&i| status(i) == Status::Pending).count())
}

/// Which edits a decision applies to.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub rules: Vec<String>,
    pub ids: Vec<String>,
    pub all: bool,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        !self.all && self.rules.is_empty() && self.ids.is_empty()
    }

    pub fn matches(&self, e: &Entry) -> bool {
        self.all || self.ids.contains(&e.id) || self.rules.iter().any(|r| EditFilter::rule_matches(&e.rule, r))
    }
}

/// A few characters either side of an edit, for showing it in context.
pub fn context(input: &str, e: &Entry, chars: usize) -> (String, String) {
    let before: String = {
        let v: Vec<char> = input[..e.start].chars().rev().take(chars).collect();
        v.into_iter().rev().collect()
    };
    let after: String = input[e.end..].chars().take(chars).collect();
    (before, after)
}

/// `newsmend status`: what is pending in each file, by rule.
pub fn status_text(out: &Path, r: &ReviewFile) -> String {
    let count = |s: Status| r.edits.iter().filter(|e| e.status == s).count();
    let mut text = format!(
        "{}: {} pending ({} for review), {} accepted, {} rejected\n",
        out.display(),
        count(Status::Pending),
        r.edits.iter().filter(|e| e.status == Status::Pending && e.applicability == Applicability::Review).count(),
        count(Status::Accepted),
        count(Status::Rejected),
    );
    let mut by_rule: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for e in r.edits.iter().filter(|e| e.status == Status::Pending) {
        *by_rule.entry(&e.rule).or_default() += 1;
    }
    for (rule, n) in by_rule {
        text.push_str(&format!("  {rule} ×{n}\n"));
    }
    text
}
