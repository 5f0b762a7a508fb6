//! The spans of one article and the invariants they keep.

use super::{ByteRange, Label, Span, SpanId, SpeakerLink, Status};
use std::collections::{BTreeMap, BTreeSet};

/// A span that could not be placed in the article after its text changed.
/// It is kept (and saved) so that an editor's work is never dropped silently.
#[derive(Debug, Clone, PartialEq)]
pub struct Unplaced {
    pub span: Span,
    /// The code point offsets it had in the old text.
    pub old_start: usize,
    pub old_end: usize,
    /// The text it covered.
    pub text: String,
}

/// How far an article's review has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReviewState {
    /// Nothing reviewed yet: only suggestions, or nothing at all.
    New,
    /// Some spans confirmed or rejected, not marked done.
    InProgress,
    /// Marked done by an editor.
    Done,
}

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::New => "new",
            ReviewState::InProgress => "in progress",
            ReviewState::Done => "done",
        }
    }
}

/// All annotations of one article. Changed only through [`super::Edit`]s.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Annotations {
    pub(super) spans: BTreeMap<SpanId, Span>,
    pub(super) done: bool,
    pub(super) unplaced: Vec<Unplaced>,
}

impl Annotations {
    /// Annotations from stored parts, checked for the invariants every edit
    /// keeps: unique ids, valid ranges, speaker mentions that exist.
    pub fn from_parts(
        text: &str,
        spans: Vec<Span>,
        done: bool,
        unplaced: Vec<Unplaced>,
    ) -> Result<Self, InvariantError> {
        let mut map = BTreeMap::new();
        for span in spans {
            if span.id > SpanId::MAX {
                return Err(InvariantError::IdTooLarge(span.id));
            }
            if !span.range.is_valid_in(text) {
                return Err(InvariantError::BadRange(span.id, span.range));
            }
            check_confidence(&span)?;
            if let Some(dup) = map.insert(span.id, span) {
                return Err(InvariantError::DuplicateId(dup.id));
            }
        }
        // Spans kept aside share the id space: they come back when their
        // text does.
        let mut aside = BTreeSet::new();
        for u in &unplaced {
            let mention = u.span.speaker.as_ref().and_then(|l| l.mention);
            if let Some(id) = Some(u.span.id)
                .into_iter()
                .chain(mention)
                .find(|id| *id > SpanId::MAX)
            {
                return Err(InvariantError::IdTooLarge(id));
            }
            if map.contains_key(&u.span.id) || !aside.insert(u.span.id) {
                return Err(InvariantError::DuplicateId(u.span.id));
            }
            check_confidence(&u.span)?;
        }
        let annotations = Self {
            spans: map,
            done,
            unplaced,
        };
        for span in annotations.spans.values() {
            if let Some(mention) = span.speaker.as_ref().and_then(|s| s.mention)
                && (mention == span.id || !annotations.spans.contains_key(&mention))
            {
                return Err(InvariantError::MissingMention(span.id, mention));
            }
        }
        Ok(annotations)
    }

    pub fn get(&self, id: SpanId) -> Option<&Span> {
        self.spans.get(&id)
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Spans in id order (creation order).
    pub fn iter(&self) -> impl Iterator<Item = &Span> {
        self.spans.values()
    }

    /// Spans by position, then label, then id: the order of files and lists.
    pub fn in_text_order(&self) -> Vec<&Span> {
        let mut spans: Vec<&Span> = self.spans.values().collect();
        spans.sort_by(|a, b| a.text_order().cmp(&b.text_order()));
        spans
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    pub fn unplaced(&self) -> &[Unplaced] {
        &self.unplaced
    }

    pub fn review_state(&self) -> ReviewState {
        if self.done {
            ReviewState::Done
        } else if self.spans.values().any(|s| s.status != Status::Suggested) {
            ReviewState::InProgress
        } else {
            ReviewState::New
        }
    }

    /// The id the next added span gets: one past the highest in use. Spans
    /// kept aside count, and so do the speaker mentions they link to: when
    /// such a span comes back, its link must not name a newer span that
    /// took a deleted mention's id.
    pub fn next_id(&self) -> SpanId {
        let placed = self.spans.keys().next_back().map_or(0, |id| id.0);
        let aside = self
            .unplaced
            .iter()
            .flat_map(|u| {
                [
                    Some(u.span.id),
                    u.span.speaker.as_ref().and_then(|l| l.mention),
                ]
            })
            .flatten()
            .map(|id| id.0)
            .max()
            .unwrap_or(0);
        SpanId(placed.max(aside) + 1)
    }

    /// A fresh span (not yet added) with the next free id.
    pub fn new_span(&self, label: Label, range: ByteRange, status: Status) -> Span {
        Span {
            id: self.next_id(),
            label,
            range,
            status,
            origin: None,
            speaker: None,
            note: None,
        }
    }

    /// Spans whose speaker link points at `id`.
    pub fn referrers(&self, id: SpanId) -> impl Iterator<Item = &Span> {
        self.spans
            .values()
            .filter(move |s| s.speaker.as_ref().and_then(|l| l.mention) == Some(id))
    }

    /// Spans of `label` with exactly `range`.
    pub fn find(&self, label: &Label, range: ByteRange) -> Option<&Span> {
        self.spans
            .values()
            .find(|s| s.range == range && &s.label == label)
    }

    /// The speaker link of the quote, if any.
    pub fn speaker_of(&self, id: SpanId) -> Option<&SpeakerLink> {
        self.get(id).and_then(|s| s.speaker.as_ref())
    }
}

/// A broken invariant found in stored or imported annotations.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum InvariantError {
    #[error("span {0}: {1} is empty, outside the text or not on a character boundary")]
    BadRange(SpanId, ByteRange),
    #[error("span id {0} is used twice")]
    DuplicateId(SpanId),
    #[error("span id {0} is too large (the largest is {max})", max = SpanId::MAX)]
    IdTooLarge(SpanId),
    #[error("span {0}: its speaker link points at span {1}, which does not exist")]
    MissingMention(SpanId, SpanId),
    #[error("span {0}: confidence {1} is not a number from 0 to 1")]
    BadConfidence(SpanId, f32),
}

/// A detector's confidence is a probability: NaN or a value outside [0, 1]
/// in a file is damage, not a score.
fn check_confidence(span: &Span) -> Result<(), InvariantError> {
    match &span.origin {
        Some(origin) if !(0.0..=1.0).contains(&origin.confidence) => {
            Err(InvariantError::BadConfidence(span.id, origin.confidence))
        }
        _ => Ok(()),
    }
}
