//! The one table of editor commands: each command's name, menu, shortcut and
//! whether it works while a text field has focus.

use egui::{Key, KeyboardShortcut, Modifiers};

/// Every command a menu entry or a shortcut can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    OpenFiles,
    OpenFolder,
    Save,
    SaveAs,
    SaveAll,
    Export,
    CloseArticle,
    Quit,
    Undo,
    Redo,
    Accept,
    Reject,
    Delete,
    Find,
    FindNext,
    FindPrevious,
    NextSpan,
    PreviousSpan,
    NextSuggestion,
    PreviousSuggestion,
    GrowStart,
    ShrinkStart,
    GrowEnd,
    ShrinkEnd,
    SetSpeaker,
    SameSpeakerAsPrevious,
    EditNote,
    AcceptAllOfLabel,
    ToggleDone,
    RerunDetection,
    NextArticle,
    PreviousArticle,
    FilterArticles,
    ToggleSuggestions,
    TextLarger,
    TextSmaller,
    TextReset,
    CompareFolder,
    ShowGuideline,
    ShowShortcuts,
    About,
}

/// Which menu a command is listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    Review,
    View,
    Help,
}

/// One row of the command table.
#[derive(Debug, Clone, Copy)]
pub struct CommandInfo {
    pub command: Command,
    pub name: &'static str,
    pub menu: Menu,
    pub shortcut: Option<KeyboardShortcut>,
    /// Whether the shortcut also works while a text field has focus (only
    /// for shortcuts a text field has no use for).
    pub in_text_field: bool,
}

const fn key(key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(Modifiers::NONE, key))
}

const fn shift(key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(Modifiers::SHIFT, key))
}

const fn cmd(key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(Modifiers::COMMAND, key))
}

const fn cmd_shift(key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(
        Modifiers {
            alt: false,
            ctrl: false,
            shift: true,
            mac_cmd: false,
            command: true,
        },
        key,
    ))
}

const fn alt(key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(Modifiers::ALT, key))
}

const fn alt_shift(key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(
        Modifiers {
            alt: true,
            ctrl: false,
            shift: true,
            mac_cmd: false,
            command: false,
        },
        key,
    ))
}

const fn row(
    command: Command,
    name: &'static str,
    menu: Menu,
    shortcut: Option<KeyboardShortcut>,
    in_text_field: bool,
) -> CommandInfo {
    CommandInfo {
        command,
        name,
        menu,
        shortcut,
        in_text_field,
    }
}

use Command as C;
use Menu as M;

/// All commands, in menu order.
pub const COMMANDS: &[CommandInfo] = &[
    row(C::OpenFiles, "Open files…", M::File, cmd(Key::O), true),
    row(
        C::OpenFolder,
        "Open folder…",
        M::File,
        cmd_shift(Key::O),
        true,
    ),
    row(C::Save, "Save", M::File, cmd(Key::S), true),
    row(C::SaveAs, "Save annotations as…", M::File, None, true),
    row(C::SaveAll, "Save all", M::File, cmd_shift(Key::S), true),
    row(C::Export, "Export…", M::File, cmd(Key::E), true),
    row(C::CloseArticle, "Close", M::File, cmd(Key::W), true),
    row(C::Quit, "Quit", M::File, cmd(Key::Q), true),
    row(C::Undo, "Undo", M::Edit, cmd(Key::Z), false),
    row(C::Redo, "Redo", M::Edit, cmd_shift(Key::Z), false),
    row(C::Accept, "Accept", M::Edit, key(Key::A), false),
    row(C::Reject, "Reject", M::Edit, key(Key::R), false),
    row(C::Delete, "Delete", M::Edit, key(Key::Delete), false),
    row(C::Find, "Find…", M::Edit, cmd(Key::F), true),
    row(C::FindNext, "Find next", M::Edit, key(Key::F3), true),
    row(
        C::FindPrevious,
        "Find previous",
        M::Edit,
        shift(Key::F3),
        true,
    ),
    row(C::NextSpan, "Next span", M::Review, key(Key::J), false),
    row(
        C::PreviousSpan,
        "Previous span",
        M::Review,
        key(Key::K),
        false,
    ),
    row(
        C::NextSuggestion,
        "Next suggestion",
        M::Review,
        key(Key::N),
        false,
    ),
    row(
        C::PreviousSuggestion,
        "Previous suggestion",
        M::Review,
        shift(Key::N),
        false,
    ),
    row(
        C::GrowStart,
        "Start one word earlier",
        M::Review,
        alt(Key::ArrowLeft),
        false,
    ),
    row(
        C::ShrinkStart,
        "Start one word later",
        M::Review,
        alt(Key::ArrowRight),
        false,
    ),
    row(
        C::GrowEnd,
        "End one word later",
        M::Review,
        alt_shift(Key::ArrowRight),
        false,
    ),
    row(
        C::ShrinkEnd,
        "End one word earlier",
        M::Review,
        alt_shift(Key::ArrowLeft),
        false,
    ),
    row(C::SetSpeaker, "Set speaker…", M::Review, key(Key::S), false),
    row(
        C::SameSpeakerAsPrevious,
        "Same speaker as previous quote",
        M::Review,
        shift(Key::S),
        false,
    ),
    row(C::EditNote, "Edit note", M::Review, key(Key::E), false),
    row(
        C::AcceptAllOfLabel,
        "Accept all suggestions of this label",
        M::Review,
        shift(Key::A),
        false,
    ),
    row(
        C::ToggleDone,
        "Mark article done",
        M::Review,
        cmd(Key::D),
        true,
    ),
    row(
        C::RerunDetection,
        "Re-run detection",
        M::Review,
        key(Key::F5),
        true,
    ),
    row(
        C::NextArticle,
        "Next article",
        M::View,
        cmd(Key::PageDown),
        true,
    ),
    row(
        C::PreviousArticle,
        "Previous article",
        M::View,
        cmd(Key::PageUp),
        true,
    ),
    row(
        C::FilterArticles,
        "Filter articles",
        M::View,
        cmd_shift(Key::F),
        true,
    ),
    row(
        C::ToggleSuggestions,
        "Show suggestions",
        M::View,
        cmd(Key::H),
        true,
    ),
    row(C::TextLarger, "Larger text", M::View, cmd(Key::Plus), true),
    row(
        C::TextSmaller,
        "Smaller text",
        M::View,
        cmd(Key::Minus),
        true,
    ),
    row(
        C::TextReset,
        "Default text size",
        M::View,
        cmd(Key::Num0),
        true,
    ),
    row(
        C::CompareFolder,
        "Compare with folder…",
        M::View,
        None,
        true,
    ),
    row(
        C::ShowGuideline,
        "Labelling guideline",
        M::Help,
        key(Key::F1),
        true,
    ),
    row(
        C::ShowShortcuts,
        "Keyboard shortcuts",
        M::Help,
        shift(Key::F1),
        true,
    ),
    row(C::About, "About copydesk", M::Help, None, true),
];

