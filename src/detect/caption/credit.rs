//! Picture credits by their shape, wherever a line puts them: after the
//! caption's own sentence (`… on Sunday. - Photo by Name`, `… Thursday. |
//! Photo by Name/Agency via Getty Images`, `… Street. ANI`), or as a line of
//! their own (`HT PHOTO: NAME`, `HT FILE PHOTO`). A credit is a credit
//! label (`Photo:`, `Picture by`), a credit word alone (`Handout`,
//! `Contributed`), a `Name/Outlet` chain, `Name for Outlet`, `… via …` or a
//! capitalised agency name: short, capitalised, with no sentence of its own.

use super::super::common::{WordSet, split_words};
use std::sync::LazyLock;

/// Words that say a group of capitalised words is a picture credit.
const CREDIT_WORDS: &str = "photo photos photograph photographs photographer picture pictures \
pic image images courtesy credit supplied submitted file handout illustration graphic video \
contributed pool screengrab screenshot capture artwork";
/// Words that, closing a `Name/…` pair, make it a byline, not a credit.
const BYLINE_ROLES: &str = "reporter writer correspondent editor contributor columnist \
staff intern";
/// Small words a credit may hold in lowercase: `Photo by Name for Outlet`.
const LINKS: &str = "by for via of from and the de van von del la le da y on";

static CREDIT_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(CREDIT_WORDS.split_whitespace()));
static BYLINE_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(BYLINE_ROLES.split_whitespace()));
/// Credit words that are a whole credit on a line of their own.
const WHOLE_CREDITS: &str = "supplied submitted contributed handout courtesy";
static WHOLE_CREDIT_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(WHOLE_CREDITS.split_whitespace()));
static LINK_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(LINKS.split_whitespace()));

/// Most words of a bare name or outlet read as a credit.
const MAX_NAME_WORDS: usize = 5;
/// Longest credit read by its shape.
const MAX_CREDIT: usize = 90;
/// Most words a credit holds.
const MAX_CREDIT_WORDS: usize = 10;
/// Longest all-capitals agency name taken alone (`ANI`, `EPA-EFE`).
const MAX_AGENCY: usize = 12;

/// A picture credit closing `tail` in brackets (round or square): a short
/// group holding a
/// credit word (`(Submitted photo)`, `(Courtesy: Name)`, `(Express Photo by
/// Name)`), a `Name/Outlet` pair (`(Jane Roe/CBC)`), an `Outlet: Name` pair
/// (`(ABN News: Name)`) or a short capitalised name (`(Hinode)`), with no
/// sentence inside.
pub(super) fn parenthesised(tail: &str) -> Option<&str> {
    let trimmed = tail.trim_end();
    let (inner_end, opener) = match trimmed.strip_suffix(')') {
        Some(inner) => (inner.len(), b'('),
        None => (trimmed.strip_suffix(']')?.len(), b'['),
    };
    let open = memchr::memrchr(opener, &trimmed.as_bytes()[..inner_end])?;
    let inner = trimmed[open + 1..inner_end].trim();
    if inner.is_empty() || inner.len() > MAX_CREDIT || inner.contains(['!', '?', '“', '"']) {
        return None;
    }
    // A full stop ends a sentence, unless a credit word says the group is
    // a credit with initials in it: `(Photo: J. Roe)`.
    let has_credit_word = inner
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| CREDIT_SET.contains_lowercase(w));
    let plain = !inner.contains('.');
    let outlet_name = inner
        .split_once(": ")
        .is_some_and(|(outlet, name)| phrase(outlet, 4) && phrase(name, 4));
    // `(Hinode)`, `(Fire and Rescue Services)`, `(Gobierno de Tenamaxtla)`.
    let one_name = inner.split_whitespace().count() <= MAX_NAME_WORDS
        && capitalised(inner)
        && !inner.contains(|c: char| c.is_ascii_digit());
    // A bare name in brackets closes a caption only after its sentence, or
    // after another bracketed credit (`(Pool photo)(Hinode)`): inside prose
    // it is a party or a place (`Jane Roe (Labour)`).
    let before = trimmed[..open].trim_end();
    let after_sentence = before.ends_with(['.', '!', '?', '”', '’', '"'])
        || before.ends_with(')') && parenthesised(before).is_some();
    let shaped = has_credit_word
        || plain && (name_outlet_pair(inner) || after_sentence && (outlet_name || one_name));
    shaped.then_some(&trimmed[open..])
}

