//! The doccano JSONL importer, one record (a line) at a time, and the
//! article `copydesk import` would write from it.
#![no_main]

use copydesk::formats::import::{ImportFormat, read_record};
use copydesk::model::Status;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    copydesk_fuzz::check_imported(read_record(line, ImportFormat::Doccano, Status::Confirmed));
    if line.starts_with('{') {
        copydesk_fuzz::check_imported(read_record(line, ImportFormat::Auto, Status::Suggested));
    }
});
