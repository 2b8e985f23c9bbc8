//! The structure stage on whole pages: the source page of the project comes out as its
//! two articles, and the devset-like pages keep their shape when cleaned twice.

use newsmend::{EditFilter, Engine};

fn seed(test: &str) -> Option<String> {
    let path = crate::common::devset(test, "seed/input.txt")?;
    Some(newsmend::ingest::read(&path).expect("the seed page reads").text)
}

#[test]
fn the_source_page_is_two_articles_of_thirteen_paragraphs() {
    let Some(text) = seed("the_source_page_is_two_articles_of_thirteen_paragraphs") else { return };
    let engine = Engine::builtin().expect("rules");
    let cleaned = engine.clean(&text, &EditFilter::default());
    let arts = newsmend::render::articles(&text, &cleaned);
    let shape: Vec<(usize, usize)> = arts.iter().map(|a| (a.headings.len(), a.paragraphs.len())).collect();
    assert_eq!(shape, vec![(3, 6), (2, 7)]);
    // The four page-break splits are rejoined, and nothing else is merged.
    let joins =
        cleaned.accepted_edits().filter(|e| e.rule().starts_with("flow.page-break") || e.rule() == "flow.wrap").count();
    assert_eq!(joins, 4);
    for a in &arts {
        assert_eq!(a.dateline.as_deref(), Some("本报讯"));
        assert_eq!(a.byline.as_deref(), Some("渝西都市报记者 彭禹乔"));
        for p in &a.paragraphs {
            assert!(p.ends_with('。'), "paragraph cut: {p}");
        }
    }
    assert_eq!(arts[0].headings[2], "张智奎出席并讲话 常晓勇主持");
    assert!(arts[1].paragraphs.iter().any(|p| p.contains("对外开放合作共赢")));
}

#[test]
fn text_markdown_and_json_agree_on_the_articles() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/example.txt")).expect("example");
    let engine = Engine::builtin().expect("rules");
    let cleaned = engine.clean(&text, &EditFilter::default());
    let arts = newsmend::render::articles(&text, &cleaned);
    // The text output is the articles laid out: headings, a blank line, paragraphs.
    let laid_out: Vec<String> =
        arts.iter().map(|a| format!("{}\n\n{}\n", a.headings.join("\n"), a.paragraphs.join("\n"))).collect();
    assert_eq!(cleaned.output, laid_out.join("\n---\n\n"));
    let source =
        newsmend::ingest::Source { name: "example.txt".into(), encoding: "UTF-8", text: text.clone(), layout: None };
    let md = newsmend::render::markdown::page(&source, &cleaned);
    for a in &arts {
        for p in &a.paragraphs {
            assert!(md.contains(p.as_str()));
        }
    }
    assert_eq!(md.matches("\n---\n").count(), arts.len() - 1);
}

/// A jump note ending a long line is read as the width pass prints it, whatever stands
/// before it: the line scan stops early on a long line, so the note's full-width digit
/// is looked for past that point too.
#[test]
fn a_jump_note_with_full_width_digits_ends_a_long_line() {
    let engine = Engine::builtin().expect("rules");
    for note in ["(下转第３版)", "（下转第１２版）", "(下转第3版)"] {
        let text = format!("这是一段很长很长的正文内容，说了很多很多的事情，这里还有更多的文字，一直写到末尾为止。{note}\n\n下一段。\n");
        let cleaned = engine.clean(&text, &EditFilter::default());
        assert!(!cleaned.output.contains("下转"), "{note}: {:?}", cleaned.output);
        let arts = newsmend::render::articles(&text, &cleaned);
        assert!(arts[0].continues_on.is_some(), "{note}");
    }
}

/// pdftotext prints a running head's fields one a line, and the footer's too: the
/// section's name between two of them, a lone date beside them, the paper's name and
/// its hotline at the foot all go; the headline under them stays.
#[test]
fn the_running_heads_fields_one_a_line_all_go() {
    let page = "2025年7月25日\n\n财经\n\n星期五\n\n江州晚报\n\n13版\n\n蒲长城：去年重新审核\n\
                中国网6月11日讯　2012年全国食品安全宣传周启动仪式今天在京举行。\n\n\
                江州晚报\n\n新闻热线：023-68577097\n\n13\n";
    let engine = Engine::builtin().expect("rules");
    let cleaned = engine.clean(page, &EditFilter::default());
    let heads = newsmend::render::running_heads(page, &cleaned);
    for field in ["2025年7月25日", "财经", "星期五", "江州晚报", "13版", "新闻热线：023-68577097", "13"]
    {
        assert!(heads.iter().any(|h| h == field), "{field} not a running head: {heads:?}");
    }
    let arts = newsmend::render::articles(page, &cleaned);
    assert_eq!(arts.len(), 1, "{arts:?}");
    assert_eq!(arts[0].headings, ["蒲长城：去年重新审核"]);
}

/// A masthead prints the issue's number on a line of its own beside the date: it goes
/// with the running head; an issue's number inside a headline stays.
#[test]
fn the_issues_number_beside_the_running_head_goes() {
    let page = "临江晚报\n\n2024年5月8日　星期三　第2版\n\n第14897期\n\n第3期国债今日发行\n\n\
                本报讯　今年第3期储蓄国债今日起发行，面值总额为300亿元。\n";
    let engine = Engine::builtin().expect("rules");
    let cleaned = engine.clean(page, &EditFilter::default());
    let heads = newsmend::render::running_heads(page, &cleaned);
    assert!(heads.iter().any(|h| h == "第14897期"), "{heads:?}");
    let arts = newsmend::render::articles(page, &cleaned);
    assert_eq!(arts.len(), 1, "{arts:?}");
    assert_eq!(arts[0].headings, ["第3期国债今日发行"]);
}
