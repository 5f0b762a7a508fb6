//! Paragraph and sentence splitting, in one linear pass each.
//!
//! A paragraph is a run of non-blank lines: a blank line ends it, and so does
//! a line break unless the next line starts in lowercase (a hard-wrapped
//! sentence). Scraped pages put one paragraph or one piece of page furniture
//! per line, so a title line without final punctuation must not run into the
//! line after it. Sentences never cross a paragraph boundary.

use super::common::{Line, WordSet, ascii_lowercase, lines};
use crate::model::ByteRange;
use memchr::{Memchr3, memchr3_iter, memmem};
use std::sync::LazyLock;

/// The sentences of `text`, in order, each from its first character to its
/// final punctuation (closing quotation marks included), never empty and
/// never starting or ending on whitespace.
pub fn sentences(text: &str) -> Vec<ByteRange> {
    let mut out = Vec::new();
    let mut marks = Marks::new(text);
    for para in paragraphs(text, &lines(text), &[]) {
        sentences_in(text, para, &mut marks, &mut out);
    }
    out
}

/// The paragraphs of a text outside caption lines and their sentences,
/// split once and shared by the quote and claim detectors.
pub(crate) struct Layout {
    pub paras: Vec<ByteRange>,
    /// The sentences of all paragraphs, in order.
    pub sentences: Vec<ByteRange>,
    /// Index in `sentences` of the first sentence of each paragraph, then
    /// the number of sentences.
    first_sentence: Vec<usize>,
}

impl Layout {
    /// [`Layout::of_lines`] of `text`'s own lines.
    #[cfg(test)]
    pub(crate) fn new(text: &str, skip: &[ByteRange]) -> Self {
        Self::of_lines(text, &lines(text), skip)
    }

