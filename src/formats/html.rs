//! Readable text from scraped HTML pages, through a real HTML parser.
//!
//! One line per block element; scripts, styles, navigation, forms and page
//! footers are dropped. Figure captions, image `alt`/`title` text and
//! credit elements become lines of their own and are returned as caption
//! suggestions, since the markup already says what they are.

use crate::model::ByteRange;
use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Elements whose content is not article text.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "form", "button", "select", "svg", "iframe",
    "footer", "head", "object", "canvas",
];

/// Elements that end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "hr",
    "address",
    "details",
    "summary",
    "body",
    "html",
];

/// Text extracted from a page, and the lines its markup marks as captions.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub text: String,
    /// Byte range of each caption line and why (`HTML figcaption`, …).
    pub captions: Vec<(ByteRange, &'static str)>,
}

/// Why an element's own line is a caption, if it is one.
fn caption_reason(element: &scraper::node::Element) -> Option<&'static str> {
    if element.name() == "figcaption" {
        return Some("HTML figcaption");
    }
    let class_says = |word: &str| {
        element
            .classes()
            .any(|c| c.to_ascii_lowercase().contains(word))
    };
    if class_says("credit") {
        Some("HTML credit element")
    } else if class_says("caption") {
        Some("HTML caption element")
    } else {
        None
    }
}

struct Lines {
    text: String,
    captions: Vec<(ByteRange, &'static str)>,
    current: String,
}

impl Lines {
    /// Ends the current line; `reason` marks it as a caption.
    fn flush(&mut self, reason: Option<&'static str>) {
        let line = self.current.trim();
        if !line.is_empty() {
            if !self.text.is_empty() {
                self.text.push('\n');
            }
            let start = self.text.len();
            self.text.push_str(line);
            if let Some(reason) = reason {
                self.captions
                    .push((ByteRange::new(start, self.text.len()), reason));
            }
        }
        self.current.clear();
    }

    /// Appends text with HTML whitespace collapsed to single spaces.
    fn push_text(&mut self, text: &str) {
        for (i, word) in text.split_ascii_whitespace().enumerate() {
            let space_before = i > 0 || text.starts_with(|c: char| c.is_ascii_whitespace());
            if space_before && !self.current.is_empty() && !self.current.ends_with(' ') {
                self.current.push(' ');
            }
            self.current.push_str(word);
        }
        if text.ends_with(|c: char| c.is_ascii_whitespace()) && !self.current.is_empty() {
            self.current.push(' ');
        }
    }
}

/// Elements nested deeper than this are taken out (their text stays)
/// before parsing: the HTML parser looks through every open element at each
/// start tag, so a page of 100,000 nested `<div>`s would take hours. Real
/// pages nest a few dozen deep; browsers stop nesting at 512 too.
const MAX_DEPTH: usize = 512;

/// Elements without an end tag, or whose end tag may be left out: they do
/// not count towards the depth.
const UNNESTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option",
    "optgroup", "rb", "rt", "rtc", "rp", "colgroup", "caption", "html", "head", "body",
];

/// Elements whose content is text, not markup.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// `html` with the start and end tags below [`MAX_DEPTH`] removed, or
/// `None` when it nests no deeper. A plain scan of the tags, linear in the
/// length of the page.
fn flatten_deep_nesting(html: &str) -> Option<String> {
    let bytes = html.as_bytes();
    let mut out = String::new();
    let (mut depth, mut copied, mut i) = (0usize, 0usize, 0usize);
    let mut next_gt: Option<usize> = None;
    while let Some(offset) = html[i..].find('<') {
        let at = i + offset;
        if html[at..].starts_with("<!--") {
            i = html[at + 4..]
                .find("-->")
                .map_or(html.len(), |e| at + 4 + e + 3);
            continue;
        }
        let closing = bytes.get(at + 1) == Some(&b'/');
        let name_start = at + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            i = at + 1;
            continue;
        }
        // The next `>`, found once for all the `<`s before it.
        if next_gt.is_none_or(|gt| gt < at) {
            next_gt = html[at..].find('>').map(|gt| at + gt);
        }
        let Some(gt) = next_gt else {
            break;
        };
        let end = gt + 1;
        i = end;
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        if RAW_TEXT.contains(&name.as_str()) {
            // Neither counted nor taken out; their content is skipped, and
            // their end tag is met next.
            if !closing {
                let close = format!("</{name}");
                i = bytes[end..]
                    .windows(close.len())
                    .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))
                    .map_or(html.len(), |e| end + e);
            }
            continue;
        }
        if UNNESTED.contains(&name.as_str()) || (!closing && bytes[end - 2] == b'/') {
            continue;
        }
        if !closing {
            depth += 1;
        }
        if depth > MAX_DEPTH {
            out.push_str(&html[copied..at]);
            copied = end;
        }
        if closing {
            depth = depth.saturating_sub(1);
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&html[copied..]);
    Some(out)
}

