//! Why a quoted phrase is not somebody's words: a scare quote, a title, a
//! nickname, or a headline's quotation read with the headline's own grammar.

use super::super::common::{WordSet, count_words_up_to, is_alnum, split_words};
use super::super::source::{self, trim_start_punctuation, with_lower};
use super::*;
use crate::model::ByteRange;
use std::borrow::Cow;
use std::sync::LazyLock;

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
pub(super) fn rejection(text: &str, paras: &[ByteRange], q: &Quote) -> Option<&'static str> {
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
pub(super) struct Headline {
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
pub(super) fn headline(line: &str) -> Option<Headline> {
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
pub(super) fn headline_attribution(
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
