//! The tokenizer of the token-based exports (Prodigy/spaCy, CoNLL).
//!
//! Tokens are the word segments of Unicode's word boundary rules (UAX #29),
//! additionally cut at every span boundary so that each span covers whole
//! tokens. Whitespace follows spaCy's convention so that the text can be
//! rebuilt exactly from the tokens: a single space after a token is that
//! token's `ws` flag; any other whitespace (newlines, runs of spaces,
//! non-breaking spaces) is a token of its own.

use unicode_segmentation::UnicodeSegmentation;

/// A token with code point offsets into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'t> {
    pub text: &'t str,
    pub start: usize,
    pub end: usize,
    /// Followed by a single space that belongs to no token.
    pub ws: bool,
    /// Whether this token is whitespace only.
    pub is_space: bool,
}

/// Tokenizes `text`, cutting also at each code point offset in `cuts`.
pub fn tokenize<'t>(text: &'t str, cuts: &[usize]) -> Vec<Token<'t>> {
    let mut cuts: Vec<usize> = cuts.to_vec();
    cuts.sort_unstable();
    cuts.dedup();
    let mut cuts = cuts.into_iter().peekable();

    // Segments in bytes, with code point offsets tracked alongside.
    let mut pieces: Vec<(usize, usize, usize, usize)> = Vec::new(); // byte start/end, char start/end
    let mut chars = 0usize;
    for (at, word) in text.split_word_bound_indices() {
        let mut seg_start = (at, chars);
        for (i, _) in word.char_indices() {
            while cuts.peek().is_some_and(|&c| c < chars) {
                cuts.next();
            }
            if i > 0 && cuts.peek() == Some(&chars) {
                pieces.push((seg_start.0, at + i, seg_start.1, chars));
                seg_start = (at + i, chars);
            }
            chars += 1;
        }
        pieces.push((seg_start.0, at + word.len(), seg_start.1, chars));
    }

    let mut tokens: Vec<Token> = Vec::with_capacity(pieces.len());
    for (bs, be, cs, ce) in pieces {
        let piece = &text[bs..be];
        let is_space = piece.chars().all(char::is_whitespace);
        // Whitespace: merge with a directly preceding whitespace token, or
        // give its first single space to the previous word as `ws`.
        if is_space && let Some(last) = tokens.last_mut() {
            if last.is_space && last.end == cs {
                let start_byte = be - piece.len() - last.text.len();
                last.text = &text[start_byte..be];
                last.end = ce;
                continue;
            }
            if !last.is_space && !last.ws && last.end == cs && piece.starts_with(' ') {
                last.ws = true;
                if piece.len() > 1 {
                    tokens.push(Token {
                        text: &piece[1..],
                        start: cs + 1,
                        end: ce,
                        ws: false,
                        is_space,
                    });
                }
                continue;
            }
        }
        tokens.push(Token {
            text: piece,
            start: cs,
            end: ce,
            ws: false,
            is_space,
        });
    }
    tokens
}

/// The index of the token starting at `start` and of the token ending at
/// `end` (inclusive), when both are token boundaries.
pub fn token_span(tokens: &[Token], start: usize, end: usize) -> Option<(usize, usize)> {
    let first = tokens.binary_search_by_key(&start, |t| t.start).ok()?;
    let last = tokens.binary_search_by_key(&end, |t| t.end).ok()?;
    (first <= last).then_some((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rebuild(tokens: &[Token]) -> String {
        tokens
            .iter()
            .map(|t| {
                if t.ws {
                    format!("{} ", t.text)
                } else {
                    t.text.to_owned()
                }
            })
            .collect()
    }

    #[test]
    fn tokens_rebuild_the_text_exactly() {
        let text = "  Zoë said:  “We won 👍🏽 🇫🇷!”\r\n\r\n10\u{a0}000 e\u{301}lan ";
        let tokens = tokenize(text, &[]);
        assert_eq!(rebuild(&tokens), text);
        let words: Vec<&str> = tokens
            .iter()
            .filter(|t| !t.is_space)
            .map(|t| t.text)
            .collect();
        assert_eq!(
            words,
            [
                "Zoë",
                "said",
                ":",
                "“",
                "We",
                "won",
                "👍🏽",
                "🇫🇷",
                "!",
                "”",
                "10",
                "000",
                "e\u{301}lan"
            ]
        );
        let chars: Vec<char> = text.chars().collect();
        for t in &tokens {
            assert_eq!(chars[t.start..t.end].iter().collect::<String>(), t.text);
        }
    }

    #[test]
    fn span_boundaries_become_token_boundaries() {
        // "Microsoft’s" is one UAX #29 word; a span ending after "Microsoft"
        // must still cover whole tokens.
        let text = "Microsoft’s cloud";
        let tokens = tokenize(text, &[0, 9]);
        assert_eq!(tokens[0].text, "Microsoft");
        assert_eq!(tokens[1].text, "’s");
        assert_eq!(token_span(&tokens, 0, 9), Some((0, 0)));
        assert_eq!(token_span(&tokens, 0, 5), None);
        assert_eq!(rebuild(&tokens), text);
    }
}
