//! The HTML importer: readable text and caption lines from any page.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(html) = std::str::from_utf8(data) else {
        return;
    };
    let out = copydesk::formats::html::extract(html);
    for (range, _why) in &out.captions {
        assert!(
            range.is_valid_in(&out.text),
            "caption {range:?} outside the text"
        );
    }
});
