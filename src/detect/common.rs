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
    match RegexBuilder::new(&ascii_boundaries(pattern))
        .dfa_size_limit(DFA_CACHE)
        .build()
    {
        Ok(r) => r,
        // The patterns are constants of this crate: a bad one is a bug that
        // every test run exposes at once.
        Err(e) => panic!("detector pattern does not compile: {e}"),
    }
}

/// [`re`] for several patterns searched in one pass.
pub(crate) fn re_set<'p>(patterns: impl IntoIterator<Item = &'p str>) -> RegexSet {
    match RegexSetBuilder::new(patterns.into_iter().map(ascii_boundaries))
        .dfa_size_limit(DFA_CACHE)
        .build()
    {
        Ok(r) => r,
        Err(e) => panic!("detector pattern does not compile: {e}"),
    }
}

/// `pattern` with ASCII word boundaries, which need no Unicode tables.
fn ascii_boundaries(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// `s.split_whitespace().count()`: word counts are taken for every sentence
/// and quote. ASCII goes sixteen bytes at a time; a non-ASCII char is told
/// by its bytes, never decoded: only one whose lead byte is that of a
/// whitespace char (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000) may be
/// one.
pub(crate) fn count_words(s: &str) -> usize {
    count_words_up_to(s, usize::MAX)
}

/// [`count_words`], stopping once `limit` words are counted (the count may
/// then exceed it by the words of one window): the rules that only tell
/// short phrases from long ones need not read a whole long quote.
pub(crate) fn count_words_up_to(s: &str, limit: usize) -> usize {
    use super::bytewise::{ascii, ascii_in, count, leading, load};
    let bytes = s.as_bytes();
    let (mut words, mut in_word) = (0, false);
    let mut i = 0;
    while i < bytes.len() && words < limit {
        let rest = &bytes[i..];
        // Quotes and short sentences end inside a window: pad them with
        // spaces, which start no word, rather than go byte by byte.
        let past_end = u128::MAX.checked_shl(8 * rest.len() as u32).unwrap_or(0);
        let x = load(bytes, i) | (past_end & u128::from_le_bytes([b' '; 16]));
        let ascii_len = leading(ascii(x)).min(rest.len());
        if ascii_len > 0 {
            // The ASCII bytes before the first non-ASCII one, at once: the
            // high bit of each says "in a word" (not ' ', '\t'..='\r').
            let space = ascii_in(x, b'\t', b'\r') | ascii_in(x, b' ', b' ');
            let keep = u128::MAX >> (128 - 8 * ascii_len);
            let word = ascii(x) & !space & keep;
            let before = (word << 8) | u128::from(in_word) << 7;
            words += count(word & !before);
            in_word = word >> (8 * ascii_len - 1) & 1 == 1;
            i += ascii_len;
            continue;
        }
        let (space, len) = non_ascii_char_at(bytes, i);
        words += usize::from(!space && !in_word);
        in_word = !space;
        i += len;
    }
    words
}

/// Whether the non-ASCII char whose lead byte is `bytes[i]` (valid UTF-8)
/// is whitespace, and its length, told by its bytes rather than decoded:
/// only one led by 0xC2 or 0xE1–0xE3 may be (U+0085, U+00A0, U+1680,
/// U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), and most such
/// chars in news text are quotation marks and dashes.
pub(crate) fn non_ascii_char_at(bytes: &[u8], i: usize) -> (bool, usize) {
    let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match next(0) {
        0xC2 => (matches!(next(1), 0x85 | 0xA0), 2),
        0xE1 => ((next(1), next(2)) == (0x9A, 0x80), 3),
        0xE2 => match (next(1), next(2)) {
            (0x80, third) => (third <= 0x8A || matches!(third, 0xA8 | 0xA9 | 0xAF), 3),
            (0x81, third) => (third == 0x9F, 3),
            _ => (false, 3),
        },
        0xE3 => ((next(1), next(2)) == (0x80, 0x80), 3),
        lead => (false, lead.leading_ones().max(1) as usize),
    }
}

/// `s.split_whitespace()`, decoding no char: the rules split every window
/// around a quote.
pub(crate) fn split_words(s: &str) -> impl Iterator<Item = &str> {
    // Whether the char at byte `i` (a char boundary) is whitespace, and its
    // length; `None` at the end.
    let space_at = move |i: usize| -> Option<(bool, usize)> {
        let b = *s.as_bytes().get(i)?;
        Some(match b {
            b' ' | b'\t'..=b'\r' => (true, 1),
            0x00..=0x7F => (false, 1),
            _ => non_ascii_char_at(s.as_bytes(), i),
        })
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        let start = loop {
            match space_at(i)? {
                (true, len) => i += len,
                (false, _) => break i,
            }
        };
        loop {
            match s.as_bytes().get(i) {
                // Printable ASCII, most of a word, needs no decoding.
                Some(&b) if b > b' ' && b.is_ascii() => i += 1,
                _ => match space_at(i) {
                    Some((false, len)) => i += len,
                    _ => break,
                },
            }
        }
        s.get(start..i)
    })
}

