//! An article open in the editor: the core [`Article`] plus what the editor
//! keeps beside it (selection, view cache, span order, autosave state).
//! Every change to annotations goes through [`Doc::apply`], [`Doc::undo`]
//! and [`Doc::redo`], which keep the caches in step with the edit.

use super::corpus::ArticleCounts;
use super::textview::TextView;
use crate::detect::DetectConfig;
use crate::model::Document;
use crate::model::{
    Annotations, Article, ByteOffset, ByteRange, Edit, EditError, Label, LabelSet, SpanId, Status,
};
use crate::recovery::AutosaveState;
use crate::store::{DiskChange, FileStamp};
use crate::{store, suggest};
use std::path::{Path, PathBuf};

/// Spans in text order (position, label, id), kept sorted across edits
/// without re-sorting everything.
#[derive(Debug, Default)]
pub struct SpanIndex {
    order: Vec<(ByteRange, SpanId)>,
    /// The longest span's length in bytes (never shrinks), to find the spans
    /// that overlap a range with one binary search.
    max_len: usize,
}

impl SpanIndex {
    pub fn new(annotations: &Annotations) -> Self {
        let order: Vec<(ByteRange, SpanId)> = annotations
            .in_text_order()
            .into_iter()
            .map(|s| (s.range, s.id))
            .collect();
        let max_len = order.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
        Self { order, max_len }
    }

    pub fn order(&self) -> &[(ByteRange, SpanId)] {
        &self.order
    }

    fn key<'a>(
        annotations: &'a Annotations,
        entry: &(ByteRange, SpanId),
    ) -> (ByteRange, Option<&'a Label>, SpanId) {
        (entry.0, annotations.get(entry.1).map(|s| &s.label), entry.1)
    }

    /// Re-sorts the spans in `changed` (added, removed, moved or relabelled).
    pub fn update(&mut self, annotations: &Annotations, changed: &[SpanId]) {
        if changed.is_empty() {
            return;
        }
        self.order.retain(|(_, id)| !changed.contains(id));
        for id in changed {
            let Some(span) = annotations.get(*id) else {
                continue;
            };
            if self.order.iter().any(|(_, other)| other == id) {
                continue;
            }
            let entry = (span.range, span.id);
            let key = Self::key(annotations, &entry);
            let at = self
                .order
                .partition_point(|e| Self::key(annotations, e) < key);
            self.order.insert(at, entry);
            self.max_len = self.max_len.max(span.range.len());
        }
    }

    /// Where `id` is in text order.
    pub fn position(&self, annotations: &Annotations, id: SpanId) -> Option<usize> {
        let span = annotations.get(id)?;
        let entry = (span.range, id);
        let key = Self::key(annotations, &entry);
        let at = self
            .order
            .partition_point(|e| Self::key(annotations, e) < key);
        (self.order.get(at).map(|e| e.1) == Some(id)).then_some(at)
    }

    /// Spans overlapping `range`, in text order.
    pub fn overlapping(&self, range: ByteRange) -> impl Iterator<Item = SpanId> + '_ {
        let from = range.start.0.saturating_sub(self.max_len);
        let first = self.order.partition_point(|(r, _)| r.start.0 < from);
        self.order[first..]
            .iter()
            .take_while(move |(r, _)| r.start < range.end)
            .filter(move |(r, _)| r.end > range.start)
            .map(|(_, id)| *id)
    }

    /// The first span at or after byte `at` (wrapping), for navigation.
    pub fn first_from(&self, at: ByteOffset) -> usize {
        self.order.partition_point(|(r, _)| r.start < at)
    }
}

/// The spans whose place in text order an edit changes.
fn reordered(edit: &Edit, out: &mut Vec<SpanId>) {
    match edit {
        Edit::Add(span) | Edit::Remove(span) => out.push(span.id),
        Edit::Relabel { id, .. } | Edit::Resize { id, .. } => out.push(*id),
        Edit::Batch(edits) => edits.iter().for_each(|e| reordered(e, out)),
        _ => {}
    }
}

