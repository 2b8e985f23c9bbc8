//! Properties of the whole pipeline, over generated pages and over the devset pages:
//! cleaning is idempotent, loses nothing (no character disappears unless an edit names
//! it, and only whitespace is ever deleted outright), and its edits are well-formed.

use newsmend::script::{is_han, is_hspace};
use newsmend::{Edit, EditFilter, Engine};
use proptest::prelude::*;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::builtin().expect("builtin rules"))
}

fn check_page(text: &str) -> Result<(), String> {
    let e = engine();
    let cleaned = e.clean(text, &EditFilter::default());
    let again = e.clean(&cleaned.output, &EditFilter::default());
    if again.output != cleaned.output {
        let changed: Vec<_> = again.edits.iter().map(|x| (x.rule, &cleaned.output[x.start..x.end])).collect();
        return Err(format!("not idempotent: second run changes {changed:?}"));
    }
    well_formed(text, &cleaned.edits)?;
    let han = |s: &str| s.chars().filter(|&c| is_han(c)).count();
    if han(text) != han(&cleaned.output) {
        return Err(format!("Han characters: {} in, {} out", han(text), han(&cleaned.output)));
    }
    Ok(())
}

fn well_formed(text: &str, edits: &[Edit]) -> Result<(), String> {
    let mut last = 0;
    for x in edits {
        if x.start > x.end || x.end > text.len() || !text.is_char_boundary(x.start) || !text.is_char_boundary(x.end) {
            return Err(format!("edit out of bounds: {x:?}"));
        }
        if x.start < last {
            return Err(format!("overlapping edit: {x:?}"));
        }
        last = x.end;
        let before = &text[x.start..x.end];
        if x.replacement.is_empty() && !before.chars().all(is_hspace) {
            return Err(format!("{} deletes non-whitespace `{before}`", x.rule));
        }
        if !x.replacement.is_empty() && before.chars().any(|c| !is_hspace(c)) && x.replacement.chars().all(is_hspace) {
            return Err(format!("{} replaces text `{before}` by whitespace", x.rule));
        }
    }
    Ok(())
}

const TOKENS: &[&str] = &[
    "新型城镇化",
    "记者",
    "彭禹乔",
    "本报讯",
    "通讯员",
    "王芳",
    "电",
    "中新网6月1日",
    "贏",
    "國",
    "乾",
    "鍾",
    "，",
    "。",
    "“",
    "”",
    "、",
    "（",
    "）",
    "：",
    ",",
    ";",
    ":",
    "(",
    ")",
    "\"",
    "'",
    "...",
    "--",
    "?",
    "!",
    ".",
    " ",
    " ",
    " ",
    "　",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "12",
    "2024",
    "3.14",
    "10:30",
    "1,000",
    "OCR",
    "New York",
    "don't",
    "２０２４",
    "ＡＢ",
    "％",
    "\u{F900}",
    "�",
    "http://a.cn/x",
    "2023-03-17 20:52",
];

fn page() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        8 => proptest::sample::select(TOKENS).prop_map(str::to_string),
        1 => "\\PC{0,4}",
    ];
    proptest::collection::vec(token, 0..80).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn generated_pages_are_idempotent_and_lose_nothing(text in page()) {
        if let Err(e) = check_page(&text) {
            prop_assert!(false, "{e}\npage: {text:?}");
        }
    }

    #[test]
    fn any_subset_of_rules_gives_a_well_formed_page(text in page(), mask in 0u32..(1 << 13)) {
        let ids = newsmend::passes::RULE_IDS;
        let disabled: Vec<String> = ids.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, r)| r.to_string()).collect();
        let e = engine();
        let all = e.clean(&text, &EditFilter::default());
        let some = e.clean(&text, &EditFilter { disabled: disabled.clone(), safe_only: false });
        // The same edits are proposed; only acceptance differs.
        prop_assert_eq!(&all.edits, &some.edits);
        let expected = newsmend::edit::apply(&text, all.edits.iter().filter(|x| !disabled.iter().any(|d| d == x.rule)));
        prop_assert_eq!(some.output, expected);
    }
}

/// Every input page of the devset beside this repository, when it is there.
#[test]
fn devset_pages_are_idempotent_and_lose_nothing() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/devset");
    if !root.is_dir() {
        eprintln!("skipped: no devset at {}", root.display());
        return;
    }
    let mut stack = vec![root];
    let mut n = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read devset") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(path.file_name().and_then(|f| f.to_str()), Some("input.txt" | "page.txt")) {
                let src = newsmend::ingest::read(&path).expect("devset page decodes");
                if let Err(e) = check_page(&src.text) {
                    panic!("{}: {e}", path.display());
                }
                n += 1;
            }
        }
    }
    assert!(n >= 20, "only {n} devset pages found");
}
