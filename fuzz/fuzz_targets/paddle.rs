//! OCR JSON input (PaddleOCR, RapidOCR, Umi-OCR, newsmend's own): the reader never
//! panics; what it reads becomes page text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(pages) = newsmend::geometry::read_ocr_json(&text, "fuzz") {
        for page in pages {
            let _ = newsmend::geometry::to_text(&page.lines);
        }
    }
});
