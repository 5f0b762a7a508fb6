//! Claim detection: sentences of the article body worth fact-checking.
//!
//! Each sentence outside caption lines gets a check-worthiness score from
//! features a fact-checker looks for (figures, dates, comparisons, reported
//! events, decisions, attributed statements) minus hedges (speculation,
//! predictions, opinion words). Questions, routine "no comment" lines,
//! bylines and sentences that are only a quotation with its attribution are
//! never claims. One `RegexSet` pass tells which features a sentence has;
//! only those are searched again to quote them in the reason.

use super::common::{REPORTING_VERBS, count_words, floor_boundary, origin, re, re_set};
use super::sentence::Layout;
use super::{DetectConfig, Detector, Found, Suggestion};
use crate::model::{ByteRange, Label};
use regex::{Regex, RegexSet};
use std::sync::{LazyLock, OnceLock};

/// Finds check-worthy sentences.
pub struct ClaimDetector;

impl Detector for ClaimDetector {
    fn label(&self) -> &'static str {
        Label::CLAIM
    }

    fn detect(&self, text: &str, found: &Found, config: &DetectConfig) -> Vec<Suggestion> {
        let skip: Vec<ByteRange> = found.captions.iter().map(|c| c.range).collect();
        claims(text, &Layout::new(text, &skip), &found.quotes, config)
    }
}

/// The claims among the sentences of `layout`, given the quotes found in it.
pub(crate) fn claims(
    text: &str,
    layout: &Layout,
    quotes: &[Suggestion],
    config: &DetectConfig,
) -> Vec<Suggestion> {
    let mut first_quote = 0;
    let mut out = Vec::new();
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

/// One kind of evidence for (or, with a negative weight, against) a claim.
struct Feature {
    /// Shown in the reason, and groups patterns: a group counts once.
    label: &'static str,
    weight: f32,
    pattern: &'static str,
}

const FEATURES: &[Feature] = &[
    Feature {
        label: "figure",
        weight: 0.4,
        pattern: r"[$€£¥]\s?\d[\d,.]*(?:\s?(?:million|billion|trillion|bn)\b)?|\b\d[\d,.]*\s?(?:million|billion|trillion)?\s?(?:dollars|euros|pounds|yen|yuan)\b",
    },
    Feature {
        label: "figure",
        weight: 0.4,
        pattern: r"\b\d[\d,.]*\s?(?:%|percent\b|per cent\b|percentage points?\b)|\b(?:[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Tt]wenty|[Tt]hirty|[Ff]orty|[Ff]ifty|[Ss]ixty|[Ss]eventy|[Ee]ighty|[Nn]inety|[Hh]undred)(?:-[a-z]+)?\s+(?:percent|per cent)\b",
    },
    // Counts; four-digit numbers are left to the year pattern.
    Feature {
        label: "figure",
        weight: 0.25,
        pattern: r"\b(?:\d{1,3}(?:,\d{3})+|\d+\.\d+|\d{1,3}|\d{5,})\b(?:\s+(?:million|billion|thousand|hundred)\b)?",
    },
    Feature {
        label: "count",
        weight: 0.15,
        pattern: r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|dozens?|hundreds|thousands|millions|billions|half|twice|triple|double|third|fourth|fifth|\d+(?:st|nd|rd|th))\b",
    },
    Feature {
        label: "date",
        weight: 0.2,
        pattern: r"\b(?:1[89]\d\d|20\d\d)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+\d{1,2}\b)?|\b(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.\s+\d{1,2}\b|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b(?:last|this past|earlier this)\s+(?:week|month|year|quarter|spring|summer|fall|autumn|winter)\b|\byesterday\b",
    },
    Feature {
        label: "comparison",
        weight: 0.15,
        pattern: r"\b(?:more|less|fewer|higher|lower|larger|smaller|bigger|faster|slower|greater|older|younger)\s+than\b|\b(?:largest|biggest|highest|lowest|smallest|fastest|slowest|first|record|ranked|ranks|majority|doubled|tripled|halved)\b",
    },
    Feature {
        label: "event",
        weight: 0.2,
        pattern: r"\b(?:won|lost|awarded|announced|filed|signed|passed|voted|approved|rejected|ruled|sued|fired|hired|launched|acquired|bought|sold|raised|cut|increased|decreased|rose|fell|grew|dropped|declined|killed|died|arrested|charged|convicted|sentenced|elected|appointed|resigned|founded|opened|closed|banned|suspended|recused|chose|selected|paid|spent|invested|released|published|agreed|settled|fined|vetoed|introduced|enacted|ordered|issued|received|donated|earned|built|began|ended|started|became|directed|complained|met|visited|testified|pleaded|admitted)\b",
    },
    // Something that happened: a past-tense verb (`replaced`, `held`).
    Feature {
        label: "past",
        weight: 0.1,
        pattern: r"\b(?:[a-z]{3,}ed|had|was|were|found|made|took|held|became|began|won|lost|paid|spent|gave|left|came|went|brought|built|sold|told|wrote|drew|fell|rose|grew|ran|met|hit|set|led|chose|knew|saw|got|kept|put)\b",
    },
    Feature {
        label: "decision",
        weight: 0.1,
        pattern: r"\b(?:contract|contracts|deal|law|laws|bill|act|ruling|decision|lawsuit|complaint|settlement|agreement|regulation|regulations|policy|tax|tariff|tariffs|budget|sanctions?|investigation|indictment|verdict|merger|acquisition|election|vote|court|treaty)\b",
    },
    Feature {
        label: "source",
        weight: 0.1,
        pattern: r"\baccording to\b",
    },
    // A capitalised word after the first: a named person, place or body.
    Feature {
        label: "named",
        weight: 0.1,
        pattern: r"\s\p{Lu}[\p{Ll}\p{Lu}]",
    },
    Feature {
        label: "speculative",
        weight: -0.25,
        pattern: r"\b(?:could|may|might|will likely|would likely|likely to|is expected to|are expected to|probably|perhaps|possibly)\b",
    },
    Feature {
        label: "prediction",
        weight: -0.2,
        pattern: r"\b(?:will|won’t|won't|is going to|are going to)\b",
    },
    Feature {
        label: "opinion",
        weight: -0.2,
        pattern: r"\b(?:I think|I believe|we believe|in my view|should|must|ought to|best|worst|great|terrible|wonderful|awful|amazing|shameful|disgraceful|unfair|ridiculous|huge|massive|beautiful|horrible|tremendous|deserves?)\b",
    },
];