/// `Jane Roe/CBC`, `Lena Ostrova / Northlight Images`, `Agency/Outlet/Name`:
/// capitalised words on each side of one or two slashes, a few each, the
/// last no byline role (`Name/Staff Reporter` is a byline).
pub(super) fn name_outlet_pair(text: &str) -> bool {
    let parts: Vec<&str> = text.split('/').map(str::trim).collect();
    let [.., last_part] = parts[..] else {
        return false;
    };
    let last = last_part.split_whitespace().next_back().unwrap_or_default();
    // Up to an agency, an outlet and a name (`Agency/Outlet/Name`); one word
    // a side in capitals is a ticker's pair (`GOLD/FOREX`), not a credit.
    let ticker = parts
        .iter()
        .all(|p| !p.contains(' ') && !p.contains(char::is_lowercase));
    // Three one-word parts are a section's breadcrumbs (`Tech / Apps /
    // Music`), and numbers a date.
    let chain = parts.len() == 3
        && parts.iter().any(|p| p.contains(' '))
        && !parts
            .iter()
            .any(|p| p.starts_with(|c: char| c.is_ascii_digit()));
    (parts.len() == 2 || chain)
        && parts.iter().all(|p| phrase(p, 4))
        && !ticker
        && !BYLINE_SET.contains_lowercase(last)
}

/// One to `max_words` words, each opening with a capital or a digit: a
/// name or an outlet (`Jane Roe`, `Northlight Images`, `7News`).
fn phrase(text: &str, max_words: usize) -> bool {
    (1..=max_words).contains(&text.split_whitespace().count())
        && text.split_whitespace().all(starts_capitalised)
}

/// The credit closing `line` after its caption sentence, if it has one.
pub(super) fn after_sentence(line: &str) -> Option<&str> {
    // A handout's terms after its credit (`AGENCY/SOURCE +++ AGENCY PROVIDES
    // ACCESS …`) belong to the credit, however long they run.
    // Most lines hold no `+`: the byte search skips them at memchr's speed.
    let line = memchr::memchr(b'+', line.as_bytes())
        .and_then(|_| memchr::memmem::find(line.as_bytes(), b" +++"))
        .map_or(line, |at| &line[..at]);
    // Most lines end their own last sentence, which no credit does: they
    // are not searched.
    if line.trim_end().ends_with(NO_CREDIT_END) {
        return None;
    }
    let b = line.as_bytes();
    // The last sentence end followed by a space: what follows is the tail.
    let end = (0..b.len().saturating_sub(1))
        .rev()
        .take(MAX_CREDIT + 4)
        .find(|&i| {
            // Only these bytes end a sentence (`”` and `’` end in 0x9D, 0x99).
            if !matches!(b[i], b'.' | b'!' | b'?' | b'"' | b')' | 0x9D | 0x99) {
                return false;
            }
            // A space, a dash set close (`… hospital.—Name for Outlet`), or
            // a credit glued on where the page's markup parted them
            // (`… on Wednesday.Jane Roe / AP`).
            let next = &b[i + 1..];
            let glued = b[i] == b'.' && next.first().is_some_and(u8::is_ascii_uppercase);
            (next.starts_with(b" ")
                || next.starts_with("—".as_bytes())
                || next.starts_with("–".as_bytes())
                || glued)
                && is_sentence_end(line, i)
        })?;
    let tail = line[end + 1..].trim_start();
    let credit = tail
        .trim_start_matches(['-', '–', '—', '|', '•', '·'])
        .trim_start();
    // An opening separator is a credit's own mark: the shape may be looser.
    let marked = credit.len() < tail.len();
    (is_credit(credit, marked)).then_some(tail)
}

