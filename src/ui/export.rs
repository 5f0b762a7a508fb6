//! File → Export…: the whole corpus in one of the dataset formats, written
//! by a background thread while the dialog shows its progress.
//!
//! The export reads the saved annotation files, exactly as
//! `copydesk export` does on the same folder, so the app and the command
//! line give the same dataset. Unsaved changes of open articles are not in
//! it: the dialog says so and offers to save them first.

use crate::formats::OffsetUnit;
use crate::formats::export::{self, ExportFormat, ExportOptions, Outcome, Writer};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

/// Every format, in the dialog's order, with its name there.
pub const FORMATS: [(ExportFormat, &str); 6] = [
    (ExportFormat::Copydesk, "copydesk JSONL"),
    (ExportFormat::Doccano, "doccano JSONL"),
    (ExportFormat::Prodigy, "Prodigy / spaCy JSONL"),
    (ExportFormat::LabelStudio, "Label Studio JSON"),
    (ExportFormat::Brat, "brat standoff (folder)"),
    (ExportFormat::Conll, "CoNLL BIO (folder)"),
];

pub fn format_name(format: ExportFormat) -> &'static str {
    FORMATS
        .iter()
        .find(|(f, _)| *f == format)
        .map_or("?", |(_, name)| name)
}

/// A file name to suggest for `format`.
pub fn suggested_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Copydesk => "export.copydesk.jsonl",
        ExportFormat::Doccano => "export.doccano.jsonl",
        ExportFormat::Prodigy => "export.prodigy.jsonl",
        ExportFormat::LabelStudio => "export.label-studio.json",
        ExportFormat::Brat => "export-brat",
        ExportFormat::Conll => "export-conll",
    }
}

/// The choices of the export dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportForm {
    pub format: ExportFormat,
    /// Only copydesk JSONL offers UTF-16 offsets.
    pub offsets: OffsetUnit,
    pub include_suggestions: bool,
    pub include_unfinished: bool,
    /// The file (or folder, for brat and CoNLL) to write.
    pub path: String,
    /// There is no file dialog service: the path is typed.
    pub no_dialog: bool,
    /// Why the export did not start.
    pub error: Option<String>,
}

impl Default for ExportForm {
    fn default() -> Self {
        Self {
            format: ExportFormat::Copydesk,
            offsets: OffsetUnit::Codepoint,
            include_suggestions: false,
            include_unfinished: false,
            path: String::new(),
            no_dialog: false,
            error: None,
        }
    }
}

impl ExportForm {
    pub fn options(&self) -> ExportOptions {
        ExportOptions {
            format: self.format,
            offsets: if self.format == ExportFormat::Copydesk {
                self.offsets
            } else {
                OffsetUnit::Codepoint
            },
            include_suggestions: self.include_suggestions,
            include_unfinished: self.include_unfinished,
        }
    }
}

/// How an export ended.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportResult {
    pub out: PathBuf,
    pub written: usize,
    pub skipped_unfinished: usize,
    pub skipped_unlabelled: usize,
    /// Articles that could not be read: `path: error`.
    pub failed: Vec<String>,
    /// Articles exported without spans that could not be placed in their
    /// changed text: `path: which`.
    pub unplaced: Vec<String>,
    /// The output could not be written (the export stopped).
    pub error: Option<String>,
    pub cancelled: bool,
}

impl ExportResult {
    /// One line for the dialog and the status bar.
    pub fn summary(&self) -> String {
        if let Some(e) = &self.error {
            return format!("export failed: {e}");
        }
        let mut s = if self.cancelled {
            format!("export cancelled after {} article(s)", self.written)
        } else {
            format!(
                "{} article(s) exported to {}",
                self.written,
                self.out.display()
            )
        };
        s.push_str(&format!(
            "; skipped {} not marked done and {} without annotations",
            self.skipped_unfinished, self.skipped_unlabelled
        ));
        if !self.failed.is_empty() {
            s.push_str(&format!("; {} could not be read", self.failed.len()));
        }
        if !self.unplaced.is_empty() {
            s.push_str(&format!(
                "; {} exported without spans that could not be placed in their changed text",
                self.unplaced.len()
            ));
        }
        s
    }
}

