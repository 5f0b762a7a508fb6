//! Finding who a quotation is attributed to, on words rather than regexes.
//!
//! The text around a quote is cut into words once ([`words`]); the rules then
//! look for a reporting verb and read the noun phrase next to it: the phrase
//! before the verb (`Trump lawyer Marc Kasowitz said`, `Sen. Claire McCaskill
//! (D-Mo.) said`), after it (`said the ship’s captain, José Núñez`,
//! `according to show insiders`), or the phrase opening the clause when the
//! verb follows an appositive (`Scott Pruitt, the attorney general of
//! Oklahoma, said`). Each rule looks at a bounded number of words, so the
//! cost per quote is constant.

use super::common::{REPORTING_VERBS, WordSet, ascii_lowercase, is_alnum, split_words};
use crate::model::ByteRange;
use std::borrow::Cow;
use std::sync::LazyLock;

/// A word of the text: its core (letters, digits, inner punctuation, and the
/// period of an abbreviation such as `Sen.` or `U.S.`) and the punctuation
/// around it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word<'t> {
    pub start: usize,
    pub end: usize,
    pub core: &'t str,
    /// Punctuation before the core (`(`, `—`), empty when none.
    pub lead: &'t str,
    /// Punctuation after the core (`,`, `.`, `)`, `:`), empty when none.
    pub trail: &'t str,
}

impl Word<'_> {
    fn lower(&self) -> String {
        self.core.to_lowercase()
    }

    fn capitalised(&self) -> bool {
        self.core.chars().next().is_some_and(char::is_uppercase)
    }

    fn lowercase(&self) -> bool {
        self.core.chars().next().is_some_and(char::is_lowercase)
    }

    /// Ends a phrase: a comma, colon, sentence stop or closing bracket after it.
    fn closes(&self) -> bool {
        !self.trail.is_empty()
    }

    fn possessive(&self) -> bool {
        ["’s", "'s", "s’", "s'"]
            .iter()
            .any(|s| self.core.ends_with(s))
    }
}

/// Calls `f` with `s` lowercased (`str::to_lowercase`), without allocating
/// for ASCII text of up to 64 bytes (nearly all words, and the short windows
/// the quote rules read), nor copying ASCII that is lowercase already: the
/// word rules look up the lowercase form of most words near a quote, several
/// times each.
pub(crate) fn with_lower<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    match ascii_lowercase(s, &mut [0; 64]) {
        Some(lower) => f(lower),
        None => f(&s.to_lowercase()),
    }
}

/// Whether a chunk's final period belongs to the word (`Sen.`, `U.S.`, `J.`).
fn keeps_period(core: &str) -> bool {
    let body = &core[..core.len() - 1];
    let letters = body.chars().filter(|c| c.is_alphabetic()).count();
    (body.contains('.') && body.split('.').all(|p| p.chars().count() <= 2))
        || (letters == 1 && body.chars().all(char::is_uppercase))
        || ABBREVIATED_TITLES.contains(&body)
}

const ABBREVIATED_TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Sgt", "Capt", "Adm", "Rev",
    "Prof", "St", "Jr", "Sr", "Sens", "Reps", "Supt", "Det", "Del", "Amb", "Pres", "Sec",
];

/// The words of `text[start..end]` (char boundaries) in `out`, which is
/// cleared first: the callers reuse one buffer for every quote.
pub(crate) fn words<'t>(text: &'t str, start: usize, end: usize, out: &mut Vec<Word<'t>>) {
    first_words(text, start, end, usize::MAX, out);
}

/// Words [`subject`] may read: the opening phrase (15), the phrase (up to 13
/// with look-ahead) and an appositive (16) stay well inside.
pub(crate) const SUBJECT_WORDS: usize = 64;