/// A credit label inside the caption's line, with no sentence end before
/// it: `… several buildings Image: Name/Agency`, `… Dr. Jane Roe Courtesy
/// of Jane Roe`. The label is a capitalised credit word, and all that
/// follows it to the line's end is its credit.
pub(super) fn labelled_tail(line: &str) -> Option<&str> {
    let line = line.trim_end();
    // A credit ends in no sentence punctuation: most lines are not searched.
    if line.ends_with(NO_CREDIT_END) {
        return None;
    }
    let b = line.as_bytes();
    // The label's word is capitalised and follows a space; at least three
    // words of the caption come first.
    let mut words_before = 0;
    for (at, _) in line.match_indices(' ') {
        words_before += 1;
        let rest = &line[at + 1..];
        if words_before < 3 || !b.get(at + 1).is_some_and(u8::is_ascii_uppercase) {
            continue;
        }
        let word = rest.split(' ').next().unwrap_or_default();
        let label = word.trim_end_matches(':');
        if CREDIT_SET.contains_lowercase(label)
            && (word.ends_with(':')
                || rest[word.len()..].starts_with(" of ")
                || rest[word.len()..].starts_with(" by "))
            && is_credit(rest, false)
        {
            return Some(rest);
        }
    }
    None
}

/// Whether byte `i` of `line` ends a sentence: `.`, `!`, `?`, or a closing
/// quotation mark or bracket after one.
fn is_sentence_end(line: &str, i: usize) -> bool {
    let head = &line[..=i.min(line.len() - 1)];
    let Some(last) = head.chars().next_back() else {
        return false;
    };
    if head.len() != i + 1 {
        return false;
    }
    match last {
        '.' => {
            let before = &head[..head.len() - 1];
            !ends_in_initial(before) && !ends_in_abbreviation(before)
        }
        '!' | '?' => true,
        '”' | '’' | '"' | ')' => {
            head[..head.len() - last.len_utf8()].ends_with(['.', '!', '?'])
        }
        _ => false,
    }
}

/// Whether `text` ends in a word with a full stop inside (`a.m`, `p.m`,
/// `U.S`), whose last full stop ends no sentence in a credit's line.
fn ends_in_abbreviation(text: &str) -> bool {
    text.rsplit(char::is_whitespace)
        .next()
        .is_some_and(|word| word.len() > 1 && word.contains('.'))
}

/// Whether `text` ends in a single capital (an initial such as the `J` of
/// `J. Roe`), where a full stop ends no sentence.
fn ends_in_initial(text: &str) -> bool {
    let mut chars = text.chars().rev();
    chars.next().is_some_and(char::is_uppercase)
        && chars.next().is_none_or(|c| !c.is_alphanumeric())
}

/// Whether the whole of `line` is a credit of its own: `HT PHOTO: NAME`,
/// `HT FILE PHOTO`, `Reuters file photo`.
pub(super) fn whole_line(line: &str) -> bool {
    if line.len() > MAX_CREDIT {
        return false;
    }
    // A credit set off by a dash on its own line: `– BERNAMAPIC`, `— APP`.
    if let Some(rest) = line.strip_prefix(['–', '—', '-']).map(str::trim_start)
        && !rest.contains('@')
    {
        return (has_credit_word(rest) || is_agency(rest)) && is_credit(rest, true);
    }
    // A copyright mark with a photographer's name and outlet.
    if let Some(rest) = line.strip_prefix('©').map(str::trim_start) {
        return name_outlet_pair(rest);
    }
    // A credit word that is a whole credit alone: `Contributed`, `Handout`
    // (`Photo` alone is a label).
    if WHOLE_CREDIT_SET.contains_lowercase(line.trim_end_matches('.')) {
        return true;
    }
    let separator = label_separator(line);
    let ends_in_credit_word = line
        .split_whitespace()
        .next_back()
        .is_some_and(|w| CREDIT_SET.contains_lowercase(w));
    // Both shapes below need one of these, which few lines have.
    if separator.is_none() && !ends_in_credit_word {
        return false;
    }
    let words = split_words(line).take(MAX_CREDIT_WORDS + 1).count();
    if !(2..=MAX_CREDIT_WORDS).contains(&words) {
        return false;
    }
    // A label, perhaps after an outlet's name, then the credit:
    // `HT PHOTO: NAME`, `Credit...Name for Outlet`.
    if let Some((label_end, credit_start)) = separator
        && let Some(label) = line[..label_end].split_whitespace().next_back()
        && CREDIT_SET.contains_lowercase(label)
        && capitalised(&line[..label_end])
        && capitalised(&line[credit_start..])
        && !line.ends_with(['.', '!', '?'])
    {
        return true;
    }
    // Capitalised words ending in a credit word, perhaps split by
    // separators: `HT FILE PHOTO`, `Name | Bloomberg | Getty Images`.
    ends_in_credit_word
        && split_words(line).all(|w| starts_capitalised(w) || SEPARATORS.contains(&w))
        && !line.contains(['.', '!', '?', ','])
}

