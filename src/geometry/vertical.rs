//! Vertical pages: Chinese set top to bottom in columns read right to left, the page
//! cut into tiers by rules, as newspapers were before the 1950s and Hong Kong and
//! Taiwan papers long after. A page whose lines mostly stand tall (or that the file
//! marks vertical) has its columns turned a quarter, so that each reads as a line does,
//! the rightmost on top, and the geometry of horizontal pages orders and lays them out:
//! the page's tiers are then the turned page's columns, cut first and read left to
//! right (top to bottom on the page), its article blocks the bands of a tier, and a
//! column that starts a cell lower opens a paragraph as an indented line does, unless
//! the column before ran to the block's foot (the OCR lost a first character). The
//! page's horizontal lines (a running head, a modern paper's headline over its columns)
//! are not turned: the running head comes first, each headline before the columns
//! under it.

use super::flow::Flow;
use super::heading::Measures;
use super::lines::{mend, row_between, Mended};
use super::{cmp_f64, extent, median, order, BBox, OcrLine, Placed};

/// Is the page set in vertical columns: do most of its lines of three words or more
/// stand tall, or say they are set top to bottom?
pub(super) fn is_vertical(lines: &[OcrLine]) -> bool {
    let long = lines.iter().filter(|l| l.words.len() >= 3);
    let (tall, all) = long.fold((0usize, 0usize), |(t, a), l| (t + usize::from(upright(l)), a + 1));
    all > 0 && tall * 2 > all
}

/// Is the page of this hOCR set in vertical columns (false for hOCR that does not read)?
/// `--ocr` asks it of a first reading to choose a vertical model.
pub(crate) fn hocr_is_vertical(hocr: &str) -> bool {
    super::read_hocr(hocr, "ocr").is_ok_and(|p| is_vertical(&p.lines))
}

/// A line set top to bottom: the file says so, or its box is taller than wide.
fn upright(l: &OcrLine) -> bool {
    l.vertical || l.bbox.height() > l.bbox.x1 - l.bbox.x0
}

/// Is a line of a vertical page one of its horizontal lines? Its box lies wide, and it
/// holds more than a character or lies far wider than tall: a single character's box
/// may lie either way, and stays with the columns.
fn lies_flat(l: &OcrLine, column: f64) -> bool {
    let (w, h) = (l.bbox.x1 - l.bbox.x0, l.bbox.height());
    let chars = l.char_count();
    (!upright(l) && (chars >= 2 || w > h * 2.0)) || speck_box(w, h, chars, column)
}

/// Is a character or two boxed upright a piece of the running head (its `月`): level
/// with a line of `head` (the horizontal lines of several characters above every
/// column), and beside it, no further off than that line is tall?
fn in_a_row(l: &OcrLine, head: &[&OcrLine]) -> bool {
    let b = &l.bbox;
    l.char_count() <= 2
        && head.iter().take(ROW_LOOK).any(|r| {
            let (f, h) = (&r.bbox, r.bbox.height());
            let level = (f.y1.min(b.y1) - f.y0.max(b.y0)) > b.height().min(h) * 0.5;
            let gap = (f.x0 - b.x1).max(b.x0 - f.x1);
            level && gap < h
        })
}

/// Most horizontal lines a lone upright character is weighed against: a vertical
/// page holds a running head and a few headlines.
const ROW_LOOK: usize = 64;

/// A box of a character or two far larger than they are, either way (a rule, a picture
/// or a headline in another direction read as a mark): it would hold the tiers together.
fn speck_box(w: f64, h: f64, chars: usize, column: f64) -> bool {
    chars <= 2 && column > 0.0 && w.min(h) > column * 3.0
}

/// A box turned a quarter: the page's top is the turned page's left, its right edge
/// the turned top.
fn turn(b: &BBox) -> BBox {
    BBox { x0: b.y0, x1: b.y1, y0: -b.x1, y1: -b.x0 }
}