/// [`words`], stopping after the first `max`: a sentence can be long, and
/// the rule reading it from its start needs only so many.
pub(crate) fn first_words<'t>(
    text: &'t str,
    start: usize,
    end: usize,
    max: usize,
    out: &mut Vec<Word<'t>>,
) {
    out.clear();
    let Some(window) = text.get(start..end) else {
        return;
    };
    // A chunk of punctuation only (`—`, `―`) leads into the next word.
    let mut loose_lead = "";
    for chunk in split_words(window) {
        if out.len() == max {
            break;
        }
        let offset = start + (chunk.as_ptr() as usize - window.as_ptr() as usize);
        let body = trim_start_punctuation(chunk);
        if body.is_empty() {
            loose_lead = chunk;
            continue;
        }
        let own_lead = &chunk[..chunk.len() - body.len()];
        let lead = match own_lead {
            "" => std::mem::take(&mut loose_lead),
            own => {
                loose_lead = "";
                own
            }
        };
        let mut core = trim_end_punctuation(body);
        if body.len() > core.len() && body[core.len()..].starts_with('.') {
            let with_period = &body[..core.len() + 1];
            if keeps_period(with_period) {
                core = with_period;
            }
        }
        // `the Shippers' Alliance`: a plural possessive keeps its mark.
        let rest = &body[core.len()..];
        if core.ends_with('s') && (rest == "'" || rest == "’") {
            core = body;
        }
        let core_start = offset + own_lead.len();
        out.push(Word {
            start: core_start,
            end: core_start + core.len(),
            core,
            lead,
            trail: &body[core.len()..],
        });
    }
}

/// `s` without the chars before its first letter or digit: most words start
/// with an ASCII one, and then no char is decoded.
pub(crate) fn trim_start_punctuation(s: &str) -> &str {
    if s.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) {
        return s;
    }
    s.trim_start_matches(|c: char| !is_alnum(c))
}

/// `s` without the chars after its last letter or digit (see
/// [`trim_start_punctuation`]).
fn trim_end_punctuation(s: &str) -> &str {
    if s.as_bytes().last().is_some_and(u8::is_ascii_alphanumeric) {
        return s;
    }
    s.trim_end_matches(|c: char| !is_alnum(c))
}

/// Single-word reporting verbs, for attribution: the shared lexicon plus
/// verbs that attribute words without reporting them (`called`, `described`)
/// and the participles of an attribution after a comma (`saying`).
static VERBS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(
        REPORTING_VERBS
            .split('|')
            .filter(|v| !v.contains(' '))
            .chain([
                "say",
                "tell",
                "add",
                "write",
                "ask",
                "called",
                "calls",
                "described",
                "describes",
                "describing",
                "saying",
                "adding",
                "writing",
                "telling",
                "noting",
                "arguing",
                "asking",
                "calling",
                "warning",
                "insisting",
                "declaring",
                "tweeting",
                "explaining",
                "responding",
                "replying",
                "stating",
                "claiming",
                "sings",
                "sang",
                "accused",
                "accuses",
                "accusing",
                "blasted",
                "criticized",
                "criticised",
                "dismissed",
                "pledged",
                "pledges",
                "charged",
                "likened",
                "characterized",
                "characterised",
                "labeled",
                "labelled",
                "dubbed",
                "mocked",
                "praised",
                "demanded",
                "demands",
                "recalling",
                "conceding",
                "acknowledging",
                "predicting",
                "promising",
                "urging",
                "quoted",
                "quotes",
                "read",
                "reads",
                "put",
                "wonders",
                "wondered",
            ]),
    )
});

/// Verbs that attribute a word or phrase without quoting speech (`called
/// the plan “a mess”`): they name a source but do not make a short phrase a
/// quotation rather than a scare quote.
const NAMING_VERBS: &[&str] = &["labeled", "labelled", "dubbed", "nicknamed", "branded"];

/// Whether the verb of an attribution only names (see [`NAMING_VERBS`]).
pub(crate) fn naming_verb(verb: &str) -> bool {
    with_lower(verb, |l| NAMING_VERBS.contains(&l))
}

/// Whether `word` (lower case) is one of the attribution verbs.
pub(crate) fn is_reporting_verb(word: &str) -> bool {
    VERBS.contains(word)
}

fn is_verb(w: &Word) -> bool {
    VERBS.contains_lowercase(w.core)
}

