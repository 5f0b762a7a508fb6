//! The cues of a sentence that make it worth (or not worth) fact-checking,
//! found in one pass over its bytes.
//!
//! Words are looked up in one hash map of lower-case ASCII words; figures,
//! money and percentages are read from digit runs and their neighbours; the
//! few two-word cues (`more than`, `according to`, `I think`, `last year`)
//! are told by the previous word. Each cue keeps its first occurrence, so a
//! reason can quote it without searching the sentence again.

use crate::detect::bytewise::load;
use crate::detect::common::non_ascii_char_at;
use std::sync::LazyLock;

/// One kind of evidence, in the order a reason lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
    Money,
    Percent,
    Number,
    Count,
    Comparison,
    Date,
    Event,
    Past,
    Source,
    Decision,
    Topic,
    Named,
    Speculative,
    Prediction,
    Opinion,
    Plan,
    Address,
}

impl Cue {
    pub(super) const ALL: [Cue; 17] = [
        Cue::Money,
        Cue::Percent,
        Cue::Number,
        Cue::Count,
        Cue::Comparison,
        Cue::Date,
        Cue::Event,
        Cue::Past,
        Cue::Source,
        Cue::Decision,
        Cue::Topic,
        Cue::Named,
        Cue::Speculative,
        Cue::Prediction,
        Cue::Opinion,
        Cue::Plan,
        Cue::Address,
    ];

    const fn bit(self) -> u64 {
        1 << self as u64
    }

    /// One number per [`Cue::label`], below 32: cues with the same label
    /// share it.
    pub(super) fn label_slot(self) -> u32 {
        match self {
            Cue::Money | Cue::Percent | Cue::Number => Cue::Money as u32,
            cue => cue as u32,
        }
    }

    /// The word a reason uses for the cue.
    pub(super) fn label(self) -> &'static str {
        match self {
            Cue::Money | Cue::Percent | Cue::Number => "figure",
            Cue::Count => "count",
            Cue::Comparison => "comparison",
            Cue::Date => "date",
            Cue::Event => "event",
            Cue::Past => "past",
            Cue::Source => "source",
            Cue::Decision => "decision",
            Cue::Topic => "topic",
            Cue::Named => "named",
            Cue::Speculative => "speculative",
            Cue::Prediction => "prediction",
            Cue::Opinion => "opinion",
            Cue::Plan => "plan",
            Cue::Address => "address",
        }
    }
}

/// What one pass over a sentence found.
#[derive(Debug, Default)]
pub(super) struct Cues {
    present: u64,
    /// Byte range (in the sentence) of each cue's first occurrence.
    first: [(u32, u32); Cue::ALL.len()],
    /// A reporting verb (`said`, `told`): the sentence may be an attribution.
    pub(super) reporting: bool,
    /// A word of a routine line (`comment`, `respond`): worth the full check.
    pub(super) routine_word: bool,
    /// A person introduced by their age (`Ana Ruiz, 67, a retired
    /// teacher`): the sentence profiles a private person.
    pub(super) profiles_a_person: bool,
    /// A legal action against somebody (`charged`, `convicted`).
    pub(super) legal_action: bool,
    /// A reply to an accusation or a decision (`denied`, `welcomed`).
    pub(super) response: bool,
}

impl Cues {
    pub(super) fn has(&self, cue: Cue) -> bool {
        self.present & cue.bit() != 0
    }

    /// The cues present, in [`Cue::ALL`] order.
    pub(super) fn present(&self) -> impl Iterator<Item = Cue> {
        let mut bits = self.present;
        std::iter::from_fn(move || {
            let cue = *Cue::ALL.get(bits.trailing_zeros() as usize)?;
            bits &= bits - 1;
            Some(cue)
        })
    }

    /// The text of the cue's first occurrence in `sentence`.
    pub(super) fn quote<'a>(&self, cue: Cue, sentence: &'a str) -> &'a str {
        let (start, end) = self.first[cue as usize];
        sentence.get(start as usize..end as usize).unwrap_or("")
    }

    fn set(&mut self, cue: Cue, start: usize, end: usize) {
        if !self.has(cue) {
            self.present |= cue.bit();
            // Sentences are far below 4 GiB; saturate rather than wrap if not.
            let clamp = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
            self.first[cue as usize] = (clamp(start), clamp(end));
        }
    }

    /// Widens the quoted range of `cue` when it is the figure at `start`
    /// (`$4.2` → `$4.2 million`).
    fn extend(&mut self, cue: Cue, start: usize, end: usize) {
        let range = &mut self.first[cue as usize];
        if self.present & cue.bit() != 0 && range.0 as usize == start {
            range.1 = u32::try_from(end).unwrap_or(u32::MAX);
        }
    }
}

