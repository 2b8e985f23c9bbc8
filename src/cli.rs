//! The command line: argument parsing and the commands, each returning an exit code.
//! Errors travel up as `Error`; `main` prints them once.

use crate::edit::EditFilter;
use crate::error::{Error, Result};
use crate::review::{ReviewFile, Selection, Status};
use crate::fsio::{write_file_with, write_out};
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
    /// Clean every page under a scan folder into an output folder, in parallel.
    Batch(BatchArgs),
    /// Accept edits of cleaned pages (written with `clean -o OUT`) and rewrite them.
    Accept(DecideArgs),
    /// Reject edits of cleaned pages and rewrite them without those edits.
    Reject(DecideArgs),
    /// Show what is pending in cleaned pages, by rule.
    Status {
        #[arg(required = true, value_name = "OUT")]
        outputs: Vec<PathBuf>,
    },
    /// Walk the pending edits in a terminal: accept, reject, skip, all of a rule, undo.
    Review {
        #[arg(required = true, value_name = "OUT")]
        outputs: Vec<PathBuf>,
    },
    /// Score cleaned pages against gold answers: character error rate, paragraph
    /// boundaries, headings, articles (the numbers of the devset's score.py).
    Eval(EvalArgs),
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
    #[arg(required_unless_present = "jsonl")]
    pub input: Option<PathBuf>,
    /// The input is a page image: read it with the `tesseract` binary (chi_sim, hOCR)
    /// and clean what it reads.
    #[arg(long)]
    pub ocr: bool,
    /// Read JSON lines `{"id": …, "text": …}` on stdin and write one JSON result a line,
    /// in the same order (for Hadoop Streaming, Spark `pipe`, GNU parallel).
    #[arg(long, conflicts_with_all = ["output", "diff", "report", "check"])]
    pub jsonl: bool,
    /// Write the result here instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Write nothing; exit 1 when the page has changes to make (for CI), 0 when clean.
    #[arg(long, conflicts_with = "output")]
    pub check: bool,
    /// Print a unified diff of the input against the cleaned page, each hunk annotated
    /// with its rules, instead of the page (with --format json the edits are printed too).
    #[arg(long)]
    pub diff: bool,
    /// Also write an HTML report of the edits here (self-contained; the page scan beside
    /// the input, same stem .png/.jpg/.tif, is shown next to the text, and for hOCR, ALTO
    /// or PaddleOCR input each edited line's crop of it).
    #[arg(long, value_name = "OUT.html")]
    pub report: Option<PathBuf>,
    /// Colour the diff: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// The scan folder (one folder per issue). Only read. Each page stem is read from its
    /// richest file: hOCR, ALTO, PaddleOCR JSON, then .txt; a page image beside it gives
    /// the report line crops and the page an overview.png.
    pub scans: PathBuf,
    /// The output folder; it keeps the scan folder's structure.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Worker threads (default: all cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Article files to write: text, markdown, or both (repeat the flag).
    #[arg(long, value_enum, default_values_t = vec![ArticleFormat::Text])]
    pub format: Vec<ArticleFormat>,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Exit 1 when any page has pending changes (for CI).
    #[arg(long)]
    pub check: bool,
    /// Read page images that have no OCR text with the `tesseract` binary (chi_sim, hOCR);
    /// without it they are skipped with a note.
    #[arg(long)]
    pub ocr: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
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
    fn engine(&self) -> Result<(Engine, EditFilter)> {
        let rules = load_rules(&self.files)?;
        if let Some(bad) = self.disable.iter().find(|d| !known_rule(&rules, d)) {
            return Err(Error::Usage(format!("--disable {bad}: no such rule or family (see `newsmend rules`)")));
        }
        Ok((Engine::new(rules), EditFilter { disabled: self.disable.clone(), safe_only: self.safe_only }))
    }
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Scores (as ../shared/tools/score.py prints them):
  cer             edit distance / gold length, one line per heading or paragraph
  flat_cer        the same without line breaks and without lines like a gold running head
  para_f1         paragraph-boundary F1 after aligning the two texts
  headings_exact  share of gold headings found verbatim among the predicted ones
  articles        predicted articles with text / gold articles
  raw_cer, floor, repair   with the input page: its cer, the part no layout repair can
                  fix (misread characters), and (raw_cer - cer) / (raw_cer - floor)

