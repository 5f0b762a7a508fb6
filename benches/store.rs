//! Loading an annotation file, in bytes of article per second, at two sizes
//! so the figures show that time grows linearly (equal MB/s at 1× and 4×):
//! - `unchanged`: the article is the one the file was written for;
//! - `reanchor`: a paragraph was inserted at the top, so every span moves
//!   and is found again by its text — what `detect`, `export` and the
//!   editor do when an article changed since it was labelled;
//! - `reanchor_rewritten`: the article was rewritten so that no span's text
//!   is left, the worst case for looking spans up.
//!
//! The articles are the dev set's texts repeated, with the detector's
//! suggestions confirmed.
//!
//! Run with `cargo bench --no-default-features --bench store`.

mod common;

use copydesk::detect::DetectConfig;
use copydesk::model::{Article, Document, LabelSet};
use copydesk::store;
use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use std::path::PathBuf;

bench_main!();

const MB: usize = 1 << 20;

fn devset_texts() -> String {
    common::devset_article_texts().join("\n\n")
}

/// An article of about `bytes` bytes and its annotation file's content.
fn labelled(bytes: usize) -> (String, String) {
    let unit = devset_texts();
    let mut text = String::with_capacity(bytes + unit.len());
    while text.len() < bytes {
        text.push_str(&unit);
        text.push_str("\n\n");
    }
    let path = PathBuf::from("bench.txt");
    let doc = Document::from_text(path.clone(), text.clone());
    let mut article = Article::new(doc, LabelSet::default(), Default::default());
    copydesk::suggest::detect_into(&mut article, &DetectConfig::default())
        .expect("suggestions apply");
    let ron = store::render(&article, &store::annotation_path(&path)).expect("renders");
    (text, ron)
}

fn load(bencher: Bencher, bytes: usize, change: fn(&str) -> String) {
    let (text, ron) = labelled(bytes);
    let changed = change(&text);
    let doc = Document::from_text(PathBuf::from("bench.txt"), changed);
    let path = store::annotation_path(&PathBuf::from("bench.txt"));
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| store::parse(black_box(&ron), &path, &doc).expect("loads"));
}

fn unchanged(text: &str) -> String {
    text.to_owned()
}

fn inserted(text: &str) -> String {
    format!("Correction: an earlier version of this page misspelt a name.\n\n{text}")
}

fn rewritten(text: &str) -> String {
    // Every letter shifted by one: the same shape, none of the spans' text.
    text.chars()
        .map(|c| match c {
            'a'..='y' | 'A'..='Y' => char::from(c as u8 + 1),
            'z' => 'a',
            'Z' => 'A',
            c => c,
        })
        .collect()
}

#[divan::bench(args = [MB, 4 * MB], sample_count = 10)]
fn unchanged_file(bencher: Bencher, bytes: usize) {
    load(bencher, bytes, unchanged);
}

#[divan::bench(args = [MB, 4 * MB], sample_count = 10)]
fn reanchor(bencher: Bencher, bytes: usize) {
    load(bencher, bytes, inserted);
}

#[divan::bench(args = [MB, 4 * MB], sample_count = 10)]
fn reanchor_rewritten(bencher: Bencher, bytes: usize) {
    load(bencher, bytes, rewritten);
}