/// An export running in the background.
pub struct ExportJob {
    pub total: usize,
    done: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    rx: mpsc::Receiver<ExportResult>,
    pub result: Option<ExportResult>,
}

impl ExportJob {
    /// Opens the output (refusing to overwrite anything, as the command
    /// line does) and starts exporting `articles` (path, id) in order.
    pub fn start(
        articles: Vec<(PathBuf, String)>,
        out: PathBuf,
        options: ExportOptions,
        layers: Vec<String>,
    ) -> Result<Self, String> {
        let writer =
            Writer::create(options.format, &out).map_err(|e| format!("{}: {e}", out.display()))?;
        let total = articles.len();
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        let (done2, cancel2) = (done.clone(), cancel.clone());
        let writes_folder = options.format.writes_folder();
        std::thread::Builder::new()
            .name("copydesk export".to_owned())
            .spawn(move || {
                let mut writer = Some(writer);
                let mut result = ExportResult {
                    out: out.clone(),
                    ..ExportResult::default()
                };
                crate::batch::ordered(
                    articles,
                    |(path, id)| {
                        if cancel2.load(Ordering::Relaxed) {
                            return (path, None);
                        }
                        let outcome = export::article(&path, id, None, &layers, &options);
                        (path, Some(outcome))
                    },
                    |(path, outcome)| {
                        done2.fetch_add(1, Ordering::Relaxed);
                        let Some(outcome) = outcome else { return };
                        if result.error.is_some() {
                            return;
                        }
                        match outcome {
                            Ok(Outcome::NoAnnotations) => result.skipped_unlabelled += 1,
                            Ok(Outcome::Unfinished) => result.skipped_unfinished += 1,
                            Ok(Outcome::Rendered { rendered, unplaced }) => {
                                if !unplaced.is_empty() {
                                    result.unplaced.push(format!(
                                        "{}: {}",
                                        path.display(),
                                        export::describe_unplaced(&unplaced)
                                    ));
                                }
                                if let Some(w) = &mut writer
                                    && let Err(e) = w.write(rendered)
                                {
                                    result.error = Some(format!("{}: {e}", out.display()));
                                    cancel2.store(true, Ordering::Relaxed);
                                }
                            }
                            Err(e) => result.failed.push(format!("{}: {e}", path.display())),
                        }
                    },
                );
                result.cancelled = cancel2.load(Ordering::Relaxed) && result.error.is_none();
                if let Some(w) = writer.take() {
                    match w.finish() {
                        Ok(written) => result.written = written,
                        Err(e) => {
                            result
                                .error
                                .get_or_insert(format!("{}: {e}", out.display()));
                        }
                    }
                }
                if (result.cancelled || result.error.is_some()) && !writes_folder {
                    // A file this export created itself (it never
                    // overwrites): do not leave half a dataset behind.
                    let _ = std::fs::remove_file(&out);
                }
                let _ = tx.send(result);
            })
            .map_err(|e| format!("cannot start the export: {e}"))?;
        Ok(Self {
            total,
            done,
            cancel,
            rx,
            result: None,
        })
    }

    /// Articles handled so far.
    pub fn done(&self) -> usize {
        self.done.load(Ordering::Relaxed).min(self.total)
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn running(&self) -> bool {
        self.result.is_none()
    }

    /// Takes the result once the thread has finished; true when it just did.
    pub fn poll(&mut self) -> bool {
        if self.result.is_some() {
            return false;
        }
        match self.rx.try_recv() {
            Ok(result) => {
                self.result = Some(result);
                true
            }
            Err(mpsc::TryRecvError::Empty) => false,
            Err(mpsc::TryRecvError::Disconnected) => {
                self.result = Some(ExportResult {
                    error: Some("the export stopped unexpectedly".to_owned()),
                    ..ExportResult::default()
                });
                true
            }
        }
    }
}

impl Drop for ExportJob {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}
