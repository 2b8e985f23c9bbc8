//! Tests of splitting a box the OCR drew over two columns' lines (or a caption's
//! line and a body line) into its lines.

use super::*;

/// A line box of `text` at `x`, row `row`: 32 px a character, 48 px a row.
fn boxed(x: f64, row: usize, text: &str) -> Boxed {
    let (y, w) = (100.0 + row as f64 * 48.0, text.chars().count() as f64 * 32.0);
    Boxed { text: text.into(), points: vec![[x, y], [x + w, y], [x + w, y + 36.0], [x, y + 36.0]], conf: 0.9 }
}

const LEFT: &str = "甲乙丙丁戊己庚辛壬癸";
const RIGHT: &str = "子丑寅卯辰巳午未申酉";

/// Two columns of ten characters, a gutter of 40 px (1.25 em) between them, the
/// rows from `joined` on boxed as one across it; the first row of each column
/// indented two ems.
fn page(joined: usize) -> Vec<Boxed> {
    let mut boxes = Vec::new();
    for row in 0..14 {
        let (l, r) = if row == 0 { (&LEFT[6..], &RIGHT[6..]) } else { (LEFT, RIGHT) };
        let (lx, rx) = if row == 0 { (164.0, 524.0) } else { (100.0, 460.0) };
        if row >= joined {
            let mut b = boxed(lx, row, &format!("{l}{r}"));
            b.points[1][0] = 780.0;
            b.points[2][0] = 780.0;
            boxes.push(b);
        } else {
            boxes.push(boxed(lx, row, l));
            boxes.push(boxed(rx, row, r));
        }
    }
    boxes
}

/// The page `boxes` with a box of `text` added from `x` to `y` (left, right; top,
/// bottom), split: the text of the last box that comes out.
fn last_after_split(mut boxes: Vec<Boxed>, text: &str, (x0, x1): (f64, f64), (y0, y1): (f64, f64)) -> String {
    boxes.push(Boxed { text: text.into(), points: vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1]], conf: 0.9 });
    let p = Pitch::of(&boxes).unwrap();
    split(boxes, &p).pop().map(|b| b.text).unwrap_or_default()
}

fn texts(boxes: &[Boxed]) -> Vec<&str> {
    boxes.iter().map(|b| b.text.as_str()).collect()
}

#[test]
fn the_pitch_is_read_from_the_lines() {
    let p = Pitch::of(&page(14)).unwrap();
    assert!((p.em - 32.0).abs() < 1e-9 && p.slope == 0.0, "{p:?}");
}

#[test]
fn a_box_run_across_a_gutter_the_lines_around_show_is_cut_there() {
    let boxes = page(8);
    let p = Pitch::of(&boxes).unwrap();
    let out = split(boxes, &p);
    assert_eq!(out.len(), 28);
    for pair in out[16..].chunks(2) {
        assert_eq!(texts(pair), [LEFT, RIGHT]);
        assert!(pair[0].points[1][0] <= 420.0 + 1e-9 && pair[1].points[0][0] >= 440.0, "{pair:?}");
    }
}

#[test]
fn a_box_drawn_back_into_the_gutter_starts_where_its_column_does() {
    // The right column's last line boxed from 60 px before it, over the left column's
    // end: its text fills the right column alone.
    let mut boxes = page(14);
    let mut b = boxed(400.0, 14, RIGHT);
    b.points[1][0] = 780.0;
    b.points[2][0] = 780.0;
    boxes.push(b);
    let p = Pitch::of(&boxes).unwrap();
    let last = split(boxes, &p).pop().unwrap();
    assert_eq!(last.text, RIGHT);
    assert!((last.points[0][0] - 460.0).abs() < 1.0, "{last:?}");
}

#[test]
fn two_lines_starting_inside_a_column_make_no_gutter() {
    // A two-line headline of the module below starts seven ems into the column:
    // a column's edge is where three lines start or more, as the grid reads it.
    let mut boxes: Vec<Boxed> = (0..10).map(|row| boxed(100.0, row, LEFT)).collect();
    boxes.extend([boxed(324.0, 12, "天地玄黄"), boxed(324.0, 13, "宇宙洪荒")]);
    let p = Pitch::of(&boxes).unwrap();
    let out = split(boxes, &p);
    assert_eq!(texts(&out[..10]), [LEFT; 10]);
    // A third line starting there shows a column: the lines run across it are cut.
    let mut boxes: Vec<Boxed> = (0..10).map(|row| boxed(100.0, row, LEFT)).collect();
    boxes.extend((11..14).map(|row| boxed(324.0, row, "天地玄黄")));
    let out = split(boxes, &p);
    assert_eq!(texts(&out[..2]), ["甲乙丙丁戊己", "庚辛壬癸"]);
}

