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

use super::common::{ceil_boundary, excerpt, line_ranges, origin, re, trim_range};
use super::{DetectConfig, Detector, Found, Suggestion};
use crate::model::{ByteRange, Label, Origin};
use regex::Regex;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

/// Finds Caption lines.
pub struct CaptionDetector;

impl Detector for CaptionDetector {
    fn label(&self) -> &'static str {
        Label::CAPTION
    }

    fn detect(&self, text: &str, _found: &Found, _config: &DetectConfig) -> Vec<Suggestion> {
        let lines = lines(text);
        let mut kinds: Vec<Kind> = lines.iter().map(|l| classify(l.text)).collect();
        add_context(&lines, &mut kinds);
        add_repeats(&lines, &mut kinds);
        lines
            .iter()
            .zip(kinds)
            .filter_map(|(line, kind)| match kind {
                Kind::Caption(origin, _) => Some(Suggestion {
                    label: Label::caption(),
                    range: line.range,
                    origin,
                    speaker: None,
                }),
                _ => None,
            })
            .collect()
    }
}

/// A non-blank line, trimmed.
struct Line<'t> {
    range: ByteRange,
    text: &'t str,
    /// Whether a blank line separates it from the previous non-blank line.
    after_blank: bool,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut after_blank = false;
    for (start, end) in line_ranges(text) {
        match trim_range(text, start, end) {
            Some(range) => out.push(Line {
                range,
                text: range.slice(text).unwrap_or_default(),
                after_blank: std::mem::take(&mut after_blank),
            }),
            None => after_blank = true,
        }
    }
    out
}

/// What the first pass makes of a line.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// Page chrome that is never a caption (`Advertisement`, bylines).
    Chrome,
    /// Nothing known yet.
    Plain,
    Caption(Origin, Role),
}

/// The part a caption line plays, which the context pass builds on.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Credit,
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

/// What a line-start pattern recognises.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Head {
    Chrome,
    CreditPrefix,
    CreditBy,
    /// `Jane Doe/Reuters`, `Getty Images`, `… via Getty Images`, after at
    /// most 100 chars without `.!?`.
    AgencyCredit,
    RunningTime,
    RailMarker,
    RailPrefix,
    MediaLabel,
    GalleryCounter,
    /// Agency caption dateline: `PORTLAND, OREGON - MAY 04:`.
    AgencyDateline,
}

/// Whole-line patterns in priority order (chrome first: it is never a
/// caption). Group 1, where present, is quoted in the reason.
const HEADS: &[(Head, &str)] = &[
    (
        Head::Chrome,
        r"(?i)^(?:advertisement|story continues below(?: this)? advertisement|ad|sponsored(?: content)?|share|share this(?: article| story)?|tweet|email|print|copy link|comments?|read more\b.*|related\b.*|sign up\b.*|subscribe\b.*|.*\bnewsletter\b.*|(?-i:By \p{Lu}.*)|updated\b.*|published\b.*|.*\bcontributed to this report\.?)$",
    ),
    (
        Head::CreditPrefix,
        r"(?i)^((?:photo(?:graph)?s?|images?|pictures?|credit|photo credit|image credit|illustration|graphic|file photo|video credit)\s*:)\s*\S",
    ),
    (
        Head::CreditBy,
        r"^((?:Photo|Image|Picture|Illustration)s?\s+(?:by|courtesy of)|Courtesy(?:\s+of)?)\s+\S",
    ),
    (
        Head::AgencyCredit,
        // Only the credit proper: [`head_matches`] checks the lead-in
        // `^[^.!?]{0,100}`, which as a bounded repeat of a Unicode class
        // costs more to compile than all of a document's lines to search.
        r"(?:/|\bvia\s+|^)(?:AFP|AP|Reuters|EPA|Getty Images|Shutterstock|Bloomberg|Alamy|ZUMA|PA Images)(?:\s+\w+){0,2}$",
    ),
    (
        Head::RunningTime,
        r"(?i)^(?:duration:?\s*)?(\d{1,2}:[0-5]\d(?::[0-5]\d)?)(?:\s*min)?$",
    ),
    (
        Head::RailMarker,
        r"(?i)^(now playing|up next|next up|playing next|watch now|play video|video ended|replay|more videos|watch more)$",
    ),
    (
        Head::RailPrefix,
        r"(?i)^((?:watch|video|listen|audio|podcast)\s*:)\s*\S",
    ),
    (
        Head::MediaLabel,
        r"(?i)^(image caption|media caption|video caption|picture caption|image source|image copyright|media source)\b",
    ),
    (
        Head::GalleryCounter,
        r"(?i)^((?:photo|image|picture|slide)\s+\d{1,3}\s*(?:of|/)\s*\d{1,3}|\d{1,3}\s+of\s+\d{1,3}(?:\s+(?:photos|images|pictures))?)$",
    ),
    (
        Head::AgencyDateline,
        r"^([A-Z][A-Z .,'-]{2,40} - (?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER) \d{1,2}:)",
    ),
];

