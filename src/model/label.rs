//! Labels and the configurable label set.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// A label name such as `Caption`. Label sets are configurable, so this is a
/// name rather than a closed enum; the four built-in names are constants,
/// borrowed rather than allocated for each of the detector's suggestions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Label(Cow<'static, str>);

impl Label {
    pub const CAPTION: &'static str = "Caption";
    pub const QUOTE: &'static str = "Quote";
    pub const CLAIM: &'static str = "Claim";
    pub const SPEAKER: &'static str = "Speaker";

    pub fn new(name: impl Into<Cow<'static, str>>) -> Self {
        Self(name.into())
    }

    pub fn caption() -> Self {
        Self::new(Self::CAPTION)
    }

    pub fn quote() -> Self {
        Self::new(Self::QUOTE)
    }

    pub fn claim() -> Self {
        Self::new(Self::CLAIM)
    }

    pub fn speaker() -> Self {
        Self::new(Self::SPEAKER)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Checks the name of a label entering copydesk from outside (an
    /// imported record): letters, digits, `_` and `-`, starting with a
    /// letter or digit. Every export format can hold such a name as it is:
    /// brat and CoNLL separate fields by spaces, Label Studio's
    /// configuration is XML. Names already in annotation files are read as
    /// they are (see [`LabelSet::check`]), so that no earlier work is shut
    /// out.
    pub fn check_name(name: &str) -> Result<(), LabelSetError> {
        let allowed = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
        if name.starts_with(char::is_alphanumeric) && name.chars().all(allowed) {
            return Ok(());
        }
        let mapped: String = name
            .chars()
            .map(|c| if allowed(c) { c } else { '_' })
            .collect();
        let suggestion = mapped.trim_start_matches(|c: char| !c.is_alphanumeric());
        Err(LabelSetError::InvalidName {
            name: name.to_owned(),
            suggestion: (!suggestion.is_empty()).then(|| suggestion.to_owned()),
        })
    }

    pub fn is(&self, name: &str) -> bool {
        self.0 == name
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An sRGB colour, written as `"#rrggbb"` in RON files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub [u8; 3]);

impl Serialize for Rgb {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let [r, g, b] = self.0;
        s.serialize_str(&format!("#{r:02x}{g:02x}{b:02x}"))
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Rgb::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("colour {s:?} is not of the form \"#rrggbb\""))
        })
    }
}

impl Rgb {
    pub fn parse(s: &str) -> Option<Self> {
        let hex = s.strip_prefix('#')?;
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Self([byte(0)?, byte(2)?, byte(4)?]))
    }
}

/// One label of a label set: its name, colour, shortcut key and meaning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelDef {
    pub name: Label,
    pub color: Rgb,
    /// The key that applies this label in the editor (a digit or letter).
    pub key: char,
    pub description: String,
}

/// The labels an article is annotated with, in display order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LabelSet(Vec<LabelDef>);

impl Default for LabelSet {
    /// The labels of the guideline (`docs/GUIDELINE.md`).
    fn default() -> Self {
        let def = |name: &'static str, color: [u8; 3], key: char, description: &str| LabelDef {
            name: Label::new(name),
            color: Rgb(color),
            key,
            description: description.to_owned(),
        };
        Self(vec![
            def(
                Label::CAPTION,
                [0x3b, 0x82, 0xc4],
                '1',
                "Media furniture: photo and video captions, credit lines, video rails",
            ),
            def(
                Label::QUOTE,
                [0xd9, 0x7b, 0x1e],
                '2',
                "Direct quotation, from opening to closing mark, linked to its speaker",
            ),
            def(
                Label::CLAIM,
                [0x2e, 0x9e, 0x5b],
                '3',
                "Check-worthy factual sentence: figures, dates, events, decisions",
            ),
            def(
                Label::SPEAKER,
                [0x9b, 0x59, 0xb6],
                '4',
                "Mention of who said a quote",
            ),
        ])
    }
}

/// Why a label set cannot be used.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum LabelSetError {
    #[error("the label set is empty")]
    Empty,
    #[error("label {0:?} is defined twice")]
    DuplicateName(String),
    #[error("labels {0:?} and {1:?} share the key {2:?}")]
    DuplicateKey(String, String, char),
    #[error("label name {0:?} is empty or has surrounding whitespace")]
    BadName(String),
    #[error(
        "label {name:?} is not a valid label name: use letters, digits, \"_\" and \"-\", which every export format can hold{}",
        suggestion.as_ref().map_or(String::new(), |s| format!(" (such as {s:?})"))
    )]
    InvalidName {
        name: String,
        suggestion: Option<String>,
    },
}

impl LabelSet {
    /// The plain keys the editor's review commands take (accept, reject,
    /// next and previous span and suggestion, speaker, note), which would
    /// win over a label's key: labels added by copydesk never get one. The
    /// editor's command table is checked against this list.
    pub const COMMAND_KEYS: &'static [char] = &['a', 'e', 'j', 'k', 'n', 'r', 's'];

