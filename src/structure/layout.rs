//! The layout: the edits that turn the page into the output layout (each article's
//! headings one per line, a blank line, its paragraphs one per line, `---` between
//! articles), and the reading back of a page that is already in it.

use super::articles::credit;
use super::classify::Kind;
use super::line_scan::{first_char, heading_like, last_char};
use super::{Article, Join, PageView, Read, Structure, ARTICLE, JUMP_WHY, PAGE_BREAK, PARAGRAPH, SEPARATOR, WRAP};
use crate::edit::{Edit, Why};
use crate::text::script::is_hspace;
use crate::text::LineSpan;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// Two printed lines of one paragraph.
    Wrap,
    /// One paragraph across a page break.
    PageBreak,
    /// The next heading of a group, or the next paragraph.
    NextLine,
    /// Headings to the first paragraph.
    Blank,
    /// One article to the next.
    Article,
}

impl Gap {
    /// What the gap becomes in the output, and why. `latin_pair`: a Latin word on each
    /// side, which a join keeps apart by a space.
    fn wanted(self, latin_pair: bool) -> (&'static str, &'static Why) {
        let joined = if latin_pair { " " } else { "" };
        match self {
            Gap::Wrap => {
                (joined, &Why { rule: WRAP, reason: "printed line that fills its column: the paragraph goes on" })
            }
            Gap::PageBreak => {
                (joined, &Why { rule: PAGE_BREAK, reason: "paragraph cut by a page or column break: rejoined" })
            }
            Gap::NextLine => ("\n", &Why { rule: PARAGRAPH, reason: "one heading or paragraph per line" }),
            Gap::Blank => ("\n\n", &Why { rule: PARAGRAPH, reason: "a blank line between headings and text" }),
            Gap::Article => ("\n\n---\n\n", &Why { rule: ARTICLE, reason: "a new article begins" }),
        }
    }
}

/// The layout edits of a page, and the joins they make, as they are written.
struct LayoutWriter<'a> {
    text: &'a str,
    lines: &'a [LineSpan],
    kinds: &'a [Kind],
    bodies: &'a [&'a str],
    edits: Vec<Edit>,
    joins: Vec<Join>,
    spaced: &'a [usize],
}

/// Lay the page out: every gap between two units, and inside units the joins, in
/// reading order; then the page's edges. `spaced`: the lines a join keeps a space
/// before (sorted), as it does between Latin words.
pub(super) fn lay_out(r: &Read, articles: &[Article], spaced: &[usize], s: &mut Structure) {
    let mut edits = std::mem::take(&mut s.edits);
    // About one layout edit a gap: reserved, not grown by doubling.
    edits.reserve(r.content.len() + 2);
    let mut l = LayoutWriter { spaced, ..LayoutWriter::new(r, edits) };
    let content = &r.content;
    for (ai, a) in articles.iter().enumerate() {
        for (ui, u) in a.units.iter().enumerate() {
            // Joins inside the unit.
            let inner = &content
                [content.partition_point(|&c| c < u.lines.start)..content.partition_point(|&c| c < u.lines.end)];
            for w in inner.windows(2) {
                let between = &r.kinds[w[0] + 1..w[1]];
                l.gap(w[0], w[1], if between.is_empty() { Gap::Wrap } else { Gap::PageBreak });
            }
            let next = match a.units.get(ui + 1) {
                Some(n) => Some((n, false)),
                None => articles.get(ai + 1).and_then(|n| n.units.first()).map(|f| (f, true)),
            };
            if let Some((n, new_article)) = next {
                let gap = if new_article {
                    Gap::Article
                } else if u.heading && !n.heading {
                    Gap::Blank
                } else {
                    Gap::NextLine
                };
                l.gap(u.lines.end - 1, n.lines.start, gap);
            }
        }
    }
    // A page of one article of paragraphs alone would bear no mark of the layout
    // (printed lines look the same) and could read back as printed lines: it opens on
    // the blank line that follows its empty heading group.
    let unmarked = matches!(articles, [a] if a.units.len() > 1 && a.units.iter().all(|u| !u.heading));
    let first = content[0];
    let last = *content.last().unwrap_or(&first);
    l.edges(first, last, if unmarked { "\n" } else { "" });
    s.edits = l.edits;
    s.joins = l.joins;
}

