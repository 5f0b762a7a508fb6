//! The article text decoder: any bytes give text or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((text, _encoding)) = copydesk::model::decode(data) {
        assert!(!text.trim().is_empty());
        assert!(!text.contains('\0'));
    }
});
