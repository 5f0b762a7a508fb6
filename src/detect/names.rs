//! Runs of capitalised name words (`Port Authority Chair Selma Varga`,
//! `Sen. Claire McCaskill`, `J.R.R. Tolkien`), found with a byte loop.
//!
//! The runs are exactly the leftmost-first matches of the regex
//! `T(?:[ \t]+T)+`, where a name word `T` is
//! `(?:\p{Lu}\.){2,}|(?:Mr|Mrs|…|Prof)\.|\p{Lu}\.|\p{Lu}[^\s\d,;:!?.()\[\]"“”«»/]*`
//! (an acronym, an abbreviated title, an initial, or a capitalised word that
//! stops at punctuation; see the tests). The regex scanned every byte of the
//! text through a lazy DFA; here only uppercase letters start any work, and
//! each stretch of text is looked at a bounded number of times.

use super::bytewise;
use super::common::re;
use regex::Regex;
use std::sync::LazyLock;

/// Abbreviated titles taken as name words with their period.
const TITLES: &[&[u8]] = &[
    b"Mr", b"Mrs", b"Ms", b"Dr", b"Sen", b"Rep", b"Gov", b"Gen", b"Lt", b"Col", b"Sgt", b"Capt",
    b"Adm", b"Rev", b"Prof",
];

/// `\p{Lu}` and `[\s\d]` for the rare chars outside ASCII, Latin-1 and
/// General Punctuation: the regex crate's Unicode tables, not std's, so the
/// runs stay what the regex found whatever Unicode version std has.
static UPPER: LazyLock<Regex> = LazyLock::new(|| re(r"\A\p{Lu}\z"));
static SPACE_OR_DIGIT: LazyLock<Regex> = LazyLock::new(|| re(r"\A[\s\d]\z"));

/// The length of the uppercase letter (`\p{Lu}`) starting at byte `i`.
fn upper_at(s: &str, i: usize) -> Option<usize> {
    let b = *s.as_bytes().get(i)?;
    if b.is_ascii() {
        return b.is_ascii_uppercase().then_some(1);
    }
    let c = s.get(i..)?.chars().next()?;
    let upper = match c {
        '\u{80}'..='\u{ff}' => matches!(c, 'À'..='Ö' | 'Ø'..='Þ'),
        '\u{2000}'..='\u{206f}' => false,
        _ => UPPER.is_match(c.encode_utf8(&mut [0; 4])),
    };
    upper.then_some(c.len_utf8())
}

/// Whether each byte is an ASCII one that stops a name word: whitespace,
/// digits and `,;:!?.()[]"/`. A table rather than bits of a `u128`, whose
/// shifts cost several instructions on every char of every capitalised word.
const ASCII_STOPS: [bool; 256] = {
    let mut table = [false; 256];
    let stops = b"\t\n\x0b\x0c\r 0123456789,;:!?.()[]\"/";
    let mut i = 0;
    while i < stops.len() {
        table[stops[i] as usize] = true;
        i += 1;
    }
    table
};

/// Whether `c` may follow the capital of a name word: not whitespace, a
/// decimal digit or one of `,;:!?.()[]"“”«»/`.
fn name_char(c: char) -> bool {
    match c {
        '\0'..='\u{7f}' => !ASCII_STOPS[c as usize],
        '\u{80}'..='\u{ff}' => !matches!(c, '\u{85}' | '\u{a0}' | '«' | '»'),
        '\u{2000}'..='\u{206f}' => !(c.is_whitespace() || c == '“' || c == '”'),
        _ => !SPACE_OR_DIGIT.is_match(c.encode_utf8(&mut [0; 4])),
    }
}

/// The number of leading bytes of `rest` that are neither an uppercase ASCII
/// letter nor a non-ASCII lead byte (`rest.len()` when it has none): most of
/// the text is skipped here.
fn skip_to_candidate(rest: &[u8]) -> usize {
    bytewise::position(rest, candidates)
}

/// The number of leading bytes of `rest` before its first ASCII whitespace
/// or non-ASCII byte (`rest.len()` when it has none).
fn blank_or_non_ascii(rest: &[u8]) -> usize {
    bytewise::position(rest, |x| {
        bytewise::ascii_in(x, b'\t', b'\r')
            | bytewise::ascii_in(x, b' ', b' ')
            | (x & bytewise::HIGH)
    })
}