    /// A label set with names and keys checked for clashes.
    pub fn new(defs: Vec<LabelDef>) -> Result<Self, LabelSetError> {
        let set = Self(defs);
        set.check()?;
        Ok(set)
    }

    pub fn check(&self) -> Result<(), LabelSetError> {
        if self.0.is_empty() {
            return Err(LabelSetError::Empty);
        }
        for (i, a) in self.0.iter().enumerate() {
            let name = a.name.as_str();
            if name.is_empty() || name.trim() != name {
                return Err(LabelSetError::BadName(name.to_owned()));
            }
            for b in &self.0[..i] {
                if a.name == b.name {
                    return Err(LabelSetError::DuplicateName(name.to_owned()));
                }
                if a.key.eq_ignore_ascii_case(&b.key) {
                    return Err(LabelSetError::DuplicateKey(
                        b.name.to_string(),
                        name.to_owned(),
                        a.key,
                    ));
                }
            }
        }
        Ok(())
    }

    pub fn iter(&self) -> impl Iterator<Item = &LabelDef> {
        self.0.iter()
    }

    pub fn get(&self, name: &Label) -> Option<&LabelDef> {
        self.0.iter().find(|d| &d.name == name)
    }

    pub fn by_key(&self, key: char) -> Option<&LabelDef> {
        self.0.iter().find(|d| d.key.eq_ignore_ascii_case(&key))
    }

    pub fn contains(&self, name: &Label) -> bool {
        self.get(name).is_some()
    }

    /// Adds a label met in imported data, with a neutral colour and the
    /// first free key (digits, then letters no command takes).
    pub fn add_if_missing(&mut self, name: &Label) {
        if self.contains(name) {
            return;
        }
        let key = ('5'..='9')
            .chain('a'..='z')
            .filter(|k| !Self::COMMAND_KEYS.contains(k))
            .find(|k| self.by_key(*k).is_none())
            .unwrap_or(' ');
        self.0.push(LabelDef {
            name: name.clone(),
            color: Rgb([0x80, 0x80, 0x80]),
            key,
            description: "Label from imported data".to_owned(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_set_is_valid_and_has_the_guideline_labels() {
        let set = LabelSet::default();
        set.check().unwrap();
        for name in [Label::CAPTION, Label::QUOTE, Label::CLAIM, Label::SPEAKER] {
            assert!(set.contains(&Label::new(name)), "{name} missing");
        }
        assert_eq!(set.by_key('2').unwrap().name, Label::quote());
    }

    #[test]
    fn clashing_keys_and_names_are_refused() {
        let mut defs: Vec<_> = LabelSet::default().iter().cloned().collect();
        defs[1].key = '1';
        assert!(matches!(
            LabelSet::new(defs.clone()),
            Err(LabelSetError::DuplicateKey(..))
        ));
        defs[1].key = '9';
        defs[1].name = Label::caption();
        assert!(matches!(
            LabelSet::new(defs),
            Err(LabelSetError::DuplicateName(..))
        ));
    }

    #[test]
    fn label_names_from_outside_are_words() {
        for good in ["Caption", "Named_Place", "ORG-2", "Zitat", "Цитата", "7"] {
            assert_eq!(Label::check_name(good), Ok(()), "{good}");
        }
        for (bad, suggestion) in [
            ("Named Place", Some("Named_Place")),
            (" Quote ", Some("Quote_")),
            ("", None),
            ("-", None),
            ("-x", Some("x")),
            ("a<b", Some("a_b")),
            ("say\"s", Some("say_s")),
        ] {
            assert_eq!(
                Label::check_name(bad),
                Err(LabelSetError::InvalidName {
                    name: bad.to_owned(),
                    suggestion: suggestion.map(str::to_owned)
                }),
                "{bad:?}"
            );
        }
        assert_eq!(
            Label::check_name("Named Place").unwrap_err().to_string(),
            "label \"Named Place\" is not a valid label name: use letters, digits, \"_\" and \"-\", \
             which every export format can hold (such as \"Named_Place\")"
        );
    }

    #[test]
    fn added_labels_never_get_a_command_key() {
        let mut set = LabelSet::default();
        for i in 0..30 {
            set.add_if_missing(&Label::new(format!("L{i}")));
        }
        let keys: String = set.iter().map(|d| d.key).collect();
        assert!(keys.starts_with("123456789bcdfghilmopqtuvwxyz "), "{keys}");
        assert!(!keys.contains(LabelSet::COMMAND_KEYS));
    }

    #[test]
    fn colours_parse_and_print() {
        assert_eq!(Rgb::parse("#0a0B10"), Some(Rgb([10, 11, 16])));
        assert_eq!(Rgb::parse("0a0b10"), None);
        assert_eq!(Rgb::parse("#0a0b1"), None);
        assert_eq!(Rgb::parse("#é0b10"), None);
    }
}