    /// Splits `text`, whose [`lines`] are given, leaving out the lines that
    /// `skip` (sorted) touches.
    pub(crate) fn of_lines(text: &str, lines: &[Line<'_>], skip: &[ByteRange]) -> Self {
        let paras = paragraphs(text, lines, skip);
        let mut sentences = Vec::with_capacity(paras.len() * 2);
        let mut first_sentence = Vec::with_capacity(paras.len() + 1);
        let mut marks = Marks::new(text);
        for para in &paras {
            first_sentence.push(sentences.len());
            sentences_in(text, *para, &mut marks, &mut sentences);
        }
        first_sentence.push(sentences.len());
        Self {
            paras,
            sentences,
            first_sentence,
        }
    }

    /// The sentences of paragraph `p`.
    pub(crate) fn sentences_of(&self, p: usize) -> &[ByteRange] {
        match (self.first_sentence.get(p), self.first_sentence.get(p + 1)) {
            (Some(&a), Some(&b)) => &self.sentences[a..b],
            _ => &[],
        }
    }
}

/// The paragraphs of a text (trimmed) whose [`lines`] are given, leaving out
/// the lines that `skip` ranges (sorted, e.g. caption lines) touch: such a
/// line is a paragraph boundary of its own and belongs to no paragraph.
pub(crate) fn paragraphs(text: &str, lines: &[Line<'_>], skip: &[ByteRange]) -> Vec<ByteRange> {
    let mut out = Vec::new();
    let mut current: Option<ByteRange> = None;
    let mut skip = skip.iter().peekable();
    for line in lines {
        if line.after_blank {
            out.extend(current.take());
        }
        let line = line.range;
        while skip.next_if(|s| s.end <= line.start).is_some() {}
        if skip.peek().is_some_and(|s| s.start < line.end) {
            out.extend(current.take());
            continue;
        }
        let continues = text
            .get(line.start.0..)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_lowercase);
        match &mut current {
            Some(para) if continues => para.end = line.end,
            _ => {
                out.extend(current.take());
                current = Some(line);
            }
        }
    }
    out.extend(current);
    out
}

/// Appends the sentences of `para`, a paragraph from [`paragraphs`] (so
/// trimmed), to `out`; `marks` are those of the whole text, and the
/// paragraphs come in order.
fn sentences_in(text: &str, para: ByteRange, marks: &mut Marks, out: &mut Vec<ByteRange>) {
    let Some(s) = para.slice(text) else {
        return;
    };
    let base = para.start.0;
    let bytes = s.as_bytes();
    let mut sentence_start = 0;
    let mut i = 0;
    while let Some(at) = marks.first_in(base + i, base + s.len()) {
        i = at - base;
        let single_period = bytes[i] == b'.' && terminal_len(&bytes[i + 1..]).is_none();
        let mut j = i;
        while let Some(len) = terminal_len(&bytes[j..]) {
            j += len;
        }
        // The first char after the marks and closing marks, if any.
        let after = loop {
            match s[j..].chars().next() {
                Some(c) if is_closing_mark(c) => j += c.len_utf8(),
                after => break after,
            }
        };
        // Where the next sentence starts if one ends at `j`. The sentence
        // ends on a mark and the next one starts on the first non-blank
        // char, so neither needs trimming.
        let next_start = match after {
            None => Some(s.len()),
            Some(c) if !c.is_whitespace() => None,
            Some(_) => {
                let next_word = s[j..].trim_start();
                let lowercase_next = next_word.chars().next().is_some_and(char::is_lowercase);
                let ends =
                    !(lowercase_next || single_period && is_abbreviation(&s[..i], next_word));
                ends.then(|| s.len() - next_word.len())
            }
        };
        if let Some(next) = next_start {
            out.push(ByteRange::new(base + sentence_start, base + j));
            sentence_start = next;
        }
        // `i` only ever moves over whole chars, so slicing at it is safe.
        i = j;
    }
    if sentence_start < s.len() {
        out.push(ByteRange::new(base + sentence_start, base + s.len()));
    }
}

/// The sentence-final marks of a text (`.`, `!`, `?`, `…`), found in one
/// pass over the whole text: searching each paragraph anew would pay the
/// setup of memchr3 and memmem per paragraph, and most paragraphs are short.
struct Marks<'t> {
    ascii: Memchr3<'t>,
    ellipses: memmem::FindIter<'t, 'static>,
    /// The first mark of each kind not yet passed.
    next_ascii: Option<usize>,
    next_ellipsis: Option<usize>,
    /// The last `from` asked for: marks before it are gone.
    from: usize,
}

impl<'t> Marks<'t> {
    fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        let mut ascii = memchr3_iter(b'.', b'!', b'?', bytes);
        let mut ellipses = ELLIPSIS.find_iter(bytes);
        Self {
            next_ascii: ascii.next(),
            next_ellipsis: ellipses.next(),
            ascii,
            ellipses,
            from: 0,
        }
    }

    /// The first mark in `from..end`. Marks before `from` are dropped, so
    /// `from` must never go back.
    fn first_in(&mut self, from: usize, end: usize) -> Option<usize> {
        debug_assert!(from >= self.from, "marks asked for backwards");
        self.from = from;
        while self.next_ascii.is_some_and(|m| m < from) {
            self.next_ascii = self.ascii.next();
        }
        while self.next_ellipsis.is_some_and(|e| e < from) {
            self.next_ellipsis = self.ellipses.next();
        }
        let first = match (self.next_ascii, self.next_ellipsis) {
            (Some(a), Some(e)) => Some(a.min(e)),
            (a, e) => a.or(e),
        };
        first.filter(|&m| m < end)
    }
}

/// Built once: building a searcher costs more than searching a short text.
static ELLIPSIS: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("…".as_bytes()));

/// Byte length of the sentence-final mark at the start of `bytes`, if any.
/// Works on bytes so the scan can step one byte at a time; a match is always
/// a whole char (ASCII or the three bytes of `…`).
fn terminal_len(bytes: &[u8]) -> Option<usize> {
    match bytes {
        [b'.' | b'!' | b'?', ..] => Some(1),
        [0xE2, 0x80, 0xA6, ..] => Some("…".len()),
        _ => None,
    }
}

