//! Rules as data. The files in `rules/` are built into the binary and can be extended
//! with `--rules FILE` (TOML with the same sections, or a TSV of extra variants). This
//! module parses them and merges them into one [`RuleSet`]; each section's own module
//! compiles its part once: [`keep`] the spaces kept by pattern, [`variants`] the variant
//! table, [`structure`] the structure stage's word lists.

pub mod keep;
pub mod model;
pub mod structure;
pub mod variants;

pub use keep::{Keep, KeepPattern};
pub use structure::StructureRules;
pub use variants::{Variant, VariantKind, VariantSection, VariantTable, BMP_COMPAT, BMP_SIMPLIFIED, BMP_VARIANT};

use crate::error::{Error, Result};
use crate::text::script::is_cjk_punct;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// The rule files shipped in `rules/`, by name.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("width.toml", include_str!("../../rules/width.toml")),
    ("punct.toml", include_str!("../../rules/punct.toml")),
    ("space.toml", include_str!("../../rules/space.toml")),
    ("variant.toml", include_str!("../../rules/variant.toml")),
    BUILTIN_STRUCTURE,
];

/// The structure stage's file, which [`StructureRules::builtin`] reads alone.
const BUILTIN_STRUCTURE: (&str, &str) = ("structure.toml", include_str!("../../rules/structure.toml"));

