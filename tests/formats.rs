//! Imports and exports: every format, round trips, malformed input.

mod common;

use common::{copydesk, stderr, stdout};
use copydesk::formats::export::{self, ExportFormat, ExportOptions, Rendered};
use copydesk::formats::import::{self, ImportFormat};
use copydesk::formats::{ExportDoc, ImportedDoc, OffsetUnit, brat};
use copydesk::model::{Article, LabelSet, Status};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The tricky fixture articles: emoji, flags, combining accents, CRLF,
/// non-breaking spaces, speaker links.
fn tricky_articles() -> Vec<Article> {
    let mut docs = Vec::new();
    let problems = import::read_corpus(
        &fixture("tricky.jsonl"),
        ImportFormat::Auto,
        Status::Confirmed,
        |_, d| docs.push(d),
    )
    .unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    docs.into_iter()
        .map(|d| {
            let id = d.id.clone();
            import::to_article(d, PathBuf::from(id), &LabelSet::default()).unwrap()
        })
        .collect()
}

/// What a format keeps of an article: label, range, status, speaker mention
/// range, and (where the format holds them) speaker name and note.
type Key = (
    String,
    usize,
    usize,
    Status,
    Option<(usize, usize)>,
    Option<String>,
    Option<String>,
);

fn keys(article: &Article, keep_status: bool, keep_names: bool) -> BTreeSet<Key> {
    let a = article.annotations();
    a.iter()
        .map(|s| {
            let mention = s
                .speaker
                .as_ref()
                .and_then(|l| l.mention)
                .and_then(|m| a.get(m))
                .map(|m| (m.range.start.0, m.range.end.0));
            (
                s.label.to_string(),
                s.range.start.0,
                s.range.end.0,
                if keep_status {
                    s.status
                } else {
                    Status::Confirmed
                },
                mention,
                if keep_names {
                    s.speaker.as_ref().and_then(|l| l.name.clone())
                } else {
                    None
                },
                if keep_names { s.note.clone() } else { None },
            )
        })
        .collect()
}

fn export_doc(article: &Article) -> ExportDoc<'_> {
    let id = article.doc().source().to_string_lossy().into_owned();
    ExportDoc::new(
        id.clone(),
        id,
        article.text(),
        article.annotations(),
        &[Status::Confirmed, Status::Suggested],
    )
}

fn options(format: ExportFormat) -> ExportOptions {
    ExportOptions {
        format,
        offsets: OffsetUnit::Codepoint,
        include_suggestions: true,
        include_unfinished: true,
    }
}

fn record_text(rendered: Rendered) -> String {
    match rendered {
        Rendered::Record(bytes) => String::from_utf8(bytes).unwrap(),
        Rendered::Files(_) => panic!("expected a record"),
    }
}

fn reimport(doc: ImportedDoc) -> Article {
    let id = doc.id.clone();
    import::to_article(doc, PathBuf::from(id), &LabelSet::default()).unwrap()
}

#[test]
fn import_of_export_gives_back_the_annotations_in_every_format_that_holds_them() {
    for mut article in tricky_articles() {
        // A suggestion and a note too, so that status and notes are exercised
        // (on a claim: Label Studio links only regions of the same list).
        let first = article
            .annotations()
            .iter()
            .find(|s| s.label.is("Claim"))
            .unwrap()
            .id;
        let edit = article
            .annotations()
            .set_status_edit(first, Status::Suggested)
            .unwrap();
        article.apply(edit).unwrap();
        article
            .apply(copydesk::model::Edit::SetNote {
                id: first,
                from: None,
                to: Some("check ✓".into()),
            })
            .unwrap();
        let doc = export_doc(&article);

        for unit in [OffsetUnit::Codepoint, OffsetUnit::Utf16] {
            let mut o = options(ExportFormat::Copydesk);
            o.offsets = unit;
            let line = record_text(export::render(&doc, false, &[], &o).unwrap());
            let back = reimport(
                import::read_record(&line, ImportFormat::Auto, Status::Confirmed).unwrap(),
            );
            assert_eq!(back.text(), article.text());
            assert_eq!(
                keys(&back, true, true),
                keys(&article, true, true),
                "copydesk {unit:?}"
            );
        }

        let line =
            record_text(export::render(&doc, false, &[], &options(ExportFormat::Doccano)).unwrap());
        let back =
            reimport(import::read_record(&line, ImportFormat::Auto, Status::Confirmed).unwrap());
        assert_eq!(
            keys(&back, false, false),
            keys(&article, false, false),
            "doccano"
        );

        let line =
            record_text(export::render(&doc, false, &[], &options(ExportFormat::Prodigy)).unwrap());
        let back =
            reimport(import::read_record(&line, ImportFormat::Auto, Status::Confirmed).unwrap());
        assert_eq!(
            keys(&back, false, false),
            keys(&article, false, false),
            "prodigy"
        );

        let task = record_text(
            export::render(&doc, false, &[], &options(ExportFormat::LabelStudio)).unwrap(),
        );
        let back =
            reimport(import::read_record(&task, ImportFormat::Auto, Status::Confirmed).unwrap());
        // Label Studio keeps status (annotation or prediction) and speaker names, not notes.
        let no_notes = |k: BTreeSet<Key>| {
            k.into_iter()
                .map(|mut k| {
                    k.6 = None;
                    k
                })
                .collect::<BTreeSet<_>>()
        };
        assert_eq!(
            no_notes(keys(&back, true, true)),
            no_notes(keys(&article, true, true)),
            "label studio"
        );

        let ann = brat::ann(&doc).unwrap();
        let back = reimport(brat::import(
            doc.id.clone(),
            article.text().to_owned(),
            &ann,
        ));
        assert_eq!(keys(&back, true, true), keys(&article, true, true), "brat");
    }
}

