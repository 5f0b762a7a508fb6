//! The whole pipeline on an article laid out like a scraped broadcaster page:
//! a carousel of captions, credit lines and video rails, then the story.

use super::{DetectConfig, Suggestion, detect};
use crate::model::Label;

const PAGE: &str = "\
A crane lifts a container at the Port of Halvik on May 3, 2021. (Photo by Ines Duarte/Coastline Images)
PHOTO: Ines Duarte/Coastline Images
A crane lifts a container at the Port of Halvik on May 3, 2021. (Photo by Ines Duarte/Coastline Images)
Now playing
02:14
Halvik port workers end strike
gulls over the harbour at dusk
PHOTO: Getty Images
gulls over the harbour at dusk
Now playing
01:05
Why shipping costs keep rising
(Harbor Wire) — \u{a0}

Northwind Logistics lost a $2 billion shipping contract to rival Keel & Co on Tuesday. Northwind isn’t giving up.

On Wednesday, a Northwind spokesperson told Harbor Wire the company plans to appeal. The firm says the tender was “rushed and deeply flawed.”

“We have served this port for 40 years and will keep serving it,” a Northwind spokesperson said in a statement.

Port Authority Chair Selma Varga, who abstained from the vote, spoke to reporters in Oslo on Thursday.

“The process was fair and fully documented,” she said.

Varga added that the board had received 14 bids. “Every bid was scored twice.”

Northwind did not immediately respond to a request for comment.

Harbor Wire’s Jo Park contributed to this report.";

fn of_label<'t>(found: &'t [Suggestion], label: &str) -> Vec<&'t Suggestion> {
    found.iter().filter(|s| s.label.as_str() == label).collect()
}

fn text_of(s: &Suggestion) -> &'static str {
    s.range.slice(PAGE).unwrap_or("<invalid>")
}

