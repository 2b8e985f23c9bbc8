//! The join model: for text of printed lines, whether a line goes on into the next is
//! weighed from several signals at once (how far each line falls short of its column,
//! how the first ends and the second opens, a blank line between, which look like
//! headings). The weights are fitted on the devset's generated groups by
//! `rules/fit/joins.py` and kept as data in `rules/joins.toml`; this module computes the
//! signals and applies the weights, and the fit reads the same signals through
//! `newsmend gaps`, so what is fitted is what runs.

use crate::rules::model::Weighed;
use std::sync::LazyLock;

/// The fitted weights, built into the binary.
const BUILTIN: &str = include_str!("../../rules/joins.toml");

/// The signals of one gap, by name, in the order of their bits. Widths are in
/// half-em columns; a line's shortfall is its column's width less its own.
pub const SIGNALS: [&str; 35] = [
    "a_full",          // the first line fills its column (short by at most half an em)
    "a_near",          // short by half an em to an em and a half
    "a_indent",        // short by about two em: an indent's width
    "a_wide",          // wider than its column by more than an em
    "b_full",          // the same for the second line
    "b_near",          //
    "b_indent",        //
    "b_short",         // short by more than two and a half em
    "a_ends",          // the first line ends on a sentence end, closing quote or colon
    "a_clause",        // it ends on a comma, enumeration comma or semicolon: mid-sentence
    "b_continues",     // the second opens with a mark no paragraph starts with
    "blank",           // a blank line or more stand between them
    "a_head",          // the first looks like a heading: short, no sentence punctuation
    "b_head",          // the second does
    "b_item",          // the second opens with a news item's mark
    "a_full_ends",     // a full first line that ends its sentence
    "blank_ends",      // a blank line after a line that ends its sentence
    "a_ends_b_indent", // a sentence ends and the next line is indented
    "no_breaks_ends",  // no blank line on the page, and the first line ends its sentence
    "c_full",          // the line after the second fills its column
    "a_tiny",          // the first line holds at most six characters
    "b_tiny",          // the second does
    "both_head",       // both look like headings: two lines of a deck
    "trad_comma",      // a traditional page, and the first line ends on 、
    "head_after_full", // a full line, then a short one that looks like a heading
    "a_credit",        // the first line ends on a short note in brackets: `（威）`
    "head_indent",     // a line like a heading, then an indented one
    "both_single",     // one character each: a vertical headline read a line a character
    "a_narrow_run",    // the first line is short of its column but as wide as the three after it
    "a_short",         // the first line is short of its column by more than two and a half em
    "a_opens",         // the first line starts the page, follows a blank line or furniture, or a sentence's end
    "a_half",          // the first line fills at most half its column
    "mid_word",        // the break falls inside a word (`…做老` ⏎ `鼠仓`)
    "a_dateline",      // the first line opens on a dateline or a reporter's credit (`本报讯`, `记者 王五`)
    "b_dateline",      // the second does: what stands before it is a heading or the end of a text
];

/// The signal read from a dictionary, only where the decision turns on it.
pub const MID_WORD: usize = 32;

// A gap's signals are bits of one word.
const _: () = assert!(SIGNALS.len() <= 64);

/// The fitted join model of `rules/joins.toml` (checked by the tests).
pub fn builtin() -> &'static Weighed {
    static MODEL: LazyLock<Weighed> =
        LazyLock::new(|| Weighed::parse(BUILTIN, "join", &SIGNALS).unwrap_or_else(|e| panic!("rules/joins.toml: {e}")));
    &MODEL
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_model_weighs_every_signal() {
        let m = Weighed::parse(BUILTIN, "join", &SIGNALS).unwrap();
        assert!(m.fitted());
        assert_eq!(SIGNALS[MID_WORD], "mid_word");
    }
}
