//! What each line is: blank, content, the output's article separator, a jump note, or
//! page furniture (a running head, a folio, an editor's credit, the masthead, a line
//! the page or its issue repeats), which the layout removes.

use super::jump::{self, width_pass_form};
use super::line_scan::{has_sentence_punct, short, LineScan, SHORT};
use super::{Jump, PageView, FOLIO, RUNNING_HEAD, SEPARATOR};
use crate::edit::Why;
use crate::rules::StructureRules;
use crate::text::script::{as_halfwidth, hint, is_han, is_hspace};

/// Why a furniture line goes: one pointer in a line's [`Kind`], the reason of its edit.
const FOLIO_WHY: &Why = &Why { rule: FOLIO, reason: "folio: page number, not article text" };
pub(super) const RUNNING_HEAD_WHY: &Why =
    &Why { rule: RUNNING_HEAD, reason: "running head: page furniture, not article text" };

/// What a line of the input is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    Blank,
    /// PageView furniture, removed by the rule and for the reason given.
    Furniture(&'static Why),
    /// A jump line (`(下转第2版)`): removed, recorded on its article. Boxed: few lines
    /// are, and a long page holds a kind for every line.
    Jump(Box<Jump>),
    /// The output's article separator, read back.
    Separator,
    Content,
}

/// What the line `scan` read is; `repeated` says the page or its issue prints it more
/// than once.
pub(super) fn classify(rules: &StructureRules, text: &str, scan: &LineScan, repeated: bool) -> Kind {
    let t = &text[scan.trim()];
    if t.is_empty() {
        return Kind::Blank;
    }
    if t == SEPARATOR {
        return Kind::Separator;
    }
    // Furniture is short: a paragraph is content without further look.
    if !scan.short(SHORT) {
        return Kind::Content;
    }
    let t = &*width_pass_form(t, scan.width_pass);
    // Every note holds 版: most lines are ruled out without a look.
    if let Some(j) = scan.has(hint::BAN).then(|| jump::alone(rules, t)).flatten() {
        return Kind::Jump(Box::new(j));
    }
    if folio(rules, t, scan) {
        return Kind::Furniture(FOLIO_WHY);
    }
    if editor_credit(rules, t, scan) {
        return Kind::Furniture(RUNNING_HEAD_WHY);
    }
    // A running head: a short line with the date, weekday or page label and no sentence,
    // or a short line the page repeats.
    if !scan.sentence_punct && (repeated || labelled(rules, t, scan) || labelled_backwards(rules, t, scan)) {
        return Kind::Furniture(RUNNING_HEAD_WHY);
    }
    Kind::Content
}

/// Is the short line `t` (as the width pass prints it) a folio? The built-in bare number
/// is looked for only on a line of at most 16 bytes, a page label with 版 on any, and a
/// user's folio without 版 on every short line.
pub(super) fn folio(rules: &StructureRules, t: &str, scan: &LineScan) -> bool {
    rules.folio.is_match(t, t.len() <= 16 || scan.has(rules.folio.hints))
}

/// Is the short line `t` an editor's credit (`责任编辑：王五`)?
pub(super) fn editor_credit(rules: &StructureRules, t: &str, scan: &LineScan) -> bool {
    rules.editor.is_match(t, scan.has(rules.editor.hints))
}

/// Does the short line `t` hold two running-head labels (a date, a weekday, a page label,
/// an editor's or the hotline's word: a footer names its editors)?
pub(super) fn labelled(rules: &StructureRules, t: &str, scan: &LineScan) -> bool {
    let labels = rules.running_head.count(t, scan.has(rules.running_head.hints));
    labels >= 2 || labels + rules.credit_words.count(t, scan.has(rules.credit_words.hints)) >= 2
}

/// Does the short line read as a running head backwards: a head set right to left, as
/// the Republican papers set a horizontal line over their vertical columns, which the
/// OCR reads left to right (`版二第 報晶 五期星 日八十月四年九十國民`)?
fn labelled_backwards(rules: &StructureRules, t: &str, scan: &LineScan) -> bool {
    scan.has(rules.running_head.hints) && labelled(rules, &t.chars().rev().collect::<String>(), scan)
}

/// Is the line furniture or a jump note by itself, without the page's repeats?
pub(super) fn furniture_alone(rules: &StructureRules, text: &str, scan: &LineScan) -> bool {
    !matches!(classify(rules, text, scan, false), Kind::Content | Kind::Blank | Kind::Separator)
}

