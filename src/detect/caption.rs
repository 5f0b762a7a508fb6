//! Caption detection: one span per line of media furniture.
//!
//! Two passes over the non-blank lines. The first marks lines that are
//! furniture on their own (credit lines, alt text ending in a photo credit,
//! rail markers and running times, media labels, gallery counters). The
//! second uses neighbours, because scraped pages keep a caption's text next to
//! its credit line and a video's title right after its running time, while the
//! same words in the article body are prose: a title line after a running
//! time, a line touching a credit line, and a line repeating a caption
//! (carousels print each caption twice).

mod credit;
mod scene;

use super::Suggestion;
use super::common::{Line, ceil_boundary, count_words_up_to, excerpt, origin, re, re_set};
use crate::model::{Label, Origin};
use regex::{Regex, RegexSet};
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

/// The caption lines among `lines`, those of a text.
pub(crate) fn captions(lines: &[Line<'_>]) -> Vec<Suggestion> {
    let mut kinds: Vec<Kind> = lines.iter().map(|l| classify(l.text)).collect();
    add_credits_under_captions(lines, &mut kinds);
    add_context(lines, &mut kinds);
    add_second_lines(lines, &mut kinds);
    drop_menu_items(lines, &mut kinds);
    add_chapters(lines, &mut kinds);
    add_twins(lines, &mut kinds);
    add_repeats(lines, &mut kinds);
    add_lines_between_furniture(lines, &mut kinds);
    // Sized once: a filtered list would grow and be copied many times.
    let count = kinds.iter().filter(|k| **k != Kind::Plain).count();
    let mut captions = Vec::with_capacity(count);
    for (line, kind) in lines.iter().zip(kinds) {
        if let Kind::Caption(origin, _) = kind {
            captions.push(Suggestion {
                label: Label::caption(),
                range: line.range,
                origin: *origin,
                speaker: None,
            });
        }
    }
    captions
}

/// What the first pass makes of a line.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// Not a caption (so far).
    Plain,
    /// Boxed, so that a plain line (most of them) takes two words: the
    /// list of every line's kind stays small enough not to be faulted in
    /// afresh for each article.
    Caption(Box<Origin>, Role),
}

/// The part a caption line plays, which the context pass builds on.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Credit,
    /// A line describing a picture: a caption's own sentence.
    Picture,
    /// An embedded post's link or attribution: the post's own text beside
    /// it is furniture whatever it says.
    Post,
    RailMarker,
    RunningTime,
    Other,
}

/// Tail of a line looked at for a trailing credit: alt text can be very long,
/// and only its end matters.
const TAIL: usize = 240;
/// Longest line the neighbour rules turn into a caption; longer lines next to
/// furniture are article paragraphs.
const MAX_CONTEXT_LINE: usize = 400;
/// Shortest line that counts as a repeated caption (short repeats are chrome).
const MIN_REPEAT: usize = 16;

/// Page chrome, never a caption (`Advertisement`, bylines, newsletter
/// plugs, links to other galleries: `Photos: Gala Day in pictures`). Whether a line is chrome depends on its text alone, and few lines
/// would be captions: a line is checked only where a rule would make it one.
static CHROME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:advertisement|story continues below(?: this)? advertisement|ad|sponsored(?: content)?|share|share this(?: article| story)?|tweet|email|print|copy link|download|embed|transcript|(?:toggle|hide|show) caption|comments?|read more\b.*|related(?: (?:stories|story|articles?|coverage|content|links|reading|topics|news))?(?:\s*:.*)?|sign up\b.*|subscribe\b.*|.*\bnewsletter\b.*|(?-i:By \p{Lu}.*)|updated\b.*|published\b.*|.*\bcontributed to this report\.?|(?:©|\(c\))\s*(?:\d{4}\b.*|.*\ball rights reserved\b.*)|copyright\b.*|(?:play|pause) (?:episode|podcast)|.*\ball rights reserved\.?|report (?:a|an) (?:typo|error|correction|mistake)|.*\bin (?:pictures|photos)|in pictures\b.*|(?:send|submit) (?:a )?(?:correction|tip|feedback)\b.*)$",
    )
});

/// What a line-start pattern recognises.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Head {
    CreditPrefix,
    CreditBy,
    /// `Getty Images`, `AP Photo`: an agency credit alone.
    AgencyCredit,
    /// `Jane Doe/Reuters`, `… via Getty Images`, after at most 100 chars
    /// without `.!?`. The only pattern searched through a line, not read
    /// from its start.
    AgencyCreditAfter,
    RunningTime,
    RailMarker,
    RailPrefix,
    MediaLabel,
    GalleryCounter,
    /// A figure's number opening its title: `Figure 1 | …`, `Chart 2: …`.
    FigureLabel,
    /// Agency caption dateline: `PORTLAND, OREGON - MAY 04:`.
    AgencyDateline,
}

/// An agency's name ending a line, perhaps with a word or two after it
/// (`AP Photo`): the end of both agency credit patterns.
macro_rules! agency_credit {
    () => {
        r"(?:AFP|AP|Reuters|EPA|Getty Images|Shutterstock|Bloomberg|Alamy|ZUMA|PA Images)(?:\s+\w+){0,2}$"
    };
}

/// Whole-line patterns in priority order. Group 1, where present, is quoted
/// in the reason.
const HEADS: &[(Head, &str)] = &[
    (
        Head::CreditPrefix,
        r"(?i)^((?:photo(?:graph)?s?|images?|pictures?|credit|photo credit|image credit|illustration|graphic|file photo|video credit)\s*:)\s*\S",
    ),
    (
        Head::CreditBy,
        r"^((?:Photo(?:graph)?|Image|Picture|Illustration)s?\s+(?:by|courtesy of|from)|Courtesy(?:\s+of)?)\s+\S",
    ),
    (Head::AgencyCredit, concat!("^", agency_credit!())),
    (
        Head::AgencyCreditAfter,
        // Only the credit proper: [`head_matches`] checks the lead-in
        // `^[^.!?]{0,100}`, which as a bounded repeat of a Unicode class
        // costs more to compile than all of a document's lines to search.
        concat!(r"(?:/|\bvia\s+)", agency_credit!()),
    ),
    (
        Head::RunningTime,
        r"(?i)^(?:duration:?\s*)?(\d{1,2}:[0-5]\d(?::[0-5]\d)?)(?:\s*min)?$",
    ),
    (
        Head::RailMarker,
        r"(?i)^(now playing|up next|next up|playing next|watch now|play video|video ended|replay|more videos|watch more|video|audio)$",
    ),
    (
        Head::RailPrefix,
        r"(?i)^((?:related )?(?:watch|video|listen|audio|podcast)(?:\s*:|\.|\s+\|))\s*\S",
    ),
    (
        Head::MediaLabel,
        r"(?i)^(?:(image caption|media caption|video caption|picture caption|image source|image copyright|media source)\b|(?:images?|photos?|pictures?|gallery)\s*:?$)",
    ),
    (
        Head::GalleryCounter,
        r"(?i)^((?:photo|image|picture|slide)\s+\d{1,3}\s*(?:of|/)\s*\d{1,3}|\d{1,3}\s+of\s+\d{1,3}(?:\s+(?:photos|images|pictures))?|\d{1,3}\s*/\s*\d{1,3})$",
    ),
    (
        Head::FigureLabel,
        r"^((?:Figure|Fig\.|Chart|Table|Graphic|Map|Exhibit)\s+\d{1,2}[a-z]?)\s*(?:[|:.—–-]\s*\S|$)",
    ),
    (
        Head::AgencyDateline,
        r"^([A-Z][A-Z .,'-]{2,40} - (?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER) \d{1,2}:)",
    ),
];

