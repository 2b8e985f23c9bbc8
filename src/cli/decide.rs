//! `newsmend accept`, `reject` and `status`: decisions on the edits of cleaned pages,
//! recorded in their review files.

use newsmend::error::{Error, Result};
use newsmend::fsio::write_out;
use newsmend::review::{ReviewFile, Selection, Status};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct DecideArgs {
    /// Pages written by `clean -o`.
    #[arg(required = true, value_name = "OUT")]
    pub outputs: Vec<PathBuf>,
    /// The edits of a rule or family (`space`, `punct.quote`); repeatable.
    #[arg(long = "rule", value_name = "PREFIX")]
    pub rules: Vec<String>,
    /// One edit by its id (from `status`, `--format json` or the review file); repeatable.
    #[arg(long = "edit", value_name = "ID")]
    pub ids: Vec<String>,
    /// Every edit.
    #[arg(long)]
    pub all: bool,
}

pub fn decide(args: &DecideArgs, status: Status) -> Result<ExitCode> {
    let select = Selection { rules: args.rules.clone(), ids: args.ids.clone(), all: args.all };
    if select.is_empty() {
        return Err(Error::Usage("say which edits: --rule PREFIX, --edit ID or --all".into()));
    }
    for out in &args.outputs {
        let mut review = ReviewFile::load(out)?;
        let n = review.decide(&select, status);
        review.commit(out)?;
        let verb = if status == Status::Accepted { "accepted" } else { "rejected" };
        eprintln!("{}: {n} edits {verb}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn status(outputs: &[PathBuf]) -> Result<ExitCode> {
    let mut text = String::new();
    let mut pending = false;
    for out in outputs {
        let review = ReviewFile::load(out)?;
        pending |= review.edits.iter().any(|e| e.status == Status::Pending);
        text.push_str(&newsmend::review::status_text(out, &review));
    }
    write_out(None, text.as_bytes())?;
    Ok(if pending { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