/// Extracts the readable text of an HTML page.
pub fn extract(html: &str) -> Extracted {
    let flattened = flatten_deep_nesting(html);
    let document = Html::parse_document(flattened.as_deref().unwrap_or(html));
    let mut lines = Lines {
        text: String::new(),
        captions: Vec::new(),
        current: String::new(),
    };
    // Iterative traversal: deeply nested pages cannot exhaust the stack.
    let mut dropped_depth = 0usize;
    // Per open element, the innermost caption reason at its depth (its own
    // or its nearest ancestor's), so that finding it never walks the stack:
    // deeply nested pages stay linear.
    let mut reasons: Vec<Option<&'static str>> = Vec::new();
    let innermost = |reasons: &[Option<&'static str>]| reasons.last().copied().flatten();
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if dropped_depth > 0 || DROPPED.contains(&name) {
                        if DROPPED.contains(&name) {
                            dropped_depth += 1;
                        }
                        continue;
                    }
                    let reason = caption_reason(el);
                    if reason.is_some() || BLOCKS.contains(&name) || name == "br" {
                        lines.flush(innermost(&reasons));
                    }
                    reasons.push(reason.or(innermost(&reasons)));
                    if name == "img" {
                        lines.flush(innermost(&reasons));
                        for (attr, why) in [
                            ("alt", "HTML image alt text"),
                            ("title", "HTML image title"),
                        ] {
                            if let Some(value) = el.attr(attr) {
                                lines.push_text(value);
                                lines.flush(Some(why));
                            }
                        }
                    }
                }
                Node::Text(text) if dropped_depth == 0 => lines.push_text(text),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    let name = el.name();
                    if DROPPED.contains(&name) {
                        dropped_depth = dropped_depth.saturating_sub(1);
                        continue;
                    }
                    if dropped_depth > 0 {
                        continue;
                    }
                    let reason = caption_reason(el);
                    if reason.is_some() || BLOCKS.contains(&name) {
                        lines.flush(innermost(&reasons));
                    }
                    reasons.pop();
                }
            }
        }
    }
    lines.flush(None);
    Extracted {
        text: lines.text,
        captions: lines.captions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head><title>T</title><style>p{}</style></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council   approves &amp; funds bridge</h1>
<figure><img src="a.jpg" alt="The old bridge at dawn"><figcaption>The bridge in 1990. <span class="photo-credit">Photo: Ana Ruiz</span></figcaption></figure>
<p>The council voted <b>7–2</b> on Tuesday.<br>It will cost €4&nbsp;million.</p>
<script>var x = "<p>not text</p>";</script>
<p>“We waited long enough,” said Mayor Ida Vance.</p></article>
<footer>© 2024 Example News</footer></body></html>"#;

    #[test]
    fn one_line_per_block_and_chrome_dropped() {
        let out = extract(PAGE);
        assert_eq!(
            out.text,
            "Council approves & funds bridge\nThe old bridge at dawn\nThe bridge in 1990.\nPhoto: Ana Ruiz\n\
             The council voted 7–2 on Tuesday.\nIt will cost €4\u{a0}million.\n“We waited long enough,” said Mayor Ida Vance."
        );
    }

    #[test]
    fn captions_alt_text_and_credits_are_marked() {
        let out = extract(PAGE);
        let marked: Vec<(&str, &str)> = out
            .captions
            .iter()
            .map(|(r, why)| (r.slice(&out.text).unwrap(), *why))
            .collect();
        assert_eq!(
            marked,
            [
                ("The old bridge at dawn", "HTML image alt text"),
                ("The bridge in 1990.", "HTML figcaption"),
                ("Photo: Ana Ruiz", "HTML credit element"),
            ]
        );
    }

    #[test]
    fn deep_and_truncated_markup_does_not_fail() {
        let deep = "<div>".repeat(100_000) + "deep text";
        assert_eq!(extract(&deep).text, "deep text");
        let closed = format!(
            "<p>before</p>{}<p>deep <b>text</b></p>{}<p>after",
            "<div class=x>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        assert_eq!(extract(&closed).text, "before\ndeep text\nafter");
        let nested_inline = "<b><i>".repeat(50_000) + "bold";
        assert_eq!(extract(&nested_inline).text, "bold");
        // Scripts and comments are not markup: their `<div>`s do not count.
        let scripted = format!(
            "{}<p>text</p>",
            "<div><script>var s = '<div><div>';</script><!-- <div> --></div>".repeat(2000)
        );
        assert_eq!(flatten_deep_nesting(&scripted), None);
        assert_eq!(extract(&scripted).text, "text");
        assert_eq!(extract("<p>cut off <b>mid").text, "cut off mid");
        assert_eq!(extract("").text, "");
    }
}