/// Score before any feature: a plain declarative sentence.
const BASE: f32 = 0.15;
/// Rule of the claim, by the first feature label present in this order.
const RULES: &[(&str, &str)] = &[
    ("figure", "claim.figure"),
    ("count", "claim.figure"),
    ("comparison", "claim.comparison"),
    ("date", "claim.date"),
    ("event", "claim.event"),
    ("past", "claim.event"),
    ("source", "claim.attributed"),
    ("decision", "claim.decision"),
];
/// Sentences shorter than this many words are headings or fragments.
const MIN_WORDS: usize = 5;
/// A sentence with this share of its words inside quotation marks is the
/// quote's, not a claim…
const QUOTE_ONLY_SHARE: f32 = 0.75;
/// …and so is one whose words outside the marks are no more than this many
/// and include a reporting verb (`“…,” the mayor said in a statement.`).
const ATTRIBUTION_WORDS: usize = 8;

/// Routine newsroom lines that are never claims.
const NO_COMMENT: &str = r"(?i)\b(?:request for comment|requests for comment|declined to comment|could not be reached|couldn't be reached|did not (?:immediately )?respond|didn't (?:immediately )?respond|did not (?:immediately )?return|contributed (?:to this report|reporting))\b";

/// The patterns of [`FEATURES`], then reporting verbs, then [`NO_COMMENT`].
fn patterns() -> Vec<String> {
    let mut patterns: Vec<String> = FEATURES.iter().map(|f| f.pattern.to_owned()).collect();
    patterns.push(format!(r"\b(?:{REPORTING_VERBS})\b"));
    patterns.push(NO_COMMENT.to_owned());
    patterns
}
const REPORTING: usize = FEATURES.len();
const ROUTINE: usize = FEATURES.len() + 1;

