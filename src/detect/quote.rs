//! Quote detection with speaker attribution.
//!
//! One pass per paragraph pairs quotation marks with a small state machine
//! (so unbalanced marks cost nothing extra), then each quote looks for its
//! attribution in bounded windows of its own sentence: after the closing mark
//! (`,” she said`), before the opening mark (`Doe said: “`) or anywhere in
//! the sentence (`according to …`). Pronouns and surnames resolve through an
//! index of person names built once over the text. Quotes without an
//! attribution of their own take the speaker of the quote they continue
//! (split by attribution, or the next paragraph of the same speech).

use super::common::{
    WordSet, ceil_boundary, count_words_up_to, floor_boundary, is_alnum, origin, re, split_words,
    word_hash,
};
use super::names::name_runs;
use super::sentence::Layout;
use super::source::{
    self, Found as SourceFound, Source, Word, after_quote, before_quote, phrase_forward, subject,
    trim_start_punctuation, with_lower, words,
};
use super::{DetectConfig, Detector, Found, SpeakerGuess, Suggestion};
use crate::model::{ByteRange, Label};
use regex::Regex;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Finds Quote spans and guesses their speakers.
pub struct QuoteDetector;

impl Detector for QuoteDetector {
    fn label(&self) -> &'static str {
        Label::QUOTE
    }

    fn detect(&self, text: &str, found: &Found, _config: &DetectConfig) -> Vec<Suggestion> {
        let skip: Vec<ByteRange> = found.captions.iter().map(|c| c.range).collect();
        quotes(text, &Layout::new(text, &skip))
    }
}

/// The quotes in the paragraphs of `layout`, with their speakers.
pub(crate) fn quotes(text: &str, layout: &Layout) -> Vec<Suggestion> {
    let paras = &layout.paras;
    let mut quotes = Vec::new();
    let mut scratch = (Vec::new(), Vec::new());
    for (p, para) in paras.iter().enumerate() {
        let first = quotes.len();
        scan_paragraph(text, *para, p, &mut quotes);
        if first == quotes.len() {
            continue;
        }
        // Read once per paragraph, not per quote (a long one may hold many),
        // and only when a quote asks.
        let mut h: Option<Option<Headline>> = None;
        let sentences = layout.sentences_of(p);
        for q in &mut quotes[first..] {
            q.attribution = attribution(text, paras, sentences, q, &mut scratch);
            if q.attribution.is_none() || q.mark == Mark::Single {
                let h = h.get_or_insert_with(|| para.slice(text).and_then(headline));
                q.in_headline = h.is_some();
                if q.attribution.is_none()
                    && let Some(h) = h
                {
                    q.attribution = headline_attribution(text, *para, h, q);
                }
            }
        }
    }
    link_paragraphs(paras, &mut quotes);
    quotes.retain(|q| rejection(text, paras, q).is_none());
    // Speakers are looked up in and before their quote's paragraph: names
    // after the last one are never asked for.
    let named = quotes.last().map_or(0, |q| q.para + 1);
    let people = People::index(text, &paras[..named]);
    let speakers = assign_speakers(text, &people, paras, &quotes);
    quotes
        .iter()
        .zip(speakers)
        .map(|(q, (speaker, note))| suggestion(text, q, speaker, note))
        .collect()
}

/// The quotation mark styles, each with its own rule id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// `“…”`
    Curly,
    /// `"…"`
    Straight,
    /// `‘…’` used as primary marks.
    Single,
    /// `«…»`
    Guillemet,
    /// `‹…›`
    SingleGuillemet,
    /// `„…“` (German, Polish, …).
    Low,
}

impl Mark {
    fn rule(self) -> &'static str {
        match self {
            Mark::Curly => "quote.curly",
            Mark::Straight => "quote.straight",
            Mark::Single => "quote.single",
            Mark::Guillemet | Mark::SingleGuillemet => "quote.guillemet",
            Mark::Low => "quote.low",
        }
    }

    fn shape(self) -> &'static str {
        match self {
            Mark::Curly => "“…”",
            Mark::Straight => "\"…\"",
            Mark::Single => "‘…’",
            Mark::Guillemet => "«…»",
            Mark::SingleGuillemet => "‹…›",
            Mark::Low => "„…“",
        }
    }

    /// Straight and single marks double as inch marks and apostrophes.
    fn confidence(self) -> f32 {
        match self {
            Mark::Straight => 0.85,
            Mark::Single => 0.75,
            _ => 0.9,
        }
    }

    /// Whether `c` opens a quote of this style, given its neighbours.
    fn opens(c: char, prev: Option<char>, next: Option<char>) -> Option<Mark> {
        let after_space = prev.is_none_or(|p| p.is_whitespace() || "([{—–-/".contains(p));
        let before_text = next.is_some_and(|n| !n.is_whitespace());
        match c {
            '“' => Some(Mark::Curly),
            '„' => Some(Mark::Low),
            '«' => Some(Mark::Guillemet),
            '‹' => Some(Mark::SingleGuillemet),
            '"' if after_space && before_text => Some(Mark::Straight),
            // `‘90s` is an apostrophe typed the wrong way round.
            '‘' if after_space && before_text && !next.is_some_and(|n| n.is_ascii_digit()) => {
                Some(Mark::Single)
            }
            _ => None,
        }
    }

    /// Whether `c` closes a quote of this style, given its neighbours.
    fn closes(self, c: char, prev: Option<char>, next: Option<char>) -> bool {
        let after_text = prev.is_some_and(|p| !p.is_whitespace());
        // `don’t`, `Vantor’s`: a mark followed by a letter is an apostrophe.
        let not_in_word = !next.is_some_and(is_alnum);
        match self {
            // Mixed pairs (`“…"`, `"…”`) are typing slips of one quotation.
            Mark::Curly => c == '”' || c == '"' && after_text && not_in_word,
            Mark::Low => c == '“' || c == '”',
            Mark::Guillemet => c == '»',
            Mark::SingleGuillemet => c == '›',
            Mark::Straight => (c == '"' || c == '”') && after_text && not_in_word,
            Mark::Single => c == '’' && after_text && not_in_word,
        }
    }
}

/// A quote found by the scan, with what the later passes learn about it.
#[derive(Debug)]
struct Quote<'t> {
    range: ByteRange,
    mark: Mark,
    /// Index of its paragraph.
    para: usize,
    /// False when the paragraph ends before a closing mark.
    closed: bool,
    /// Opens a paragraph and continues the unclosed quote of the one before.
    continued: bool,
    /// Its paragraph is a headline; only looked at for quotes in single
    /// marks or without an attribution of their own.
    in_headline: bool,
    attribution: Option<Attribution<'t>>,
}

/// Who a quote is attributed to in the text, and by which words.
#[derive(Debug, Clone)]
struct Attribution<'t> {
    /// The whole source phrase (`a Vantor spokesperson`, `he`, `Mayor Jo Park`).
    who: ByteRange,
    /// The reporting verb or `according to`, borrowed from the text where
    /// it can be.
    verb: Cow<'t, str>,
    /// Found as the subject of the sentence rather than next to a reporting
    /// verb: a guess, which does not save a short phrase from being taken
    /// for a scare quote.
    weak: bool,
}

/// Words that follow a quotation but not a possessive (`‘Thousands of
/// Shootings’ in Chicago`, `‘… the players’ he said`).
static NOT_AFTER_POSSESSIVE: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(
        "in on at to for of and or but with from by as is are was were said says told \
the a an this that he she they it"
            .split_whitespace(),
    )
});

