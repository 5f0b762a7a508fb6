//! Claim detection: sentences of the article body worth fact-checking.
//!
//! Each sentence outside caption lines gets a check-worthiness score from
//! features a fact-checker looks for (figures, dates, comparisons, reported
//! events, decisions, attributed statements) minus hedges (speculation,
//! predictions, opinion words). Questions, routine "no comment" lines,
//! bylines and sentences that are only a quotation with its attribution are
//! never claims. One pass over a sentence's words finds its cues and where
//! each first occurs, which the reason quotes.

mod cues;

use super::common::{count_words, count_words_up_to, floor_boundary, origin, re};
use super::sentence::Layout;
use super::{DetectConfig, Suggestion};
use crate::model::{ByteRange, Label};
use cues::{Cue, Cues};
use regex::Regex;
use std::sync::LazyLock;

/// The claims among the sentences of `layout`, given the quotes found in it,
/// in a list with room for `others` more suggestions.
pub(crate) fn claims(
    text: &str,
    layout: &Layout,
    quotes: &[Suggestion],
    config: &DetectConfig,
    others: usize,
) -> Vec<Suggestion> {
    let mut first_quote = 0;
    // At most one claim a sentence, and the other detectors' suggestions
    // merged in later: sized once rather than grown and copied.
    let mut out = Vec::with_capacity(layout.sentences.len() + others);
    for &range in &layout.sentences {
        while quotes
            .get(first_quote)
            .is_some_and(|q| q.range.end <= range.start)
        {
            first_quote += 1;
        }
        // Words of the sentence inside quotation marks.
        let quoted: usize = quotes[first_quote.min(quotes.len())..]
            .iter()
            .take_while(|q| q.range.start < range.end)
            .filter_map(|q| overlap(q.range, range).slice(text))
            .map(count_words)
            .sum();
        let Some(sentence) = range.slice(text) else {
            continue;
        };
        if let Some(score) = score(sentence, quoted, config.claim_threshold) {
            out.push(Suggestion {
                label: Label::claim(),
                range,
                origin: origin(score.rule, score.value, score.reason),
                speaker: None,
            });
        }
    }
    out
}

fn overlap(a: ByteRange, b: ByteRange) -> ByteRange {
    ByteRange::new(a.start.0.max(b.start.0), a.end.0.min(b.end.0))
}

/// Logistic weights of the cues, in [`Cue::ALL`] order, and the bias: the
/// score of a sentence is `sigmoid(BIAS + sum of its cues' weights)`.
const WEIGHTS: [f32; Cue::ALL.len()] = [
    2.90,  // money
    3.01,  // percent
    2.34,  // number
    1.36,  // count
    1.12,  // comparison
    1.17,  // date
    1.10,  // event
    0.96,  // past
    0.54,  // source
    0.80,  // decision
    0.93,  // topic
    0.75,  // named
    -0.63, // speculative
    -0.91, // prediction
    -1.22, // opinion
    -1.59, // plan
    -0.59, // address
];
const BIAS: f32 = -2.18;

/// Rule of the claim, by the first cue present in this order.
const RULES: &[(Cue, &str)] = &[
    (Cue::Money, "claim.figure"),
    (Cue::Percent, "claim.figure"),
    (Cue::Number, "claim.figure"),
    (Cue::Count, "claim.figure"),
    (Cue::Comparison, "claim.comparison"),
    (Cue::Date, "claim.date"),
    (Cue::Event, "claim.event"),
    (Cue::Past, "claim.event"),
    (Cue::Source, "claim.attributed"),
    (Cue::Decision, "claim.decision"),
    (Cue::Topic, "claim.decision"),
];
/// Sentences shorter than this many words are headings or fragments.
const MIN_WORDS: usize = 5;
/// A sentence with at least this share of its words inside quotation marks
/// (numerator, denominator) is the quote's, not a claim…
const QUOTE_ONLY_SHARE: (usize, usize) = (3, 4);
/// …and so is one whose words outside the marks are no more than this many
/// and include a reporting verb (`“…,” the mayor said in a statement.`).
const ATTRIBUTION_WORDS: usize = 8;