/// Each head pattern on its own, compiled on first use: run only on a line
/// that [`HEAD_SET`] says it matches, for its group.
static HEAD_RES: [OnceLock<Regex>; HEADS.len()] = [const { OnceLock::new() }; HEADS.len()];
/// The head patterns read from a line's start (all but the agency credit),
/// in one set: one anchored pass over a line's first bytes tells which
/// match, and for most lines it ends at the first byte.
static HEAD_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    re_set(
        HEADS
            .iter()
            .filter(|(head, _)| *head != Head::AgencyCreditAfter)
            .map(|(_, pattern)| *pattern),
    )
});
/// A credit closing a line of alt text: `(Photo by …)`, `(AP Photo/…)`.
static TRAILING_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\((?:Photo|Photos|Photo Illustration|Photograph|Image|Picture|Illustration|Video)(?:\s+credit\s+should\s+read|\s+by|\s+credit:?|\s+courtesy\s+of)\s+[^)]*\)\s*$|\((?:AP|AFP|Reuters|EPA|PA) Photo[^)]*\)|\((?:Getty Images|Reuters|AFP|AP|EPA)\)\s*$",
    )
});
/// Words a media player's line opens with: `Listen · 4:12`, `Watch video
/// 02:47`, `Duration 3′ 58″`, `Listen to this story`.
const PLAYER_WORDS: &[&str] = &["listen", "watch", "play", "duration", "video", "audio"];
static PLAYER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^(?:(?:play|watch)\s+(?:video|audio)\.?\s+)?(?:(?:{})(?:\s+(?:video|audio|now|the story|duration))?\s*[·:|•-]?\s*(?:\d{{1,2}}:[0-5]\d(?::[0-5]\d)?|\d{{1,3}}′\s*\d{{1,2}}″|\d{{1,3}}\s+(?:minutes?|mins?)(?:\s+\d{{1,2}}\s+(?:seconds?|secs?))?|\d{{1,2}}\s+(?:seconds?|secs?))(?:\d{{1,2}}:[0-5]\d)?|listen to (?:this|the) (?:story|article)\b.*|(?:video|audio) player loading\.*|watch|listen|play video)$",
        PLAYER_WORDS.join("|")
    ))
});
/// Whether `line` opens with a letter that one of [`PLAYER_WORDS`] opens
/// with: most lines do not, and the pattern is not run on them.
fn may_be_player_line(line: &str) -> bool {
    let first = folded_first(line);
    PLAYER_WORDS.iter().any(|w| w.as_bytes()[0] == first)
}
const MAX_PLAYER_LINE: usize = 60;
/// A player's running time closing an item's line: `Episode 12: … · 29
/// min`, `Listen to this article · 14 min`. (A reading time, `3 min
/// read`, is a byline's.)
static TRAILING_DURATION: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\s[·|•]\s*(?:\d{1,3}\s*(?:min|mins|minutes)|\d{1,2}:[0-5]\d(?::[0-5]\d)?)$")
});
/// Longest line read as a player's item by its running time.
const MAX_DURATION_LINE: usize = 120;
/// Bytes at the end of a line that hold a running time and its separator.
const DURATION_TAIL: usize = 24;
/// A chapter's start time opening its line: `02:15 Out on the water`.
static CHAPTER: LazyLock<Regex> = LazyLock::new(|| re(r"^\d{1,2}:[0-5]\d(?::[0-5]\d)?\s+\S"));
/// Longest chapter line.
const MAX_CHAPTER_LINE: usize = 100;
/// Fewest lines in a chapter list: a single timed line is a liveblog's.
const MIN_CHAPTERS: usize = 3;
/// Words that label a line as furniture: `Screenshot: …`, `Map: …`.
const FURNITURE_LABELS: &[&str] = &[
    "screenshot",
    "map",
    "chart",
    "data",
    "radar",
    "source",
    "sources",
    "interactive",
    "infographic",
    "image credit",
    "photo credit",
    "pictured",
    "above",
    "top",
    "inset",
    "main image",
    "main picture",
    "left",
    "right",
    "below",
    "from left",
];
/// Longest of [`FURNITURE_LABELS`].
const MAX_LABEL_WORD: usize = 12;
/// Longest `Name/Outlet` credit read by its shape.
const MAX_PAIR_CREDIT: usize = 60;
/// An embedded post's attribution: `— Name (@handle) May 2, 2024`.
static EMBED_ATTRIBUTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[—–-]\s*[^()]{1,60}\(@\w{1,30}\)\s+[A-Z][a-z]+\s+\d{1,2},\s+\d{4}$"));
const MAX_EMBED_ATTRIBUTION: usize = 120;
/// Longest line taken as a bare agency credit.
const MAX_AGENCY_CREDIT: usize = 120;

fn caption(rule: &'static str, confidence: f32, reason: String, role: Role) -> Kind {
    Kind::Caption(Box::new(origin(rule, confidence, reason)), role)
}

/// `{what}"{text}"`: the reason of most captions, without the formatting
/// machinery (which costs more than the rest of the caption).
fn quoting(what: &str, text: &str) -> String {
    let mut reason = String::with_capacity(what.len() + text.len() + 2);
    reason.push_str(what);
    reason.push('"');
    reason.push_str(text);
    reason.push('"');
    reason
}

/// The first letter of `line` lowercased, with the two non-ASCII letters
/// that `(?i)` folds to ASCII (`ſ` → `s`, `K` → `k`), `0` for a digit or
/// any other non-ASCII char (which may be a Unicode digit) but those of
/// U+0080–U+00FF and U+2000–U+207F (`«`, `“`): no digits, no folds, `-`.
fn folded_first(line: &str) -> u8 {
    match line.as_bytes() {
        [b, ..] if b.is_ascii_digit() => b'0',
        [b, ..] if b.is_ascii() => b.to_ascii_lowercase(),
        [0xC5, 0xBF, ..] => b's',
        [0xE2, 0x84, 0xAA, ..] => b'k',
        [0xC2 | 0xC3, ..] | [0xE2, 0x80 | 0x81, ..] => b'-',
        _ => b'0',
    }
}

/// Whether `line` is chrome. Only lines that a rule would make captions
/// are asked, which are few.
fn is_chrome(line: &str) -> bool {
    CHROME.is_match(line)
}

/// First pass: what a line is on its own.
fn classify(line: &str) -> Kind {
    match furniture(line) {
        Kind::Caption(..) if is_chrome(line) => Kind::Plain,
        kind => kind,
    }
}

/// What `line` is on its own, chrome aside.
fn furniture(line: &str) -> Kind {
    let head = first_head(line);
    let mut dateline = None;
    if let Some(i) = head {
        let group = || head_group(i, line);
        let kind = match HEADS[i].0 {
            Head::CreditPrefix | Head::CreditBy => {
                let confidence = if HEADS[i].0 == Head::CreditPrefix {
                    0.95
                } else {
                    0.9
                };
                let reason = quoting("credit line: starts with ", group());
                caption("caption.credit_line", confidence, reason, Role::Credit)
            }
            Head::AgencyCredit | Head::AgencyCreditAfter => {
                let reason = quoting("credit line: agency credit ", &excerpt(line, 40));
                caption("caption.credit_line", 0.85, reason, Role::Credit)
            }
            Head::RunningTime => {
                let reason = quoting("video rail: running time ", group());
                caption("caption.video_rail", 0.85, reason, Role::RunningTime)
            }
            Head::RailMarker => {
                let reason = quoting("video rail: ", line);
                caption("caption.video_rail", 0.95, reason, Role::RailMarker)
            }
            Head::RailPrefix => {
                let reason = quoting("video rail: starts with ", group());
                caption("caption.video_rail", 0.9, reason, Role::Other)
            }
            Head::MediaLabel => {
                let reason = quoting("media label ", group());
                caption("caption.media_label", 0.95, reason, Role::Other)
            }
            Head::GalleryCounter => {
                let reason = quoting("gallery counter ", line);
                caption("caption.gallery_counter", 0.9, reason, Role::Other)
            }
            // The figure's other lines (subtitle, source) stand beside it
            // as a picture's stand beside its credit.
            Head::FigureLabel => {
                let reason = quoting("figure label ", group());
                caption("caption.figure_label", 0.85, reason, Role::Credit)
            }
            // A trailing credit is stronger evidence than the dateline: it
            // waits until the tail is checked.
            Head::AgencyDateline => {
                dateline = Some(i);
                Kind::Plain
            }
        };
        if kind != Kind::Plain {
            return kind;
        }
    }
    let core = without_caption_button(line);
    let tail = &core[ceil_boundary(core, core.len().saturating_sub(TAIL))..];
    // Every trailing credit has a `(`: most lines have none.
    if memchr::memchr(b'(', tail.as_bytes()).is_some()
        && let Some(m) = TRAILING_CREDIT.find(tail)
    {
        let reason = quoting("alt text: ends with ", &excerpt(m.as_str().trim_end(), 40));
        return caption("caption.alt_text", 0.9, reason, Role::Picture);
    }
    if let Some(credit) = credit::parenthesised(tail)
        .or_else(|| credit::after_sentence(tail))
        .or_else(|| credit::labelled_tail(tail))
    {
        let reason = quoting("alt text: ends with the credit ", &excerpt(credit, 40));
        return caption("caption.alt_text", 0.85, reason, Role::Picture);
    }
    if let Some(i) = dateline {
        let reason = quoting("alt text: agency dateline ", head_group(i, line));
        return caption("caption.alt_text", 0.85, reason, Role::Picture);
    }
    match shaped_furniture(line) {
        Kind::Plain if line.len() <= MAX_CONTEXT_LINE && scene::may_be_caption(line) => {
            let scene = scene::read(line);
            if scene.is_caption() {
                caption("caption.picture", 0.75, scene.reason(), Role::Picture)
            } else {
                Kind::Plain
            }
        }
        kind => kind,
    }
}