/// Pairs quotation marks in one paragraph; a quote still open at the end of
/// the paragraph runs to its end (`closed: false`).
fn scan_paragraph(text: &str, para: ByteRange, p: usize, out: &mut Vec<Quote>) {
    let Some(s) = para.slice(text) else {
        return;
    };
    let base = para.start.0;
    let bytes = s.as_bytes();
    let mut open: Option<(usize, Mark)> = None;
    // Every quotation mark is `"` or starts with byte 0xE2 (“ ” ‘ ’ „ ‹ ›) or
    // 0xC2 (« »); both are lead bytes, so `at` is always a char boundary.
    for at in memchr::memchr3_iter(b'"', 0xE2, 0xC2, bytes) {
        let Some(c) = s[at..].chars().next() else {
            break;
        };
        let i = at + c.len_utf8();
        let prev = s[..at].chars().next_back();
        let next = s[i..].chars().next();
        // `the traders’ view`: after a plural, a mark followed by a lowercase
        // word is a possessive apostrophe, not the end of a single-quoted
        // quotation (which ends on its punctuation: `‘… no summer,’ said`).
        let possessive = c == '’'
            && prev == Some('s')
            && next == Some(' ')
            && s[i + 1..].starts_with(|c: char| c.is_lowercase())
            && !s[i + 1..]
                .split(|c: char| !c.is_alphabetic())
                .next()
                .is_some_and(|w| NOT_AFTER_POSSESSIVE.contains(w));
        match open {
            Some((start, mark)) if mark.closes(c, prev, next) && !possessive => {
                out.push(Quote {
                    range: ByteRange::new(base + start, base + i),
                    mark,
                    para: p,
                    closed: true,
                    continued: false,
                    in_headline: false,
                    attribution: None,
                });
                open = None;
            }
            // A second opening mark of the same style: the first one never
            // closed, so the quote starts again here. Marks of other styles
            // inside a quote are nested quotes and stay part of it.
            Some((_, mark)) => {
                if Mark::opens(c, prev, next) == Some(mark) {
                    open = Some((at, mark));
                }
            }
            None => open = Mark::opens(c, prev, next).map(|m| (at, m)),
        }
    }
    if let Some((start, mark)) = open {
        out.push(Quote {
            range: ByteRange::new(base + start, para.end.0),
            mark,
            para: p,
            closed: false,
            continued: false,
            in_headline: false,
            attribution: None,
        });
    }
}

/// Where the first of `marks` is in `s`, each mark being `"` or led by byte
/// 0xE2 or 0xC2 (as every quotation mark is): memchr finds the bytes that
/// may start one, where `str::find` decodes every char.
fn find_mark(s: &str, marks: &[char]) -> Option<usize> {
    debug_assert!(
        marks
            .iter()
            .all(|m| matches!(m.encode_utf8(&mut [0; 4]).as_bytes()[0], b'"' | 0xE2 | 0xC2)),
        "a mark whose first byte the search skips: {marks:?}"
    );
    memchr::memchr3_iter(b'"', 0xE2, 0xC2, s.as_bytes())
        .find(|&at| s.get(at..).is_some_and(|rest| rest.starts_with(marks)))
}

/// Keeps an unclosed quote only when the next paragraph opens with a quote
/// mark (a speech running over paragraphs), and marks that next quote.
fn link_paragraphs(paras: &[ByteRange], quotes: &mut Vec<Quote>) {
    let mut keep = vec![true; quotes.len()];
    for i in 0..quotes.len() {
        if quotes[i].closed {
            continue;
        }
        let next_para = paras.get(quotes[i].para + 1);
        match quotes.get_mut(i + 1) {
            Some(next) if next_para.is_some_and(|p| p.start == next.range.start) => {
                next.continued = true;
            }
            _ => keep[i] = false,
        }
    }
    let mut keep = keep.into_iter();
    quotes.retain(|_| keep.next().unwrap_or(false));
}

// --- Attribution ------------------------------------------------------------

/// Nouns that make a descriptive source: `a Vantor spokesperson`, `the court`.
const SOURCE_NOUNS: &str = "spokesperson|spokesman|spokeswoman|spokespeople|official|officials|\
source|sources|representative|aide|aides|lawyer|lawyers|attorney|attorneys|company|firm|agency|\
department|ministry|government|administration|police|prosecutor|prosecutors|analyst|analysts|\
executive|executives|report|study|survey|court|judge|campaign|group|organization|organisation|\
union|board|committee|researcher|researchers|scientist|scientists|expert|experts|doctor|doctors|\
witness|witnesses|resident|residents|officer|officers|leader|leaders|lawmaker|lawmakers|\
person|people|woman|man|statement|filing|letter|memo|document|lawsuit|complaint|council|\
city|county|party|team|club|university|hospital|airline|bank|authority|coach|manager|owner|\
clerk|director|chief|minister|secretary|president|chairman|chairwoman|founder|captain";

/// [`SOURCE_NOUNS`] as a set, for the last word of each speaker phrase.
static SOURCE_NOUN_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(SOURCE_NOUNS.split('|')));

/// How far around a quote the attribution is looked for.
const BEFORE_WINDOW: usize = 250;
const AFTER_WINDOW: usize = 200;
/// How far into its sentence a quote's subject is looked for.
const SUBJECT_WINDOW: usize = 4096;

fn slice_window(text: &str, start: usize, end: usize) -> (usize, &str) {
    let start = ceil_boundary(text, start);
    let end = floor_boundary(text, end).max(start);
    (start, text.get(start..end).unwrap_or_default())
}

/// Verbs by which a sentence's subject puts words in quotation marks as its
/// own or another's speech (`Trump accused them of being “duped”`): a short
/// phrase after them is a partial quotation, not a scare quote.
static SPEECH_VERBS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(
        "accused accuses described describes cited cites condemned condemns claimed claims warned \
warns asserted asserts decried decries dismissed dismisses blasted blasts slammed slams \
mocked mocks praised praises derided derides referenced references touted touts promised \
promises vowed vows urged urges exhorted exhorts proclaimed proclaims insisted insists \
argued argues complained complains denied denies tweeted tweets accuse describe cite \
condemn claim warn assert decry dismiss blast slam mock praise deride tout promise vow \
urge proclaim insist argue complain deny tweet call chant chanted chanting"
            .split_whitespace(),
    )
});
/// Nouns of speech, before a quote: `Trump’s claim that there have been
/// “thousands of shootings”` (after one, `the “sex tape” reference` names).
static SPEECH_NOUNS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(
        "claim statement remark remarks comment comments reference accusation accusations \
assertion pledge"
            .split_whitespace(),
    )
});

