//! Writing files: every output newsmend writes goes through here. A file is written
//! atomically (a temporary file beside it, then a rename), so a reader never sees half
//! of one, and durably unless the caller says the file can be made again: the data is
//! flushed to disk before the rename and the folder after it, so a power loss leaves
//! the old file or the new one, never an empty one. A write also removes what a killed
//! writer of the same file left behind. stdout is written as a pipe wants it (a closed
//! pipe is not an error).
//!
//! Writers that read a file, change it and write it back take a [`Lock`] first, so two
//! of them never lose one another's change.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Whether a write must survive a power loss once it has returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Flushed to disk (the file, then its folder): pages, review files, anything a
    /// person decided. Costs a disk flush or two per file.
    Synced,
    /// Left to the kernel to flush: for files a run makes again from others (a batch's
    /// reports, article files and markers, where a flush per file would cost a batch a
    /// disk flush or two for each of its many files). Still atomic: a crash leaves the
    /// old file, the new one, or, on some file systems after a power loss, an empty one.
    Unsynced,
}

/// Write `bytes` to `path` atomically and durably, or to stdout when `path` is `None`.
pub fn write_out(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|_| out.flush()) {
                // A closed pipe (`| head`) is the reader's choice, not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => r.map_err(|e| Error::io("-", e)),
            }
        }
        Some(p) => write_file_with(p, |w| w.write_all(bytes)),
    }
}

/// Write `bytes` to `path` atomically, not flushed to disk: for files a run makes again
/// from others (see [`Durability::Unsynced`]).
pub fn write_unsynced(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file_as(path, Durability::Unsynced, |w| w.write_all(bytes))
}

/// Write to `path` atomically and durably what `write` writes, as it goes: a large
/// output is never held whole in memory.
pub fn write_file_with(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    write_file_as(path, Durability::Synced, write)
}

/// [`write_file_with`], flushed to disk or not as `durability` says.
pub fn write_file_as(
    path: &Path,
    durability: Durability,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    if path.is_dir() {
        return Err(Error::OutputIsFolder { path: path.to_path_buf() });
    }
    // A device or a pipe (`-o /dev/null`, `-o >(bzip2 …)`) is written in place: a
    // rename over it would put a plain file where the device was.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return write_in_place(path, write);
    }
    let (dir, name) = split(path);
    remove_stale_temporaries(dir, &name);
    let tmp = dir.join(temporary_name(&name, std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|f| {
        let mut w = std::io::BufWriter::new(f);
        write(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        if durability == Durability::Synced {
            f.sync_all()?;
        }
        Ok(())
    });
    // The error names the file asked for, not the temporary one, which goes.
    let renamed = written.and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = renamed {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    if durability == Durability::Synced {
        sync_folder(dir).map_err(|e| Error::io(path, e))?;
    }
    Ok(())
}

/// Write to what is at `path` (not a file: a device, a pipe) what `write` writes.
fn write_in_place(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let file = std::fs::OpenOptions::new().write(true).open(path).map_err(|e| Error::io(path, e))?;
    let mut w = std::io::BufWriter::new(file);
    write(&mut w).and_then(|()| w.flush()).map_err(|e| Error::io(path, e))
}

/// Write to stdout what `write` writes, buffered; a closed pipe ends it quietly.
pub fn write_stdout_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let mut w = std::io::BufWriter::with_capacity(1 << 16, &mut out);
    match write(&mut w).and_then(|_| w.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(|e| Error::io("-", e)),
    }
}

/// Whether `a` and `b` are one file, by whatever paths (links, `..`, another spelling):
/// compared by device and inode, not by name. A path that does not exist is no file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    same_file::is_same_file(a, b).unwrap_or(false)
}

