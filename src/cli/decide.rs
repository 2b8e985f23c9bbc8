//! `newsmend accept`, `reject` and `status`: decisions on the edits of cleaned pages,
//! recorded in their review files.

use newsmend::edit::EditFilter;
use newsmend::error::{Error, Result};
use newsmend::fsio::write_out;
use newsmend::review::{self, Decided, ReviewFile, Selection, Status};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct DecideArgs {
    /// Pages written by `clean -o`.
    #[arg(required = true, value_name = "OUT")]
    pub outputs: Vec<PathBuf>,
    /// The edits of a rule or family (`space`, `punct.quote`); repeatable. Overturns
    /// earlier decisions on them.
    #[arg(long = "rule", value_name = "PREFIX")]
    pub rules: Vec<String>,
    /// One edit by its id (from `status --ids`, `--format json` or the review file);
    /// repeatable. Overturns an earlier decision on it.
    #[arg(long = "edit", value_name = "ID")]
    pub ids: Vec<String>,
    /// Every pending edit; edits decided the other way before stay as they are.
    #[arg(long)]
    pub all: bool,
    /// With --all, overturn the earlier decisions too.
    #[arg(long, requires = "all")]
    pub force: bool,
}

pub fn decide(args: &DecideArgs, status: Status) -> Result<ExitCode> {
    let select = Selection { rules: args.rules.clone(), ids: args.ids.clone(), all: args.all, force: args.force };
    if select.is_empty() {
        return Err(Error::Usage("say which edits: --rule PREFIX, --edit ID or --all".into()));
    }
    check_names(args, &select)?;
    for out in &args.outputs {
        let decided = review::update(out, |file| Ok(file.decide(&select, status)))?;
        eprintln!("{}: {}", out.display(), said(decided, status));
    }
    Ok(ExitCode::SUCCESS)
}

/// A mistyped id or rule is an error before any file is written, not "0 edits": every
/// `--edit` must name an edit of one of the files, every `--rule` a rule or family that
/// newsmend has or that one of the files' edits has (a rule file's own). A real rule
/// with no edits here is fine: it decides 0.
fn check_names(args: &DecideArgs, select: &Selection) -> Result<()> {
    if select.ids.is_empty() && select.rules.is_empty() {
        return Ok(());
    }
    let files = args.outputs.iter().map(|out| ReviewFile::load(out)).collect::<Result<Vec<_>>>()?;
    let unknown = select.unknown_ids(&files);
    if !unknown.is_empty() {
        let flags: Vec<String> = unknown.iter().map(|id| format!("--edit {id}")).collect();
        let names: Vec<String> = args.outputs.iter().map(|p| p.display().to_string()).collect();
        let (what, names) = (if unknown.len() == 1 { "no such edit" } else { "no such edits" }, names.join(" "));
        return Err(Error::Usage(format!(
            "{}: {what} in {names} (`newsmend status --ids {names}` lists the pending ones)",
            flags.join(", ")
        )));
    }
    let rules = super::load_rules(&[])?;
    let known = |prefix: &str| {
        rules.knows(prefix) || files.iter().flat_map(|f| &f.edits).any(|e| EditFilter::rule_matches(&e.rule, prefix))
    };
    if let Some(bad) = select.rules.iter().find(|r| !known(r)) {
        return Err(Error::Usage(format!("--rule {bad}: no such rule or family (see `newsmend rules`)")));
    }
    Ok(())
}

/// `84 edits accepted`, and what happened to earlier decisions the other way.
fn said(d: Decided, status: Status) -> String {
    let (verb, other) = if status == Status::Accepted { ("accepted", "rejected") } else { ("rejected", "accepted") };
    let mut line = format!("{} {verb}", super::edits(d.changed));
    if d.overturned > 0 {
        line.push_str(&format!(", {} of them {other} before", d.overturned));
    }
    if d.kept > 0 {
        let (stays, them) = if d.kept == 1 { ("stays", "it") } else { ("stay", "them") };
        let base = if status == Status::Accepted { "accept" } else { "reject" };
        line.push_str(&format!(
            "; {} {other} before {stays} {other} (add --force to {base} {them} too)",
            super::edits(d.kept)
        ));
    }
    line
}

pub fn status(outputs: &[PathBuf], ids: bool) -> Result<ExitCode> {
    let mut text = String::new();
    let mut pending = false;
    for out in outputs {
        let review = ReviewFile::load(out)?;
        pending |= review.edits.iter().any(|e| e.status == Status::Pending);
        text.push_str(&review::status_text(out, &review));
        if ids {
            text.push_str(&review::ids_text(&review));
        }
    }
    write_out(None, text.as_bytes())?;
    Ok(if pending { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_are_said_in_words() {
        let d = |changed, overturned, kept| Decided { changed, overturned, kept };
        assert_eq!(said(d(1, 0, 0), Status::Accepted), "1 edit accepted");
        assert_eq!(said(d(30, 0, 0), Status::Rejected), "30 edits rejected");
        assert_eq!(said(d(5, 2, 0), Status::Accepted), "5 edits accepted, 2 of them rejected before");
        assert_eq!(
            said(d(0, 0, 3), Status::Rejected),
            "0 edits rejected; 3 edits accepted before stay accepted (add --force to reject them too)"
        );
        assert_eq!(
            said(d(84, 0, 1), Status::Accepted),
            "84 edits accepted; 1 edit rejected before stays rejected (add --force to accept it too)"
        );
    }
}
