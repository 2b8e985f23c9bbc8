//! The lines in reading order laid out as the output's text: a line taller than the
//! body with larger characters is a heading (a wrapped headline joined into one line), a
//! line that starts indented, or follows one that stops short of its column's edge,
//! opens a paragraph, and a paragraph's printed lines are joined, across a column break
//! too; the gap between two word boxes decides whether a space is real (Tesseract writes
//! one between almost every Chinese character).

use super::caption::{captions, credited, under_their_photos};
use super::heading::{self, InRegion, Measures};
use super::lines::{edge_row, line_text, mend, Mended};
use super::{advance, cmp_f64, extent, order, BBox, OcrLine, Placed, Word};
use crate::rules::model::Signals;

/// The page's lines mended, what its body measures, its running head and footer rows
/// and its regions in reading order.
struct Read {
    lines: Vec<OcrLine>,
    measures: Measures,
    head: Vec<usize>,
    foot: Vec<usize>,
    regions: Vec<Vec<usize>>,
}

/// How much wider than the usual gap between two lines of a column the gap between two
/// bands must be. On the devset any factor from 1.15 to 1.3 reads the same; from 1.4 the
/// gap between two articles stacked in a column is taken for leading.
const BAND_OVER_LEAD: f64 = 1.2;

fn read(lines: &[OcrLine], glyphs: bool) -> Read {
    // Whether the OCR boxed whole lines shows in its boxes as it gave them: set
    // straight, a tilted page's characters no longer share their line's box.
    let whole_lines = heading::line_boxes(lines);
    let Mended { lines, body, line_width, lead } = mend(lines, glyphs);
    let measures = Measures::of(&lines, body, line_width, whole_lines, glyphs);
    // The running head and the footer stand in a row of their own at the page's edges,
    // often closer to the text than a gutter: take them out before cutting the page.
    let head = edge_row(&lines, body, line_width, true, glyphs);
    let foot = edge_row(&lines, body, line_width, false, glyphs);
    let idx: Vec<usize> = (0..lines.len()).filter(|i| !head.contains(i) && !foot.contains(i)).collect();
    // Between bands the gap must beat the line spacing: on a page set with loose
    // leading every two rows stand a line's height apart.
    let regions = order::regions(&idx, &lines, (body * 0.9).max(lead * BAND_OVER_LEAD), None);
    let regions = under_their_photos(regions, &lines, &measures);
    Read { lines, measures, head, foot, regions }
}

/// For the fit of the heading model: each line of the page's regions as it is laid
/// out, with the signals the model weighs.
pub(super) fn line_signals(lines: &[OcrLine], glyphs: bool) -> Vec<(String, Signals)> {
    if lines.is_empty() {
        return Vec::new();
    }
    let Read { lines, measures: m, regions, .. } = read(lines, glyphs);
    let mut out = Vec::new();
    for region in &regions {
        let edges = edges(region, &lines, &m);
        for k in 0..region.len() {
            let text = line_text(&lines[region[k]], m.body, m.glyphs);
            if !text.is_empty() {
                let x = m.heading_signals(&lines, &InRegion { region, k, edges }, &text);
                out.push((text, x));
            }
        }
    }
    out
}

/// The page as text in the layout the output uses, and where each printed line (each
/// piece of one) of the text stands on the scan: a horizontal page (see
/// [`super::to_text`]).
pub(super) fn to_text_placed(lines: &[OcrLine], glyphs: bool) -> (String, Vec<Placed>) {
    if lines.is_empty() {
        return (String::new(), Vec::new());
    }
    let Read { lines, measures, head, foot, regions } = read(lines, glyphs);
    let mut page = Flow::default();
    page.furniture_row(&head, &lines, &measures);
    for region in &regions {
        page.region(region, &lines, &measures);
    }
    page.furniture_row(&foot, &lines, &measures);
    page.finish()
}

/// Is line `k` of the region the first line of a paragraph: indented, running to the
/// column's edge, and the next line of the region the body's, from the column's start?
/// A dateline set bold may come boxed apart from the rest of its line: then the piece
/// beside it, of the body's size, runs to the edge.
fn opens_paragraph(region: &[usize], k: usize, lines: &[OcrLine], (left, right): (f64, f64), m: &Measures) -> bool {
    let l = &lines[region[k]].bbox;
    let indent = l.x0 - left;
    let next = region.get(k + 1).map(|&i| &lines[i]);
    let to_edge = |b: &BBox| right - b.x1 <= m.body * 1.5;
    let below = |n: &OcrLine| n.bbox.x0 - left <= m.body * 0.5 && m.body_sized(n) && n.bbox.y0 >= l.y1 - m.body * 0.3;
    let beside = |n: &OcrLine| in_row_after(l, &n.bbox, m.body) && m.body_sized(n) && to_edge(&n.bbox);
    indent > m.indent && indent < m.body * 3.5 && next.is_some_and(|n| (to_edge(l) && below(n)) || beside(n))
}

/// Does a piece at `l` go on the row of the piece before it, at `p`: beside it to its
/// right, overlapping it by half a line's height?
fn in_row_after(p: &BBox, l: &BBox, body: f64) -> bool {
    p.level_with(l) && l.x0 >= p.x1 - body && l.x0 - p.x1 < body * 3.0
}

