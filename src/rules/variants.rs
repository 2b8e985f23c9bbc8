//! The variant table: OpenCC's traditional→simplified characters, read from TSV, its
//! chains followed to their end, and packed for a look-up per character of every page.

use super::{rules_err, single_char};
use crate::error::Result;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantSection {
    /// A page is traditional-script, and left alone, when traditional-only characters are
    /// more than this share of traditional-only plus simplified-only characters.
    pub traditional_ratio: Option<f64>,
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
/// In `VariantTable::bmp_kinds`: a character only simplified text uses.
pub const BMP_SIMPLIFIED: u8 = SIMPLIFIED;
/// In `VariantTable::bmp_kinds`: a traditional or variant form.
pub const BMP_VARIANT: u8 = VARIANT;
/// In `VariantTable::bmp_kinds`: a compatibility ideograph, which stands for its
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
    pub(crate) fn bmp_kinds(&self) -> &[u8; 0x10000] {
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
    pub(crate) fn is_variant(&self, c: char) -> bool {
        self.kind_byte(c) == VARIANT
    }
}

/// The variant files read so far: each character's simplified forms, and every form
/// named as a target (the simplified-only characters, once the variants are out).
#[derive(Default)]
pub(super) struct Variants {
    variants: HashMap<char, Variant>,
    targets: HashSet<char>,
}

impl Variants {
    pub(super) fn add_tsv(&mut self, path: &Path, text: &str) -> Result<()> {
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

    pub(super) fn finish(mut self) -> VariantTable {
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
        table
    }
}
