//! Throughput of exporting one long article in each dataset format
//! (`ExportDoc::new` and `export::render`), in bytes of article text per
//! second.
//!
//! The article is the dev set's texts repeated to ~2 MB (and 8 MB), with
//! every suggestion the detector makes in it exported (thousands of spans
//! per MB, quotes linked to their speaker mentions). Equal MB/s at 1× and
//! 4× shows that export time grows linearly with the spans of an article.
//!
//! Run with `cargo bench --no-default-features --bench export`.

mod common;

use copydesk::detect::DetectConfig;
use copydesk::formats::export::{self, ExportFormat, ExportOptions};
use copydesk::formats::{ExportDoc, OffsetUnit};
use copydesk::model::{Article, Document, LabelSet, Status};
use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use std::sync::LazyLock;

bench_main!();

const MB: usize = 1 << 20;

/// The dev set's article texts repeated to at least `bytes` bytes, with the
/// detector's suggestions.
fn article(bytes: usize) -> Article {
    let unit: String = common::devset_article_texts()
        .into_iter()
        .map(|text| text + "\n\n")
        .collect();
    let text = unit.repeat(bytes.div_ceil(unit.len()));
    let doc = Document::from_text("bench.txt", text);
    let mut article = Article::new(doc, LabelSet::default(), Default::default());
    copydesk::suggest::detect_into(&mut article, &DetectConfig::default())
        .expect("suggestions apply to their own text");
    article
}

static ARTICLE: LazyLock<Article> = LazyLock::new(|| article(2 * MB));
static ARTICLE_4X: LazyLock<Article> = LazyLock::new(|| article(8 * MB));

const FORMATS: [&str; 6] = [
    "copydesk",
    "doccano",
    "prodigy",
    "label-studio",
    "brat",
    "conll",
];

fn format(name: &str) -> ExportFormat {
    match name {
        "copydesk" => ExportFormat::Copydesk,
        "doccano" => ExportFormat::Doccano,
        "prodigy" => ExportFormat::Prodigy,
        "label-studio" => ExportFormat::LabelStudio,
        "brat" => ExportFormat::Brat,
        _ => ExportFormat::Conll,
    }
}

fn run(bencher: Bencher, article: &Article, name: &str) {
    let options = ExportOptions {
        format: format(name),
        offsets: OffsetUnit::Codepoint,
        include_suggestions: true,
        include_unfinished: true,
    };
    let layers: Vec<String> = article.labels.iter().map(|d| d.name.to_string()).collect();
    let statuses = options.statuses();
    bencher
        .counter(BytesCount::of_str(article.text()))
        .bench(|| {
            let doc = ExportDoc::new(
                "bench.txt".to_owned(),
                "bench.txt".to_owned(),
                black_box(article.text()),
                article.annotations(),
                &statuses,
            );
            assert!(doc.spans().iter().any(|s| s.status == Status::Suggested));
            export::render(&doc, false, &layers, &options).expect("the article renders")
        });
}

#[divan::bench(args = FORMATS, sample_count = 10, sample_size = 1)]
fn article_2mb(bencher: Bencher, name: &str) {
    run(bencher, &ARTICLE, name);
}

#[divan::bench(args = FORMATS, sample_count = 10, sample_size = 1)]
fn article_8mb(bencher: Bencher, name: &str) {
    run(bencher, &ARTICLE_4X, name);
}
