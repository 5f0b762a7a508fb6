//! RON annotation files: round trips, refusals, re-anchoring.

mod common;

use copydesk::detect::{self, DetectConfig};
use copydesk::model::{Article, Document, Edit, LabelSet, Status};
use copydesk::store::{self, StoreError};
use std::path::Path;

fn detected_article(path: &Path) -> Article {
    let doc = Document::load(path).unwrap();
    let mut article = Article::new(doc, LabelSet::default(), Default::default());
    let suggestions = detect::detect(article.text(), &DetectConfig::default());
    if let Some(edit) = copydesk::suggest::merge_edit(article.annotations(), suggestions) {
        article.apply(edit).unwrap();
    }
    article
}

#[test]
fn detect_save_load_save_gives_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for sample in common::samples() {
        let path = common::copy_sample(sample.file_name().unwrap().to_str().unwrap(), dir.path());
        let article = detected_article(&path);
        assert!(
            !article.annotations().is_empty(),
            "{} has suggestions",
            path.display()
        );
        let ron_path = store::annotation_path(&path);
        store::save(&article, &ron_path).unwrap();
        let first = std::fs::read(&ron_path).unwrap();

        let opened = store::open_article(&path, &LabelSet::default()).unwrap();
        assert_eq!(opened.article.annotations(), article.annotations());
        assert_eq!(opened.report.unwrap().summary(), None);
        store::save(&opened.article, &ron_path).unwrap();
        assert_eq!(
            std::fs::read(&ron_path).unwrap(),
            first,
            "{}",
            ron_path.display()
        );
    }
}

#[test]
fn the_file_is_readable_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(
        &path,
        "Zoë Ruiz said: “We won 👍🏽.”\r\nThe council paid $4 million in 2024.\n",
    )
    .unwrap();
    let mut article = detected_article(&path);
    let quote = article
        .annotations()
        .iter()
        .find(|s| s.label.is("Quote"))
        .expect("the quote is detected")
        .id;
    let confirm = article
        .annotations()
        .set_status_edit(quote, Status::Confirmed)
        .unwrap();
    article.apply(confirm).unwrap();
    article
        .apply(Edit::SetNote {
            id: quote,
            from: None,
            to: Some("checked \"audio\"".into()),
        })
        .unwrap();
    let ron_path = store::annotation_path(&path);
    store::save(&article, &ron_path).unwrap();
    let content = std::fs::read_to_string(&ron_path).unwrap();
    for needle in [
        "format: \"copydesk-annotations\"",
        "version: 1",
        "source: \"a.txt\"",
        "fingerprint: \"blake3:",
        "length: 66",
        "label: \"Quote\"",
        "start: 15",
        "end: 27",
        "text: \"“We won 👍🏽.”\"",
        "status: Confirmed",
        "rule: \"quote.",
        "note: r#\"checked \"audio\"\"#",
    ] {
        assert!(
            content.contains(needle),
            "{needle:?} missing from\n{content}"
        );
    }
}

#[test]
fn malformed_ron_is_an_error_with_line_and_column_and_the_file_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "Some article text.\n").unwrap();
    let ron_path = store::annotation_path(&path);
    let broken = "(\n  format: \"copydesk-annotations\",\n  version: 1,\n  source: \"a.txt\"\n  spans: [],\n)\n";
    std::fs::write(&ron_path, broken).unwrap();
    let err = store::open_article(&path, &LabelSet::default()).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("a.txt.copydesk.ron:5:"), "{message}");
    assert_eq!(std::fs::read_to_string(&ron_path).unwrap(), broken);
}

