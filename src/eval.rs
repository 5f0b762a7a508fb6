//! Measuring the detector against gold labels.
//!
//! Spans match one-to-one, per label, when their character overlap
//! (intersection over union, in code points) is at least 0.5; the pairs with
//! the largest overlap are taken first. Quotes are also scored strictly:
//! equal boundaries once quotation marks, final punctuation and spaces are
//! trimmed from both. Speakers are scored over matched quotes whose gold
//! speaker is a name rather than a bare pronoun.

use crate::detect::{self, DetectConfig};
use crate::model::{Article, Label, LabelSet, Status, TextIndex};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A gold span, offsets in code points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldSpan {
    pub label: String,
    pub start: usize,
    pub end: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

/// A gold document: the JSONL shape of `copydesk eval --gold`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldDoc {
    pub id: String,
    pub text: String,
    pub spans: Vec<GoldSpan>,
}

/// Why gold data could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("{}: {source}", path.display())]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}: {message}", path.display())]
    Record {
        path: std::path::PathBuf,
        line: usize,
        message: String,
    },
}

/// Reads a gold JSONL file. Every record is checked: offsets must be inside
/// the text and ordered.
pub fn read_gold_jsonl(path: &Path) -> Result<Vec<GoldDoc>, GoldError> {
    let content = std::fs::read_to_string(path).map_err(|source| GoldError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut docs = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record_error = |message: String| GoldError::Record {
            path: path.to_owned(),
            line: i + 1,
            message,
        };
        let doc: GoldDoc = serde_json::from_str(line).map_err(|e| record_error(e.to_string()))?;
        let len = doc.text.chars().count();
        if let Some(bad) = doc.spans.iter().find(|s| s.start >= s.end || s.end > len) {
            return Err(record_error(format!(
                "span {}..{} is empty or outside the {len} characters of {:?}",
                bad.start, bad.end, doc.id
            )));
        }
        docs.push(doc);
    }
    Ok(docs)
}

/// Gold documents from a folder of articles whose annotation files hold
/// confirmed spans (articles without any are skipped).
pub fn read_gold_folder(dir: &Path) -> (Vec<GoldDoc>, Vec<String>) {
    let (articles, walk_errors) = crate::corpus::collect_articles(&[dir.to_owned()]);
    let mut errors: Vec<String> = walk_errors
        .into_iter()
        .map(|e| format!("{}: {}", e.path.display(), e.message))
        .collect();
    let mut docs = Vec::new();
    for path in articles {
        if !crate::store::annotation_path(&path).exists() {
            continue;
        }
        match crate::store::open_article(&path, &LabelSet::default()) {
            Ok(opened) => {
                let doc = gold_from_article(&path.to_string_lossy(), &opened.article);
                if !doc.spans.is_empty() {
                    docs.push(doc);
                }
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    (docs, errors)
}

/// The confirmed spans of an article as gold (Speaker spans become the
/// quotes' speaker names).
pub fn gold_from_article(id: &str, article: &Article) -> GoldDoc {
    let text = article.text();
    let index = TextIndex::new(text);
    let annotations = article.annotations();
    let spans = annotations
        .in_text_order()
        .into_iter()
        .filter(|s| s.status == Status::Confirmed && !s.label.is(Label::SPEAKER))
        .map(|s| GoldSpan {
            label: s.label.to_string(),
            start: index.to_char(s.range.start).map_or(0, |c| c.0),
            end: index.to_char(s.range.end).map_or(0, |c| c.0),
            speaker: s.speaker.as_ref().and_then(|link| {
                link.name.clone().or_else(|| {
                    let mention = annotations.get(link.mention?)?;
                    mention.range.slice(text).map(str::to_owned)
                })
            }),
        })
        .collect();
    GoldDoc {
        id: id.to_owned(),
        text: text.to_owned(),
        spans,
    }
}

/// A predicted span in code points, with the speaker it was given.
#[derive(Debug, Clone)]
struct Predicted {
    label: String,
    start: usize,
    end: usize,
    /// The resolved name and the mention's text, either of which may match.
    speaker_names: Vec<String>,
}

fn predict(text: &str, config: &DetectConfig) -> Vec<Predicted> {
    let index = TextIndex::new(text);
    let chars = |b| index.to_char(b).map_or(0, |c| c.0);
    detect::detect(text, config)
        .into_iter()
        .map(|s| {
            let mut speaker_names = Vec::new();
            if let Some(guess) = &s.speaker {
                speaker_names.extend(guess.name.clone());
                speaker_names.extend(guess.mention.and_then(|m| m.slice(text)).map(str::to_owned));
            }
            Predicted {
                label: s.label.to_string(),
                start: chars(s.range.start),
                end: chars(s.range.end),
                speaker_names,
            }
        })
        .collect()
}

/// Counts for one label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: Counts) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.matched += other.matched;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The scores of a whole evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub documents: usize,
    /// Per label, at IoU ≥ 0.5.
    pub labels: BTreeMap<String, Counts>,
    /// Quotes with exact trimmed boundaries.
    pub quote_strict: Counts,
    /// Matched quotes with a named gold speaker, and how many got it right.
    pub speakers_scored: usize,
    pub speakers_correct: usize,
}

impl Report {
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speakers_correct, self.speakers_scored)
    }

    /// A table for people.
    pub fn to_table(&self) -> String {
        let mut out = format!(
            "{} document(s)\n{:<16} {:>6} {:>6} {:>6} {:>9} {:>7} {:>6}\n",
            self.documents, "label", "gold", "pred", "match", "precision", "recall", "f1"
        );
        let mut row = |name: &str, c: &Counts| {
            out.push_str(&format!(
                "{:<16} {:>6} {:>6} {:>6} {:>9.3} {:>7.3} {:>6.3}\n",
                name,
                c.gold,
                c.predicted,
                c.matched,
                c.precision(),
                c.recall(),
                c.f1()
            ));
        };
        for (label, counts) in &self.labels {
            row(label, counts);
        }
        if self.labels.contains_key(Label::QUOTE) {
            row("Quote (strict)", &self.quote_strict);
            out.push_str(&format!(
                "speaker accuracy {:.3} ({} of {} matched quotes with a named gold speaker)\n",
                self.speaker_accuracy(),
                self.speakers_correct,
                self.speakers_scored
            ));
        }
        out
    }
}

