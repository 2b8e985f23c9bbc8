//! Levenshtein distance and alignment over code points, computed the way rapidfuzz
//! (3.x, rapidfuzz-cpp) computes them, so that `eval` picks the very same optimal
//! alignment as `../shared/tools/score.py` when several are optimal: paragraph-boundary
//! F1 depends on that choice.
//!
//! The steps follow rapidfuzz-cpp's `levenshtein_editops`: strip the common affix, then
//! either record Hyyrö's bit-parallel matrix (one word, a narrow band, or blocks with
//! Ukkonen's band) and walk it back from the end, or, when that matrix would pass 1 MiB,
//! split at a Hirschberg point found from a forward and a backward bit row and recurse.
//! The band limits, the split rule and the backtrace's order of preference (deletion,
//! then insertion, then diagonal) decide which alignment comes out, so each is kept as
//! rapidfuzz has it, and the result is checked against rapidfuzz by the tests.

use std::collections::HashMap;

/// One edit turning `s1` into `s2`: positions are in `s1` (`src`) and `s2` (`dest`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EditOp {
    pub kind: Tag,
    pub src: usize,
    pub dest: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Equal,
    Replace,
    Insert,
    Delete,
}

impl Tag {
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::Equal => "equal",
            Tag::Replace => "replace",
            Tag::Insert => "insert",
            Tag::Delete => "delete",
        }
    }
}

/// A block of the alignment: `s1[src.0..src.1]` becomes `s2[dest.0..dest.1]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opcode {
    pub tag: Tag,
    pub src: (usize, usize),
    pub dest: (usize, usize),
}

const WORD: usize = 64;

/// Where each character occurs in a pattern, for the bit vectors of one 64-position word
/// at a time. Positions rather than a dense table: a page has thousands of distinct
/// characters, and a dense table would be characters × words.
struct Positions {
    index: HashMap<u32, usize>,
    starts: Vec<usize>,
    positions: Vec<usize>,
}

impl Positions {
    fn new(s: &[u32]) -> Self {
        let mut index: HashMap<u32, usize> = HashMap::new();
        let mut counts: Vec<usize> = Vec::new();
        for &c in s {
            let k = *index.entry(c).or_insert_with(|| {
                counts.push(0);
                counts.len() - 1
            });
            counts[k] += 1;
        }
        let mut starts = Vec::with_capacity(counts.len() + 1);
        let mut total = 0;
        for &n in &counts {
            starts.push(total);
            total += n;
        }
        starts.push(total);
        let mut fill = starts.clone();
        let mut positions = vec![0; total];
        for (i, c) in s.iter().enumerate() {
            let k = index[c];
            positions[fill[k]] = i;
            fill[k] += 1;
        }
        Positions { index, starts, positions }
    }

    fn of(&self, c: u32) -> &[usize] {
        match self.index.get(&c) {
            Some(&k) => &self.positions[self.starts[k]..self.starts[k + 1]],
            None => &[],
        }
    }
}

/// The match bits of one character, word after word: a cursor over its positions, since
/// a row visits its band's words in increasing order.
struct WordBits<'a> {
    pos: &'a [usize],
    k: usize,
}

impl WordBits<'_> {
    fn word(&mut self, word: usize) -> u64 {
        let lo = word * WORD;
        while self.k < self.pos.len() && self.pos[self.k] < lo {
            self.k += 1;
        }
        let mut bits = 0;
        while self.k < self.pos.len() && self.pos[self.k] < lo + WORD {
            bits |= 1 << (self.pos[self.k] - lo);
            self.k += 1;
        }
        bits
    }
}

/// A bit matrix whose rows each start at their own column offset, as rapidfuzz records
/// the band. Reads past a row's words fall into the next row, as they do there.
struct Shifted {
    cols: usize,
    data: Vec<u64>,
    offsets: Vec<isize>,
}

impl Shifted {
    fn new(rows: usize, cols: usize, fill: u64) -> Self {
        Shifted { cols, data: vec![fill; rows * cols], offsets: vec![0; rows] }
    }

