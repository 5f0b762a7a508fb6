//! Articles as loaded from disk: decoded text, source path, encoding and
//! fingerprint. The text is kept exactly as decoded: line endings and
//! whitespace are never rewritten, so offsets match what consumers see.

use super::ByteRange;
use std::fmt;
use std::path::{Path, PathBuf};

/// Whether a path names an HTML page, by its extension.
pub fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// The encoding an article file was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 with a byte-order mark (the mark is not part of the text).
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// Legacy single-byte text, decoded as Windows-1252 (a superset of the
    /// printable Latin-1 range, which is what such files are in practice).
    Windows1252,
    /// Legacy text in the encoding its HTML page declares (`windows-1251`,
    /// `KOI8-R`, `Shift_JIS`, …).
    Declared(&'static encoding_rs::Encoding),
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Declared(encoding) => encoding.name(),
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A content hash of the article text, used to tell whether an annotation
/// file was written for this very text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fingerprint(String);

impl Fingerprint {
    const PREFIX: &'static str = "blake3:";

    pub fn of(text: &str) -> Self {
        Self(format!(
            "{}{}",
            Self::PREFIX,
            blake3::hash(text.as_bytes()).to_hex()
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A fingerprint as written in a file; any string is accepted so that a
    /// foreign or damaged one simply does not match.
    pub fn from_stored(s: String) -> Self {
        Self(s)
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why an article could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error(
        "the file's name is not valid UTF-8; annotation files and datasets name articles in UTF-8, so rename it"
    )]
    NameNotUtf8,
    #[error("not a regular file (a folder, a device or a pipe); not read")]
    NotAFile,
    #[error(transparent)]
    Size(#[from] SizeError),
    #[error("the file is empty")]
    Empty,
    #[error("the file holds only whitespace")]
    OnlyWhitespace,
    #[error(
        "this is a binary file, not an article (NUL byte at offset {offset}{})",
        if *.looks_utf16 { "; it may be UTF-16 text without a byte-order mark: save it as UTF-8" } else { "" }
    )]
    Binary { offset: usize, looks_utf16: bool },
    #[error(
        "invalid UTF-8 at byte {offset} (line {line}); the rest of the file is UTF-8, so it is damaged rather than in a legacy encoding"
    )]
    InvalidUtf8 { offset: usize, line: usize },
    #[error(
        "invalid {encoding} text at byte {offset} (line {line}), the charset the page declares"
    )]
    InvalidLegacy {
        encoding: &'static str,
        offset: usize,
        line: usize,
    },
    #[error("the page has no readable text")]
    NoTextInPage,
    #[error("invalid {encoding} text: {detail}")]
    InvalidUtf16 {
        encoding: Encoding,
        detail: &'static str,
    },
}

/// Why a text cannot be an article, wherever it came from: a file, an
/// imported record or a line of `detect --stdin` are held to this one rule,
/// so that nothing is accepted in one place that another then refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("the text is empty")]
    Empty,
    #[error(transparent)]
    Size(#[from] SizeError),
    #[error("the text holds only whitespace")]
    OnlyWhitespace,
    #[error("the text holds a NUL character (at byte {0}): it is binary data, not an article")]
    Nul(usize),
}

/// The largest article copydesk opens, in bytes: a hundred times the
/// longest liveblog, and small enough that working on it (about
/// [`WORKING_MEMORY_PER_BYTE`] times its size) fits an ordinary machine.
pub const MAX_ARTICLE_BYTES: u64 = 256 << 20;

/// Memory that detecting an article and saving the result takes at most,
/// per byte of its text (measured in docs/PERFORMANCE.md).
pub const WORKING_MEMORY_PER_BYTE: u64 = 10;

/// Why an article is too large to work on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    #[error(
        "the article is {} MiB, larger than the {} MiB copydesk opens; split it",
        mib(*.0),
        mib(MAX_ARTICLE_BYTES)
    )]
    TooLarge(u64),
    #[error(
        "not enough memory to work on this {} MiB article (it needs about {} MiB); it was left as it is",
        mib(*.0),
        mib(*.0 * WORKING_MEMORY_PER_BYTE)
    )]
    NoMemory(u64),
}

/// Articles from this size on have their memory asked for up front.
const PROBED_FROM: u64 = 1 << 20;

fn mib(bytes: u64) -> u64 {
    bytes.div_ceil(1 << 20)
}

