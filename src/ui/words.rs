//! Word boundaries for snapping selections and growing or shrinking spans.
//! Pure functions on byte offsets; a word is a Unicode word segment that
//! holds a letter or digit.

use crate::model::ByteRange;
use unicode_segmentation::UnicodeSegmentation;

/// How far around a position words are looked for.
const WINDOW: usize = 4096;

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The words (byte ranges) in a window around `pos`.
fn words_near(text: &str, pos: usize) -> Vec<(usize, usize)> {
    let lo = floor_boundary(text, pos.saturating_sub(WINDOW));
    let hi = ceil_boundary(text, pos.saturating_add(WINDOW));
    text[lo..hi]
        .split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(i, w)| (lo + i, lo + i + w.len()))
        .collect()
}

/// The start of the word before `pos` (strictly).
pub fn prev_word_start(text: &str, pos: usize) -> Option<usize> {
    words_near(text, pos)
        .into_iter()
        .rev()
        .map(|w| w.0)
        .find(|&s| s < pos)
}

/// The start of the word after `pos` (strictly).
pub fn next_word_start(text: &str, pos: usize) -> Option<usize> {
    words_near(text, pos)
        .into_iter()
        .map(|w| w.0)
        .find(|&s| s > pos)
}

/// The end of the word after `pos` (strictly).
pub fn next_word_end(text: &str, pos: usize) -> Option<usize> {
    words_near(text, pos)
        .into_iter()
        .map(|w| w.1)
        .find(|&e| e > pos)
}

/// The end of the word before `pos` (strictly).
pub fn prev_word_end(text: &str, pos: usize) -> Option<usize> {
    words_near(text, pos)
        .into_iter()
        .rev()
        .map(|w| w.1)
        .find(|&e| e < pos)
}

/// A selection snapped outwards to whole words: a start inside a word moves
/// to the word's start, an end inside a word to its end; a start or end in
/// whitespace moves in to the nearest word. `None` when it holds no word.
pub fn snap_to_words(text: &str, range: ByteRange) -> Option<ByteRange> {
    let (a, b) = (range.start.0, range.end.0);
    let words = words_near(text, a);
    let words_end = if b.abs_diff(a) < WINDOW {
        words.clone()
    } else {
        words_near(text, b)
    };
    let start = words.iter().find(|w| w.1 > a).map(|w| w.0)?;
    let end = words_end.iter().rev().find(|w| w.0 < b).map(|w| w.1)?;
    (start < end).then(|| ByteRange::new(start, end))
}

/// A span's new range after moving one edge by a word; `None` when the
/// edge cannot move (no word there, or the span would be empty).
pub fn resized(text: &str, range: ByteRange, edge: Edge) -> Option<ByteRange> {
    let (s, e) = (range.start.0, range.end.0);
    let new = match edge {
        Edge::GrowStart => ByteRange::new(prev_word_start(text, s)?, e),
        Edge::ShrinkStart => ByteRange::new(next_word_start(text, s)?, e),
        Edge::GrowEnd => ByteRange::new(s, next_word_end(text, e)?),
        Edge::ShrinkEnd => ByteRange::new(s, prev_word_end(text, e)?),
    };
    new.is_valid_in(text).then_some(new)
}

/// Which edge of a span moves, and which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    GrowStart,
    ShrinkStart,
    GrowEnd,
    ShrinkEnd,
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "He said: “Zoë won 10 000 races.” Then left.";

    fn range(needle: &str) -> ByteRange {
        let s = T.find(needle).unwrap();
        ByteRange::new(s, s + needle.len())
    }

    #[test]
    fn snapping_takes_whole_words() {
        let s = T.find("oë").unwrap();
        let e = T.find("on 10").unwrap() + 1;
        let snapped = snap_to_words(T, ByteRange::new(s, e)).unwrap();
        assert_eq!(snapped.slice(T), Some("Zoë won"));
        // Leading and trailing spaces move in.
        let snapped = snap_to_words(T, range(" Then left.")).unwrap();
        assert_eq!(snapped.slice(T), Some("Then left"));
        assert_eq!(snap_to_words(T, range(": ")), None);
    }

    #[test]
    fn edges_move_by_a_word_and_never_empty_a_span() {
        let r = range("won 10");
        assert_eq!(
            resized(T, r, Edge::GrowStart).unwrap().slice(T),
            Some("Zoë won 10")
        );
        assert_eq!(
            resized(T, r, Edge::ShrinkStart).unwrap().slice(T),
            Some("10")
        );
        assert_eq!(
            resized(T, r, Edge::GrowEnd).unwrap().slice(T),
            Some("won 10 000")
        );
        assert_eq!(
            resized(T, r, Edge::ShrinkEnd).unwrap().slice(T),
            Some("won")
        );
        let one = range("won");
        assert_eq!(resized(T, one, Edge::ShrinkStart), None);
        assert_eq!(resized(T, one, Edge::ShrinkEnd), None);
    }
}