static PRONOUNS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(["he", "she", "they", "we", "i", "it", "you"]));
static DETERMINERS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new([
        "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "one", "another",
        "two", "three", "several", "many", "some", "other", "most", "few", "both", "all", "these",
        "those", "every", "each",
    ])
});
/// Lowercase words that never belong to a source phrase.
static NOT_NOUN: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new([
        "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can",
        "could", "may", "might", "should", "must", "did", "does", "do", "also", "then", "that",
        "which", "who", "whom", "whose", "and", "but", "or", "nor", "to", "in", "on", "at", "for",
        "by", "from", "with", "as", "if", "when", "while", "because", "after", "before", "since",
        "than", "about", "into", "over", "not", "no", "so", "yet", "there", "here", "where", "how",
        "what", "why", "it", "this", "later", "now", "again", "still", "just", "even", "only",
        "already", "once", "too", "very", "up", "out", "off", "said", "says", "wants", "needs",
        "seems", "appears", "gets", "makes", "takes", "gives", "uses", "sees", "knows", "thinks",
        "believes", "feels", "hopes", "plans", "looks", "goes", "comes", "keeps", "remains",
        "becomes", "took", "made", "gave", "went", "came", "got", "saw", "knew", "thought", "felt",
        "began", "left", "met", "ran", "spent", "won", "lost", "chose", "sent", "held", "kept",
        "being", "having", "of",
    ])
});
/// Name particles that may sit between capitalised words (`Bill de Blasio`).
static PARTICLES: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new([
        "de", "da", "van", "von", "der", "den", "del", "du", "la", "le", "bin", "al", "ibn", "di",
    ])
});
/// Words between a subject and its verb: `Doe also said`, `Doe has said`.
fn is_filler(w: &Word) -> bool {
    with_lower(w.core, |l| filler_word(l, w))
}

fn filler_word(l: &str, w: &Word) -> bool {
    matches!(
        l,
        "also"
            | "later"
            | "then"
            | "has"
            | "had"
            | "have"
            | "previously"
            | "once"
            | "recently"
            | "again"
            | "first"
            | "has also"
            | "would"
            | "will"
            | "did"
            | "does"
            | "is"
            | "was"
            | "often"
            | "even"
            | "further"
            | "still"
            | "in"
            | "an"
            | "interview"
    ) || (l.len() > 4 && l.ends_with("ly") && w.trail.is_empty())
}

fn lower_in(w: &Word, set: &WordSet) -> bool {
    set.contains_lowercase(w.core)
}

/// [`lower_in`] for a short list.
fn lower_is(w: &Word, list: &[&str]) -> bool {
    with_lower(w.core, |l| list.contains(&l))
}

/// A lowercase word in none of the lexicons of words that never belong to a
/// source phrase: what [`nounish`] words and modifiers share, so that the
/// rules asking for either look the word up once.
fn open_lowercase(w: &Word) -> bool {
    w.lowercase() && !lower_in(w, &NOT_NOUN) && !is_verb(w)
}

/// The shape of a [`nounish`] word.
fn noun_shaped(w: &Word) -> bool {
    (!w.core.ends_with("ed") || w.possessive())
        && w.core
            .chars()
            .all(|c| c.is_alphabetic() || "’'-".contains(c))
}

/// The shape of a modifier, an [`open_lowercase`] word that may describe a
/// name that follows (`retired`).
fn modifier_shaped(w: &Word) -> bool {
    w.core.chars().all(|c| c.is_alphabetic() || c == '-')
}

/// A lowercase word that can be part of a source phrase (`campaign`,
/// `spokesman`, `ship’s`), as far as a word list can tell.
fn nounish(w: &Word) -> bool {
    open_lowercase(w) && noun_shaped(w)
}

/// Whether the lowercase words from `j` on lead, within three words and
/// without punctuation, into a capitalised word.
fn leads_to_name(ws: &[Word], j: usize) -> bool {
    if ws[j].closes() {
        return false;
    }
    for x in ws.iter().skip(j + 1).take(3) {
        if !x.lead.is_empty() {
            return false;
        }
        if name_word(x) {
            return true;
        }
        if x.closes() || !(open_lowercase(x) && (noun_shaped(x) || modifier_shaped(x))) {
            return false;
        }
    }
    false
}

/// Capitalised words that open a sentence without being part of its subject.
const SENTENCE_ADVERBS: &[&str] = &[
    "Even",
    "Only",
    "Also",
    "Still",
    "Now",
    "Then",
    "Yet",
    "But",
    "And",
    "So",
    "Meanwhile",
    "However",
    "Instead",
    "Indeed",
    "Later",
    "Earlier",
    "Today",
    "Yesterday",
    "Separately",
];

fn is_pronoun(w: &Word) -> bool {
    lower_in(w, &PRONOUNS)
}