/// Checks that an article of `len` bytes can be worked on: not beyond
/// [`MAX_ARTICLE_BYTES`], and with the memory for it to be had now. The
/// memory is asked of the allocator once and given back untouched, which
/// costs no real memory; under a memory limit (`ulimit -v`) or beyond what
/// the system will commit, the request fails here, and the article is
/// refused by name instead of the process aborting half way through it.
pub fn check_size(len: u64) -> Result<(), SizeError> {
    if len > MAX_ARTICLE_BYTES {
        return Err(SizeError::TooLarge(len));
    }
    // What a small article needs is had by any process that got this far.
    if len < PROBED_FROM {
        return Ok(());
    }
    let needed = usize::try_from(len * WORKING_MEMORY_PER_BYTE).unwrap_or(usize::MAX);
    let mut probe: Vec<u8> = Vec::new();
    let available = probe.try_reserve_exact(needed).is_ok();
    // The optimiser may drop an allocation nobody uses.
    std::hint::black_box(&probe);
    if available {
        Ok(())
    } else {
        Err(SizeError::NoMemory(len))
    }
}

/// Checks `text` against the rule every article meets: not empty, not only
/// whitespace, and no NUL, which no text file holds and which the tools
/// that read copydesk's files take for the end of the text.
pub fn check_text(text: &str) -> Result<(), TextError> {
    check_size(text.len() as u64)?;
    if text.is_empty() {
        Err(TextError::Empty)
    } else if let Some(offset) = memchr_nul(text.as_bytes()) {
        Err(TextError::Nul(offset))
    } else if text.trim().is_empty() {
        Err(TextError::OnlyWhitespace)
    } else {
        Ok(())
    }
}

/// An article: its text and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    text: String,
    source: PathBuf,
    encoding: Encoding,
    fingerprint: Fingerprint,
    /// Lines that the source markup marks as captions (HTML figcaption,
    /// image alt text, credit elements), with the reason.
    markup_captions: Vec<(ByteRange, &'static str)>,
}

impl Document {
    /// A document from text already in memory (imports, tests, stdin).
    pub fn from_text(source: impl Into<PathBuf>, text: String) -> Self {
        let fingerprint = Fingerprint::of(&text);
        Self {
            text,
            source: source.into(),
            encoding: Encoding::Utf8,
            fingerprint,
            markup_captions: Vec::new(),
        }
    }

    /// Reads and decodes an article file; an HTML page (`.html`, `.htm`)
    /// becomes its readable text. A path that is not UTF-8 is refused: its
    /// annotation file could only store it altered, and would then name no
    /// article.
    pub fn load(path: &Path) -> Result<Self, DecodeError> {
        if path.to_str().is_none() {
            return Err(DecodeError::NameNotUtf8);
        }
        // Named on the command line or by an annotation file, a device or
        // a pipe would be read forever or never answer.
        let meta = std::fs::metadata(path)?;
        if !meta.is_file() {
            return Err(DecodeError::NotAFile);
        }
        check_size(meta.len())?;
        let bytes = std::fs::read(path)?;
        let html = is_html(path);
        let (mut text, encoding) = if html {
            decode_html(&bytes)?
        } else {
            decode(&bytes)?
        };
        let mut markup_captions = Vec::new();
        if html {
            let extracted = crate::formats::html::extract(&text);
            if extracted.text.trim().is_empty() {
                return Err(DecodeError::NoTextInPage);
            }
            text = extracted.text;
            markup_captions = extracted.captions;
        }
        let fingerprint = Fingerprint::of(&text);
        Ok(Self {
            text,
            source: path.to_owned(),
            encoding,
            fingerprint,
            markup_captions,
        })
    }

