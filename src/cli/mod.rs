//! The command line: argument parsing and the commands, each in its own file and each
//! returning an exit code. Errors travel up as `Error`; `main` prints them once. This is
//! the binary's: the library never reads arguments or prints.

mod batch;
mod clean;
mod decide;
mod eval;
mod review;
mod rules;

use clap::{Parser, Subcommand, ValueEnum};
use newsmend::edit::EditFilter;
use newsmend::error::{Error, Result};
use newsmend::review::Status;
use newsmend::{Engine, RuleSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use batch::BatchArgs;
pub use clean::CleanArgs;
pub use decide::DecideArgs;
pub use eval::EvalArgs;

#[derive(Debug, Parser)]
#[command(
    name = "newsmend",
    version,
    about = "Clean the OCR text of scanned Chinese newspaper pages, every change a named, revertible edit"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Clean one page (a file, or - for stdin) and print or write the result.
    Clean(CleanArgs),
    /// Clean every page under a scan folder into an output folder, in parallel.
    Batch(BatchArgs),
    /// Accept edits of cleaned pages (written with `clean -o OUT`) and rewrite them.
    Accept(DecideArgs),
    /// Reject edits of cleaned pages and rewrite them without those edits.
    Reject(DecideArgs),
    /// Show what is pending in cleaned pages, by rule (exit 1 while anything is).
    Status {
        #[arg(required = true, value_name = "OUT")]
        outputs: Vec<PathBuf>,
        /// Also list each pending edit: its id (for `accept --edit`), rule, change and
        /// the text around it.
        #[arg(long)]
        ids: bool,
    },
    /// Walk the pending edits in a terminal: accept, reject, skip, all of a rule, undo;
    /// or with --web in the browser, for a page or a whole batch folder.
    Review(review::ReviewArgs),
    /// Score cleaned pages against gold answers: character error rate, paragraph
    /// boundaries, headings, articles (the numbers of the devset's score.py).
    Eval(EvalArgs),
    /// For the fit of the join model (`rules/fit/joins.py`): each gap between printed
    /// lines of a page with the signals the model weighs, one JSON object a line.
    #[command(hide = true)]
    Gaps { input: PathBuf },
    /// For the fit of the heading model (`rules/fit/headings.py`): each line of a
    /// positioned page (hOCR, ALTO, OCR JSON) with the signals the model weighs.
    #[command(hide = true)]
    Lines { input: PathBuf },
    /// List every rule with its description and an example.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Extra rule files (TOML, or TSV of variants), as for `clean`.
        #[arg(long = "rules", value_name = "FILE")]
        rules: Vec<PathBuf>,
    },
}

/// The rules in force and which of their edits a run accepts: shared by `clean` and `batch`.
#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// Drop the edits of a rule or of a family (`space`, `punct.quote`); repeatable.
    #[arg(long, value_name = "RULE")]
    pub disable: Vec<String>,
    /// Apply only safe edits, none that the rules mark for review.
    #[arg(long)]
    pub safe_only: bool,
    /// Extra rule files (TOML with the sections of rules/*.toml, or a TSV of variants).
    #[arg(long = "rules", value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

impl RuleArgs {
    /// The engine of these rules and the filter of these options; an unknown rule in
    /// `--disable` is a usage error.
    pub fn engine(&self) -> Result<(Engine, EditFilter)> {
        let rules = load_rules(&self.files)?;
        if let Some(bad) = self.disable.iter().find(|d| !rules.knows(d)) {
            return Err(Error::Usage(format!("--disable {bad}: no such rule or family (see `newsmend rules`)")));
        }
        Ok((Engine::new(rules), EditFilter { disabled: self.disable.clone(), safe_only: self.safe_only }))
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Clean(args) => clean::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Gaps { input } => eval::gaps(&input),
        Command::Lines { input } => eval::lines(&input),
        Command::Rules { format, rules } => rules::run(format, &rules),
        Command::Batch(b) => batch::run(&b),
        Command::Accept(a) => decide::decide(&a, Status::Accepted),
        Command::Reject(a) => decide::decide(&a, Status::Rejected),
        Command::Status { outputs, ids } => decide::status(&outputs, ids),
        Command::Review(args) => review::run(&args),
    }
}

pub fn load_rules(files: &[PathBuf]) -> Result<RuleSet> {
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    RuleSet::load(&paths)
}

/// `1 edit`, `3 edits`.
fn edits(n: usize) -> String {
    if n == 1 {
        "1 edit".into()
    } else {
        format!("{n} edits")
    }
}
