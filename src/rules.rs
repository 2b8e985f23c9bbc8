//! Rules as data. The files in `rules/` are built into the binary and can be extended
//! with `--rules FILE` (TOML with the same sections, or a TSV of extra variants). This
//! module parses them, merges them and compiles every pattern once.

use crate::error::{Error, Result};
use regex::Regex;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::Look;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// The rule files shipped in `rules/`, by name.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("width.toml", include_str!("../rules/width.toml")),
    ("punct.toml", include_str!("../rules/punct.toml")),
    ("space.toml", include_str!("../rules/space.toml")),
    ("variant.toml", include_str!("../rules/variant.toml")),
    ("structure.toml", include_str!("../rules/structure.toml")),
];

/// OpenCC's traditional→simplified character table (Apache-2.0), one `char<TAB>targets` a line.
pub const BUILTIN_VARIANTS: (&str, &str) = ("variants.tsv", include_str!("../rules/variants.tsv"));

/// One documented rule: what `newsmend rules` lists, and an example the tests run.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    pub id: String,
    pub applicability: String,
    pub description: String,
    pub before: String,
    pub after: String,
}

/// One file's contents; every section is optional so a user file can add just one thing.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default)]
    pub rule: Vec<RuleDoc>,
    pub width: Option<WidthSection>,
    pub punct: Option<PunctSection>,
    pub space: Option<SpaceSection>,
    pub variant: Option<VariantSection>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WidthSection {
    /// Full-width characters to turn half-width, as single characters or `Ａ-Ｚ` ranges.
    pub half_width: Option<Vec<String>>,
    /// Map CJK compatibility ideographs to their unified form.
    pub compat_ideographs: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PunctSection {
    /// ASCII mark → full-width mark in Chinese context.
    pub marks: Option<HashMap<String, String>>,
    /// Runs of ASCII marks → their Chinese form in Chinese context (`...` → `……`).
    pub sequences: Option<HashMap<String, String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpaceSection {
    /// Spaces between Chinese and Latin letters or digits: `remove`, `keep` or `add`.
    pub cjk_latin: Option<String>,
    /// A line of at most this many characters, without sentence punctuation, is a
    /// heading-like line whose clause gaps are kept.
    pub heading_max_chars: Option<usize>,
    #[serde(default)]
    pub keep: Vec<KeepPattern>,
}

/// A space that must stay: `left` must match the text before it (spaces removed, `^` is
/// the line start) and `right` the text after it (spaces removed, `$` is the line end).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeepPattern {
    pub id: String,
    pub description: String,
    pub left: String,
    pub right: String,
    /// Lines in which the pattern keeps a space; the tests check each one.
    #[serde(default)]
    pub examples: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantSection {
    /// A page is traditional-script, and left alone, when traditional-only characters are
    /// more than this share of traditional-only plus simplified-only characters.
    pub traditional_ratio: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CjkLatin {
    Remove,
    Keep,
    Add,
}

/// A compiled keep pattern.
#[derive(Debug, Clone)]
pub struct Keep {
    pub id: String,
    pub left: Regex,
    pub right: Regex,
    /// When `left` is anchored at the end: the bytes a match can end with.
    pub left_last: Option<Box<[bool; 256]>>,
    /// When `right` is anchored at the start: the bytes a match can start with.
    pub right_first: Option<Box<[bool; 256]>>,
}

impl Keep {
    pub fn new(id: String, left: &str, right: &str) -> std::result::Result<Keep, regex::Error> {
        Ok(Keep {
            id,
            left: Regex::new(left)?,
            right: Regex::new(right)?,
            left_last: edge_bytes(left, ExtractKind::Suffix),
            right_first: edge_bytes(right, ExtractKind::Prefix),
        })
    }

    /// Does the pattern claim the space between `left` and `right`? The edge bytes rule
    /// most spaces out without running a regex.
    pub fn keeps(&self, left: &str, right: &str) -> bool {
        self.may_keep(left.as_bytes().last().copied(), right.as_bytes().first().copied())
            && self.left.is_match(left)
            && self.right.is_match(right)
    }

    /// Can the pattern claim a space whose left side ends on the byte `left_last` and
    /// whose right side starts on `right_first` (`None`: that side is empty)?
    pub fn may_keep(&self, left_last: Option<u8>, right_first: Option<u8>) -> bool {
        let can = |table: &Option<Box<[bool; 256]>>, b: Option<u8>| match (table, b) {
            (None, _) => true,
            (Some(t), Some(b)) => t[usize::from(b)],
            (Some(_), None) => false,
        };
        can(&self.left_last, left_last) && can(&self.right_first, right_first)
    }
}

/// The bytes every match of `pattern` can start with (`Prefix`) or end with (`Suffix`),
/// when the pattern is anchored on that side, so that one byte of the text's edge
/// rules a match out; `None` when the pattern's literals there are not known. A match
/// is never empty then: every literal has a byte.
fn edge_bytes(pattern: &str, kind: ExtractKind) -> Option<Box<[bool; 256]>> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let prefix = matches!(kind, ExtractKind::Prefix);
    let anchored = if prefix {
        hir.properties().look_set_prefix().contains(Look::Start)
    } else {
        hir.properties().look_set_suffix().contains(Look::End)
    };
    if !anchored {
        return None;
    }
    // Classes as large as the Unicode digits still give literals; only their edge
    // bytes are kept.
    let seq = Extractor::new().kind(kind).limit_class(1000).limit_total(1000).extract(&hir);
    let lits = seq.literals()?;
    if lits.is_empty() {
        return None;
    }
    let mut table = Box::new([false; 256]);
    for l in lits {
        let edge = if prefix { l.as_bytes().first() } else { l.as_bytes().last() };
        table[usize::from(*edge?)] = true;
    }
    Some(table)
}

/// What a variant character may become.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Variant {
    /// Exactly one simplified form: a safe edit.
    One(char),
    /// Several simplified forms, none of them the character itself: a review edit to the first.
    Several(char),
}

/// The variant table, looked up once per character of every page: a dense byte per
/// character of the common ideograph blocks says what it is, a map holds the targets.
#[derive(Debug, Clone, Default)]
pub struct VariantTable {
    dense: Vec<u8>,
    sparse_kind: HashMap<char, u8>,
    /// One bit per block of 256 code points: whether `sparse_kind` holds any of it.
    /// Full-width punctuation and hangul are past the dense range and in no entry: this
    /// answers them without hashing.
    sparse_blocks: Vec<u64>,
    targets: HashMap<char, Variant>,
    /// The kind of every character of the basic plane by code point, built once the
    /// table is complete: a page's three-byte characters are looked up from their bytes
    /// without decoding. See [`VariantTable::bmp_kinds`].
    bmp: Option<Box<[u8; 0x10000]>>,
}

const NONE: u8 = 0;
const SIMPLIFIED: u8 = 1;
const VARIANT: u8 = 2;
/// In [`VariantTable::bmp_kinds`]: a character only simplified text uses.
pub const BMP_SIMPLIFIED: u8 = SIMPLIFIED;
/// In [`VariantTable::bmp_kinds`]: a traditional or variant form.
pub const BMP_VARIANT: u8 = VARIANT;
/// In [`VariantTable::bmp_kinds`]: a compatibility ideograph, which stands for its
/// unified character; the caller looks it up as its rules say.
pub const BMP_COMPAT: u8 = 3;

/// What the variant table says of one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariantKind {
    None,
    /// Only simplified text uses it.
    Simplified,
    /// A traditional or variant form.
    Variant,
}
const DENSE_FROM: u32 = 0x3400;
const DENSE_TO: u32 = 0xA000;