    fn set(&mut self, row: usize, word: usize, v: u64) {
        if word < self.cols {
            self.data[row * self.cols + word] = v;
        }
    }

    fn test(&self, row: usize, col: usize) -> bool {
        let offset = self.offsets[row];
        let col = if offset < 0 {
            col + offset.unsigned_abs()
        } else if col >= offset as usize {
            col - offset as usize
        } else {
            return false;
        };
        let i = row * self.cols + col / WORD;
        self.data.get(i).is_some_and(|w| w & (1 << (col % WORD)) != 0)
    }
}

struct Matrix {
    vp: Shifted,
    vn: Shifted,
    dist: usize,
}

fn shr(a: u64, shift: isize) -> u64 {
    if (0..64).contains(&shift) {
        a >> shift
    } else {
        0
    }
}

/// One-word Hyyrö for `s1` of at most 64 characters, recording every column.
fn single_word(s1: &[u32], s2: &[u32]) -> Matrix {
    let mut pm: HashMap<u32, u64> = HashMap::new();
    for (i, &c) in s1.iter().enumerate() {
        *pm.entry(c).or_insert(0) |= 1 << i;
    }
    let mut vp = !0u64;
    let mut vn = 0u64;
    let mut m = Matrix { vp: Shifted::new(s2.len(), 1, !0), vn: Shifted::new(s2.len(), 1, 0), dist: s1.len() };
    let mask = 1u64 << (s1.len() - 1);
    for (i, c) in s2.iter().enumerate() {
        let x = pm.get(c).copied().unwrap_or(0);
        let d0 = ((x & vp).wrapping_add(vp) ^ vp) | x | vn;
        let mut hp = vn | !(d0 | vp);
        let mut hn = d0 & vp;
        m.dist += usize::from(hp & mask != 0);
        m.dist -= usize::from(hn & mask != 0);
        hp = (hp << 1) | 1;
        hn <<= 1;
        vp = hn | !(d0 | hp);
        vn = hp & d0;
        m.vp.set(i, 0, vp);
        m.vn.set(i, 0, vn);
    }
    m
}

/// Hyyrö's diagonal band of at most 64 cells (distance at most 31), recording the band.
fn small_band(s1: &[u32], s2: &[u32], max: usize) -> Matrix {
    let mut vp = !0u64 << (64 - max - 1);
    let mut vn = 0u64;
    let mut m = Matrix { vp: Shifted::new(s2.len(), 1, !0), vn: Shifted::new(s2.len(), 1, 0), dist: max };
    let start = max as isize + 2 - 64;
    for i in 0..s2.len() {
        m.vp.offsets[i] = start + i as isize;
        m.vn.offsets[i] = start + i as isize;
    }
    let diagonal = 1u64 << 63;
    let mut horizontal = 1u64 << 62;
    let break_score = 2 * max + s2.len() - s1.len();
    let mut pm: HashMap<u32, (isize, u64)> = HashMap::new();
    let mut k = 0;
    let add = |pm: &mut HashMap<u32, (isize, u64)>, c: u32, at: isize| {
        let x = pm.entry(c).or_insert((0, 0));
        x.1 = shr(x.1, at - x.0) | (1 << 63);
        x.0 = at;
    };
    for j in -(max as isize)..0 {
        add(&mut pm, s1[k], j);
        k += 1;
    }
    let mut i = 0;
    while i < s2.len() {
        let diagonal_phase = i < s1.len() - max;
        if k < s1.len() {
            add(&mut pm, s1[k], i as isize);
            k += 1;
        }
        let x = pm.get(&s2[i]).map_or(0, |&(at, bits)| shr(bits, i as isize - at));
        let d0 = ((x & vp).wrapping_add(vp) ^ vp) | x | vn;
        let hp = vn | !(d0 | vp);
        let hn = d0 & vp;
        if diagonal_phase {
            m.dist += usize::from(d0 & diagonal == 0);
        } else {
            m.dist += usize::from(hp & horizontal != 0);
            m.dist -= usize::from(hn & horizontal != 0);
            horizontal >>= 1;
        }
        if m.dist > break_score {
            m.dist = max + 1;
            return m;
        }
        vp = hn | !((d0 >> 1) | hp);
        vn = (d0 >> 1) & hp;
        m.vp.set(i, 0, vp);
        m.vn.set(i, 0, vn);
        i += 1;
    }
    if m.dist > max {
        m.dist = max + 1;
    }
    m
}

