//! Bringing detector suggestions into an article's annotations.
//!
//! Re-running detection must never undo an editor's work: confirmed and
//! rejected spans stay, a rejected suggestion never comes back, stale
//! suggestions are replaced, and unchanged ones keep their ids so that the
//! annotation file does not churn.

use crate::detect::{self, DetectConfig, Suggestion};
use crate::model::{
    Annotations, Article, ByteRange, Document, Edit, EditError, Label, Origin, Span, SpanId,
    SpeakerLink, Status,
};
use std::collections::{HashMap, HashSet};

/// Everything suggested for a document: the detector's suggestions, and the
/// captions its source markup marks (which win over the detector's on the
/// same lines, and clear any quote or claim suggested inside them).
pub fn suggestions(doc: &Document, config: &DetectConfig) -> Vec<Suggestion> {
    let mut all = detect::detect(doc.text(), config);
    let marked = doc.markup_captions();
    if marked.is_empty() {
        return all;
    }
    all.retain(|s| !marked.iter().any(|(range, _)| range.overlaps(&s.range)));
    all.extend(marked.iter().map(|(range, reason)| Suggestion {
        label: Label::caption(),
        range: *range,
        origin: Origin {
            rule: "caption.html_markup".into(),
            confidence: 0.95,
            reason: (*reason).to_owned(),
        },
        speaker: None,
    }));
    all.sort_by(|a, b| (a.range, &a.label).cmp(&(b.range, &b.label)));
    all
}

/// Runs detection on an article and merges the result into its annotations
/// as one undoable edit. Returns whether anything changed.
pub fn detect_into(article: &mut Article, config: &DetectConfig) -> Result<bool, EditError> {
    let found = suggestions(article.doc(), config);
    match merge_edit(article.annotations(), found) {
        Some(edit) => article.apply(edit).map(|()| true),
        None => Ok(false),
    }
}

/// The edit that merges `suggestions` into `annotations`; `None` when
/// nothing would change. The suggestions are taken, not copied: on a large
/// article they are a good part of the memory detection needs.
pub fn merge_edit(annotations: &Annotations, suggestions: Vec<Suggestion>) -> Option<Edit> {
    let mention_range = |span: &Span| {
        let id = span.speaker.as_ref()?.mention?;
        annotations.get(id).map(|m| m.range)
    };
    let same_as_suggestion = |span: &Span, s: &Suggestion| {
        span.label == s.label
            && span.range == s.range
            && span.origin.as_ref() == Some(&s.origin)
            && mention_range(span) == s.speaker.as_ref().and_then(|g| g.mention)
            && span.speaker.as_ref().and_then(|l| l.name.as_ref())
                == s.speaker.as_ref().and_then(|g| g.name.as_ref())
    };
    let fresh: HashSet<(&Label, ByteRange)> =
        suggestions.iter().map(|s| (&s.label, s.range)).collect();

    // Which existing spans stay.
    let mut kept: HashSet<SpanId> = annotations
        .iter()
        .filter(|span| {
            span.status != Status::Suggested
                || (fresh.contains(&(&span.label, span.range))
                    && suggestions.iter().any(|s| same_as_suggestion(span, s)))
        })
        .map(|span| span.id)
        .collect();
    let mentions_of_kept: Vec<SpanId> = kept
        .iter()
        .filter_map(|id| annotations.speaker_of(*id)?.mention)
        .collect();
    kept.extend(mentions_of_kept);
    // A speaker mention is only kept for the quotes that keep it; this
    // includes a still-suggested mention of a quote the editor confirmed.

    let mut removed: Vec<&Span> = annotations
        .iter()
        .filter(|span| !kept.contains(&span.id))
        .collect();
    // Quotes go before the speaker mentions they point at.
    removed.sort_by_key(|span| span.speaker.is_none());
    let mut edits = Vec::with_capacity(removed.len() + suggestions.len());
    edits.extend(removed.into_iter().map(|span| Edit::Remove(span.clone())));

    let taken: HashMap<(&Label, ByteRange), &Span> = annotations
        .iter()
        .filter(|span| kept.contains(&span.id))
        .map(|span| ((&span.label, span.range), span))
        .collect();
    let mut next_id = annotations.next_id().0;
    let mut new_mentions: HashMap<ByteRange, SpanId> = HashMap::new();
    let speaker_label = Label::speaker();
    for suggestion in suggestions {
        if taken.contains_key(&(&suggestion.label, suggestion.range)) {
            continue;
        }
        let confidence = suggestion.origin.confidence;
        let speaker = suggestion.speaker.map(|guess| {
            let mention =
                guess
                    .mention
                    .and_then(|range| match taken.get(&(&speaker_label, range)) {
                        Some(existing) if existing.status == Status::Rejected => None,
                        Some(existing) => Some(existing.id),
                        None => Some(*new_mentions.entry(range).or_insert_with(|| {
                            let id = SpanId(next_id);
                            next_id += 1;
                            edits.push(Edit::Add(Span {
                                id,
                                label: speaker_label.clone(),
                                range,
                                status: Status::Suggested,
                                origin: Some(Origin {
                                    rule: "speaker.mention".into(),
                                    confidence,
                                    reason: match &guess.name {
                                        Some(name) => {
                                            format!("speaker mention of a quote → {name}")
                                        }
                                        None => "speaker mention of a quote".to_owned(),
                                    },
                                }),
                                speaker: None,
                                note: None,
                            }));
                            id
                        })),
                    });
            SpeakerLink {
                mention,
                name: guess.name,
            }
        });
        edits.push(Edit::Add(Span {
            id: SpanId(next_id),
            label: suggestion.label,
            range: suggestion.range,
            status: Status::Suggested,
            origin: Some(suggestion.origin),
            speaker: speaker.filter(|l| !l.is_empty()),
            note: None,
        }));
        next_id += 1;
    }
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}
