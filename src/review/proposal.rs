//! A proposal: OUT and its review file written from a page's edits, with the decisions
//! of the review file already there carried over to the edits still found.

use super::carry::{carry, Carried};
use super::{lock, review_path, write_json, ReviewFile, Status, VERSION};
use crate::edit::{self, Applicability, Edit};
use crate::error::{Error, Result};
use crate::fsio::{write_file_as, Durability};
use serde::Serialize;
use std::path::Path;

/// What writing a proposal found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Proposed {
    /// Edits awaiting a decision.
    pub pending: usize,
    /// Decisions of the earlier review file whose edits are not found any more.
    pub dropped: usize,
    /// Whether the input differs from the one the earlier review file recorded.
    pub input_changed: bool,
}

impl Proposed {
    /// What to tell the user about decisions dropped, if any were
    /// (`3 decisions no longer apply: the text they were about changed`).
    pub fn note(&self) -> Option<String> {
        if self.dropped == 0 {
            return None;
        }
        let one = self.dropped == 1;
        let n = if one {
            "1 decision no longer applies".to_string()
        } else {
            format!("{} decisions no longer apply", self.dropped)
        };
        let why = match (self.input_changed, one) {
            (true, true) => "the text it was about changed",
            (true, false) => "the text they were about changed",
            (false, true) => "its edit is not proposed any more (the rules or options changed)",
            (false, false) => "their edits are not proposed any more (the rules or options changed)",
        };
        Some(format!("{n}: {why}"))
    }
}

/// Write OUT as a proposal of `edits` on `input`, with its review file, each atomically;
/// the decisions of the review file already beside OUT stand for every edit still found
/// (see [`super::carry`]). Holds the review file's lock from reading the old file to
/// writing the new one, as [`super::update`] does. An old review file that cannot be
/// read is an error, not overwritten.
///
/// Both files are flushed to disk when `durability` says so, and whenever they carry a
/// decision: [`Durability::Unsynced`] (batch's choice, for speed) leaves unflushed only
/// a proposal that holds nothing but what the input makes again.
///
/// The entries are serialized from the edits as they are written, so a page of a
/// million edits costs its edits, not a copy of each as strings.
pub fn write_proposal<'a>(
    out: &Path,
    source: &str,
    encoding: &str,
    input: &str,
    edits: impl Iterator<Item = &'a Edit>,
    durability: Durability,
) -> Result<Proposed> {
    let edits: Vec<&Edit> = edits.collect();
    let _lock = lock(out)?;
    let previous = ReviewFile::load_if_any(out).map_err(keep_unreadable)?;
    let input_changed = previous.as_ref().is_some_and(|p| p.input != input);
    let carried = carry(previous.as_ref(), input, &edits);
    drop(previous);
    let decided = carried.statuses.iter().any(|&s| s != Status::Pending);
    let durability = if decided { Durability::Synced } else { durability };
    let review = ReviewRef {
        version: VERSION,
        source,
        encoding,
        input,
        edits: Entries { input, edits: &edits, carried: &carried },
    };
    write_json(&review_path(out), durability, &review)?;
    write_file_as(out, durability, |w| {
        let kept = edits.iter().enumerate().filter(|&(i, _)| carried.status(i) != Status::Rejected).map(|(_, e)| *e);
        edit::write_applied(w, input, kept)
    })?;
    let pending = (0..edits.len()).filter(|&i| carried.status(i) == Status::Pending).count();
    Ok(Proposed { pending, dropped: carried.dropped, input_changed })
}

/// A review file that cannot be read holds decisions newsmend cannot carry over: say
/// how to start afresh instead of writing over it.
fn keep_unreadable(e: Error) -> Error {
    match e {
        Error::Review { path, why } => Error::Review {
            why: format!("{why}; to write a new proposal, move it away (its decisions are lost to the new one)"),
            path,
        },
        e => e,
    }
}

/// An [`super::Entry`] borrowed from its edit: serialized the same.
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

struct Entries<'e> {
    input: &'e str,
    edits: &'e [&'e Edit],
    carried: &'e Carried,
}

impl Serialize for Entries<'_> {
    fn serialize<Z: serde::Serializer>(&self, z: Z) -> std::result::Result<Z::Ok, Z::Error> {
        z.collect_seq(self.edits.iter().enumerate().map(|(i, e)| EntryRef {
            id: self.carried.ids.get(i),
            rule: e.rule(),
            start: e.start(),
            end: e.end(),
            before: &self.input[e.start()..e.end()],
            after: e.replacement(),
            applicability: e.applicability,
            reason: e.reason(),
            status: self.carried.status(i),
        }))
    }
}

/// A [`ReviewFile`] borrowed from the page: serialized the same.
#[derive(Serialize)]
struct ReviewRef<'e> {
    version: u32,
    source: &'e str,
    encoding: &'e str,
    input: &'e str,
    edits: Entries<'e>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_counts_in_words() {
        let p = |dropped, input_changed| Proposed { pending: 0, dropped, input_changed }.note();
        assert_eq!(p(0, true), None);
        assert_eq!(p(1, true).as_deref(), Some("1 decision no longer applies: the text it was about changed"));
        assert_eq!(p(3, true).as_deref(), Some("3 decisions no longer apply: the text they were about changed"));
        assert!(p(2, false).is_some_and(|n| n.contains("rules or options changed")));
    }
}
