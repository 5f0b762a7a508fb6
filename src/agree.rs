//! Agreement between two editors' annotations of the same articles.
//!
//! Span agreement uses the matching of `copydesk eval` (one-to-one at
//! character IoU ≥ 0.5), with editor A as reference: F1 is symmetric, so
//! the choice does not change it. Cohen's kappa is computed over the
//! article's tokens (as in the token exports), per label (inside a span of
//! the label or not) and over all labels (the set of labels covering each
//! token).

use crate::eval::match_one_to_one;
use crate::formats::tokens::tokenize;
use crate::model::{Article, Label, Status, TextIndex};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Span counts of one label: spans of each editor and how many matched.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SpanAgreement {
    pub a: usize,
    pub b: usize,
    pub matched: usize,
}

impl SpanAgreement {
    pub fn f1(&self) -> f64 {
        if self.a + self.b == 0 {
            1.0
        } else {
            2.0 * self.matched as f64 / (self.a + self.b) as f64
        }
    }
}

/// Token categories of both editors, for kappa.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TokenTable {
    /// `(category of A, category of B)` → tokens.
    pairs: BTreeMap<(String, String), usize>,
}

impl TokenTable {
    fn add(&mut self, a: String, b: String) {
        *self.pairs.entry((a, b)).or_default() += 1;
    }

    fn merge(&mut self, other: &TokenTable) {
        for (k, n) in &other.pairs {
            *self.pairs.entry(k.clone()).or_default() += n;
        }
    }

    /// Cohen's kappa; 1 when both editors agree on every token, including
    /// when there is only one category.
    pub fn kappa(&self) -> f64 {
        let total: usize = self.pairs.values().sum();
        if total == 0 {
            return 1.0;
        }
        let n = total as f64;
        let mut agree = 0.0;
        let (mut pa, mut pb): (HashMap<&str, f64>, HashMap<&str, f64>) = Default::default();
        for ((a, b), count) in &self.pairs {
            let c = *count as f64;
            if a == b {
                agree += c;
            }
            *pa.entry(a).or_default() += c;
            *pb.entry(b).or_default() += c;
        }
        let po = agree / n;
        let pe: f64 = pa
            .iter()
            .map(|(cat, c)| c / n * pb.get(cat).copied().unwrap_or(0.0) / n)
            .sum();
        if (1.0 - pe).abs() < f64::EPSILON {
            if (po - 1.0).abs() < f64::EPSILON {
                1.0
            } else {
                0.0
            }
        } else {
            (po - pe) / (1.0 - pe)
        }
    }
}

/// Agreement over one article or a whole folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Agreement {
    pub spans: BTreeMap<String, SpanAgreement>,
    /// Per label: inside a span of the label or not.
    pub label_tokens: BTreeMap<String, TokenTable>,
    /// The set of labels covering each token.
    pub tokens: TokenTable,
}

impl Agreement {
    pub fn merge(&mut self, other: &Agreement) {
        for (label, s) in &other.spans {
            let mine = self.spans.entry(label.clone()).or_default();
            mine.a += s.a;
            mine.b += s.b;
            mine.matched += s.matched;
        }
        for (label, t) in &other.label_tokens {
            self.label_tokens.entry(label.clone()).or_default().merge(t);
        }
        self.tokens.merge(&other.tokens);
    }

    /// Rows for people: label, spans A, spans B, matched, F1, kappa.
    pub fn to_table(&self) -> String {
        let mut out = format!(
            "{:<10} {:>6} {:>6} {:>7} {:>6} {:>6}\n",
            "label", "A", "B", "matched", "F1", "kappa"
        );
        for (label, s) in &self.spans {
            let kappa = self.label_tokens.get(label).map_or(1.0, TokenTable::kappa);
            out.push_str(&format!(
                "{label:<10} {:>6} {:>6} {:>7} {:>6.3} {:>6.3}\n",
                s.a,
                s.b,
                s.matched,
                s.f1(),
                kappa
            ));
        }
        out.push_str(&format!(
            "token kappa over all labels: {:.3}\n",
            self.tokens.kappa()
        ));
        out
    }
}

/// For each token, the labels of the spans covering it whole, in one sweep
/// over the sorted span boundaries: linear in tokens plus spans, where
/// testing every span against every token was their product. Tokens must
/// be sorted and not cross a span boundary, as the tokenizer cuts at each.
fn covering_labels<'s>(
    spans: &'s [(String, usize, usize)],
    tokens: &'s [(usize, usize)],
) -> impl Iterator<Item = BTreeSet<String>> + 's {
    let mut opens: Vec<(usize, &str)> = spans.iter().map(|s| (s.1, s.0.as_str())).collect();
    let mut closes: Vec<(usize, &str)> = spans.iter().map(|s| (s.2, s.0.as_str())).collect();
    opens.sort_unstable();
    closes.sort_unstable();
    let (mut opens, mut closes) = (opens.into_iter().peekable(), closes.into_iter().peekable());
    // Spans open at the current token, per label.
    let mut open: BTreeMap<&str, usize> = BTreeMap::new();
    tokens.iter().map(move |&(start, _)| {
        // A span covers the token when it starts at or before it and ends
        // after its start (so at or after its end, as no span boundary
        // falls inside a token).
        while let Some((_, label)) = opens.next_if(|o| o.0 <= start) {
            *open.entry(label).or_default() += 1;
        }
        while let Some((_, label)) = closes.next_if(|c| c.0 <= start) {
            if let Some(n) = open.get_mut(label) {
                *n = n.saturating_sub(1);
            }
        }
        open.iter()
            .filter(|(_, n)| **n > 0)
            .map(|(label, _)| (*label).to_owned())
            .collect()
    })
}

