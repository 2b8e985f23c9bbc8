//! The command line: argument parsing and the commands, each returning an exit code.
//! Errors travel up as `Error`; `main` prints them once.

use crate::edit::EditFilter;
use crate::error::{Error, Result};
use crate::{ingest, output, Engine, RuleSet};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    /// List every rule with its description and an example.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
        /// Extra rule files (TOML, or TSV of variants), as for `clean`.
        #[arg(long = "rules", value_name = "FILE")]
        rules: Vec<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
pub struct CleanArgs {
    /// The page: a text file in UTF-8, UTF-16 (with BOM), GB18030/GBK or Big5; - reads stdin.
    pub input: PathBuf,
    /// Write the result here instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Drop the edits of a rule or of a family (`space`, `punct.quote`); repeatable.
    #[arg(long, value_name = "RULE")]
    pub disable: Vec<String>,
    /// Apply only safe edits, none that the rules mark for review.
    #[arg(long)]
    pub safe_only: bool,
    /// Extra rule files (TOML with the sections of rules/*.toml, or a TSV of variants).
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Write nothing; exit 1 when the page has changes to make (for CI), 0 when clean.
    #[arg(long, conflicts_with = "output")]
    pub check: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// The cleaned page: each article's headings, a blank line, its paragraphs one per line; `---` between articles.
    Text,
    /// Markdown: `#` headline, `##` subtitle, paragraphs.
    Markdown,
    /// The articles, running heads and every edit (see the README).
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Clean(args) => clean(&args),
        Command::Rules { format, rules } => list_rules(format, &rules),
    }
}

fn load_rules(files: &[PathBuf]) -> Result<RuleSet> {
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    RuleSet::load(&paths)
}

fn known_rule(rules: &RuleSet, prefix: &str) -> bool {
    rules.docs.iter().any(|d| EditFilter::rule_matches(&d.id, prefix))
}

fn clean(args: &CleanArgs) -> Result<ExitCode> {
    let rules = load_rules(&args.rules)?;
    if let Some(bad) = args.disable.iter().find(|d| !known_rule(&rules, d)) {
        return Err(Error::Usage(format!("--disable {bad}: no such rule or family (see `newsmend rules`)")));
    }
    let engine = Engine::new(rules);
    let source = ingest::read(&args.input)?;
    let filter = EditFilter { disabled: args.disable.clone(), safe_only: args.safe_only };
    let cleaned = engine.clean(&source.text, &filter);
    if args.check {
        let pending = cleaned.accepted_edits().count();
        if pending == 0 {
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{}: {pending} edits pending", source.name);
        return Ok(ExitCode::from(1));
    }
    let rendered = match args.format {
        Format::Text => cleaned.output.clone(),
        Format::Markdown => output::to_markdown(&source, &cleaned),
        Format::Json => output::to_json(&source, &cleaned),
    };
    write_out(args.output.as_deref(), rendered.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Write to `path` atomically (temp file beside it, then rename), or to stdout.
pub fn write_out(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|_| out.flush()) {
                // A closed pipe (`| head`) is the reader's choice, not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => r.map_err(|e| Error::io("-", e)),
            }
        }
        Some(p) => {
            let dir = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let tmp = dir.join(format!(".{name}.newsmend-{}.tmp", std::process::id()));
            std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
            std::fs::rename(&tmp, p).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                Error::io(p, e)
            })
        }
    }
}

fn list_rules(format: RulesFormat, files: &[PathBuf]) -> Result<ExitCode> {
    let rules = load_rules(files)?;
    let mut docs = rules.docs.clone();
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    let text = match format {
        RulesFormat::Json => {
            #[derive(serde::Serialize)]
            struct Doc<'a> {
                id: &'a str,
                applicability: &'a str,
                description: &'a str,
                before: &'a str,
                after: &'a str,
            }
            let v: Vec<Doc> = docs
                .iter()
                .map(|d| Doc {
                    id: &d.id,
                    applicability: &d.applicability,
                    description: &d.description,
                    before: &d.before,
                    after: &d.after,
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
        RulesFormat::Text => {
            let mut s = String::new();
            for d in &docs {
                s.push_str(&format!(
                    "{} ({})\n    {}\n    before: {}\n    after:  {}\n\n",
                    d.id, d.applicability, d.description, d.before, d.after
                ));
            }
            s.push_str("Spaces kept by pattern (space.keep):\n");
            for k in &rules.keep_docs {
                s.push_str(&format!("  {}: {}\n", k.id, k.description));
            }
            s
        }
    };
    write_out(None, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
