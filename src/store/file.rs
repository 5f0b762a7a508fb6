//! The RON annotation file: its serde shape, reading, checking, writing.

use super::{FORMAT, StoreError, VERSION, write_atomic};
use crate::model::{
    Annotations, Article, CharOffset, Document, Label, LabelSet, Origin, Span, SpanId, SpeakerLink,
    Status, TextIndex, Unplaced,
};
use ron::extensions::Extensions;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// The file as written. Field order is the order in the file.
#[derive(Debug, Serialize, Deserialize)]
struct AnnotationFile {
    format: String,
    version: u32,
    /// The article, relative to the folder of the annotation file.
    source: String,
    fingerprint: String,
    /// Length of the article text in code points.
    length: usize,
    done: bool,
    labels: LabelSet,
    spans: Vec<StoredSpan>,
    /// Spans that could not be placed after the article text changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    unplaced: Vec<StoredSpan>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredSpan {
    id: SpanId,
    label: Label,
    /// Code point offsets, end exclusive.
    start: CharOffset,
    end: CharOffset,
    text: String,
    status: Status,
    #[serde(default)]
    origin: Option<Origin>,
    #[serde(default)]
    speaker: Option<SpeakerLink>,
    #[serde(default)]
    note: Option<String>,
}

/// Only what is needed to decide whether to read the rest.
#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
struct SourceOnly {
    source: String,
}

/// A span whose offsets changed because the article text changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Moved {
    pub id: SpanId,
    pub old_start: usize,
    pub new_start: usize,
}

/// What loading found beyond the annotations themselves.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadReport {
    /// The article text is not the text the file was written for.
    pub text_changed: bool,
    /// Spans found again at another place.
    pub moved: Vec<Moved>,
    /// Spans whose text is no longer in the article (kept in the file).
    pub unplaced: Vec<(SpanId, Label, String)>,
}

impl LoadReport {
    /// One line for a person, or `None` when nothing needs saying.
    pub fn summary(&self) -> Option<String> {
        if !self.text_changed {
            return None;
        }
        let mut s = format!(
            "the article text changed since the annotations were saved: {} span(s) re-anchored",
            self.moved.len()
        );
        if !self.unplaced.is_empty() {
            s.push_str(&format!(
                ", {} could not be placed and are kept aside:",
                self.unplaced.len()
            ));
            for (id, label, text) in &self.unplaced {
                s.push_str(&format!(" {id} {label} {text:?};"));
            }
            s.pop();
        }
        Some(s)
    }
}

/// Annotations read from a file, checked against their article.
#[derive(Debug)]
pub struct Loaded {
    pub annotations: Annotations,
    pub labels: LabelSet,
    pub report: LoadReport,
}