/// A turned box back where it stands on the page.
fn unturn(b: &BBox) -> BBox {
    BBox { x0: -b.y1, x1: -b.y0, y0: b.x0, y1: b.x1 }
}

fn turn_line(l: &OcrLine) -> OcrLine {
    let words = l.words.iter().map(|w| super::Word { bbox: turn(&w.bbox), ..w.clone() }).collect();
    OcrLine { bbox: turn(&l.bbox), words, vertical: true }
}

/// How far down its block a column must start to open a paragraph, in cells (the
/// column's pitch): Tesseract's box starts at a character's ink, which a flat one
/// (`一`, `、`) starts well below its cell's top. Measured on the devset's vertical
/// pages (1- and 2-cell indents): 0.6 to 1.2 of a cell give paragraph F1 within 0.02
/// of each other (hOCR 0.54-0.56, RapidOCR 0.66), 0.45 and less 0.03 to 0.09 lower.
const INDENT_CELLS: f64 = 0.8;

/// The least gap that cuts inside a tier, in cells: the OCR breaks a column at a gap of
/// up to a cell (0.8 on the devset), as wide as a rule between two tiers leaves (1 to
/// 1.5), so tiers are cut across the whole page first. Measured on the devset's
/// vertical pages: 1.5 to 3 read hOCR alike (cer 0.166-0.167), RapidOCR best at 2 (cer
/// 0.234; 0.242 at 1.5, 0.269 at 1).
const BROKEN: f64 = 2.0;

/// The page text of a vertical page, and where each piece stands on the scan.
pub(super) fn to_text_placed(lines: &[OcrLine], glyphs: bool) -> (String, Vec<Placed>) {
    // The width of a column: its lines of several words.
    let column =
        median(lines.iter().filter(|l| l.words.len() >= 3 && upright(l)).map(|l| l.bbox.x1 - l.bbox.x0).collect());
    let (mut flat, tall): (Vec<&OcrLine>, Vec<&OcrLine>) = lines.iter().partition(|l| lies_flat(l, column));
    let top = tall.iter().filter(|l| l.char_count() >= 3).map(|l| l.bbox.y0).fold(f64::MAX, f64::min);
    let head: Vec<&OcrLine> = flat.iter().copied().filter(|r| r.bbox.y1 <= top && r.char_count() >= 3).collect();
    let (pieces, tall): (Vec<&OcrLine>, Vec<&OcrLine>) = tall.into_iter().partition(|l| in_a_row(l, &head));
    flat.extend(pieces);
    let turned: Vec<OcrLine> = tall.into_iter().map(turn_line).collect();
    let rows: Vec<OcrLine> = flat.into_iter().cloned().collect();
    let Mended { lines: mut cols, body, line_width, .. } = mend(&turned, glyphs);
    let cell = median(cols.iter().filter(|l| l.words.len() >= 3).map(super::advance).filter(|&a| a > 0.0).collect());
    let indent = if cell > 0.0 { cell * INDENT_CELLS } else { body * 1.2 };
    // Along a column the pitch tells no size: the tools cut tall boxes into cells,
    // punctuation in a cell of its own.
    let m = Measures::of(&cols, body, line_width, false, glyphs).with_indent(indent);
    // Tiers are cut at any clear strip across the whole page; inside one, a strip that
    // narrow is a column the OCR broke.
    let regions: Vec<Vec<usize>> = tiers(&mut cols, body)
        .iter()
        .flat_map(|tier| order::regions(tier, &cols, body * 0.9, Some(cell.max(body) * BROKEN)))
        .collect();
    let Rows { head, before } = place_rows(&rows, &cols, &regions, body);
    let mut page = Flow::default();
    page.columns = true;
    page.furniture_row(&head, &rows, &m);
    for (k, region) in regions.iter().enumerate() {
        if !before[k].is_empty() {
            page.new_frame();
            page.region(&before[k], &rows, &m);
            page.new_frame();
        }
        let n = page.placed_len();
        page.region(region, &cols, &m);
        page.map_placed(n, unturn);
    }
    if let Some(rest) = before.get(regions.len()).filter(|r| !r.is_empty()) {
        page.new_frame();
        page.region(rest, &rows, &m);
    }
    page.finish()
}

