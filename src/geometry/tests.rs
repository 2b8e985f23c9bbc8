//! Tests of the geometry stage as a whole: synthetic pages of positioned lines read
//! into text (reading order, paragraphs, headings, captions), and the fixtures the
//! stage's other tests build their pages with.

use super::*;

/// A printed line of one word per character, 40 px a character, `tilt` px lower per
/// 1000 px across.
pub(super) fn line(x0: f64, y0: f64, text: &str, tilt: f64) -> OcrLine {
    let words: Vec<Word> = text
        .chars()
        .enumerate()
        .map(|(k, c)| {
            let x = x0 + k as f64 * 44.0;
            let y = y0 + x * tilt / 1000.0;
            Word { text: c.to_string(), bbox: BBox { x0: x, y0: y, x1: x + 40.0, y1: y + 40.0 }, conf: 0.9 }
        })
        .collect();
    let mut bbox = words[0].bbox;
    for w in &words {
        bbox.union(&w.bbox);
    }
    OcrLine { bbox, words, vertical: false }
}

/// A printed line of characters `size` px square, `gap` px apart, and a wider gap of
/// `wide` px before the character at `at`.
pub(super) fn sized(x0: f64, y0: f64, text: &str, size: f64, gap: f64, (at, wide): (usize, f64)) -> OcrLine {
    let mut x = x0;
    let words: Vec<Word> = text
        .chars()
        .enumerate()
        .map(|(k, c)| {
            x += if k == 0 {
                0.0
            } else if k == at {
                wide
            } else {
                gap
            };
            let b = BBox { x0: x, y0, x1: x + size, y1: y0 + size };
            x += size;
            Word { text: c.to_string(), bbox: b, conf: 0.9 }
        })
        .collect();
    let bbox = BBox { x0, y0, x1: x, y1: y0 + size };
    OcrLine { bbox, words, vertical: false }
}

/// A headline over a column of body text set 40 px a character.
fn under(heads: Vec<OcrLine>) -> String {
    let mut lines = heads;
    lines.extend(column(100.0, 400.0, &["甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊。"], 0.0));
    to_text(&lines)
}

#[test]
fn a_kicker_and_its_headline_of_near_heights_stay_two_decks() {
    // Boxes 64 and 76 px tall (within the fifth a wrapped headline's lines may
    // differ by), but characters at a pitch of 70 and 84 px: two sizes of type.
    let kicker = sized(100.0, 100.0, "子丑寅卯辰", 64.0, 6.0, (0, 0.0));
    let headline = sized(100.0, 190.0, "天地玄黄宇宙", 76.0, 8.0, (0, 0.0));
    assert!(under(vec![kicker, headline]).starts_with("子丑寅卯辰\n天地玄黄宇宙\n\n"));
    // A headline that wraps keeps one pitch: one heading.
    let one = sized(100.0, 100.0, "子丑寅卯辰", 76.0, 8.0, (0, 0.0));
    let two = sized(100.0, 190.0, "天地玄黄", 76.0, 8.0, (0, 0.0));
    assert!(under(vec![one, two]).starts_with("子丑寅卯辰天地玄黄\n\n"));
}

#[test]
fn a_headline_whose_box_reaches_into_its_kickers_is_the_next_deck() {
    // Tesseract drew the headline's box from 120 px, into the kicker's (100 to 150):
    // level by half a line, but it starts under the kicker, not after it.
    let kicker = sized(100.0, 100.0, "子丑寅卯辰甲乙", 50.0, 4.0, (0, 0.0));
    let headline = sized(104.0, 120.0, "天地玄黄", 100.0, 8.0, (0, 0.0));
    assert!(under(vec![kicker, headline]).starts_with("子丑寅卯辰甲乙\n天地玄黄\n\n"));
}

#[test]
fn a_gap_in_a_headline_is_measured_against_its_own_characters() {
    // 40 px between two 80 px characters: a space in body type, none in a headline's.
    let headline = sized(100.0, 100.0, "天地玄黄宇宙", 80.0, 8.0, (3, 40.0));
    assert!(under(vec![headline]).starts_with("天地玄黄宇宙\n\n"));
    // A clause gap of a whole character stays.
    let clauses = sized(100.0, 100.0, "天地玄黄宇宙", 80.0, 8.0, (3, 90.0));
    assert!(under(vec![clauses]).starts_with("天地玄\u{3000}黄宇宙\n\n"));
    // Most of an em where Tesseract drew a box narrower than its glyph: no clause gap.
    let narrow_box = sized(100.0, 100.0, "天地玄黄宇宙", 80.0, 8.0, (3, 70.0));
    assert!(under(vec![narrow_box]).starts_with("天地玄黄宇宙\n\n"));
}

#[test]
fn a_photo_caption_is_the_last_paragraph_of_its_article() {
    // A caption in a smaller face under a photo at the head of the column, its
    // credit on a line of its own, then the text.
    let mut lines = vec![sized(100.0, 100.0, "天地玄黄宇宙", 80.0, 8.0, (0, 0.0))];
    lines.push(sized(100.0, 230.0, "图为会场一角。", 30.0, 3.0, (0, 0.0)));
    lines.push(sized(100.0, 270.0, "记者王五摄", 30.0, 3.0, (0, 0.0)));
    lines.extend(column(100.0, 330.0, &["甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊。"], 0.0));
    let text = to_text(&lines);
    assert!(text.ends_with("甲乙丙丁戊。\n图为会场一角。记者王五摄\n"), "{text}");
    // The credit's own line may measure as the text's.
    lines[1] = sized(100.0, 230.0, "会场一角。", 30.0, 3.0, (0, 0.0));
    lines[2] = line(100.0, 270.0, "记者王五摄", 0.0);
    assert!(to_text(&lines).ends_with("甲乙丙丁戊。\n会场一角。记者王五摄\n"), "{}", to_text(&lines));
    // Set in the text's size, a caption tells itself by its words, `图为` to its credit.
    lines[1] = line(100.0, 220.0, "图为会场一角。", 0.0);
    lines[2] = line(100.0, 270.0, "记者王五摄", 0.0);
    assert!(to_text(&lines).ends_with("甲乙丙丁戊。\n图为会场一角。记者王五摄\n"), "{}", to_text(&lines));
    // A triangle points up at the photo, and an agency sent it.
    lines[1] = line(100.0, 220.0, "▲会场一角。", 0.0);
    lines[2] = line(100.0, 270.0, "新华社发", 0.0);
    assert!(to_text(&lines).ends_with("甲乙丙丁戊。\n▲会场一角。新华社发\n"), "{}", to_text(&lines));
}

#[test]
fn a_caption_in_the_texts_size_over_the_columns_is_held_by_its_credit() {
    // A photo's caption over both columns, set as the text, its credit at the end
    // (traditional `攝`): the last paragraph of the article, not the start of its
    // first, and the text under it does not go on from it.
    let mut lines = vec![sized(100.0, 100.0, "天地玄黄宇宙", 80.0, 8.0, (0, 0.0))];
    lines.push(sized(100.0, 230.0, "會場一角。記者王五攝", 40.0, 40.0, (0, 0.0)));
    lines.extend(column(100.0, 330.0, &["甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊己庚辛壬癸"], 0.0));
    lines.extend(column(560.0, 330.0, &["子丑寅卯辰巳午未申酉", "子丑寅卯。"], 0.0));
    let text = to_text(&lines);
    assert!(text.ends_with("子丑寅卯。\n會場一角。記者王五攝\n"), "{text}");
}

#[test]
fn a_bylines_bullet_and_gaps_read_with_its_names() {
    // `□` and the byline's names stand a gutter's width apart: the line is cut
    // there, and the pieces read again as one line, the bullet with its text (not a
    // speck on the headline) and the gaps kept.
    let mut lines = vec![sized(100.0, 100.0, "天地玄黄宇宙", 80.0, 8.0, (0, 0.0))];
    lines.push(sized(100.0, 230.0, "□记者王五", 40.0, 0.0, (1, 60.0)));
    lines.extend(column(100.0, 300.0, &["甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊。"], 0.0));
    // Glyph boxes as Tesseract draws them, each as tall as its ink: the gaps between
    // them are printed, not cut from a line's box.
    for w in lines.iter_mut().flat_map(|l| l.words.iter_mut().skip(1).step_by(2)) {
        w.bbox.y0 += 3.0;
    }
    let text = to_text(&lines);
    assert!(text.starts_with("天地玄黄宇宙\n\n□\u{3000}记者王五\n甲乙"), "{text}");
}

