//! Picture grammar: what a caption's own sentence looks like, apart from
//! its credit. Captions describe a scene in the present tense (`Crews clear
//! debris from Route 9`, `The ferry is seen from the air`), place people in
//! the frame (`Ada Kwon, right, speaks`), date the picture in full (`…,
//! Tuesday, May 14, 2024.`) and mark file pictures (`FILE - …`, `in this
//! file photo`). Article prose reports in the past tense, attributes words
//! (`said`, a quotation) and runs longer. These cues are scored together:
//! none names an outlet.

use super::super::common::{WordSet, re, split_words};
use regex::Regex;
use std::sync::LazyLock;

/// Present-tense verbs of a picture's scene, third person singular and
/// plural: what the people and things in a photo are doing.
const SCENE_VERBS: &str = "speaks speak stands stand sits sit walks walk waits wait holds hold looks poses pose \
arrives arrive leaves attends attend gestures gesture listens listen watches talks reacts \
react celebrates celebrate prepares carries carry wears wear rides passes smiles greets \
kneels kneel marches march gathers gather queues queue fill hangs hang drives shakes hugs \
cheers cheer wades wade inspects inspect surveys clears clear breaks crosses flies burns \
ties receives displays mourns mourn prays pray sorts loads unloads unload examines cleans \
repairs repaints repaint searches rescues douses battles sails climbs jumps dives swims \
tackles shoots kicks sings performs dances laughs cries stares sweeps sweep digs builds \
paints cooks serves eats drinks dries sleeps departs enters exits pictured photographed seen \
shown";

/// Words before which a scene verb is a noun (`the vote`, `to march`).
/// A relative pronoun before it makes the verb a clause's (`the bridge,
/// which carries`), not the scene's.
const DETERMINERS: &str =
    "the a an this that these those its their his her our my your to which who";

/// Words after which an `-ed` word is a participle (`is loaded`), not the
/// past tense of reporting prose.
const AUXILIARIES: &str = "is are was were be been being has have had get gets got";
/// Modals and past auxiliaries: prose tells what did, had, would or may
/// happen; a picture shows what is happening.
const TENSE_MARKERS: &str = "did had would could should will may might must";
/// Speech verbs in the past tense; the present (`Ada Kwon says …`) is how
/// a broadcaster's caption sums up the person pictured.
const PAST_SPEECH_VERBS: &str = "said told added asked wrote explained insisted argued warned \
announced stated claimed recalled replied testified";

static SCENE_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(SCENE_VERBS.split_whitespace()));
static DETERMINER_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(DETERMINERS.split_whitespace()));
static AUXILIARY_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(AUXILIARIES.split_whitespace()));
/// Verbs that report somebody's words, written in lowercase: the core of
/// the shared lexicon, whose rarer members (`posts`, `notes`, `states`)
/// are nouns in a caption as often as verbs.
const SPEECH_VERBS: &str = "said says told tells added adds asked asks wrote writes explained \
insisted argued warned announced stated claimed recalled replied testified";
static SPEECH_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(SPEECH_VERBS.split_whitespace()));
static PAST_SPEECH_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(PAST_SPEECH_VERBS.split_whitespace()));
static TENSE_MARKER_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(TENSE_MARKERS.split_whitespace()));

/// A full date with its year, as picture desks write it and prose rarely
/// does (`May 14, 2024`, `Oct. 3, 2023`, `in March 2023`).
static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b((?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?:\d{1,2},\s+)?(?:19|20)\d\d)\b",
    )
});
/// The frame's own words: a person's place in it, or the picture itself.
static FRAME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(, (?:left|right|center|centre|top|bottom|second from (?:left|right)|front|rear),|\((?:left|right|center|centre|top|bottom)\)|\bfrom left\b|\bin (?:this|a|an) (?:file |undated |handout |aerial )?(?:photo|photograph|picture|image|frame grab|screen ?grab|video grab)\b)",
    )
});

