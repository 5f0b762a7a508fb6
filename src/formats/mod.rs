//! Exchange formats at the edges of copydesk, each in its own offset unit.
//!
//! Exports read an [`ExportDoc`]: an article's text and the spans chosen for
//! export, with their offsets already converted to code points and UTF-16
//! units. Imports produce [`ImportedDoc`]s: text and spans in byte offsets,
//! ready to become an article and its annotation file.

pub mod brat;
pub mod conll;
pub mod doccano;
pub mod export;
pub mod html;
pub mod import;
pub mod jsonl;
pub mod label_studio;
pub mod prodigy;
pub mod tokens;

use crate::model::{Annotations, ByteRange, Origin, SpanId, Status, TextIndex};
use serde::{Deserialize, Serialize};

/// The relation type that links a quote to its speaker mention.
pub const SAID_BY: &str = "said_by";

/// The unit of the offsets in an exported or imported record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum OffsetUnit {
    /// Unicode code points (Python `str`, spaCy, doccano, Label Studio, brat).
    #[default]
    Codepoint,
    /// UTF-16 code units (JavaScript, Java).
    Utf16,
}

/// A span as exported: code point and UTF-16 offsets, text and metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportSpan {
    pub id: SpanId,
    pub label: String,
    pub start: usize,
    pub end: usize,
    pub start_utf16: usize,
    pub end_utf16: usize,
    pub text: String,
    pub status: Status,
    pub origin: Option<Origin>,
    pub speaker_name: Option<String>,
    /// The exported Speaker span this quote is linked to.
    pub speaker_mention: Option<SpanId>,
    pub note: Option<String>,
}

impl ExportSpan {
    pub fn offsets(&self, unit: OffsetUnit) -> (usize, usize) {
        match unit {
            OffsetUnit::Codepoint => (self.start, self.end),
            OffsetUnit::Utf16 => (self.start_utf16, self.end_utf16),
        }
    }
}

/// One article ready for export.
#[derive(Debug, Clone)]
pub struct ExportDoc<'a> {
    /// A stable id: the article's path relative to the exported folder.
    pub id: String,
    /// The article's path as given.
    pub source: String,
    pub text: &'a str,
    /// Spans in text order.
    spans: Vec<ExportSpan>,
    /// `(id, index in spans)`, sorted by id: links are followed by id, and
    /// a scan per link would make exports quadratic in spans.
    by_id: Vec<(SpanId, usize)>,
}

impl<'a> ExportDoc<'a> {
    /// The spans of `annotations` whose status is in `statuses` (rejected
    /// spans are never exported). Speaker links to spans left out keep the
    /// name only.
    pub fn new(
        id: String,
        source: String,
        text: &'a str,
        annotations: &Annotations,
        statuses: &[Status],
    ) -> Self {
        let index = TextIndex::new(text);
        let chosen: Vec<_> = annotations
            .in_text_order()
            .into_iter()
            .filter(|s| s.status != Status::Rejected && statuses.contains(&s.status))
            .collect();
        let mut by_id: Vec<(SpanId, usize)> =
            chosen.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        by_id.sort_unstable();
        let exported = |id: SpanId| by_id.binary_search_by_key(&id, |&(id, _)| id).is_ok();
        let offsets = |r: ByteRange| {
            (
                index.to_char(r.start).map_or(0, |c| c.0),
                index.to_char(r.end).map_or(0, |c| c.0),
                index.to_utf16(r.start).map_or(0, |u| u.0),
                index.to_utf16(r.end).map_or(0, |u| u.0),
            )
        };
        let spans = chosen
            .iter()
            .map(|s| {
                let (start, end, start_utf16, end_utf16) = offsets(s.range);
                let link = s.speaker.as_ref();
                ExportSpan {
                    id: s.id,
                    label: s.label.to_string(),
                    start,
                    end,
                    start_utf16,
                    end_utf16,
                    text: s.range.slice(text).unwrap_or_default().to_owned(),
                    status: s.status,
                    origin: s.origin.clone(),
                    speaker_name: link.and_then(|l| l.name.clone()),
                    speaker_mention: link.and_then(|l| l.mention).filter(|m| exported(*m)),
                    note: s.note.clone(),
                }
            })
            .collect();
        Self {
            id,
            source,
            text,
            spans,
            by_id,
        }
    }

    /// The exported spans, in text order.
    pub fn spans(&self) -> &[ExportSpan] {
        &self.spans
    }

    pub fn span(&self, id: SpanId) -> Option<&ExportSpan> {
        let at = self.by_id.binary_search_by_key(&id, |&(id, _)| id).ok()?;
        self.spans.get(self.by_id[at].1)
    }

    /// `(quote, mention)` pairs of speaker links between exported spans.
    pub fn speaker_links(&self) -> impl Iterator<Item = (&ExportSpan, &ExportSpan)> {
        self.spans
            .iter()
            .filter_map(|q| Some((q, self.span(q.speaker_mention?)?)))
    }

