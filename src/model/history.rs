//! Undo and redo as a cursor over applied edits.

use super::Edit;

/// A revision id: every applied edit creates a new one, so "modified" can be
/// told exactly as "not at the saved revision", and undoing back to the
/// saved state clears it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Revision(u64);

#[derive(Debug, Clone, Default)]
pub struct History {
    /// Applied edits, oldest first, each with the revision it produced.
    done: Vec<(Edit, Revision)>,
    /// Undone edits, the next one to redo last.
    undone: Vec<(Edit, Revision)>,
    last_issued: u64,
    saved: Revision,
}

impl History {
    /// Records an edit that was just applied. Drops the redo tail.
    pub fn record(&mut self, edit: Edit) {
        self.last_issued += 1;
        self.done.push((edit, Revision(self.last_issued)));
        self.undone.clear();
    }

    /// The last applied edit, the one to undo; call [`History::undone`] once
    /// it has been undone.
    pub fn last_done(&self) -> Option<&Edit> {
        self.done.last().map(|(e, _)| e)
    }

    pub fn undone(&mut self) {
        if let Some(entry) = self.done.pop() {
            self.undone.push(entry);
        }
    }

    /// The edit to redo; call [`History::redone`] once it has been applied.
    pub fn peek_redo(&self) -> Option<&Edit> {
        self.undone.last().map(|(e, _)| e)
    }

    pub fn redone(&mut self) {
        if let Some(entry) = self.undone.pop() {
            self.done.push(entry);
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    pub fn revision(&self) -> Revision {
        self.done.last().map_or(Revision(0), |(_, r)| *r)
    }

    pub fn mark_saved(&mut self) {
        self.saved = self.revision();
    }

    /// Treats the current state as unsaved (e.g. after re-anchoring changed
    /// offsets that are not yet on disk).
    pub fn mark_unsaved(&mut self) {
        self.saved = Revision(u64::MAX);
    }

    pub fn is_modified(&self) -> bool {
        self.revision() != self.saved
    }
}
