//! Reading other tools' corpora into articles with annotation files.

use super::{ImportedDoc, doccano, jsonl, label_studio, prodigy};
use crate::model::{
    Annotations, Article, Document, Label, LabelSet, Span, SpanId, SpeakerLink, Status, check_text,
};
use serde_json::Value;
use std::io::BufRead;
use std::path::{Component, Path, PathBuf};

/// The corpus formats `copydesk import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// Decide from each record's fields.
    Auto,
    /// copydesk JSONL (and the gold shape `copydesk eval` reads).
    Copydesk,
    /// doccano JSONL, `label` or `entities`/`relations` form.
    Doccano,
    /// Prodigy / spaCy JSONL with `spans`.
    Prodigy,
    /// Label Studio tasks: a JSON array, or one task per line.
    LabelStudio,
}

/// A record that could not be read; the others still are.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// 1-based line (for a JSON array: the task's position).
    pub line: usize,
    pub message: String,
}

fn detect_format(value: &Value) -> ImportFormat {
    if value.get("data").is_some() {
        ImportFormat::LabelStudio
    } else if value.get("entities").is_some() || value.get("label").is_some() {
        ImportFormat::Doccano
    } else if value.get("tokens").is_some()
        || value
            .get("spans")
            .and_then(|s| s.get(0))
            .is_some_and(|s| s.get("token_start").is_some())
    {
        ImportFormat::Prodigy
    } else {
        ImportFormat::Copydesk
    }
}

/// Reads one record (a line, or a task of an array).
pub fn read_record(
    text: &str,
    format: ImportFormat,
    status: Status,
) -> Result<ImportedDoc, String> {
    let format = match format {
        ImportFormat::Auto => {
            let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            detect_format(&value)
        }
        other => other,
    };
    match format {
        ImportFormat::Auto | ImportFormat::Copydesk => jsonl::import_record(text, status),
        ImportFormat::Doccano => doccano::import_record(text, status),
        ImportFormat::Prodigy => prodigy::import_record(text, status),
        ImportFormat::LabelStudio => {
            let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            label_studio::import_task(&value)
        }
    }
}

/// Reads every record of a corpus file, calling `each` for every article
/// read and collecting the records that could not be read. A JSON array
/// (Label Studio's export) is read whole; JSONL is streamed line by line.
/// A UTF-8 byte-order mark at the start is skipped.
pub fn read_corpus(
    path: &Path,
    format: ImportFormat,
    status: Status,
    mut each: impl FnMut(usize, ImportedDoc),
) -> std::io::Result<Vec<Problem>> {
    let file = std::fs::File::open(path)?;
    let mut reader = std::io::BufReader::new(file);
    let mut problems = Vec::new();
    // Windows editors and some exporters start UTF-8 files with a
    // byte-order mark; it is not part of the first record.
    if reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    let starts_with_bracket =
        reader.fill_buf()?.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
    if starts_with_bracket {
        let tasks: Vec<Value> = serde_json::from_reader(reader)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        for (i, task) in tasks.iter().enumerate() {
            match label_studio::import_task(task) {
                Ok(doc) => each(i + 1, doc),
                Err(message) => problems.push(Problem {
                    line: i + 1,
                    message,
                }),
            }
        }
        return Ok(problems);
    }
    for (i, line) in reader.lines().enumerate() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                problems.push(Problem {
                    line: i + 1,
                    message: e.to_string(),
                });
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match read_record(&line, format, status) {
            Ok(doc) => each(i + 1, doc),
            Err(message) => problems.push(Problem {
                line: i + 1,
                message,
            }),
        }
    }
    Ok(problems)
}

