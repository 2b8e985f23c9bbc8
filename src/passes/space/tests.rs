//! Tests of the spacing pass: which spaces go, which stay, and its bounds on long
//! lines.

use crate::{EditFilter, Engine};

/// Lines of spaces of every kind, and of more runs than a line's walk holds.
fn spaced_lines() -> Vec<String> {
    let pieces = ["记者", " ", "  ", "\u{3000}", "\t", "王五", "2", "a", "。", "\u{a0}", "通讯员"];
    let mut seed = 11u64;
    let mut lines: Vec<String> = (0..400)
        .map(|n| {
            let mut line = String::new();
            for _ in 0..(n % 60) {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                line.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            line
        })
        .collect();
    let long = "记者 王五 通讯员\u{3000}李明 ".repeat(super::HELD_RUNS);
    lines.extend([long.clone(), format!("  {long}"), format!(" {long}2 308"), "中 ".repeat(super::HELD_RUNS + 1)]);
    lines
}

/// The runs a line's walk holds are the runs read again, and the keep patterns'
/// context copied between them is the context read a character at a time.
#[test]
fn held_runs_read_as_the_line_does() {
    use super::{Interior, Runs, Shape, Spaces, Window};
    let (mut held, mut buf, mut by_char) = (Vec::new(), String::new(), String::new());
    let (mut left, mut right, mut left_c, mut right_c) = (String::new(), String::new(), String::new(), String::new());
    for text in spaced_lines() {
        let text = text.as_str();
        let shape = Shape::of(text, &mut held);
        let interior: Vec<_> = Runs::new(text).filter(|r| r.interior(text)).collect();
        assert_eq!(Interior::new(text, &shape, &held).collect::<Vec<_>>(), interior, "{text:?}");
        if shape.chars == 0 {
            continue;
        }
        let mut window = Window::new(text, &shape, &held, &mut buf);
        by_char.clear();
        let mut read = Window { text, spaces: Spaces::Unknown, read: 0, buf: &mut by_char, base: 0 };
        for r in &interior {
            window.context(r.at, &mut left, &mut right);
            read.context(r.at, &mut left_c, &mut right_c);
            assert_eq!((&left, &right), (&left_c, &right_c), "{text:?} at {}", r.at);
        }
    }
}

/// The byte search finds exactly the characters `is_hspace` knows.
#[test]
fn has_hspace_by_bytes_is_by_characters() {
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        assert_eq!(super::has_hspace(&format!("中{c}“")), super::is_hspace(c), "{c:?}");
    }
}

fn clean(s: &str) -> String {
    Engine::builtin().unwrap().clean(s, &EditFilter::without(crate::structure::FAMILIES)).output
}

#[test]
fn wrap_spaces_in_chinese_go() {
    assert_eq!(clean("就加快推进以 人为本的新型城镇化进行专题协商。"), "就加快推进以人为本的新型城镇化进行专题协商。");
    assert_eq!(clean("12 月19日，召开2024 年度会议。"), "12月19日，召开2024年度会议。");
    assert_eq!(clean("大连港位居西北　太平洋　中枢，是重要港口。"), "大连港位居西北太平洋中枢，是重要港口。");
}

#[test]
fn tesseract_letter_spacing_goes() {
    assert_eq!(clean("财 联 社 3 月 17 日 电 ， 沪 指 收 涨"), "财联社3月17日电，沪指收涨");
}

#[test]
fn bylines_keep_their_spaces() {
    assert_eq!(clean("本报讯(渝西都市报记者 彭禹乔)12 月19日"), "本报讯（渝西都市报记者 彭禹乔）12月19日");
    assert_eq!(clean("(记者 李明 通讯员 王芳)本报讯"), "（记者 李明 通讯员 王芳）本报讯");
    assert_eq!(clean("本报记者 王五 摄"), "本报记者 王五 摄");
    assert_eq!(
        clean("中广网唐山6月12日消息（记者汤一亮　庄胜春）据报道，"),
        "中广网唐山6月12日消息（记者汤一亮　庄胜春）据报道，"
    );
    // A wrap that splits the role word is damage: only the real gap stays.
    assert_eq!(clean("本报讯(渝西都市报记 者 彭禹乔)12月19日下午，"), "本报讯（渝西都市报记者 彭禹乔）12月19日下午，");
    // A name followed by more sentence is not a byline.
    assert_eq!(clean("在销毁现场，记者 看到了被追缴的枪支。"), "在销毁现场，记者看到了被追缴的枪支。");
}

#[test]
fn dateline_gap_stays_only_at_paragraph_start() {
    assert_eq!(clean("中新网6月1日电　据国家食药监局消息，"), "中新网6月1日电　据国家食药监局消息，");
    assert_eq!(clean("羊城晚报讯　记者郑诚报道，"), "羊城晚报讯　记者郑诚报道，");
    assert_eq!(clean("油价并宣布10日电　价缓涨，否则"), "油价并宣布10日电价缓涨，否则");
}

#[test]
fn heading_clause_gaps_stay() {
    assert_eq!(clean("张智奎出席并讲话 常晓勇主持"), "张智奎出席并讲话 常晓勇主持");
    assert_eq!(clean("美国大肠杆菌6州扩散　1名儿童死亡"), "美国大肠杆菌6州扩散　1名儿童死亡");
    // Short lines whose sides are names or fragments are not headings.
    assert_eq!(clean("新华社发(张春雷　摄)"), "新华社发（张春雷摄）");
    assert_eq!(clean("外人亦反對跳 舞、奇矣、"), "外人亦反對跳舞、奇矣、");
}

#[test]
fn latin_numbers_and_times_stay() {
    assert_eq!(clean("2023-03-17 20:52 发布"), "2023-03-17 20:52发布");
    assert_eq!(clean("他在New York Times发表文章"), "他在New York Times发表文章");
    assert_eq!(clean("Hello world, this is English."), "Hello world, this is English.");
}

#[test]
fn column_grid_catches_split_numbers() {
    let line = "沪深两市昨日小幅震荡 截至收盘上证指数报2 308.55点深证成指报 9876.54点两市成交额 较前一交易日略有放大 市场情绪趋于稳定";
    assert_eq!(clean(line), "沪深两市昨日小幅震荡截至收盘上证指数报2308.55点深证成指报9876.54点两市成交额较前一交易日略有放大市场情绪趋于稳定");
    // Three spaces are no grid: a byline among them stays.
    assert_eq!(
        clean("本报讯(记者 彭禹乔)12 月19日,会议在江津区 召开。"),
        "本报讯（记者 彭禹乔）12月19日，会议在江津区召开。"
    );
}

#[test]
fn edges_and_blank_lines() {
    assert_eq!(clean("  区领导参加会议。 \n下一段 "), "区领导参加会议。\n下一段");
    // A whitespace-only line: its spaces go; with the structure stage on, the whole
    // gap is laid out by it instead (two paragraphs alone: the page opens on the
    // blank line that marks the layout).
    assert_eq!(clean("甲。\n \n乙。"), "甲。\n\n乙。");
    let full = Engine::builtin().unwrap().clean("甲。\n \n乙。", &EditFilter::default()).output;
    assert_eq!(full, "\n甲。\n乙。\n");
}