#[test]
fn the_page_grid_puts_an_edge_where_few_lines_start() {
    // Columns every 360 px from 100: lines start at the first, second and fourth
    // (indents two ems in from the first), none at the third, where every line is
    // run on from the second.
    let at = |x: f64| BBox { x0: x, y0: 0.0, x1: x + 320.0, y1: 36.0 };
    let mut lines: Vec<BBox> = [100.0, 100.0, 100.0, 100.0, 164.0, 164.0, 460.0, 460.0, 461.0, 1180.0, 1181.0, 1180.0]
        .into_iter()
        .map(at)
        .collect();
    lines.push(at(300.0));
    let refs: Vec<&BBox> = lines.iter().collect();
    let g = Grid::of(&refs, 32.0).unwrap();
    assert!((g.pitch - 360.0).abs() < 1.0 && (g.origin - 100.0).abs() < 1.0, "{} {}", g.origin, g.pitch);
    let edges: Vec<f64> = g.edges_in(500.0, 1300.0).collect();
    assert_eq!(edges.len(), 2);
    assert!((edges[0] - 820.0).abs() < 1.0 && (edges[1] - 1180.0).abs() < 1.0, "{edges:?}");
    // Edges that no one pitch explains make no grid.
    let scattered: Vec<BBox> =
        [100.0, 100.0, 100.0, 530.0, 530.0, 530.0, 1210.0, 1210.0, 1210.0, 1475.0, 1475.0, 1475.0]
            .into_iter()
            .map(at)
            .collect();
    assert!(Grid::of(&scattered.iter().collect::<Vec<_>>(), 32.0).is_none());
}

#[test]
fn a_box_drawn_past_the_gutter_ends_at_the_column() {
    let mut boxes = page(14);
    // The tool drew the left line of row 5 on to where the right one starts.
    let k = 10;
    boxes[k].points[1][0] = 470.0;
    boxes[k].points[2][0] = 470.0;
    let p = Pitch::of(&boxes).unwrap();
    let out = split(boxes, &p);
    assert_eq!(out[k].text, LEFT);
    assert!(out[k].points[1][0] <= 440.0, "{:?}", out[k].points);
}

#[test]
fn a_caption_line_in_smaller_type_run_into_a_body_line_takes_what_the_body_leaves() {
    // Fourteen characters of a caption set 0.7 em in the left column's ten ems, run
    // into the last four of a paragraph in the right column, a little lower: the box
    // round both is taller than a line.
    let caption = "图为子丑寅卯辰巳午未申酉甲乙";
    let mut boxes = page(14);
    let (y0, y1) = (812.0, 868.0);
    boxes.push(Boxed {
        text: format!("{caption}丙丁戊。"),
        points: vec![[100.0, y0], [588.0, y0], [588.0, y1], [100.0, y1]],
        conf: 0.9,
    });
    let p = Pitch::of(&boxes).unwrap();
    let out = split(boxes, &p);
    let (small, body) = (&out[out.len() - 2], &out[out.len() - 1]);
    assert_eq!(texts(&out[out.len() - 2..]), [caption, "丙丁戊。"]);
    let h = around(&small.points).height();
    assert!(h < 36.0, "a caption's line stands no taller than its type: {h}");
    assert!(around(&body.points).x0 >= 440.0, "{body:?}");
}

#[test]
fn a_box_whose_text_does_not_fit_its_parts_stays_whole() {
    let long = format!("{LEFT}{RIGHT}{LEFT}");
    assert_eq!(last_after_split(page(14), &long, (100.0, 780.0), (820.0, 856.0)), long);
}

#[test]
fn a_headline_over_both_columns_in_larger_type_stays_whole() {
    // Twelve characters at 1.5 em each from the first column into the second: as
    // wide as lines run together across the gutter, but set far wider apart.
    let head = "新闻标题横跨两栏大字排印";
    assert_eq!(last_after_split(page(8), head, (100.0, 676.0), (820.0, 870.0)), head);
}

#[test]
fn a_headline_a_little_larger_over_the_gutter_stays_whole() {
    // Fifteen characters at 1.35 em, the box 1.45 lines tall (RapidOCR's grow little
    // with the type): less the gutter it is no wider than lines run together could
    // be, but taller and set wider, with no sentence in it.
    let head = "地方财政收入增幅回落明显出现负";
    assert_eq!(last_after_split(page(8), head, (100.0, 748.0), (820.0, 872.0)), head);
}