/// A page of furniture, jump notes or article separators alone has no article: its
/// furniture goes as on any page, and so do the newlines and separators between,
/// leaving nothing. Kept, it showed in the text output while JSON listed no article.
pub(super) fn page_without_articles(r: &Read, s: &mut Structure) {
    if r.kinds.iter().any(|k| matches!(k, Kind::Furniture(_) | Kind::Jump(_) | Kind::Separator)) {
        let mut l = LayoutWriter::new(r, std::mem::take(&mut s.edits));
        let why = &Why { rule: PARAGRAPH, reason: "a page without article text" };
        l.stretch(0, r.page.text.len(), 0..r.page.lines.len(), "", why);
        s.edits = l.edits;
    }
}

impl<'a> LayoutWriter<'a> {
    fn new(r: &'a Read, edits: Vec<Edit>) -> Self {
        let PageView { text, lines, .. } = r.page;
        LayoutWriter { text, lines, kinds: &r.kinds, bodies: &r.bodies, edits, joins: Vec::new(), spaced: &[] }
    }

    /// The edits that turn the gap between content lines `a` and `b` into `gap`; a
    /// join is recorded for the character passes.
    fn gap(&mut self, a: usize, b: usize, gap: Gap) {
        // Read without the jump notes that end the lines, as the output shows them.
        let latin_pair = last_char(self.bodies[a]).is_some_and(|c| c.is_ascii_alphanumeric())
            && first_char(self.bodies[b]).is_some_and(|c| c.is_ascii_alphanumeric())
            || self.spaced.binary_search(&b).is_ok();
        let (want, why) = gap.wanted(latin_pair);
        let (end, start) = (self.lines[a].end as usize, self.lines[b].start as usize);
        self.stretch(end, start, a + 1..b, want, why);
        if matches!(gap, Gap::Wrap | Gap::PageBreak) {
            self.joins.push(Join::new(end, start, want));
        }
    }

    /// Lay out the stretch `from..to` of the page, which holds the lines `inner`: its
    /// newlines become `want` (the first run) and nothing (the others), furniture lines
    /// are removed by their own edits, and whitespace-only lines are left to
    /// `space.edge`, so no edit here overlaps one of the character passes.
    fn stretch(&mut self, from: usize, to: usize, inner: Range<usize>, want: &'static str, why: &'static Why) {
        let text = self.text;
        let mut pos = from;
        let mut first = true;
        let mut segment = |start: usize, end: usize, out: &mut Vec<Edit>| {
            let replacement = if first { want } else { "" };
            first = false;
            if &text[start..end] != replacement {
                out.push(Edit::replace(start, end, replacement, why));
            }
        };
        for i in inner {
            let r = self.lines[i].range();
            let removal = match &self.kinds[i] {
                Kind::Furniture(why) => Some(*why),
                Kind::Jump(_) => Some(JUMP_WHY),
                // A separator read back stays inside its newline run: the run is compared
                // whole with the layout wanted, so the output's own layout needs no edit.
                _ => None,
            };
            let spaces_only = r.start < r.end && text[r.clone()].chars().all(is_hspace);
            if removal.is_none() && !spaces_only {
                continue;
            }
            segment(pos, r.start, &mut self.edits);
            if let Some(why) = removal {
                self.edits.push(Edit::deletion(r.start, r.end, why));
            }
            pos = r.end;
        }
        segment(pos, to, &mut self.edits);
    }

