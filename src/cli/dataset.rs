//! `copydesk export` and `copydesk import`.

use super::{Batch, EXIT_USAGE};
use crate::batch;
use crate::formats::OffsetUnit;
use crate::formats::export::{self, ArticleError, ExportFormat, ExportOptions, Outcome, Writer};
use crate::formats::import::{self, ImportFormat};
use crate::model::{LabelSet, Status};
use crate::store;
use std::path::{Path, PathBuf};

pub(super) fn export_command(
    paths: &[PathBuf],
    out: &Path,
    annotations: Option<&Path>,
    options: &ExportOptions,
    strict: bool,
) -> u8 {
    let mut batch = Batch::default();
    let Some(articles) = super::articles_with_ids(paths, true, &mut batch) else {
        return EXIT_USAGE;
    };
    if options.format == ExportFormat::Brat && !brat_files_apart(&articles, out) {
        return EXIT_USAGE;
    }
    let layers = match options.format {
        ExportFormat::Conll => match conll_layers(&articles, annotations, options) {
            Some(layers) => layers,
            None => return EXIT_USAGE,
        },
        _ => Vec::new(),
    };
    let mut writer = match Writer::create(options.format, out) {
        Ok(writer) => writer,
        Err(e) => {
            eprintln!("copydesk: {}: {e}", out.display());
            return EXIT_USAGE;
        }
    };
    let progress = batch::progress(articles.len(), "exporting");
    let (mut skipped_unlabelled, mut skipped_unfinished) = (0usize, 0usize);
    let mut write_error = None;
    batch::ordered(
        articles,
        |(path, id)| {
            let result = export::article(&path, id, annotations, &layers, options);
            (path, result)
        },
        |(path, result)| {
            progress.inc(1);
            match result {
                Ok(Outcome::NoAnnotations) => skipped_unlabelled += 1,
                Ok(Outcome::Unfinished) => skipped_unfinished += 1,
                Ok(Outcome::Rendered { rendered, unplaced }) => {
                    if !unplaced.is_empty() {
                        let line = export::describe_unplaced(&unplaced);
                        if strict {
                            progress.suspend(|| {
                                batch.fail(&path, format!("{line}; not exported (--strict)"))
                            });
                            return;
                        }
                        progress.suspend(|| eprintln!("{}: {line}", path.display()));
                    }
                    if write_error.is_none()
                        && let Err(e) = writer.write(rendered)
                    {
                        write_error = Some((path, e));
                    }
                }
                Err(ArticleError::Open(e)) => {
                    progress.suspend(|| batch.fail_error(&path, e.into()));
                }
                Err(e) => progress.suspend(|| batch.fail(&path, e)),
            }
        },
    );
    progress.finish_and_clear();
    if let Some((path, e)) = write_error {
        // A folder format's error names the file of the article it was
        // writing; a file format's is about the one output file.
        let what = if options.format.writes_folder() {
            path
        } else {
            out.to_owned()
        };
        eprintln!("copydesk: {}: {e}", what.display());
        drop(writer);
        discard_incomplete(options.format, out);
        return EXIT_USAGE;
    }
    match writer.finish() {
        Ok(written) => {
            let unit = match (options.format, options.offsets) {
                (ExportFormat::Copydesk, OffsetUnit::Utf16) => " (UTF-16 offsets)",
                _ => "",
            };
            eprintln!(
                "{written} article(s) exported to {}{unit}; skipped {skipped_unfinished} not marked done{} and {skipped_unlabelled} without annotations",
                out.display(),
                if options.include_unfinished {
                    ""
                } else {
                    " (--include-unfinished takes them)"
                },
            );
        }
        Err(e) => {
            eprintln!("copydesk: {}: {e}", out.display());
            discard_incomplete(options.format, out);
            return EXIT_USAGE;
        }
    }
    batch.exit_code()
}

/// Whether the brat files of `articles` keep apart: `x.md` is written as
/// `x.md.txt`, the file `x.md.txt` itself takes, and a file can clash
/// with another article's folder. Clashes are reported naming both.
fn brat_files_apart(articles: &[(PathBuf, String)], out: &Path) -> bool {
    let files = articles
        .iter()
        .flat_map(|(path, id)| export::brat_files(id).map(|file| (file, path.as_path())));
    let clashes = crate::corpus::clashes(files, true);
    for c in &clashes {
        eprintln!(
            "copydesk: {} and {} would both write {} in brat (as a file, or as the folder of a file)",
            c.first.display(),
            c.second.display(),
            out.join(&c.name).display()
        );
    }
    if !clashes.is_empty() {
        eprintln!(
            "copydesk: rename one of them, or export them one at a time; nothing was written"
        );
    }
    clashes.is_empty()
}