/// A column of characters `size` px square set top to bottom from (`x0`, `y0`).
fn upright(x0: f64, y0: f64, text: &str, size: f64) -> OcrLine {
    let words: Vec<Word> = text
        .chars()
        .enumerate()
        .map(|(k, c)| {
            let y = y0 + k as f64 * (size + 2.0);
            Word { text: c.to_string(), bbox: BBox { x0, y0: y, x1: x0 + size, y1: y + size }, conf: 0.9 }
        })
        .collect();
    let y1 = words.last().map_or(y0, |w| w.bbox.y1);
    OcrLine { bbox: BBox { x0, y0, x1: x0 + size, y1 }, words, vertical: true }
}

#[test]
fn a_headline_over_its_photo_keeps_its_caption_and_text_beside_a_module_headed_upright() {
    // Left: a headline, its photo (nothing the OCR reads) and the caption and two
    // columns under it. Right: a module headed by a headline set upright, its
    // columns beside it from the top, then its own photo. Clear strips run across
    // the page under the right module's text and between the caption and the
    // columns: the left headline's caption and text are its own all the same.
    let mut lines = vec![sized(100.0, 100.0, "天地玄黄宇宙", 76.0, 8.0, (0, 0.0))];
    lines.push(line(100.0, 1000.0, "图为会场一角会场一角会场一角。", 0.0));
    lines.extend(short_column(100.0, 1100.0, "甲"));
    lines.extend(short_column(560.0, 1100.0, "乙"));
    lines.push(upright(1100.0, 100.0, "子丑寅卯辰", 80.0));
    let right: Vec<String> = (0..10).map(|_| "丙丁戊己庚辛壬癸丙丁".to_string()).collect();
    let right: Vec<&str> = right.iter().map(String::as_str).collect();
    lines.extend(column(1220.0, 100.0, &right, 0.0));
    let text = to_text(&lines);
    assert!(read_in_order(&text, &["天地玄黄", "图为", "甲甲", "乙乙", "子丑寅卯辰", "丙丁"]), "{text}");
}

#[test]
fn a_caption_at_the_pages_foot_closes_the_article_over_its_photo() {
    // Left: module A, its second column running down beside a photo under its first;
    // right: module B. The photo's caption stands at the page's foot, under a strip
    // clear across the page: the last paragraph of A, not of B, and before the kicker
    // over B's headline.
    let mut lines = vec![sized(100.0, 100.0, "天地玄黄宇宙", 76.0, 8.0, (0, 0.0))];
    lines.extend(column(100.0, 220.0, &["甲乙丙丁戊己庚辛壬癸"; 5], 0.0));
    lines.extend(column(600.0, 220.0, &["子丑寅卯辰巳午未申。"; 11], 0.0));
    lines.push(line(1200.0, 254.0, "煤炭黄金十年", 0.0));
    lines.push(sized(1200.0, 300.0, "日月盈昃辰宿", 76.0, 8.0, (0, 0.0)));
    lines.extend(column(1200.0, 420.0, &["春夏秋冬冷暖阴晴雨。"; 8], 0.0));
    lines.extend(column(1700.0, 420.0, &["东南西北上下左右中。"; 8], 0.0));
    lines.push(line(100.0, 960.0, "图为会场一角。王五摄", 0.0));
    let text = to_text(&lines);
    let order = ["天地玄黄宇宙", "子丑寅卯", "图为会场一角。王五摄\n\n---\n\n煤炭黄金十年\n日月盈昃辰宿\n", "春夏"];
    assert!(read_in_order(&text, &order), "{text}");
}

#[test]
fn a_column_right_under_a_headline_beside_it_is_its_when_a_photo_fills_the_rest() {
    // Left: module A under a headline of two lines, its text from 300. Right: module
    // B's kicker and headline, a photo under them, then B's caption and columns; the
    // column between them starts right under B's headline, above A's text: B's first
    // column. A's text ends a sentence at the end of a line: B's kicker, alone in its
    // region, goes on no paragraph of A's.
    let mut lines = vec![sized(100.0, 100.0, "天地玄黄宇宙洪荒", 76.0, 8.0, (0, 0.0))];
    lines.push(sized(350.0, 190.0, "日月", 76.0, 8.0, (0, 0.0)));
    lines.extend(column(100.0, 300.0, &["甲乙丙丁戊己庚辛壬癸"; 10], 0.0));
    lines.extend(column(600.0, 300.0, &["甲乙丙丁戊己庚辛壬。"; 10], 0.0));
    lines.push(line(1760.0, 20.0, "煤炭黄金十年", 0.0));
    lines.push(sized(1700.0, 80.0, "龙师火帝鸟官", 76.0, 8.0, (0, 0.0)));
    lines.extend(column(1100.0, 200.0, &["子丑寅卯辰巳午未申酉"; 12], 0.0));
    lines.push(line(1700.0, 620.0, "图为会场一角。王五摄", 0.0));
    lines.extend(column(1700.0, 700.0, &["春夏秋冬冷暖阴晴雨。"; 5], 0.0));
    lines.extend(column(2200.0, 700.0, &["东南西北上下左右中。"; 5], 0.0));
    let text = to_text(&lines);
    let order = ["天地玄黄", "甲乙", "。\n\n---\n\n煤炭黄金十年\n龙师火帝鸟官\n", "子丑寅卯", "春夏", "图为会场一角"];
    assert!(read_in_order(&text, &order), "{text}");
}

#[test]
fn a_column_beside_a_centred_headline_starts_with_the_columns_under_its_deck() {
    // Left: a headline over a photo, its text under the photo. Right: a headline over
    // the second of its three columns, a subtitle and a byline under it; its first
    // column, beside the headline, starts level with the other two under the deck. The
    // deck reads first, then the three columns.
    let mut lines = vec![sized(100.0, 100.0, "天地玄黄宇宙", 80.0, 8.0, (0, 0.0))];
    lines.extend(column(100.0, 700.0, &["甲乙丙丁戊己庚辛壬癸"; 5], 0.0));
    lines.extend(column(600.0, 700.0, &["甲乙丙丁戊己庚辛壬。"; 5], 0.0));
    lines.push(sized(1700.0, 100.0, "龙师火帝鸟", 80.0, 8.0, (0, 0.0)));
    lines.push(line(1740.0, 215.0, "子丑寅卯辰巳午", 0.0));
    lines.push(line(1720.0, 280.0, "文／本报记者　王五", 0.0));
    lines.extend(column(1200.0, 400.0, &["春夏秋冬冷暖阴晴雨"; 8], 0.0));
    lines.extend(column(1700.0, 400.0, &["东南西北上下左右中"; 8], 0.0));
    lines.extend(column(2200.0, 400.0, &["金生丽水玉出昆冈。"; 8], 0.0));
    let text = to_text(&lines);
    let order = ["天地玄黄", "甲乙", "龙师火帝鸟", "子丑寅卯辰巳午", "王五", "春夏", "东南", "金生"];
    assert!(read_in_order(&text, &order), "{text}");
}

#[test]
fn a_column_between_two_modules_goes_with_the_text_it_stands_level_with() {
    // Two headlines a column wide, one over the first column, one over the third; the
    // second column, under neither, starts level with the right module's text, lower
    // than the left's: the right module's first column.
    let mut lines = vec![sized(100.0, 100.0, "天地玄黄宇", 80.0, 8.0, (0, 0.0))];
    lines.extend(column(100.0, 200.0, &["甲乙丙丁戊己庚辛壬。"; 8], 0.0));
    lines.push(sized(1100.0, 120.0, "日月盈昃辰", 80.0, 8.0, (0, 0.0)));
    lines.extend(column(600.0, 232.0, &["子丑寅卯辰巳午未申酉"; 8], 0.0));
    lines.extend(column(1100.0, 232.0, &["春夏秋冬冷暖阴晴雨风"; 8], 0.0));
    lines.extend(column(1600.0, 232.0, &["东南西北上下左右中。"; 8], 0.0));
    let text = to_text(&lines);
    assert!(read_in_order(&text, &["天地玄黄宇", "甲乙", "日月盈昃辰", "子丑", "春夏", "东南"]), "{text}");
}

