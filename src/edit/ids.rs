//! Edit ids: a stable name for each edit, so a decision on it survives cleaning again.
//! The id is a hash of the edit's rule, its change and the text around it: the same
//! change in the same place gets the same id on every run. Identical changes in
//! identical surroundings are told apart by a numeric suffix (`-2`, `-3`) in page order.
//! When a page is cleaned again over its review file, an edit found there keeps the
//! suffix it had (see `review::carry`): the suffixes are page order only on a page's
//! first review.

use super::Edit;

/// The number an edit's id spells in hex: equal keys, equal ids.
pub(crate) fn edit_key(text: &str, e: &Edit) -> u64 {
    let mut lo = e.start().saturating_sub(12);
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (e.end() + 12).min(text.len());
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    let mut h = crate::hash::Fnv::default();
    for part in [e.rule(), &text[lo..e.start()], &text[e.start()..e.end()], e.replacement(), &text[e.end()..hi]] {
        h.feed(part.as_bytes()).feed(&[0xff]);
    }
    h.finish() >> 16
}

/// The ids of a page's edits, in page order. Held as numbers and spelled on demand: a
/// long page has a million edits, and a string each would cost more than the page.
pub struct EditIds {
    keys: Vec<u64>,
    /// How many edits up to this one, this one included, have its key.
    nth: Vec<u32>,
}

impl EditIds {
    pub fn new<'a>(text: &str, edits: impl IntoIterator<Item = &'a Edit>) -> Self {
        let keys: Vec<u64> = edits.into_iter().map(|e| edit_key(text, e)).collect();
        let mut nth = vec![0u32; keys.len()];
        // Sorted by key, then by place: the edits of one key stand together in order.
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        order.sort_by_key(|&i| (keys[i as usize], i));
        for (k, &i) in order.iter().enumerate() {
            let same = k > 0 && keys[order[k - 1] as usize] == keys[i as usize];
            nth[i as usize] = if same { nth[order[k - 1] as usize] + 1 } else { 1 };
        }
        EditIds { keys, nth }
    }

    /// Ids of these keys and occurrence numbers (1 spells no suffix).
    pub(crate) fn from_parts(keys: Vec<u64>, nth: Vec<u32>) -> Self {
        debug_assert_eq!(keys.len(), nth.len());
        EditIds { keys, nth }
    }

    /// The key of the `i`th edit: the id without its suffix.
    pub(crate) fn key(&self, i: usize) -> u64 {
        self.keys[i]
    }

    /// The occurrence number of the `i`th edit among those of its key (1, 2, …).
    #[cfg(test)]
    pub(crate) fn nth(&self, i: usize) -> u32 {
        self.nth[i]
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The id of the `i`th edit.
    pub fn get(&self, i: usize) -> String {
        if self.nth[i] > 1 {
            format!("{:012x}-{}", self.keys[i], self.nth[i])
        } else {
            format!("{:012x}", self.keys[i])
        }
    }

    /// Every id, in page order.
    pub fn all(&self) -> Vec<String> {
        (0..self.len()).map(|i| self.get(i)).collect()
    }
}

/// The key and occurrence number an id spells, if it is one newsmend writes:
/// twelve hex digits, then `-N` for N ≥ 2.
pub(crate) fn parse_id(id: &str) -> Option<(u64, u32)> {
    let (hex, nth) = match id.split_once('-') {
        // Spelled as `get` spells it: no sign, no leading zero, never `-1`.
        Some((hex, n)) if n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0') => {
            (hex, n.parse::<u32>().ok().filter(|&n| n >= 2)?)
        }
        Some(_) => return None,
        None => (id, 1),
    };
    if hex.len() != 12 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some((u64::from_str_radix(hex, 16).ok()?, nth))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Why;

    /// The same change in the same surroundings twice: one id, then the same with `-2`.
    #[test]
    fn identical_changes_get_suffixes_in_page_order() {
        let why = &Why { rule: "space.cjk", reason: "x" };
        let text = "甲 乙。甲 乙。丙";
        let edits = [Edit::deletion(3, 4, why), Edit::deletion(13, 14, why)];
        let ids = EditIds::new(text, &edits);
        assert_eq!(ids.len(), 2);
        let (a, b) = (ids.get(0), ids.get(1));
        assert_eq!(a.len(), 12);
        assert_ne!(a, b);
        // Far apart, each in the same twelve bytes either side: one key, three ids.
        let far = "0123456789abcdef 0123456789abcdef".repeat(3);
        let spread: Vec<Edit> = far.match_indices(' ').map(|(i, _)| Edit::deletion(i, i + 1, why)).collect();
        let ids = EditIds::new(&far, &spread);
        assert_eq!(ids.len(), 3);
        assert_eq!(ids.get(1), format!("{}-2", ids.get(0)));
        assert_eq!(ids.get(2), format!("{}-3", ids.get(0)));
    }

    #[test]
    fn ids_read_back_as_their_key_and_number() {
        let ids = EditIds::from_parts(vec![0xabc, 0xabc, u64::MAX >> 16], vec![1, 2, 17]);
        for i in 0..ids.len() {
            assert_eq!(parse_id(&ids.get(i)), Some((ids.key(i), ids.nth(i))));
        }
        for bad in ["", "abc", "000000000abc-1", "000000000abc-02", "000000000abc-", "000000000abc-x", "00000000abcg"] {
            assert_eq!(parse_id(bad), None, "{bad}");
        }
    }
}
