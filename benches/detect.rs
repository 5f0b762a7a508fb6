//! Throughput of the detector (`detect::detect`), in bytes per second.
//!
//! Three inputs, each at two sizes so the figures show that time grows
//! linearly with the input (equal MB/s at 1× and 4×):
//! - `article`: the dev set's own article texts repeated to ~5 MB (and 20 MB);
//! - `single_line`: a ~12.5 MB (and 50 MB) line of prose without a newline;
//! - `unbalanced_quotes`: 25,000 (and 100,000) quotation marks that never close;
//! - `degenerate_runs`: long runs of capitals, initials and one-word lines,
//!   and a headline packed with quotes (and the same at 4×).
//!
//! Batches: the dev set's articles as separate texts (~5 MB in all), detected
//! one after another and on a pool of two threads, as `copydesk detect` runs
//! a folder. The reference pass is a regex word count over the same 5 MB
//! article (what `rg -c '\bsaid\b'` does), so the figures read as ratios on
//! any machine.
//!
//! Run with `cargo bench --no-default-features --bench detect`.

mod common;

use common::devset_article_texts;
use copydesk::detect::{DetectConfig, detect};
use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use rayon::prelude::*;
use std::sync::LazyLock;

bench_main!();

const MB: usize = 1 << 20;

/// The dev set's article texts as one text.
fn devset_texts() -> String {
    devset_article_texts().join("\n\n")
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

#[divan::bench(sample_count = 10, sample_size = 1)]
fn article_5mb(bencher: Bencher) {
    run(bencher, &ARTICLE);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn article_20mb(bencher: Bencher) {
    run(bencher, &ARTICLE_4X);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn single_line_12mb(bencher: Bencher) {
    run(bencher, &SINGLE_LINE);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn single_line_50mb(bencher: Bencher) {
    run(bencher, &SINGLE_LINE_4X);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn unbalanced_quotes_25k(bencher: Bencher) {
    run(bencher, &UNBALANCED);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn unbalanced_quotes_100k(bencher: Bencher) {
    run(bencher, &UNBALANCED_4X);
}

/// Runs that a careless scanner reads again and again: capitals with and
/// without periods (name runs), one long word, a headline of 5,000 quotes
/// (each looks back at the headline for its speaker), a paragraph of 5,000
/// attributed quotes (each looks around for its speaker) and 10,000 people
/// with alike surnames, at 1× and 4×.
fn degenerate(scale: usize) -> String {
    [
        "A".repeat(50_000 * scale),
        "A. ".repeat(25_000 * scale),
        "Ab ".repeat(25_000 * scale) + "x",
        "Mayor: ".to_owned() + &"X“Yz”".repeat(5_000 * scale),
        "“Yes,” Ann Lee said. ".repeat(5_000 * scale),
        same_start_surnames(10_000 * scale),
    ]
    .join("\n\n")
}
/// `count` people whose surnames differ only after their first two letters
/// (`Ann Smaaaab met.`), then a quote: a weak hash of the surname index puts
/// them all in a few buckets.
fn same_start_surnames(count: usize) -> String {
    let mut out = String::new();
    for i in 0..count {
        let tail: String = (0..5)
            .map(|digit| char::from(b'a' + (i / 26usize.pow(digit) % 26) as u8))
            .collect();
        out.push_str(&format!("Ann Sm{tail} met. "));
    }
    out + "“Yes,” Ann Smaaaaa said."
}

static DEGENERATE: LazyLock<String> = LazyLock::new(|| degenerate(1));
static DEGENERATE_4X: LazyLock<String> = LazyLock::new(|| degenerate(4));

#[divan::bench(sample_count = 10, sample_size = 1)]
fn degenerate_runs(bencher: Bencher) {
    run(bencher, &DEGENERATE);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn degenerate_runs_4x(bencher: Bencher) {
    run(bencher, &DEGENERATE_4X);
}

/// The dev set's article texts as separate articles, repeated to ~5 MB.
static ARTICLES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let unit = devset_article_texts();
    let mut out = Vec::new();
    let mut bytes = 0;
    while bytes < 5 * MB {
        for text in &unit {
            bytes += text.len();
            out.push(text.clone());
        }
    }
    out
});

fn articles_bytes() -> usize {
    ARTICLES.iter().map(String::len).sum()
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn articles_5mb_one_thread(bencher: Bencher) {
    let config = DetectConfig::default();
    bencher
        .counter(BytesCount::new(articles_bytes()))
        .bench(|| {
            ARTICLES
                .iter()
                .map(|a| detect(black_box(a), &config).len())
                .sum::<usize>()
        });
}

static TWO_THREADS: LazyLock<rayon::ThreadPool> = LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("a pool of two threads")
});

#[divan::bench(sample_count = 10, sample_size = 1)]
fn articles_5mb_two_threads(bencher: Bencher) {
    let config = DetectConfig::default();
    bencher
        .counter(BytesCount::new(articles_bytes()))
        .bench(|| {
            TWO_THREADS.install(|| {
                ARTICLES
                    .par_iter()
                    .map(|a| detect(black_box(a), &config).len())
                    .sum::<usize>()
            })
        });
}

/// Reference: one regex pass counting a word over the 5 MB article.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn reference_regex_count_5mb(bencher: Bencher) {
    let said = regex::Regex::new(r"\bsaid\b").expect("a valid pattern");
    bencher
        .counter(BytesCount::of_str(ARTICLE.as_str()))
        .bench(|| said.find_iter(black_box(ARTICLE.as_str())).count());
}
