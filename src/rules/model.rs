//! Fitted decisions as data: a logistic model over yes/no signals, its weights kept in a
//! TOML file of `rules/` (`[NAME]` with `bias`, `[NAME.weights]` one per signal and
//! `[NAME.pairs]` for two signals that weigh together otherwise than apart). The fit
//! scripts in `rules/fit/` write the files; the stages that decide read them through
//! this one type, so a decision's signals are named once, in the stage that computes
//! them, and a file that misses one or names an unknown one is refused.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// One gap's, line's or box's signals: bit `i` holds when signal `i` of the model's list
/// does. Weighed once per line of every page: the sum runs over the bits set only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signals(u64);

impl Signals {
    /// The signals of these flags, in the order of the model's list.
    pub fn of(flags: &[bool]) -> Signals {
        debug_assert!(flags.len() <= 64, "a model weighs at most 64 signals");
        Signals(flags.iter().take(64).enumerate().fold(0, |m, (i, &f)| m | (u64::from(f) << i)))
    }

    pub fn holds(self, i: usize) -> bool {
        i < 64 && self.0 >> i & 1 == 1
    }

    /// These signals with signal `i` holding too.
    pub fn with(self, i: usize) -> Signals {
        Signals(self.0 | 1u64.checked_shl(i as u32).unwrap_or(0))
    }

    /// The first `n` signals as 0 or 1: what the fit reads.
    pub fn to_vec(self, n: usize) -> Vec<f32> {
        (0..n).map(|i| f32::from(u8::from(self.holds(i)))).collect()
    }
}

/// A fitted model: a weight per signal, and per pair of signals the fit found to weigh
/// together otherwise than apart.
#[derive(Debug)]
pub struct Weighed {
    bias: f32,
    weights: Vec<f32>,
    /// Each pair as the mask of its two signals' bits, and its weight.
    pairs: Vec<(u64, f32)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    bias: f32,
    weights: BTreeMap<String, f32>,
    /// `"a & b" = w`: the weight of both signals holding.
    #[serde(default)]
    pairs: BTreeMap<String, f32>,
    /// How the weights were fitted: cases, held-out accuracy. Read by people only.
    #[allow(dead_code)]
    fit: Option<toml::Table>,
}

impl Weighed {
    /// Parse the `[section]` of a model file whose signals are `names`: every one
    /// weighed, no name unknown.
    pub fn parse(text: &str, section: &str, names: &[&str]) -> Result<Weighed, String> {
        let mut file: HashMap<String, Section> = toml::from_str(text).map_err(|e| e.to_string())?;
        let s = file.remove(section).ok_or_else(|| format!("no [{section}] section"))?;
        if let Some(other) = file.keys().next() {
            return Err(format!("unknown section [{other}]"));
        }
        if names.len() > 64 {
            return Err(format!("{} signals: a model weighs at most 64", names.len()));
        }
        let index =
            |name: &str| names.iter().position(|s| *s == name).ok_or_else(|| format!("unknown signal {name:?}"));
        let mut weights = vec![0.0; names.len()];
        for (name, w) in &s.weights {
            weights[index(name)?] = *w;
        }
        if let Some(missing) = names.iter().find(|n| !s.weights.contains_key(**n)) {
            return Err(format!("no weight for {missing:?}"));
        }
        let mut pairs = Vec::new();
        for (pair, w) in &s.pairs {
            let (a, b) = pair.split_once(" & ").ok_or_else(|| format!("pair {pair:?}: not `a & b`"))?;
            pairs.push((1u64 << index(a)? | 1u64 << index(b)?, *w));
        }
        Ok(Weighed { bias: s.bias, weights, pairs })
    }

    /// The weighed sum of the signals that hold: past zero, the odds are past even.
    pub fn score(&self, x: Signals) -> f32 {
        let mut sum = self.bias;
        let mut bits = x.0;
        while bits != 0 {
            let i = bits.trailing_zeros() as usize;
            sum += self.weights.get(i).copied().unwrap_or(0.0);
            bits &= bits - 1;
        }
        for &(mask, w) in &self.pairs {
            if x.0 & mask == mask {
                sum += w;
            }
        }
        sum
    }