/// Counts shown in the status bar and the article list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// Per label of the label set, in its order: (label, confirmed, suggested).
    pub per_label: Vec<(Label, usize, usize)>,
    pub rejected: usize,
    pub suggested: usize,
    pub total: usize,
    pub state: Option<crate::model::ReviewState>,
    /// The same counts in the corpus summary's shape.
    pub counts: Option<ArticleCounts>,
}

/// An article that opened.
pub struct Doc {
    pub article: Article,
    pub annotation_path: PathBuf,
    /// The loading report (re-anchoring), shown above the text until dismissed.
    pub notice: Option<String>,
    pub index: SpanIndex,
    pub view: TextView,
    pub selected: Option<SpanId>,
    /// Text selected with the mouse or by search, not yet labelled.
    pub text_sel: Option<ByteRange>,
    /// Where the caret is (the last click), for the status bar.
    pub cursor: Option<ByteOffset>,
    pub autosave: AutosaveState,
    /// Bumped whenever the article is replaced (restore, reload), so caches
    /// keyed by history revision are dropped too.
    pub generation: u64,
    /// A recovery file from an earlier session waits for the editor's
    /// decision; autosave leaves it alone until then.
    pub recovery_pending: bool,
    /// The article's files as the editor last read or wrote them.
    pub disk: OnDisk,
    /// Another program changed or deleted them, and the editor has not
    /// answered yet.
    pub disk_report: Option<DiskReport>,
    stats: std::cell::RefCell<Option<((u64, crate::model::Revision), Stats)>>,
}

impl Doc {
    /// An article built in memory (benchmarks): its files are stamped as
    /// they are now.
    pub fn new(article: Article, annotation_path: PathBuf, notice: Option<String>) -> Self {
        let stamp = |path: &Path| FileStamp::read(path).unwrap_or(FileStamp::Missing);
        let disk = OnDisk {
            text: stamp(article.doc().source()),
            annotations: stamp(&annotation_path),
        };
        Self::read_from_disk(article, annotation_path, notice, disk)
    }

    fn read_from_disk(
        article: Article,
        annotation_path: PathBuf,
        notice: Option<String>,
        disk: OnDisk,
    ) -> Self {
        let view = TextView::new(article.text());
        Self {
            index: SpanIndex::new(article.annotations()),
            article,
            annotation_path,
            notice,
            view,
            selected: None,
            text_sel: None,
            cursor: None,
            autosave: AutosaveState::default(),
            generation: 0,
            recovery_pending: false,
            disk,
            disk_report: None,
            stats: Default::default(),
        }
    }

    /// A key that changes whenever the annotations do.
    pub fn version(&self) -> (u64, crate::model::Revision) {
        (self.generation, self.article.history().revision())
    }

    pub fn text(&self) -> &str {
        self.article.text()
    }

    /// Counts per label and status, computed once per change.
    pub fn stats(&self) -> Stats {
        let version = self.version();
        let mut cache = self.stats.borrow_mut();
        if let Some((v, stats)) = cache.as_ref()
            && *v == version
        {
            return stats.clone();
        }
        let mut stats = Stats {
            per_label: self
                .article
                .labels
                .iter()
                .map(|d| (d.name.clone(), 0, 0))
                .collect(),
            ..Stats::default()
        };
        for span in self.annotations().iter() {
            stats.total += 1;
            match span.status {
                Status::Rejected => stats.rejected += 1,
                Status::Suggested => stats.suggested += 1,
                Status::Confirmed => {}
            }
            if let Some(row) = stats.per_label.iter_mut().find(|r| r.0 == span.label) {
                match span.status {
                    Status::Confirmed => row.1 += 1,
                    Status::Suggested => row.2 += 1,
                    Status::Rejected => {}
                }
            }
        }
        stats.state = Some(self.annotations().review_state());
        stats.counts = Some(ArticleCounts::of(
            &self.article.labels,
            self.annotations(),
            true,
        ));
        *cache = Some((version, stats.clone()));
        stats
    }

