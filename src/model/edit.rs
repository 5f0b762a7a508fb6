//! Edits: every change to annotations is a value with an exact inverse.
//!
//! An edit records both the old and the new value, so that applying it to
//! annotations in a different state is refused instead of silently doing
//! something else, and so that [`Edit::invert`] needs no access to the state.

use super::{Annotations, ByteRange, Label, Span, SpanId, SpeakerLink, Status};

#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Add(Span),
    Remove(Span),
    Relabel {
        id: SpanId,
        from: Label,
        to: Label,
    },
    Resize {
        id: SpanId,
        from: ByteRange,
        to: ByteRange,
    },
    SetStatus {
        id: SpanId,
        from: Status,
        to: Status,
    },
    SetSpeaker {
        id: SpanId,
        from: Option<SpeakerLink>,
        to: Option<SpeakerLink>,
    },
    SetNote {
        id: SpanId,
        from: Option<String>,
        to: Option<String>,
    },
    SetDone {
        from: bool,
        to: bool,
    },
    /// Several edits applied as one undo step, all or nothing.
    Batch(Vec<Edit>),
}

/// Why an edit does not apply to the annotations it was given.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EditError {
    #[error("there is no span {0}")]
    NoSuchSpan(SpanId),
    #[error("span id {0} is already taken")]
    IdTaken(SpanId),
    #[error("span id {0} is too large (the largest is {max})", max = SpanId::MAX)]
    IdTooLarge(SpanId),
    #[error("{0} is empty, outside the text or not on a character boundary")]
    BadRange(ByteRange),
    #[error("span {0} changed since this edit was made")]
    Stale(SpanId),
    #[error("span {0} is still the speaker of span {1}")]
    StillReferenced(SpanId, SpanId),
    #[error("the speaker of span {0} would be span {1}, which does not exist")]
    MissingMention(SpanId, SpanId),
    #[error("the article's done mark changed since this edit was made")]
    StaleDone,
}

impl Edit {
    /// The edit that undoes this one.
    pub fn invert(&self) -> Edit {
        match self.clone() {
            Edit::Add(span) => Edit::Remove(span),
            Edit::Remove(span) => Edit::Add(span),
            Edit::Relabel { id, from, to } => Edit::Relabel {
                id,
                from: to,
                to: from,
            },
            Edit::Resize { id, from, to } => Edit::Resize {
                id,
                from: to,
                to: from,
            },
            Edit::SetStatus { id, from, to } => Edit::SetStatus {
                id,
                from: to,
                to: from,
            },
            Edit::SetSpeaker { id, from, to } => Edit::SetSpeaker {
                id,
                from: to,
                to: from,
            },
            Edit::SetNote { id, from, to } => Edit::SetNote {
                id,
                from: to,
                to: from,
            },
            Edit::SetDone { from, to } => Edit::SetDone { from: to, to: from },
            Edit::Batch(edits) => Edit::Batch(edits.iter().rev().map(Edit::invert).collect()),
        }
    }

    /// Whether applying this edit changes nothing.
    pub fn is_noop(&self) -> bool {
        match self {
            Edit::Add(_) | Edit::Remove(_) => false,
            Edit::Relabel { from, to, .. } => from == to,
            Edit::Resize { from, to, .. } => from == to,
            Edit::SetStatus { from, to, .. } => from == to,
            Edit::SetSpeaker { from, to, .. } => from == to,
            Edit::SetNote { from, to, .. } => from == to,
            Edit::SetDone { from, to } => from == to,
            Edit::Batch(edits) => edits.iter().all(Edit::is_noop),
        }
    }

    /// Byte ranges of the text this edit touches (before and after), so a
    /// view can refresh only those parts.
    pub fn touched_ranges(&self, out: &mut Vec<ByteRange>, annotations: &Annotations) {
        match self {
            Edit::Add(span) | Edit::Remove(span) => out.push(span.range),
            Edit::Resize { from, to, .. } => out.extend([*from, *to]),
            Edit::Relabel { id, .. }
            | Edit::SetStatus { id, .. }
            | Edit::SetSpeaker { id, .. }
            | Edit::SetNote { id, .. } => out.extend(annotations.get(*id).map(|s| s.range)),
            Edit::SetDone { .. } => {}
            Edit::Batch(edits) => edits
                .iter()
                .for_each(|e| e.touched_ranges(out, annotations)),
        }
    }
}

