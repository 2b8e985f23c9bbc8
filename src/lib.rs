//! newsmend turns the broken OCR and PDF-extraction text of Chinese newspaper pages into
//! clean articles, and records every change as a named, revertible [`Edit`].
//!
//! The stages, in the order a page goes through them; data flows down, and no module
//! reaches back up to one above it (a test keeps the import graph free of circles):
//!
//! - [`ingest`]: bytes in (a file, stdin, a scan read by tesseract), the encoding and the
//!   input format told from the content, page text out;
//! - [`geometry`]: hOCR, ALTO and PaddleOCR boxes into page text in reading order;
//! - [`structure`]: furniture out, whole paragraphs, the page as articles;
//! - [`passes`]: the character passes (width, punctuation, spacing, variants);
//! - [`engine`]: the two above run on one page, their edits merged and filtered;
//! - [`render`]: one renderer per output format (text, Markdown, JSON, diff, report);
//! - [`review`]: review files, decisions by edit id, commits;
//! - [`batch`]: a scan folder, issue by issue, and `clean --jsonl`;
//! - [`web`]: the browser review of a page or a batch folder (`review --web`), a local
//!   server whose decisions go through [`review`].
//!
//! Beside them: [`edit`] (the edit model, its filter, ids and the one apply), [`text`]
//! (character classes, physical lines), [`rules`] (the rule files), [`scan`] (the page
//! image), [`fsio`] (atomic, durable writes and the writers' lock), [`compress`] (the
//! gzip and bzip2 streams of `clean --jsonl`), [`shard`] (which part of a folder
//! `batch --shard` takes), [`eval`] (scores against a gold page), [`hash`] and [`error`].

pub mod batch;
pub mod compress;
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
pub mod shard;
pub mod structure;
pub mod text;
pub mod web;

pub use edit::{Applicability, Edit, EditFilter};
pub use engine::{Cleaned, Engine};
pub use error::{Error, Result};
pub use rules::RuleSet;

/// The crate's version, as `newsmend --version` prints it (the Python package's too).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