/// `c.is_alphanumeric()`, without the Unicode table lookup for ASCII and for
/// General Punctuation (U+2000–U+206F: quotation marks, dashes, spaces),
/// which holds no letters or digits: the word rules ask it of every char
/// at the edges of every word near a quote.
pub(crate) fn is_alnum(c: char) -> bool {
    match c {
        '\0'..='\u{7f}' => c.is_ascii_alphanumeric(),
        '\u{2000}'..='\u{206f}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// A fixed set of words, looked up with a cheap hash: the attribution rules
/// look most words near a quote up in several lexicons, where SipHash or a
/// scan of the list costs more than the rule itself.
pub(crate) struct WordSet {
    /// Open addressing with linear probing; `""` marks a free slot.
    slots: Box<[&'static str]>,
    /// Longer words are not looked up at all.
    max_len: usize,
}

impl WordSet {
    pub(crate) fn new(words: impl IntoIterator<Item = &'static str>) -> Self {
        let words: Vec<&'static str> = words.into_iter().filter(|w| !w.is_empty()).collect();
        // At most a quarter full, so probes stay short.
        let mut slots = vec![""; (words.len() * 4).next_power_of_two()].into_boxed_slice();
        let mask = slots.len() - 1;
        for &w in &words {
            let mut i = word_hash(w) & mask;
            while !slots[i].is_empty() && slots[i] != w {
                i = (i + 1) & mask;
            }
            slots[i] = w;
        }
        let max_len = words.iter().map(|w| w.len()).max().unwrap_or(0);
        Self { slots, max_len }
    }

    pub(crate) fn contains(&self, word: &str) -> bool {
        self.probe(word, word_hash(word), |w| w == word)
    }

    /// [`WordSet::contains`] with the word's [`word_hash`] already taken:
    /// a word looked up in several sets is hashed once.
    pub(crate) fn contains_hashed(&self, word: &str, hash: usize) -> bool {
        self.probe(word, hash, |w| w == word)
    }

    /// Whether the set holds `word` in ASCII lowercase, for an ASCII `word`
    /// (`Said` → `said`): read as lowercase in place rather than copied.
    fn contains_ascii_lowercase(&self, word: &str) -> bool {
        debug_assert!(word.is_ascii());
        // The hash ignores case, so the word's is its lowercase form's.
        self.probe(word, word_hash(word), |w| {
            w.len() == word.len() && w.bytes().eq(word.bytes().map(|b| b.to_ascii_lowercase()))
        })
    }

    /// Whether a slot on the probe path of `word` (whose hash is `hash`)
    /// holds a word that `matches`.
    fn probe(&self, word: &str, hash: usize, matches: impl Fn(&str) -> bool) -> bool {
        if word.len() > self.max_len {
            return false;
        }
        let mask = self.slots.len() - 1;
        let mut i = hash & mask;
        loop {
            match self.slots[i] {
                "" => return false,
                w if matches(w) => return true,
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Whether the set holds `word` in lowercase (`Said` → `said`).
    pub(crate) fn contains_lowercase(&self, word: &str) -> bool {
        if word.is_ascii() {
            self.contains_ascii_lowercase(word)
        } else {
            self.contains(&word.to_lowercase())
        }
    }
}

/// A hash of a word from its length and its first and last four bytes
/// (overlapping in a word of fewer than eight; its first, middle and last
/// byte in one of fewer than four), each with bit 5 set: words that differ
/// only in ASCII case hash alike, and no word is read byte by byte.
pub(crate) fn word_hash(word: &str) -> usize {
    let bytes = word.as_bytes();
    let n = bytes.len();
    let (head, tail) = match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        (Some(head), Some(tail)) => (u32::from_le_bytes(*head), u32::from_le_bytes(*tail)),
        _ => {
            let at = |i: usize| bytes.get(i).map_or(0, |&b| u32::from(b));
            (at(0) | at(n / 2) << 8 | at(n.wrapping_sub(1)) << 16, 0)
        }
    };
    let fold = 0x2020_2020;
    let x = (u64::from(head | fold) << 32 | u64::from(tail | fold)) ^ n as u64;
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize
}

/// An origin with its confidence clamped to `[0, 1]` and rounded to 2 decimals.
pub(crate) fn origin(rule: &'static str, confidence: f32, reason: String) -> Origin {
    Origin {
        rule: rule.into(),
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

/// `(start, end)` of each piece of `text.split('\n')`, found with memchr:
/// both passes over lines see the whole text.
pub(crate) fn line_ranges(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .chain([text.len()])
        .map(move |end| (std::mem::replace(&mut start, end + 1), end))
}

/// A non-blank line, trimmed: the caption detector and the paragraph split
/// read the same list.
pub(crate) struct Line<'t> {
    pub range: ByteRange,
    pub text: &'t str,
    /// Whether a blank line separates it from the previous non-blank line.
    pub after_blank: bool,
}

/// The non-blank lines of `text`, in order.
pub(crate) fn lines(text: &str) -> Vec<Line<'_>> {
    // Sized for every line, blank or not: counting them is cheaper than
    // growing the list and copying it each time.
    let mut out = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    let mut after_blank = false;
    for (start, end) in line_ranges(text) {
        match trim_range(text, start, end) {
            Some(range) => out.push(Line {
                range,
                text: range.slice(text).unwrap_or_default(),
                after_blank: std::mem::take(&mut after_blank),
            }),
            None => after_blank = true,
        }
    }
    out
}

/// `word` in ASCII lowercase: `word` itself when it has no capitals (most
/// words), else a copy in `buf`; `None` when it is not ASCII, or has capitals
/// and is longer than `buf`.
pub(crate) fn ascii_lowercase<'a>(word: &'a str, buf: &'a mut [u8]) -> Option<&'a str> {
    if !word.is_ascii() {
        return None;
    }
    if !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some(word);
    }
    let lower = buf.get_mut(..word.len())?;
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).ok()
}

/// `range` shrunk to exclude surrounding whitespace; `None` when nothing is left.
pub(crate) fn trim_range(text: &str, start: usize, end: usize) -> Option<ByteRange> {
    let s = text.get(start..end)?;
    let rest = s.trim_start();
    let trimmed = rest.trim_end();
    let lead = s.len() - rest.len();
    (!trimmed.is_empty()).then(|| ByteRange::new(start + lead, start + lead + trimmed.len()))
}

/// `s` cut to about `max` bytes on a char boundary, with `…` when cut, for
/// quoting text in a reason line.
pub(crate) fn excerpt(s: &str, max: usize) -> String {
    if s.len() <= max {
        s.to_owned()
    } else {
        let head = &s[..floor_boundary(s, max)];
        let mut cut = String::with_capacity(head.len() + '…'.len_utf8());
        cut.push_str(head);
        cut.push('…');
        cut
    }
}

/// `count` texts of up to `max_pieces - 1` of `pieces` each, from a small
/// deterministic generator (xorshift): the same texts on every run, so a
/// failure names a text that fails again.
#[cfg(test)]
pub(crate) fn mixed_texts(
    pieces: &'static [&'static str],
    count: usize,
    max_pieces: u64,
    seed: u64,
) -> impl Iterator<Item = String> {
    let mut state = seed;
    (0..count).map(move |_| {
        let mut s = String::new();
        for _ in 0..(state % max_pieces) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            s.push_str(pieces[(state % pieces.len() as u64) as usize]);
        }
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        s
    })
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
            "a\u{8}b\u{e}c\u{1f} d\u{7f}e\u{9}\u{d}f ",
            "one two  three four\tfive six seven€eight nine\u{a0}ten",
        ] {
            assert_eq!(count_words(s), s.split_whitespace().count(), "{s:?}");
        }
        // Every ASCII char and some others at every offset of the chunks.
        let others = [
            'é', '“', '’', '—', '\u{85}', '\u{84}', '\u{a0}', '\u{a1}', '\u{1680}', '\u{1681}',
            '\u{167f}', '\u{2000}', '\u{2009}', '\u{200a}', '\u{200b}', '\u{2027}', '\u{2028}',
            '\u{2029}', '\u{202f}', '\u{205f}', '\u{2060}', '\u{20ac}', '\u{3000}', '\u{3001}',
            '\u{2fff}', '🙂',
        ];
        for c in (0..0x80u8).map(char::from).chain(others) {
            for at in 0..17 {
                let mut s = "ab cd ef gh ij kl mn op".to_owned();
                s.insert(at, c);
                s.insert(at, c);
                assert_eq!(count_words(&s), s.split_whitespace().count(), "{s:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn word_count_is_that_of_split_whitespace(
            s in "([a-z ]|\\PC|\\s|[\u{2000}-\u{2060}\u{80}-\u{a0}\u{1680}\u{3000}]){0,80}"
        ) {
            proptest::prop_assert_eq!(count_words(&s), s.split_whitespace().count());
        }
    }

    #[test]
    fn bounded_word_count_reaches_its_limit_or_the_whole_count() {
        let long = "one two three four five six seven eight nine ten eleven twelve ".repeat(20);
        for s in ["", "a b", "“Not so,” she said.", long.as_str()] {
            let all = count_words(s);
            for limit in [1, 3, 9, 1000] {
                let bounded = count_words_up_to(s, limit);
                assert!(bounded >= limit.min(all) && bounded <= all, "{s:?} {limit}");
            }
        }
        // It stops early: a quote of 240 words is not read to its end.
        assert!(count_words_up_to(&long, 9) < 20);
    }

    #[test]
    fn ascii_lowercase_copies_only_words_with_capitals() {
        let mut buf = [0; 4];
        assert_eq!(ascii_lowercase("Mr", &mut buf), Some("mr"));
        assert_eq!(ascii_lowercase("already", &mut buf), Some("already"));
        assert_eq!(ascii_lowercase("TOOLONG", &mut buf), None);
        assert_eq!(ascii_lowercase("Éa", &mut buf), None);
    }

    #[test]
    fn every_non_ascii_char_is_told_by_its_bytes() {
        for c in ('\u{80}'..=char::MAX).filter(|c| !c.is_ascii()) {
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let expected = (c.is_whitespace(), c.len_utf8());
            assert_eq!(non_ascii_char_at(bytes, 0), expected, "{c:?}");
        }
    }

    #[test]
    fn words_split_like_split_whitespace() {
        const PIECES: &[&str] = &[
            " ", "a", "bc", "\t", "\u{b}", "\u{1c}", "é", "’", "\u{a0}", "\u{85}", "\u{2009}",
            "\u{3000}", "🙂", "\u{1680}", "\u{2028}", "€", "\u{7f}", "\0", "\u{202f}", "\u{205f}",
            "\u{2060}", "—",
        ];
        for s in mixed_texts(PIECES, 20_000, 10, 0x9e37_79b9) {
            let ours: Vec<_> = split_words(&s).collect();
            assert_eq!(ours, s.split_whitespace().collect::<Vec<_>>(), "{s:?}");
        }
    }

    #[test]
    fn alnum_matches_std() {
        for c in ('\0'..='\u{3000}').chain(['🙂', '\u{1d7ce}', 'ﬁ']) {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn word_sets_hold_exactly_their_words() {
        let words = [
            "said",
            "says",
            "told",
            "a",
            "it",
            "say",
            "according",
            "Sen.",
        ];
        let set = WordSet::new(words);
        for w in words {
            assert!(set.contains(w), "{w}");
        }
        // `accxrding` hashes like `according` (same length, same first and
        // last four bytes): the slot's word still tells them apart.
        for w in [
            "",
            "Said",
            "sai",
            "saids",
            "b",
            "accordingly",
            "Sen",
            "accxrding",
            "ti",
        ] {
            assert!(!set.contains(w), "{w}");
        }
        assert!(!WordSet::new([]).contains("x"));
        for (w, lower) in [
            ("Said", true),
            ("SAYS", true),
            ("according", true),
            ("Sen.", false),
            ("SAI", false),
            ("\u{212a}", false),
            ("Àccording", false),
        ] {
            assert_eq!(set.contains_lowercase(w), lower, "{w}");
            assert_eq!(
                set.contains_lowercase(w),
                set.contains(&w.to_lowercase()),
                "{w}"
            );
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
        for text in ["", "\n", "a\n\nbc\n", "é\nü"] {
            let pieces: Vec<_> = line_ranges(text).map(|(a, b)| &text[a..b]).collect();
            assert_eq!(pieces, text.split('\n').collect::<Vec<_>>());
        }
    }
}