/// Whether `path` is the file stdin reads (`clean - < page.txt -o page.txt`).
pub fn is_stdin(path: &Path) -> bool {
    match (same_file::Handle::stdin(), same_file::Handle::from_path(path)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The folder of `path` (`.` for a bare name) and its file name.
fn split(path: &Path) -> (&Path, String) {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    (dir, name)
}

/// The temporary file a process writes `name` through: `.NAME.newsmend-PID.tmp`.
fn temporary_name(name: &str, pid: u32) -> String {
    format!(".{name}.newsmend-{pid}.tmp")
}

/// The writer's process id, when `file` is a temporary file of `name`.
fn temporary_of(file: &str, name: &str) -> Option<u32> {
    let pid = file.strip_prefix('.')?.strip_prefix(name)?.strip_prefix(".newsmend-")?.strip_suffix(".tmp")?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// A temporary file left untouched this long by a process that is gone was left by a
/// killed writer. The wait covers a writer in another PID namespace (a container on
/// the same folder), whose process this one cannot see: while it writes, the file's
/// modification time keeps moving.
const DEAD_WRITER_AGE: Duration = Duration::from_secs(60);

/// A temporary file untouched this long is stale whoever wrote it: no write of
/// newsmend's takes a day, and a process id is reused in time.
const ANY_WRITER_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// Remove the temporary files of `name` in `dir` that a killed writer left. A live
/// writer's file is never touched: it is removed only when its process is gone (and it
/// has not changed for a minute), or when it has not changed for a day. Best effort: a
/// file that cannot be listed or removed is left.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let now = SystemTime::now();
    let me = std::process::id();
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(pid) = file.to_str().and_then(|f| temporary_of(f, name)) else { continue };
        let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| now.duration_since(t).ok());
        let Some(age) = age else { continue };
        let stale = age >= ANY_WRITER_AGE || (age >= DEAD_WRITER_AGE && pid != me && !process_runs(pid));
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` runs on this machine (as far as this process can see).
#[cfg(target_os = "linux")]
fn process_runs(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

/// Without `/proc`, a process is taken to run: only age makes its file stale.
#[cfg(not(target_os = "linux"))]
fn process_runs(_pid: u32) -> bool {
    true
}

/// Flush `dir`'s entries (the rename just made) to disk.
#[cfg(unix)]
fn sync_folder(dir: &Path) -> std::io::Result<()> {
    match std::fs::File::open(dir).and_then(|d| d.sync_all()) {
        // Some file systems cannot flush a folder; the rename is all they offer.
        Err(e) if matches!(e.kind(), std::io::ErrorKind::InvalidInput | std::io::ErrorKind::Unsupported) => Ok(()),
        r => r,
    }
}

#[cfg(not(unix))]
fn sync_folder(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// An exclusive advisory lock, held until dropped, on a lock file that the writers of
/// some file agree on. Only newsmend's writers take it; readers need not, since every
/// write is a rename.
///
/// The lock file is removed when the lock is released, so none is left beside the
/// files it guards. That is safe because a waiter, once it holds the lock, checks that
/// the file it locked is still the one at the path: if the holder before it removed it,
/// the waiter locked a file nobody else can find, and starts again on the path's new
/// file. A writer killed while holding the lock leaves the file, unlocked; the next one
/// takes it over.
#[derive(Debug)]
pub struct Lock {
    /// The locked file, held open: closing it releases the lock.
    _file: same_file::Handle,
    path: PathBuf,
}

impl Lock {
    /// Wait for the lock of `path` (created if need be) and take it.
    pub fn acquire(path: &Path) -> Result<Lock> {
        loop {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(|e| Error::io(path, e))?;
            fs4::FileExt::lock(&file).map_err(|e| Error::io(path, e))?;
            let handle = same_file::Handle::from_file(file).map_err(|e| Error::io(path, e))?;
            if same_file::Handle::from_path(path).is_ok_and(|now| now == handle) {
                return Ok(Lock { _file: handle, path: path.to_path_buf() });
            }
            // Removed or replaced since it was opened: dropping it unlocks it.
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so no one can lock this file after us and think it
        // the current one; closing the handle (after this) releases the lock.
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_recognised_by_name_and_pid() {
        assert_eq!(temporary_of(&temporary_name("page.txt", 42), "page.txt"), Some(42));
        assert_eq!(temporary_of(".page.txt.newsmend-42.tmp", "page"), None);
        assert_eq!(temporary_of(".page.txt.newsmend-.tmp", "page.txt"), None);
        assert_eq!(temporary_of(".page.txt.newsmend-4x2.tmp", "page.txt"), None);
        assert_eq!(temporary_of("page.txt", "page.txt"), None);
    }

    /// A killed writer's file goes; a live writer's, a recent one and another file's stay.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_write_removes_only_stale_temporaries_of_its_file() {
        let dir = tempfile::tempdir().expect("tmp");
        let old = SystemTime::now() - Duration::from_secs(120);
        let touch = |name: &str, when: SystemTime| {
            let f = std::fs::File::create(dir.path().join(name)).expect("create");
            f.set_modified(when).expect("mtime");
        };
        // No process has an id this high (Linux caps them at 2^22).
        let dead = 4_000_000_001;
        // A process that runs: the test harness that started this one.
        let live = std::os::unix::process::parent_id();
        touch(&temporary_name("page.txt", dead), old);
        touch(&temporary_name("page.txt", live), old);
        touch(&temporary_name("other.txt", dead), old);
        touch(&temporary_name("page.txt", dead - 1), SystemTime::now());
        touch(&temporary_name("page.txt", 1), SystemTime::now() - ANY_WRITER_AGE - Duration::from_secs(1));
        write_out(Some(&dir.path().join("page.txt")), b"page").expect("write");
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut want = vec![
            temporary_name("other.txt", dead),
            temporary_name("page.txt", dead - 1),
            temporary_name("page.txt", live),
            "page.txt".to_string(),
        ];
        want.sort();
        assert_eq!(left, want);
    }

    #[test]
    fn a_folder_is_not_written_over() {
        let dir = tempfile::tempdir().expect("tmp");
        let err = write_out(Some(dir.path()), b"page").expect_err("a folder");
        assert!(matches!(err, Error::OutputIsFolder { .. }), "{err}");
    }

    /// The lock is exclusive across handles (threads here, processes in the tests of
    /// `accept`), and its file goes when the last holder is done.
    #[test]
    fn the_lock_excludes_and_leaves_no_file() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join(".page.lock");
        let counter = std::sync::Arc::new(std::sync::Mutex::new((0u32, 0u32)));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (path, counter) = (path.clone(), counter.clone());
                std::thread::spawn(move || {
                    for _ in 0..20 {
                        let _lock = Lock::acquire(&path).expect("lock");
                        let inside = {
                            let mut c = counter.lock().expect("counter");
                            c.0 += 1;
                            c.0
                        };
                        assert_eq!(inside, 1, "two holders at once");
                        std::thread::yield_now();
                        let mut c = counter.lock().expect("counter");
                        c.0 -= 1;
                        c.1 += 1;
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().expect("thread");
        }
        assert_eq!(counter.lock().expect("counter").1, 160);
        assert!(!path.exists());
    }
}
