//! The `newsmend` binary: parse arguments, run, print an error once, map to an exit
//! code (0 ok, 1 changes pending in check mode, 2 error).

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = newsmend::cli::Cli::parse();
    match newsmend::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("newsmend: {e}");
            ExitCode::from(2)
        }
    }
}
