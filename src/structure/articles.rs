//! Units and articles: runs of joined lines become headings and paragraphs, and a
//! heading group after a paragraph (or a separator) opens a new article. Jump notes are
//! recorded on the article they belong to.

use super::classify::Kind;
use super::joins::run_end;
use super::jump::Notes;
use super::line_scan::{heading_like, LineScan};
use super::{Article, Read, Structure, Unit, JUMP_WHY};
use crate::edit::Edit;
use crate::rules::StructureRules;
use crate::text::script::is_hspace;
use regex::Regex;
use std::sync::LazyLock;

/// The units: each run of joined content lines, a heading or a paragraph.
pub(super) fn units(r: &Read, scans: &[LineScan], headingish: &[bool], joins: &[bool]) -> Vec<Unit> {
    let Read { page, bodies, content, .. } = r;
    let mut units = Vec::new();
    let mut k = 0;
    while k < content.len() {
        let e = run_end(joins, k);
        let (first, last) = (content[k], content[e]);
        // Judged on the whole unit, as the output will show it on one line. Text in the
        // output layout says by its place which line is a heading: a heading-like line
        // among paragraphs is one the first reading made a paragraph.
        let heading = if let Some(h) = &r.laid_out {
            h[first]
        } else if k == e {
            headingish[k] && !credit(page.rules, &page.text[scans[first].trim()])
        } else {
            let bytes: usize = content[k..=e].iter().map(|&i| bodies[i].len()).sum();
            bytes <= 160 && {
                let t: String = content[k..=e].iter().map(|&i| bodies[i].trim_matches(is_hspace)).collect();
                heading_like(&t) && !credit(page.rules, &t)
            }
        };
        // Where the geometry laid the page out, what it set as a heading is one, and of
        // what it set as text only a heading-like line beside one (a kicker or subtitle
        // its sizes did not show): a heading-like line among paragraphs is an
        // intertitle, text of its article.
        let told = |i: Option<usize>| i.and_then(|i| r.told_at(i));
        let (before, after) = (k.checked_sub(1).map(|p| content[p]), content.get(e + 1).copied());
        let heading = match told(Some(first)) {
            // A byline set on a line of its own under the deck opens the text: the
            // article's first paragraph.
            Some(true) => !(told(after) == Some(false) && byline(page.rules, bodies[first])),
            // A note in brackets (`（中新网财经频道）`) before a heading closes the text
            // above it; under a heading it is a byline. Under a byline the geometry set
            // as a heading (which opens the text, above) it is an intertitle.
            Some(false) => {
                let under_deck = before.is_some_and(|b| told(Some(b)) == Some(true) && !byline(page.rules, bodies[b]));
                heading && (under_deck || (told(after) == Some(true) && !note(bodies[first])))
            }
            None => heading,
        };
        let span = page.lines[first].start as usize..page.lines[last].end as usize;
        units.push(Unit { lines: first..last + 1, heading, span });
        k = e + 1;
    }
    units
}

/// The articles: a heading group after a paragraph opens a new one; so does a
/// separator. The jump notes standing between units go on the article before them
/// (`下转`) or the one after (`上接`).
pub(super) fn articles(r: &Read, units: Vec<Unit>) -> Vec<Article> {
    let kinds = &r.kinds;
    let mut done: Vec<Article> = Vec::new();
    let mut cur = Article::default();
    let mut pending_from: Option<String> = None;
    let mut prev_line = 0usize;
    for mut u in units {
        let between = &kinds[prev_line..u.lines.start];
        let separated = between.contains(&Kind::Separator);
        for k in between {
            if let Kind::Jump(j) = k {
                if j.onward {
                    cur.continues_on.get_or_insert_with(|| j.page.clone());
                } else {
                    pending_from = Some(j.page.clone());
                }
            }
        }
        // Past a separator the unit opens an article of its own: it is no intertitle of
        // the one before.
        if u.heading && !separated && r.laid_out.is_none() && intertitle(r, &cur, &u) {
            u.heading = false;
        }
        let after_paragraph = cur.units.last().is_some_and(|l| !l.heading);
        if !cur.units.is_empty() && (separated || (u.heading && after_paragraph)) {
            done.push(std::mem::take(&mut cur));
        }
        if let Some(from) = pending_from.take() {
            cur.continued_from.get_or_insert(from);
        }
        prev_line = u.lines.end;
        cur.units.push(u);
    }
    for k in &kinds[prev_line..] {
        if let Kind::Jump(j) = k {
            cur.note(j);
        }
    }
    done.push(cur);
    done.retain(|a| !a.units.is_empty());
    done
}