/// Whether `line` is a credit only where it stands under a caption, as it
/// is elsewhere a page's masthead or notice: a copyright mark before a
/// name or an outlet without a notice's year (`© Provided by Outlet`), or
/// a name and an outlet parted by a pipe (`Jane Roe | Outlet`) or by `for`
/// (`Jane Roe for Outlet`).
pub(super) fn credit_under_caption(line: &str) -> bool {
    if line.len() > MAX_CREDIT {
        return false;
    }
    if let Some(rest) = line
        .strip_prefix('©')
        .or_else(|| line.strip_prefix("Copyright "))
        .map(str::trim_start)
    {
        return !rest.contains(|c: char| c.is_ascii_digit())
            && rest.split_whitespace().count() <= MAX_CREDIT_WORDS
            && capitalised(rest);
    }
    // `Jane Roe for Outlet`: a photographer's name of two or three words.
    if let Some((name, outlet)) = line.split_once(" for ")
        && (2..=3).contains(&name.split_whitespace().count())
        && phrase(name, 3)
        && phrase(outlet, 5)
    {
        return true;
    }
    line.split_once(" | ").is_some_and(|(name, outlet)| {
        !outlet.contains('|')
            && name.split_whitespace().count() >= 2
            && phrase(name, 4)
            && phrase(outlet, 4)
    })
}

/// Tokens that split the parts of a credit: `Name | Agency | Getty Images`.
const SEPARATORS: &[&str] = &["|", "/", "-", "–", "—", "·"];

/// Where a credit label ends and its credit starts, if the line has a
/// label's separator: `:`, or the ellipsis some outlets print instead.
fn label_separator(line: &str) -> Option<(usize, usize)> {
    // Each separator holds one of these bytes (`…` opens with 0xE2); most
    // short lines hold none, and are not searched three times.
    let b = line.as_bytes();
    memchr::memchr3(b':', b'.', 0xE2, b)?;
    [":", "...", "…"].iter().find_map(|sep| {
        let at = memchr::memmem::find(b, sep.as_bytes())?;
        let credit = at + sep.len();
        let rest = line[credit..].trim_start();
        (!rest.is_empty()).then(|| (at, line.len() - rest.len()))
    })
}

/// What no credit ends with: a sentence's or a clause's punctuation, or a
/// closing quotation mark.
const NO_CREDIT_END: [char; 8] = ['.', '!', '?', ',', ';', ':', '”', '"'];