fn is_closing_mark(c: char) -> bool {
    matches!(c, '”' | '"' | '’' | '\'' | ')' | ']' | '»' | '›')
}

/// Titles and abbreviations after which a period never ends a sentence.
static ALWAYS_ABBREV: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new([
        "mr", "mrs", "ms", "dr", "prof", "sen", "sens", "rep", "reps", "gov", "gen", "lt", "col",
        "sgt", "capt", "cmdr", "adm", "rev", "st", "mt", "ft", "hon", "pres", "supt", "det",
        "insp", "messrs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
        "nov", "dec", "vs", "v", "approx", "fig", "vol", "ave", "blvd", "dept", "univ", "mass",
        "calif", "ariz", "conn", "fla", "ill", "pa", "tenn", "wash",
    ])
});

/// Abbreviations that can also close a sentence (`… of Acme Inc. The firm`):
/// they end it only before a typical sentence opener.
static SOMETIMES_ABBREV: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new([
        "inc", "corp", "co", "ltd", "llc", "plc", "jr", "sr", "bros", "etc", "al",
    ])
});

/// Words that usually start a sentence, used after ambiguous abbreviations.
const SENTENCE_OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "In",
    "On",
    "At",
    "But",
    "And",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "There",
    "After",
    "Before",
    "When",
    "While",
    "As",
    "If",
    "So",
    "Yet",
    "For",
    "Some",
    "Many",
    "Most",
    "All",
    "Both",
    "Last",
    "Since",
    "Still",
    "However",
    "Meanwhile",
];