    pub fn annotations(&self) -> &Annotations {
        self.article.annotations()
    }

    /// Applies one user action as one undo step.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let mut touched = Vec::new();
        edit.touched_ranges(&mut touched, self.article.annotations());
        let mut moved = Vec::new();
        reordered(&edit, &mut moved);
        self.article.apply(edit)?;
        self.changed(&touched, &moved);
        Ok(())
    }

    pub fn undo(&mut self) -> bool {
        match self.article.undo() {
            Some(inverse) => {
                self.after_history(&inverse);
                true
            }
            None => false,
        }
    }

    pub fn redo(&mut self) -> bool {
        match self.article.redo() {
            Some(edit) => {
                self.after_history(&edit);
                true
            }
            None => false,
        }
    }

    fn after_history(&mut self, applied: &Edit) {
        let mut touched = Vec::new();
        applied.touched_ranges(&mut touched, self.article.annotations());
        let mut moved = Vec::new();
        reordered(applied, &mut moved);
        self.changed(&touched, &moved);
        // Show what changed: select the span the step was about.
        if let Some(id) = first_id(applied).filter(|id| self.annotations().get(*id).is_some()) {
            self.selected = Some(id);
        }
    }

    fn changed(&mut self, touched: &[ByteRange], moved: &[SpanId]) {
        self.index.update(self.article.annotations(), moved);
        self.view.invalidate(touched);
        if self
            .selected
            .is_some_and(|id| self.annotations().get(id).is_none())
        {
            self.selected = None;
        }
    }

    /// Replaces the article (restore from recovery, reload from disk):
    /// caches start afresh.
    pub fn replace(&mut self, article: Article) {
        if article.doc().fingerprint() == self.article.doc().fingerprint() {
            self.view.invalidate_all();
        } else {
            self.view = TextView::new(article.text());
            self.cursor = None;
        }
        self.article = article;
        self.index = SpanIndex::new(self.article.annotations());
        self.selected = None;
        self.text_sel = None;
        self.generation += 1;
    }

    /// Merges the detector's suggestions (and the captions the page's
    /// markup marks) as one undo step; rejected ones never come back.
    pub fn detect(&mut self) -> Result<bool, EditError> {
        let suggestions = suggest::suggestions(self.article.doc(), &DetectConfig::default());
        match suggest::merge_edit(self.annotations(), suggestions) {
            Some(edit) => self.apply(edit).map(|()| true),
            None => Ok(false),
        }
    }

    /// Saves the annotations atomically and drops the recovery file. An
    /// annotation file another program changed since it was read is not
    /// overwritten; an article file whose deletion the editor was told
    /// about is written again from the text in memory, as UTF-8 (not an
    /// HTML page, whose markup is not kept).
    pub fn save(&mut self) -> Result<(), SaveError> {
        let path = self.annotation_path.clone();
        let report = self.check_disk().map_err(SaveError::Failed)?;
        if report.is_some_and(|r| r.annotations == Some(Change::Changed)) {
            return Err(SaveError::ChangedOnDisk(path));
        }
        folder_exists(&path)?;
        let source = self.article.doc().source().to_owned();
        if self.disk.text.is_missing() && !is_page(&source) && !source.exists() {
            store::write_atomic(&source, self.text().as_bytes())
                .map_err(|e| SaveError::Failed(format!("{}: {e}", source.display())))?;
            self.disk.text = FileStamp::read(&source).unwrap_or(FileStamp::Missing);
        }
        let expected = self.disk.annotations.clone();
        self.write_annotations(Some(&expected))?;
        // What is still different on disk (the article text) is asked about
        // again; what this save wrote is not.
        self.disk_report = None;
        self.check_disk().map_err(SaveError::Failed)?;
        crate::recovery::remove(&path).map_err(|e| SaveError::Failed(e.to_string()))?;
        Ok(())
    }

    /// Saves the annotations at `path` instead, which becomes where this
    /// article's annotations are saved from now on.
    pub fn save_as(&mut self, path: PathBuf) -> Result<(), SaveError> {
        folder_exists(&path)?;
        let old = std::mem::replace(&mut self.annotation_path, path);
        // The file dialog asked before the editor chose a file that exists.
        if let Err(e) = self.write_annotations(None) {
            self.annotation_path = old;
            return Err(e);
        }
        self.disk_report = None;
        self.check_disk().map_err(SaveError::Failed)?;
        crate::recovery::remove(&old)
            .map_err(|e| SaveError::Failed(format!("saved, but the old recovery file stays: {e}")))
    }

    /// Writes the annotation file and takes its new stamp. With `expected`,
    /// only over the file as it was then: the check and the write are one
    /// step under the store's lock, so another program's save cannot slip
    /// in between.
    fn write_annotations(&mut self, expected: Option<&FileStamp>) -> Result<(), SaveError> {
        let path = &self.annotation_path;
        let saved = match expected {
            Some(expected) => store::save_if(&self.article, path, expected, store::EDITOR_WAIT),
            None => store::save(&self.article, path),
        };
        let stamp = saved.map_err(|e| match e {
            store::StoreError::Changed { path } => SaveError::ChangedOnDisk(path),
            e => SaveError::Failed(e.to_string()),
        })?;
        self.article.mark_saved();
        self.autosave = AutosaveState::default();
        self.disk.annotations = stamp;
        Ok(())
    }

    /// Compares the article's files with what the editor last read or
    /// wrote (one `stat` each unless they changed). A change is kept in
    /// [`Doc::disk_report`] until the editor answers; the same bytes
    /// rewritten only refresh the stamps.
    pub fn check_disk(&mut self) -> Result<Option<DiskReport>, String> {
        let source = self.article.doc().source();
        let check = |stamp: &FileStamp, path: &Path| {
            stamp
                .check(path)
                .map_err(|e| format!("cannot check {}: {e}", path.display()))
        };
        let text = check(&self.disk.text, source)?;
        let annotations = check(&self.disk.annotations, &self.annotation_path)?;
        let (text, text_now) = Change::of(text);
        let (annotations, annotations_now) = Change::of(annotations);
        let now = OnDisk {
            text: text_now,
            annotations: annotations_now,
        };
        if text.is_none() && annotations.is_none() {
            self.disk = now;
            self.disk_report = None;
        } else {
            self.disk_report = Some(DiskReport {
                text,
                annotations,
                now,
            });
        }
        Ok(self.disk_report.clone())
    }

    /// The editor keeps the version in memory: what is on disk now becomes
    /// what the next save replaces, and the article counts as unsaved.
    pub fn keep_mine(&mut self) {
        if let Some(report) = self.disk_report.take() {
            self.disk = report.now;
            self.article.mark_unsaved();
        }
    }

    /// Reads the article and its annotation file again, dropping the
    /// editor's unsaved changes (and their recovery file); annotations
    /// whose text moved are re-anchored as on opening.
    pub fn reload(&mut self, labels: &LabelSet) -> Result<(), String> {
        let source = self.article.doc().source().to_owned();
        let read = read_article(&source, &self.annotation_path, labels)?;
        crate::recovery::remove(&self.annotation_path).map_err(|e| e.to_string())?;
        self.replace(read.article);
        self.notice = read.notice;
        self.disk = read.disk;
        self.disk_report = None;
        self.autosave = AutosaveState::default();
        Ok(())
    }

    /// The spans of `label` still suggested, as one accept edit.
    pub fn accept_all_edit(&self, label: &Label) -> Option<Edit> {
        let annotations = self.annotations();
        let mut seen = std::collections::HashSet::new();
        let mut edits = Vec::new();
        for (_, id) in self.index.order() {
            let Some(span) = annotations.get(*id) else {
                continue;
            };
            if &span.label != label || span.status != Status::Suggested {
                continue;
            }
            let Some(edit) = annotations.set_status_edit(*id, Status::Confirmed) else {
                continue;
            };
            let parts = match edit {
                Edit::Batch(parts) => parts,
                single => vec![single],
            };
            for part in parts {
                if let Edit::SetStatus { id, .. } = &part
                    && seen.insert(*id)
                {
                    edits.push(part);
                }
            }
        }
        (!edits.is_empty()).then_some(Edit::Batch(edits))
    }

    /// Names of the article's speakers (linked names and mention texts),
    /// sorted, without repeats.
    pub fn speaker_roster(&self) -> Vec<String> {
        let text = self.text();
        let mut names: Vec<String> = self
            .annotations()
            .iter()
            .filter(|s| s.status != Status::Rejected)
            .flat_map(|s| {
                let linked = s.speaker.as_ref().and_then(|l| l.name.clone());
                let mention = s
                    .label
                    .is(Label::SPEAKER)
                    .then(|| s.range.slice(text).map(str::to_owned))
                    .flatten();
                linked.into_iter().chain(mention)
            })
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    pub fn display_name(&self) -> String {
        file_name(self.article.doc().source())
    }
}