/// Whether `credit` (the text after a caption's sentence, its separator
/// cut off) is a credit; `marked` when a separator stood before it.
fn is_credit(credit: &str, marked: bool) -> bool {
    // Most tails are a paragraph's last sentence, which a credit is not.
    if credit.ends_with(NO_CREDIT_END)
        || credit.is_empty()
        || credit.len() > MAX_CREDIT
        || credit.contains(['!', '?', '“', '"'])
    {
        return false;
    }
    let words: Vec<&str> = split_words(credit).take(MAX_CREDIT_WORDS + 1).collect();
    if words.len() > MAX_CREDIT_WORDS {
        return false;
    }
    // A credit label or word first: `Photo: …`, `Photo by …`, `Picture /
    // Supplied`, `Handout`, and a credit word after a separator (`- File`);
    // a label may have one word before it (`All photos: …`, `Main image: …`).
    let lead = words.len() > 2
        && words[1].ends_with(':')
        && starts_capitalised(words[0])
        && CREDIT_SET.contains_lowercase(words[1].trim_end_matches(':'));
    let (credit, words) = if lead {
        let at = credit.find(words[1]).unwrap_or(0);
        (&credit[at..], &words[1..])
    } else {
        (credit, &words[..])
    };
    let label = words[0].trim_end_matches([':', '|', ',']);
    if CREDIT_SET.contains_lowercase(label) {
        let after_label = &credit[label.len()..];
        let rest = after_label.trim_start_matches([':', '|', '/', ' ']);
        // After a colon the credit may be any short phrase without a
        // sentence: `Image: European Parliament audiovisual service`.
        let colon_credit = after_label.starts_with(':') && !rest.contains(['.', '!', '?']);
        // `Photo from the Provincial Government`, `Screenshot from its page`.
        let linked = rest
            .split_whitespace()
            .next()
            .is_some_and(|w| LINK_SET.contains(w));
        return rest.is_empty() || marked || colon_credit || linked || capitalised(rest);
    }
    // A credit word closing a marked credit (`— Outlet screengrab`), or a
    // word built on one (`Filepic`, `BERNAMAPIC`).
    if (marked || words.len() == 1) && has_credit_word(credit) && capitalised(credit) {
        return true;
    }
    // A photographer's bare name after the caption's dash: `—Ana Ruiz`.
    if marked && words.len() >= 2 && phrase(credit, 4) {
        return true;
    }
    if credit.contains(['.', ';']) && !credit.contains('/') {
        return false;
    }
    if let Some((name, rest)) = credit.split_once('/') {
        // `Name/Outlet`, `REUTERS/Name/File Photo`, `EPA-EFE/NAME`.
        let outlet = rest.rsplit('/').next().unwrap_or(rest);
        let last = outlet.split_whitespace().next_back().unwrap_or_default();
        return capitalised(name)
            && rest.split('/').all(capitalised)
            && !BYLINE_SET.contains_lowercase(last);
    }
    if credit.contains(" | ") {
        // `Name | Agency | Getty Images`.
        return credit.split('|').all(|part| phrase(part.trim(), 4));
    }
    if credit.contains(" via ") || credit.contains(" for ") {
        // `Handout via Reuters`, `Ryan Cole for NPR`.
        return capitalised(credit);
    }
    is_agency(credit)
}

/// A bare agency name in capitals: `ANI`, `EPA-EFE`.
fn is_agency(credit: &str) -> bool {
    credit.len() <= MAX_AGENCY
        && !credit.contains(char::is_whitespace)
        && credit.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && credit
            .chars()
            .all(|c| c.is_uppercase() || c == '-' || c.is_ascii_digit())
}

/// Whether a word of `text` is a credit word, or ends in one as a word
/// built on it does (`Filepic`, `BERNAMAPIC`).
fn has_credit_word(text: &str) -> bool {
    split_words(text).any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        CREDIT_SET.contains_lowercase(w)
            || w.len() > 3
                && CREDIT_WORDS.split_whitespace().any(|credit| {
                    credit.len() >= 3
                        && w.len() > credit.len()
                        && w.get(w.len() - credit.len()..)
                            .is_some_and(|end| end.eq_ignore_ascii_case(credit))
                })
    })
}

/// Whether every word of `text` opens with a capital or a digit, but for
/// the small linking words of names and credits; at least one word.
fn capitalised(text: &str) -> bool {
    let mut words = text.split_whitespace().peekable();
    words.peek().is_some()
        && words.all(|w| {
            starts_capitalised(w)
                || LINK_SET.contains(w)
                || CREDIT_SET.contains(w)
                || SEPARATORS.contains(&w)
        })
}