#[test]
fn a_headline_set_upright_at_its_modules_right_edge_reads_before_its_columns() {
    // Left: a module under a headline set across. Right: two columns and, at their
    // right edge, the headline set upright that heads them, as a page set top to
    // bottom places it.
    let mut lines = vec![sized(100.0, 100.0, "天地玄黄宇", 76.0, 8.0, (0, 0.0))];
    lines.extend(column(100.0, 220.0, &["甲乙丙丁戊己庚辛壬癸"; 8], 0.0));
    lines.extend(column(620.0, 100.0, &["春夏秋冬日月星辰"; 10], 0.0));
    lines.extend(column(1020.0, 100.0, &["春夏秋冬日月星辰"; 10], 0.0));
    lines.push(upright(1420.0, 100.0, "子丑寅卯辰", 80.0));
    let text = to_text(&lines);
    assert!(read_in_order(&text, &["天地玄黄", "甲乙", "子丑寅卯辰", "春夏"]), "{text}");
}

#[test]
fn a_headline_set_upright_beside_its_photo_heads_the_text_under_the_photo() {
    // Over the page, a module across it. Under that, left: a photo (nothing the OCR
    // reads) with a headline set upright at its right edge, and the photo's module's
    // two columns under both. Right: a module headed upright with its columns beside
    // its headline, ending level with the left headline; under it another module,
    // its headline across the first's headline and columns. A strip runs across under
    // the upright headlines: the left headline still heads the columns under its
    // photo.
    let mut lines = vec![sized(100.0, 40.0, "龙师火帝鸟官人皇", 100.0, 10.0, (0, 0.0))];
    lines.extend(column(100.0, 170.0, &["金生丽水玉出昆冈剑。"; 3], 0.0));
    lines.extend(column(700.0, 170.0, &["巨阙珠称夜光果珍李。"; 3], 0.0));
    lines.extend(column(1300.0, 170.0, &["柰菜重芥姜海咸河淡。"; 3], 0.0));
    lines.push(upright(900.0, 420.0, "子丑寅卯辰巳", 80.0));
    lines.push(upright(1100.0, 420.0, "春夏秋冬日", 80.0));
    lines.extend(column(1220.0, 420.0, &["天地玄黄宇宙洪荒日。"; 8], 0.0));
    lines.extend(short_column(100.0, 1000.0, "甲"));
    lines.extend(short_column(500.0, 1000.0, "乙"));
    lines.push(sized(1100.0, 1000.0, "鳞潜羽翔龙师", 76.0, 8.0, (0, 0.0)));
    lines.extend(column(1220.0, 1100.0, &["始制文字乃服衣裳推。"; 3], 0.0));
    let text = to_text(&lines);
    let order = ["金生", "子丑寅卯辰巳", "甲甲", "乙乙", "春夏秋冬日", "天地", "鳞潜羽翔龙", "始制"];
    assert!(read_in_order(&text, &order), "{text}");
}

/// A page of two stacks under a headline across it and its text: on the left, module A
/// (headline at 400, seven lines from 500, down to 924) over module B; on the right,
/// module C (three lines from 500, down to 668) over module D. `b` and `d` give each
/// lower module's headline height, text height and lines. Read stack by stack, the
/// page holds the marks [`STACKS`] in order.
fn two_stacks(b: (f64, f64, usize), d: (f64, f64, usize)) -> String {
    let head = |x, y, t| sized(x, y, t, 76.0, 8.0, (0, 0.0));
    let mut lines = vec![sized(100.0, 40.0, "龙师火帝鸟官人皇", 100.0, 10.0, (0, 0.0))];
    lines.extend(column(100.0, 170.0, &["金生丽水玉出昆冈剑。"; 2], 0.0));
    lines.extend(column(700.0, 170.0, &["巨阙珠称夜光果珍李。"; 2], 0.0));
    lines.extend([head(100.0, 400.0, "甲甲甲甲"), head(100.0, b.0, "乙乙乙乙")]);
    lines.extend(column(100.0, 500.0, &["天地玄黄宇宙洪荒日。"; 7], 0.0));
    lines.extend(column(100.0, b.1, &vec!["盈昃辰宿列张寒来暑。"; b.2], 0.0));
    lines.extend([head(700.0, 400.0, "丙丙丙丙"), head(700.0, d.0, "丁丁丁丁")]);
    lines.extend(column(700.0, 500.0, &["秋收冬藏闰余成岁律。"; 3], 0.0));
    lines.extend(column(700.0, d.1, &vec!["调阳云腾致雨露结为。"; d.2], 0.0));
    to_text(&lines)
}

/// The modules of [`two_stacks`] in reading order: A, B, then C, D.
const STACKS: [&str; 8] = ["甲甲", "天地", "乙乙", "盈昃", "丙丙", "秋收", "丁丁", "调阳"];

#[test]
fn stacks_of_modules_side_by_side_read_one_stack_after_the_other() {
    // B from 1400, D from 1100. A strip runs clear across from 924 to 1100, where A's
    // end and D's start happen to leave one: no row break, as B and D start more than
    // three lines apart. Each stack reads top to bottom.
    let text = two_stacks((1400.0, 1500.0, 4), (1100.0, 1200.0, 6));
    assert!(read_in_order(&text, &STACKS), "{text}");
}

#[test]
fn a_strip_between_a_headline_and_its_text_beside_a_stack_is_no_row_break() {
    // B's headline right under A at 940, its text from 1070; D from 1090. The only
    // strip across runs between B's headline and its text: B opens at 940, D at 1090,
    // more than three lines apart, so each stack reads top to bottom.
    let text = two_stacks((940.0, 1070.0, 6), (1090.0, 1190.0, 3));
    assert!(read_in_order(&text, &STACKS), "{text}");
}

#[test]
fn a_kicker_set_at_the_texts_size_alone_over_a_headline_heads_its_article() {
    // Under an article that ended, a short line of the text's size stands alone,
    // narrower than a line of text, a gap over the headline under it: its kicker.
    let mut lines = vec![sized(100.0, 100.0, "天地玄黄宇宙", 76.0, 8.0, (0, 0.0))];
    lines.extend(column(100.0, 250.0, &["甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊。"], 0.0));
    lines.push(line(166.0, 560.0, "子丑寅卯辰巳午", 0.0));
    lines.push(sized(100.0, 640.0, "日月盈昃辰宿", 76.0, 8.0, (0, 0.0)));
    lines.extend(column(100.0, 780.0, &["乙乙乙乙乙乙乙乙乙乙", "乙乙乙乙乙乙乙乙乙乙", "乙乙乙。"], 0.0));
    let text = to_text(&lines);
    assert!(text.contains("子丑寅卯辰巳午\n日月盈昃辰宿\n\n乙乙"), "{text}");
}

#[test]
fn a_kicker_wider_than_a_line_of_text_over_a_headline_across_columns_heads_its_article() {
    // The kicker, set flush right over a headline across two columns, is wider than
    // a line of text and narrower than the headline: it opens the article.
    let mut lines = vec![sized(100.0, 100.0, "天地玄黄宇宙", 76.0, 8.0, (0, 0.0))];
    for x in [100.0, 640.0] {
        lines.extend(column(x, 250.0, &["甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊。"], 0.0));
    }
    lines.push(line(640.0, 575.0, "子丑寅卯辰巳午未申酉戌亥", 0.0));
    lines.push(sized(100.0, 640.0, "日月盈昃辰宿列张寒来暑往秋收", 76.0, 0.0, (0, 0.0)));
    for x in [100.0, 640.0] {
        lines.extend(column(x, 780.0, &["乙乙乙乙乙乙乙乙乙乙", "乙乙乙乙乙乙乙乙乙乙", "乙乙乙。"], 0.0));
    }
    let text = to_text(&lines);
    assert!(text.contains("。\n\n---\n\n子丑寅卯辰巳午未申酉戌亥\n日月盈昃辰宿列张寒来暑往秋收\n\n乙乙"), "{text}");
}