/// Fewest words of a past-tense line read as prose: a lede runs long, a
/// past-tense caption (`Protesters gathered outside parliament.`) short.
const MIN_PAST_PROSE_WORDS: usize = 20;
/// Words read for the tense of a line's first clause.
const CLAUSE_WORDS: usize = 14;
/// Words read for a modal or past auxiliary of the line's own verb, not a
/// clause after it (`… has no idea when the bakery will reopen`).
const TENSE_WORDS: usize = 8;
/// Longest line read as one caption sentence; longer ones are paragraphs.
const MAX_CAPTION_WORDS: usize = 80;

/// The picture-grammar cues of one line.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Scene<'l> {
    /// A present-tense scene verb in the first clause.
    pub verb: Option<&'l str>,
    /// A full date with its year.
    pub date: Option<&'l str>,
    /// A place in the frame or the picture named: `, right,`, `in this photo`.
    pub frame: Option<&'l str>,
    /// A file picture's lead-in.
    pub file: bool,
    /// A speech verb, or a line that opens with a quotation mark.
    pub reported: bool,
    /// Reported in the past tense (`said`) or in quotation marks, as
    /// prose reports; not only summed up in the present (`says`).
    pub reported_as_prose: bool,
    /// A past-tense verb in the first clause (no auxiliary before it), in
    /// a line of at least [`MIN_PAST_PROSE_WORDS`] words.
    pub past: bool,
    /// A past-tense verb in the first clause, in a line of any length.
    pub past_verb: bool,
    /// A modal or past auxiliary in the first clause (`did not respond`,
    /// `may linger`).
    pub tensed: bool,
    /// How many words the line has, up to [`MAX_CAPTION_WORDS`].
    pub words: usize,
    /// More words than one caption sentence holds.
    pub long: bool,
}

impl Scene<'_> {
    /// Whether the line is a caption on its grammar alone: a file picture,
    /// or a dated scene that reports nobody's words. (A framed scene, `Ada
    /// Kwon, right, speaks`, needs a credit or caption beside it.)
    pub fn is_caption(&self) -> bool {
        !self.reported && !self.long && (self.file || self.verb.is_some() && self.date.is_some())
    }

    /// Whether a line touching furniture still reads as article prose: it
    /// reports words, runs long, or tells past events with no scene verb.
    pub fn is_prose(&self) -> bool {
        self.reported || self.long || self.past && self.verb.is_none() && self.date.is_none()
    }

    /// The cues that made it a caption, for the suggestion's reason.
    pub fn reason(&self) -> String {
        let mut cues = Vec::new();
        if self.file {
            cues.push("file picture".to_owned());
        }
        if let Some(verb) = self.verb {
            cues.push(format!("scene verb \"{verb}\""));
        }
        if let Some(date) = self.date {
            cues.push(format!("dated \"{date}\""));
        }
        if let Some(frame) = self.frame {
            cues.push(format!("frame \"{}\"", frame.trim_matches([',', ' '])));
        }
        format!("picture grammar: {}", cues.join(", "))
    }
}

/// Whether `line` may be a caption on its grammar alone: it opens as a file
/// picture or holds a full date (which needs a year, found first because
/// it is cheap). Most lines do neither, and are not read word by word.
pub(super) fn may_be_caption(line: &str) -> bool {
    is_file_lead(line) || has_year(line.as_bytes()) && FULL_DATE.is_match(line)
}

/// Whether `line` opens as a file picture's lead-in, `FILE - …`, `FILE
/// PHOTO: …` or `(FILE) …`, with words after it.
fn is_file_lead(line: &str) -> bool {
    let after_lead = if let Some(rest) = line.strip_prefix("(FILE)") {
        rest
    } else if let Some(rest) = line.strip_prefix("FILE") {
        let rest = rest.strip_prefix(" PHOTO").unwrap_or(rest).trim_start();
        match rest.strip_prefix(['-', '–', '—', ':']) {
            Some(rest) => rest,
            None => return false,
        }
    } else {
        return false;
    };
    !after_lead.trim_start().is_empty()
}

/// Whether `b` holds a four-digit year of 1900–2099 standing alone.
pub(super) fn has_year(b: &[u8]) -> bool {
    memchr::memchr2_iter(b'1', b'2', b).any(|i| {
        let year = b.get(i..i + 4).is_some_and(|y| {
            (y.starts_with(b"19") || y.starts_with(b"20")) && y.iter().all(u8::is_ascii_digit)
        });
        year && (i == 0 || !b[i - 1].is_ascii_digit())
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
    })
}

