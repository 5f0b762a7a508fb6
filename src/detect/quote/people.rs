//! The people of a text: person names found once, with titles and roles
//! stripped, for surname and pronoun lookup, and a mention resolved to the
//! most specific name the article gives.

use super::super::SpeakerGuess;
use super::super::common::{WordSet, ceil_boundary, is_alnum, re, split_words, word_hash};
use super::super::names::name_runs;
use super::super::source::with_lower;
use super::*;
use crate::model::ByteRange;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

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
pub(super) struct Person {
    range: ByteRange,
    para: usize,
    /// Introduced with a title or role, or opening a paragraph: a likely
    /// antecedent for `he`/`she`.
    strong: bool,
}

/// Every person name of the text, found once, for pronoun and surname lookup.
pub(super) struct People<'t> {
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
    pub(super) fn index(text: &'t str, paras: &[ByteRange]) -> Self {
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

    pub(super) fn name(&self, person: &Person) -> &'t str {
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
    pub(super) fn by_surname(&self, surname: &str, pos: usize) -> Option<&Person> {
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
pub(super) fn resolve(
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
