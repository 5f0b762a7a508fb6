//! The comparison layer: a second editor's annotations of the same
//! articles (another folder with the same relative paths), shown over the
//! current article with the agreement figures of `copydesk agree`.
//!
//! Only the other set's annotation file is read, against the article open
//! here: its fingerprint says whether it was written for the same text. The
//! figures are [`crate::agree::agree`]'s (confirmed spans, Speaker mentions
//! left out); the marks in the text pair the two sets' confirmed spans with
//! the same one-to-one matching, per label (Speaker mentions included), so
//! that a span only one editor made stands out.

use super::doc::Doc;
use crate::agree::{self, Agreement};
use crate::model::{Annotations, ByteRange, Label, LabelSet, Revision, Status, TextIndex};
use crate::store;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How a span of the comparison layer relates to the other set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// The other editor's span, matched by one of ours.
    Matched,
    /// The other editor's span with no match here.
    TheirsOnly,
    /// Our confirmed span with no match in the other set.
    OursOnly,
}

/// One span of the comparison layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub range: ByteRange,
    pub label: Label,
    pub kind: MarkKind,
}

/// The comparison of the current article.
#[derive(Debug, Clone)]
pub struct CompareView {
    /// The other set's annotation file.
    pub file: PathBuf,
    pub agreement: Agreement,
    /// Sorted by start.
    pub marks: Vec<Mark>,
    max_len: usize,
}

impl CompareView {
    fn new(doc: &Doc, file: PathBuf, theirs: &Annotations, labels: &LabelSet) -> Self {
        let other =
            crate::model::Article::new(doc.article.doc().clone(), labels.clone(), theirs.clone());
        // Same text (the file was checked against this article), so
        // `agree` cannot fail; an empty agreement would be shown otherwise.
        let agreement = agree::agree(&doc.article, &other).unwrap_or_default();
        let text = doc.text();
        let index = TextIndex::new(text);
        let chars = |r: ByteRange| {
            (
                index.to_char(r.start).map_or(0, |c| c.0),
                index.to_char(r.end).map_or(0, |c| c.0),
            )
        };
        let confirmed = |annotations: &Annotations, label: &Label| {
            let mut spans: Vec<ByteRange> = annotations
                .iter()
                .filter(|s| s.status == Status::Confirmed && &s.label == label)
                .map(|s| s.range)
                .collect();
            spans.sort_by_key(|r| (r.start, r.end));
            spans
        };
        let mut labels_seen: Vec<&Label> = Vec::new();
        for span in doc.annotations().iter().chain(theirs.iter()) {
            if span.status == Status::Confirmed && !labels_seen.contains(&&span.label) {
                labels_seen.push(&span.label);
            }
        }
        let mut marks = Vec::new();
        for label in labels_seen {
            let ours = confirmed(doc.annotations(), label);
            let other = confirmed(theirs, label);
            let a: Vec<(usize, usize)> = ours.iter().map(|r| chars(*r)).collect();
            let b: Vec<(usize, usize)> = other.iter().map(|r| chars(*r)).collect();
            let pairs = crate::eval::match_one_to_one(&a, &b);
            let mut ours_matched = vec![false; ours.len()];
            let mut theirs_matched = vec![false; other.len()];
            for (i, j) in pairs {
                ours_matched[i] = true;
                theirs_matched[j] = true;
            }
            for (range, matched) in other.iter().zip(&theirs_matched) {
                marks.push(Mark {
                    range: *range,
                    label: label.clone(),
                    kind: if *matched {
                        MarkKind::Matched
                    } else {
                        MarkKind::TheirsOnly
                    },
                });
            }
            for (range, _) in ours.iter().zip(&ours_matched).filter(|(_, m)| !**m) {
                marks.push(Mark {
                    range: *range,
                    label: label.clone(),
                    kind: MarkKind::OursOnly,
                });
            }
        }
        marks.sort_by_key(|m| (m.range.start, m.range.end));
        let max_len = marks.iter().map(|m| m.range.len()).max().unwrap_or(0);
        Self {
            file,
            agreement,
            marks,
            max_len,
        }
    }

