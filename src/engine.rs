//! The engine: the compiled rules, and a page's clean from its text to its edits. It
//! runs the structure stage, then the character passes on the lines the structure
//! joined, and merges their edits; which edits are accepted is the filter's to say.

use crate::edit::{self, Edit, EditFilter};
use crate::error::Result;
use crate::ingest::Source;
use crate::rules::{RuleSet, StructureRules};
use crate::{passes, structure, text};
use std::sync::Arc;

/// Every rule id a stage can emit; `rules/*.toml` documents each one (a test checks).
pub const RULE_IDS: &[&str] = &[
    passes::variant::VARIANT,
    passes::punct::DASH,
    passes::punct::ELLIPSIS,
    passes::punct::MISREAD,
    passes::punct::QUOTE,
    passes::punct::QUOTE_DIRECTION,
    passes::punct::SEQUENCE,
    passes::punct::WIDTH,
    passes::space::CJK,
    passes::space::CJK_LATIN,
    passes::space::EDGE,
    passes::space::PUNCT,
    passes::space::WRAP,
    passes::width::ASCII,
    passes::width::COMPAT,
    passes::width::VERTICAL,
    structure::ARTICLE,
    structure::PAGE_BREAK,
    structure::PARAGRAPH,
    structure::WRAP,
    structure::FOLIO,
    structure::JUMP,
    structure::RUNNING_HEAD,
];

/// A page after cleaning: every proposed edit, which of them the filter accepted, the
/// page's structure and the output (the input with the accepted edits applied).
#[derive(Debug, Clone)]
pub struct Cleaned {
    pub edits: Vec<Edit>,
    pub accepted: Vec<bool>,
    pub structure: structure::Structure,
    pub output: String,
    /// The word lists the page was read by: the renderers read its bylines and
    /// datelines with them.
    pub structure_rules: Arc<StructureRules>,
}

impl Cleaned {
    pub fn accepted_edits(&self) -> impl Iterator<Item = &Edit> {
        self.edits.iter().zip(&self.accepted).filter(|(_, a)| **a).map(|(e, _)| e)
    }

    /// The cleaned text of `span` of the input: the accepted edits inside it applied.
    pub(crate) fn span_text(&self, text: &str, span: std::ops::Range<usize>) -> String {
        // Edits are sorted: the span's are found by a binary search, not a walk over the
        // page's (a long page has as many units as edits).
        let from = self.edits.partition_point(|e| e.start() < span.start);
        let inside = self.edits[from..]
            .iter()
            .zip(&self.accepted[from..])
            .take_while(|(e, _)| e.start() <= span.end)
            .filter(|(_, a)| **a)
            .map(|(e, _)| e)
            .filter(|e| {
                e.end() <= span.end && !(e.start() == e.end() && (e.start() == span.start || e.end() == span.end))
            });
        edit::apply_in(text, span.clone(), inside)
    }
}

/// What a positioned page's geometry tells the engine: its headings and text lines
/// (see [`crate::geometry::Layout::told`]), whether its spaces are printed
/// ([`crate::geometry::Layout::printed_spaces`]: a PDF's), and whether an OCR engine
/// read it (its marks are the engine's guesses).
#[derive(Clone, Copy)]
pub(crate) struct Told<'a> {
    told: &'a [(usize, bool)],
    /// The spans read from vertical columns (see [`crate::geometry::Layout::upright`]).
    upright: &'a [std::ops::Range<usize>],
    printed: bool,
    ocr: bool,
}

impl Told<'_> {
    /// Text: nothing told.
    const TEXT: Told<'static> = Told { told: &[], upright: &[], printed: false, ocr: false };
}

/// The compiled rules, built once and used for any number of pages.
#[derive(Debug, Clone)]
pub struct Engine {
    pub rules: RuleSet,
}

impl Engine {
    pub fn new(rules: RuleSet) -> Self {
        Engine { rules }
    }

    /// An engine with the rules shipped in `rules/`.
    pub fn builtin() -> Result<Self> {
        Ok(Engine::new(RuleSet::builtin()?))
    }

    /// The gaps between printed lines of `text` that the join model decides, with their
    /// signals: what `rules/fit/joins.py` fits the model on. The script is the whole
    /// page's (`propose` reads it again without the furniture, which seldom differs).
    pub fn gap_signals(&self, text: &str) -> Vec<structure::GapSignals> {
        let traditional = passes::variant::script_verdict(text, &self.rules).traditional;
        structure::gap_signals(text, traditional)
    }