fn attributed(s: Source<'_>) -> Attribution<'_> {
    let naming = source::naming_verb(&s.verb);
    let speech = SPEECH_VERBS.contains(&s.verb);
    let verb = match s.how {
        SourceFound::Subject => Cow::Owned(format!("the subject of its sentence (\"{}\")", s.verb)),
        SourceFound::Dash => Cow::Borrowed("a dash"),
        _ => s.verb,
    };
    Attribution {
        who: s.who,
        verb,
        weak: (s.how == SourceFound::Subject && !speech) || naming,
    }
}

/// The attribution of quote `q` in its paragraph, whose sentences are given;
/// `scratch` holds the words after and before it.
fn attribution<'t>(
    text: &'t str,
    paras: &[ByteRange],
    sentences: &[ByteRange],
    q: &Quote,
    (after_words, ws): &mut (Vec<Word<'t>>, Vec<Word<'t>>),
) -> Option<Attribution<'t>> {
    let containing = |pos: usize| sentences.partition_point(|s| s.end.0 <= pos);
    let open_index = containing(q.range.start.0);
    let open = *sentences.get(open_index)?;
    let close = sentences
        .get(containing(q.range.end.0.saturating_sub(1)))
        .copied()
        .unwrap_or(open);
    let para = paras.get(q.para)?;

    // A quote ending its sentence (`“…?” Vitter demanded.`) is attributed
    // by the sentence after it.
    let close_index = containing(q.range.end.0.saturating_sub(1));
    let close_end = match sentences.get(close_index + 1) {
        Some(next) if close.end.0 <= q.range.end.0 => next.end.0,
        _ => close.end.0,
    };
    let after_end = close_end
        .max(q.range.end.0)
        .min(q.range.end.0 + AFTER_WINDOW);
    let (base, after) = slice_window(text, q.range.end.0, after_end);
    // Stop at the next quote so `“A,” she said. “B.”` gives B nothing.
    let cut = find_mark(after, &['“', '"', '«', '„']).unwrap_or(after.len());
    words(text, base, base + cut, after_words);
    let para_ends = base + cut >= para.end.0;
    if let Some(s) = after_quote(after_words, para_ends) {
        return Some(attributed(s));
    }

    // A quote opening its sentence may be introduced by the sentence before:
    // `Doe added that the board met twice. “Every bid was scored.”`
    // Not when that sentence holds a quote: its verbs are the quote's own
    // (`“…I told them…,” said Marsh. “They listened.”`), and the quote
    // before already hands its speaker on.
    let sentence_start = match open_index.checked_sub(1).and_then(|i| sentences.get(i)) {
        Some(prev)
            if open.start == q.range.start
                && prev
                    .slice(text)
                    .is_none_or(|p| find_mark(p, &['“', '"', '«', '„', '‘']).is_none()) =>
        {
            prev.start.0
        }
        _ => open.start.0,
    };
    let start = sentence_start.max(q.range.start.0.saturating_sub(BEFORE_WINDOW));
    let (base, before) = slice_window(text, start, q.range.start.0);
    words(text, base, base + before.len(), ws);
    if let Some(s) = before_quote(ws) {
        return Some(attributed(s));
    }
    // `according to` after the quote, later in the sentence.
    if let Some(k) = after_words
        .windows(2)
        .position(|w| w[0].core == "according" && w[1].core == "to")
        && let Some(last) = phrase_forward(after_words, k + 2)
    {
        return Some(Attribution {
            who: source::span(after_words, k + 2, last),
            verb: Cow::Borrowed("according to"),
            weak: false,
        });
    }
    // A quote opening a paragraph after `Doe said:`.
    if q.range.start == para.start {
        let prev = paras.get(q.para.checked_sub(1)?)?;
        let prev_text = prev.slice(text)?;
        if prev_text.ends_with(':') {
            let start = prev.start.0.max(prev.end.0.saturating_sub(BEFORE_WINDOW));
            let (base, tail) = slice_window(text, start, prev.end.0);
            words(text, base, base + tail.len(), ws);
            return before_quote(ws).or_else(|| subject(ws, 0)).map(attributed);
        }
        return None;
    }
    // A partial quote inside a sentence without a reporting verb: the
    // sentence's subject is the likely source (`Clinton called them “…”`).
    if open.start.0 < q.range.start.0 {
        // Its first words are enough, and a bounded window keeps a sentence
        // of many quotes linear even when it is one long "word".
        let end = q.range.start.0.min(open.start.0 + SUBJECT_WINDOW);
        let (base, head) = slice_window(text, open.start.0, end);
        source::first_words(text, base, base + head.len(), source::SUBJECT_WORDS, ws);
        return subject(ws, 0).map(attributed);
    }
    None
}

// --- Rejections -------------------------------------------------------------

/// Words after which a quoted phrase names something instead of quoting it.
const NAMING_WORDS: &[&str] = &[
    "so-called",
    "so called",
    "dubbed",
    "titled",
    "entitled",
    "known as",
    "nicknamed",
    "the word",
    "the term",
    "the phrase",
    "the slogan",
    "the nickname",
    "the name",
    "the hashtag",
    "branded",
    "labeled",
    "labelled",
];
/// The last word of each of [`NAMING_WORDS`]: text before a quote that does
/// not end in one of these ends in no naming word, and needs no more checks.
static NAMING_LAST_WORDS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(NAMING_WORDS.iter().filter_map(|w| w.rsplit(' ').next())));

/// Whether `before` ends with one of [`NAMING_WORDS`] as whole words.
fn after_naming_word(before: &str) -> bool {
    // The word `ends_with_word` would see last: the run of letters, digits
    // and hyphens at the end.
    let last = before
        .rsplit(|c: char| !is_alnum(c) && c != '-')
        .next()
        .unwrap_or_default();
    NAMING_LAST_WORDS.contains(last) && NAMING_WORDS.iter().any(|w| ends_with_word(before, w))
}

/// Kinds of works whose titles are quoted.
const WORKS: &[&str] = &[
    "book",
    "film",
    "movie",
    "song",
    "album",
    "show",
    "series",
    "podcast",
    "novel",
    "play",
    "documentary",
    "article",
    "essay",
    "column",
    "episode",
    "poem",
    "memoir",
    "musical",
    "track",
    "single",
    "exhibition",
    "programme",
    "program",
    "report",
];

/// Why a quote is not somebody's words (scare quote, title, nickname), if so.
fn rejection(text: &str, paras: &[ByteRange], q: &Quote) -> Option<&'static str> {
    let quoted = q.range.slice(text)?;
    // `"(CROSSTALK.)`, `“(APPLAUSE)”` in a transcript.
    let body = quoted.trim_start_matches(|c: char| !is_alnum(c) && c != '(');
    if let Some(inside) = body.strip_prefix('(')
        && let Some((direction, _)) = inside.split_once(')')
        && direction.chars().any(char::is_alphabetic)
        && !direction.chars().any(char::is_lowercase)
    {
        return Some("stage direction");
    }
    if !q.closed || q.continued {
        return None;
    }
    let inner = trim_start_punctuation(quoted).trim_end_matches(['”', '"', '’', '»', '›', '“']);
    let para_start = paras.get(q.para).map_or(0, |p| p.start.0);
    let (_, before) = slice_window(
        text,
        para_start.max(q.range.start.0.saturating_sub(40)),
        q.range.start.0,
    );
    with_lower(before.trim_end(), |before| {
        rejection_in_context(text, para_start, q, inner, before)
    })
}

/// [`rejection`] of a closed quote whose text is `inner`, by its words and
/// `before`, the lowercase text before it.
fn rejection_in_context(
    text: &str,
    para_start: usize,
    q: &Quote,
    inner: &str,
    before: &str,
) -> Option<&'static str> {
    // The rules tell counts up to eight from longer.
    let words = count_words_up_to(inner, 9).min(9);
    let sentence_like = inner.ends_with(['.', ',', '!', '?', '…', ';', ':']);
    if after_naming_word(before) {
        return Some("so-called term");
    }
    let attributed = q.attribution.as_ref().is_some_and(|a| !a.weak);
    // A capitalised phrase after `called` is a name (`called “Little
    // Marco”`); a lowercase one is a characterisation in the speaker's words
    // (`what lawmakers called “fraud”`).
    // `called him “The Wall”`: the object pronoun between does not matter.
    let before_object = ["him", "her", "it", "them", "me", "us"]
        .iter()
        .find_map(|o| before.strip_suffix(o).filter(|b| b.ends_with(' ')))
        .map_or(before, str::trim_end);
    if ["called", "calls", "call", "named"]
        .iter()
        .any(|w| ends_with_word(before_object, w))
        && words <= 4
        && !sentence_like
        && inner.starts_with(char::is_uppercase)
    {
        return Some("name after \"called\"");
    }
    // Headlines mark quotations with single marks (`Christie Calls Clinton
    // ‘A Disgrace’`), so there a capitalised phrase is not a title.
    if q.mark == Mark::Single && q.in_headline {
        return None;
    }
    let (_, after) = slice_window(text, q.range.end.0, q.range.end.0 + 20);
    let capital_before = text
        .get(..q.range.start.0)
        .and_then(|b| b.strip_suffix(' '))
        .and_then(|b| b.rsplit(' ').next())
        .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
    let capital_after = after
        .strip_prefix(' ')
        .and_then(|a| a.chars().next())
        .is_some_and(char::is_uppercase);
    if words <= 3 && capital_before && capital_after && !sentence_like {
        return Some("nickname");
    }
    // Titles have at most eight words: longer quotes skip the word checks.
    if (1..=8).contains(&words) {
        let (mut title_case, mut capitalised_words) = (true, 0);
        for w in split_words(inner) {
            let capitalised = w.chars().next().is_some_and(|c| !c.is_lowercase());
            title_case &= w.len() < 4 || capitalised;
            capitalised_words += usize::from(capitalised);
        }
        let after_work = before
            .rsplit(|c: char| !c.is_alphabetic())
            .find(|w| !w.is_empty())
            .is_some_and(|w| WORKS.contains(&w));
        // `on CNN’s “State of the Union.”`, `during a “Commander-in-Chief
        // Forum”`: a capitalised phrase after a possessive or a preposition
        // names a show.
        let title_context = before.ends_with("’s")
            || before.ends_with("'s")
            || ["on", "of", "during", "in", "at"]
                .iter()
                .any(|w| ends_with_word(before, w));
        if title_case && capitalised_words >= 1 && (after_work || title_context) {
            return Some("title of a work");
        }
        if title_case && !sentence_like && (after_work || !attributed) {
            return Some("title of a work");
        }
    }
    if words <= 3 && !sentence_like && !attributed && !speech_before(text, para_start, q) {
        return Some("short scare quote");
    }
    None
}