/// A `X：Y` heading-like line inside an article whose headings name X (`张绍刚：我是一
/// 片好意` under `张绍刚发道歉信…`) is an intertitle: it stays in the article as a
/// paragraph. `�` in either stands for any character. Headings are read as the output
/// shows them: their lines joined, furniture left out.
fn intertitle(r: &Read, a: &Article, u: &Unit) -> bool {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[^：:]{1,5}[：:]").expect("intertitle"));
    if a.units.last().is_none_or(|l| l.heading) {
        return false;
    }
    let t = r.bodies[u.lines.start].trim_matches(is_hspace);
    if u.lines.len() > 1 {
        return false;
    }
    let Some(m) = LABEL.find(t) else { return false };
    let label: Vec<char> = m.as_str().trim_end_matches(['：', ':']).chars().collect();
    if label.is_empty() {
        return false;
    }
    a.units.iter().filter(|h| h.heading).any(|h| {
        let ht: Vec<char> = h
            .lines
            .clone()
            .filter(|&i| r.kinds[i] == Kind::Content)
            .flat_map(|i| r.bodies[i].trim_matches(is_hspace).chars())
            .collect();
        ht.windows(label.len())
            .any(|w| w.iter().zip(&label).all(|(x, y)| x == y || *x == '\u{FFFD}' || *y == '\u{FFFD}'))
    })
}

/// The jump notes at the end of content lines (`…满意。(下转第3版)`): each is cut off
/// its line by an edit, the character passes read the line without it, and its
/// article records it.
pub(super) fn cut_notes(r: &Read, notes: &Notes, articles: &mut [Article], s: &mut Structure) {
    for a in articles {
        for ui in 0..a.units.len() {
            for li in a.units[ui].lines.clone() {
                if r.kinds[li] != Kind::Content {
                    continue;
                }
                if let Some((cut, j)) = notes.get(li) {
                    let line = r.page.lines[li].range();
                    s.cuts.push((line.end, line.start + cut));
                    s.edits.push(
                        Edit::deletion(line.start + cut, line.end, JUMP_WHY)
                            .with_applicability(crate::Applicability::Safe),
                    );
                    a.note(j);
                }
            }
        }
    }
}

/// A credit line ends an article's text: `作者：…`, `（来源：…）`, `新华社发（…摄）`.
/// Traditional forms count too, and the words are read past spaces: the variant and
/// space passes make `記 者` `记者`, and the output must read as the input did.
pub(super) fn credit(rules: &StructureRules, t: &str) -> bool {
    // Every credit word starts with one of these: most lines are ruled out in one scan.
    if !t.trim_end_matches(is_hspace).ends_with(['）', ')']) && !t.contains(|c| rules.credit_first.contains(c)) {
        return false;
    }
    if t.contains(is_hspace) {
        return credit_words(rules, &t.chars().filter(|&c| !is_hspace(c)).collect::<String>());
    }
    credit_words(rules, t)
}

/// Is the line one note in brackets: `（中新网财经频道）`?
fn note(t: &str) -> bool {
    let t = t.trim_matches(is_hspace);
    let inner = t.strip_prefix(['（', '(']).and_then(|t| t.strip_suffix(['）', ')']));
    inner.is_some_and(|i| !i.is_empty() && !i.contains(['（', '(', '）', ')']))
}

