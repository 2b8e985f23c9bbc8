//! `newsmend eval`: score cleaned pages against gold answers.

use newsmend::error::{Error, Result};
use newsmend::fsio::write_out;
use std::path::PathBuf;
use std::process::ExitCode;

use super::ListFormat;

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
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// `newsmend eval`: one page, or every case of a gold directory.
pub fn run(args: &EvalArgs) -> Result<ExitCode> {
    use newsmend::eval;
    let json = matches!(args.format, ListFormat::Json);
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

/// `newsmend gaps INPUT`: the page read as `clean` reads it, and each gap the join
/// model decides: `{"signals": [...names]}` first, then `{"a", "b", "x"}` per gap.
pub fn gaps(input: &std::path::Path) -> Result<ExitCode> {
    let source = newsmend::ingest::read(input)?;
    let gaps = newsmend::Engine::builtin()?.gap_signals(&source.text);
    signal_rows(
        &newsmend::structure::SIGNALS,
        gaps.into_iter().map(|g| serde_json::json!({ "a": g.first, "b": g.second, "x": g.signals })),
    )
}

/// `newsmend lines INPUT`: each line of a positioned page as the heading model reads it:
/// `{"signals": [...names]}` first, then `{"text", "x"}` per line.
pub fn lines(input: &std::path::Path) -> Result<ExitCode> {
    let source = std::fs::read(input).map_err(|e| Error::io(input, e))?;
    let lines = newsmend::geometry::line_signals(&source, &input.to_string_lossy())?;
    signal_rows(
        &newsmend::geometry::HEADING_SIGNALS,
        lines.into_iter().map(|l| serde_json::json!({ "text": l.text, "x": l.signals })),
    )
}

/// What a fit script reads: the model's signal names as one JSON object, then a row a
/// line.
fn signal_rows(names: &[&str], rows: impl Iterator<Item = serde_json::Value>) -> Result<ExitCode> {
    let mut out = serde_json::json!({ "signals": names }).to_string();
    out.push('\n');
    for row in rows {
        out.push_str(&row.to_string());
        out.push('\n');
    }
    write_out(None, out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
