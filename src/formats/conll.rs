//! CoNLL BIO: one file per label layer, one token per line.
//!
//! Each article starts with `# article_id = …` and `# source = …` comment
//! lines; each line is `token<TAB>tag` with tags `B-Label`, `I-Label` or
//! `O`; a blank line ends a paragraph (a line break in the text) and the
//! article. Tokens follow [`super::tokens`]; whitespace tokens are not
//! written. Where spans of one label overlap, the first one wins.

use super::ExportDoc;
use super::tokens::tokenize;

/// The lines of one article for the layer of `label`.
pub fn layer(doc: &ExportDoc, label: &str) -> String {
    let spans: Vec<_> = doc.spans.iter().filter(|s| s.label == label).collect();
    let cuts: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
    let tokens = tokenize(doc.text, &cuts);
    let mut out = format!("# article_id = {}\n# source = {}\n", doc.id, doc.source);
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
            Some(_) => format!("I-{label}"),
            None if next_span < spans.len() && spans[next_span].start == token.start => {
                inside = Some(spans[next_span].end);
                next_span += 1;
                format!("B-{label}")
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
