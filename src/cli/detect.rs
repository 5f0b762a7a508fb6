//! `copydesk detect`: files, folders, or a stream of JSONL records.

use super::{Batch, EXIT_USAGE, Format};
use crate::batch;
use crate::detect::DetectConfig;
use crate::formats::{ExportDoc, OffsetUnit, jsonl};
use crate::model::{Article, Document, LabelSet, Status};
use crate::store::{self, Opened};
use crate::suggest;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Statuses written by `detect --format jsonl`: everything but rejections.
const SHOWN: [Status; 2] = [Status::Suggested, Status::Confirmed];

pub(super) fn detect_command(
    paths: &[PathBuf],
    format: Format,
    out: Option<&Path>,
    config: &DetectConfig,
    labels: Option<&Path>,
) -> u8 {
    let labels = match labels.map(store::load_labels).transpose() {
        Ok(labels) => labels.unwrap_or_default(),
        Err(e) => {
            eprintln!("copydesk: {e}");
            return EXIT_USAGE;
        }
    };
    if let Some(dir) = out
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("copydesk: {}: {e}", dir.display());
        return EXIT_USAGE;
    }
    let mut batch = Batch::default();
    let Some(articles) = super::articles_with_ids(paths, out.is_some(), &mut batch) else {
        return EXIT_USAGE;
    };
    if format == Format::Ron {
        sweep_folders(&articles, out);
    }
    let progress = batch::progress(articles.len(), "detecting");
    let stdout = std::io::stdout();
    let mut stdout = std::io::BufWriter::new(stdout.lock());
    let mut write_error = None;
    batch::ordered(
        articles,
        |(path, id)| {
            let result = match format {
                Format::Jsonl => detect_jsonl(&path, config, &labels),
                Format::Ron => detect_ron(&path, &id, out, config, &labels),
            };
            (path, result)
        },
        |(path, result)| {
            progress.inc(1);
            match result {
                Ok(Output::Line(line)) => {
                    if let Err(e) = stdout.write_all(&line) {
                        write_error.get_or_insert(e);
                    }
                }
                Ok(Output::Summary(summary)) => {
                    progress.suspend(|| eprintln!("{}: {summary}", path.display()));
                }
                // Not `{e:#}`: the errors here already include their cause,
                // which the alternate form would print a second time.
                Err(e) => progress.suspend(|| batch.fail_error(&path, e)),
            }
        },
    );
    progress.finish_and_clear();
    if let Some(e) = write_error.or_else(|| stdout.flush().err()) {
        eprintln!("copydesk: cannot write to standard output: {e}");
        return EXIT_USAGE;
    }
    batch.exit_code()
}

/// Removes what saves killed in earlier runs left behind in the folders
/// this run writes to; a folder that cannot be swept is said, and is no
/// reason to stop.
fn sweep_folders(articles: &[(PathBuf, String)], out: Option<&Path>) {
    let annotation_paths: Vec<PathBuf> = articles
        .iter()
        .map(|(path, id)| store::annotation_path_for(path, id, out))
        .collect();
    for (folder, e) in store::sweep_folders(annotation_paths.iter().filter_map(|p| p.parent())) {
        eprintln!(
            "{}: cannot remove the temporary files of killed saves: {e}",
            folder.display()
        );
    }
}

enum Output {
    /// A JSONL line for stdout.
    Line(Vec<u8>),
    /// A line for the person running the batch.
    Summary(String),
}

fn jsonl_line(article: &Article, id: &str, source: &str) -> std::io::Result<Vec<u8>> {
    let doc = ExportDoc::new(
        id.to_owned(),
        source.to_owned(),
        article.text(),
        article.annotations(),
        &SHOWN,
    );
    let mut line = Vec::new();
    let record = jsonl::record(&doc, OffsetUnit::Codepoint, article.annotations().is_done());
    jsonl::write_record(&mut line, &record)?;
    Ok(line)
}

fn detect_jsonl(path: &Path, config: &DetectConfig, labels: &LabelSet) -> anyhow::Result<Output> {
    let doc = Document::load(path)?;
    let mut article = Article::new(doc, labels.clone(), Default::default());
    suggest::detect_into(&mut article, config)?;
    let source = path.to_string_lossy();
    Ok(Output::Line(jsonl_line(&article, &source, &source)?))
}