/// The bit row that the Hirschberg split reads: the band's blocks at `stop_row`.
struct BitRow {
    first_block: usize,
    last_block: usize,
    prev_score: usize,
    vecs: Vec<(u64, u64)>,
}

struct BlockOut {
    dist: usize,
    matrix: Option<Matrix>,
    row: Option<BitRow>,
}

/// Hyyrö's multi-word algorithm with Ukkonen's band, as rapidfuzz runs it: optionally
/// recording the band (for the backtrace) or stopping at `stop_row` with its bit row.
fn block(s1: &[u32], s2: &[u32], mut max: usize, record: bool, stop_row: Option<usize>) -> BlockOut {
    let (len1, len2) = (s1.len(), s2.len());
    let mut out = BlockOut { dist: 0, matrix: None, row: None };
    if max < len1.abs_diff(len2) {
        out.dist = max + 1;
        return out;
    }
    let pm = Positions::new(s1);
    let words = len1.div_ceil(WORD);
    let mut vecs = vec![(!0u64, 0u64); words];
    let mut scores: Vec<usize> = (0..words).map(|i| (i + 1) * WORD).collect();
    scores[words - 1] = len1;
    let last = 1u64 << ((len1 - 1) % WORD);
    let mut matrix = record.then(|| {
        let full_band = len1.min(2 * max + 1);
        let cols = words.min(full_band / WORD + 2);
        Matrix { vp: Shifted::new(len2, cols, !0), vn: Shifted::new(len2, cols, 0), dist: 0 }
    });
    max = max.min(len1.max(len2));
    let mut first_block = 0usize;
    let mut last_block = words.min((max.min((max + len1 - len2) / 2) + 1).div_ceil(WORD)) - 1;
    let row_num = |word: usize| if word + 1 == words { len1 - 1 } else { (word + 1) * WORD - 1 };

    for (row, &c) in s2.iter().enumerate() {
        let mut hp_carry = 1u64;
        let mut hn_carry = 0u64;
        if let Some(m) = matrix.as_mut() {
            m.vp.offsets[row] = (first_block * WORD) as isize;
            m.vn.offsets[row] = (first_block * WORD) as isize;
        }
        let pos = pm.of(c);
        let mut bits = WordBits { pos, k: pos.partition_point(|&p| p < first_block * WORD) };
        let mut advance = |word: usize, hp_carry: &mut u64, hn_carry: &mut u64, vecs: &mut [(u64, u64)]| -> i64 {
            let x = bits.word(word) | *hn_carry;
            let (vp, vn) = vecs[word];
            let d0 = ((x & vp).wrapping_add(vp) ^ vp) | x | vn;
            let mut hp = vn | !(d0 | vp);
            let mut hn = d0 & vp;
            let (hp_in, hn_in) = (*hp_carry, *hn_carry);
            if word < words - 1 {
                *hp_carry = hp >> 63;
                *hn_carry = hn >> 63;
            } else {
                *hp_carry = u64::from(hp & last != 0);
                *hn_carry = u64::from(hn & last != 0);
            }
            hp = (hp << 1) | hp_in;
            hn = (hn << 1) | hn_in;
            vecs[word] = (hn | !(d0 | hp), hp & d0);
            if let Some(m) = matrix.as_mut() {
                m.vp.set(row, word - first_block, vecs[word].0);
                m.vn.set(row, word - first_block, vecs[word].1);
            }
            *hp_carry as i64 - *hn_carry as i64
        };
        for (word, score) in scores.iter_mut().enumerate().take(last_block + 1).skip(first_block) {
            *score = (*score as i64 + advance(word, &mut hp_carry, &mut hn_carry, &mut vecs)) as usize;
        }
        max = (max as isize).min(
            scores[last_block] as isize
                + (len2 as isize - row as isize - 1).max(len1 as isize - (((1 + last_block) * WORD - 1) as isize - 1)),
        ) as usize;

        if last_block + 1 < words {
            let cond = (max + 2 * WORD + row + len1) as isize - (scores[last_block] + 2 + len2) as isize;
            if (row_num(last_block) as isize) < cond {
                last_block += 1;
                vecs[last_block] = (!0, 0);
                let chars = if last_block + 1 == words { (len1 - 1) % WORD + 1 } else { WORD };
                scores[last_block] = scores[last_block - 1] + chars - hp_carry as usize + hn_carry as usize;
                scores[last_block] =
                    (scores[last_block] as i64 + advance(last_block, &mut hp_carry, &mut hn_carry, &mut vecs)) as usize;
            }
        }

        let Some((first, last)) = narrow_band(&scores, (first_block, last_block), max, row, (len1, len2)) else {
            out.dist = max + 1;
            return out;
        };
        (first_block, last_block) = (first, last);

        if stop_row == Some(row) {
            let prev_score = if first_block == 0 {
                row + 1
            } else {
                let relevant = ((first_block + 1) * WORD).min(len1) % WORD;
                let mask = if relevant == 0 { !0u64 } else { !0u64 >> (WORD - relevant) };
                let (vp, vn) = vecs[first_block];
                (scores[first_block] + (vn & mask).count_ones() as usize)
                    .wrapping_sub((vp & mask).count_ones() as usize)
            };
            out.row = Some(BitRow { first_block, last_block, prev_score, vecs });
            out.dist = 0;
            return out;
        }
    }
    out.dist = scores[words - 1];
    if out.dist > max {
        out.dist = max + 1;
    }
    if let Some(mut m) = matrix {
        m.dist = out.dist;
        out.matrix = Some(m);
    }
    out
}