impl Annotations {
    /// Applies `edit` to annotations of `text`; on error nothing changes.
    pub fn apply(&mut self, edit: &Edit, text: &str) -> Result<(), EditError> {
        match edit {
            Edit::Batch(edits) => {
                for (done, e) in edits.iter().enumerate() {
                    if let Err(err) = self.apply(e, text) {
                        // Roll back what this batch already did.
                        edits[..done].iter().rev().for_each(|a| self.revert(a));
                        return Err(err);
                    }
                }
                Ok(())
            }
            Edit::Add(span) => {
                if span.id > SpanId::MAX {
                    return Err(EditError::IdTooLarge(span.id));
                }
                if self.spans.contains_key(&span.id) {
                    return Err(EditError::IdTaken(span.id));
                }
                if !span.range.is_valid_in(text) {
                    return Err(EditError::BadRange(span.range));
                }
                self.check_mention(span.id, span.speaker.as_ref())?;
                self.spans.insert(span.id, span.clone());
                Ok(())
            }
            Edit::Remove(span) => {
                if self.spans.get(&span.id) != Some(span) {
                    return Err(self.missing_or_stale(span.id));
                }
                if let Some(referrer) = self.referrers(span.id).next() {
                    return Err(EditError::StillReferenced(span.id, referrer.id));
                }
                self.spans.remove(&span.id);
                Ok(())
            }
            Edit::Relabel { id, from, to } => self.update(*id, |s| &mut s.label, from, to.clone()),
            Edit::Resize { id, from, to } => {
                if !to.is_valid_in(text) {
                    return Err(EditError::BadRange(*to));
                }
                self.update(*id, |s| &mut s.range, from, *to)
            }
            Edit::SetStatus { id, from, to } => self.update(*id, |s| &mut s.status, from, *to),
            Edit::SetSpeaker { id, from, to } => {
                self.check_mention(*id, to.as_ref())?;
                self.update(*id, |s| &mut s.speaker, from, to.clone())
            }
            Edit::SetNote { id, from, to } => self.update(*id, |s| &mut s.note, from, to.clone()),
            Edit::SetDone { from, to } => {
                if self.done != *from {
                    return Err(EditError::StaleDone);
                }
                self.done = *to;
                Ok(())
            }
        }
    }

    /// Puts back the values `edit` replaced. Only for an edit that was the
    /// last one applied to these very annotations (a batch being rolled
    /// back, the top of the undo history): its old values were valid in
    /// that state, so nothing needs checking and nothing can fail.
    pub(super) fn revert(&mut self, edit: &Edit) {
        self.replay(&edit.invert());
    }

    /// Sets the new values of `edit` without checking them. Only for an
    /// edit that applied cleanly to exactly this state before: a redo, or
    /// the inverse in [`Annotations::revert`].
    pub(super) fn replay(&mut self, edit: &Edit) {
        match edit {
            Edit::Batch(edits) => edits.iter().for_each(|e| self.replay(e)),
            Edit::Add(span) => {
                self.spans.insert(span.id, span.clone());
            }
            Edit::Remove(span) => {
                self.spans.remove(&span.id);
            }
            Edit::Relabel { id, to, .. } => self.set(*id, |s| s.label = to.clone()),
            Edit::Resize { id, to, .. } => self.set(*id, |s| s.range = *to),
            Edit::SetStatus { id, to, .. } => self.set(*id, |s| s.status = *to),
            Edit::SetSpeaker { id, to, .. } => self.set(*id, |s| s.speaker = to.clone()),
            Edit::SetNote { id, to, .. } => self.set(*id, |s| s.note = to.clone()),
            Edit::SetDone { to, .. } => self.done = *to,
        }
    }

    fn set(&mut self, id: SpanId, change: impl FnOnce(&mut Span)) {
        if let Some(span) = self.spans.get_mut(&id) {
            change(span);
        }
    }

    fn missing_or_stale(&self, id: SpanId) -> EditError {
        if self.spans.contains_key(&id) {
            EditError::Stale(id)
        } else {
            EditError::NoSuchSpan(id)
        }
    }

