//! The editor's state and the one place where actions are applied.
//!
//! Panels (in `panels.rs`) read the state and return [`Action`]s; keyboard
//! shortcuts come from the command table (`commands.rs`); `run_action`
//! applies them all. Every change to annotations is an [`Edit`] applied
//! through [`Doc::apply`], one undo step per user action.

use super::commands::{self, Command};
use super::compare::Comparison;
use super::corpus::{CorpusCounts, Scanner};
use super::dialogs::{FileDialogs, Picked, RfdDialogs};
use super::doc::{self, Doc, Entry, SaveError, Slot};
use super::export::{ExportForm, ExportJob};
use super::textview::ScrollTarget;
use super::theme::ThemeChoice;
use super::words::{self, Edge};
use crate::model::{ByteOffset, ByteRange, Edit, Label, LabelSet, SpanId, SpeakerLink, Status};
use crate::recovery;
use std::collections::HashMap;
use std::path::PathBuf;

/// UI preferences, persisted by eframe (never annotations).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub theme: ThemeChoice,
    pub text_size: f32,
    pub recent: Vec<PathBuf>,
    pub show_suggestions: bool,
    /// Labels hidden in the text.
    pub hidden_labels: Vec<Label>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            theme: ThemeChoice::System,
            text_size: DEFAULT_TEXT_SIZE,
            recent: Vec::new(),
            show_suggestions: true,
            hidden_labels: Vec::new(),
        }
    }
}

pub const DEFAULT_TEXT_SIZE: f32 = 16.0;
const MAX_RECENT: usize = 10;

/// One thing the user asked for, from a panel, a menu or a shortcut.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Action {
    Run(Command),
    /// A label key or menu entry: labels the text selection, or relabels
    /// the selected span.
    ApplyLabel(Label),
    Select {
        id: SpanId,
        scroll: bool,
    },
    SelectArticle(usize),
    SetStatus(SpanId, Status),
    Relabel(SpanId, Label),
    SetNote(SpanId, Option<String>),
    SetSpeaker(SpanId, Option<SpeakerLink>),
    /// Start picking the speaker mention of this quote in the text.
    PickSpeakerInText(SpanId),
    OpenPaths(Vec<PathBuf>),
    SetTheme(ThemeChoice),
    ToggleLabel(Label),
    TextClicked(usize),
    TextSelected(ByteRange, bool),
    /// A span edge dragged with the mouse: the new range, and whether it is
    /// exact (Alt held) rather than snapped to words.
    Resize(SpanId, ByteRange, bool),
    CloseChoice(CloseChoice),
    RestoreChoice {
        restore: bool,
    },
    /// The answer to a file changed or deleted by another program.
    DiskChoice(DiskChoice),
    PathEntered(PathPurpose, String),
    DismissNotice,
    DismissMessage,
    ClearSelection,
    SearchChanged,
    SearchStep(i32),
    CloseSearch,
    /// Export dialog: pick the output with the file dialog.
    ExportChoosePath,
    ExportStart,
    /// Cancel the running export, or close the dialog.
    ExportCancel,
    StopComparing,
    /// Scroll the text to a range (a span of the comparison layer).
    RevealRange(ByteRange),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseChoice {
    Save,
    Discard,
    Cancel,
}

/// What is being closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseIntent {
    Window,
    Article(usize),
}

/// What to do about an article's files changed or deleted on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskChoice {
    /// Read them again, dropping the unsaved changes.
    Reload,
    /// Keep the version in memory; the next save overwrites the file.
    KeepMine,
    Save,
    SaveAs,
    Close,
    KeepEditing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    Open,
    /// Where to save the current article's annotations.
    SaveAs,
    /// The other editor's folder for the comparison layer.
    Compare,
}

/// A dialog that takes the keyboard until answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    Close {
        intent: CloseIntent,
        error: Option<String>,
    },
    /// Restore the recovery file of this entry?
    Restore(usize),
    /// Another program changed or deleted this entry's files (its
    /// `disk_report`); `saving` when a save found it out.
    Disk {
        entry: usize,
        saving: bool,
        error: Option<String>,
    },
    /// No file dialog service: type a path.
    Path {
        purpose: PathPurpose,
        text: String,
    },
    Speaker {
        quote: SpanId,
        filter: String,
    },
    /// File → Export…: the form, then the progress of the export.
    Export(ExportForm),
}

#[derive(Debug, Default)]
pub struct Search {
    pub query: String,
    pub matches: Vec<ByteRange>,
    pub current: Option<usize>,
    pub focus: bool,
    /// The query and article the matches were found for.
    pub computed: Option<(String, usize)>,
}

/// UI-only state: text field buffers and caches, no annotations.
#[derive(Default)]
pub struct UiState {
    pub article_filter: String,
    pub focus_article_filter: bool,
    pub list_label: Option<Label>,
    pub list_status: Option<Status>,
    /// (entry, version, label filter, status filter) → span ids.
    pub list_cache: Option<(ListKey, Vec<SpanId>)>,
    pub note: FieldBuffer,
    pub name: FieldBuffer,
    pub focus_note: bool,
    pub show_guideline: bool,
    pub show_shortcuts: bool,
    pub show_about: bool,
    pub context_at: Option<usize>,
    pub scroll_list_to: Option<SpanId>,
    /// The export dialog's choices, kept for the next export.
    pub export_form: Option<ExportForm>,
    /// (filter, entries generation) → the entries the sidebar lists.
    pub article_rows: Option<((String, u64), Vec<usize>)>,
}

pub type ListKey = (
    usize,
    (u64, crate::model::Revision),
    Option<Label>,
    Option<Status>,
);

/// The text of a field that edits a span (note, speaker name): it follows
/// the model until the user types, and is committed as one edit when the
/// field loses focus.
#[derive(Debug, Default)]
pub struct FieldBuffer {
    pub id: Option<SpanId>,
    pub text: String,
    pub dirty: bool,
}

impl FieldBuffer {
    /// Follows the model's value unless the user is editing this span's.
    pub fn sync(&mut self, id: SpanId, model: &str) {
        if self.id != Some(id) || !self.dirty {
            self.id = Some(id);
            self.text = model.to_owned();
            self.dirty = false;
        }
    }

    /// The typed text, once the field is left after a change.
    pub fn edited(&mut self, field: &egui::Response) -> Option<String> {
        if field.changed() {
            self.dirty = true;
        }
        if field.lost_focus() && self.dirty {
            self.dirty = false;
            return Some(self.text.clone());
        }
        None
    }
}

/// A line in the status bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