/// Each head pattern on its own, compiled on first use: a line runs only the
/// patterns that [`may_match`] lets through, which for most lines is none.
static HEAD_RES: [OnceLock<Regex>; HEADS.len()] = [const { OnceLock::new() }; HEADS.len()];
/// A credit closing a line of alt text: `(Photo by …)`, `(AP Photo/…)`.
static TRAILING_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\((?:Photo|Photos|Photo Illustration|Photograph|Image|Picture|Illustration|Video)(?:\s+credit\s+should\s+read|\s+by|\s+credit:?|\s+courtesy\s+of)\s+[^)]*\)\s*$|\((?:AP|AFP|Reuters|EPA|PA) Photo[^)]*\)|\((?:Getty Images|Reuters|AFP|AP|EPA)\)\s*$",
    )
});
/// Longest line taken as a bare agency credit.
const MAX_AGENCY_CREDIT: usize = 120;

fn caption(rule: &str, confidence: f32, reason: String, role: Role) -> Kind {
    Kind::Caption(origin(rule, confidence, reason), role)
}

/// Lines at most this long always go through [`may_match`]: the whole-line
/// chrome and rail markers (`Story continues below this advertisement`,
/// `Up next`) only match short lines (`ſ` and `K` count twice and thrice).
const SHORT_LINE: usize = 64;
/// The agency names of [`Head::AgencyCredit`]: a line up to
/// [`MAX_AGENCY_CREDIT`] bytes without one cannot be an agency credit.
static AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    re("AFP|AP|Reuters|EPA|Getty Images|Shutterstock|Bloomberg|Alamy|ZUMA|PA Images")
});

/// Lowercase line starts that a head pattern may match on a longer line:
/// prefixes of the line-start patterns (case-insensitive, so the case-sensitive
/// `By …`, `Photo by …`, `Courtesy …` are covered too).
const HEAD_PREFIXES: &[&str] = &[
    "read more",
    "related",
    "sign up",
    "subscribe",
    "updated",
    "published",
    "by ",
    "photo",
    "image",
    "picture",
    "credit",
    "illustration",
    "graphic",
    "file photo",
    "video",
    "courtesy",
    "duration",
    "watch",
    "listen",
    "audio",
    "podcast",
    "media",
    "slide",
];

/// Whether a head pattern may match `line`: a cheap, conservative test that
/// spares prose lines any head pattern. Beyond short lines and agency
/// credits, every head is a line-start pattern.
fn may_have_head(line: &str, letter: &OnceCell<bool>) -> bool {
    let b = line.as_bytes();
    if b.len() <= SHORT_LINE || b.len() <= MAX_AGENCY_CREDIT && AGENCY.is_match(line) {
        return true;
    }
    let upper = |i: usize| b.get(i).is_some_and(u8::is_ascii_uppercase);
    let dateline = |i: usize| {
        b.get(i)
            .is_some_and(|c| c.is_ascii_uppercase() || b" .,'-".contains(c))
    };
    let head = &b[..40];
    let first = b[0].to_ascii_lowercase();
    // A start that may be a Unicode digit (`\d`); `ſ` (U+017F) and `K`
    // (U+212A) match `s` and `k` under `(?i)`.
    folded_first(line) == b'0'
        || upper(0) && dateline(1) && dateline(2)
        || HEAD_PREFIXES
            .iter()
            .any(|p| p.as_bytes()[0] == first && head[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
        || head
            .windows(2)
            .any(|w| w == [0xC5, 0xBF] || w == [0xE2, 0x84])
        || *letter.get_or_init(|| contains_letter(b))
        || ends_with_ignore_ascii_case(b.strip_suffix(b".").unwrap_or(b), b"report")
}

/// Whether `hay` contains `letter`, ignoring ASCII case. Most lines are
/// scanned in full, so this looks at eight bytes a step for `tt` (the rare
/// pair of `letter`, in any case) and checks the rest only there.
fn contains_letter(hay: &[u8]) -> bool {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = LOW * 0x80;
    let letter_at = |tt: usize| {
        tt >= 2
            && hay[tt - 2..tt].eq_ignore_ascii_case(b"le")
            && hay
                .get(tt..tt + 4)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"tter"))
    };
    let mut i = 0;
    while let Some(chunk) = hay.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // High bit of each byte that is `t` or `T` (exact: no carries).
        let y = (x | (LOW * 0x20)) ^ (LOW * u64::from(b't'));
        let t = !(((y & !HIGH) + !HIGH) | y) & HIGH;
        let mut pairs = t & (t >> 8);
        while pairs != 0 {
            if letter_at(i + pairs.trailing_zeros() as usize / 8) {
                return true;
            }
            pairs &= pairs - 1;
        }
        // Overlap by a byte so a pair across chunks is seen.
        i += 7;
    }
    (i..hay.len()).any(letter_at)
}

