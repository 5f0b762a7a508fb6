//! The corpus sidebar's figures: each article's review state and span
//! counts, and their totals as `copydesk stats` prints them.
//!
//! Opening a folder reads no article: the entries hold only their paths,
//! and a background worker ([`Scanner`]) reads the annotation files. An
//! article without one is new with no spans (as `copydesk stats` counts it)
//! and costs one `stat`; an article with one is opened with
//! [`store::open_article`], exactly as `copydesk stats` does, so that the
//! figures agree with it even when the text changed and spans moved.

use crate::model::{Annotations, Label, LabelSet, ReviewState, Status};
use crate::{recovery, store};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

/// Span counts of one label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LabelCounts {
    pub suggested: usize,
    pub confirmed: usize,
    pub rejected: usize,
}

impl LabelCounts {
    pub fn total(&self) -> usize {
        self.suggested + self.confirmed + self.rejected
    }

    fn add(&mut self, other: &LabelCounts) {
        self.suggested += other.suggested;
        self.confirmed += other.confirmed;
        self.rejected += other.rejected;
    }

    fn sub(&mut self, other: &LabelCounts) {
        self.suggested = self.suggested.saturating_sub(other.suggested);
        self.confirmed = self.confirmed.saturating_sub(other.confirmed);
        self.rejected = self.rejected.saturating_sub(other.rejected);
    }

    fn count(&mut self, status: Status) {
        match status {
            Status::Suggested => self.suggested += 1,
            Status::Confirmed => self.confirmed += 1,
            Status::Rejected => self.rejected += 1,
        }
    }
}

/// One article's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleCounts {
    pub state: ReviewState,
    /// Per label: the article's label set in order, then any other label
    /// its spans use.
    pub per_label: Vec<(Label, LabelCounts)>,
    /// Whether the article has an annotation file (or is open in the
    /// editor, where it has annotations in memory).
    pub annotated: bool,
}

impl ArticleCounts {
    pub fn of(labels: &LabelSet, annotations: &Annotations, annotated: bool) -> Self {
        let mut per_label: Vec<(Label, LabelCounts)> = labels
            .iter()
            .map(|d| (d.name.clone(), LabelCounts::default()))
            .collect();
        for span in annotations.iter() {
            match per_label.iter_mut().find(|(l, _)| l == &span.label) {
                Some((_, counts)) => counts.count(span.status),
                None => {
                    let mut counts = LabelCounts::default();
                    counts.count(span.status);
                    per_label.push((span.label.clone(), counts));
                }
            }
        }
        Self {
            state: annotations.review_state(),
            per_label,
            annotated,
        }
    }

    /// An article without an annotation file: new, no spans.
    pub fn unannotated(labels: &LabelSet) -> Self {
        Self::of(labels, &Annotations::default(), false)
    }

    pub fn spans(&self) -> usize {
        self.per_label.iter().map(|(_, c)| c.total()).sum()
    }

    pub fn suggested(&self) -> usize {
        self.per_label.iter().map(|(_, c)| c.suggested).sum()
    }
}

/// The totals over a corpus, as `copydesk stats` prints them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CorpusCounts {
    /// Articles counted (read, or open in the editor).
    pub articles: usize,
    pub new: usize,
    pub in_progress: usize,
    pub done: usize,
    /// Articles or paths that could not be read.
    pub unreadable: usize,
    /// Per label in the order first seen (the label set's order).
    pub per_label: Vec<(Label, LabelCounts)>,
}

impl CorpusCounts {
    fn state_mut(&mut self, state: ReviewState) -> &mut usize {
        match state {
            ReviewState::New => &mut self.new,
            ReviewState::InProgress => &mut self.in_progress,
            ReviewState::Done => &mut self.done,
        }
    }

    pub fn articles_in(&self, state: ReviewState) -> usize {
        match state {
            ReviewState::New => self.new,
            ReviewState::InProgress => self.in_progress,
            ReviewState::Done => self.done,
        }
    }

    /// The counts of one label (zero when no article has it).
    pub fn label(&self, label: &Label) -> LabelCounts {
        self.per_label
            .iter()
            .find(|(l, _)| l == label)
            .map_or_else(LabelCounts::default, |(_, c)| *c)
    }

    pub fn add(&mut self, article: &ArticleCounts) {
        self.articles += 1;
        *self.state_mut(article.state) += 1;
        for (label, counts) in &article.per_label {
            match self.per_label.iter_mut().find(|(l, _)| l == label) {
                Some((_, mine)) => mine.add(counts),
                None => self.per_label.push((label.clone(), *counts)),
            }
        }
    }