/// Verbs of headlines, capitalised, after their subject
/// (`Chris Christie Calls Hillary Clinton ‘A Disgrace’`).
static HEADLINE_VERBS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(
        "Calls Says Speaks Reveals Slams Rips Blasts Hammers Tells Warns Urges Accuses Rally \
Rallies Shows Corners Attacks Mocks Praises Defends Admits Denies Claims Insists Vows \
Promises"
            .split_whitespace(),
    )
});

/// What a headline says about who is quoted in it, read once per headline
/// (offsets in the headline): `Pence: … ‘Mocking’ …`, `…, Lindsey Graham
/// Says.` or `Chris Christie Calls … ‘A Disgrace’`.
#[derive(Debug, Clone, Copy)]
struct Headline {
    /// `Name: headline`: the end of the name.
    colon: Option<usize>,
    /// `headline, Name Says.`: the name.
    says: Option<(usize, usize)>,
    /// `Subject Verb …`: the first headline verb.
    verb: Option<(usize, usize)>,
    /// The end of the subject before that verb, when it is a short name.
    subject: Option<usize>,
}

/// The [`Headline`] reading of a paragraph, when it is a headline.
fn headline(line: &str) -> Option<Headline> {
    if !is_headline(line) {
        return None;
    }
    let short_name = |who: &str| {
        let n = who.split_whitespace().count();
        (1..=4).contains(&n)
            && who
                .split_whitespace()
                .all(|w| w.starts_with(char::is_uppercase))
    };
    let colon = line.find(": ").filter(|&c| short_name(&line[..c]));
    let tail = line.trim_end_matches(['.', ' ']);
    let says = tail
        .strip_suffix(" Says")
        .or_else(|| tail.strip_suffix(" Said"))
        .and_then(|rest| {
            let comma = rest.rfind(", ")?;
            short_name(&rest[comma + 2..]).then_some((comma, rest.len()))
        });
    let mut offset = 0;
    let mut verb = None;
    for word in line.split(' ') {
        if HEADLINE_VERBS.contains(word) {
            verb = Some((offset, offset + word.len()));
            break;
        }
        offset += word.len() + 1;
    }
    let subject = verb
        .map(|(at, _)| line[..at].trim_end())
        .filter(|who| short_name(who))
        .map(str::len);
    Some(Headline {
        colon,
        says,
        verb,
        subject,
    })
}

/// Who quote `q` in headline `h` (paragraph `para`) is attributed to.
fn headline_attribution(
    text: &str,
    para: ByteRange,
    h: &Headline,
    q: &Quote,
) -> Option<Attribution<'static>> {
    let line = para.slice(text)?;
    let base = para.start.0;
    let attribution = |start: usize, end: usize, verb: &str| {
        Some(Attribution {
            who: ByteRange::new(base + start, base + end),
            verb: Cow::Owned(format!("the headline's \"{verb}\"")),
            weak: false,
        })
    };
    if let Some(colon) = h.colon
        && base + colon < q.range.start.0
    {
        return attribution(0, colon, ":");
    }
    if let Some((comma, end)) = h.says
        && base + comma >= q.range.end.0
    {
        return attribution(comma + 2, end, "says");
    }
    // The words before the first headline verb, when it comes before the quote.
    match h.verb {
        Some((at, end)) if base + at < q.range.start.0 => {
            attribution(0, h.subject?, line.get(at..end)?)
        }
        _ => None,
    }
}

/// Longest headline, in words.
const MAX_HEADLINE_WORDS: usize = 20;

/// Whether a paragraph is a headline: one short line in title case. Words
/// past the longest a headline has are not read.
fn is_headline(para: &str) -> bool {
    let (mut words, mut long_words, mut capitalised) = (0, 0, 0);
    for w in split_words(para) {
        words += 1;
        if words > MAX_HEADLINE_WORDS {
            return false;
        }
        if w.len() >= 4 {
            long_words += 1;
            capitalised += usize::from(trim_start_punctuation(w).starts_with(char::is_uppercase));
            // Title case needs three capitalised long words for each other
            // one: within the longest headline, six others rule it out.
            if long_words - capitalised > 5 {
                return false;
            }
        }
    }
    !para.contains('\n') && long_words > 0 && capitalised * 4 >= long_words * 3
}

/// Whether the sentence before quote `q` (in its paragraph) has a verb of
/// speech (`he accused them of being “duped”`, `what he calls “hell”`): a
/// short phrase there is somebody's words, not the writer's scare quote.
fn speech_before(text: &str, para_start: usize, q: &Quote) -> bool {
    let (_, before) = slice_window(
        text,
        para_start.max(q.range.start.0.saturating_sub(160)),
        q.range.start.0,
    );
    let clause = before
        .rfind(['.', '!', '?', ';'])
        .map_or(before, |i| &before[i + 1..]);
    // …or right after it, before any punctuation (`the “loopholes” he cited`).
    let (_, after) = slice_window(text, q.range.end.0, q.range.end.0 + 40);
    let after = after
        .split(['.', ',', '!', '?', ';', ':', '“', '"'])
        .next()
        .unwrap_or("");
    let after = after
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    // `labeled it “a scam”` names rather than quotes.
    let speech = |w: &str| {
        (SPEECH_VERBS.contains(w) || source::is_reporting_verb(w)) && !source::naming_verb(w)
    };
    clause
        .split(|c: char| !is_alnum(c))
        .any(|w| speech(w) || SPEECH_NOUNS.contains(w))
        || after.split(|c: char| !is_alnum(c)).any(speech)
}

fn ends_with_word(haystack: &str, word: &str) -> bool {
    haystack
        .strip_suffix(word)
        .is_some_and(|rest| rest.is_empty() || rest.ends_with(|c: char| !is_alnum(c) && c != '-'))
}

// --- Speakers ---------------------------------------------------------------

