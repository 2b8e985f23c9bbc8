//! `newsmend review`: the pending edits one at a time in a terminal, or in the browser
//! with `--web` (the server is the library's [`newsmend::web`]; here only its options,
//! its address printed and the browser opened).

use newsmend::error::{Error, Result};
use newsmend::review::{self, ReviewFile, Status};
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// Pages written by `clean -o`; with --web, one page or a batch output folder.
    #[arg(required = true, value_name = "OUT")]
    pub outputs: Vec<PathBuf>,
    /// Review in the browser: a local server, its address (with its token) printed as
    /// the first line of stdout.
    #[arg(long)]
    pub web: bool,
    /// With --web: the port to listen on (default: any free port).
    #[arg(long, value_name = "N", requires = "web")]
    pub port: Option<u16>,
    /// With --web: do not open the system browser.
    #[arg(long, requires = "web")]
    pub no_open: bool,
    /// With --web: listen on this address instead of 127.0.0.1 (anyone who can reach it
    /// and has the token can decide).
    #[arg(long, value_name = "ADDR", requires = "web")]
    pub bind: Option<IpAddr>,
    /// With --web: stop after this long without a request (`30m`, `90s`, `2h`; a bare
    /// number is minutes).
    #[arg(long, value_name = "TIME", default_value = "30m", value_parser = duration, requires = "web")]
    pub idle_timeout: Duration,
}

/// `newsmend review`: in the browser with `--web`, else in the terminal.
pub fn run(args: &ReviewArgs) -> Result<ExitCode> {
    if !args.web {
        return terminal(&args.outputs);
    }
    let [target] = args.outputs.as_slice() else {
        return Err(Error::Usage("review --web takes one page or one batch folder".into()));
    };
    let bind = args.bind.unwrap_or(IpAddr::from([127, 0, 0, 1]));
    if !bind.is_loopback() {
        eprintln!(
            "newsmend: warning: listening on {bind}, not only this machine: anyone who reaches it with the token can decide"
        );
    }
    let opts =
        newsmend::web::Options { target: target.clone(), bind, port: args.port.unwrap_or(0), idle: args.idle_timeout };
    let server = newsmend::web::Server::bind(&opts)?;
    let url = server.url();
    newsmend::fsio::write_out(None, format!("{url}\n").as_bytes())?;
    eprintln!("newsmend: reviewing {} in the browser; Ctrl-C or the page's quit button ends it", target.display());
    if !args.no_open {
        open_browser(&url);
    }
    if server.run()? == newsmend::web::Stopped::Idle {
        eprintln!("newsmend: no request for {}: stopped (every decision is saved)", said(args.idle_timeout));
    }
    Ok(ExitCode::SUCCESS)
}

/// `30m`, `90s`, `2h`, or minutes.
fn duration(s: &str) -> std::result::Result<Duration, String> {
    let (n, unit) = s.find(|c: char| !c.is_ascii_digit()).map_or((s, "m"), |i| s.split_at(i));
    let n: u64 = n.parse().map_err(|_| format!("{s:?}: a time such as 30m, 90s or 2h"))?;
    let secs = match unit {
        "s" => n,
        "m" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        _ => return Err(format!("{s:?}: a time such as 30m, 90s or 2h")),
    };
    if secs == 0 {
        return Err("the idle timeout must be longer than 0".into());
    }
    Ok(Duration::from_secs(secs))
}

fn said(d: Duration) -> String {
    match d.as_secs() {
        s if s % 3600 == 0 => format!("{} h", s / 3600),
        s if s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

/// Open the address in the system browser when there is one; without one, the address
/// printed is the way in, and nothing fails.
fn open_browser(url: &str) {
    use std::process::{Command, Stdio};
    let command = if cfg!(target_os = "macos") {
        Some(("open", vec![url]))
    } else if cfg!(windows) {
        Some(("explorer", vec![url]))
    } else {
        let display = ["DISPLAY", "WAYLAND_DISPLAY"].iter().any(|v| std::env::var_os(v).is_some_and(|v| !v.is_empty()));
        display.then(|| ("xdg-open", vec![url]))
    };
    let opened = command.is_some_and(|(program, args)| {
        Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .is_ok()
    });
    if !opened {
        eprintln!("newsmend: no browser to open here: open the address above");
    }
}

/// The terminal review: one pending edit at a time, decisions recorded and committed at
/// the end, as cargo-insta does. Without a terminal it refuses and says what to run.
///
/// No lock is held while a person thinks: the decisions are taken on the file as read,
/// by id, and applied at the end to the file as it is then (under its lock), so a
/// decision made meanwhile by another command stands too.
fn terminal(outputs: &[PathBuf]) -> Result<ExitCode> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_timeouts_read_as_people_write_them() {
        assert_eq!(duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(duration("5"), Ok(Duration::from_secs(300)));
        assert!(duration("0").is_err() && duration("ten").is_err() && duration("5d").is_err());
        assert_eq!(said(Duration::from_secs(1800)), "30 min");
    }
}
