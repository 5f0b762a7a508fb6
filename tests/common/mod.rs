//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn copydesk(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the copydesk binary runs")
}

/// Runs copydesk with `input` on its standard input.
pub fn copydesk_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the copydesk binary runs");
    // Dropped at the end of the statement: the end of the input.
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input)
        .expect("copydesk reads its input");
    child.wait_with_output().expect("copydesk finishes")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The bundled sample articles.
pub fn samples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "at least four sample articles");
    files
}

/// Copies a sample into `dir` and returns its new path.
pub fn copy_sample(name: &str, dir: &Path) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/samples")
        .join(name);
    let to = dir.join(name);
    std::fs::copy(from, &to).unwrap();
    to
}

/// Slices `text` by code points, as Python's `str` does.
pub fn slice_chars(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

/// Adds a span on the first occurrence of each `(text, label, status)` in
/// the article, through edits as an editor would make them, and marks it
/// done if asked.
pub fn add_spans(
    article: &mut copydesk::model::Article,
    spans: &[(&str, copydesk::model::Label, copydesk::model::Status)],
    done: bool,
) {
    use copydesk::model::{ByteRange, Edit};
    for (needle, label, status) in spans {
        let start = article
            .text()
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} is not in the text"));
        let span = article.annotations().new_span(
            label.clone(),
            ByteRange::new(start, start + needle.len()),
            *status,
        );
        article.apply(Edit::Add(span)).unwrap();
    }
    if done {
        article
            .apply(Edit::SetDone {
                from: false,
                to: true,
            })
            .unwrap();
    }
}

/// The names of the entries of `dir`, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
