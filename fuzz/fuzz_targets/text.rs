//! Bytes in any encoding: decoding never panics, and a decoded page cleans.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static ENGINE: OnceLock<newsmend::Engine> = OnceLock::new();
    let engine = ENGINE.get_or_init(|| newsmend::Engine::builtin().expect("rules"));
    if let Ok(src) = newsmend::ingest::decode(data, "fuzz") {
        let _ = engine.clean(&src.text, &newsmend::EditFilter::default());
    }
});
