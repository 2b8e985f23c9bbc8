//! The join model: for text of printed lines, whether a line goes on into the next is
//! weighed from several signals at once (how far each line falls short of its column,
//! how the first ends and the second opens, a blank line between, which look like
//! headings). The weights are fitted on the devset's generated groups by
//! `rules/fit/joins.py` and kept as data in `rules/joins.toml`; this module computes the
//! signals and applies the weights, and the fit reads the same signals through
//! `newsmend gaps`, so what is fitted is what runs.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The fitted weights, built into the binary.
const BUILTIN: &str = include_str!("../../rules/joins.toml");

/// The signals of one gap, by name, in the order of [`Signals`]. Widths are in
/// half-em columns; a line's shortfall is its column's width less its own.
pub const SIGNALS: [&str; 32] = [
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
];

// A gap's signals are bits of one word.
const _: () = assert!(SIGNALS.len() <= 64);

/// One gap's signals: bit `i` holds when signal `i` of [`SIGNALS`] does. A gap is
/// weighed once per printed line of every page: the sum runs over the bits set only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signals(u64);

impl Signals {
    /// The signals of these flags, in the order of [`SIGNALS`].
    pub fn of(flags: &[bool; SIGNALS.len()]) -> Signals {
        Signals(flags.iter().enumerate().fold(0, |m, (i, &f)| m | (u64::from(f) << i)))
    }

    fn holds(self, i: usize) -> bool {
        self.0 >> i & 1 == 1
    }

    /// Each signal as 0 or 1, in the order of [`SIGNALS`]: what the fit reads.
    pub fn to_vec(self) -> Vec<f32> {
        (0..SIGNALS.len()).map(|i| f32::from(u8::from(self.holds(i)))).collect()
    }
}

/// The fitted join model: a weight per signal, and per pair of signals the fit found
/// to weigh together otherwise than apart.
#[derive(Debug)]
pub struct JoinModel {
    bias: f32,
    weights: [f32; SIGNALS.len()],
    pairs: Vec<(usize, usize, f32)>,
}

/// `rules/joins.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    join: Section,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    bias: f32,
    weights: BTreeMap<String, f32>,
    /// `"a_full & b_head" = w`: the weight of both signals holding.
    #[serde(default)]
    pairs: BTreeMap<String, f32>,
    /// How the weights were fitted: cases, held-out accuracy. Read by people only.
    #[allow(dead_code)]
    fit: Option<toml::Table>,
}

impl JoinModel {
    /// The built-in model of `rules/joins.toml` (checked by the tests).
    pub fn builtin() -> &'static JoinModel {
        static MODEL: LazyLock<JoinModel> =
            LazyLock::new(|| JoinModel::parse(BUILTIN).unwrap_or_else(|e| panic!("rules/joins.toml: {e}")));
        &MODEL
    }

    /// Parse a model file: every signal weighed, no name unknown.
    fn parse(text: &str) -> Result<JoinModel, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let index =
            |name: &str| SIGNALS.iter().position(|s| *s == name).ok_or_else(|| format!("unknown signal {name:?}"));
        let mut weights = [0.0; SIGNALS.len()];
        for (name, w) in &file.join.weights {
            weights[index(name)?] = *w;
        }
        if let Some(missing) = SIGNALS.iter().find(|s| !file.join.weights.contains_key(**s)) {
            return Err(format!("no weight for {missing:?}"));
        }
        let mut pairs = Vec::new();
        for (names, w) in &file.join.pairs {
            let (a, b) = names.split_once(" & ").ok_or_else(|| format!("pair {names:?}: not `a & b`"))?;
            pairs.push((index(a)?, index(b)?, *w));
        }
        Ok(JoinModel { bias: file.join.bias, weights, pairs })
    }

    /// Does the gap join? The weighed sum of its signals is past zero (odds past even).
    pub fn joins(&self, x: Signals) -> bool {
        let mut sum = self.bias;
        let mut bits = x.0;
        while bits != 0 {
            sum += self.weights[bits.trailing_zeros() as usize];
            bits &= bits - 1;
        }
        for &(a, b, w) in &self.pairs {
            if x.holds(a) && x.holds(b) {
                sum += w;
            }
        }
        sum > 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_model_weighs_every_signal() {
        let m = JoinModel::parse(BUILTIN).unwrap();
        assert!(m.weights.iter().any(|w| *w != 0.0));
    }

    #[test]
    fn a_model_missing_a_signal_or_naming_an_unknown_one_is_refused() {
        let short = "[join]\nbias = 0.0\n[join.weights]\na_full = 1.0\n";
        assert!(JoinModel::parse(short).unwrap_err().contains("no weight for"));
        let mut all: String = SIGNALS.iter().map(|s| format!("{s} = 0.5\n")).collect();
        all.push_str("zzz = 1.0\n");
        let bad = format!("[join]\nbias = 0.0\n[join.weights]\n{all}");
        assert!(JoinModel::parse(&bad).unwrap_err().contains("unknown signal"));
        let all: String = SIGNALS.iter().map(|s| format!("{s} = 0.5\n")).collect();
        let pair = format!("[join]\nbias = 0.0\n[join.weights]\n{all}[join.pairs]\n\"a_full b_head\" = 1.0\n");
        assert!(JoinModel::parse(&pair).unwrap_err().contains("not `a & b`"));
    }

    #[test]
    fn a_pair_weighs_only_when_both_signals_hold() {
        let all: String = SIGNALS.iter().map(|s| format!("{s} = 0.0\n")).collect();
        let m = JoinModel::parse(&format!(
            "[join]\nbias = -1.0\n[join.weights]\n{all}[join.pairs]\n\"a_full & b_full\" = 2.0\n"
        ))
        .unwrap();
        let mut x = [false; SIGNALS.len()];
        x[0] = true;
        assert!(!m.joins(Signals::of(&x)));
        x[4] = true;
        assert!(m.joins(Signals::of(&x)));
        assert_eq!(Signals::of(&x).to_vec()[..5], [1.0, 0.0, 0.0, 0.0, 1.0]);
    }
}