/// Most lines a strip between two tiers lets through, as a share of the lines across
/// a tier: RapidOCR runs a column into the next tier's now and then (one box of 40 on a
/// devset page), and no tier has so few columns running down its whole height.
const THROUGH: f64 = 0.05;

/// The turned page cut into tiers, left to right (top to bottom on the page), where a
/// strip runs down the whole page that next to no column crosses; the few that do are
/// cut in two there, their words going to the side their middle stands on. The lines'
/// ends count a character less, as in the XY cut.
fn tiers(cols: &mut Vec<OcrLine>, body: f64) -> Vec<Vec<usize>> {
    let span = |b: &BBox| {
        let m = if b.height() > body * 1.5 { 0.0 } else { body.min((b.x1 - b.x0) / 2.0) };
        (b.x0 + m, b.x1 - m)
    };
    let cuts = strips(&cols.iter().map(|l| span(&l.bbox)).collect::<Vec<_>>(), body * 0.9 * 0.4);
    for &c in &cuts {
        let crossing: Vec<usize> =
            (0..cols.len()).filter(|&i| span(&cols[i].bbox).0 < c && span(&cols[i].bbox).1 > c).collect();
        for i in crossing {
            if let Some(right) = split_at(&mut cols[i], c) {
                cols.push(right);
            }
        }
    }
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); cuts.len() + 1];
    for (i, l) in cols.iter().enumerate() {
        let mid = (l.bbox.x0 + l.bbox.x1) / 2.0;
        out[cuts.partition_point(|&c| c < mid)].push(i);
    }
    out.retain(|t| !t.is_empty());
    out
}

/// The middles of the strips at least `gap` wide that few of `spans` cross (no more
/// than [`THROUGH`] of the most that cross anywhere), between the first and the last.
fn strips(spans: &[(f64, f64)], gap: f64) -> Vec<f64> {
    let mut events: Vec<(f64, i32)> = spans.iter().flat_map(|&(a, b)| [(a, 1), (b.max(a), -1)]).collect();
    events.sort_by(|a, b| cmp_f64(a.0, b.0).then(a.1.cmp(&b.1)));
    let mut depth = 0i32;
    let mut most = 0i32;
    let mut depths = Vec::with_capacity(events.len());
    for &(x, d) in &events {
        depth += d;
        most = most.max(depth);
        depths.push((x, depth));
    }
    let allowed = (f64::from(most) * THROUGH).floor() as i32;
    let mut cuts = Vec::new();
    let mut from: Option<f64> = None;
    for (k, &(x, d)) in depths.iter().enumerate() {
        let last = k + 1 == depths.len();
        match from {
            Some(f) if d > allowed || last => {
                if x - f >= gap && !last {
                    cuts.push((f + x) / 2.0);
                }
                from = None;
            }
            None if d <= allowed && !last => from = Some(x),
            _ => {}
        }
    }
    cuts
}

/// Cut a turned line at `c`: it keeps its words left of it, and the piece right of it
/// is returned; none when all its words stand on one side.
fn split_at(l: &mut OcrLine, c: f64) -> Option<OcrLine> {
    let mid = |w: &super::Word| (w.bbox.x0 + w.bbox.x1) / 2.0;
    let (left, right): (Vec<super::Word>, Vec<super::Word>) = l.words.iter().cloned().partition(|w| mid(w) < c);
    if left.is_empty() || right.is_empty() {
        return None;
    }
    let piece = |words: Vec<super::Word>| {
        let x0 = words.iter().map(|w| w.bbox.x0).fold(f64::MAX, f64::min);
        let x1 = words.iter().map(|w| w.bbox.x1).fold(f64::MIN, f64::max);
        OcrLine { bbox: BBox { x0, x1, ..l.bbox }, words, vertical: true }
    };
    let right = piece(right);
    *l = piece(left);
    Some(right)
}