/// Words stripped from the front of a name: titles and roles (which also
/// mark the name as a person's) and sentence openers.
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "President", "Vice", "Secretary", "Sen.", "Senator", "Rep.", "Representative", "Gov.",
    "Governor", "Mayor", "Mr.", "Striker", "Defender", "Goalkeeper", "Midfielder", "Winger",
    "Manager", "Editor", "Reporter", "Correspondent", "Analyst", "Economist", "Lawyer", "Author",
    "Mr", "Mrs", "Ms", "Dr", "Mrs.", "Ms.", "Dr.", "Prof.", "Professor", "Minister", "Prime",
    "Chancellor", "Chief", "Executive", "CEO", "Director", "General", "Gen.", "Judge", "Justice",
    "Officer", "Chairman", "Chairwoman", "Chair", "Deputy", "Attorney", "Commissioner", "King",
    "Queen", "Prince", "Princess", "Pope", "Rev.", "Sir", "Dame", "Lord", "Lady", "Coach",
    "Captain", "Capt.", "Lt.", "Col.", "Sgt.", "Adm.", "Superintendent", "Inspector", "Detective",
    "Sheriff", "Councilman", "Councilwoman", "Councillor", "Councilor", "Spokesperson",
    "Spokesman", "Spokeswoman", "Founder", "Ambassador", "Speaker", "Leader", "Senior", "Adviser",
    "Advisor", "Commander", "Admiral", "Colonel", "Sergeant", "Lieutenant", "Former", "Acting",
    "Interim", "US", "U.S.", "UK", "EU", "UN", "Defense", "Defence", "State", "Treasury", "Health",
    "Education", "Energy", "Interior", "Commerce", "Labor", "Agriculture", "Transportation",
    "Homeland", "Transport", "Housing", "Culture", "Tourism", "Industry", "Infrastructure",
    "Immigration", "Security", "Foreign", "Home", "Finance", "Trade", "Environment", "Affairs",
    "Department", "Ministry", "Republican", "Democrat", "Democratic", "House", "Senate", "Federal",
    "National", "Supreme", "Court", "of",
];
#[rustfmt::skip]
const OPENERS: &[&str] = &[
    "The", "A", "An", "But", "And", "Or", "So", "Then", "In", "On", "At", "For", "From", "By",
    "With", "After", "Before", "When", "While", "This", "That", "His", "Her", "Their", "Its",
    "Our", "According", "Meanwhile", "However", "Still", "Also", "Yet", "If", "As", "Last",
    "Earlier", "Later", "the",
];
/// Words that make a capitalised run a place, organisation or date.
#[rustfmt::skip]
const NOT_PERSON: &[&str] = &[
    "North", "Port", "Fort", "Mount", "Cape", "Point", "Harbor", "Harbour", "Bridge", "South",
    "East", "West", "New", "Los", "San", "Santa", "Las", "United", "States", "Kingdom", "Republic",
    "Union", "City", "County", "Street", "Avenue", "Road", "University", "College", "School",
    "Institute", "Inc.", "Inc", "Corp.", "Corp", "Co.", "Company", "Group", "Bank", "Services",
    "Systems", "Technologies", "Post", "Times", "Journal", "News", "Press", "Media", "Business",
    "Network", "Agency", "Council", "Committee", "Commission", "Association", "Foundation",
    "Party", "Office", "Administration", "Airport", "Hospital", "Center", "Centre", "Park",
    "Valley", "Island", "Lake", "River", "Bay", "Beach", "Station", "Square", "Army", "Navy",
    "Force", "Police", "Church", "Museum", "Club", "Daily", "Magazine", "Radio", "Television",
    "Hall", "Congress", "Parliament", "Assembly", "International", "Global", "Reserve", "Fund",
    "Trust", "Holdings", "Partners", "Capital", "Industries", "Airlines", "Labs", "Monday",
    "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
    "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
];

/// [`TITLES`], [`OPENERS`] and [`NOT_PERSON`] as word sets: they are looked
/// up for every word of every capitalised run of the text.
static TITLE_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(TITLES.iter().copied()));
static OPENER_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(OPENERS.iter().copied()));
static NOT_PERSON_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(NOT_PERSON.iter().copied()));

/// The words of `s` with their byte offsets in `s`.
fn tokens(s: &str) -> impl Iterator<Item = (usize, &str)> {
    split_words(s).map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}

/// [`tokens`] of a run from [`name_runs`], which holds no whitespace but the
/// spaces and tabs between its words: split on ASCII whitespace, without
/// decoding chars (every capitalised run of the text is read).
fn run_tokens(run: &str) -> impl Iterator<Item = (usize, &str)> {
    run.split_ascii_whitespace()
        .map(move |w| (w.as_ptr() as usize - run.as_ptr() as usize, w))
}

/// What a word of a run of capitalised words is to a name.
enum NameWord {
    /// A title or role (`Secretary`, `clerk`): dropped, and marks a person.
    Title,
    /// A sentence opener (`The`, `But`): dropped.
    Opener,
    /// Part of the name.
    Name,
}

fn name_word(word: &str, hash: usize) -> NameWord {
    let opener = OPENER_SET.contains_hashed(word, hash);
    let lowercase = word.chars().next().is_some_and(char::is_lowercase);
    if TITLE_SET.contains_hashed(word, hash) || (lowercase && !opener) {
        NameWord::Title
    } else if opener {
        NameWord::Opener
    } else {
        NameWord::Name
    }
}

/// Folds the words of a name run (with their offsets) that follow its last
/// title, role or opener into a state (`add` gets the state so far, the
/// word's offset, the word and its [`word_hash`]); also says whether a title
/// or role was dropped.
fn fold_name<'r, T>(
    words: impl Iterator<Item = (usize, &'r str)>,
    mut add: impl FnMut(Option<T>, usize, &'r str, usize) -> T,
) -> (Option<T>, bool) {
    let mut titled = false;
    let mut state = None;
    for (offset, word) in words {
        // Hashed once for all the word sets it is looked up in.
        let hash = word_hash(word);
        match name_word(word, hash) {
            NameWord::Title => {
                titled = true;
                state = None;
            }
            NameWord::Opener => state = None,
            NameWord::Name => state = Some(add(state.take(), offset, word, hash)),
        }
    }
    (state, titled)
}

/// `range` from the word after its last title, role or opener on (`US
/// Secretary of Transport Mara Quinn` → `Mara Quinn`, `the county clerk Jo
/// Lind` → `Jo Lind`), and whether a title or role was dropped. `None` when
/// nothing is left (`Department of Defense`).
fn strip_titles(text: &str, range: ByteRange) -> Option<(ByteRange, bool)> {
    let s = range.slice(text)?;
    let (start, titled) = fold_name(tokens(s), |start, offset, _, _| start.unwrap_or(offset));
    start.map(|offset| (ByteRange::new(range.start.0 + offset, range.end.0), titled))
}

/// A person's name in the text.
#[derive(Debug)]
struct Person {
    range: ByteRange,
    para: usize,
    /// Introduced with a title or role, or opening a paragraph: a likely
    /// antecedent for `he`/`she`.
    strong: bool,
}

/// Every person name of the text, found once, for pronoun and surname lookup.
struct People<'t> {
    text: &'t str,
    persons: Vec<Person>,
    /// Hashed with foldhash, seeded per process: every person name of the
    /// text is hashed, and SipHash costs more than the rest of the index,
    /// while an unseeded fast hash lets an article of crafted surnames pile
    /// them into a few buckets (quadratic time).
    by_surname: HashMap<&'t str, Vec<usize>, foldhash::fast::RandomState>,
}

/// How far back a pronoun looks for its antecedent.
const PRONOUN_PARAGRAPHS: usize = 6;
const PRONOUN_CANDIDATES: usize = 8;
/// Bytes before a pronoun searched for a surname written just before it.
const PRONOUN_WINDOW: usize = 300;

impl<'t> People<'t> {
    fn index(text: &'t str, paras: &[ByteRange]) -> Self {
        let mut persons = Vec::new();
        let mut by_surname: HashMap<&str, Vec<usize>, _> = HashMap::default();
        for (p, para) in paras.iter().enumerate() {
            let Some(s) = para.slice(text) else { continue };
            name_runs(s, |start, end| {
                let Some((offset, surname, titled)) = person_in_run(&s[start..end]) else {
                    return;
                };
                let appositive = s[end..].starts_with(',');
                by_surname.entry(surname).or_default().push(persons.len());
                persons.push(Person {
                    range: ByteRange::new(para.start.0 + start + offset, para.start.0 + end),
                    para: p,
                    strong: titled || appositive || start == 0,
                });
            });
        }
        Self {
            text,
            persons,
            by_surname,
        }
    }