#[test]
fn a_line_right_under_unfinished_text_goes_on_it_however_large_its_box() {
    // Lines a little more than a line's height apart; the second fills the column
    // and leaves its sentence open; the third, boxed taller with larger glyphs (a
    // speck in its box), holds no mark: it goes on that sentence, no heading.
    let mut lines =
        vec![line(100.0, 100.0, "甲乙丙丁戊己庚辛壬。", 0.0), line(100.0, 176.0, "甲乙丙丁戊己庚辛壬癸", 0.0)];
    lines.push(sized(100.0, 252.0, "子丑寅卯辰巳午未", 47.0, 2.0, (0, 0.0)));
    lines.extend(column(600.0, 100.0, &["天地玄黄宇宙洪荒日月", "天地玄黄宇宙洪荒日月", "天地玄黄。"], 0.0));
    let text = to_text(&lines);
    assert!(text.contains("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未天地"), "{text}");
}

#[test]
fn a_kicker_wrapped_on_two_lines_of_the_texts_size_heads_its_article() {
    // A narrow module's kicker fills its line as text would and wraps; right under
    // it, the headline: the kicker opens the article, not an article of its own.
    let mut lines = vec![sized(100.0, 100.0, "天地玄黄宇宙", 76.0, 8.0, (0, 0.0))];
    lines.extend(column(100.0, 250.0, &["甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊。"], 0.0));
    lines.push(line(100.0, 580.0, "子丑寅卯辰巳午未申酉", 0.0));
    lines.push(line(100.0, 628.0, "戌亥", 0.0));
    lines.push(sized(100.0, 676.0, "日月盈昃辰宿", 76.0, 8.0, (0, 0.0)));
    lines.extend(column(100.0, 800.0, &["乙乙乙乙乙乙乙乙乙乙", "乙乙乙乙乙乙乙乙乙乙", "乙乙乙。"], 0.0));
    let text = to_text(&lines);
    assert!(text.contains("。\n\n---\n\n子丑寅卯辰巳午未申酉戌亥\n日月盈昃辰宿\n\n乙乙"), "{text}");
}

#[test]
fn a_vertical_deck_reads_right_to_left_a_column_a_deck() {
    // A headline set top to bottom at the right, its smaller kicker beside it to the
    // left, over a column of text: the headline first, each column its own deck.
    let mut lines = vec![upright(700.0, 100.0, "天地玄黄宇宙", 80.0), upright(620.0, 100.0, "子丑寅卯", 50.0)];
    lines.extend(column(100.0, 700.0, &["甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊。"], 0.0));
    let text = to_text(&lines);
    assert!(text.starts_with("天地玄黄宇宙\n子丑寅卯\n\n甲乙"), "{text}");
}

#[test]
fn a_label_level_with_another_modules_headline_opens_the_deck_under_it() {
    // Under a module across the page: left, a headline, its byline and its text;
    // right, a column label set as the text, level with the left headline, and right
    // under it the right module's wider headline.
    let mut lines = vec![sized(100.0, 40.0, "龙师火帝鸟官人皇", 100.0, 10.0, (0, 0.0))];
    for x in [100.0, 700.0, 1300.0] {
        lines.extend(column(x, 170.0, &["金生丽水玉出昆冈剑。"; 2], 0.0));
    }
    lines.push(sized(100.0, 400.0, "天地玄黄宇宙", 80.0, 8.0, (0, 0.0)));
    lines.push(line(100.0, 510.0, "■　记者　王五", 0.0));
    lines.extend(column(100.0, 590.0, &["甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊己庚辛壬。"], 0.0));
    lines.push(line(1200.0, 410.0, "深度报道", 0.0));
    lines.push(sized(1200.0, 484.0, "子丑寅卯辰巳午未申", 80.0, 8.0, (0, 0.0)));
    lines.extend(column(1200.0, 620.0, &["春夏秋冬冷暖阴晴雨", "春夏秋冬冷暖阴晴。"], 0.0));
    let text = to_text(&lines);
    assert!(text.contains("\n\n---\n\n深度报道\n子丑寅卯辰巳午未申\n\n春夏"), "{text}");
}

#[test]
fn a_column_label_opens_the_deck_of_the_headline_under_it() {
    // `深度报道` in its box, set as the text, between one article's end and the next
    // headline: the first line of that headline's deck, not an article of its own.
    let mut lines = vec![sized(100.0, 100.0, "天地玄黄宇宙", 80.0, 8.0, (0, 0.0))];
    lines.extend(column(100.0, 230.0, &["甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊。"], 0.0));
    lines.push(line(100.0, 420.0, "深度报道", 0.0));
    lines.push(sized(100.0, 500.0, "子丑寅卯辰巳", 80.0, 8.0, (0, 0.0)));
    lines.extend(column(100.0, 630.0, &["甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊。"], 0.0));
    let text = to_text(&lines);
    assert!(text.contains("甲乙丙丁戊。\n\n---\n\n深度报道\n子丑寅卯辰巳\n\n甲乙"), "{text}");
}

/// The page text read from a RapidOCR result of boxes `(x0, y0, x1, y1, text)`.
fn rapidocr(boxes: &[(f64, f64, f64, f64, &str)]) -> String {
    let items: Vec<String> = boxes
        .iter()
        .map(|(x0, y0, x1, y1, t)| format!("[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}]],\"{t}\",0.99]"))
        .collect();
    let page = format!("[{}]", items.join(","));
    page_layout(&page, "p.json").unwrap_or_default().0
}

/// The page text read from RapidOCR boxes `over` three lines of text boxed from
/// 260 px down.
fn rapidocr_over_text(over: &[(f64, f64, f64, f64, &str)]) -> String {
    let mut boxes = over.to_vec();
    boxes.extend([
        (100.0, 260.0, 500.0, 300.0, "甲乙丙丁戊己庚辛壬癸"),
        (100.0, 320.0, 500.0, 360.0, "甲乙丙丁戊己庚辛壬癸"),
        (100.0, 380.0, 300.0, 420.0, "甲乙丙丁。"),
    ]);
    rapidocr(&boxes)
}

#[test]
fn a_headline_boxed_as_a_line_is_told_by_its_pitch() {
    // RapidOCR boxes the headline only a quarter taller than the text, though its
    // characters are set half as wide again.
    let text = rapidocr(&[
        (100.0, 100.0, 460.0, 150.0, "天地玄黄宇宙"),
        (100.0, 200.0, 500.0, 240.0, "甲乙丙丁戊己庚辛壬癸"),
        (100.0, 260.0, 500.0, 300.0, "甲乙丙丁戊己庚辛壬癸"),
        (100.0, 320.0, 300.0, 360.0, "甲乙丙丁。"),
    ]);
    assert!(text.starts_with("天地玄黄宇宙\n\n甲乙"), "{text}");
}

#[test]
fn a_wrapped_headline_boxed_a_fifth_taller_on_its_second_line_is_one_heading() {
    // The two lines set their characters 60 px apart; RapidOCR boxed them 50 and 62
    // px tall.
    let text =
        rapidocr_over_text(&[(100.0, 100.0, 340.0, 150.0, "天地玄黄"), (100.0, 152.0, 400.0, 214.0, "宇宙洪荒日")]);
    assert!(text.starts_with("天地玄黄宇宙洪荒日\n\n甲乙"), "{text}");
}

