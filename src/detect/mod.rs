//! Detection: rules that suggest Caption, Quote (with Speaker) and Claim spans.
//!
//! Pure text in, suggestions out; no egui and no file access. The pipeline
//! runs one [`Detector`] per label in a fixed order, because later labels
//! depend on earlier ones: nothing inside a caption line is a quote or a
//! claim, and a sentence that is only a quotation is not a claim.

mod caption;
mod claim;
mod common;
mod names;
mod quote;
mod sentence;
mod source;
#[cfg(test)]
mod tests;

pub use caption::CaptionDetector;
pub use claim::ClaimDetector;
pub use quote::QuoteDetector;
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

/// What the detectors that ran before this one found.
#[derive(Debug, Default)]
pub struct Found {
    pub captions: Vec<Suggestion>,
    pub quotes: Vec<Suggestion>,
}

/// One detector per label.
pub trait Detector {
    /// The label this detector suggests.
    fn label(&self) -> &'static str;

    /// Suggestions for `text`, in text order, each on char boundaries.
    fn detect(&self, text: &str, found: &Found, config: &DetectConfig) -> Vec<Suggestion>;
}

/// Runs every detector over `text` and returns all suggestions in text order.
pub fn detect(text: &str, config: &DetectConfig) -> Vec<Suggestion> {
    let captions = CaptionDetector.detect(text, &Found::default(), config);
    // Quotes and claims share one paragraph and sentence split: the same as
    // their `Detector` impls make, done once.
    let skip: Vec<ByteRange> = captions.iter().map(|c| c.range).collect();
    let layout = sentence::Layout::new(text, &skip);
    let quotes = quote::quotes(text, &layout);
    let claims = claim::claims(text, &layout, &quotes, config);
    let mut all = Vec::with_capacity(captions.len() + quotes.len() + claims.len());
    all.extend(captions);
    all.extend(quotes);
    all.extend(claims);
    // Sorted by index: a suggestion is large, and a sort that moves them
    // costs more than the detectors' own work.
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by(|&a, &b| (all[a].range, &all[a].label).cmp(&(all[b].range, &all[b].label)));
    let mut slots: Vec<Option<Suggestion>> = all.into_iter().map(Some).collect();
    let mut sorted = Vec::with_capacity(order.len());
    sorted.extend(order.into_iter().filter_map(|i| slots[i].take()));
    sorted
}