    /// Caption lines the source markup marked, with the reason.
    pub fn markup_captions(&self) -> &[(ByteRange, &'static str)] {
        &self.markup_captions
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn source(&self) -> &Path {
        &self.source
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    pub fn fingerprint(&self) -> &Fingerprint {
        &self.fingerprint
    }
}

/// Decodes article bytes: a byte-order mark decides first; otherwise valid
/// UTF-8 is UTF-8, and text with no valid multi-byte UTF-8 sequence at all
/// is legacy Windows-1252. Text that is mostly UTF-8 but has invalid bytes is
/// damaged, and refused rather than turned into mojibake.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    decode_as(bytes, None)
}

/// Decodes an HTML page's bytes as [`decode`] does, except that a page
/// without a byte-order mark that declares its charset (in its first 1024
/// bytes) is read in that charset. Text that is valid UTF-8 beyond ASCII
/// stays UTF-8 all the same: a page a scraper saved as UTF-8 keeps the
/// declaration it was served with, and legacy text is almost never valid
/// UTF-8 by chance. An unknown label declares nothing.
pub fn decode_html(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    let declared = crate::formats::html::declared_encoding(bytes)
        .filter(|e| *e != encoding_rs::UTF_8 && *e != encoding_rs::REPLACEMENT);
    decode_as(bytes, declared)
}

fn decode_as(
    bytes: &[u8],
    declared: Option<&'static encoding_rs::Encoding>,
) -> Result<(String, Encoding), DecodeError> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (utf8(rest)?, Encoding::Utf8Bom)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, Encoding::Utf16Le)?, Encoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, Encoding::Utf16Be)?, Encoding::Utf16Be)
    } else {
        if let Some(offset) = memchr_nul(bytes) {
            return Err(DecodeError::Binary {
                offset,
                looks_utf16: looks_like_utf16(bytes),
            });
        }
        match (std::str::from_utf8(bytes), declared) {
            (Ok(s), None) => (s.to_owned(), Encoding::Utf8),
            (Ok(s), Some(_)) if !s.is_ascii() => (s.to_owned(), Encoding::Utf8),
            (_, Some(declared)) if declared == encoding_rs::WINDOWS_1252 => {
                let (s, _) = declared.decode_without_bom_handling(bytes);
                (s.into_owned(), Encoding::Windows1252)
            }
            (_, Some(declared)) => (legacy(bytes, declared)?, Encoding::Declared(declared)),
            (Err(e), None) if has_utf8_multibyte(bytes) => {
                let offset = e.valid_up_to();
                let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
                return Err(DecodeError::InvalidUtf8 { offset, line });
            }
            (Err(_), None) => {
                let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                (s.into_owned(), Encoding::Windows1252)
            }
        }
    };
    // A file's NUL bytes were refused above, with the file's offset and a
    // hint for UTF-16; what is left of the rule is said of the file.
    check_text(&text).map_err(|e| match e {
        TextError::Empty => DecodeError::Empty,
        TextError::Size(e) => DecodeError::Size(e),
        TextError::OnlyWhitespace => DecodeError::OnlyWhitespace,
        TextError::Nul(offset) => DecodeError::Binary {
            offset,
            looks_utf16: false,
        },
    })?;
    Ok((text, encoding))
}

fn utf8(bytes: &[u8]) -> Result<String, DecodeError> {
    if let Some(offset) = memchr_nul(bytes) {
        return Err(DecodeError::Binary {
            offset: offset + 3,
            looks_utf16: false,
        });
    }
    std::str::from_utf8(bytes).map(str::to_owned).map_err(|e| {
        let offset = e.valid_up_to();
        DecodeError::InvalidUtf8 {
            offset: offset + 3,
            line: 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count(),
        }
    })
}

/// `bytes` in the legacy `encoding`; a sequence that encoding does not
/// define is damage, refused with its position rather than replaced.
fn legacy(bytes: &[u8], encoding: &'static encoding_rs::Encoding) -> Result<String, DecodeError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::new();
    let mut read = 0;
    loop {
        let needed = decoder
            .max_utf8_buffer_length_without_replacement(bytes.len() - read)
            .unwrap_or(bytes.len() - read);
        text.reserve(needed);
        let (result, n) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut text, true);
        read += n;
        match result {
            encoding_rs::DecoderResult::InputEmpty => return Ok(text),
            encoding_rs::DecoderResult::OutputFull => {}
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                let offset = read - usize::from(bad) - usize::from(after);
                return Err(DecodeError::InvalidLegacy {
                    encoding: encoding.name(),
                    offset,
                    line: 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count(),
                });
            }
        }
    }
}

fn utf16(bytes: &[u8], encoding: Encoding) -> Result<String, DecodeError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(DecodeError::InvalidUtf16 {
            encoding,
            detail: "odd number of bytes",
        });
    }
    let codec = match encoding {
        Encoding::Utf16Be => encoding_rs::UTF_16BE,
        _ => encoding_rs::UTF_16LE,
    };
    let text = codec
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(DecodeError::InvalidUtf16 {
            encoding,
            detail: "unpaired surrogate",
        })?;
    if text.contains('\0') {
        return Err(DecodeError::InvalidUtf16 {
            encoding,
            detail: "contains NUL characters",
        });
    }
    Ok(text.into_owned())
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// UTF-16 text of Latin script has a NUL in every other byte.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return false;
    }
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    even.max(odd) * 10 >= pairs * 8 && even.min(odd) * 10 <= pairs
}

