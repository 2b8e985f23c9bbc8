//! The order of a page's edits: sorted by position, none overlapping one before it.

use super::Edit;

/// Sort edits by position and drop any that would overlap an earlier one. Passes work
/// on disjoint character classes, so an overlap is a bug; dropping keeps the output sane.
pub(crate) fn normalize(edits: &mut Vec<Edit>) {
    sort(edits);
    retain_admitted(edits);
}

/// Sort edits by position. Stable: of two insertions at one offset, the first proposed
/// stays first.
pub fn sort(edits: &mut [Edit]) {
    edits.sort_by_key(position);
}

fn position(e: &Edit) -> u64 {
    (u64::from(e.start) << 32) | u64::from(e.end)
}

/// [`normalize`] of `edits` followed by `then`, both already sorted ([`sort`]): one
/// merge in place of a sort of the two, which on a long page moves a million edits
/// around. The merge runs from the back into the room `then` needs at the end of
/// `edits`, so it takes no buffer beyond that.
pub(crate) fn merge_normalize(edits: &mut Vec<Edit>, then: Vec<Edit>) {
    let (a, b) = (edits.len(), then.len());
    if b == 0 {
        retain_admitted(edits);
        return;
    }
    edits.reserve_exact(b);
    edits.resize(a + b, then[0]);
    let (mut i, mut j) = (a, b);
    while j > 0 {
        // Ties go to `edits` first, as a stable sort of the two one after the other
        // would order them: from the back, `then`'s edit is placed first.
        if i > 0 && position(&edits[i - 1]) > position(&then[j - 1]) {
            edits[i + j - 1] = edits[i - 1];
            i -= 1;
        } else {
            edits[i + j - 1] = then[j - 1];
            j -= 1;
        }
    }
    drop(then);
    retain_admitted(edits);
}

/// Keep what [`normalize`] keeps of edits in position order: none overlapping one kept
/// before it, and of two insertions at one offset, the first.
fn retain_admitted(edits: &mut Vec<Edit>) {
    let mut last_end = 0u32;
    let mut last_insert_at = u32::MAX;
    edits.retain(|e| {
        let is_insert = e.start == e.end;
        let ok = if is_insert { e.start >= last_end && e.start != last_insert_at } else { e.start >= last_end };
        debug_assert!(ok, "overlapping edit {e:?}");
        if ok {
            if is_insert {
                last_insert_at = e.start;
            }
            last_end = last_end.max(e.end);
        }
        ok
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Why;

    /// Merging two sorted lists gives what sorting the two one after the other gives:
    /// spans and insertions at their edges, dealt at random between the two lists.
    #[test]
    fn merge_normalize_is_normalize_of_both() {
        const A: &Why = &Why { rule: "a", reason: "a" };
        const B: &Why = &Why { rule: "b", reason: "b" };
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..500 {
            let (mut first, mut then) = (Vec::new(), Vec::new());
            let mut at = 0usize;
            for _ in 0..next(40) {
                at += next(3) as usize;
                let len = next(3) as usize;
                let to_first = next(2) == 0;
                let e = Edit::replace(at, at + len, "x", if to_first { A } else { B });
                if to_first {
                    first.push(e);
                } else {
                    then.push(e);
                }
                at += len.max(1);
            }
            // Proposed in any order: each list is sorted before the merge.
            first.reverse();
            let mut expected: Vec<Edit> = first.iter().chain(&then).copied().collect();
            normalize(&mut expected);
            sort(&mut first);
            sort(&mut then);
            merge_normalize(&mut first, then);
            let show = |v: &[Edit]| v.iter().map(|e| (e.start, e.end, e.rule())).collect::<Vec<_>>();
            assert_eq!(show(&first), show(&expected));
        }
    }
}
