//! Throughput of `batch` on 10,000 small pages, with every output it writes.
//!
//! The pages are written at bench time into a temporary folder: the pages in `testdata/`
//! (and, when it lies beside the repository, the devset inputs) repeated, 100 folders
//! of 100 pages. Each sample of the first run writes into a fresh output folder; the
//! re-run finds every page unchanged. The output goes to tmpfs (`/dev/shm`) when there is
//! one: on a disk file system the kernel's work of creating and then deleting 120,000
//! files a sample swamps the figure (benches/README.md has the ext4 figures). Run with
//! `cargo bench --bench batch` (about a minute on two cores).

use divan::counter::{BytesCount, ItemsCount};
use newsmend::batch::{self, Options};
use newsmend::{EditFilter, Engine};
use std::path::Path;
use std::sync::OnceLock;

mod common;

const FOLDERS: usize = 100;
const PER_FOLDER: usize = 100;

/// The scan folder and its total size in bytes.
fn scans() -> &'static (tempfile::TempDir, usize) {
    static SCANS: OnceLock<(tempfile::TempDir, usize)> = OnceLock::new();
    SCANS.get_or_init(|| {
        let seed = common::seed_pages();
        let dir = tempfile::tempdir().expect("temp folder");
        let mut bytes = 0;
        for f in 0..FOLDERS {
            let folder = dir.path().join(format!("issue-{f:03}"));
            std::fs::create_dir(&folder).expect("issue folder");
            for p in 0..PER_FOLDER {
                let page = &seed[(f * PER_FOLDER + p) % seed.len()];
                bytes += page.len();
                std::fs::write(folder.join(format!("page-{p:03}.txt")), page).expect("page");
            }
        }
        (dir, bytes)
    })
}

/// A fresh output folder, on tmpfs when there is one.
fn output_folder() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(d) = tempfile::tempdir_in(shm) {
            return d;
        }
    }
    tempfile::tempdir().expect("output folder")
}

fn options(out: &Path) -> Options {
    Options {
        scans: scans().0.path().to_path_buf(),
        out: out.to_path_buf(),
        jobs: None,
        text: true,
        markdown: true,
        quiet: true,
        filter: EditFilter::default(),
        ocr: false,
        ocr_lang: None,
        rules_fingerprint: 0,
        check: false,
        shard: None,
    }
}

fn main() {
    divan::main();
}

/// A first run: every page cleaned, every output written.
#[divan::bench(sample_count = 2, sample_size = 1)]
fn batch_10k_pages_first_run(bencher: divan::Bencher) {
    let engine = Engine::builtin().expect("rules");
    bencher
        .counter(ItemsCount::new(FOLDERS * PER_FOLDER))
        .counter(BytesCount::new(scans().1))
        .with_inputs(output_folder)
        .bench_local_values(|out| {
            let summary = batch::run(&engine, &options(out.path())).expect("batch").summary;
            assert_eq!(summary.failed, 0);
            // Returned, so the folder is deleted outside the timing.
            out
        });
}

/// A re-run over the same output: every page found unchanged and skipped.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn batch_10k_pages_unchanged(bencher: divan::Bencher) {
    let engine = Engine::builtin().expect("rules");
    let out = output_folder();
    batch::run(&engine, &options(out.path())).expect("batch");
    bencher.counter(ItemsCount::new(FOLDERS * PER_FOLDER)).bench_local(|| {
        let summary = batch::run(&engine, &options(out.path())).expect("batch").summary;
        assert_eq!(summary.unchanged, FOLDERS * PER_FOLDER);
    });
}