/// Every line's kind. `laid_out` says the page is in the output layout, whose lines
/// the first reading kept (a line it shows twice is two units the first reading joined
/// alike), or the geometry read it (its running heads and footers were placed by
/// position, and a line printed twice inside the page is a kicker two modules share):
/// either way a line shown twice is not a running head for that.
pub(super) fn kinds(
    page: PageView,
    scans: &[LineScan],
    bodies: &[&str],
    laid_out: bool,
    known: &KnownFurniture,
) -> Vec<Kind> {
    let PageView { text, rules, .. } = page;
    // Short lines the page prints more than once are running heads. Sorted keys: a key
    // seen twice stands twice in a row.
    let mut keys: Vec<u64> =
        scans.iter().filter(|s| !s.trim().is_empty() && s.short(SHORT) && !s.sentence_punct).map(|s| s.key).collect();
    keys.sort_unstable();
    let seen_twice = |k: u64| !laid_out && keys.get(keys.partition_point(|&x| x < k) + 1) == Some(&k);
    let mut kinds: Vec<Kind> = scans
        .iter()
        .map(|s| {
            let t = &text[s.trim()];
            // Only lines with words: a repeated `））` is OCR debris, not a running head.
            let repeated = s.short(SHORT)
                && ((!s.sentence_punct && seen_twice(s.key))
                    || (!known.is_empty() && furniture_key(t).is_some_and(|k| known.contains(&k))))
                && t.chars().filter(|c| c.is_alphanumeric()).nth(1).is_some();
            classify(rules, text, s, repeated)
        })
        .collect();
    mark_masthead(rules, &mut kinds, bodies);
    kinds
}

/// Tesseract prints the masthead as separate short lines (`江城日报`, `2012年6月13日
/// 星期三`, `A01 社会`), and pdftotext the running head's and the footer's fields one a
/// line (`2025年7月25日`, `财经`, `星期五`; `江州晚报 13版`): the paper's name, a lone
/// label or a section's name (`民生`) standing next to a running head at the top or the
/// foot of the page is furniture too, and so is a short line without a sentence (a
/// section's name the list lacks) between two of them. Read again until nothing
/// changes: a field marked makes its neighbour's.
fn mark_masthead(rules: &StructureRules, kinds: &mut [Kind], bodies: &[&str]) {
    let lines: Vec<usize> = (0..kinds.len()).filter(|&i| kinds[i] != Kind::Blank).collect();
    let top = &lines[..lines.len().min(MASTHEAD_LINES)];
    let foot = &lines[lines.len().saturating_sub(MASTHEAD_LINES).max(top.len())..];
    mark_fields(rules, kinds, bodies, top);
    mark_broken_footer(rules, kinds, bodies, foot);
    mark_fields(rules, kinds, bodies, foot);
}

/// pdftotext prints a footer set with wide gaps a field a block (`编辑` ⏎⏎ `曹阳` ⏎⏎
/// `校对` ⏎⏎ `冯涛`), and no field but the editor's word is a label: a run of single
/// words at the foot (`content`: its last lines) that opens on a label or furniture and
/// read as one line is a running head (`编辑 曹阳 校对 冯涛`: two editors' words) goes
/// whole. A byline before it (`记者` ⏎⏎ `王五`) opens on no label and stays.
fn mark_broken_footer(rules: &StructureRules, kinds: &mut [Kind], bodies: &[&str], content: &[usize]) {
    let word = |i: usize| {
        let t = bodies[i].trim_matches(is_hspace);
        short(t, 4) && !has_sentence_punct(t) && !t.contains(is_hspace)
    };
    let tail = content.iter().rev().take_while(|&&i| word(i)).count();
    let run = &content[content.len() - tail..];
    let opens = |i: usize| {
        let t = bodies[i].trim_matches(is_hspace);
        matches!(kinds[i], Kind::Furniture(_)) || label(rules, t) || rules.credit_words.count(t, true) > 0
    };
    let Some(from) = run.iter().position(|&i| opens(i)) else { return };
    let run = &run[from..];
    if run.len() < 2 || run.iter().all(|&i| kinds[i] != Kind::Content) {
        return;
    }
    let joined = run.iter().map(|&i| bodies[i].trim_matches(is_hspace)).collect::<Vec<_>>().join(" ");
    if labelled(rules, &joined, &LineScan::new(&joined, 0..joined.len())) {
        for &i in run {
            if kinds[i] == Kind::Content {
                kinds[i] = Kind::Furniture(RUNNING_HEAD_WHY);
            }
        }
    }
}

