//! Scan: the page image beside an OCR file, and what newsmend draws from it. Finds the
//! image (the one the OCR file names, else the same stem), maps OCR boxes onto its
//! pixels, crops the lines an edit touches for the report, and draws the batch overview
//! with each article's region outlined in its own colour.
//!
//! A vertical page's lines are its columns, boxes standing tall: a column's crop is
//! the line's crop turned about, its width the line height a horizontal crop has and
//! its height at most a horizontal crop's width, so the characters stand upright at
//! the size a line's have and the crops sit side by side as the columns do; columns
//! next to each other, not lines one under the other, share a crop and an article's
//! region on the overview.
//!
//! Boxes come from [`geometry::Layout`](crate::geometry::Layout): plain text has none, so
//! it gets neither crops nor an overview.

use crate::geometry::{BBox, Layout, Placed};
use base64::Engine as _;
use image::{DynamicImage, GenericImageView as _, ImageEncoder as _};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Extensions of page images, as scanners and OCR pipelines write them.
const IMAGE_EXTENSIONS: [&str; 5] = ["png", "jpg", "jpeg", "tif", "tiff"];

/// Widest crop of a line in the report, in pixels.
const CROP_WIDTH: u32 = 600;
/// A line's height in a crop: enough to read the characters, small enough that a page
/// with an edit on every line still gives a report of a few megabytes.
const CROP_LINE_HEIGHT: f64 = 28.0;
/// Widest batch overview, in pixels.
const OVERVIEW_WIDTH: u32 = 800;