/// The table row of `command`.
pub fn info(command: Command) -> &'static CommandInfo {
    COMMANDS
        .iter()
        .find(|c| c.command == command)
        .expect("every command has a row in the table")
}

/// How many modifiers a shortcut needs; shortcuts needing more are matched
/// first, because egui ignores extra Shift and Alt when matching.
fn specificity(shortcut: &KeyboardShortcut) -> u8 {
    let m = shortcut.modifiers;
    u8::from(m.shift) + u8::from(m.alt) + u8::from(m.command || m.ctrl)
}

/// The table rows with shortcuts, most specific first.
pub fn by_specificity() -> Vec<&'static CommandInfo> {
    let mut rows: Vec<&CommandInfo> = COMMANDS.iter().filter(|c| c.shortcut.is_some()).collect();
    rows.sort_by_key(|c| std::cmp::Reverse(c.shortcut.as_ref().map_or(0, specificity)));
    rows
}

/// Consumes the first command shortcut pressed this frame, if any. While a
/// text field has focus only the commands marked for it are looked at.
pub fn consume_pressed(ctx: &egui::Context, text_field_focused: bool) -> Option<Command> {
    let rows = by_specificity();
    ctx.input_mut(|input| {
        rows.iter()
            .filter(|c| c.in_text_field || !text_field_focused)
            .find(|c| {
                c.shortcut
                    .as_ref()
                    .is_some_and(|s| input.consume_shortcut(s))
            })
            .map(|c| c.command)
    })
}

/// The egui key of a label key character ('1'..'9', 'a'..'z').
pub fn key_of_char(c: char) -> Option<Key> {
    Key::from_name(&c.to_ascii_uppercase().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LabelSet;

    /// Two shortcuts clash when egui could match one press to both.
    fn clash(a: &KeyboardShortcut, b: &KeyboardShortcut) -> bool {
        a.logical_key == b.logical_key && a.modifiers == b.modifiers
    }

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let labels = LabelSet::default();
        let mut seen: Vec<(&str, KeyboardShortcut)> = Vec::new();
        // The label keys of the default label set are shortcuts too.
        for def in labels.iter() {
            let key = key_of_char(def.key).expect("label keys are egui keys");
            seen.push((
                def.name.as_str(),
                KeyboardShortcut::new(Modifiers::NONE, key),
            ));
        }
        for row in COMMANDS {
            let Some(shortcut) = row.shortcut else {
                continue;
            };
            for (name, other) in &seen {
                assert!(
                    !clash(&shortcut, other),
                    "{} and {name} share the shortcut {shortcut:?}",
                    row.name
                );
            }
            seen.push((row.name, shortcut));
        }
    }

    #[test]
    fn the_cores_command_keys_are_the_plain_letters_commands_take() {
        // Labels that copydesk adds avoid exactly these keys.
        let mut letters: Vec<char> = COMMANDS
            .iter()
            .filter_map(|c| c.shortcut)
            .filter(|s| !(s.modifiers.command || s.modifiers.ctrl || s.modifiers.alt))
            .filter_map(|s| match s.logical_key.name().as_bytes() {
                [c] if c.is_ascii_alphabetic() => Some(char::from(c.to_ascii_lowercase())),
                _ => None,
            })
            .collect();
        letters.sort_unstable();
        letters.dedup();
        assert_eq!(letters, LabelSet::COMMAND_KEYS);
    }

    #[test]
    fn every_command_has_exactly_one_row() {
        for row in COMMANDS {
            assert_eq!(
                COMMANDS.iter().filter(|r| r.command == row.command).count(),
                1,
                "{}",
                row.name
            );
        }
    }
}
