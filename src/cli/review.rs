//! `newsmend review`: the pending edits one at a time in a terminal.

use newsmend::error::{Error, Result};
use newsmend::review::{ReviewFile, Status};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// `newsmend review`: one pending edit at a time, decisions recorded and committed at
/// the end, as cargo-insta does. Without a terminal it refuses and says what to run.
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