/// How often `detect` reads an annotation file again when a program that
/// takes no lock changed it while the detector ran.
const ATTEMPTS: usize = 3;

fn detect_ron(
    path: &Path,
    id: &str,
    out: Option<&Path>,
    config: &DetectConfig,
    labels: &LabelSet,
) -> anyhow::Result<Output> {
    let annotation_path = store::annotation_path_for(path, id, out);
    // Below `--out`, an article of a subfolder has a subfolder too.
    if let Some(parent) = annotation_path.parent()
        && out.is_some()
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| anyhow::anyhow!("{}: {e}", parent.display()))?;
    }
    let mut attempt = 1;
    loop {
        // Held from before the file is read until the result replaces it,
        // so an editor's or another batch's save in between is merged, not
        // lost. An annotation file that cannot be read is an error here, so
        // it is never overwritten by a fresh one.
        let held = store::hold(&annotation_path, store::BATCH_WAIT)?;
        let doc = store::load_article(path)?;
        let loaded = held.load(&doc)?;
        let Opened {
            mut article,
            report,
            ..
        } = Opened::from_parts(doc, annotation_path.clone(), loaded, labels);
        suggest::detect_into(&mut article, config)?;
        if article.is_modified() || report.is_none() {
            match held.save(&article) {
                Err(store::StoreError::Changed { .. }) if attempt < ATTEMPTS => {
                    attempt += 1;
                    continue;
                }
                saved => saved?,
            };
        }
        let mut notes = report
            .as_ref()
            .and_then(|r| r.summary())
            .map(|line| format!(" ({line})"))
            .unwrap_or_default();
        // Said on every run, not only the one that could not place them:
        // an editor's decisions kept aside are work to be redone by hand.
        let aside = article.annotations().unplaced().len();
        if aside > 0 && report.as_ref().is_some_and(|r| !r.text_changed) {
            notes.push_str(&format!(
                " ({aside} confirmed or rejected span(s) of an earlier text are kept aside)"
            ));
        }
        let count = |status| {
            article
                .annotations()
                .iter()
                .filter(|s| s.status == status)
                .count()
        };
        return Ok(Output::Summary(format!(
            "{} suggested, {} confirmed, {} rejected → {}{notes}",
            count(Status::Suggested),
            count(Status::Confirmed),
            count(Status::Rejected),
            annotation_path.display()
        )));
    }
}

/// Reads JSONL records from stdin and writes one detected record per line
/// read, in order. Bad lines are reported on stderr with their number.
pub(super) fn stdin_command(config: &DetectConfig) -> u8 {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut write_error = None;
    let lines = stdin
        .lock()
        .lines()
        .enumerate()
        .filter(|(_, l)| l.as_ref().map_or(true, |l| !l.trim().is_empty()));
    batch::ordered(
        lines,
        |(n, line)| {
            // A byte-order mark may open the stream, as it may a file.
            let record = |l: String| match n {
                0 => detect_record(l.strip_prefix('\u{feff}').unwrap_or(&l), config),
                _ => detect_record(&l, config),
            };
            (n + 1, line.map_err(anyhow::Error::from).and_then(record))
        },
        |(n, result)| match result {
            Ok(line) => {
                let written = out.write_all(&line).and_then(|()| out.flush());
                if let Err(e) = written {
                    write_error.get_or_insert(e);
                }
            }
            Err(e) => {
                eprintln!("stdin:{n}: {e:#}");
                failed += 1;
            }
        },
    );
    if let Some(e) = write_error {
        eprintln!("copydesk: cannot write to standard output: {e}");
        return EXIT_USAGE;
    }
    if failed == 0 {
        super::EXIT_OK
    } else {
        super::EXIT_SOME_FAILED
    }
}

fn detect_record(line: &str, config: &DetectConfig) -> anyhow::Result<Vec<u8>> {
    let imported = jsonl::import_record(line, Status::Confirmed).map_err(anyhow::Error::msg)?;
    let id = imported.id.clone();
    let mut article =
        crate::formats::import::to_article(imported, PathBuf::from(&id), &LabelSet::default())
            .map_err(anyhow::Error::msg)?;
    suggest::detect_into(&mut article, config)?;
    Ok(jsonl_line(&article, &id, &id)?)
}