/// A capitalised word of a phrase: not a sentence opener such as `But`.
fn name_word(w: &Word) -> bool {
    w.capitalised() && !matches!(w.core, "But" | "And" | "Or" | "So" | "Then" | "Yet" | "I")
}

/// A source phrase read forward from word `i`: `the ship’s captain`, `Trump
/// lawyer Marc Kasowitz`, `he`. Returns the index of its last word.
pub(crate) fn phrase_forward(ws: &[Word], i: usize) -> Option<usize> {
    let first = ws.get(i)?;
    if is_pronoun(first) && !first.core.eq_ignore_ascii_case("it") {
        return Some(i);
    }
    let mut last = None;
    let mut j = i;
    let determiner = lower_in(first, &DETERMINERS) && first.lowercase()
        || matches!(
            first.core,
            "The" | "A" | "An" | "His" | "Her" | "Their" | "Its"
        );
    if determiner {
        if first.closes() {
            return None;
        }
        j += 1;
    }
    // Words that only open a sentence: `Even China, …, said`.
    if ws
        .get(j)
        .is_some_and(|w| w.capitalised() && SENTENCE_ADVERBS.contains(&w.core) && !w.closes())
    {
        j += 1;
    }
    let start = j;
    let mut chain = determiner;
    let mut lowercase_run = 0;
    while let Some(w) = ws.get(j) {
        if j > start && w.lead.starts_with(['(', '“', '"', '‘']) || j - i > 10 {
            break;
        }
        if name_word(w) {
            lowercase_run = 0;
        } else if matches!(w.core, "for" | "at")
            && lowercase_run > 0
            && !ws[j - 1].closes()
            && !w.closes()
            && ws
                .get(j + 1)
                .is_some_and(|n| name_word(n) || n.core == "the")
        {
            // A role and whom it speaks for: `a spokesman for the Tri-County
            // water board`, `an analyst at Pell & Crane`.
            if ws[j + 1].core == "the" {
                j += 1;
            }
            chain = true;
            lowercase_run = 0;
            j += 1;
            continue;
        } else if lower_in(w, &PARTICLES) || w.core == "of" {
            // Only inside a name: `Bill de Blasio`, `Mr. Morgan of the Sierra Club`.
            let next = match ws.get(j + 1) {
                Some(the) if w.core == "of" && the.core == "the" && !the.closes() => j + 2,
                _ => j + 1,
            };
            if !(last.is_some() && !w.closes() && ws.get(next).is_some_and(name_word)) {
                break;
            }
            if next == j + 2 {
                j += 1;
            }
        } else if open_lowercase(w)
            && (noun_shaped(w) || modifier_shaped(w) && leads_to_name(ws, j))
        {
            // Lowercase words join after a determiner or a possessive (`the
            // county clerk`, `Obama's former campaign strategist`), or lead
            // into a name (`retired Air Force general Lloyd Newton`).
            lowercase_run += 1;
            if lowercase_run > 4 || !(chain || leads_to_name(ws, j)) {
                break;
            }
        } else {
            break;
        }
        chain |= w.possessive();
        last = Some(j);
        if w.closes() {
            break;
        }
        j += 1;
    }
    let last = last?;
    // A determiner alone, or a phrase ending on a dangling particle, is not one.
    let end_word = &ws[last];
    (!lower_in(end_word, &PARTICLES) && end_word.core != "of").then_some(last)
}

