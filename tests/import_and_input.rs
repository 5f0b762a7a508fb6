//! Issue 20, the import and input side: nothing is lost or misread when an
//! import meets a full disk, a link, a byte-order mark, bad regions, binary
//! text, a declared charset, a file name that is not UTF-8 or a label name
//! that other tools cannot hold.
//!
//! Every case runs the real binary on a temporary folder.

mod common;

use common::{stderr, stdout};
use copydesk::model::LabelSet;
use copydesk::store;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(dir: &Path, args: &[&str]) -> Output {
    let out = common::copydesk(args, dir);
    assert!(
        !stderr(&out).contains("panicked") && out.status.code().is_some(),
        "copydesk {args:?} panicked or was killed:\n{}",
        stderr(&out)
    );
    out
}

/// The command exited with `code` and a stderr line names `what` and says
/// `problem`.
fn assert_refused(out: &Output, code: i32, what: &str, problem: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr:\n{err}");
    assert!(
        err.lines().any(|l| l.contains(what) && l.contains(problem)),
        "no line names {what:?} and says {problem:?}:\n{err}"
    );
}

fn assert_ok(out: &Output) {
    assert_eq!(out.status.code(), Some(0), "stderr:\n{}", stderr(out));
}

fn write_lines(path: &Path, lines: &[serde_json::Value]) {
    let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    std::fs::write(path, text.join("\n") + "\n").unwrap();
}

// ---------------------------------------------------------------------------
// 5. An article and its annotation file are written both or neither.

/// A record of 500 short words, each a confirmed Quote: the article is
/// 1.5 KB, its annotation file far larger.
fn many_spans_record(id: &str) -> serde_json::Value {
    let text = "ab ".repeat(500);
    let spans: Vec<_> = (0..500)
        .map(|i| json!({"label": "Quote", "start": 3 * i, "end": 3 * i + 2, "status": "confirmed"}))
        .collect();
    json!({"id": id, "text": text, "spans": spans})
}

#[test]
fn an_import_that_cannot_write_the_annotation_file_writes_no_article() {
    let dir = tempfile::tempdir().unwrap();
    write_lines(
        &dir.path().join("corpus.jsonl"),
        &[many_spans_record("a.txt")],
    );
    std::fs::create_dir(dir.path().join("out")).unwrap();
    // The file size limit lets the article through and stops the annotation
    // file, as a disk that fills up between the two would (SIGXFSZ ignored,
    // so the write fails with EFBIG instead of killing the process).
    let out = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 4 && exec \"$0\" import --out out corpus.jsonl")
        .arg(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_refused(&out, 1, "corpus.jsonl:1", "File too large");
    assert_eq!(
        common::file_names(&dir.path().join("out")),
        Vec::<String>::new(),
        "{}",
        stderr(&out)
    );
    // With room again, the same command imports it whole.
    let out = run(dir.path(), &["import", "--out", "out", "corpus.jsonl"]);
    assert_ok(&out);
    let opened = store::open_article(&dir.path().join("out/a.txt"), &LabelSet::default()).unwrap();
    assert_eq!(opened.article.annotations().iter().count(), 500);
}

#[test]
fn a_rerun_completes_an_article_left_without_its_annotation_file() {
    let dir = tempfile::tempdir().unwrap();
    let same = many_spans_record("same.txt");
    let changed = many_spans_record("changed.txt");
    write_lines(&dir.path().join("corpus.jsonl"), &[same.clone(), changed]);
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    // `same.txt` as an interrupted import left it; `changed.txt` edited
    // since, so the record's spans may not fit it.
    std::fs::write(out_dir.join("same.txt"), same["text"].as_str().unwrap()).unwrap();
    std::fs::write(out_dir.join("changed.txt"), "Someone else's article.\n").unwrap();
    let out = run(dir.path(), &["import", "--out", "out", "corpus.jsonl"]);
    assert_refused(&out, 1, "corpus.jsonl:2", "exists already");
    assert!(stderr(&out).contains("1 article(s) imported"));
    assert_eq!(
        common::file_names(&out_dir),
        ["changed.txt", "same.txt", "same.txt.copydesk.ron"]
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join("changed.txt")).unwrap(),
        "Someone else's article.\n"
    );
    let out = run(dir.path(), &["validate", "out/same.txt.copydesk.ron"]);
    assert_ok(&out);
    // An annotation file with no article is somebody's work too: kept.
    std::fs::remove_file(out_dir.join("same.txt")).unwrap();
    let kept = std::fs::read(out_dir.join("same.txt.copydesk.ron")).unwrap();
    let out = run(dir.path(), &["import", "--out", "out", "corpus.jsonl"]);
    assert_refused(
        &out,
        1,
        "corpus.jsonl:1",
        "same.txt.copydesk.ron exists already",
    );
    assert!(!out_dir.join("same.txt").exists());
    assert_eq!(
        std::fs::read(out_dir.join("same.txt.copydesk.ron")).unwrap(),
        kept
    );
}