/// Routine newsroom lines that are never claims; searched only in sentences
/// with one of their words.
static NO_COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:request for comment|requests for comment|declined to comment|could not be reached|couldn't be reached|did not (?:immediately )?respond|didn't (?:immediately )?respond|did not (?:immediately )?return|contributed (?:to this report|reporting))\b",
    )
});

/// What follows a quotation when the rest of the sentence only says who
/// said it, however much it says about them: `, said Ana Ruiz, 58, who owns
/// a bike shop on Creek Road.`, `, a spokesman for the council said.`
static ATTRIBUTION_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^,?\s*(?:(?:[^,.;:“”\x22]|\.\s){0,60}?\s)?(?:said|says|added|adds|told|tells|wrote|writes|explained|noted|recalled|argued|insisted|warned|asked|remarked|recounted|admitted|conceded|stressed)\b[^“”\x22;:]*[.!…]$",
    )
});
/// A second clause that reports more than the quotation: `, adding that …`.
static REPORTED_MORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:adding|saying|noting|explaining|according to|and (?:said|says|added|told)|but (?:said|says|added))\b",
    )
});
/// Lines of the page rather than the story, which the guideline never
/// labels however many figures they hold: timestamps (`Updated May 10,
/// 2024 at 2:14 p.m.`, `Update May 14th, 5:40PM ET: …`) and contact lines
/// (`Call the hotline at 555-0199.`). Each opens with one of its words.
const TIMESTAMP_WORDS: &[&str] = &[
    "updated",
    "update",
    "published",
    "posted",
    "last",
    "first",
    "originally",
];
/// Imperatives a page's promotions open with (`Subscribe to …`, `Download
/// the app …`): prose tells, it does not ask the reader to click.
const CALLS_TO_ACTION: &[&str] = &["subscribe", "download", "click", "tap", "register"];
const CONTACT_WORDS: &[&str] = &[
    "call",
    "contact",
    "text",
    "phone",
    "telephone",
    "email",
    "for",
];
static PAGE_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:last\s+|first\s+|originally\s+)?(?:updated?|published|posted)\b[^.;]{0,40}?\d|(?:call|contact|text|phone|telephone|email|for more information)\b.{0,120}?\b\d{3}[-. ]\d{4}\b)",
    )
});

fn is_page_furniture(sentence: &str) -> bool {
    // A copyright notice, a line of fields (`May 2, 2025 | Updated 5:48
    // p.m.`), a line with a phone number in it.
    if sentence.starts_with('©')
        || memchr::memmem::find(sentence.as_bytes(), b" | ").is_some()
        || has_phone_number(sentence)
    {
        return true;
    }
    // Most sentences open with none of the words: the pattern is not run.
    let first = sentence
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or_default();
    let opens = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(first));
    if opens(CALLS_TO_ACTION) {
        return true;
    }
    (opens(TIMESTAMP_WORDS) || opens(CONTACT_WORDS)) && PAGE_FURNITURE.is_match(sentence)
}

/// Whether `sentence` holds a phone number: three runs of digits, of three
/// or four, three, and three or four, each parted by one space, hyphen, dot
/// or `) ` (`0800 555 019`, `(555) 123-4567`). Figures in prose are one run
/// or use commas.
fn has_phone_number(sentence: &str) -> bool {
    let b = sentence.as_bytes();
    let mut runs = [0usize; 3];
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let len = i - start;
        if len == 0 {
            runs = [0; 3];
            i += 1;
            continue;
        }
        runs = [runs[1], runs[2], len];
        if (3..=4).contains(&runs[0]) && runs[1] == 3 && (3..=4).contains(&runs[2]) {
            return true;
        }
        // The separator: one char, or `) `; anything else ends the number.
        let separator = match (b.get(i), b.get(i + 1)) {
            (Some(b' ' | b'-' | b'.'), Some(c)) if c.is_ascii_digit() => 1,
            (Some(b')'), Some(b' ')) if b.get(i + 2).is_some_and(u8::is_ascii_digit) => 2,
            _ => 0,
        };
        if separator == 0 {
            runs = [0; 3];
        }
        i += separator.max(1);
    }
    false
}