/// Is the piece at `k` of the region a bullet that opens a row the next piece goes on
/// (a byline's `□`, set apart from its text by a gap)? It reads with that text, not as
/// a speck on the line before. Only a bullet's glyph: a mark or a speck of noise the OCR
/// boxed before a line is no bullet.
fn opens_row(region: &[usize], k: usize, lines: &[OcrLine], body: f64) -> bool {
    let l = &lines[region[k]];
    let bullet = l.words.iter().flat_map(|w| w.text.chars()).all(is_bullet) && l.bbox.x1 - l.bbox.x0 > body * 0.5;
    bullet && region.get(k + 1).is_some_and(|&n| in_row_after(&l.bbox, &lines[n].bbox, body))
}

/// A bullet's glyph: a geometric shape (`□■●◆▲`), a star, `•` or `※`.
fn is_bullet(c: char) -> bool {
    matches!(c, '\u{25A0}'..='\u{25FF}' | '★' | '☆' | '•' | '※')
}

/// Are the heading pieces at `p` and `l` pieces of one headline: in one row (`same_row`,
/// or overlapping by half a line), close together; or a wrapped headline's next line, of
/// its size, right under it? A headline of the module beside is neither, nor is the
/// next deck (a kicker's headline, a headline's subtitle): its characters are set in
/// another size, which their advance (`pitches`, above and below) shows. The heights of
/// a wrapped headline's boxes may differ by up to 30%: RapidOCR's box a line of the
/// same size 49 px tall and the next 59 (`村民发现` / `乌木值百万`); the advance tells.
fn one_headline(p: &BBox, l: &BBox, same_row: bool, pitches: (f64, f64)) -> bool {
    // A column set top to bottom goes on only in the next such column.
    if p.upright() || l.upright() {
        return p.upright() && l.upright() && next_column(p, l);
    }
    let h = l.height();
    // Beside it, not under it: a headline whose box reaches up into its kicker's (a
    // speck, an accent of its tall type) overlaps it by half a line but starts where
    // the kicker starts, not after it.
    let beside = l.x0 > p.x0 && l.x0 >= p.x1 - p.height().min(h);
    let row = (same_row || p.level_with(l)) && beside && l.x0 - p.x1 < p.height().max(h) * 1.5;
    let across = p.x1.min(l.x1) - p.x0.max(l.x0);
    let wrapped =
        (h - p.height()).abs() <= p.height() * 0.3 && l.y0 >= p.y1 - h * 0.3 && l.y0 - p.y1 < h * 0.8 && across > 0.0;
    row || (wrapped && same_size(pitches))
}

/// Is the column at `l` the next of a vertical headline's at `p`: to its left, close,
/// level with it at the top, its characters (a column's width) of the same size? A
/// column of another size beside it is another deck (a kicker's, a subtitle's).
fn next_column(p: &BBox, l: &BBox) -> bool {
    let (wp, wl) = (p.x1 - p.x0, l.x1 - l.x0);
    let gap = p.x0 - l.x1;
    (wp - wl).abs() <= wp.max(wl) * 0.3 && gap > -wp * 0.3 && gap < wp * 0.8 && (l.y0 - p.y0).abs() < wp * 1.5
}

/// How far apart the advances of one deck's lines may lie: the lines of a wrapped deck
/// measure within 3% of each other (one pair in 24 beyond), neighbouring decks (kicker,
/// headline, subtitle) 14% apart or more (three pairs in 89 closer) on the layout pages,
/// RapidOCR's and Tesseract's alike (`rules/fit/deck_pitch.py` prints them).
const DECK_PITCH: f64 = 1.1;

/// Are two heading lines set in one size, by their pitches (0: unknown, which does not
/// tell them apart)?
fn same_size((a, b): (f64, f64)) -> bool {
    a <= 0.0 || b <= 0.0 || a.max(b) <= a.min(b) * DECK_PITCH
}

/// Where a region's lines start and end, read past the odd line that sticks out (a
/// hanging quote, a speck beside the column). A detector's line boxes (RapidOCR,
/// PaddleOCR: `m.body_pitch` known) are drawn with margins, and a quarter of a
/// column's may start an em out in a narrow gutter: there the column starts where most
/// of its lines do.
fn edges(region: &[usize], lines: &[OcrLine], m: &Measures) -> (f64, f64) {
    let (body, drawn) = (m.body, m.body_pitch > 0.0);
    let mut x0: Vec<f64> = region.iter().map(|&i| lines[i].bbox.x0).collect();
    let mut x1: Vec<f64> = region.iter().map(|&i| lines[i].bbox.x1).collect();
    x0.sort_by(|&a, &b| cmp_f64(a, b));
    x1.sort_by(|&a, &b| cmp_f64(a, b));
    let n = x0.len();
    let left = if drawn {
        densest_start(&x0, body * 0.5)
    } else {
        let q1 = x0[n / 4];
        x0.iter().copied().find(|&x| x >= q1 - body * 0.5).unwrap_or(q1)
    };
    let q3 = x1[(n * 3) / 4];
    let right = x1.iter().rev().copied().find(|&x| x <= q3 + body * 0.5).unwrap_or(q3);
    if n < 3 {
        (left, right.max(left + m.line_width))
    } else {
        (left, right)
    }
}

