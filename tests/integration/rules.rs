//! The rule files are data and are tested as data: every documented example holds, every
//! keep pattern keeps its examples' space, every structure list reads its examples,
//! every rule a pass emits is documented, and the files stay in canonical form (run with
//! NEWSMEND_BLESS=1 to rewrite variants.tsv); the line scan's hints stay those of the
//! structure lists.

use newsmend::engine::RULE_IDS;
use newsmend::rules::{BUILTIN_FILES, BUILTIN_VARIANTS};
use newsmend::{EditFilter, Engine};
use std::collections::BTreeSet;

fn engine() -> Engine {
    Engine::builtin().expect("builtin rules load")
}

/// A filter that accepts only `id`'s edits.
fn only(id: &str) -> EditFilter {
    EditFilter { disabled: RULE_IDS.iter().filter(|r| **r != id).map(|r| r.to_string()).collect(), safe_only: false }
}

#[test]
fn every_rule_example_holds_with_only_its_rule() {
    let e = engine();
    assert!(!e.rules.docs.is_empty());
    for d in &e.rules.docs {
        let structure = newsmend::structure::FAMILIES.iter().any(|f| EditFilter::rule_matches(&d.id, f));
        if structure {
            // Structure rules lay out the page together: the example runs whole, and
            // without its rule it comes out otherwise.
            assert_eq!(e.clean(&d.before, &EditFilter::default()).output, d.after, "rule {} example", d.id);
            let without = EditFilter { disabled: vec![d.id.clone()], safe_only: false };
            assert_ne!(e.clean(&d.before, &without).output, d.after, "rule {} example does not need it", d.id);
        } else {
            let got = e.clean(&d.before, &only(&d.id)).output;
            assert_eq!(got, d.after, "rule {} example", d.id);
        }
    }
}

#[test]
fn every_rule_example_is_stable_under_the_whole_pipeline() {
    let e = engine();
    for d in &e.rules.docs {
        let once = e.clean(&d.before, &EditFilter::default()).output;
        let twice = e.clean(&once, &EditFilter::default()).output;
        assert_eq!(once, twice, "rule {} example is not idempotent", d.id);
    }
}

#[test]
fn keep_patterns_keep_their_examples_space() {
    let e = engine();
    for k in &e.rules.keep_docs {
        assert!(!k.examples.is_empty(), "keep pattern {} has no example", k.id);
        for ex in &k.examples {
            let out = e.clean(ex, &EditFilter::default()).output;
            assert!(out.contains([' ', '\u{3000}']), "keep pattern {}: `{ex}` lost its space: `{out}`", k.id);
        }
    }
}

#[test]
fn every_emitted_rule_is_documented_and_nothing_else() {
    let e = engine();
    let documented: BTreeSet<&str> = e.rules.docs.iter().map(|d| d.id.as_str()).collect();
    let emitted: BTreeSet<&str> = RULE_IDS.iter().copied().collect();
    assert_eq!(documented, emitted);
}

#[test]
fn rule_files_are_canonical() {
    for (name, text) in BUILTIN_FILES {
        let ids: Vec<&str> =
            text.lines().filter_map(|l| l.strip_prefix("id = \"")).map(|l| l.trim_end_matches('"')).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted, "{name}: ids must be unique and sorted");
        assert!(!text.contains('\t') && !text.contains("\r"), "{name}: no tabs or CR");
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{name}: one final newline");
    }
}

/// The variant table sorted by code point, one line per character, targets unique.
fn canonical_variants(text: &str) -> String {
    let mut header = String::new();
    let mut rows = std::collections::BTreeMap::new();
    for line in text.lines() {
        if line.starts_with('#') {
            header.push_str(line);
            header.push('\n');
        } else if let Some((k, v)) = line.split_once('\t') {
            let mut targets: Vec<&str> = Vec::new();
            for t in v.split(' ').filter(|t| !t.is_empty()) {
                if !targets.contains(&t) {
                    targets.push(t);
                }
            }
            rows.insert(k.chars().next().expect("key"), targets.join(" "));
        }
    }
    let mut out = header;
    for (k, v) in rows {
        out.push_str(&format!("{k}\t{v}\n"));
    }
    out
}

#[test]
fn variant_table_is_canonical() {
    let (name, text) = BUILTIN_VARIANTS;
    let canon = canonical_variants(text);
    if canon != text {
        if std::env::var_os("NEWSMEND_BLESS").is_some() {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules").join(name);
            std::fs::write(path, &canon).expect("rewrite");
        } else {
            panic!("rules/{name} is not canonical: run NEWSMEND_BLESS=1 cargo test --test rules");
        }
    }
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (k, v) = line.split_once('\t').expect("tab");
        assert_eq!(k.chars().count(), 1, "{line}");
        assert!(v.split(' ').all(|t| t.chars().count() == 1), "{line}");
    }
}

#[test]
fn user_rules_extend_and_override() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("mine.toml");
    std::fs::write(
        &path,
        r#"
[space]
cjk_latin = "add"

[[space.keep]]
id = "my-paper-credit"
description = "图 then the photographer"
left = '图$'
right = '^\p{Han}{2,3}$'
examples = ["图 王五"]
"#,
    )
    .expect("write");
    let rules = newsmend::RuleSet::load(&[path.as_path()]).expect("load");
    let e = Engine::new(rules);
    assert_eq!(e.clean("图 王五", &EditFilter::default()).output, "图 王五\n");
    assert_eq!(e.clean("召开2024年度会议", &EditFilter::default()).output, "召开 2024 年度会议\n");
    let tsv = dir.path().join("extra.tsv");
    std::fs::write(&tsv, "丟\t丢\n").expect("write");
    let e = Engine::new(newsmend::RuleSet::load(&[tsv.as_path()]).expect("load"));
    assert_eq!(e.clean("不要丟了", &EditFilter::default()).output, "不要丢了\n");
}

