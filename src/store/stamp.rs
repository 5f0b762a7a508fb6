//! What a file was like on disk when it was last read or written, so that an
//! editor can notice another program changing or deleting it. Checking costs
//! one `stat`; the file is read again only when its metadata changed, and a
//! rewrite with the same bytes (a sync tool, `touch`) does not count.

use std::io;
use std::path::Path;
use std::time::SystemTime;

/// A file as last seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStamp {
    /// There was no file (or its folder was gone).
    Missing,
    Present {
        meta: Meta,
        hash: blake3::Hash,
    },
}

/// The metadata compared on every check. The inode catches an atomic
/// replacement (a rename over the file) even within one mtime tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64),
}

impl Meta {
    fn of(meta: &std::fs::Metadata) -> Self {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Self {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            inode: (meta.dev(), meta.ino()),
        }
    }
}

/// How a file differs from its stamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiskChange {
    /// Same bytes (and the stamp, if the metadata moved, is the new one).
    Same(FileStamp),
    /// Other bytes, or a file where there was none.
    Changed(FileStamp),
    /// Gone (the file, or its folder).
    Deleted,
}

/// The metadata of `path`, `None` when it does not exist.
fn stat(path: &Path) -> io::Result<Option<std::fs::Metadata>> {
    match std::fs::metadata(path) {
        Ok(meta) => Ok(Some(meta)),
        // A folder on the way that is gone, or is now a file.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

impl FileStamp {
    /// Reads `path` once: its metadata and a hash of its bytes. The metadata
    /// is taken first, so a write during the read shows as a change later
    /// rather than being missed.
    pub fn read(path: &Path) -> io::Result<Self> {
        Self::read_with_bytes(path).map(|(stamp, _)| stamp)
    }

    /// Reads `path` once, like [`FileStamp::read`], and keeps its bytes,
    /// so that what is parsed is exactly what was stamped.
    pub fn read_with_bytes(path: &Path) -> io::Result<(Self, Option<Vec<u8>>)> {
        let Some(meta) = stat(path)? else {
            return Ok((Self::Missing, None));
        };
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Self::Missing, None)),
            Err(e) => return Err(e),
        };
        let stamp = Self::Present {
            meta: Meta::of(&meta),
            hash: blake3::hash(&bytes),
        };
        Ok((stamp, Some(bytes)))
    }

    /// The stamp of a file this program just wrote, from the written
    /// file's own metadata and the hash of what was written.
    pub fn written(meta: &std::fs::Metadata, hash: blake3::Hash) -> Self {
        Self::Present {
            meta: Meta::of(meta),
            hash,
        }
    }

    /// Whether two stamps stand for the same content (or both for no file),
    /// whatever their metadata.
    pub fn same_content(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Missing, Self::Missing) => true,
            (Self::Present { hash: a, .. }, Self::Present { hash: b, .. }) => a == b,
            _ => false,
        }
    }

    pub fn is_missing(&self) -> bool {
        matches!(self, Self::Missing)
    }

    /// Compares the file on disk now with this stamp.
    pub fn check(&self, path: &Path) -> io::Result<DiskChange> {
        let now = stat(path)?;
        match (self, now) {
            (Self::Missing, None) => Ok(DiskChange::Same(Self::Missing)),
            (Self::Present { .. }, None) => Ok(DiskChange::Deleted),
            (Self::Present { meta, .. }, Some(now)) if *meta == Meta::of(&now) => {
                Ok(DiskChange::Same(self.clone()))
            }
            (_, Some(_)) => {
                let fresh = Self::read(path)?;
                Ok(match (self, &fresh) {
                    (_, Self::Missing) => DiskChange::Deleted,
                    (Self::Present { hash: old, .. }, Self::Present { hash: new, .. })
                        if old == new =>
                    {
                        DiskChange::Same(fresh)
                    }
                    _ => DiskChange::Changed(fresh),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_changes_deletions_and_new_files_but_not_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        let missing = FileStamp::read(&path).unwrap();
        assert!(missing.is_missing());
        assert_eq!(
            missing.check(&path).unwrap(),
            DiskChange::Same(FileStamp::Missing)
        );

        std::fs::write(&path, "one").unwrap();
        let DiskChange::Changed(one) = missing.check(&path).unwrap() else {
            panic!("a new file is a change");
        };
        assert_eq!(one.check(&path).unwrap(), DiskChange::Same(one.clone()));

        // Rewritten with the same bytes through a rename: not a change.
        crate::store::write_atomic(&path, b"one").unwrap();
        let DiskChange::Same(again) = one.check(&path).unwrap() else {
            panic!("same bytes are not a change");
        };
        assert_ne!(again, one, "the stamp follows the new metadata");

        crate::store::write_atomic(&path, b"two").unwrap();
        assert!(matches!(
            again.check(&path).unwrap(),
            DiskChange::Changed(_)
        ));

        std::fs::remove_file(&path).unwrap();
        assert_eq!(again.check(&path).unwrap(), DiskChange::Deleted);
        // A folder replaced by a file is a deletion too, not an error.
        let inside = dir.path().join("f").join("a.ron");
        std::fs::write(dir.path().join("f"), "x").unwrap();
        assert!(FileStamp::read(&inside).unwrap().is_missing());
    }
}