/// Turns an imported record into an article (its document named `path`).
/// Labels the label set does not know are added to it, if their names pass
/// [`Label::check_name`]. Text that no article file may hold (see
/// [`check_text`]) is refused.
pub fn to_article(doc: ImportedDoc, path: PathBuf, labels: &LabelSet) -> Result<Article, String> {
    check_text(&doc.text).map_err(|e| e.to_string())?;
    let mut labels = labels.clone();
    let mut spans: Vec<Span> = Vec::with_capacity(doc.spans.len());
    let id_of = |key: &str, imported: &[super::ImportedSpan]| {
        imported
            .iter()
            .position(|s| s.key.as_deref() == Some(key))
            .map(|i| SpanId(i as u64 + 1))
    };
    for (i, s) in doc.spans.iter().enumerate() {
        let label = Label::new(s.label.clone());
        if !labels.contains(&label) {
            Label::check_name(&s.label)
                .map_err(|e| format!("the record's labels cannot be used: {e}"))?;
            labels.add_if_missing(&label);
        }
        let mention = s.speaker_key.as_deref().and_then(|k| id_of(k, &doc.spans));
        let speaker = SpeakerLink {
            mention,
            name: s.speaker_name.clone(),
        };
        spans.push(Span {
            id: SpanId(i as u64 + 1),
            label,
            range: s.range,
            status: s.status,
            origin: s.origin.clone(),
            speaker: (!speaker.is_empty()).then_some(speaker),
            note: s.note.clone(),
        });
    }
    let document = Document::from_text(path, doc.text);
    let annotations = Annotations::from_parts(document.text(), spans, doc.done, Vec::new())
        .map_err(|e| e.to_string())?;
    Ok(Article::new(document, labels, annotations))
}

/// Where an imported article with `id` is written under `out`: the id when
/// it is a safe relative path, else a name made from it. Before writing
/// there, [`make_folders_within`] makes sure that no link leads elsewhere.
pub fn article_path(out: &Path, id: &str, line: usize) -> PathBuf {
    let relative = Path::new(id);
    let safe = !id.is_empty()
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    let mut path = if safe {
        out.join(relative)
    } else {
        let cleaned: String = id
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let cleaned = cleaned.trim_matches('.');
        out.join(if cleaned.is_empty() {
            format!("record-{line}")
        } else {
            cleaned.to_owned()
        })
    };
    if path.extension().is_none_or(|e| e != "txt") {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".txt");
        path.set_file_name(name);
    }
    path
}

/// Creates the folders between `out` and `path` (a path below it, as
/// [`article_path`] makes), one at a time, refusing any that is a symbolic
/// link or not a folder, and refuses a link at `path` itself: an import
/// writes nothing outside `out`, whatever a link inside it points at.
/// `out` itself may be a link, since whoever named it chose where it leads.
pub fn make_folders_within(out: &Path, path: &Path) -> Result<(), String> {
    let relative = path
        .strip_prefix(out)
        .map_err(|_| format!("{} is not inside {}", path.display(), out.display()))?;
    let mut at = out.to_owned();
    let mut parts = relative.components().peekable();
    while let Some(part) = parts.next() {
        at.push(part);
        let last = parts.peek().is_none();
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(format!(
                    "{} is a symbolic link; an import writes nothing outside {}",
                    at.display(),
                    out.display()
                ));
            }
            Ok(_) if last => {}
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(format!("{} is not a folder", at.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if !last {
                    std::fs::create_dir(&at).map_err(|e| format!("{}: {e}", at.display()))?;
                }
            }
            Err(e) => return Err(format!("{}: {e}", at.display())),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_made_below_out_and_links_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let path = article_path(out, "a/b/c.txt", 1);
        make_folders_within(out, &path).unwrap();
        assert!(out.join("a/b").is_dir() && !path.exists());
        std::fs::write(out.join("file"), "x").unwrap();
        let under_file = article_path(out, "file/c.txt", 2);
        assert!(
            make_folders_within(out, &under_file)
                .unwrap_err()
                .ends_with("file is not a folder")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(out.join("a"), out.join("link")).unwrap();
            std::os::unix::fs::symlink(out.join("nowhere"), out.join("l.txt")).unwrap();
            for id in ["link/c.txt", "link/new/c.txt", "l.txt"] {
                let err = make_folders_within(out, &article_path(out, id, 3)).unwrap_err();
                assert!(err.contains("is a symbolic link"), "{id}: {err}");
            }
            assert!(!out.join("a/new").exists());
        }
    }
}