/// Runs the detector on every gold document and scores it on the labels the
/// gold carries (a corpus that labels only quotes is scored only on quotes).
pub fn evaluate(docs: &[GoldDoc], config: &DetectConfig) -> Report {
    let labels: BTreeSet<&str> = docs
        .iter()
        .flat_map(|d| d.spans.iter().map(|s| s.label.as_str()))
        .filter(|l| *l != Label::SPEAKER)
        .collect();
    let mut report = Report {
        documents: docs.len(),
        labels: labels
            .iter()
            .map(|l| (l.to_string(), Counts::default()))
            .collect(),
        ..Report::default()
    };
    for doc in docs {
        let predicted = predict(&doc.text, config);
        let chars: Vec<char> = doc.text.chars().collect();
        for label in &labels {
            let mut gold: Vec<&GoldSpan> = doc.spans.iter().filter(|s| s.label == *label).collect();
            let mut pred: Vec<&Predicted> =
                predicted.iter().filter(|s| s.label == *label).collect();
            gold.sort_by_key(|s| (s.start, s.end));
            pred.sort_by_key(|s| (s.start, s.end));
            let pairs = match_one_to_one(
                &gold.iter().map(|g| (g.start, g.end)).collect::<Vec<_>>(),
                &pred.iter().map(|p| (p.start, p.end)).collect::<Vec<_>>(),
            );
            if let Some(counts) = report.labels.get_mut(*label) {
                counts.add(Counts {
                    gold: gold.len(),
                    predicted: pred.len(),
                    matched: pairs.len(),
                });
            }
            if *label != Label::QUOTE {
                continue;
            }
            let mut strict = Counts {
                gold: gold.len(),
                predicted: pred.len(),
                matched: 0,
            };
            for (g, p) in pairs {
                let (g, p) = (gold[g], pred[p]);
                if trimmed(&chars, g.start, g.end) == trimmed(&chars, p.start, p.end) {
                    strict.matched += 1;
                }
                if let Some(name) = g.speaker.as_deref().filter(|n| is_named(n)) {
                    report.speakers_scored += 1;
                    if p.speaker_names.iter().any(|pn| same_speaker(name, pn)) {
                        report.speakers_correct += 1;
                    }
                }
            }
            report.quote_strict.add(strict);
        }
    }
    report
}