/// A source phrase read backward from word `last` (the word before the verb).
/// Returns the index of its first word.
pub(crate) fn phrase_backward(ws: &[Word], last: usize) -> Option<usize> {
    let end = ws.get(last)?;
    if is_pronoun(end) {
        return (!end.core.eq_ignore_ascii_case("it")).then_some(last);
    }
    let mut first = None;
    let mut lowercase_run = 0;
    let mut seen_name = false;
    let mut k = last as isize;
    while k >= 0 && last - k as usize <= 10 {
        let w = &ws[k as usize];
        if (k as usize) < last && w.closes() {
            break;
        }
        if name_word(w) {
            seen_name = true;
            lowercase_run = 0;
        } else if (lower_in(w, &PARTICLES) || w.core == "of") && first.is_some() {
            // Keep it only when a capitalised word comes before it.
            if !(k > 0 && name_word(&ws[k as usize - 1]) && !ws[k as usize - 1].closes()) {
                break;
            }
        } else if w.lowercase() && lower_in(w, &DETERMINERS) && first.is_some() {
            first = Some(k as usize);
            break;
        } else if nounish(w) {
            lowercase_run += 1;
            if lowercase_run > 3 {
                break;
            }
        } else {
            break;
        }
        first = Some(k as usize);
        if w.lead.contains(['(', '“', '"', '‘', '—', '–']) {
            break;
        }
        k -= 1;
    }
    let first = first?;
    let starts_with_determiner = lower_in(&ws[first], &DETERMINERS);
    // A lowercase-only phrase must be short and stand at a clause boundary
    // (`officials said`, `that aides said`), not be the tail of a clause.
    if !seen_name && !starts_with_determiner {
        let boundary = first == 0
            || ws[first - 1].closes()
            || lower_is(
                &ws[first - 1],
                &[
                    "that", "and", "but", "as", "while", "because", "when", "where",
                ],
            );
        if !(boundary && last - first < 3) {
            return None;
        }
    }
    Some(first)
}

/// The word range `[first, last]` as a byte range of the text.
pub(crate) fn span(ws: &[Word], first: usize, last: usize) -> ByteRange {
    ByteRange::new(ws[first].start, ws[last].end)
}

/// How a source phrase was found, for the reason line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// Next to a reporting verb.
    Verb,
    /// After `according to`.
    AccordingTo,
    /// After a dash that follows the quote (`” ― Jo Lind`).
    Dash,
    /// The subject of the sentence holding the quote (no reporting verb).
    Subject,
}

/// A source phrase and the verb that attributes it.
#[derive(Debug, Clone)]
pub(crate) struct Source<'t> {
    pub who: ByteRange,
    /// Borrowed from the text where it can be: every quote has one.
    pub verb: Cow<'t, str>,
    pub how: Found,
}

fn skip_filler(ws: &[Word], mut i: usize, forward: bool) -> Option<usize> {
    for _ in 0..3 {
        let w = ws.get(i)?;
        if !is_filler(w) {
            return Some(i);
        }
        if forward {
            i += 1;
        } else {
            i = i.checked_sub(1)?;
        }
    }
    Some(i)
}

/// Up to three lowercase nouns from `i` (`according to show insiders`):
/// the index of the last.
fn lowercase_phrase(ws: &[Word], i: usize) -> Option<usize> {
    let mut last = None;
    for (k, w) in ws.iter().enumerate().skip(i).take(3) {
        if !nounish(w) {
            break;
        }
        last = Some(k);
        if w.closes() {
            break;
        }
    }
    last
}

/// The appositive name after a descriptive phrase ending at `last`
/// (`the ship’s captain, José Núñez`): the index of its last word.
fn appositive_name(ws: &[Word], last: usize) -> Option<usize> {
    if !ws[last].trail.starts_with(',') {
        return None;
    }
    let mut j = last + 1;
    let mut end = None;
    while let Some(w) = ws.get(j) {
        if j - last > 5 || !(name_word(w) || lower_in(w, &PARTICLES) && end.is_some()) {
            break;
        }
        end = Some(j);
        if w.closes() {
            break;
        }
        j += 1;
    }
    end.filter(|&e| e > last + 1 || ws[e].core.chars().count() > 2)
}

/// A phrase `[first, last]`, swapped for the name in its appositive when it
/// only describes (`the council’s transport lead, Priya Banerjee-Scott`).
fn prefer_name(ws: &[Word], first: usize, last: usize) -> ByteRange {
    // The head word is a common noun: `the Rovers manager, Helen Marsh`.
    let described = !name_word(&ws[last]);
    match appositive_name(ws, last) {
        Some(end) if described => span(ws, first, end),
        _ => span(ws, first, last),
    }
}

