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

/// How far into a page its charset declaration is looked for, as browsers
/// do: a declaration further down cannot be trusted to come before text.
pub const PRESCAN_LENGTH: usize = 1024;

/// The encoding a page declares in a `<meta charset>` or a `<meta
/// http-equiv="Content-Type" content="…; charset=…">` within its first
/// [`PRESCAN_LENGTH`] bytes, found as the HTML standard's prescan finds it
/// (comments and other tags skipped, attribute values in any quoting).
/// `None` when there is none, or when its label is unknown.
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let bytes = &bytes[..bytes.len().min(PRESCAN_LENGTH)];
    let starts = |at: usize, prefix: &[u8]| {
        bytes
            .get(at..at + prefix.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(prefix))
    };
    let mut at = 0;
    while at < bytes.len() {
        if starts(at, b"<!--") {
            // At the comment's last `>`, as at a tag's: the step below
            // moves past it.
            at = find(bytes, at + 4, b"-->")? + 2;
        } else if starts(at, b"<meta")
            && bytes.get(at + 5).is_some_and(|&b| is_space(b) || b == b'/')
        {
            at += 5;
            if let Some(encoding) = meta_encoding(bytes, &mut at) {
                // The standard's corrections: a page read as bytes cannot
                // be UTF-16, and x-user-defined means Windows-1252.
                return Some(
                    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                        encoding_rs::UTF_8
                    } else if encoding == encoding_rs::X_USER_DEFINED {
                        encoding_rs::WINDOWS_1252
                    } else {
                        encoding
                    },
                );
            }
        } else if bytes[at] == b'<'
            && (bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic)
                || (bytes.get(at + 1) == Some(&b'/')
                    && bytes.get(at + 2).is_some_and(u8::is_ascii_alphabetic)))
        {
            // Another tag: its attributes are skipped whole, so that a `>`
            // or `<meta` inside a quoted value is not taken for markup.
            at += 1;
            while at < bytes.len() && !is_space(bytes[at]) && bytes[at] != b'>' {
                at += 1;
            }
            while attribute(bytes, &mut at)?.is_some() {}
        } else if starts(at, b"<!") || starts(at, b"</") || starts(at, b"<?") {
            at = find(bytes, at + 2, b">")?;
        }
        at += 1;
    }
    None
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

/// The encoding a `<meta>` tag's attributes (read from `at` on) declare.
fn meta_encoding(bytes: &[u8], at: &mut usize) -> Option<&'static encoding_rs::Encoding> {
    let mut seen: Vec<Vec<u8>> = Vec::new();
    let (mut pragma, mut need_pragma, mut charset) = (false, None, None);
    while let Some((name, value)) = attribute(bytes, at)? {
        // Only the first of two attributes of the same name counts.
        if seen.contains(&name) {
            continue;
        }
        match name.as_slice() {
            b"http-equiv" => pragma |= value == b"content-type",
            b"content" if charset.is_none() => {
                if let Some(label) = charset_in_content(&value) {
                    charset = encoding_rs::Encoding::for_label(label);
                    need_pragma = Some(true);
                }
            }
            b"charset" => {
                charset = encoding_rs::Encoding::for_label(&value);
                need_pragma = Some(false);
            }
            _ => {}
        }
        seen.push(name);
    }
    match need_pragma {
        Some(true) if !pragma => None,
        Some(_) => charset,
        None => None,
    }
}