impl VariantTable {
    #[inline]
    pub fn kind(&self, c: char) -> VariantKind {
        match self.kind_byte(c) {
            SIMPLIFIED => VariantKind::Simplified,
            VARIANT => VariantKind::Variant,
            _ => VariantKind::None,
        }
    }

    #[inline]
    fn kind_byte(&self, c: char) -> u8 {
        let u = c as u32;
        if (DENSE_FROM..DENSE_TO).contains(&u) {
            self.dense.get((u - DENSE_FROM) as usize).copied().unwrap_or(NONE)
        } else if u < DENSE_FROM {
            NONE
        } else {
            let block = (u >> 8) as usize;
            if self.sparse_blocks.get(block / 64).is_none_or(|w| (w >> (block % 64)) & 1 == 0) {
                return NONE;
            }
            self.sparse_kind.get(&c).copied().unwrap_or(NONE)
        }
    }

    fn set(&mut self, c: char, kind: u8) {
        let u = c as u32;
        if (DENSE_FROM..DENSE_TO).contains(&u) {
            if self.dense.is_empty() {
                self.dense = vec![NONE; (DENSE_TO - DENSE_FROM) as usize];
            }
            self.dense[(u - DENSE_FROM) as usize] = kind;
        } else {
            let block = (u >> 8) as usize;
            if self.sparse_blocks.is_empty() {
                self.sparse_blocks = vec![0; (char::MAX as usize >> 8) / 64 + 1];
            }
            self.sparse_blocks[block / 64] |= 1 << (block % 64);
            self.sparse_kind.insert(c, kind);
        }
    }

