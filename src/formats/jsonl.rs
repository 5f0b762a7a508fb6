//! copydesk JSONL: one JSON object per article.
//!
//! `{"id", "source", "unit", "text", "done", "spans": [{"label", "start",
//! "end", "text", "status", "rule", "confidence", "reason", "speaker":
//! {"name", "start", "end"} | null, "note"}]}`. Offsets are code points
//! unless `unit` says `utf16`. `copydesk eval` reads the same shape, and
//! also the plain gold shape whose `speaker` is a name string.

use super::{ExportDoc, ImportedDoc, ImportedSpan, OffsetUnit};
use crate::model::{ByteRange, CharOffset, Origin, Status, TextIndex, Utf16Offset};
use serde::{Deserialize, Serialize};
use std::io::{self, Write};

#[derive(Debug, Serialize, Deserialize)]
pub struct Record {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub unit: OffsetUnit,
    pub text: String,
    #[serde(default)]
    pub done: bool,
    #[serde(default)]
    pub spans: Vec<RecordSpan>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct RecordSpan {
    pub label: String,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub rule: Option<String>,
    #[serde(default)]
    pub confidence: Option<f32>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub speaker: Option<Speaker>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A quote's speaker: a name with the mention's offsets, or (in gold files)
/// just a name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Speaker {
    Mention {
        name: Option<String>,
        start: Option<usize>,
        end: Option<usize>,
    },
    Name(String),
}

impl Speaker {
    pub fn name(&self) -> Option<&str> {
        match self {
            Speaker::Mention { name, .. } => name.as_deref(),
            Speaker::Name(name) => Some(name),
        }
    }
}

/// The record of one exported article.
pub fn record(doc: &ExportDoc, unit: OffsetUnit, done: bool) -> Record {
    let spans = doc
        .spans()
        .iter()
        .map(|span| {
            let (start, end) = span.offsets(unit);
            let mention = span.speaker_mention.and_then(|m| doc.span(m));
            let speaker = (span.speaker_name.is_some() || mention.is_some()).then(|| {
                let (ms, me) = mention.map(|m| m.offsets(unit)).unzip();
                Speaker::Mention {
                    name: span.speaker_name.clone(),
                    start: ms,
                    end: me,
                }
            });
            RecordSpan {
                label: span.label.clone(),
                start,
                end,
                text: Some(span.text.clone()),
                status: Some(span.status.as_str().to_owned()),
                rule: span.origin.as_ref().map(|o| o.rule.to_string()),
                confidence: span.origin.as_ref().map(|o| o.confidence),
                reason: span.origin.as_ref().map(|o| o.reason.clone()),
                speaker,
                note: span.note.clone(),
            }
        })
        .collect();
    Record {
        id: Some(doc.id.clone()),
        source: Some(doc.source.clone()),
        unit,
        text: doc.text.to_owned(),
        done,
        spans,
    }
}

/// Writes one record as a line of JSON.
pub fn write_record(out: &mut impl Write, record: &Record) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record)?;
    out.write_all(b"\n")
}

pub(super) fn parse_status(s: Option<&str>, default: Status) -> Result<Status, String> {
    match s {
        None => Ok(default),
        Some("suggested") => Ok(Status::Suggested),
        Some("confirmed") => Ok(Status::Confirmed),
        Some("rejected") => Ok(Status::Rejected),
        Some(other) => Err(format!("unknown status {other:?}")),
    }
}

/// Byte range of `start..end` in `unit`, checked against the span's text
/// when the record has it.
pub(super) fn byte_range(
    index: &TextIndex,
    unit: OffsetUnit,
    start: usize,
    end: usize,
) -> Option<ByteRange> {
    let convert = |o: usize| match unit {
        OffsetUnit::Codepoint => index.from_char(CharOffset(o)),
        OffsetUnit::Utf16 => index.from_utf16(Utf16Offset(o)),
    };
    let range = ByteRange {
        start: convert(start)?,
        end: convert(end)?,
    };
    range.is_valid_in(index.text()).then_some(range)
}

/// Reads one copydesk JSONL record into an imported article.
pub fn import_record(line: &str, default_status: Status) -> Result<ImportedDoc, String> {
    let record: Record = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let index = TextIndex::new(&record.text);
    let mut spans = Vec::with_capacity(record.spans.len());
    let mut mentions: Vec<(ByteRange, String)> = Vec::new();
    for (i, s) in record.spans.iter().enumerate() {
        let range = byte_range(&index, record.unit, s.start, s.end).ok_or_else(|| {
            format!(
                "span {i} ({}..{}) is not a valid range of the text",
                s.start, s.end
            )
        })?;
        if let Some(expected) = &s.text
            && range.slice(&record.text) != Some(expected.as_str())
        {
            return Err(format!(
                "span {i}: its offsets do not hold its text {expected:?}"
            ));
        }
        let status = parse_status(s.status.as_deref(), default_status)?;
        let origin = s.rule.as_ref().map(|rule| Origin {
            rule: rule.clone().into(),
            confidence: s.confidence.unwrap_or(1.0),
            reason: s.reason.clone().unwrap_or_default(),
        });
        let speaker_key = match &s.speaker {
            Some(Speaker::Mention {
                start: Some(ms),
                end: Some(me),
                ..
            }) => {
                let mention = byte_range(&index, record.unit, *ms, *me).ok_or_else(|| {
                    format!("span {i}: its speaker offsets {ms}..{me} are not valid")
                })?;
                Some(match mentions.iter().find(|(r, _)| *r == mention) {
                    Some((_, key)) => key.clone(),
                    None => {
                        let key = format!("mention-{}", mentions.len());
                        mentions.push((mention, key.clone()));
                        key
                    }
                })
            }
            _ => None,
        };
        spans.push(ImportedSpan {
            key: Some(format!("span-{i}")),
            label: s.label.clone(),
            range,
            status,
            origin,
            speaker_name: s
                .speaker
                .as_ref()
                .and_then(|sp| sp.name())
                .map(str::to_owned),
            speaker_key,
            note: s.note.clone(),
        });
    }
    // A speaker mention is a Speaker span of its own; reuse one that the
    // record lists, else add it.
    for (range, key) in mentions {
        match spans
            .iter_mut()
            .find(|s| s.range == range && s.label == crate::model::Label::SPEAKER)
        {
            Some(existing) => existing.key = Some(key),
            None => spans.push(ImportedSpan {
                key: Some(key),
                label: crate::model::Label::SPEAKER.to_owned(),
                range,
                status: default_status,
                origin: None,
                speaker_name: None,
                speaker_key: None,
                note: None,
            }),
        }
    }
    Ok(ImportedDoc {
        id: record.id.or(record.source).unwrap_or_default(),
        text: record.text,
        spans,
        done: record.done,
        warnings: Vec::new(),
    })
}