/// Whether `path` names a page image, by its extension.
pub(crate) fn is_image(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGE_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The page's name without its extensions: `p01` for `p01.txt`, `p01.hocr`,
/// `p01.alto.xml`, `p01.paddle.json`, `p01.rapidocr.json` and `p01.png` alike, so an OCR
/// file and its scan pair up.
pub(crate) fn page_stem(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let Some((stem, ext)) = name.rsplit_once('.').filter(|(s, _)| !s.is_empty()) else {
        return name;
    };
    let ext = ext.to_ascii_lowercase();
    if !matches!(ext.as_str(), "xml" | "json" | "html" | "htm" | "txt" | "hocr") && !is_image(path) {
        return name;
    }
    match stem.rsplit_once('.') {
        Some((inner, tag))
            if !inner.is_empty()
                && matches!(
                    tag.to_ascii_lowercase().as_str(),
                    "alto"
                        | "paddle"
                        | "paddle2"
                        | "paddle3"
                        | "paddleocr"
                        | "rapidocr"
                        | "umi"
                        | "hocr"
                        | "ocr"
                        | "tesseract"
                ) =>
        {
            inner.to_string()
        }
        _ => stem.to_string(),
    }
}

/// The scan of the page read from `input`: the image its OCR file names, looked up by
/// file name beside it (the path inside the file is where the OCR ran, not where the
/// page is now, and a file may not send newsmend elsewhere), else the image with its stem.
pub fn image_for(input: &Path, layout: Option<&Layout>) -> Option<PathBuf> {
    let dir = input.parent().unwrap_or(Path::new(""));
    let named = layout.and_then(|l| l.image.as_deref()).and_then(|n| n.trim().rsplit(['/', '\\']).next());
    if let Some(n) = named.filter(|n| !n.is_empty() && *n != "." && *n != "..") {
        let p = dir.join(n);
        if is_image(&p) && p.is_file() {
            return Some(p);
        }
    }
    if is_image(input) && input.is_file() {
        return Some(input.to_path_buf());
    }
    let stem = page_stem(input);
    IMAGE_EXTENSIONS
        .iter()
        .flat_map(|e| [e.to_string(), e.to_ascii_uppercase()])
        .flat_map(|e| [dir.join(format!("{stem}.{e}")), input.with_extension(&e)])
        .find(|p| p.is_file())
}

/// A decoded page image and the scale from OCR boxes to its pixels.
pub(crate) struct Scan {
    pub image: DynamicImage,
    sx: f64,
    sy: f64,
    /// The page is set in vertical columns.
    columns: bool,
}

impl Scan {
    /// Decode the image at `path`; the layout's page size, when given, scales boxes to it
    /// (an OCR run on a larger scan, or ALTO in millimetres).
    pub fn open(path: &Path, layout: Option<&Layout>) -> Option<Scan> {
        let image = image::ImageReader::open(path).ok()?.with_guessed_format().ok()?.decode().ok()?;
        Some(Scan::new(image, layout))
    }

    fn new(image: DynamicImage, layout: Option<&Layout>) -> Scan {
        let (w, h) = image.dimensions();
        let (sx, sy) = match layout.and_then(|l| l.page) {
            Some((pw, ph)) => (f64::from(w) / pw, f64::from(h) / ph),
            None => (1.0, 1.0),
        };
        Scan { image, sx, sy, columns: layout.is_some_and(in_columns) }
    }

    /// `b` in image pixels, grown by `margin` box units and clipped to the image:
    /// left, top, width, height.
    fn pixels(&self, b: &BBox, margin: f64) -> Option<(u32, u32, u32, u32)> {
        let (w, h) = (f64::from(self.image.width()), f64::from(self.image.height()));
        let x0 = ((b.x0 - margin) * self.sx).floor().clamp(0.0, w);
        let y0 = ((b.y0 - margin) * self.sy).floor().clamp(0.0, h);
        let x1 = ((b.x1 + margin) * self.sx).ceil().clamp(0.0, w);
        let y1 = ((b.y1 + margin) * self.sy).ceil().clamp(0.0, h);
        (x1 - x0 >= 2.0 && y1 - y0 >= 2.0).then_some((x0 as u32, y0 as u32, (x1 - x0) as u32, (y1 - y0) as u32))
    }

    /// The scan around `lines`, downscaled to a readable line height and at most
    /// [`CROP_WIDTH`] wide, as a JPEG data URL.
    pub(crate) fn crop(&self, lines: &[&Placed]) -> Option<String> {
        let column = self.columns && lines.first().is_some_and(|l| upright(&l.bbox));
        // Lines one under the other (columns side by side) share a crop; a join across
        // a column or region break shows where it starts, not the page between.
        let n = 1 + lines.windows(2).take_while(|w| follows(&w[0].bbox, &w[1].bbox, column, 1.5)).count();
        let lines = &lines[..n.min(lines.len())];
        let b = union(lines.iter().map(|l| l.bbox))?;
        let thick = |b: &BBox| if column { b.x1 - b.x0 } else { b.y1 - b.y0 };
        let line_h = lines.iter().map(|l| thick(&l.bbox)).fold(0.0, f64::max).max(1.0);
        let (x, y, w, h) = self.pixels(&b, line_h * 0.3)?;
        let f = if column {
            (CROP_LINE_HEIGHT / (line_h * self.sx)).min(f64::from(CROP_WIDTH) / f64::from(h)).min(1.0)
        } else {
            (CROP_LINE_HEIGHT / (line_h * self.sy)).min(f64::from(CROP_WIDTH) / f64::from(w)).min(1.0)
        };
        let (nw, nh) = (((f64::from(w) * f).round() as u32).max(1), ((f64::from(h) * f).round() as u32).max(1));
        let part = self.image.crop_imm(x, y, w, h);
        let part = if f < 1.0 { part.resize_exact(nw, nh, image::imageops::FilterType::Triangle) } else { part };
        // JPEG takes grey or RGB without alpha; a grey scan stays grey and small.
        let part = if part.color().has_color() {
            DynamicImage::ImageRgb8(part.to_rgb8())
        } else {
            DynamicImage::ImageLuma8(part.to_luma8())
        };
        let mut jpg = Vec::new();
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpg, 70);
        part.write_with_encoder(enc).ok()?;
        Some(format!("data:image/jpeg;base64,{}", base64::engine::general_purpose::STANDARD.encode(jpg)))
    }

    /// The page at most [`OVERVIEW_WIDTH`] wide with each region outlined and lightly
    /// tinted in its colour (`None`: furniture, in grey), as PNG bytes.
    fn overview(&self, regions: &[(Option<usize>, BBox)]) -> Option<Vec<u8>> {
        let (w, h) = self.image.dimensions();
        let f = (f64::from(OVERVIEW_WIDTH) / f64::from(w)).min(1.0);
        let (nw, nh) = (((f64::from(w) * f).round() as u32).max(1), ((f64::from(h) * f).round() as u32).max(1));
        let small = if f < 1.0 {
            self.image.resize_exact(nw, nh, image::imageops::FilterType::Triangle)
        } else {
            self.image.clone()
        };
        // Three shades of grey are enough to see the print under the outlines, and keep
        // the PNG small: a scan's greys and noise would not compress.
        let mut img = image::RgbImage::new(nw, nh);
        for (p, g) in img.pixels_mut().zip(small.to_luma8().pixels()) {
            let v = match g.0[0] {
                0..100 => 60,
                100..190 => 170,
                _ => 255,
            };
            p.0 = [v, v, v];
        }
        let thick = (nw / 300).max(2);
        for (k, b) in regions {
            let Some((x, y, bw, bh)) = self.pixels(b, 0.0) else { continue };
            let s = |v: u32| (f64::from(v) * f).round() as u32;
            let (x0, y0) = (s(x).min(nw - 1), s(y).min(nh - 1));
            let (x1, y1) = (s(x + bw).clamp(x0 + 1, nw), s(y + bh).clamp(y0 + 1, nh));
            let c = k.map_or([128, 128, 128], |k| PALETTE[k % PALETTE.len()]);
            for py in y0..y1 {
                for px in x0..x1 {
                    let edge = px < x0 + thick || px + thick >= x1 || py < y0 + thick || py + thick >= y1;
                    let p = img.get_pixel_mut(px, py);
                    for (ch, &cv) in p.0.iter_mut().zip(&c) {
                        // The border in full colour; inside, a tint that leaves the print legible.
                        *ch = if edge { cv } else { ((u16::from(*ch) * 4 + u16::from(cv)) / 5) as u8 };
                    }
                }
            }
        }
        let mut png = Vec::new();
        png_encoder(&mut png).write_image(&img, nw, nh, image::ExtendedColorType::Rgb8).ok()?;
        Some(png)
    }
}

