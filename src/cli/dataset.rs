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