/// A gallery's counter opening a caption line: `[1/5] Firefighters …`.
fn gallery_prefix(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('[')?;
    let close = inner.find(']')?;
    let (seen, total) = inner[..close].split_once('/')?;
    let number = |n: &str| (1..=3).contains(&n.len()) && n.bytes().all(|c| c.is_ascii_digit());
    (number(seen.trim()) && number(total.trim()) && inner[close + 1..].starts_with(' '))
        .then(|| &line[..close + 2])
}

/// `line` without a player's caption button after it (`… hide caption`),
/// which scraped pages glue to the caption's credit.
fn without_caption_button(line: &str) -> &str {
    ["hide caption", "toggle caption", "show caption"]
        .iter()
        .find_map(|button| {
            let cut = line.len().checked_sub(button.len())?;
            let (head, end) = (line.get(..cut)?, line.get(cut..)?);
            (end.eq_ignore_ascii_case(button) && head.ends_with(' ')).then(|| head.trim_end())
        })
        .unwrap_or(line)
}

/// Furniture lines known by their shape: a media player's line, a line
/// labelled as a screenshot, map, chart or its source, a `Name/Outlet`
/// credit alone or after the caption's sentence, a one-name agency credit
/// after it, and an embedded post's attribution or link.
fn shaped_furniture(line: &str) -> Kind {
    let b = line.as_bytes();
    if b.len() <= MAX_PLAYER_LINE && may_be_player_line(line) && PLAYER_LINE.is_match(line) {
        let reason = quoting("media player: ", line);
        return caption("caption.video_rail", 0.85, reason, Role::RunningTime);
    }
    if let Some(colon) = memchr::memchr(b':', &b[..b.len().min(MAX_LABEL_WORD + 1)])
        && let Some(word) = FURNITURE_LABELS
            .iter()
            .find(|w| line[..colon].trim_end().eq_ignore_ascii_case(w))
    {
        let reason = quoting("furniture label ", &line[..=colon]);
        let role = if word.eq_ignore_ascii_case("screenshot")
            || word.eq_ignore_ascii_case("image credit")
        {
            Role::Credit
        } else {
            Role::Other
        };
        return caption("caption.credit_line", 0.85, reason, role);
    }
    // The running time and its separator fit in the line's last bytes.
    let end = &line[ceil_boundary(line, b.len().saturating_sub(DURATION_TAIL))..];
    if b.len() <= MAX_DURATION_LINE
        && b.last().is_some_and(|c| c.is_ascii_alphanumeric())
        && memchr::memchr3(b'|', 0xC2, 0xE2, end.as_bytes()).is_some()
        && let Some(m) = TRAILING_DURATION.find(end)
    {
        let reason = quoting("media player: running time ", m.as_str().trim_start());
        return caption("caption.video_rail", 0.8, reason, Role::Other);
    }
    if let Some(counter) = gallery_prefix(line) {
        let reason = quoting("gallery caption ", counter);
        return caption("caption.gallery_counter", 0.85, reason, Role::Picture);
    }
    let slash = memchr::memchr(b'/', b).is_some();
    if slash && b.len() <= MAX_PAIR_CREDIT && credit::name_outlet_pair(line) {
        let reason = quoting("credit line: name and outlet ", line);
        return caption("caption.credit_line", 0.8, reason, Role::Credit);
    }
    if credit::whole_line(line) {
        let reason = quoting("credit line: ", &excerpt(line, 40));
        return caption("caption.credit_line", 0.8, reason, Role::Credit);
    }
    if slash && memchr::memmem::find(b, b"pic.twitter.com/").is_some()
        || b.len() <= MAX_EMBED_ATTRIBUTION
            && line.starts_with(['—', '–', '-'])
            && EMBED_ATTRIBUTION.is_match(line)
    {
        let reason = "embedded post".to_owned();
        return caption("caption.embed", 0.8, reason, Role::Post);
    }
    Kind::Plain
}

fn head_re(i: usize) -> &'static Regex {
    HEAD_RES[i].get_or_init(|| re(HEADS[i].1))
}

/// The first head pattern (in [`HEADS`]' order) that matches `line`: the
/// one that decides.
fn first_head(line: &str) -> Option<usize> {
    let agency = HEADS
        .iter()
        .position(|(h, _)| *h == Head::AgencyCreditAfter);
    // Which patterns match takes a list of them, built for the few lines
    // that match any.
    let from_start = HEAD_SET
        .is_match(line)
        .then(|| HEAD_SET.matches(line).iter().next())
        .flatten()
        .map(|k| k + usize::from(agency.is_some_and(|a| k >= a)));
    // The agency credit ends in its agency's name or a word after it, and
    // is short; other lines are not searched for it.
    let b = line.as_bytes();
    let may_be_agency = b.len() <= MAX_AGENCY_CREDIT
        && b.last()
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || !c.is_ascii());
    match agency {
        Some(a) if from_start.is_none_or(|i| i > a) && may_be_agency && head_matches(a, line) => {
            Some(a)
        }
        _ => from_start,
    }
}

/// Whether head pattern `i` matches `line`. An agency credit may follow at
/// most 100 chars without `.!?`: as the leftmost match starts at the first
/// place the credit can, the lead-in holds if it holds before that one.
fn head_matches(i: usize, line: &str) -> bool {
    if HEADS[i].0 != Head::AgencyCreditAfter {
        return head_re(i).is_match(line);
    }
    // The credit opens with a slash or `via`: a line with neither byte is
    // not searched.
    let b = line.as_bytes();
    if memchr::memchr2(b'/', b'v', b).is_none() {
        return false;
    }
    let stop = memchr::memchr3(b'.', b'!', b'?', b).unwrap_or(b.len());
    // Only a line of over 100 bytes can have over 100 chars.
    let limit = if b.len() > 100 {
        line.char_indices()
            .nth(100)
            .map_or(stop, |(j, _)| j.min(stop))
    } else {
        stop
    };
    head_re(i).find(line).is_some_and(|m| m.start() <= limit)
}