    /// The kinds of the basic plane, indexed by code point: 0 none, 1 simplified only,
    /// 2 a variant form, [`BMP_COMPAT`] a compatibility ideograph (U+F900–U+FAFF).
    pub fn bmp_kinds(&self) -> &[u8; 0x10000] {
        static EMPTY: [u8; 0x10000] = [NONE; 0x10000];
        self.bmp.as_deref().unwrap_or(&EMPTY)
    }

    /// Build [`VariantTable::bmp_kinds`] once every entry is in.
    fn seal(&mut self) {
        let mut bmp = Box::new([NONE; 0x10000]);
        for (u, k) in bmp.iter_mut().enumerate() {
            *k = match char::from_u32(u as u32) {
                Some(c) if crate::text::script::is_compat_ideograph(c) => BMP_COMPAT,
                Some(c) => self.kind_byte(c),
                None => NONE,
            };
        }
        self.bmp = Some(bmp);
    }

    /// What a traditional or variant form becomes, if `c` is one.
    #[inline]
    pub fn get(&self, c: char) -> Option<Variant> {
        if self.kind_byte(c) == VARIANT {
            self.targets.get(&c).copied()
        } else {
            None
        }
    }

    #[inline]
    pub fn is_variant(&self, c: char) -> bool {
        self.kind_byte(c) == VARIANT
    }

    /// Is `c` a character that only simplified text uses?
    #[inline]
    pub fn is_simplified_only(&self, c: char) -> bool {
        self.kind_byte(c) == SIMPLIFIED
    }
}

/// Every rule, merged and compiled: built once, shared by all pages.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub docs: Vec<RuleDoc>,
    pub half_width: Vec<(char, char)>,
    pub compat_ideographs: bool,
    pub marks: HashMap<char, String>,
    pub sequences: Vec<(String, String)>,
    pub cjk_latin: CjkLatin,
    pub heading_max_chars: usize,
    pub keep: Vec<Keep>,
    pub keep_docs: Vec<KeepPattern>,
    pub traditional_ratio: f64,
    /// The variant table and the simplified-only characters, for look-up per character.
    pub variants: VariantTable,
}

impl RuleSet {
    /// The rules shipped in `rules/`.
    pub fn builtin() -> Result<RuleSet> {
        Self::load(&[])
    }

    /// The shipped rules extended by the user's files, in order.
    pub fn load(extra: &[&Path]) -> Result<RuleSet> {
        let mut b = Builder::default();
        for (name, text) in BUILTIN_FILES {
            b.add_toml(Path::new(name), text)?;
        }
        b.add_variants_tsv(Path::new(BUILTIN_VARIANTS.0), BUILTIN_VARIANTS.1)?;
        for path in extra {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(*path, e))?;
            if path.extension().is_some_and(|e| e == "tsv") {
                b.add_variants_tsv(path, &text)?;
            } else {
                b.add_toml(path, &text)?;
            }
        }
        b.finish()
    }
}