    /// The marks overlapping `range`.
    pub fn overlapping(&self, range: ByteRange) -> impl Iterator<Item = &Mark> + '_ {
        let from = range.start.0.saturating_sub(self.max_len);
        let first = self.marks.partition_point(|m| m.range.start.0 < from);
        self.marks[first..]
            .iter()
            .take_while(move |m| m.range.start < range.end)
            .filter(move |m| m.range.end > range.start)
    }

    pub fn count(&self, kind: MarkKind) -> usize {
        self.marks.iter().filter(|m| m.kind == kind).count()
    }

    /// Span F1 over all labels (pooled counts).
    pub fn f1(&self) -> f64 {
        let (mut a, mut b, mut matched) = (0, 0, 0);
        for s in self.agreement.spans.values() {
            a += s.a;
            b += s.b;
            matched += s.matched;
        }
        agree::SpanAgreement { a, b, matched }.f1()
    }

    /// Cohen's kappa over tokens, all labels.
    pub fn kappa(&self) -> f64 {
        self.agreement.tokens.kappa()
    }

    /// Per label: (label, F1, kappa, spans here, spans there, matched).
    pub fn per_label(&self) -> Vec<(String, f64, f64, usize, usize, usize)> {
        self.agreement
            .spans
            .iter()
            .map(|(label, s)| {
                let kappa = self
                    .agreement
                    .label_tokens
                    .get(label)
                    .map_or(1.0, agree::TokenTable::kappa);
                (label.clone(), s.f1(), kappa, s.a, s.b, s.matched)
            })
            .collect()
    }
}

type Theirs = Result<(Annotations, LabelSet), String>;

/// The article (path and annotation version) a view was computed for.
type ViewKey = (PathBuf, (u64, Revision));

/// The folder compared with, and what was read from it.
pub struct Comparison {
    pub root: PathBuf,
    /// The other set's annotations, per article path here, read once.
    theirs: HashMap<PathBuf, Theirs>,
    view: Option<(ViewKey, Result<CompareView, String>)>,
}

impl Comparison {
    pub fn new(root: PathBuf) -> Self {
        Self {
            root,
            theirs: HashMap::new(),
            view: None,
        }
    }

    /// The comparison of the current article, if one is open.
    pub fn view(&self) -> Option<&Result<CompareView, String>> {
        self.view.as_ref().map(|(_, v)| v)
    }

    pub fn clear_view(&mut self) {
        self.view = None;
    }

    /// Brings the comparison up to date with the article at `path` (id
    /// `id`), reading the other set's file the first time.
    pub fn refresh(&mut self, path: &Path, id: &str, doc: &Doc) {
        let version = doc.version();
        if self
            .view
            .as_ref()
            .is_some_and(|((p, v), _)| p == path && *v == version)
        {
            return;
        }
        let key = (path.to_owned(), version);
        let file = store::annotation_path(&self.root.join(id));
        let theirs = self
            .theirs
            .entry(path.to_owned())
            .or_insert_with(|| read_theirs(&file, doc));
        let view = match theirs {
            Ok((annotations, labels)) => Ok(CompareView::new(doc, file, annotations, labels)),
            Err(e) => Err(e.clone()),
        };
        self.view = Some((key, view));
    }
}

fn read_theirs(file: &Path, doc: &Doc) -> Theirs {
    if !file.exists() {
        return Err(format!(
            "{}: no annotation file for this article in the compared folder",
            file.display()
        ));
    }
    let loaded = store::load(file, doc.article.doc()).map_err(|e| e.to_string())?;
    if loaded.report.text_changed {
        return Err(format!(
            "{} was written for a different text of this article; not compared",
            file.display()
        ));
    }
    Ok((loaded.annotations, loaded.labels))
}

/// A mark's text, shortened, for the details panel.
pub fn mark_text(text: &str, mark: &Mark) -> String {
    mark.range
        .slice(text)
        .unwrap_or_default()
        .chars()
        .take(60)
        .collect()
}