#[test]
fn a_newer_format_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "Some article text.\n").unwrap();
    let article = detected_article(&path);
    let ron_path = store::annotation_path(&path);
    store::save(&article, &ron_path).unwrap();
    let newer = std::fs::read_to_string(&ron_path)
        .unwrap()
        .replace("version: 1,", "version: 7,\n  future_field: true,");
    std::fs::write(&ron_path, &newer).unwrap();
    match store::open_article(&path, &LabelSet::default()) {
        Err(store::OpenError::Annotations(StoreError::TooNew { version: 7, .. })) => {}
        other => panic!("expected TooNew, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&ron_path).unwrap(), newer);
}

#[test]
fn changed_article_text_is_reanchored_and_lost_spans_are_kept_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    let old = "PHOTO: Lena Ostrova/Northlight\n\nThe agency hired 40 inspectors in 2023.\n\n“We are ready,” Mayor Ida Vance said.\n";
    std::fs::write(&path, old).unwrap();
    let article = detected_article(&path);
    let labels: Vec<String> = article
        .annotations()
        .in_text_order()
        .iter()
        .map(|s| s.label.to_string())
        .collect();
    assert!(
        labels.contains(&"Caption".into()) && labels.contains(&"Claim".into()),
        "{labels:?}"
    );
    // The editor confirms the claim and leaves the rest as suggestions.
    let mut article = article;
    let claim = article
        .annotations()
        .iter()
        .find(|s| s.label.as_str() == "Claim")
        .map(|s| s.id)
        .unwrap();
    article
        .apply(Edit::SetStatus {
            id: claim,
            from: Status::Suggested,
            to: Status::Confirmed,
        })
        .unwrap();
    let ron_path = store::annotation_path(&path);
    store::save(&article, &ron_path).unwrap();

    // The editor's article gains a paragraph and loses the claim.
    let new = "Breaking: updated.\n\nPHOTO: Lena Ostrova/Northlight\n\n“We are ready,” Mayor Ida Vance said.\n";
    std::fs::write(&path, new).unwrap();
    let opened = store::open_article(&path, &LabelSet::default()).unwrap();
    let report = opened.report.unwrap();
    assert!(report.text_changed);
    assert!(!report.moved.is_empty());
    assert_eq!(report.unplaced.len(), 1, "{report:?}");
    assert_eq!(
        report.unplaced[0].2,
        "The agency hired 40 inspectors in 2023."
    );
    assert!(report.summary().unwrap().contains("could not be placed"));
    assert!(
        opened.article.is_modified(),
        "re-anchored offsets are not on disk yet"
    );
    for span in opened.article.annotations().iter() {
        let text = span.range.slice(new).unwrap();
        assert!(new.contains(text));
    }
    // Saving keeps the unplaced span in the file, so nothing is lost.
    store::save(&opened.article, &ron_path).unwrap();
    let content = std::fs::read_to_string(&ron_path).unwrap();
    assert!(content.contains("unplaced:"), "{content}");
    assert!(content.contains("The agency hired 40 inspectors in 2023."));
    let again = store::open_article(&path, &LabelSet::default()).unwrap();
    assert_eq!(again.article.annotations().unplaced().len(), 1);
    assert_eq!(again.report.unwrap().summary(), None);
}

#[test]
fn inconsistent_spans_are_refused_with_the_span_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "The agency hired 40 inspectors in 2023.\n").unwrap();
    let article = detected_article(&path);
    let ron_path = store::annotation_path(&path);
    store::save(&article, &ron_path).unwrap();
    let good = std::fs::read_to_string(&ron_path).unwrap();
    for (from, to, expect) in [
        ("end: 39", "end: 400", "beyond the article"),
        ("start: 0", "start: 50", "not before end"),
        ("id: 1,", "id: 1, \n", ""),
    ] {
        let bad = good.replacen(from, to, 1);
        std::fs::write(&ron_path, &bad).unwrap();
        let result = store::open_article(&path, &LabelSet::default());
        if expect.is_empty() {
            assert!(result.is_ok());
            continue;
        }
        let message = result.unwrap_err().to_string();
        assert!(
            message.contains("span #1") && message.contains(expect),
            "{message}"
        );
        assert_eq!(std::fs::read_to_string(&ron_path).unwrap(), bad);
    }
}

#[test]
fn the_bundled_label_set_file_is_the_default_and_bad_ones_are_refused() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/labels.ron");
    assert_eq!(store::load_labels(&path).unwrap(), LabelSet::default());
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("labels.ron");
    let clash = std::fs::read_to_string(&path)
        .unwrap()
        .replace("key: '2'", "key: '1'");
    std::fs::write(&bad, clash).unwrap();
    let message = store::load_labels(&bad).unwrap_err().to_string();
    assert!(
        message.contains("labels.ron") && message.contains("share the key"),
        "{message}"
    );
}