/// OpenCC's traditional→simplified character table (Apache-2.0), one `char<TAB>targets` a line.
pub const BUILTIN_VARIANTS: (&str, &str) = ("variants.tsv", include_str!("../../rules/variants.tsv"));

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
pub(crate) struct RuleFile {
    #[serde(default)]
    pub rule: Vec<RuleDoc>,
    pub width: Option<WidthSection>,
    pub punct: Option<PunctSection>,
    pub space: Option<SpaceSection>,
    pub variant: Option<VariantSection>,
    pub structure: Option<structure::StructureSection>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WidthSection {
    /// Full-width characters to turn half-width, as single characters or `Ａ-Ｚ` ranges.
    pub half_width: Option<Vec<String>>,
    /// Map CJK compatibility ideographs to their unified form.
    pub compat_ideographs: Option<bool>,
    /// Vertical presentation form → the form a line of text uses (`︒` → `。`).
    pub vertical: Option<HashMap<String, String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PunctSection {
    /// ASCII mark → full-width mark in Chinese context.
    pub marks: Option<HashMap<String, String>>,
    /// Runs of ASCII marks → their Chinese form in Chinese context (`...` → `……`).
    pub sequences: Option<HashMap<String, String>>,
    /// A character an OCR engine reads for a Chinese mark → the mark (`丶` → `、`).
    pub misread: Option<HashMap<String, String>>,
    /// Marks an OCR engine reads in a vertical column for the pause mark set in the
    /// upper right of its cell (`“` for `、`).
    pub cell_misread: Option<Vec<String>>,
    /// Marks it reads there for the full stop (`.` for `。`).
    pub cell_period: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SpaceSection {
    /// Spaces between Chinese and Latin letters or digits: `remove`, `keep` or `add`.
    pub cjk_latin: Option<String>,
    /// A line of at most this many characters, without sentence punctuation, is a
    /// heading-like line whose clause gaps are kept.
    pub heading_max_chars: Option<usize>,
    #[serde(default)]
    pub keep: Vec<KeepPattern>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CjkLatin {
    Remove,
    Keep,
    Add,
}

/// Every rule, merged and compiled: built once, shared by all pages.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub docs: Vec<RuleDoc>,
    pub half_width: Vec<(char, char)>,
    pub compat_ideographs: bool,
    /// Vertical presentation forms and what they become, sorted by the first.
    pub vertical_forms: Vec<(char, char)>,
    pub marks: HashMap<char, String>,
    pub sequences: Vec<(String, String)>,
    /// Characters an OCR engine reads for a Chinese mark, and the mark, sorted by the first.
    pub misread: Vec<(char, char)>,
    /// Marks an OCR engine reads in a vertical column for its cell's pause mark, and for
    /// its full stop, each sorted.
    pub cell_misread: Vec<char>,
    pub cell_period: Vec<char>,
    pub cjk_latin: CjkLatin,
    pub heading_max_chars: usize,
    pub keep: Vec<Keep>,
    pub keep_docs: Vec<KeepPattern>,
    pub traditional_ratio: f64,
    /// The variant table and the simplified-only characters, for look-up per character.
    pub variants: VariantTable,
    /// The structure stage's word lists; shared, so that a cleaned page can carry them
    /// to the renderers that read its bylines.
    pub structure: Arc<StructureRules>,
}

impl RuleSet {
    /// Whether `prefix` names one of these rules or a family of them (`space`,
    /// `punct.quote`): what a filter's `disabled` may hold.
    pub fn knows(&self, prefix: &str) -> bool {
        self.docs.iter().any(|d| crate::edit::EditFilter::rule_matches(&d.id, prefix))
    }

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
        b.variants.add_tsv(Path::new(BUILTIN_VARIANTS.0), BUILTIN_VARIANTS.1)?;
        b.user = true;
        for path in extra {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(*path, e))?;
            if path.extension().is_some_and(|e| e == "tsv") {
                b.variants.add_tsv(path, &text)?;
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
    vertical_forms: HashMap<char, char>,
    marks: HashMap<char, String>,
    sequences: Vec<(String, String)>,
    misread: HashMap<char, char>,
    cell_misread: Vec<char>,
    cell_period: Vec<char>,
    cjk_latin: Option<CjkLatin>,
    heading_max_chars: Option<usize>,
    keep: Vec<Keep>,
    keep_docs: Vec<KeepPattern>,
    traditional_ratio: Option<f64>,
    variants: variants::Variants,
    structure: structure::Lists,
    /// The built-in files are read: what follows is the user's.
    user: bool,
}

fn rules_err(path: &Path, why: impl Into<String>) -> Error {
    Error::Rules { path: path.to_path_buf(), why: why.into() }
}

/// The marks sorted, each once.
fn sorted(mut marks: Vec<char>) -> Vec<char> {
    marks.sort_unstable();
    marks.dedup();
    marks
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
            self.add_width(path, w)?;
        }
        if let Some(p) = file.punct {
            self.add_punct(path, p)?;
        }
        if let Some(s) = file.space {
            self.add_space(path, s)?;
        }
        if let Some(s) = file.structure {
            self.structure.add(path, s, !self.user)?;
        }
        if let Some(r) = file.variant.and_then(|v| v.traditional_ratio) {
            if !(0.0..=1.0).contains(&r) {
                return Err(rules_err(path, "variant.traditional_ratio must lie in 0..=1"));
            }
            self.traditional_ratio = Some(r);
        }
        Ok(())
    }

    fn add_width(&mut self, path: &Path, w: WidthSection) -> Result<()> {
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
        for (k, v) in w.vertical.unwrap_or_default() {
            let (c, to) = (single_char(path, &k)?, single_char(path, &v)?);
            if !(('\u{FE10}'..='\u{FE19}').contains(&c) || ('\u{FE30}'..='\u{FE4F}').contains(&c)) {
                return Err(rules_err(path, format!("width.vertical: `{k}` is not a vertical presentation form")));
            }
            self.vertical_forms.insert(c, to);
        }
        Ok(())
    }

    fn add_punct(&mut self, path: &Path, p: PunctSection) -> Result<()> {
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
        for (k, v) in p.misread.unwrap_or_default() {
            let (c, to) = (single_char(path, &k)?, single_char(path, &v)?);
            if c.is_ascii() || !is_cjk_punct(to) {
                return Err(rules_err(
                    path,
                    format!("punct.misread: `{k}` → `{v}` is not a character read for a Chinese mark"),
                ));
            }
            self.misread.insert(c, to);
        }
        for (list, marks, name) in [
            (&mut self.cell_misread, p.cell_misread, "cell_misread"),
            (&mut self.cell_period, p.cell_period, "cell_period"),
        ] {
            for k in marks.unwrap_or_default() {
                let c = single_char(path, &k)?;
                if c.is_alphanumeric() || c.is_whitespace() {
                    return Err(rules_err(path, format!("punct.{name}: `{k}` is not a mark")));
                }
                list.push(c);
            }
        }
        Ok(())
    }

    fn add_space(&mut self, path: &Path, s: SpaceSection) -> Result<()> {
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
        Ok(())
    }

    fn finish(self) -> Result<RuleSet> {
        Ok(RuleSet {
            docs: self.docs,
            half_width: self.half_width,
            compat_ideographs: self.compat_ideographs.unwrap_or(true),
            vertical_forms: {
                let mut v: Vec<(char, char)> = self.vertical_forms.into_iter().collect();
                v.sort_unstable();
                v
            },
            marks: self.marks,
            misread: {
                let mut m: Vec<(char, char)> = self.misread.into_iter().collect();
                m.sort_unstable();
                m
            },
            cell_misread: sorted(self.cell_misread),
            cell_period: sorted(self.cell_period),
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
            variants: self.variants.finish(),
            structure: Arc::new(self.structure.finish()?),
        })
    }
}