#[test]
fn bad_user_rules_are_clear_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "[space]\ncjk_latin = \"sometimes\"\n").expect("write");
    let err = newsmend::RuleSet::load(&[path.as_path()]).expect_err("must fail").to_string();
    assert!(err.contains("bad.toml") && err.contains("cjk_latin"), "{err}");
    std::fs::write(&path, "[[space.keep]]\nid='x'\ndescription='x'\nleft='('\nright=''\n").expect("write");
    let err = newsmend::RuleSet::load(&[path.as_path()]).expect_err("must fail").to_string();
    assert!(err.contains("space.keep x"), "{err}");
}

#[test]
fn every_structure_list_reads_its_examples() {
    let e = engine();
    let lists = &e.rules.structure.lists;
    assert_eq!(lists.len(), newsmend::rules::structure::LISTS.len());
    for l in lists {
        let id = l.spec.id;
        assert!(!l.description.is_empty(), "structure.{id} has no description");
        assert!(!l.entries.is_empty(), "structure.{id} is empty");
        assert!(!l.examples.is_empty(), "structure.{id} has no example");
        for ex in &l.examples {
            let read = newsmend::structure::reads_by_list(&e.rules.structure, id, ex);
            assert_eq!(read, Some(true), "structure.{id}: example `{ex}` is not read by it");
        }
    }
    assert_eq!(newsmend::structure::reads_by_list(&e.rules.structure, "no-such-list", "x"), None);
}

/// The line scan notes the hint characters of each line, and the running-head, folio
/// and editor lists are looked for only on lines that hold one of theirs: every built-in
/// entry must hold one, or the guard hides its matches; and every hint must be some
/// entry's, or the scan notes it for nothing.
#[test]
fn the_line_hints_are_the_structure_lists_own() {
    let e = engine();
    let lists = &e.rules.structure.lists;
    let unguarded: Vec<(&str, &str)> = lists
        .iter()
        .filter(|l| l.spec.hints != 0)
        .flat_map(|l| l.entries.iter().filter(|e| e.builtin && !e.hinted).map(|e| (l.spec.id, e.text.as_str())))
        .collect();
    // The bare page number holds no hint: the stage looks for it on any line of at
    // most 16 bytes instead. 版式设计 holds none either, and has never been found on a
    // line without 编, 編 or 校: kept so, that no output changes.
    assert_eq!(unguarded, [("folio", r"[A-Z]?\d{1,3}"), ("editor", "版式设计")]);
    for (c, bit) in newsmend::text::script::LINE_HINTS {
        let used =
            lists.iter().filter(|l| l.spec.hints & bit != 0).any(|l| l.entries.iter().any(|e| e.text.contains(c)));
        assert!(used, "hint {c} is no built-in entry's");
    }
}

fn with_user_file(toml: &str) -> Engine {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("mine.toml");
    std::fs::write(&path, toml).expect("write");
    Engine::new(newsmend::RuleSet::load(&[path.as_path()]).expect("load"))
}

/// A user's words and patterns work even where they hold none of the line scan's hints.
#[test]
fn user_files_extend_the_structure_lists() {
    let page = "版式设计：王五\n2024-05-08 第2版 要闻\n\n会议传达了有关精神。(续见第3版)\n";
    let builtin = engine().clean(page, &EditFilter::default());
    assert!(builtin.output.contains("版式设计") && builtin.output.contains("2024-05-08"), "{}", builtin.output);
    let e = with_user_file(
        r#"
[structure.editor]
words = ["版式设计"]

[structure.running-head]
patterns = ['\d{4}-\d{2}-\d{2}']

[structure.jump-onward]
words = ["续见"]
examples = ["(续见第3版)"]
"#,
    );
    for (list, line) in
        [("editor", "版式设计：王五"), ("running-head", "2024-05-08 第2版"), ("jump-onward", "(续见第3版)")]
    {
        assert_eq!(newsmend::structure::reads_by_list(&e.rules.structure, list, line), Some(true), "{list}: {line}");
    }
    let cleaned = e.clean(page, &EditFilter::default());
    assert_eq!(cleaned.output, "会议传达了有关精神。\n");
    let arts = newsmend::render::articles(page, &cleaned);
    assert_eq!(arts[0].continues_on.as_deref(), Some("3"));
    // The built-in entries keep their guard: a line of them is read as before.
    assert_eq!(e.clean("2024年5月8日 星期三\n\n正文。\n", &EditFilter::default()).output, "正文。\n");
}

#[test]
fn bad_structure_lists_are_clear_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bad.toml");
    for (toml, want) in [
        ("[structure.editors]\nwords = ['x']\n", "structure.editors: no such list"),
        ("[structure.folio]\nwords = ['x']\n", "structure.folio: a list of patterns, not words"),
        ("[structure.dateline]\npatterns = ['(']\n", "structure.dateline: pattern `(`"),
        ("[structure.item-mark]\nwords = ['◘●']\n", "structure.item-mark: `◘●` is not a single character"),
        ("[structure.credit]\nwords = ['']\n", "structure.credit: an empty entry"),
        ("[structure.credit]\nword = ['x']\n", "unknown field `word`"),
    ] {
        std::fs::write(&path, toml).expect("write");
        let err = newsmend::RuleSet::load(&[path.as_path()]).expect_err(toml).to_string();
        assert!(err.contains("bad.toml") && err.contains(want), "{toml}: {err}");
    }
}