/// Group 1 of head pattern `i` in `line` (the whole line when it has none).
fn head_group(i: usize, line: &str) -> &str {
    // Where the group's end is plain, it is cut out without a capturing
    // search: a credit or rail prefix and an agency dateline end at the
    // first colon, a media label at the end of the ASCII letters after its
    // one space (unless `ſource` opens them), and an ASCII running time is
    // the run of digits and colons from the first digit.
    match HEADS[i].0 {
        Head::CreditPrefix | Head::AgencyDateline => {
            if let Some(colon) = line.find(':') {
                return &line[..=colon];
            }
        }
        Head::MediaLabel => {
            if let Some(space) = line.find(' ') {
                let word = line.as_bytes()[space + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
                if word > 0 {
                    return &line[..space + 1 + word];
                }
            }
        }
        Head::RunningTime if line.is_ascii() => {
            let b = line.as_bytes();
            let start = b.iter().position(u8::is_ascii_digit).unwrap_or(0);
            let len = b[start..]
                .iter()
                .take_while(|c| c.is_ascii_digit() || **c == b':')
                .count();
            return &line[start..start + len];
        }
        _ => {}
    }
    head_re(i)
        .captures(line)
        .and_then(|c| c.get(1))
        .map_or(line, |m| m.as_str())
}

/// The role of line `i` when it is a caption touching line `j` (no blank
/// line between them).
fn touching_role(lines: &[Line], kinds: &[Kind], i: usize, j: usize) -> Option<Role> {
    if lines.get(i.max(j))?.after_blank {
        return None;
    }
    match kinds.get(j)? {
        Kind::Caption(_, role) => Some(*role),
        _ => None,
    }
}

/// A line that is a credit only under a picture's caption (`© Provided by
/// Outlet`, `Jane Roe | Outlet`) is one there; elsewhere it is a page's
/// notice or masthead.
fn add_credits_under_captions(lines: &[Line], kinds: &mut [Kind]) {
    for i in 1..lines.len() {
        let text = lines[i].text;
        let above = match &kinds[i - 1] {
            Kind::Plain => true,
            Kind::Caption(_, role) => *role == Role::Picture,
        };
        if kinds[i] == Kind::Plain
            && !lines[i].after_blank
            && above
            && credit::credit_under_caption(text)
            && lines[i - 1].text.len() <= MAX_CONTEXT_LINE
            // A caption's sentence or its date, not a footer's link
            // (`Terms of use`).
            && ends_caption_sentence(lines[i - 1].text)
            && describes_picture(lines[i - 1].text, true)
            && !is_chrome(lines[i - 1].text)
        {
            let reason = quoting("credit line: ", &excerpt(text, 40));
            kinds[i] = caption("caption.credit_line", 0.75, reason, Role::Credit);
        }
    }
}

/// Whether `line` ends as a caption's sentence does: with a full stop, or
/// with the picture's date (`…, 28 February 2025`).
fn ends_caption_sentence(line: &str) -> bool {
    let b = line.as_bytes();
    line.ends_with('.')
        || b.len() > 5 && b[b.len() - 5] == b' ' && scene::has_year(&b[b.len() - 4..])
}

/// Second pass: titles in video rails and captions next to credit lines.
fn add_context(lines: &[Line], kinds: &mut [Kind]) {
    for i in 0..lines.len() {
        if kinds[i] != Kind::Plain || lines[i].text.len() > MAX_CONTEXT_LINE {
            continue;
        }
        let prev = i
            .checked_sub(1)
            .and_then(|p| touching_role(lines, kinds, i, p));
        let next = touching_role(lines, kinds, i, i + 1);
        // The touching line that plays `role`, the one above first.
        let beside = |role: Role| {
            if prev == Some(role) {
                Some(i - 1)
            } else if next == Some(role) {
                Some(i + 1)
            } else {
                None
            }
        };
        let kind = match (prev, next) {
            (Some(Role::RunningTime), _)
                if count_words_up_to(lines[i].text, MIN_NEIGHBOUR_WORDS) >= MIN_NEIGHBOUR_WORDS
                    && !prose_follows(lines, kinds, i) =>
            {
                let time = i.checked_sub(1).map_or("", |p| lines[p].text);
                let reason = [
                    "title between rail lines (after running time \"",
                    time,
                    "\")",
                ]
                .concat();
                caption("caption.rail_title", 0.85, reason, Role::Other)
            }
            (Some(Role::RailMarker), Some(Role::RunningTime)) => {
                let reason = "title between rail lines".to_owned();
                caption("caption.rail_title", 0.8, reason, Role::Other)
            }
            _ => {
                if let Some(post) = beside(Role::Post)
                    && reads_as_caption(lines[i].text)
                {
                    let reason =
                        quoting("text of the embedded post ", &excerpt(lines[post].text, 30));
                    caption("caption.embed", 0.75, reason, Role::Other)
                } else if let Some(credit) = beside(Role::Credit)
                    && !(credit < i && credit_has_caption_above(lines, kinds, credit))
                    && !credit::describes_own_picture(lines[credit].text)
                    && describes_picture(lines[i].text, credit > i)
                {
                    let reason = quoting("next to credit line ", &excerpt(lines[credit].text, 30));
                    caption("caption.beside_credit", 0.7, reason, Role::Picture)
                } else {
                    continue;
                }
            }
        };
        // Chrome last: few lines get this far.
        if !is_chrome(lines[i].text) {
            kinds[i] = kind;
        }
    }
}

/// Longest word of a site's menu: `Video`, `Photos`, `Features`.
const MAX_MENU_WORD: usize = 15;

/// A one-word marker (`Video`, `Photos`) among other one-word lines is an
/// item of the site's menu, not a player's or a gallery's label.
fn drop_menu_items(lines: &[Line], kinds: &mut [Kind]) {
    let one_word = |l: &Line| {
        l.text.len() <= MAX_MENU_WORD
            && !l.text.contains(' ')
            && l.text.starts_with(|c: char| c.is_uppercase())
    };
    for i in 0..lines.len() {
        if kinds[i] == Kind::Plain || !one_word(&lines[i]) {
            continue;
        }
        let touching = |j: usize| lines.get(i.max(j)).is_some_and(|l| !l.after_blank);
        let menu_item = |j: usize| touching(j) && kinds[j] == Kind::Plain && one_word(&lines[j]);
        // Furniture of more than one word beside it: a rail or a gallery.
        let other_furniture = |j: usize| {
            touching(j) && lines.get(j).is_some_and(|l| !one_word(l)) && kinds[j] != Kind::Plain
        };
        let (prev, next) = (i.checked_sub(1), i + 1);
        let beside_item = prev.is_some_and(menu_item) || menu_item(next);
        if beside_item && !prev.is_some_and(other_furniture) && !other_furniture(next) {
            kinds[i] = Kind::Plain;
        }
    }
}

/// Whether the credit line `credit` closes a picture's caption above it:
/// then the line below it starts the story again (a subheading, the next
/// paragraph), however short.
fn credit_has_caption_above(lines: &[Line], kinds: &[Kind], credit: usize) -> bool {
    credit
        .checked_sub(1)
        .is_some_and(|above| touching_role(lines, kinds, credit, above) == Some(Role::Picture))
}

/// Fewest words of a sentence read as the story's prose after a rail.
const MIN_PROSE_WORDS: usize = 8;

/// Whether the line after line `i` is a sentence of the story, touching
/// it: then line `i` after a running time is the story's subheading or a
/// related story's headline, not a rail's title.
fn prose_follows(lines: &[Line], kinds: &[Kind], i: usize) -> bool {
    lines.get(i + 1).is_some_and(|next| {
        !next.after_blank
            && kinds[i + 1] == Kind::Plain
            && next.text.trim_end().ends_with(['.', '!', '?', '”', '"'])
            && count_words_up_to(next.text, MIN_PROSE_WORDS) >= MIN_PROSE_WORDS
    })
}

/// A caption's other line (`Title: …` above the caption proper) describes
/// the same picture: a line touching a picture's caption is one when it
/// tells a scene, not a report. Read from the end, so that a line above a
/// caption found by its credit below is reached after it.
fn add_second_lines(lines: &[Line], kinds: &mut [Kind]) {
    for i in (0..lines.len()).rev() {
        if kinds[i] != Kind::Plain || lines[i].text.len() > MAX_CONTEXT_LINE {
            continue;
        }
        let prev = i
            .checked_sub(1)
            .and_then(|p| touching_role(lines, kinds, i, p));
        let next = touching_role(lines, kinds, i, i + 1);
        if prev != Some(Role::Picture) && next != Some(Role::Picture) {
            continue;
        }
        let scene = scene::read(lines[i].text);
        if let Some(verb) = scene.verb.filter(|_| !scene.is_prose())
            && !is_chrome(lines[i].text)
        {
            let reason = ["beside a picture's caption, scene verb \"", verb, "\""].concat();
            kinds[i] = caption("caption.beside_caption", 0.65, reason, Role::Picture);
        }
    }
}

/// Fewest words of a line taken as a caption for standing beside a credit:
/// shorter neighbours are chrome (`Article content`) or a name.
const MIN_NEIGHBOUR_WORDS: usize = 3;

/// Whether a line beside a post reads as its text, not as article prose
/// or chrome.
fn reads_as_caption(line: &str) -> bool {
    count_words_up_to(line, MIN_NEIGHBOUR_WORDS) >= MIN_NEIGHBOUR_WORDS
        && !scene::read(line).is_prose()
}

/// Fewest words of a past-tense sentence beside a credit read as the
/// story's: a caption in the past tense (`Crowds gathered at the gates.`)
/// is short.
const MIN_PAST_NEIGHBOUR_WORDS: usize = 12;

/// Whether a line beside a credit describes its picture (the credit
/// `credit_below` it, as most desks print them, or above it), rather than
/// telling the story: a caption shows what is happening, in the present,
/// and may sum up the person pictured (`Ada Kwon says the ward is full`),
/// where prose reports in the past (`said`, a quotation), with modals
/// (`did not respond`, `may linger`) or in a long past-tense sentence.
fn describes_picture(line: &str, credit_below: bool) -> bool {
    let scene = scene::read(line);
    let pictured = scene.verb.is_some() || scene.date.is_some() || scene.frame.is_some();
    let summed_up = scene.reported && !scene.reported_as_prose && credit_below;
    // A credit printed above its picture's caption is rarer, and the line
    // under a credit is as often the story's next paragraph: it needs a
    // cue of its own, or no full stop.
    let unfinished = !line.trim_end().ends_with(['.', '”', '"']);
    let long_past_sentence = scene.past_verb
        && scene.words >= MIN_PAST_NEIGHBOUR_WORDS
        && line.trim_end().ends_with('.');
    let told_as_prose = scene.past || scene.tensed || long_past_sentence;
    scene.words >= MIN_NEIGHBOUR_WORDS
        && !scene.long
        && (credit_below || pictured || unfinished)
        && (!scene.reported || summed_up)
        && (pictured || !told_as_prose)
}

/// A player's chapter list: at least [`MIN_CHAPTERS`] touching lines, each
/// opening with its start time.
fn add_chapters(lines: &[Line], kinds: &mut [Kind]) {
    let is_chapter = |l: &Line| {
        l.text.len() <= MAX_CHAPTER_LINE
            && l.text.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && CHAPTER.is_match(l.text)
    };
    let mut i = 0;
    while i < lines.len() {
        if !is_chapter(&lines[i]) {
            i += 1;
            continue;
        }
        let run = 1 + lines[i + 1..]
            .iter()
            .take_while(|l| !l.after_blank && is_chapter(l))
            .count();
        if run >= MIN_CHAPTERS {
            for (line, kind) in lines[i..i + run].iter().zip(&mut kinds[i..i + run]) {
                if *kind == Kind::Plain {
                    let reason = quoting("chapter list: ", &excerpt(line.text, 30));
                    *kind = caption("caption.chapter_list", 0.8, reason, Role::Other);
                }
            }
        }
        i += run;
    }
}

/// Marks that open an item of a gallery's list of slides.
const SLIDE_BULLETS: &[char] = &['•', '·', '▪', '■', '►'];

/// A gallery prints each slide's caption twice, in its list of slides
/// (`• Crews clear the road`) and under the slide itself, on touching
/// lines: prose never repeats a sentence back to back.
fn add_twins(lines: &[Line], kinds: &mut [Kind]) {
    fn unbulleted<'t>(l: &Line<'t>) -> Option<&'t str> {
        l.text
            .strip_prefix(SLIDE_BULLETS)
            .map(str::trim_start)
            .filter(|rest| rest.len() >= MIN_REPEAT)
    }
    for i in 1..lines.len() {
        if lines[i].after_blank {
            continue;
        }
        let (above, below) = (&lines[i - 1], &lines[i]);
        let twins = unbulleted(above) == Some(below.text) || unbulleted(below) == Some(above.text);
        if twins && (kinds[i - 1] == Kind::Plain || kinds[i] == Kind::Plain) {
            for at in [i - 1, i] {
                if kinds[at] == Kind::Plain {
                    let reason = quoting(
                        "a gallery's slide, printed twice: ",
                        &excerpt(lines[at].text, 30),
                    );
                    kinds[at] = caption("caption.slide_twice", 0.75, reason, Role::Picture);
                }
            }
        }
    }
}