/// Whether the bytes contain at least one well-formed multi-byte UTF-8 sequence.
fn has_utf8_multibyte(bytes: &[u8]) -> bool {
    bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode("Zoë said “hi”\r\n".as_bytes()).unwrap(),
            ("Zoë said “hi”\r\n".to_owned(), Encoding::Utf8)
        );
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("Zoë".as_bytes());
        assert_eq!(decode(&bom).unwrap(), ("Zoë".to_owned(), Encoding::Utf8Bom));
    }

    #[test]
    fn utf16_both_byte_orders() {
        let text = "Zoë 👍 “x”\r\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap(), (text.to_owned(), Encoding::Utf16Le));
        assert_eq!(decode(&be).unwrap(), (text.to_owned(), Encoding::Utf16Be));
        le.push(0x41);
        assert!(matches!(decode(&le), Err(DecodeError::InvalidUtf16 { .. })));
    }

    #[test]
    fn legacy_single_byte_is_windows_1252() {
        // "Café – “ok”" in Windows-1252.
        let bytes = b"Caf\xE9 \x96 \x93ok\x94";
        assert_eq!(
            decode(bytes).unwrap(),
            ("Café – “ok”".to_owned(), Encoding::Windows1252)
        );
    }

    #[test]
    fn a_page_is_read_in_the_charset_it_declares() {
        let page = |head: &str, body: &[u8]| [head.as_bytes(), body].concat();
        // "Мир" in windows-1251, and a UTF-8 page that kept its old
        // declaration.
        let cyrillic = page("<meta charset=windows-1251><p>", b"\xCC\xE8\xF0");
        assert_eq!(
            decode_html(&cyrillic).unwrap(),
            (
                "<meta charset=windows-1251><p>Мир".to_owned(),
                Encoding::Declared(encoding_rs::WINDOWS_1251)
            )
        );
        assert_eq!(decode(&cyrillic).unwrap().1, Encoding::Windows1252);
        let resaved = page("<meta charset=windows-1251><p>", "Мир".as_bytes());
        assert_eq!(decode_html(&resaved).unwrap().1, Encoding::Utf8);
        let latin = page("<meta charset=iso-8859-1><p>", b"Caf\xE9");
        assert_eq!(decode_html(&latin).unwrap().1, Encoding::Windows1252);
        // Shift_JIS with a lead byte and no trail byte.
        let damaged = page("<meta charset=shift_jis>\n<p>", b"\x82\xA0\x82");
        assert_eq!(
            decode_html(&damaged).unwrap_err().to_string(),
            "invalid Shift_JIS text at byte 30 (line 2), the charset the page declares"
        );
        let binary = page("<meta charset=koi8-r><p>", b"a\0b");
        assert!(matches!(
            decode_html(&binary),
            Err(DecodeError::Binary { offset: 25, .. })
        ));
    }

    #[test]
    fn damaged_utf8_is_refused_with_its_position() {
        let bytes = "Zoë\nab\u{e9}".as_bytes().to_vec();
        let mut damaged = bytes.clone();
        damaged.extend_from_slice(b"\n\xFFx");
        match decode(&damaged) {
            Err(DecodeError::InvalidUtf8 { offset, line }) => {
                assert_eq!((offset, line), (bytes.len() + 1, 3));
            }
            other => panic!("expected InvalidUtf8, got {other:?}"),
        }
    }

    #[test]
    fn binary_empty_and_blank_are_refused() {
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(DecodeError::Binary {
                offset: 8,
                looks_utf16: false
            })
        ));
        let utf16_no_bom: Vec<u8> = "Hello world"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(matches!(
            decode(&utf16_no_bom),
            Err(DecodeError::Binary {
                looks_utf16: true,
                ..
            })
        ));
        assert!(matches!(decode(b""), Err(DecodeError::Empty)));
        assert!(matches!(
            decode(b" \r\n\t "),
            Err(DecodeError::OnlyWhitespace)
        ));
    }

    #[test]
    fn records_and_files_are_held_to_one_rule() {
        assert_eq!(check_text("ok"), Ok(()));
        assert_eq!(check_text(""), Err(TextError::Empty));
        assert_eq!(check_text(" \r\n\t"), Err(TextError::OnlyWhitespace));
        assert_eq!(check_text("ab\0c"), Err(TextError::Nul(2)));
        assert_eq!(check_text(" \0 "), Err(TextError::Nul(1)));
    }

    #[test]
    fn fingerprint_depends_on_every_byte() {
        assert_ne!(Fingerprint::of("a\nb"), Fingerprint::of("a\r\nb"));
        assert_eq!(Fingerprint::of("x"), Fingerprint::of("x"));
        assert!(Fingerprint::of("x").as_str().starts_with("blake3:"));
    }
}