fn first_id(edit: &Edit) -> Option<SpanId> {
    match edit {
        Edit::Add(s) | Edit::Remove(s) => Some(s.id),
        Edit::Relabel { id, .. }
        | Edit::Resize { id, .. }
        | Edit::SetStatus { id, .. }
        | Edit::SetSpeaker { id, .. }
        | Edit::SetNote { id, .. } => Some(*id),
        Edit::SetDone { .. } => None,
        Edit::Batch(edits) => edits.iter().rev().find_map(first_id),
    }
}

pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Whether an entry's article is in memory.
pub enum Slot {
    /// Only the path is known; the article is read when first selected.
    NotLoaded,
    Loaded(Box<Doc>),
    /// It could not be opened: why.
    Failed(String),
}

/// An entry of the corpus: a path, and the article once it is opened.
pub struct Entry {
    pub path: PathBuf,
    /// The path relative to the opened folder, or the file name: the id of
    /// exports and of the comparison set's file.
    pub id: String,
    pub slot: Slot,
    /// What the background scan read from the annotation file (`None`
    /// until it has); the sidebar shows it until the article is opened.
    pub scanned: Option<Result<ArticleCounts, String>>,
    /// False for a path the folder walk could not read (not an article).
    pub is_article: bool,
}

impl Entry {
    /// An article not read yet.
    pub fn new(path: PathBuf, id: String) -> Self {
        Self {
            path,
            id,
            slot: Slot::NotLoaded,
            scanned: None,
            is_article: true,
        }
    }