// Word flags: the cues a word carries by itself (bits 0–31, by `Cue`), plus
// roles that only matter next to another word.
const COMPARATIVE: u64 = 1 << 32;
const FIRST_PERSON: u64 = 1 << 33;
const MONTH: u64 = 1 << 35;
const TIME_UNIT: u64 = 1 << 36;
const LAST: u64 = 1 << 37;
const MAGNITUDE: u64 = 1 << 38;
const CURRENCY: u64 = 1 << 39;
const PERCENT: u64 = 1 << 40;
const REPORTING: u64 = 1 << 41;
const ROUTINE: u64 = 1 << 42;
/// `want`, `need`, `plan`: after `I`/`we`, a plan rather than a fact.
const INTENT: u64 = 1 << 43;
/// `think`, `believe`: after `I`/`we`, an opinion.
const BELIEF: u64 = 1 << 44;
/// Words ending in `-ed` that are not past tenses.
const NOT_PAST: u64 = 1 << 45;
/// Spelled-out numbers: `forty-one percent` is a percentage.
const SPELLED: u64 = 1 << 46;
/// `is`/`are`: `is expected to` is a hedge.
const COPULA: u64 = 1 << 47;
// Words that only matter next to one other word.
const THAN: u64 = 1 << 48;
const TO: u64 = 1 << 49;
const ACCORDING: u64 = 1 << 50;
const EXPECTED: u64 = 1 << 51;
const GOING: u64 = 1 << 52;
const PER: u64 = 1 << 53;
/// `I'll`, `we'd`.
const FIRST_PERSON_PLAN: u64 = 1 << 54;
/// `would`, `hoped`, `promised`: after a reporting verb, what somebody
/// means to do or expects (`said she would ask`), which is no fact yet.
const REPORTED_INTENT: u64 = 1 << 55;
/// `charged`, `convicted`: what the law did to a person is a fact to
/// check, even of a private person.
const LEGAL_ACTION: u64 = 1 << 56;
/// `denied`, `welcomed`: a reply to an accusation or a decision.
const RESPONSE: u64 = 1 << 57;
/// The bits of `flags` that are cues by themselves.
const CUE_BITS: u64 = (1 << Cue::ALL.len()) - 1;

const EVENT_WORDS: &str = "won lost awarded announced filed signed passed voted approved rejected \
ruled sued fired hired launched acquired bought sold raised cut increased decreased rose fell grew \
dropped declined killed died arrested charged convicted sentenced elected appointed resigned \
founded opened closed banned suspended recused chose selected paid spent invested released \
published agreed settled fined vetoed introduced enacted ordered issued received donated earned \
built began ended started became directed complained met visited testified pleaded admitted \
destroyed invaded attacked created lowered doubled tripled balanced reduced eliminated saved \
supported opposed sponsored blocked imposed repealed deployed withdrew defeated captured \
endorsed failed proposed provided funded";
const PAST_WORDS: &str = "had was were found made took held won lost paid spent gave left came went \
brought built sold told wrote drew fell rose grew ran met hit set led chose knew saw got kept put \
did said taught fought thought sent spoke stood broke bought caught meant began became";
const DECISION_WORDS: &str = "contract contracts deal law laws bill bills act ruling decision lawsuit \
complaint settlement agreement regulation regulations policy tax taxes tariff tariffs budget \
sanction sanctions investigation indictment verdict merger acquisition election vote votes court \
treaty legislation amendment subpoena";
const TOPIC_WORDS: &str = "jobs unemployment deficit deficits debt spending inflation economy \
wages income incomes revenue revenues medicare medicaid insurance welfare military troops nuclear \
weapons war oil energy crime prices poverty exports imports trade taxpayers surplus surpluses \
population employment salaries pension pensions interest rates gdp border poverty loans guns \
workers veterans costs immigrants immigration funding college schools missiles crisis";
const COUNT_WORDS: &str = "two three four five six seven eight nine ten eleven twelve twenty thirty \
forty fifty sixty seventy eighty ninety hundred dozen dozens hundreds thousands millions billions \
half twice triple double third fourth fifth";
const SPELLED_WORDS: &str = "one two three four five six seven eight nine ten twenty thirty forty \
fifty sixty seventy eighty ninety hundred";
const SUPERLATIVES: &str = "largest biggest highest lowest smallest fastest slowest first record \
ranked ranks majority doubled tripled halved most least history average";
const COMPARATIVES: &str =
    "more less fewer higher lower larger smaller bigger faster slower greater older younger";
