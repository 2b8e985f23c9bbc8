//! newsmend turns the broken OCR text of scanned Chinese newspaper pages into clean
//! text, and records every change as a named, revertible [`Edit`].
//!
//! The stages, one module each: [`ingest`] decodes bytes into page text, [`passes`]
//! propose edits, [`output`] renders the result. [`Engine`] ties them together.

pub mod batch;
pub mod edit;
pub mod engine;
pub mod error;
pub mod eval;
pub mod fsio;
pub mod geometry;
pub mod hash;
pub mod ingest;
pub mod passes;
pub mod render;
pub mod review;
pub mod rules;
pub mod scan;
pub mod structure;
pub mod text;

pub use edit::{Applicability, Edit, EditFilter};
pub use engine::{Cleaned, Engine};
pub use error::{Error, Result};
pub use rules::RuleSet;
