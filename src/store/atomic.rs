//! Atomic file replacement under a lock that can span a whole
//! read-modify-write: a reader sees the old file or the new one, complete,
//! never a mix, even if the process is killed mid-save, and two programs
//! that update the same file one after the other never lose each other's
//! change.
//!
//! Each target has one hidden temporary file beside it. Whoever holds the
//! lock on the temporary file that the name stands for *now* owns the
//! target until it renames that file over the target (or drops its hold).
//! A program that waits for the lock and then finds the name gone or
//! standing for a newer file simply tries again. A save killed before its
//! rename leaves the temporary file unlocked (the kernel drops the lock
//! with the process), and the target's next writer takes it over.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// What every temporary file's name starts and ends with, so that a sweep
/// can tell them from everything else.
const TEMPORARY_PREFIX: &str = ".copydesk-";
const TEMPORARY_SUFFIX: &str = ".tmp";

/// How long a batch command waits for another program's save of the same
/// file before it gives up on that file.
pub const BATCH_WAIT: Duration = Duration::from_secs(60);
/// How long the editor waits: it must not freeze.
pub const EDITOR_WAIT: Duration = Duration::from_secs(2);

/// The exclusive hold on one target file, from before it is read until it
/// is replaced. Dropping it without [`FileLock::replace`] leaves the target
/// as it is and removes the temporary file.
#[derive(Debug)]
pub struct FileLock {
    /// The file that is replaced: the target itself, or what a symbolic
    /// link at the named path leads to.
    target: PathBuf,
    /// On a file system without locks, a temporary file of this process's
    /// own, and only the stamp checks guard the target.
    temporary: Option<tempfile::NamedTempFile>,
}

/// What a replacement wrote: the target's metadata as left by the rename,
/// read from the written file itself so that a later writer's file is
/// never taken for ours.
#[derive(Debug)]
pub struct Replaced {
    pub metadata: std::fs::Metadata,
    /// The hash of what was written.
    pub hash: blake3::Hash,
}

impl FileLock {
    /// Takes the hold on `path`, waiting up to `wait` for another save of
    /// the same file to finish.
    pub fn acquire(path: &Path, wait: Duration) -> io::Result<Self> {
        let target = writable_target(path)?;
        let dir = folder_of(&target).to_owned();
        let usual = std::path::absolute(dir.join(temporary_name(&target)))?;
        let deadline = Instant::now() + wait;
        let mut pause = Duration::from_millis(1);
        loop {
            match take(&usual) {
                Taken::Held(file) => {
                    let path = tempfile::TempPath::try_from_path(usual)?;
                    return Ok(Self {
                        target,
                        temporary: Some(tempfile::NamedTempFile::from_parts(file, path)),
                    });
                }
                Taken::Busy if Instant::now() < deadline => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                Taken::Busy => {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!(
                            "another program has been saving this file for over {} s; it was left as it is",
                            wait.as_secs()
                        ),
                    ));
                }
                Taken::NoLocks => {
                    return Ok(Self {
                        temporary: Some(own_temporary(&dir, &target)?),
                        target,
                    });
                }
                Taken::Failed(e) => return Err(e),
            }
        }
    }

    /// Replaces the target with `bytes`: written to the temporary file,
    /// synced, and renamed over the target.
    pub fn replace(self, bytes: &[u8]) -> io::Result<Replaced> {
        self.replace_with(|out| out.write_all(bytes))
    }

    /// Replaces the target with what `write` writes: to the temporary file
    /// (buffered), synced, and renamed over the target.
    pub fn replace_with(
        mut self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<Replaced> {
        let tmp = self
            .temporary
            .take()
            .ok_or_else(|| io::Error::other("the save was already made"))?;
        // The rename would replace a read-only file as if it were writable:
        // someone made it read-only to keep it as it is.
        let existing = match std::fs::metadata(&self.target) {
            Ok(meta) => Some(meta),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        if existing
            .as_ref()
            .is_some_and(|m| m.is_file() && m.permissions().readonly())
        {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the file is read-only; it was left as it is",
            ));
        }
        // The file itself, not the wrapper, so that errors do not name the
        // temporary file: callers name the file being saved.
        let hash = {
            let mut out = Hashing {
                inner: io::BufWriter::new(tmp.as_file()),
                hasher: blake3::Hasher::new(),
            };
            write(&mut out)?;
            out.inner.flush()?;
            out.hasher.finalize()
        };
        if let Some(meta) = &existing {
            tmp.as_file().set_permissions(meta.permissions())?;
        }
        tmp.as_file().sync_all()?;
        let file = tmp.persist(&self.target).map_err(|e| e.error)?;
        let metadata = file.metadata()?;
        // Make the rename itself durable.
        #[cfg(unix)]
        File::open(folder_of(&self.target))?.sync_all()?;
        Ok(Replaced { metadata, hash })
    }
}

