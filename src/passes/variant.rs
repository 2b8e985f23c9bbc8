//! Variants: in a page written in simplified characters, the traditional or variant
//! forms that OCR produced (贏 → 赢) become simplified, from OpenCC's character table.
//! A page in traditional script is left entirely alone.

use crate::edit::{Edit, Why};
use crate::passes::LogicalPage;
use crate::rules::{RuleSet, Variant, VariantKind, BMP_COMPAT, BMP_SIMPLIFIED, BMP_VARIANT};

pub(crate) const VARIANT: &str = "char.variant";

/// Characters of either script that settle the page's script: past this many the
/// ratio no longer moves, and a long page need not be read to its end.
const ENOUGH: usize = 2000;

/// Traditional-only and simplified-only characters of `text`, counted by characters
/// until `cap` of them are.
fn tally_upto(text: &str, rules: &RuleSet, cap: usize) -> (usize, usize) {
    let (mut trad, mut simp) = (0, 0);
    for c in text.chars().filter(|&c| c as u32 >= 0x3400) {
        if trad + simp >= cap {
            break;
        }
        let kind = rules.variants.kind(unified(c));
        trad += usize::from(kind == VariantKind::Variant);
        simp += usize::from(kind == VariantKind::Simplified);
    }
    (trad, simp)
}

fn unified(c: char) -> char {
    if c as u32 >= 0xF900 {
        crate::text::script::unified(c).unwrap_or(c)
    } else {
        c
    }
}

/// The script verdict of the text made of `parts` in order, and the byte length of the
/// prefix that settled it: whatever follows that prefix, if no longer than what
/// followed it here, gives the same verdict. The count stops as soon as the verdict is
/// certain, which for most pages is well before [`ENOUGH`] characters.
fn verdict(parts: &[&str], rules: &RuleSet) -> Verdict {
    verdict_from(parts, rules, (0, 0))
}

/// [`verdict`] of text whose earlier part counted `(trad, simp)`.
///
/// The text is read a chunk at a time from its bytes ([`count_chunk`]); a chunk that
/// holds a character the byte count does not settle (outside the basic plane, or a
/// compatibility ideograph), or that would reach [`ENOUGH`], is read again character by
/// character, so the count stops exactly where a count of characters would.
fn verdict_from(parts: &[&str], rules: &RuleSet, (mut trad, mut simp): (usize, usize)) -> Verdict {
    let kinds = rules.variants.bmp_kinds();
    let mut after: usize = parts.iter().map(|p| p.len()).sum();
    let mut read = 0;
    let mut maybe_variants = Vec::new();
    for part in parts {
        after -= part.len();
        let mut at = 0;
        while at < part.len() {
            let mut end = (at + CHUNK).min(part.len());
            while !part.is_char_boundary(end) {
                end += 1;
            }
            let (t, s, odd) = count_chunk(&part.as_bytes()[at..end], kinds);
            if t > 0 || odd {
                maybe_variants.push(read + at..read + end);
            }
            if odd || trad + simp + t + s >= ENOUGH {
                for (i, c) in part[at..end].char_indices() {
                    if (c as u32) < 0x3400 {
                        continue;
                    }
                    if trad + simp >= ENOUGH {
                        let traditional = traditional(trad, simp, rules);
                        let settled = read + at + i;
                        return Verdict { traditional, settled, counts: (trad, simp), maybe_variants };
                    }
                    let kind = rules.variants.kind(unified(c));
                    trad += usize::from(kind == VariantKind::Variant);
                    simp += usize::from(kind == VariantKind::Simplified);
                }
            } else {
                trad += t;
                simp += s;
            }
            at = end;
            // Every character still to count is at least three bytes long.
            let rest = part.len() - at + after;
            if let Some(v) = settled(trad, simp, (rest / 3).min(ENOUGH - (trad + simp)), rules) {
                return Verdict { traditional: v, settled: read + at, counts: (trad, simp), maybe_variants };
            }
        }
        read += part.len();
    }
    Verdict { traditional: traditional(trad, simp, rules), settled: read, counts: (trad, simp), maybe_variants }
}

/// Bytes read by [`count_chunk`] between two looks at whether the verdict is settled.
const CHUNK: usize = 256;