/// All patterns at once: one pass over a sentence says which it has.
static SET: LazyLock<RegexSet> = LazyLock::new(|| re_set(patterns()));
/// Each pattern on its own, to quote a feature in a reason: compiled on first
/// use, as some (`named`, routine lines) are never quoted.
static RES: [OnceLock<Regex>; ROUTINE + 1] = [const { OnceLock::new() }; ROUTINE + 1];

struct Score {
    value: f32,
    rule: &'static str,
    reason: String,
}

/// The check-worthiness of `sentence`, of which `quoted` words lie inside
/// quotation marks, when it reaches `threshold`.
fn score(sentence: &str, quoted: usize, threshold: f32) -> Option<Score> {
    let end = sentence.trim_end_matches(['”', '"', '’', '\'', ')', '»']);
    let words = count_words(sentence);
    // A line without final punctuation is a headline, a byline or furniture.
    if end.ends_with('?') || !end.ends_with(['.', '!', '…']) || words < MIN_WORDS {
        return None;
    }
    if quoted as f32 >= QUOTE_ONLY_SHARE * words as f32 {
        return None;
    }
    let matched = SET.matches(sentence);
    let attribution_only = quoted > 0 && words - quoted.min(words) <= ATTRIBUTION_WORDS;
    if matched.matched(ROUTINE) || (attribution_only && matched.matched(REPORTING)) {
        return None;
    }
    // (label, weight, pattern index); a label counts once, at its best weight.
    let mut best: Vec<(&str, f32, usize)> = Vec::new();
    for i in matched.iter().filter(|&i| i < FEATURES.len()) {
        let feature = &FEATURES[i];
        match best.iter_mut().find(|b| b.0 == feature.label) {
            Some(b) if b.1.abs() >= feature.weight.abs() => {}
            Some(b) => *b = (feature.label, feature.weight, i),
            None => best.push((feature.label, feature.weight, i)),
        }
    }
    if matched.matched(REPORTING) && !best.iter().any(|b| b.0 == "source") {
        best.push(("source", 0.1, REPORTING));
    }
    let value = (BASE + best.iter().map(|b| b.1).sum::<f32>()).clamp(0.0, 1.0);
    if value < threshold {
        return None;
    }
    let rule = RULES
        .iter()
        .find(|(label, _)| best.iter().any(|b| b.0 == *label))
        .map_or("claim.other", |r| r.1);
    // Only a suggestion's features are searched again, to quote them.
    let found = |i: usize| {
        RES[i]
            .get_or_init(|| re(&patterns()[i]))
            .find(sentence)
            .map_or("", |m| m.as_str().trim())
    };
    // A past-tense verb that is also a named event is said once.
    let has_event = best.iter().any(|b| b.0 == "event");
    // Built in one string: a reason is written for every claim.
    let mut reason = String::from("claim: ");
    let mut part = |prefix: &str, label: &str, i: usize, max: usize| {
        if reason.len() > "claim: ".len() {
            reason.push_str(", ");
        }
        let quoted = found(i);
        let cut = floor_boundary(quoted, max);
        for piece in [prefix, label, " \"", &quoted[..cut]] {
            reason.push_str(piece);
        }
        reason.push_str(if cut < quoted.len() { "…\"" } else { "\"" });
    };
    for b in best
        .iter()
        .filter(|b| b.1 > 0.0 && b.0 != "named" && !(has_event && b.0 == "past"))
        .take(3)
    {
        part("", b.0, b.2, 30);
    }
    for b in best.iter().filter(|b| b.1 < 0.0) {
        part("but ", b.0, b.2, 20);
    }
    Some(Score {
        value,
        rule,
        reason,
    })
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
                (sentence, s.origin.rule, s.origin.reason)
            })
            .collect()
    }

    fn sentences_of(text: &str, threshold: f32) -> Vec<&str> {
        claims(text, threshold).into_iter().map(|c| c.0).collect()
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
    fn threshold_filters_weaker_claims() {
        let text = "The council approved the harbor budget on Tuesday. Vantor Corp paid \
                    $4.2 million for the site in 2019.";
        assert_eq!(
            sentences_of(text, 0.9),
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
                    "claim: figure \"Forty-one percent\"".to_owned()
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
