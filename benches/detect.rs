//! Throughput of the detector (`detect::detect`), in bytes per second.
//!
//! Three inputs, each at two sizes so the figures show that time grows
//! linearly with the input (equal MB/s at 1× and 4×):
//! - `article`: the dev set's own article texts repeated to ~5 MB (and 20 MB);
//! - `single_line`: a ~12.5 MB (and 50 MB) line of prose without a newline;
//! - `unbalanced_quotes`: 25,000 (and 100,000) quotation marks that never close.
//!
//! Run with `cargo bench --no-default-features --bench detect`.

use copydesk::detect::{DetectConfig, detect};
use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use std::sync::LazyLock;

fn main() {
    divan::main();
}

const MB: usize = 1 << 20;

/// The dev set's article texts, in file order.
fn devset_texts() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/devset");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/fixtures/devset is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("dev set text is UTF-8"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// `unit` repeated until the result has at least `bytes` bytes.
fn repeated(unit: &str, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + unit.len());
    while out.len() < bytes {
        out.push_str(unit);
    }
    out
}

static ARTICLE: LazyLock<String> = LazyLock::new(|| repeated(&(devset_texts() + "\n\n"), 5 * MB));
static ARTICLE_4X: LazyLock<String> = LazyLock::new(|| ARTICLE.repeat(4));

/// The dev set's prose with every line break replaced by a space.
static SINGLE_LINE_4X: LazyLock<String> =
    LazyLock::new(|| repeated(&devset_texts().replace(['\n', '\r'], " "), 50 * MB));
static SINGLE_LINE: LazyLock<String> =
    LazyLock::new(|| SINGLE_LINE_4X[..SINGLE_LINE_4X.len() / 4].to_owned());

/// Opening marks of every style that never close, in one long paragraph.
fn unbalanced(marks: usize) -> String {
    let unit = "“a \"b ‘c «d „e ‹f Said Ann Lee, the spokesperson. ";
    unit.repeat(marks / 6)
}
static UNBALANCED: LazyLock<String> = LazyLock::new(|| unbalanced(25_000));
static UNBALANCED_4X: LazyLock<String> = LazyLock::new(|| unbalanced(100_000));

fn run(bencher: Bencher, text: &'static str) {
    let config = DetectConfig::default();
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| detect(black_box(text), &config).len());
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn article_5mb(bencher: Bencher) {
    run(bencher, &ARTICLE);
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn article_20mb(bencher: Bencher) {
    run(bencher, &ARTICLE_4X);
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn single_line_12mb(bencher: Bencher) {
    run(bencher, &SINGLE_LINE);
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn single_line_50mb(bencher: Bencher) {
    run(bencher, &SINGLE_LINE_4X);
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn unbalanced_quotes_25k(bencher: Bencher) {
    run(bencher, &UNBALANCED);
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn unbalanced_quotes_100k(bencher: Bencher) {
    run(bencher, &UNBALANCED_4X);
}
