//! Scans in: a page image read by the `tesseract` binary (`-l chi_sim`, hOCR out), whose
//! hOCR the geometry stage turns into page text as it does any hOCR file.

use super::Source;
use crate::error::{Error, Result};
use std::path::Path;
use std::process::{Command, Stdio};

/// The command line that installs what `--ocr` needs.
pub(crate) const TESSERACT_INSTALL: &str = "apt-get install tesseract-ocr tesseract-ocr-chi-sim";

/// Read a page image with tesseract into a page. Without tesseract on the machine, say
/// how to install it.
pub fn read(image: &Path) -> Result<Source> {
    let name = image.display().to_string();
    from_hocr(&tesseract(image)?, name)
}

/// The page tesseract's hOCR of a scan gives, named `name`.
pub(crate) fn from_hocr(hocr: &str, name: String) -> Result<Source> {
    let (text, layout) = crate::geometry::page_layout(hocr, &name)?;
    Ok(Source { name, encoding: "UTF-8", text, layout })
}

/// The hOCR tesseract reads from a page image.
pub(crate) fn tesseract(image: &Path) -> Result<String> {
    if !image.is_file() {
        return Err(Error::io(image, std::io::Error::new(std::io::ErrorKind::NotFound, "no such image")));
    }
    let run = Command::new("tesseract")
        .arg(image)
        .arg("stdout")
        .args(["-l", "chi_sim", "--psm", "3", "hocr"])
        .stdin(Stdio::null())
        .output();
    let out = match run {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::MissingTool { tool: "tesseract", install: TESSERACT_INSTALL })
        }
        Err(e) => return Err(Error::io("tesseract", e)),
        Ok(o) => o,
    };
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("failed").to_string();
        return Err(Error::Undecodable { path: image.to_path_buf(), why: format!("tesseract: {why}") });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
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