/// The running head's fields among `content` (a few lines at the page's top or foot).
fn mark_fields(rules: &StructureRules, kinds: &mut [Kind], bodies: &[&str], content: &[usize]) {
    let head = |kinds: &[Kind], j: usize| matches!(kinds[j], Kind::Furniture(_));
    for _ in 0..MASTHEAD_LINES {
        let mut changed = false;
        for (n, &i) in content.iter().enumerate() {
            if kinds[i] != Kind::Content {
                continue;
            }
            let t = bodies[i].trim_matches(is_hspace);
            let near_head = content.iter().skip(n.saturating_sub(1)).take(3).any(|&j| head(kinds, j));
            let between = n > 0 && content.get(n + 1).is_some_and(|&j| head(kinds, j)) && head(kinds, content[n - 1]);
            let unmarked = short(t, 6) && !has_sentence_punct(t);
            let field = paper_name(rules, t) || label(rules, t) || section_name(rules, t);
            if (field && near_head) || (unmarked && between) {
                kinds[i] = Kind::Furniture(RUNNING_HEAD_WHY);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// How many content lines at the top of the page the masthead may hold.
const MASTHEAD_LINES: usize = 6;

/// Is `t` a dateline and nothing more: who reports and from where, ending as a
/// dateline does (`本报讯`, `新快報訊`, `中新网6月8日电`, `…消息`)? A label that ends in
/// `讯` (`财经快讯`) is a heading, and no dateline alone.
pub(super) fn dateline_alone(rules: &StructureRules, t: &str) -> bool {
    let t = t.trim_matches(is_hspace);
    let ends = ["报讯", "報訊", "电", "電", "消息"].iter().any(|e| t.ends_with(e));
    ends && rules.dateline.get().find(t).is_some_and(|m| m.end() == t.len())
}

/// Is `t` a byline and nothing more: a reporter's role and a name of two or three
/// characters, once or more (`本报记者　李娜`, `文／本报记者　曹阳`, `□　记者　王五
/// 通讯员　张三`)? Read past spaces, a bullet and `文／`. A page prints it on a line of
/// its own over the text, the article's first paragraph. Only a short line is read
/// (and copied without its spaces).
pub(super) fn byline_alone(rules: &StructureRules, t: &str) -> bool {
    // Most lines open on no role, nor `本报` or `文／` before one: told without a copy.
    let first = t.chars().find(|&c| !is_hspace(c) && !BULLETS.contains(&c));
    let opens = |c: char| c == '本' || c == '文' || rules.roles.iter().any(|w| w.starts_with(c));
    if !first.is_some_and(opens) || !short(t, 24) {
        return false;
    }
    let t: String = t.chars().filter(|&c| !is_hspace(c)).collect();
    let mut rest = past_byline_marks(&t);
    let mut pairs = 0;
    while !rest.is_empty() {
        let Some(after) = role_opening(rules, rest) else { return false };
        // A name of two or three characters, then the end or the next role.
        let ends = |n: usize| after.char_indices().nth(n).map_or(after.len(), |(i, _)| i);
        let name = after.chars().take_while(|&c| is_han(c)).take(4).count();
        if after.starts_with(NOT_NAME) {
            return false;
        }
        let Some(n) = (2..=name.min(3))
            .rev()
            .find(|&n| ends(n) == after.len() || role_opening(rules, &after[ends(n)..]).is_some())
        else {
            return false;
        };
        rest = &after[ends(n)..];
        pairs += 1;
    }
    pairs > 0
}

/// The bullets a byline is set after (`□　记者　王五`).
const BULLETS: [char; 5] = ['□', '■', '●', '◆', '▲'];

/// `t` past the marks a byline may stand after: spaces, a bullet, `文／`.
pub(super) fn past_byline_marks(t: &str) -> &str {
    let t = t.trim_start_matches(|c: char| is_hspace(c) || BULLETS.contains(&c));
    t.strip_prefix("文／").or_else(|| t.strip_prefix("文/")).unwrap_or(t).trim_start_matches(is_hspace)
}

/// Characters no name starts with and a reporter's sentence goes on with
/// (`记者注意到`, `记者了解到`, `记者获悉`).
const NOT_NAME: [char; 16] =
    ['注', '了', '获', '看', '发', '采', '调', '表', '说', '认', '称', '问', '在', '对', '从', '是'];

/// The rest of `t` after the reporter's role it opens on (`本报记者`, `记者`,
/// `通讯员`).
pub(super) fn role_opening<'a>(rules: &StructureRules, t: &'a str) -> Option<&'a str> {
    let t = t.strip_prefix("本报").or_else(|| t.strip_prefix("本報")).unwrap_or(t);
    rules.roles.iter().find_map(|w| t.strip_prefix(w.as_str()))
}

/// A section's name alone on its line (`民生`, `綜合`).
pub(super) fn section_name(rules: &StructureRules, t: &str) -> bool {
    let t = t.trim_matches(is_hspace);
    short(t, 4) && rules.section.iter().any(|w| w == t)
}

/// A paper's name: a short line ending on a masthead word (`江城日报`).
pub(super) fn paper_name(rules: &StructureRules, t: &str) -> bool {
    short(t, 8) && rules.masthead.iter().any(|w| t.ends_with(w.as_str())) && !has_sentence_punct(t)
}

/// A short line holding a running-head label, the scan's guard aside: beside another
/// running head one label will do.
fn label(rules: &StructureRules, t: &str) -> bool {
    short(t, 12) && rules.running_head.is_match_unguarded(t) && !has_sentence_punct(t)
}

/// Lines other pages of the same issue show as running heads, as `furniture_key`s:
/// a page need not reveal its furniture by itself.
pub type KnownFurniture = std::collections::HashSet<u64>;

/// A key for a short line that survives the page label changing (`A02` → `A03`) and
/// OCR spacing: the line without spaces and digits.
pub(crate) fn furniture_key(t: &str) -> Option<u64> {
    let t = t.trim_matches(is_hspace);
    if t.is_empty() || !short(t, 40) || has_sentence_punct(t) {
        return None;
    }
    let mut h = crate::hash::Fnv::default();
    let mut n = 0;
    for c in t.chars().filter(|&c| !is_hspace(c) && !as_halfwidth(c).is_ascii_digit()) {
        n += 1;
        h.feed(&(c as u32).to_le_bytes());
    }
    (n >= 2).then_some(h.finish())
}

/// The short lines near the top and bottom of a page, as `furniture_key`s: where
/// running heads and folios stand.
pub fn edge_keys(text: &str) -> Vec<u64> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim_matches(is_hspace).is_empty()).collect();
    let n = lines.len();
    lines.iter().enumerate().filter(|(i, _)| *i < 4 || *i + 3 >= n).filter_map(|(_, l)| furniture_key(l)).collect()
}