pub struct EditorApp {
    pub(super) prefs: Prefs,
    pub(super) entries: Vec<Entry>,
    /// Entry of each article path.
    entry_index: HashMap<PathBuf, usize>,
    /// Bumped whenever entries are added or removed.
    pub(super) entries_generation: u64,
    /// Background workers reading the figures of unopened articles.
    scanners: Vec<Scanner>,
    /// The totals of what the scan read, over every entry scanned.
    scanned_totals: CorpusCounts,
    pub(super) export_job: Option<ExportJob>,
    pub(super) compare: Option<Comparison>,
    pub(super) current: usize,
    pub(super) dialogs: Box<dyn FileDialogs>,
    pub(super) labels: LabelSet,
    pub(super) ui: UiState,
    pub(super) search: Option<Search>,
    pub(super) modal: Option<Modal>,
    pub(super) message: Option<Message>,
    /// Quote whose speaker mention is being picked in the text.
    pub(super) picking_speaker: Option<SpanId>,
    /// Entries whose recovery file waits for a decision.
    pub(super) pending_restore: Vec<usize>,
    allow_close: bool,
    exit_requested: bool,
    /// A text field had focus at the end of the last frame (egui drops the
    /// focus on Esc before the frame runs, and that Esc is the field's).
    was_typing: bool,
    title: String,
    applied_theme: Option<ThemeChoice>,
    autosave_interval: f64,
    /// Seconds between two looks at the open articles' files on disk.
    disk_check_interval: f64,
    last_disk_check: f64,
}

/// Seconds between two checks for files changed by another program.
const DISK_CHECK_INTERVAL_SECS: f64 = 1.5;

impl EditorApp {
    /// Opens every article under `paths` with native file dialogs.
    pub fn open(paths: Vec<PathBuf>) -> Self {
        Self::new(paths, Box::new(RfdDialogs::detect()), Prefs::default())
    }

    /// Opens every article under `paths`; an article without an annotation
    /// file gets the detector's suggestions.
    pub fn new(paths: Vec<PathBuf>, dialogs: Box<dyn FileDialogs>, prefs: Prefs) -> Self {
        let mut app = Self {
            prefs,
            entries: Vec::new(),
            entry_index: HashMap::new(),
            entries_generation: 0,
            scanners: Vec::new(),
            scanned_totals: CorpusCounts::default(),
            export_job: None,
            compare: None,
            current: 0,
            dialogs,
            labels: LabelSet::default(),
            ui: UiState::default(),
            search: None,
            modal: None,
            message: None,
            picking_speaker: None,
            pending_restore: Vec::new(),
            allow_close: false,
            exit_requested: false,
            was_typing: false,
            title: String::new(),
            applied_theme: None,
            autosave_interval: recovery::AUTOSAVE_INTERVAL_SECS,
            disk_check_interval: DISK_CHECK_INTERVAL_SECS,
            last_disk_check: 0.0,
        };
        app.open_paths(paths);
        app
    }

    /// An editor on articles already in memory (benchmarks).
    pub fn from_docs(docs: Vec<(PathBuf, Doc)>) -> Self {
        let mut app = Self::new(
            Vec::new(),
            Box::new(super::dialogs::ScriptedDialogs::default()),
            Prefs::default(),
        );
        app.entries = docs
            .into_iter()
            .map(|(path, doc)| {
                let id = doc::file_name(&path);
                let mut entry = Entry::new(path, id);
                entry.slot = Slot::Loaded(Box::new(doc));
                entry
            })
            .collect();
        app.reindex();
        app
    }

    // ----- read access for tests, benchmarks and the eframe shell -----

    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    pub fn doc(&self) -> Option<&Doc> {
        self.entries.get(self.current)?.doc()
    }

    pub fn doc_mut(&mut self) -> Option<&mut Doc> {
        self.entries.get_mut(self.current)?.doc_mut()
    }

    /// How many articles are in memory (the others are only paths).
    pub fn loaded_count(&self) -> usize {
        self.entries.iter().filter(|e| e.is_loaded()).count()
    }

    /// Whether the background scan has read every entry's figures.
    pub fn scan_finished(&self) -> bool {
        self.scanners.iter().all(Scanner::finished)
    }

    /// (read, total) of the running scans.
    pub fn scan_progress(&self) -> (usize, usize) {
        self.scanners
            .iter()
            .map(Scanner::progress)
            .fold((0, 0), |(a, b), (c, d)| (a + c, b + d))
    }

    /// The corpus totals as `copydesk stats` counts them: the saved
    /// annotation files, with the articles open here as they are in the
    /// editor (what `copydesk stats` prints after Save all). Only entries
    /// read so far are counted (see [`EditorApp::scan_finished`]).
    pub fn corpus_counts(&self) -> CorpusCounts {
        let mut totals = self.scanned_totals.clone();
        for entry in &self.entries {
            let Some(doc) = entry.doc() else { continue };
            if let Some(scanned) = &entry.scanned {
                totals.apply(scanned, false);
            }
            if let Some(counts) = doc.stats().counts {
                totals.add(&counts);
            }
        }
        totals
    }

    /// How many open articles have unsaved changes.
    pub fn modified_count(&self) -> usize {
        self.entries.iter().filter(|e| e.is_modified()).count()
    }

    /// The comparison layer, when a folder is compared.
    pub fn comparison(&self) -> Option<&Comparison> {
        self.compare.as_ref()
    }

