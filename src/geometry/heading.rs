//! Heading or text: whether a positioned line is a heading (a kicker, a headline or a
//! subtitle: a deck of an article's head) is weighed from several signals at once: its
//! size against the body's (the box's height, the glyphs', the characters' pitch),
//! whether it reads as sentences, its width and place in its region, the space around
//! it and the size of the lines above and below. The weights are fitted on the devset's
//! positioned groups by `rules/fit/headings.py` and kept as data in
//! `rules/headings.toml`; the fit reads the same signals through `newsmend lines`, so
//! what is fitted is what runs. [`Measures`] holds what the body measures, which the
//! signals and the other tests of the flow compare a line with.

use super::{char_size, has_letters, median, pitch, BBox, OcrLine, HEADING_PITCH, SMALL_TYPE};
use crate::rules::model::{Signals, Weighed};
use std::sync::LazyLock;

/// The fitted weights, built into the binary.
const BUILTIN: &str = include_str!("../../rules/headings.toml");

/// The signals of one line, by name, in the order of their bits. Sizes are against the
/// body's: its line height, its glyphs' size, its characters' pitch (RapidOCR and
/// PaddleOCR, which box whole lines); widths against a full line of text.
pub const SIGNALS: [&str; 28] = [
    "tall",        // the line's box is taller than the body's by 40%
    "taller",      // by 15%
    "big",         // its glyphs are larger than the body's by 30%
    "bigger",      // by 10%
    "small",       // its glyphs are smaller than the body's by 10% or more (a caption, a credit)
    "wide_set",    // its characters stand further apart than the body's by 30% (line boxes)
    "wider_set",   // by 15%
    "narrow_set",  // closer than the body's by 8% or more
    "sentences",   // it fills its column with sentences, or ends one after a comma
    "clause",      // it holds a comma, full stop or semicolon
    "ends_stop",   // it ends a sentence
    "short",       // it fills at most half a line of text
    "part",        // at most 85% of one
    "spans",       // it is wider than a line of text by 30%: it stands over columns
    "few",         // four characters or fewer
    "space_above", // blank of most of a line above it in its region, or none above
    "space_below", // the same below
    "next_larger", // the line under it is taller by 20%: a kicker over its headline
    "prev_larger", // the line over it is taller by 20%: a subtitle under its headline
    "prev_head",   // the line over it is set as a heading is (the rule below)
    "first",       // it opens its region
    "alone",       // it is its region's only line
    "centred",     // it stands in the middle of its region, not across it
    "indented",    // it starts more than an em in from its region's left edge
    "rule",        // the size rule: taller with larger glyphs, or set wider, and not sentences
    "subtitle",    // set larger than the text, as a subtitle is
    "line_boxes",  // the OCR boxed whole lines (RapidOCR, PaddleOCR), not characters
    "figure",      // a figure alone, no Chinese: a line's end the OCR boxed apart (`3.2%`)
];

// A line's signals are bits of one word.
const _: () = assert!(SIGNALS.len() <= 64);

/// The fitted heading model of `rules/headings.toml` (checked by the tests).
pub(super) fn model() -> &'static Weighed {
    static MODEL: LazyLock<Weighed> = LazyLock::new(|| {
        Weighed::parse(BUILTIN, "heading", &SIGNALS).unwrap_or_else(|e| panic!("rules/headings.toml: {e}"))
    });
    &MODEL
}

/// A line in its region: the region's lines in reading order, the line's place among
/// them, and where the region's lines start and end.
pub(super) struct InRegion<'a> {
    pub(super) region: &'a [usize],
    pub(super) k: usize,
    pub(super) edges: (f64, f64),
}

/// The marks of a line of sentences, which no heading holds.
pub(super) const CLAUSE_MARKS: [char; 5] = ['，', '。', '；', ',', ';'];

/// What the page's body text measures, which headings, subtitles and specks stand out
/// from.
pub(super) struct Measures {
    /// The height of a line of body text.
    pub(super) body: f64,
    /// The width of a full line of body text.
    pub(super) line_width: f64,
    /// The size of the body text's characters (0 when no long line has letters).
    pub(super) body_size: f64,
    /// The pitch of the body text's characters (0 when no long line has text), when the
    /// OCR boxed whole lines; 0 when it boxed each character.
    pub(super) body_pitch: f64,
    /// How far in a line must start to open a paragraph.
    pub(super) indent: f64,
    /// Are the boxes the glyphs' own (a PDF's)?
    pub(super) glyphs: bool,
}

