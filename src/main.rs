//! The `newsmend` binary: parse arguments, run, print an error once, map to an exit
//! code (0 ok, 1 changes pending in check mode, 2 error).

#[cfg(feature = "mimalloc")]
mod alloc;
mod cli;

use clap::Parser;
use std::process::ExitCode;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOC: alloc::Split = alloc::Split;

fn main() -> ExitCode {
    return_freed_memory();
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("newsmend: {e}");
            ExitCode::from(2)
        }
    }
}

/// glibc raises its mmap threshold each time a large block is freed, and then serves
/// the next large vectors from a heap it keeps: on a long page the resident size ends
/// half again above the live data. A fixed threshold maps each large block apart and
/// hands it back to the system when it is freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_freed_memory() {
    // SAFETY: mallopt only sets an allocator parameter; no allocation is live-shared yet.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_freed_memory() {}
