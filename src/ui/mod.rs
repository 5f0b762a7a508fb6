//! The editor window (feature `gui`). Thin: it reads the core's state and
//! asks the core for changes; it owns no annotation logic of its own.

mod app;

pub use app::EditorApp;

use std::path::PathBuf;

/// Opens the editor window on `paths` (articles or folders).
pub fn run(paths: Vec<PathBuf>) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("copydesk")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    eframe::run_native(
        "copydesk",
        options,
        Box::new(move |_cc| Ok(Box::new(EditorApp::open(paths)))),
    )
}
