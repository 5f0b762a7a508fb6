//! Exports and article ids: two folders that hold the same names, articles
//! whose text changed, folders that cannot be read, and what each export
//! format can hold.

mod common;

use common::{copydesk, stderr};
use copydesk::model::{Article, Document, Label, LabelSet, Status};
use copydesk::store;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Writes `text` to `path` and an annotation file (next to it, or at
/// `ron`) with one span of each `(label, text, status)`, found in the text.
fn annotate_at(
    path: &Path,
    ron: &Path,
    text: &str,
    spans: &[(&str, &str, Status)],
    done: bool,
) -> Article {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(path, text).unwrap();
    let mut labels = LabelSet::default();
    for (label, _, _) in spans {
        labels.add_if_missing(&Label::new(label.to_string()));
    }
    let doc = Document::load(path).unwrap();
    let mut article = Article::new(doc, labels, Default::default());
    let spans: Vec<_> = spans
        .iter()
        .map(|(label, needle, status)| (*needle, Label::new(label.to_string()), *status))
        .collect();
    common::add_spans(&mut article, &spans, done);
    if let Some(dir) = ron.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    store::save(&article, ron).unwrap();
    article
}

fn annotate(path: &Path, text: &str, spans: &[(&str, &str, Status)]) -> Article {
    annotate_at(path, &store::annotation_path(path), text, spans, true)
}

const STORY: &str = "The council paid $4 million in 2024.\nShe said it was fair.\n";
const CLAIM: &str = "The council paid $4 million in 2024.";

/// [`STORY`] at `path`, done, with its claim confirmed.
fn annotate_story(path: &Path) {
    annotate(path, STORY, &[confirmed("Claim", CLAIM)]);
}

fn confirmed(label: &'static str, text: &'static str) -> (&'static str, &'static str, Status) {
    (label, text, Status::Confirmed)
}

/// Every annotation file below `dir`.
fn annotation_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(annotation_files(&path));
        } else if store::is_annotation_file(&path) {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn assert_names(out: &Output, code: i32, needles: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "{err}");
    for needle in needles {
        assert!(err.contains(needle), "{needle:?} not in: {err}");
    }
}

// ---- 2: ids and output paths are unique across the roots given ----