/// Where most of the sorted starts `x0` stand: the start of the window `width` wide that
/// holds the most of them (the leftmost of equals). Paragraph indents stand right of
/// it and boxes a detector drew out into the gutter left of it, each a minority.
fn densest_start(x0: &[f64], width: f64) -> f64 {
    let (mut best, mut most, mut j) = (x0[0], 0, 0);
    for (i, &x) in x0.iter().enumerate() {
        j = j.max(i);
        while j < x0.len() && x0[j] <= x + width {
            j += 1;
        }
        if j - i > most {
            (best, most) = (x, j - i);
        }
    }
    best
}

/// How near its block's foot a vertical page's column must end to be full, in body
/// sizes. Measured on the devset's vertical pages: 0.5 to 1.5 read alike (paragraph F1
/// hOCR 0.544 before the rule, 0.589 with it; RapidOCR 0.681, 0.693 to 0.695).
const FULL: f64 = 1.0;

/// The page text as it is laid out: articles of headings and paragraphs.
#[derive(Default)]
pub(super) struct Flow {
    out: String,
    /// What the text ends in: nothing yet, a heading line, a paragraph.
    last: Last,
    /// Does the last paragraph go on (its last line reached the column's edge)?
    open: bool,
    /// Did the last paragraph's last line end without a mark that closes a paragraph?
    unfinished: bool,
    /// Did it end with one?
    ended: bool,
    /// Where each piece laid out stands on the scan.
    placed: Vec<Placed>,
    /// The box of the last heading piece.
    heading_box: BBox,
    /// The advance of the last heading piece's characters (0: unknown).
    heading_pitch: f64,
    /// The box of the last body piece.
    last_box: Option<BBox>,
    /// A short line alone in its region, without a mark (a column label `深度报道` in
    /// its box), held until what follows tells it: before a heading it opens that
    /// heading's deck; before anything else it is the paragraph it looks like.
    label: Option<(String, BBox)>,
    /// Turned columns of a vertical page: see [`Flow::full`].
    pub(super) columns: bool,
    /// Did the last column run to its block's foot without closing its sentence? Then
    /// the next goes on even if it starts lower: Tesseract's box starts at the first
    /// ink it read, a cell down when it lost or shrank the first character.
    full: bool,
    /// Is the last heading line a vertical page's byline? It closes the deck: the
    /// column after it is text, however large the OCR boxed it.
    signed: bool,
    /// Photo captions held back to the end of their article, each its lines.
    held: Vec<Vec<(String, BBox)>>,
    /// Where the last paragraph starts: see [`Flow::kicker_above`].
    para: Option<ParaStart>,
    /// Where the paragraph before it starts: see [`Flow::label_over_kicker`].
    before: Option<ParaStart>,
}

/// Where a paragraph starts in the text, its first piece among those placed, and what
/// stood before it.
#[derive(Clone, Copy)]
struct ParaStart {
    at: usize,
    placed: usize,
    after: Last,
}

#[derive(Default, PartialEq, Eq, Clone, Copy)]
enum Last {
    #[default]
    Nothing,
    Heading,
    Paragraph,
}

impl Flow {
    /// The piece just laid out, `len` bytes at the end of the text, stands at `bbox`.
    fn place(&mut self, len: usize, bbox: BBox) {
        let end = self.out.len();
        self.placed.push(Placed { span: end - len..end, bbox, heading: self.last == Last::Heading, upright: false });
    }

    /// The lines to come stand in another frame (a vertical page's horizontal lines
    /// among its turned columns): no box of the lines before compares with theirs.
    pub(super) fn new_frame(&mut self) {
        self.last_box = None;
    }

    /// How many pieces are placed so far.
    pub(super) fn placed_len(&self) -> usize {
        self.placed.len()
    }

    /// Move the boxes of the pieces placed from the `from`th on: a turned page's back
    /// where they stand on the scan, its columns set top to bottom.
    pub(super) fn map_placed(&mut self, from: usize, f: impl Fn(&BBox) -> BBox) {
        for p in self.placed.iter_mut().skip(from) {
            p.bbox = f(&p.bbox);
            p.upright = true;
        }
    }

