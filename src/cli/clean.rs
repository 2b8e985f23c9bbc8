//! `newsmend clean`: one page, printed or written, as text, Markdown, JSON or a diff,
//! with a review file and an HTML report on request.

use clap::ValueEnum;
use newsmend::error::{Error, Result};
use newsmend::fsio::{write_file_with, write_out, write_stdout_with};
use newsmend::review::ReviewFile;
use newsmend::{ingest, render};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::RuleArgs;

#[derive(Debug, clap::Args)]
pub struct CleanArgs {
    /// The page: a text file in UTF-8, UTF-16 (with BOM), GB18030/GBK or Big5, or
    /// positioned OCR told by its content (hOCR, ALTO, the JSON of RapidOCR, PaddleOCR
    /// 2.x/3.x or Umi-OCR); - reads stdin.
    #[arg(required_unless_present = "jsonl")]
    pub input: Option<PathBuf>,
    /// The input is a page image: read it with the `tesseract` binary (chi_sim, hOCR)
    /// and clean what it reads.
    #[arg(long)]
    pub ocr: bool,
    /// Read JSON lines `{"id": …, "text": …}` from INPUT (stdin when it is - or not
    /// given) and write one JSON result a line, in the same order (for Hadoop Streaming,
    /// Spark `pipe`, GNU parallel).
    #[arg(long, conflicts_with_all = ["output", "diff", "report", "check"])]
    pub jsonl: bool,
    /// Write the result here instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
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
    /// or OCR JSON input each edited line's crop of it).
    #[arg(long, value_name = "OUT.html")]
    pub report: Option<PathBuf>,
    /// Colour the diff: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
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
pub enum OutputFormat {
    /// The cleaned page: each article's headings, a blank line, its paragraphs one per line; `---` between articles.
    Text,
    /// Markdown: `#` headline, `##` subtitle, paragraphs.
    Markdown,
    /// The articles, running heads and every edit (see the README).
    Json,
}

pub fn run(args: &CleanArgs) -> Result<ExitCode> {
    let (engine, filter) = args.rules.engine()?;
    if args.jsonl {
        return jsonl(&engine, &filter, args.input.as_deref());
    }
    let input = args.input.clone().unwrap_or_else(|| PathBuf::from("-"));
    let source = if args.ocr { ingest::ocr::read(&input)? } else { ingest::read(&input)? };
    // The page alone, to stdout or as a proposal with its review file, is written as it
    // is made: a long page is not held twice.
    let streamed = matches!(args.format, OutputFormat::Text) && args.report.is_none() && !args.diff;
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
            if input.as_os_str() == "-" { None } else { newsmend::scan::image_for(&input, source.layout.as_ref()) };
        write_out(Some(path), render::report::html(&source, &cleaned, image.as_deref()).as_bytes())?;
    }
    if args.diff && !matches!(args.format, OutputFormat::Json) {
        let name = input.display().to_string();
        let patch =
            render::diff::unified(&name, &source.text, &cleaned.output, cleaned.accepted_edits(), args.color.enabled());
        write_out(args.output.as_deref(), patch.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    if let (Some(out), OutputFormat::Text) = (args.output.as_deref(), args.format) {
        // The page becomes a proposal with its review file; earlier decisions on the
        // same edits stand.
        let previous = ReviewFile::load(out).ok().filter(|p| p.input == source.text);
        newsmend::review::write_proposal(
            out,
            &source.name,
            source.encoding,
            &source.text,
            cleaned.accepted_edits(),
            previous.as_ref(),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    if streamed || matches!(args.format, OutputFormat::Json) {
        // Written as it is made: the JSON of a long page (every edit with its context)
        // is several times the page.
        let write = |mut w: &mut dyn Write| {
            if streamed {
                newsmend::edit::write_applied(&mut w, &source.text, cleaned.accepted_edits())
            } else {
                render::json::write(&mut w, &source, &cleaned)
            }
        };
        match args.output.as_deref() {
            Some(path) => write_file_with(path, write)?,
            None => write_stdout_with(write)?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    let rendered = match args.format {
        OutputFormat::Text => cleaned.output.clone(),
        OutputFormat::Markdown => render::markdown::page(&source, &cleaned),
        OutputFormat::Json => render::json::page(&source, &cleaned),
    };
    write_out(args.output.as_deref(), rendered.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// `clean --jsonl [INPUT]`: the lines of INPUT, or of stdin when it is `-` or not given.
fn jsonl(engine: &newsmend::Engine, filter: &newsmend::EditFilter, input: Option<&Path>) -> Result<ExitCode> {
    let out = std::io::stdout().lock();
    match input.filter(|p| p.as_os_str() != "-") {
        None => newsmend::batch::jsonl(engine, filter, Path::new("-"), std::io::stdin().lock(), out)?,
        Some(path) => {
            if path.is_dir() {
                return Err(Error::IsDirectory { path: path.to_path_buf() });
            }
            let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
            newsmend::batch::jsonl(engine, filter, path, std::io::BufReader::with_capacity(1 << 16, file), out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