/// Variant and simplified-only characters among the three-byte characters of `bytes`
/// (whole characters), and whether it holds a character this count cannot judge: one
/// of four bytes, or a compatibility ideograph. Every byte is looked at alike, without
/// a branch: whether a character is Chinese is a coin toss to the CPU, and a lead byte
/// of three (0xE0–0xEF) is never a continuation or ASCII byte.
#[inline]
fn count_chunk(bytes: &[u8], kinds: &[u8; 0x10000]) -> (usize, usize, bool) {
    let (mut trad, mut simp, mut odd) = (0usize, 0usize, false);
    let mut count = |kind: u8| {
        trad += usize::from(kind == BMP_VARIANT);
        simp += usize::from(kind == BMP_SIMPLIFIED);
        odd |= kind == BMP_COMPAT;
    };
    let tail = each_lead_of_three(bytes, |_, code| count(kinds[code]));
    for w in bytes[tail..].windows(3) {
        // Written out here and in [`propose`]: one helper for both, even inlined, made
        // this count a third slower.
        let code = (usize::from(w[0] & 0x0F) << 12) | (usize::from(w[1] & 0x3F) << 6) | usize::from(w[2] & 0x3F);
        count(if w[0] & 0xF0 == 0xE0 { kinds[code] } else { 0 });
    }
    // A lead byte of four: no continuation byte is that high, and the chunk ends on a
    // character boundary.
    odd |= bytes.iter().fold(false, |a, &b| a | (b >= 0xF0));
    (trad, simp, odd)
}

const BLOCK: usize = 64;

/// Call `lead` with the offset and code point of each character of three bytes that
/// starts in the whole 64-byte blocks of `bytes`; returns where the blocks end (the
/// caller reads the tail). Each
/// block's lead bytes are found by a mask built a word at a time, then looked at one by
/// one: a third of the bytes of Chinese text, not all of them. A character starting in
/// a block may end in the next: it is read from `bytes`.
#[inline]
fn each_lead_of_three(bytes: &[u8], mut lead: impl FnMut(usize, usize)) -> usize {
    let blocks = bytes.len() / BLOCK;
    for b in 0..blocks {
        let mut leads = 0u64;
        for (k, word) in bytes[b * BLOCK..(b + 1) * BLOCK].chunks_exact(8).enumerate() {
            leads |= lead_bits(word) << (8 * k);
        }
        while leads != 0 {
            let at = b * BLOCK + leads.trailing_zeros() as usize;
            leads &= leads - 1;
            if let [b0, b1, b2, ..] = bytes[at..] {
                lead(at, (usize::from(b0 & 0x0F) << 12) | (usize::from(b1 & 0x3F) << 6) | usize::from(b2 & 0x3F));
            }
        }
    }
    blocks * BLOCK
}

