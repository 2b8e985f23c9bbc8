//! Tests of mending the OCR's lines: deskew, lines run across a gutter split, the
//! fragments of a line joined.

use super::*;
use crate::geometry::tests::{column, line, sized};
use crate::geometry::to_text;

#[test]
fn a_tilted_page_is_set_straight() {
    let mut lines = column(100.0, 100.0, &["甲乙丙丁戊己庚辛"; 8], 8.0);
    lines.extend(column(600.0, 100.0, &["子丑寅卯辰巳午未"; 8], 8.0));
    assert!((skew(&lines) - 0.008).abs() < 0.001);
    let text = to_text(&lines);
    assert!(text.starts_with(&"甲乙丙丁戊己庚辛".repeat(8)), "{text}");
}

#[test]
fn a_line_run_across_a_clear_gutter_is_split() {
    let mut lines = column(100.0, 100.0, &["甲乙丙丁戊己庚辛"; 6], 0.0);
    lines.extend(column(600.0, 100.0, &["子丑寅卯辰巳午未"; 6], 0.0));
    // The OCR ran the third row across the gutter, a speck bridging it.
    let mut merged = line(100.0, 228.0, "甲乙丙丁戊己庚辛", 0.0);
    merged
        .words
        .push(Word { text: "”".into(), bbox: BBox { x0: 455.0, y0: 228.0, x1: 470.0, y1: 268.0 }, conf: 0.2 });
    merged.words.extend(line(600.0, 228.0, "子丑寅卯辰巳午未", 0.0).words);
    merged.bbox.x1 = 952.0;
    lines[2] = merged;
    lines.remove(8);
    let pieces = split_by_neighbours(&lines, 40.0, 352.0, false);
    assert_eq!(pieces.len(), 12);
    assert!(pieces.iter().all(|p| p.bbox.x1 - p.bbox.x0 < 400.0));
}

#[test]
fn glyphs_run_across_a_gutter_are_cut_only_where_a_column_breaks() {
    // Two columns of eight glyphs (100–448, 600–948), the third row drawn as one
    // line: `left` from 100, then `right` from `resume`.
    let page = |left: OcrLine, right: &str, resume: f64| {
        let mut lines = column(100.0, 100.0, &["甲乙丙丁戊己庚辛"; 6], 0.0);
        lines.extend(column(600.0, 100.0, &["子丑寅卯辰巳午未"; 6], 0.0));
        let mut row = left;
        row.words.extend(line(resume, 228.0, right, 0.0).words);
        row.bbox.x1 = resume + right.chars().count() as f64 * 44.0 - 4.0;
        lines[2] = row;
        lines.remove(8);
        split_by_neighbours(&lines, 40.0, 352.0, true).len()
    };
    let column_line = || line(100.0, 228.0, "甲乙丙丁戊己庚辛", 0.0);
    // The text goes on at the next column's edge: two columns' lines, cut.
    assert_eq!(page(column_line(), "子丑寅卯辰巳午未", 600.0), 12);
    // An opening quote at the edge, trimmed to its ink, hangs into the gutter.
    assert_eq!(page(column_line(), "“丑寅卯辰巳午未", 582.0), 12);
    // A caption's credit after a space goes on inside the gutter: one line.
    assert_eq!(page(column_line(), "记者王五摄", 520.0), 11);
    // A byline's mark alone before the gutter is no column's line.
    assert_eq!(page(line(400.0, 228.0, "■", 0.0), "子丑寅卯辰巳午未", 600.0), 11);
    // Nor is a caption's line, set smaller than the text.
    assert_eq!(page(sized(100.0, 228.0, "甲乙丙丁戊己庚辛", 34.0, 10.0, (0, 0.0)), "记者王五摄", 600.0), 11);
}

#[test]
fn a_headline_across_the_gutter_is_never_cut() {
    // Set 1.4 times the text's size over both columns, its box no taller than a
    // line and a half (RapidOCR's): one headline, not two lines run together. The
    // same line with a sentence in it is two.
    let page = |text: &str| {
        let mut lines = column(100.0, 100.0, &["甲乙丙丁戊己庚辛"; 6], 0.0);
        lines.extend(column(600.0, 100.0, &["子丑寅卯辰巳午未"; 6], 0.0));
        lines[2] = sized(100.0, 228.0, text, 56.0, 8.0, (0, 0.0));
        lines.remove(8);
        split_by_neighbours(&lines, 40.0, 352.0, false).len()
    };
    assert_eq!(page("天地玄黄宇宙洪荒日月"), 11);
    assert_eq!(page("天地玄黄，宇宙洪荒日月"), 12);
}

