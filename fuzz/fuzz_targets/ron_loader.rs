//! The RON annotation file loader, against a fixed article. Seeds written
//! for that article (see docs/FUZZING.md) carry its fingerprint, so both the
//! exact path and the re-anchoring path are reached.
#![no_main]

use copydesk::model::{Article, Document};
use copydesk::store;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

pub const TEXT: &str = "Zoë Ruiz said: “We won 👍🏽.”\r\nThe council paid $4 million in 2024, the mayor said.\n\
Photo: Ana Ruiz / Example News\n\"It will cost more,\" said Ida Vance, the treasurer.\n";

fuzz_target!(|data: &[u8]| {
    let Ok(content) = std::str::from_utf8(data) else {
        return;
    };
    let doc = Document::from_text(copydesk_fuzz::article_path(), TEXT.to_owned());
    let path = store::annotation_path(Path::new(doc.source()));
    if let Ok(loaded) = store::parse(content, &path, &doc) {
        let article = Article::new(doc, loaded.labels, loaded.annotations);
        copydesk_fuzz::assert_round_trip(&article);
    }
});
