//! Carrying decisions over: when a page is cleaned again over its review file, which of
//! the new edits are the old ones, and so keep their ids and their decisions.
//!
//! An edit's id is its key (a hash of its rule, its change and ±12 bytes around it) and,
//! when several edits share a key, a number telling them apart. A new edit with a key
//! no old edit has is new. Where one old and one new edit have a key, they are the same
//! edit, wherever the page moved it. Where several share a key, numbering them in page
//! order again would let a line inserted above them shift the numbers, and a decision
//! on `…-2` land on what was `…-1`: instead each old edit is followed to where its text
//! went (a line diff of the two inputs) and is the new edit of its key found there; the
//! old edits left over (their text changed around them, beyond the key's reach) take
//! the new ones left over in page order. A new edit found this way keeps the old id,
//! number and all; a new edit that is none of the old ones gets the next number after
//! every number its key had, so no id ever names two different edits of one page.
//!
//! A decision whose edit is not found is dropped, and counted for the caller to report.

use super::{ReviewFile, Status};
use crate::edit::{parse_id, EditIds};
use crate::Edit;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// The ids and states of a page's new edits, and how many old decisions were dropped.
pub(crate) struct Carried {
    pub ids: EditIds,
    pub statuses: Vec<Status>,
    pub dropped: usize,
}

impl Carried {
    pub fn status(&self, i: usize) -> Status {
        self.statuses.get(i).copied().unwrap_or(Status::Pending)
    }
}

/// The ids of `edits` on `input`, and their states carried over from `previous`.
pub(crate) fn carry(previous: Option<&ReviewFile>, input: &str, edits: &[&Edit]) -> Carried {
    let fresh = EditIds::new(input, edits.iter().copied());
    let Some(previous) = previous else {
        return Carried { ids: fresh, statuses: Vec::new(), dropped: 0 };
    };
    let keys: Vec<u64> = (0..fresh.len()).map(|i| fresh.key(i)).collect();
    let (old, unreadable) = old_groups(previous);
    let mut new: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, &k) in keys.iter().enumerate() {
        new.entry(k).or_default().push(i);
    }
    let mut map = None;
    let mut nth = vec![0u32; keys.len()];
    let mut statuses = vec![Status::Pending; keys.len()];
    let mut dropped = unreadable;
    for (key, news) in &new {
        let olds = old.get(key).map_or(&[][..], Vec::as_slice);
        let pairs = if olds.len() > 1 || (news.len() > 1 && !olds.is_empty()) {
            let map = map.get_or_insert_with(|| TextMap::new(&previous.input, input));
            match_group(olds, news, edits, map)
        } else {
            (0..olds.len()).zip(news.iter().copied()).collect()
        };
        let mut matched = vec![false; olds.len()];
        for &(o, n) in &pairs {
            matched[o] = true;
            nth[n] = olds[o].nth;
            statuses[n] = previous.edits[olds[o].entry].status;
        }
        let mut next = olds.iter().map(|o| o.nth).max().unwrap_or(0);
        for &n in news {
            if nth[n] == 0 {
                next += 1;
                nth[n] = next;
            }
        }
        dropped += olds.iter().zip(&matched).filter(|(o, m)| o.decided && !**m).count();
    }
    // Decisions whose key no new edit has.
    dropped += old.iter().filter(|(k, _)| !new.contains_key(k)).flat_map(|(_, v)| v).filter(|o| o.decided).count();
    Carried { ids: EditIds::from_parts(keys, nth), statuses, dropped }
}

/// An old edit, as its group needs it.
struct Old {
    /// Its index in the old review file.
    entry: usize,
    nth: u32,
    start: usize,
    decided: bool,
}

/// The old edits by key, each group in page order and without repeated ids (a review
/// file edited by hand may hold one twice: the first counts); and how many decisions
/// are on ids newsmend does not write, which no new edit can have.
fn old_groups(previous: &ReviewFile) -> (HashMap<u64, Vec<Old>>, usize) {
    let mut groups: HashMap<u64, Vec<Old>> = HashMap::new();
    let mut seen = HashSet::new();
    let mut unreadable = 0;
    for (i, e) in previous.edits.iter().enumerate() {
        let decided = e.status != Status::Pending;
        match parse_id(&e.id).filter(|id| seen.insert(*id)) {
            Some((key, nth)) => groups.entry(key).or_default().push(Old { entry: i, nth, start: e.start, decided }),
            None => unreadable += usize::from(decided),
        }
    }
    (groups, unreadable)
}

