//! The Label Studio importer: one task, parsed as JSON first (as both the
//! JSON-array and the one-task-per-line forms are), and the article
//! `copydesk import` would write from it.
#![no_main]

use copydesk::formats::label_studio::import_task;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(task) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    copydesk_fuzz::check_imported(import_task(&task));
});
