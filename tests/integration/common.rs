//! What the tests share: running the binary, and the things a machine may lack (the
//! devset beside the repository, a browser, tesseract), each asked for by name so that a
//! test without it says it was skipped instead of passing quietly.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_newsmend");

/// The repository's root.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Run newsmend in `dir`.
pub fn newsmend(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN).current_dir(dir).args(args).output().expect("run newsmend")
}

/// Say on the terminal, past the test harness's capture, that `test` was skipped.
pub fn skipped(test: &str, why: &str) {
    let _ = writeln!(std::io::stderr(), "skipped: {test}: {why}");
}

/// `../shared/devset`, or the file or folder `rel` inside it. Missing, the test is
/// skipped with a note, unless `NEWSMEND_REQUIRE_DEVSET=1` asks for the devset: then it
/// fails, so a run that was meant to check the devset cannot pass without it.
pub fn devset(test: &str, rel: &str) -> Option<PathBuf> {
    find_devset(test, rel, "skipped")
}

/// [`devset`] for a test that checks the bundled pages too and the devset's as well:
/// without the devset only that part is skipped.
pub fn devset_part(test: &str, rel: &str) -> Option<PathBuf> {
    find_devset(test, rel, "skipped in part")
}

fn find_devset(test: &str, rel: &str, what: &str) -> Option<PathBuf> {
    let path = repo().join("../shared/devset").join(rel);
    if path.exists() {
        return Some(path);
    }
    let why = format!("needs {} (the devset beside the repository)", path.display());
    if std::env::var_os("NEWSMEND_REQUIRE_DEVSET").is_some_and(|v| v == "1") {
        panic!("{test} {why}, and NEWSMEND_REQUIRE_DEVSET=1 requires it");
    }
    let _ = writeln!(std::io::stderr(), "{what}: {test}: {why}");
    None
}

/// Whether `program --version` runs here; if not, `test` is skipped with how to get it.
pub fn tool(test: &str, program: &str, install: &str) -> bool {
    let ok = Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        skipped(test, &format!("no {program} on this machine ({install})"));
    }
    ok
}
