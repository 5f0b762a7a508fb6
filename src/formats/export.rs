//! Exporting labelled articles as datasets.

use super::{ExportDoc, OffsetUnit, brat, conll, doccano, jsonl, label_studio, prodigy};
use crate::model::{Article, Status};
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

/// Renders one article (already filtered by [`ExportOptions::takes`]).
pub fn render(
    doc: &ExportDoc,
    done: bool,
    labels: &[String],
    options: &ExportOptions,
) -> io::Result<Rendered> {
    let mut out = Vec::new();
    Ok(match options.format {
        ExportFormat::Copydesk => {
            jsonl::write_record(&mut out, &jsonl::record(doc, options.offsets, done))?;
            Rendered::Record(out)
        }
        ExportFormat::Doccano => {
            serde_json::to_writer(&mut out, &doccano::record(doc))?;
            out.push(b'\n');
            Rendered::Record(out)
        }
        ExportFormat::Prodigy => {
            serde_json::to_writer(&mut out, &prodigy::record(doc))?;
            out.push(b'\n');
            Rendered::Record(out)
        }
        ExportFormat::LabelStudio => {
            serde_json::to_writer(&mut out, &label_studio::task(doc))?;
            Rendered::Record(out)
        }
        ExportFormat::Brat => {
            let stem = doc.id.strip_suffix(".txt").unwrap_or(&doc.id);
            Rendered::Files(vec![
                (
                    PathBuf::from(format!("{stem}.txt")),
                    doc.text.as_bytes().to_vec(),
                ),
                (
                    PathBuf::from(format!("{stem}.ann")),
                    brat::ann(doc).into_bytes(),
                ),
            ])
        }
        ExportFormat::Conll => Rendered::Files(
            labels
                .iter()
                .map(|label| {
                    (
                        PathBuf::from(format!("{label}.conll")),
                        conll::layer(doc, label).into_bytes(),
                    )
                })
                .collect(),
        ),
    })
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
                    if let Some(dir) = path.parent() {
                        std::fs::create_dir_all(dir)?;
                    }
                    // CoNLL layers collect every article; brat files are one
                    // per article and never replace one another.
                    let mut options = std::fs::OpenOptions::new();
                    match self.format {
                        ExportFormat::Conll => options.create(true).append(true),
                        _ => options.write(true).create_new(true),
                    };
                    let mut file = options.open(&path)?;
                    if self.format == ExportFormat::Conll && self.records > 0 {
                        file.write_all(b"\n")?;
                    }
                    file.write_all(&bytes)?;
                }
            }
            _ => return Err(io::Error::other("export writer used with the wrong format")),
        }
        self.records += 1;
        Ok(())
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