/// A PNG encoder that compresses hard: these images are written once and kept.
pub(crate) fn png_encoder<W: std::io::Write>(w: W) -> image::codecs::png::PngEncoder<W> {
    image::codecs::png::PngEncoder::new_with_quality(
        w,
        image::codecs::png::CompressionType::Best,
        image::codecs::png::FilterType::Adaptive,
    )
}

/// Article colours: distinct hues, none of them grey (that is the running heads').
const PALETTE: [[u8; 3]; 8] = [
    [230, 25, 75],
    [60, 180, 75],
    [0, 130, 200],
    [245, 130, 48],
    [145, 30, 180],
    [0, 190, 190],
    [240, 50, 230],
    [170, 110, 40],
];

/// Is the page set in vertical columns: do most of its lines stand tall? (A horizontal
/// page's line of a character or two may stand tall too: its crops and regions are
/// those of lines all the same.)
fn in_columns(layout: &Layout) -> bool {
    layout.lines.iter().filter(|l| upright(&l.bbox)).count() * 2 > layout.lines.len()
}

/// A box standing tall: a column of a vertical page.
fn upright(b: &BBox) -> bool {
    b.y1 - b.y0 > b.x1 - b.x0
}

/// Does `b` go on from `a` in reading order, close enough (within `gap` line heights) to
/// be shown with it: the next line under it, or, of a page's `columns`, the next column
/// left of it.
fn follows(a: &BBox, b: &BBox, columns: bool, gap: f64) -> bool {
    if columns {
        let w = (a.x1 - a.x0).max(b.x1 - b.x0);
        let overlap = a.y1.min(b.y1) - a.y0.max(b.y0);
        overlap > 0.3 * (a.y1 - a.y0).min(b.y1 - b.y0) && a.x0 - b.x1 < gap * w && b.x1 < a.x1
    } else {
        let h = (a.y1 - a.y0).max(b.y1 - b.y0);
        a.x1.min(b.x1) > a.x0.max(b.x0) && b.y0 - a.y1 < gap * h && b.y0 > a.y0
    }
}