/// Pairs (index in `olds`, new edit) of one key: each old edit with the new one where
/// its text went, then the rest in page order.
fn match_group(olds: &[Old], news: &[usize], edits: &[&Edit], map: &TextMap) -> Vec<(usize, usize)> {
    // One change at one place is one edit: a key's edits start at distinct offsets.
    let mut at: HashMap<usize, usize> = news.iter().enumerate().map(|(j, &n)| (edits[n].start(), j)).collect();
    let mut taken = vec![false; news.len()];
    let mut pairs = Vec::new();
    let mut left = Vec::new();
    for (o, old) in olds.iter().enumerate() {
        match map.map(old.start).and_then(|start| at.remove(&start)) {
            Some(j) => {
                taken[j] = true;
                pairs.push((o, news[j]));
            }
            None => left.push(o),
        }
    }
    let rest = (0..news.len()).filter(|&j| !taken[j]).map(|j| news[j]);
    pairs.extend(left.into_iter().zip(rest));
    pairs
}

/// Where the text at an offset of the old input is in the new one: the common start
/// and end of the two, and between them the lines a diff finds equal.
struct TextMap {
    /// (old start, new start, length) of each stretch found in both, in order.
    same: Vec<(usize, usize, usize)>,
}

/// A diff of a long stretch of changed lines gives up after this and maps nothing more:
/// the edits there pair up in page order.
const DIFF_DEADLINE: Duration = Duration::from_millis(500);

impl TextMap {
    fn new(old: &str, new: &str) -> Self {
        // Cut back to whole lines, so the diff in between compares whole lines.
        let head = common_prefix(old, new);
        let head = if head == 0 || old.as_bytes()[head - 1] == b'\n' {
            head
        } else {
            old[..head].rfind('\n').map_or(0, |i| i + 1)
        };
        let tail = common_suffix(&old[head..], &new[head..]);
        let line_start = |s: &str, at: usize| at == 0 || s.as_bytes()[at - 1] == b'\n';
        let tail = if tail == 0 || (line_start(old, old.len() - tail) && line_start(new, new.len() - tail)) {
            tail
        } else {
            old[old.len() - tail..].find('\n').map_or(0, |i| tail - i - 1)
        };
        let (old_mid, new_mid) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
        let mut same = vec![(0, 0, head)];
        if !old_mid.is_empty() && !new_mid.is_empty() {
            let diff = similar::TextDiff::configure()
                .algorithm(similar::Algorithm::Myers)
                .deadline(Instant::now() + DIFF_DEADLINE)
                .diff_lines(old_mid, new_mid);
            let offsets = |lines: &[&str]| -> Vec<usize> {
                std::iter::once(0)
                    .chain(lines.iter().scan(0, |at, l| Some(*at + l.len()).inspect(|&n| *at = n)))
                    .collect()
            };
            let (old_at, new_at) = (offsets(diff.old_slices()), offsets(diff.new_slices()));
            for op in diff.ops() {
                if let similar::DiffOp::Equal { old_index, new_index, len } = *op {
                    let bytes = old_at[old_index + len] - old_at[old_index];
                    same.push((head + old_at[old_index], head + new_at[new_index], bytes));
                }
            }
        }
        same.push((old.len() - tail, new.len() - tail, tail));
        TextMap { same }
    }

    /// Where old offset `at` is in the new input, if its text is there.
    fn map(&self, at: usize) -> Option<usize> {
        let i = self.same.partition_point(|&(o, _, _)| o <= at).checked_sub(1)?;
        let (o, n, len) = self.same[i];
        (at < o + len).then_some(n + (at - o))
    }
}