    /// The lines of one region, in reading order.
    pub(super) fn region(&mut self, region: &[usize], lines: &[OcrLine], m: &Measures) {
        let (left, right) = edges(region, lines, m);
        // The piece before in this region, heading or text.
        let mut prev: Option<BBox> = None;
        let mut texts: Vec<String> = region.iter().map(|&i| line_text(&lines[i], m.body, m.glyphs)).collect();
        let piece = region.first().zip(self.last_box).is_some_and(|(&i, p)| in_row_after(&p, &lines[i].bbox, m.body));
        let captions = captions(region, &texts, lines, m, piece);
        let mut caption = captions.iter().peekable();
        for (k, &i) in region.iter().enumerate() {
            let l = &lines[i];
            while caption.next_if(|c| c.end <= k).is_some() {}
            if let Some(c) = caption.peek().filter(|c| c.contains(&k)) {
                if c.start == k {
                    self.hold(&mut texts[(*c).clone()], &region[(*c).clone()], lines);
                }
                continue;
            }
            let text = std::mem::take(&mut texts[k]);
            if text.is_empty() {
                continue;
            }
            // A piece in the row of the piece before, to its right, goes on with it, in
            // this region or (a line cut at a wide gap) the region before.
            let before = prev.or(self.last_box);
            let same_row = before.is_some_and(|p| in_row_after(&p, &l.bbox, m.body));
            let jump = jump_like(&text);
            // A subtitle: set larger than the text, right under a heading of its block;
            // not the first line of a paragraph set in a bolder face (a dateline).
            let subtitle = self.last == Last::Heading
                && !self.signed
                && m.subtitle_sized(l)
                && !jump
                && !opens_paragraph(region, k, lines, (left, right), m);
            let at = InRegion { region, k, edges: (left, right) };
            // A vertical page's byline in its own column right after the headline is the
            // deck's last line, as the papers' indexes (and the ECPO transcriptions) keep it.
            let byline = self.columns && self.last == Last::Heading && bracket_name(&text);
            // No heading stands right under a line that filled its column and left its
            // sentence open: that line goes on, unless set clearly larger than the text.
            let goes_on_text = self.last == Last::Paragraph
                && self.open
                && !self.ended
                && !same_row
                && prev.is_some_and(|p| l.bbox.y0 - p.y1 < m.body * 1.2)
                && !m.heading(l);
            if !goes_on_text
                && (heading::model().holds(m.heading_signals(lines, &at, &text))
                    || subtitle
                    || byline
                    || self.deck_goes_on(&text, l, m))
            {
                let pitches = (self.heading_pitch, advance(l));
                // A label held goes before the heading, which goes on from it only as
                // the next piece of its row.
                let join = match &self.label {
                    Some((_, label)) => in_row_after(label, &l.bbox, m.body),
                    None => {
                        !byline
                            && self.last == Last::Heading
                            && one_headline(&self.heading_box, &l.bbox, same_row, pitches)
                    }
                };
                self.deck_line(&text, join, l, m);
                self.heading_box = l.bbox;
                self.heading_pitch = pitches.1;
                prev = Some(l.bbox);
            } else if m.speck(l, &text) && !opens_row(region, k, lines, m.body) {
                // It stays where it stands without cutting the paragraph.
                self.speck(&text);
                self.place(text.len(), l.bbox);
            } else {
                let indented = l.bbox.x0 - left > m.indent;
                let first = (k == 0).then_some(region.len() == 1);
                // A line set larger than the text (a kicker or a headline the tests
                // above let through) goes on no line that was left unfinished.
                let after_unfinished = self.unfinished && !indented && m.body_sized(l);
                // The next piece of a label's row goes on it (the label was a line cut at
                // a gutter).
                let on_label = same_row && !jump && self.label.is_some();
                // A line a clear space under a paragraph that closed, in its column, opens
                // the next (an intertitle set flush as text), however full that line was;
                // a photo between leaves more.
                let apart = self.ended
                    && self.last_box.is_some_and(|p| {
                        let space = l.bbox.y0 - p.y1;
                        let column = (p.x0 - l.bbox.x0).abs() < m.indent * 2.0 && p.x1 - p.x0 < m.line_width * 1.2;
                        column && space > m.body && space < m.body * 3.0
                    });
                let goes_on = on_label || (!apart && self.goes_on(same_row, first, indented, jump, after_unfinished));
                // Not a piece level with the line before: a heading cut at a gutter.
                let level = self.last_box.is_some_and(|p| p.level_with(&l.bbox));
                // A line alone that looks like a kicker goes on no paragraph that closed.
                let held = !goes_on || self.ended;
                if held && !level && region.len() == 1 && (label_like(&text) || kicker_like(&text, &l.bbox, m)) {
                    self.hold_label(text, l.bbox);
                    prev = Some(l.bbox);
                    continue;
                }
                // Pieces of one row stand a printed gap apart (a byline's `记者　王五`,
                // cut where the gap is as wide as a gutter): it stays, measured against
                // the piece's own characters as inside a line. Where the OCR boxed
                // whole lines, a piece's box is cut from its line's, and the gap is
                // that cut's, not one printed.
                let gap = before.map_or(0.0, |p| l.bbox.x0 - p.x1);
                let printed = (m.glyphs || m.body_pitch == 0.0) && gap > m.body.max(advance(l)) * 0.8;
                if goes_on && !jump && same_row && printed && self.last == Last::Paragraph {
                    self.out.push('\u{3000}');
                }
                self.body(&text, goes_on && !jump);
                self.place(text.len(), l.bbox);
                self.last_box = Some(l.bbox);
                // A photo's credit closes its caption, however far the line runs.
                self.open = !jump && !credited(&text) && right - l.bbox.x1 <= m.body * 1.5;
                self.ended = ends_paragraph(&text);
                self.full = self.columns && right - l.bbox.x1 <= m.body * FULL && !self.ended;
                // Only a line that fills most of its column: a short line without a
                // closing mark is a kicker, a headline or an intertitle set as text.
                let most = l.bbox.x1 - left >= (right - left) * UNFINISHED_WIDTH;
                self.unfinished = !jump && most && m.body_sized(l) && !self.ended;
                prev = Some(l.bbox);
            }
        }
    }