    fn name(&self, person: &Person) -> &'t str {
        person.range.slice(self.text).unwrap_or_default()
    }

    /// The person `he`/`she` at `pos` in paragraph `para` most likely means.
    fn antecedent(&self, pos: usize, para: usize) -> Option<&Person> {
        let end = self.persons.partition_point(|p| p.range.end.0 <= pos);
        let recent = self.persons[..end]
            .iter()
            .rev()
            .take(PRONOUN_CANDIDATES)
            .take_while(|p| para - p.para.min(para) <= PRONOUN_PARAGRAPHS);
        let mut first = None;
        for person in recent {
            if person.strong {
                return Some(person);
            }
            first = first.or(Some(person));
        }
        first
    }

    /// The person whose surname was written last in the few sentences before
    /// `pos` (`Joshi said the recovery was real. “…,” he said.`).
    fn recent_surname(&self, pos: usize) -> Option<&Person> {
        let start = ceil_boundary(self.text, pos.saturating_sub(PRONOUN_WINDOW));
        let window = self.text.get(start..pos)?;
        window.split_whitespace().rev().find_map(|word| {
            let word = word.trim_matches(|c: char| !is_alnum(c));
            let word = word
                .strip_suffix("’s")
                .or(word.strip_suffix("'s"))
                .unwrap_or(word);
            if word.chars().next().is_some_and(char::is_uppercase) {
                self.by_surname(word, pos)
            } else {
                None
            }
        })
    }

    /// The latest full name before `pos` ending in `surname`.
    fn by_surname(&self, surname: &str, pos: usize) -> Option<&Person> {
        let list = self.by_surname.get(surname)?;
        let before = list.partition_point(|&i| self.persons[i].range.start.0 < pos);
        list.get(before.checked_sub(1)?).map(|&i| &self.persons[i])
    }
}

/// The person's name in a run of name words: what [`strip_titles`] leaves of
/// it, in the same pass, when it is a person's. A person's name has two or
/// three words (plus initials), each capitalised and not all capitals
/// (`NASA`), none naming a place, body or date. `run` is one from
/// [`name_runs`]; returns the name's offset in it, its last word and whether
/// a title or role was dropped.
fn person_in_run(run: &str) -> Option<(usize, &str, bool)> {
    let is_initial = |w: &str| w.len() == 2 && w.ends_with('.');
    // The name so far: its offset, last word, word and initial counts, and
    // whether a word rules it out.
    let (name, titled) = fold_name(run_tokens(run), |name, offset, word, hash| {
        let (start, _, words, initials, bad) = name.unwrap_or((offset, word, 0, 0, false));
        let initial = is_initial(word);
        let bad = bad
            || NOT_PERSON_SET.contains_hashed(word, hash)
            || !(initial || word.chars().any(char::is_lowercase));
        (start, word, words + 1, initials + usize::from(initial), bad)
    });
    let (start, surname, words, initials, bad) = name?;
    (!bad && (2..=3 + initials).contains(&words)).then_some((start, surname, titled))
}

/// A mention (`phrase`) resolved to `name`, named in paragraph `named_in`,
/// with the reason note (`"he" → Mark Esper (named 2 paragraphs earlier)`).
fn resolved(
    mention: ByteRange,
    phrase: &str,
    name: &str,
    named_in: usize,
    para: usize,
) -> (SpeakerGuess, String) {
    let note = [
        "\"",
        phrase,
        "\" → ",
        name,
        " (",
        &distance(named_in, para),
        ")",
    ]
    .concat();
    (guess(mention, Some(name.to_owned())), note)
}

fn distance(from: usize, to: usize) -> String {
    match to.saturating_sub(from) {
        0 => "named earlier in the paragraph".to_owned(),
        1 => "named 1 paragraph earlier".to_owned(),
        n => format!("named {n} paragraphs earlier"),
    }
}

static TICKER: LazyLock<Regex> = LazyLock::new(|| re(r"\s*\(\p{Lu}{1,6}\)"));

/// `Gov. Ada Lee of Ohio` → `Gov. Ada Lee`: a person's name before `of`
/// (but `Bank of America` and `Secretary of State Jo Park` stay whole).
fn cut_of(text: &str, who: ByteRange) -> ByteRange {
    let Some(phrase) = who.slice(text) else {
        return who;
    };
    // Short phrases: a plain scan beats building a substring searcher.
    let Some(at) = phrase.as_bytes().windows(4).position(|w| w == b" of ") else {
        return who;
    };
    let head = ByteRange::new(who.start.0, who.start.0 + at);
    match strip_titles(text, head) {
        Some((name, _))
            if name.slice(text).is_some_and(|n| {
                split_words(n).all(|w| {
                    w.chars().next().is_some_and(char::is_uppercase) && !NOT_PERSON_SET.contains(w)
                })
            }) =>
        {
            head
        }
        _ => who,
    }
}

/// The speaker an attribution names, and a note saying how it was resolved.
/// `quote_start` bounds the look-back for names: words inside the quote are
/// not who says it.
fn resolve(
    text: &str,
    people: &People,
    who: ByteRange,
    para: usize,
    quote_start: usize,
) -> (SpeakerGuess, String) {
    let who = cut_of(text, who);
    let phrase = who.slice(text).unwrap_or_default();
    // What the lowercase phrase is: a pronoun (`Some(true)` for one that
    // resolves), or how long a leading article is with all the space after it
    // (`a  spokesperson`) and whether it ends in ` <noun>`.
    let (pronoun, article, is_descriptive) = with_lower(phrase, |lower| {
        let pronoun = match lower {
            "he" | "she" => Some(true),
            "they" | "we" | "it" | "i" => Some(false),
            _ => None,
        };
        let article = ["a ", "an ", "the "]
            .iter()
            .find(|a| lower.starts_with(*a))
            .map_or(0, |a| lower.len() - lower[a.len()..].trim_start().len());
        let is_descriptive = lower
            .rsplit_once(' ')
            .is_some_and(|(_, last)| SOURCE_NOUN_SET.contains(last));
        (pronoun, article, is_descriptive)
    });
    // `a spokesman for Tri-County Aqua Services`: the role phrase the
    // guideline asks for, `Tri-County Aqua Services spokesman`.
    if article > 0
        && let Some((role, org)) = phrase[article..].split_once(' ').and_then(|(role, rest)| {
            let org = rest
                .strip_prefix("for ")
                .or_else(|| rest.strip_prefix("at "))?;
            let org = org.strip_prefix("the ").unwrap_or(org);
            (SOURCE_NOUN_SET.contains(role) && org.chars().next().is_some_and(char::is_uppercase))
                .then_some((role, org))
        })
    {
        let mention = ByteRange::new(who.start.0 + article, who.end.0);
        let name = [org, " ", role].concat();
        let note = ["\"", mention.slice(text).unwrap_or_default(), "\""].concat();
        return (guess(mention, Some(name)), note);
    }
    if pronoun == Some(true) {
        let before = who.start.0.min(quote_start);
        let recent = people
            .recent_surname(before)
            .or_else(|| people.antecedent(before, para));
        return match recent {
            Some(p) => resolved(who, phrase, people.name(p), p.para, para),
            None => (
                guess(who, None),
                ["\"", phrase, "\", no name found before it"].concat(),
            ),
        };
    }
    if pronoun == Some(false) {
        return (
            guess(who, None),
            ["\"", phrase, "\", not resolved"].concat(),
        );
    }
    if article > 0 && is_descriptive {
        let mention = ByteRange::new(who.start.0 + article, who.end.0);
        let desc = TICKER.replace_all(mention.slice(text).unwrap_or_default(), "");
        // `the company` names no one; `a Vantor spokesperson` does.
        let name = desc
            .chars()
            .any(char::is_uppercase)
            .then(|| desc.into_owned());
        let note = ["\"", mention.slice(text).unwrap_or_default(), "\""].concat();
        return (guess(mention, name), note);
    }
    let mention = match strip_titles(text, who) {
        Some((name, _)) => name,
        // All titles and roles (`the Department of Defense`): drop the article.
        None => ByteRange::new(who.start.0 + article, who.end.0),
    };
    let mentioned = mention.slice(text).unwrap_or_default();
    if !mentioned.contains(char::is_whitespace)
        && let Some(p) = people.by_surname(mentioned, mention.start.0)
    {
        return resolved(mention, mentioned, people.name(p), p.para, para);
    }
    (
        guess(mention, Some(mentioned.to_owned())),
        ["\"", mentioned, "\""].concat(),
    )
}

fn guess(mention: ByteRange, name: Option<String>) -> SpeakerGuess {
    SpeakerGuess {
        mention: Some(mention),
        name,
    }
}