/// The blocks of the band still worth computing after `row`, as rapidfuzz narrows it:
/// from the last block down and the first block up, those whose score can still stay
/// within `max`. None when the band shrinks to nothing: the distance is over `max`.
fn narrow_band(
    scores: &[usize],
    (mut first_block, last_block): (usize, usize),
    max: usize,
    row: usize,
    (len1, len2): (usize, usize),
) -> Option<(usize, usize)> {
    let words = scores.len();
    let row_num = |word: usize| if word + 1 == words { len1 - 1 } else { (word + 1) * WORD - 1 };
    // Signed, so that a band shrinking to nothing ends the loop instead of wrapping.
    let mut lb = last_block as isize;
    while lb >= first_block as isize {
        let b = lb as usize;
        let in1 = scores[b] < max + WORD;
        let cond = (max + 2 * WORD + row + len1 + 1) as isize - (scores[b] + 2 + len2) as isize;
        if in1 && row_num(b) as isize <= cond {
            break;
        }
        lb -= 1;
    }
    while first_block as isize <= lb {
        let b = first_block;
        let in1 = scores[b] < max + WORD;
        let cond = (scores[b] + len1 + row) as isize - (max + len2) as isize;
        if in1 && row_num(b) as isize >= cond {
            break;
        }
        first_block += 1;
    }
    (lb >= first_block as isize).then_some((first_block, lb as usize))
}

/// The Levenshtein distance of two code-point strings.
pub fn distance(a: &[u32], b: &[u32]) -> usize {
    let (a, b, _) = strip_affix(a, b);
    if a.is_empty() || b.is_empty() {
        return a.len() + b.len();
    }
    // The longer string as the pattern keeps the band's bookkeeping simple; the
    // distance is symmetric.
    let (p, t) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    block(p, t, p.len(), false, None).dist
}