fn union(boxes: impl Iterator<Item = BBox>) -> Option<BBox> {
    boxes.reduce(|a, b| BBox { x0: a.x0.min(b.x0), y0: a.y0.min(b.y0), x1: a.x1.max(b.x1), y1: a.y1.max(b.y1) })
}

/// The lines of `layout` an edit of `span` touches (an edit at a line's end, or on the
/// newline after it, touches it), at most three; an edit between lines (a blank line
/// removed) gets the line after it.
pub(crate) fn lines_of(layout: &Layout, span: Range<usize>) -> Range<usize> {
    let lines = &layout.lines;
    let first = lines.partition_point(|l| l.span.end < span.start);
    let last = lines.partition_point(|l| l.span.start <= span.end);
    if first < last {
        first..last.min(first + 3)
    } else if first < lines.len() {
        first..first + 1
    } else {
        lines.len().saturating_sub(1)..lines.len()
    }
}

/// The lines inside each of `spans` (byte ranges of the page text), in text order.
fn lines_in(layout: &Layout, spans: impl Iterator<Item = Range<usize>>) -> Vec<&Placed> {
    let mut out: Vec<&Placed> = Vec::new();
    for s in spans {
        let from = layout.lines.partition_point(|l| l.span.end <= s.start);
        out.extend(layout.lines[from..].iter().take_while(|l| l.span.start < s.end));
    }
    out.sort_by_key(|l| l.span.start);
    out.dedup_by_key(|l| l.span.start);
    out
}

/// Where each article of the page stands on the scan: the union of its lines' boxes, one
/// box per stretch of column it runs down (an article over two columns is two boxes,
/// not one that covers its neighbours too).
fn article_regions(layout: &Layout, structure: &crate::structure::Structure) -> Vec<Vec<BBox>> {
    let columns = in_columns(layout);
    structure
        .articles
        .iter()
        .map(|a| {
            let mut pieces: Vec<BBox> = Vec::new();
            let mut last: Option<BBox> = None;
            for l in lines_in(layout, a.units.iter().map(|u| u.span.clone())) {
                let b = l.bbox;
                let goes_on = pieces.last().zip(last).is_some_and(|(p, prev)| region_goes_on(p, &prev, &b, columns));
                match pieces.last_mut() {
                    Some(p) if goes_on => *p = union([*p, b].into_iter()).unwrap_or(b),
                    _ => pieces.push(b),
                }
                last = Some(b);
            }
            pieces
        })
        .collect()
}

/// Does an article's region `p` go on with line `b`: a line under it in the same
/// column, or, on a page of `columns`, a column next left of the column `prev` before it (a vertical article's
/// columns run right to left, each as tall as the block).
fn region_goes_on(p: &BBox, prev: &BBox, b: &BBox, columns: bool) -> bool {
    if columns && upright(b) && upright(prev) {
        return follows(prev, b, true, 2.5);
    }
    let h = (b.y1 - b.y0).max(1.0);
    let overlap = p.x1.min(b.x1) - p.x0.max(b.x0);
    overlap > 0.3 * (b.x1 - b.x0).min(p.x1 - p.x0) && b.y0 - p.y1 < 2.5 * h && b.y0 > p.y0 - h
}

