//! The editor window (feature `gui`). Thin: it reads the core's state and
//! asks the core for changes through edits; it owns no annotation logic.
//!
//! - `app`: the state and the one place actions are applied (`run_action`,
//!   `run_cmd`);
//! - `panels`: menus, side panels, status bar and dialogs, returning actions;
//! - `commands`: the one command table (names, menus, shortcuts);
//! - `textview`: the article text, laid out only where it is on screen;
//! - `doc`: an open article with its caches, kept in step with every edit;
//! - `corpus`: the sidebar's per-article figures and corpus totals, read
//!   by a background worker (articles are opened when first selected);
//! - `export`: File → Export…, run in a background thread;
//! - `compare`: the comparison layer (a second editor's annotations);
//! - `theme`: every colour, light and dark;
//! - `dialogs`: native file dialogs behind a trait;
//! - `words`: word boundaries for snapping and resizing.

mod app;
pub mod commands;
pub mod compare;
pub mod corpus;
pub mod dialogs;
pub mod doc;
pub mod export;
mod panels;
pub mod textview;
pub mod theme;
pub mod words;

pub use app::{
    Action, CloseChoice, CloseIntent, DiskChoice, EditorApp, Message, Modal, PathPurpose, Prefs,
};
pub use dialogs::{FileDialogs, Picked, RfdDialogs, ScriptedDialogs};
pub use doc::{Change, DiskReport, Doc, Entry, SaveError, Slot};

use std::path::PathBuf;

/// Opens the editor window on `paths` (articles or folders).
pub fn run(paths: Vec<PathBuf>) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("copydesk")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "copydesk",
        options,
        Box::new(move |cc| {
            let prefs: Prefs = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            Ok(Box::new(EditorApp::new(
                paths,
                Box::new(RfdDialogs::detect()),
                prefs,
            )))
        }),
    )
}