/// How many leading bytes `a` and `b` share, cut back to a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// How many trailing bytes `a` and `b` share, cut back to a character boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().rev().zip(b.bytes().rev()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(a.len() - n) {
        n -= 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Why;

    const WHY: &Why = &Why { rule: "space.cjk", reason: "x" };

    /// A page of identical lines, each with the same edit: one key, told apart by number.
    fn review(input: &str, decide: &[(usize, Status)]) -> (ReviewFile, Vec<Edit>) {
        let edits = spaces(input);
        let mut r = ReviewFile::new("page", "UTF-8", input, edits.iter(), None);
        for &(i, s) in decide {
            r.edits[i].status = s;
        }
        (r, edits)
    }

    fn spaces(input: &str) -> Vec<Edit> {
        input.match_indices(' ').map(|(i, _)| Edit::deletion(i, i + 1, WHY)).collect()
    }

    const LINE: &str = "一二三四五 六七八九十\n";

    /// Line `n`: a line of its own, whose edit has the key of every other's (the key
    /// sees twelve bytes either side of the space).
    fn line(n: u32) -> String {
        format!("{n}号二三四五 六七八九\n")
    }

    fn lines(ns: std::ops::RangeInclusive<u32>) -> String {
        ns.map(line).collect()
    }

    #[test]
    fn a_line_inserted_above_keeps_the_numbers_and_decisions_below() {
        let old = lines(1..=4);
        let (r, _) = review(&old, &[(1, Status::Rejected), (3, Status::Accepted)]);
        assert_eq!(r.edits[1].id, format!("{}-2", r.edits[0].id));
        // A line with an edit of the same key, inserted first: in page order its edit
        // would be `…`, and every old one would shift down a number.
        let new = format!("{}{old}", line(0));
        let edits = spaces(&new);
        let refs: Vec<&Edit> = edits.iter().collect();
        let c = carry(Some(&r), &new, &refs);
        assert_eq!(c.dropped, 0);
        let ids: Vec<String> = c.ids.all();
        assert_eq!(ids[1..], r.edits.iter().map(|e| e.id.clone()).collect::<Vec<_>>()[..]);
        assert_eq!(ids[0], format!("{}-5", r.edits[0].id));
        assert_eq!(c.statuses, [Status::Pending, Status::Pending, Status::Rejected, Status::Pending, Status::Accepted]);
    }

    #[test]
    fn a_line_deleted_drops_its_decision_alone() {
        let old = format!("{}开头\n{}", line(1), lines(2..=3));
        let (r, _) = review(&old, &[(0, Status::Rejected), (2, Status::Accepted)]);
        let new = format!("开头\n{}", lines(2..=3));
        let edits = spaces(&new);
        let refs: Vec<&Edit> = edits.iter().collect();
        let c = carry(Some(&r), &new, &refs);
        assert_eq!(c.dropped, 1);
        assert_eq!(c.ids.all(), [r.edits[1].id.clone(), r.edits[2].id.clone()]);
        assert_eq!(c.statuses, [Status::Pending, Status::Accepted]);
    }

    #[test]
    fn unchanged_input_gives_the_ids_of_a_first_review() {
        let old = format!("甲 乙\n{}", LINE.repeat(3));
        let (r, edits) = review(&old, &[(2, Status::Rejected)]);
        let refs: Vec<&Edit> = edits.iter().collect();
        let c = carry(Some(&r), &old, &refs);
        assert_eq!(c.ids.all(), EditIds::new(&old, edits.iter()).all());
        assert_eq!(c.statuses[2], Status::Rejected);
        assert_eq!(c.dropped, 0);
    }

    #[test]
    fn the_map_follows_text_across_changed_lines() {
        let old = "a\nb\nc\nd\n";
        let new = "a\nx\nb\nd\ny\n";
        let m = TextMap::new(old, new);
        assert_eq!(m.map(0), Some(0));
        assert_eq!(m.map(2), Some(4)); // b
        assert_eq!(m.map(4), None); // c, gone
        assert_eq!(m.map(6), Some(6)); // d
        assert_eq!(common_prefix("中文", "中字"), 3);
        assert_eq!(common_suffix("文中", "字中"), 3);
    }
}