    fn check_mention(&self, id: SpanId, link: Option<&SpeakerLink>) -> Result<(), EditError> {
        match link.and_then(|l| l.mention) {
            Some(mention) if mention == id || !self.spans.contains_key(&mention) => {
                Err(EditError::MissingMention(id, mention))
            }
            _ => Ok(()),
        }
    }

    fn update<T: PartialEq>(
        &mut self,
        id: SpanId,
        field: impl FnOnce(&mut Span) -> &mut T,
        from: &T,
        to: T,
    ) -> Result<(), EditError> {
        let span = self.spans.get_mut(&id).ok_or(EditError::NoSuchSpan(id))?;
        let slot = field(span);
        if slot != from {
            return Err(EditError::Stale(id));
        }
        *slot = to;
        Ok(())
    }

    // Constructors of the common edits, so that callers never build an edit
    // that leaves a dangling speaker link.

    /// Removes a span, first unlinking every quote that names it as speaker.
    pub fn remove_edit(&self, id: SpanId) -> Option<Edit> {
        let span = self.get(id)?.clone();
        let mut edits: Vec<Edit> = self
            .referrers(id)
            .map(|quote| {
                let from = quote.speaker.clone();
                let to = from.clone().map(|link| SpeakerLink {
                    mention: None,
                    ..link
                });
                Edit::SetSpeaker {
                    id: quote.id,
                    from,
                    to: to.filter(|l| !l.is_empty()),
                }
            })
            .collect();
        edits.push(Edit::Remove(span));
        Some(if edits.len() == 1 {
            edits.remove(0)
        } else {
            Edit::Batch(edits)
        })
    }