    pub fn remove(&mut self, article: &ArticleCounts) {
        self.articles = self.articles.saturating_sub(1);
        let n = self.state_mut(article.state);
        *n = n.saturating_sub(1);
        for (label, counts) in &article.per_label {
            if let Some((_, mine)) = self.per_label.iter_mut().find(|(l, _)| l == label) {
                mine.sub(counts);
            }
        }
    }

    /// Adds or removes what the scan found for one entry.
    pub fn apply(&mut self, scanned: &Result<ArticleCounts, String>, add: bool) {
        match (scanned, add) {
            (Ok(counts), true) => self.add(counts),
            (Ok(counts), false) => self.remove(counts),
            (Err(_), true) => self.unreadable += 1,
            (Err(_), false) => self.unreadable = self.unreadable.saturating_sub(1),
        }
    }
}

/// What the worker found for one article.
#[derive(Debug)]
pub struct Scanned {
    pub path: PathBuf,
    pub counts: Result<ArticleCounts, String>,
    /// A recovery file from an earlier session waits for a decision.
    pub recovery: bool,
}

/// Reads one article's figures (see the module documentation).
pub fn scan_one(path: &Path, labels: &LabelSet) -> Scanned {
    let ron = store::annotation_path(path);
    let recovery = recovery::exists(&ron);
    let counts = if ron.exists() {
        store::open_article(path, labels)
            .map(|opened| {
                ArticleCounts::of(&opened.article.labels, opened.article.annotations(), true)
            })
            .map_err(|e| e.to_string())
    } else {
        Ok(ArticleCounts::unannotated(labels))
    };
    Scanned {
        path: path.to_owned(),
        counts,
        recovery,
    }
}

/// A background worker reading the figures of a list of articles, in
/// parallel, and handing them over through a channel. Dropping it stops the
/// work that has not started.
pub struct Scanner {
    rx: mpsc::Receiver<Scanned>,
    total: usize,
    received: usize,
    cancel: Arc<AtomicBool>,
}

impl Scanner {
    pub fn start(paths: Vec<PathBuf>, labels: LabelSet) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let total = paths.len();
        let stop = cancel.clone();
        std::thread::Builder::new()
            .name("copydesk corpus scan".to_owned())
            .spawn(move || {
                // What saves killed in an earlier session left beside the
                // annotation files. A folder that cannot be read is reported
                // for each of its articles by the scan itself.
                let annotation_paths: Vec<PathBuf> =
                    paths.iter().map(|p| store::annotation_path(p)).collect();
                store::sweep_folders(annotation_paths.iter().filter_map(|p| p.parent()));
                crate::batch::ordered(
                    paths,
                    |path| (!stop.load(Ordering::Relaxed)).then(|| scan_one(&path, &labels)),
                    |scanned| {
                        if let Some(scanned) = scanned
                            && tx.send(scanned).is_err()
                        {
                            stop.store(true, Ordering::Relaxed);
                        }
                    },
                );
            })?;
        Ok(Self {
            rx,
            total,
            received: 0,
            cancel,
        })
    }

    /// The results that arrived since the last call (at most `max`).
    pub fn drain(&mut self, max: usize) -> Vec<Scanned> {
        let mut out = Vec::new();
        while out.len() < max {
            match self.rx.try_recv() {
                Ok(scanned) => out.push(scanned),
                Err(mpsc::TryRecvError::Empty) => break,
                Err(mpsc::TryRecvError::Disconnected) => {
                    // The worker ended early (it panicked): stop waiting.
                    self.received = self.total;
                    break;
                }
            }
        }
        self.received = (self.received + out.len()).min(self.total);
        out
    }

    pub fn finished(&self) -> bool {
        self.received >= self.total
    }

    /// (read, total).
    pub fn progress(&self) -> (usize, usize) {
        (self.received, self.total)
    }
}

impl Drop for Scanner {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_add_and_remove_articles() {
        let labels = LabelSet::default();
        let a = ArticleCounts::unannotated(&labels);
        let mut b = a.clone();
        b.state = ReviewState::Done;
        b.per_label[0].1.confirmed = 3;
        let mut t = CorpusCounts::default();
        t.add(&a);
        t.add(&b);
        assert_eq!((t.articles, t.new, t.done), (2, 1, 1));
        assert_eq!(t.label(&b.per_label[0].0).confirmed, 3);
        t.remove(&b);
        assert_eq!((t.articles, t.new, t.done), (1, 1, 0));
        assert_eq!(t.label(&b.per_label[0].0).confirmed, 0);
    }
}