impl Measures {
    /// `whole_lines`: the OCR boxed whole lines ([`line_boxes`]), on a page not turned.
    pub(super) fn of(lines: &[OcrLine], body: f64, line_width: f64, whole_lines: bool, glyphs: bool) -> Measures {
        let long = || lines.iter().filter(|l| l.bbox.x1 - l.bbox.x0 > l.bbox.height() * 4.0);
        let body_size = median(long().map(char_size).filter(|&s| s > 0.0).collect());
        let body_pitch = if whole_lines { median(long().map(pitch).filter(|&s| s > 0.0).collect()) } else { 0.0 };
        Measures { body, line_width, body_size, body_pitch, indent: body * 1.2, glyphs }
    }

    /// The measures with another indent: a vertical page's columns start a cell down.
    pub(super) fn with_indent(self, indent: f64) -> Measures {
        Measures { indent, ..self }
    }

    /// How much wider than the body's the line's characters are set (0: unknown).
    pub(super) fn pitch_ratio(&self, l: &OcrLine) -> f64 {
        if self.body_pitch > 0.0 {
            pitch(l) / self.body_pitch
        } else {
            0.0
        }
    }

    /// A heading is set larger: its line is taller, and so are its characters (a line's
    /// box alone grows with a speck or a skew). A line of sentences is one only when its
    /// characters are far larger.
    pub(super) fn heading(&self, l: &OcrLine) -> bool {
        let tall = l.bbox.height() > self.body * 1.4
            && (self.body_size <= 0.0 || char_size(l) > self.body_size * 1.3)
            && (!self.sentences(l) || char_size(l) > self.body_size * 1.8);
        tall || (l.bbox.height() > self.body * 1.1 && self.wide_set(l, HEADING_PITCH))
    }

    /// Are the line's characters set wider than the body's by `ratio`, in a line
    /// without sentences? RapidOCR and PaddleOCR draw their boxes about as tall for a
    /// headline as for the text (their height grows far less than the type), but the
    /// characters' pitch grows with it. Only Chinese characters measure it: a figure
    /// alone (`4.65%`, a column's last line), its digits set as the font sets them,
    /// does not.
    pub(super) fn wide_set(&self, l: &OcrLine, ratio: f64) -> bool {
        // One walk over the characters: how many, and how many of them Chinese.
        let (chars, chinese) = l
            .words
            .iter()
            .flat_map(|w| w.text.chars())
            .filter(|c| !c.is_whitespace())
            .fold((0, 0), |(n, k), c| (n + 1, k + usize::from(crate::text::script::is_ideograph_like(c))));
        chars >= 3
            && chinese >= 2
            && self.pitch_ratio(l) > ratio
            && !l.words.iter().any(|w| w.text.contains(CLAUSE_MARKS))
    }

    /// A line that fills the column with sentences, or ends one after a comma, is text,
    /// however its boxes came out.
    pub(super) fn sentences(&self, l: &OcrLine) -> bool {
        let marks = l.words.iter().filter(|w| w.text.contains(CLAUSE_MARKS)).count();
        let ends = l.words.last().is_some_and(|w| w.text.ends_with('。'));
        (l.bbox.x1 - l.bbox.x0 > self.line_width * 0.9 && marks >= 1) || (ends && marks >= 2)
    }

    /// Set larger than the text, as a subtitle under a heading is.
    pub(super) fn subtitle_sized(&self, l: &OcrLine) -> bool {
        let tall = l.bbox.height() > self.body * 1.2 && (self.body_size <= 0.0 || char_size(l) > self.body_size * 1.1);
        tall || self.wide_set(l, 1.15)
    }

    /// Set at the body's size, as far as the boxes tell: not taller, its characters
    /// not set wider.
    pub(super) fn body_sized(&self, l: &OcrLine) -> bool {
        let r = self.pitch_ratio(l);
        l.bbox.height() <= self.body * 1.2 && (r <= 0.0 || r < 1.1)
    }

    /// Set smaller than the text, as a caption is: its characters smaller (an OCR that
    /// boxes each character) or set closer (one that boxes whole lines).
    pub(super) fn small_set(&self, l: &OcrLine) -> bool {
        let size = char_size(l);
        let r = self.pitch_ratio(l);
        (self.body_size > 0.0 && size > 0.0 && size < self.body_size * SMALL_TYPE) || (r > 0.0 && r < 0.92)
    }

    /// A speck read as a line is too small to be a line of text.
    pub(super) fn speck(&self, l: &OcrLine, text: &str) -> bool {
        (l.bbox.height() < self.body * 0.6 || !has_letters(text)) && text.chars().count() <= 4
    }
}