/// rapidfuzz's `Levenshtein.normalized_similarity`: 1 - distance / longer length.
pub(crate) fn normalized_similarity(a: &[u32], b: &[u32]) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - distance(a, b) as f64 / longest as f64
}

fn strip_affix<'a>(a: &'a [u32], b: &'a [u32]) -> (&'a [u32], &'a [u32], usize) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    (&a[..a.len() - suffix], &b[..b.len() - suffix], prefix)
}

/// The edit operations turning `s1` into `s2`, exactly as rapidfuzz's
/// `Levenshtein.editops(s1, s2)` lists them.
pub(crate) fn editops(s1: &[u32], s2: &[u32]) -> Vec<EditOp> {
    let mut ops = Vec::new();
    let max = s1.len().max(s2.len());
    align_split(&mut ops, s1, s2, 0, 0, 0, max);
    ops
}

/// rapidfuzz's `Levenshtein.opcodes(s1, s2)`.
pub fn opcodes(s1: &[u32], s2: &[u32]) -> Vec<Opcode> {
    to_opcodes(&editops(s1, s2), s1.len(), s2.len())
}

/// Runs of edit operations with the equal stretches between them, as rapidfuzz converts.
pub(crate) fn to_opcodes(ops: &[EditOp], src_len: usize, dest_len: usize) -> Vec<Opcode> {
    let mut out = Vec::new();
    let (mut src, mut dest) = (0, 0);
    let mut i = 0;
    while i < ops.len() {
        if src < ops[i].src || dest < ops[i].dest {
            out.push(Opcode { tag: Tag::Equal, src: (src, ops[i].src), dest: (dest, ops[i].dest) });
            src = ops[i].src;
            dest = ops[i].dest;
        }
        let (src0, dest0) = (src, dest);
        let tag = ops[i].kind;
        while i < ops.len() && ops[i].kind == tag && ops[i].src == src && ops[i].dest == dest {
            match tag {
                Tag::Replace => {
                    src += 1;
                    dest += 1;
                }
                Tag::Insert => dest += 1,
                Tag::Delete => src += 1,
                Tag::Equal => {}
            }
            i += 1;
        }
        out.push(Opcode { tag, src: (src0, src), dest: (dest0, dest) });
    }
    if src < src_len || dest < dest_len {
        out.push(Opcode { tag: Tag::Equal, src: (src, src_len), dest: (dest, dest_len) });
    }
    out
}

fn put(ops: &mut [EditOp], at: usize, kind: Tag, src: usize, dest: usize) {
    ops[at] = EditOp { kind, src, dest };
}

#[allow(clippy::too_many_arguments)]
fn align_split(
    ops: &mut Vec<EditOp>,
    s1: &[u32],
    s2: &[u32],
    src_pos: usize,
    dest_pos: usize,
    op_pos: usize,
    max: usize,
) {
    let (s1, s2, prefix) = strip_affix(s1, s2);
    let (src_pos, dest_pos) = (src_pos + prefix, dest_pos + prefix);
    let max = max.min(s1.len().max(s2.len()));
    let full_band = s1.len().min(2 * max + 1);
    let matrix_bytes = 2 * full_band * s2.len() / 8;
    if matrix_bytes < 1024 * 1024 || s1.len() < 65 || s2.len() < 10 {
        align(ops, s1, s2, max, src_pos, dest_pos, op_pos);
        return;
    }
    let h = hirschberg_point(s1, s2, max);
    if ops.is_empty() {
        ops.resize(h.left + h.right, EditOp { kind: Tag::Equal, src: 0, dest: 0 });
    }
    align_split(ops, &s1[..h.s1_mid], &s2[..h.s2_mid], src_pos, dest_pos, op_pos, h.left);
    align_split(
        ops,
        &s1[h.s1_mid..],
        &s2[h.s2_mid..],
        src_pos + h.s1_mid,
        dest_pos + h.s2_mid,
        op_pos + h.left,
        h.right,
    );
}

