//! newsmend's integration tests, in one binary (as ripgrep keeps them): the command line
//! as data (`cli`), each stage through the binary and the library, properties over
//! generated and devset pages, corpus-scale runs (shards, compressed JSON lines, the
//! README's recipes), hostile input, the report in a browser, and the shape of
//! the code itself (`architecture`).
//!
//! Tests that need `../shared/devset` beside the repository say so: without it they
//! print that they were skipped, and with `NEWSMEND_REQUIRE_DEVSET=1` (CI sets it) they
//! fail instead (see [`common::devset`]).

mod common;

mod architecture;
mod batch;
mod bounds;
mod cli;
mod corpus;
mod encodings;
mod eval_devset;
mod eval_rapidfuzz;
mod geometry;
mod hostile;
mod layout_text;
mod pdf;
mod properties;
mod report;
mod review;
mod rules;
mod scan;
mod structure;
mod web;