    pub fn doc(&self) -> Option<&Doc> {
        match &self.slot {
            Slot::Loaded(doc) => Some(doc),
            _ => None,
        }
    }

    pub fn doc_mut(&mut self) -> Option<&mut Doc> {
        match &mut self.slot {
            Slot::Loaded(doc) => Some(doc),
            _ => None,
        }
    }

    pub fn is_loaded(&self) -> bool {
        matches!(self.slot, Slot::Loaded(_))
    }

    pub fn is_modified(&self) -> bool {
        self.doc().is_some_and(|d| d.article.is_modified())
    }
}

/// What opening found besides the article.
pub struct Opening {
    pub doc: Result<Doc, String>,
    /// A recovery file from an earlier session waits for a decision.
    pub recovery: bool,
}

/// Opens an article: loads its annotation file (with the re-anchoring
/// report) or, without one, runs the detector (with the captions an HTML
/// page's markup marks).
pub fn open(path: &Path, labels: &LabelSet) -> Opening {
    let annotation_path = store::annotation_path(path);
    let read = match read_article(path, &annotation_path, labels) {
        Ok(read) => read,
        Err(e) => {
            return Opening {
                doc: Err(e),
                recovery: false,
            };
        }
    };
    let recovery = crate::recovery::exists(&annotation_path);
    let mut doc = Doc::read_from_disk(read.article, annotation_path, read.notice, read.disk);
    doc.recovery_pending = recovery;
    Opening {
        doc: Ok(doc),
        recovery,
    }
}

