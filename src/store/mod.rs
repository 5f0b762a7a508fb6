//! RON annotation files: `<article>.copydesk.ron`, written atomically,
//! versioned, fingerprinted, and re-anchored when the article text changed.

mod atomic;
mod file;
mod stamp;

pub use atomic::{BATCH_WAIT, EDITOR_WAIT, sweep_folders, write_atomic};
pub use file::{
    Held, LoadReport, Loaded, Moved, hold, load, load_labels, parse, render, save, save_if,
    source_of,
};
pub use stamp::{DiskChange, FileStamp};

use std::path::{Path, PathBuf};

/// The format name written in every annotation file.
pub const FORMAT: &str = "copydesk-annotations";
/// The newest format version this build reads and the one it writes.
pub const VERSION: u32 = 1;
/// What an annotation file's name ends with.
pub const SUFFIX: &str = ".copydesk.ron";

/// Where the annotations of `article` are saved: next to it.
pub fn annotation_path(article: &Path) -> PathBuf {
    let mut name = article.file_name().unwrap_or_default().to_os_string();
    name.push(SUFFIX);
    article.with_file_name(name)
}

/// Where the annotations of the article at `article`, with corpus id `id`
/// (its path below the folder it was found in), are saved: in `out_dir`
/// under its id, so that `a/x.txt` and `b/x.txt` keep apart, or without one
/// next to the article.
pub fn annotation_path_for(article: &Path, id: &str, out_dir: Option<&Path>) -> PathBuf {
    match out_dir {
        Some(dir) => dir.join(format!("{id}{SUFFIX}")),
        None => annotation_path(article),
    }
}

/// Whether `path` names an annotation file rather than an article.
pub fn is_annotation_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(SUFFIX))
}

/// Why an annotation file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: not a copydesk annotation file (format is {found:?}, expected {FORMAT:?})", path.display())]
    NotOurs { path: PathBuf, found: String },
    #[error(
        "{}: written by a newer copydesk (format version {version}, this build reads up to {VERSION}); update copydesk — the file was left untouched",
        path.display()
    )]
    TooNew { path: PathBuf, version: u32 },
    #[error("{}: {detail}", path.display())]
    Invalid { path: PathBuf, detail: String },
    #[error(
        "{}: changed by another program since it was read; not overwritten",
        path.display()
    )]
    Changed { path: PathBuf },
}

/// Why an article and its annotations could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{}: {source}", path.display())]
    Article {
        path: PathBuf,
        source: crate::model::DecodeError,
    },
    #[error(transparent)]
    Annotations(#[from] StoreError),
}

/// An article opened with its annotation file, if it has one.
#[derive(Debug)]
pub struct Opened {
    pub article: crate::model::Article,
    /// Where its annotations are saved.
    pub annotation_path: PathBuf,
    /// `None` when there was no annotation file yet.
    pub report: Option<LoadReport>,
}

/// Opens the article at `path` and the annotation file next to it. Articles
/// without one get `labels`.
pub fn open_article(path: &Path, labels: &crate::model::LabelSet) -> Result<Opened, OpenError> {
    open_with(path, annotation_path(path), labels)
}

/// Opens the article at `path` with the annotation file at
/// `annotation_path`, wherever that is.
pub fn open_with(
    path: &Path,
    annotation_path: PathBuf,
    labels: &crate::model::LabelSet,
) -> Result<Opened, OpenError> {
    let doc = load_article(path)?;
    // Only a file that is not there means "no annotations yet": a folder
    // that cannot be entered, or a file where a folder should be, is an
    // error, not an article without work in it.
    let exists = annotation_path
        .try_exists()
        .map_err(|source| StoreError::Io {
            path: annotation_path.clone(),
            source,
        })?;
    let loaded = if exists {
        Some(load(&annotation_path, &doc)?)
    } else {
        None
    };
    Ok(Opened::from_parts(doc, annotation_path, loaded, labels))
}

/// Reads the article at `path`, naming it in the error.
pub fn load_article(path: &Path) -> Result<crate::model::Document, OpenError> {
    crate::model::Document::load(path).map_err(|source| OpenError::Article {
        path: path.to_owned(),
        source,
    })
}

impl Opened {
    /// The article `doc` with the annotations `loaded` from
    /// `annotation_path`, or with none yet and `labels`. Annotations that
    /// were re-anchored count as unsaved.
    pub fn from_parts(
        doc: crate::model::Document,
        annotation_path: PathBuf,
        loaded: Option<Loaded>,
        labels: &crate::model::LabelSet,
    ) -> Self {
        let Some(loaded) = loaded else {
            return Self {
                article: crate::model::Article::new(doc, labels.clone(), Default::default()),
                annotation_path,
                report: None,
            };
        };
        let mut article = crate::model::Article::new(doc, loaded.labels, loaded.annotations);
        if loaded.report.text_changed {
            article.mark_unsaved();
        }
        Self {
            article,
            annotation_path,
            report: Some(loaded.report),
        }
    }
}