const MONTHS: &str = "january february march april may june july august september october \
november december jan feb aug sept oct nov dec monday tuesday wednesday thursday friday saturday \
sunday";
const TIME_UNITS: &str = "week month year quarter spring summer fall autumn winter decade century";
const SPECULATIVE_WORDS: &str = "could might probably perhaps possibly likely";
const PREDICTION_WORDS: &str = "will won't";
const OPINION_WORDS: &str = "should must best worst great terrible wonderful awful amazing shameful \
disgraceful unfair ridiculous huge massive beautiful horrible tremendous deserve deserves opinion \
wrong right important difficult possible certainly glad concerned";
const BELIEF_WORDS: &str = "think believe feel hope agree";
const INTENT_WORDS: &str = "want need plan propose intend going would can ought";
const REPORTED_INTENT_WORDS: &str =
    "would hoped hopes wanted wants planned intended intends promised vowed pledged";
const ROUTINE_WORDS: &str = "comment reached respond return contributed";
/// Only words that are always replies: `rejected` and `declined` are as
/// often events (`the court rejected the appeal`, `shares declined`).
const RESPONSE_WORDS: &str = "denied denies defended defends welcomed welcomes";
const LEGAL_ACTION_WORDS: &str = "arrested charged convicted sentenced indicted jailed fined \
acquitted";
const NOT_PAST_WORDS: &str = "indeed proceed exceed succeed speed need seed feed breed";
const ADDRESS_WORDS: &str = "you your you're you've";
/// Reporting verbs of more than one word (`pointed out`) count by their
/// first word's other cues only.
fn reporting_words() -> impl Iterator<Item = &'static str> {
    super::super::common::REPORTING_VERBS
        .split('|')
        .filter(|w| !w.contains(' '))
}

/// Every word with a role and its flags, keyed by the word's bytes (lower
/// case, apostrophes as `'`) packed into a `u128`. Open addressing on a
/// table at most half full, behind a bit filter that turns away most words
/// not in it (most words of a sentence) for one multiply and one load. The
/// sizes are constants, so every index is masked rather than bounds-checked.
struct Lexicon {
    keys: Box<[u128; SLOTS]>,
    flags: Box<[u64; SLOTS]>,
    len: usize,
    /// One bit per hash value (of `FILTER_BITS`), set for the words in the
    /// table: 2 KiB that stay in the L1 cache, so most words, which are not
    /// in the table, never touch its 48 KiB.
    filter: Box<[u64; FILTER_BITS / 64]>,
}

const FILTER_BITS: usize = 1 << 14;
/// Room for every word of the lists below, at most half full.
const SLOTS: usize = 2048;

impl Lexicon {
    fn new() -> Self {
        Self {
            keys: Box::new([0; SLOTS]),
            flags: Box::new([0; SLOTS]),
            len: 0,
            filter: Box::new([0; FILTER_BITS / 64]),
        }
    }

    fn hash(key: u128) -> usize {
        let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize
    }

    /// Where the filter keeps the bit of a word with `hash`.
    fn filter_bit(hash: usize) -> (usize, u64) {
        let bit = hash % FILTER_BITS;
        (bit / 64, 1 << (bit % 64))
    }

    /// Adds `flags` to the word's.
    fn add(&mut self, key: u128, flags: u64) {
        let hash = Self::hash(key);
        let (word, bit) = Self::filter_bit(hash);
        self.filter[word] |= bit;
        let mut i = hash % SLOTS;
        while self.keys[i] != 0 && self.keys[i] != key {
            i = (i + 1) % SLOTS;
        }
        if self.keys[i] == 0 {
            self.len += 1;
            // The lists are constants of this crate: outgrowing the table is
            // a bug that every test run exposes at once.
            assert!(self.len * 2 <= SLOTS, "raise SLOTS");
        }
        self.keys[i] = key;
        self.flags[i] |= flags;
    }

    /// The flags of the word with `key` (never 0: words are not empty).
    fn get(&self, key: u128) -> u64 {
        let hash = Self::hash(key);
        let (word, bit) = Self::filter_bit(hash);
        if self.filter[word] & bit == 0 {
            return 0;
        }
        let mut i = hash % SLOTS;
        loop {
            match self.keys[i] {
                0 => return 0,
                k if k == key => return self.flags[i],
                _ => i = (i + 1) % SLOTS,
            }
        }
    }
}

