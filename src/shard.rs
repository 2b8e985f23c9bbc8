//! `batch --shard I/N`: one of N parts of a scan folder, found by every machine on its
//! own. A key (the batch hashes an issue folder's path under SCANS, `/` between its
//! parts) is in shard `⌊h · N / 2⁶⁴⌋ + 1`, where `h` is the 64-bit FNV-1a of its bytes:
//! the same on every machine, platform and Rust release, unlike the standard hasher,
//! which is seeded at random. The high bits of `h` place it, as FNV-1a mixes its high
//! bits far better than its low ones (its lowest bit is the parity of the odd bytes).

use crate::error::{Error, Result};
use crate::hash::Fnv;
use serde::{Deserialize, Serialize};

/// Shard `index` of `count` (1 ≤ index ≤ count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// `I/N` as `--shard` takes it; anything else is a usage error saying what is wanted.
    pub fn parse(s: &str) -> Result<Shard> {
        let usage = |why: &str| Error::Usage(format!("--shard {s}: {why}"));
        let (i, n) = s.split_once('/').ok_or_else(|| usage("expected I/N, such as 2/8 (shard 2 of 8)"))?;
        let number = |t: &str, what: &str| {
            t.trim()
                .parse::<u32>()
                .map_err(|_| usage(&format!("{what} `{t}` is not a whole number (expected I/N, such as 2/8)")))
        };
        let (index, count) = (number(i, "I")?, number(n, "N")?);
        if count == 0 {
            return Err(usage("N must be 1 or more"));
        }
        if index == 0 || index > count {
            return Err(usage(&format!(
                "shards are numbered from 1 to {count} (a Slurm array for it runs as --array=1-{count})"
            )));
        }
        Ok(Shard { index, count })
    }

    /// The shard `key` is in, of `count`.
    pub fn of(key: &str, count: u32) -> u32 {
        let h = Fnv::default().feed(key.as_bytes()).finish();
        ((u128::from(h) * u128::from(count)) >> 64) as u32 + 1
    }

    /// Whether `key` is in this shard.
    pub fn holds(&self, key: &str) -> bool {
        Shard::of(key, self.count) == self.index
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsed_and_refused() {
        assert_eq!(Shard::parse("2/8").expect("2/8"), Shard { index: 2, count: 8 });
        assert_eq!(Shard::parse("1/1").expect("1/1"), Shard { index: 1, count: 1 });
        for bad in ["0/4", "5/4", "1/0", "4", "a/4", "1/-2", ""] {
            let e = Shard::parse(bad).expect_err(bad).to_string();
            assert!(e.starts_with(&format!("--shard {bad}: ")), "{e}");
        }
    }

    #[test]
    fn every_key_is_in_exactly_one_shard_and_the_shards_share_them() {
        let keys: Vec<String> =
            (1..=400).map(|d| format!("jingbao/1930/{:02}-{:02}", d / 31 + 1, d % 31 + 1)).collect();
        let mut per = [0usize; 4];
        for k in &keys {
            let held: Vec<u32> = (1..=4).filter(|&i| Shard { index: i, count: 4 }.holds(k)).collect();
            assert_eq!(held.len(), 1, "{k}");
            per[held[0] as usize - 1] += 1;
        }
        // Far from even would show a hash that only the low bits of dates move.
        assert!(per.iter().all(|&n| n > 60), "{per:?}");
    }

    #[test]
    fn the_shard_of_a_key_is_fixed() {
        // Stable across runs, machines and releases: part of the contract. Worked out
        // apart from this code (in Python): "" hashes to FNV-1a's offset basis
        // 0xcbf2…2325, and 4 · h / 2⁶⁴ = 3.18, so shard 3 + 1.
        assert_eq!(Shard::of("", 4), 4);
        assert_eq!(Shard::of("2024-05-08", 4), 3);
        assert_eq!(Shard::of("anything", 1), 1);
    }
}
