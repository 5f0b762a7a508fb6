//! The RON annotation file: its serde shape, reading, checking, writing.

use super::atomic::{BATCH_WAIT, FileLock};
use super::{FORMAT, FileStamp, StoreError, VERSION};
use crate::model::{
    Annotations, Article, CharOffset, Document, Label, LabelSet, Origin, Span, SpanId, SpeakerLink,
    Status, TextIndex, Unplaced,
};
use ron::extensions::Extensions;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// The file as read: what loading needs of [`FileOut`]. The header
/// (`format`, `version`) is checked before, by [`Header`]; `source` is read
/// only by [`source_of`]; `length` is there for people and other tools.
#[derive(Debug, Deserialize)]
struct AnnotationFile {
    fingerprint: String,
    done: bool,
    labels: LabelSet,
    spans: Vec<StoredSpan>,
    /// Spans that could not be placed after the article text changed.
    #[serde(default)]
    unplaced: Vec<StoredSpan>,
}

#[derive(Debug, Clone, Deserialize)]
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
    /// Confirmed and rejected spans whose text is no longer in the article,
    /// or whose new place is held by an identical span (kept in the file).
    pub unplaced: Vec<(SpanId, Label, String)>,
    /// Suggestions that could not be placed: dropped, as the next run of
    /// the detector makes them afresh from the new text.
    pub dropped_suggestions: usize,
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
        if self.dropped_suggestions > 0 {
            s.push_str(&format!(
                "; {} suggestion(s) no longer in the text were dropped",
                self.dropped_suggestions
            ));
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

fn without_bom(content: &str) -> &str {
    content.strip_prefix('\u{feff}').unwrap_or(content)
}

fn read(path: &Path) -> Result<String, StoreError> {
    let bytes = std::fs::read(path).map_err(|source| StoreError::Io {
        path: path.to_owned(),
        source,
    })?;
    utf8(bytes, path)
}

fn utf8(bytes: Vec<u8>, path: &Path) -> Result<String, StoreError> {
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
/// file's folder. The file is a stranger's as often as ours, so what its
/// `source` names is checked before anything reads it: a relative path to
/// an article file (by its extension), which must be a regular file, not
/// a device or a pipe that would never end or never answer.
pub fn source_of(path: &Path) -> Result<PathBuf, StoreError> {
    let content = read(path)?;
    let content = without_bom(&content);
    check_header(content, path)?;
    let only: SourceOnly = ron::from_str(content).map_err(|e| syntax_error(path, e))?;
    let named = Path::new(&only.source);
    if named.is_absolute() || named.has_root() {
        return Err(invalid(
            path,
            format!(
                "its source {:?} is not relative to the annotation file's folder; not read",
                only.source
            ),
        ));
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    let source = dir.join(named);
    if !crate::corpus::is_article(&source) {
        return Err(invalid(
            path,
            format!(
                "its source {:?} is not an article file (.txt, .md, .html, .htm); not read",
                only.source
            ),
        ));
    }
    match std::fs::metadata(&source) {
        Ok(meta) if !meta.is_file() => Err(invalid(
            path,
            format!(
                "its source {} is not a regular file; not read",
                source.display()
            ),
        )),
        // A missing article is reported by whoever reads it, with its path.
        _ => Ok(source),
    }
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

/// Parses annotation file `content` (read from `path`) for `doc`. A
/// byte-order mark, as Notepad writes one, is read past.
pub fn parse(content: &str, path: &Path, doc: &Document) -> Result<Loaded, StoreError> {
    let content = without_bom(content);
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
        let stored: Vec<StoredSpan> = file.spans.into_iter().chain(file.unplaced).collect();
        let places = reanchor(&stored, &index);
        let mut gone = HashSet::new();
        for (stored, place) in stored.into_iter().zip(places) {
            match place {
                Some(range) => {
                    if let Some(new_start) = index.to_char(range.start)
                        && new_start != stored.start
                    {
                        report.moved.push(Moved {
                            id: stored.id,
                            old_start: stored.start.0,
                            new_start: new_start.0,
                        });
                    }
                    spans.push(span_at(stored, range));
                }
                // The detector makes suggestions afresh from the new text;
                // only an editor's decisions are worth keeping aside.
                None if stored.status == Status::Suggested => {
                    report.dropped_suggestions += 1;
                    gone.insert(stored.id);
                }
                None => {
                    gone.insert(stored.id);
                    report
                        .unplaced
                        .push((stored.id, stored.label.clone(), stored.text.clone()));
                    unplaced.push(stored);
                }
            }
        }
        unlink_lost_mentions(&mut spans, &gone, &was_aside);
    } else {
        for stored in file.spans {
            spans.push(place_exactly(&stored, &index).map_err(|e| invalid(path, e))?);
        }
        // Files of earlier versions kept stale suggestions aside too.
        unplaced = file
            .unplaced
            .into_iter()
            .filter(|s| s.status != Status::Suggested)
            .collect();
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

/// Finds each span's text in changed article text: the occurrence nearest
/// to where it was. All texts are looked for in one pass over the article,
/// so the work grows with the text and the spans, not their product. Two
/// spans of the same label never land on the same place: the one that was
/// nearer keeps it, and the other cannot be placed.
fn reanchor(stored: &[StoredSpan], index: &TextIndex) -> Vec<Option<crate::model::ByteRange>> {
    let text = index.text();
    let mut pattern_of: HashMap<&str, usize> = HashMap::new();
    let mut patterns: Vec<&str> = Vec::new();
    for span in stored {
        if !span.text.is_empty() && !pattern_of.contains_key(span.text.as_str()) {
            pattern_of.insert(&span.text, patterns.len());
            patterns.push(&span.text);
        }
    }
    // Byte starts of every occurrence of every pattern, in text order.
    let mut occurrences: Vec<Vec<usize>> = vec![Vec::new(); patterns.len()];
    if let Ok(searcher) = aho_corasick::AhoCorasick::new(&patterns) {
        for found in searcher.find_overlapping_iter(text) {
            occurrences[found.pattern().as_usize()].push(found.start());
        }
    }
    let nearest: Vec<Option<(usize, usize)>> = stored
        .iter()
        .map(|span| {
            let starts = &occurrences[*pattern_of.get(span.text.as_str())?];
            nearest_occurrence(starts, span.start, index)
        })
        .collect();
    // Which span keeps each contested place: the nearest, then the lowest id.
    let mut holder: HashMap<(&Label, usize, usize), usize> = HashMap::new();
    for (i, place) in nearest.iter().enumerate() {
        let Some((at, distance)) = *place else {
            continue;
        };
        let key = (&stored[i].label, at, stored[i].text.len());
        let keeps = |other: usize| {
            let theirs = nearest[other].map_or(usize::MAX, |(_, d)| d);
            (distance, stored[i].id) < (theirs, stored[other].id)
        };
        match holder.get(&key) {
            Some(&other) if !keeps(other) => {}
            _ => {
                holder.insert(key, i);
            }
        }
    }
    nearest
        .iter()
        .enumerate()
        .map(|(i, place)| {
            let (at, _) = (*place)?;
            let len = stored[i].text.len();
            (holder.get(&(&stored[i].label, at, len)) == Some(&i))
                .then(|| crate::model::ByteRange::new(at, at + len))
        })
        .collect()
}

/// The occurrence in `starts` (byte offsets, ascending) nearest to code
/// point `was`, with its distance in code points.
fn nearest_occurrence(
    starts: &[usize],
    was: CharOffset,
    index: &TextIndex,
) -> Option<(usize, usize)> {
    let chars = |at: usize| {
        index
            .to_char(crate::model::ByteOffset(at))
            .map_or(0, |c| c.0)
    };
    let after = starts.partition_point(|&at| chars(at) < was.0);
    [after.checked_sub(1), Some(after)]
        .into_iter()
        .flatten()
        .filter_map(|i| starts.get(i))
        .map(|&at| (at, chars(at).abs_diff(was.0)))
        .min_by_key(|&(_, distance)| distance)
}

/// Quotes whose speaker mention could not be placed keep the name only, and
/// so do quotes back from aside whose mention was deleted meanwhile (an
/// editor cannot see a link from a span kept aside).
fn unlink_lost_mentions(spans: &mut [Span], gone: &HashSet<SpanId>, was_aside: &HashSet<SpanId>) {
    let placed: HashSet<SpanId> = spans.iter().map(|s| s.id).collect();
    for span in spans {
        let back = was_aside.contains(&span.id);
        if let Some(link) = &mut span.speaker
            && link
                .mention
                .is_some_and(|m| gone.contains(&m) || (back && !placed.contains(&m)))
        {
            link.mention = None;
        }
        if span.speaker.as_ref().is_some_and(SpeakerLink::is_empty) {
            span.speaker = None;
        }
    }
}

/// The file as written: [`AnnotationFile`]'s shape, borrowing from the
/// article instead of copying it, so that saving a large article costs
/// little more memory than the article itself.
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'a str,
    version: u32,
    source: String,
    fingerprint: String,
    length: usize,
    done: bool,
    labels: &'a LabelSet,
    spans: SpansOut<'a>,
    #[serde(skip_serializing_if = "SpansOut::is_empty")]
    unplaced: SpansOut<'a>,
}

/// [`StoredSpan`]'s shape, borrowed.
#[derive(Serialize)]
struct SpanOut<'a> {
    id: SpanId,
    label: &'a Label,
    start: CharOffset,
    end: CharOffset,
    text: &'a str,
    status: Status,
    origin: &'a Option<Origin>,
    speaker: &'a Option<SpeakerLink>,
    note: &'a Option<String>,
}

/// Spans written one by one as the serializer asks for them.
enum SpansOut<'a> {
    Placed(Vec<&'a Span>, &'a TextIndex<'a>),
    Aside(&'a [Unplaced]),
}

impl SpansOut<'_> {
    fn is_empty(&self) -> bool {
        match self {
            Self::Placed(spans, _) => spans.is_empty(),
            Self::Aside(spans) => spans.is_empty(),
        }
    }
}

impl Serialize for SpansOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Placed(spans, index) => serializer.collect_seq(spans.iter().map(|span| {
                span_out(
                    span,
                    index.to_char(span.range.start).unwrap_or_default(),
                    index.to_char(span.range.end).unwrap_or_default(),
                    span.range.slice(index.text()).unwrap_or_default(),
                )
            })),
            Self::Aside(spans) => serializer.collect_seq(spans.iter().map(|u| {
                span_out(
                    &u.span,
                    CharOffset(u.old_start),
                    CharOffset(u.old_end),
                    u.text.as_str(),
                )
            })),
        }
    }
}