#[test]
fn a_subtitle_wrapped_onto_a_line_as_short_as_the_texts_is_one_heading() {
    // Under the headline a subtitle in two centred lines (RapidOCR on layout 06-07/p04:
    // 当地政府夺 / 走称属国有), its characters 38 and 36 px apart over text set 35 px
    // apart: the second line by itself looks like a short line of text.
    let mut boxes = vec![
        (110.0, 20.0, 390.0, 80.0, "村民发现"),
        (75.0, 90.0, 425.0, 150.0, "乌木值百万"),
        (155.0, 160.0, 345.0, 210.0, "当地政府夺"),
        (159.0, 214.0, 341.0, 256.0, "走称属国有"),
    ];
    for k in 0..6 {
        let y = 300.0 + k as f64 * 56.0;
        boxes.push((75.0, y, 425.0, y + 40.0, "甲乙丙丁戊己庚辛壬癸"));
    }
    boxes.push((75.0, 636.0, 250.0, 676.0, "甲乙丙丁。"));
    let text = rapidocr(&boxes);
    assert!(text.starts_with("村民发现乌木值百万\n当地政府夺走称属国有\n\n甲乙"), "{text}");
}

#[test]
fn a_paragraphs_first_line_set_bolder_under_a_headline_is_text() {
    // The dateline's face sets the first line's characters a fifth wider than the
    // text's: subtitle-sized, but indented two ems, run to the column's edge, and
    // the text goes on from the column's start below it.
    let text = rapidocr_over_text(&[
        (100.0, 100.0, 460.0, 150.0, "天地玄黄宇宙"),
        (180.0, 200.0, 516.0, 240.0, "本报北京八日电"),
    ]);
    assert!(text.starts_with("天地玄黄宇宙\n\n本报北京八日电甲乙"), "{text}");
}

#[test]
fn line_boxes_drawn_out_into_the_gutter_leave_the_column_where_most_lines_start() {
    // RapidOCR drew three of a column's boxes 30 px out into the gutter (its em is
    // 40) and one starts 20 px in (cut from a line run across the gutter): the
    // column starts where most of its lines do, and none of them is indented.
    let xs = [100.0, 70.0, 100.0, 70.0, 120.0, 100.0, 70.0, 100.0];
    let row = |k: usize, x: f64, t| (x, 100.0 + k as f64 * 60.0, 500.0, 140.0 + k as f64 * 60.0, t);
    let mut boxes: Vec<_> = xs.iter().enumerate().map(|(k, &x)| row(k, x, "甲乙丙丁戊己庚辛壬癸")).collect();
    boxes.push((100.0, 580.0, 300.0, 620.0, "甲乙丙丁。"));
    let text = rapidocr(&boxes);
    assert_eq!(text.lines().filter(|l| !l.is_empty()).count(), 1, "{text}");
}

#[test]
fn a_line_cut_short_without_a_closing_mark_goes_on() {
    // The second line stops two characters short of the column's edge: a box cut
    // short, not a paragraph's end, unless it closes a sentence.
    let page = |second: &str| {
        to_text(&column(100.0, 100.0, &["甲乙丙丁戊己庚辛壬癸", second, "子丑寅卯辰巳午未申酉", "子丑寅卯。"], 0.0))
    };
    assert_eq!(page("甲乙丙丁戊己庚辛"), "甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛子丑寅卯辰巳午未申酉子丑寅卯。\n");
    assert_eq!(page("甲乙丙丁戊己庚。"), "甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚。\n子丑寅卯辰巳午未申酉子丑寅卯。\n");
    // A short line (an intertitle set as text) stands apart.
    assert_eq!(page("甲乙丙"), "甲乙丙丁戊己庚辛壬癸甲乙丙\n子丑寅卯辰巳午未申酉子丑寅卯。\n");
}

/// The page read from `lines` holds each of `order` after the one before it.
fn assert_reads_in_order(lines: &[OcrLine], order: &[&str]) {
    let text = to_text(lines);
    let at = |s: &str| text.find(s).unwrap_or(usize::MAX);
    assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{text}");
}

/// A column of three lines of the one character `c`, the last closing its sentence.
fn short_column(x0: f64, y0: f64, c: &str) -> Vec<OcrLine> {
    column(x0, y0, &[&c.repeat(8), &c.repeat(8), &format!("{c}。")], 0.0)
}

/// Does `text` hold each of `marks`, in that order?
fn read_in_order(text: &str, marks: &[&str]) -> bool {
    let at: Vec<usize> = marks.iter().filter_map(|t| text.find(t)).collect();
    at.len() == marks.len() && at.is_sorted()
}

pub(super) fn column(x0: f64, y0: f64, lines: &[&str], tilt: f64) -> Vec<OcrLine> {
    lines.iter().enumerate().map(|(k, t)| line(x0, y0 + k as f64 * 64.0, t, tilt)).collect()
}

#[test]
fn json_is_told_by_its_opening_and_a_json_file_is_never_text() {
    for t in ["[[[[1, 2]", " \n[{\"text\"", "{\"rec_texts\"", "\u{FEFF}{\"code\": 100", "[]", "{}"] {
        assert_eq!(detect(t), InputFormat::Paddle, "{t}");
    }
    for t in ["[图] 本报讯", "[1] 注释", "{本报讯}", "本报讯", "["] {
        assert_eq!(detect(t), InputFormat::Text, "{t}");
    }
    assert_eq!(format_of("本报讯", "page.JSON"), InputFormat::Paddle);
    assert_eq!(format_of("本报讯", "page.txt"), InputFormat::Text);
}