/// The number of spaces and tabs in `bytes` from `at` on: the gap between
/// two words of a run.
fn blanks_at(bytes: &[u8], at: usize) -> usize {
    bytes
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()
}

/// The top bit of each byte of `x` that is an uppercase ASCII letter or a
/// non-ASCII lead byte.
fn candidates(x: u128) -> u128 {
    // A lead byte has its two top bits set.
    let lead = x & (x << 1) & bytewise::HIGH;
    lead | bytewise::ascii_in(x, b'A', b'Z')
}

/// Calls `found(start, end)` for each run of name words in `s`, in order.
pub(crate) fn name_runs(s: &str, found: impl FnMut(usize, usize)) {
    Scan {
        s,
        word: (0, 0),
        chain: (0, 0, 0),
        gap: (usize::MAX, None),
        leads_on: (0, 0, false),
    }
    .run(found);
}

/// The scan, with the last stretch each rule looked at: later starts inside
/// such a stretch reuse its answer instead of reading it again (a long word
/// of capitals, a long `A.B.C.` chain, a long gap), which keeps it linear.
struct Scan<'s> {
    s: &'s str,
    /// `(from, end)`: the chars from `from` (an uppercase letter) up to `end`
    /// are name chars, and the one at `end` is not.
    word: (usize, usize),
    /// `(from, last, end)`: `(\p{Lu}\.)` pairs from `from` to `end`, the last
    /// one starting at `last`.
    chain: (usize, usize, usize),
    /// `(end, next)`: after `end` come spaces or tabs up to `next`.
    gap: (usize, Option<usize>),
    /// `(from, boundary, may)`: the answer of [`Scan::leads_on`] for every
    /// start from `from` up to `boundary`.
    leads_on: (usize, usize, bool),
}

