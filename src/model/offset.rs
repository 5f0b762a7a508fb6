//! Offsets that carry their unit in their type.
//!
//! Inside copydesk every position is a byte offset into the UTF-8 text
//! ([`ByteOffset`]), because that is what Rust slices by. The RON file and
//! every export count Unicode code points ([`CharOffset`]); JavaScript and
//! Java consumers count UTF-16 code units ([`Utf16Offset`]). Conversions go
//! through a [`TextIndex`], which answers each one in O(log n + block) time
//! so that exporting thousands of spans of a long article stays linear.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A byte offset into UTF-8 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ByteOffset(pub usize);

/// A Unicode code point offset (what Python's `str` indexes by).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct CharOffset(pub usize);

/// A UTF-16 code unit offset (what JavaScript's `String` indexes by).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Utf16Offset(pub usize);

/// A half-open byte range `start..end` into the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ByteRange {
    pub start: ByteOffset,
    pub end: ByteOffset,
}

impl ByteRange {
    pub fn new(start: usize, end: usize) -> Self {
        Self {
            start: ByteOffset(start),
            end: ByteOffset(end),
        }
    }

    pub fn len(&self) -> usize {
        self.end.0.saturating_sub(self.start.0)
    }

    pub fn is_empty(&self) -> bool {
        self.end.0 <= self.start.0
    }

    pub fn as_std(&self) -> std::ops::Range<usize> {
        self.start.0..self.end.0
    }

    pub fn contains(&self, other: &ByteRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: &ByteRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether this range is non-empty, inside `text` and on char boundaries.
    pub fn is_valid_in(&self, text: &str) -> bool {
        self.start < self.end
            && self.end.0 <= text.len()
            && text.is_char_boundary(self.start.0)
            && text.is_char_boundary(self.end.0)
    }

    /// The text this range covers, or `None` when it is not valid in `text`.
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.as_std())
    }
}

impl fmt::Display for ByteRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bytes {}..{}", self.start.0, self.end.0)
    }
}

/// Bytes per checkpoint block of a [`TextIndex`].
const BLOCK: usize = 1024;

/// UTF-16 units of `s`: one per char, and a second for each char of four
/// UTF-8 bytes (a surrogate pair), whose lead byte is the only one from
/// 0xF0 up. Both counts are simple byte scans, several times faster than
/// decoding every char.
fn utf16_len(s: &str) -> usize {
    s.chars().count() + s.bytes().filter(|&b| b >= 0xF0).count()
}

/// Checkpoints of code point and UTF-16 counts, one every [`BLOCK`] bytes
/// (moved back to the nearest char boundary), for exact unit conversions.
#[derive(Debug, Clone)]
pub struct TextIndex<'t> {
    text: &'t str,
    /// `(byte, chars before it, utf16 units before it)`, sorted by all three.
    checkpoints: Vec<(usize, usize, usize)>,
}