// ---------------------------------------------------------------------------
// 7. Nothing is written outside `--out`, through links neither.

#[cfg(unix)]
#[test]
fn import_writes_nothing_through_a_link_inside_out() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), out_dir.join("shared")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("y.txt"), out_dir.join("dangling.txt"))
        .unwrap();
    let record = |id: &str| json!({"id": id, "text": "Some text."});
    write_lines(
        &dir.path().join("corpus.jsonl"),
        &[
            record("shared/x.txt"),
            record("shared/deeper/x.txt"),
            record("dangling.txt"),
            record("fine/x.txt"),
        ],
    );
    let out = run(dir.path(), &["import", "--out", "out", "corpus.jsonl"]);
    for (line, id) in [(1, "shared/x.txt"), (2, "shared/deeper/x.txt")] {
        assert_refused(
            &out,
            1,
            &format!("corpus.jsonl:{line}: record {id:?}"),
            "is a symbolic link",
        );
    }
    assert_refused(
        &out,
        1,
        "corpus.jsonl:3: record \"dangling.txt\"",
        "is a symbolic link",
    );
    assert!(stderr(&out).contains("1 article(s) imported"));
    assert_eq!(common::file_names(elsewhere.path()), Vec::<String>::new());
    assert_eq!(
        common::file_names(&out_dir.join("fine")),
        ["x.txt", "x.txt.copydesk.ron"]
    );
    assert!(
        std::fs::symlink_metadata(out_dir.join("dangling.txt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

// ---------------------------------------------------------------------------
// 9. A byte-order mark at the start of a corpus is not part of it.

#[test]
fn corpora_with_a_byte_order_mark_are_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let bom = |path: &str, content: String| {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(content.as_bytes());
        std::fs::write(dir.path().join(path), bytes).unwrap();
    };
    let two = |a: serde_json::Value, b: serde_json::Value| format!("{a}\n{b}\n");
    bom(
        "copydesk.jsonl",
        two(
            json!({"id": "c1.txt", "text": "One."}),
            json!({"id": "c2.txt", "text": "Two."}),
        ),
    );
    bom(
        "doccano.jsonl",
        two(
            json!({"id": "d1", "text": "One.", "label": [[0, 3, "Claim"]]}),
            json!({"id": "d2", "text": "Two."}),
        ),
    );
    bom(
        "prodigy.jsonl",
        two(
            json!({"text": "One.", "meta": {"article_id": "p1"}, "spans": [{"start": 0, "end": 3, "label": "Claim"}]}),
            json!({"text": "Two.", "meta": {"article_id": "p2"}, "spans": []}),
        ),
    );
    bom(
        "tasks.json",
        json!([
            {"data": {"text": "One.", "article_id": "l1"}, "annotations": []},
            {"data": {"text": "Two.", "article_id": "l2"}, "annotations": []},
        ])
        .to_string(),
    );
    for (from, file) in [
        ("auto", "copydesk.jsonl"),
        ("doccano", "doccano.jsonl"),
        ("prodigy", "prodigy.jsonl"),
        ("label-studio", "tasks.json"),
    ] {
        let out = run(dir.path(), &["import", "--from", from, "--out", from, file]);
        assert_ok(&out);
        assert!(
            stderr(&out).contains("2 article(s) imported"),
            "{file}: {}",
            stderr(&out)
        );
    }
    assert_eq!(
        common::file_names(&dir.path().join("auto")),
        [
            "c1.txt",
            "c1.txt.copydesk.ron",
            "c2.txt",
            "c2.txt.copydesk.ron"
        ]
    );
}

// ---------------------------------------------------------------------------
// 10. Regions left out of a Label Studio import fail the run and are counted.

#[test]
fn dropped_label_studio_regions_fail_the_import_and_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let region = |id: &str, start: i64, end: i64, text: &str| {
        json!({"id": id, "from_name": "label", "to_name": "text", "type": "labels",
               "value": {"start": start, "end": end, "text": text, "labels": ["Quote"]}})
    };
    let tasks = json!([
        {"data": {"text": "👍 ok fine", "article_id": "bad.txt"}, "annotations": [{"result": [
            region("surrogate", 1, 4, "ok"),
            region("negative", -1, 2, "👍"),
            region("reversed", 5, 3, "ok"),
            region("past-end", 2, 99, "ok fine"),
            region("good", 2, 4, "ok"),
        ]}]},
        {"data": {"text": "All fine.", "article_id": "good.txt"}, "annotations": []},
    ]);
    std::fs::write(dir.path().join("tasks.json"), tasks.to_string()).unwrap();
    let out = run(dir.path(), &["import", "--out", "out", "tasks.json"]);
    for rid in ["surrogate", "negative", "reversed", "past-end"] {
        assert_refused(&out, 1, "tasks.json:1", &format!("region {rid:?}"));
    }
    assert!(
        stderr(&out).contains("2 article(s) imported into out; 4 span(s) or link(s) dropped"),
        "{}",
        stderr(&out)
    );
    let opened =
        store::open_article(&dir.path().join("out/bad.txt"), &LabelSet::default()).unwrap();
    assert_eq!(opened.article.annotations().iter().count(), 1);
}

// ---------------------------------------------------------------------------
// 11. One rule for what text is an article: files, imports and stdin.

#[test]
fn text_that_no_article_file_may_hold_is_refused_by_import_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        json!({"id": "nul.txt", "text": "Some text\u{0}with a NUL"}),
        json!({"id": "empty.txt", "text": ""}),
        json!({"id": "blank.txt", "text": " \n\t "}),
        json!({"id": "fine.txt", "text": "Fine."}),
    ];
    write_lines(&dir.path().join("corpus.jsonl"), &lines);
    let problems = [
        (1, "NUL character"),
        (2, "the text is empty"),
        (3, "only whitespace"),
    ];
    let out = run(dir.path(), &["import", "--out", "out", "corpus.jsonl"]);
    for (line, problem) in problems {
        assert_refused(&out, 1, &format!("corpus.jsonl:{line}:"), problem);
    }
    assert_eq!(
        common::file_names(&dir.path().join("out")),
        ["fine.txt", "fine.txt.copydesk.ron"]
    );
    let streamed = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["detect", "--stdin", "--format", "jsonl"])
        .stdin(std::fs::File::open(dir.path().join("corpus.jsonl")).unwrap())
        .output()
        .unwrap();
    for (line, problem) in problems {
        assert_refused(&streamed, 1, &format!("stdin:{line}:"), problem);
    }
    assert_eq!(stdout(&streamed).lines().count(), 1);
}