impl Scan<'_> {
    fn run(&mut self, mut found: impl FnMut(usize, usize)) {
        let bytes = self.s.as_bytes();
        let mut p = 0;
        while let Some(&b) = bytes.get(p) {
            // Only an uppercase ASCII letter or a non-ASCII lead byte can start
            // a name word.
            if !(b.is_ascii_uppercase() || b >= 0xC0) {
                // Never stuck: `b` itself is skipped.
                p += skip_to_candidate(bytes.get(p..).unwrap_or_default()).max(1);
                continue;
            }
            let (may_lead_on, boundary) = self.leads_on(p);
            if !may_lead_on {
                // No capital before `boundary` starts a run either.
                p = boundary.max(p + 1);
                continue;
            }
            let Some(len) = upper_at(self.s, p) else {
                // The length of the char from its lead byte.
                p += match b {
                    0x00..=0xDF => 1 + usize::from(b >= 0xC0),
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
                continue;
            };
            // The first word must be followed by another: of its possible
            // ends at most one is followed by a space or tab (the others are
            // followed by a letter or a period), so the first that leads on
            // is the one the regex takes.
            // A chain or an initial needs a period right after the capital.
            let dotted = bytes.get(p + len) == Some(&b'.');
            let word_end = self.word_end(p, len);
            // A title's period is the stop that ends its word.
            let period_ends_word = bytes.get(word_end) == Some(&b'.');
            let ends = [
                dotted.then(|| self.chain_end(p)).flatten(),
                period_ends_word.then(|| self.title_end(p)).flatten(),
                dotted.then(|| self.initial_end(p, len)).flatten(),
                Some(word_end),
            ];
            let Some(mut next) = ends.into_iter().flatten().find_map(|e| self.next_word(e)) else {
                p += len;
                continue;
            };
            // Later words take their first alternative that matches: the run
            // may end after any of them.
            let end = loop {
                let end = self.preferred_end(next);
                match self.next_word(end) {
                    Some(n) => next = n,
                    None => break end,
                }
            };
            found(p, end);
            p = end;
        }
    }

    /// The end of the name word at `p` by the regex's order of alternatives.
    fn preferred_end(&mut self, p: usize) -> usize {
        let len = upper_at(self.s, p).unwrap_or(1);
        self.chain_end(p)
            .or_else(|| self.title_end(p))
            .or_else(|| self.initial_end(p, len))
            .unwrap_or_else(|| self.word_end(p, len))
    }

    /// `(\p{Lu}\.){2,}` at `p`, as long as it goes.
    fn chain_end(&mut self, p: usize) -> Option<usize> {
        let (from, _, end) = self.chain;
        if !(from <= p && p < end) {
            let (mut q, mut last) = (p, p);
            while let Some(len) = upper_at(self.s, q)
                && self.s.as_bytes().get(q + len) == Some(&b'.')
            {
                last = q;
                q += len + 1;
            }
            self.chain = (p, last, q);
        }
        let (_, last, end) = self.chain;
        // Inside a chain every uppercase letter starts a pair; two are needed.
        (p < last).then_some(end)
    }

    /// An abbreviated title with its period at `p` (`Gov.`).
    fn title_end(&self, p: usize) -> Option<usize> {
        let bytes = self.s.as_bytes();
        let word = bytes.get(p..)?;
        let len = 1 + word[1..]
            .iter()
            .take(4)
            .take_while(|b| b.is_ascii_lowercase())
            .count();
        (word.get(len) == Some(&b'.') && TITLES.contains(&&word[..len])).then_some(p + len + 1)
    }

    /// An initial at `p` (`M.`), the capital being `len` bytes.
    fn initial_end(&self, p: usize, len: usize) -> Option<usize> {
        (self.s.as_bytes().get(p + len) == Some(&b'.')).then_some(p + len + 1)
    }

    /// The end of the capitalised word at `p`, the capital being `len` bytes.
    fn word_end(&mut self, p: usize, len: usize) -> usize {
        let (from, end) = self.word;
        if from <= p && p < end {
            return end;
        }
        let bytes = self.s.as_bytes();
        let mut q = p + len;
        while let Some(&b) = bytes.get(q) {
            let c_len = if b.is_ascii() {
                (!ASCII_STOPS[usize::from(b)]).then_some(1)
            } else {
                self.s[q..]
                    .chars()
                    .next()
                    .filter(|&c| name_char(c))
                    .map(char::len_utf8)
            };
            match c_len {
                Some(l) => q += l,
                None => break,
            }
        }
        self.word = (p, q);
        q
    }

    /// Whether a name word starting at `p` may be followed by another, and
    /// up to where the answer holds. Every end of a name word comes at or
    /// before the first whitespace after `p`, and only spaces or tabs
    /// before an uppercase letter lead on: most capitalised words (sentence
    /// openers) are ruled out here, before their ends are worked out. A
    /// non-ASCII char may be whitespace or an uppercase letter: reaching one
    /// first rules nothing out.
    fn leads_on(&mut self, p: usize) -> (bool, usize) {
        let (from, boundary, may) = self.leads_on;
        if from <= p && p < boundary {
            return (may, boundary);
        }
        let bytes = self.s.as_bytes();
        let boundary = p + blank_or_non_ascii(bytes.get(p..).unwrap_or_default());
        let may = match bytes.get(boundary) {
            Some(b' ' | b'\t') => bytes
                .get(boundary + blanks_at(bytes, boundary))
                .is_some_and(|&b| b.is_ascii_uppercase() || b >= 0xC0),
            Some(&b) => b >= 0x80,
            None => false,
        };
        self.leads_on = (p, boundary, may);
        (may, boundary)
    }

    /// The start of the name word after the spaces or tabs at `end`, if any.
    fn next_word(&mut self, end: usize) -> Option<usize> {
        if self.gap.0 != end {
            let blanks = blanks_at(self.s.as_bytes(), end);
            let next = end + blanks;
            self.gap = (
                end,
                (blanks > 0 && upper_at(self.s, next).is_some()).then_some(next),
            );
        }
        self.gap.1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regex the scan replaces.
    const NAME_TOKEN: &str = r#"(?:(?:\p{Lu}\.){2,}|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Rev|Prof)\.|\p{Lu}\.|\p{Lu}[^\s\d,;:!?.()\[\]"“”«»/]*)"#;

    static RUN: LazyLock<Regex> =
        LazyLock::new(|| re(&format!(r"{t}(?:[ \t]+{t})+", t = NAME_TOKEN)));

    fn by_regex(s: &str) -> Vec<(usize, usize)> {
        RUN.find_iter(s).map(|m| (m.start(), m.end())).collect()
    }

    fn by_scan(s: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        name_runs(s, |a, b| out.push((a, b)));
        out
    }

    #[test]
    fn runs_are_the_regex_matches() {
        for s in [
            "Port Authority Chair Selma Varga, who abstained",
            "Sen. Claire McCaskill (D-Mo.) said",
            "J.R.R. Tolkien and U.S. Army and A.B.x Foo and Mrs. Jo Lee",
            "iPhone Max, McDONALD Smith\tJr. of the U.S.",
            "Éric Núñez-Ölund met ΣΩ Δ and Ⅻ Ab and Ⓐ Bc",
            "A.  B. Cx. D.E. F",
            "Gov.Ada Lee Prof. X",
            "Mr Mrs. Ms. Dr. Doe",
            "A1 B C2 D",
            "Ab \u{a0}Cd Ef\u{2009}Gh Ij«Kl Mn",
            "The “Big Apple” Thing Two",
            "",
            "A",
            "A.",
            "A B",
        ] {
            assert_eq!(by_scan(s), by_regex(s), "{s:?}");
        }
    }

    #[test]
    fn runs_match_the_regex_on_mixed_pieces() {
        const PIECES: &[&str] = &[
            "A", "B.", "Mr", "Mrs", "Gov", "Prof", ".", " ", "  ", "\t", "\n", ",", "x", "Ab", "É",
            "é", "Σ", "Ⅻ", "“", "’", "-", "1", "٣", "\u{a0}", "\u{2009}", "🙂", "\r", "\u{b}",
            "\u{1}",
        ];
        for s in crate::detect::common::mixed_texts(PIECES, 50_000, 12, 0x2545_f491) {
            assert_eq!(by_scan(&s), by_regex(&s), "{s:?}");
        }
    }

    #[test]
    fn skip_stops_at_the_first_candidate_in_any_chunk() {
        let is_candidate = |b: &u8| b.is_ascii_uppercase() || *b >= 0xC0;
        for len in 0..64 {
            for filler in [b'a', b'z', b'0', b' ', b'@', b'[', 0x80, 0xBF] {
                for at in (0..len).map(Some).chain([None]) {
                    for candidate in [b'A', b'Z', 0xC0, 0xF4] {
                        let mut bytes = vec![filler; len];
                        if let Some(at) = at {
                            bytes[at] = candidate;
                        }
                        let skipped = skip_to_candidate(&bytes);
                        match bytes.iter().position(is_candidate) {
                            Some(first) => assert_eq!(skipped, first, "{bytes:?}"),
                            None => assert_eq!(skipped, len, "{bytes:?}"),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn boundary_is_the_first_ascii_whitespace_or_non_ascii_byte() {
        let is_boundary = |b: &u8| matches!(b, b'\t'..=b'\r' | b' ' | 0x80..);
        for len in 0..40 {
            for at in (0..len).map(Some).chain([None]) {
                for stop in [b'\t', b'\x0b', b'\r', b' ', 0x80, 0xC3, 0xFF] {
                    let mut bytes = vec![b'A'; len];
                    // Near misses around the stops: `\x08`, `\x0e`, `!`, DEL.
                    for (i, b) in bytes.iter_mut().enumerate() {
                        *b = [b'A', 0x08, 0x0E, b'!', 0x7F][i % 5];
                    }
                    if let Some(at) = at {
                        bytes[at] = stop;
                    }
                    let expected = bytes.iter().position(is_boundary).unwrap_or(len);
                    assert_eq!(blank_or_non_ascii(&bytes), expected, "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn long_runs_are_the_regex_matches() {
        // Inputs on which a scan that re-reads a run would be quadratic: the
        // `detect` benchmark's degenerate runs show the time.
        for s in [
            "A".repeat(200_000),
            "A.".repeat(100_000),
            "Ab ".repeat(100_000) + "x",
            "A".repeat(100_000) + &" ".repeat(100_000) + "x",
            "A. ".repeat(70_000),
        ] {
            assert_eq!(by_scan(&s), by_regex(&s));
        }
    }
}
