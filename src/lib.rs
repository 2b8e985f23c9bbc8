//! newsmend turns the broken OCR text of scanned Chinese newspaper pages into clean
//! text, and records every change as a named, revertible [`Edit`].
//!
//! The stages, one module each: [`ingest`] decodes bytes into page text, [`passes`]
//! propose edits, [`output`] renders the result. [`Engine`] ties them together.

pub mod cli;
pub mod edit;
pub mod error;
pub mod ingest;
pub mod output;
pub mod passes;
pub mod rules;
pub mod script;

pub use edit::{Applicability, Edit, EditFilter};
pub use error::{Error, Result};
pub use rules::RuleSet;

/// A page after cleaning: every proposed edit, which of them the filter accepted, and
/// the output (the input with the accepted edits applied).
#[derive(Debug, Clone)]
pub struct Cleaned {
    pub edits: Vec<Edit>,
    pub accepted: Vec<bool>,
    pub output: String,
}

impl Cleaned {
    pub fn accepted_edits(&self) -> impl Iterator<Item = &Edit> {
        self.edits.iter().zip(&self.accepted).filter(|(_, a)| **a).map(|(e, _)| e)
    }
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

    /// Every edit the passes propose for `text`, sorted and non-overlapping.
    pub fn propose(&self, text: &str) -> Vec<Edit> {
        passes::propose(text, &self.rules)
    }

    /// Propose, filter and apply.
    pub fn clean(&self, text: &str, filter: &EditFilter) -> Cleaned {
        let edits = self.propose(text);
        let accepted: Vec<bool> = edits.iter().map(|e| filter.accepts(e)).collect();
        let output = edit::apply(text, edits.iter().zip(&accepted).filter(|(_, a)| **a).map(|(e, _)| e));
        Cleaned { edits, accepted, output }
    }
}