fn span_out<'a>(span: &'a Span, start: CharOffset, end: CharOffset, text: &'a str) -> SpanOut<'a> {
    SpanOut {
        id: span.id,
        label: &span.label,
        start,
        end,
        text,
        status: span.status,
        origin: &span.origin,
        speaker: &span.speaker,
        note: &span.note,
    }
}

/// Writes the file content for `article`, saved at `path`, to `out`.
fn render_to(
    article: &Article,
    path: &Path,
    out: &mut dyn std::io::Write,
) -> Result<(), StoreError> {
    let text = article.text();
    let index = TextIndex::new(text);
    let annotations = article.annotations();
    let dir = path.parent().unwrap_or(Path::new(""));
    let file = FileOut {
        format: FORMAT,
        version: VERSION,
        source: relative_path(dir, article.doc().source()).map_err(|e| invalid(path, e))?,
        fingerprint: article.doc().fingerprint().to_string(),
        length: index.char_len().0,
        done: annotations.is_done(),
        labels: &article.labels,
        spans: SpansOut::Placed(annotations.in_text_order(), &index),
        unplaced: SpansOut::Aside(annotations.unplaced()),
    };
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ")
        .struct_names(false)
        .escape_strings(false)
        .extensions(Extensions::IMPLICIT_SOME);
    let cannot = |e: &dyn std::fmt::Display| StoreError::Invalid {
        path: path.to_owned(),
        detail: format!("cannot write RON: {e}"),
    };
    ron::Options::default()
        .to_io_writer_pretty(&mut *out, &file, config)
        .map_err(|e| match e {
            ron::Error::Io(message) => StoreError::Io {
                path: path.to_owned(),
                source: std::io::Error::other(message),
            },
            e => cannot(&e),
        })?;
    out.write_all(b"\n").map_err(|source| StoreError::Io {
        path: path.to_owned(),
        source,
    })
}