#[test]
fn pages_of_a_json_result_are_laid_out_one_after_the_other() {
    let line =
        |y: u32, t: &str| format!(r#"[[[100, {y}], [420, {y}], [420, {}], [100, {}]], ["{t}", 0.9]]"#, y + 30, y + 30);
    let json = format!("[[{}], null, [{}]]", line(100, "甲乙丙丁戊己庚辛壬癸"), line(100, "子丑寅卯辰巳午未申酉"));
    let (text, layout) = page_layout(&json, "p.json").unwrap();
    assert_eq!(text, "甲乙丙丁戊己庚辛壬癸\n\n子丑寅卯辰巳午未申酉\n");
    // Where lines stand is the first page's: the scan is one page.
    assert_eq!(layout.map(|l| l.lines.len()), Some(1));
    assert!(matches!(page_layout("[[], null]", "p.json"), Err(Error::Empty { .. })));
}

#[test]
fn modules_side_by_side_read_left_to_right_when_the_right_headline_stands_higher() {
    // Left: a headline lower down and its column. Right: a headline at the top, its
    // text close under it. Beside the right headline the left module is blank, but
    // no band runs across both: the left module is read first.
    let mut lines = vec![sized(100.0, 300.0, "天地玄黄宇", 80.0, 8.0, (0, 0.0))];
    lines.extend(column(100.0, 420.0, &["甲乙丙丁戊己庚辛", "甲乙丙丁戊己庚辛", "甲乙丙丁戊。"], 0.0));
    lines.push(sized(600.0, 100.0, "子丑寅卯辰", 80.0, 8.0, (0, 0.0)));
    lines.extend(column(600.0, 210.0, &["壬癸甲乙丙丁戊己"; 8], 0.0));
    let text = to_text(&lines);
    assert!(read_in_order(&text, &["天地玄黄宇", "甲乙丙丁戊。", "子丑寅卯辰", "壬癸甲乙"]), "{text}");
}

#[test]
fn columns_read_in_order_and_paragraphs_join_across_them() {
    let mut lines = column(100.0, 100.0, &["　甲乙丙丁戊己庚辛", "甲乙丙丁戊己庚辛", "甲乙丙丁戊己庚辛"], 0.0);
    lines.extend(column(600.0, 100.0, &["子丑寅卯辰巳午未", "子丑寅卯。"], 0.0));
    lines[0].words.remove(0);
    lines[0].bbox.x0 += 88.0;
    assert_eq!(to_text(&lines), "甲乙丙丁戊己庚辛甲乙丙丁戊己庚辛甲乙丙丁戊己庚辛子丑寅卯辰巳午未子丑寅卯。\n");
}
#[test]
fn a_piece_of_a_text_line_boxed_tall_opens_no_headline_band() {
    // Tesseract cut the fourth line of the left column at a box's rule and drew
    // its right piece taller, from above its line: still the line of its column,
    // not a heading to cut the page above and under.
    let body = "甲乙丙丁戊己庚辛";
    let at = |x: f64, k: usize, t: &str| line(x, 100.0 + k as f64 * 70.0, t, 0.0);
    let mut lines: Vec<OcrLine> = (0..3).map(|k| at(100.0, k, body)).collect();
    lines.push(at(100.0, 3, "甲乙丙丁"));
    lines.push(sized(290.0, 306.0, "戊己庚辛", 50.0, 4.0, (0, 0.0)));
    lines.extend([at(100.0, 4, body), at(100.0, 5, "甲乙丙。")]);
    lines.extend((0..6).map(|k| at(600.0, k, "子丑寅卯辰巳午未")));
    lines.push(at(600.0, 6, "子丑。"));
    let text = to_text(&lines);
    assert!(text.starts_with(&format!("{}甲乙丙丁戊己庚辛{body}甲乙丙。", body.repeat(3))), "{text}");
}

#[test]
fn columns_beside_a_sidebar_go_on_from_it_only_when_they_start_no_higher_than_its_text() {
    // A sidebar with its headline from 150 px and its text from `from`; to its right
    // two columns from 220 px, under nothing, and a headline set over the two
    // columns after them, whose text starts at 220 px too.
    let page = |from: f64| {
        let mut lines = vec![sized(100.0, 150.0, "天地玄黄宇宙", 80.0, 8.0, (0, 0.0))];
        for x in [100.0, 500.0] {
            lines.extend(column(x, from, &["甲乙丙丁戊己庚辛"; 4], 0.0));
        }
        lines.push(sized(1800.0, 100.0, "子丑寅卯辰巳", 80.0, 8.0, (0, 0.0)));
        for (x, c) in [(1000.0, "壹"), (1400.0, "贰"), (1800.0, "叁"), (2200.0, "肆")] {
            lines.extend(short_column(x, 220.0, c));
        }
        let text = to_text(&lines);
        let at = |t: &str| text.find(t).unwrap_or(usize::MAX);
        (at("子丑寅卯辰巳") < at("壹"), text)
    };
    // The two columns start over the sidebar's text: they are the right headline's.
    let (after, text) = page(300.0);
    assert!(after, "{text}");
    // They start level with it: they go on from the sidebar, the last of its module.
    let (after, text) = page(230.0);
    assert!(!after, "{text}");
}

#[test]
fn a_headline_set_right_with_a_kicker_and_a_subtitle_heads_the_columns_to_its_left() {
    // A kicker set as text over a headline over the last two of five columns, a
    // subtitle over the last: the text of all five starts at 260 px, under the deck.
    let mut lines = vec![line(1400.0, 60.0, "不同的学者", 0.0)];
    lines.push(sized(1400.0, 110.0, "子丑寅卯辰巳", 80.0, 8.0, (0, 0.0)));
    lines.push(sized(1750.0, 196.0, "马光远称楼市", 48.0, 4.0, (0, 0.0)));
    for (k, c) in ["壹", "贰", "叁", "肆", "伍"].iter().enumerate() {
        let x = 100.0 + k as f64 * 400.0;
        lines.extend(short_column(x, 260.0, c));
    }
    let text = to_text(&lines);
    assert!(text.starts_with("不同的学者\n子丑寅卯辰巳\n\n壹壹"), "{text}");
    assert!(read_in_order(&text, &["壹", "贰", "叁", "肆", "伍"]), "{text}");
}

#[test]
fn a_subtitle_standing_apart_over_all_the_headlines_columns_is_no_text_to_level_with() {
    // A headline and a subtitle over the last two of four columns, the subtitle a
    // line and a half over the text: the first two columns, level with the text,
    // are the headline's too.
    let mut lines = vec![sized(1300.0, 100.0, "子丑寅卯辰巳", 80.0, 8.0, (0, 0.0))];
    lines.push(sized(1300.0, 190.0, "马光远称楼市将反弹也", 48.0, 4.0, (0, 0.0)));
    for (k, c) in ["壹", "贰", "叁", "肆"].iter().enumerate() {
        let x = 100.0 + k as f64 * 400.0;
        lines.extend(short_column(x, 300.0, c));
    }
    // The text of the module beside runs on past the deck: no band cut under it.
    lines.extend(column(1900.0, 100.0, &["天地玄黄宇宙洪荒"; 8], 0.0));
    let text = to_text(&lines);
    assert!(read_in_order(&text, &["子丑寅卯辰巳", "壹", "贰", "叁", "肆"]), "{text}");
}

#[test]
fn a_first_column_opening_on_a_photo_is_the_headlines_set_over_the_others() {
    // A headline over the last two of three columns; the first opens on a photo
    // (no text) with its caption, its text lower than theirs: all three are the
    // headline's, nothing to their left they could go on from.
    let mut lines = vec![sized(500.0, 100.0, "子丑寅卯辰巳", 80.0, 8.0, (0, 0.0))];
    lines.push(sized(100.0, 400.0, "图为会场一角。", 30.0, 3.0, (0, 0.0)));
    lines.extend(column(100.0, 460.0, &["壹壹壹壹壹壹壹壹", "壹。"], 0.0));
    for (x, c) in [(500.0, "贰"), (900.0, "叁")] {
        lines.extend(short_column(x, 220.0, c));
    }
    lines.extend(column(1400.0, 100.0, &["天地玄黄宇宙洪荒"; 8], 0.0));
    let text = to_text(&lines);
    assert!(read_in_order(&text, &["子丑寅卯辰巳", "壹", "贰", "叁"]), "{text}");
}

#[test]
fn a_headline_cut_at_its_clause_gap_over_a_gutter_reads_whole_before_its_columns() {
    // Tesseract gave the two clauses of a headline as two lines; the gap after the
    // colon stands over the gutter between the headline's two columns, and the
    // text of the module beside runs on past it: no band cut under the headline.
    let page = |first: &str| {
        let mut lines = vec![sized(100.0, 100.0, first, 80.0, 8.0, (0, 0.0))];
        lines.push(sized(580.0, 100.0, "宇宙洪荒日月", 80.0, 8.0, (0, 0.0)));
        for (x, c) in [(100.0, "壹"), (580.0, "贰")] {
            lines.extend(short_column(x, 220.0, c));
        }
        lines.extend(column(1300.0, 100.0, &["子丑寅卯辰巳午未"; 6], 0.0));
        to_text(&lines)
    };
    let text = page("天地玄黄：");
    assert!(text.starts_with("天地玄黄：宇宙洪荒日月\n\n壹壹"), "{text}");
    // Without the colon they are the headlines of two modules side by side.
    let text = page("天地玄黄");
    assert!(!text.contains("天地玄黄宇宙洪荒日月"), "{text}");
}

#[test]
fn an_intertitle_set_flush_a_space_under_a_closed_paragraph_opens_the_next() {
    // The paragraph's last line ends a character short of the column's edge, on a
    // full stop; a line and a half lower, flush left, a short line: an intertitle,
    // not the paragraph going on.
    let mut lines = vec![sized(100.0, 100.0, "天地玄黄宇宙", 80.0, 8.0, (0, 0.0))];
    lines.extend(column(100.0, 230.0, &["甲乙丙丁戊己庚辛壬癸子丑", "甲乙丙丁戊己庚辛壬癸。"], 0.0));
    lines.push(line(100.0, 400.0, "减负效应将显现", 0.0));
    lines.extend(column(100.0, 464.0, &["　　子丑寅卯辰巳午未申酉", "子丑寅卯。"], 0.0));
    lines[4].words.drain(..2);
    lines[4].bbox.x0 += 88.0;
    let text = to_text(&lines);
    assert!(text.contains("壬癸。\n减负效应将显现\n子丑"), "{text}");
}

/// A paragraph whose last line holds one character, at the foot of its column: that
/// line ends the column's text, not a column of its own to its left.
#[test]
fn a_last_line_of_one_character_ends_its_column() {
    let mut lines = column(100.0, 100.0, &["甲乙丙丁戊己庚辛", "甲乙丙丁戊己庚辛", "天"], 0.0);
    lines.extend(column(600.0, 100.0, &["地玄黄宇宙洪荒日", "月盈昃。"], 0.0));
    assert_eq!(to_text(&lines), "甲乙丙丁戊己庚辛甲乙丙丁戊己庚辛天\n地玄黄宇宙洪荒日月盈昃。\n");
}

/// Two modules stacked in the left column beside a taller one on the right: where the
/// right one's text ends level with the gap under the lower left headline, the clear
/// strip there is that headline's gap to its body, not a band break.
#[test]
fn a_stacked_module_keeps_its_headline_over_its_body() {
    let head = |x, y, t| sized(x, y, t, 60.0, 4.0, (0, 0.0));
    let mut lines =
        vec![head(100.0, 100.0, "甲乙丙丁"), head(100.0, 480.0, "戊己庚辛"), head(600.0, 100.0, "子丑寅卯")];
    lines.extend(column(
        100.0,
        180.0,
        &["一二三四五六七八", "一二三四五六七八", "一二三四五六七八", "一二三四。"],
        0.0,
    ));
    lines.extend(column(
        100.0,
        600.0,
        &["东南西北东南西北", "东南西北东南西北", "东南西北东南西北", "东南西北。"],
        0.0,
    ));
    let right = ["春夏秋冬春夏秋冬"; 5];
    lines.extend(column(600.0, 180.0, &[right[0], right[1], right[2], right[3], right[4], "春夏秋。"], 0.0));
    lines.push(head(600.0, 800.0, "辰巳午未"));
    lines.extend(column(600.0, 880.0, &["金木水火土金木水", "金木水火。"], 0.0));
    assert_reads_in_order(
        &lines,
        &["甲乙丙丁", "一二三四。", "戊己庚辛", "东南西北。", "子丑寅卯", "春夏秋。", "辰巳午未", "金木水火。"],
    );
}

/// A headline the OCR boxed in two pieces side by side over two columns, with text
/// running on in a third: the columns under the pieces read once, not once a piece.
#[test]
fn a_headline_in_pieces_reads_the_columns_under_it_once() {
    let body = ["一二三四五六七八"; 12];
    let mut lines: Vec<OcrLine> = Vec::new();
    for (x, c) in [(100.0, '东'), (600.0, '南'), (1100.0, '西')] {
        let text: Vec<String> = body.iter().map(|l| format!("{c}{l}")).collect();
        let rows: Vec<&str> = text.iter().map(String::as_str).collect();
        let col = column(x, 100.0, &rows, 0.0);
        // The two left columns stop for the headline in place of their sixth line; the
        // right one runs on beside it.
        let cut = |l: &OcrLine| x < 1000.0 && l.bbox.y0 > 400.0 && l.bbox.y0 < 470.0;
        lines.extend(col.into_iter().filter(|l| !cut(l)));
    }
    lines.push(sized(300.0, 410.0, "甲乙丙丁戊己庚", 60.0, 10.0, (0, 0.0)));
    lines.push(sized(800.0, 410.0, "辛壬癸子丑寅卯", 60.0, 10.0, (0, 0.0)));
    let text = to_text(&lines);
    for c in ['东', '南', '西', '甲', '辛'] {
        let given: usize = lines.iter().flat_map(|l| &l.words).filter(|w| w.text.starts_with(c)).count();
        assert_eq!(text.matches(c).count(), given, "{c}: {text}");
    }
}

/// A module whose headline stands over a photo (no text), its body under the photo,
/// beside a stack of two modules: the strip between the stack's modules runs across
/// the photo, and is no band break for the module beside.
#[test]
fn a_headline_over_a_photo_keeps_its_body_beside_a_stack() {
    let head = |x, y, t| sized(x, y, t, 60.0, 4.0, (0, 0.0));
    let mut lines =
        vec![head(100.0, 100.0, "甲乙丙丁"), head(600.0, 100.0, "子丑寅卯"), head(600.0, 700.0, "辰巳午未")];
    lines.extend(column(100.0, 900.0, &["一二三四五六七八", "一二三四五六七八", "一二三四。"], 0.0));
    lines.extend(column(600.0, 180.0, &["春夏秋冬春夏秋冬"; 6], 0.0));
    lines.extend(column(
        600.0,
        780.0,
        &["金木水火土金木水", "金木水火土金木水", "金木水火土金木水", "金木水火。"],
        0.0,
    ));
    assert_reads_in_order(&lines, &["甲乙丙丁", "一二三四。", "子丑寅卯", "春夏秋冬", "辰巳午未", "金木水火。"]);
}

/// An article continued from another page set across the top, over two modules side
/// by side: the strip under it is as narrow as the leading, but it runs across the
/// whole page over the headlines, and the continued text reads first, column by column.
#[test]
fn text_across_the_top_reads_before_the_modules_side_by_side_under_it() {
    let head = |x, y, t| sized(x, y, t, 80.0, 4.0, (0, 0.0));
    let mut lines = column(100.0, 100.0, &["上接一二三四五六", "上接一二三四五六", "上接一二三。"], 0.0);
    lines.extend(column(600.0, 100.0, &["续完一二三四五六", "续完一二三四五六", "续完一二三。"], 0.0));
    lines.extend([head(100.0, 296.0, "甲乙丙丁"), head(600.0, 330.0, "子丑寅卯")]);
    lines.extend(column(100.0, 400.0, &["一二三四五六七八", "一二三四五六七八", "一二三四。"], 0.0));
    lines.extend(column(600.0, 440.0, &["春夏秋冬春夏秋冬", "春夏秋冬春夏秋冬", "春夏秋冬。"], 0.0));
    assert_reads_in_order(
        &lines,
        &["上接一二三。", "续完一二三。", "甲乙丙丁", "一二三四。", "子丑寅卯", "春夏秋冬。"],
    );
}

/// Two modules side by side whose headings stand at different heights (a kicker over
/// the left headline, the right headline set between them): no band cut runs through
/// a heading, so each module reads whole, headings first.
#[test]
fn headings_side_by_side_at_different_heights_keep_their_modules() {
    let head = |x, y, t, size| sized(x, y, t, size, 4.0, (0, 0.0));
    let mut lines = vec![
        head(200.0, 100.0, "欧洲杯在即", 52.0),
        head(100.0, 170.0, "甲乙丙丁", 80.0),
        head(600.0, 130.0, "子丑寅卯", 80.0),
    ];
    lines.extend(column(100.0, 280.0, &["一二三四五六七八", "一二三四五六七八", "一二三四。"], 0.0));
    lines.extend(column(600.0, 240.0, &["春夏秋冬春夏秋冬"; 4], 0.0));
    lines.push(line(600.0, 496.0, "春夏秋冬。", 0.0));
    assert_reads_in_order(&lines, &["欧洲杯在即", "甲乙丙丁", "一二三四。", "子丑寅卯", "春夏秋冬春", "春夏秋冬。"]);
}

/// A headline set to the right of its module, over its last columns: the column
/// beside it, empty at the headline's height and starting where the headline's body
/// starts, is the module's first, read after the headline.
#[test]
fn a_headline_set_to_the_right_heads_the_column_beside_it() {
    let mut lines = sidebar_and_headline_to_the_right();
    lines.extend(column(500.0, 220.0, &["一二三四五六七八", "一二三四五六七八", "一二三四。"], 0.0));
    lines.extend(column(900.0, 220.0, &["春夏秋冬春夏秋冬", "春夏秋冬春夏秋冬", "春夏秋冬。"], 0.0));
    lines.extend(column(1300.0, 220.0, &["金木水火土金木水", "金木水火土金木水", "金木水火。"], 0.0));
    assert_reads_in_order(&lines, &["东南西北。", "甲乙丙丁戊己", "一二三四。", "春夏秋冬。", "金木水火。"]);
}

/// The same, the column beside the headline opening on a dateline in bold that the OCR
/// boxed taller than the text (`新快报讯`): a line a little larger is no headline of a
/// module of its own.
#[test]
fn a_bold_dateline_atop_the_column_beside_a_headline_leaves_it_the_headlines() {
    let mut lines = sidebar_and_headline_to_the_right();
    lines.push(sized(500.0, 214.0, "新快报讯", 52.0, 4.0, (0, 0.0)));
    lines.extend(column(500.0, 284.0, &["一二三四五六七八", "一二三四。"], 0.0));
    lines.extend(column(900.0, 220.0, &["春夏秋冬春夏秋冬", "春夏秋冬春夏秋冬", "春夏秋冬。"], 0.0));
    lines.extend(column(1300.0, 220.0, &["金木水火土金木水", "金木水火土金木水", "金木水火。"], 0.0));
    assert_reads_in_order(
        &lines,
        &["东南西北。", "甲乙丙丁戊己", "新快报讯", "一二三四。", "春夏秋冬。", "金木水火。"],
    );
}

/// The same, a subtitle set flush right under the headline, a little larger than the
/// text and over fewer columns: it is the headline's deck, read before the module's
/// first column, not a heading of the last.
#[test]
fn a_subtitle_flush_under_a_headline_set_right_reads_with_it() {
    let mut lines = sidebar_and_headline_to_the_right();
    lines.push(sized(1224.0, 196.0, "副题天地玄黄宇宙", 44.0, 4.0, (0, 0.0)));
    lines.extend(column(500.0, 280.0, &["一二三四五六七八", "一二三四五六七八", "一二三四。"], 0.0));
    lines.extend(column(900.0, 280.0, &["春夏秋冬春夏秋冬", "春夏秋冬春夏秋冬", "春夏秋冬。"], 0.0));
    lines.extend(column(1300.0, 280.0, &["金木水火土金木水", "金木水火土金木水", "金木水火。"], 0.0));
    assert_reads_in_order(
        &lines,
        &["东南西北。", "甲乙丙丁戊己", "副题天地玄黄宇宙", "一二三四。", "春夏秋冬。", "金木水火。"],
    );
}

/// A sidebar down the left (it keeps a band cut from running under the headline) and a
/// headline set to the right, over the last columns.
fn sidebar_and_headline_to_the_right() -> Vec<OcrLine> {
    let mut lines =
        column(100.0, 60.0, &["东南西北东南西北", "东南西北东南西北", "东南西北东南西北", "东南西北。"], 0.0);
    lines.push(sized(1100.0, 100.0, "甲乙丙丁戊己", 80.0, 4.0, (0, 0.0)));
    lines
}

/// Two modules side by side, each under its own headline: the right one's headline
/// takes no column of the left module, though that column stands beside it and its
/// text starts level with the right module's.
#[test]
fn modules_side_by_side_keep_their_own_columns() {
    let head = |x, y, t| sized(x, y, t, 80.0, 4.0, (0, 0.0));
    // The left module's subtitle stands over its first column only; the right
    // headline is set lower, and its text starts level with the left module's.
    let mut lines = vec![head(100.0, 100.0, "甲乙丙丁"), line(100.0, 190.0, "副题一二三", 0.0)];
    lines.push(head(900.0, 130.0, "子丑寅卯"));
    lines.extend(column(100.0, 250.0, &["一二三四五六七八", "一二三四五六七八", "一二三四。"], 0.0));
    lines.extend(column(500.0, 250.0, &["春夏秋冬春夏秋冬", "春夏秋冬春夏秋冬", "春夏秋冬。"], 0.0));
    lines.extend(column(900.0, 250.0, &["金木水火土金木水", "金木水火土金木水", "金木水火。"], 0.0));
    assert_reads_in_order(&lines, &["甲乙丙丁", "一二三四。", "春夏秋冬。", "子丑寅卯", "金木水火。"]);
}

/// A row the OCR dropped across every column (a light typeface on a baseline grid)
/// leaves a strip as wide as a band break, two rows one wider than three lines: the
/// same columns run on across it, no heading opens the text under it, and each
/// column reads on down.
#[test]
fn rows_dropped_across_the_columns_break_no_band() {
    for below in [292.0, 356.0] {
        let rows = |x: f64, t: &str, last: &str| {
            let mut c = column(x, 100.0, &[t, t], 0.0);
            c.extend(column(x, below, &[t, t, last], 0.0));
            c
        };
        let mut lines = rows(100.0, "一二三四五六七八", "一二三四。");
        lines.extend(rows(500.0, "春夏秋冬春夏秋冬", "春夏秋冬。"));
        let text = to_text(&lines);
        assert!(text.find("一二三四。").unwrap_or(usize::MAX) < text.find("春夏秋冬").unwrap_or(0), "{text}");
    }
}

/// A module of two columns under a headline and a byline, below another, beside a
/// column of a taller module whose text ends level with the strip under the byline:
/// a deck line under a headline is no text of its own, and that strip is the gap
/// between the deck and its body, not a band break.
#[test]
fn a_headline_and_its_byline_stay_over_their_columns() {
    let head = |x, y, t| sized(x, y, t, 60.0, 4.0, (0, 0.0));
    let mut lines = vec![head(100.0, 100.0, "甲乙丙丁"), head(900.0, 100.0, "子丑寅卯")];
    lines.extend(column(100.0, 180.0, &["一二三四五六七八", "一二三四五六七八", "一二三四。"], 0.0));
    lines.extend(column(500.0, 180.0, &["一二三四五六七八", "一二三四五六七八", "二二三四。"], 0.0));
    lines.push(head(100.0, 400.0, "戊己庚辛壬癸甲乙丙"));
    lines.push(line(100.0, 476.0, "本报记者王五", 0.0));
    lines.extend(column(100.0, 580.0, &["东南西北东南西北", "东南西北东南西北", "东南西北。"], 0.0));
    lines.extend(column(500.0, 580.0, &["东南西北东南西北", "东南西北东南西北", "西南西北。"], 0.0));
    let right = ["春夏秋冬春夏秋冬"; 5];
    lines.extend(column(900.0, 180.0, &[right[0], right[1], right[2], right[3], right[4], "春夏秋。"], 0.0));
    lines.push(head(900.0, 600.0, "辰巳午未"));
    lines.extend(column(900.0, 680.0, &["金木水火土金木水", "金木水火。"], 0.0));
    assert_reads_in_order(
        &lines,
        &["甲乙丙丁", "二二三四。", "戊己庚辛", "本报记者王五", "东南西北。", "西南西北。", "子丑寅卯", "春夏秋。"],
    );
}

/// A boxed sidebar beside a module, their decks level and set no larger than the text,
/// each over its own text: the strip under the decks runs across the page, but a
/// gutter runs down both bands, and each module reads whole in turn, not the two decks
/// before either text.
#[test]
fn a_sidebar_and_the_module_beside_it_read_one_after_the_other() {
    let mut lines = column(100.0, 100.0, &["证监会重组监管", "上市公司应暂停"], 0.0);
    lines.extend(column(100.0, 300.0, &["证监会近日召开新", "闻通气会，就规定", "征求意见。"], 0.0));
    // The module's deck over its three columns, a little larger than the text.
    lines.push(sized(760.0, 100.0, "越南菲律宾等新兴经济体降息", 48.0, 4.0, (0, 0.0)));
    lines.push(sized(840.0, 164.0, "央行降息是倒逼的结果", 48.0, 4.0, (0, 0.0)));
    for x in [600.0, 1000.0, 1400.0] {
        lines.extend(column(x, 300.0, &["央行降息在预期之", "中，这是倒逼的结", "果。"], 0.0));
    }
    assert_reads_in_order(&lines, &["证监会重组监管", "征求意见。", "越南菲律宾", "果。果。果。"]);
}

/// A column with no deck over it between two modules' decks goes to the module whose
/// deck it leaves best aligned: a deck centred over three columns takes in the first of
/// them, though the deck itself stands over the second only.
#[test]
fn a_column_between_two_decks_goes_to_the_module_its_deck_is_centred_over() {
    let mut lines = column(100.0, 100.0, &["证监会重组监管"], 0.0);
    lines.extend(column(100.0, 240.0, &["证监会近日召开新", "征求意见。"], 0.0));
    lines.extend(column(1024.0, 100.0, &["欧洲杯大战在即"], 0.0));
    for (x, t) in [(600.0, "一二三四。"), (1000.0, "春夏秋冬。"), (1400.0, "金木水火。")] {
        lines.extend(column(x, 240.0, &["中广网北京六月十", t], 0.0));
    }
    assert_reads_in_order(&lines, &["证监会重组监管", "征求意见。", "欧洲杯大战在即", "一二三四。", "春夏秋冬。"]);
}
