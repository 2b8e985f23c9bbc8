//! alto input: the reader never panics; what it reads becomes page text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(page) = newsmend::geometry::read_alto(&text, "fuzz") {
        let _ = newsmend::geometry::to_text(&page.lines);
    }
});