#[test]
fn detect_out_refuses_two_articles_that_would_share_an_annotation_file() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("x.txt"), STORY).unwrap();
    }
    for args in [
        ["detect", "--out", "OUT", "a", "b"],
        ["detect", "--out", "OUT", "a/x.txt", "b/x.txt"],
    ] {
        let out = copydesk(&args, dir.path());
        assert_names(&out, 2, &["a/x.txt", "b/x.txt", "\"x.txt\""]);
        assert!(
            annotation_files(&dir.path().join("OUT")).is_empty(),
            "nothing is written: {args:?}"
        );
    }
    // The folder that holds both keeps them apart; without --out each
    // article's file is next to it and nothing can clash.
    let out = copydesk(&["detect", "--out", "OUT", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(annotation_files(&dir.path().join("OUT")).len(), 2);
    let out = copydesk(&["detect", "a", "b"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The same article named twice is one article, not a clash.
    let out = copydesk(&["detect", "--out", "OUT2", "a", "./a/x.txt"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(annotation_files(&dir.path().join("OUT2")).len(), 1);
}

#[test]
fn export_refuses_articles_that_would_share_an_id_before_writing_anything() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        annotate_story(&dir.path().join("c").join(sub).join("x.txt"));
    }
    for format in ["copydesk", "brat", "conll"] {
        let out = copydesk(
            &["export", "c/a", "c/b", "--format", format, "--out", "OUT"],
            dir.path(),
        );
        assert_names(&out, 2, &["c/a/x.txt", "c/b/x.txt"]);
        assert!(
            !dir.path().join("OUT").exists(),
            "{format}: nothing written"
        );
    }
    let out = copydesk(
        &["export", "c", "--format", "copydesk", "--out", "all.jsonl"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let jsonl = std::fs::read_to_string(dir.path().join("all.jsonl")).unwrap();
    assert!(jsonl.contains(r#""id":"a/x.txt""#) && jsonl.contains(r#""id":"b/x.txt""#));
}

#[test]
fn brat_files_of_two_articles_that_would_clash_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let claim = [confirmed("Claim", CLAIM)];
    // `x.md` is written as `x.md.txt`, the name `x.md.txt` itself takes.
    annotate(&dir.path().join("c/x.md"), STORY, &claim);
    annotate(&dir.path().join("c/x.md.txt"), STORY, &claim);
    let out = copydesk(
        &["export", "c", "--format", "brat", "--out", "OUT"],
        dir.path(),
    );
    assert_names(&out, 2, &["c/x.md", "c/x.md.txt", "x.md.ann"]);
    assert!(!dir.path().join("OUT").exists());
    // The other formats have no such file names.
    let out = copydesk(
        &["export", "c", "--format", "doccano", "--out", "d.jsonl"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_brat_file_that_cannot_be_written_names_its_article() {
    let dir = tempfile::tempdir().unwrap();
    annotate_story(&dir.path().join("c/x.txt"));
    let name = format!("{}.txt", "n".repeat(100));
    annotate_story(&dir.path().join("c").join(&name));
    // An output folder whose path is just short enough to be made, so that
    // the long article's files cannot be (the limit holds for root too).
    let out: String = vec!["o".repeat(200); 20].join("/");
    let out = copydesk(
        &["export", "c", "--format", "brat", "--out", &out],
        dir.path(),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("c/{name}: cannot write ")), "{err}");
}

// ---- 4: a changed article does not export silently short ----

#[test]
fn spans_that_could_not_be_placed_are_reported_and_strict_refuses_the_article() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c/story.txt");
    let text = "First line stays.\nThe council paid $4 million in 2024.\nShe said \"it was fair\".\nAn old rumour.\n";
    annotate(
        &path,
        text,
        &[
            confirmed("Claim", "First line stays."),
            confirmed("Claim", CLAIM),
            confirmed("Quote", "\"it was fair\""),
            ("Claim", "An old rumour.", Status::Rejected),
        ],
    );
    annotate_story(&dir.path().join("c/other.txt"));
    std::fs::write(&path, "First line stays.\nSomething else entirely.\n").unwrap();

    let out = copydesk(
        &["export", "c", "--format", "copydesk", "--out", "a.jsonl"],
        dir.path(),
    );
    assert_names(
        &out,
        0,
        &[
            "c/story.txt",
            "3 span(s)",
            "The council paid $4 million in 2024.",
            "\\\"it was fair\\\"",
            "An old rumour.",
        ],
    );
    let jsonl = std::fs::read_to_string(dir.path().join("a.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), 2);
    assert!(jsonl.contains("First line stays."));

    let out = copydesk(
        &[
            "export", "c", "--format", "copydesk", "--out", "b.jsonl", "--strict",
        ],
        dir.path(),
    );
    assert_names(&out, 1, &["c/story.txt", "3 span(s)", "--strict"]);
    let jsonl = std::fs::read_to_string(dir.path().join("b.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), 1, "only the unchanged article");
    assert!(jsonl.contains("other.txt") && !jsonl.contains("story.txt"));
}

// ---- 6: folders that cannot be read are errors ----

#[test]
fn an_annotation_folder_that_is_a_file_is_an_error_not_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("c/sub/x.txt");
    annotate_at(
        &article,
        &dir.path().join("elsewhere/x.txt.copydesk.ron"),
        STORY,
        &[confirmed("Claim", CLAIM)],
        true,
    );
    std::fs::create_dir(dir.path().join("ann")).unwrap();
    std::fs::write(dir.path().join("ann/sub"), "not a folder").unwrap();
    let out = copydesk(
        &[
            "export",
            "c",
            "--annotations",
            "ann",
            "--format",
            "copydesk",
            "--out",
            "a.jsonl",
        ],
        dir.path(),
    );
    assert_names(&out, 1, &["ann/sub/x.txt.copydesk.ron"]);
}

/// Runs the binary as an unprivileged user when the tests run as root, for
/// whom permissions do not stop reads; `None` when that is not possible.
fn copydesk_unprivileged(args: &[&str], dir: &Path) -> Option<Output> {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    let mut command = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
        c.arg(env!("CARGO_BIN_EXE_copydesk"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
    };
    let out = command.args(args).current_dir(dir).output().ok()?;
    if root && out.status.code() == Some(127) {
        return None;
    }
    Some(out)
}

#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_entered_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // The unprivileged user must reach the folder and write the outputs.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let claim = [confirmed("Claim", CLAIM)];
    annotate(&dir.path().join("c/ok.txt"), STORY, &claim);
    annotate(&dir.path().join("c/sub/x.txt"), STORY, &claim);
    for mode in [0o000, 0o444] {
        std::fs::set_permissions(
            dir.path().join("c/sub"),
            std::fs::Permissions::from_mode(mode),
        )
        .unwrap();
        let out_name = format!("out-{mode:o}.jsonl");
        for args in [
            vec!["export", "c", "--format", "copydesk", "--out", &out_name],
            vec!["detect", "--format", "jsonl", "c"],
            vec!["stats", "c"],
        ] {
            let Some(out) = copydesk_unprivileged(&args, dir.path()) else {
                println!(
                    "SKIPPED: running as root and `setpriv` cannot drop privileges, so a folder's permissions cannot be tested"
                );
                return;
            };
            assert_names(&out, 1, &["c/sub:"]);
            assert!(
                !stderr(&out).contains("c/sub/x.txt"),
                "the folder is reported once, not its articles: {}",
                stderr(&out)
            );
        }
    }
    std::fs::set_permissions(
        dir.path().join("c/sub"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
}

// ---- 14: exports write only what their readers take ----

fn export(dir: &Path, format: &str, out: &str, extra: &[&str]) -> Output {
    let mut args = vec!["export", "c", "--format", format, "--out", out];
    args.extend(extra);
    copydesk(&args, dir)
}

#[test]
fn spans_a_format_cannot_hold_are_refused_naming_article_and_span() {
    let dir = tempfile::tempdir().unwrap();
    let text = "The council paid $4 million in 2024.\n\n\nShe said it was fair.\n";
    let article = annotate(
        &dir.path().join("c/breaks.txt"),
        text,
        &[confirmed("Claim", CLAIM), confirmed("Quote", "\n\n\n")],
    );
    let id = article.annotations().iter().last().unwrap().id;
    annotate_story(&dir.path().join("c/fine.txt"));
    for format in ["brat", "conll"] {
        let out = export(dir.path(), format, format, &[]);
        assert_names(&out, 1, &["c/breaks.txt", &format!("span {id}"), "Quote"]);
    }
    let ann = std::fs::read_to_string(dir.path().join("brat/fine.ann")).unwrap();
    assert!(ann.starts_with("T1\tClaim 0 36\t"), "{ann}");
    assert!(!dir.path().join("brat/breaks.ann").exists());
    // Every T line of every written file has offsets.
    assert!(
        ann.lines()
            .all(|l| !l.starts_with('T') || l.contains(" 0 "))
    );
}

#[test]
fn labels_with_spaces_become_brat_types_and_conll_tags_with_underscores() {
    let dir = tempfile::tempdir().unwrap();
    annotate(
        &dir.path().join("c/place.txt"),
        "They met in New York.\n",
        &[confirmed("Named Place", "New York")],
    );
    let out = export(dir.path(), "brat", "brat", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ann = std::fs::read_to_string(dir.path().join("brat/place.ann")).unwrap();
    assert_eq!(ann, "T1\tNamed_Place 12 20\tNew York\n");
    let out = export(dir.path(), "conll", "conll", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let layer = std::fs::read_to_string(dir.path().join("conll/Named_Place.conll")).unwrap();
    assert!(
        layer.contains("New\tB-Named_Place\nYork\tI-Named_Place\n"),
        "{layer}"
    );

    // Two labels that would map to one name are refused, naming both.
    annotate(
        &dir.path().join("c/place.txt"),
        "They met in New York.\n",
        &[
            confirmed("Named Place", "New York"),
            confirmed("Named_Place", "York"),
        ],
    );
    let out = export(dir.path(), "brat", "brat2", &[]);
    assert_names(
        &out,
        1,
        &["c/place.txt", "\"Named Place\"", "\"Named_Place\""],
    );
    // In CoNLL they would share a layer file, which is known before writing.
    let out = export(dir.path(), "conll", "conll2", &[]);
    assert_names(
        &out,
        2,
        &["\"Named Place\"", "\"Named_Place\"", "Named_Place.conll"],
    );
    assert!(!dir.path().join("conll2").exists());
}

#[test]
fn conll_writes_a_layer_for_every_label_of_the_exported_articles() {
    let dir = tempfile::tempdir().unwrap();
    annotate_story(&dir.path().join("c/a.txt"));
    annotate(
        &dir.path().join("c/b.txt"),
        "Acme Corp hired Zoë.\n",
        &[confirmed("Organisation", "Acme Corp")],
    );
    let out = export(dir.path(), "conll", "conll", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let layers = common::file_names(&dir.path().join("conll"));
    assert_eq!(
        layers,
        [
            "Caption.conll",
            "Claim.conll",
            "Organisation.conll",
            "Quote.conll",
            "Speaker.conll"
        ]
    );
    // Every layer holds every article, so that the layers line up.
    for layer in &layers {
        let content = std::fs::read_to_string(dir.path().join("conll").join(layer)).unwrap();
        let ids: Vec<&str> = content
            .lines()
            .filter(|l| l.starts_with("# article_id = "))
            .collect();
        assert_eq!(
            ids,
            ["# article_id = a.txt", "# article_id = b.txt"],
            "{layer}"
        );
    }
    let org = std::fs::read_to_string(dir.path().join("conll/Organisation.conll")).unwrap();
    assert!(
        org.contains("Acme\tB-Organisation\nCorp\tI-Organisation\n"),
        "{org}"
    );
}

#[cfg(unix)]
#[test]
fn a_line_break_in_a_file_name_does_not_forge_conll_header_lines() {
    let dir = tempfile::tempdir().unwrap();
    annotate_story(&dir.path().join("c/x\n# article_id = forged.txt"));
    let out = export(dir.path(), "conll", "conll", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let layer = std::fs::read_to_string(dir.path().join("conll/Claim.conll")).unwrap();
    let headers: Vec<&str> = layer.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(headers.len(), 2, "{layer}");
    assert!(
        headers[0].starts_with("# article_id = x\\n# article_id = forged.txt"),
        "{layer}"
    );
}
