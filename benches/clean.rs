//! Throughput of `clean` on a ~20 MB stream of pages, single-threaded.
//!
//! The stream repeats the pages in `testdata/` (and, when it lies beside the repository,
//! the devset inputs) until it holds 20 MB, then cleans it page by page, as
//! `newsmend clean` does. Run with `cargo bench --bench clean`; figures in benches/README.md.
//! `read_hocr_page` reads one hOCR page into page text (the geometry stage): a vertical
//! page of the devset against a horizontal one of the same size, which issue 17 asks to
//! cost no more.

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

/// The hOCR pages `read_hocr_page` reads, by devset case: two vertical pages, each with
/// a horizontal (layout) page of the same size (241 and 240 KB, 263 and 267 KB).
const HOCR_PAGES: [&str; 4] = [
    "vertical/dev-1930-04-03/p01",
    "layout/dev2-2012-06-05/p02",
    "vertical/dev-1930-04-18/p02",
    "layout/dev2-2012-06-05/p04",
];

/// The devset page's hOCR; without the devset, a testdata page of the same direction.
fn hocr_page(case: &str) -> String {
    let fallback = if case.starts_with("vertical") { "geometry/vertical.hocr" } else { "geometry/two-columns.hocr" };
    String::from_utf8(devset_or(case, "page.hocr", fallback)).expect("an hOCR page in UTF-8")
}

/// The devset case's file `name`; without the devset, the testdata file `fallback`.
fn devset_or(case: &str, name: &str, fallback: &str) -> Vec<u8> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read(root.join("../shared/devset").join(case).join(name))
        .or_else(|_| std::fs::read(root.join("testdata").join(fallback)))
        .expect("a page to read")
}

#[divan::bench(args = HOCR_PAGES, sample_count = 50)]
fn read_hocr_page(bencher: divan::Bencher, case: &str) {
    let page = hocr_page(case);
    bencher
        .counter(BytesCount::new(page.len()))
        .bench(|| newsmend::geometry::page_layout(divan::black_box(&page), "page").map(|(t, _)| t.len()));
}

/// E-paper PDF pages: the bar is 20 pages a second on one core, reading included.
const PDF_PAGES: &[&str] = &["epaper/p01", "epaper/p18", "epaper/p33"];

#[divan::bench(args = PDF_PAGES, sample_count = 20)]
fn read_pdf_page(bencher: divan::Bencher, case: &str) {
    let page = devset_or(case, "page.pdf", "pdf/page.pdf");
    bencher
        .counter(BytesCount::new(page.len()))
        .bench(|| newsmend::geometry::pdf_layout(divan::black_box(&page), "page.pdf").map(|(t, _)| t.len()));
}