fn ends_with_ignore_ascii_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[hay.len() - needle.len()..].eq_ignore_ascii_case(needle)
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

/// Whether `line` starts with one of `words` (ASCII case ignored).
fn starts_with_any(line: &[u8], words: &[&str]) -> bool {
    words.iter().any(|w| {
        line.get(..w.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(w.as_bytes()))
    })
}

/// Whether `head` may match `line`, by the letters its pattern can start
/// with (and a few other musts), so that a line runs only the patterns it
/// may have. Conservative: every match passes.
fn may_match(head: Head, line: &str, letter: &OnceCell<bool>) -> bool {
    let first = folded_first(line);
    let b = line.as_bytes();
    match head {
        // Whole-line chrome is short (`ſ` and `K` count at most thrice);
        // longer chrome starts with a prefix word or `By `, or ends in
        // `…newsletter…` or `… contributed to this report`.
        Head::Chrome => {
            b.len() <= 120 && b"asteprc".contains(&first)
                || b"rsupb".contains(&first)
                || *letter.get_or_init(|| contains_letter(b))
                || ends_with_ignore_ascii_case(b.strip_suffix(b".").unwrap_or(b), b"report")
        }
        Head::CreditPrefix => b"picgfv".contains(&first) && b.contains(&b':'),
        Head::CreditBy => ["Photo", "Image", "Picture", "Illustration", "Courtesy"]
            .iter()
            .any(|w| b.starts_with(w.as_bytes())),
        // Longer agency credits are prose.
        Head::AgencyCredit => b.len() <= MAX_AGENCY_CREDIT && AGENCY.is_match(line),
        // The head words below have no `s` or `k` to fold but `slide`'s first.
        Head::RunningTime => first == b'0' || starts_with_any(b, &["duration"]),
        Head::RailMarker => b.len() <= 60 && b"nupwvrm".contains(&first),
        Head::RailPrefix => b"wvlap".contains(&first) && b.contains(&b':'),
        Head::MediaLabel => starts_with_any(b, &["image", "media", "video", "picture"]),
        Head::GalleryCounter => {
            first == b'0'
                || starts_with_any(b, &["photo", "image", "picture"])
                || first == b's'
                    && starts_with_any(
                        &b[b.len().min(1 + usize::from(!b[0].is_ascii()))..],
                        &["lide"],
                    )
        }
        Head::AgencyDateline => {
            let dateline = |c: &u8| c.is_ascii_uppercase() || b" .,'-".contains(c);
            b.first().is_some_and(u8::is_ascii_uppercase)
                && b.get(1..3).is_some_and(|h| h.iter().all(dateline))
        }
    }
}

