//! The whole pipeline on any text: no panic, edits in bounds and non-overlapping, no
//! character lost unless a furniture edit names it (or `punct.misread`, which makes the
//! radical `丶` the `、` OCR read it for), and cleaning the output again changes nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newsmend::text::script::is_han;
use std::sync::OnceLock;

fuzz_target!(|text: &str| {
    static ENGINE: OnceLock<newsmend::Engine> = OnceLock::new();
    let engine = ENGINE.get_or_init(|| newsmend::Engine::builtin().expect("rules"));
    let filter = newsmend::EditFilter::default();
    let c = engine.clean(text, &filter);
    let mut last = 0;
    for e in &c.edits {
        assert!(e.start() <= e.end() && e.end() <= text.len() && e.start() >= last, "edit out of place: {e:?}");
        assert!(text.is_char_boundary(e.start()) && text.is_char_boundary(e.end()));
        last = e.end();
    }
    let han = |s: &str| s.chars().filter(|&ch| is_han(ch)).count();
    let named = |r: &str| r.starts_with("page.") || r == "punct.misread";
    let removed: usize = c.accepted_edits().filter(|e| named(e.rule())).map(|e| han(&text[e.range()])).sum();
    assert_eq!(han(text), han(&c.output) + removed, "Han characters lost");
    assert_eq!(engine.clean(&c.output, &filter).output, c.output, "not idempotent");
});
