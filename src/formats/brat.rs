//! brat standoff: the text as `<id>.txt` and its annotations as `<id>.ann`,
//! code point offsets.
//!
//! `T` lines hold spans (a span that crosses a line break is written as
//! fragments, as brat requires), `R` lines the `said_by` links from quotes
//! to speaker mentions, `A` lines mark suggestions (`Suggested`), and `#`
//! lines (AnnotatorNotes) carry speaker names (`speaker: …`) and notes
//! (`note: …`).

use super::{ExportDoc, ImportedDoc, ImportedSpan, SAID_BY};
use crate::model::{ByteRange, CharOffset, Status, TextIndex};

/// The `.ann` content of an article. Labels are written as brat types
/// ([`super::word_label`]); the error names a span brat cannot hold (one of
/// line breaks only, which would have no fragment) or two labels that would
/// share a type.
pub fn ann(doc: &ExportDoc) -> Result<String, String> {
    let types = doc.label_names(super::word_label)?;
    let chars: Vec<char> = doc.text.chars().collect();
    let mut out = String::new();
    let (mut notes, mut attributes) = (0, 0);
    for span in doc.spans() {
        let fragments = fragments(&chars, span.start, span.end);
        if fragments.is_empty() {
            return Err(format!(
                "span {} ({}) holds only line breaks, which brat cannot hold",
                span.id, span.label
            ));
        }
        let offsets: Vec<String> = fragments.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let pieces: Vec<String> = fragments
            .iter()
            .map(|&(s, e)| chars[s..e].iter().collect())
            .collect();
        out.push_str(&format!(
            "T{}\t{} {}\t{}\n",
            span.id.0,
            types[span.label.as_str()],
            offsets.join(";"),
            pieces.join(" ")
        ));
        if span.status == Status::Suggested {
            attributes += 1;
            out.push_str(&format!("A{attributes}\tSuggested T{}\n", span.id.0));
        }
        for (kind, value) in [("speaker", &span.speaker_name), ("note", &span.note)] {
            if let Some(value) = value {
                notes += 1;
                let one_line = value.replace(['\n', '\r', '\t'], " ");
                out.push_str(&format!(
                    "#{notes}\tAnnotatorNotes T{}\t{kind}: {one_line}\n",
                    span.id.0
                ));
            }
        }
    }
    for (i, (quote, mention)) in doc.speaker_links().enumerate() {
        out.push_str(&format!(
            "R{}\t{SAID_BY} Arg1:T{} Arg2:T{}\n",
            i + 1,
            quote.id.0,
            mention.id.0
        ));
    }
    Ok(out)
}

/// `start..end` (code points) cut at line breaks, without the line break
/// characters.
fn fragments(chars: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let end = end.min(chars.len());
    let mut from = start;
    for (i, c) in chars.iter().enumerate().take(end).skip(start) {
        if matches!(c, '\n' | '\r') {
            if from < i {
                out.push((from, i));
            }
            from = i + 1;
        }
    }
    if from < end {
        out.push((from, end));
    }
    out
}

/// Reads an `.ann` file for `text`. Lines that cannot be read are reported
/// with their line number and skipped.
pub fn import(id: String, text: String, ann: &str) -> ImportedDoc {
    let index = TextIndex::new(&text);
    let mut doc = ImportedDoc {
        id,
        ..ImportedDoc::default()
    };
    for (n, line) in ann.lines().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        let warn = |doc: &mut ImportedDoc, what: &str| {
            doc.warnings.push(format!("line {}: {what}", n + 1))
        };
        match line.chars().next() {
            Some('T') => {
                let Some(spec) = fields.get(1) else {
                    warn(&mut doc, "a T line without a span");
                    continue;
                };
                let mut words = spec.splitn(2, ' ');
                let label = words.next().unwrap_or_default();
                let numbers: Vec<usize> = words
                    .next()
                    .unwrap_or_default()
                    .split([' ', ';'])
                    .filter_map(|n| n.parse().ok())
                    .collect();
                let (Some(&start), Some(&end)) = (numbers.first(), numbers.last()) else {
                    warn(&mut doc, "a T line without offsets");
                    continue;
                };
                let range = index
                    .from_char(CharOffset(start))
                    .zip(index.from_char(CharOffset(end)))
                    .map(|(start, end)| ByteRange { start, end })
                    .filter(|r| r.is_valid_in(index.text()));
                let Some(range) = range else {
                    warn(
                        &mut doc,
                        &format!("offsets {start}..{end} are outside the text"),
                    );
                    continue;
                };
                doc.spans.push(ImportedSpan {
                    key: Some(fields[0].to_owned()),
                    label: label.to_owned(),
                    range,
                    status: Status::Confirmed,
                    origin: None,
                    speaker_name: None,
                    speaker_key: None,
                    note: None,
                });
            }
            Some('A') => {
                let target = fields.get(1).and_then(|f| f.strip_prefix("Suggested "));
                if let Some(span) =
                    target.and_then(|t| doc.spans.iter_mut().find(|s| s.key.as_deref() == Some(t)))
                {
                    span.status = Status::Suggested;
                }
            }
            Some('R') => {
                let spec = fields.get(1).copied().unwrap_or_default();
                let mut parts = spec.split(' ');
                if parts.next() != Some(SAID_BY) {
                    continue;
                }
                let arg = |p: Option<&str>, name: &str| {
                    p.and_then(|a| a.strip_prefix(name)).map(str::to_owned)
                };
                let (Some(from), Some(to)) =
                    (arg(parts.next(), "Arg1:"), arg(parts.next(), "Arg2:"))
                else {
                    warn(&mut doc, "a relation without Arg1 and Arg2");
                    continue;
                };
                if let Err(e) = super::link_speaker(&mut doc.spans, &from, &to) {
                    warn(&mut doc, &e);
                }
            }
            Some('#') => {
                let target = fields
                    .get(1)
                    .and_then(|f| f.strip_prefix("AnnotatorNotes "));
                let value = fields.get(2).copied().unwrap_or_default();
                if let Some(span) =
                    target.and_then(|t| doc.spans.iter_mut().find(|s| s.key.as_deref() == Some(t)))
                {
                    if let Some(name) = value.strip_prefix("speaker: ") {
                        span.speaker_name = Some(name.to_owned());
                    } else if let Some(note) = value.strip_prefix("note: ") {
                        span.note = Some(note.to_owned());
                    }
                }
            }
            None => {}
            Some(_) => warn(&mut doc, "not a T, A, R or # line"),
        }
    }
    doc.text = text;
    doc
}