#[test]
fn label_studio_offsets_in_utf16_units_are_recognised_and_mismatches_reported() {
    let text = "Zoë 👍 said “yes” twice";
    let quote_chars = (11, 16);
    // Older tools counted UTF-16 units: the emoji is two of them.
    let quote_units = (12, 17);
    let task = serde_json::json!({
        "data": {"text": text},
        "annotations": [{"result": [
            {"id": "a", "type": "labels", "from_name": "label", "to_name": "text",
             "value": {"start": quote_units.0, "end": quote_units.1, "text": "“yes”", "labels": ["Quote"]}},
            {"id": "b", "type": "labels", "from_name": "label", "to_name": "text",
             "value": {"start": 0, "end": 3, "text": "Zoë", "labels": ["Speaker"]}},
            {"id": "c", "type": "labels", "from_name": "label", "to_name": "text",
             "value": {"start": 4, "end": 9, "text": "nothing like it", "labels": ["Claim"]}}
        ]}]
    });
    let doc = import::read_record(
        &task.to_string(),
        ImportFormat::LabelStudio,
        Status::Confirmed,
    )
    .unwrap();
    let article = reimport(doc.clone());
    let spans = article.annotations().in_text_order();
    assert_eq!(spans.len(), 2);
    let index = copydesk::model::TextIndex::new(text);
    let quote = spans.iter().find(|s| s.label.is("Quote")).unwrap();
    assert_eq!(index.to_char(quote.range.start).unwrap().0, quote_chars.0);
    assert_eq!(doc.warnings.len(), 1);
    assert!(doc.warnings[0].contains("\"c\""), "{:?}", doc.warnings);
}

#[test]
fn malformed_records_are_reported_by_line_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "copydesk.jsonl",
            r#"{"id": "a", "text": "Hello world.", "spans": [{"label": "Claim", "start": 0, "end": 12}]}"#,
            r#"{"id": "b", "text": "Hi", "spans": [{"label": "Claim", "start": 0, "end": 9}]}"#,
        ),
        (
            "doccano.jsonl",
            r#"{"text": "Hello world.", "label": [[0, 5, "Claim"]]}"#,
            r#"{"text": "Hello", "label": [[0, 5]]}"#,
        ),
        (
            "prodigy.jsonl",
            r#"{"text": "Hello world.", "spans": [{"start": 0, "end": 5, "token_start": 0, "token_end": 0, "label": "Claim"}]}"#,
            r#"{"text": "Hello", "spans": [{"start": 3, "end": 1, "token_start": 0, "token_end": 0, "label": "Claim"}]}"#,
        ),
        (
            "ls.jsonl",
            r#"{"data": {"text": "Hello world."}, "annotations": [{"result": []}]}"#,
            r#"{"data": {"body": "no text field"}}"#,
        ),
    ];
    for (name, good, bad) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("{good}\n{{not json\n{bad}\n{good}\n")).unwrap();
        let mut lines = Vec::new();
        let problems =
            import::read_corpus(&path, ImportFormat::Auto, Status::Confirmed, |line, _| {
                lines.push(line)
            })
            .unwrap();
        assert_eq!(lines, [1, 4], "{name}");
        let bad_lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(bad_lines, [2, 3], "{name}: {problems:?}");
    }
}

