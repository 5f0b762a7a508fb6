//! Every colour the editor paints, for the light and the dark theme.

use crate::model::{Label, LabelSet, Rgb, Status};
use egui::{Color32, Stroke};

/// The UI theme preference, persisted with the other UI preferences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ThemeChoice {
    Light,
    Dark,
    #[default]
    System,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::Light, ThemeChoice::Dark, ThemeChoice::System];

    pub fn name(self) -> &'static str {
        match self {
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
            ThemeChoice::System => "System",
        }
    }

    pub fn egui(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
            ThemeChoice::System => egui::ThemePreference::System,
        }
    }
}

/// How a label's spans are marked in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A filled background (captions, quotes, speakers).
    Fill,
    /// A line under the text, so that spans inside stay readable
    /// (claims, which often contain quotes).
    Underline,
}

pub fn mark_of(label: &Label) -> Mark {
    if label.is(Label::CLAIM) {
        Mark::Underline
    } else {
        Mark::Fill
    }
}

/// The colours of one theme.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub dark: bool,
    pub text: Color32,
    pub weak_text: Color32,
    /// Text selected with the mouse, not yet labelled.
    pub text_selection: Color32,
    /// The outline of the selected span.
    pub selected_outline: Color32,
    /// The current search match and the other matches.
    pub search_current: Color32,
    pub search_other: Color32,
    pub warning: Color32,
    pub error: Color32,
    pub ok: Color32,
    pub unsaved: Color32,
    /// The comparison layer: the other editor's spans, and the spans only
    /// one of the two sets has.
    pub compare: Color32,
}

impl Palette {
    pub fn new(dark: bool) -> Self {
        if dark {
            Self {
                dark,
                text: Color32::from_gray(225),
                weak_text: Color32::from_gray(150),
                text_selection: Color32::from_rgba_unmultiplied(90, 140, 230, 110),
                selected_outline: Color32::from_rgb(255, 255, 255),
                search_current: Color32::from_rgba_unmultiplied(250, 210, 60, 150),
                search_other: Color32::from_rgba_unmultiplied(250, 210, 60, 60),
                warning: Color32::from_rgb(240, 180, 80),
                error: Color32::from_rgb(255, 110, 100),
                ok: Color32::from_rgb(120, 210, 140),
                unsaved: Color32::from_rgb(255, 170, 80),
                compare: Color32::from_rgb(255, 105, 205),
            }
        } else {
            Self {
                dark,
                text: Color32::from_gray(20),
                weak_text: Color32::from_gray(100),
                text_selection: Color32::from_rgba_unmultiplied(60, 120, 230, 80),
                selected_outline: Color32::from_rgb(20, 20, 20),
                search_current: Color32::from_rgba_unmultiplied(255, 200, 0, 170),
                search_other: Color32::from_rgba_unmultiplied(255, 200, 0, 70),
                warning: Color32::from_rgb(170, 95, 0),
                error: Color32::from_rgb(190, 30, 30),
                ok: Color32::from_rgb(30, 130, 60),
                unsaved: Color32::from_rgb(200, 100, 0),
                compare: Color32::from_rgb(200, 20, 140),
            }
        }
    }

    pub fn of(ui: &egui::Ui) -> Self {
        Self::new(ui.visuals().dark_mode)
    }

    /// A label's colour, brightened a little on dark backgrounds.
    pub fn label(&self, labels: &LabelSet, label: &Label) -> Color32 {
        let Rgb([r, g, b]) = labels.get(label).map_or(Rgb([128, 128, 128]), |d| d.color);
        let c = Color32::from_rgb(r, g, b);
        if self.dark {
            c.lerp_to_gamma(Color32::WHITE, 0.2)
        } else {
            c
        }
    }

    /// The background of a filled span: confirmed ones solid, suggestions
    /// pale (and outlined dashed, see [`Palette::span_stroke`]).
    pub fn span_fill(&self, color: Color32, status: Status) -> Color32 {
        let alpha = match (status, self.dark) {
            (Status::Confirmed, false) => 0.42,
            (Status::Confirmed, true) => 0.50,
            (Status::Suggested, false) => 0.16,
            (Status::Suggested, true) => 0.22,
            (Status::Rejected, _) => 0.0,
        };
        color.gamma_multiply(alpha)
    }

    /// The line of an underlined span, or the dashed edge of a suggestion.
    pub fn span_stroke(&self, color: Color32, status: Status) -> Stroke {
        match status {
            Status::Confirmed => Stroke::new(2.5, color),
            Status::Suggested => Stroke::new(1.5, color.gamma_multiply(0.9)),
            Status::Rejected => Stroke::new(1.0, self.weak_text),
        }
    }
}
