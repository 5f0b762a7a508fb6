//! Exporting labelled articles as datasets.

use super::{ExportDoc, OffsetUnit, brat, conll, doccano, jsonl, label_studio, prodigy};
use crate::model::{Article, Status, Unplaced};
use crate::store;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The dataset formats `copydesk export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// copydesk JSONL (code points, or UTF-16 units with `--offsets utf16`).
    Copydesk,
    /// doccano JSONL with entities and `said_by` relations.
    Doccano,
    /// Prodigy / spaCy JSONL with tokens, spans and relations.
    Prodigy,
    /// Label Studio JSON tasks (annotations and predictions).
    LabelStudio,
    /// brat standoff: a `.txt` and an `.ann` file per article (OUT is a folder).
    Brat,
    /// CoNLL BIO, one file per label (OUT is a folder).
    Conll,
}

impl ExportFormat {
    /// Whether OUT is a folder rather than a file.
    pub fn writes_folder(self) -> bool {
        matches!(self, ExportFormat::Brat | ExportFormat::Conll)
    }
}

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: ExportFormat,
    pub offsets: OffsetUnit,
    /// Also export suggested spans (by default only confirmed ones).
    pub include_suggestions: bool,
    /// Also export articles not marked done.
    pub include_unfinished: bool,
}

impl ExportOptions {
    pub fn statuses(&self) -> Vec<Status> {
        if self.include_suggestions {
            vec![Status::Confirmed, Status::Suggested]
        } else {
            vec![Status::Confirmed]
        }
    }

    /// Whether an article is exported at all.
    pub fn takes(&self, article: &Article) -> bool {
        self.include_unfinished || article.annotations().is_done()
    }
}

/// One article rendered in the chosen format: the bytes of its record for
/// file formats, or the files to write for folder formats.
pub enum Rendered {
    Record(Vec<u8>),
    Files(Vec<(PathBuf, Vec<u8>)>),
}

/// Why an article could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Io(#[from] io::Error),
    /// A span or label the format cannot hold, named.
    #[error("{0}")]
    Unfit(String),
}

/// The brat files of the article with id `id`, relative to the export
/// folder: `<id>.txt` and `<id>.ann`, without the id's own `.txt`.
pub fn brat_files(id: &str) -> [String; 2] {
    let stem = id.strip_suffix(".txt").unwrap_or(id);
    [format!("{stem}.txt"), format!("{stem}.ann")]
}

/// The CoNLL file of the layer of `label`: its tag ([`super::word_label`])
/// with the characters that file systems refuse or read as folders
/// replaced by `_`, so that a label such as `../x` stays in the export.
pub fn conll_file(label: &str) -> String {
    let mut name: String = super::word_label(label)
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    if name.starts_with('.') {
        name.insert(0, '_');
    }
    name + ".conll"
}

/// Renders one article (already filtered by [`ExportOptions::takes`]);
/// CoNLL writes a layer for each of `labels`.
pub fn render(
    doc: &ExportDoc,
    done: bool,
    labels: &[String],
    options: &ExportOptions,
) -> Result<Rendered, RenderError> {
    let mut out = Vec::new();
    Ok(match options.format {
        ExportFormat::Copydesk => {
            jsonl::write_record(&mut out, &jsonl::record(doc, options.offsets, done))?;
            Rendered::Record(out)
        }
        ExportFormat::Doccano => {
            serde_json::to_writer(&mut out, &doccano::record(doc)).map_err(io::Error::from)?;
            out.push(b'\n');
            Rendered::Record(out)
        }
        ExportFormat::Prodigy => {
            serde_json::to_writer(&mut out, &prodigy::record(doc)).map_err(io::Error::from)?;
            out.push(b'\n');
            Rendered::Record(out)
        }
        ExportFormat::LabelStudio => {
            serde_json::to_writer(&mut out, &label_studio::task(doc)).map_err(io::Error::from)?;
            Rendered::Record(out)
        }
        ExportFormat::Brat => {
            let ann = brat::ann(doc).map_err(RenderError::Unfit)?;
            let [txt_file, ann_file] = brat_files(&doc.id);
            Rendered::Files(vec![
                (PathBuf::from(txt_file), doc.text.as_bytes().to_vec()),
                (PathBuf::from(ann_file), ann.into_bytes()),
            ])
        }
        ExportFormat::Conll => {
            conll::check(doc).map_err(RenderError::Unfit)?;
            Rendered::Files(
                labels
                    .iter()
                    .map(|label| {
                        let tag = super::word_label(label);
                        (
                            PathBuf::from(conll_file(label)),
                            conll::layer(doc, label, &tag).into_bytes(),
                        )
                    })
                    .collect(),
            )
        }
    })
}

/// What exporting one article came to.
pub enum Outcome {
    /// The article has no annotation file.
    NoAnnotations,
    /// Not marked done, and unfinished articles are not exported.
    Unfinished,
    Rendered {
        rendered: Rendered,
        /// Confirmed and rejected spans that could not be placed in the
        /// article's changed text, and so are not in `rendered`.
        unplaced: Vec<Unplaced>,
    },
}

/// Why one article could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    #[error(transparent)]
    Open(#[from] store::OpenError),
    /// Whether the annotation file exists could not be told.
    #[error("{}: {source}", path.display())]
    Annotations { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// Opens the article at `path` (id `id`) with its annotation file, next to
/// it or in `annotations`; `None` when it has none.
pub fn open(
    path: &Path,
    id: &str,
    annotations: Option<&Path>,
) -> Result<Option<Article>, ArticleError> {
    let ron = store::annotation_path_for(path, id, annotations);
    // Only a file that is not there means "no annotations": a folder that
    // cannot be entered or a file where a folder should be is an error,
    // not an article without work in it.
    match ron.try_exists() {
        Ok(true) => {}
        Ok(false) => return Ok(None),
        Err(source) => return Err(ArticleError::Annotations { path: ron, source }),
    }
    let opened = store::open_with(path, ron, &crate::model::LabelSet::default())?;
    Ok(Some(opened.article))
}

/// Exports one article: opens it, and renders it when `options` take it.
/// The command line and the editor export through this.
pub fn article(
    path: &Path,
    id: String,
    annotations: Option<&Path>,
    labels: &[String],
    options: &ExportOptions,
) -> Result<Outcome, ArticleError> {
    let Some(article) = open(path, &id, annotations)? else {
        return Ok(Outcome::NoAnnotations);
    };
    if !options.takes(&article) {
        return Ok(Outcome::Unfinished);
    }
    let doc = ExportDoc::new(
        id,
        path.to_string_lossy().into_owned(),
        article.text(),
        article.annotations(),
        &options.statuses(),
    );
    let rendered = render(&doc, article.annotations().is_done(), labels, options)?;
    // Stale suggestions are no editor's loss; their work is.
    let unplaced = article
        .annotations()
        .unplaced()
        .iter()
        .filter(|u| u.span.status != Status::Suggested)
        .cloned()
        .collect();
    Ok(Outcome::Rendered { rendered, unplaced })
}

/// One line naming the spans that could not be placed, for the person
/// running the export.
pub fn describe_unplaced(unplaced: &[Unplaced]) -> String {
    let spans: Vec<String> = unplaced
        .iter()
        .map(|u| {
            format!(
                "{} {} {:?} ({}, was at {}..{})",
                u.span.id,
                u.span.label,
                u.text,
                u.span.status.as_str(),
                u.old_start,
                u.old_end
            )
        })
        .collect();
    format!(
        "the article text changed and {} span(s) an editor confirmed or rejected could not be placed in it: {}",
        unplaced.len(),
        spans.join("; ")
    )
}

/// Writes rendered articles to their destination, in order.
pub struct Writer {
    format: ExportFormat,
    out: PathBuf,
    file: Option<io::BufWriter<std::fs::File>>,
    records: usize,
}

impl Writer {
    /// Opens `out` (a file, or a folder for brat and CoNLL). Nothing
    /// existing is overwritten: a file format refuses an existing file, a
    /// folder format an existing non-empty folder.
    pub fn create(format: ExportFormat, out: &Path) -> io::Result<Self> {
        let file = if format.writes_folder() {
            if out.exists() && std::fs::read_dir(out)?.next().is_some() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{} exists and is not empty", out.display()),
                ));
            }
            std::fs::create_dir_all(out)?;
            None
        } else {
            let mut file = io::BufWriter::new(std::fs::File::create_new(out)?);
            if format == ExportFormat::LabelStudio {
                file.write_all(b"[\n")?;
            }
            Some(file)
        };
        Ok(Self {
            format,
            out: out.to_owned(),
            file,
            records: 0,
        })
    }

    pub fn write(&mut self, rendered: Rendered) -> io::Result<()> {
        match (rendered, &mut self.file) {
            (Rendered::Record(bytes), Some(file)) => {
                if self.format == ExportFormat::LabelStudio && self.records > 0 {
                    file.write_all(b",\n")?;
                }
                file.write_all(&bytes)?;
            }
            (Rendered::Files(files), None) => {
                for (relative, bytes) in files {
                    let path = self.out.join(relative);
                    self.write_file(&path, &bytes).map_err(|e| {
                        io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
                    })?;
                }
            }
            _ => return Err(io::Error::other("export writer used with the wrong format")),
        }
        self.records += 1;
        Ok(())
    }

    fn write_file(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // CoNLL layers collect every article; brat files are one per
        // article and never replace one another.
        let mut options = std::fs::OpenOptions::new();
        match self.format {
            ExportFormat::Conll => options.create(true).append(true),
            _ => options.write(true).create_new(true),
        };
        let mut file = options.open(path)?;
        if self.format == ExportFormat::Conll && self.records > 0 {
            file.write_all(b"\n")?;
        }
        file.write_all(bytes)
    }

    /// Closes the output; returns how many articles were written.
    pub fn finish(mut self) -> io::Result<usize> {
        if let Some(mut file) = self.file.take() {
            if self.format == ExportFormat::LabelStudio {
                file.write_all(b"\n]\n")?;
            }
            file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        }
        Ok(self.records)
    }
}