/// Attribution in the words right after a quote's closing mark, up to the end
/// of its sentence: `,” said Doe`, `,” Doe, the mayor, said`, `” ― Doe`.
pub(crate) fn after_quote<'t>(ws: &[Word<'t>], para_ends: bool) -> Option<Source<'t>> {
    let first = ws.first()?;
    if first.lead.contains(['―', '—', '–']) && ws.len() <= 5 && para_ends {
        let last = phrase_forward(ws, 0)?;
        if last + 1 == ws.len() && ws[..=last].iter().any(name_word) {
            return Some(Source {
                who: span(ws, 0, last),
                verb: Cow::Borrowed("a dash"),
                how: Found::Dash,
            });
        }
    }
    if first.core.eq_ignore_ascii_case("according") && ws.get(1).is_some_and(|w| w.core == "to") {
        let last = phrase_forward(ws, 2).or_else(|| lowercase_phrase(ws, 2))?;
        return Some(Source {
            who: prefer_name(ws, 2, last),
            verb: Cow::Borrowed("according to"),
            how: Found::AccordingTo,
        });
    }
    if is_verb(first) && !first.closes() {
        let start = skip_filler(ws, 1, true)?;
        let last = phrase_forward(ws, start)?;
        return Some(Source {
            who: prefer_name(ws, start, last),
            verb: Cow::Borrowed(first.core),
            how: Found::Verb,
        });
    }
    let last = phrase_forward(ws, 0)?;
    let mut v = last + 1;
    let mut who = span(ws, 0, last);
    if ws[last].trail.starts_with(',') {
        // An appositive: the verb follows its closing comma.
        let described = !name_word(&ws[last]);
        if described && let Some(end) = appositive_name(ws, last) {
            who = span(ws, 0, end);
        }
        v = (last + 1..ws.len().min(last + 30)).find(|&k| ws[k - 1].trail.starts_with(','))?;
        // The appositive must close right before a verb.
        let after = skip_filler(ws, v, true)?;
        if !is_verb(&ws[after]) {
            let next = (v + 1..ws.len().min(last + 30))
                .filter(|&k| ws[k - 1].trail.starts_with(','))
                .find(|&k| skip_filler(ws, k, true).is_some_and(|a| is_verb(&ws[a])))?;
            v = next;
        }
    } else if ws.get(v).is_some_and(|w| w.lead.starts_with('(')) {
        v = (v..ws.len().min(v + 6)).find(|&k| ws[k].trail.contains(')'))? + 1;
    }
    let v = skip_filler(ws, v, true)?;
    let verb = ws.get(v).filter(|w| is_verb(w))?;
    Some(Source {
        who,
        verb: Cow::Borrowed(verb.core),
        how: Found::Verb,
    })
}

/// Attribution in the words of the sentence before a quote's opening mark
/// (`Doe said that the deal was “`, `Said Ellis: “`, `according to Doe, “`).
pub(crate) fn before_quote<'t>(ws: &[Word<'t>]) -> Option<Source<'t>> {
    // A sentence or an earlier quotation ends before word `k`.
    let sentence_start =
        |k: usize| k == 0 || ws[k - 1].trail.contains(['.', '!', '?', '”', '"', '»']);
    // The reporting verb nearest the quote.
    let v = (0..ws.len()).rev().find(|&k| {
        is_verb(&ws[k]) && (ws[k].lowercase() || sentence_start(k))
            || ws[k].core.eq_ignore_ascii_case("according")
                && ws.get(k + 1).is_some_and(|w| w.core == "to")
    })?;
    let clause_start = (0..=v).rev().find(|&k| sentence_start(k)).unwrap_or(0);
    let verb = &ws[v];
    if verb.core.eq_ignore_ascii_case("according") {
        let last = phrase_forward(ws, v + 2).or_else(|| lowercase_phrase(ws, v + 2))?;
        return Some(Source {
            who: prefer_name(ws, v + 2, last),
            verb: Cow::Borrowed("according to"),
            how: Found::AccordingTo,
        });
    }
    if verb.capitalised() {
        // `Said Ellis: “…”`
        let last = phrase_forward(ws, v + 1)?;
        return Some(Source {
            who: prefer_name(ws, v + 1, last),
            verb: Cow::Owned(verb.lower()),
            how: Found::Verb,
        });
    }
    let source = |who| Source {
        who,
        verb: Cow::Borrowed(verb.core),
        how: Found::Verb,
    };
    let mut k = skip_filler(ws, v.checked_sub(1)?, false)?;
    if ws[k].trail.contains(')') && !ws[k].lead.starts_with('(') {
        // `Sen. Claire McCaskill (D-Mo.) said`
        k = (k.saturating_sub(5)..k)
            .rev()
            .find(|&j| ws[j].lead.starts_with('('))?
            .checked_sub(1)?;
    } else if ws[k].lead.starts_with('(') && ws[k].trail.contains(')') {
        k = k.checked_sub(1)?;
    }
    if ws[k].trail.starts_with(',') {
        // `Doe, who chairs the board, said …` / `…, saying`: the subject opens
        // the clause.
        let start = clause_start.min(k);
        let start = skip_opening_phrase(ws, start, k);
        let last = phrase_forward(ws, start)?;
        return (last <= k).then(|| source(prefer_name(ws, start, last)));
    }
    if is_verb(&ws[k]) {
        return None;
    }
    let first = phrase_backward(ws, k)?;
    Some(source(span(ws, first, k)))
}

