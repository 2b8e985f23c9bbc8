//! Characters placed in their line's box. PaddleOCR and RapidOCR box a whole printed
//! line (or the same line of neighbouring columns run together) and give no box per
//! character, while the geometry reads lines of words as Tesseract gives them. Each
//! character takes the stretch of its box that its width takes (a Chinese character an
//! em, ASCII about half), along the box's own slope: the page's tilt, and a gutter
//! inside a box, then show as they do in Tesseract's words.
//!
//! A tall box (a column of a vertical page) is read top to bottom; `vertical` reads
//! the page.

use super::{BBox, OcrLine, Word};

/// A box far taller than wide reads top to bottom.
const TALL: f64 = 1.3;

/// The line of `text` in the box around `points`, each character a word; none when the
/// text is blank.
pub(super) fn line(text: &str, points: &[[f64; 2]], conf: f64, ascii: f64) -> Option<OcrLine> {
    let text = text.trim();
    if text.is_empty() || points.is_empty() {
        return None;
    }
    let bbox = around(points);
    let width = |c: char| width(c, ascii);
    let units: f64 = text.chars().map(width).sum();
    let tall = bbox.height() > (bbox.x1 - bbox.x0) * TALL && units >= 2.0;
    let words = if tall { down(text, &bbox, conf, &width) } else { across(text, points, &bbox, conf, &width) };
    (!words.is_empty()).then_some(OcrLine { bbox, words, vertical: false })
}

/// How wide a character is set, in ems, ASCII ones (and spaces, and half-width forms)
/// `ascii`: fonts set them from half an em to a whole one.
pub(super) fn width(c: char, ascii: f64) -> f64 {
    if c.is_ascii() || c.is_whitespace() || ('\u{FF61}'..='\u{FFDC}').contains(&c) {
        ascii
    } else {
        1.0
    }
}

fn around(points: &[[f64; 2]]) -> BBox {
    let mut b = BBox { x0: f64::MAX, y0: f64::MAX, x1: f64::MIN, y1: f64::MIN };
    for &[x, y] in points {
        b.union(&BBox { x0: x, y0: y, x1: x, y1: y });
    }
    b
}

/// The slope of a box's middle line: from the middle of its two leftmost points to
/// that of its two rightmost. A box the detector drew upright, or one too steep to be a
/// tilted line, has none.
pub(super) fn slope(points: &[[f64; 2]]) -> f64 {
    if points.len() < 4 {
        return 0.0;
    }
    let mut p: Vec<[f64; 2]> = points.to_vec();
    p.sort_by(|a, b| super::cmp_f64(a[0], b[0]));
    let n = p.len();
    let (lx, ly) = ((p[0][0] + p[1][0]) / 2.0, (p[0][1] + p[1][1]) / 2.0);
    let (rx, ry) = ((p[n - 2][0] + p[n - 1][0]) / 2.0, (p[n - 2][1] + p[n - 1][1]) / 2.0);
    let s = (ry - ly) / (rx - lx);
    if s.is_finite() && s.abs() <= 0.1 {
        s
    } else {
        0.0
    }
}

/// Where each character of `text` (spaces aside) stands between `from` and `to`, each
/// taking its `width` of the stretch; the last ends at `to`.
fn stretches<'a>(
    text: &'a str,
    (from, to): (f64, f64),
    width: &'a dyn Fn(char) -> f64,
) -> impl Iterator<Item = (char, f64, f64)> + 'a {
    let units: f64 = text.chars().map(width).sum();
    let at = move |u: f64| if u >= units { to } else { from + (to - from) * (u / units) };
    text.chars()
        .scan(0.0, move |done, c| {
            let start = *done;
            *done += width(c);
            Some((c, at(start), at(*done)))
        })
        .filter(|(c, _, _)| !c.is_whitespace())
}

/// The characters of a line read left to right, along the box's slope. The box is as
/// tall as the line's characters and the tilt across it: each character's is that
/// height less the tilt.
fn across(text: &str, points: &[[f64; 2]], b: &BBox, conf: f64, width: &dyn Fn(char) -> f64) -> Vec<Word> {
    let s = slope(points);
    let h = (b.height() - s.abs() * (b.x1 - b.x0)).max(b.height() * 0.5);
    let (cx, cy) = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
    stretches(text, (b.x0, b.x1), width)
        .map(|(c, x0, x1)| {
            let y = cy + s * ((x0 + x1) / 2.0 - cx);
            Word { text: c.to_string(), bbox: BBox { x0, x1, y0: y - h / 2.0, y1: y + h / 2.0 }, conf }
        })
        .collect()
}

/// The characters of a line read top to bottom.
fn down(text: &str, b: &BBox, conf: f64, width: &dyn Fn(char) -> f64) -> Vec<Word> {
    stretches(text, (b.y0, b.y1), width)
        .map(|(c, y0, y1)| Word { text: c.to_string(), bbox: BBox { y0, y1, ..*b }, conf })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(l: &OcrLine) -> Vec<&str> {
        l.words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn each_character_takes_its_width_of_the_box() {
        let l = line("甲乙 AB丙", &[[0.0, 0.0], [100.0, 0.0], [100.0, 20.0], [0.0, 20.0]], 0.9, 0.55).unwrap();
        assert_eq!(texts(&l), ["甲", "乙", "A", "B", "丙"]);
        // 3 ems and 3 half ones: 4.65 ems across 100.
        let em = 100.0 / 4.65;
        assert!((l.words[1].bbox.x1 - 2.0 * em).abs() < 1e-9);
        assert!((l.words[2].bbox.x0 - 2.55 * em).abs() < 1e-9, "a space stands between the words");
        assert!((l.words[4].bbox.x1 - 100.0).abs() < 1e-9);
        assert!(l.words.iter().all(|w| w.conf == 0.9 && w.bbox.height() == 20.0));
    }

    #[test]
    fn characters_follow_a_tilted_box() {
        let pts = [[0.0, 0.0], [400.0, 8.0], [400.0, 48.0], [0.0, 40.0]];
        let l = line("甲乙丙丁戊己庚辛壬癸", &pts, 1.0, 0.55).unwrap();
        assert_eq!(l.bbox, BBox { x0: 0.0, y0: 0.0, x1: 400.0, y1: 48.0 });
        let (first, last) = (&l.words[0].bbox, &l.words[9].bbox);
        assert!((last.y0 - first.y0 - 7.2).abs() < 1e-9, "{first:?} {last:?}");
        assert!((first.height() - 40.0).abs() < 1e-9);
    }

    #[test]
    fn a_tall_box_reads_down_and_a_page_of_them_reads_right_to_left() {
        let mut lines: Vec<OcrLine> = (0..3)
            .map(|k| {
                let x = 300.0 - 50.0 * k as f64;
                line("甲乙丙丁", &[[x, 0.0], [x + 40.0, 0.0], [x + 40.0, 160.0], [x, 160.0]], 1.0, 0.55).unwrap()
            })
            .collect();
        assert!(lines[0].words[1].bbox.y0 == 40.0 && lines[0].words[1].bbox.x0 == 300.0);
        lines[0].words[0].text = "子".into();
        lines[2].words[3].text = "。".into();
        assert_eq!(super::super::to_text(&lines), "子乙丙丁甲乙丙丁甲乙丙。\n");
    }

    #[test]
    fn blank_text_and_no_points_make_no_line() {
        assert!(line("  ", &[[0.0, 0.0], [9.0, 9.0]], 1.0, 0.55).is_none());
        assert!(line("甲", &[], 1.0, 0.55).is_none());
    }
}
