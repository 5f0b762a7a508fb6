//! Autosave recovery files, so that a crash or a kill loses at most a few
//! seconds of an editor's work.
//!
//! The recovery file of an article sits next to its annotation file and is
//! named after it: `<article>.copydesk.ron.recovery`. It holds exactly what a
//! save would write (the same RON, fingerprint included), written with the
//! store's atomic writer, so restoring it goes through the same checks and
//! re-anchoring as opening a saved file. It is removed when the article is
//! saved or its changes are discarded. Folder walks never take it for an
//! article (its extension is not `.txt`).

use crate::model::{Article, Document, Revision};
use crate::store::{self, Loaded, StoreError};
use std::path::{Path, PathBuf};

/// What a recovery file's name ends with, after the annotation file's name.
pub const SUFFIX: &str = ".recovery";

/// Seconds between two autosaves of the same article, at most this often.
pub const AUTOSAVE_INTERVAL_SECS: f64 = 5.0;

/// The recovery file that belongs to the annotation file `annotation_path`.
pub fn recovery_path(annotation_path: &Path) -> PathBuf {
    let mut name = annotation_path
        .file_name()
        .unwrap_or_default()
        .to_os_string();
    name.push(SUFFIX);
    annotation_path.with_file_name(name)
}

/// Whether `path` names a recovery file.
pub fn is_recovery_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(SUFFIX))
}

/// Writes the recovery file of `article`, whose annotations are saved at
/// `annotation_path`. Source paths inside are relative to that folder, as in
/// the annotation file itself.
pub fn write(article: &Article, annotation_path: &Path) -> Result<(), StoreError> {
    let content = store::render(article, annotation_path)?;
    let path = recovery_path(annotation_path);
    store::write_atomic(&path, content.as_bytes()).map_err(|source| StoreError::Io { path, source })
}

/// Whether a recovery file exists for `annotation_path`.
pub fn exists(annotation_path: &Path) -> bool {
    recovery_path(annotation_path).is_file()
}

/// Reads the recovery file of `annotation_path` for `doc`, with the same
/// checks and re-anchoring as a saved annotation file.
pub fn load(annotation_path: &Path, doc: &Document) -> Result<Loaded, StoreError> {
    let path = recovery_path(annotation_path);
    let content = std::fs::read_to_string(&path).map_err(|source| StoreError::Io {
        path: path.clone(),
        source,
    })?;
    store::parse(&content, &path, doc)
}

/// An article with the recovered annotations; it counts as unsaved.
pub fn restore(doc: Document, loaded: Loaded) -> Article {
    let mut article = Article::new(doc, loaded.labels, loaded.annotations);
    article.mark_unsaved();
    article
}

/// Removes the recovery file of `annotation_path`; a missing one is fine.
pub fn remove(annotation_path: &Path) -> Result<(), StoreError> {
    let path = recovery_path(annotation_path);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(StoreError::Io { path, source }),
    }
}

/// When an article's recovery file was last written, to decide when the
/// next one is due: only when the annotations changed since, and at most
/// every [`AUTOSAVE_INTERVAL_SECS`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AutosaveState {
    /// The revision written last, `None` when no recovery file is ours.
    pub written: Option<Revision>,
    /// When (in seconds of some monotonic clock) it was written.
    pub at: f64,
}

impl AutosaveState {
    /// Whether to write a recovery file now, for an article at `revision`
    /// that is (or is not) `modified`, `now` seconds into the same clock.
    pub fn due(&self, modified: bool, revision: Revision, now: f64, interval: f64) -> bool {
        modified
            && self.written != Some(revision)
            && (self.written.is_none() || now - self.at >= interval)
    }

    /// Whether a recovery file we wrote should go: the article is back at
    /// its saved state.
    pub fn stale(&self, modified: bool) -> bool {
        !modified && self.written.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotations, Edit, Label, LabelSet, Status};

    fn article(dir: &Path) -> Article {
        let path = dir.join("a.txt");
        std::fs::write(&path, "The mayor said: “We will build it.”\n").unwrap();
        Article::new(
            Document::load(&path).unwrap(),
            LabelSet::default(),
            Annotations::default(),
        )
    }

    #[test]
    fn written_recovery_restores_the_same_spans_as_unsaved() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = article(dir.path());
        let span = a.annotations().new_span(
            Label::quote(),
            crate::model::ByteRange::new(16, a.text().trim_end().len()),
            Status::Confirmed,
        );
        a.apply(Edit::Add(span)).unwrap();
        let ron = store::annotation_path(a.doc().source());
        write(&a, &ron).unwrap();
        assert!(exists(&ron));
        assert!(
            recovery_path(&ron)
                .to_string_lossy()
                .ends_with("a.txt.copydesk.ron.recovery")
        );
        assert!(!crate::corpus::is_article(&recovery_path(&ron)));
        let loaded = load(&ron, a.doc()).unwrap();
        let restored = restore(a.doc().clone(), loaded);
        assert_eq!(restored.annotations(), a.annotations());
        assert!(restored.is_modified());
        remove(&ron).unwrap();
        assert!(!exists(&ron));
        remove(&ron).unwrap();
    }

    #[test]
    fn autosave_waits_for_a_change_and_the_interval() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = article(dir.path());
        let mut state = AutosaveState::default();
        let r0 = a.history().revision();
        assert!(!state.due(false, r0, 0.0, 5.0), "nothing to save");
        a.apply(Edit::SetDone {
            from: false,
            to: true,
        })
        .unwrap();
        let r1 = a.history().revision();
        assert!(
            state.due(true, r1, 0.0, 5.0),
            "first change is written at once"
        );
        state = AutosaveState {
            written: Some(r1),
            at: 0.0,
        };
        assert!(!state.due(true, r1, 60.0, 5.0), "unchanged since");
        a.apply(Edit::SetDone {
            from: true,
            to: false,
        })
        .unwrap();
        let r2 = a.history().revision();
        assert!(!state.due(true, r2, 2.0, 5.0), "too soon");
        assert!(state.due(true, r2, 5.0, 5.0));
        assert!(state.stale(false));
    }
}