/// Where the horizontal lines go: the running head's pieces, left to right; the others
/// by the region they read before (one more list: after the last).
struct Rows {
    head: Vec<usize>,
    before: Vec<Vec<usize>>,
}

/// How far above its columns a headline stands, in body lines (a column's width): a
/// subtitle and a rule may come between.
const OVER: f64 = 8.0;

/// Most regions looked at for one headline: a headline stands over a block, and few
/// regions start right under it.
const LOOK: usize = 256;

/// The running head (the top row of horizontal lines, above every column, reaching
/// across most of the page) and, for each other horizontal line, the first region in
/// reading order whose columns start right under it (`cols` turned, `rows` not).
fn place_rows(rows: &[OcrLine], cols: &[OcrLine], regions: &[Vec<usize>], body: f64) -> Rows {
    let mut before: Vec<Vec<usize>> = vec![Vec::new(); regions.len() + 1];
    let spans: Vec<BBox> = regions.iter().map(|r| extent(r.iter().map(|&i| unturn(&cols[i].bbox)))).collect();
    let head = running_head(rows, cols, body);
    let mut by_top: Vec<usize> = (0..spans.len()).collect();
    by_top.sort_by(|&a, &b| cmp_f64(spans[a].y0, spans[b].y0));
    let tops: Vec<f64> = by_top.iter().map(|&k| spans[k].y0).collect();
    for (i, r) in rows.iter().enumerate().filter(|(i, _)| !head.contains(i)) {
        let b = r.bbox;
        let mid = (b.y0 + b.y1) / 2.0;
        let from = tops.partition_point(|&y| y < mid);
        let to = tops.partition_point(|&y| y <= b.y1 + body * OVER);
        let under = |k: &usize| {
            let s = spans[*k];
            s.x1.min(b.x1) - s.x0.max(b.x0) > 0.0
        };
        let k = by_top[from..to.min(from + LOOK)].iter().copied().filter(under).min();
        before[k.unwrap_or(regions.len())].push(i);
    }
    for group in &mut before {
        *group = order::in_rows(group, rows, body);
    }
    Rows { head, before }
}