/// An article read from disk with its annotations.
struct Read {
    article: Article,
    notice: Option<String>,
    disk: OnDisk,
}

fn read_article(path: &Path, annotation_path: &Path, labels: &LabelSet) -> Result<Read, String> {
    // Stamped before reading: a write in between shows as a change later.
    let disk = OnDisk {
        text: FileStamp::read(path).map_err(|e| format!("{}: {e}", path.display()))?,
        annotations: FileStamp::read(annotation_path)
            .map_err(|e| format!("{}: {e}", annotation_path.display()))?,
    };
    let doc = Document::load(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if disk.annotations.is_missing() {
        // The detector's suggestions are the starting point of a fresh
        // article, not an editor's change: not an undo step, not unsaved.
        let mut article = Article::new(doc, labels.clone(), Default::default());
        let suggestions = suggest::suggestions(article.doc(), &DetectConfig::default());
        if let Some(edit) = suggest::merge_edit(article.annotations(), suggestions) {
            article
                .apply(edit)
                .map_err(|e| format!("the detector's suggestions do not apply: {e}"))?;
            let annotations = article.annotations().clone();
            article = Article::new(article.into_doc(), labels.clone(), annotations);
        }
        return Ok(Read {
            article,
            notice: None,
            disk,
        });
    }
    let loaded = store::load(annotation_path, &doc).map_err(|e| e.to_string())?;
    let notice = loaded.report.summary();
    let mut article = Article::new(doc, loaded.labels, loaded.annotations);
    if loaded.report.text_changed {
        article.mark_unsaved();
    }
    Ok(Read {
        article,
        notice,
        disk,
    })
}

/// The article's two files as last seen.
#[derive(Debug, Clone, PartialEq)]
pub struct OnDisk {
    pub text: FileStamp,
    pub annotations: FileStamp,
}

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Changed,
    Deleted,
}

impl Change {
    fn of(change: DiskChange) -> (Option<Self>, FileStamp) {
        match change {
            DiskChange::Same(stamp) => (None, stamp),
            DiskChange::Changed(stamp) => (Some(Self::Changed), stamp),
            DiskChange::Deleted => (Some(Self::Deleted), FileStamp::Missing),
        }
    }
}

/// Another program changed or deleted an open article's files.
#[derive(Debug, Clone, PartialEq)]
pub struct DiskReport {
    pub text: Option<Change>,
    pub annotations: Option<Change>,
    /// The files as they are now.
    pub now: OnDisk,
}

impl DiskReport {
    /// Whether reading the files again makes sense: something changed and
    /// the article text is still there.
    pub fn reloadable(&self) -> bool {
        self.text != Some(Change::Deleted)
            && (self.text == Some(Change::Changed) || self.annotations == Some(Change::Changed))
    }
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// The annotation file was changed by another program: ask first.
    ChangedOnDisk(PathBuf),
    Failed(String),
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ChangedOnDisk(path) => write!(
                f,
                "{}: changed by another program since it was read; not overwritten",
                path.display()
            ),
            Self::Failed(e) => f.write_str(e),
        }
    }
}

/// A save into a folder that is gone fails with a message that says so.
fn folder_exists(path: &Path) -> Result<(), SaveError> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) if !dir.is_dir() => Err(SaveError::Failed(format!(
            "{}: the folder {} does not exist (any more); save the annotations elsewhere with File → Save annotations as…",
            path.display(),
            dir.display()
        ))),
        _ => Ok(()),
    }
}

/// An HTML page: its text in memory is not the file's content.
fn is_page(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}