#[test]
fn a_pdf_line_is_cut_only_where_its_glyphs_leave_a_gap() {
    // A line set across both columns of the rows around it (a box's text), its
    // characters evenly spaced: the OCR's line is cut at the gutter, a PDF's stands.
    let mut lines = column(100.0, 100.0, &["甲乙丙丁戊己庚辛"; 6], 0.0);
    lines.extend(column(600.0, 100.0, &["子丑寅卯辰巳午未"; 6], 0.0));
    lines[2] = line(100.0, 228.0, "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉", 0.0);
    lines.remove(8);
    assert_eq!(split_by_neighbours(&lines, 40.0, 352.0, false).len(), 12);
    assert_eq!(split_by_neighbours(&lines, 40.0, 352.0, true).len(), 11);
}

/// Two columns the OCR ran together on every row from `y0`, `rows` of them.
fn merged_rows(y0: f64, rows: usize) -> Vec<OcrLine> {
    (0..rows)
        .map(|k| {
            let y = y0 + k as f64 * 64.0;
            let mut merged = line(100.0, y, "甲乙丙丁戊己庚辛", 0.0);
            merged.words.extend(line(480.0, y, "子丑寅卯辰巳午未", 0.0).words);
            merged.bbox.x1 = 832.0;
            merged
        })
        .collect()
}

#[test]
fn rows_run_across_a_gutter_far_above_its_clear_lines_are_split() {
    // Tesseract ran the top ten rows of the block across the gutter; only the rows
    // below them, more than six lines down, show it.
    let mut lines = merged_rows(100.0, 10);
    lines.extend(column(100.0, 740.0, &["甲乙丙丁戊己庚辛"; 6], 0.0));
    lines.extend(column(480.0, 740.0, &["子丑寅卯辰巳午未"; 6], 0.0));
    let pieces = split_by_neighbours(&lines, 40.0, 352.0, false);
    assert_eq!(pieces.len(), 32);
    assert!(pieces.iter().all(|p| p.bbox.x1 - p.bbox.x0 < 400.0));
    // A line a little wider than the column (set in a box) is not looked at across
    // the block, nor one whose characters stand evenly across the gutter.
    let mut wide = vec![line(100.0, 100.0, "甲乙丙丁戊己庚辛壬癸", 0.0)];
    wide.extend(lines[10..].iter().cloned());
    assert_eq!(split_by_neighbours(&wide, 40.0, 352.0, false).len(), 13);
}

#[test]
fn rows_whose_boxes_close_the_gutter_are_cut_with_the_rows_around_that_show_it() {
    // Two rows' last boxes were drawn on over the gutter: the rows around them leave
    // it clear, so they are columns run together too.
    let widen = |lines: &mut Vec<OcrLine>, rows: &[usize]| {
        for &k in rows {
            lines[k].words[7].bbox.x1 = 490.0;
        }
    };
    let mut lines = merged_rows(100.0, 10);
    widen(&mut lines, &[1, 3]);
    lines.extend(column(100.0, 740.0, &["甲乙丙丁戊己庚辛"; 6], 0.0));
    lines.extend(column(480.0, 740.0, &["子丑寅卯辰巳午未"; 6], 0.0));
    let pieces = split_by_neighbours(&lines, 40.0, 352.0, false);
    assert_eq!(pieces.len(), 32);
    assert!(pieces.iter().all(|p| p.bbox.x1 - p.bbox.x0 < 400.0));
    // Where most rows around close it, a row is left whole: a line set across.
    widen(&mut lines, &[0, 4, 5]);
    let pieces = split_by_neighbours(&lines, 40.0, 352.0, false);
    assert!(pieces[0].bbox.x1 - pieces[0].bbox.x0 > 700.0);
}

#[test]
fn rows_run_across_a_gutter_of_an_em_are_cut_where_the_columns_end_and_start() {
    // A gutter narrower than a character, no clear span in it: a comma's box on
    // every other line of the left column and a quote's on the right reach into it.
    // The rows above, run together, a speck read as `”` in the gutter, are cut
    // where the lines below end and start.
    let mut lines = merged_rows(100.0, 10);
    for l in &mut lines {
        l.words.insert(
            8,
            Word { text: "”".into(), bbox: BBox { x0: 452.0, y0: l.bbox.y0, x1: 478.0, y1: l.bbox.y1 }, conf: 0.2 },
        );
    }
    lines.extend(column(100.0, 740.0, &["甲乙丙丁戊己庚辛"; 6], 0.0));
    lines.extend(column(480.0, 740.0, &["子丑寅卯辰巳午未"; 6], 0.0));
    for k in (0..6).step_by(2) {
        lines[10 + k].bbox.x1 = 470.0;
        lines[17 + k].bbox.x0 = 462.0;
    }
    assert_eq!(split_by_neighbours(&lines, 40.0, 352.0, false).len(), 32);
    // A kicker set a little larger over both columns (too little to be a headline)
    // stands whole.
    lines[0] = sized(100.0, 100.0, "天地玄黄宇宙洪荒日月寒", 46.0, 8.0, (0, 0.0));
    let pieces = split_by_neighbours(&lines, 40.0, 352.0, false);
    assert_eq!(pieces.len(), 31);
    assert!(pieces.iter().any(|p| p.bbox.x1 - p.bbox.x0 > 580.0));
}