fn syntax_error(path: &Path, e: ron::error::SpannedError) -> StoreError {
    StoreError::Syntax {
        path: path.to_owned(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: match e.code {
            // ron's own text here is advice to the programmer.
            ron::Error::ExceededRecursionLimit => {
                "the file nests too deeply: it is damaged or not an annotation file".to_owned()
            }
            code => code.to_string(),
        },
    }
}

fn invalid(path: &Path, detail: impl Into<String>) -> StoreError {
    StoreError::Invalid {
        path: path.to_owned(),
        detail: detail.into(),
    }
}

/// Reads the annotation file at `path` for `doc`.
pub fn load(path: &Path, doc: &Document) -> Result<Loaded, StoreError> {
    let content = read(path)?;
    parse(&content, path, doc)
}

fn read(path: &Path) -> Result<String, StoreError> {
    let bytes = std::fs::read(path).map_err(|source| StoreError::Io {
        path: path.to_owned(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        invalid(
            path,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// The article an annotation file was written for, resolved against the
/// file's folder.
pub fn source_of(path: &Path) -> Result<PathBuf, StoreError> {
    let content = read(path)?;
    check_header(&content, path)?;
    let only: SourceOnly = ron::from_str(&content).map_err(|e| syntax_error(path, e))?;
    let dir = path.parent().unwrap_or(Path::new(""));
    Ok(dir.join(only.source))
}

/// Refuses a file that is not a copydesk annotation file, or is one of a
/// newer format version, before anything else is read from it.
fn check_header(content: &str, path: &Path) -> Result<(), StoreError> {
    let header: Header = ron::from_str(content).map_err(|e| syntax_error(path, e))?;
    if header.format != FORMAT {
        return Err(StoreError::NotOurs {
            path: path.to_owned(),
            found: header.format,
        });
    }
    if header.version > VERSION {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            version: header.version,
        });
    }
    Ok(())
}

/// Parses annotation file `content` (read from `path`) for `doc`.
pub fn parse(content: &str, path: &Path, doc: &Document) -> Result<Loaded, StoreError> {
    check_header(content, path)?;
    let file: AnnotationFile = ron::from_str(content).map_err(|e| syntax_error(path, e))?;
    file.labels
        .check()
        .map_err(|e| invalid(path, format!("label set: {e}")))?;
    for span in file.spans.iter().chain(&file.unplaced) {
        if !file.labels.contains(&span.label) {
            return Err(invalid(
                path,
                format!(
                    "span {}: label {:?} is not in the file's label set",
                    span.id,
                    span.label.as_str()
                ),
            ));
        }
    }

    let text = doc.text();
    let index = TextIndex::new(text);
    let text_changed = file.fingerprint != doc.fingerprint().as_str();
    let mut report = LoadReport {
        text_changed,
        ..LoadReport::default()
    };
    let mut spans = Vec::with_capacity(file.spans.len());
    let mut unplaced = Vec::new();
    if text_changed {
        // Previously unplaced spans get another chance in the new text.
        let was_aside: HashSet<SpanId> = file.unplaced.iter().map(|s| s.id).collect();
        for stored in file.spans.into_iter().chain(file.unplaced) {
            match reanchor(&stored, &index) {
                Some(span) => {
                    if let Some(new_start) = index.to_char(span.range.start)
                        && new_start != stored.start
                    {
                        report.moved.push(Moved {
                            id: stored.id,
                            old_start: stored.start.0,
                            new_start: new_start.0,
                        });
                    }
                    spans.push(span);
                }
                None => {
                    report
                        .unplaced
                        .push((stored.id, stored.label.clone(), stored.text.clone()));
                    unplaced.push(stored);
                }
            }
        }
        unlink_unplaced_mentions(&mut spans, &unplaced, &was_aside);
    } else {
        for stored in file.spans {
            spans.push(place_exactly(&stored, &index).map_err(|e| invalid(path, e))?);
        }
        unplaced = file.unplaced;
    }
    let unplaced = unplaced
        .into_iter()
        .map(|s| Unplaced {
            old_start: s.start.0,
            old_end: s.end.0,
            text: s.text.clone(),
            span: span_at(s, Default::default()),
        })
        .collect();
    let annotations = Annotations::from_parts(text, spans, file.done, unplaced)
        .map_err(|e| invalid(path, e.to_string()))?;
    Ok(Loaded {
        annotations,
        labels: file.labels,
        report,
    })
}

fn span_at(stored: StoredSpan, range: crate::model::ByteRange) -> Span {
    Span {
        id: stored.id,
        label: stored.label,
        range,
        status: stored.status,
        origin: stored.origin,
        speaker: stored.speaker,
        note: stored.note,
    }
}

/// Places a span at its stored offsets, which must hold its stored text.
fn place_exactly(stored: &StoredSpan, index: &TextIndex) -> Result<Span, String> {
    let id = stored.id;
    let (start, end) = (stored.start.0, stored.end.0);
    if start >= end {
        return Err(format!("span {id}: start {start} is not before end {end}"));
    }
    let len = index.char_len().0;
    if end > len {
        return Err(format!(
            "span {id}: end {end} is beyond the article's {len} characters"
        ));
    }
    let range = crate::model::ByteRange {
        start: index
            .from_char(stored.start)
            .ok_or(format!("span {id}: bad start"))?,
        end: index
            .from_char(stored.end)
            .ok_or(format!("span {id}: bad end"))?,
    };
    let actual = range.slice(index.text()).unwrap_or_default();
    if actual != stored.text {
        return Err(format!(
            "span {id}: the article has {actual:?} at {start}..{end}, but the file says {:?}",
            stored.text
        ));
    }
    Ok(span_at(stored.clone(), range))
}

/// Finds a span's text in changed article text: the occurrence nearest to
/// where it was.
fn reanchor(stored: &StoredSpan, index: &TextIndex) -> Option<Span> {
    if stored.text.is_empty() {
        return None;
    }
    let text = index.text();
    let best = text
        .match_indices(stored.text.as_str())
        .filter_map(|(at, _)| Some((at, index.to_char(crate::model::ByteOffset(at))?.0)))
        .min_by_key(|&(_, chars)| chars.abs_diff(stored.start.0))?;
    let range = crate::model::ByteRange::new(best.0, best.0 + stored.text.len());
    Some(span_at(stored.clone(), range))
}

/// Quotes whose speaker mention could not be placed keep the name only, and
/// so do quotes back from aside whose mention was deleted meanwhile (an
/// editor cannot see a link from a span kept aside).
fn unlink_unplaced_mentions(
    spans: &mut [Span],
    unplaced: &[StoredSpan],
    was_aside: &HashSet<SpanId>,
) {
    let placed: HashSet<SpanId> = spans.iter().map(|s| s.id).collect();
    let unplaced: HashSet<SpanId> = unplaced.iter().map(|s| s.id).collect();
    for span in spans {
        let back = was_aside.contains(&span.id);
        if let Some(link) = &mut span.speaker
            && link
                .mention
                .is_some_and(|m| unplaced.contains(&m) || (back && !placed.contains(&m)))
        {
            link.mention = None;
        }
        if span.speaker.as_ref().is_some_and(SpeakerLink::is_empty) {
            span.speaker = None;
        }
    }
}

fn stored_span(span: &Span, index: &TextIndex) -> StoredSpan {
    let text = index.text();
    StoredSpan {
        id: span.id,
        label: span.label.clone(),
        start: index.to_char(span.range.start).unwrap_or_default(),
        end: index.to_char(span.range.end).unwrap_or_default(),
        text: span.range.slice(text).unwrap_or_default().to_owned(),
        status: span.status,
        origin: span.origin.clone(),
        speaker: span.speaker.clone(),
        note: span.note.clone(),
    }
}

/// The file content for `article`, saved at `path`.
pub fn render(article: &Article, path: &Path) -> Result<String, StoreError> {
    let text = article.text();
    let index = TextIndex::new(text);
    let annotations = article.annotations();
    let dir = path.parent().unwrap_or(Path::new(""));
    let file = AnnotationFile {
        format: FORMAT.to_owned(),
        version: VERSION,
        source: relative_path(dir, article.doc().source()),
        fingerprint: article.doc().fingerprint().to_string(),
        length: index.char_len().0,
        done: annotations.is_done(),
        labels: article.labels.clone(),
        spans: annotations
            .in_text_order()
            .into_iter()
            .map(|s| stored_span(s, &index))
            .collect(),
        unplaced: annotations
            .unplaced()
            .iter()
            .map(|u| StoredSpan {
                start: CharOffset(u.old_start),
                end: CharOffset(u.old_end),
                text: u.text.clone(),
                ..stored_span(&u.span, &index)
            })
            .collect(),
    };
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ")
        .struct_names(false)
        .escape_strings(false)
        .extensions(Extensions::IMPLICIT_SOME);
    let mut out = ron::ser::to_string_pretty(&file, config).map_err(|e| StoreError::Invalid {
        path: path.to_owned(),
        detail: format!("cannot write RON: {e}"),
    })?;
    out.push('\n');
    Ok(out)
}

/// Saves `article`'s annotations atomically at `path`.
pub fn save(article: &Article, path: &Path) -> Result<(), StoreError> {
    let content = render(article, path)?;
    write_atomic(path, content.as_bytes()).map_err(|source| StoreError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Reads a label set from a RON file (a list of label definitions).
pub fn load_labels(path: &Path) -> Result<LabelSet, StoreError> {
    let content = read(path)?;
    let labels: LabelSet = ron::from_str(&content).map_err(|e| syntax_error(path, e))?;
    labels.check().map_err(|e| invalid(path, e.to_string()))?;
    Ok(labels)
}

/// `target` written relative to `dir`, with `/` separators, so the file
/// stays valid when the whole folder moves.
fn relative_path(dir: &Path, target: &Path) -> String {
    // An empty folder (a file named without one) is the current folder:
    // `absolute("")` is an error, and the source would be written as an
    // absolute path starting with `//`.
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let (dir, target) = (absolute(dir), absolute(target));
    let dir: Vec<Component> = dir.components().collect();
    let target: Vec<Component> = target.components().collect();
    let common = dir.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); dir.len() - common];
    parts.extend(
        target[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_walk_up_and_down() {
        assert_eq!(
            relative_path(Path::new("/a/b"), Path::new("/a/b/x.txt")),
            "x.txt"
        );
        assert_eq!(
            relative_path(Path::new("/a/out"), Path::new("/a/b/x.txt")),
            "../b/x.txt"
        );
        // `copydesk detect a.txt` saves `a.txt.copydesk.ron`, whose folder
        // is the empty path.
        assert_eq!(relative_path(Path::new(""), Path::new("x.txt")), "x.txt");
        assert_eq!(
            relative_path(Path::new(""), Path::new("sub/x.txt")),
            "sub/x.txt"
        );
    }
}
