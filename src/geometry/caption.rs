//! Photo captions: what a caption is (a run of short lines ending in a photo's credit,
//! or opening on `图为` or `▲`), and where the page's caption is read: after the text
//! over its photo, the article the photo belongs to, even where the cut read it in a
//! band of its own at the foot of the page.

use super::heading::Measures;
use super::lines::line_text;
use super::{cmp_f64, extent, BBox, OcrLine};

/// The photo captions of a region (`texts`: its lines'), as runs of its lines ending in
/// a photo's credit (`记者 王五 摄`, `CFP供图`, `（资料图片）`): lines set smaller than
/// the text (the credit's own line aside), or lines from one that opens on `图为` on. At
/// most so many lines: a caption is short.
pub(super) fn captions(
    region: &[usize],
    texts: &[String],
    lines: &[OcrLine],
    m: &Measures,
    piece: bool,
) -> Vec<std::ops::Range<usize>> {
    let small = |k: usize| m.small_set(&lines[region[k]]);
    // A region of a few lines that ends in a credit is a caption set apart from the
    // text (under a photo over several columns), whatever its type size; not the end
    // of a line cut at a gutter (`piece`), which goes on with its row.
    if !piece && region.len() <= CAPTION_LINES && credited_at(texts, region.len() - 1) {
        return std::iter::once(0..region.len()).collect();
    }
    let mut out = Vec::new();
    let mut k = 0;
    while k < region.len() {
        let opens = opens_caption(&texts[k]);
        // The credit's line may measure as the text's: `CFP`, a name's spaces.
        let mut end = None;
        for j in (k..region.len()).take(CAPTION_LINES) {
            let set = opens || small(j);
            if credited_at(texts, j) && (set || j > k) {
                end = Some(j + 1);
                break;
            }
            if !set {
                break;
            }
        }
        match end {
            Some(end) => {
                out.push(k..end);
                k = end;
            }
            None => k += 1,
        }
    }
    out
}

/// The most lines a caption holds.
const CAPTION_LINES: usize = 4;

/// Does a caption open on this line (`图为……`, or the triangle that points up at the
/// photo, `▲……`)?
pub(super) fn opens_caption(t: &str) -> bool {
    let t = t.trim_start();
    t.starts_with("图为") || t.starts_with("圖為") || t.starts_with(['▲', '△'])
}

/// Does the line end in a photo's credit: `摄`, `图片`, `供图`, an agency's `新华社发`,
/// bracketed or not?
pub(super) fn credited(t: &str) -> bool {
    let t = t.trim_end();
    let t = t.strip_suffix(['）', ')']).unwrap_or(t).trim_end();
    t.ends_with(['摄', '攝']) || ["图片", "圖片", "供图", "供圖", "社发", "社發"].iter().any(|w| t.ends_with(w))
}

/// Does line `j` of `texts` end a photo's credit, alone or with the line before it
/// (the credit wrapped: `（资料图` ⏎ `片）`)?
fn credited_at(texts: &[String], j: usize) -> bool {
    let Some(t) = texts.get(j) else { return false };
    if credited(t) {
        return true;
    }
    let short = t.trim().chars().count() <= WRAPPED_CREDIT;
    short && j > 0 && credited(&[texts[j - 1].trim_end(), t.trim()].concat())
}

/// The most characters of a credit's end wrapped onto a line of its own (`片）`, `社发`).
const WRAPPED_CREDIT: usize = 3;

/// The regions in reading order, each caption alone in its region moved to just after
/// the region of text nearest over it (over its photo), unless text goes on right under
/// it (its article's, whose photo and caption open it). The flow holds a caption to the
/// end of its article, so it goes there, not to the end of whatever module the cut read
/// before it (one beside its photo, or none: a band of its own at the page's foot).
pub(super) fn under_their_photos(mut regions: Vec<Vec<usize>>, lines: &[OcrLine], m: &Measures) -> Vec<Vec<usize>> {
    // Each region's box, measured once and moved with it.
    let mut boxes: Vec<BBox> = regions.iter().map(|g| extent(g.iter().map(|&i| lines[i].bbox))).collect();
    for r in 1..regions.len() {
        if !is_caption(&regions[r], lines, m) {
            continue;
        }
        if let Some(t) = text_over(&regions, &boxes, r, lines, m).filter(|&t| t + 1 < r) {
            let caption = regions.remove(r);
            regions.insert(t + 1, caption);
            let b = boxes.remove(r);
            boxes.insert(t + 1, b);
        }
    }
    regions
}

/// Is the region a caption alone: a few lines, opening on `图为` or ending in a credit?
fn is_caption(region: &[usize], lines: &[OcrLine], m: &Measures) -> bool {
    if region.is_empty() || region.len() > CAPTION_LINES {
        return false;
    }
    let texts: Vec<String> = region.iter().map(|&i| line_text(&lines[i], m.body, m.glyphs)).collect();
    opens_caption(&texts[0]) || credited_at(&texts, texts.len() - 1)
}

/// The region read before the `r`th that stands nearest over it (`boxes`: the
/// regions'), across some of its width; none when the region read after it is text
/// across its width (lines of the text's height, not a headline's).
fn text_over(regions: &[Vec<usize>], boxes: &[BBox], r: usize, lines: &[OcrLine], m: &Measures) -> Option<usize> {
    let c = boxes[r];
    let across = |b: &BBox| b.x0.max(c.x0) < b.x1.min(c.x1);
    let goes_on = regions.get(r + 1).is_some_and(|next| {
        let first = next.iter().map(|&i| &lines[i]).min_by(|a, b| cmp_f64(a.bbox.y0, b.bbox.y0));
        across(&boxes[r + 1]) && first.is_some_and(|l| l.bbox.height() <= m.body * 1.3)
    });
    if goes_on {
        return None;
    }
    let over = (0..r).filter(|&k| across(&boxes[k]) && boxes[k].y1 <= c.y0);
    over.max_by(|&a, &b| cmp_f64(boxes[a].y1, boxes[b].y1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credit_wrapped_onto_a_line_of_its_own_still_closes_the_caption() {
        let lines = |a: &str, b: &str| vec![a.to_string(), b.to_string()];
        assert!(credited_at(&lines("今天我对自己说。（资料图", "片）"), 1));
        assert!(credited_at(&lines("会场一角。新华社", "发"), 1));
        assert!(credited_at(&lines("图为会场一角。", "王五　摄"), 1));
        // A short line of text after a line ending in `图` is no credit.
        assert!(!credited_at(&lines("他指着墙上的一幅图", "片子"), 1));
        assert!(!credited_at(&lines("资料图", "片刻之后，他说"), 1));
    }
}