#[test]
fn scraped_page_layout() {
    let found = detect(PAGE, &DetectConfig::default());
    for s in &found {
        assert!(s.range.is_valid_in(PAGE), "{s:?}");
        let t = text_of(s);
        assert_eq!(t, t.trim(), "{s:?}");
    }
    assert!(found.windows(2).all(|w| w[0].range <= w[1].range));

    let captions: Vec<_> = of_label(&found, Label::CAPTION)
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(captions, PAGE.lines().take(12).collect::<Vec<_>>());

    let quotes: Vec<_> = of_label(&found, Label::QUOTE)
        .into_iter()
        .map(|s| {
            let speaker = s.speaker.as_ref();
            (
                text_of(s),
                speaker.and_then(|g| g.mention).and_then(|m| m.slice(PAGE)),
                speaker.and_then(|g| g.name.as_deref()),
                s.origin.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        quotes,
        [
            (
                "“rushed and deeply flawed.”",
                Some("firm"),
                None,
                "quote in “…” attributed by \"says\"; speaker: \"firm\""
            ),
            (
                "“We have served this port for 40 years and will keep serving it,”",
                Some("Northwind spokesperson"),
                Some("Northwind spokesperson"),
                "quote in “…” attributed by \"said\"; speaker: \"Northwind spokesperson\""
            ),
            (
                "“The process was fair and fully documented,”",
                Some("she"),
                Some("Selma Varga"),
                "quote in “…” attributed by \"said\"; speaker: \"she\" → Selma Varga \
                 (named 1 paragraph earlier)"
            ),
            (
                "“Every bid was scored twice.”",
                Some("Varga"),
                Some("Selma Varga"),
                "quote in “…” attributed by \"added\"; speaker: \"Varga\" → Selma Varga \
                 (named 2 paragraphs earlier)"
            ),
        ]
    );

    let claims: Vec<_> = of_label(&found, Label::CLAIM)
        .into_iter()
        .map(|s| (text_of(s), &*s.origin.rule))
        .collect();
    assert_eq!(
        claims,
        [
            (
                "Northwind Logistics lost a $2 billion shipping contract to rival Keel & Co on Tuesday.",
                "claim.figure"
            ),
            (
                "On Wednesday, a Northwind spokesperson told Harbor Wire the company plans to appeal.",
                "claim.date"
            ),
            (
                "Port Authority Chair Selma Varga, who abstained from the vote, spoke to reporters in Oslo on Thursday.",
                "claim.date"
            ),
            (
                "Varga added that the board had received 14 bids.",
                "claim.figure"
            ),
        ]
    );
}

mod properties {
    use super::super::{DetectConfig, Suggestion, detect, merge_in_text_order};
    use crate::model::{ByteRange, Label, Origin};
    use proptest::prelude::*;

    /// Pieces that stress the scanners: every quotation mark style,
    /// apostrophes, line breaks (CRLF too), digits, abbreviations, emoji and
    /// combining marks, plus words that trigger attributions and claims.
    const PIECES: &[&str] = &[
        "“",
        "”",
        "\"",
        "‘",
        "’",
        "'",
        "«",
        "»",
        "‹",
        "›",
        "„",
        "‚",
        "―",
        "—",
        " - ",
        "\n",
        "\r\n",
        "\n\n",
        " ",
        "\u{a0}",
        "\t",
        ".",
        ",",
        ":",
        "?",
        "!",
        "…",
        "(",
        ")",
        "said",
        " said ",
        "according to",
        "Sen.",
        "U.S.",
        "Dr.",
        "J.",
        "he",
        "She",
        "Mark Esper",
        "a spokesperson",
        "the company",
        "Photo:",
        "PHOTO: AP",
        "Now playing",
        "02:36",
        "Image caption,",
        "$4.2 million",
        "35%",
        "1,200",
        "2019",
        "3.5",
        "e\u{301}",
        "🙂",
        "👩‍👩‍👧",
        "Ω",
        "ß",
        "İ",
        "ﬁ",
        "don’t",
        "’90s",
        "students’",
        "x",
        "The",
        "won",
    ];

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => proptest::sample::select(PIECES).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
            1 => "[a-zA-Z ]{1,12}",
        ]
    }

    fn mixed_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(piece(), 0..120).prop_map(|p| p.concat())
    }

    /// Spans of every suggestion and speaker mention are valid and trimmed.
    fn check(text: &str) -> Result<(), TestCaseError> {
        let found = detect(text, &DetectConfig::default());
        let mut ranges: Vec<_> = found.iter().map(|s| s.range).collect();
        ranges.extend(
            found
                .iter()
                .filter_map(|s| s.speaker.as_ref().and_then(|g| g.mention)),
        );
        for r in ranges {
            prop_assert!(r.start < r.end, "empty span {r} in {text:?}");
            prop_assert!(
                r.is_valid_in(text),
                "span {r} not on char boundaries of {text:?}"
            );
            let s = r.slice(text).unwrap_or_default();
            prop_assert_eq!(s, s.trim(), "span {} has outer whitespace in {:?}", r, text);
        }
        prop_assert!(
            found.is_sorted_by_key(|s| (s.range, &s.label)),
            "suggestions out of order in {:?}",
            text
        );
        for s in &found {
            prop_assert!((0.0..=1.0).contains(&s.origin.confidence));
            prop_assert!(!s.origin.reason.is_empty());
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn any_string_gives_valid_spans(text in any::<String>()) {
            check(&text)?;
        }

        #[test]
        fn quote_heavy_text_gives_valid_spans(text in mixed_text()) {
            check(&text)?;
        }

        #[test]
        fn merge_gives_the_stable_sort_of_all_lists(
            lists in proptest::array::uniform3(proptest::collection::vec((0..40usize, 0..4usize, 0..3usize), 0..30))
        ) {
            // Keys tie within and across lists, so the merge must keep the
            // lists' order as a stable sort does; the reason numbers the
            // suggestions to tell tied ones apart.
            let labels = [Label::caption(), Label::quote(), Label::claim()];
            let mut number = 0;
            let lists = lists.map(|list| {
                list.into_iter()
                    .map(|(start, len, label)| {
                        number += 1;
                        Suggestion {
                            label: labels[label].clone(),
                            range: ByteRange::new(start, start + len),
                            origin: Origin { rule: "test".into(), confidence: 1.0, reason: number.to_string() },
                            speaker: None,
                        }
                    })
                    .collect::<Vec<_>>()
            });
            let mut expected: Vec<Suggestion> = lists.concat();
            expected.sort_by(|a, b| (a.range, &a.label).cmp(&(b.range, &b.label)));
            prop_assert_eq!(merge_in_text_order(lists), expected);
        }
    }
}