/// Did the OCR box whole lines (RapidOCR, PaddleOCR: [`super::chars`] placed the
/// characters in them), not each character (Tesseract)? Then every character's box is
/// as tall as the others of its line, so the boxes tell little of the type size and the pitch tells
/// it; Tesseract's glyph boxes grow with the type, but their widths wander (a bold
/// dateline's ink, a word's box drawn across half its line). Not on a page turned from
/// vertical columns: there the tool's boxes were cut into characters down the column,
/// punctuation in a cell of its own, and the pitch along a column tells no size.
pub(super) fn line_boxes(lines: &[OcrLine]) -> bool {
    // One height for every character of the line: the box's, less the tilt across it.
    let even = |l: &OcrLine| {
        let h = l.words.iter().map(|w| w.bbox.height()).fold(f64::MIN, f64::max);
        l.words.iter().all(|w| (w.bbox.height() - h).abs() <= h * 0.01)
    };
    let long: Vec<&OcrLine> = lines.iter().filter(|l| l.words.len() >= 3).collect();
    !long.is_empty() && long.iter().filter(|l| even(l)).count() * 2 > long.len()
}

impl Measures {
    /// The signals of line `at` of its region (see [`SIGNALS`]); `text` as laid out.
    pub(super) fn heading_signals(&self, lines: &[OcrLine], at: &InRegion, text: &str) -> Signals {
        let l = &lines[at.region[at.k]];
        let near = |k: Option<usize>| k.and_then(|k| at.region.get(k)).map(|&i| &lines[i].bbox);
        let (prev, next) = (near(at.k.checked_sub(1)), near(Some(at.k + 1)));
        let b = &l.bbox;
        let (h, w) = (b.height(), b.x1 - b.x0);
        let size = char_size(l);
        let ratio = self.pitch_ratio(l);
        let sized = |f: f64| self.body_size > 0.0 && size > self.body_size * f;
        let (left, right) = at.edges;
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        let larger = |o: Option<&BBox>| o.is_some_and(|o| o.height() > h * 1.2);
        let flags = [
            h > self.body * 1.4,
            h > self.body * 1.15,
            sized(1.3),
            sized(1.1),
            self.body_size > 0.0 && size > 0.0 && size < self.body_size * SMALL_TYPE,
            ratio > HEADING_PITCH,
            ratio > 1.15,
            ratio > 0.0 && ratio < 0.92,
            self.sentences(l),
            text.contains(CLAUSE_MARKS),
            text.trim_end().ends_with(['。', '！', '？', '!', '?']),
            w <= self.line_width * 0.5,
            w <= self.line_width * 0.85,
            w > self.line_width * 1.3,
            chars <= 4,
            prev.is_none_or(|p| b.y0 - p.y1 > self.body * 0.8),
            next.is_none_or(|n| n.y0 - b.y1 > self.body * 0.8),
            larger(next),
            larger(prev),
            prev.is_some_and(|_| self.heading(&lines[at.region[at.k - 1]])),
            at.k == 0,
            at.region.len() == 1,
            ((b.x0 + b.x1) / 2.0 - (left + right) / 2.0).abs() < self.body && w < (right - left) * 0.9,
            b.x0 - left > self.indent,
            self.heading(l),
            self.subtitle_sized(l),
            self.body_pitch > 0.0,
            figure(text),
        ];
        Signals::of(&flags)
    }
}

/// A figure alone: digits, and no ideograph.
fn figure(text: &str) -> bool {
    text.chars().any(char::is_numeric) && !text.chars().any(crate::text::script::is_ideograph_like)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line as RapidOCR boxes it: one word, its text, `width` wide, 42 px high.
    fn boxed(text: &str, width: f64) -> OcrLine {
        let bbox = BBox { x0: 0.0, y0: 0.0, x1: width, y1: 42.0 };
        OcrLine { bbox, words: vec![crate::geometry::Word { text: text.into(), bbox, conf: 0.9 }], vertical: false }
    }

    #[test]
    fn a_figure_alone_is_no_measure_of_a_lines_pitch() {
        // Body text 36 px high, a character every 38 px. A column's last line `4.65%`
        // boxed with the tool's margins measures wider per em than the text, as does a
        // headline boxed hardly taller: only the headline is set larger.
        let m =
            Measures { body: 36.0, line_width: 400.0, body_size: 36.0, body_pitch: 38.0, indent: 43.0, glyphs: false };
        assert!(!m.heading(&boxed("4.65%", 140.0)));
        assert!(m.heading(&boxed("约定收益攀升", 300.0)));
    }

    #[test]
    fn the_builtin_model_weighs_every_signal() {
        let m = Weighed::parse(BUILTIN, "heading", &SIGNALS).unwrap();
        assert!(m.fitted());
    }
}