/// Opens `path` with its annotation file, checking that no id is used by
/// two spans, placed or kept aside.
fn open_with_unique_ids(path: &Path) -> Article {
    let article = store::open_article(path, &LabelSet::default())
        .unwrap()
        .article;
    let annotations = article.annotations();
    let mut ids: Vec<_> = annotations
        .iter()
        .map(|s| s.id)
        .chain(annotations.unplaced().iter().map(|u| u.span.id))
        .collect();
    let all = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all, "an id is shared: {annotations:#?}");
    article
}

#[test]
fn spans_kept_aside_never_share_an_id_or_come_back_linked_to_a_newer_span() {
    use copydesk::model::{ByteRange, Label, SpanId, SpeakerLink};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    let ron = store::annotation_path(&path);
    let v1 = "The council paid $4 million.\n“We waited long enough,” said Ida Vance.\n";
    let v2 = "The council paid $4 million.\n“We waited too long,” said Ida Vance.\n";
    let range = |text: &str, needle: &str| {
        let start = text.find(needle).unwrap();
        ByteRange::new(start, start + needle.len())
    };
    let add = |article: &mut Article, label: Label, needle: &str, link: Option<SpanId>| {
        let mut span =
            article
                .annotations()
                .new_span(label, range(article.text(), needle), Status::Confirmed);
        span.speaker = link.map(|m| SpeakerLink {
            mention: Some(m),
            name: Some("Ida Vance".to_owned()),
        });
        let id = span.id;
        article.apply(Edit::Add(span)).unwrap();
        id
    };

    // v1: a claim (#1), the quote (#2) and its speaker mention (#3, the
    // highest id).
    std::fs::write(&path, v1).unwrap();
    let mut article = Article::new(
        Document::load(&path).unwrap(),
        LabelSet::default(),
        Default::default(),
    );
    add(
        &mut article,
        Label::claim(),
        "The council paid $4 million.",
        None,
    );
    let quote_id = SpanId(2);
    let mention = SpanId(3);
    let mut quote = article.annotations().new_span(
        Label::quote(),
        range(v1, "“We waited long enough,”"),
        Status::Confirmed,
    );
    assert_eq!(quote.id, quote_id);
    quote.speaker = Some(SpeakerLink {
        mention: Some(mention),
        name: Some("Ida Vance".to_owned()),
    });
    let mut speaker =
        article
            .annotations()
            .new_span(Label::speaker(), range(v1, "Ida Vance"), Status::Confirmed);
    speaker.id = mention;
    article.apply(Edit::Add(speaker)).unwrap();
    article.apply(Edit::Add(quote)).unwrap();
    store::save(&article, &ron).unwrap();

    // v2: the quote's words changed, so it is kept aside. The editor deletes
    // the mention and labels new spans; none may take #2 or #3.
    std::fs::write(&path, v2).unwrap();
    let mut article = open_with_unique_ids(&path);
    assert_eq!(article.annotations().unplaced().len(), 1);
    let remove = article.annotations().remove_edit(mention).unwrap();
    article.apply(remove).unwrap();
    let new_quote = add(&mut article, Label::quote(), "“We waited too long,”", None);
    let new_mention = add(&mut article, Label::speaker(), "Ida Vance", None);
    for id in [new_quote, new_mention] {
        assert!(id != quote_id && id != mention, "{id} reused");
    }
    store::save(&article, &ron).unwrap();
    open_with_unique_ids(&path);

    // v1 again: the quote comes back; its mention is gone, so it keeps the
    // name only rather than pointing at whichever span has #3 now.
    std::fs::write(&path, v1).unwrap();
    let article = open_with_unique_ids(&path);
    let back = article.annotations().get(quote_id).unwrap();
    assert_eq!(back.range.slice(v1), Some("“We waited long enough,”"));
    let link = back.speaker.as_ref().unwrap();
    assert_eq!(
        (link.mention, link.name.as_deref()),
        (None, Some("Ida Vance"))
    );
    // The quote added in v2 is the one aside now, with its own id.
    assert_eq!(article.annotations().unplaced()[0].span.id, new_quote);
    store::save(&article, &ron).unwrap();
    open_with_unique_ids(&path);
}
