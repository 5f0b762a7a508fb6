//! doccano sequence labelling JSONL, code point offsets.
//!
//! Export uses the relation form: `{"article_id", "source", "text",
//! "entities": [{"id", "label", "start_offset", "end_offset"}], "relations":
//! [{"id", "from_id", "to_id", "type": "said_by"}]}`. Import also reads the
//! plain form `{"text", "label": [[start, end, "Label"], …]}`.

use super::{ExportDoc, ImportedDoc, ImportedSpan, SAID_BY};
use crate::model::{Status, TextIndex};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Serialize, Deserialize)]
pub struct Entity {
    pub id: u64,
    pub label: String,
    pub start_offset: usize,
    pub end_offset: usize,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Relation {
    pub id: u64,
    pub from_id: u64,
    pub to_id: u64,
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Serialize)]
pub struct Record<'a> {
    pub article_id: &'a str,
    pub source: &'a str,
    pub text: &'a str,
    pub entities: Vec<Entity>,
    pub relations: Vec<Relation>,
}

pub fn record<'a>(doc: &'a ExportDoc) -> Record<'a> {
    Record {
        article_id: &doc.id,
        source: &doc.source,
        text: doc.text,
        entities: doc
            .spans()
            .iter()
            .map(|s| Entity {
                id: s.id.0,
                label: s.label.clone(),
                start_offset: s.start,
                end_offset: s.end,
            })
            .collect(),
        relations: doc
            .speaker_links()
            .zip(1..)
            .map(|((quote, mention), id)| Relation {
                id,
                from_id: quote.id.0,
                to_id: mention.id.0,
                kind: SAID_BY.to_owned(),
            })
            .collect(),
    }
}

/// Reads one doccano record, in either form.
pub fn import_record(line: &str, status: Status) -> Result<ImportedDoc, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let text = value
        .get("text")
        .and_then(Value::as_str)
        .ok_or("no \"text\" string")?
        .to_owned();
    let index = TextIndex::new(&text);
    let id = ["article_id", "id"]
        .iter()
        .find_map(|k| value.get(*k))
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        .unwrap_or_default();
    let mut spans = Vec::new();
    if let Some(entities) = value.get("entities") {
        let entities: Vec<Entity> =
            serde_json::from_value(entities.clone()).map_err(|e| format!("entities: {e}"))?;
        for e in entities {
            let key = Some(e.id.to_string());
            let offsets = (e.start_offset, e.end_offset);
            spans.push(ImportedSpan::at_code_points(
                &index, key, e.label, offsets, status,
            )?);
        }
    } else if let Some(labels) = value.get("label") {
        let labels: Vec<(usize, usize, String)> =
            serde_json::from_value(labels.clone()).map_err(|e| format!("label: {e}"))?;
        for (start, end, label) in labels {
            spans.push(ImportedSpan::at_code_points(
                &index,
                None,
                label,
                (start, end),
                status,
            )?);
        }
    }
    if let Some(relations) = value.get("relations") {
        let relations: Vec<Relation> =
            serde_json::from_value(relations.clone()).map_err(|e| format!("relations: {e}"))?;
        for r in relations.iter().filter(|r| r.kind == SAID_BY) {
            super::link_speaker(&mut spans, &r.from_id.to_string(), &r.to_id.to_string())
                .map_err(|e| format!("relation {}: {e}", r.id))?;
        }
    }
    Ok(ImportedDoc {
        id,
        text,
        spans,
        done: false,
        warnings: Vec::new(),
    })
}
