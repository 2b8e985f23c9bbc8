//! Scans in: a page image read by the `tesseract` binary (hOCR out), whose hOCR the
//! geometry stage turns into page text as it does any hOCR file.
//!
//! The language model: the one `--ocr-lang` names, else `chi_sim`; when what `chi_sim`
//! read is a vertical page (its lines stand tall, as the geometry stage judges any
//! page), the scan is read again with a vertical model, `chi_tra_vert` or
//! `chi_sim_vert`. A horizontal model reads a column as a pile of one-character lines,
//! so its first reading is good enough to tell the page's direction but not to keep;
//! a look at the image alone would need a layout model newsmend does not carry. Which
//! vertical model: the installed one; with both, the one whose words tesseract is the
//! surer of (mean `x_wconf`), since the horizontal first pass reads every page in
//! simplified forms and cannot tell the script.

use super::Source;
use crate::error::{Error, Result};
use std::path::Path;
use std::process::{Command, Stdio};

/// The command line that installs what `--ocr` needs.
pub(crate) const TESSERACT_INSTALL: &str = "apt-get install tesseract-ocr tesseract-ocr-chi-sim";

/// The model a scan is read with first, and the only one of a horizontal page.
const FIRST: &str = "chi_sim";

/// The vertical models, in the order tried: most vertical newspapers are traditional.
const VERTICAL: [&str; 2] = ["chi_tra_vert", "chi_sim_vert"];

/// The command line that installs the renderer `--ocr` draws a PDF page with.
pub(crate) const PDFTOPPM_INSTALL: &str = "apt-get install poppler-utils";

/// Read a page image with tesseract into a page, with the model `lang` when given, else
/// chosen as the module says. A PDF is read from its text layer, and each page whose
/// layer cannot be read is drawn at 300 dpi (`pdftoppm`) and read as a scan. Without
/// tesseract (or pdftoppm) on the machine, say how to install it.
pub fn read(image: &Path, lang: Option<&str>) -> Result<Source> {
    let name = image.display().to_string();
    if let Some(bytes) = pdf_bytes(image)? {
        let ocr = |page: usize| crate::geometry::read_hocr(&pdf_page_hocr(image, page, lang)?, &name);
        let (text, layout) = crate::geometry::pdf_layout_or(&bytes, &name, &ocr)?;
        return Ok(Source { name, encoding: "PDF", text, layout: Some(layout) });
    }
    from_hocr(&hocr_of(image, lang)?, name)
}

/// The bytes of the file at `path` when it is a PDF.
fn pdf_bytes(path: &Path) -> Result<Option<Vec<u8>>> {
    let mut head = Vec::with_capacity(1024);
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    std::io::Read::read_to_end(&mut std::io::Read::take(file, 1024), &mut head).map_err(|e| Error::io(path, e))?;
    if !crate::geometry::is_pdf(&head) {
        return Ok(None);
    }
    super::read_bytes(path).map(Some)
}

/// The hOCR of page `page` (from 1) of the PDF at `pdf`, drawn at 300 dpi by pdftoppm
/// (the scale the PDF reader measures in) and read by tesseract.
fn pdf_page_hocr(pdf: &Path, page: usize, lang: Option<&str>) -> Result<String> {
    let root = std::env::temp_dir().join(format!("newsmend-{}-p{page}", std::process::id()));
    let png = root.with_extension("png");
    let n = page.to_string();
    let mut cmd = Command::new("pdftoppm");
    cmd.args(["-r", "300", "-f", &n, "-l", &n, "-png", "-singlefile"]).arg(pdf).arg(&root);
    let out = run_tool(cmd, "pdftoppm", PDFTOPPM_INSTALL)?;
    if !out.status.success() || !png.is_file() {
        return Err(Error::Pdf {
            path: pdf.to_path_buf(),
            why: format!("p{page}: pdftoppm: {}", last_complaint(&out)),
        });
    }
    let hocr = hocr_of(&png, lang);
    let _ = std::fs::remove_file(&png);
    hocr
}

