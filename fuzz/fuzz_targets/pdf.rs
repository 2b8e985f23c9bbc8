//! pdf input: the reader never panics, whatever the bytes; what it reads becomes page
//! text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(pages) = newsmend::geometry::read_pdf(data, "fuzz") {
        for page in pages {
            let _ = newsmend::geometry::to_text(&page.lines);
        }
    }
});