    /// Every edit proposed for `text`, sorted and non-overlapping, and its structure,
    /// knowing the running heads the other pages of the issue show. Structure edits win
    /// over character edits inside the same span: a running head removed whole is not
    /// also respaced.
    ///
    /// Edits hold 32-bit offsets: text longer than 4 GiB (far beyond
    /// `ingest::MAX_BYTES`) gets no edits and is passed through unchanged.
    ///
    /// `told`: what the geometry tells of the page (see [`Told`]).
    pub(crate) fn propose(
        &self,
        text: &str,
        known: &structure::KnownFurniture,
        Told { told, upright, printed, ocr }: Told,
    ) -> (Vec<Edit>, structure::Structure) {
        if u32::try_from(text.len()).is_err() {
            return (Vec::new(), structure::Structure::default());
        }
        // The script is the script of the text the output keeps: furniture and jump notes
        // left out. Those do not depend on the script, so a first reading finds them.
        let whole = passes::variant::script_verdict(text, &self.rules);
        let mut traditional = whole.traditional;
        // The physical lines, read once for the structure stage and the passes.
        let lines = text::physical_lines(text);
        let mut structure = structure::analyse_lines(text, &lines, traditional, known, told, &self.rules.structure);
        let mut removed: Vec<std::ops::Range<usize>> =
            structure.edits.iter().filter(|e| e.rule().starts_with("page.")).map(|e| e.start()..e.end()).collect();
        removed.sort_unstable_by_key(|r| r.start);
        let kept = passes::variant::is_traditional_without(text, &removed, &self.rules, &whole);
        if kept != traditional {
            traditional = kept;
            structure = structure::analyse_lines(text, &lines, traditional, known, told, &self.rules.structure);
        }
        // The joins are the passes' to read; like the layout edits, they are not kept.
        let mut joins = std::mem::take(&mut structure.joins);
        passes::order_joins(&mut joins);
        // The variant pass reads again only what the script count found worth it.
        let script = passes::variant::Script::counted(traditional, whole, text.len());
        let mut edits = passes::character_edits_unsorted(text, lines, &self.rules, &script, &joins, &structure.cuts);
        drop(joins);
        let heads = structure.articles.iter().flat_map(|a| a.units.iter()).filter(|u| u.heading);
        passes::punct::subtitle_dashes(text, heads.map(|u| u.span.clone()), &mut edits);
        if ocr {
            passes::punct::ocr_percents(text, &mut edits);
            passes::punct::cell_misreads(text, upright, &self.rules, &mut edits);
        }
        if printed {
            edits.retain(|e| !passes::space::closes_gap(e));
        }
        // Each side sorted alone (a few sorted runs each), then merged once.
        let mut layout = std::mem::take(&mut structure.edits);
        edit::sort(&mut layout);
        edit::sort(&mut edits);
        // Structure edits win over character edits inside the same span.
        let overlaps = |e: &Edit| {
            // Structure spans never overlap each other: only the few starting just
            // before this edit's end can touch it.
            let i = layout.partition_point(|s| s.start() < e.end().max(e.start() + 1));
            layout[..i].iter().rev().take(4).any(|s| {
                if e.start() == e.end() {
                    s.start() < e.start() && e.start() < s.end()
                } else {
                    s.start() < e.end() && e.start() < s.end()
                }
            })
        };
        edits.retain(|e| !overlaps(e));
        edit::merge_normalize(&mut edits, layout);
        (edits, structure)
    }

    /// Propose, filter and apply.
    pub fn clean(&self, text: &str, filter: &EditFilter) -> Cleaned {
        self.clean_with(text, filter, &structure::KnownFurniture::new())
    }

    /// [`Engine::clean`], knowing the running heads the other pages of the issue show.
    pub(crate) fn clean_with(&self, text: &str, filter: &EditFilter, known: &structure::KnownFurniture) -> Cleaned {
        self.decide(text, filter, known, Told::TEXT, true)
    }

    /// [`Engine::clean`] with the output left empty, for a caller that writes it as it
    /// goes ([`edit::write_applied`]) rather than hold a second copy of a long page.
    pub fn clean_unapplied(&self, text: &str, filter: &EditFilter) -> Cleaned {
        self.decide(text, filter, &structure::KnownFurniture::new(), Told::TEXT, false)
    }

    /// Clean a page as read: for a positioned page, the headings its geometry laid out
    /// stay headings and its text lines text, whatever their words look like (an
    /// intertitle set in the body's size is text; a headline with a comma a heading).
    /// `applied`: the output made too, or left empty as [`Engine::clean_unapplied`] does.
    pub fn clean_source(&self, source: &Source, filter: &EditFilter, applied: bool) -> Cleaned {
        self.clean_source_with(source, filter, &structure::KnownFurniture::new(), applied)
    }

    /// [`Engine::clean_source`], knowing the running heads the other pages of the issue show.
    pub(crate) fn clean_source_with(
        &self,
        source: &Source,
        filter: &EditFilter,
        known: &structure::KnownFurniture,
        applied: bool,
    ) -> Cleaned {
        let told = source.layout.as_ref().map(|l| l.told()).unwrap_or_default();
        let printed = source.layout.as_ref().is_some_and(|l| l.printed_spaces());
        let ocr = source.layout.is_some() && !printed;
        let upright = source.layout.as_ref().map(|l| l.upright()).unwrap_or_default();
        self.decide(&source.text, filter, known, Told { told: &told, upright: &upright, printed, ocr }, applied)
    }

    /// Propose and filter; `applied`: apply the accepted edits too.
    fn decide(
        &self,
        text: &str,
        filter: &EditFilter,
        known: &structure::KnownFurniture,
        told: Told,
        applied: bool,
    ) -> Cleaned {
        let (edits, structure) = self.propose(text, known, told);
        let accepted: Vec<bool> = edits.iter().map(|e| filter.accepts(e)).collect();
        let structure_rules = Arc::clone(&self.rules.structure);
        let mut cleaned = Cleaned { edits, accepted, structure, output: String::new(), structure_rules };
        if applied {
            cleaned.output = edit::apply(text, cleaned.accepted_edits());
        }
        cleaned
    }
}