/// The key of a word of at most [`MAX_WORD`] bytes.
fn key(word: &[u8]) -> u128 {
    debug_assert!(
        word.len() <= MAX_WORD,
        "a lexicon word longer than MAX_WORD"
    );
    let mut bytes = [0u8; MAX_WORD];
    let len = word.len().min(MAX_WORD);
    bytes[..len].copy_from_slice(&word[..len]);
    u128::from_le_bytes(bytes)
}
static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut map = Lexicon::new();
    let mut add = |words: &'static str, flags: u64| {
        for word in words.split_whitespace() {
            map.add(key(word.as_bytes()), flags);
        }
    };
    add(EVENT_WORDS, Cue::Event.bit() | Cue::Past.bit());
    add(PAST_WORDS, Cue::Past.bit());
    add(DECISION_WORDS, Cue::Decision.bit());
    add(TOPIC_WORDS, Cue::Topic.bit());
    add(COUNT_WORDS, Cue::Count.bit());
    add(SPELLED_WORDS, SPELLED);
    add(SUPERLATIVES, Cue::Comparison.bit());
    add(COMPARATIVES, COMPARATIVE);
    add(MONTHS, MONTH);
    add(TIME_UNITS, TIME_UNIT);
    add("last past", LAST);
    add("million billion trillion thousand bn", MAGNITUDE);
    add("dollars euros pounds yen yuan", CURRENCY);
    add("percent percentage", PERCENT);
    add(SPECULATIVE_WORDS, Cue::Speculative.bit());
    add("may", Cue::Speculative.bit());
    add(PREDICTION_WORDS, Cue::Prediction.bit());
    add(OPINION_WORDS, Cue::Opinion.bit());
    add(BELIEF_WORDS, BELIEF);
    add(INTENT_WORDS, INTENT);
    add(REPORTED_INTENT_WORDS, REPORTED_INTENT);
    add("i we", FIRST_PERSON);
    add("i'll we'll i'd we'd", FIRST_PERSON_PLAN);
    add("is are", COPULA);
    add("than", THAN);
    add("to", TO);
    add("according", ACCORDING);
    add("expected", EXPECTED);
    add("going", GOING);
    add("per", PER);
    add("yesterday ago", Cue::Date.bit());
    add(ROUTINE_WORDS, ROUTINE);
    add(LEGAL_ACTION_WORDS, LEGAL_ACTION);
    add(RESPONSE_WORDS, RESPONSE);
    add(NOT_PAST_WORDS, NOT_PAST);
    add(ADDRESS_WORDS, Cue::Address.bit());
    // Sources that stand behind a figure without reporting speech.
    add(
        "estimates estimated projects projected expects",
        Cue::Source.bit(),
    );
    for word in reporting_words() {
        map.add(key(word.as_bytes()), REPORTING);
    }
    map
});

/// Longest word looked up; longer words carry no cue.
const MAX_WORD: usize = 16;

/// A token already read: its flags and where it lies.
#[derive(Clone, Copy, Default)]
struct Token {
    flags: u64,
    start: usize,
    end: usize,
    /// A figure (digits or a spelled number), with the cue it set.
    figure: Option<Cue>,
}

