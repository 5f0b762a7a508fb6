//! copydesk JSONL: one JSON object per article, offsets in code points.
//!
//! `{"source", "text", "spans": [{"label", "start", "end", "text", "status",
//! "rule", "confidence", "reason", "speaker": {"name", "start", "end"} | null}]}`

use crate::model::{Annotations, Span, TextIndex};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Debug, Serialize)]
pub struct Record<'a> {
    pub source: &'a str,
    pub text: &'a str,
    pub spans: Vec<RecordSpan<'a>>,
}

#[derive(Debug, Serialize)]
pub struct RecordSpan<'a> {
    pub label: &'a str,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub status: &'static str,
    pub rule: Option<&'a str>,
    pub confidence: Option<f32>,
    pub reason: Option<&'a str>,
    pub speaker: Option<RecordSpeaker<'a>>,
}

#[derive(Debug, Serialize)]
pub struct RecordSpeaker<'a> {
    pub name: Option<&'a str>,
    pub start: Option<usize>,
    pub end: Option<usize>,
}

/// The record of one article's annotations, spans in text order.
pub fn record<'a>(source: &'a str, text: &'a str, annotations: &'a Annotations) -> Record<'a> {
    let index = TextIndex::new(text);
    let chars = |span: &Span| {
        (
            index.to_char(span.range.start).map_or(0, |c| c.0),
            index.to_char(span.range.end).map_or(0, |c| c.0),
        )
    };
    let spans = annotations
        .in_text_order()
        .into_iter()
        .map(|span| {
            let (start, end) = chars(span);
            let speaker = span.speaker.as_ref().map(|link| {
                let mention = link.mention.and_then(|id| annotations.get(id)).map(chars);
                RecordSpeaker {
                    name: link.name.as_deref(),
                    start: mention.map(|m| m.0),
                    end: mention.map(|m| m.1),
                }
            });
            RecordSpan {
                label: span.label.as_str(),
                start,
                end,
                text: span.range.slice(text).unwrap_or_default(),
                status: span.status.as_str(),
                rule: span.origin.as_ref().map(|o| o.rule.as_str()),
                confidence: span.origin.as_ref().map(|o| o.confidence),
                reason: span.origin.as_ref().map(|o| o.reason.as_str()),
                speaker,
            }
        })
        .collect();
    Record {
        source,
        text,
        spans,
    }
}

/// Writes one record as a line of JSON.
pub fn write_record(out: &mut impl Write, record: &Record) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record)?;
    out.write_all(b"\n")
}