/// Greedy one-to-one matching by largest IoU, pairs below 0.5 never match.
/// Returns `(gold index, predicted index)` pairs.
pub(crate) fn match_one_to_one(
    gold: &[(usize, usize)],
    pred: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let mut candidates = Vec::new();
    // Both lists are sorted by start, so overlapping pairs are found with a
    // moving window rather than by comparing every pair.
    let mut first = 0;
    for (gi, &(gs, ge)) in gold.iter().enumerate() {
        while first < pred.len() && pred[first].1 <= gs {
            first += 1;
        }
        for (pi, &(ps, pe)) in pred.iter().enumerate().skip(first) {
            if ps >= ge {
                break;
            }
            let inter = ge.min(pe).saturating_sub(gs.max(ps));
            let union = ge.max(pe) - gs.min(ps);
            let iou = inter as f64 / union as f64;
            if iou >= 0.5 {
                candidates.push((iou, gi, pi));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let (mut gold_used, mut pred_used) = (vec![false; gold.len()], vec![false; pred.len()]);
    let mut pairs = Vec::new();
    for (_, gi, pi) in candidates {
        if !gold_used[gi] && !pred_used[pi] {
            gold_used[gi] = true;
            pred_used[pi] = true;
            pairs.push((gi, pi));
        }
    }
    pairs
}

/// A quote's text without its quotation marks, final punctuation and spaces.
fn trimmed(chars: &[char], start: usize, end: usize) -> String {
    let strip = |c: char| c.is_whitespace() || "\"'“”‘’«»„‚‹›.,;:!?…".contains(c);
    let s: String = chars.get(start..end).unwrap_or_default().iter().collect();
    s.trim_matches(strip).to_owned()
}

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "his", "its", "their",
];

fn is_named(speaker: &str) -> bool {
    let s = speaker.trim();
    !s.is_empty() && !PRONOUNS.contains(&s.to_lowercase().as_str())
}

fn name_tokens(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-')
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .filter(|t| !matches!(t.as_str(), "the" | "a" | "an"))
        .collect()
}

/// The same speaker: equal names, or one name's words all within the
/// other's (`Esper` and `Mark Esper`, `The Post` and `Post`).
fn same_speaker(gold: &str, predicted: &str) -> bool {
    let (g, p) = (name_tokens(gold), name_tokens(predicted));
    if g.is_empty() || p.is_empty() {
        return false;
    }
    g.iter().all(|t| p.contains(t)) || p.iter().all(|t| g.contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_to_one_matching_takes_the_best_overlap_first() {
        // One gold span, two candidates: only the better one matches.
        assert_eq!(
            match_one_to_one(&[(0, 10)], &[(0, 6), (0, 9)]),
            vec![(0, 1)]
        );
        // Below IoU 0.5 nothing matches.
        assert!(match_one_to_one(&[(0, 10)], &[(0, 4)]).is_empty());
        // Two golds, two preds, crossing overlaps are resolved one-to-one.
        assert_eq!(
            match_one_to_one(&[(0, 10), (10, 20)], &[(0, 10), (10, 20)]).len(),
            2
        );
    }

    #[test]
    fn strict_quote_boundaries_ignore_marks_and_final_punctuation() {
        let chars: Vec<char> = "“We won.” “We won”".chars().collect();
        assert_eq!(trimmed(&chars, 0, 9), trimmed(&chars, 10, 18));
    }

    #[test]
    fn speakers_match_by_name_words_and_pronouns_are_not_scored() {
        assert!(same_speaker("Esper", "Mark Esper"));
        assert!(same_speaker("The New York Post", "New York Post"));
        assert!(!same_speaker("Mark Esper", "Jim Mattis"));
        assert!(!is_named("He"));
        assert!(is_named("a source"));
    }

    #[test]
    fn counts_give_precision_recall_f1() {
        let c = Counts {
            gold: 4,
            predicted: 2,
            matched: 2,
        };
        assert_eq!((c.precision(), c.recall()), (1.0, 0.5));
        assert!((c.f1() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(Counts::default().f1(), 0.0);
    }
}
