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

mod not_speech;
mod people;
#[cfg(test)]
mod tests;

use super::common::{WordSet, ceil_boundary, floor_boundary, is_alnum, origin, split_words};
use super::sentence::Layout;
use super::source::{
    self, Found as SourceFound, Source, Word, after_quote, before_quote, phrase_forward, subject,
    words,
};
use super::{SpeakerGuess, Suggestion};
use crate::model::{ByteRange, Label};
use not_speech::{Headline, headline, headline_attribution, rejection};
use people::{People, resolve};
use std::borrow::Cow;
use std::sync::LazyLock;

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
