use super::*;
use crate::detect::DetectConfig;

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
    super::quotes(text, &Layout::new(text, &[]))
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
    let text = "Senator Rhea Patel told the hearing:\n\n\"We cannot keep delaying the repairs.\"";
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