fn align(ops: &mut Vec<EditOp>, s1: &[u32], s2: &[u32], max: usize, src_pos: usize, dest_pos: usize, op_pos: usize) {
    let max = max.min(s1.len().max(s2.len()));
    let full_band = s1.len().min(2 * max + 1);
    let m = if s1.is_empty() || s2.is_empty() {
        Matrix { vp: Shifted::new(0, 0, 0), vn: Shifted::new(0, 0, 0), dist: s1.len() + s2.len() }
    } else if s1.len() <= 64 {
        single_word(s1, s2)
    } else if full_band <= 64 {
        small_band(s1, s2, max)
    } else {
        match block(s1, s2, max, true, None).matrix {
            Some(m) => m,
            None => return,
        }
    };
    if m.dist == 0 {
        return;
    }
    if ops.is_empty() {
        ops.resize(m.dist, EditOp { kind: Tag::Equal, src: 0, dest: 0 });
    }
    backtrace(ops, s1, s2, &m, src_pos, dest_pos, op_pos);
}

/// Walk the recorded matrix back from the end: a deletion when the cell to the left is
/// one less, else an insertion when the row above says so, else the diagonal.
fn backtrace(ops: &mut [EditOp], s1: &[u32], s2: &[u32], m: &Matrix, src_pos: usize, dest_pos: usize, op_pos: usize) {
    let mut dist = m.dist;
    let (mut col, mut row) = (s1.len(), s2.len());
    while row > 0 && col > 0 {
        if m.vp.test(row - 1, col - 1) {
            dist -= 1;
            col -= 1;
            put(ops, op_pos + dist, Tag::Delete, col + src_pos, row + dest_pos);
        } else {
            row -= 1;
            if row > 0 && m.vn.test(row - 1, col - 1) {
                dist -= 1;
                put(ops, op_pos + dist, Tag::Insert, col + src_pos, row + dest_pos);
            } else {
                col -= 1;
                if s1[col] != s2[row] {
                    dist -= 1;
                    put(ops, op_pos + dist, Tag::Replace, col + src_pos, row + dest_pos);
                }
            }
        }
    }
    while col > 0 {
        dist -= 1;
        col -= 1;
        put(ops, op_pos + dist, Tag::Delete, col + src_pos, row + dest_pos);
    }
    while row > 0 {
        dist -= 1;
        row -= 1;
        put(ops, op_pos + dist, Tag::Insert, col + src_pos, row + dest_pos);
    }
}

struct SplitPoint {
    left: usize,
    right: usize,
    s1_mid: usize,
    s2_mid: usize,
}