impl<'t> TextIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / BLOCK + 1);
        let (mut byte, mut chars, mut units) = (0usize, 0usize, 0usize);
        checkpoints.push((0, 0, 0));
        while byte < text.len() {
            let mut next = (byte + BLOCK).min(text.len());
            while !text.is_char_boundary(next) {
                next -= 1;
            }
            for c in text[byte..next].chars() {
                chars += 1;
                units += c.len_utf16();
            }
            byte = next;
            checkpoints.push((byte, chars, units));
        }
        Self { text, checkpoints }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Code points in the whole text.
    pub fn char_len(&self) -> CharOffset {
        CharOffset(self.checkpoints.last().map_or(0, |c| c.1))
    }

    /// UTF-16 units in the whole text.
    pub fn utf16_len(&self) -> Utf16Offset {
        Utf16Offset(self.checkpoints.last().map_or(0, |c| c.2))
    }

    fn checkpoint_by<K: Ord>(&self, key: K, field: impl Fn(&(usize, usize, usize)) -> K) -> usize {
        match self.checkpoints.binary_search_by(|c| field(c).cmp(&key)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset → code points. `None` when not on a char boundary.
    pub fn to_char(&self, byte: ByteOffset) -> Option<CharOffset> {
        if !self.text.is_char_boundary(byte.0) {
            return None;
        }
        let (b, c, _) = self.checkpoints[self.checkpoint_by(byte.0, |c| c.0)];
        Some(CharOffset(c + self.text[b..byte.0].chars().count()))
    }

    /// Byte offset → UTF-16 units. `None` when not on a char boundary.
    pub fn to_utf16(&self, byte: ByteOffset) -> Option<Utf16Offset> {
        if !self.text.is_char_boundary(byte.0) {
            return None;
        }
        let (b, _, u) = self.checkpoints[self.checkpoint_by(byte.0, |c| c.0)];
        Some(Utf16Offset(u + utf16_len(&self.text[b..byte.0])))
    }

    /// Code points → byte offset. `None` when beyond the text.
    pub fn from_char(&self, offset: CharOffset) -> Option<ByteOffset> {
        let (b, c, _) = self.checkpoints[self.checkpoint_by(offset.0, |c| c.1)];
        let skip = offset.0 - c;
        let rest = &self.text[b..];
        match rest.char_indices().nth(skip) {
            Some((i, _)) => Some(ByteOffset(b + i)),
            None => (rest.chars().count() == skip).then_some(ByteOffset(self.text.len())),
        }
    }

    /// UTF-16 units → byte offset. `None` when beyond the text or inside a
    /// surrogate pair.
    pub fn from_utf16(&self, offset: Utf16Offset) -> Option<ByteOffset> {
        let (b, _, u) = self.checkpoints[self.checkpoint_by(offset.0, |c| c.2)];
        let mut units = u;
        for (i, ch) in self.text[b..].char_indices() {
            if units == offset.0 {
                return Some(ByteOffset(b + i));
            }
            if units > offset.0 {
                return None;
            }
            units += ch.len_utf16();
        }
        (units == offset.0).then_some(ByteOffset(self.text.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The text of every conversion test: an emoji, a flag (two code points),
    /// a combining accent, CRLF and a non-breaking space.
    const MIXED: &str = "Zoe\u{301} 👍🏽 🇫🇷\r\n10\u{a0}000 “ok”";

    #[test]
    fn exact_conversions_on_tricky_text() {
        let index = TextIndex::new(MIXED);
        // "👍🏽" starts after "Zoe\u{301} ": 5 chars, 6 bytes, 5 units.
        let thumbs = MIXED.find('👍').unwrap();
        assert_eq!(index.to_char(ByteOffset(thumbs)), Some(CharOffset(5)));
        assert_eq!(index.to_utf16(ByteOffset(thumbs)), Some(Utf16Offset(5)));
        // The flag is two regional indicators: 2 code points, 4 UTF-16 units.
        let flag = MIXED.find('🇫').unwrap();
        let after_flag = flag + "🇫🇷".len();
        assert_eq!(index.to_char(ByteOffset(flag)), Some(CharOffset(8)));
        assert_eq!(index.to_char(ByteOffset(after_flag)), Some(CharOffset(10)));
        assert_eq!(
            index.to_utf16(ByteOffset(after_flag)),
            Some(Utf16Offset(14))
        );
        assert_eq!(
            index.from_char(CharOffset(10)),
            Some(ByteOffset(after_flag))
        );
        assert_eq!(
            index.from_utf16(Utf16Offset(14)),
            Some(ByteOffset(after_flag))
        );
        // Inside a surrogate pair or a UTF-8 sequence there is no offset.
        assert_eq!(index.from_utf16(Utf16Offset(6)), None);
        assert_eq!(index.to_char(ByteOffset(thumbs + 1)), None);
        // The end of the text converts; one past it does not.
        let chars = MIXED.chars().count();
        assert_eq!(index.char_len(), CharOffset(chars));
        assert_eq!(
            index.from_char(CharOffset(chars)),
            Some(ByteOffset(MIXED.len()))
        );
        assert_eq!(index.from_char(CharOffset(chars + 1)), None);
        assert_eq!(index.utf16_len(), Utf16Offset(MIXED.encode_utf16().count()));
    }

    #[test]
    fn range_validity_follows_char_boundaries() {
        let r = ByteRange::new(0, 4);
        assert!(r.is_valid_in("Zoë!"));
        assert!(!ByteRange::new(0, 3).is_valid_in("Zoë!"), "inside ë");
        assert!(!ByteRange::new(2, 2).is_valid_in("Zoë!"), "empty");
        assert!(!ByteRange::new(0, 9).is_valid_in("Zoë!"), "past the end");
    }

    proptest! {
        // Each case checks every offset of a text of up to ~6 KB.
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Every conversion agrees with a naive count, also across the
        /// index's block boundaries.
        #[test]
        fn index_agrees_with_naive_counting(
            parts in proptest::collection::vec(prop_oneof![
                Just("a"), Just("é"), Just("👍"), Just("🇫🇷"), Just("\r\n"), Just("\u{a0}"), Just("e\u{301}")
            ], 0..1500)
        ) {
            let text: String = parts.concat();
            let index = TextIndex::new(&text);
            let (mut chars, mut units) = (0, 0);
            for (byte, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                prop_assert_eq!(index.to_char(ByteOffset(byte)), Some(CharOffset(chars)));
                prop_assert_eq!(index.to_utf16(ByteOffset(byte)), Some(Utf16Offset(units)));
                prop_assert_eq!(index.from_char(CharOffset(chars)), Some(ByteOffset(byte)));
                prop_assert_eq!(index.from_utf16(Utf16Offset(units)), Some(ByteOffset(byte)));
                chars += 1;
                units += c.len_utf16();
            }
        }
    }
}