/// A writer that hashes what passes through it.
struct Hashing<W> {
    inner: W,
    hasher: blake3::Hasher,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes `bytes` to `path` atomically, after any other save of the same
/// file under way has finished.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    FileLock::acquire(path, BATCH_WAIT)?
        .replace(bytes)
        .map(drop)
}

/// Removes the temporary files in `dir` that no save holds: those left by
/// saves that were killed. Returns how many were removed.
pub fn sweep_stale_temporaries(dir: &Path) -> io::Result<usize> {
    let mut removed = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !is_temporary_name(name) || !entry.file_type()?.is_file() {
            continue;
        }
        let path = entry.path();
        // A save holds its temporary file locked; one that can be locked
        // here belongs to nobody. Removing it while holding the lock is
        // safe: a save that opened it meanwhile finds the name gone once it
        // gets the lock, and starts again.
        let Ok(file) = File::options().write(true).open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() && is_at(&file, &path) && std::fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

/// Sweeps each of `folders` (see [`sweep_stale_temporaries`]) once, and
/// returns the folders that could not be read, with why. A folder that
/// does not exist has nothing to sweep.
pub fn sweep_folders<'a>(folders: impl IntoIterator<Item = &'a Path>) -> Vec<(PathBuf, io::Error)> {
    let folders: std::collections::BTreeSet<&Path> = folders
        .into_iter()
        .map(|dir| {
            if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            }
        })
        .collect();
    folders
        .into_iter()
        .filter_map(|dir| match sweep_stale_temporaries(dir) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Some((dir.to_owned(), e)),
            _ => None,
        })
        .collect()
}

/// Whether `name` is one of our temporary files: this version's, or the
/// `.NAME.copydesk.tmp` of earlier versions, which only they made.
fn is_temporary_name(name: &str) -> bool {
    (name.starts_with(TEMPORARY_PREFIX) && name.ends_with(TEMPORARY_SUFFIX))
        || (name.starts_with('.') && name.ends_with(".copydesk.tmp"))
}

/// The file to replace for `path`: `path` itself, or what a symbolic link
/// there leads to, so that the link stays a link. A file with more than one
/// hard link is refused, as a rename would cut it off from the others.
fn writable_target(path: &Path) -> io::Result<PathBuf> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(path.to_owned()),
        Err(e) => return Err(e),
    };
    let target = if meta.file_type().is_symlink() {
        std::fs::canonicalize(path).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("a symbolic link that leads to no file it can save ({e})"),
            )
        })?
    } else {
        path.to_owned()
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(&target)?;
        if meta.is_file() && meta.nlink() > 1 {
            return Err(io::Error::other(format!(
                "the file has {} hard links, and a save would cut it off from the others; \
                 it was left as it is (save to a copy instead)",
                meta.nlink()
            )));
        }
    }
    Ok(target)
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The usual temporary name of `target`: short and of fixed length, so
/// that a target whose name is as long as the file system allows still
/// has one.
fn temporary_name(target: &Path) -> String {
    let name = target.file_name().unwrap_or_default();
    let hash = blake3::hash(name.as_encoded_bytes()).to_hex();
    format!("{TEMPORARY_PREFIX}{}{TEMPORARY_SUFFIX}", &hash[..16])
}

enum Taken {
    /// Locked by us, emptied, and still the file the name stands for.
    Held(File),
    /// Another save holds it.
    Busy,
    /// The file system cannot lock.
    NoLocks,
    Failed(io::Error),
}