/// Why two annotation sets cannot be compared.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("the two editors annotated different texts")]
pub struct DifferentTexts;

/// Agreement of two editors' confirmed spans on the same article.
pub fn agree(a: &Article, b: &Article) -> Result<Agreement, DifferentTexts> {
    if a.doc().fingerprint() != b.doc().fingerprint() {
        return Err(DifferentTexts);
    }
    let text = a.text();
    let index = TextIndex::new(text);
    let spans_of = |article: &Article| -> Vec<(String, usize, usize)> {
        let mut spans: Vec<_> = article
            .annotations()
            .iter()
            .filter(|s| s.status == Status::Confirmed && !s.label.is(Label::SPEAKER))
            .map(|s| {
                (
                    s.label.to_string(),
                    index.to_char(s.range.start).map_or(0, |c| c.0),
                    index.to_char(s.range.end).map_or(0, |c| c.0),
                )
            })
            .collect();
        spans.sort_by_key(|s| (s.1, s.2));
        spans
    };
    let (sa, sb) = (spans_of(a), spans_of(b));
    let labels: BTreeSet<&str> = sa.iter().chain(&sb).map(|s| s.0.as_str()).collect();
    let mut result = Agreement::default();
    for label in &labels {
        let ra: Vec<(usize, usize)> = sa
            .iter()
            .filter(|s| s.0 == *label)
            .map(|s| (s.1, s.2))
            .collect();
        let rb: Vec<(usize, usize)> = sb
            .iter()
            .filter(|s| s.0 == *label)
            .map(|s| (s.1, s.2))
            .collect();
        result.spans.insert(
            label.to_string(),
            SpanAgreement {
                a: ra.len(),
                b: rb.len(),
                matched: match_one_to_one(&ra, &rb).len(),
            },
        );
    }
    let cuts: Vec<usize> = sa.iter().chain(&sb).flat_map(|s| [s.1, s.2]).collect();
    let tokens: Vec<(usize, usize)> = tokenize(text, &cuts)
        .into_iter()
        .filter(|t| !t.is_space)
        .map(|t| (t.start, t.end))
        .collect();
    for (ca, cb) in covering_labels(&sa, &tokens).zip(covering_labels(&sb, &tokens)) {
        for label in &labels {
            let inside = |set: &BTreeSet<String>| if set.contains(*label) { "in" } else { "out" };
            result
                .label_tokens
                .entry(label.to_string())
                .or_default()
                .add(inside(&ca).to_owned(), inside(&cb).to_owned());
        }
        let join = |set: BTreeSet<String>| set.into_iter().collect::<Vec<_>>().join("+");
        result.tokens.add(join(ca), join(cb));
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(pairs: &[((&str, &str), usize)]) -> TokenTable {
        TokenTable {
            pairs: pairs
                .iter()
                .map(|((a, b), n)| ((a.to_string(), b.to_string()), *n))
                .collect(),
        }
    }

    #[test]
    fn kappa_matches_a_worked_example() {
        // 50 tokens: both "in" 20, both "out" 15, A in / B out 5, A out / B in 10.
        // po = 0.7, pe = 0.5·0.6 + 0.5·0.4 = 0.5, kappa = 0.4.
        let t = table(&[
            (("in", "in"), 20),
            (("out", "out"), 15),
            (("in", "out"), 5),
            (("out", "in"), 10),
        ]);
        assert!((t.kappa() - 0.4).abs() < 1e-9, "{}", t.kappa());
        assert_eq!(table(&[(("x", "x"), 3)]).kappa(), 1.0);
        assert_eq!(table(&[]).kappa(), 1.0);
    }

    use proptest::prelude::*;

    proptest! {
        /// The sweep finds the same covering labels as testing every span
        /// against every token, on tokens cut at the span boundaries.
        #[test]
        fn the_sweep_agrees_with_testing_every_span(
            words in proptest::collection::vec(prop_oneof![
                Just("Zoë"), Just("said"), Just(" "), Just("“"), Just("\n"), Just("don’t"), Just("👍🏽")
            ], 0..60),
            raw in proptest::collection::vec((0..3usize, 0..200usize, 0..40usize), 0..12),
        ) {
            let text: String = words.concat();
            let len = text.chars().count();
            let spans: Vec<(String, usize, usize)> = raw
                .into_iter()
                .filter(|_| len > 0)
                .map(|(label, start, width)| {
                    let start = start % len;
                    let end = (start + 1 + width).min(len);
                    (["Quote", "Claim", "Caption"][label].to_owned(), start, end)
                })
                .collect();
            let cuts: Vec<usize> = spans.iter().flat_map(|s| [s.1, s.2]).collect();
            let tokens: Vec<(usize, usize)> = tokenize(&text, &cuts)
                .into_iter()
                .filter(|t| !t.is_space)
                .map(|t| (t.start, t.end))
                .collect();
            let simple = tokens.iter().map(|&(start, end)| {
                spans
                    .iter()
                    .filter(|s| s.1 <= start && end <= s.2)
                    .map(|s| s.0.clone())
                    .collect::<BTreeSet<String>>()
            });
            prop_assert!(covering_labels(&spans, &tokens).eq(simple));
        }
    }

    #[test]
    fn span_f1_is_symmetric() {
        let s = SpanAgreement {
            a: 4,
            b: 2,
            matched: 2,
        };
        assert!((s.f1() - 2.0 / 3.0).abs() < 1e-9);
    }
}