/// The next attribute of a tag, its name and value in ASCII lower case,
/// moving `at` past it: `Some(None)` at the tag's end, `None` where the
/// prescanned bytes end inside it.
fn attribute(bytes: &[u8], at: &mut usize) -> Option<Option<(Vec<u8>, Vec<u8>)>> {
    let byte = |i: usize| bytes.get(i).copied();
    while byte(*at).is_some_and(|b| is_space(b) || b == b'/') {
        *at += 1;
    }
    if byte(*at)? == b'>' {
        return Some(None);
    }
    let mut name = Vec::new();
    loop {
        match byte(*at)? {
            b'=' if !name.is_empty() => {
                *at += 1;
                break;
            }
            b if is_space(b) => {
                while byte(*at).is_some_and(is_space) {
                    *at += 1;
                }
                if byte(*at)? != b'=' {
                    return Some(Some((name, Vec::new())));
                }
                *at += 1;
                break;
            }
            b'/' | b'>' => return Some(Some((name, Vec::new()))),
            b => {
                name.push(b.to_ascii_lowercase());
                *at += 1;
            }
        }
    }
    while byte(*at).is_some_and(is_space) {
        *at += 1;
    }
    let mut value = Vec::new();
    match byte(*at)? {
        quote @ (b'"' | b'\'') => {
            *at += 1;
            loop {
                let b = byte(*at)?;
                *at += 1;
                if b == quote {
                    return Some(Some((name, value)));
                }
                value.push(b.to_ascii_lowercase());
            }
        }
        b'>' => Some(Some((name, value))),
        _ => loop {
            let b = byte(*at)?;
            if is_space(b) || b == b'>' {
                return Some(Some((name, value)));
            }
            value.push(b.to_ascii_lowercase());
            *at += 1;
        },
    }
}

/// The label after `charset=` in a `content` value (`text/html;
/// charset=koi8-r`), quoted or not.
fn charset_in_content(value: &[u8]) -> Option<&[u8]> {
    let mut from = 0;
    loop {
        let mut at = find(value, from, b"charset")? + 7;
        from = at;
        while value.get(at).copied().is_some_and(is_space) {
            at += 1;
        }
        if value.get(at) != Some(&b'=') {
            continue;
        }
        at += 1;
        while value.get(at).copied().is_some_and(is_space) {
            at += 1;
        }
        return match value.get(at)? {
            &quote @ (b'"' | b'\'') => {
                let end = find(value, at + 1, &[quote])?;
                Some(&value[at + 1..end])
            }
            _ => {
                let end = value[at..]
                    .iter()
                    .position(|&b| is_space(b) || b == b';')
                    .map_or(value.len(), |i| at + i);
                Some(&value[at..end])
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declared_charset_is_found_as_browsers_find_it() {
        let declared = |page: &str| declared_encoding(page.as_bytes()).map(|e| e.name());
        assert_eq!(
            declared("<meta charset=windows-1251>"),
            Some("windows-1251")
        );
        assert_eq!(declared("<META CharSet = ' KOI8-R '>"), Some("KOI8-R"));
        assert_eq!(
            declared(r#"<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">"#),
            Some("Shift_JIS")
        );
        assert_eq!(
            declared(r#"<meta content='text/html;charset="gbk"' http-equiv=content-type>"#),
            Some("GBK")
        );
        // `content` without the pragma declares nothing.
        assert_eq!(declared(r#"<meta content="charset=koi8-r">"#), None);
        assert_eq!(declared("<!-- <meta charset=koi8-r> --><p>x"), None);
        assert_eq!(declared("<!----><meta charset=koi8-r>"), Some("KOI8-R"));
        assert_eq!(
            declared(r#"<div title="<meta charset=koi8-r>"><meta charset=iso-8859-2>"#),
            Some("ISO-8859-2")
        );
        assert_eq!(declared("<meta charset=utf-16le>"), Some("UTF-8"));
        assert_eq!(
            declared("<meta charset=x-user-defined>"),
            Some("windows-1252")
        );
        // Unknown labels and declarations past the prescan are not used.
        assert_eq!(
            declared("<meta charset=no-such><meta charset=koi8-r>"),
            Some("KOI8-R")
        );
        let late = format!("{}<meta charset=koi8-r>", " ".repeat(PRESCAN_LENGTH));
        assert_eq!(declared(&late), None);
        for cut in ["<meta charset=\"koi8", "<meta charset", "<!-- x", "<meta"] {
            assert_eq!(declared(cut), None, "{cut}");
        }
    }

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