#[derive(Default)]
struct Builder {
    docs: Vec<RuleDoc>,
    half_width: Vec<(char, char)>,
    compat_ideographs: Option<bool>,
    marks: HashMap<char, String>,
    sequences: Vec<(String, String)>,
    cjk_latin: Option<CjkLatin>,
    heading_max_chars: Option<usize>,
    keep: Vec<Keep>,
    keep_docs: Vec<KeepPattern>,
    traditional_ratio: Option<f64>,
    variants: HashMap<char, Variant>,
    targets: std::collections::HashSet<char>,
}

fn rules_err(path: &Path, why: impl Into<String>) -> Error {
    Error::Rules { path: path.to_path_buf(), why: why.into() }
}

fn single_char(path: &Path, s: &str) -> Result<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(rules_err(path, format!("`{s}` is not a single character"))),
    }
}

impl Builder {
    fn add_toml(&mut self, path: &Path, text: &str) -> Result<()> {
        let file: RuleFile = toml::from_str(text).map_err(|e| rules_err(path, e.to_string()))?;
        for d in file.rule {
            if d.applicability != "safe" && d.applicability != "review" {
                return Err(rules_err(path, format!("rule {}: applicability must be safe or review", d.id)));
            }
            self.docs.retain(|o| o.id != d.id);
            self.docs.push(d);
        }
        if let Some(w) = file.width {
            for item in w.half_width.unwrap_or_default() {
                let chars: Vec<char> = item.chars().collect();
                let (lo, hi) = match chars.as_slice() {
                    [c] => (*c, *c),
                    [a, '-', b] => (*a, *b),
                    _ => return Err(rules_err(path, format!("half_width: `{item}` is not a character or a range"))),
                };
                if !('\u{FF01}'..='\u{FF5E}').contains(&lo) || !('\u{FF01}'..='\u{FF5E}').contains(&hi) || lo > hi {
                    return Err(rules_err(path, format!("half_width: `{item}` is outside the full-width ASCII forms")));
                }
                self.half_width.push((lo, hi));
            }
            if w.compat_ideographs.is_some() {
                self.compat_ideographs = w.compat_ideographs;
            }
        }
        if let Some(p) = file.punct {
            for (k, v) in p.marks.unwrap_or_default() {
                let c = single_char(path, &k)?;
                if !c.is_ascii_punctuation() {
                    return Err(rules_err(path, format!("punct.marks: `{k}` is not ASCII punctuation")));
                }
                self.marks.insert(c, v);
            }
            for (k, v) in p.sequences.unwrap_or_default() {
                if k.len() < 2 || !k.bytes().all(|b| b.is_ascii_punctuation()) {
                    return Err(rules_err(path, format!("punct.sequences: `{k}` is not a run of ASCII punctuation")));
                }
                self.sequences.retain(|(o, _)| *o != k);
                self.sequences.push((k, v));
            }
        }
        if let Some(s) = file.space {
            if let Some(v) = s.cjk_latin {
                self.cjk_latin = Some(match v.as_str() {
                    "remove" => CjkLatin::Remove,
                    "keep" => CjkLatin::Keep,
                    "add" => CjkLatin::Add,
                    _ => return Err(rules_err(path, format!("space.cjk_latin: `{v}` is not remove, keep or add"))),
                });
            }
            if s.heading_max_chars.is_some() {
                self.heading_max_chars = s.heading_max_chars;
            }
            for k in s.keep {
                let keep = Keep::new(k.id.clone(), &k.left, &k.right)
                    .map_err(|e| rules_err(path, format!("space.keep {}: {e}", k.id)))?;
                self.keep.retain(|o| o.id != k.id);
                self.keep_docs.retain(|o| o.id != k.id);
                self.keep.push(keep);
                self.keep_docs.push(k);
            }
        }
        if let Some(v) = file.variant {
            if let Some(r) = v.traditional_ratio {
                if !(0.0..=1.0).contains(&r) {
                    return Err(rules_err(path, "variant.traditional_ratio must lie in 0..=1"));
                }
                self.traditional_ratio = Some(r);
            }
        }
        Ok(())
    }