/// Whether the period after `before` (the paragraph up to the period) belongs
/// to an abbreviation or initial rather than ending the sentence.
fn is_abbreviation(before: &str, next_word: &str) -> bool {
    let is_break = |c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘' | '—' | '–');
    // Bytes are cheaper to scan than chars, and the token is almost always
    // ASCII: chars are decoded only from the last non-ASCII byte on, which
    // ends a char, so slicing after it is safe.
    let last = before
        .bytes()
        .rposition(|b| !b.is_ascii() || is_break(char::from(b)));
    let token_start = match last {
        None => 0,
        Some(p) if before.as_bytes()[p].is_ascii() => p + 1,
        Some(p) => before[..=p].rfind(is_break).map_or(0, |q| {
            q + before[q..].chars().next().map_or(1, char::len_utf8)
        }),
    };
    let token = &before[token_start..];
    let mut chars = token.chars();
    let first = chars.next();
    // A single capital letter is an initial: `J. R. R. Tolkien`, `Jane Q. Public`.
    if first.is_some_and(char::is_uppercase) && chars.next().is_none() {
        return true;
    }
    // The lists hold short ASCII words, looked up in lowercase (ASCII
    // case-insensitive) without allocating.
    let mut buf = [0; 8];
    let lower = ascii_lowercase(token, &mut buf);
    let is = |set: &WordSet| lower.is_some_and(|l| set.contains(l));
    if lower.is_some_and(|l| l == "no" || l == "nos") {
        return next_word.chars().next().is_some_and(|c| c.is_ascii_digit());
    }
    if is(&ALWAYS_ABBREV) {
        return true;
    }
    // Dotted acronyms (`U.S.`, `a.m.`, `D.C.`) behave like `Inc.`.
    let dotted = token.contains('.')
        && token.chars().any(char::is_alphabetic)
        && token.split('.').all(|p| p.chars().count() <= 2);
    if dotted || is(&SOMETIMES_ABBREV) {
        let opener = next_word
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or_default();
        return !SENTENCE_OPENERS.contains(&opener);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text)
            .iter()
            .map(|r| r.slice(text).unwrap_or("<invalid>"))
            .collect()
    }

    #[test]
    fn splits_on_final_punctuation() {
        assert_eq!(
            split("The vote passed. Was it close? Very!  Not at all."),
            ["The vote passed.", "Was it close?", "Very!", "Not at all."]
        );
    }

    #[test]
    fn titles_and_abbreviations_do_not_end_sentences() {
        assert_eq!(
            split("Sen. Ada Pryce met Gov. Tom Reyes and Mr. Lu at 9 a.m. Friday. They agreed."),
            [
                "Sen. Ada Pryce met Gov. Tom Reyes and Mr. Lu at 9 a.m. Friday.",
                "They agreed."
            ]
        );
        assert_eq!(
            split("Dr. Bell joined Vantor Inc. in Jan. 2019 as No. 3 in the U.S. Navy office."),
            ["Dr. Bell joined Vantor Inc. in Jan. 2019 as No. 3 in the U.S. Navy office."]
        );
        assert_eq!(
            split("She works at Vantor Inc. The firm is small. He said no. Then he left."),
            [
                "She works at Vantor Inc.",
                "The firm is small.",
                "He said no.",
                "Then he left."
            ]
        );
    }

    #[test]
    fn decimals_and_initials_do_not_end_sentences() {
        assert_eq!(
            split("Sales rose 3.5 percent. J. R. R. Tolkien and Ana M. Ruiz wrote it."),
            [
                "Sales rose 3.5 percent.",
                "J. R. R. Tolkien and Ana M. Ruiz wrote it."
            ]
        );
    }

    #[test]
    fn quotation_marks_stay_with_their_sentence() {
        assert_eq!(
            split("“We are done,” he said. “It is over.” Then she left. “Why?” she asked."),
            [
                "“We are done,” he said.",
                "“It is over.”",
                "Then she left.",
                "“Why?” she asked."
            ]
        );
        assert_eq!(
            split("He called it \"a mess.\" (The board agreed.) Wait..."),
            ["He called it \"a mess.\"", "(The board agreed.)", "Wait..."]
        );
    }

    #[test]
    fn paragraphs_and_lines_bound_sentences() {
        let text = "Now playing\n02:36\nA title without a stop\n\nThe body starts here\nand is \
                    wrapped. Next one\n\n  Tail without stop  ";
        assert_eq!(
            split(text),
            [
                "Now playing",
                "02:36",
                "A title without a stop",
                "The body starts here\nand is wrapped.",
                "Next one",
                "Tail without stop"
            ]
        );
    }

    #[test]
    fn skipped_lines_split_paragraphs() {
        let text = "first line\nsecond caption line\nthird line";
        let skip = [ByteRange::new(11, 30)];
        let paras: Vec<_> = paragraphs(text, &lines(text), &skip)
            .iter()
            .map(|r| r.slice(text).unwrap_or("<invalid>"))
            .collect();
        assert_eq!(paras, ["first line", "third line"]);
    }

    #[test]
    fn layout_groups_sentences_by_paragraph() {
        let text = "One. Two!\ncaption line\nThree?\n\nFour";
        let layout = Layout::new(text, &[ByteRange::new(10, 22)]);
        let of = |p: usize| -> Vec<&str> {
            layout
                .sentences_of(p)
                .iter()
                .map(|r| r.slice(text).unwrap_or("<invalid>"))
                .collect()
        };
        assert_eq!(layout.paras.len(), 3);
        assert_eq!(of(0), ["One.", "Two!"]);
        assert_eq!(of(1), ["Three?"]);
        assert_eq!(of(2), ["Four"]);
        assert!(of(3).is_empty());
        assert_eq!(layout.sentences.len(), 4);
    }

    #[test]
    fn odd_input_never_panics_and_ranges_are_valid() {
        for text in [
            "",
            ".",
            "...",
            "…",
            " . ! ? ",
            "é.\u{a0}é",
            "“.”",
            "a\n\n\n.b",
            "x.”",
        ] {
            for r in sentences(text) {
                assert!(r.is_valid_in(text), "{text:?} {r}");
                let s = r.slice(text).unwrap_or_default();
                assert_eq!(s, s.trim(), "{text:?}");
            }
        }
    }
}