/// Words that open a sentence with a phrase before its subject.
static OPENING_PHRASE: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new([
        "at",
        "in",
        "on",
        "after",
        "before",
        "when",
        "while",
        "as",
        "during",
        "despite",
        "though",
        "although",
        "if",
        "since",
        "because",
        "with",
        "for",
        "by",
        "from",
        "like",
        "unlike",
        "under",
        "following",
        "speaking",
        "asked",
        "earlier",
        "later",
        "last",
        "on",
        "in",
        "still",
        "yet",
        "however",
        "meanwhile",
        "instead",
        "separately",
        "similarly",
        "also",
        "but",
        "and",
    ])
});

/// The first word of the clause's subject, past an opening phrase ending in a
/// comma (`At a rally in Ohio, Clinton said …`).
fn skip_opening_phrase(ws: &[Word], start: usize, limit: usize) -> usize {
    if ws.get(start).is_some_and(|w| lower_in(w, &OPENING_PHRASE))
        && let Some(comma) = (start..limit.min(start + 15)).find(|&k| ws[k].trail.starts_with(','))
    {
        return comma + 1;
    }
    start
}

/// The subject of the clause holding a partial quote, when no reporting verb
/// attributes it (`Clinton called half of his supporters “deplorables.”`).
pub(crate) fn subject<'t>(ws: &[Word<'t>], clause_start: usize) -> Option<Source<'t>> {
    let start = skip_opening_phrase(ws, clause_start, ws.len());
    if lower_in(ws.get(start)?, &OPENING_PHRASE) {
        return None;
    }
    let last = phrase_forward(ws, start)?;
    let head = &ws[start..=last];
    let named = head.iter().any(name_word) || lower_in(&ws[start], &DETERMINERS);
    // An appositive after a name: `Gordon Mayhew, a retired postman, put …`.
    let mut v = last + 1;
    if ws[last].trail == "," && head.iter().any(name_word) {
        v = (last + 2..ws.len().min(last + 16)).find(|&k| ws[k - 1].trail == ",")?;
    } else if ws[last].closes() {
        return None;
    }
    // The phrase must be followed by its verb, not end the words.
    let verb = ws.get(v)?;
    if !named || !verb.lowercase() || lower_is(verb, &["of", "and", "or", "who", "which"]) {
        return None;
    }
    Some(Source {
        who: span(ws, start, last),
        verb: Cow::Borrowed(verb.core),
        how: Found::Subject,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(text: &str) -> Option<&str> {
        let mut ws = Vec::new();
        words(text, 0, text.len(), &mut ws);
        after_quote(&ws, true).and_then(|s| s.who.slice(text))
    }

    fn before(text: &str) -> Option<&str> {
        let mut ws = Vec::new();
        words(text, 0, text.len(), &mut ws);
        before_quote(&ws).and_then(|s| s.who.slice(text))
    }

    fn subj(text: &str) -> Option<&str> {
        let mut ws = Vec::new();
        words(text, 0, text.len(), &mut ws);
        subject(&ws, 0).and_then(|s| s.who.slice(text))
    }

    #[test]
    fn lowercasing_matches_to_lowercase() {
        let long = "A".repeat(80);
        for s in [
            "Said",
            "ACCORDING",
            "",
            "Núñez",
            "\u{212A}",
            "said",
            "said\u{212A}",
            "İs",
            long.as_str(),
        ] {
            assert_eq!(with_lower(s, str::to_owned), s.to_lowercase(), "{s:?}");
        }
    }

    #[test]
    fn words_keep_abbreviations_and_split_punctuation() {
        let text = "Sen. Ada (D-Mo.) said, “U.S. ships.”";
        let mut ws = Vec::new();
        words(text, 0, text.len(), &mut ws);
        let cores: Vec<_> = ws.iter().map(|w| (w.lead, w.core, w.trail)).collect();
        assert_eq!(
            cores,
            [
                ("", "Sen.", ""),
                ("", "Ada", ""),
                ("(", "D-Mo", ".)"),
                ("", "said", ","),
                ("“", "U.S.", ""),
                ("", "ships", ".”"),
            ]
        );
        assert_eq!(&text[ws[2].start..ws[2].end], "D-Mo");
    }

    #[test]
    fn source_after_the_quote() {
        assert_eq!(
            after(", said Gareth Pennock, who runs"),
            Some("Gareth Pennock")
        );
        assert_eq!(
            after(" said the ship’s captain, José Núñez."),
            Some("the ship’s captain, José Núñez")
        );
        assert_eq!(
            after(" Trump lawyer Marc Kasowitz said."),
            Some("Trump lawyer Marc Kasowitz")
        );
        assert_eq!(
            after(" panel Chairman Rep. Jason Chaffetz (R-Utah) said after"),
            Some("panel Chairman Rep. Jason Chaffetz")
        );
        assert_eq!(
            after(" Scott Pruitt, the attorney general of Oklahoma, one of the states, said at"),
            Some("Scott Pruitt")
        );
        assert_eq!(
            after(" the council’s transport lead, Priya Banerjee-Scott, told a meeting."),
            Some("the council’s transport lead, Priya Banerjee-Scott")
        );
        assert_eq!(
            after(" Obama's former campaign strategist said in"),
            Some("Obama's former campaign strategist")
        );
        assert_eq!(after(" the ad’s narrator says,"), Some("the ad’s narrator"));
        assert_eq!(after(" ― Pamela Padilla"), Some("Pamela Padilla"));
        assert_eq!(after(", he told reporters."), Some("he"));
        assert_eq!(after(" according to show insiders."), Some("show insiders"));
        assert_eq!(
            after(" Mr. Morgan of the Sierra Club said."),
            Some("Mr. Morgan of the Sierra Club")
        );
        // No verb: a plain continuation of the sentence.
        assert_eq!(
            after(" was written by Springsteen after the shooting."),
            None
        );
        assert_eq!(after(" in Chicago this year alone."), None);
    }

    #[test]
    fn source_before_the_quote() {
        assert_eq!(
            before("Sen. Claire McCaskill (D-Mo.) said:"),
            Some("Sen. Claire McCaskill")
        );
        assert_eq!(before("Said Ellis:"), Some("Ellis"));
        assert_eq!(
            before("The commission says on its website that"),
            Some("The commission")
        );
        assert_eq!(
            before("The president told voters he would consider it a"),
            Some("The president")
        );
        assert_eq!(
            before("an explosion that Mayor Bill de Blasio described as"),
            Some("Mayor Bill de Blasio")
        );
        assert_eq!(
            before(
                "The state’s Digital Services Agency chose the platform, saying in its notice that the"
            ),
            Some("The state’s Digital Services Agency")
        );
        assert_eq!(
            before("At a forum on Monday, one questioner claimed that the"),
            Some("one questioner")
        );
        assert_eq!(
            before("Many lawmakers say there is"),
            Some("Many lawmakers")
        );
        assert_eq!(before("the firm, officials said, was"), Some("officials"));
        assert_eq!(before("It was a deal that"), None);
    }

    #[test]
    fn subject_of_a_sentence_with_a_partial_quote() {
        assert_eq!(
            subj("Clinton called half of his supporters"),
            Some("Clinton")
        );
        assert_eq!(
            subj(
                "Libertarian presidential candidate Gary Johnson’s doctor is calling the candidate"
            ),
            Some("Libertarian presidential candidate Gary Johnson’s doctor")
        );
        assert_eq!(
            subj("At a rally in Ohio, Trump is promising lower taxes and"),
            Some("Trump")
        );
        assert_eq!(
            subj("Gordon Mayhew, a retired postman, put it more bluntly:"),
            Some("Gordon Mayhew")
        );
        assert_eq!(subj("In the end the"), None);
    }
}