    /// Sets a span's status; accepting or rejecting a quote does the same to
    /// its speaker mention while that is still a suggestion.
    pub fn set_status_edit(&self, id: SpanId, to: Status) -> Option<Edit> {
        let span = self.get(id)?;
        let mut edits = vec![Edit::SetStatus {
            id,
            from: span.status,
            to,
        }];
        if let Some(mention) = span.speaker.as_ref().and_then(|l| l.mention)
            && let Some(m) = self.get(mention)
        {
            let shared = self.referrers(mention).count() > 1;
            if m.status == Status::Suggested && !(shared && to == Status::Rejected) {
                edits.push(Edit::SetStatus {
                    id: mention,
                    from: m.status,
                    to,
                });
            }
        }
        let edit = if edits.len() == 1 {
            edits.remove(0)
        } else {
            Edit::Batch(edits)
        };
        (!edit.is_noop()).then_some(edit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Document, LabelSet, Origin};
    use proptest::prelude::*;

    const TEXT: &str =
        "Zoë Ruiz said: “We won 👍🏽.” The city paid €3\u{a0}million in 2024.\r\nPHOTO: Ana Díaz";

    fn article() -> Article {
        Article::new(
            Document::from_text("t.txt", TEXT.to_owned()),
            LabelSet::default(),
            Annotations::default(),
        )
    }

    fn range_of(needle: &str) -> ByteRange {
        let start = TEXT.find(needle).unwrap();
        ByteRange::new(start, start + needle.len())
    }

    #[test]
    fn a_batch_that_fails_half_way_changes_nothing() {
        let mut a = article();
        let span =
            a.annotations()
                .new_span(Label::quote(), range_of("“We won 👍🏽.”"), Status::Suggested);
        let bad = Edit::Resize {
            id: span.id,
            from: span.range,
            to: ByteRange::new(1, 3), // inside "ë"
        };
        let before = a.annotations().clone();
        let err = a
            .apply(Edit::Batch(vec![Edit::Add(span), bad]))
            .unwrap_err();
        assert!(matches!(err, EditError::BadRange(_)));
        assert_eq!(a.annotations(), &before);
        assert!(!a.history().can_undo());
    }

    #[test]
    fn a_rollback_cannot_fail_even_when_the_text_is_not_the_spans_own() {
        // The old rollback re-applied inverses with every check, and the
        // re-added span is not valid in this shorter text: it panicked.
        let mut a = article();
        let span = a.annotations().new_span(
            Label::claim(),
            range_of("PHOTO: Ana Díaz"),
            Status::Confirmed,
        );
        a.apply(Edit::Add(span.clone())).unwrap();
        let mut annotations = a.annotations().clone();
        let before = annotations.clone();
        let bad = Edit::Add(annotations.new_span(
            Label::claim(),
            ByteRange::new(0, 99),
            Status::Confirmed,
        ));
        let batch = Edit::Batch(vec![Edit::Remove(span), bad]);
        assert!(matches!(
            annotations.apply(&batch, "Zoë"),
            Err(EditError::BadRange(_))
        ));
        assert_eq!(annotations, before);
    }

    #[test]
    fn stale_edits_and_dangling_links_are_refused() {
        let mut a = article();
        let speaker =
            a.annotations()
                .new_span(Label::speaker(), range_of("Zoë Ruiz"), Status::Suggested);
        a.apply(Edit::Add(speaker.clone())).unwrap();
        let mut quote =
            a.annotations()
                .new_span(Label::quote(), range_of("“We won 👍🏽.”"), Status::Suggested);
        quote.speaker = Some(SpeakerLink {
            mention: Some(speaker.id),
            name: Some("Zoë Ruiz".into()),
        });
        a.apply(Edit::Add(quote.clone())).unwrap();
        assert_eq!(
            a.apply(Edit::Remove(speaker.clone())),
            Err(EditError::StillReferenced(speaker.id, quote.id))
        );
        assert_eq!(
            a.apply(Edit::Relabel {
                id: quote.id,
                from: Label::claim(),
                to: Label::caption()
            }),
            Err(EditError::Stale(quote.id))
        );
        // The provided constructor unlinks first, as one undo step.
        let remove = a.annotations().remove_edit(speaker.id).unwrap();
        a.apply(remove).unwrap();
        let link = a.annotations().speaker_of(quote.id).unwrap();
        assert_eq!(
            (link.mention, link.name.as_deref()),
            (None, Some("Zoë Ruiz"))
        );
        a.undo().unwrap();
        assert_eq!(
            a.annotations().speaker_of(quote.id).unwrap().mention,
            Some(speaker.id)
        );
    }

    #[test]
    fn accepting_a_quote_accepts_its_suggested_speaker_mention() {
        let mut a = article();
        let speaker =
            a.annotations()
                .new_span(Label::speaker(), range_of("Zoë Ruiz"), Status::Suggested);
        a.apply(Edit::Add(speaker.clone())).unwrap();
        let mut quote =
            a.annotations()
                .new_span(Label::quote(), range_of("“We won 👍🏽.”"), Status::Suggested);
        quote.speaker = Some(SpeakerLink {
            mention: Some(speaker.id),
            name: None,
        });
        a.apply(Edit::Add(quote.clone())).unwrap();
        let accept = a
            .annotations()
            .set_status_edit(quote.id, Status::Confirmed)
            .unwrap();
        a.apply(accept).unwrap();
        assert_eq!(
            a.annotations().get(speaker.id).unwrap().status,
            Status::Confirmed
        );
        assert_eq!(
            a.annotations().set_status_edit(quote.id, Status::Confirmed),
            None
        );
    }

    #[test]
    fn modified_means_not_at_the_saved_revision() {
        let mut a = article();
        assert!(!a.is_modified());
        let span = a.annotations().new_span(
            Label::claim(),
            range_of("The city paid €3\u{a0}million in 2024."),
            Status::Confirmed,
        );
        a.apply(Edit::Add(span.clone())).unwrap();
        assert!(a.is_modified());
        a.mark_saved();
        a.apply(Edit::SetNote {
            id: span.id,
            from: None,
            to: Some("check".into()),
        })
        .unwrap();
        assert!(a.is_modified());
        a.undo();
        assert!(
            !a.is_modified(),
            "undo back to the saved state clears the mark"
        );
        a.undo();
        assert!(a.is_modified());
        a.redo();
        assert!(!a.is_modified());
        // A new edit after undo drops the redo tail.
        a.undo();
        a.apply(Edit::SetDone {
            from: false,
            to: true,
        })
        .unwrap();
        assert!(!a.history().can_redo());
        assert!(a.is_modified());
    }

    /// One random user action, expressed against whatever spans exist.
    #[derive(Debug, Clone)]
    enum Action {
        Add { label: u8, a: usize, b: usize },
        Remove(usize),
        Relabel(usize, u8),
        Resize(usize, usize, usize),
        Status(usize, u8),
        Link(usize, usize),
        Note(usize, Option<String>),
        Done(bool),
    }

    fn action() -> impl Strategy<Value = Action> {
        let n = 0..TEXT.len() + 2;
        prop_oneof![
            (0..4u8, n.clone(), n.clone()).prop_map(|(label, a, b)| Action::Add { label, a, b }),
            (0..8usize).prop_map(Action::Remove),
            (0..8usize, 0..4u8).prop_map(|(i, l)| Action::Relabel(i, l)),
            (0..8usize, n.clone(), n).prop_map(|(i, a, b)| Action::Resize(i, a, b)),
            (0..8usize, 0..3u8).prop_map(|(i, s)| Action::Status(i, s)),
            (0..8usize, 0..8usize).prop_map(|(i, j)| Action::Link(i, j)),
            (0..8usize, proptest::option::of("[a-zé ]{0,6}")).prop_map(|(i, n)| Action::Note(i, n)),
            any::<bool>().prop_map(Action::Done),
        ]
    }

    fn label(n: u8) -> Label {
        [
            Label::caption(),
            Label::quote(),
            Label::claim(),
            Label::speaker(),
        ][n as usize % 4]
            .clone()
    }

    /// Turns an action into an edit; invalid ranges are kept on purpose so
    /// that refusals are exercised too.
    fn to_edit(a: &Article, action: Action) -> Option<Edit> {
        let spans: Vec<&Span> = a.annotations().iter().collect();
        let pick = |i: usize| (!spans.is_empty()).then(|| spans[i % spans.len()]);
        Some(match action {
            Action::Add {
                label: l,
                a: s,
                b: e,
            } => {
                let mut span = a.annotations().new_span(
                    label(l),
                    ByteRange::new(s.min(e), s.max(e)),
                    Status::Suggested,
                );
                span.origin = Some(Origin {
                    rule: "test".into(),
                    confidence: 0.5,
                    reason: "r".into(),
                });
                Edit::Add(span)
            }
            Action::Remove(i) => a.annotations().remove_edit(pick(i)?.id)?,
            Action::Relabel(i, l) => {
                let s = pick(i)?;
                Edit::Relabel {
                    id: s.id,
                    from: s.label.clone(),
                    to: label(l),
                }
            }
            Action::Resize(i, x, y) => {
                let s = pick(i)?;
                Edit::Resize {
                    id: s.id,
                    from: s.range,
                    to: ByteRange::new(x.min(y), x.max(y)),
                }
            }
            Action::Status(i, st) => a
                .annotations()
                .set_status_edit(pick(i)?.id, Status::ALL[st as usize % 3])?,
            Action::Link(i, j) => {
                let (q, m) = (pick(i)?, pick(j)?);
                Edit::SetSpeaker {
                    id: q.id,
                    from: q.speaker.clone(),
                    to: Some(SpeakerLink {
                        mention: Some(m.id),
                        name: None,
                    }),
                }
            }
            Action::Note(i, note) => {
                let s = pick(i)?;
                Edit::SetNote {
                    id: s.id,
                    from: s.note.clone(),
                    to: note,
                }
            }
            Action::Done(to) => Edit::SetDone {
                from: a.annotations().is_done(),
                to,
            },
        })
    }

    proptest! {
        #[test]
        fn any_edits_then_as_many_undos_restore_the_original(
            actions in proptest::collection::vec(action(), 1..40)
        ) {
            let mut a = article();
            let original = a.annotations().clone();
            let mut states = vec![original.clone()];
            for action in actions {
                let Some(edit) = to_edit(&a, action) else { continue };
                let before = a.annotations().clone();
                if a.apply(edit).is_err() {
                    prop_assert_eq!(a.annotations(), &before, "a refused edit changes nothing");
                    continue;
                }
                if a.annotations() != &before {
                    states.push(a.annotations().clone());
                }
                for span in a.annotations().iter() {
                    prop_assert!(span.range.is_valid_in(TEXT), "{:?} off a char boundary", span.range);
                }
            }
            // Walk back through every recorded state, then forward again.
            while a.history().can_undo() {
                a.undo();
            }
            prop_assert_eq!(a.annotations(), &original);
            prop_assert!(!a.is_modified());
            while a.history().can_redo() {
                a.redo();
            }
            prop_assert_eq!(a.annotations(), states.last().unwrap());
        }
    }
}