    /// Is the line `l` the next line of the deck line before it, wrapped (a subtitle
    /// `当地政府夺` ⏎ `走称属国有`)? Right under it, its characters of the same size
    /// ([`one_headline`]), set on the same centre or from the same edge, short of a line
    /// of text and without a mark of a sentence or a clause ([`kicker_like`]). The first line's larger
    /// box or its place told it a heading; the next, as short as the text's lines or
    /// shorter, looks like text to the heading model alone.
    fn deck_goes_on(&self, text: &str, l: &OcrLine, m: &Measures) -> bool {
        let (p, b) = (&self.heading_box, &l.bbox);
        let centred = ((p.x0 + p.x1) - (b.x0 + b.x1)).abs() / 2.0 < m.body * 0.5;
        let flush = (p.x0 - b.x0).abs() < m.body * 0.5;
        self.last == Last::Heading
            && !self.signed
            && self.label.is_none()
            && kicker_like(text, b, m)
            && (centred || flush)
            && one_headline(p, b, false, (self.heading_pitch, advance(l)))
    }

    /// Does a printed line of text go on the paragraph before? A piece in the row of the
    /// piece before does when the text ends in a paragraph; another line when the
    /// paragraph is open and the line opens its region or is not `indented`. Only a
    /// region of body text goes on from the one before: a line alone in its region (a
    /// running head, a folio, a jump line) stands by itself, and so does a jump line
    /// anywhere. `first`: the line opens its region (`Some(alone)`).
    ///
    /// A paragraph whose last line stopped short of the column's edge without closing
    /// its sentence goes on too, unless the line is indented: the line's box came out
    /// short (a box cut from one run across a gutter, a mark the OCR dropped at the
    /// end), for a paragraph ends in a closing mark (or is an intertitle, after which
    /// the next paragraph is indented): `unfinished`, the paragraph is such and the line
    /// neither indented nor set larger than the text.
    fn goes_on(&self, same_row: bool, first: Option<bool>, indented: bool, jump: bool, unfinished: bool) -> bool {
        match first {
            _ if same_row => !jump && self.last == Last::Paragraph,
            Some(alone) => (self.open || (unfinished && !alone)) && !jump,
            None => (self.open || unfinished) && (!indented || self.full),
        }
    }

    /// The running head or footer row: its pieces on one line, an ideographic space
    /// between them.
    pub(super) fn furniture_row(&mut self, row: &[usize], lines: &[OcrLine], m: &Measures) {
        let texts: Vec<String> = row.iter().map(|&i| line_text(&lines[i], m.body, m.glyphs)).collect();
        let joined = texts.join("\u{3000}");
        if joined.is_empty() {
            return;
        }
        self.furniture(&joined);
        // The line ends in two newlines; its pieces stand before them.
        let mut pos = self.out.len() - 2 - joined.len();
        for (t, &i) in texts.iter().zip(row) {
            self.placed.push(Placed { span: pos..pos + t.len(), bbox: lines[i].bbox, heading: false, upright: false });
            pos += t.len() + '\u{3000}'.len_utf8();
        }
    }

    /// A photo caption: held back, to be the last paragraph of its article (the page's
    /// gold and the papers' archives put it there), and never joined to the text it
    /// stands between.
    fn hold(&mut self, texts: &mut [String], caption: &[usize], lines: &[OcrLine]) {
        let held = texts.iter_mut().zip(caption).map(|(t, &i)| (std::mem::take(t), lines[i].bbox));
        self.held.push(held.filter(|(t, _)| !t.is_empty()).collect());
    }

    /// The captions held, each a paragraph of its own where the text stands now: at the
    /// end of their article.
    fn release(&mut self) {
        for caption in std::mem::take(&mut self.held) {
            for (k, (text, bbox)) in caption.iter().enumerate() {
                self.body(text, k > 0);
                self.place(text.len(), *bbox);
            }
            self.open = false;
            self.unfinished = false;
        }
    }

    /// A heading line, after the label held if there is one; `join`: it is the next
    /// piece of the heading (or label) before it.
    fn heading(&mut self, text: &str, join: bool, b: &BBox, m: &Measures) {
        let label = self.label.take();
        if label.is_none() && self.kicker_above(b, m) {
            self.label_over_kicker(m);
            self.release_before_kicker();
            self.take_as_kicker();
        }
        if self.last == Last::Paragraph {
            self.release();
        }
        if let Some((label, bbox)) = label {
            self.heading_line(&label, false);
            self.place(label.len(), bbox);
        }
        self.heading_line(text, join);
    }