/// Closing quotation marks; `’` only after punctuation, where it is not an
/// apostrophe.
fn last_closing_mark(sentence: &str) -> Option<usize> {
    sentence
        .char_indices()
        .rev()
        .filter(|&(i, c)| {
            matches!(c, '”' | '"' | '»')
                || c == '’' && sentence[..i].ends_with([',', '.', '!', '?', '…'])
        })
        .map(|(i, c)| i + c.len_utf8())
        .next()
}

/// Whether `sentence` is only a quotation and its attribution, which the
/// guideline leaves to the Quote: it opens with the quotation (or goes on
/// with one from the paragraph before), and all that follows its last
/// closing mark names and describes the speaker.
fn is_quotation_and_attribution(sentence: &str) -> bool {
    let opens_with_quote = sentence.starts_with(['“', '"', '‘', '«'])
        || !sentence.contains(['“', '‘', '«']) && sentence.contains(['”', '"']);
    if !opens_with_quote {
        return false;
    }
    let Some(close) = last_closing_mark(sentence) else {
        return false;
    };
    let tail = &sentence[close..];
    ATTRIBUTION_TAIL.is_match(tail.trim()) && !REPORTED_MORE.is_match(tail)
}

struct Score {
    value: f32,
    rule: &'static str,
    reason: String,
}

/// The cues of `sentence`, of which `quoted` words lie inside quotation
/// marks, unless it cannot be a claim at all.
fn cues_of(sentence: &str, quoted: usize) -> Option<Cues> {
    let end = sentence.trim_end_matches(['”', '"', '’', '\'', ')', '»']);
    // A line without final punctuation is a headline, a byline or furniture.
    if end.ends_with('?') || !end.ends_with(['.', '!', '…']) {
        return None;
    }
    // A sentence that is mostly a quotation is told by a cheap word count,
    // before the full scan: quotes are a large share of news sentences. The
    // count stops once the sentence has too many words to be the quote's,
    // so a sentence with a short partial quote is not counted to its end.
    if quoted > 0 {
        let (share, of) = QUOTE_ONLY_SHARE;
        // `quoted >= share/of × words` ⟺ `words < limit`.
        let limit = quoted * of / share + 1;
        if count_words_up_to(sentence, limit) < limit {
            return None;
        }
    }
    if quoted > 0 && is_quotation_and_attribution(sentence) {
        return None;
    }
    let (cues, words) = cues::scan(sentence);
    if words < MIN_WORDS {
        return None;
    }
    let attribution_only = quoted > 0 && words - quoted.min(words) <= ATTRIBUTION_WORDS;
    if (attribution_only && cues.reporting) || (cues.routine_word && NO_COMMENT.is_match(sentence))
    {
        return None;
    }
    Some(cues)
}

/// The check-worthiness of `sentence`, of which `quoted` words lie inside
/// quotation marks, when it reaches `threshold`.
fn score(sentence: &str, quoted: usize, threshold: f32) -> Option<Score> {
    let cues = cues_of(sentence, quoted)?;
    // A forecast or a guess is not a claim however many figures it has
    // (`could cost 400 jobs by 2030`), unless something already happened or
    // a source stands behind it (`will cost $4.2 million, the budget says`).
    let hedged = cues.has(Cue::Speculative) || cues.has(Cue::Prediction);
    if hedged
        && ![Cue::Event, Cue::Past, Cue::Source]
            .iter()
            .any(|&c| cues.has(c))
    {
        return None;
    }
    // The profile of a private person (their age, trade, years at an
    // address, what they did and said) is the story's colour, unless it
    // holds a figure to check or what the law did to them.
    // A reply to an accusation or a decision (`denied any wrongdoing`,
    // `defended the decision`, `welcomed the change`) reports a stance, not a
    // fact, unless it holds a figure or a date.
    let specific = [Cue::Money, Cue::Percent, Cue::Number, Cue::Count, Cue::Date]
        .iter()
        .any(|&c| cues.has(c));
    if cues.response && !specific {
        return None;
    }
    if cues.profiles_a_person
        && !cues.legal_action
        && ![Cue::Money, Cue::Percent, Cue::Number]
            .iter()
            .any(|&c| cues.has(c))
    {
        return None;
    }
    let z = BIAS + cues.present().map(|c| WEIGHTS[c as usize]).sum::<f32>();
    let value = 1.0 / (1.0 + (-z).exp());
    // Page furniture is told only of the sentences that would be claims:
    // few are, and most lines of the page are none.
    if value < threshold || is_page_furniture(sentence) {
        return None;
    }
    let rule = RULES
        .iter()
        .find(|(cue, _)| cues.has(*cue))
        .map_or("claim.other", |r| r.1);
    Some(Score {
        value,
        rule,
        reason: reason(sentence, &cues),
    })
}