/// Most lines of a chart's or a picture's block read between two
/// furniture lines: a title and a subtitle.
const MAX_LINES_BETWEEN: usize = 2;
/// Most words of a line read as furniture for standing between two.
const MAX_WORDS_BETWEEN: usize = 12;

/// A chart prints its title and subtitle between its label and its
/// `Source:` line (`Chart: …` / `Lake levels, 1990–2025` / `Feet above sea
/// level` / `Source: …`): up to [`MAX_LINES_BETWEEN`] short lines that are
/// no sentence, touching furniture above and below, are furniture too.
fn add_lines_between_furniture(lines: &[Line], kinds: &mut [Kind]) {
    let between = |l: &Line<'_>| {
        let text = l.text.trim_end();
        let words = count_words_up_to(text, MAX_WORDS_BETWEEN + 1);
        // A title or subtitle: more than a button's two words, no label of
        // its own (`ALSO READ: …`), no bare date.
        !l.after_blank
            && !text.ends_with(['.', '!', '?', ':', '"', '”'])
            && (MIN_NEIGHBOUR_WORDS..=MAX_WORDS_BETWEEN).contains(&words)
            && !text.contains(": ")
            && (words > MIN_NEIGHBOUR_WORDS || !scene::has_year(text.as_bytes()))
    };
    let mut i = 1;
    while i < lines.len() {
        if kinds[i] != Kind::Plain || kinds[i - 1] == Kind::Plain {
            i += 1;
            continue;
        }
        let run = lines[i..]
            .iter()
            .zip(&kinds[i..])
            .take(MAX_LINES_BETWEEN + 1)
            .take_while(|(l, k)| **k == Kind::Plain && between(l))
            .count();
        let closed = (1..=MAX_LINES_BETWEEN).contains(&run)
            && lines.get(i + run).is_some_and(|l| !l.after_blank)
            && kinds.get(i + run).is_some_and(|k| *k != Kind::Plain);
        if closed && !lines[i..i + run].iter().any(|l| is_chrome(l.text)) {
            let under = excerpt(lines[i - 1].text, 30);
            for kind in &mut kinds[i..i + run] {
                let reason = quoting("between furniture lines, under ", &under);
                *kind = caption("caption.between_furniture", 0.7, reason, Role::Other);
            }
        }
        i += run.max(1);
    }
}

