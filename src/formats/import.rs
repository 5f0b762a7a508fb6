//! Reading other tools' corpora into articles with annotation files.

use super::{ImportedDoc, doccano, jsonl, label_studio, prodigy};
use crate::model::{
    Annotations, Article, Document, Label, LabelSet, Span, SpanId, SpeakerLink, Status,
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
pub fn read_corpus(
    path: &Path,
    format: ImportFormat,
    status: Status,
    mut each: impl FnMut(usize, ImportedDoc),
) -> std::io::Result<Vec<Problem>> {
    let file = std::fs::File::open(path)?;
    let mut reader = std::io::BufReader::new(file);
    let mut problems = Vec::new();
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
/// Labels the label set does not know are added to it.
pub fn to_article(doc: ImportedDoc, path: PathBuf, labels: &LabelSet) -> Result<Article, String> {
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
        labels.add_if_missing(&label);
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
/// it is a safe relative path, else a name made from it.
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
