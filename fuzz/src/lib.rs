//! Oracles shared by the fuzz targets: beyond "does not panic", whatever
//! copydesk accepts it must be able to save and read back unchanged.

use copydesk::formats::ImportedDoc;
use copydesk::formats::import;
use copydesk::model::{Article, LabelSet};
use copydesk::store;
use std::path::{Path, PathBuf};

/// The folder the fuzzed article pretends to live in.
pub fn article_path() -> PathBuf {
    PathBuf::from("/fuzz/article.txt")
}

/// Saving `article` and loading the file again gives the same annotations.
pub fn assert_round_trip(article: &Article) {
    let ron_path = store::annotation_path(article.doc().source());
    let content = store::render(article, &ron_path).expect("an article renders to RON");
    let loaded = match store::parse(&content, &ron_path, article.doc()) {
        Ok(loaded) => loaded,
        Err(e) => panic!("a saved file does not load: {e}\n{content}"),
    };
    assert_eq!(&loaded.annotations, article.annotations(), "{content}");
    assert_eq!(loaded.labels, article.labels, "{content}");
    assert!(!loaded.report.text_changed);
}

/// An imported record: its spans are valid ranges of its text, and the
/// article `copydesk import` would write from it saves and loads back.
pub fn check_imported(result: Result<ImportedDoc, String>) {
    let Ok(doc) = result else { return };
    for span in &doc.spans {
        assert!(
            span.range.is_valid_in(&doc.text),
            "span {:?} is not a range of the text",
            span.range
        );
    }
    let path = import::article_path(Path::new("/fuzz"), &doc.id, 1);
    assert!(
        path.starts_with("/fuzz"),
        "{} escapes the output folder",
        path.display()
    );
    // `copydesk import` refuses a record whose labels make an unusable set.
    if let Ok(article) = import::to_article(doc, path, &LabelSet::default())
        && article.labels.check().is_ok()
    {
        assert_round_trip(&article);
    }
}
