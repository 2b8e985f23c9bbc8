//! What the server reviews and may serve: one cleaned page, or a batch output folder
//! and the cleaned pages under it. Every path a request names is checked here, and
//! only a file inside OUT by its real path (no `..`, no absolute path, no symlink that
//! leads out) is ever read for it.

use crate::error::{Error, Result};
use crate::review::{review_path, ReviewFile, Status};
use std::path::{Component, Path, PathBuf};

/// One page, or a batch folder of them.
#[derive(Debug, Clone)]
pub enum Site {
    /// A page written by `clean -o`: its folder and its file name (the page's key).
    Page { dir: PathBuf, name: String },
    /// A batch output folder (its real path): every cleaned page with a review file
    /// under it is a page, keyed by its path under the folder.
    Batch { root: PathBuf },
}

/// How deep under a batch folder pages are looked for (SCANS's issue folders, a page
/// folder each): far past any real layout, and a bound on a folder that is not one.
const MAX_DEPTH: usize = 16;

impl Site {
    /// The site of OUT: a folder is a batch, a file a page, which needs its review file.
    pub fn of(out: &Path) -> Result<Site> {
        if out.is_dir() {
            let root = std::fs::canonicalize(out).map_err(|e| Error::io(out, e))?;
            let site = Site::Batch { root };
            if site.keys().is_empty() {
                return Err(Error::Usage(format!(
                    "{}: no cleaned pages with review files under it (make them with `newsmend batch SCANS -o {}`)",
                    out.display(),
                    out.display()
                )));
            }
            return Ok(site);
        }
        ReviewFile::load(out)?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let dir = std::fs::canonicalize(parent).map_err(|e| Error::io(parent, e))?;
        Ok(Site::Page { dir, name })
    }

    /// The folder every path is taken under.
    fn root(&self) -> &Path {
        match self {
            Site::Page { dir, .. } => dir,
            Site::Batch { root } => root,
        }
    }

    /// Whether this is a batch folder.
    pub fn is_batch(&self) -> bool {
        matches!(self, Site::Batch { .. })
    }

    /// Every page's key, in name order: a batch's found afresh, so a page a batch run
    /// added since is there.
    pub fn keys(&self) -> Vec<String> {
        match self {
            Site::Page { name, .. } => vec![name.clone()],
            Site::Batch { root } => {
                let walk = walkdir::WalkDir::new(root).max_depth(MAX_DEPTH).sort_by_file_name();
                walk.into_iter()
                    .flatten()
                    .filter(|e| e.file_type().is_file())
                    .filter_map(|e| {
                        let name = e.file_name().to_str()?;
                        let page = name.strip_suffix(".review.json").filter(|p| !p.is_empty())?;
                        let out = e.path().with_file_name(page);
                        let rel = out.strip_prefix(root).ok()?.to_str()?.to_string();
                        out.is_file().then_some(rel)
                    })
                    .collect()
            }
        }
    }

    /// The cleaned page a key names, when it is one of the site's: inside OUT, with its
    /// review file.
    pub fn page(&self, key: &str) -> Option<PathBuf> {
        if let Site::Page { name, dir } = self {
            return (key == name).then(|| dir.join(name));
        }
        let out = self.file(key)?;
        review_path(&out).is_file().then_some(out)
    }

    /// A file under OUT that a request names by its path there: `None` for anything
    /// else (`..`, an absolute path, a symlink out of OUT, a folder, nothing). A single
    /// page's site serves no files but the page's review.
    pub fn file(&self, rel: &str) -> Option<PathBuf> {
        if !self.is_batch() {
            return None;
        }
        let path = Path::new(rel);
        let plain =
            !rel.is_empty() && !rel.contains('\0') && path.components().all(|c| matches!(c, Component::Normal(_)));
        if !plain {
            return None;
        }
        let real = std::fs::canonicalize(self.root().join(path)).ok()?;
        (real.starts_with(self.root()) && real.is_file()).then_some(real)
    }

    /// What the index shows of each page, from its review file as it is now.
    pub fn rows(&self) -> Vec<crate::render::batch_index::LivePage> {
        self.keys()
            .into_iter()
            .filter_map(|key| {
                let review = ReviewFile::load(&self.page(&key)?).ok()?;
                Some(row(key, &review))
            })
            .collect()
    }
}

/// One page's line of the index.
fn row(key: String, review: &ReviewFile) -> crate::render::batch_index::LivePage {
    let mut page = crate::render::batch_index::LivePage { key, ..Default::default() };
    for e in &review.edits {
        *page.rules.entry(e.rule.clone()).or_default() += 1;
        match e.status {
            Status::Pending => page.pending += 1,
            Status::Accepted => page.accepted += 1,
            Status::Rejected => page.rejected += 1,
        }
        if e.status == Status::Pending && e.applicability == crate::Applicability::Review {
            page.review_pending += 1;
        }
    }
    page
}