#[cfg(test)]
mod tests {
    fn clean(text: &str) -> String {
        crate::Engine::builtin().unwrap().clean(text, &crate::EditFilter::default()).output
    }

    #[test]
    fn a_byline_alone_is_roles_and_names_and_nothing_more() {
        let rules = crate::rules::StructureRules::builtin();
        for t in
            ["本报记者　李娜", "文／本报记者 曹阳", "□　记者　王五　通讯员　张三", "記者 程遠", "本 报 记 者 李 娜"]
        {
            assert!(super::byline_alone(rules, t), "{t}");
        }
        for t in ["记者调查显示，今年以来", "本报记者注意到", "记者", "记者欧阳明月说", "中新网6月1日电"]
        {
            assert!(!super::byline_alone(rules, t), "{t}");
        }
    }

    #[test]
    fn a_footer_broken_into_blocks_at_the_foot_goes_whole() {
        let text = "受到欧美股市大跌的影响，今日沪深股市大幅跳空低开后持续震荡走低。\n";
        let body = format!("国内油价两连跌\n\n{}\n", text.repeat(6));
        let page = format!("{body}16\n\n编辑\n\n曹阳\n\n校对\n\n冯涛\n");
        assert_eq!(clean(&page), format!("国内油价两连跌\n\n{}", text.repeat(6)));
        // A byline at the foot opens on no editor's word: it stays.
        let page = format!("{body}记者\n\n王五\n");
        assert!(clean(&page).contains("王五"), "{}", clean(&page));
    }

    #[test]
    fn a_sections_name_beside_the_running_head_is_a_field_of_it() {
        let text = "受到欧美股市大跌的影响，今日沪深股市大幅跳空低开后持续震荡走低。\n";
        let body = format!("国内油价两连跌\n\n{}", text.repeat(6));
        // pdftotext: the section's name first, or last before the first headline.
        for head in [
            "综合\n\n2025年1月26日 星期日\n\n东江日报\n\n15版\n\n",
            "江州晚报\n\n第8版\n\n2025年10月3日 星期五\n\n民生\n\n",
        ] {
            assert_eq!(clean(&format!("{head}{body}")), body);
        }
        // A column's label over the first article is no section: it stays its heading.
        let page = format!("江州晚报\n\n第8版\n\n2025年10月3日 星期五\n\n视点\n{body}");
        assert!(clean(&page).starts_with("视点\n国内油价两连跌"), "{}", clean(&page));
    }

    #[test]
    fn a_running_head_set_right_to_left_is_one() {
        let text = "江蘇革命博物館主任委員、旋吳江陳佩忍、館址本在南京大功坊之徐中山王故園、\n";
        let page = format!("版二第\u{3000}報晶\u{3000}五期星\u{3000}日八十月四年九十國民\n\n{text}");
        assert_eq!(clean(&page), text);
        // Read backwards a line of text holds no labels: it stays.
        let page = format!("國民政府\n\n{text}");
        assert_eq!(clean(&page), page);
    }
}