fn starts_capitalised(word: &str) -> bool {
    word.trim_start_matches(['(', '[', '“', '"', '\''])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Fewest words of a credit line's own description (`File photo:
/// Motorists pass the ruined bridge`): lowercase words that are neither
/// credit words nor a credit's links.
const MIN_DESCRIPTION_WORDS: usize = 3;

/// Whether a credit line also describes its picture, after its label: then
/// it is the picture's whole caption, and the lines beside it are the
/// story's.
pub(in crate::detect) fn describes_own_picture(line: &str) -> bool {
    let after_label = line.split_once(": ").map_or(line, |(_, rest)| rest);
    split_words(after_label)
        .filter(|w| {
            w.starts_with(|c: char| c.is_lowercase())
                && !CREDIT_SET.contains_lowercase(w)
                && !LINK_SET.contains_lowercase(w)
        })
        .nth(MIN_DESCRIPTION_WORDS - 1)
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_after_the_caption_sentence() {
        for (line, credit) in [
            (
                "Farmers clear a field on Sunday. - Photo by Leon Grey",
                "- Photo by Leon Grey",
            ),
            (
                "Officers register farmers on Monday. - Contributed",
                "- Contributed",
            ),
            ("The river in October 2023. - File", "- File"),
            (
                "A minister arrives on Thursday. | Photo by Lieve Moor/Belvue via Getty Images",
                "| Photo by Lieve Moor/Belvue via Getty Images",
            ),
            (
                "A man surveys damage on Monday. Ryan Cole for NPR",
                "Ryan Cole for NPR",
            ),
            ("Sandbags line a doorway on Front Street.   ANI", "ANI"),
            (
                "A ferry passes the lighthouse. REUTERS/Priya Lal/File Photo",
                "REUTERS/Priya Lal/File Photo",
            ),
            (
                "Workers at the scene. Handout via Reuters",
                "Handout via Reuters",
            ),
            (
                "Students leave the hall. Photo: J. Okafor",
                "Photo: J. Okafor",
            ),
            (
                "The slip covered the road. Photo: ANR / Kate Whitcombe",
                "Photo: ANR / Kate Whitcombe",
            ),
            ("Cyclists on a greenway. Picture: iStock", "Picture: iStock"),
            (
                "A nurse in the closed wing.—Tomas Reyes for Parallax",
                "—Tomas Reyes for Parallax",
            ),
            ("A nurse in the closed wing.—Tomas Reyes", "—Tomas Reyes"),
            ("Traffic backs up at the roadblock. – Filepic", "– Filepic"),
            (
                "The director speaks to the committee. — KNTV screengrab",
                "— KNTV screengrab",
            ),
            (
                "Workers unload food packs. Photo from the Provincial Government of Aurora",
                "Photo from the Provincial Government of Aurora",
            ),
        ] {
            assert_eq!(after_sentence(line), Some(credit), "{line}");
        }
    }

    #[test]
    fn prose_tails_are_no_credits() {
        for line in [
            "The vote was close. Then the count began.",
            "He joined in 2019. Photos of the day were published later.",
            "Sales rose. Ada Roe/Staff Reporter",
            "It was a good day. The Mayor Said So",
            "The results were clear. NATO officials met on Monday.",
            "Crews worked overnight.",
            "The warning stands until Saturday. – Bernama",
            "Doors open on July 8, 2025, 6 a.m. ET",
        ] {
            assert_eq!(after_sentence(line), None, "{line}");
        }
    }

    #[test]
    fn credit_lines_of_their_own() {
        for line in [
            "HT PHOTO: KELVIN ONG WEI JIE",
            "HT FILE PHOTO",
            "PHOTO: HANDOUT",
            "Contributed",
        ] {
            assert!(whole_line(line), "{line}");
        }
        for line in [
            "Photo",
            "Our photo of the week",
            "The photo: a sign of the times.",
        ] {
            assert!(!whole_line(line), "{line}");
        }
    }

    #[test]
    fn bracketed_names_after_the_sentence_and_marked_credit_lines() {
        for (line, credit) in [
            (
                "Firefighters work near the town, June 18, 2025. (Fire and Rescue Services)",
                "(Fire and Rescue Services)",
            ),
            (
                "The reservoir on June 26. (Gobierno de Tenamaxtla)",
                "(Gobierno de Tenamaxtla)",
            ),
        ] {
            assert_eq!(parenthesised(line), Some(credit), "{line}");
        }
        assert!(whole_line("– BERNAMAPIC"));
        assert!(whole_line("— APP"));
        assert!(!whole_line("— Jane Roe"));
        assert!(whole_line("© Dana Osei/Harbor Chronicle"));
        assert!(credit_under_caption("© Provided by Harbor Chronicle"));
        assert!(!credit_under_caption("© 2025 Harbor Chronicle"));
        assert!(credit_under_caption("Dana Osei | Harbor Chronicle"));
        assert!(!credit_under_caption("Home | News | Sport"));
    }
}
