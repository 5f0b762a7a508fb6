//! The detector: suggestions on char boundaries of any text, merged into an
//! article that saves and loads back unchanged.
#![no_main]

use copydesk::detect::{self, DetectConfig};
use copydesk::model::{Article, Document, LabelSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = DetectConfig::default();
    for s in detect::detect(text, &config) {
        assert!(s.range.is_valid_in(text), "{:?} {:?}", s.label, s.range);
        assert!(!s.range.is_empty(), "{:?} {:?} is empty", s.label, s.range);
        if let Some(mention) = s.speaker.as_ref().and_then(|g| g.mention) {
            assert!(mention.is_valid_in(text), "mention {mention:?}");
        }
    }
    let doc = Document::from_text(copydesk_fuzz::article_path(), text.to_owned());
    let mut article = Article::new(doc, LabelSet::default(), Default::default());
    copydesk::suggest::detect_into(&mut article, &config).expect("suggestions merge");
    copydesk_fuzz::assert_round_trip(&article);
});