/// Carousels print a caption twice: every copy of a caption line is one. A
/// copy is no chrome, as its caption is not.
fn add_repeats(lines: &[Line], kinds: &mut [Kind]) {
    // Only copies of a caption matter, so only caption texts are keys, and
    // only plain lines as long as some caption are looked up. Each line is
    // hashed at most once: a key indexes its count of copies.
    // Seeded per process like the name index, and cheaper than SipHash.
    let mut slots: HashMap<&str, usize, foldhash::fast::RandomState> = HashMap::default();
    let mut copies: Vec<usize> = Vec::new();
    for (line, kind) in lines.iter().zip(kinds.iter()) {
        if line.text.len() >= MIN_REPEAT && matches!(kind, Kind::Caption(..)) {
            let slot = *slots.entry(line.text).or_insert_with(|| {
                copies.push(0);
                copies.len() - 1
            });
            copies[slot] += 1;
        }
    }
    if slots.is_empty() {
        return;
    }
    // Indexed by length: whether some caption is that long.
    let mut caption_len = vec![false; slots.keys().map(|t| t.len() + 1).max().unwrap_or(0)];
    for t in slots.keys() {
        if let Some(slot) = caption_len.get_mut(t.len()) {
            *slot = true;
        }
    }
    // Plain copies of a caption, with their slot.
    let mut plain = Vec::new();
    for (i, (line, kind)) in lines.iter().zip(kinds.iter()).enumerate() {
        if *kind == Kind::Plain
            && caption_len.get(line.text.len()) == Some(&true)
            && let Some(&slot) = slots.get(line.text)
        {
            copies[slot] += 1;
            plain.push((i, slot));
        }
    }
    for (i, slot) in plain {
        let count = copies[slot];
        if count > 1 {
            let reason = format!("repeats a caption line ({count} copies, carousel)");
            kinds[i] = caption("caption.repeated", 0.8, reason, Role::Other);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::lines;
    use super::*;

    /// `text | rule` of each caption found.
    fn rules(text: &str) -> Vec<String> {
        captions(&lines(text))
            .into_iter()
            .map(|s| {
                assert!(s.range.is_valid_in(text));
                assert!((0.0..=1.0).contains(&s.origin.confidence));
                format!(
                    "{} | {}",
                    s.range.slice(text).unwrap_or_default(),
                    s.origin.rule
                )
            })
            .collect()
    }

    #[test]
    fn credits_are_known_by_their_shape_not_by_outlet() {
        let captions = [
            "Volunteers stack sandbags outside the Marlow library on Friday. (Submitted photo)",
            "The new ferry leaves Kestrel Quay for its first crossing. (Courtesy: Harbour Board)",
            "Firefighters at the scene on Elm Road. (Jane Roe/Valley Courier)",
            "Ada Brook at the launch in Orlen. (Supplied)",
            "Crowds gather in the square at dusk. (Express Photo by Ravi Menon)",
            "Students leave the hall after the vote. (Photo: J. Okafor)",
            "Rescue crews search the riverbank near Tull on Sunday. Photograph: Mira Sol/Northlight",
            "The mayor greets residents at the market. Picture: Tom Wei",
        ];
        for line in captions {
            assert_eq!(
                rules(line),
                [format!("{line} | caption.alt_text")],
                "{line}"
            );
        }
        let prose = [
            "The council (which meets on Tuesdays) voted to close the pool.",
            "Sales rose 4 per cent (from 2.1m to 2.2m units).",
            "She moved to the city in 1998 (her sister followed).",
            "The ruling can be appealed (see the court's note).",
        ];
        for line in prose {
            assert!(rules(line).is_empty(), "{line}: {:?}", rules(line));
        }
    }

    #[test]
    fn credit_line_styles() {
        let text = "PHOTO: Lena Ortiz/Harbor Wire\nPhotograph: Tom Wei\nImage: Courtesy of Ames \
                    Lab\nCredit: Rhea Patel\nGetty Images\n  Courtesy of the Varga family  \n\
                    Omar Haddad/AFP via Getty Images\nPhoto by Kim Sato\n";
        assert_eq!(
            rules(text),
            [
                "PHOTO: Lena Ortiz/Harbor Wire | caption.credit_line",
                "Photograph: Tom Wei | caption.credit_line",
                "Image: Courtesy of Ames Lab | caption.credit_line",
                "Credit: Rhea Patel | caption.credit_line",
                "Getty Images | caption.credit_line",
                "Courtesy of the Varga family | caption.credit_line",
                "Omar Haddad/AFP via Getty Images | caption.credit_line",
                "Photo by Kim Sato | caption.credit_line",
            ]
        );
        let found = captions(&lines("PHOTO: A B"));
        assert_eq!(
            found[0].origin.reason,
            "credit line: starts with \"PHOTO:\""
        );
    }

    #[test]
    fn a_line_beside_a_credit_is_its_caption_only_when_it_shows_the_picture() {
        // Above its credit: a broadcaster's summing-up in the present is a
        // caption; past-tense prose with a modal is the story's.
        let text = "The council met on Monday to discuss the budget for next year.\n\
                    Mira Osei says the ward has been full since Sunday\n\
                    Image: Supplied\n\
                    The spokesperson did not respond to questions sent on Monday.\n\
                    Ana Ruiz/Coast Times\n\
                    A woman carries water home in Extension 7.\n\
                    The board approved the plan after a long debate that lasted until midnight on Friday.\n";
        assert_eq!(
            rules(text),
            [
                "Mira Osei says the ward has been full since Sunday | caption.beside_credit",
                "Image: Supplied | caption.credit_line",
                "Ana Ruiz/Coast Times | caption.credit_line",
                "A woman carries water home in Extension 7. | caption.beside_credit",
            ]
        );
        // Said, in quotation marks, is reported prose whichever side.
        let reported = "\"We are full,\" says Mira Osei, a nurse at the ward\nImage: Supplied\n";
        assert_eq!(rules(reported), ["Image: Supplied | caption.credit_line"]);
    }

    #[test]
    fn a_credit_that_describes_its_picture_leaves_its_neighbours_to_the_story() {
        let text = "The agency said the bridge had shown cracks for a year.\n\
                    File photo: Motorists pass a failed part of the expressway in 2023\n\
                    Crews return on Monday\n";
        let found = rules(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("File photo: Motorists"), "{found:?}");
        assert!(credit::describes_own_picture(
            "Graphic: Rain totals in the 24 hours to 6am"
        ));
        for credit in [
            "Photographs by Teo Lind for The Meridian",
            "Image Credit: Supplied",
            "Courtesy of the family",
        ] {
            assert!(!credit::describes_own_picture(credit), "{credit}");
        }
    }

    #[test]
    fn a_gallery_slide_printed_twice_is_a_caption_both_times() {
        let text = "• Volunteers hand out iced drinks to workers\n\
                    Volunteers hand out iced drinks to workers\n\
                    The ban has been enforced every summer since 2004.\n\
                    • Short\nShort\n";
        assert_eq!(
            rules(text),
            [
                "• Volunteers hand out iced drinks to workers | caption.slide_twice",
                "Volunteers hand out iced drinks to workers | caption.slide_twice",
            ]
        );
    }

    #[test]
    fn a_chart_title_and_subtitle_between_its_label_and_source_are_furniture() {
        let text = "Levels fell again this year.\n\
                    Chart: The Meridian\n\
                    Lake surface elevation, 1990–2025\n\
                    Feet above sea level, measured each August\n\
                    Source: State Office of Water Resources\n\
                    The lake has lost two thirds of its area since 1990.\n";
        let found = rules(text);
        assert!(
            found.contains(
                &"Lake surface elevation, 1990–2025 | caption.between_furniture".to_owned()
            ) && found.contains(
                &"Feet above sea level, measured each August | caption.between_furniture"
                    .to_owned()
            ),
            "{found:?}"
        );
        // A sentence, a label of its own or a button between furniture is
        // not a title.
        for between in [
            "The lake fell again this year.",
            "ALSO READ: Residents relocate",
            "play article",
        ] {
            let text = format!("Chart: The Meridian\n{between}\nSource: State Office\n");
            assert!(
                rules(&text).iter().all(|r| !r.starts_with(between)),
                "{between}: {:?}",
                rules(&text)
            );
        }
    }

    #[test]
    fn alt_text_with_trailing_credit_or_agency_dateline() {
        let text = "Firefighters douse a barn near Eltham on May 2, 2022. (AP Photo/Jo Park)\n\n\
                    Body paragraph one.\n\n\
                    A kite festival draws crowds in Tessaly. (Photo by Ravi Menon/Getty Images)\n\n\
                    BRISTOL, ENGLAND - MAY 04: Crowds gather on the quay\n";
        assert_eq!(
            rules(text),
            [
                "Firefighters douse a barn near Eltham on May 2, 2022. (AP Photo/Jo Park) | caption.alt_text",
                "A kite festival draws crowds in Tessaly. (Photo by Ravi Menon/Getty Images) | caption.alt_text",
                "BRISTOL, ENGLAND - MAY 04: Crowds gather on the quay | caption.alt_text",
            ]
        );
    }

    #[test]
    fn video_rail_with_running_times_and_titles() {
        let text = "Now playing\n02:36\nHow a small port town beat the drought\nUp next\n\
                    1:05:12\nWatch: the mayor on housing\nListen: Episode 4\n\n\
                    How a small port town beat the drought\n";
        let found = captions(&lines(text));
        let got: Vec<_> = found
            .iter()
            .map(|s| {
                (
                    s.range.slice(text).unwrap_or_default(),
                    s.origin.reason.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Now playing", "video rail: \"Now playing\""),
                ("02:36", "video rail: running time \"02:36\""),
                (
                    "How a small port town beat the drought",
                    "title between rail lines (after running time \"02:36\")"
                ),
                ("Up next", "video rail: \"Up next\""),
                ("1:05:12", "video rail: running time \"1:05:12\""),
                (
                    "Watch: the mayor on housing",
                    "video rail: starts with \"Watch:\""
                ),
                ("Listen: Episode 4", "video rail: starts with \"Listen:\""),
                // The same title later, after a blank line, repeats a caption.
                (
                    "How a small port town beat the drought",
                    "repeats a caption line (2 copies, carousel)"
                ),
            ]
        );
    }

    #[test]
    fn title_between_marker_and_running_time() {
        assert_eq!(
            rules("Up next\nStorm season explained\n3:10"),
            [
                "Up next | caption.video_rail",
                "Storm season explained | caption.rail_title",
                "3:10 | caption.video_rail",
            ]
        );
    }

    #[test]
    fn a_credit_with_its_caption_above_leaves_the_line_below_to_the_story() {
        let text = "Volunteers fill sandbags outside the town hall\nImage: Jo Brandt/Weltfunk\n\
                    Cleanup will take weeks\nThe insurers said on Friday that losses would reach €1 billion.\n";
        assert_eq!(
            rules(text),
            [
                "Volunteers fill sandbags outside the town hall | caption.beside_credit",
                "Image: Jo Brandt/Weltfunk | caption.credit_line",
            ]
        );
        // A credit printed first takes the caption below it.
        let text = "The market square on Sunday.\n\nImage: Jo Brandt/Weltfunk\nVolunteers fill sandbags outside the town hall\n";
        assert_eq!(
            rules(text),
            [
                "Image: Jo Brandt/Weltfunk | caption.credit_line",
                "Volunteers fill sandbags outside the town hall | caption.beside_credit",
            ]
        );
    }

    #[test]
    fn credits_inside_and_after_the_caption_line() {
        for line in [
            "Sandbags line the market square where water reached the first floor Image: Jo Brandt/Weltfunk",
            "Dr. Ada Kwon Courtesy of Ada Kwon hide caption",
            "A resident boards a coast guard vessel on Oct. 4, 2025. (Pool photo)(Hinode)",
            "The director addresses the committee, March 11, 2025. (Screen capture/Parliament Channel)",
            "Labourers cool down at a site in Al Quoz. All photos: Pawan Singh for The Ledger",
        ] {
            assert_eq!(
                rules(line),
                [format!("{line} | caption.alt_text")],
                "{line}"
            );
        }
        // Prose with a capitalised credit word inside is no caption.
        assert!(rules("The Image Awards named three photographers on Monday.").is_empty());
    }

    #[test]
    fn menus_breadcrumbs_and_tickers_are_not_furniture() {
        assert!(rules("World\nSports\nVideo\nPhotos\nSearch\n").is_empty());
        assert!(rules("Tech / Apps / Music").is_empty());
        assert!(rules("GOLD/FOREX").is_empty());
        assert_eq!(
            rules("Gallo Images/Veld Times/Lulama Zenzile"),
            ["Gallo Images/Veld Times/Lulama Zenzile | caption.credit_line"]
        );
        // A marker beside a rail's title is the rail's.
        assert_eq!(
            rules("Video\nFloodwaters sweep through the valley\n02:14").len(),
            3
        );
    }

    #[test]
    fn rail_labels_after_a_stop_or_a_pipe_and_player_lines() {
        for line in [
            "Video. Night trains make a comeback across the continent",
            "Video | Farmers weigh fertiliser bags at a mill",
            "Listen duration 4′ 38″",
            "Listen to this article · 7:48 min Learn more",
            "Photograph by Teo Lindgren for The Meridian",
            "Photo from the Facebook page of the city disaster office",
        ] {
            assert_eq!(rules(line).len(), 1, "{line}");
        }
    }

    #[test]
    fn credits_under_a_dated_caption() {
        let text =
            "Passengers board a sleeper at Wendel station, 28 February 2025\nCopyright Eurovista\n";
        assert_eq!(rules(text).len(), 2);
        let text =
            "A nurse in the empty delivery unit.\nRosa Villanueva for High Plains Public Media\n";
        assert_eq!(rules(text).len(), 2);
        // A notice with its year stays chrome.
        assert!(rules("Copyright 2025 Eurovista. All rights reserved.").is_empty());
    }

    #[test]
    fn carousel_captions_next_to_credit_each_count() {
        let text = "A heron waits on a jetty at dawn\nPHOTO: Ines Duarte/Coastline\n\
                    A heron waits on a jetty at dawn\nNow playing\n";
        assert_eq!(
            rules(text),
            [
                "A heron waits on a jetty at dawn | caption.beside_credit",
                "PHOTO: Ines Duarte/Coastline | caption.credit_line",
                // The credit already has its caption above: the copy below
                // counts as a copy.
                "A heron waits on a jetty at dawn | caption.repeated",
                "Now playing | caption.video_rail",
            ]
        );
    }

    #[test]
    fn media_labels_and_gallery_counters() {
        assert_eq!(
            rules(
                "Image caption, Voters queue in Dunmore\nImage source, Reuters\n3 of 12\nMedia caption\nPhoto 4/9"
            ),
            [
                "Image caption, Voters queue in Dunmore | caption.media_label",
                "Image source, Reuters | caption.media_label",
                "3 of 12 | caption.gallery_counter",
                "Media caption | caption.media_label",
                "Photo 4/9 | caption.gallery_counter",
            ]
        );
    }

    #[test]
    fn chrome_bylines_and_prose_are_not_captions() {
        let text = "Advertisement\nStory continues below advertisement\nBy Mara Quinn\n\
                    Sign up for our morning newsletter\nRead more: Port strike ends\nShare\n\n\
                    The photo, taken by a neighbour in 2019, shows the mayor at the party.\n\n\
                    A picture of the flooded square went viral on Tuesday, officials said.\n\n\
                    The council met at 10:30 on Monday.\n";
        assert!(rules(text).is_empty(), "{:?}", rules(text));
    }

    #[test]
    fn prose_and_chrome_beside_a_credit_stay_prose() {
        let text = "Getty Images\n\"We have never seen the water this high,\" said Ola Brandt.\nKai Lund/Marston Gazette\nThe harbour board voted 5-2 on Monday to close the terminal by the end of the year, ending a ferry service that has run since 1921.\nPHOTO: Ines Duarte/Coastline\nCopyright 2025 The Coastal Herald. All rights reserved.\nReport a typo\nArticle content\n";
        assert_eq!(
            rules(text),
            [
                "Getty Images | caption.credit_line",
                "Kai Lund/Marston Gazette | caption.credit_line",
                "PHOTO: Ines Duarte/Coastline | caption.credit_line",
            ]
        );
    }

    #[test]
    fn captions_by_picture_grammar_and_their_second_lines() {
        let text = "FILE - A cargo aircraft is loaded at the airport on Oct. 3, 2023.\n\n                    Body text about the airport follows here.\n\n                    Last voyages: Passengers wait for the ferry at the jetty.\n                    Passengers wait at the jetty on March 3.\nHT PHOTO: KELVIN ONG\n\n                    [1/5] Firefighters battle a blaze at a warehouse.\n";
        assert_eq!(
            rules(text),
            [
                "FILE - A cargo aircraft is loaded at the airport on Oct. 3, 2023. | caption.picture",
                "Last voyages: Passengers wait for the ferry at the jetty. | caption.beside_caption",
                "Passengers wait at the jetty on March 3. | caption.beside_credit",
                "HT PHOTO: KELVIN ONG | caption.credit_line",
                "[1/5] Firefighters battle a blaze at a warehouse. | caption.gallery_counter",
            ]
        );
    }

    #[test]
    fn players_figures_and_copyright_credits_by_their_shape() {
        let text = "Listen to this article · 14 min\n\n\
                    00:00 Introduction\n02:15 Out on the water\n09:48 What the tests found\n\n\
                    10:32 The council meets at noon.\n\n\
                    Episode 116: Who fishes the kelp beds? · 41 min\n\n\
                    Figure 1 | Shrinking workers\n\
                    Average wing length of bees in five valleys, 1983–2023\n\n\
                    Riders wait for a bus at the transit center on Monday.\n\
                    © Provided by Harbor Chronicle\n\n\
                    Terms of use\n© Harbor Chronicle\n\n\
                    Story by Ana Ruiz • 5h • 3 min read\n";
        assert_eq!(
            rules(text),
            [
                "Listen to this article · 14 min | caption.video_rail",
                "00:00 Introduction | caption.chapter_list",
                "02:15 Out on the water | caption.chapter_list",
                "09:48 What the tests found | caption.chapter_list",
                "Episode 116: Who fishes the kelp beds? · 41 min | caption.video_rail",
                "Figure 1 | Shrinking workers | caption.figure_label",
                "Average wing length of bees in five valleys, 1983–2023 | caption.beside_credit",
                "Riders wait for a bus at the transit center on Monday. | caption.beside_credit",
                "© Provided by Harbor Chronicle | caption.credit_line",
            ]
        );
    }

    #[test]
    fn prose_next_to_a_rail_title_is_not_a_caption() {
        let text = "Now playing\n04:10\nWhy rents are rising\n(Harbor Wire) — \n\n\
                    Why rents are rising is the question of the year.\n";
        assert_eq!(
            rules(text),
            [
                "Now playing | caption.video_rail",
                "04:10 | caption.video_rail",
                "Why rents are rising | caption.rail_title",
            ]
        );
    }

    /// Lines mixed from the words the head and chrome patterns start or
    /// end with, their `ſ`/`K` spellings, digits and separators.
    fn furniture_like_lines() -> Vec<String> {
        const PIECES: &[&str] = &[
            "Advertisement",
            "ad",
            "Share",
            "ſhare",
            "share this article",
            "Tweet",
            "email",
            "Print",
            "copy link",
            "copy lin\u{212a}",
            "Comments",
            "Read more",
            "Related",
            "Sign up",
            "Subscribe",
            "newsletter",
            "By ",
            "by Jo",
            "Updated",
            "Published",
            "contributed to this report",
            "Sponsored",
            "Story continues below",
            "PHOTO",
            "Photo by",
            "Image",
            "Image caption",
            "Media caption",
            "Picture",
            "Credit",
            "Illustration",
            "Graphic",
            "File photo",
            "Video credit",
            "Courtesy",
            "Getty Images",
            "AP",
            "Reuters",
            "AFP",
            "via",
            "Now playing",
            "Playing next",
            "Up next",
            "Watch",
            "Listen",
            "Audio",
            "Podcast",
            "Video",
            "More videos",
            "Duration",
            "min",
            "photos",
            "Slide",
            "ſlide",
            "of",
            "0",
            "3",
            "12",
            "٣",
            "BRISTOL",
            "MAY",
            "The",
            "council",
            " ",
            " ",
            ":",
            "/",
            "-",
            ",",
            ".",
            "(",
            ")",
            "|",
            "é",
        ];
        crate::detect::common::mixed_texts(PIECES, 20_000, 7, 0x51ed_270b)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// The first head pattern matching `line`, each run on its own.
    fn first_head_alone(line: &str) -> Option<usize> {
        (0..HEADS.len()).find(|&i| head_matches(i, line))
    }

    #[test]
    fn the_head_set_finds_the_first_head_each_pattern_alone_finds() {
        let lines = furniture_like_lines();
        let mut found = 0;
        for line in &lines {
            let expected = first_head_alone(line);
            assert_eq!(first_head(line), expected, "{line:?}");
            found += usize::from(expected.is_some());
        }
        // The mixed lines exercise the patterns, not only their absence.
        assert!(found > lines.len() / 50, "{found} of {}", lines.len());
    }

    #[test]
    fn prose_matches_no_head() {
        let long = |head: &str| format!("{head} {}", "and more words here ".repeat(10));
        for line in [
            long("The council met on Monday"),
            long("A spokesperson for the port said"),
            "The council met on Monday.".to_owned(),
            "Jane Doe/Reuters said the port would close.".to_owned(),
        ] {
            assert_eq!(first_head(&line), None, "{line}");
        }
        for line in ["Jane Doe/Reuters", "PHOTO: Jane Doe", "ſlide 2/5", "12:04"] {
            assert!(first_head(line).is_some(), "{line}");
        }
    }

    #[test]
    fn chrome_is_never_a_caption() {
        for line in [
            "Advertisement",
            "ſhare this ſtory",
            "Story continues below this advertisement",
            "COPY LINK",
            "Read more: the port",
            "Related coverage",
            "By Ann Lee",
            "Get the Newsletter today",
            "Jo Park contributed to this report.",
            "Updated 6:15 a.m.",
            "Photos: Gala Day 2025 in pictures",
            "In pictures: the week's floods",
        ] {
            assert!(is_chrome(line), "{line}");
        }
        // The prefilter keeps every match, `ſ` and `K` folds included.
        for line in [
            "ADVERTIſEMENT",
            "ſponſored content",
            "Copy linK",
            "Publiſhed 3 p.m.",
            "Get our NEWSLETTER",
            "newsletter",
            "Ann Lee contributed to this Report",
            "By Ann Lee",
            "by Ann Lee",
            "Photo: Ann Lee",
            "Now playing",
        ] {
            assert_eq!(is_chrome(line), CHROME.is_match(line), "{line}");
        }
        // Neither on its own, nor next to a credit or a running time.
        let text = "Photo: our newsletter\nPHOTO: Jo Park\nGet the newsletter here\n\n\
                    Now playing\n02:36\nAdvertisement\n";
        assert_eq!(
            rules(text),
            [
                "PHOTO: Jo Park | caption.credit_line",
                "Now playing | caption.video_rail",
                "02:36 | caption.video_rail",
            ]
        );
    }

    #[test]
    fn head_filters_pass_every_match() {
        let lines = [
            "PHOTO: Jo Park",
            "Photographs : Jo Park",
            "File photo: Jo Park",
            "Illuſtration: Jo Park",
            "Video credit: Jo Park",
            "Photo by Jo Park",
            "Pictures courtesy of Jo Park",
            "Courtesy of the family",
            "Jane Doe/Reuters",
            "Jane Doe/AFP via Getty Images",
            "Getty Images",
            "Duration: 2:30",
            "duration:\t12:30 MIN",
            "02:36",
            "1:02:03 min",
            "1:02:03min",
            "\u{663}:45",
            "Now playing",
            "UP NEXT",
            "More videos",
            "more videoſ",
            "Playing Next",
            "Watch: the port",
            "Video : 12:30",
            "Podcast : the port",
            "liſten: the port",
            "podcaſt: the port",
            "Image caption, a crane",
            "Media source Reuters",
            "Image ſource, Reuters",
            "image sourceſ",
            "VIDEO CAPTIONé",
            "Video caption",
            "Photo 3 of 12",
            "3 of 12 photos",
            "3 of 12 PHOTOſ",
            "Slide 3/\u{663}",
            "ſlide 2/5",
            "\u{663} of 12",
            "PORTLAND, OREGON - MAY 04: A crane",
            "NYC - MAY 4:",
            "ST. JOHN'S, CANADA - DECEMBER \u{663}:",
        ];
        for line in lines {
            let mut matched = false;
            for i in 0..HEADS.len() {
                if head_matches(i, line) {
                    matched = true;
                    let captured = head_re(i).captures(line).and_then(|c| c.get(1));
                    assert_eq!(head_group(i, line), captured.map_or(line, |m| m.as_str()));
                }
            }
            assert!(matched, "{line}");
        }
    }

    #[test]
    fn agency_credit_is_the_whole_line_pattern() {
        let whole = re(
            r"^[^.!?]{0,100}(?:/|\bvia\s+|^)(?:AFP|AP|Reuters|EPA|Getty Images|Shutterstock|Bloomberg|Alamy|ZUMA|PA Images)(?:\s+\w+){0,2}$",
        );
        let heads = |line: &str| {
            HEADS.iter().enumerate().any(|(i, h)| {
                matches!(h.0, Head::AgencyCredit | Head::AgencyCreditAfter) && head_matches(i, line)
            })
        };
        for line in [
            "x".repeat(100) + "/AP",
            "x".repeat(101) + "/AP",
            "é".repeat(100) + " via Reuters",
            "é".repeat(101) + " via Reuters",
            "x".repeat(101) + "/AP/AP",
            "Jo/AP/AFP via Getty Images".into(),
            "Jo. Park/AP".into(),
            "Jo Park/AP. Photo".into(),
            "Jo Park/AP Photo x".into(),
            "AP Photo/Jo Park".into(),
            "Kevia Reuters".into(),
            "Getty Images".into(),
            "Jo ?/Reuters".into(),
        ] {
            assert_eq!(heads(&line), whole.is_match(&line), "{line}");
        }
    }

    #[test]
    fn long_lines_and_odd_input_are_safe() {
        let long = "é".repeat(100_000) + " (Photo by Jo Park)";
        assert_eq!(rules(&long).len(), 1);
        for text in [
            "",
            "\n\n",
            " \u{a0}\n",
            "PHOTO:",
            "€:00",
            "Now playing\n\u{2028}",
        ] {
            let _ = rules(text);
        }
    }
}
