//! `copydesk export` and `copydesk import`.

use super::{Batch, EXIT_USAGE};
use crate::batch;
use crate::formats::export::{self, ExportOptions, Writer};
use crate::formats::import::{self, ImportFormat};
use crate::formats::{ExportDoc, OffsetUnit};
use crate::model::{LabelSet, Status};
use crate::store;
use std::path::{Path, PathBuf};

/// What exporting one article came to.
enum Outcome {
    NoAnnotations,
    Unfinished,
    Rendered(export::Rendered),
}

pub(super) fn export_command(
    paths: &[PathBuf],
    out: &Path,
    annotations: Option<&Path>,
    options: &ExportOptions,
) -> u8 {
    let mut writer = match Writer::create(options.format, out) {
        Ok(writer) => writer,
        Err(e) => {
            eprintln!("copydesk: {}: {e}", out.display());
            return EXIT_USAGE;
        }
    };
    let mut batch = Batch::default();
    let articles = super::articles_with_ids(paths, &mut batch);
    let layers: Vec<String> = LabelSet::default()
        .iter()
        .map(|d| d.name.to_string())
        .collect();
    let statuses = options.statuses();
    let progress = batch::progress(articles.len(), "exporting");
    let (mut skipped_unlabelled, mut skipped_unfinished) = (0usize, 0usize);
    let mut write_error = None;
    batch::ordered(
        articles,
        |(path, id)| {
            let ron = store::annotation_path_for(&path, &id, annotations);
            if !ron.exists() {
                return (path, Ok(Outcome::NoAnnotations));
            }
            let result = store::open_with(&path, ron, &LabelSet::default())
                .map_err(anyhow::Error::from)
                .and_then(|opened| {
                    let article = opened.article;
                    if !options.takes(&article) {
                        return Ok(Outcome::Unfinished);
                    }
                    let source = path.to_string_lossy().into_owned();
                    let doc = ExportDoc::new(
                        id,
                        source,
                        article.text(),
                        article.annotations(),
                        &statuses,
                    );
                    export::render(&doc, article.annotations().is_done(), &layers, options)
                        .map(Outcome::Rendered)
                        .map_err(anyhow::Error::from)
                });
            (path, result)
        },
        |(path, result)| {
            progress.inc(1);
            match result {
                Ok(Outcome::NoAnnotations) => skipped_unlabelled += 1,
                Ok(Outcome::Unfinished) => skipped_unfinished += 1,
                Ok(Outcome::Rendered(rendered)) => {
                    if write_error.is_none()
                        && let Err(e) = writer.write(rendered)
                    {
                        write_error = Some(e);
                    }
                }
                Err(e) => progress.suspend(|| batch.fail_error(&path, e)),
            }
        },
    );
    progress.finish_and_clear();
    if let Some(e) = write_error {
        eprintln!("copydesk: {}: {e}", out.display());
        drop(writer);
        discard_incomplete(options.format, out);
        return EXIT_USAGE;
    }
    match writer.finish() {
        Ok(written) => {
            let unit = match (options.format, options.offsets) {
                (export::ExportFormat::Copydesk, OffsetUnit::Utf16) => " (UTF-16 offsets)",
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

/// After a failed write (a full disk, say), an export file is removed so
/// that nobody takes the truncated file for the dataset; it was created by
/// this run, which never overwrites. A folder is only said to be incomplete.
fn discard_incomplete(format: export::ExportFormat, out: &Path) {
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
    let (mut imported, mut dropped) = (0usize, 0usize);
    for file in files {
        let read = import::read_corpus(file, format, status, |line, doc| {
            for warning in &doc.warnings {
                eprintln!("{}:{line}: {warning}", file.display());
            }
            // The article is imported without them, but the run did not
            // bring over everything it was given.
            dropped += doc.warnings.len();
            let path = import::article_path(out, &doc.id, line);
            match write_article(doc, out, &path, &labels) {
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
    let dropped_note = if dropped > 0 {
        format!("; {dropped} span(s) or link(s) dropped")
    } else {
        String::new()
    };
    eprintln!(
        "{imported} article(s) imported into {}{dropped_note}",
        out.display()
    );
    if dropped > 0 {
        super::EXIT_SOME_FAILED
    } else {
        batch.exit_code()
    }
}

/// Writes an imported article and its annotation file, both or neither,
/// never replacing a file and never through a link. An article already
/// there without its annotation file, holding exactly the record's text, is
/// what an interrupted import leaves: it gets its annotation file. Any other
/// file in the way refuses the record.
fn write_article(
    doc: crate::formats::ImportedDoc,
    out: &Path,
    path: &Path,
    labels: &LabelSet,
) -> anyhow::Result<()> {
    let id = doc.id.clone();
    let article = import::to_article(doc, path.to_owned(), labels).map_err(anyhow::Error::msg)?;
    // Labels met in the record join the label set; a set that could not be
    // read back (a blank name, too many labels for the shortcut keys) would
    // make an annotation file that no command opens.
    article
        .labels
        .check()
        .map_err(|e| anyhow::anyhow!("the record's labels cannot be used: {e}"))?;
    let ron = store::annotation_path(path);
    // Rendered once before anything is written, so that only the disk can
    // fail between the two writes.
    store::render(&article, &ron)?;
    import::make_folders_within(out, path).map_err(|e| anyhow::anyhow!("record {id:?}: {e}"))?;
    // Whatever is there, a link included, is kept.
    if std::fs::symlink_metadata(&ron).is_ok() {
        anyhow::bail!("{} exists already; not overwritten", ron.display());
    }
    // Held until it is written, so that no other program's annotation file
    // for the same article can appear in between and be replaced.
    let held = store::hold(&ron, store::BATCH_WAIT)?;
    if !held.stamp().is_missing() {
        anyhow::bail!("{} exists already; not overwritten", ron.display());
    }
    let written_by_us = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            store::write_atomic(path, article.text().as_bytes())
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            true
        }
        Err(e) => anyhow::bail!("{}: {e}", path.display()),
        Ok(meta)
            if meta.is_file()
                && std::fs::read(path)
                    .is_ok_and(|existing| existing == article.text().as_bytes()) =>
        {
            false
        }
        Ok(_) => anyhow::bail!("{} exists already; not overwritten", path.display()),
    };
    if let Err(e) = held.save(&article) {
        let mut message = e.to_string();
        if written_by_us {
            match std::fs::remove_file(path) {
                Ok(()) => message.push_str(&format!(
                    "; {} was removed again, so a rerun imports both",
                    path.display()
                )),
                Err(removal) => message.push_str(&format!(
                    "; {} was written without it and could not be removed ({removal}): a rerun completes it",
                    path.display()
                )),
            }
        }
        anyhow::bail!(message);
    }
    Ok(())
}