/// Does the line open on a byline (`本报记者　王五`, `□　记者　李明`, `文／本报记者　宋佳`):
/// past a bullet, spaces and `文／`, a credit or byline-lead word?
fn byline(rules: &StructureRules, t: &str) -> bool {
    let t = super::classify::past_byline_marks(t);
    rules.credit_open.iter().any(|w| t.starts_with(w.as_str()))
}

fn credit_words(rules: &StructureRules, t: &str) -> bool {
    rules.credit_lead.iter().any(|w| t.starts_with(w.as_str()))
        || rules.credit.iter().any(|w| t.contains(w.as_str()))
        || t.strip_suffix(['）', ')']).is_some_and(|h| rules.photo_credit.iter().any(|w| h.ends_with(w.as_str())))
}

#[cfg(test)]
mod tests {
    use super::super::{analyse_lines, KnownFurniture};
    use crate::rules::StructureRules;
    use crate::text::physical_lines;

    /// The page's articles as `(heading texts, paragraph texts)`, with the geometry's
    /// word on each line (`Some(heading)`; `None`: plain text).
    fn read(lines: &[(&str, Option<bool>)]) -> Vec<(Vec<String>, Vec<String>)> {
        read_script(lines, false)
    }

    fn read_script(lines: &[(&str, Option<bool>)], traditional: bool) -> Vec<(Vec<String>, Vec<String>)> {
        let text: String = lines.iter().map(|(l, _)| format!("{l}\n")).collect();
        let spans = physical_lines(&text);
        let told: Vec<(usize, bool)> =
            spans.iter().zip(lines).filter_map(|(s, (_, h))| h.map(|h| (s.start as usize, h))).collect();
        let s = analyse_lines(&text, &spans, traditional, &KnownFurniture::new(), &told, StructureRules::builtin());
        let line = |i: usize| text[spans[i].range()].to_string();
        s.articles
            .iter()
            .map(|a| {
                let (h, p): (Vec<_>, Vec<_>) = a.units.iter().partition(|u| u.heading);
                (h.iter().map(|u| line(u.lines.start)).collect(), p.iter().map(|u| line(u.lines.start)).collect())
            })
            .collect()
    }

    const PAGE: [&str; 5] = [
        "财政部：政府性资金对民间投资，同等对待",
        "",
        "国内油价两连跌，全国不少加油站出现超额降价。",
        "加油站打折促销",
        "目前在上海有124家加油站打折。",
    ];

    #[test]
    fn the_geometry_says_which_lines_are_headings() {
        // A headline with a comma is a heading; a short line among paragraphs, text.
        let told = [Some(true), None, Some(false), Some(false), Some(false)];
        let lines: Vec<(&str, Option<bool>)> = PAGE.into_iter().zip(told).collect();
        let para = |i: usize| PAGE[i].to_string();
        assert_eq!(read(&lines), [(vec![para(0)], vec![para(2), para(3), para(4)])]);
        // Read from the words alone, the headline is text.
        let plain: Vec<(&str, Option<bool>)> = PAGE.into_iter().map(|l| (l, None)).collect();
        assert!(read(&plain)[0].0.is_empty(), "{:?}", read(&plain));
    }

    #[test]
    fn a_short_last_line_of_a_deck_the_geometry_set_stays_apart_from_the_text() {
        // A vertical page's byline `（南平）` the OCR read as one character, under its
        // headline: not the first piece of the text's first word.
        let body = "江蘇革命博物館主任委員、爲吳江陳佩忍君、其館址本在南京大功坊之徐中山王故園";
        let lines = [("革命博物館", Some(true)), ("全", Some(true)), ("", None), (body, Some(false))];
        let deck = vec!["革命博物館".to_string(), "全".into()];
        assert_eq!(read_script(&lines, true), [(deck, vec![body.to_string()])]);
        // A long line with a sentence's marks is text the geometry took for a heading.
        let text = "、亦攜其二嬌女至、在二等車中爲時報記者攝一影而";
        let lines = [("迷藏鴻雪記", Some(true)), (text, Some(true)), ("", None), ("去、其女阻之無效也、", Some(false))];
        let read = read_script(&lines, true);
        let units: usize = read.iter().map(|(h, p)| h.len() + p.len()).sum();
        assert_eq!(units, 2, "{read:?}");
    }

