//! An open article: its text, annotations, labels and undo history.

use super::{Annotations, Document, Edit, EditError, History, LabelSet};

/// The unit everything else works on: the CLI, the store and the editor.
#[derive(Debug, Clone)]
pub struct Article {
    /// Private: the spans and the undo history are only valid for this text.
    doc: Document,
    pub labels: LabelSet,
    annotations: Annotations,
    history: History,
}

impl Article {
    pub fn new(doc: Document, labels: LabelSet, annotations: Annotations) -> Self {
        Self {
            doc,
            labels,
            annotations,
            history: History::default(),
        }
    }

    pub fn text(&self) -> &str {
        self.doc.text()
    }

    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The document, for an article built anew on the same text.
    pub fn into_doc(self) -> Document {
        self.doc
    }

    pub fn annotations(&self) -> &Annotations {
        &self.annotations
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Applies an edit and records it for undo. No-op edits are dropped.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        if edit.is_noop() {
            return Ok(());
        }
        self.annotations.apply(&edit, self.doc.text())?;
        self.history.record(edit);
        Ok(())
    }

    // Undo and redo cannot fail: the annotations and the history are
    // private and change only together (`apply` records every edit it
    // applies), so the last recorded edit is exactly what produced the
    // current state and its old values were valid in the state before it;
    // a redo restores the state it was applied to first.

    /// Undoes the last edit; returns the edit that was applied to do so.
    pub fn undo(&mut self) -> Option<Edit> {
        let last = self.history.last_done()?;
        self.annotations.revert(last);
        let inverse = last.invert();
        self.history.undone();
        Some(inverse)
    }

    /// Redoes the last undone edit; returns it.
    pub fn redo(&mut self) -> Option<Edit> {
        let edit = self.history.peek_redo()?.clone();
        self.annotations.replay(&edit);
        self.history.redone();
        Some(edit)
    }

    pub fn is_modified(&self) -> bool {
        self.history.is_modified()
    }

    pub fn mark_saved(&mut self) {
        self.history.mark_saved();
    }

    pub fn mark_unsaved(&mut self) {
        self.history.mark_unsaved();
    }
}