/// The picture-grammar cues of `line`.
pub(super) fn read(line: &str) -> Scene<'_> {
    let mut scene = Scene {
        file: is_file_lead(line),
        reported: line.starts_with(['"', '“', '‘', '«', '„']),
        ..Scene::default()
    };
    let mut previous = "";
    let mut past = false;
    let mut words = 0;
    for (n, word) in split_words(line).enumerate() {
        words = n + 1;
        if n >= MAX_CAPTION_WORDS {
            scene.long = true;
            break;
        }
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if SPEECH_SET.contains(word) {
            scene.reported = true;
            scene.reported_as_prose |= PAST_SPEECH_SET.contains(word);
        }
        if n < CLAUSE_WORDS && word.starts_with(|c: char| c.is_lowercase()) {
            if n < TENSE_WORDS && TENSE_MARKER_SET.contains(word) {
                scene.tensed = true;
            } else if scene.verb.is_none()
                && SCENE_SET.contains(word)
                && !DETERMINER_SET.contains_lowercase(previous)
            {
                scene.verb = Some(word);
            } else if word.len() >= 5
                && word.ends_with("ed")
                && !word.ends_with("eed")
                && !AUXILIARY_SET.contains_lowercase(previous)
                // `a shaded area`, `the exposed lakebed`: an adjective.
                && !DETERMINER_SET.contains_lowercase(previous)
            {
                past = true;
            }
        }
        previous = word;
    }
    scene.past = past && words >= MIN_PAST_PROSE_WORDS;
    scene.past_verb = past;
    scene.words = words;
    // Few lines report anything: only they are searched for a quotation.
    scene.reported_as_prose |= scene.reported && line.contains(['"', '“', '”', '‘', '«', '„']);
    scene.date = FULL_DATE
        .captures(line)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str());
    scene.frame = FRAME.find(line).map(|m| m.as_str());
    scene
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dated_or_framed_scenes_and_file_pictures_are_captions() {
        for line in [
            "A commissioner speaks during a news conference in Brussels, Tuesday, May 14, 2024. \
             The watchdog fined three firms on Tuesday.",
            "FILE - A cargo aircraft is loaded at the airport on Oct. 3, 2023.",
            "Police officers stand outside the court on May 2, 2021, in this file photo.",
        ] {
            let scene = read(line);
            assert!(scene.is_caption(), "{line}: {scene:?}");
        }
    }

    #[test]
    fn reporting_and_past_tense_prose_is_not() {
        for line in [
            "The board voted 5-2 on Monday to close the terminal by the end of the year, ending a \
             ferry service that has run since 1921.",
            "\"We carried 400,000 people last year,\" said a captain of 22 years.",
            "Ada Kwon, right, said the terminal needed repairs costing $14 million.",
        ] {
            let scene = read(line);
            assert!(!scene.is_caption(), "{line}: {scene:?}");
            assert!(scene.is_prose(), "{line}: {scene:?}");
        }
        // A participle after an auxiliary is no past tense.
        assert!(!read("A cargo aircraft is loaded at the airport.").past);
        assert!(!read("Waves break over the sea wall in Marston.").is_prose());
    }

    #[test]
    fn a_file_lead_in_needs_its_mark_and_words_after_it() {
        for (line, lead) in [
            ("FILE - Crews at the wall.", true),
            ("FILE PHOTO: Crews at the wall.", true),
            ("FILE PHOTO — Crews", true),
            ("FILE– Crews", true),
            ("(FILE) Crews at the wall.", true),
            ("FILE - ", false),
            ("(FILE)", false),
            ("FILE PHOTOGRAPH: Crews", false),
            ("FILES show the plan", false),
            ("File - Crews", false),
        ] {
            assert_eq!(is_file_lead(line), lead, "{line}");
        }
    }

    #[test]
    fn the_reason_names_the_cues() {
        assert_eq!(
            read("FILE - Crews stand by the wall in March 2023.").reason(),
            "picture grammar: file picture, scene verb \"stand\", dated \"March 2023\""
        );
    }
}
