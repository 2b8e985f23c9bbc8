//! `eval`'s alignment against rapidfuzz itself: random strings from small alphabets (so
//! that many alignments tie) through every path (one word, narrow band, blocks,
//! Hirschberg splits), compared opcode for opcode with `Levenshtein.opcodes`. Skipped
//! silently when python3 with rapidfuzz is not installed. `EVAL_FUZZ_CASES=N` runs more.

use newsmend::eval::align;
use std::io::Write as _;
use std::process::{Command, Stdio};

const SCRIPT: &str = r#"
import json, sys
from rapidfuzz.distance import Levenshtein
pairs = json.load(sys.stdin)
out = []
for a, b in pairs:
    out.append([Levenshtein.distance(a, b), [list(o) for o in Levenshtein.opcodes(a, b)]])
json.dump(out, sys.stdout)
"#;

/// An opcode as rapidfuzz prints it: tag, source span, destination span.
type Op = (String, usize, usize, usize, usize);

fn have_rapidfuzz() -> bool {
    Command::new("python3").args(["-c", "import rapidfuzz"]).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn random(rng: &mut Rng, alphabet: &[char], len: usize) -> String {
    (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect()
}

/// `s` with a few random edits: the small distances that take the narrow-band paths.
fn mutate(rng: &mut Rng, alphabet: &[char], s: &str, edits: usize) -> String {
    let mut v: Vec<char> = s.chars().collect();
    for _ in 0..edits {
        let at = rng.below(v.len() + 1);
        match rng.below(3) {
            0 => v.insert(at, alphabet[rng.below(alphabet.len())]),
            1 if at < v.len() => {
                v.remove(at);
            }
            _ if at < v.len() => v[at] = alphabet[rng.below(alphabet.len())],
            _ => {}
        }
    }
    v.into_iter().collect()
}

fn pairs(n: usize) -> Vec<(String, String)> {
    let alphabets: [&[char]; 5] =
        [&['a'], &['a', 'b'], &['a', 'b', 'c'], &['甲', '乙', '丙', '丁', '，'], &['x', '\n', ' ', '报']];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out = Vec::new();
    for i in 0..n {
        let alpha = alphabets[i % alphabets.len()];
        let (l1, l2) = match i % 4 {
            0 => (rng.below(70), rng.below(70)),
            1 => (rng.below(301), rng.below(301)),
            2 => (65 + rng.below(400), 65 + rng.below(400)),
            _ => (rng.below(1200), 0),
        };
        let a = random(&mut rng, alpha, l1);
        let b = if i % 4 == 3 {
            let edits = rng.below(40);
            mutate(&mut rng, alpha, &a, edits)
        } else {
            random(&mut rng, alpha, l2)
        };
        out.push(if i % 2 == 0 { (a, b) } else { (b, a) });
    }
    // Big enough for Hirschberg splits, some far apart and some close.
    for (len, alpha, edits) in [(2100, 2usize, 0usize), (5000, 3, 0), (5000, 4, 60), (3000, 2, 700)] {
        let alphabet = alphabets[alpha];
        let a = random(&mut rng, alphabet, len);
        let b = if edits == 0 { random(&mut rng, alphabet, len + 37) } else { mutate(&mut rng, alphabet, &a, edits) };
        out.push((a, b));
    }
    out
}

#[test]
fn opcodes_match_rapidfuzz() {
    if !have_rapidfuzz() {
        return;
    }
    let n = std::env::var("EVAL_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1200);
    let cases = pairs(n);
    let input = serde_json::to_string(&cases.iter().map(|(a, b)| [a, b]).collect::<Vec<_>>()).unwrap();
    let mut child = Command::new("python3")
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let expected: Vec<(usize, Vec<Op>)> = serde_json::from_slice(&out.stdout).unwrap();
    let mut bad = 0;
    for ((a, b), (dist, ops)) in cases.iter().zip(&expected) {
        let (a, b): (Vec<u32>, Vec<u32>) = (a.chars().map(u32::from).collect(), b.chars().map(u32::from).collect());
        assert_eq!(align::distance(&a, &b), *dist, "distance of {} x {}", a.len(), b.len());
        let got: Vec<Op> = align::opcodes(&a, &b)
            .iter()
            .map(|o| (o.tag.as_str().to_string(), o.src.0, o.src.1, o.dest.0, o.dest.1))
            .collect();
        if &got != ops {
            bad += 1;
            if bad <= 3 {
                eprintln!(
                    "mismatch on {} x {}: first differing opcode {:?} vs {:?}",
                    a.len(),
                    b.len(),
                    got.iter().zip(ops).find(|(g, e)| g != e),
                    got.len().cmp(&ops.len())
                );
            }
        }
    }
    assert_eq!(bad, 0, "{bad} of {} pairs align differently from rapidfuzz", cases.len());
}