#[test]
fn a_kicker_over_both_columns_with_blank_around_stays_whole() {
    // The body's size, across the gutter, but three rows clear of the text: a kicker
    // set over the module, not two lines run together.
    let kicker = "引题跨栏居中排印二十字左右的一行字";
    let w = kicker.chars().count() as f64 * 32.0;
    assert_eq!(last_after_split(page(8), kicker, (200.0, 200.0 + w), (916.0, 952.0)), kicker);
}

/// Page `boxes` with the box of row `row` replaced by one of `text` from `x0` to `x1`, split.
fn split_with(mut boxes: Vec<Boxed>, k: usize, text: &str, (x0, x1): (f64, f64)) -> Vec<Boxed> {
    let b = &mut boxes[k];
    b.text = text.into();
    for (i, pt) in b.points.iter_mut().enumerate() {
        pt[0] = if i == 0 || i == 3 { x0 } else { x1 };
    }
    let p = Pitch::of(&boxes).unwrap();
    split(boxes, &p)
}

#[test]
fn a_column_rule_read_between_two_lines_run_together_is_the_cut() {
    // Row 9 of both columns boxed as one, the rule between them read as `「`.
    let out = split_with(page(14), 18, &format!("{LEFT}「{RIGHT}"), (100.0, 780.0));
    assert_eq!(texts(&out[18..20]), [LEFT, RIGHT]);
    assert!(out[19].points[0][0] >= 440.0, "{:?}", out[19].points);
}

#[test]
fn the_lines_cut_from_a_box_drawn_tall_round_a_rule_are_the_texts_height() {
    // The rule's stroke runs the leading's height: the box round row 9 stands 12 px
    // higher and lower than the text's 36.
    let mut boxes = page(14);
    for pt in &mut boxes[18].points {
        pt[1] += if pt[1] > 550.0 { 12.0 } else { -12.0 };
    }
    let out = split_with(boxes, 18, &format!("{LEFT}丨{RIGHT}"), (100.0, 780.0));
    assert_eq!(texts(&out[18..20]), [LEFT, RIGHT]);
    for b in &out[18..20] {
        let (y0, y1) = b.points.iter().fold((f64::MAX, f64::MIN), |(a, z), p| (a.min(p[1]), z.max(p[1])));
        assert!((y1 - y0 - 36.0).abs() < 1.0, "{:?}", b.points);
    }
}

#[test]
fn a_column_rule_read_at_a_line_start_out_in_the_gutter_is_no_text() {
    // Row 9 of the right column boxed from the rule in the gutter on.
    let out = split_with(page(14), 19, &format!("|{RIGHT}"), (424.0, 780.0));
    assert_eq!(out[19].text, RIGHT);
    assert!((out[19].points[0][0] - 460.0).abs() < 1.0, "{:?}", out[19].points);
    // A quote that opens a line at the column's edge is text.
    let quoted = format!("「{}", &RIGHT[3..]);
    assert_eq!(split_with(page(14), 19, &quoted, (460.0, 780.0))[19].text, quoted);
}

#[test]
fn a_full_line_run_into_the_next_holds_a_whole_number_of_ems() {
    // The tool drew every line of the left column 10 px wide; a justified line of
    // nine characters and a digit (9.55 ems set across 10) run into the right
    // column's: the right line's first character is not the left one's last.
    let mut boxes = page(14);
    for b in boxes.iter_mut().filter(|b| b.points[0][0] < 200.0) {
        b.points[1][0] += 10.0;
        b.points[2][0] += 10.0;
    }
    let left = "甲乙丙丁戊己庚辛壬1";
    let out = split_with(boxes, 18, &format!("{left}{RIGHT}"), (100.0, 780.0));
    assert_eq!(texts(&out[18..20]), [left, RIGHT]);
}

#[test]
fn marks_stay_on_the_line_they_close_or_open() {
    let p = Pitch { em: 1.0, ascii: 0.5, body: 1.0, slope: 0.0 };
    assert_eq!(allot("甲乙丙，丁戊", &[3.0, 3.0], &p), ["甲乙丙，", "丁戊"]);
    assert_eq!(allot("甲乙“丙丁戊", &[3.0, 3.0], &p), ["甲乙", "“丙丁戊"]);
    assert_eq!(allot("甲乙丙丁", &[2.0, 5.0, 5.0], &p), ["甲乙", "丙丁", ""]);
}