#[test]
fn the_leading_is_the_gap_down_a_column() {
    // Two columns, rows 80 px apart, lines 40 px high; a headline above them.
    let rows = |x: f64, pitch: f64| -> Vec<OcrLine> {
        (0..6).map(|k| line(x, 200.0 + k as f64 * pitch, "甲乙丙丁戊己庚辛", 0.0)).collect()
    };
    let mut lines = vec![sized(100.0, 60.0, "天地玄黄宇宙", 80.0, 0.0, (0, 0.0))];
    lines.extend(rows(100.0, 80.0));
    lines.extend(rows(600.0, 80.0));
    assert_eq!(leading(&lines, 40.0, 352.0), 40.0);
    let mut tight = rows(100.0, 50.0);
    tight.extend(rows(600.0, 50.0));
    assert_eq!(leading(&tight, 40.0, 352.0), 10.0);
}

#[test]
fn the_running_head_row_stands_apart() {
    let mut lines = vec![line(100.0, 20.0, "江城日报", 0.0), line(500.0, 20.0, "2012年", 0.0)];
    lines.extend(column(100.0, 100.0, &["甲乙丙丁戊己庚辛"; 4], 0.0));
    assert_eq!(edge_row(&lines, 40.0, 352.0, true, false), vec![0, 1]);
    assert!(edge_row(&lines, 40.0, 352.0, false, false).is_empty());
    assert!(to_text(&lines).starts_with("江城日报\u{3000}2012年\n\n甲乙"));
}

#[test]
fn the_columns_last_lines_beside_a_jump_line_are_text_not_a_footer() {
    // Three columns end on one row, a jump line at the foot of the last, and a dated
    // line among them: the row goes on the columns above it.
    let mut lines = column(100.0, 100.0, &["甲乙丙丁戊己庚辛", "甲乙丙丁戊己庚辛", "2012年乙丙丁戊"], 0.0);
    lines.extend(column(500.0, 100.0, &["子丑寅卯辰巳午未", "子丑寅卯辰巳午未", "子丑寅卯辰巳午未"], 0.0));
    lines.extend(column(900.0, 100.0, &["天地玄黄宇宙洪荒", "天地玄黄宇宙洪荒"], 0.0));
    lines.push(line(1000.0, 228.0, "（下转第2版）", 0.0));
    assert!(edge_row(&lines, 40.0, 352.0, false, false).is_empty());
    let text = to_text(&lines);
    assert!(text.contains("2012年乙丙丁戊子丑寅卯"), "{text}");
}

#[test]
fn a_masthead_set_large_between_the_date_and_the_page_label_is_of_the_row() {
    // The masthead stands higher than the fields beside it, and a speck on it higher
    // still: the row is as tall as what it holds.
    let mut lines = vec![
        sized(300.0, 0.0, "六", 34.0, 0.0, (0, 0.0)),
        line(20.0, 46.0, "A01综合", 0.0),
        sized(300.0, 2.0, "江城日报", 76.0, 8.0, (0, 0.0)),
        line(700.0, 44.0, "2012年6月5日", 0.0),
    ];
    lines.extend(column(20.0, 160.0, &["甲乙丙丁戊己庚辛"; 4], 0.0));
    lines.extend(column(500.0, 160.0, &["子丑寅卯辰巳午未"; 4], 0.0));
    let row = edge_row(&lines, 40.0, 352.0, true, false);
    assert_eq!(row.len(), 4, "{row:?}");
}

#[test]
fn a_column_set_upright_reads_down_whatever_its_glyphs_left_edges() {
    // `10万元` down a column 80 px wide: the digits, narrower, stand right of the
    // ideographs' left edge.
    let glyph =
        |c: &str, x0: f64, y0: f64, x1: f64, y1: f64| Word { text: c.into(), bbox: BBox { x0, y0, x1, y1 }, conf: 1.0 };
    let words = vec![
        glyph("1", 10.0, 0.0, 70.0, 40.0),
        glyph("0", 10.0, 42.0, 70.0, 82.0),
        glyph("万", 0.0, 90.0, 80.0, 170.0),
        glyph("元", 0.0, 172.0, 80.0, 252.0),
    ];
    let l = OcrLine { bbox: BBox { x0: 0.0, y0: 0.0, x1: 80.0, y1: 252.0 }, words, vertical: true };
    assert_eq!(line_text(&l, 40.0, true), "10万元");
}