/// The hOCR of a scan, read with `lang` or the model the page asks for.
pub(crate) fn hocr_of(image: &Path, lang: Option<&str>) -> Result<String> {
    if let Some(lang) = lang {
        return tesseract(image, lang);
    }
    let first = tesseract(image, FIRST)?;
    if !crate::geometry::hocr_is_vertical(&first) {
        return Ok(first);
    }
    let mut best: Option<(f64, String)> = None;
    for lang in vertical_models(&installed()) {
        // A model listed but failing leaves the page its first reading.
        let Ok(hocr) = tesseract(image, lang) else { continue };
        let conf = mean_conf(&hocr);
        if best.as_ref().is_none_or(|(c, _)| conf > *c) {
            best = Some((conf, hocr));
        }
    }
    Ok(best.map_or(first, |(_, h)| h))
}

/// The vertical models among the installed ones `tesseract --list-langs` printed.
fn vertical_models(list: &str) -> Vec<&'static str> {
    VERTICAL.into_iter().filter(|v| list.lines().any(|l| l.trim() == *v)).collect()
}

/// The mean word confidence of an hOCR page (0 for none or unreadable).
fn mean_conf(hocr: &str) -> f64 {
    let Ok(page) = crate::geometry::read_hocr(hocr, "ocr") else { return 0.0 };
    let confs: Vec<f64> = page.lines.iter().flat_map(|l| l.words.iter().map(|w| w.conf)).collect();
    if confs.is_empty() {
        0.0
    } else {
        confs.iter().sum::<f64>() / confs.len() as f64
    }
}

/// What `tesseract --list-langs` prints (nothing when it does not run); tesseract 3
/// printed the list on stderr.
fn installed() -> String {
    let out = Command::new("tesseract").arg("--list-langs").stdin(Stdio::null()).output();
    out.map(|o| format!("{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)))
        .unwrap_or_default()
}

/// The page tesseract's hOCR of a scan gives, named `name`.
pub(crate) fn from_hocr(hocr: &str, name: String) -> Result<Source> {
    let (text, layout) = crate::geometry::page_layout(hocr, &name)?;
    Ok(Source { name, encoding: "UTF-8", text, layout })
}

/// The hOCR tesseract reads from a page image with the model `lang`.
fn tesseract(image: &Path, lang: &str) -> Result<String> {
    if !image.is_file() {
        return Err(Error::io(image, std::io::Error::new(std::io::ErrorKind::NotFound, "no such image")));
    }
    let mut cmd = Command::new("tesseract");
    cmd.arg(image).arg("stdout").args(["-l", lang, "--psm", "3", "hocr"]);
    let out = run_tool(cmd, "tesseract", TESSERACT_INSTALL)?;
    if !out.status.success() {
        let why = format!("tesseract: {}", last_complaint(&out));
        return Err(Error::Undecodable { path: image.to_path_buf(), why });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Run the external tool `cmd` (named `tool`) to its end, no stdin; not on the machine,
/// an error that says how to install it (`install`).
fn run_tool(mut cmd: Command, tool: &'static str, install: &'static str) -> Result<std::process::Output> {
    match cmd.stdin(Stdio::null()).output() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::MissingTool { tool, install }),
        Err(e) => Err(Error::io(tool, e)),
        Ok(o) => Ok(o),
    }
}

/// What a tool that failed said last on stderr (`failed` when nothing).
fn last_complaint(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("failed").to_string()
}

/// Whether the `tesseract` binary runs here.
pub(crate) fn tesseract_available() -> bool {
    Command::new("tesseract")
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_installed_vertical_models_are_chosen_from() {
        let list = "List of available languages in \"/usr/share/tessdata/\" (4):\nchi_sim\nchi_sim_vert\neng\nosd\n";
        assert_eq!(vertical_models(list), ["chi_sim_vert"]);
        let both = "List (3):\nchi_sim_vert\nchi_tra_vert\nchi_tra\n";
        assert_eq!(vertical_models(both), ["chi_tra_vert", "chi_sim_vert"]);
        assert!(vertical_models("chi_sim\nchi_tra\n").is_empty());
        assert!(vertical_models("").is_empty());
    }

    #[test]
    fn the_mean_confidence_is_of_the_words() {
        let hocr = "<div class='ocr_page' title='bbox 0 0 100 100'><span class='ocr_line' title='bbox 0 0 100 20'>\
                    <span class='ocrx_word' title='bbox 0 0 40 20; x_wconf 90'>一</span>\
                    <span class='ocrx_word' title='bbox 50 0 90 20; x_wconf 70'>二</span></span></div>";
        assert!((mean_conf(hocr) - 0.8).abs() < 1e-9, "{}", mean_conf(hocr));
        assert_eq!(mean_conf("not hOCR"), 0.0);
    }
}
