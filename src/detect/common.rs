//! Small helpers shared by the detectors: regex compilation, origins,
//! char-boundary-safe windows and the reporting-verb lexicon.

use crate::model::{ByteRange, Origin};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

/// Reporting verbs that attribute words to a source (past and present
/// forms). Shared by the quote detector (attribution) and the claim detector
/// (statements of fact attributed to a source).
pub(crate) const REPORTING_VERBS: &str = "said|says|told|tells|added|adds|wrote|writes|asked|asks|\
explained|explains|noted|notes|stated|states|argued|argues|insisted|insists|claimed|claims|\
warned|warns|replied|replies|tweeted|tweets|posted|posts|declared|declares|recalled|recalls|\
acknowledged|acknowledges|admitted|admits|announced|announces|continued|continues|responded|\
responds|remarked|remarks|observed|observes|suggested|suggests|concluded|concludes|conceded|\
concedes|cautioned|cautions|complained|complains|countered|counters|emphasized|emphasised|\
stressed|stresses|maintained|maintains|contended|contends|testified|testifies|alleged|alleges|\
reported|reports|shouted|joked|quipped|promised|promises|vowed|vows|urged|urges|pointed out|\
went on|wrote in|confirmed|confirms|denied|denies|recounted|boasted|lamented|predicted|predicts";

/// Lazy DFA cache per regex: the attribution patterns are large, and with
/// the default cache they keep rebuilding states instead of matching.
const DFA_CACHE: usize = 16 << 20;

/// Compiles a pattern written with `\b`, switching word boundaries to their
/// ASCII form: Unicode `\b` keeps the regex crate off its fast DFA, and the
/// keywords the detectors look for are ASCII anyway.
pub(crate) fn re(pattern: &str) -> Regex {
    let ascii = pattern.replace(r"\b", r"(?-u:\b)");
    match RegexBuilder::new(&ascii).dfa_size_limit(DFA_CACHE).build() {
        Ok(r) => r,
        // The patterns are constants of this crate: a bad one is a bug that
        // every test run exposes at once.
        Err(e) => panic!("detector pattern does not compile: {e}"),
    }
}

/// [`re`] for a set of patterns matched in one pass.
pub(crate) fn re_set<I: IntoIterator<Item = S>, S: AsRef<str>>(patterns: I) -> RegexSet {
    let ascii = patterns
        .into_iter()
        .map(|p| p.as_ref().replace(r"\b", r"(?-u:\b)"));
    match RegexSetBuilder::new(ascii)
        .dfa_size_limit(DFA_CACHE)
        .build()
    {
        Ok(set) => set,
        Err(e) => panic!("detector patterns do not compile: {e}"),
    }
}

/// `s.split_whitespace().count()`, a byte at a time without decoding chars:
/// word counts are taken for every sentence and quote. Continuation bytes
/// never change the state, and only the lead bytes of the non-ASCII
/// whitespace chars (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000) need a
/// closer look.
pub(crate) fn count_words(s: &str) -> usize {
    let bytes = s.as_bytes();
    let (mut words, mut in_word) = (0, false);
    for (i, &b) in bytes.iter().enumerate() {
        let space = match b {
            b' ' | b'\t'..=b'\r' => true,
            0x80..=0xBF => continue,
            0xC2 | 0xE1..=0xE3 => s
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_whitespace),
            _ => false,
        };
        words += usize::from(!space && !in_word);
        in_word = !space;
    }
    words
}

/// An origin with its confidence clamped to `[0, 1]` and rounded to 2 decimals.
pub(crate) fn origin(rule: &str, confidence: f32, reason: String) -> Origin {
    Origin {
        rule: rule.to_owned(),
        confidence: (confidence.clamp(0.0, 1.0) * 100.0).round() / 100.0,
        reason,
    }
}

/// The largest char boundary of `text` at or before `i`.
pub(crate) fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `text` at or after `i`.
pub(crate) fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `range` shrunk to exclude surrounding whitespace; `None` when nothing is left.
pub(crate) fn trim_range(text: &str, start: usize, end: usize) -> Option<ByteRange> {
    let s = text.get(start..end)?;
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    (!trimmed.is_empty()).then(|| ByteRange::new(start + lead, start + lead + trimmed.len()))
}

/// `s` cut to about `max` bytes on a char boundary, with `…` when cut, for
/// quoting text in a reason line.
pub(crate) fn excerpt(s: &str, max: usize) -> String {
    if s.len() <= max {
        s.to_owned()
    } else {
        format!("{}…", &s[..floor_boundary(s, max)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_is_clamped_and_rounded() {
        assert_eq!(origin("x", 0.876, String::new()).confidence, 0.88);
        assert_eq!(origin("x", 1.7, String::new()).confidence, 1.0);
        assert_eq!(origin("x", -0.2, String::new()).confidence, 0.0);
    }

    #[test]
    fn word_counts_match_split_whitespace() {
        for s in [
            "",
            " ",
            "a",
            " a  b\tc\r\nd ",
            "x\u{a0}y\u{2009}z\u{3000}",
            "é\u{85}ü",
            "“We,” she said — “go.”",
            "\u{b}a\u{c}b\u{1c}c",
        ] {
            assert_eq!(count_words(s), s.split_whitespace().count(), "{s:?}");
        }
    }

    #[test]
    fn windows_stay_on_char_boundaries() {
        let s = "a€b";
        assert_eq!(floor_boundary(s, 2), 1);
        assert_eq!(ceil_boundary(s, 2), 4);
        assert_eq!(excerpt("€€€", 4), "€…");
        assert_eq!(trim_range("  ab \n", 0, 6), Some(ByteRange::new(2, 4)));
        assert_eq!(trim_range(" \n", 0, 2), None);
    }
}
