//! Native file dialogs behind a small interface, so tests never open one and
//! a system without a dialog service gets a path field instead.

use std::path::PathBuf;

/// What a dialog gave back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked<T> {
    Chosen(T),
    /// The user closed the dialog.
    Cancelled,
    /// There is no dialog service on this system: ask for a typed path.
    Unavailable,
}

/// The three dialogs the editor uses.
pub trait FileDialogs {
    fn pick_files(&mut self) -> Picked<Vec<PathBuf>>;
    fn pick_folder(&mut self) -> Picked<PathBuf>;
    fn save_file(&mut self, title: &str, suggested_name: &str) -> Picked<PathBuf>;
}

/// Dialogs through `rfd` (xdg-desktop-portal over D-Bus, or zenity).
pub struct RfdDialogs {
    available: bool,
}

impl RfdDialogs {
    /// Checks once whether the system has a dialog service: rfd needs
    /// either a D-Bus session (for the portal) or `zenity` on the PATH, and
    /// returns nothing at all, like a cancelled dialog, when it has neither.
    pub fn detect() -> Self {
        let dbus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty());
        let zenity = std::env::var_os("PATH").is_some_and(|paths| {
            std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file())
        });
        Self {
            available: cfg!(any(target_os = "windows", target_os = "macos")) || dbus || zenity,
        }
    }
}

impl FileDialogs for RfdDialogs {
    fn pick_files(&mut self) -> Picked<Vec<PathBuf>> {
        if !self.available {
            return Picked::Unavailable;
        }
        match rfd::FileDialog::new()
            .set_title("Open articles")
            .add_filter("Articles", &["txt"])
            .pick_files()
        {
            Some(files) if !files.is_empty() => Picked::Chosen(files),
            _ => Picked::Cancelled,
        }
    }

    fn pick_folder(&mut self) -> Picked<PathBuf> {
        if !self.available {
            return Picked::Unavailable;
        }
        rfd::FileDialog::new()
            .set_title("Open a folder of articles")
            .pick_folder()
            .map_or(Picked::Cancelled, Picked::Chosen)
    }

    fn save_file(&mut self, title: &str, suggested_name: &str) -> Picked<PathBuf> {
        if !self.available {
            return Picked::Unavailable;
        }
        rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(suggested_name)
            .save_file()
            .map_or(Picked::Cancelled, Picked::Chosen)
    }
}

/// Dialogs for tests: each call takes the next queued answer, and answers
/// `Unavailable` when nothing is queued.
#[derive(Debug, Default)]
pub struct ScriptedDialogs {
    pub files: Vec<Picked<Vec<PathBuf>>>,
    pub folders: Vec<Picked<PathBuf>>,
    pub saves: Vec<Picked<PathBuf>>,
}

impl FileDialogs for ScriptedDialogs {
    fn pick_files(&mut self) -> Picked<Vec<PathBuf>> {
        if self.files.is_empty() {
            Picked::Unavailable
        } else {
            self.files.remove(0)
        }
    }

    fn pick_folder(&mut self) -> Picked<PathBuf> {
        if self.folders.is_empty() {
            Picked::Unavailable
        } else {
            self.folders.remove(0)
        }
    }

    fn save_file(&mut self, _title: &str, _suggested_name: &str) -> Picked<PathBuf> {
        if self.saves.is_empty() {
            Picked::Unavailable
        } else {
            self.saves.remove(0)
        }
    }
}