/// `claim: figure "$4.2 million", date "2019", event "paid", but opinion "should"`:
/// up to three cues for the claim, then every cue against it.
fn reason(sentence: &str, cues: &Cues) -> String {
    // A past tense that is also a named event is said once, and so is a
    // spelled number inside a figure; a capitalised word is too common to be
    // worth saying.
    let event = cues.has(Cue::Event);
    let figure = cues.has(Cue::Money) || cues.has(Cue::Percent) || cues.has(Cue::Number);
    let shown =
        |c: &Cue| *c != Cue::Named && !(event && *c == Cue::Past) && !(figure && *c == Cue::Count);
    // Labels already said, a bit each (the figure cues share one): every
    // claim builds a reason, and comparing label strings cost more than
    // writing them.
    let mut said: u32 = 0;
    let mut reason = String::with_capacity(120);
    reason.push_str("claim: ");
    // Adds the cue unless its label is already said; true if it was added.
    let mut part = |prefix: &str, cue: Cue, max: usize| {
        let label = 1 << cue.label_slot();
        if said & label != 0 {
            return false;
        }
        if said != 0 {
            reason.push_str(", ");
        }
        said |= label;
        let quoted = cues.quote(cue, sentence);
        let cut = floor_boundary(quoted, max);
        for piece in [prefix, cue.label(), " \"", &quoted[..cut]] {
            reason.push_str(piece);
        }
        reason.push_str(if cut < quoted.len() { "…\"" } else { "\"" });
        true
    };
    let mut positive = 0;
    for cue in cues
        .present()
        .filter(|c| shown(c) && WEIGHTS[*c as usize] > 0.0)
    {
        if positive < 3 && part("", cue, 30) {
            positive += 1;
        }
    }
    for cue in cues
        .present()
        .filter(|c| shown(c) && WEIGHTS[*c as usize] < 0.0)
    {
        part("but ", cue, 20);
    }
    reason
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::detect;

    /// `(sentence, rule, reason)` of each claim `detect` finds.
    fn claims(text: &str, threshold: f32) -> Vec<(&str, String, String)> {
        let config = DetectConfig {
            claim_threshold: threshold,
        };
        detect(text, &config)
            .into_iter()
            .filter(|s| s.label == Label::claim())
            .map(|s| {
                assert!(s.range.is_valid_in(text));
                assert!((threshold..=1.0).contains(&s.origin.confidence));
                let sentence = s.range.slice(text).unwrap_or_default();
                (sentence, s.origin.rule.into_owned(), s.origin.reason)
            })
            .collect()
    }

    fn sentences_of(text: &str, threshold: f32) -> Vec<&str> {
        claims(text, threshold).into_iter().map(|c| c.0).collect()
    }

    #[test]
    fn timestamps_and_contact_lines_are_page_furniture_not_claims() {
        for line in [
            "Updated May 10, 2024 at 2:14 p.m.",
            "Published May 8, 2024 at 6:00 a.m. | Updated May 8, 2024 at 9:47 a.m.",
            "Update May 14th, 5:40PM ET: Added a statement from the company.",
            "Call the voter hotline at 555-0199.",
            "Residents who need water delivered can call the centre on 0800 555 019.",
            "Originally Published: March 11, 2025 at 3:14 p.m.",
            "© 2025 The Island Record Ltd, registered in 1965.",
        ] {
            assert!(sentences_of(line, 0.0).is_empty(), "{line}");
        }
        assert!(has_phone_number("Call (555) 123-4567 today."));
        assert!(!has_phone_number(
            "Turnout rose from 1,204 to 1,388 in 2024 and 2025."
        ));
        let claim = "The council updated its flood map in 2023 after 40 homes were lost.";
        assert_eq!(sentences_of(claim, 0.5), [claim]);
    }

    #[test]
    fn a_quotation_and_its_attribution_are_not_a_claim_however_much_it_says_of_the_speaker() {
        let not_claims = [
            "“We lost the whole ground floor in 2019,” said Ana Ruiz, 58, who owns a bike shop on Creek Road.",
            "“Reefer volumes have grown every year since 2020,” a spokesperson for the port authority said.",
            "‘We don’t take this decision lightly,’ said Margaret Oyelaran, who chairs the pier trust.",
            "Children were crying,” said Haruka Nishi, 34, who was travelling with her two sons.",
            "“We have lost 40,000 teachers since 2020,” state Sen. Ada Roe told a rally on May 2.",
        ];
        for sentence in not_claims {
            assert!(is_quotation_and_attribution(sentence), "{sentence}");
        }
        let more_than_that = [
            "“It was a hard year,” said Ana Ruiz, adding that the shop lost $40,000 in 2019.",
            "The shop lost $40,000 in 2019, “the worst year we had,” Ana Ruiz said.",
            "“It was a hard year,” Ana Ruiz said; the shop closed in March.",
        ];
        for sentence in more_than_that {
            assert!(!is_quotation_and_attribution(sentence), "{sentence}");
        }
    }

    #[test]
    fn what_a_source_says_it_would_do_is_no_claim_yet() {
        for sentence in [
            "Local MP Rachel Tane said she would ask the transport minister to visit.",
            "Mr Ravu said the ministry also hoped to plant mangroves along the shore next year.",
        ] {
            assert!(sentences_of(sentence, 0.5).is_empty(), "{sentence}");
        }
        let done = "The ministry said it had planted 4,000 mangroves along the shore in 2024.";
        assert_eq!(sentences_of(done, 0.5), [done]);
    }

    #[test]
    fn figures_dates_and_events_are_claims() {
        let text = "Vantor Corp paid $4.2 million for the site in 2019. The council approved \
                    the harbor budget on Tuesday. Unemployment in Dunmore fell to 4.1 percent, \
                    lower than in any other county.";
        assert_eq!(
            claims(text, 0.5),
            [
                (
                    "Vantor Corp paid $4.2 million for the site in 2019.",
                    "claim.figure".to_owned(),
                    "claim: figure \"$4.2 million\", date \"2019\", event \"paid\"".to_owned()
                ),
                (
                    "The council approved the harbor budget on Tuesday.",
                    "claim.date".to_owned(),
                    "claim: date \"Tuesday\", event \"approved\", decision \"budget\"".to_owned()
                ),
                (
                    "Unemployment in Dunmore fell to 4.1 percent, lower than in any other county.",
                    "claim.figure".to_owned(),
                    "claim: figure \"4.1 percent\", comparison \"lower than\", event \"fell\""
                        .to_owned()
                ),
            ]
        );
    }

    #[test]
    fn opinions_predictions_questions_and_routine_lines_are_not() {
        let text = "The new stadium is a beautiful addition to the city. The merger could cost \
                    up to 400 jobs by 2030. Did the council approve the budget in 2019? \
                    Vantor did not immediately respond to a request for comment on Friday. \
                    Jo Park contributed to this report. Rents will rise 8% next year.";
        assert_eq!(sentences_of(text, 0.5), Vec::<&str>::new());
    }

    #[test]
    fn quote_only_sentences_are_not_claims_but_partial_quotes_can_be() {
        let text = "“We approved 40 new homes in 2019,” the mayor said in a statement.\n\n\
                    In March the council voted 7-2 to close the depot, calling it “a relic.”";
        assert_eq!(
            sentences_of(text, 0.5),
            ["In March the council voted 7-2 to close the depot, calling it “a relic.”"]
        );
    }

    #[test]
    fn a_sentence_three_quarters_quoted_is_the_quotes() {
        // Six of eight words quoted: the quote's; six of nine: a claim.
        let text = "“Vantor paid $4.2 million in 2019,” per Lee.\n\n\
                    “Vantor paid $4.2 million in 2019,” per Lee Park.";
        assert_eq!(
            sentences_of(text, 0.5),
            ["“Vantor paid $4.2 million in 2019,” per Lee Park."]
        );
    }

    #[test]
    fn a_private_persons_profile_is_colour_unless_it_holds_a_figure_or_a_charge() {
        let text = "Ana Ruiz, 67, a retired teacher who has lived on Ferry Street for four \
                    decades, said she had switched to firewood.\n\n\
                    Jo Park, 41, said the rent rose by 18% to $950 a month in 2024.\n\n\
                    Lee Tan, 34, of Hamlin, was charged with burglary on Monday.\n";
        assert_eq!(
            sentences_of(text, 0.5),
            [
                "Jo Park, 41, said the rent rose by 18% to $950 a month in 2024.",
                "Lee Tan, 34, of Hamlin, was charged with burglary on Monday.",
            ]
        );
    }

    #[test]
    fn a_reply_without_specifics_and_a_call_to_action_are_not_claims() {
        let text = "The contractor denied any wrongdoing in the tender.\n\n\
                    The minister defended the decision at a news conference.\n\n\
                    The company denied the claim and said it paid $2.4 million in 2023.\n\n\
                    Subscribe to the Ledger to get access to 70 titles and 5 devices.\n";
        assert_eq!(
            sentences_of(text, 0.5),
            ["The company denied the claim and said it paid $2.4 million in 2023."]
        );
    }

    #[test]
    fn threshold_filters_weaker_claims() {
        let text = "The council approved the harbor budget on Tuesday. Vantor Corp paid \
                    $4.2 million for the site in 2019.";
        assert_eq!(
            sentences_of(text, 0.95),
            ["Vantor Corp paid $4.2 million for the site in 2019."]
        );
    }

    #[test]
    fn past_events_ordinals_and_spelled_percentages_are_claims() {
        let text = "The company replaced its entire pricing unit in 2020, Vantor said. \
                    Rovers finished third in the Westshire League in 2019. \
                    Forty-one percent of those workers are women.";
        assert_eq!(
            claims(text, 0.5),
            [
                (
                    "The company replaced its entire pricing unit in 2020, Vantor said.",
                    "claim.date".to_owned(),
                    "claim: date \"2020\", past \"replaced\", source \"said\"".to_owned()
                ),
                (
                    "Rovers finished third in the Westshire League in 2019.",
                    "claim.figure".to_owned(),
                    "claim: count \"third\", date \"2019\", past \"finished\"".to_owned()
                ),
                (
                    "Forty-one percent of those workers are women.",
                    "claim.figure".to_owned(),
                    "claim: figure \"Forty-one percent\", topic \"workers\"".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn lines_without_final_punctuation_are_headlines() {
        let text = "EU fines three freight firms 412 million euros over cartel\n\n\
                    Published 6:15 a.m. PT April 9, 2024\n\n\
                    The EU fined three freight firms 412 million euros on Tuesday.";
        assert_eq!(
            sentences_of(text, 0.5),
            ["The EU fined three freight firms 412 million euros on Tuesday."]
        );
    }

    #[test]
    fn long_sentences_are_safe() {
        let text = "In 2019 the firm paid $5 million ".repeat(20_000) + "and left.";
        assert_eq!(claims(&text, 0.5).len(), 1);
    }
}
