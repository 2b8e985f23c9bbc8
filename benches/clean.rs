//! Throughput of `clean` on a ~20 MB stream of pages, single-threaded.
//!
//! The stream repeats the pages in `testdata/` (and, when it lies beside the repository,
//! the devset inputs) until it holds 20 MB, then cleans it page by page, as
//! `newsmend clean` does. Run with `cargo bench --bench clean`; figures in benches/README.md.

// The binary's allocator, so the figures are the binary's.
// Its unit test runs with the binary's; compiled here it is left unused.
#[cfg(feature = "mimalloc")]
#[path = "../src/alloc.rs"]
#[allow(unused_imports)]
mod alloc;
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOC: alloc::Split = alloc::Split;

use divan::counter::BytesCount;
use newsmend::{EditFilter, Engine};
use std::sync::OnceLock;

mod common;

const STREAM_BYTES: usize = 20 << 20;

fn pages() -> &'static Vec<String> {
    static PAGES: OnceLock<Vec<String>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let seed = common::seed_pages();
        let mut out = Vec::new();
        let mut total = 0;
        while total < STREAM_BYTES {
            for p in &seed {
                total += p.len();
                out.push(p.clone());
            }
        }
        out
    })
}

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn clean_20mb_stream(bencher: divan::Bencher) {
    let engine = Engine::builtin().expect("rules");
    let filter = EditFilter::default();
    let pages = pages();
    let bytes: usize = pages.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut out = 0usize;
        for p in pages {
            out += engine.clean(divan::black_box(p), &filter).output.len();
        }
        out
    });
}

#[divan::bench(sample_count = 20)]
fn load_rules(bencher: divan::Bencher) {
    bencher.bench(|| Engine::builtin().expect("rules"));
}

/// The character passes alone (width, punctuation, spacing, variants), without the
/// structure stage: the figure of the core engine.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn character_passes_20mb_stream(bencher: divan::Bencher) {
    let engine = Engine::builtin().expect("rules");
    let pages = pages();
    let bytes: usize = pages.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut n = 0usize;
        for p in pages {
            let verdict = newsmend::passes::variant::script_verdict(p, &engine.rules);
            let script = newsmend::passes::variant::Script::counted(verdict.traditional, verdict, p.len());
            n += newsmend::passes::character_edits(divan::black_box(p), &engine.rules, &script, &[], &[]).len();
        }
        n
    });
}

/// The structure stage alone (joins, furniture, articles, layout edits), with each
/// page's script known beforehand.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn structure_20mb_stream(bencher: divan::Bencher) {
    let engine = Engine::builtin().expect("rules");
    let pages = pages();
    let traditional: Vec<bool> =
        pages.iter().map(|p| newsmend::passes::variant::is_traditional(p, &engine.rules)).collect();
    let bytes: usize = pages.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut n = 0usize;
        for (p, &t) in pages.iter().zip(&traditional) {
            n += newsmend::structure::analyse(divan::black_box(p), t).edits.len();
        }
        n
    });
}

/// The script count alone (simplified or traditional), which every page needs first.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn script_count_20mb_stream(bencher: divan::Bencher) {
    let engine = Engine::builtin().expect("rules");
    let pages = pages();
    let bytes: usize = pages.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        pages.iter().filter(|p| newsmend::passes::variant::is_traditional(divan::black_box(p), &engine.rules)).count()
    });
}
