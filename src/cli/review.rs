//! `newsmend review`: the pending edits one at a time in a terminal.

use newsmend::error::{Error, Result};
use newsmend::review::{self, ReviewFile, Status};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// `newsmend review`: one pending edit at a time, decisions recorded and committed at
/// the end, as cargo-insta does. Without a terminal it refuses and says what to run.
///
/// No lock is held while a person thinks: the decisions are taken on the file as read,
/// by id, and applied at the end to the file as it is then (under its lock), so a
/// decision made meanwhile by another command stands too.
pub fn run(outputs: &[PathBuf]) -> Result<ExitCode> {
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
        let review = ReviewFile::load(out)?;
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
            let (before, after) = newsmend::review::context(&review.input, e, 12);
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
        let (acc, rej) = (
            decisions.iter().filter(|&&(_, st)| st == Status::Accepted).count(),
            decisions.iter().filter(|&&(_, st)| st == Status::Rejected).count(),
        );
        let by_id: Vec<(&str, Status)> = decisions.iter().map(|&(i, st)| (review.edits[i].id.as_str(), st)).collect();
        let (missing, left) = review::update(out, |file| {
            let missing = file.decide_ids(by_id.iter().copied());
            Ok((missing, file.count(Status::Pending)))
        })?;
        if missing > 0 {
            let n = if missing == 1 { "1 decision".to_string() } else { format!("{missing} decisions") };
            let _ = writeln!(stdout, "\n{}: {n} not recorded: the page was cleaned again meanwhile", out.display());
        }
        let _ = writeln!(stdout, "\n{}: {acc} accepted, {rej} rejected, {left} pending", out.display());
        if left > 0 {
            let _ = writeln!(stdout, "to finish without review: newsmend accept {} --all", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