/// Speaker and reason note of each quote: its own attribution, else the
/// speaker of the quote it continues.
fn assign_speakers(
    text: &str,
    people: &People,
    paras: &[ByteRange],
    quotes: &[Quote],
) -> Vec<(Option<SpeakerGuess>, String)> {
    let mut out: Vec<(Option<SpeakerGuess>, String)> = Vec::with_capacity(quotes.len());
    for (i, q) in quotes.iter().enumerate() {
        let shape = q.mark.shape();
        if let Some(a) = &q.attribution {
            let (speaker, note) = resolve(text, people, a.who, q.para, q.range.start.0);
            // Reasons are joined rather than `format!`ted: every quote has one.
            let reason = [
                "quote in ",
                shape,
                " attributed by \"",
                &a.verb,
                "\"; speaker: ",
                &note,
            ]
            .concat();
            out.push((Some(speaker), reason));
            continue;
        }
        let prev = i
            .checked_sub(1)
            .and_then(|p| Some((quotes.get(p)?, out.get(p)?)));
        let inherited = prev.and_then(|(pq, (speaker, _))| {
            let how = if q.continued {
                "continues the quote of the paragraph before"
            } else if pq.para == q.para {
                "same speaker as the quote before it"
            } else if pq.para + 1 == q.para
                && paras.get(q.para).is_some_and(|p| p.start == q.range.start)
            {
                "follows a quote paragraph"
            } else {
                return None;
            };
            Some((speaker.clone()?, how))
        });
        out.push(match inherited {
            Some((speaker, how)) => {
                let who = speaker.name.as_deref().unwrap_or("unnamed");
                let reason = ["quote in ", shape, ", ", how, "; speaker: ", who].concat();
                (Some(speaker), reason)
            }
            None => (
                None,
                ["quote in ", shape, ", no attribution found"].concat(),
            ),
        });
    }
    // The first paragraph of a long speech is often attributed only later.
    for i in (0..quotes.len().saturating_sub(1)).rev() {
        if out[i].0.is_none()
            && quotes[i + 1].continued
            && let Some(speaker) = out[i + 1].0.clone()
        {
            let reason = format!(
                "quote in {}, speech continues in the next paragraph; speaker: {}",
                quotes[i].mark.shape(),
                speaker.name.as_deref().unwrap_or("unnamed")
            );
            out[i] = (Some(speaker), reason);
        }
    }
    out
}