/// The boxes of the page's running heads and other furniture.
fn furniture_regions(layout: &Layout, structure: &crate::structure::Structure) -> Vec<BBox> {
    lines_in(layout, structure.furniture.iter().cloned()).into_iter().map(|l| l.bbox).collect()
}

/// The batch overview of a page: its articles outlined on the scan.
pub(crate) fn overview(scan: &Scan, layout: &Layout, structure: &crate::structure::Structure) -> Option<Vec<u8>> {
    let mut regions: Vec<(Option<usize>, BBox)> =
        furniture_regions(layout, structure).into_iter().map(|b| (None, b)).collect();
    for (k, pieces) in article_regions(layout, structure).into_iter().enumerate() {
        regions.extend(pieces.into_iter().map(|b| (Some(k), b)));
    }
    scan.overview(&regions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::InputFormat;

    fn layout(lines: &[(usize, usize, f64)]) -> Layout {
        Layout {
            format: InputFormat::Hocr,
            lines: lines
                .iter()
                .map(|&(s, e, y)| Placed {
                    span: s..e,
                    bbox: BBox { x0: 0.0, y0: y, x1: 100.0, y1: y + 10.0 },
                    heading: false,
                    upright: false,
                })
                .collect(),
            page: None,
            image: None,
        }
    }

    #[test]
    fn stems_pair_ocr_files_with_scans() {
        let names =
            ["p01.txt", "p01.hocr", "p01.alto.xml", "p01.paddle.json", "p01.rapidocr.json", "p01.png", "p01.TIF"];
        for name in names.into_iter().chain(["p01.paddle3.json", "p01.umi.json", "p01.hocr.html"]) {
            assert_eq!(page_stem(Path::new(name)), "p01", "{name}");
        }
        assert_eq!(page_stem(Path::new("1930.04.03.txt")), "1930.04.03");
        assert_eq!(page_stem(Path::new("README")), "README");
    }

    #[test]
    fn a_named_scan_is_looked_up_beside_the_ocr_file_only() {
        let dir = tempfile::tempdir().expect("tmp");
        let sub = dir.path().join("sub");
        std::fs::create_dir_all(&sub).expect("mkdir");
        for f in ["scan.png", "page.png"] {
            std::fs::write(dir.path().join(f), b"x").expect("write");
        }
        std::fs::write(sub.join("page.tif"), b"x").expect("write");
        let named = |n: &str| Layout { image: Some(n.into()), ..layout(&[]) };
        let page = sub.join("page.alto.xml");
        // `../scan.png` names a file outside the OCR file's folder: not followed.
        assert_eq!(image_for(&page, Some(&named("../scan.png"))), Some(sub.join("page.tif")));
        std::fs::write(sub.join("scan.png"), b"x").expect("write");
        assert_eq!(image_for(&page, Some(&named("C:\\scans\\scan.png"))), Some(sub.join("scan.png")));
        assert_eq!(image_for(&page, Some(&named(".."))), Some(sub.join("page.tif")));
        assert_eq!(image_for(&dir.path().join("page.txt"), None), Some(dir.path().join("page.png")));
        assert_eq!(image_for(&dir.path().join("none.txt"), None), None);
    }

    #[test]
    fn edits_find_their_lines() {
        // "ab\ncd\n\nef\n"
        let l = layout(&[(0, 2, 0.0), (3, 5, 12.0), (7, 9, 30.0)]);
        assert_eq!(lines_of(&l, 0..1), 0..1);
        assert_eq!(lines_of(&l, 2..3), 0..2, "a join touches both lines");
        assert_eq!(lines_of(&l, 5..5), 1..2, "an insertion at a line's end");
        assert_eq!(lines_of(&l, 8..9), 2..3);
        assert_eq!(lines_of(&l, 20..20), 2..3);
    }

    #[test]
    fn crops_and_overview_are_images_of_the_right_size() {
        let img = DynamicImage::ImageLuma8(image::GrayImage::from_pixel(2000, 1000, image::Luma([255])));
        let l = Layout { page: Some((1000.0, 500.0)), ..layout(&[(0, 2, 100.0)]) };
        let scan = Scan::new(img, Some(&l));
        let url = scan.crop(&[&l.lines[0]]).expect("crop");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(url.strip_prefix("data:image/jpeg;base64,").expect("jpeg url"))
            .expect("base64");
        let crop = image::load_from_memory(&bytes).expect("decodes");
        // 103 units (a margin of 3, clipped on the left) by 16 at 2 px a unit; a 20 px
        // line is not enlarged.
        assert_eq!((crop.width(), crop.height()), (206, 32));
        let png = scan.overview(&[(Some(0), l.lines[0].bbox)]).expect("overview");
        let ov = image::load_from_memory(&png).expect("png").to_rgb8();
        assert_eq!(ov.dimensions(), (800, 400));
        assert_eq!(ov.get_pixel(0, 82).0, PALETTE[0]);
        assert_eq!(ov.get_pixel(400, 300).0, [255, 255, 255]);
    }

    /// A vertical page: columns 40 wide and 800 tall, 56 apart, right to left.
    fn columns(n: usize) -> Layout {
        let lines = (0..n)
            .map(|k| {
                let x1 = 1000.0 - 56.0 * k as f64;
                Placed {
                    span: k * 10..k * 10 + 9,
                    bbox: BBox { x0: x1 - 40.0, y0: 100.0, x1, y1: 900.0 },
                    heading: false,
                    upright: true,
                }
            })
            .collect();
        Layout { lines, ..layout(&[]) }
    }

    fn decoded(url: &str) -> DynamicImage {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(url.strip_prefix("data:image/jpeg;base64,").expect("jpeg url"))
            .expect("base64");
        image::load_from_memory(&bytes).expect("decodes")
    }

    #[test]
    fn a_column_crop_stands_tall_its_characters_at_a_line_height() {
        let img = DynamicImage::ImageLuma8(image::GrayImage::from_pixel(1100, 1000, image::Luma([255])));
        let l = columns(3);
        let scan = Scan::new(img, Some(&l));
        assert!(scan.columns);
        // 40 + 2 x 12 px of margin at 28/40, 800 + 24 capped to 600 tall: the column's
        // width sets the scale.
        let one = decoded(&scan.crop(&[&l.lines[0]]).expect("crop"));
        assert_eq!((one.width(), one.height()), (45, 577));
        // The column next left goes with it; one across the page does not.
        let two = decoded(&scan.crop(&[&l.lines[0], &l.lines[1]]).expect("crop"));
        assert_eq!((two.width(), two.height()), (84, 577));
        let apart = Layout { lines: vec![l.lines[0].clone(), columns(12).lines[11].clone()], ..layout(&[]) };
        let lone = decoded(&scan.crop(&[&apart.lines[0], &apart.lines[1]]).expect("crop"));
        assert_eq!(lone.width(), 45);
    }

    #[test]
    fn a_vertical_articles_columns_make_one_region() {
        let l = columns(4);
        let b = |k: usize| l.lines[k].bbox;
        assert!(region_goes_on(&b(0), &b(0), &b(1), true));
        assert!(!region_goes_on(&b(0), &b(0), &b(1), false), "lines side by side on a horizontal page");
        assert!(!region_goes_on(&b(1), &b(1), &b(0), true), "a column to the right starts another region");
        let far = BBox { x0: 100.0, x1: 140.0, ..b(0) };
        assert!(!region_goes_on(&b(0), &b(0), &far, true));
        assert!(in_columns(&l) && !in_columns(&layout(&[(0, 2, 100.0), (3, 5, 112.0)])));
    }
}