/// The file content for `article`, saved at `path`.
pub fn render(article: &Article, path: &Path) -> Result<String, StoreError> {
    let mut out = Vec::new();
    render_to(article, path, &mut out)?;
    // The serializer writes only `str`s.
    String::from_utf8(out).map_err(|e| invalid(path, format!("cannot write RON: {e}")))
}

/// Saves `article`'s annotations atomically at `path`, whatever is there.
/// For a file that was read first, [`save_if`] or [`Held`] make sure no
/// other program's save is overwritten.
pub fn save(article: &Article, path: &Path) -> Result<FileStamp, StoreError> {
    hold(path, BATCH_WAIT)?.save(article)
}

/// Saves `article`'s annotations at `path` only if the file there still
/// has the content it had when it was stamped `expected` (or is still
/// missing): another program's save in between is never overwritten.
pub fn save_if(
    article: &Article,
    path: &Path,
    expected: &FileStamp,
    wait: Duration,
) -> Result<FileStamp, StoreError> {
    let held = hold(path, wait)?;
    if !held.stamp.same_content(expected) {
        return Err(StoreError::Changed {
            path: path.to_owned(),
        });
    }
    held.save(article)
}

/// An annotation file held for a read-modify-write. It is locked before
/// it is read, so no other copydesk writes it until this hold saves or is
/// dropped; and it is checked once more just before it is replaced, for
/// programs that take no lock.
#[derive(Debug)]
pub struct Held {
    path: PathBuf,
    lock: FileLock,
    stamp: FileStamp,
    content: Option<String>,
}