fn hirschberg_point(s1: &[u32], s2: &[u32], max: usize) -> SplitPoint {
    let len1 = s1.len();
    let left_size = s2.len() / 2;
    let right_size = s2.len() - left_size;
    let mut h = SplitPoint { left: 0, right: 0, s1_mid: 0, s2_mid: left_size };
    let r1: Vec<u32> = s1.iter().rev().copied().collect();
    let r2: Vec<u32> = s2.iter().rev().copied().collect();
    let right = block(&r1, &r2, max, false, Some(right_size - 1));
    let Some(right_row) = right.row.filter(|_| right.dist <= max) else {
        return hirschberg_point(s1, s2, max * 2);
    };
    let right_first = right_row.first_block * WORD;
    let right_last = len1.min(right_row.last_block * WORD + WORD);
    let mut right_scores = vec![0usize; right_last - right_first + 1];
    right_scores[0] = right_row.prev_score;
    for i in right_first..right_last {
        let bit = 1u64 << (i % WORD);
        let (vp, vn) = right_row.vecs[i / WORD];
        let k = i - right_first;
        right_scores[k + 1] =
            right_scores[k].wrapping_sub(usize::from(vn & bit != 0)).wrapping_add(usize::from(vp & bit != 0));
    }

    let left = block(s1, s2, max, false, Some(left_size - 1));
    let Some(left_row) = left.row.filter(|_| left.dist <= max) else {
        return hirschberg_point(s1, s2, max * 2);
    };
    let left_first = left_row.first_block * WORD;
    let left_last = len1.min(left_row.last_block * WORD + WORD);
    let mut left_score = left_row.prev_score;
    let mut best = usize::MAX;
    for i in left_first..left_last {
        let bit = 1u64 << (i % WORD);
        let (vp, vn) = left_row.vecs[i / WORD];
        left_score = left_score.wrapping_sub(usize::from(vn & bit != 0)).wrapping_add(usize::from(vp & bit != 0));
        if len1 < i + 1 + right_first {
            continue;
        }
        let ri = len1 - i - 1 - right_first;
        if ri >= right_scores.len() {
            continue;
        }
        let total = right_scores[ri].wrapping_add(left_score);
        if total < best {
            best = total;
            h.left = left_score;
            h.right = right_scores[ri];
            h.s1_mid = i + 1;
        }
    }
    if h.left.wrapping_add(h.right) > max {
        return hirschberg_point(s1, s2, max * 2);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(s: &str) -> Vec<u32> {
        s.chars().map(u32::from).collect()
    }

    fn ops(a: &str, b: &str) -> Vec<(&'static str, usize, usize, usize, usize)> {
        opcodes(&cps(a), &cps(b)).iter().map(|o| (o.tag.as_str(), o.src.0, o.src.1, o.dest.0, o.dest.1)).collect()
    }

    // Expected opcodes from rapidfuzz 3.14's `Levenshtein.opcodes`.
    #[test]
    fn ties_break_as_rapidfuzz_does() {
        assert_eq!(
            ops("aabb", "abab"),
            vec![
                ("equal", 0, 1, 0, 1),
                ("insert", 1, 1, 1, 2),
                ("equal", 1, 2, 2, 3),
                ("delete", 2, 3, 3, 3),
                ("equal", 3, 4, 3, 4)
            ]
        );
        assert_eq!(
            ops("甲乙甲", "乙甲乙"),
            vec![("insert", 0, 0, 0, 1), ("equal", 0, 2, 1, 3), ("delete", 2, 3, 3, 3)]
        );
        assert_eq!(ops("", "ab"), vec![("insert", 0, 0, 0, 2)]);
        assert_eq!(ops("abc", ""), vec![("delete", 0, 3, 0, 0)]);
        assert!(ops("", "").is_empty());
    }

    #[test]
    fn blocks_past_one_word() {
        let got = ops(&"abcabc".repeat(12), &format!("{}ab", "cbacba".repeat(11)));
        assert_eq!(got.len(), 91);
        assert_eq!(got[..2], [("replace", 0, 1, 0, 1), ("equal", 1, 2, 1, 2)]);
        assert_eq!(got[88..], [("replace", 68, 69, 65, 66), ("equal", 69, 71, 66, 68), ("delete", 71, 72, 68, 68)]);
        let a = format!("{}c{}", "ab".repeat(40), "ab".repeat(40));
        let b = format!("{}{}", "ba".repeat(40), "ab".repeat(40));
        assert_eq!(
            ops(&a, &b),
            vec![
                ("delete", 0, 1, 0, 0),
                ("equal", 1, 80, 0, 79),
                ("replace", 80, 81, 79, 80),
                ("equal", 81, 161, 80, 160)
            ]
        );
    }

    #[test]
    fn distances() {
        assert_eq!(distance(&cps("kitten"), &cps("sitting")), 3);
        assert_eq!(distance(&cps(""), &cps("abc")), 3);
        assert_eq!(distance(&cps("报纸"), &cps("报纸")), 0);
        assert_eq!(normalized_similarity(&cps(""), &cps("")), 1.0);
        assert_eq!(normalized_similarity(&cps("abcd"), &cps("abce")), 0.75);
    }
}