/// First pass: what a line is on its own.
fn classify(line: &str) -> Kind {
    let mut dateline = None;
    // Whether the line holds `letter`, found at most once.
    let letter = OnceCell::new();
    // The first head pattern that matches decides.
    let head = may_have_head(line, &letter)
        .then(|| {
            (0..HEADS.len())
                .find(|&i| may_match(HEADS[i].0, line, &letter) && head_matches(i, line))
        })
        .flatten();
    if let Some(i) = head {
        let group = || head_group(i, line);
        let kind = match HEADS[i].0 {
            Head::Chrome => Kind::Chrome,
            Head::CreditPrefix | Head::CreditBy => {
                let confidence = if HEADS[i].0 == Head::CreditPrefix {
                    0.95
                } else {
                    0.9
                };
                let reason = format!("credit line: starts with \"{}\"", group());
                caption("caption.credit_line", confidence, reason, Role::Credit)
            }
            Head::AgencyCredit => {
                let reason = format!("credit line: agency credit \"{}\"", excerpt(line, 40));
                caption("caption.credit_line", 0.85, reason, Role::Credit)
            }
            Head::RunningTime => {
                let reason = format!("video rail: running time \"{}\"", group());
                caption("caption.video_rail", 0.85, reason, Role::RunningTime)
            }
            Head::RailMarker => {
                let reason = format!("video rail: \"{line}\"");
                caption("caption.video_rail", 0.95, reason, Role::RailMarker)
            }
            Head::RailPrefix => {
                let reason = format!("video rail: starts with \"{}\"", group());
                caption("caption.video_rail", 0.9, reason, Role::Other)
            }
            Head::MediaLabel => {
                let reason = format!("media label \"{}\"", group());
                caption("caption.media_label", 0.95, reason, Role::Other)
            }
            Head::GalleryCounter => {
                let reason = format!("gallery counter \"{line}\"");
                caption("caption.gallery_counter", 0.9, reason, Role::Other)
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
    let tail = &line[ceil_boundary(line, line.len().saturating_sub(TAIL))..];
    // Every trailing credit opens with `(` and the capital of a credit word
    // (`Photo`, `AP`, `Getty Images`, …): most lines have none.
    let t = tail.as_bytes();
    if memchr::memchr_iter(b'(', t).any(|i| t.get(i + 1).is_some_and(|b| b"PIVAREG".contains(b)))
        && let Some(m) = TRAILING_CREDIT.find(tail)
    {
        let reason = format!(
            "alt text: ends with \"{}\"",
            excerpt(m.as_str().trim_end(), 40)
        );
        return caption("caption.alt_text", 0.9, reason, Role::Other);
    }
    if let Some(i) = dateline {
        let reason = format!("alt text: agency dateline \"{}\"", head_group(i, line));
        return caption("caption.alt_text", 0.85, reason, Role::Other);
    }
    Kind::Plain
}

fn head_re(i: usize) -> &'static Regex {
    HEAD_RES[i].get_or_init(|| re(HEADS[i].1))
}

/// Whether head pattern `i` matches `line`. An agency credit may follow at
/// most 100 chars without `.!?`: as the leftmost match starts at the first
/// place the credit can, the lead-in holds if it holds before that one.
fn head_matches(i: usize, line: &str) -> bool {
    if HEADS[i].0 != Head::AgencyCredit {
        return head_re(i).is_match(line);
    }
    let stop = line.find(['.', '!', '?']).unwrap_or(line.len());
    let limit = line
        .char_indices()
        .nth(100)
        .map_or(stop, |(j, _)| j.min(stop));
    head_re(i).find(line).is_some_and(|m| m.start() <= limit)
}

/// Group 1 of head pattern `i` in `line` (the whole line when it has none).
fn head_group(i: usize, line: &str) -> &str {
    // Where the group's end is plain, it is cut out without a capturing
    // search: a credit or rail prefix ends at the first colon, and an ASCII
    // running time is the run of digits and colons from the first digit.
    match HEADS[i].0 {
        Head::CreditPrefix | Head::RailPrefix => {
            if let Some(colon) = line.find(':') {
                return &line[..=colon];
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
        let kind = match (prev, next) {
            (Some(Role::RunningTime), _) => {
                let time = i.checked_sub(1).map_or("", |p| lines[p].text);
                let reason = format!("title between rail lines (after running time \"{time}\")");
                caption("caption.rail_title", 0.85, reason, Role::Other)
            }
            (Some(Role::RailMarker), Some(Role::RunningTime)) => {
                let reason = "title between rail lines".to_owned();
                caption("caption.rail_title", 0.8, reason, Role::Other)
            }
            (Some(Role::Credit), _) | (_, Some(Role::Credit)) => {
                let credit = if prev == Some(Role::Credit) {
                    i - 1
                } else {
                    i + 1
                };
                let reason = format!(
                    "next to credit line \"{}\"",
                    excerpt(lines[credit].text, 30)
                );
                caption("caption.beside_credit", 0.7, reason, Role::Other)
            }
            _ => continue,
        };
        kinds[i] = kind;
    }
}

/// Carousels print a caption twice: every copy of a caption line is one.
fn add_repeats(lines: &[Line], kinds: &mut [Kind]) {
    // Only copies of a caption matter, so only caption texts are keys, and
    // only lines as long as some caption are hashed to count their copies.
    let counted = |line: &Line, kind: &Kind| line.text.len() >= MIN_REPEAT && *kind != Kind::Chrome;
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (line, kind) in lines.iter().zip(kinds.iter()) {
        if counted(line, kind) && matches!(kind, Kind::Caption(..)) {
            seen.insert(line.text, 0);
        }
    }
    if seen.is_empty() {
        return;
    }
    // Indexed by length: whether some caption is that long.
    let mut caption_len = vec![false; seen.keys().map(|t| t.len() + 1).max().unwrap_or(0)];
    for t in seen.keys() {
        if let Some(slot) = caption_len.get_mut(t.len()) {
            *slot = true;
        }
    }
    let as_long = |line: &Line| caption_len.get(line.text.len()) == Some(&true);
    for (line, kind) in lines.iter().zip(kinds.iter()) {
        if counted(line, kind)
            && as_long(line)
            && let Some(count) = seen.get_mut(line.text)
        {
            *count += 1;
        }
    }
    for (line, kind) in lines.iter().zip(kinds.iter_mut()) {
        if *kind == Kind::Plain
            && as_long(line)
            && let Some(&count) = seen.get(line.text)
            && count > 1
        {
            let reason = format!("repeats a caption line ({count} copies, carousel)");
            *kind = caption("caption.repeated", 0.8, reason, Role::Other);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text | rule` of each caption found.
    fn rules(text: &str) -> Vec<String> {
        CaptionDetector
            .detect(text, &Found::default(), &DetectConfig::default())
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
        let found =
            CaptionDetector.detect("PHOTO: A B", &Found::default(), &DetectConfig::default());
        assert_eq!(
            found[0].origin.reason,
            "credit line: starts with \"PHOTO:\""
        );
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
        let found = CaptionDetector.detect(text, &Found::default(), &DetectConfig::default());
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
    fn carousel_captions_next_to_credit_each_count() {
        let text = "A heron waits on a jetty at dawn\nPHOTO: Ines Duarte/Coastline\n\
                    A heron waits on a jetty at dawn\nNow playing\n";
        assert_eq!(
            rules(text),
            [
                "A heron waits on a jetty at dawn | caption.beside_credit",
                "PHOTO: Ines Duarte/Coastline | caption.credit_line",
                "A heron waits on a jetty at dawn | caption.beside_credit",
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

    #[test]
    fn head_prefilter_is_conservative() {
        let long = |head: &str| format!("{head} {}", "and more words here ".repeat(10));
        // Lines no head can match skip the set.
        for line in [
            long("The council met on Monday"),
            long("A spokesperson for the port said"),
            long("In the end the"),
        ] {
            assert!(!may_have_head(&line, &OnceCell::new()), "{line}");
        }
        // Everything a head may match is kept, including `ſ` folds.
        for line in [
            "Advertisement".to_owned(),
            "Jane Doe/Reuters".to_owned(),
            long("Sign up"),
            long("PHOTO:"),
            long("ſubscribe"),
            long("Publiſhed"),
            long("12:04"),
            long("BRISTOL, ENGLAND - MAY 04:"),
            long("Get our NEWSLETTER"),
            long("x") + " Ann Lee contributed to this REPORT.",
        ] {
            assert!(may_have_head(&line, &OnceCell::new()), "{line}");
            for (i, (head, _)) in HEADS.iter().enumerate() {
                assert!(
                    !head_matches(i, &line) || may_match(*head, &line, &OnceCell::new()),
                    "{line}"
                );
            }
        }
        assert!(contains_letter(b"a NewsLetter b"));
        assert!(contains_letter(b"lletter"));
        assert!(contains_letter(b"LETTER"));
        assert!(!contains_letter(b"lette"));
        assert!(!contains_letter(b"tter"));
        assert!(!contains_letter(b"a bitter letTe"));
        for at in 0..20 {
            let mut hay = vec![b'x'; 30];
            hay[at..at + 6].copy_from_slice(b"leTTer");
            assert!(contains_letter(&hay), "{at}");
            hay[at + 3] = b'x';
            assert!(!contains_letter(&hay), "{at}");
        }
        assert!(ends_with_ignore_ascii_case(b"this Report", b"report"));
        assert!(!ends_with_ignore_ascii_case(b"port", b"report"));
    }

    #[test]
    fn head_filters_pass_every_match() {
        let lines = [
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
            "PHOTO: Jo Park",
            "Photographs : Jo Park",
            "File photo: Jo Park",
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
            "Watch: the port",
            "Video : 12:30",
            "Podcast : the port",
            "Image caption, a crane",
            "Media source Reuters",
            "Photo 3 of 12",
            "3 of 12 photos",
            "ſlide 2/5",
            "\u{663} of 12",
            "PORTLAND, OREGON - MAY 04: A crane",
        ];
        for line in lines {
            let mut matched = false;
            for (i, (head, _)) in HEADS.iter().enumerate() {
                if head_matches(i, line) {
                    matched = true;
                    assert!(may_match(*head, line, &OnceCell::new()), "{head:?} {line}");
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
        let i = HEADS
            .iter()
            .position(|h| h.0 == Head::AgencyCredit)
            .unwrap_or(0);
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
            assert_eq!(head_matches(i, &line), whole.is_match(&line), "{line}");
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
