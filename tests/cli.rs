//! The real binary on temporary folders.

mod common;

use common::{copy_sample, copydesk, slice_chars, stderr, stdout};
use copydesk::model::{LabelSet, Status};
use copydesk::store;
use serde_json::Value;

fn jsonl_records(out: &std::process::Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

#[test]
fn jsonl_offsets_slice_to_the_span_text_on_every_sample() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["detect", "--format", "jsonl"];
    let samples: Vec<String> = common::samples()
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    args.extend(samples.iter().map(String::as_str));
    let out = copydesk(&args, dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let records = jsonl_records(&out);
    assert_eq!(records.len(), samples.len());
    for record in records {
        let text = record["text"].as_str().unwrap();
        let spans = record["spans"].as_array().unwrap();
        let labels: std::collections::BTreeSet<&str> =
            spans.iter().map(|s| s["label"].as_str().unwrap()).collect();
        for label in ["Caption", "Quote", "Claim", "Speaker"] {
            assert!(
                labels.contains(label),
                "{} has no {label}",
                record["source"]
            );
        }
        for span in spans {
            let (start, end) = (
                span["start"].as_u64().unwrap() as usize,
                span["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                slice_chars(text, start, end),
                span["text"].as_str().unwrap()
            );
            assert_eq!(span["status"], "suggested");
            assert!(!span["rule"].as_str().unwrap().is_empty());
            assert!(!span["reason"].as_str().unwrap().is_empty());
            let confidence = span["confidence"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&confidence));
            if let Some(speaker) = span["speaker"].as_object()
                && let (Some(s), Some(e)) = (speaker["start"].as_u64(), speaker["end"].as_u64())
            {
                let mention = slice_chars(text, s as usize, e as usize);
                assert!(!mention.trim().is_empty());
            }
        }
    }
}

#[test]
fn every_encoding_is_decoded_and_binary_input_fails_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Zoë Ruiz said: “We won 👍🏽.”\r\nThe council paid $4 million in 2024.\n";
    let mut files: Vec<(&str, Vec<u8>)> = vec![("utf8.txt", text.as_bytes().to_vec())];
    files.push((
        "bom.txt",
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    ));
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    files.push(("utf16le.txt", le));
    files.push(("utf16be.txt", be));
    files.push((
        "latin.txt",
        b"Jos\xE9 Nu\xF1ez said the budget rose 4% in 2024.\n".to_vec(),
    ));
    files.push(("binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()));
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let names: Vec<&str> = files.iter().map(|f| f.0).collect();
    let out = copydesk(
        &[&["detect", "--format", "jsonl"], names.as_slice()].concat(),
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "one bad file makes the batch exit 1"
    );
    let err = stderr(&out);
    assert!(
        err.contains("binary.txt: ") && err.contains("binary file"),
        "{err}"
    );
    let records = jsonl_records(&out);
    assert_eq!(records.len(), 5, "the other files were processed");
    for record in &records[..4] {
        assert_eq!(record["text"], text, "{}", record["source"]);
    }
    assert_eq!(
        records[4]["text"],
        "José Nuñez said the budget rose 4% in 2024.\n"
    );
}

#[test]
fn rejected_suggestions_do_not_come_back_and_confirmed_ones_stay() {
    let dir = tempfile::tempdir().unwrap();
    let article = copy_sample("broadcaster-tech-page.txt", dir.path());
    let out = copydesk(&["detect", "broadcaster-tech-page.txt"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let ron_path = store::annotation_path(&article);
    assert!(ron_path.exists());

    // An editor rejects one suggestion and confirms another.
    let mut opened = store::open_article(&article, &LabelSet::default()).unwrap();
    let spans = opened.article.annotations().in_text_order();
    let (rejected, confirmed) = (spans[0].clone(), spans[1].clone());
    for (id, status) in [
        (rejected.id, Status::Rejected),
        (confirmed.id, Status::Confirmed),
    ] {
        let edit = opened
            .article
            .annotations()
            .set_status_edit(id, status)
            .unwrap();
        opened.article.apply(edit).unwrap();
    }
    store::save(&opened.article, &ron_path).unwrap();

    let out = copydesk(
        &["detect", "--format", "ron", "broadcaster-tech-page.txt"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let after = store::open_article(&article, &LabelSet::default()).unwrap();
    let annotations = after.article.annotations();
    let same_place: Vec<_> = annotations
        .iter()
        .filter(|s| s.range == rejected.range && s.label == rejected.label)
        .collect();
    assert_eq!(
        same_place.len(),
        1,
        "no new suggestion where one was rejected"
    );
    assert_eq!(same_place[0].status, Status::Rejected);
    assert_eq!(
        annotations.get(confirmed.id).unwrap().status,
        Status::Confirmed
    );
    assert_eq!(annotations.len(), opened.article.annotations().len());

    // Detecting an unchanged article again changes nothing on disk.
    let before = std::fs::read(&ron_path).unwrap();
    let out = copydesk(&["detect", "broadcaster-tech-page.txt"], dir.path());
    assert!(out.status.success());
    assert_eq!(std::fs::read(&ron_path).unwrap(), before);
}

#[test]
fn an_unreadable_annotation_file_is_reported_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let article = copy_sample("wire-story.txt", dir.path());
    copy_sample("local-news-with-ads.txt", dir.path());
    let ron_path = store::annotation_path(&article);
    std::fs::write(
        &ron_path,
        "(format: \"copydesk-annotations\", version: 1, spans: [",
    )
    .unwrap();
    let out = copydesk(
        &["detect", "wire-story.txt", "local-news-with-ads.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("wire-story.txt.copydesk.ron:1:"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&ron_path).unwrap(),
        "(format: \"copydesk-annotations\", version: 1, spans: ["
    );
    assert!(
        dir.path()
            .join("local-news-with-ads.txt.copydesk.ron")
            .exists()
    );
}

#[test]
fn out_folder_validate_and_stats() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("articles")).unwrap();
    copy_sample("wire-story.txt", &dir.path().join("articles"));
    copy_sample("british-image-captions.txt", &dir.path().join("articles"));
    let out = copydesk(&["detect", "--out", "labels", "articles"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let ron = dir.path().join("labels/wire-story.txt.copydesk.ron");
    let content = std::fs::read_to_string(&ron).unwrap();
    assert!(
        content.contains("source: \"../articles/wire-story.txt\""),
        "{content}"
    );

    let out = copydesk(
        &["validate", "labels/wire-story.txt.copydesk.ron"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("ok,"));

    let out = copydesk(&["stats", "--out", "labels", "articles"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("2 article(s)"), "{text}");
    assert!(text.contains("new          2"), "{text}");
    let quote_row = text.lines().find(|l| l.starts_with("Quote")).unwrap();
    let suggested: usize = quote_row
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert!(suggested > 0, "{text}");

    // Validation fails once the article changes under its annotations.
    std::fs::write(
        dir.path().join("articles/wire-story.txt"),
        "Different text now.\n",
    )
    .unwrap();
    let out = copydesk(
        &["validate", "labels/wire-story.txt.copydesk.ron"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("text changed"), "{}", stderr(&out));
}

#[test]
fn usage_errors_exit_2_and_help_documents_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = copydesk(&["detect"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let out = copydesk(&["detect", "--claim-threshold", "3", "x.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let out = copydesk(&["--help"], dir.path());
    assert!(stdout(&out).contains("Exit codes:"));
}

/// The `Quote` row's suggested count of `stats` output.
fn suggested_quotes(stats: &str) -> usize {
    let row = stats.lines().find(|l| l.starts_with("Quote")).unwrap();
    row.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn articles_of_the_same_name_in_two_folders_keep_their_own_annotations_under_out() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["articles/a", "articles/b"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
    }
    copy_sample("wire-story.txt", &dir.path().join("articles/a"));
    std::fs::copy(
        dir.path().join("articles/a/wire-story.txt"),
        dir.path().join("articles/b/wire-story.txt"),
    )
    .unwrap();
    // b's article differs from a's: one paragraph fewer.
    let text = std::fs::read_to_string(dir.path().join("articles/b/wire-story.txt")).unwrap();
    let shorter = text.split_once("\n\n").unwrap().1;
    std::fs::write(dir.path().join("articles/b/wire-story.txt"), shorter).unwrap();

    let out = copydesk(&["detect", "--out", "labels", "articles"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    for (sub, text) in [("a", text.as_str()), ("b", shorter)] {
        let ron = dir
            .path()
            .join(format!("labels/{sub}/wire-story.txt.copydesk.ron"));
        let opened = store::open_with(
            &dir.path().join(format!("articles/{sub}/wire-story.txt")),
            ron,
            &LabelSet::default(),
        )
        .unwrap();
        // Each file was written for its own article, with nothing re-anchored.
        assert!(opened.report.is_some_and(|r| !r.text_changed), "{sub}");
        assert_eq!(opened.article.text(), text);
    }
    assert!(
        !dir.path()
            .join("labels/wire-story.txt.copydesk.ron")
            .exists()
    );

    // A second run finds both files again and changes nothing.
    let before = std::fs::read(dir.path().join("labels/a/wire-story.txt.copydesk.ron")).unwrap();
    let out = copydesk(&["detect", "--out", "labels", "articles"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let after = std::fs::read(dir.path().join("labels/a/wire-story.txt.copydesk.ron")).unwrap();
    assert_eq!(before, after);
    let out = copydesk(
        &["stats", "--annotations", "labels", "articles"],
        dir.path(),
    );
    assert!(stdout(&out).contains("2 article"), "{}", stdout(&out));
}

#[test]
fn stats_reads_annotations_kept_in_their_own_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("articles")).unwrap();
    copy_sample("wire-story.txt", &dir.path().join("articles"));
    let out = copydesk(&["detect", "--out", "labels", "articles"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = {
        let opened = store::open_with(
            &dir.path().join("articles/wire-story.txt"),
            dir.path().join("labels/wire-story.txt.copydesk.ron"),
            &LabelSet::default(),
        )
        .unwrap();
        let quotes = opened.article.annotations().iter();
        quotes.filter(|s| s.label.is("Quote")).count()
    };
    assert!(expected > 0);
    // The folder given as export takes it, as detect takes it, and the
    // annotation file named by itself.
    for args in [
        vec!["stats", "--annotations", "labels", "articles"],
        vec!["stats", "--out", "labels", "articles"],
        vec!["stats", "labels/wire-story.txt.copydesk.ron"],
    ] {
        let out = copydesk(&args, dir.path());
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.starts_with("1 article(s)"), "{args:?}: {text}");
        assert_eq!(suggested_quotes(&text), expected, "{args:?}: {text}");
    }
}

#[test]
fn validate_names_the_file_once_then_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample("wire-story.txt", dir.path());
    let ron = "wire-story.txt.copydesk.ron";
    std::fs::write(dir.path().join(ron), "(format: \"copydesk-annotations\",").unwrap();
    let out = copydesk(&["validate", ron], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with(&format!("{ron}:1:")), "{err}");
    assert_eq!(err.matches(ron).count(), 1, "{err}");
    std::fs::remove_file(dir.path().join(ron)).unwrap();
    let out = copydesk(&["validate", ron], dir.path());
    let err = stderr(&out);
    assert!(err.starts_with(&format!("{ron}: No such file")), "{err}");
    assert_eq!(err.matches(ron).count(), 1, "{err}");
}

#[test]
fn eval_puts_a_tuning_and_a_test_split_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let (tuning, test) = (fixtures.join("devset.jsonl"), fixtures.join("unseen.jsonl"));
    let out = copydesk(
        &[
            "eval",
            "--gold",
            tuning.to_str().unwrap(),
            "--gold",
            test.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let summary = text.lines().find(|l| l.starts_with("measure")).unwrap();
    assert!(
        summary.contains("devset") && summary.contains("unseen"),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with("Caption F1 (P/R)")),
        "{text}"
    );
    assert_eq!(text.matches("== ").count(), 2, "{text}");

    let json = copydesk(
        &[
            "eval",
            "--json",
            "--gold",
            tuning.to_str().unwrap(),
            "--gold",
            test.to_str().unwrap(),
        ],
        dir.path(),
    );
    let reports: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(reports.as_array().unwrap().len(), 2);
    assert!(
        reports[1]["report"]["labels"]["Caption"]["gold"]
            .as_u64()
            .unwrap()
            > 0
    );
}