    /// A heading piece laid out and placed. On a vertical page a byline set at the foot
    /// of the headline's column (`米價飛漲之索隱譚（公）`, in brackets or in the text's
    /// smaller size) is a deck line of its own.
    fn deck_line(&mut self, text: &str, join: bool, l: &OcrLine, m: &Measures) {
        let b = l.bbox;
        let split = if !self.columns {
            None
        } else if let Some(at) = byline_at(text) {
            // The turned column reads along x: each part gets its share of the box.
            let (head, name) = text.split_at(at);
            let share = head.chars().count() as f64 / text.chars().count() as f64;
            Some((head.to_string(), name.to_string(), b.x0 + (b.x1 - b.x0) * share))
        } else {
            smaller_foot(l, m)
        };
        let Some((head, name, cut)) = split else {
            self.heading(text, join, &b, m);
            self.place(text.len(), b);
            self.signed = self.columns && bracket_name(text);
            return;
        };
        self.heading(&head, join, &b, m);
        self.place(head.len(), BBox { x1: cut, ..b });
        self.heading_line(&name, false);
        self.place(name.len(), BBox { x0: cut, ..b });
        self.signed = true;
    }

    /// Is the paragraph just laid out the kicker of the heading at `b`, set at the text's
    /// size: a line or two without a mark, no wider than a line of text, right over the
    /// heading (a paragraph's last line stands a line's gap or more over the next
    /// module's head), opening its module (after a paragraph, or first)? A kicker
    /// wrapped onto two lines fills its narrow module as text would.
    fn kicker_above(&self, b: &BBox, m: &Measures) -> bool {
        let Some(p) = self.para.filter(|p| p.after != Last::Heading && self.last == Last::Paragraph) else {
            return false;
        };
        let pieces = &self.placed[p.placed..];
        if pieces.is_empty() || pieces.len() > 2 {
            return false;
        }
        let u = extent(pieces.iter().map(|q| q.bbox));
        let text = &self.out[p.at..];
        let over = b.y0 >= u.y1 - m.body && b.y0 - u.y1 < m.body * KICKER_GAP;
        let across = u.x1.min(b.x1) > u.x0.max(b.x0);
        // A kicker over a headline wider than a column (set flush with one of its ends) is
        // as wide as it is read, narrower than the headline.
        let span = (m.line_width * KICKER_SPAN).max((b.x1 - b.x0) * KICKER_UNDER);
        unmarked(text, KICKER_CHARS) && !credited(text) && u.x1 - u.x0 <= span && over && across
    }

    /// A column's label (`民生直通车`) laid out as a paragraph of one line right over the
    /// kicker just taken: the kicker's paragraph starts at it, so both open the article.
    fn label_over_kicker(&mut self, m: &Measures) {
        let (Some(p), Some(q)) = (self.para, self.before) else { return };
        if q.after == Last::Heading || p.after != Last::Paragraph || !self.held.is_empty() {
            return;
        }
        let [label] = &self.placed[q.placed..p.placed] else { return };
        let k = extent(self.placed[p.placed..].iter().map(|x| x.bbox));
        let u = label.bbox;
        let over = k.y0 >= u.y1 - m.body && k.y0 - u.y1 < m.body * KICKER_GAP;
        let across = u.x1.min(k.x1) > u.x0.max(k.x0);
        if over && across && label_like(&self.out[q.at..p.at]) {
            self.para = Some(q);
        }
    }

    /// The captions held close the article the kicker just laid out does not belong to:
    /// they go before it.
    fn release_before_kicker(&mut self) {
        let Some(p) = self.para.filter(|_| !self.held.is_empty()) else { return };
        let text = self.out.split_off(p.at);
        let pieces = self.placed.split_off(p.placed);
        if p.after == Last::Paragraph {
            // The line break before the paragraph.
            self.out.pop();
        }
        self.last = p.after;
        self.release();
        self.body(&text, false);
        let at = self.out.len() - text.len();
        for mut q in pieces {
            q.span = q.span.start - p.at + at..q.span.end - p.at + at;
            self.placed.push(q);
        }
    }

    /// The paragraph just laid out becomes the kicker of the heading that follows: it
    /// opens the article, the separator going before it.
    fn take_as_kicker(&mut self) {
        const SEPARATOR: &str = "\n---\n\n";
        let Some(p) = self.para.take() else { return };
        let shift = if p.after == Last::Paragraph { SEPARATOR.len() } else { 0 };
        self.out.insert_str(p.at, &SEPARATOR[..shift]);
        for q in &mut self.placed[p.placed..] {
            q.span = q.span.start + shift..q.span.end + shift;
            q.heading = true;
        }
        self.last = Last::Heading;
    }

    /// A label to hold (see [`Flow::label`]), the one held before it flushed. A piece in
    /// its row still goes on with it.
    fn hold_label(&mut self, text: String, bbox: BBox) {
        self.flush_label();
        self.label = Some((text, bbox));
        self.last_box = Some(bbox);
        self.open = false;
        self.unfinished = false;
    }

    /// The label held, as the paragraph it looks like.
    fn flush_label(&mut self) {
        if let Some((label, bbox)) = self.label.take() {
            self.body(&label, false);
            self.place(label.len(), bbox);
        }
    }

    fn heading_line(&mut self, text: &str, join: bool) {
        match self.last {
            Last::Heading if join => push_joined(&mut self.out, text),
            Last::Heading => {
                self.out.push('\n');
                self.out.push_str(text);
            }
            Last::Paragraph => {
                self.out.push_str("\n\n---\n\n");
                self.out.push_str(text);
            }
            Last::Nothing => self.out.push_str(text),
        }
        self.last = Last::Heading;
        self.open = false;
        self.unfinished = false;
    }

