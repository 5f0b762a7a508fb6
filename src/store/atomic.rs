//! Atomic file replacement: a reader sees the old file or the new one,
//! complete, never a mix, even if the process is killed mid-save.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// synced to disk and then renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // The rename would replace a read-only file as if it were writable:
    // someone made it read-only to keep it as it is.
    if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().readonly()) {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only; it was left as it is",
        ));
    }
    let mut tmp = temporary_file(dir, path)?;
    // The file itself, not the wrapper, so that errors do not name it.
    tmp.as_file_mut().write_all(bytes)?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable.
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

/// A new, empty temporary file in `dir` for `path`, removed when dropped.
/// Made here rather than by tempfile's builder, whose errors name the
/// temporary file; callers name the file being saved, and a second,
/// temporary name would only confuse.
///
/// Each target has one usual temporary name, held under a lock while a save
/// writes it. A save killed before its rename leaves that one hidden file,
/// unlocked, and the target's next save takes it over. Only while another
/// save of the same file holds the lock does a save use a name of its own.
fn temporary_file(dir: &Path, path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    // Absolute, so that making it a TempPath below needs no look-up that
    // could fail once the file exists.
    let usual = std::path::absolute(dir.join(format!(".{name}.copydesk.tmp")))?;
    if let Some(file) = take_over(&usual) {
        let usual = tempfile::TempPath::try_from_path(usual)?;
        return Ok(tempfile::NamedTempFile::from_parts(file, usual));
    }
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let own = std::path::absolute(dir.join(format!(".{name}.{}.{n}.tmp", std::process::id())))?;
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&own)
        {
            Ok(file) => {
                let own = tempfile::TempPath::try_from_path(own)?;
                return Ok(tempfile::NamedTempFile::from_parts(file, own));
            }
            // Left behind by a killed process that had the same id.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// The file at `usual`, created or left by a killed save, locked and
/// emptied; `None` while another save holds it, or when it cannot be
/// opened or locked (the caller's own name then reports any real error). On
/// a file system without locks this leaves one empty hidden file per target.
fn take_over(usual: &Path) -> Option<File> {
    // A save that held the file may rename it away between our open and our
    // lock: then the path names a new file, or none, and we try again.
    for _ in 0..3 {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(usual)
            .ok()?;
        file.try_lock().ok()?;
        if is_at(&file, usual) {
            file.set_len(0).ok()?;
            return Some(file);
        }
    }
    None
}

/// Whether `file` is the file that `path` names now.
#[cfg(unix)]
fn is_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => (open.dev(), open.ino()) == (named.dev(), named.ino()),
        _ => false,
    }
}

/// Elsewhere a file's identity is not in stable std; the race it guards
/// against needs two saves of one file at the same moment.
#[cfg(not(unix))]
fn is_at(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_read_only_file_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_atomic(&path, b"one").unwrap();
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).unwrap();
        let e = write_atomic(&path, b"two").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::PermissionDenied);
        assert!(e.to_string().contains("read-only"), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// The names in `dir`, sorted.
    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_killed_saves_temporary_file_is_taken_over_by_the_next_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        std::fs::write(
            dir.path().join(".a.ron.copydesk.tmp"),
            b"half a file, longer",
        )
        .unwrap();
        write_atomic(&path, b"whole").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"whole");
        assert_eq!(names_in(dir.path()), ["a.ron"]);
    }

    #[test]
    fn a_save_under_way_elsewhere_keeps_its_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        let other = dir.path().join(".a.ron.copydesk.tmp");
        std::fs::write(&other, b"being written").unwrap();
        let writer = File::options().write(true).open(&other).unwrap();
        writer.lock().unwrap();
        write_atomic(&path, b"whole").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"whole");
        assert_eq!(std::fs::read(&other).unwrap(), b"being written");
        assert_eq!(names_in(dir.path()), [".a.ron.copydesk.tmp", "a.ron"]);
        drop(writer);
        // Once that save is gone, the next one takes the file over.
        write_atomic(&path, b"again").unwrap();
        assert_eq!(names_in(dir.path()), ["a.ron"]);
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("a.ron");
        assert!(write_atomic(&path, b"x").is_err());
    }
}