fn take(usual: &Path) -> Taken {
    let file = match File::options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(usual)
    {
        Ok(file) => file,
        Err(e) => return Taken::Failed(e),
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Taken::Busy,
        Err(std::fs::TryLockError::Error(_)) => return Taken::NoLocks,
    }
    // The save that held it may have renamed it away between our open and
    // our lock: then the name stands for a newer file, or none, and we are
    // not its owner.
    if !is_at(&file, usual) {
        return Taken::Busy;
    }
    match file.set_len(0) {
        Ok(()) => Taken::Held(file),
        Err(e) => Taken::Failed(e),
    }
}

/// A temporary file of this process's own, where nothing can be locked.
fn own_temporary(dir: &Path, target: &Path) -> io::Result<tempfile::NamedTempFile> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let usual = temporary_name(target);
    let stem = usual.trim_end_matches(TEMPORARY_SUFFIX);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let own = std::path::absolute(dir.join(format!(
            "{stem}.{}.{n}{TEMPORARY_SUFFIX}",
            std::process::id()
        )))?;
        match File::options().write(true).create_new(true).open(&own) {
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
    fn replaces_content_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(names_in(dir.path()), ["a.ron"]);
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
        assert_eq!(names_in(dir.path()), ["a.ron"]);
    }

    #[test]
    fn a_killed_saves_temporary_file_is_taken_over_by_the_next_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        std::fs::write(
            dir.path().join(temporary_name(&path)),
            b"half a file, longer",
        )
        .unwrap();
        write_atomic(&path, b"whole").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"whole");
        assert_eq!(names_in(dir.path()), ["a.ron"]);
    }

    #[test]
    fn a_hold_keeps_the_next_writer_waiting_until_it_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        let hold = FileLock::acquire(&path, BATCH_WAIT).unwrap();
        let e = FileLock::acquire(&path, Duration::from_millis(20)).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::WouldBlock, "{e}");
        assert!(e.to_string().contains("another program"), "{e}");
        let waiting = {
            let path = path.clone();
            std::thread::spawn(move || write_atomic(&path, b"second"))
        };
        std::thread::sleep(Duration::from_millis(50));
        hold.replace(b"first").unwrap();
        waiting.join().unwrap().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(names_in(dir.path()), ["a.ron"]);
    }

    #[test]
    fn a_dropped_hold_leaves_the_target_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_atomic(&path, b"one").unwrap();
        drop(FileLock::acquire(&path, BATCH_WAIT).unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        assert_eq!(names_in(dir.path()), ["a.ron"]);
    }

    #[test]
    fn a_name_as_long_as_the_file_system_allows_can_be_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("{}.ron", "x".repeat(251)));
        write_atomic(&path, b"one").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_stays_a_link_and_its_target_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.ron");
        let link = dir.path().join("link.ron");
        std::fs::write(&real, b"one").unwrap();
        std::os::unix::fs::symlink("real.ron", &link).unwrap();
        write_atomic(&link, b"two").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"two");
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_linked_file_is_refused_and_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.ron");
        std::fs::write(&a, b"one").unwrap();
        std::fs::hard_link(&a, dir.path().join("b.ron")).unwrap();
        let e = write_atomic(&a, b"two").unwrap_err();
        assert!(e.to_string().contains("hard links"), "{e}");
        assert_eq!(std::fs::read(dir.path().join("b.ron")).unwrap(), b"one");
    }

    #[test]
    fn the_sweep_removes_abandoned_temporary_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let abandoned = dir.path().join(temporary_name(Path::new("a.ron")));
        std::fs::write(&abandoned, b"half").unwrap();
        let held = FileLock::acquire(&dir.path().join("b.ron"), BATCH_WAIT).unwrap();
        std::fs::write(dir.path().join(".other.tmp"), b"not ours").unwrap();
        assert_eq!(sweep_stale_temporaries(dir.path()).unwrap(), 1);
        let mut expected = vec![".other.tmp".to_owned(), temporary_name(Path::new("b.ron"))];
        expected.sort();
        assert_eq!(names_in(dir.path()), expected);
        drop(held);
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("a.ron");
        assert!(write_atomic(&path, b"x").is_err());
    }
}