Directories: every gold.json under --gold DIR is a case, named by its folder R. Its
prediction is the file --pred-name NAME in PRED/R, or without that the one *.json or
*.txt file in PRED/R other than gold.json; likewise its input in RAW/R. A gold without a
prediction is skipped with a note. PRED may be the gold directory itself, to score the
raw input text of each case.")]
pub struct EvalArgs {
    /// The gold page: JSON {"articles": [{"headings": [...], "paragraphs": [...]}], "running_heads": [...]}.
    #[arg(required_unless_present = "gold_dir", conflicts_with = "gold_dir")]
    pub gold: Option<PathBuf>,
    /// The prediction: `clean --format json` output, or plain text (paragraphs split on blank lines).
    #[arg(required_unless_present = "gold_dir")]
    pub pred: Option<PathBuf>,
    /// The input page, for raw_cer, floor and repair.
    pub raw: Option<PathBuf>,
    /// Score every case under this directory (see below).
    #[arg(long = "gold", value_name = "DIR", requires = "pred_dir")]
    pub gold_dir: Option<PathBuf>,
    /// The predictions, in the gold directory's folders.
    #[arg(long = "pred", value_name = "DIR", requires = "gold_dir")]
    pub pred_dir: Option<PathBuf>,
    /// The input pages, in the gold directory's folders.
    #[arg(long = "raw", value_name = "DIR", requires = "gold_dir")]
    pub raw_dir: Option<PathBuf>,
    /// The prediction's file name in each folder of --pred.
    #[arg(long, value_name = "NAME", requires = "pred_dir")]
    pub pred_name: Option<String>,
    /// The input's file name in each folder of --raw.
    #[arg(long, value_name = "NAME", requires = "raw_dir")]
    pub raw_name: Option<String>,
    /// text: a row per case and means; json: one JSON object per case, as score.py prints.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ArticleFormat {
    Text,
    Markdown,
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
            }
        }
    }
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
        Command::Eval(args) => eval(&args),
        Command::Rules { format, rules } => list_rules(format, &rules),
        Command::Batch(b) => batch(&b),
        Command::Accept(a) => decide(&a, Status::Accepted),
        Command::Reject(a) => decide(&a, Status::Rejected),
        Command::Status { outputs } => status(&outputs),
        Command::Review { outputs } => interactive(&outputs),
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
    let (engine, filter) = args.rules.engine()?;
    if args.jsonl {
        crate::batch::jsonl(&engine, &filter, std::io::stdin().lock(), std::io::stdout().lock())?;
        return Ok(ExitCode::SUCCESS);
    }
    let input = args.input.clone().unwrap_or_else(|| PathBuf::from("-"));
    let source = if args.ocr { crate::geometry::ocr(&input)? } else { ingest::read(&input)? };
    // The page alone, to stdout or as a proposal with its review file, is written as it
    // is made: a long page is not held twice.
    let streamed = matches!(args.format, Format::Text) && args.report.is_none() && !args.diff;
    let cleaned =
        if streamed { engine.clean_unapplied(&source.text, &filter) } else { engine.clean(&source.text, &filter) };
    if args.check {
        let pending = cleaned.accepted_edits().count();
        if pending == 0 {
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{}: {pending} edits pending", source.name);
        return Ok(ExitCode::from(1));
    }
    if let Some(path) = &args.report {
        let image =
            if input.as_os_str() == "-" { None } else { crate::scan::image_for(&input, source.layout.as_ref()) };
        write_out(Some(path), crate::report::html(&source, &cleaned, image.as_deref()).as_bytes())?;
    }
    if args.diff && !matches!(args.format, Format::Json) {
        let name = input.display().to_string();
        let patch =
            crate::diff::unified(&name, &source.text, &cleaned.output, cleaned.accepted_edits(), args.color.enabled());
        write_out(args.output.as_deref(), patch.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    if let (Some(out), Format::Text) = (args.output.as_deref(), args.format) {
        // The page becomes a proposal with its review file; earlier decisions on the
        // same edits stand.
        let previous = ReviewFile::load(out).ok().filter(|p| p.input == source.text);
        crate::review::write_proposal(
            out,
            &source.name,
            source.encoding,
            &source.text,
            cleaned.accepted_edits(),
            previous.as_ref(),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    if streamed || matches!(args.format, Format::Json) {
        // Written as it is made: the JSON of a long page (every edit with its context)
        // is several times the page.
        let write = |w: &mut dyn Write| {
            let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
            if streamed {
                crate::edit::write_applied(&mut w, &source.text, cleaned.accepted_edits())?;
            } else {
                output::write_json(&mut w, &source, &cleaned)?;
            }
            w.flush()
        };
        if let Some(path) = args.output.as_deref() {
            write_file_with(path, write)?;
            return Ok(ExitCode::SUCCESS);
        }
        return match write(&mut std::io::stdout().lock()) {
            Ok(()) => Ok(ExitCode::SUCCESS),
            // A closed pipe (`| head`) is the reader's choice, not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
            Err(e) => Err(Error::io("-", e)),
        };
    }
    let rendered = match args.format {
        Format::Text => cleaned.output.clone(),
        Format::Markdown => output::to_markdown(&source, &cleaned),
        Format::Json => output::to_json(&source, &cleaned),
    };
    write_out(args.output.as_deref(), rendered.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// `newsmend eval`: one page, or every case of a gold directory.
fn eval(args: &EvalArgs) -> Result<ExitCode> {
    use crate::eval;
    let json = matches!(args.format, RulesFormat::Json);
    let (Some(gold_dir), Some(pred_dir)) = (&args.gold_dir, &args.pred_dir) else {
        let (Some(gold), Some(pred)) = (&args.gold, &args.pred) else {
            return Err(Error::Usage("eval needs GOLD PRED, or --gold DIR --pred DIR".into()));
        };
        let score = eval::score_files(gold, pred, args.raw.as_deref())?;
        let line = if json { score.json_line(None) } else { score.text_row() };
        write_out(None, format!("{line}\n").as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    };
    let pairing =
        eval::pair(gold_dir, pred_dir, args.raw_dir.as_deref(), args.pred_name.as_deref(), args.raw_name.as_deref())?;
    for note in &pairing.skipped {
        eprintln!("newsmend: {note}");
    }
    if pairing.cases.is_empty() {
        return Err(Error::Usage(format!(
            "no gold.json under {} has a prediction under {}",
            gold_dir.display(),
            pred_dir.display()
        )));
    }
    let width = pairing.cases.iter().map(|c| c.name.chars().count()).max().unwrap_or(0);
    let mut text = String::new();
    let mut scored: Vec<(&str, eval::Score)> = Vec::new();
    for case in &pairing.cases {
        let score = eval::score_files(&case.gold, &case.pred, case.raw.as_deref())?;
        if json {
            text.push_str(&score.json_line(Some(&case.name)));
        } else {
            text.push_str(&format!("{:width$}  {}", case.name, score.text_row()));
        }
        text.push('\n');
        scored.push((&case.name, score));
    }
    if !json {
        let mut groups: Vec<&str> = scored.iter().map(|(n, _)| eval::group_of(n)).collect();
        groups.dedup();
        let gw = groups.iter().map(|g| g.chars().count()).max().unwrap_or(0).max(3);
        text.push_str("\nmean per group:\n");
        for g in &groups {
            let rows: Vec<&eval::Score> =
                scored.iter().filter(|(n, _)| eval::group_of(n) == *g).map(|(_, s)| s).collect();
            text.push_str(&format!("  {g:gw$}  {}\n", eval::mean_row(&rows)));
        }
        if groups.len() > 1 {
            let rows: Vec<&eval::Score> = scored.iter().map(|(_, s)| s).collect();
            text.push_str(&format!("  {:gw$}  {}\n", "all", eval::mean_row(&rows)));
        }
    }
    write_out(None, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
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

fn decide(args: &DecideArgs, status: Status) -> Result<ExitCode> {
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

fn status(outputs: &[PathBuf]) -> Result<ExitCode> {
    let mut text = String::new();
    let mut pending = false;
    for out in outputs {
        let review = ReviewFile::load(out)?;
        pending |= review.edits.iter().any(|e| e.status == Status::Pending);
        text.push_str(&crate::review::status_text(out, &review));
    }
    write_out(None, text.as_bytes())?;
    Ok(if pending { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `newsmend review`: one pending edit at a time, decisions recorded and committed at
/// the end, as cargo-insta does. Without a terminal it refuses and says what to run.
fn interactive(outputs: &[PathBuf]) -> Result<ExitCode> {
    use std::io::{BufRead, IsTerminal};
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        let files: Vec<String> = outputs.iter().map(|p| p.display().to_string()).collect();
        let files = files.join(" ");
        return Err(Error::Usage(format!(
            "review needs a terminal; without one, see what is pending with `newsmend status {files}` \
             and decide with `newsmend accept {files} --rule RULE` or `newsmend reject {files} --edit ID` (or --all)"
        )));
    }
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut stdout = std::io::stdout().lock();
    for out in outputs {
        let mut review = ReviewFile::load(out)?;
        let order = review.pending();
        // Decisions, in the order taken: (edit index, status). Undo pops the last.
        let mut decisions: Vec<(usize, Status)> = Vec::new();
        let mut k = 0;
        let total = order.len();
        while k < order.len() {
            let i = order[k];
            if decisions.iter().any(|&(j, _)| j == i) {
                k += 1;
                continue;
            }
            let e = &review.edits[i];
            let (before, after) = crate::review::context(&review.input, e, 12);
            let show = |s: &str| s.replace('\n', "⏎");
            let _ = writeln!(
                stdout,
                "\n{} [{}/{}] {} ({}): {}\n  {}\x1b[31m{}\x1b[0m\x1b[32m{}\x1b[0m{}",
                out.display(),
                k + 1,
                total,
                e.rule,
                e.applicability.as_str(),
                e.reason,
                show(&before),
                show(&e.before),
                show(&e.after),
                show(&after),
            );
            let _ = write!(stdout, "a accept, r reject, s skip, A/R all of {}, u undo, q quit > ", e.rule);
            let _ = stdout.flush();
            let Some(Ok(answer)) = lines.next() else { break };
            let rule = e.rule.clone();
            match answer.trim() {
                "a" => decisions.push((i, Status::Accepted)),
                "r" => decisions.push((i, Status::Rejected)),
                "s" => k += 1,
                "A" | "R" => {
                    let st = if answer.trim() == "A" { Status::Accepted } else { Status::Rejected };
                    for &j in &order[k..] {
                        if review.edits[j].rule == rule && !decisions.iter().any(|&(d, _)| d == j) {
                            decisions.push((j, st));
                        }
                    }
                }
                "u" => {
                    if let Some((j, _)) = decisions.pop() {
                        k = order.iter().position(|&o| o == j).unwrap_or(k);
                    }
                }
                "q" => break,
                _ => {
                    let _ = writeln!(stdout, "?");
                }
            }
        }
        let (mut acc, mut rej) = (0, 0);
        for &(i, st) in &decisions {
            review.edits[i].status = st;
            if st == Status::Accepted {
                acc += 1;
            } else {
                rej += 1;
            }
        }
        review.commit(out)?;
        let left = review.edits.iter().filter(|e| e.status == Status::Pending).count();
        let _ = writeln!(stdout, "\n{}: {acc} accepted, {rej} rejected, {left} pending", out.display());
        if left > 0 {
            let _ = writeln!(stdout, "to finish without review: newsmend accept {} --all", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A fingerprint of the rules in force: the built-in files and the user's.
fn rules_fingerprint(files: &[PathBuf]) -> Result<u64> {
    let mut h = crate::hash::Fnv::default();
    for (name, text) in crate::rules::BUILTIN_FILES {
        h.feed(name.as_bytes()).feed(text.as_bytes());
    }
    h.feed(crate::rules::BUILTIN_VARIANTS.1.as_bytes());
    for f in files {
        h.feed(&std::fs::read(f).map_err(|e| Error::io(f, e))?);
    }
    Ok(h.finish())
}

fn batch(args: &BatchArgs) -> Result<ExitCode> {
    let (engine, filter) = args.rules.engine()?;
    let opts = crate::batch::Options {
        scans: args.scans.clone(),
        out: args.output.clone(),
        jobs: args.jobs,
        text: args.format.contains(&ArticleFormat::Text),
        markdown: args.format.contains(&ArticleFormat::Markdown),
        quiet: args.quiet,
        filter,
        ocr: args.ocr,
        rules_fingerprint: rules_fingerprint(&args.rules.files)?,
    };
    let summary = crate::batch::run(&engine, &opts)?;
    for f in &summary.failures {
        eprintln!("newsmend: {}: {}", f.page, f.error.as_deref().unwrap_or("failed"));
    }
    for s in &summary.skipped {
        eprintln!("newsmend: note: {s}: a scan without OCR text, skipped (batch --ocr reads it with tesseract)");
    }
    if !args.quiet {
        eprintln!(
            "{} pages: {} cleaned, {} unchanged, {} failed; {} articles, {} stitched; {:.2} s",
            summary.pages,
            summary.cleaned,
            summary.unchanged,
            summary.failed,
            summary.articles,
            summary.stitched,
            summary.seconds
        );
    }
    if summary.failed > 0 {
        return Ok(ExitCode::from(2));
    }
    if args.check && summary.page_list.iter().any(|p| p.pending > 0) {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