/// The CoNLL layers: every label of the label sets of the articles to be
/// exported, in the order they are first met, so that each layer file
/// holds every article and the layers line up token by token. Articles
/// that cannot be read are left to the export itself to report. `None`
/// (reported) when two labels would share a layer file.
fn conll_layers(
    articles: &[(PathBuf, String)],
    annotations: Option<&Path>,
    options: &ExportOptions,
) -> Option<Vec<String>> {
    let mut layers: Vec<(String, String, PathBuf)> = Vec::new();
    let mut clash = false;
    batch::ordered(
        articles,
        |(path, id)| {
            let names: Vec<String> = match export::open(path, id, annotations) {
                Ok(Some(article)) if options.takes(&article) => {
                    article.labels.iter().map(|d| d.name.to_string()).collect()
                }
                _ => Vec::new(),
            };
            (path, names)
        },
        |(path, names)| {
            for label in names {
                if layers.iter().any(|(l, _, _)| *l == label) {
                    continue;
                }
                let file = export::conll_file(&label);
                if let Some((other, _, first)) = layers.iter().find(|(_, f, _)| *f == file) {
                    eprintln!(
                        "copydesk: labels {other:?} (in {}) and {label:?} (in {}) would both be written as {file}; rename one",
                        first.display(),
                        path.display()
                    );
                    clash = true;
                    continue;
                }
                layers.push((label, file, path.clone()));
            }
        },
    );
    (!clash).then(|| layers.into_iter().map(|(label, _, _)| label).collect())
}

/// After a failed write (a full disk, say), an export file is removed so
/// that nobody takes the truncated file for the dataset; it was created by
/// this run, which never overwrites. A folder is only said to be incomplete.
fn discard_incomplete(format: ExportFormat, out: &Path) {
    if format.writes_folder() {
        eprintln!("copydesk: {}: the export is incomplete", out.display());
    } else if std::fs::remove_file(out).is_ok() {
        eprintln!(
            "copydesk: {}: the incomplete export was removed",
            out.display()
        );
    }
}

pub(super) fn import_command(
    files: &[PathBuf],
    format: ImportFormat,
    out: &Path,
    status: Status,
) -> u8 {
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("copydesk: {}: {e}", out.display());
        return EXIT_USAGE;
    }
    let mut batch = Batch::default();
    let labels = LabelSet::default();
    let mut imported = 0usize;
    for file in files {
        let read = import::read_corpus(file, format, status, |line, doc| {
            for warning in &doc.warnings {
                eprintln!("{}:{line}: {warning}", file.display());
            }
            let path = import::article_path(out, &doc.id, line);
            match write_article(doc, &path, &labels) {
                Ok(()) => imported += 1,
                Err(e) => {
                    eprintln!("{}:{line}: {e}", file.display());
                    batch.failed += 1;
                }
            }
        });
        match read {
            Ok(problems) => {
                for p in problems {
                    eprintln!("{}:{}: {}", file.display(), p.line, p.message);
                    batch.failed += 1;
                }
            }
            Err(e) => batch.fail(file, e),
        }
    }
    eprintln!("{imported} article(s) imported into {}", out.display());
    batch.exit_code()
}

/// Writes an imported article and its annotation file; never replaces an
/// existing article.
fn write_article(
    doc: crate::formats::ImportedDoc,
    path: &Path,
    labels: &LabelSet,
) -> anyhow::Result<()> {
    if path.exists() {
        anyhow::bail!("{} exists already; not overwritten", path.display());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let article = import::to_article(doc, path.to_owned(), labels).map_err(anyhow::Error::msg)?;
    // Labels met in the record join the label set; a set that could not be
    // read back (a blank name, too many labels for the shortcut keys) would
    // make an annotation file that no command opens.
    article
        .labels
        .check()
        .map_err(|e| anyhow::anyhow!("the record's labels cannot be used: {e}"))?;
    store::write_atomic(path, article.text().as_bytes())?;
    store::save(&article, &store::annotation_path(path))?;
    Ok(())
}