// ---------------------------------------------------------------------------
// 12. A page's declared charset is honoured.

/// The text `detect --format jsonl` reads from the page `bytes`.
fn page_text(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let out = run(dir.path(), &["detect", "--format", "jsonl", name]);
    assert_ok(&out);
    let record: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    record["text"].as_str().unwrap().to_owned()
}

fn encoded(encoding: &'static encoding_rs::Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn html_is_decoded_in_the_charset_it_declares() {
    let body = "<p>Мэр сказал: \"Мост откроют в мае\".</p>";
    let text = "Мэр сказал: \"Мост откроют в мае\".";
    for (head, encoding) in [
        (
            "<meta charset=windows-1251>".to_owned(),
            encoding_rs::WINDOWS_1251,
        ),
        (
            r#"<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=koi8-r">"#.to_owned(),
            encoding_rs::KOI8_R,
        ),
        (
            "<!-- <meta charset=utf-8> --><meta name=x charset='gb18030'>".to_owned(),
            encoding_rs::GB18030,
        ),
    ] {
        let page = format!("<html><head>{head}</head><body>{body}</body></html>");
        let read = page_text("page.html", &encoded(encoding, &page));
        assert_eq!(read, text, "{head}");
    }
    let japanese = "<meta charset=\"Shift_JIS\"><p>市長は「橋は五月に開通する」と述べた。</p>";
    let read = page_text("jp.htm", &encoded(encoding_rs::SHIFT_JIS, japanese));
    assert_eq!(read, "市長は「橋は五月に開通する」と述べた。");
    // A byte-order mark wins over the declaration.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(format!("<meta charset=windows-1251>{body}").as_bytes());
    assert_eq!(page_text("bom.html", &bom), text);
    // An unknown label is read as any undeclared page is.
    let read = page_text(
        "unknown.html",
        b"<meta charset=no-such-charset><p>Caf\xE9 \x93ok\x94</p>",
    );
    assert_eq!(read, "Café “ok”");
}