/// Bit `k` set where byte `k` of the eight leads a character of four bytes (0xF0 and
/// up: bits 7 to 4 all set).
#[inline]
fn four_lead_bits(word: &[u8]) -> u64 {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(word);
    let x = u64::from_le_bytes(bytes);
    // Bit 7 of each byte below is bit 7, 6, 5 or 4 of that byte; what a shift carries
    // in from the byte beside lands below bit 7.
    let high = x & (x << 1) & (x << 2) & (x << 3) & 0x8080_8080_8080_8080;
    ((high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// Bit `k` set where byte `k` of the eight leads a character of three bytes (0xE0–0xEF),
/// eight bytes at a time in a word.
#[inline]
fn lead_bits(word: &[u8]) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(word);
    // Zero where a byte leads three: its high half is E.
    let z = (u64::from_le_bytes(bytes) & 0xF0F0_F0F0_F0F0_F0F0) ^ 0xE0E0_E0E0_E0E0_E0E0;
    // The high bit of each byte of z that is zero, exactly (no borrow between bytes).
    let zero = !(((z & LOW7) + LOW7) | z) & !LOW7;
    // Gather bit 7 of byte k to bit 56 + k: the terms of the product never collide.
    ((zero >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// A page's script verdict, as `verdict` reached it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub traditional: bool,
    /// The byte length of the prefix that settled it: whatever follows that prefix, if
    /// no longer than what followed it here, gives the same verdict.
    pub settled: usize,
    /// The counts of the prefix that settled it: the verdict without a few spans goes on
    /// from there with the counts without theirs.
    counts: (usize, usize),
    /// The chunks of the settled prefix the count found a character in that the variant
    /// pass may change (a variant, a compatibility ideograph, one of four bytes), in
    /// order: the variant pass need not read the rest of the prefix again.
    maybe_variants: Vec<std::ops::Range<usize>>,
}

/// What the passes need of a page's script: whether it is traditional (then the variant
/// pass does nothing), and where on a simplified page a variant may stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    pub traditional: bool,
    /// Byte ranges of the page, in order and apart, each starting and ending on a
    /// character boundary; no variant stands outside them.
    look: Vec<std::ops::Range<usize>>,
}

impl Script {
    /// A page of `len` bytes whose script is known: the variant pass reads all of it.
    pub fn whole(traditional: bool, len: usize) -> Script {
        Script { traditional, look: std::iter::once(0..len).collect() }
    }

    /// The script of a page of `len` bytes, judged `traditional`, whose whole text the
    /// count `counted` read (see [`script_verdict`]): the variant pass reads only the
    /// chunks where the count saw a candidate, and whatever lies past where it stopped.
    pub fn counted(traditional: bool, counted: Verdict, len: usize) -> Script {
        let mut look = counted.maybe_variants;
        match look.last_mut() {
            Some(last) if last.end >= counted.settled => last.end = len,
            _ if counted.settled < len => look.push(counted.settled..len),
            _ => {}
        }
        Script { traditional, look }
    }
}

/// The verdict when at most `more` further characters are counted, if they cannot
/// change it. The share of traditional characters moves monotonically as either kind
/// is added, so its extremes are all simplified (the least) and all traditional or
/// none (the most).
fn settled(trad: usize, simp: usize, more: usize, rules: &RuleSet) -> Option<bool> {
    let n = trad + simp;
    if trad > 0 && trad as f64 / (n + more) as f64 > rules.traditional_ratio {
        return Some(true);
    }
    (!traditional(trad, simp, rules) && !traditional(trad + more, simp, rules)).then_some(false)
}

fn traditional(trad: usize, simp: usize, rules: &RuleSet) -> bool {
    trad > 0 && trad as f64 / (trad + simp) as f64 > rules.traditional_ratio
}

/// True when the page is written in traditional script and must stay so.
pub fn is_traditional(text: &str, rules: &RuleSet) -> bool {
    verdict(&[text], rules).traditional
}

/// `is_traditional`, and how it was reached (see `is_traditional_without`).
pub fn script_verdict(text: &str, rules: &RuleSet) -> Verdict {
    verdict(&[text], rules)
}

/// [`is_traditional`] on the page as the output keeps it: the spans `removed` (sorted,
/// non-overlapping: furniture and jump notes) left out. Running heads repeat, so they
/// could outvote the text, and the output, read again, no longer holds them. When
/// nothing removed starts before the prefix that settled the whole page's verdict, the
/// verdict is the same and is not counted again; otherwise only the removed spans inside
/// that prefix are counted, and the count goes on past it.
pub(crate) fn is_traditional_without(
    text: &str,
    removed: &[std::ops::Range<usize>],
    rules: &RuleSet,
    whole: &Verdict,
) -> bool {
    if removed.first().is_none_or(|r| r.start >= whole.settled) {
        return whole.traditional;
    }
    // The kept text up to the settled prefix counts what the prefix did, less the
    // removed spans inside it; the count goes on from there over the kept text.
    let settled = whole.settled;
    let (mut trad, mut simp) = whole.counts;
    let mut pos = 0;
    for r in removed {
        let (a, b) = (r.start.max(pos).min(settled), r.end.max(pos).min(settled));
        let (t, s) = tally(&text[a..b], rules);
        trad -= t;
        simp -= s;
        pos = pos.max(r.end);
    }
    let mut kept = Vec::with_capacity(removed.len() + 1);
    let mut pos = settled;
    for r in removed {
        if r.end <= pos {
            continue;
        }
        kept.push(&text[pos..r.start.max(pos)]);
        pos = r.end;
    }
    kept.push(&text[pos..]);
    verdict_from(&kept, rules, (trad, simp)).traditional
}

/// Traditional-only and simplified-only characters of `text`, all of them.
fn tally(text: &str, rules: &RuleSet) -> (usize, usize) {
    tally_upto(text, rules, usize::MAX)
}

/// Propose the variant edits of a page; none for a page in traditional script.
pub(crate) fn propose(page: &LogicalPage, rules: &RuleSet, script: &Script, out: &mut Vec<Edit>) {
    if script.traditional {
        return;
    }
    let text = page.text;
    let kinds = rules.variants.bmp_kinds();
    // The lead bytes found as in [`count_chunk`]; only a variant, a compatibility
    // ideograph or a character of four bytes (rare all three) is read as a character.
    // A range ends on a character boundary: every character starting in it ends in it.
    let mut candidates = Vec::new();
    for r in &script.look {
        let Some(bytes) = text.as_bytes().get(r.clone()) else { continue };
        let tail = each_lead_of_three(bytes, |at, code| {
            if kinds[code] >= BMP_VARIANT {
                candidates.push(r.start + at);
            }
        });
        for (k, word) in bytes[..tail].chunks_exact(8).enumerate() {
            let mut fours = four_lead_bits(word);
            while fours != 0 {
                candidates.push(r.start + 8 * k + fours.trailing_zeros() as usize);
                fours &= fours - 1;
            }
        }
        for (j, w) in bytes[tail..].windows(3).enumerate() {
            let code = (usize::from(w[0] & 0x0F) << 12) | (usize::from(w[1] & 0x3F) << 6) | usize::from(w[2] & 0x3F);
            let kind = if w[0] & 0xF0 == 0xE0 { kinds[code] } else { 0 };
            if kind >= BMP_VARIANT || w[0] >= 0xF0 {
                candidates.push(r.start + tail + j);
            }
        }
    }
    // The characters of four come after those of three.
    candidates.sort_unstable();
    for i in candidates {
        let Some(c) = text[i..].chars().next() else { continue };
        // A compatibility form stands for its unified character.
        let key = if rules.compat_ideographs && c as u32 >= 0xF900 {
            crate::text::script::unified(c).unwrap_or(c)
        } else {
            c
        };
        let Some(v) = rules.variants.get(key) else { continue };
        let end = i + c.len_utf8();
        let e = match v {
            Variant::One(s) => Edit::replace(
                i,
                end,
                s.encode_utf8(&mut [0; 4]),
                &Why { rule: VARIANT, reason: "traditional form in a simplified page" },
            ),
            Variant::Several(s) => Edit::replace(
                i,
                end,
                s.encode_utf8(&mut [0; 4]),
                &Why { rule: VARIANT, reason: "traditional form with several simplified forms: check the word" },
            )
            .review(),
        };
        out.push(e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte scan finds what a scan of characters finds: variants of three bytes,
    /// compatibility forms, characters of four bytes, at the page's edges too.
    #[test]
    fn lead_bits_mark_the_leads_of_three() {
        for seed in 0..2000u64 {
            let word: Vec<u8> =
                (0..8u64).map(|k| (seed.wrapping_mul(0x9E37_79B9) >> (k * 3)) as u8 ^ (k * 37) as u8).collect();
            let expect = word.iter().enumerate().fold(0u64, |m, (k, &b)| m | (u64::from(b & 0xF0 == 0xE0) << k));
            assert_eq!(super::lead_bits(&word), expect, "{word:x?}");
        }
        assert_eq!(super::lead_bits("中文ab".as_bytes()), 0b0000_1001);
        assert_eq!(super::lead_bits(&[0xE0, 0xEF, 0xF0, 0xDF, 0xE5, 0x00, 0xFF, 0xE9]), 0b1001_0011);
        assert_eq!(super::four_lead_bits(&[0xE0, 0xEF, 0xF0, 0xDF, 0xF4, 0x00, 0xFF, 0x7F]), 0b0101_0100);
        for b in 0..=255u8 {
            assert_eq!(
                super::four_lead_bits(&[b, 0xFF, 0, 0xF7, b, 0x0F, 0xF0, b]) & 0b1001_0001,
                if b >= 0xF0 { 0b1001_0001 } else { 0 }
            );
        }
    }

    /// The block count with its lead masks counts what a count of characters counts,
    /// whatever the blocks' edges cut.
    #[test]
    fn block_count_is_the_character_count() {
        let rules = RuleSet::builtin().unwrap();
        let pieces = ["贏", "a", "們", "，", "国", "發", "ｈ", " ", "\n", "é", "\u{FFFD}", "说", "這"];
        for seed in 0..300usize {
            let mut text = String::new();
            for i in 0..seed * 3 {
                text.push_str(pieces[(i * 7 + i * i / 5 + seed) % pieces.len()]);
            }
            let (bt, bs, odd) = count_chunk(text.as_bytes(), rules.variants.bmp_kinds());
            assert!(!odd, "{text:?}");
            assert_eq!((bt, bs), tally(&text, &rules), "{text:?}");
            for odd_one in ["𠮷", "\u{F9D1}"] {
                let at = (seed * 5) % (text.len() + 1);
                let at = (at..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap();
                let with = format!("{}{odd_one}{}", &text[..at], &text[at..]);
                assert!(count_chunk(with.as_bytes(), rules.variants.bmp_kinds()).2, "{with:?}");
            }
        }
    }

    #[test]
    fn byte_scan_is_the_character_scan() {
        let rules = RuleSet::builtin().unwrap();
        let pieces =
            ["贏", "a", "們", "\u{F9D1}", "\u{2F81A}", "𠮷", "，", "国", "發", "ｈ", " ", "\n", "é", "\u{FFFD}"];
        let (mut text, mut seen) = (String::new(), false);
        for i in 0..400usize {
            text.push_str(pieces[(i * 7 + i / 13) % pieces.len()]);
            let page = LogicalPage::new(&text, &[], &[]);
            let mut got = Vec::new();
            propose(&page, &rules, &Script::whole(false, text.len()), &mut got);
            let mut want = Vec::new();
            for (i, c) in text.char_indices().filter(|&(_, c)| c as u32 >= 0x3400) {
                let key = if c as u32 >= 0xF900 { crate::text::script::unified(c).unwrap_or(c) } else { c };
                if rules.variants.get(key).is_some() {
                    want.push((i, i + c.len_utf8()));
                }
            }
            assert_eq!(got.iter().map(|e| (e.start(), e.end())).collect::<Vec<_>>(), want, "{text:?}");
            // Where the script count saw no candidate, the pass need not look.
            let mut only = Vec::new();
            let counted = Script::counted(false, script_verdict(&text, &rules), text.len());
            propose(&page, &rules, &counted, &mut only);
            assert_eq!(only.iter().map(|e| (e.start(), e.end())).collect::<Vec<_>>(), want, "{text:?}");
            // A chunk the byte count cannot judge is counted again by characters.
            let (bt, bs, odd) = count_chunk(text.as_bytes(), rules.variants.bmp_kinds());
            assert!(odd || (bt, bs) == tally(&text, &rules), "{text:?}");
            seen |= !want.is_empty() && !odd;
        }
        assert!(seen);
    }

    /// The count that stops once the verdict is settled agrees with the full count, and
    /// the settled prefix is a prefix whose verdict nothing removed after it can change.
    #[test]
    fn early_verdict_is_the_full_count() {
        let rules = RuleSet::builtin().unwrap();
        let (trad, simp, neutral) = ("們這說國會", "们这说国会", "的一是在了");
        for t in 0..12usize {
            for s in [0usize, 1, 5, 40, 300, 1200, 2500] {
                let mut text = String::new();
                for i in 0..(t * 40 + s) {
                    let pick = if i % (s / (t + 1) + 1) == 0 && i / 40 < t { trad } else { simp };
                    text.push(pick.chars().nth(i % 5).unwrap());
                    text.push(neutral.chars().nth(i % 5).unwrap());
                    if i % 17 == 0 {
                        text.push_str("，ab ");
                    }
                }
                let (tc, sc) = tally_upto(&text, &rules, ENOUGH);
                let whole = script_verdict(&text, &rules);
                // The variant pass finds as much where the count says to look.
                let page = LogicalPage::new(&text, &[], &[]);
                let (mut all, mut looked) = (Vec::new(), Vec::new());
                propose(&page, &rules, &Script::whole(false, text.len()), &mut all);
                propose(&page, &rules, &Script::counted(false, whole.clone(), text.len()), &mut looked);
                assert!(all.iter().map(|e| e.range()).eq(looked.iter().map(|e| e.range())), "t {t} s {s}");
                let (v, at) = (whole.traditional, whole.settled);
                assert_eq!(v, traditional(tc, sc, &rules), "t {t} s {s}");
                assert!(text.is_char_boundary(at));
                let cut = text.len() - (text.len() - at) / 2;
                let cut = (cut..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap();
                assert_eq!(
                    is_traditional_without(&text, std::slice::from_ref(&(cut..text.len())), &rules, &whole),
                    v,
                    "t {t} s {s}"
                );
                // Spans removed anywhere: the counts without them, or a recount, give
                // the verdict of the text left.
                let bound = |i: usize| (i..=text.len()).find(|&j| text.is_char_boundary(j)).unwrap();
                // A short span early and one late leave the count to go on over a part
                // followed by more text than it holds.
                for (a, b, c, d) in [(7, 5, 3, 2), (100, 50, 2, 2), (40, 30, 20, 19)] {
                    let removed = [
                        bound(text.len() / a)..bound(text.len() / b),
                        bound(text.len() / c)..bound((text.len() / d + 3).min(text.len())).max(bound(text.len() / c)),
                    ];
                    let kept: String =
                        [&text[..removed[0].start], &text[removed[0].end..removed[1].start], &text[removed[1].end..]]
                            .concat();
                    assert_eq!(
                        is_traditional_without(&text, &removed, &rules, &whole),
                        verdict(&[&kept], &rules).traditional,
                        "t {t} s {s} removed {removed:?}"
                    );
                }
            }
        }
    }
}