/// Takes the hold on the annotation file at `path` and reads it, waiting
/// up to `wait` for another program's save of it to finish.
pub fn hold(path: &Path, wait: Duration) -> Result<Held, StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_owned(),
        source,
    };
    let lock = FileLock::acquire(path, wait).map_err(io)?;
    let (stamp, bytes) = FileStamp::read_with_bytes(path).map_err(io)?;
    let content = bytes.map(|b| utf8(b, path)).transpose()?;
    Ok(Held {
        path: path.to_owned(),
        lock,
        stamp,
        content,
    })
}

impl Held {
    /// The file as read.
    pub fn stamp(&self) -> &FileStamp {
        &self.stamp
    }

    /// The annotations read, checked against `doc`; `None` when there was
    /// no file.
    pub fn load(&self, doc: &Document) -> Result<Option<Loaded>, StoreError> {
        self.content
            .as_deref()
            .map(|content| parse(content, &self.path, doc))
            .transpose()
    }

    /// Replaces the file with `article`'s annotations, unless another
    /// program changed it since it was read. Returns the new file's stamp.
    pub fn save(self, article: &Article) -> Result<FileStamp, StoreError> {
        let io = |source| StoreError::Io {
            path: self.path.clone(),
            source,
        };
        match self.stamp.check(&self.path).map_err(io)? {
            super::DiskChange::Same(_) => {}
            _ => {
                return Err(StoreError::Changed {
                    path: self.path.clone(),
                });
            }
        }
        // Written straight into the temporary file: a large article's RON
        // is several times its text, and is never held in memory whole.
        let mut failed = None;
        let replaced = self.lock.replace_with(|out| {
            render_to(article, &self.path, out).map_err(|e| {
                let message = e.to_string();
                failed = Some(e);
                std::io::Error::other(message)
            })
        });
        match (replaced, failed) {
            (Ok(replaced), _) => Ok(FileStamp::written(&replaced.metadata, replaced.hash)),
            (Err(_), Some(e)) => Err(e),
            (Err(source), None) => Err(io(source)),
        }
    }
}

/// Reads a label set from a RON file (a list of label definitions).
pub fn load_labels(path: &Path) -> Result<LabelSet, StoreError> {
    let content = read(path)?;
    let labels: LabelSet =
        ron::from_str(without_bom(&content)).map_err(|e| syntax_error(path, e))?;
    labels.check().map_err(|e| invalid(path, e.to_string()))?;
    Ok(labels)
}

/// `target` written relative to `dir`, with `/` separators, so the file
/// stays valid when the whole folder moves. A name that is not UTF-8
/// cannot be written in the file as it is, and a lossy copy would name no
/// file: it is refused.
fn relative_path(dir: &Path, target: &Path) -> Result<String, String> {
    // An empty folder (a file named without one) is the current folder:
    // `absolute("")` is an error, and the source would be written as an
    // absolute path starting with `//`.
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let (dir, named) = (absolute(dir), absolute(target));
    let dir: Vec<Component> = dir.components().collect();
    let target: Vec<Component> = named.components().collect();
    let common = dir.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; dir.len() - common];
    for part in &target[common..] {
        parts.push(part.as_os_str().to_str().ok_or_else(|| {
            format!(
                "the article's name {} is not valid UTF-8, so the annotation file could not \
                 name it; rename the article",
                named.display()
            )
        })?);
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_walk_up_and_down() {
        let relative = |dir: &str, target: &str| relative_path(Path::new(dir), Path::new(target));
        assert_eq!(relative("/a/b", "/a/b/x.txt").unwrap(), "x.txt");
        assert_eq!(relative("/a/out", "/a/b/x.txt").unwrap(), "../b/x.txt");
        // `copydesk detect a.txt` saves `a.txt.copydesk.ron`, whose folder
        // is the empty path.
        assert_eq!(relative("", "x.txt").unwrap(), "x.txt");
        assert_eq!(relative("", "sub/x.txt").unwrap(), "sub/x.txt");
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_is_refused_rather_than_written_lossily() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        let e = relative_path(Path::new("/a"), &Path::new("/a").join(name)).unwrap_err();
        assert!(e.contains("not valid UTF-8"), "{e}");
    }
}