fn suggestion(text: &str, q: &Quote, speaker: Option<SpeakerGuess>, reason: String) -> Suggestion {
    // Only a short quote's count matters: four words are enough.
    let words = q
        .range
        .slice(text)
        .map_or(0, |s| split_words(s).take(4).count());
    let (rule, mut confidence) = if q.continued {
        ("quote.continued_paragraph", 0.85)
    } else {
        (q.mark.rule(), q.mark.confidence())
    };
    if speaker.is_none() {
        confidence -= 0.15;
    }
    // A short phrase that survived the scare-quote test has an attribution,
    // but could still be a term the source used rather than a quotation.
    if words <= 3 {
        confidence = confidence.min(0.6);
    }
    Suggestion {
        label: Label::quote(),
        range: q.range,
        origin: origin(rule, confidence, reason),
        speaker,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(quoted text, rule, speaker mention, speaker name)` of each quote.
    type Row<'t> = (&'t str, String, Option<&'t str>, Option<String>);

    fn quotes(text: &str) -> Vec<Row<'_>> {
        found(text)
            .into_iter()
            .map(|s| {
                assert!(s.range.is_valid_in(text), "{}", s.range);
                let speaker = s.speaker.unwrap_or(SpeakerGuess {
                    mention: None,
                    name: None,
                });
                (
                    s.range.slice(text).unwrap_or_default(),
                    s.origin.rule.into_owned(),
                    speaker.mention.and_then(|m| m.slice(text)),
                    speaker.name,
                )
            })
            .collect()
    }

    fn found(text: &str) -> Vec<Suggestion> {
        QuoteDetector.detect(text, &Found::default(), &DetectConfig::default())
    }

    fn row<'t>(q: &'t str, rule: &str, mention: Option<&'t str>, name: Option<&str>) -> Row<'t> {
        (q, rule.to_owned(), mention, name.map(str::to_owned))
    }

    #[test]
    fn each_mark_style() {
        let text = "“We will rebuild the pier,” Mayor Lena Ortiz said.\n\n\
                    \"The budget is balanced,\" said Tom Reyes.\n\n\
                    ‘We are ready for the storm,’ said Ada Pryce.\n\n\
                    «Wir haben das Werk geschlossen», said Karl Brandt.\n\n\
                    „Das ist eine gute Nachricht“, said Anna Vogel.\n\n\
                    ‹On ne recule pas devant rien›, said Paul Girard.";
        assert_eq!(
            quotes(text),
            [
                row(
                    "“We will rebuild the pier,”",
                    "quote.curly",
                    Some("Lena Ortiz"),
                    Some("Lena Ortiz")
                ),
                row(
                    "\"The budget is balanced,\"",
                    "quote.straight",
                    Some("Tom Reyes"),
                    Some("Tom Reyes")
                ),
                row(
                    "‘We are ready for the storm,’",
                    "quote.single",
                    Some("Ada Pryce"),
                    Some("Ada Pryce")
                ),
                row(
                    "«Wir haben das Werk geschlossen»",
                    "quote.guillemet",
                    Some("Karl Brandt"),
                    Some("Karl Brandt")
                ),
                row(
                    "„Das ist eine gute Nachricht“",
                    "quote.low",
                    Some("Anna Vogel"),
                    Some("Anna Vogel")
                ),
                row(
                    "‹On ne recule pas devant rien›",
                    "quote.guillemet",
                    Some("Paul Girard"),
                    Some("Paul Girard")
                ),
            ]
        );
        assert_eq!(
            found(text)[0].origin.reason,
            "quote in “…” attributed by \"said\"; speaker: \"Lena Ortiz\""
        );
    }

    #[test]
    fn apostrophes_are_not_quote_marks() {
        let text = "The firm’s chief said don’t panic about ‘90s rules or the students’ fees, \
                    and Vantor’s rivals agreed.";
        assert_eq!(quotes(text), []);
        let text = "‘The traders’ view is simple: no pier, no summer,’ said Gareth Pennock.";
        let found: Vec<&str> = quotes(text).into_iter().map(|row| row.0).collect();
        assert_eq!(
            found,
            ["‘The traders’ view is simple: no pier, no summer,’"]
        );
    }

    #[test]
    fn split_nested_and_partial_quotes() {
        let text = "Harbor Commissioner Dana Whitfield spoke on Monday.\n\n\
                    “The port is open,” Whitfield said. “Ships can dock again.”\n\n\
                    “She told me ‘never again’ twice,” Whitfield added.\n\n\
                    The council said the tender was marred by “serious and repeated errors.”";
        let name = Some("Dana Whitfield");
        assert_eq!(
            quotes(text),
            [
                row(
                    "“The port is open,”",
                    "quote.curly",
                    Some("Whitfield"),
                    name
                ),
                row(
                    "“Ships can dock again.”",
                    "quote.curly",
                    Some("Whitfield"),
                    name
                ),
                row(
                    "“She told me ‘never again’ twice,”",
                    "quote.curly",
                    Some("Whitfield"),
                    name
                ),
                row(
                    "“serious and repeated errors.”",
                    "quote.curly",
                    Some("council"),
                    None
                ),
            ]
        );
        assert_eq!(
            found(text)[0].origin.reason,
            "quote in “…” attributed by \"said\"; speaker: \"Whitfield\" → Dana Whitfield \
             (named 1 paragraph earlier)"
        );
    }

    #[test]
    fn multi_paragraph_quote_is_one_span_per_paragraph() {
        let text = "“The first part of the speech runs on\n\n\
                    “and the second part ends here,” said Ada Pryce.\n\n\
                    “A third paragraph follows without attribution.”\n\n\
                    The hall was quiet.";
        let name = Some("Ada Pryce");
        let got = found(text);
        assert_eq!(
            quotes(text),
            [
                row(
                    "“The first part of the speech runs on",
                    "quote.curly",
                    Some("Ada Pryce"),
                    name
                ),
                row(
                    "“and the second part ends here,”",
                    "quote.continued_paragraph",
                    Some("Ada Pryce"),
                    name
                ),
                row(
                    "“A third paragraph follows without attribution.”",
                    "quote.curly",
                    Some("Ada Pryce"),
                    name
                ),
            ]
        );
        assert_eq!(
            got[2].origin.reason,
            "quote in “…”, follows a quote paragraph; speaker: Ada Pryce"
        );
    }

    #[test]
    fn an_article_before_a_speaker_is_dropped_with_all_its_space() {
        // Found by the property tests: the mention began on a space.
        let text = "“A  a said “”““";
        for s in crate::detect::detect(text, &DetectConfig::default()) {
            let span = s.range.slice(text).unwrap_or_default();
            assert_eq!(span, span.trim(), "{s:?}");
        }
    }

    #[test]
    fn short_phrases_near_a_verb_of_speech_are_partial_quotes() {
        let text = "Mayor Jo Park accused the board of being “asleep” at the wheel.\n\n\
                    The four “loopholes” he cited are all legal.\n\n\
                    It was what council members called “reckless” spending.\n\n\
                    Fans called him “The Wall” for years.\n\n\
                    Opponents call the levy “a stealth tax” in every debate.";
        let found: Vec<&str> = quotes(text).into_iter().map(|row| row.0).collect();
        assert_eq!(
            found,
            ["“asleep”", "“loopholes”", "“reckless”", "“a stealth tax”"]
        );
    }

    #[test]
    fn stage_directions_in_a_transcript_are_not_quotes() {
        let text = "\"PARK: We approved it in March.\n\n\"(CROSSTALK.)\n\n\
                    “(APPLAUSE)” followed.";
        let found: Vec<&str> = quotes(text).into_iter().map(|row| row.0).collect();
        assert_eq!(found, ["\"PARK: We approved it in March."]);
    }

    #[test]
    fn single_marks_in_a_headline_quote_its_subject() {
        let text = "Harbor Chief Calls Pier Plan ‘A Gamble’\n\n\
                    Dunmore Rail Link ‘Years Late’, Auditor Says\n\n\
                    The board met on Tuesday.";
        assert_eq!(
            quotes(text),
            [
                row(
                    "‘A Gamble’",
                    "quote.single",
                    Some("Harbor Chief"),
                    Some("Harbor Chief")
                ),
                row(
                    "‘Years Late’",
                    "quote.single",
                    Some("Auditor"),
                    Some("Auditor")
                ),
            ]
        );
    }

    #[test]
    fn naming_words_are_found_by_their_last_word() {
        for (before, naming) in [
            ("what he termed the so-called", true),
            ("a group known as", true),
            ("a group known  as", false),
            ("widely known as", true),
            ("the phrase", true),
            ("paraphrase", false),
            ("un-dubbed", false),
            ("dubbed", true),
            ("was labeled", true),
            ("so called", true),
            ("also called", false),
            ("", false),
            ("as", false),
        ] {
            assert_eq!(after_naming_word(before), naming, "{before:?}");
            let by_list = NAMING_WORDS.iter().any(|w| ends_with_word(before, w));
            assert_eq!(after_naming_word(before), by_list, "{before:?}");
        }
    }

    #[test]
    fn scare_quotes_titles_and_nicknames_are_rejected() {
        let text = "The so-called “peace dividend” never came. She reviewed the film “Night \
                    Harbor Blues” last year. Boxer Ray “The Hammer” Lopez retired. The plan was \
                    “a total mess” on paper. Prices were “sticky” all year. The firm dubbed it \
                    “Harbor Gold” and critics labeled it “a scam”.";
        assert_eq!(quotes(text), []);
    }

    #[test]
    fn a_source_calling_something_a_phrase_is_quoted() {
        let text = "Mayor Jo Park called the plan “a total mess” on air.";
        assert_eq!(
            quotes(text),
            [row(
                "“a total mess”",
                "quote.curly",
                Some("Jo Park"),
                Some("Jo Park")
            )]
        );
        assert_eq!(
            found(text)[0].origin.reason,
            "quote in “…” attributed by \"called\"; speaker: \"Jo Park\""
        );
    }

    #[test]
    fn attribution_before_after_and_according_to() {
        let text = "Ada Pryce said: “The vote was close and the count was fair.”\n\n\
                    “Turnout rose in every ward,” according to the county clerk Jo Lind.\n\n\
                    “We expect the report within a month,” a Vantor spokesperson said in a statement.\n\n\
                    According to Omar Haddad, “the bridge has been closed since March.”";
        assert_eq!(
            quotes(text),
            [
                row(
                    "“The vote was close and the count was fair.”",
                    "quote.curly",
                    Some("Ada Pryce"),
                    Some("Ada Pryce")
                ),
                row(
                    "“Turnout rose in every ward,”",
                    "quote.curly",
                    Some("Jo Lind"),
                    Some("Jo Lind")
                ),
                row(
                    "“We expect the report within a month,”",
                    "quote.curly",
                    Some("Vantor spokesperson"),
                    Some("Vantor spokesperson")
                ),
                row(
                    "“the bridge has been closed since March.”",
                    "quote.curly",
                    Some("Omar Haddad"),
                    Some("Omar Haddad")
                ),
            ]
        );
    }

    #[test]
    fn colon_introduction_in_the_paragraph_before() {
        let text =
            "Senator Rhea Patel told the hearing:\n\n\"We cannot keep delaying the repairs.\"";
        assert_eq!(
            quotes(text),
            [row(
                "\"We cannot keep delaying the repairs.\"",
                "quote.straight",
                Some("Rhea Patel"),
                Some("Rhea Patel")
            )]
        );
    }

    #[test]
    fn a_role_and_whom_it_speaks_for_is_the_guidelines_role_phrase() {
        let text = "Water bills in Calder Falls tripled this year.\n\n\
                    “The rates reflect what it costs to run the system,” a spokesman for \
                    Tri-County Aqua Services said in an email.\n\n\
                    “Bring your own shovel,” said a spokeswoman for the Harbor County emergency \
                    office.";
        assert_eq!(
            quotes(text),
            [
                row(
                    "“The rates reflect what it costs to run the system,”",
                    "quote.curly",
                    Some("spokesman for Tri-County Aqua Services"),
                    Some("Tri-County Aqua Services spokesman")
                ),
                row(
                    "“Bring your own shovel,”",
                    "quote.curly",
                    Some("spokeswoman for the Harbor County emergency office"),
                    Some("Harbor County emergency office spokeswoman")
                ),
            ]
        );
    }

    #[test]
    fn pronoun_resolves_to_full_name_with_titles_stripped() {
        let text = "US Secretary of Transport Mara Quinn, who skipped the vote, met the board in \
                    North Bay on Friday.\n\n\
                    The meeting ran late.\n\n\
                    “I trust the engineers completely,” she said.";
        let got = found(text);
        assert_eq!(
            quotes(text),
            [row(
                "“I trust the engineers completely,”",
                "quote.curly",
                Some("she"),
                Some("Mara Quinn")
            )]
        );
        assert_eq!(
            got[0].origin.reason,
            "quote in “…” attributed by \"said\"; speaker: \"she\" → Mara Quinn (named 2 paragraphs earlier)"
        );
    }

    #[test]
    fn unbalanced_marks_give_valid_spans() {
        let text = "“a ".repeat(100_000) + &"\" b".repeat(50_001) + "‘’«»„“‹›";
        for s in found(&text) {
            assert!(s.range.is_valid_in(&text));
        }
        for odd in ["\"", "“", "”", "‘", "’", "«", "a\"b\"c", "\"\n\n\"", "„"] {
            let _ = found(odd);
        }
    }

    #[test]
    fn every_quote_of_a_long_headline_is_found() {
        // One word, so a headline: it is read once, not once per quote (the
        // `detect` benchmark's degenerate runs show the time).
        let text = "Mayor: ".to_owned() + &"X“Yz”".repeat(20_000);
        let quotes = found(&text);
        assert_eq!(quotes.len(), 20_000);
        assert!(quotes.iter().all(|q| q.range.slice(&text) == Some("“Yz”")));
    }
}