    /// The export started from the dialog, running or finished.
    pub fn export_job(&self) -> Option<&ExportJob> {
        self.export_job.as_ref()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn current(&self) -> usize {
        self.current
    }

    pub fn selected(&self) -> Option<SpanId> {
        self.doc()?.selected
    }

    pub fn modal(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }

    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    pub fn window_title(&self) -> &str {
        &self.title
    }

    /// Whether the window may close now (after the unsaved-changes prompt).
    pub fn exit_requested(&self) -> bool {
        self.exit_requested
    }

    pub fn set_autosave_interval(&mut self, seconds: f64) {
        self.autosave_interval = seconds;
    }

    /// How often (seconds of app time) the open articles' files are
    /// compared with what was read; they are also compared whenever the
    /// window regains focus.
    pub fn set_disk_check_interval(&mut self, seconds: f64) {
        self.disk_check_interval = seconds;
    }

    /// No recovery files at all (benchmarks).
    pub fn disable_autosave(&mut self) {
        self.autosave_interval = f64::INFINITY;
    }

    /// Selects a span of the current article and scrolls the text to it, as
    /// clicking it in the span list does.
    pub fn reveal(&mut self, id: SpanId) {
        self.select(id, true);
    }

    pub fn any_modified(&self) -> bool {
        self.entries.iter().any(Entry::is_modified)
    }

    // ----- the frame -----

    /// The whole window; eframe calls it each frame, tests call it directly.
    pub fn ui_root(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.applied_theme != Some(self.prefs.theme) {
            ctx.set_theme(self.prefs.theme.egui());
            ctx.options_mut(|o| o.zoom_with_keyboard = false);
            self.applied_theme = Some(self.prefs.theme);
        }
        let mut actions = Vec::new();

        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .collect()
        });
        if !dropped.is_empty() {
            actions.push(Action::OpenPaths(dropped));
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if self.any_modified() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.modal = Some(Modal::Close {
                    intent: CloseIntent::Window,
                    error: None,
                });
            } else {
                self.exit_requested = true;
            }
        }
        self.poll_background(&ctx);
        let now = ctx.input(|i| i.time);
        let refocused = ctx.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(true)))
        });
        if refocused || now - self.last_disk_check >= self.disk_check_interval {
            self.last_disk_check = now;
            self.check_disk();
        }
        if let (Some(compare), Some(entry)) = (&mut self.compare, self.entries.get(self.current)) {
            match entry.doc() {
                Some(doc) => compare.refresh(&entry.path, &entry.id, doc),
                None => compare.clear_view(),
            }
        }
        if self.modal.is_none()
            && let Some(&i) = self.pending_restore.first()
        {
            self.modal = Some(Modal::Restore(i));
        }
        if self.modal.is_none()
            && let Some(i) = self
                .entries
                .iter()
                .position(|e| e.doc().is_some_and(|d| d.disk_report.is_some()))
        {
            self.set_current(i);
            self.modal = Some(Modal::Disk {
                entry: i,
                saving: false,
                error: None,
            });
        }
        if self.modal.is_none() {
            self.keyboard(&ctx, &mut actions);
        }

        actions.extend(self.panels_ui(ui));
        actions.extend(self.modal_ui(&ctx));
        self.windows_ui(&ctx);

        for action in actions {
            self.run_action(action, &ctx);
        }
        self.update_title(&ctx);
        self.was_typing = ctx.text_edit_focused();
        self.autosave(now);
        if self.autosave_interval.is_finite() && self.any_modified() {
            // Wake up for the next autosave even when the user is idle.
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                self.autosave_interval.max(0.5),
            ));
        }
        if self.disk_check_interval.is_finite() && self.loaded_count() > 0 {
            // Notice another program's changes even when the user is idle.
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                self.disk_check_interval.max(0.5),
            ));
        }
    }

    /// Compares the open articles' files with what was read or written.
    /// Articles with a change not answered yet are left alone (their files
    /// would be read again on every check).
    fn check_disk(&mut self) {
        let mut errors = Vec::new();
        for entry in &mut self.entries {
            let Some(doc) = entry.doc_mut() else { continue };
            if doc.disk_report.is_none()
                && let Err(e) = doc.check_disk()
            {
                errors.push(e);
            }
        }
        // Said once, not again on every check.
        if let Some(e) = errors.pop()
            && self.message.as_ref().is_none_or(|m| m.text != e)
        {
            self.error(e);
        }
    }

    fn keyboard(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let typing = ctx.text_edit_focused() || self.was_typing;
        while let Some(command) = commands::consume_pressed(ctx, typing) {
            actions.push(Action::Run(command));
        }
        if typing {
            return;
        }
        let labels: Vec<(Label, egui::Key)> = self
            .current_labels()
            .iter()
            .filter_map(|d| Some((d.name.clone(), commands::key_of_char(d.key)?)))
            .collect();
        for (label, key) in labels {
            if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key)) {
                actions.push(Action::ApplyLabel(label));
            }
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
            let nothing_selected = self.picking_speaker.is_none()
                && self
                    .doc()
                    .is_none_or(|d| d.selected.is_none() && d.text_sel.is_none());
            if nothing_selected && self.search.is_some() {
                actions.push(Action::CloseSearch);
            } else {
                actions.push(Action::ClearSelection);
            }
        }
    }

    pub(super) fn current_labels(&self) -> &LabelSet {
        self.doc().map_or(&self.labels, |d| &d.article.labels)
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match self.doc() {
            Some(doc) => format!(
                "{}{} — copydesk",
                if doc.article.is_modified() {
                    "● "
                } else {
                    ""
                },
                doc.display_name()
            ),
            None => "copydesk".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn autosave(&mut self, now: f64) {
        let interval = self.autosave_interval;
        if !interval.is_finite() {
            return;
        }
        let mut errors = Vec::new();
        for entry in &mut self.entries {
            let Some(doc) = entry.doc_mut() else { continue };
            if doc.recovery_pending {
                continue;
            }
            let modified = doc.article.is_modified();
            if doc.autosave.stale(modified) {
                if let Err(e) = recovery::remove(&doc.annotation_path) {
                    errors.push(e.to_string());
                }
                doc.autosave = Default::default();
            }
            let revision = doc.article.history().revision();
            if doc.autosave.due(modified, revision, now, interval) {
                match recovery::write(&doc.article, &doc.annotation_path) {
                    Ok(()) => {
                        doc.autosave = recovery::AutosaveState {
                            written: Some(revision),
                            at: now,
                        }
                    }
                    Err(e) => {
                        // Do not retry every frame.
                        doc.autosave = recovery::AutosaveState {
                            written: Some(revision),
                            at: now,
                        };
                        errors.push(format!("autosave failed: {e}"));
                    }
                }
            }
        }
        if let Some(e) = errors.pop() {
            self.error(e);
        }
    }

    pub(super) fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    pub(super) fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    // ----- applying actions -----

    /// Adds the articles under `paths` to the corpus without reading them:
    /// the first one is opened (it becomes the current article), the
    /// others when first selected; a background worker reads every
    /// article's figures from its annotation file.
    fn open_paths(&mut self, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        let mut first_new = None;
        let mut to_scan = Vec::new();
        let mut failed = 0;
        for root in &paths {
            let (articles, walk_errors) =
                crate::corpus::collect_articles(std::slice::from_ref(root));
            for path in articles {
                let id = crate::corpus::article_id(root, &path);
                let path = std::path::absolute(&path).unwrap_or(path);
                if let Some(&i) = self.entry_index.get(&path) {
                    first_new.get_or_insert(i);
                    continue;
                }
                let i = self.entries.len();
                self.entry_index.insert(path.clone(), i);
                self.entries.push(Entry::new(path.clone(), id));
                to_scan.push(path);
                first_new.get_or_insert(i);
            }
            for e in walk_errors {
                failed += 1;
                let id = doc::file_name(&e.path);
                let mut entry = Entry::new(e.path, id);
                let scanned = Err(e.message.clone());
                self.scanned_totals.apply(&scanned, true);
                entry.scanned = Some(scanned);
                entry.slot = Slot::Failed(e.message);
                entry.is_article = false;
                self.entries.push(entry);
            }
        }
        self.entries_generation += 1;
        for path in paths {
            let path = std::path::absolute(&path).unwrap_or(path);
            self.prefs.recent.retain(|p| p != &path);
            self.prefs.recent.insert(0, path);
        }
        self.prefs.recent.truncate(MAX_RECENT);
        if !to_scan.is_empty() {
            match Scanner::start(to_scan, self.labels.clone()) {
                Ok(scanner) => self.scanners.push(scanner),
                Err(e) => self.error(format!("cannot read the corpus figures: {e}")),
            }
        }
        if let Some(i) = first_new {
            self.set_current(i);
        }
        if failed > 0 {
            self.error(format!(
                "{failed} path(s) could not be opened; see the article list"
            ));
        }
    }

    /// Rebuilds the path → entry index after entries were removed.
    fn reindex(&mut self) {
        self.entry_index = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_article)
            .map(|(i, e)| (e.path.clone(), i))
            .collect();
        self.entries_generation += 1;
    }

    /// Opens entry `i`'s article if it is not in memory yet.
    pub(super) fn load_entry(&mut self, i: usize) {
        let Some(entry) = self.entries.get_mut(i) else {
            return;
        };
        if !matches!(entry.slot, Slot::NotLoaded) {
            return;
        }
        let opening = doc::open(&entry.path, &self.labels);
        entry.slot = match opening.doc {
            Ok(doc) => Slot::Loaded(Box::new(doc)),
            Err(e) => Slot::Failed(e),
        };
        if opening.recovery && !self.pending_restore.contains(&i) {
            self.pending_restore.push(i);
        }
    }

    /// Makes entry `i` the current article, opening it if needed.
    pub(super) fn set_current(&mut self, i: usize) {
        if i >= self.entries.len() {
            return;
        }
        if i != self.current {
            self.search = None;
        }
        self.current = i;
        self.load_entry(i);
    }

    /// Takes what the background workers finished since the last frame.
    fn poll_background(&mut self, ctx: &egui::Context) {
        let mut arrived = Vec::new();
        for scanner in &mut self.scanners {
            arrived.extend(scanner.drain(5000));
        }
        for scanned in arrived {
            let Some(&i) = self.entry_index.get(&scanned.path) else {
                continue; // closed meanwhile
            };
            let entry = &mut self.entries[i];
            if let Some(old) = entry.scanned.take() {
                self.scanned_totals.apply(&old, false);
            }
            self.scanned_totals.apply(&scanned.counts, true);
            entry.scanned = Some(scanned.counts);
            let waiting = entry.doc().is_some_and(|d| d.recovery_pending);
            if scanned.recovery
                && (!entry.is_loaded() || waiting)
                && !self.pending_restore.contains(&i)
            {
                self.pending_restore.push(i);
            }
        }
        self.scanners.retain(|s| !s.finished());
        if let Some(job) = &mut self.export_job
            && job.poll()
            && let Some(result) = &job.result
        {
            let text = result.summary();
            if result.error.is_some() {
                self.error(text);
            } else {
                self.info(text);
            }
        }
        let busy =
            !self.scanners.is_empty() || self.export_job.as_ref().is_some_and(|j| j.running());
        if busy {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    /// Applies an edit to the current article as one undo step.
    fn edit(&mut self, edit: Option<Edit>) {
        let Some(edit) = edit else { return };
        let Some(doc) = self.doc_mut() else { return };
        if let Err(e) = doc.apply(edit) {
            self.error(format!("not applied: {e}"));
        }
    }

    fn selected_span(&self) -> Option<&crate::model::Span> {
        let doc = self.doc()?;
        doc.annotations().get(doc.selected?)
    }

    fn select(&mut self, id: SpanId, scroll: bool) {
        if let Some(doc) = self.doc_mut() {
            let Some(range) = doc.annotations().get(id).map(|s| s.range) else {
                return;
            };
            doc.selected = Some(id);
            doc.text_sel = None;
            doc.cursor = Some(range.start);
            if scroll {
                doc.view.scroll_to = Some(ScrollTarget::Range(range));
            }
        }
        self.ui.scroll_list_to = Some(id);
    }

    /// The next (or previous) shown span after the selection or the caret;
    /// `suggestions` limits it to suggestions. Wraps around.
    fn step_span(&mut self, forward: bool, suggestions: bool) {
        let show_suggestions = self.prefs.show_suggestions;
        let hidden = self.prefs.hidden_labels.clone();
        let Some(doc) = self.doc() else { return };
        let annotations = doc.annotations();
        let order = doc.index.order();
        if order.is_empty() {
            return;
        }
        let n = order.len();
        let start = match doc
            .selected
            .and_then(|id| doc.index.position(annotations, id))
        {
            Some(p) => p,
            None => {
                let at = doc.cursor.unwrap_or(ByteOffset(0));
                let p = doc.index.first_from(at);
                if forward { (p + n - 1) % n } else { p % n }
            }
        };
        let wanted = |id: SpanId| {
            annotations.get(id).is_some_and(|s| {
                !hidden.contains(&s.label)
                    && match s.status {
                        Status::Suggested => show_suggestions || suggestions,
                        Status::Confirmed => !suggestions,
                        Status::Rejected => false,
                    }
            })
        };
        let found = (1..=n)
            .map(|k| {
                if forward {
                    (start + k) % n
                } else {
                    (start + n * 2 - k) % n
                }
            })
            .map(|p| order[p].1)
            .find(|id| wanted(*id));
        match found {
            Some(id) => self.select(id, true),
            None => self.info(if suggestions {
                "no suggestions left"
            } else {
                "no spans"
            }),
        }
    }

    fn resize_selected(&mut self, edge: Edge) {
        let Some(doc) = self.doc() else { return };
        let Some(span) = doc.selected.and_then(|id| doc.annotations().get(id)) else {
            self.info("select a span first");
            return;
        };
        match words::resized(doc.text(), span.range, edge) {
            Some(to) => {
                let edit = Edit::Resize {
                    id: span.id,
                    from: span.range,
                    to,
                };
                self.edit(Some(edit));
                if let Some(doc) = self.doc_mut() {
                    doc.view.scroll_to = Some(ScrollTarget::Range(to));
                }
            }
            None => self.info("the span cannot change further that way"),
        }
    }

    /// The shown span at byte `at`, the shortest if several overlap.
    pub(super) fn span_at(&self, at: usize) -> Option<SpanId> {
        let doc = self.doc()?;
        let annotations = doc.annotations();
        doc.index
            .overlapping(ByteRange::new(at, at + 1))
            .filter_map(|id| annotations.get(id))
            .filter(|s| {
                s.range.start.0 <= at
                    && at < s.range.end.0
                    && !self.prefs.hidden_labels.contains(&s.label)
                    && match s.status {
                        Status::Suggested => self.prefs.show_suggestions,
                        Status::Confirmed => true,
                        Status::Rejected => false,
                    }
            })
            .min_by_key(|s| s.range.len())
            .map(|s| s.id)
    }

    fn with_status(&self, id: SpanId, to: Status) -> Option<Edit> {
        self.doc()?.annotations().set_status_edit(id, to)
    }

    fn link_speaker(&mut self, quote: SpanId, link: Option<SpeakerLink>) {
        let Some(doc) = self.doc() else { return };
        let Some(span) = doc.annotations().get(quote) else {
            return;
        };
        let edit = Edit::SetSpeaker {
            id: quote,
            from: span.speaker.clone(),
            to: link.filter(|l| !l.is_empty()),
        };
        self.edit(Some(edit));
    }

    /// The name of the speaker a mention stands for: the name other quotes
    /// linked to it give, or the mention's own text.
    pub(super) fn name_of_mention(doc: &Doc, mention: SpanId) -> Option<String> {
        let annotations = doc.annotations();
        annotations
            .referrers(mention)
            .find_map(|q| q.speaker.as_ref()?.name.clone())
            .or_else(|| {
                annotations
                    .get(mention)?
                    .range
                    .slice(doc.text())
                    .map(str::to_owned)
            })
    }

    pub(super) fn save_entry(&mut self, i: usize) -> Result<(), SaveError> {
        let Some(doc) = self.entries.get_mut(i).and_then(Entry::doc_mut) else {
            return Ok(());
        };
        doc.save()
    }

    /// Saves entry `i` and says how it went; a file changed by another
    /// program meanwhile is not overwritten but asked about.
    fn save_and_report(&mut self, i: usize) -> bool {
        match self.save_entry(i) {
            Ok(()) => {
                if let Some(doc) = self.entries.get(i).and_then(Entry::doc) {
                    let name = doc.annotation_path.display().to_string();
                    self.info(format!("saved {name}"));
                }
                true
            }
            Err(SaveError::ChangedOnDisk(_)) => {
                self.set_current(i);
                self.modal = Some(Modal::Disk {
                    entry: i,
                    saving: true,
                    error: None,
                });
                false
            }
            Err(e) => {
                self.error(format!("not saved: {e}"));
                false
            }
        }
    }

    /// File → Save annotations as…: the dialog, or a path field without one.
    fn save_as_ask(&mut self) {
        let Some(doc) = self.doc() else { return };
        let name = doc::file_name(&doc.annotation_path);
        match self.dialogs.save_file("Save annotations as", &name) {
            Picked::Chosen(path) => self.save_as(path, false),
            Picked::Cancelled => {}
            Picked::Unavailable => self.ask_path(PathPurpose::SaveAs),
        }
    }

    /// Saves the current article's annotations at `path` (a folder: under
    /// the usual name in it). A typed path does not replace an existing
    /// file; a native dialog has asked about that already.
    fn save_as(&mut self, path: PathBuf, typed: bool) {
        let Some(doc) = self.doc() else { return };
        let path = std::path::absolute(&path).unwrap_or(path);
        let path = if path.is_dir() {
            path.join(doc::file_name(&doc.annotation_path))
        } else {
            path
        };
        if path == doc.annotation_path {
            // Its own file: a plain save, which asks about another
            // program's changes first.
            self.save_and_report(self.current);
            return;
        }
        if typed && path.exists() {
            self.error(format!(
                "{}: already exists; not overwritten — choose another name",
                path.display()
            ));
            return;
        }
        let Some(doc) = self.doc_mut() else { return };
        match doc.save_as(path.clone()) {
            Ok(()) => self.info(format!("saved {}", path.display())),
            Err(e) => self.error(format!("not saved: {e}")),
        }
    }

    /// The editor's answer to the prompt about files changed on disk.
    fn disk_choice(&mut self, choice: DiskChoice, ctx: &egui::Context) {
        let Some(Modal::Disk {
            entry: i, saving, ..
        }) = self.modal.clone()
        else {
            return;
        };
        let labels = self.labels.clone();
        let Some(doc) = self.entries.get_mut(i).and_then(Entry::doc_mut) else {
            self.modal = None;
            return;
        };
        if choice == DiskChoice::Reload {
            match doc.reload(&labels) {
                Ok(()) => {
                    let name = doc.display_name();
                    self.modal = None;
                    self.search = None;
                    self.info(format!("{name} read again from disk"));
                }
                Err(e) => {
                    self.modal = Some(Modal::Disk {
                        entry: i,
                        saving,
                        error: Some(format!("cannot reload: {e}")),
                    });
                }
            }
            return;
        }
        // Every other answer keeps the version in memory.
        doc.keep_mine();
        let path = doc.annotation_path.display().to_string();
        self.modal = None;
        self.set_current(i);
        match choice {
            DiskChoice::KeepMine if saving => {
                self.save_and_report(i);
            }
            DiskChoice::KeepMine => {
                self.info(format!("kept your version; saving will overwrite {path}"))
            }
            DiskChoice::Save => {
                self.save_and_report(i);
            }
            DiskChoice::SaveAs => self.save_as_ask(),
            DiskChoice::Close => self.run_cmd(Command::CloseArticle, ctx),
            DiskChoice::Reload | DiskChoice::KeepEditing => {}
        }
    }

    fn close_entry(&mut self, i: usize) {
        if i >= self.entries.len() {
            return;
        }
        let entry = self.entries.remove(i);
        if let Some(scanned) = &entry.scanned {
            self.scanned_totals.apply(scanned, false);
        }
        self.reindex();
        // Caches keyed by entry index now point at other articles.
        self.ui.list_cache = None;
        self.pending_restore.retain(|&j| j != i);
        for j in &mut self.pending_restore {
            if *j > i {
                *j -= 1;
            }
        }
        if self.current >= self.entries.len() {
            self.current = self.entries.len().saturating_sub(1);
        }
        self.search = None;
        self.load_entry(self.current);
    }

    /// Removes the recovery file of an open entry.
    fn discard_recovery(&mut self, i: usize) {
        if let Some(doc) = self.entries.get(i).and_then(Entry::doc)
            && let Err(e) = recovery::remove(&doc.annotation_path)
        {
            let text = e.to_string();
            self.error(text);
        }
    }

    pub(super) fn run_action(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::Run(command) => self.run_cmd(command, ctx),
            Action::ApplyLabel(label) => self.apply_label(label),
            Action::Select { id, scroll } => self.select(id, scroll),
            Action::SelectArticle(i) => self.set_current(i),
            Action::SetStatus(id, to) => {
                let edit = self.with_status(id, to);
                self.edit(edit);
            }
            Action::Relabel(id, to) => {
                let Some(span) = self.doc().and_then(|d| d.annotations().get(id)) else {
                    return;
                };
                let edit = Edit::Relabel {
                    id,
                    from: span.label.clone(),
                    to,
                };
                self.edit(Some(edit));
            }
            Action::SetNote(id, note) => {
                let Some(span) = self.doc().and_then(|d| d.annotations().get(id)) else {
                    return;
                };
                let edit = Edit::SetNote {
                    id,
                    from: span.note.clone(),
                    to: note.filter(|n| !n.trim().is_empty()),
                };
                self.edit(Some(edit));
            }
            Action::SetSpeaker(id, link) => {
                self.link_speaker(id, link);
                self.modal = None;
            }
            Action::PickSpeakerInText(id) => {
                self.picking_speaker = Some(id);
                self.modal = None;
                self.info("click the speaker's mention in the text, or select it (Esc cancels)");
            }
            Action::OpenPaths(paths) => self.open_paths(paths),
            Action::SetTheme(theme) => self.prefs.theme = theme,
            Action::ToggleLabel(label) => {
                if let Some(i) = self.prefs.hidden_labels.iter().position(|l| l == &label) {
                    self.prefs.hidden_labels.remove(i);
                } else {
                    self.prefs.hidden_labels.push(label);
                }
            }
            Action::TextClicked(at) => self.text_clicked(at),
            Action::TextSelected(range, exact) => self.text_selected(range, exact),
            Action::Resize(id, to, exact) => {
                let Some(doc) = self.doc() else { return };
                let Some(span) = doc.annotations().get(id) else {
                    return;
                };
                let to = if exact {
                    Some(to)
                } else {
                    words::snap_to_words(doc.text(), to)
                };
                let Some(to) = to.filter(|r| r.is_valid_in(doc.text())) else {
                    return;
                };
                // The whole drag is one edit, made on release.
                let edit = Edit::Resize {
                    id,
                    from: span.range,
                    to,
                };
                self.edit(Some(edit));
            }
            Action::CloseChoice(choice) => self.close_choice(choice, ctx),
            Action::RestoreChoice { restore } => self.restore_choice(restore),
            Action::DiskChoice(choice) => self.disk_choice(choice, ctx),
            Action::PathEntered(purpose, text) => {
                self.modal = None;
                let path = PathBuf::from(text.trim());
                if text.trim().is_empty() {
                    return;
                }
                match purpose {
                    PathPurpose::Open => {
                        if path.exists() {
                            self.open_paths(vec![path]);
                        } else {
                            self.error(format!("{}: no such file or folder", path.display()));
                        }
                    }
                    PathPurpose::Compare => self.compare_with(path),
                    PathPurpose::SaveAs => self.save_as(path, true),
                }
            }
            Action::DismissNotice => {
                if let Some(doc) = self.doc_mut() {
                    doc.notice = None;
                }
            }
            Action::DismissMessage => self.message = None,
            Action::ClearSelection => {
                self.picking_speaker = None;
                if let Some(doc) = self.doc_mut() {
                    doc.selected = None;
                    doc.text_sel = None;
                }
            }
            Action::SearchChanged => self.update_search(),
            Action::SearchStep(step) => self.search_step(step),
            Action::CloseSearch => self.search = None,
            Action::ExportChoosePath => self.export_choose_path(),
            Action::ExportStart => self.export_start(),
            Action::ExportCancel => match &self.export_job {
                Some(job) if job.running() => job.cancel(),
                _ => {
                    self.export_job = None;
                    self.modal = None;
                }
            },
            Action::StopComparing => {
                self.compare = None;
                self.info("comparison closed");
            }
            Action::RevealRange(range) => {
                if let Some(doc) = self.doc_mut() {
                    doc.view.scroll_to = Some(ScrollTarget::Range(range));
                    doc.text_sel = Some(range);
                    doc.selected = None;
                }
            }
        }
    }

    fn apply_label(&mut self, label: Label) {
        let Some(doc) = self.doc() else { return };
        if let Some(range) = doc.text_sel {
            let span = doc.annotations().new_span(label, range, Status::Confirmed);
            let id = span.id;
            self.edit(Some(Edit::Add(span)));
            if let Some(doc) = self.doc_mut() {
                doc.text_sel = None;
            }
            self.select(id, false);
        } else if let Some(span) = self.selected_span() {
            let edit = Edit::Relabel {
                id: span.id,
                from: span.label.clone(),
                to: label,
            };
            self.edit(Some(edit));
        } else {
            self.info("select text or a span first");
        }
    }

    fn text_clicked(&mut self, at: usize) {
        let hit = self.span_at(at);
        if let Some(quote) = self.picking_speaker.take() {
            let Some(doc) = self.doc() else { return };
            let mention = hit.filter(|id| {
                doc.annotations()
                    .get(*id)
                    .is_some_and(|s| s.label.is(Label::SPEAKER))
            });
            match mention {
                Some(m) => {
                    let name = Self::name_of_mention(doc, m);
                    self.link_speaker(
                        quote,
                        Some(SpeakerLink {
                            mention: Some(m),
                            name,
                        }),
                    );
                    self.select(quote, false);
                    self.info("speaker set");
                }
                None => {
                    self.picking_speaker = Some(quote);
                    self.info("that is not a Speaker span: click one, or select the mention's words (Esc cancels)");
                }
            }
            return;
        }
        if let Some(doc) = self.doc_mut() {
            doc.cursor = Some(ByteOffset(at));
            doc.text_sel = None;
            doc.selected = hit;
        }
        if let Some(id) = hit {
            self.ui.scroll_list_to = Some(id);
        }
    }

    fn text_selected(&mut self, range: ByteRange, exact: bool) {
        let Some(doc) = self.doc() else { return };
        let text = doc.text();
        let range = if exact {
            Some(range).filter(|r| r.is_valid_in(text))
        } else {
            words::snap_to_words(text, range)
        };
        let Some(range) = range else { return };
        if let Some(quote) = self.picking_speaker.take() {
            // The selected words become the quote's speaker mention: one step.
            let Some(doc) = self.doc() else { return };
            let annotations = doc.annotations();
            let Some(q) = annotations.get(quote) else {
                return;
            };
            let name = range.slice(doc.text()).map(str::to_owned);
            let (mention_id, add) = match annotations.find(&Label::speaker(), range) {
                Some(existing) => (existing.id, None),
                None => {
                    let span = annotations.new_span(Label::speaker(), range, Status::Confirmed);
                    (span.id, Some(Edit::Add(span)))
                }
            };
            let link = Edit::SetSpeaker {
                id: quote,
                from: q.speaker.clone(),
                to: Some(SpeakerLink {
                    mention: Some(mention_id),
                    name,
                }),
            };
            let edit = Edit::Batch(add.into_iter().chain([link]).collect());
            self.edit(Some(edit));
            self.select(quote, false);
            self.info("speaker set");
            return;
        }
        if let Some(doc) = self.doc_mut() {
            doc.text_sel = Some(range);
            doc.selected = None;
            doc.cursor = Some(range.end);
        }
    }

    fn close_choice(&mut self, choice: CloseChoice, ctx: &egui::Context) {
        let Some(Modal::Close { intent, .. }) = self.modal.clone() else {
            return;
        };
        let targets: Vec<usize> = match intent {
            CloseIntent::Window => (0..self.entries.len()).collect(),
            CloseIntent::Article(i) => vec![i],
        };
        match choice {
            CloseChoice::Cancel => {
                self.modal = None;
                return;
            }
            CloseChoice::Save => {
                let mut failed = Vec::new();
                for &i in &targets {
                    let modified = self.entries.get(i).is_some_and(Entry::is_modified);
                    if modified && let Err(e) = self.save_entry(i) {
                        failed.push(e.to_string());
                    }
                }
                if !failed.is_empty() {
                    self.modal = Some(Modal::Close {
                        intent,
                        error: Some(failed.join("\n")),
                    });
                    return;
                }
            }
            CloseChoice::Discard => {
                for &i in &targets {
                    self.discard_recovery(i);
                }
            }
        }
        self.modal = None;
        match intent {
            CloseIntent::Window => {
                self.allow_close = true;
                self.exit_requested = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            CloseIntent::Article(i) => self.close_entry(i),
        }
    }

    fn restore_choice(&mut self, restore: bool) {
        let Some(Modal::Restore(i)) = self.modal.take() else {
            return;
        };
        if restore {
            // The scan finds recovery files of articles not opened yet.
            self.load_entry(i);
        }
        self.pending_restore.retain(|&j| j != i);
        let Some(entry) = self.entries.get_mut(i) else {
            return;
        };
        let Some(doc) = entry.doc_mut() else {
            if restore {
                let why = match &entry.slot {
                    Slot::Failed(e) => e.clone(),
                    _ => "the article is not open".to_owned(),
                };
                self.error(format!("cannot restore: {why}"));
            } else if entry.is_article {
                let ron = crate::store::annotation_path(&entry.path);
                if let Err(e) = recovery::remove(&ron) {
                    self.error(e.to_string());
                }
            }
            return;
        };
        doc.recovery_pending = false;
        if restore {
            match recovery::load(&doc.annotation_path, doc.article.doc()) {
                Ok(loaded) => {
                    let notice = loaded.report.summary();
                    let article = recovery::restore(doc.article.doc().clone(), loaded);
                    doc.replace(article);
                    if notice.is_some() {
                        doc.notice = notice;
                    }
                    self.set_current(i);
                    self.info("unsaved work restored; save to keep it");
                }
                Err(e) => self.error(format!("cannot restore: {e}")),
            }
        } else {
            self.discard_recovery(i);
        }
    }

    /// File → Export…: the dialog, or the running export's progress.
    fn open_export_dialog(&mut self) {
        if self.export_job.as_ref().is_some_and(ExportJob::running) {
            self.modal = Some(Modal::Export(ExportForm::default()));
            return;
        }
        self.export_job = None;
        let form = self.ui.export_form.clone().unwrap_or_default();
        self.modal = Some(Modal::Export(ExportForm {
            error: None,
            ..form
        }));
    }

    fn export_choose_path(&mut self) {
        let Some(Modal::Export(form)) = &mut self.modal else {
            return;
        };
        match self
            .dialogs
            .save_file("Export", super::export::suggested_name(form.format))
        {
            Picked::Chosen(path) => {
                form.path = path.display().to_string();
                form.no_dialog = false;
            }
            Picked::Cancelled => {}
            Picked::Unavailable => form.no_dialog = true,
        }
    }

    /// Starts exporting every article of the corpus (read from the saved
    /// files, opened or not) with the dialog's options.
    fn export_start(&mut self) {
        let Some(Modal::Export(form)) = &mut self.modal else {
            return;
        };
        let typed = form.path.trim();
        if typed.is_empty() {
            form.error = Some("choose where to write the export".to_owned());
            return;
        }
        let out = PathBuf::from(typed);
        let articles: Vec<(PathBuf, String)> = self
            .entries
            .iter()
            .filter(|e| e.is_article)
            .map(|e| (e.path.clone(), e.id.clone()))
            .collect();
        let layers: Vec<String> = self.labels.iter().map(|d| d.name.to_string()).collect();
        match ExportJob::start(articles, out, form.options(), layers) {
            Ok(job) => {
                form.error = None;
                self.ui.export_form = Some(form.clone());
                self.export_job = Some(job);
            }
            Err(e) => form.error = Some(e),
        }
    }

    /// Opens `root` as the comparison set.
    fn compare_with(&mut self, root: PathBuf) {
        if !root.is_dir() {
            self.error(format!("{}: not a folder", root.display()));
            return;
        }
        let root = std::path::absolute(&root).unwrap_or(root);
        self.info(format!("comparing with {}", root.display()));
        self.compare = Some(Comparison::new(root));
    }

    fn update_search(&mut self) {
        let current = self.current;
        let Some(text) = self.doc().map(|d| d.text().to_owned()) else {
            return;
        };
        let Some(search) = &mut self.search else {
            return;
        };
        let key = (search.query.clone(), current);
        if search.computed.as_ref() == Some(&key) {
            return;
        }
        search.computed = Some(key);
        search.matches.clear();
        search.current = None;
        if search.query.is_empty() {
            return;
        }
        let pattern = format!("(?i){}", regex::escape(&search.query));
        if let Ok(re) = regex::Regex::new(&pattern) {
            search.matches = re
                .find_iter(&text)
                .take(100_000)
                .map(|m| ByteRange::new(m.start(), m.end()))
                .filter(|r| !r.is_empty())
                .collect();
        }
        self.search_step(0);
    }

    /// Moves to the next (`1`), previous (`-1`) or nearest (`0`) match and
    /// makes it the text selection, so a label key labels it.
    fn search_step(&mut self, step: i32) {
        let cursor = self.doc().and_then(|d| d.cursor).unwrap_or(ByteOffset(0));
        let Some(search) = &mut self.search else {
            return;
        };
        let n = search.matches.len();
        if n == 0 {
            search.current = None;
            return;
        }
        let next = match (search.current, step) {
            (Some(c), 1) => (c + 1) % n,
            (Some(c), -1) => (c + n - 1) % n,
            (Some(c), _) => c,
            (None, -1) => (search.matches.partition_point(|m| m.start < cursor) + n - 1) % n,
            (None, _) => search.matches.partition_point(|m| m.start < cursor) % n,
        };
        search.current = Some(next);
        let range = search.matches[next];
        if let Some(doc) = self.doc_mut() {
            doc.text_sel = Some(range);
            doc.selected = None;
            doc.view.scroll_to = Some(ScrollTarget::Range(range));
        }
    }

    pub(super) fn run_cmd(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::OpenFiles => match self.dialogs.pick_files() {
                Picked::Chosen(files) => self.open_paths(files),
                Picked::Cancelled => {}
                Picked::Unavailable => self.ask_path(PathPurpose::Open),
            },
            Command::OpenFolder => match self.dialogs.pick_folder() {
                Picked::Chosen(folder) => self.open_paths(vec![folder]),
                Picked::Cancelled => {}
                Picked::Unavailable => self.ask_path(PathPurpose::Open),
            },
            Command::Save => {
                self.save_and_report(self.current);
            }
            Command::SaveAs => self.save_as_ask(),
            Command::SaveAll => {
                let mut saved = 0;
                for i in 0..self.entries.len() {
                    if self.entries[i].is_modified() {
                        if !self.save_and_report(i) {
                            return;
                        }
                        saved += 1;
                    }
                }
                self.info(format!("saved {saved} article(s)"));
            }
            Command::Export => self.open_export_dialog(),
            Command::CompareFolder => match self.dialogs.pick_folder() {
                Picked::Chosen(folder) => self.compare_with(folder),
                Picked::Cancelled => {}
                Picked::Unavailable => self.ask_path(PathPurpose::Compare),
            },
            Command::CloseArticle => {
                let i = self.current;
                match self.entries.get(i) {
                    Some(e) if e.is_modified() => {
                        self.modal = Some(Modal::Close {
                            intent: CloseIntent::Article(i),
                            error: None,
                        });
                    }
                    Some(_) => self.close_entry(i),
                    None => {}
                }
            }
            Command::Quit => {
                if self.any_modified() {
                    self.modal = Some(Modal::Close {
                        intent: CloseIntent::Window,
                        error: None,
                    });
                } else {
                    self.exit_requested = true;
                    self.allow_close = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Command::Undo => {
                if let Some(doc) = self.doc_mut()
                    && doc.undo()
                {
                    scroll_to_selected(doc);
                }
            }
            Command::Redo => {
                if let Some(doc) = self.doc_mut()
                    && doc.redo()
                {
                    scroll_to_selected(doc);
                }
            }
            Command::Accept | Command::Reject => {
                let to = if command == Command::Accept {
                    Status::Confirmed
                } else {
                    Status::Rejected
                };
                match self.selected_span().map(|s| s.id) {
                    Some(id) => {
                        let edit = self.with_status(id, to);
                        self.edit(edit);
                    }
                    None => self.info("select a span first (N: next suggestion)"),
                }
            }
            Command::Delete => {
                let edit = self
                    .selected_span()
                    .and_then(|s| self.doc()?.annotations().remove_edit(s.id));
                self.edit(edit);
            }
            Command::Find => {
                let search = self.search.get_or_insert_with(Search::default);
                search.focus = true;
            }
            Command::FindNext | Command::FindPrevious => {
                if self.search.is_none() {
                    self.search = Some(Search {
                        focus: true,
                        ..Search::default()
                    });
                } else {
                    self.search_step(if command == Command::FindNext { 1 } else { -1 });
                }
            }
            Command::NextSpan => self.step_span(true, false),
            Command::PreviousSpan => self.step_span(false, false),
            Command::NextSuggestion => self.step_span(true, true),
            Command::PreviousSuggestion => self.step_span(false, true),
            Command::GrowStart => self.resize_selected(Edge::GrowStart),
            Command::ShrinkStart => self.resize_selected(Edge::ShrinkStart),
            Command::GrowEnd => self.resize_selected(Edge::GrowEnd),
            Command::ShrinkEnd => self.resize_selected(Edge::ShrinkEnd),
            Command::SetSpeaker => match self.selected_span() {
                Some(span) if span.label.is(Label::QUOTE) => {
                    self.modal = Some(Modal::Speaker {
                        quote: span.id,
                        filter: String::new(),
                    });
                }
                _ => self.info("select a quote first"),
            },
            Command::SameSpeakerAsPrevious => self.same_speaker_as_previous(),
            Command::EditNote => {
                if self.selected_span().is_some() {
                    self.ui.focus_note = true;
                } else {
                    self.info("select a span first");
                }
            }
            Command::AcceptAllOfLabel => {
                let label = self
                    .selected_span()
                    .map(|s| s.label.clone())
                    .or_else(|| self.ui.list_label.clone());
                let Some(label) = label else {
                    self.info("select a span (or filter the list by a label) first");
                    return;
                };
                let edit = self.doc().and_then(|d| d.accept_all_edit(&label));
                match edit {
                    Some(edit) => {
                        self.edit(Some(edit));
                        self.info(format!("accepted every {label} suggestion"));
                    }
                    None => self.info(format!("no {label} suggestions left")),
                }
            }
            Command::ToggleDone => {
                let edit = self.doc().map(|d| {
                    let done = d.annotations().is_done();
                    Edit::SetDone {
                        from: done,
                        to: !done,
                    }
                });
                self.edit(edit);
            }
            Command::RerunDetection => {
                let result = self.doc_mut().map(Doc::detect);
                match result {
                    Some(Ok(true)) => {
                        self.info("detection merged new suggestions (rejected ones stay rejected)")
                    }
                    Some(Ok(false)) => self.info("detection found nothing new"),
                    Some(Err(e)) => self.error(format!("detection not applied: {e}")),
                    None => {}
                }
            }
            Command::NextArticle | Command::PreviousArticle => {
                let n = self.entries.len();
                if n > 0 {
                    let next = if command == Command::NextArticle {
                        (self.current + 1) % n
                    } else {
                        (self.current + n - 1) % n
                    };
                    self.set_current(next);
                }
            }
            Command::FilterArticles => self.ui.focus_article_filter = true,
            Command::ToggleSuggestions => {
                self.prefs.show_suggestions = !self.prefs.show_suggestions
            }
            Command::TextLarger => self.prefs.text_size = (self.prefs.text_size + 1.0).min(40.0),
            Command::TextSmaller => self.prefs.text_size = (self.prefs.text_size - 1.0).max(8.0),
            Command::TextReset => self.prefs.text_size = DEFAULT_TEXT_SIZE,
            Command::ShowGuideline => self.ui.show_guideline = !self.ui.show_guideline,
            Command::ShowShortcuts => self.ui.show_shortcuts = !self.ui.show_shortcuts,
            Command::About => self.ui.show_about = !self.ui.show_about,
        }
    }

    fn ask_path(&mut self, purpose: PathPurpose) {
        self.modal = Some(Modal::Path {
            purpose,
            text: String::new(),
        });
    }

    fn same_speaker_as_previous(&mut self) {
        let Some(doc) = self.doc() else { return };
        let annotations = doc.annotations();
        let Some(quote) = doc.selected.and_then(|id| annotations.get(id)) else {
            self.info("select a quote first");
            return;
        };
        let Some(pos) = doc.index.position(annotations, quote.id) else {
            return;
        };
        let previous = doc.index.order()[..pos]
            .iter()
            .rev()
            .filter_map(|(_, id)| annotations.get(*id))
            .find(|s| {
                s.label.is(Label::QUOTE) && s.status != Status::Rejected && s.speaker.is_some()
            });
        match previous {
            Some(prev) => {
                let link = prev.speaker.clone();
                let id = quote.id;
                self.link_speaker(id, link);
            }
            None => self.info("no earlier quote has a speaker"),
        }
    }
}

fn scroll_to_selected(doc: &mut Doc) {
    if let Some(range) = doc
        .selected
        .and_then(|id| doc.annotations().get(id))
        .map(|s| s.range)
    {
        doc.view.scroll_to = Some(ScrollTarget::Range(range));
    }
}

impl eframe::App for EditorApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_root(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}
