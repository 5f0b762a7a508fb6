//! Prodigy / spaCy JSONL: text, tokens and token-aligned spans.
//!
//! `{"text", "meta": {"article_id", "source"}, "tokens": [{"text", "start",
//! "end", "id", "ws"}], "spans": [{"start", "end", "token_start",
//! "token_end", "label"}], "relations": [{"head", "child", "head_span",
//! "child_span", "label": "said_by"}], "answer": "accept"}`. Offsets are
//! code points, `token_end` is inclusive, tokens follow [`super::tokens`]
//! and rebuild the text exactly (`spacy.tokens.Doc(vocab, words, spaces)`).

use super::tokens::{token_span, tokenize};
use super::{ExportDoc, ImportedDoc, ImportedSpan, SAID_BY};
use crate::model::{Status, TextIndex};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
pub struct Meta {
    #[serde(default)]
    pub article_id: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct TokenOut {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub id: usize,
    pub ws: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpanOut {
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub token_start: Option<usize>,
    #[serde(default)]
    pub token_end: Option<usize>,
    pub label: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct RelationOut {
    pub head: usize,
    pub child: usize,
    pub head_span: SpanOut,
    pub child_span: SpanOut,
    pub label: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Record {
    pub text: String,
    #[serde(default)]
    pub meta: Option<Meta>,
    #[serde(default)]
    pub tokens: Vec<TokenOut>,
    #[serde(default)]
    pub spans: Vec<SpanOut>,
    #[serde(default)]
    pub relations: Vec<RelationOut>,
    #[serde(default)]
    pub answer: Option<String>,
}

pub fn record(doc: &ExportDoc) -> Record {
    let cuts: Vec<usize> = doc.spans().iter().flat_map(|s| [s.start, s.end]).collect();
    let tokens = tokenize(doc.text, &cuts);
    let span_out = |s: &super::ExportSpan| {
        let (first, last) = token_span(&tokens, s.start, s.end).unzip();
        SpanOut {
            start: s.start,
            end: s.end,
            token_start: first,
            token_end: last,
            label: s.label.clone(),
        }
    };
    Record {
        text: doc.text.to_owned(),
        meta: Some(Meta {
            article_id: Some(doc.id.clone()),
            source: Some(doc.source.clone()),
        }),
        spans: doc.spans().iter().map(span_out).collect(),
        relations: doc
            .speaker_links()
            .map(|(quote, mention)| {
                let (head_span, child_span) = (span_out(quote), span_out(mention));
                RelationOut {
                    head: head_span.token_start.unwrap_or_default(),
                    child: child_span.token_start.unwrap_or_default(),
                    head_span,
                    child_span,
                    label: SAID_BY.to_owned(),
                }
            })
            .collect(),
        tokens: tokens
            .iter()
            .enumerate()
            .map(|(id, t)| TokenOut {
                text: t.text.to_owned(),
                start: t.start,
                end: t.end,
                id,
                ws: t.ws,
            })
            .collect(),
        answer: Some("accept".to_owned()),
    }
}

/// Reads one Prodigy record.
pub fn import_record(line: &str, status: Status) -> Result<ImportedDoc, String> {
    let record: Record = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let index = TextIndex::new(&record.text);
    let key = |s: &SpanOut| format!("{}:{}:{}", s.start, s.end, s.label);
    let mut spans = Vec::with_capacity(record.spans.len());
    for s in &record.spans {
        let offsets = (s.start, s.end);
        spans.push(ImportedSpan::at_code_points(
            &index,
            Some(key(s)),
            s.label.clone(),
            offsets,
            status,
        )?);
    }
    for r in record.relations.iter().filter(|r| r.label == SAID_BY) {
        super::link_speaker(&mut spans, &key(&r.head_span), &key(&r.child_span))?;
    }
    let meta = record.meta.unwrap_or(Meta {
        article_id: None,
        source: None,
    });
    Ok(ImportedDoc {
        id: meta.article_id.or(meta.source).unwrap_or_default(),
        text: record.text,
        spans,
        done: false,
        warnings: Vec::new(),
    })
}