    #[test]
    fn a_heading_like_line_the_geometry_set_as_text_beside_a_heading_is_a_deck() {
        let lines =
            [("理财市场如何完善备受关注", Some(false)), ("油价两连跌", Some(true)), ("", None), (PAGE[2], Some(false))];
        assert_eq!(
            read(&lines),
            [(vec!["理财市场如何完善备受关注".to_string(), "油价两连跌".into()], vec![PAGE[2].to_string()])]
        );
    }

    #[test]
    fn a_heading_like_line_under_a_byline_set_as_a_heading_is_an_intertitle() {
        // The geometry set the byline under the headline as a heading: it opens the
        // text, and the line set larger after it is text of the article, not a headline.
        let lines = [
            ("重庆上邦高球场非法占地被罚", Some(true)),
            ("本报记者\u{3000}袁野\u{3000}丁一", Some(true)),
            ("重庆上邦高球场运营7年背后：非法占地被罚", Some(false)),
            ("“确实有这个事情。”", Some(false)),
        ];
        let arts = read(&lines);
        assert_eq!(arts.len(), 1, "{arts:?}");
        assert_eq!(arts[0].0, ["重庆上邦高球场非法占地被罚"]);
        assert_eq!(arts[0].1.len(), 3, "{arts:?}");
    }

    #[test]
    fn a_note_in_brackets_before_a_heading_closes_the_text_above_it() {
        let lines = [
            (PAGE[2], Some(false)),
            ("（中新网财经频道）", Some(false)),
            ("", None),
            ("---", None),
            ("", None),
            ("油价两连跌", Some(true)),
            ("", None),
            (PAGE[3], Some(false)),
        ];
        let articles = read(&lines);
        assert_eq!(articles[0], (vec![], vec![PAGE[2].to_string(), "（中新网财经频道）".into()]), "{articles:?}");
        // Under a headline it is a byline: a heading.
        let lines = [("油价两连跌", Some(true)), ("（南平）", Some(false)), ("", None), (PAGE[3], Some(false))];
        assert_eq!(read(&lines)[0].0, ["油价两连跌", "（南平）"]);
    }

    #[test]
    fn a_kicker_two_modules_of_a_positioned_page_share_heads_both() {
        // Where the geometry read the page, its furniture rows were placed by position:
        // a kicker printed twice inside the page is no running head.
        let lines = [
            ("视点", Some(true)),
            ("油价两连跌", Some(true)),
            ("", None),
            (PAGE[2], Some(false)),
            ("", None),
            ("视点", Some(true)),
            ("加油站打折促销", Some(true)),
            ("", None),
            (PAGE[4], Some(false)),
        ];
        let heads: Vec<Vec<String>> = read(&lines).into_iter().map(|(h, _)| h).collect();
        assert_eq!(heads, [["视点", "油价两连跌"], ["视点", "加油站打折促销"]]);
    }

    #[test]
    fn a_byline_the_geometry_set_with_the_deck_opens_the_text() {
        let lines = [("油价两连跌", Some(true)), ("□　本报记者　王五", Some(true)), ("", None), (PAGE[2], Some(false))];
        assert_eq!(
            read(&lines),
            [(vec!["油价两连跌".to_string()], vec!["□　本报记者　王五".to_string(), PAGE[2].to_string()])]
        );
        // A heading that names the reporters' work is none.
        let lines = [("记者调查", Some(true)), ("油价两连跌", Some(true)), ("", None), (PAGE[2], Some(false))];
        assert_eq!(read(&lines)[0].0, ["记者调查", "油价两连跌"]);
    }
}