// Byte classes, looked up once per byte.
const ALNUM: u8 = 1;
const DIGIT: u8 = 2;
const SPACE: u8 = 4;
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_digit() {
            ALNUM | DIGIT
        } else if byte.is_ascii_alphabetic() {
            ALNUM
        } else if byte.is_ascii_whitespace() || byte == 0x0B {
            SPACE
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The cues of `sentence` and its number of words (as `split_whitespace`
/// counts them).
pub(super) fn scan(sentence: &str) -> (Cues, usize) {
    let bytes = sentence.as_bytes();
    let lexicon = &*LEXICON;
    let mut cues = Cues::default();
    let mut prev = Token::default();
    let mut prev2 = Token::default();
    let (mut tokens, mut words, mut after_space) = (0, 0, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let class = CLASS[usize::from(b)];
        // U+2000–U+206F (E2 80–81 …): the curly quotes, apostrophes and
        // dashes of news text, and some spaces; never letters, so no
        // Unicode table lookup is needed for them.
        let punctuation = b == 0xE2 && matches!(bytes.get(i + 1), Some(0x80 | 0x81));
        let token = if class & DIGIT != 0 {
            number(sentence, i, &mut cues)
        } else if class & ALNUM != 0 || (b >= 0xC0 && !punctuation && starts_letter(sentence, i)) {
            word(lexicon, sentence, i, tokens, &prev, &prev2, &mut cues)
        } else {
            // Only the lead bytes of non-ASCII spaces (U+00A0, U+2009…)
            // need a look; continuation bytes change nothing.
            let space = class & SPACE != 0
                || (matches!(b, 0xC2 | 0xE1..=0xE3) && non_ascii_char_at(bytes, i).0);
            if space {
                after_space = true;
            } else if !(0x80..0xC0).contains(&b) {
                words += usize::from(after_space);
                after_space = false;
            }
            i += 1;
            continue;
        };
        words += usize::from(after_space);
        after_space = false;
        i = token.end;
        tokens += 1;
        prev2 = prev;
        prev = token;
    }
    (cues, words)
}

fn starts_letter(s: &str, i: usize) -> bool {
    s.get(i..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_alphabetic)
}

/// Reads the digit run at `start` (`4.2`, `33,000`, `1960s`, `3rd`).
fn number(s: &str, start: usize, cues: &mut Cues) -> Token {
    let bytes = s.as_bytes();
    let mut end = start;
    let mut separators = false;
    while end < bytes.len() {
        match bytes[end] {
            b'0'..=b'9' => end += 1,
            b'.' | b',' if bytes.get(end + 1).is_some_and(u8::is_ascii_digit) => {
                separators = true;
                end += 1;
            }
            _ => break,
        }
    }
    let digits = &s[start..end];
    let mut suffix_end = end;
    while suffix_end < bytes.len() && bytes[suffix_end].is_ascii_alphabetic() {
        suffix_end += 1;
    }
    let suffix = &s[end..suffix_end];
    let mut token = Token {
        start,
        end: suffix_end,
        ..Token::default()
    };
    let year = !separators
        && digits.len() == 4
        && (digits.starts_with("18") || digits.starts_with("19") || digits.starts_with("20"));
    if is_age(s, start, end) {
        // A person's age describes them; it is not a figure to check.
        cues.profiles_a_person = true;
    } else if ["st", "nd", "rd", "th"].contains(&suffix) {
        cues.set(Cue::Count, start, suffix_end);
    } else if year && (suffix.is_empty() || suffix == "s") {
        cues.set(Cue::Date, start, suffix_end);
    } else {
        let currency = currency_before(s, start);
        let cue = if bytes.get(end) == Some(&b'%') {
            token.end = end + 1;
            Cue::Percent
        } else if currency.is_some() {
            Cue::Money
        } else {
            Cue::Number
        };
        let from = currency.unwrap_or(start);
        cues.set(cue, from, token.end);
        token.start = from;
        token.figure = Some(cue);
    }
    token
}

/// Oldest age read from an appositive.
const MAX_AGE: usize = 120;

/// Whether the digits `s[start..end]` are a person's age in apposition to
/// a name: `Tan Bee Leng, 67, a retired teacher`, `Ruiz, 41.`
fn is_age(s: &str, start: usize, end: usize) -> bool {
    let bytes = s.as_bytes();
    let after_name = s.get(..start).is_some_and(|head| {
        head.strip_suffix(", ")
            .and_then(|name| name.chars().next_back())
            .is_some_and(char::is_alphabetic)
            && head
                .trim_end_matches(", ")
                .rsplit(' ')
                .next()
                .is_some_and(|word| word.starts_with(char::is_uppercase))
    });
    after_name
        && s[start..end]
            .parse::<usize>()
            .is_ok_and(|age| age <= MAX_AGE)
        && matches!(bytes.get(end), Some(b',' | b'.') | None)
}

/// Where a currency sign just before `i` starts (`$4`, `£ 30`).
fn currency_before(s: &str, i: usize) -> Option<usize> {
    let head = s.get(..i)?;
    let head = head.strip_suffix(' ').unwrap_or(head);
    ["$", "€", "£", "¥"]
        .iter()
        .find(|sign| head.ends_with(*sign))
        .map(|sign| head.len() - sign.len())
}

/// The word at `start`: its lexicon key (lower case, apostrophes as `'`;
/// none for a word with a non-ASCII letter or longer than [`MAX_WORD`]), its
/// length in chars and where it ends.
fn read_word(s: &str, start: usize) -> (Option<u128>, usize, usize) {
    let bytes = s.as_bytes();
    // Most words are plain ASCII letters and digits, shorter than 16 bytes:
    // one 16-byte load gives both the word's length and its key. Zeros past
    // the end of the text end the word there.
    let window = load(bytes, start);
    let prefix = ascii_alnum_prefix(window);
    let mut end = start + prefix;
    // A window that ends inside the word: go on byte by byte; otherwise its
    // prefix is the word.
    if prefix == MAX_WORD {
        while end < bytes.len() && CLASS[usize::from(bytes[end])] & ALNUM != 0 {
            end += 1;
        }
    }
    let plain = end > start
        && match bytes.get(end) {
            Some(b'\'') => false,
            // A closing quote or dash ends the word; `’` may go on (`it’s`).
            Some(0xE2) if matches!(bytes.get(end + 1), Some(0x80 | 0x81)) => {
                !s[end..].starts_with('’')
            }
            Some(&b) if b >= 0xC0 => !starts_letter(s, end),
            _ => true,
        };
    if plain {
        let len = end - start;
        if len > MAX_WORD {
            return (None, len, end);
        }
        let mask = u128::MAX >> (8 * (MAX_WORD - len));
        // Setting bit 5 lower-cases letters and leaves digits as they are.
        let case = u128::from_le_bytes([0x20; MAX_WORD]);
        return (Some((window | case) & mask), len, end);
    }
    let mut lower = [0u8; MAX_WORD];
    let (mut len, mut ascii, mut end) = (0, true, start);
    while end < bytes.len() {
        let b = bytes[end];
        let (width, byte) = if CLASS[usize::from(b)] & ALNUM != 0 {
            (1, b | 0x20)
        } else if b == b'\'' && bytes.get(end + 1).is_some_and(u8::is_ascii_alphabetic) {
            (1, b'\'')
        } else if b == 0xE2
            && s[end..].starts_with('’')
            && bytes.get(end + 3).is_some_and(u8::is_ascii_alphabetic)
        {
            (3, b'\'')
        } else if b >= 0xC0 && starts_letter(s, end) {
            ascii = false;
            (s[end..].chars().next().map_or(1, char::len_utf8), 0)
        } else {
            break;
        };
        if let Some(slot) = lower.get_mut(len) {
            *slot = byte;
        }
        len += 1;
        end += width;
    }
    let key = (ascii && len <= MAX_WORD).then(|| u128::from_le_bytes(lower));
    (key, len, end)
}

/// How many of the leading bytes of `window` (little-endian) are ASCII
/// letters or digits, found for all 16 at once rather than byte by byte:
/// the loop's exit at each word's end is a branch the CPU mispredicts.
fn ascii_alnum_prefix(window: u128) -> usize {
    use crate::detect::bytewise::{ascii_in, leading};
    // Setting bit 5 folds `A`–`Z` onto `a`–`z`; digits are tested unfolded.
    let folded = window | u128::from_le_bytes([0x20; MAX_WORD]);
    leading(ascii_in(window, b'0', b'9') | ascii_in(folded, b'a', b'z'))
}

/// Reads the word at `start` and sets the cues it brings, alone or with the
/// words before it.
fn word(
    lexicon: &Lexicon,
    s: &str,
    start: usize,
    index: usize,
    prev: &Token,
    prev2: &Token,
    cues: &mut Cues,
) -> Token {
    let bytes = s.as_bytes();
    let (lower, len, end) = read_word(s, start);
    let mut token = Token {
        start,
        end,
        ..Token::default()
    };
    let first = bytes[start];
    let capital = if first.is_ascii() {
        first.is_ascii_uppercase()
    } else {
        s[start..].chars().next().is_some_and(char::is_uppercase)
    };
    // A capitalised word after the first: a named person, place or body.
    if capital && index > 0 && len > 1 && bytes.get(start + 1) != Some(&b'\'') {
        cues.set(Cue::Named, start, end);
    }
    let Some(lower) = lower else {
        return token;
    };
    let mut flags = lexicon.get(lower);
    // A capital inside the sentence makes a name of the word (`United
    // States`, `Reed Said`), not a past tense or a reporting verb.
    let named = capital && index > 0;
    if named {
        flags &= !REPORTING;
    }
    token.flags = flags;
    let mut bits = flags & CUE_BITS;
    // `may` is a month only when capitalised.
    if capital && flags & MONTH != 0 {
        bits &= !Cue::Speculative.bit();
        cues.set(Cue::Date, start, end);
    }
    while bits != 0 {
        let cue = Cue::ALL[bits.trailing_zeros() as usize];
        cues.set(cue, start, end);
        bits &= bits - 1;
    }
    // `is expected`, `are required`: a present passive, not a past event.
    let ends_in_ed = len >= 5 && (lower >> (8 * (len - 2))) as u16 == u16::from_le_bytes(*b"ed");
    if ends_in_ed && !named && flags & NOT_PAST == 0 && prev.flags & COPULA == 0 {
        cues.set(Cue::Past, start, end);
    }
    if flags & !CUE_BITS == 0 && prev.figure.is_none() && prev.flags & (SPELLED | FIRST_PERSON) == 0
    {
        // No role beside another word, and nothing before it to finish.
        return token;
    }
    if flags & TIME_UNIT != 0 && prev.flags & LAST != 0 {
        cues.set(Cue::Date, prev.start, end);
    }
    if flags & REPORTING != 0 {
        cues.reporting = true;
        cues.set(Cue::Source, start, end);
    }
    if flags & ROUTINE != 0 {
        cues.routine_word = true;
    }
    if flags & LEGAL_ACTION != 0 {
        cues.legal_action = true;
    }
    if flags & RESPONSE != 0 {
        cues.response = true;
    }
    if flags & THAN != 0 && prev.flags & COMPARATIVE != 0 {
        cues.set(Cue::Comparison, prev.start, end);
    }
    if flags & TO != 0 {
        if prev.flags & ACCORDING != 0 {
            cues.set(Cue::Source, prev.start, end);
        } else if prev.flags & EXPECTED != 0 && prev2.flags & COPULA != 0 {
            cues.set(Cue::Speculative, prev2.start, end);
        } else if prev.flags & GOING != 0 {
            cues.set(Cue::Prediction, prev.start, end);
        }
    }
    // `I think`, `we want`, `we will`: the speaker's view or plan.
    if prev.flags & FIRST_PERSON != 0 {
        if flags & BELIEF != 0 {
            cues.set(Cue::Opinion, prev.start, end);
        } else if flags & (INTENT | Cue::Prediction.bit()) != 0 {
            cues.set(Cue::Plan, prev.start, end);
        }
    }
    if flags & FIRST_PERSON_PLAN != 0 || flags & REPORTED_INTENT != 0 && cues.reporting {
        cues.set(Cue::Plan, start, end);
    }
    // `12 million`, `4 percent`, `forty-one percent`, `30 dollars`.
    let figure = prev
        .figure
        .or((prev.flags & SPELLED != 0).then_some(Cue::Count));
    if let Some(figure) = figure {
        let from = spelled_start(s, prev, prev2);
        if flags & MAGNITUDE != 0 {
            cues.extend(figure, prev.start, end);
            token.figure = Some(figure);
            token.start = prev.start;
        } else if flags & PERCENT != 0 {
            cues.set(Cue::Percent, from, end);
        } else if flags & PER != 0 && s[end..].starts_with(" cent") {
            cues.set(Cue::Percent, from, end + " cent".len());
        } else if flags & CURRENCY != 0 {
            cues.set(Cue::Money, from, end);
        }
    } else if flags & MAGNITUDE != 0 {
        // `a trillion dollars`, `billions` without digits.
        cues.set(Cue::Number, start, end);
        token.figure = Some(Cue::Number);
    }
    if flags & SPELLED != 0 {
        token.start = spelled_start(s, &token, prev);
    }
    token
}

/// The start of a hyphenated spelled number ending in `token` (`forty-one`).
fn spelled_start(s: &str, token: &Token, before: &Token) -> usize {
    let joined = before.end + 1 == token.start && s.as_bytes().get(before.end) == Some(&b'-');
    if joined && before.flags & SPELLED != 0 {
        before.start
    } else {
        token.start
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_scans_safely_and_counts_words_like_split_whitespace(
            s in "(\\PC|[ \u{a0}\u{2009}\u{3000}\u{85}’$£%.,'-]|[0-9]{1,5}){0,60}"
        ) {
            let (found, words) = scan(&s);
            prop_assert_eq!(words, s.split_whitespace().count());
            for cue in Cue::ALL {
                let quoted = found.quote(cue, &s);
                prop_assert_eq!(found.has(cue), !quoted.is_empty());
            }
        }

        #[test]
        fn alnum_prefix_of_a_window_is_the_byte_by_byte_one(
            window in proptest::array::uniform16(prop_oneof![
                any::<u8>(),
                proptest::sample::select(b"09AZaz@[`{/:".to_vec()),
            ])
        ) {
            let expected = window.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            prop_assert_eq!(ascii_alnum_prefix(u128::from_le_bytes(window)), expected);
        }
    }

    #[test]
    fn a_capitalised_word_inside_the_sentence_is_a_name_not_a_verb() {
        let sentence = "Trade with the United States fell in the spring.";
        let (cues, _) = scan(sentence);
        assert!(!cues.has(Cue::Source), "{cues:?}");
        assert_eq!(cues.quote(Cue::Past, sentence), "fell");
        let (cues, _) = scan("The council said it lowered the rates.");
        assert!(cues.has(Cue::Source) && cues.has(Cue::Past));
    }

    #[test]
    fn cues_share_a_label_slot_exactly_when_they_share_a_label() {
        for a in Cue::ALL {
            assert!(a.label_slot() < 32);
            for b in Cue::ALL {
                assert_eq!(a.label_slot() == b.label_slot(), a.label() == b.label());
            }
        }
    }

    #[test]
    fn every_lexicon_word_is_found_past_the_filter() {
        let lists = [
            EVENT_WORDS,
            PAST_WORDS,
            DECISION_WORDS,
            TOPIC_WORDS,
            COUNT_WORDS,
            SPELLED_WORDS,
            SUPERLATIVES,
            COMPARATIVES,
            MONTHS,
            TIME_UNITS,
            SPECULATIVE_WORDS,
            PREDICTION_WORDS,
            OPINION_WORDS,
            BELIEF_WORDS,
            INTENT_WORDS,
            ROUTINE_WORDS,
            LEGAL_ACTION_WORDS,
            RESPONSE_WORDS,
            NOT_PAST_WORDS,
            ADDRESS_WORDS,
        ];
        let words = lists
            .iter()
            .flat_map(|list| list.split_whitespace())
            .chain(reporting_words());
        for word in words {
            assert_ne!(LEXICON.get(key(word.as_bytes())), 0, "{word}");
        }
        assert_eq!(LEXICON.get(key(b"zebra")), 0);
    }

    #[test]
    fn alnum_prefix_edges() {
        // The first 16 bytes of `bytes`, padded with spaces.
        let prefix = |bytes: &[u8]| {
            let mut window = [b' '; 16];
            window[..bytes.len().min(16)].copy_from_slice(&bytes[..bytes.len().min(16)]);
            ascii_alnum_prefix(u128::from_le_bytes(window))
        };
        assert_eq!(prefix(b"Seventeen1234567"), 16);
        assert_eq!(prefix(b"AZaz09@[`{/:"), 6);
        assert_eq!(prefix(b"az\x80z"), 2);
        assert_eq!(prefix(b"\x19\x10word"), 0);
        assert_eq!(prefix(b" word"), 0);
    }

    /// `(label, quoted text)` of every cue of `sentence`, in cue order.
    fn cues(sentence: &str) -> Vec<(&'static str, &str)> {
        let (found, _) = scan(sentence);
        Cue::ALL
            .into_iter()
            .filter(|&c| found.has(c))
            .map(|c| (c.label(), found.quote(c, sentence)))
            .collect()
    }

    #[test]
    fn figures_take_their_sign_magnitude_and_unit() {
        assert_eq!(
            cues("Vantor paid $4.2 million, or 12% of 3,400 shares."),
            [
                ("figure", "$4.2 million"),
                ("figure", "12%"),
                ("figure", "3,400"),
                ("event", "paid"),
                ("past", "paid"),
            ]
        );
        assert_eq!(
            cues("It fined them 412 million euros and Forty-one per cent agreed."),
            [
                ("figure", "412 million euros"),
                ("figure", "Forty-one per cent"),
                ("figure", "412 million"),
                ("count", "Forty"),
                ("event", "fined"),
                ("past", "fined"),
                ("named", "Forty"),
            ]
        );
        assert_eq!(cues("It cost £ 30 then."), [("figure", "£ 30")]);
    }

    #[test]
    fn years_ordinals_and_decades_are_dates_or_counts_not_figures() {
        assert_eq!(
            cues("In 2019 it came 3rd, as in the 1960s."),
            [("count", "3rd"), ("date", "2019"), ("past", "came")]
        );
        // `2,019` and `20.19` are figures, not years.
        assert_eq!(cues("a 2,019 b"), [("figure", "2,019")]);
    }

    #[test]
    fn two_word_cues_are_read_with_the_word_before() {
        assert_eq!(
            cues("according to data, rents are higher than last year"),
            [
                ("comparison", "higher than"),
                ("date", "last year"),
                ("source", "according to"),
            ]
        );
        assert_eq!(
            cues("I think we will go, and we’ll see"),
            [
                ("prediction", "will"),
                ("opinion", "I think"),
                ("plan", "we will")
            ]
        );
        assert_eq!(
            cues("it is expected to rise and is going to stay"),
            [
                ("speculative", "is expected to"),
                ("prediction", "going to")
            ]
        );
    }

    #[test]
    fn may_is_a_month_only_when_capitalised() {
        assert_eq!(
            cues("Rents may rise in May."),
            [("date", "May"), ("named", "May"), ("speculative", "may")]
        );
    }

    #[test]
    fn named_words_are_capitalised_words_after_the_first() {
        assert_eq!(
            cues("The mayor met Zoë Ångström and I’m sure"),
            [("event", "met"), ("past", "met"), ("named", "Zoë"),]
        );
    }

    #[test]
    fn reporting_and_routine_words_are_flagged() {
        let (found, _) = scan("She did not respond to a request for comment, he said.");
        assert!(found.reporting && found.routine_word);
        let (found, _) = scan("The rent rose.");
        assert!(!found.reporting && !found.routine_word);
    }

    #[test]
    fn odd_input_is_safe() {
        for s in [
            "", "$", "%", "1.", "’", "a’", "9’s", "…", "$ ", "€1", "x-", "-1",
        ] {
            let (found, words) = scan(s);
            assert_eq!(words, s.split_whitespace().count());
            for cue in Cue::ALL {
                assert!(s.contains(found.quote(cue, s)));
            }
        }
        let long = "Supercalifragilisticexpialidocious ".repeat(3);
        assert_eq!(
            cues(&long),
            [("named", "Supercalifragilisticexpialidocious")]
        );
    }
}