// ---------------------------------------------------------------------------
// 13. A file name that is not UTF-8.

/// Annotation files and datasets name articles in UTF-8, so an article
/// whose name is not UTF-8 would be saved under a name that finds nothing:
/// it is refused, by name, before anything is written.
#[cfg(target_os = "linux")]
#[test]
fn an_article_whose_name_is_not_utf8_is_refused_by_name() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xE9.txt");
    std::fs::write(dir.path().join(name), "The mayor said “yes”.\n").unwrap();
    let out = run(dir.path(), &["detect", "."]);
    assert_refused(&out, 1, "caf\u{FFFD}.txt", "not valid UTF-8");
    assert_eq!(common::file_names(dir.path()), ["caf\u{FFFD}.txt"]);
}

// ---------------------------------------------------------------------------
// 14. Imported label names and keys.

#[test]
fn imported_labels_must_be_names_every_format_can_hold() {
    let dir = tempfile::tempdir().unwrap();
    let record = |id: &str, label: &str| json!({"id": id, "text": "Paris is far.", "spans": [{"label": label, "start": 0, "end": 5}]});
    write_lines(
        &dir.path().join("corpus.jsonl"),
        &[
            record("space.txt", "Named Place"),
            record("quote.txt", "Say\"s"),
            record("fine.txt", "Named_Place"),
        ],
    );
    let out = run(dir.path(), &["import", "--out", "out", "corpus.jsonl"]);
    assert_refused(&out, 1, "corpus.jsonl:1:", "label \"Named Place\"");
    assert_refused(&out, 1, "corpus.jsonl:2:", "label \"Say\\\"s\"");
    assert_eq!(
        common::file_names(&dir.path().join("out")),
        ["fine.txt", "fine.txt.copydesk.ron"]
    );
}

#[test]
fn imported_labels_get_only_keys_no_editor_command_takes() {
    let dir = tempfile::tempdir().unwrap();
    let spans: Vec<_> = (0..20)
        .map(|i| json!({"label": format!("L{i}"), "start": 0, "end": 3}))
        .collect();
    write_lines(
        &dir.path().join("corpus.jsonl"),
        &[json!({"id": "many.txt", "text": "abc", "spans": spans})],
    );
    let out = run(dir.path(), &["import", "--out", "out", "corpus.jsonl"]);
    assert_ok(&out);
    let path: PathBuf = dir.path().join("out/many.txt");
    let opened = store::open_article(&path, &LabelSet::default()).unwrap();
    let keys: Vec<char> = opened.article.labels.iter().map(|d| d.key).collect();
    assert_eq!(keys.len(), 24);
    for command_key in ['a', 'e', 'j', 'k', 'n', 'r', 's'] {
        assert!(!keys.contains(&command_key), "{keys:?}");
    }
}