    /// Does the decision go the signals' way: the odds past even?
    pub fn holds(&self, x: Signals) -> bool {
        self.score(x) > 0.0
    }

    /// [`Weighed::holds`] where signal `i` is dear to read: `read` is asked only when
    /// the decision turns on it.
    pub fn holds_unless_read(&self, x: Signals, i: usize, read: impl FnOnce() -> bool) -> bool {
        let bit = x.with(i).0 & !x.0;
        let without = self.score(x);
        // What signal `i` adds: its weight and its pairs' with the signals that hold.
        let mut adds = if bit == 0 { 0.0 } else { self.weights.get(i).copied().unwrap_or(0.0) };
        for &(mask, w) in &self.pairs {
            if mask & bit != 0 && (x.0 | bit) & mask == mask {
                adds += w;
            }
        }
        let (no, yes) = (without > 0.0, without + adds > 0.0);
        if no == yes {
            no
        } else {
            read() == yes
        }
    }

    /// Does any weight differ from zero (a model fitted, not a placeholder)?
    pub fn fitted(&self) -> bool {
        self.weights.iter().any(|w| *w != 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 3] = ["a", "b", "c"];

    #[test]
    fn a_model_missing_a_signal_or_naming_an_unknown_one_is_refused() {
        let short = "[m]\nbias = 0.0\n[m.weights]\na = 1.0\n";
        assert!(Weighed::parse(short, "m", &NAMES).unwrap_err().contains("no weight for"));
        let extra = "[m]\nbias = 0.0\n[m.weights]\na = 1.0\nb = 1.0\nc = 1.0\nzzz = 1.0\n";
        assert!(Weighed::parse(extra, "m", &NAMES).unwrap_err().contains("unknown signal"));
        let pair = "[m]\nbias = 0.0\n[m.weights]\na = 1.0\nb = 1.0\nc = 1.0\n[m.pairs]\n\"a b\" = 1.0\n";
        assert!(Weighed::parse(pair, "m", &NAMES).unwrap_err().contains("not `a & b`"));
        let other = "[n]\nbias = 0.0\n[n.weights]\na = 1.0\nb = 1.0\nc = 1.0\n";
        assert!(Weighed::parse(other, "m", &NAMES).unwrap_err().contains("no [m] section"));
    }

    #[test]
    fn a_pair_weighs_only_when_both_signals_hold() {
        let m = Weighed::parse(
            "[m]\nbias = -1.0\n[m.weights]\na = 0.0\nb = 0.0\nc = 0.5\n[m.pairs]\n\"a & b\" = 2.0\n",
            "m",
            &NAMES,
        )
        .unwrap();
        assert!(!m.holds(Signals::of(&[true, false, false])));
        assert!(m.holds(Signals::of(&[true, true, false])));
        assert!(!m.holds(Signals::of(&[false, false, true])));
        assert_eq!(Signals::of(&[true, false, true]).to_vec(3), [1.0, 0.0, 1.0]);
    }

    #[test]
    fn a_dear_signal_is_read_only_where_the_decision_turns_on_it_and_decides_alike() {
        let m = Weighed::parse(
            "[m]\nbias = -1.0\n[m.weights]\na = 0.5\nb = 0.0\nc = 0.2\n[m.pairs]\n\"a & b\" = 2.0\n",
            "m",
            &NAMES,
        )
        .unwrap();
        for bits in 0..4u8 {
            let x = Signals::of(&[bits & 1 != 0, false, bits & 2 != 0]);
            for b in [false, true] {
                let full = m.holds(if b { x.with(1) } else { x });
                let mut asked = false;
                let lazy = m.holds_unless_read(x, 1, || {
                    asked = true;
                    b
                });
                assert_eq!(lazy, full, "{bits} {b}");
                // b only turns the decision with a: 0.5 - 1 + 2 (+0.2) against below 0.
                assert_eq!(asked, bits & 1 != 0, "{bits} {b}");
            }
        }
    }
}