    fn body(&mut self, text: &str, goes_on: bool) {
        self.flush_label();
        self.signed = false;
        let (after, placed) = (self.last, self.placed.len());
        let opens = !(goes_on && after == Last::Paragraph);
        match self.last {
            Last::Paragraph if goes_on => push_joined(&mut self.out, text),
            Last::Paragraph => {
                self.out.push('\n');
                self.out.push_str(text);
            }
            Last::Heading => {
                self.out.push_str("\n\n");
                self.out.push_str(text);
            }
            Last::Nothing => self.out.push_str(text),
        }
        if opens {
            // The paragraph's text is the last thing written.
            self.before = self.para;
            self.para = Some(ParaStart { at: self.out.len() - text.len(), placed, after });
        }
        self.last = Last::Paragraph;
    }

    /// A running head or footer: a line of its own, never joined.
    fn furniture(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.flush_label();
        self.release();
        if self.last != Last::Nothing {
            self.out.push_str("\n\n");
        }
        self.out.push_str(text);
        self.out.push_str("\n\n");
        self.last = Last::Nothing;
        self.open = false;
        self.unfinished = false;
    }

    /// A speck stays on the line before it, heading or paragraph: a mark that opened a
    /// paragraph would join it to what stands before.
    fn speck(&mut self, text: &str) {
        self.flush_label();
        if self.last == Last::Nothing {
            self.body(text, false);
        } else {
            self.out.push_str(text);
        }
    }

    pub(super) fn finish(mut self) -> (String, Vec<Placed>) {
        self.flush_label();
        self.release();
        let end = self.out.trim_end_matches('\n').len();
        self.out.truncate(end);
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        (self.out, self.placed)
    }
}

/// Does a line read as a column's label (`深度报道`, `新闻观察`): a few characters, no
/// mark of a sentence or a clause?
fn label_like(t: &str) -> bool {
    unmarked(t, LABEL_CHARS)
}

/// Two to `most` characters, none a mark of a sentence or a clause.
fn unmarked(t: &str, most: usize) -> bool {
    let t = t.trim();
    (2..=most).contains(&t.chars().count()) && !t.contains(MARKS)
}

/// The marks of a sentence or a clause, and an opening bracket: no kicker, label or
/// byline's name holds one.
const MARKS: [char; 14] = ['。', '，', '；', '：', '！', '？', '、', ',', ';', ':', '!', '?', '（', '('];

/// A turned headline column whose last characters are set far smaller than its first
/// (the byline at its foot, which the OCR misreads as often as not): the headline's
/// text, the byline's and where the column is cut between them.
fn smaller_foot(l: &OcrLine, m: &Measures) -> Option<(String, String, f64)> {
    let across = |w: &Word| w.bbox.height();
    let size = super::median(l.words.iter().map(across).collect());
    let tail = l.words.iter().rev().take_while(|w| across(w) < size * FOOT_SIZE).count();
    let at = l.words.len() - tail;
    if tail == 0 || at < 2 {
        return None;
    }
    let part = |words: &[Word]| {
        let line = OcrLine { bbox: extent(words.iter().map(|w| w.bbox)), words: words.to_vec(), vertical: true };
        line_text(&line, m.body, m.glyphs)
    };
    let (head, name) = (part(&l.words[..at]), part(&l.words[at..]));
    // A mark at the headline's end (`！`) is narrow too, and no byline.
    let worded = name.chars().any(char::is_alphanumeric);
    (!head.is_empty() && worded).then(|| (head, name, l.words[at].bbox.x0))
}

/// How much smaller than a headline's characters a byline at its foot is set, at most:
/// the papers set it in the text's size, a half to two thirds of the headline's.
const FOOT_SIZE: f64 = 0.7;

/// Is the line a byline in brackets, `（丹翁）`: a name of one to [`BYLINE_CHARS`]
/// characters without a mark (the OCR may lose the closing bracket)?
fn bracket_name(t: &str) -> bool {
    let Some(inner) = t.trim().strip_prefix(['（', '(']) else {
        return false;
    };
    pen_name(inner.strip_suffix(['）', ')']).unwrap_or(inner))
}

/// Where a byline in brackets at the end of a heading starts (`米價飛漲之索隱譚（公）`):
/// none when the heading is nothing else or ends otherwise.
fn byline_at(t: &str) -> Option<usize> {
    let inner = t.strip_suffix(['）', ')'])?;
    let at = inner.rfind(['（', '('])?;
    (at > 0 && pen_name(inner[at..].trim_start_matches(['（', '(']))).then_some(at)
}

/// A byline's name inside its brackets: one to [`BYLINE_CHARS`] characters, no mark
/// and no bracket.
fn pen_name(t: &str) -> bool {
    (1..=BYLINE_CHARS).contains(&t.chars().count()) && !t.contains(MARKS) && !t.contains(['）', ')'])
}

/// The most characters of a byline in brackets: a pen name or two, `（不飛自南京寄）`.
const BYLINE_CHARS: usize = 7;

/// The most characters a column's label holds.
const LABEL_CHARS: usize = 6;