    /// Blank lines and furniture before the first content line go, but for `lead` (the
    /// blank line of an empty heading group, or nothing); after the last, the page ends
    /// with exactly one newline.
    fn edges(&mut self, first: usize, last: usize, lead: &'static str) {
        // Before: an empty stretch from the page start to the first content line. The
        // first line's own start is the stretch's end, so a line 0 that is furniture or
        // spaces is handled as an inner line.
        if first > 0 {
            let why = &Why { rule: PARAGRAPH, reason: "blank lines before the text" };
            self.stretch(0, self.lines[first].start as usize, 0..first, lead, why);
        } else if !lead.is_empty() {
            let why = &Why { rule: PARAGRAPH, reason: "a blank line before the text: a page of paragraphs alone" };
            self.edits.push(Edit::insertion(0, lead, why));
        }
        let end = self.lines[last].end as usize;
        let why = &Why { rule: PARAGRAPH, reason: "one newline ends the page" };
        self.stretch(end, self.text.len(), last + 1..self.lines.len(), "\n", why);
    }
}

/// Is the page in the output layout, with a mark of it that raw text does not carry?
/// If so, which lines the layout shows as headings: those of a heading group. `bodies`
/// are the lines without the jump notes that end them; `furniture` tells a line that is
/// furniture by itself.
/// The layout: articles between `---` lines, each a heading group, one blank line and
/// its paragraphs (or headings or paragraphs alone), no other blank line, no edge
/// spaces, one newline at the end. The mark: a `---` line, a heading group's blank
/// line, or an article of headings alone; a page of one article of paragraphs alone,
/// which has none of these, opens on a blank line (its empty heading group's). Printed
/// lines without a blank line (`-lines` pages) carry no mark and are read as usual.
pub(super) fn read_back(page: PageView, bodies: &[&str], furniture: impl Fn(usize) -> bool) -> Option<Vec<bool>> {
    let text = page.text;
    // The last range is what follows the final newline: empty in the layout.
    let (end, lines) = page.lines.split_last()?;
    if end.start != end.end || lines.is_empty() {
        return None;
    }
    let line = |i: usize| &text[lines[i].range()];
    let mut marked = false;
    let mut heading = vec![false; lines.len() + 1];
    let mut start = 0;
    while start < lines.len() {
        // One article: up to its separator, which stands between two blank lines.
        let stop = (start..lines.len()).find(|&i| line(i) == SEPARATOR).unwrap_or(lines.len());
        let body = if stop < lines.len() {
            marked = true;
            if stop < start + 2 || stop + 2 >= lines.len() || !line(stop - 1).is_empty() || !line(stop + 1).is_empty() {
                return None;
            }
            start..stop - 1
        } else {
            start..stop
        };
        let blanks: Vec<usize> = body.clone().filter(|&i| line(i).is_empty()).collect();
        // Judged as the output shows the line: a jump note ending it is gone.
        let headings =
            |r: Range<usize>| r.into_iter().all(|i| heading_like(bodies[i]) && !credit(page.rules, bodies[i]));
        match blanks[..] {
            // Headings alone are a mark too: printed lines are seldom all headline-like.
            [] => {
                if headings(body.clone()) {
                    marked = true;
                    heading[body.clone()].fill(true);
                }
            }
            // A page of one article of paragraphs alone opens on the blank line of its
            // empty heading group.
            [0] if stop == lines.len() && body.end > 2 => marked = true,
            // Headings, the blank line, paragraphs: every line before it a heading.
            [b] if b > body.start && b + 1 < body.end => {
                if !headings(body.start..b) {
                    return None;
                }
                marked = true;
                heading[body.start..b].fill(true);
            }
            _ => return None,
        }
        if body.clone().any(|i| line(i).starts_with(is_hspace) || line(i).ends_with(is_hspace)) {
            return None;
        }
        start = stop + 2;
    }
    // The output holds no furniture: a page that does is read as it comes. Asked last,
    // of the few pages that get this far.
    if !marked || (0..lines.len()).any(&furniture) {
        return None;
    }
    Some(heading)
}
