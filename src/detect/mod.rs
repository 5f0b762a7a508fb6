//! Detection: rules that suggest Caption, Quote (with Speaker) and Claim spans.
//!
//! Pure text in, suggestions out; no egui and no file access. [`detect`]
//! runs the labels in a fixed order, because later labels depend on earlier
//! ones: nothing inside a caption line is a quote or a claim, and a sentence
//! that is only a quotation is not a claim.

mod bytewise;
mod caption;
mod claim;
mod common;
mod names;
mod quote;
mod sentence;
mod source;
#[cfg(test)]
mod tests;

pub use sentence::sentences;

use crate::model::{ByteRange, Label, Origin};

/// Who the detector thinks said a quote.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerGuess {
    /// The mention in the text the quote is attributed to (`he`, `Esper`,
    /// `an AWS spokesperson`), when there is one.
    pub mention: Option<ByteRange>,
    /// The most specific name the article gives (`Mark Esper`).
    pub name: Option<String>,
}

/// One span the detector proposes.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub label: Label,
    pub range: ByteRange,
    pub origin: Origin,
    /// Quotes only.
    pub speaker: Option<SpeakerGuess>,
}

/// Tunable settings of the detector.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectConfig {
    /// Claims scoring below this check-worthiness are not suggested.
    pub claim_threshold: f32,
}

impl Default for DetectConfig {
    fn default() -> Self {
        Self {
            claim_threshold: 0.5,
        }
    }
}

/// Runs every detector over `text` and returns all suggestions in text order.
pub fn detect(text: &str, config: &DetectConfig) -> Vec<Suggestion> {
    // The captions and the paragraph split read the same lines.
    let lines = common::lines(text);
    let captions = caption::captions(&lines);
    // Quotes and claims share one paragraph and sentence split: the same as
    // their `Detector` impls make, done once.
    let skip: Vec<ByteRange> = captions.iter().map(|c| c.range).collect();
    let layout = sentence::Layout::of_lines(text, &lines, &skip);
    drop(lines);
    let quotes = quote::quotes(text, &layout);
    // The claims' list takes the others in the merge.
    let others = captions.len() + quotes.len();
    let claims = claim::claims(text, &layout, &quotes, config, others);
    merge_in_text_order([captions, quotes, claims])
}

/// The order suggestions are returned in: by range, then label.
fn text_order(a: &Suggestion, b: &Suggestion) -> std::cmp::Ordering {
    (a.range, &a.label).cmp(&(b.range, &b.label))
}

/// One list of every detector's suggestions in text order, equal keys in
/// list order (as a stable sort would put them).
///
/// Each detector finds its suggestions in text order, or nearly: a list is
/// sorted only if it needs to be. Then the list with the most room (the
/// claims', sized for one claim a sentence and all the others) takes the
/// others, filled from its back: each suggestion moves once, and no new
/// buffer of them all is allocated and faulted in. A suggestion is large;
/// sorting all of them would move each many times, at random.
fn merge_in_text_order<const N: usize>(mut lists: [Vec<Suggestion>; N]) -> Vec<Suggestion> {
    for list in &mut lists {
        if !list.is_sorted_by(|a, b| text_order(a, b).is_le()) {
            list.sort_by(text_order);
        }
    }
    let Some(host) = (0..N).max_by_key(|&i| lists[i].capacity()) else {
        return Vec::new();
    };
    let mut merged = std::mem::take(&mut lists[host]);
    // `merged[..unplaced]` are the host's suggestions still to place.
    let mut unplaced = merged.len();
    let total = unplaced + lists.iter().map(Vec::len).sum::<usize>();
    merged.resize_with(total, placeholder);
    for write in (0..total).rev() {
        let last = |i: usize| {
            if i == host {
                unplaced.checked_sub(1).map(|at| &merged[at])
            } else {
                lists[i].last()
            }
        };
        // The greatest suggestion not yet placed; on equal keys the later
        // list's, which a stable sort puts last.
        let mut greatest: Option<usize> = None;
        for i in 0..N {
            if let Some(candidate) = last(i)
                && greatest
                    .and_then(last)
                    .is_none_or(|best| text_order(candidate, best).is_ge())
            {
                greatest = Some(i);
            }
        }
        // `write` is at or past `unplaced`: it holds a placeholder, or the
        // host's last unplaced suggestion when only that one is left.
        match greatest {
            Some(i) if i == host => {
                unplaced -= 1;
                merged.swap(unplaced, write);
            }
            Some(i) => {
                if let Some(suggestion) = lists[i].pop() {
                    merged[write] = suggestion;
                }
            }
            None => break,
        }
    }
    debug_assert!(
        unplaced == 0 && lists.iter().all(Vec::is_empty),
        "every suggestion placed, so no placeholder is left"
    );
    merged
}

/// A stand-in for a slot of the merged list not yet filled; allocates
/// nothing.
fn placeholder() -> Suggestion {
    Suggestion {
        label: Label::claim(),
        range: ByteRange::default(),
        origin: Origin {
            rule: "".into(),
            confidence: 0.0,
            reason: String::new(),
        },
        speaker: None,
    }
}