/// Does a line alone in its region read as a kicker set at the text's size (`众银行抢
/// 500亿额度` over its headline): no mark of a sentence or a clause, at most
/// [`KICKER_CHARS`] characters, and short of a full line of text (a piece of a column
/// the order cut off fills its line)?
fn kicker_like(t: &str, b: &BBox, m: &Measures) -> bool {
    unmarked(t, KICKER_CHARS) && b.x1 - b.x0 < m.line_width * KICKER_WIDTH
}

/// How far over its heading a kicker stands at most, in lines of text: a paragraph's
/// last line stands further over the next module's head.
const KICKER_GAP: f64 = 1.0;

/// How much wider than a line of text a kicker over its module may stand.
const KICKER_SPAN: f64 = 1.1;

/// The share of its headline's width a kicker wider than a line of text fills at most.
const KICKER_UNDER: f64 = 0.5;

/// The most characters a kicker set at the text's size holds.
const KICKER_CHARS: usize = 16;

/// The share of a full line of text a kicker set at the text's size fills at most.
const KICKER_WIDTH: f64 = 0.85;

/// The share of its column a line without a closing mark must fill to go on.
const UNFINISHED_WIDTH: f64 = 2.0 / 3.0;

/// Does a printed line end as a paragraph ends: in a mark that closes a sentence or a
/// quotation, or in a photo's credit (`记者 王五 摄`, `CFP供图`, `资料图片`)?
fn ends_paragraph(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with(['。', '！', '？', '…', '”', '」', '』', '）', '：', '；', '.', '!', '?', ')', ':', ';', '"'])
        || credited(t)
}

/// A jump note (`（下转A04版）`) stands on a line of its own.
fn jump_like(t: &str) -> bool {
    let t = t.trim();
    t.chars().count() <= 14
        && t.starts_with(['（', '(', '《', '〈', '【', '['])
        && t.ends_with(['）', ')', '》', '〉', '】', ']'])
        && t.contains('版')
        && (t.contains('转') || t.contains('接'))
}

/// Join a printed line to the one before: nothing between Chinese characters, a space
/// between two words of Latin text.
fn push_joined(out: &mut String, text: &str) {
    let latin = out.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric())
        && text.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if latin {
        out.push(' ');
    }
    out.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::tests::line;

    /// A page's measures for text set 40 px a line in columns 436 px wide.
    fn measures() -> Measures {
        Measures::of(&[line(100.0, 100.0, "甲乙丙丁戊己庚辛壬。", 0.0)], 40.0, 436.0, false, false)
    }

    /// Each line laid out as a paragraph of its own, where it stands.
    fn paragraphs(page: &mut Flow, lines: &[OcrLine]) {
        for l in lines {
            let t: String = l.words.iter().map(|w| w.text.as_str()).collect();
            page.body(&t, false);
            page.place(t.len(), l.bbox);
        }
    }

    #[test]
    fn captions_held_close_their_article_before_the_next_headlines_kicker() {
        // An article's text, its photo's caption held, then a kicker laid out as a
        // paragraph right over the next headline.
        let mut page = Flow::default();
        paragraphs(&mut page, &[line(100.0, 100.0, "甲乙丙丁戊己庚辛壬。", 0.0)]);
        let caption = line(100.0, 900.0, "图为会场一角。王五摄", 0.0);
        page.hold(&mut ["图为会场一角。王五摄".to_string()], &[0], std::slice::from_ref(&caption));
        paragraphs(&mut page, &[line(1200.0, 250.0, "煤炭黄金十年", 0.0)]);
        page.heading("日月盈昃辰宿", false, &BBox { x0: 1200.0, y0: 300.0, x1: 1700.0, y1: 376.0 }, &measures());
        let (out, placed) = page.finish();
        assert_eq!(out, "甲乙丙丁戊己庚辛壬。\n图为会场一角。王五摄\n\n---\n\n煤炭黄金十年\n日月盈昃辰宿\n");
        let spans: Vec<&str> = placed.iter().map(|p| &out[p.span.clone()]).collect();
        assert_eq!(spans, ["甲乙丙丁戊己庚辛壬。", "图为会场一角。王五摄", "煤炭黄金十年"]);
    }

    #[test]
    fn a_label_over_the_kicker_of_a_headline_opens_its_article_too() {
        // An article's text; a column's label and a kicker each laid out as a
        // paragraph of one line, stacked right over the next headline.
        let mut page = Flow::default();
        paragraphs(
            &mut page,
            &[
                line(100.0, 100.0, "甲乙丙丁戊己庚辛壬。", 0.0),
                line(120.0, 350.0, "民生直通车", 0.0),
                line(100.0, 420.0, "三公司今起复牌", 0.0),
            ],
        );
        let head = BBox { x0: 100.0, y0: 490.0, x1: 1000.0, y1: 570.0 };
        page.heading("重大资产收购方案获通过", false, &head, &measures());
        let (out, placed) = page.finish();
        assert_eq!(out, "甲乙丙丁戊己庚辛壬。\n\n---\n\n民生直通车\n三公司今起复牌\n重大资产收购方案获通过\n");
        assert_eq!(placed.iter().map(|p| p.heading).collect::<Vec<_>>(), [false, true, true]);
    }
}