#[test]
fn export_command_defaults_to_confirmed_spans_of_done_articles_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = copydesk(
        &[
            "import",
            "--out",
            "corpus",
            fixture("tricky.jsonl").to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // One article is not done any more, and gets a suggestion elsewhere.
    let path = dir.path().join("corpus/rail.txt");
    let mut opened = copydesk::store::open_article(&path, &LabelSet::default()).unwrap();
    opened
        .article
        .apply(copydesk::model::Edit::SetDone {
            from: true,
            to: false,
        })
        .unwrap();
    copydesk::store::save(&opened.article, &opened.annotation_path).unwrap();
    let out = copydesk(&["detect", "corpus/combining.txt"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));

    let out = copydesk(
        &[
            "export",
            "corpus",
            "--format",
            "copydesk",
            "--out",
            "data.jsonl",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("skipped 1 not marked done"),
        "{}",
        stderr(&out)
    );
    let content = std::fs::read_to_string(dir.path().join("data.jsonl")).unwrap();
    let records: Vec<serde_json::Value> = content
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    for r in &records {
        assert!(r["id"].is_string() && r["source"].as_str().unwrap().contains("corpus"));
        assert!(
            r["spans"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["status"] == "confirmed")
        );
    }
    let out = copydesk(
        &[
            "export",
            "corpus",
            "--format",
            "copydesk",
            "--out",
            "data.jsonl",
        ],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "an existing output is not overwritten"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("data.jsonl")).unwrap(),
        content
    );
    let out = copydesk(
        &[
            "export",
            "corpus",
            "--format",
            "doccano",
            "--offsets",
            "utf16",
            "--out",
            "x",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn conll_layers_tag_tokens_with_bio() {
    let article = &tricky_articles()[0];
    let doc = export_doc(article);
    let Rendered::Files(files) = export::render(
        &doc,
        true,
        &["Quote".into(), "Speaker".into()],
        &options(ExportFormat::Conll),
    )
    .unwrap() else {
        panic!("CoNLL writes files");
    };
    let quote = String::from_utf8(files[0].1.clone()).unwrap();
    assert_eq!(files[0].0, PathBuf::from("Quote.conll"));
    let lines: Vec<&str> = quote.lines().collect();
    assert!(lines[0].starts_with("# article_id = emoji-crlf.txt"));
    assert!(lines.contains(&"“\tB-Quote"));
    assert!(lines.contains(&"🇫🇷\tI-Quote"));
    assert!(lines.contains(&"”\tI-Quote"));
    assert!(lines.contains(&"said\tO"));
    let speaker = String::from_utf8(files[1].1.clone()).unwrap();
    assert!(
        speaker.contains("Zoë\tB-Speaker\nAğaoğlu\tI-Speaker\n"),
        "{speaker}"
    );
}

#[test]
fn html_pages_are_read_with_their_captions_suggested() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("page.html"),
        "<html><body><nav>Home | World</nav><article><h1>Harbour reopens</h1>\
         <figure><img alt=\"Cranes at the harbour\"><figcaption>Cranes at the east quay. <span class=\"credit\">Photo: Ines Ramos</span></figcaption></figure>\
         <p>The port handled 2.1 million containers in 2024, the authority said.</p>\
         <script>track()</script></article></body></html>",
    )
    .unwrap();
    let out = copydesk(&["detect", "--format", "jsonl", "."], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let record: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert!(!record["text"].as_str().unwrap().contains("track()"));
    assert!(!record["text"].as_str().unwrap().contains("Home | World"));
    let reasons: Vec<(&str, &str)> = record["spans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["label"] == "Caption")
        .map(|s| (s["text"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    assert!(
        reasons.contains(&("Cranes at the east quay.", "HTML figcaption")),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&("Photo: Ines Ramos", "HTML credit element")),
        "{reasons:?}"
    );
}

#[test]
fn detect_stdin_streams_jsonl_records() {
    let input = "{\"id\": \"a\", \"text\": \"PHOTO: Ana Ruiz/Reuters\\n\\nThe city spent $3 million on 40 buses in 2023.\"}\nnot json\n{\"id\": \"b\", \"text\": \"“We are ready,” said Mayor Ida Vance.\"}\n";
    let out = common::copydesk_with_stdin(
        &["detect", "--stdin", "--format", "jsonl"],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1), "one bad line");
    assert!(stderr(&out).contains("stdin:2:"), "{}", stderr(&out));
    let records: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["id"], "a");
    let labels: Vec<&str> = records[0]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"Caption") && labels.contains(&"Claim"),
        "{labels:?}"
    );
    assert_eq!(records[1]["id"], "b");
}

#[test]
fn agree_compares_two_editors() {
    let dir = tempfile::tempdir().unwrap();
    for editor in ["a", "b"] {
        let out = copydesk(
            &[
                "import",
                "--out",
                editor,
                fixture("tricky.jsonl").to_str().unwrap(),
            ],
            dir.path(),
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    // Editor B drops one claim.
    let path = dir.path().join("b/rail.txt");
    let mut opened = copydesk::store::open_article(&path, &LabelSet::default()).unwrap();
    let claim = opened
        .article
        .annotations()
        .iter()
        .find(|s| s.label.is("Claim"))
        .unwrap()
        .id;
    let remove = opened.article.annotations().remove_edit(claim).unwrap();
    opened.article.apply(remove).unwrap();
    copydesk::store::save(&opened.article, &opened.annotation_path).unwrap();

    let out = copydesk(&["agree", "a", "b", "--per-article"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("== all 3 article(s)"), "{text}");
    let claim_row = text.lines().rev().find(|l| l.starts_with("Claim")).unwrap();
    let cells: Vec<&str> = claim_row.split_whitespace().collect();
    assert_eq!(&cells[1..4], ["3", "2", "2"], "{claim_row}");
    assert_eq!(cells[4], "0.800");
    let caption_row = text
        .lines()
        .rev()
        .find(|l| l.starts_with("Caption"))
        .unwrap();
    assert!(caption_row.ends_with("1.000  1.000"), "{caption_row}");
}
