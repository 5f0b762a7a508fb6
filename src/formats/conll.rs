//! CoNLL BIO: one file per label layer, one token per line.
//!
//! Each article starts with `# article_id = …` and `# source = …` comment
//! lines (control characters and line separators in them escaped as `\n`,
//! `\u{2028}` and so on, so that a file name cannot start a line of its
//! own); each line is `token<TAB>tag` with tags `B-Label`, `I-Label` or
//! `O` (the label as [`super::word_label`] writes it); a blank line ends a
//! paragraph (a line break in the text) and the article. Tokens follow
//! [`super::tokens`]; whitespace tokens are not written, so a span of
//! whitespace only cannot be held and is refused. Where spans of one label
//! overlap, the first one wins.

use super::ExportDoc;
use super::tokens::tokenize;

/// `value` on one line: characters that end a line for some reader
/// (control characters, U+2028 and U+2029) escaped the way Rust writes
/// them.
fn one_line(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// The spans of `doc` that no layer can hold: those of whitespace only,
/// which have no token to tag. The error names the first.
pub fn check(doc: &ExportDoc) -> Result<(), String> {
    match doc.spans().iter().find(|s| s.text.trim().is_empty()) {
        Some(span) => Err(format!(
            "span {} ({}) holds only whitespace, which CoNLL cannot hold",
            span.id, span.label
        )),
        None => Ok(()),
    }
}

/// The lines of one article for the layer of `label`, tagged `tag`.
pub fn layer(doc: &ExportDoc, label: &str, tag: &str) -> String {
    let spans: Vec<_> = doc.spans().iter().filter(|s| s.label == label).collect();
    let cuts: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
    let tokens = tokenize(doc.text, &cuts);
    let mut out = format!(
        "# article_id = {}\n# source = {}\n",
        one_line(&doc.id),
        one_line(&doc.source)
    );
    let mut next_span = 0;
    let mut inside: Option<usize> = None; // end of the span being tagged
    let mut line_open = false;
    for token in tokens {
        if token.is_space {
            if token.text.contains('\n') && line_open {
                out.push('\n');
                line_open = false;
            }
            continue;
        }
        if inside.is_some_and(|end| token.start >= end) {
            inside = None;
        }
        while next_span < spans.len() && spans[next_span].end <= token.start {
            next_span += 1;
        }
        let tag = match inside {
            Some(_) => format!("I-{tag}"),
            None if next_span < spans.len() && spans[next_span].start == token.start => {
                inside = Some(spans[next_span].end);
                next_span += 1;
                format!("B-{tag}")
            }
            None => "O".to_owned(),
        };
        out.push_str(&format!("{}\t{tag}\n", token.text));
        line_open = true;
    }
    if line_open {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_stay_on_one_line() {
        assert_eq!(
            one_line("a\nb\r\u{2028}\u{85}c\\d é"),
            "a\\nb\\r\\u{2028}\\u{85}c\\d é"
        );
    }
}
