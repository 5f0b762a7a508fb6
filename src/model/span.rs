//! Spans: labelled ranges of the article text with their review status.

use super::{ByteRange, Label};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A span's identity, stable across edits and saves.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(transparent)]
pub struct SpanId(pub u64);

impl SpanId {
    /// The largest id a span may have: 2^53 - 1, the largest integer that
    /// JavaScript consumers of the exports read exactly. It also leaves
    /// room to count new ids up from the highest in use without overflow.
    pub const MAX: SpanId = SpanId((1 << 53) - 1);
}

impl std::fmt::Display for SpanId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Where a span came from when the detector (or an importer) made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    /// The rule id, e.g. `caption.credit_line`: borrowed for the detector's
    /// own rules, which it names on every suggestion.
    pub rule: Cow<'static, str>,
    /// How sure the rule is, in `[0, 1]`.
    pub confidence: f32,
    /// One line an editor can read, e.g. `credit line: starts with "PHOTO:"`.
    pub reason: String,
}

/// The review status of a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Put there by the detector or an import; not yet reviewed.
    Suggested,
    /// Made or accepted by an editor.
    Confirmed,
    /// A suggestion an editor turned down; kept so it never comes back.
    Rejected,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Suggested, Status::Confirmed, Status::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Suggested => "suggested",
            Status::Confirmed => "confirmed",
            Status::Rejected => "rejected",
        }
    }
}

/// Who said a quote: a Speaker span in the text, a resolved name, or both.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SpeakerLink {
    pub mention: Option<SpanId>,
    pub name: Option<String>,
}

impl SpeakerLink {
    pub fn is_empty(&self) -> bool {
        self.mention.is_none() && self.name.is_none()
    }
}

/// A labelled range of the article text.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub id: SpanId,
    pub label: Label,
    /// Byte range on char boundaries, never empty.
    pub range: ByteRange,
    pub status: Status,
    /// Set for spans the detector or an importer made; `None` for an editor's.
    pub origin: Option<Origin>,
    /// For quotes: who said it.
    pub speaker: Option<SpeakerLink>,
    pub note: Option<String>,
}

impl Span {
    /// The order spans are listed and saved in: by position, then label, then id.
    pub fn text_order(&self) -> (ByteRange, &Label, SpanId) {
        (self.range, &self.label, self.id)
    }
}