    /// Each label of the spans with the name `name_of` gives it in a format
    /// whose names are more restricted; an error names two labels that
    /// would share a name.
    pub fn label_names(
        &self,
        name_of: impl Fn(&str) -> String,
    ) -> Result<std::collections::BTreeMap<&str, String>, String> {
        let mut names = std::collections::BTreeMap::new();
        for span in &self.spans {
            names
                .entry(span.label.as_str())
                .or_insert_with(|| name_of(&span.label));
        }
        let mut owners: std::collections::BTreeMap<&str, &str> = Default::default();
        for (label, name) in &names {
            if let Some(other) = owners.insert(name, label) {
                return Err(format!(
                    "labels {other:?} and {label:?} would both be written as {name:?}"
                ));
            }
        }
        Ok(names)
    }
}

/// A label as a brat type or a CoNLL tag: those are read as words, so each
/// run of whitespace becomes one `_` (`Named Place` → `Named_Place`).
pub fn word_label(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join("_")
}

/// A span read from another tool's file, in byte offsets of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedSpan {
    /// The id the source file gave it (for relations), if any.
    pub key: Option<String>,
    pub label: String,
    pub range: ByteRange,
    pub status: Status,
    pub origin: Option<Origin>,
    pub speaker_name: Option<String>,
    /// The key of the span that is this quote's speaker mention.
    pub speaker_key: Option<String>,
    pub note: Option<String>,
}

impl ImportedSpan {
    /// A span of `label` at code points `start..end` of the indexed text,
    /// with no metadata yet; the error names the label and the offsets.
    pub(crate) fn at_code_points(
        index: &TextIndex,
        key: Option<String>,
        label: String,
        (start, end): (usize, usize),
        status: Status,
    ) -> Result<Self, String> {
        let range =
            jsonl::byte_range(index, OffsetUnit::Codepoint, start, end).ok_or_else(|| {
                format!("{label} span {start}..{end} is not a valid range of the text")
            })?;
        Ok(Self {
            key,
            label,
            range,
            status,
            origin: None,
            speaker_name: None,
            speaker_key: None,
            note: None,
        })
    }
}

/// One article read from another tool's file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportedDoc {
    pub id: String,
    pub text: String,
    pub spans: Vec<ImportedSpan>,
    pub done: bool,
    /// Problems with single spans that were skipped; the rest was read.
    pub warnings: Vec<String>,
}

/// Links the quote keyed `from` to its speaker mention keyed `to`; the
/// error says which key is missing.
pub(crate) fn link_speaker(spans: &mut [ImportedSpan], from: &str, to: &str) -> Result<(), String> {
    if !spans.iter().any(|s| s.key.as_deref() == Some(to)) {
        return Err(format!(
            "{SAID_BY} link to {to:?}, which is not a span of the record"
        ));
    }
    let quote = spans
        .iter_mut()
        .find(|s| s.key.as_deref() == Some(from))
        .ok_or_else(|| {
            format!("{SAID_BY} link from {from:?}, which is not a span of the record")
        })?;
    quote.speaker_key = Some(to.to_owned());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, Label, Span, SpeakerLink};

    /// Quotes with ids in reverse text order, each linked to a mention.
    fn linked(pairs: u64) -> (String, Annotations) {
        let text = "“Yes,” Ann said. ".repeat(pairs as usize);
        let mut annotations = Annotations::default();
        for i in 0..pairs {
            let at = i as usize * "“Yes,” Ann said. ".len();
            let (quote, mention) = (SpanId(2 * (pairs - i)), SpanId(2 * (pairs - i) - 1));
            let span = |id, label: &'static str, start, len| Span {
                id,
                label: Label::new(label),
                range: ByteRange::new(start, start + len),
                status: Status::Confirmed,
                origin: None,
                speaker: None,
                note: None,
            };
            let mut q = span(quote, Label::QUOTE, at, "“Yes,”".len());
            q.speaker = Some(SpeakerLink {
                mention: Some(mention),
                name: Some("Ann".to_owned()),
            });
            let m = span(mention, Label::SPEAKER, at + "“Yes,” ".len(), 3);
            let edit = Edit::Batch(vec![Edit::Add(m), Edit::Add(q)]);
            annotations.apply(&edit, &text).unwrap();
        }
        (text, annotations)
    }

    #[test]
    fn spans_are_found_by_id_whatever_their_order() {
        let (text, annotations) = linked(50);
        let doc = ExportDoc::new(
            "a".into(),
            "a".into(),
            &text,
            &annotations,
            &[Status::Confirmed],
        );
        assert_eq!(doc.spans().len(), 100);
        for span in doc.spans() {
            assert_eq!(doc.span(span.id), Some(span));
        }
        assert_eq!(doc.span(SpanId(101)), None);
        let links: Vec<_> = doc.speaker_links().collect();
        assert_eq!(links.len(), 50);
        assert!(links.iter().all(|(q, m)| q.label == "Quote"
            && m.label == "Speaker"
            && m.id.0 + 1 == q.id.0
            && m.start == q.start + 7));
    }

    #[test]
    fn labels_become_words_and_clashing_names_are_refused() {
        assert_eq!(word_label("Named  Place\tNow"), "Named_Place_Now");
        let (text, annotations) = linked(1);
        let doc = ExportDoc::new(
            "a".into(),
            "a".into(),
            &text,
            &annotations,
            &[Status::Confirmed],
        );
        let names = doc.label_names(word_label).unwrap();
        assert_eq!(names["Quote"], "Quote");
        let error = doc.label_names(|_| "same".to_owned()).unwrap_err();
        assert!(
            error.contains("\"Quote\"") && error.contains("\"Speaker\""),
            "{error}"
        );
    }
}