    fn add_variants_tsv(&mut self, path: &Path, text: &str) -> Result<()> {
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (from, to) = line
                .split_once('\t')
                .ok_or_else(|| rules_err(path, format!("line {}: expected `char<TAB>targets`", n + 1)))?;
            let from = single_char(path, from)?;
            let targets: Vec<char> =
                to.split(' ').filter(|t| !t.is_empty()).map(|t| single_char(path, t)).collect::<Result<_>>()?;
            let Some(&first) = targets.first() else {
                return Err(rules_err(path, format!("line {}: no target", n + 1)));
            };
            self.targets.extend(targets.iter().copied().filter(|&t| t != from));
            if targets.contains(&from) {
                // The character is itself a correct simplified form in some words
                // (乾隆, 覆盖): never touch it.
                self.variants.remove(&from);
                continue;
            }
            let v = if targets.len() == 1 { Variant::One(first) } else { Variant::Several(first) };
            self.variants.insert(from, v);
        }
        Ok(())
    }

    fn finish(mut self) -> Result<RuleSet> {
        // The table chains (薴 → 苧 → 苎): follow each target to its end, so one edit
        // gives the simplified form and a second run finds nothing more to change.
        let keys: Vec<char> = self.variants.keys().copied().collect();
        for k in keys {
            let mut v = self.variants[&k];
            for _ in 0..4 {
                let t = match v {
                    Variant::One(t) | Variant::Several(t) => t,
                };
                match self.variants.get(&t) {
                    Some(&next) if t != k => {
                        v = match (v, next) {
                            (Variant::One(_), Variant::One(u)) => Variant::One(u),
                            (_, Variant::One(u) | Variant::Several(u)) => Variant::Several(u),
                        }
                    }
                    _ => break,
                }
            }
            self.variants.insert(k, v);
        }
        let mut table = VariantTable::default();
        for &t in &self.targets {
            if !self.variants.contains_key(&t) {
                table.set(t, SIMPLIFIED);
            }
        }
        for &c in self.variants.keys() {
            table.set(c, VARIANT);
        }
        table.targets = self.variants;
        table.seal();
        Ok(RuleSet {
            docs: self.docs,
            half_width: self.half_width,
            compat_ideographs: self.compat_ideographs.unwrap_or(true),
            marks: self.marks,
            sequences: {
                let mut s = self.sequences;
                // Longest first, so `......` wins over `...`.
                s.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
                s
            },
            cjk_latin: self.cjk_latin.unwrap_or(CjkLatin::Remove),
            heading_max_chars: self.heading_max_chars.unwrap_or(32),
            keep: self.keep,
            keep_docs: self.keep_docs,
            traditional_ratio: self.traditional_ratio.unwrap_or(0.5),
            variants: table,
        })
    }
}

#[cfg(test)]
mod keep_literal_tests {
    use super::*;

    /// An anchored side knows the bytes at its edge; a side not anchored knows none.
    #[test]
    fn anchored_sides_know_their_edge_bytes() {
        let k = Keep::new("t".into(), "(?:记者|作者[:：]?)$", r"^\d{1,2}[:：]").unwrap();
        let last = k.left_last.as_ref().unwrap();
        for w in ["记者", "作者", "作者:", "作者："] {
            assert!(last[usize::from(*w.as_bytes().last().unwrap())], "{w}");
        }
        assert!(!last[usize::from(*"讯".as_bytes().last().unwrap())]);
        let first = k.right_first.as_ref().unwrap();
        assert!(first[usize::from(b'1')] && first[usize::from("１".as_bytes()[0])]);
        assert!(!first[usize::from("记".as_bytes()[0])]);
        assert!(k.keeps("本报记者", "12:30"));
        assert!(!k.keeps("本报记者", "彭禹乔"));
        assert!(!k.keeps("本报讯", "12:30"));
        let free = Keep::new("t".into(), "记者", "^a|b").unwrap();
        assert!(free.left_last.is_none() && free.right_first.is_none());
        let han = Keep::new("t".into(), r"\p{Han}{2}$", "^x?").unwrap();
        assert!(han.left_last.is_none() && han.right_first.is_none());
    }
}