/// The running head: the topmost row of horizontal lines, when it stands above every
/// column and reaches across most of the page (a headline spans its block only). Its
/// pieces left to right.
fn running_head(rows: &[OcrLine], cols: &[OcrLine], body: f64) -> Vec<usize> {
    let page = extent(cols.iter().map(|c| unturn(&c.bbox)).chain(rows.iter().map(|r| r.bbox)));
    let Some(top) = rows.iter().min_by(|a, b| cmp_f64(a.bbox.y0, b.bbox.y0)) else {
        return Vec::new();
    };
    let (y0, y1) = (top.bbox.y0 - body * 0.5, top.bbox.y1 + body * 0.5);
    let row = row_between(rows, y0, y1);
    let span = extent(row.iter().map(|&i| rows[i].bbox));
    // A character alone (a mark of the head boxed upright) is no column.
    let columns_top = cols.iter().filter(|c| c.char_count() >= 3).map(|c| c.bbox.x0).fold(f64::MAX, f64::min);
    let wide = span.x1 - span.x0 >= (page.x1 - page.x0) * 0.6;
    if wide && span.y1 <= columns_top + body {
        row
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::{to_text, Word};

    /// A column of `text` whose right edge is `x1`, its first character `skip` cells down
    /// from `y0`, each character `size` px in a cell of 44 (`size` + 4 for larger type).
    fn column(x1: f64, y0: f64, skip: usize, text: &str, size: f64) -> OcrLine {
        let cell = size.max(40.0) + 4.0;
        let words: Vec<Word> = text
            .chars()
            .enumerate()
            .map(|(k, c)| {
                let y = y0 + (k + skip) as f64 * cell;
                Word { text: c.to_string(), bbox: BBox { x0: x1 - size, y0: y, x1, y1: y + size }, conf: 0.9 }
            })
            .collect();
        let bbox = extent(words.iter().map(|w| w.bbox));
        OcrLine { bbox, words, vertical: false }
    }

    /// A block: its headline column at the right edge `x1`, then body columns right to
    /// left, 56 px apart.
    fn block(x1: f64, y0: f64, headline: &str, body: &[(usize, &str)]) -> Vec<OcrLine> {
        let mut out = vec![column(x1, y0, 0, headline, 64.0)];
        for (k, &(skip, t)) in body.iter().enumerate() {
            out.push(column(x1 - 90.0 - 56.0 * k as f64, y0, skip, t, 40.0));
        }
        out
    }

    fn flat(x0: f64, y0: f64, text: &str) -> OcrLine {
        let words: Vec<Word> = text
            .chars()
            .enumerate()
            .map(|(k, c)| {
                let x = x0 + k as f64 * 44.0;
                Word { text: c.to_string(), bbox: BBox { x0: x, y0, x1: x + 40.0, y1: y0 + 40.0 }, conf: 0.9 }
            })
            .collect();
        OcrLine { bbox: extent(words.iter().map(|w| w.bbox)), words, vertical: false }
    }

    const FULL: &str = "天地玄黃宇宙洪荒日月盈昃";

    /// Two tiers: the upper one holds two articles side by side, the lower one one; a
    /// running head across the top.
    fn page() -> Vec<OcrLine> {
        let mut lines = vec![flat(60.0, 20.0, "民國十九年四月三日"), flat(900.0, 20.0, "第二版")];
        let para =
            [(2, "天地玄黃宇宙洪荒日月盈"), (0, FULL), (0, "辰宿列張。"), (2, "寒來暑往秋收冬藏閏餘成"), (0, "歲。")];
        lines.extend(block(1100.0, 100.0, "甲報新聞", &para));
        lines.extend(block(700.0, 100.0, "乙報新聞", &[(2, "金生麗水玉出崑岡劍號巨"), (0, "闕。")]));
        lines.extend(block(1100.0, 750.0, "丙報新聞", &[(2, "龍師火帝鳥官人皇始制文"), (0, "字。")]));
        lines
    }

    #[test]
    fn tiers_top_to_bottom_articles_and_columns_right_to_left() {
        let text = to_text(&page());
        let expected = "民國十九年四月三日\u{3000}第二版\n\n\
                        甲報新聞\n\n天地玄黃宇宙洪荒日月盈天地玄黃宇宙洪荒日月盈昃辰宿列張。\n寒來暑往秋收冬藏閏餘成歲。\n\n---\n\n\
                        乙報新聞\n\n金生麗水玉出崑岡劍號巨闕。\n\n---\n\n\
                        丙報新聞\n\n龍師火帝鳥官人皇始制文字。\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn the_lines_placed_stand_where_they_are_on_the_scan() {
        let lines = page();
        let (text, placed) = to_text_placed(&lines, false);
        let first = placed.iter().find(|p| text[p.span.clone()].starts_with("甲報")).map(|p| p.bbox);
        assert_eq!(first, Some(lines[2].bbox));
    }

    #[test]
    fn a_horizontal_headline_reads_before_the_columns_under_it() {
        let mut lines = vec![flat(940.0, 100.0, "國際新聞")];
        lines.extend((0..4).map(|k| column(1100.0 - 56.0 * k as f64, 160.0, 0, FULL, 40.0)));
        lines.extend((0..4).map(|k| column(500.0 - 56.0 * k as f64, 160.0, 0, FULL, 40.0)));
        let text = to_text(&lines);
        assert!(text.starts_with("國際新聞\n天地"), "{text}");
        assert_eq!(text.matches(FULL).count(), 8, "{text}");
    }

    #[test]
    fn a_column_run_into_the_next_tier_is_cut_there() {
        let mut lines: Vec<OcrLine> = (0..24).map(|k| column(1400.0 - 56.0 * k as f64, 100.0, 0, FULL, 40.0)).collect();
        lines.extend((0..24).map(|k| column(1400.0 - 56.0 * k as f64, 700.0, 0, FULL, 40.0)));
        // The OCR ran the last column of the upper tier on into the lower one.
        let mut run = lines[23].clone();
        run.words.extend(lines[47].words.iter().cloned());
        run.bbox.union(&lines[47].bbox);
        lines[23] = run;
        lines.remove(47);
        let text = to_text(&lines);
        let upper = text.find(&FULL.repeat(24)).unwrap_or(usize::MAX);
        let lower = text.rfind(&FULL.repeat(24)).unwrap_or(0);
        assert!(upper < lower, "{text}");
    }

    #[test]
    fn a_byline_in_brackets_is_the_last_line_of_the_deck() {
        let body = [(2, "天地玄黃宇宙洪荒日月盈"), (0, FULL), (0, "辰宿列張。")];
        // In a column of its own after the headline.
        let mut lines = block(1100.0, 100.0, "甲報新聞", &body);
        lines.insert(1, column(1030.0, 100.0, 0, "（丹翁）", 40.0));
        for l in &mut lines[2..] {
            *l = shifted(l, -60.0);
        }
        let text = to_text(&lines);
        assert!(text.starts_with("甲報新聞\n（丹翁）\n\n天地玄黃"), "{text}");
        // At the foot of the headline's column, in the text's size, in brackets or
        // (set smaller than the headline) with its brackets lost by the OCR.
        let signed = |name: &str| {
            let mut lines = block(1100.0, 100.0, "甲報新聞", &body);
            let foot = column(1100.0, 100.0 + 4.0 * 68.0, 0, name, 40.0);
            lines[0].words.extend(foot.words);
            lines[0].bbox.union(&foot.bbox);
            to_text(&lines)
        };
        let text = signed("（丹翁）");
        assert!(text.starts_with("甲報新聞\n（丹翁）\n\n天地玄黃"), "{text}");
        let text = signed("丹翁");
        assert!(text.starts_with("甲報新聞\n丹翁\n\n天地玄黃"), "{text}");
    }

    #[test]
    fn a_character_of_the_running_head_boxed_upright_leaves_it_the_head() {
        let mut lines = page();
        let bbox = BBox { x0: 862.0, y0: 18.0, x1: 892.0, y1: 62.0 };
        lines.push(OcrLine { bbox, words: vec![Word { text: "月".into(), bbox, conf: 0.9 }], vertical: false });
        let text = to_text(&lines);
        assert!(text.starts_with("民國十九年四月三日\u{3000}月\u{3000}第二版\n\n甲報新聞"), "{text}");
    }

    fn shifted(l: &OcrLine, dx: f64) -> OcrLine {
        let mv = |b: &BBox| BBox { x0: b.x0 + dx, x1: b.x1 + dx, ..*b };
        let words = l.words.iter().map(|w| Word { bbox: mv(&w.bbox), ..w.clone() }).collect();
        OcrLine { bbox: mv(&l.bbox), words, vertical: l.vertical }
    }

    #[test]
    fn a_horizontal_page_is_not_vertical() {
        let lines: Vec<OcrLine> = (0..5).map(|k| flat(100.0, 100.0 + 50.0 * k as f64, FULL)).collect();
        assert!(!is_vertical(&lines));
        assert!(is_vertical(&page()));
        // A file that says its lines run top to bottom is believed.
        let marked: Vec<OcrLine> = lines.into_iter().map(|l| OcrLine { vertical: true, ..l }).collect();
        assert!(is_vertical(&marked));
    }

    #[test]
    fn a_column_that_lost_its_first_character_goes_on_after_a_full_one() {
        let lines = block(
            1100.0,
            100.0,
            "甲報新聞",
            &[(2, "天地玄黃宇宙洪荒日月"), (0, FULL), (1, "宙洪荒日月盈昃辰宿列張"), (0, "寒。")],
        );
        let text = to_text(&lines);
        assert!(text.contains("盈昃宙洪荒"), "{text}");
        assert_eq!(text.matches('\n').count(), 3, "{text}");
    }
}
