//! `newsmend clean`: one page, printed or written, as text, Markdown, JSON or a diff,
//! with a review file and an HTML report on request.

use clap::ValueEnum;
use newsmend::compress::Compression;
use newsmend::error::{Error, Result};
use newsmend::fsio::{self, write_file_with, write_out, write_stdout_with};
use newsmend::{ingest, render};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::RuleArgs;

#[derive(Debug, clap::Args)]
pub struct CleanArgs {
    /// The page: a text file in UTF-8, UTF-16 (with BOM), GB18030/GBK or Big5, or
    /// positioned OCR told by its content (hOCR, ALTO, the JSON of RapidOCR, PaddleOCR
    /// 2.x/3.x or Umi-OCR); - reads stdin.
    #[arg(required_unless_present_any = ["jsonl", "input_file"], conflicts_with = "input_file")]
    pub input: Option<PathBuf>,
    /// INPUT, named as a flag (`--input lines.jsonl.bz2`).
    #[arg(long = "input", id = "input_file", value_name = "FILE")]
    pub input_file: Option<PathBuf>,
    /// The input is a page image: read it with the `tesseract` binary (hOCR) and clean
    /// what it reads; chi_sim, read again with chi_tra_vert or chi_sim_vert when the page
    /// is set in vertical columns.
    #[arg(long)]
    pub ocr: bool,
    /// With --ocr: read the scan with this tesseract model (e.g. chi_tra_vert, chi_tra,
    /// chi_sim+eng) and no other.
    #[arg(long, value_name = "LANG", requires = "ocr")]
    pub ocr_lang: Option<String>,
    /// Read JSON lines `{"id": …, "text": …}` from INPUT (stdin when it is - or not
    /// given) and write one JSON result a line, in the same order, each with the line's
    /// other fields as they were (for Hadoop Streaming, Spark `pipe`, GNU parallel).
    /// INPUT and OUT ending in .gz or .bz2 are read and written compressed; so is stdin
    /// that starts as gzip or bzip2 does.
    #[arg(long, conflicts_with_all = ["diff", "report", "check"])]
    pub jsonl: bool,
    /// With --jsonl: the field of each line that holds its text.
    #[arg(long, value_name = "NAME", default_value = "text", requires = "jsonl")]
    pub text_field: String,
    /// With --jsonl on stdout: compress it (-o OUT is compressed as its name says).
    #[arg(long, value_enum, value_name = "FORMAT", requires = "jsonl", conflicts_with = "output")]
    pub compress: Option<Compress>,
    /// Write the result here instead of stdout (never over the input itself). As text,
    /// OUT is a proposal with its review file OUT.review.json; cleaning again keeps the
    /// decisions on every edit still found. With --jsonl, the JSON lines.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Write no page (only --report's, if asked for); exit 1 when the page has changes to
    /// make (for CI), 0 when clean.
    #[arg(long, conflicts_with = "output")]
    pub check: bool,
    /// Print a unified diff of the input against the cleaned text page, each hunk
    /// annotated with its rules, instead of the page (not with --format: --format json
    /// lists every edit itself).
    #[arg(long, conflicts_with = "format")]
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

/// How `clean --jsonl` compresses what it writes to stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Compress {
    /// gzip (.gz).
    Gz,
    /// bzip2 (.bz2).
    Bz2,
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
        return jsonl(&engine, &filter, args);
    }
    let input = args.input.clone().or_else(|| args.input_file.clone()).unwrap_or_else(|| PathBuf::from("-"));
    for out in [args.output.as_deref(), args.report.as_deref()].into_iter().flatten() {
        check_writable(&input, out)?;
    }
    let source = if args.ocr { ingest::ocr::read(&input, args.ocr_lang.as_deref())? } else { ingest::read(&input)? };
    // The page alone, to stdout or as a proposal with its review file, is written as it
    // is made: a long page is not held twice.
    let streamed = matches!(args.format, OutputFormat::Text) && args.report.is_none() && !args.diff;
    let cleaned = engine.clean_source(&source, &filter, !streamed);
    if let Some(path) = &args.report {
        let image =
            if input.as_os_str() == "-" { None } else { newsmend::scan::image_for(&input, source.layout.as_ref()) };
        write_out(Some(path), render::report::html(&source, &cleaned, image.as_deref()).as_bytes())?;
    }
    if args.check {
        let pending = cleaned.accepted_edits().count();
        if pending == 0 {
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{}: {} pending", source.name, super::edits(pending));
        return Ok(ExitCode::from(1));
    }
    if args.diff {
        let name = input.display().to_string();
        let patch =
            render::diff::unified(&name, &source.text, &cleaned.output, cleaned.accepted_edits(), args.color.enabled());
        write_out(args.output.as_deref(), patch.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    if let (Some(out), OutputFormat::Text) = (args.output.as_deref(), args.format) {
        // The page becomes a proposal with its review file; earlier decisions on edits
        // still found stand, and those on edits gone are counted.
        let proposed = newsmend::review::write_proposal(
            out,
            &source.name,
            source.encoding,
            &source.text,
            cleaned.accepted_edits(),
            fsio::Durability::Synced,
        )?;
        if let Some(note) = proposed.note() {
            eprintln!("{}: {note}", out.display());
        }
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

/// Refuse an output that is a folder, or the input itself by any path (`clean X -o X`,
/// `clean - < X -o X`): writing the page over its input would lose the text the review
/// file and every later clean start from.
fn check_writable(input: &Path, out: &Path) -> Result<()> {
    if out.is_dir() {
        return Err(Error::OutputIsFolder { path: out.to_path_buf() });
    }
    // What is not a file (`/dev/null`, a FIFO) is written in place, and is never opened
    // to compare: opening a FIFO waits for a writer.
    let file = std::fs::metadata(out).is_ok_and(|m| m.is_file());
    let same = file && if input.as_os_str() == "-" { fsio::is_stdin(out) } else { fsio::same_file(input, out) };
    if same {
        return Err(Error::OverwritesInput { path: out.to_path_buf(), example: cleaned_name(out) });
    }
    Ok(())
}

/// `page.clean.txt` for `page.txt`: a name to suggest instead.
fn cleaned_name(path: &Path) -> PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    match path.extension() {
        Some(ext) => path.with_file_name(format!("{stem}.clean.{}", ext.to_string_lossy())),
        None => path.with_file_name(format!("{stem}.clean")),
    }
}

/// `clean --jsonl [INPUT] [-o OUT]`: the lines of INPUT, or of stdin when it is `-` or
/// not given, answered to OUT or stdout; each compressed as its name or head says.
fn jsonl(engine: &newsmend::Engine, filter: &newsmend::EditFilter, args: &CleanArgs) -> Result<ExitCode> {
    let field = args.text_field.as_str();
    if field == "id" || newsmend::batch::WRITTEN_FIELDS.contains(&field) {
        return Err(Error::Usage(format!(
            "--text-field {field}: a field newsmend reads or writes itself; name the field that holds the text"
        )));
    }
    let input = args.input_file.as_deref().or(args.input.as_deref()).unwrap_or(Path::new("-"));
    if let Some(out) = args.output.as_deref() {
        check_writable(input, out)?;
    }
    let (reader, input_compression) = open_lines(input)?;
    let stream = newsmend::batch::JsonlStream {
        input,
        input_compression,
        output: args.output.as_deref().unwrap_or(Path::new("-")),
        output_compression: match (args.output.as_deref(), args.compress) {
            (Some(out), _) => Compression::of_name(out),
            (None, Some(Compress::Gz)) => Compression::Gzip,
            (None, Some(Compress::Bz2)) => Compression::Bzip2,
            (None, None) => Compression::None,
        },
        text_field: field,
    };
    let Some(out) = args.output.as_deref() else {
        let stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        newsmend::batch::jsonl(engine, filter, &stream, reader, stdout)?;
        return Ok(ExitCode::SUCCESS);
    };
    // OUT appears whole or not at all: the error that stops the stream is the one to
    // report, not the write it broke off.
    let mut stopped = None;
    let written = write_file_with(out, |w| {
        newsmend::batch::jsonl(engine, filter, &stream, reader, w).map_err(|e| {
            stopped = Some(e);
            std::io::Error::other("stopped")
        })
    });
    match stopped {
        Some(e) => Err(e),
        None => written.map(|()| ExitCode::SUCCESS),
    }
}

/// The lines at `input` (`-`: stdin) and how they are compressed: a file by its name,
/// stdin by its first bytes.
fn open_lines(input: &Path) -> Result<(Box<dyn BufRead>, Compression)> {
    if input.as_os_str() == "-" {
        let mut stdin = std::io::stdin().lock();
        let compression = Compression::sniff(&mut stdin).map_err(|e| Error::io(input, e))?;
        return Ok((Box::new(stdin), compression));
    }
    if input.is_dir() {
        return Err(Error::IsDirectory { path: input.to_path_buf() });
    }
    let file = std::fs::File::open(input).map_err(|e| Error::io(input, e))?;
    Ok((Box::new(std::io::BufReader::with_capacity(1 << 16, file)), Compression::of_name(input)))
}
