//! The panels, menus and dialogs. They read the state and return
//! [`Action`]s; none of them changes annotations.

use super::app::{
    Action, CloseChoice, CloseIntent, DiskChoice, EditorApp, Modal, PathPurpose, Search,
};
use super::commands::{self, COMMANDS, Command, Menu};
use super::compare::{MarkKind, mark_text};
use super::corpus::{ArticleCounts, CorpusCounts};
use super::doc::{Change, Doc, Entry, Slot, file_name};
use super::export::{ExportForm, FORMATS, format_name};
use super::textview::ViewInput;
use super::theme::{Palette, ThemeChoice};
use crate::formats::OffsetUnit;
use crate::formats::export::ExportFormat;
use crate::model::{Label, ReviewState, SpeakerLink, Status};
use egui::{Color32, RichText, Ui};

const GUIDELINE: &str = include_str!("../../docs/GUIDELINE.md");

/// A menu entry for a command, with its shortcut; `enabled` greys it out.
fn command_button(ui: &mut Ui, command: Command, enabled: bool, out: &mut Vec<Action>) {
    let info = commands::info(command);
    let mut button = egui::Button::new(info.name);
    if let Some(shortcut) = &info.shortcut {
        button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
    }
    if ui.add_enabled(enabled, button).clicked() {
        out.push(Action::Run(command));
        ui.close();
    }
}

fn status_color(palette: &Palette, status: Status) -> Color32 {
    match status {
        Status::Suggested => palette.warning,
        Status::Confirmed => palette.ok,
        Status::Rejected => palette.weak_text,
    }
}

fn short(text: &str, max: usize) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if one_line.chars().count() > max {
        let cut: String = one_line.chars().take(max).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

impl EditorApp {
    pub(super) fn panels_ui(&mut self, ui: &mut Ui) -> Vec<Action> {
        let mut out = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar_ui(ui, &mut out));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar_ui(ui, &mut out));
        egui::Panel::left("articles")
            .resizable(true)
            .default_size(230.0)
            .show(ui, |ui| self.articles_ui(ui, &mut out));
        egui::Panel::right("details")
            .resizable(true)
            .default_size(340.0)
            .show(ui, |ui| self.details_ui(ui, &mut out));
        egui::CentralPanel::default().show(ui, |ui| self.center_ui(ui, &mut out));
        out
    }

    fn menu_bar_ui(&mut self, ui: &mut Ui, out: &mut Vec<Action>) {
        let has_doc = self.doc().is_some();
        let selected = self.doc().and_then(|d| d.selected).is_some();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                command_button(ui, Command::OpenFiles, true, out);
                command_button(ui, Command::OpenFolder, true, out);
                ui.menu_button("Open recent", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.label("(nothing yet)");
                    }
                    for path in &self.prefs.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            out.push(Action::OpenPaths(vec![path.clone()]));
                            ui.close();
                        }
                    }
                });
                ui.separator();
                command_button(ui, Command::Save, has_doc, out);
                command_button(ui, Command::SaveAs, has_doc, out);
                command_button(ui, Command::SaveAll, has_doc, out);
                command_button(ui, Command::Export, !self.entries.is_empty(), out);
                ui.separator();
                command_button(ui, Command::CloseArticle, has_doc, out);
                command_button(ui, Command::Quit, true, out);
            });
            ui.menu_button("Edit", |ui| {
                let (can_undo, can_redo) = self.doc().map_or((false, false), |d| {
                    (
                        d.article.history().can_undo(),
                        d.article.history().can_redo(),
                    )
                });
                command_button(ui, Command::Undo, can_undo, out);
                command_button(ui, Command::Redo, can_redo, out);
                ui.separator();
                command_button(ui, Command::Accept, selected, out);
                command_button(ui, Command::Reject, selected, out);
                ui.menu_button("Relabel", |ui| self.label_entries_ui(ui, out));
                command_button(ui, Command::Delete, selected, out);
                ui.separator();
                command_button(ui, Command::Find, has_doc, out);
                command_button(ui, Command::FindNext, has_doc, out);
                command_button(ui, Command::FindPrevious, has_doc, out);
            });
            ui.menu_button("Review", |ui| {
                for info in COMMANDS.iter().filter(|c| c.menu == Menu::Review) {
                    command_button(ui, info.command, has_doc, out);
                }
            });
            ui.menu_button("View", |ui| {
                ui.menu_button("Theme", |ui| {
                    for theme in ThemeChoice::ALL {
                        if ui.radio(self.prefs.theme == theme, theme.name()).clicked() {
                            out.push(Action::SetTheme(theme));
                            ui.close();
                        }
                    }
                });
                ui.menu_button("Show labels", |ui| {
                    let labels: Vec<Label> = self
                        .current_labels()
                        .iter()
                        .map(|d| d.name.clone())
                        .collect();
                    for label in labels {
                        let shown = !self.prefs.hidden_labels.contains(&label);
                        if ui.checkbox(&mut shown.clone(), label.as_str()).clicked() {
                            out.push(Action::ToggleLabel(label));
                        }
                    }
                });
                let mut shown = self.prefs.show_suggestions;
                let info = commands::info(Command::ToggleSuggestions);
                let text = match &info.shortcut {
                    Some(s) => format!("{}  ({})", info.name, ui.ctx().format_shortcut(s)),
                    None => info.name.to_owned(),
                };
                if ui.checkbox(&mut shown, text).clicked() {
                    out.push(Action::Run(Command::ToggleSuggestions));
                }
                ui.separator();
                for info in COMMANDS
                    .iter()
                    .filter(|c| c.menu == Menu::View && c.command != Command::ToggleSuggestions)
                {
                    command_button(ui, info.command, true, out);
                }
                if self.compare.is_some() && ui.button("Stop comparing").clicked() {
                    out.push(Action::StopComparing);
                    ui.close();
                }
            });
            ui.menu_button("Help", |ui| {
                for info in COMMANDS.iter().filter(|c| c.menu == Menu::Help) {
                    command_button(ui, info.command, true, out);
                }
            });
        });
    }

    /// One entry per label, with its key: labels the selection or relabels.
    fn label_entries_ui(&self, ui: &mut Ui, out: &mut Vec<Action>) {
        let palette = Palette::of(ui);
        let labels = self.current_labels().clone();
        for def in labels.iter() {
            let button = egui::Button::new(
                RichText::new(def.name.as_str()).color(palette.label(&labels, &def.name)),
            )
            .shortcut_text(def.key.to_string());
            if ui.add(button).clicked() {
                out.push(Action::ApplyLabel(def.name.clone()));
                ui.close();
            }
        }
    }

    fn status_bar_ui(&mut self, ui: &mut Ui, out: &mut Vec<Action>) {
        let palette = Palette::of(ui);
        ui.horizontal(|ui| {
            if let Some(doc) = self.doc() {
                let labels = &doc.article.labels;
                let stats = doc.stats();
                for (label, confirmed, suggested) in &stats.per_label {
                    ui.label(
                        RichText::new(format!(
                            "{label}: {confirmed} confirmed, {suggested} suggested"
                        ))
                        .color(palette.label(labels, label)),
                    );
                }
                ui.label(
                    RichText::new(format!("rejected {}", stats.rejected)).color(palette.weak_text),
                );
                ui.separator();
                if doc.article.is_modified() {
                    ui.label(RichText::new("• unsaved").color(palette.unsaved));
                } else {
                    ui.label("saved");
                }
                ui.separator();
                ui.label(doc.article.doc().encoding().as_str());
                if let Some(cursor) = doc.cursor {
                    let (line, col) = doc.view.line_col(doc.text(), cursor);
                    ui.separator();
                    ui.label(format!("Ln {line}, Col {col}"));
                }
                if doc.annotations().is_done() {
                    ui.separator();
                    ui.label(RichText::new("done").color(palette.ok));
                }
                if let Some(Ok(view)) = self.compare.as_ref().and_then(|c| c.view()) {
                    ui.separator();
                    ui.label(
                        RichText::new(format!(
                            "agreement F1 {:.2} · κ {:.2}",
                            view.f1(),
                            view.kappa()
                        ))
                        .color(palette.compare),
                    );
                }
            }
            if let Some(message) = &self.message {
                ui.separator();
                let color = if message.error {
                    palette.error
                } else {
                    palette.weak_text
                };
                ui.label(RichText::new(&message.text).color(color));
                if ui.small_button("×").on_hover_text("Dismiss").clicked() {
                    out.push(Action::DismissMessage);
                }
            }
        });
    }

    fn articles_ui(&mut self, ui: &mut Ui, out: &mut Vec<Action>) {
        let palette = Palette::of(ui);
        ui.heading("Articles");
        let filter = ui.add(
            egui::TextEdit::singleline(&mut self.ui.article_filter).hint_text("Filter articles"),
        );
        if std::mem::take(&mut self.ui.focus_article_filter) {
            filter.request_focus();
        }
        if self.entries.is_empty() {
            ui.label("Open an article: File > Open files… (Ctrl+O), or drop files here.");
            return;
        }
        self.corpus_summary_ui(ui);
        ui.separator();
        // Only the rows on screen are built: a corpus can have thousands.
        let key = (
            self.ui.article_filter.to_lowercase(),
            self.entries_generation,
        );
        if self.ui.article_rows.as_ref().map(|r| &r.0) != Some(&key) {
            let needle = &key.0;
            let rows = self
                .entries
                .iter()
                .enumerate()
                .filter(|(_, e)| needle.is_empty() || e.id.to_lowercase().contains(needle.as_str()))
                .map(|(i, _)| i)
                .collect();
            self.ui.article_rows = Some((key, rows));
        }
        let Some((_, rows)) = &self.ui.article_rows else {
            return;
        };
        let row_height = ui.text_style_height(&egui::TextStyle::Body)
            + ui.text_style_height(&egui::TextStyle::Small)
            + ui.spacing().item_spacing.y
            + ui.spacing().button_padding.y * 2.0;
        egui::ScrollArea::vertical()
            .id_salt("articles")
            .auto_shrink([false, false])
            .show_rows(ui, row_height, rows.len(), |ui, visible| {
                for &i in &rows[visible] {
                    let Some(entry) = self.entries.get(i) else {
                        continue;
                    };
                    let (detail, color) = entry_detail(entry, &palette);
                    let response = ui
                        .selectable_label(self.current == i, entry.id.as_str())
                        .on_hover_text(entry.path.display().to_string());
                    if response.clicked() {
                        out.push(Action::SelectArticle(i));
                    }
                    ui.label(RichText::new(detail).small().color(color));
                }
            });
    }

    /// The corpus totals, as `copydesk stats` prints them.
    fn corpus_summary_ui(&self, ui: &mut Ui) {
        let palette = Palette::of(ui);
        let totals = self.corpus_counts();
        let (read, total) = self.scan_progress();
        egui::CollapsingHeader::new(format!("Corpus: {} article(s)", totals.articles))
            .id_salt("corpus summary")
            .default_open(true)
            .show(ui, |ui| {
                if read < total {
                    ui.add(
                        egui::ProgressBar::new(read as f32 / total.max(1) as f32)
                            .text(format!("reading {read}/{total}")),
                    )
                    .on_hover_text("reading the annotation files in the background");
                }
                ui.label(corpus_states_line(&totals));
                if totals.unreadable > 0 {
                    ui.colored_label(
                        palette.error,
                        format!("{} unreadable (see the list)", totals.unreadable),
                    );
                }
                egui::Grid::new("corpus labels")
                    .num_columns(4)
                    .striped(true)
                    .show(ui, |ui| {
                        ui.label(RichText::new("label").small());
                        ui.label(RichText::new("suggested").small());
                        ui.label(RichText::new("confirmed").small());
                        ui.label(RichText::new("rejected").small());
                        ui.end_row();
                        let labels = self.current_labels();
                        for (label, counts) in &totals.per_label {
                            ui.label(
                                RichText::new(label.as_str()).color(palette.label(labels, label)),
                            );
                            ui.label(counts.suggested.to_string());
                            ui.label(counts.confirmed.to_string());
                            ui.label(counts.rejected.to_string());
                            ui.end_row();
                        }
                    });
                let unsaved = self.modified_count();
                if unsaved > 0 {
                    ui.label(
                        RichText::new(format!("includes unsaved changes of {unsaved} article(s)"))
                            .small()
                            .color(palette.unsaved),
                    );
                }
            });
    }

    /// The comparison with another editor's set: agreement figures and the
    /// spans only one of the two sets has.
    fn compare_ui(&self, ui: &mut Ui, out: &mut Vec<Action>) {
        let Some(compare) = &self.compare else {
            return;
        };
        let palette = Palette::of(ui);
        egui::CollapsingHeader::new(RichText::new("Comparison").color(palette.compare))
            .id_salt("comparison")
            .default_open(true)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(format!("with {}", compare.root.display()))
                            .small()
                            .color(palette.weak_text),
                    );
                    if ui.small_button("Stop comparing").clicked() {
                        out.push(Action::StopComparing);
                    }
                });
                let Some(doc) = self.doc() else {
                    ui.label("Open an article to compare it.");
                    return;
                };
                let view = match compare.view() {
                    Some(Ok(view)) => view,
                    Some(Err(e)) => {
                        ui.add(egui::Label::new(RichText::new(e).color(palette.error)).wrap());
                        return;
                    }
                    None => return,
                };
                egui::Grid::new("agreement")
                    .num_columns(6)
                    .striped(true)
                    .show(ui, |ui| {
                        for head in ["label", "here", "there", "matched", "F1", "κ"] {
                            ui.label(RichText::new(head).small());
                        }
                        ui.end_row();
                        for (label, f1, kappa, a, b, matched) in view.per_label() {
                            ui.label(label);
                            ui.label(a.to_string());
                            ui.label(b.to_string());
                            ui.label(matched.to_string());
                            ui.label(format!("{f1:.2}"));
                            ui.label(format!("{kappa:.2}"));
                            ui.end_row();
                        }
                    });
                ui.label(format!(
                    "All labels: span F1 {:.2}, token κ {:.2}",
                    view.f1(),
                    view.kappa()
                ));
                ui.label(
                    RichText::new(
                        "In the text: their span underlined thin, only theirs boxed, only here boxed dashed.",
                    )
                    .small()
                    .color(palette.compare),
                );
                for (kind, title) in [
                    (MarkKind::TheirsOnly, "Only in the other set"),
                    (MarkKind::OursOnly, "Only here"),
                ] {
                    let n = view.count(kind);
                    if n == 0 {
                        continue;
                    }
                    ui.label(RichText::new(format!("{title}: {n}")).strong());
                    egui::ScrollArea::vertical()
                        .id_salt(title)
                        .max_height(110.0)
                        .show(ui, |ui| {
                            for mark in view.marks.iter().filter(|m| m.kind == kind) {
                                let text =
                                    format!("{}: {}", mark.label, mark_text(doc.text(), mark));
                                let button = egui::Button::new(text).small().truncate();
                                if ui.add(button).on_hover_text("show it in the text").clicked() {
                                    out.push(Action::RevealRange(mark.range));
                                }
                            }
                        });
                }
            });
        ui.separator();
    }

    fn details_ui(&mut self, ui: &mut Ui, out: &mut Vec<Action>) {
        let palette = Palette::of(ui);
        let current = self.current;
        self.compare_ui(ui, out);
        let Some(doc) = self.entries.get(current).and_then(Entry::doc) else {
            ui.heading("Span");
            return;
        };
        let labels = doc.article.labels.clone();
        let selected = doc
            .selected
            .and_then(|id| doc.annotations().get(id))
            .cloned();
        ui.heading(match &selected {
            Some(span) => format!("Span {}", span.id),
            None => "Span".to_owned(),
        });
        match &selected {
            None => {
                ui.label(RichText::new("Nothing selected. N: next suggestion, J/K: next/previous span, or click a span.").color(palette.weak_text));
            }
            Some(span) => {
                let id = span.id;
                ui.horizontal(|ui| {
                    let caption = ui.label("Label");
                    egui::ComboBox::from_id_salt("relabel")
                        .selected_text(
                            RichText::new(span.label.as_str())
                                .color(palette.label(&labels, &span.label)),
                        )
                        .show_ui(ui, |ui| {
                            for def in labels.iter() {
                                let text = format!("{}  ({})", def.name, def.key);
                                if ui.selectable_label(def.name == span.label, text).clicked() {
                                    out.push(Action::Relabel(id, def.name.clone()));
                                }
                            }
                        })
                        .response
                        .labelled_by(caption.id);
                });
                ui.horizontal(|ui| {
                    ui.label("Status");
                    ui.label(
                        RichText::new(span.status.as_str())
                            .color(status_color(&palette, span.status))
                            .strong(),
                    );
                    if span.status != Status::Confirmed && ui.button("Accept (A)").clicked() {
                        out.push(Action::SetStatus(id, Status::Confirmed));
                    }
                    if span.status != Status::Rejected && ui.button("Reject (R)").clicked() {
                        out.push(Action::SetStatus(id, Status::Rejected));
                    }
                });
                // Long texts wrap inside the panel instead of widening it
                // (which would re-lay out the whole article).
                ui.add(
                    egui::Label::new(format!(
                        "“{}”",
                        short(span.range.slice(doc.text()).unwrap_or_default(), 400)
                    ))
                    .wrap(),
                );
                if let Some(origin) = &span.origin {
                    ui.add(
                        egui::Label::new(
                            RichText::new(format!(
                                "{} ({:.0} %): {}",
                                origin.rule,
                                origin.confidence * 100.0,
                                origin.reason
                            ))
                            .color(palette.weak_text),
                        )
                        .wrap(),
                    );
                }
                if span.label.is(Label::QUOTE) {
                    let link = span.speaker.clone().unwrap_or_default();
                    ui.horizontal_wrapped(|ui| {
                        ui.label("Speaker:");
                        match link.mention.and_then(|m| doc.annotations().get(m)) {
                            Some(m) => ui.label(format!(
                                "mention {} “{}”",
                                m.id,
                                short(m.range.slice(doc.text()).unwrap_or_default(), 40)
                            )),
                            None => ui.label(
                                RichText::new("no mention in the text").color(palette.weak_text),
                            ),
                        };
                    });
                    self.ui
                        .name
                        .sync(id, link.name.as_deref().unwrap_or_default());
                    let field = ui.add(
                        egui::TextEdit::singleline(&mut self.ui.name.text)
                            .id(egui::Id::unique("speaker name"))
                            .hint_text("speaker's name"),
                    );
                    if let Some(typed) = self.ui.name.edited(&field) {
                        let name = Some(typed.trim().to_owned()).filter(|n| !n.is_empty());
                        if name != link.name {
                            out.push(Action::SetSpeaker(id, Some(SpeakerLink { name, ..link })));
                        }
                    }
                    ui.horizontal_wrapped(|ui| {
                        if ui.button("Set speaker… (S)").clicked() {
                            out.push(Action::Run(Command::SetSpeaker));
                        }
                        if ui.button("Same as previous (Shift+S)").clicked() {
                            out.push(Action::Run(Command::SameSpeakerAsPrevious));
                        }
                    });
                }
                let model_note = span.note.clone().unwrap_or_default();
                self.ui.note.sync(id, &model_note);
                let field = ui.add(
                    egui::TextEdit::multiline(&mut self.ui.note.text)
                        .id(egui::Id::unique("span note"))
                        .desired_rows(2)
                        .hint_text("note (E)"),
                );
                if std::mem::take(&mut self.ui.focus_note) {
                    field.request_focus();
                }
                if let Some(note) = self.ui.note.edited(&field)
                    && note != model_note
                {
                    out.push(Action::SetNote(id, Some(note)));
                }
                if ui.button("Delete span (Del)").clicked() {
                    out.push(Action::Run(Command::Delete));
                }
            }
        }
        ui.separator();
        self.span_list_ui(ui, out);
    }

    fn span_list_ui(&mut self, ui: &mut Ui, out: &mut Vec<Action>) {
        let palette = Palette::of(ui);
        let current = self.current;
        let Some(doc) = self.entries.get(current).and_then(Entry::doc) else {
            return;
        };
        let labels = doc.article.labels.clone();
        ui.horizontal(|ui| {
            ui.strong("Spans");
            let caption = ui.label("label");
            egui::ComboBox::from_id_salt("list label")
                .selected_text(
                    self.ui
                        .list_label
                        .as_ref()
                        .map_or("all labels", |l| l.as_str()),
                )
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.ui.list_label, None, "all labels");
                    for def in labels.iter() {
                        ui.selectable_value(
                            &mut self.ui.list_label,
                            Some(def.name.clone()),
                            def.name.as_str(),
                        );
                    }
                })
                .response
                .labelled_by(caption.id);
            let caption = ui.label("status");
            egui::ComboBox::from_id_salt("list status")
                .selected_text(self.ui.list_status.map_or("any status", Status::as_str))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.ui.list_status, None, "any status");
                    for status in Status::ALL {
                        ui.selectable_value(
                            &mut self.ui.list_status,
                            Some(status),
                            status.as_str(),
                        );
                    }
                })
                .response
                .labelled_by(caption.id);
        });
        let key = (
            current,
            doc.version(),
            self.ui.list_label.clone(),
            self.ui.list_status,
        );
        if self.ui.list_cache.as_ref().map(|c| &c.0) != Some(&key) {
            let annotations = doc.annotations();
            let ids = doc
                .index
                .order()
                .iter()
                .filter(|(_, id)| {
                    annotations.get(*id).is_some_and(|s| {
                        self.ui.list_label.as_ref().is_none_or(|l| &s.label == l)
                            && self.ui.list_status.is_none_or(|st| s.status == st)
                    })
                })
                .map(|(_, id)| *id)
                .collect();
            self.ui.list_cache = Some((key, ids));
        }
        let Some((_, ids)) = &self.ui.list_cache else {
            return;
        };
        ui.label(
            RichText::new(format!("{} shown", ids.len()))
                .small()
                .color(palette.weak_text),
        );
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("span list")
            .auto_shrink([false, false]);
        if let Some(target) = self.ui.scroll_list_to.take()
            && let Some(row) = ids.iter().position(|id| *id == target)
        {
            let offset = (row as f32 * (row_height + ui.spacing().item_spacing.y) - 100.0).max(0.0);
            scroll = scroll.vertical_scroll_offset(offset);
        }
        let selected = doc.selected;
        scroll.show_rows(ui, row_height, ids.len(), |ui, rows| {
            for id in &ids[rows] {
                let Some(span) = doc.annotations().get(*id) else {
                    continue;
                };
                let text = short(span.range.slice(doc.text()).unwrap_or_default(), 48);
                let mut job = egui::text::LayoutJob::default();
                let body = egui::TextStyle::Body.resolve(ui.style());
                let fmt = |color: Color32| egui::TextFormat::simple(body.clone(), color);
                job.append(
                    span.label.as_str(),
                    0.0,
                    fmt(palette.label(&labels, &span.label)),
                );
                job.append(
                    &format!(" {} ", status_symbol(span.status)),
                    0.0,
                    fmt(status_color(&palette, span.status)),
                );
                job.append(
                    &text,
                    0.0,
                    fmt(if span.status == Status::Rejected {
                        palette.weak_text
                    } else {
                        palette.text
                    }),
                );
                let response =
                    ui.add(egui::Button::selectable(selected == Some(*id), job).truncate());
                if response.clicked() {
                    out.push(Action::Select {
                        id: *id,
                        scroll: true,
                    });
                }
            }
        });
    }

    fn center_ui(&mut self, ui: &mut Ui, out: &mut Vec<Action>) {
        let palette = Palette::of(ui);
        if self.search.is_some() {
            self.search_bar_ui(ui, out);
            ui.separator();
        }
        if let Some(quote) = self.picking_speaker {
            ui.label(RichText::new(format!("Picking the speaker of quote {quote}: click a Speaker span or select the mention's words. Esc cancels.")).color(palette.warning));
        }
        let current = self.current;
        let show_suggestions = self.prefs.show_suggestions;
        let font_size = self.prefs.text_size;
        let hidden = self.prefs.hidden_labels.clone();
        let Some(entry) = self.entries.get_mut(current) else {
            ui.centered_and_justified(|ui| {
                ui.label("No article open. File > Open files… (Ctrl+O), Open folder… (Ctrl+Shift+O), or drop files on the window.");
            });
            return;
        };
        let doc = match &mut entry.slot {
            Slot::Loaded(doc) => doc,
            Slot::Failed(e) => {
                ui.heading(file_name(&entry.path));
                ui.colored_label(palette.error, e.as_str());
                return;
            }
            Slot::NotLoaded => {
                ui.heading(file_name(&entry.path));
                return;
            }
        };
        ui.horizontal(|ui| {
            ui.strong(doc.display_name());
            if doc.article.is_modified() {
                ui.label(RichText::new("•").color(palette.unsaved))
                    .on_hover_text("unsaved changes");
            }
        });
        if let Some(notice) = &doc.notice {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(palette.warning, format!("Note: {notice}"));
                if ui.small_button("Dismiss").clicked() {
                    out.push(Action::DismissNotice);
                }
            });
        }
        let (search, search_current): (&[crate::model::ByteRange], Option<usize>) =
            match &self.search {
                Some(Search {
                    matches, current, ..
                }) => (matches, *current),
                None => (&[], None),
            };
        let compare = match self.compare.as_ref().and_then(|c| c.view()) {
            Some(Ok(view)) => Some(view),
            _ => None,
        };
        let Doc {
            article,
            index,
            view,
            selected,
            text_sel,
            ..
        } = &mut **doc;
        let input = ViewInput {
            text: article.text(),
            annotations: article.annotations(),
            index,
            labels: &article.labels,
            palette,
            font_size,
            show_suggestions,
            hidden: &hidden,
            selected: *selected,
            text_sel: *text_sel,
            search,
            search_current,
            compare,
        };
        let (events, response) = view.show(ui, ("text", current, entry.path.as_os_str()), &input);
        if let Some(at) = events.clicked {
            out.push(Action::TextClicked(at));
        }
        if let Some((range, exact)) = events.selected {
            out.push(Action::TextSelected(range, exact));
        }
        if let Some((id, range, exact)) = events.resized {
            out.push(Action::Resize(id, range, exact));
        }
        if let Some(at) = events.secondary {
            self.ui.context_at = Some(at);
            // A right click on a span selects it, so the menu acts on it.
            if text_sel.is_none_or(|r| !(r.start.0 <= at && at <= r.end.0)) {
                out.push(Action::TextClicked(at));
            }
        }
        let has_text_sel = text_sel.is_some();
        let span_here = self.ui.context_at.and_then(|at| self.span_at(at));
        response.context_menu(|ui| {
            if has_text_sel {
                ui.label("Label the selection as");
                self.label_entries_ui(ui, out);
            } else if span_here.is_some() {
                command_button(ui, Command::Accept, true, out);
                command_button(ui, Command::Reject, true, out);
                ui.menu_button("Relabel", |ui| self.label_entries_ui(ui, out));
                command_button(ui, Command::SetSpeaker, true, out);
                command_button(ui, Command::EditNote, true, out);
                command_button(ui, Command::Delete, true, out);
            } else {
                ui.label(
                    "Select words with the mouse to label them (hold Alt for exact characters).",
                );
            }
        });
    }

    fn search_bar_ui(&mut self, ui: &mut Ui, out: &mut Vec<Action>) {
        let labels = self.current_labels().clone();
        let palette = Palette::of(ui);
        let Some(search) = &mut self.search else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            ui.label("Find");
            let field = ui.add(
                egui::TextEdit::singleline(&mut search.query)
                    .id(egui::Id::unique("search field"))
                    .hint_text("text to find")
                    .desired_width(220.0),
            );
            if std::mem::take(&mut search.focus) {
                field.request_focus();
            }
            if field.changed() {
                out.push(Action::SearchChanged);
            }
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let back = ui.input(|i| i.modifiers.shift);
                out.push(Action::SearchStep(if back { -1 } else { 1 }));
                field.request_focus();
            }
            if ui.button("‹ Previous").clicked() {
                out.push(Action::SearchStep(-1));
            }
            if ui.button("Next ›").clicked() {
                out.push(Action::SearchStep(1));
            }
            match (search.current, search.matches.len()) {
                (_, 0) if !search.query.is_empty() => ui.colored_label(palette.warning, "no match"),
                (Some(c), n) => ui.label(format!("{} of {n}", c + 1)),
                _ => ui.label(""),
            };
            if search.current.is_some() {
                ui.label("Label this match:");
                for def in labels.iter() {
                    let text = RichText::new(format!("{} ({})", def.name, def.key))
                        .color(palette.label(&labels, &def.name));
                    if ui.button(text).clicked() {
                        out.push(Action::ApplyLabel(def.name.clone()));
                        out.push(Action::SearchStep(1));
                    }
                }
            }
            if ui.button("Close").clicked() {
                out.push(Action::CloseSearch);
            }
        });
    }

    pub(super) fn modal_ui(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut out = Vec::new();
        let Some(modal) = self.modal.clone() else {
            return out;
        };
        let escape = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
        match modal {
            Modal::Close { intent, error } => {
                let names: Vec<String> = self
                    .entries
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| {
                        intent == CloseIntent::Window || intent == CloseIntent::Article(*i)
                    })
                    .filter_map(|(_, e)| e.doc())
                    .filter(|d| d.article.is_modified())
                    .map(Doc::display_name)
                    .collect();
                egui::Modal::new(egui::Id::unique("close prompt")).show(ctx, |ui| {
                    ui.heading("Unsaved changes");
                    ui.label(format!("Save the changes to {}?", names.join(", ")));
                    if let Some(error) = &error {
                        ui.colored_label(Palette::of(ui).error, error);
                    }
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            out.push(Action::CloseChoice(CloseChoice::Save));
                        }
                        if ui.button("Discard").clicked() {
                            out.push(Action::CloseChoice(CloseChoice::Discard));
                        }
                        if ui.button("Cancel").clicked() || escape {
                            out.push(Action::CloseChoice(CloseChoice::Cancel));
                        }
                    });
                });
            }
            Modal::Restore(i) => {
                let name = self
                    .entries
                    .get(i)
                    .map(|e| file_name(&e.path))
                    .unwrap_or_default();
                egui::Modal::new(egui::Id::unique("restore prompt")).show(ctx, |ui| {
                    ui.heading("Recover unsaved work?");
                    ui.label(format!("{name} has changes that were not saved when copydesk last closed (a recovery file was kept)."));
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() {
                            out.push(Action::RestoreChoice { restore: true });
                        }
                        if ui.button("Discard recovered changes").clicked() {
                            out.push(Action::RestoreChoice { restore: false });
                        }
                    });
                });
            }
            Modal::Disk {
                entry,
                saving,
                error,
            } => {
                let Some(doc) = self.entries.get(entry).and_then(Entry::doc) else {
                    self.modal = None;
                    return out;
                };
                let Some(report) = doc.disk_report.clone() else {
                    self.modal = None;
                    return out;
                };
                let files = [
                    (report.text, doc.article.doc().source()),
                    (report.annotations, doc.annotation_path.as_path()),
                ];
                let lines: Vec<String> = files
                    .iter()
                    .filter_map(|(change, path)| {
                        Some(match (*change)? {
                            Change::Changed => {
                                format!("{} was changed by another program.", path.display())
                            }
                            Change::Deleted => format!(
                                "{} was deleted or moved by another program.",
                                path.display()
                            ),
                        })
                    })
                    .collect();
                let choose = |out: &mut Vec<Action>, ui: &mut Ui, name: &str, choice| {
                    if ui.button(name).clicked() {
                        out.push(Action::DiskChoice(choice));
                    }
                };
                egui::Modal::new(egui::Id::unique("disk prompt")).show(ctx, |ui| {
                    ui.heading(if report.reloadable() {
                        "Changed on disk"
                    } else {
                        "File deleted"
                    });
                    for line in &lines {
                        ui.label(line);
                    }
                    if report.reloadable() {
                        ui.label("Reload from disk drops your unsaved changes. Keep your version, and saving overwrites the file.");
                        ui.horizontal(|ui| {
                            choose(&mut out, ui, "Reload from disk", DiskChoice::Reload);
                            let keep = if saving {
                                "Overwrite with my version"
                            } else {
                                "Keep my version"
                            };
                            choose(&mut out, ui, keep, DiskChoice::KeepMine);
                        });
                    } else {
                        ui.label("Your work is kept in memory. Save writes it again; Save annotations as… writes the annotations elsewhere.");
                        ui.horizontal(|ui| {
                            choose(&mut out, ui, "Save", DiskChoice::Save);
                            choose(&mut out, ui, "Save annotations as…", DiskChoice::SaveAs);
                            choose(&mut out, ui, "Close", DiskChoice::Close);
                            choose(&mut out, ui, "Keep editing", DiskChoice::KeepEditing);
                        });
                        if escape {
                            out.push(Action::DiskChoice(DiskChoice::KeepEditing));
                        }
                    }
                    if let Some(error) = &error {
                        ui.colored_label(Palette::of(ui).error, error);
                    }
                });
            }
            Modal::Path { purpose, mut text } => {
                let mut done = None;
                egui::Modal::new(egui::Id::unique("path prompt")).show(ctx, |ui| {
                    ui.heading(match purpose {
                        PathPurpose::Open => "Open a file or folder",
                        PathPurpose::Compare => "Compare with the folder",
                        PathPurpose::SaveAs => "Save annotations as",
                    });
                    ui.label("No file dialog service was found on this system (no xdg-desktop-portal over D-Bus, no zenity). Type a path instead:");
                    let field = ui.add(egui::TextEdit::singleline(&mut text).id(egui::Id::unique("path field")).desired_width(420.0));
                    if !field.has_focus() && !field.lost_focus() {
                        field.request_focus();
                    }
                    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    ui.horizontal(|ui| {
                        if ui.button("OK").clicked() || enter {
                            done = Some(true);
                        }
                        if ui.button("Cancel").clicked() || escape {
                            done = Some(false);
                        }
                    });
                });
                match done {
                    Some(true) => out.push(Action::PathEntered(purpose, text)),
                    Some(false) => self.modal = None,
                    None => self.modal = Some(Modal::Path { purpose, text }),
                }
            }
            Modal::Export(mut form) => {
                self.export_dialog_ui(ctx, &mut form, escape, &mut out);
                if matches!(self.modal, Some(Modal::Export(_))) {
                    self.modal = Some(Modal::Export(form));
                }
            }
            Modal::Speaker { quote, mut filter } => {
                let mut close = escape;
                if let Some(doc) = self.doc() {
                    let annotations = doc.annotations();
                    let quote_at = annotations.get(quote).map_or(0, |q| q.range.start.0);
                    let mut mentions: Vec<_> = annotations
                        .iter()
                        .filter(|s| s.label.is(Label::SPEAKER) && s.status != Status::Rejected)
                        .collect();
                    mentions.sort_by_key(|s| s.range.start.0.abs_diff(quote_at));
                    let roster = doc.speaker_roster();
                    let needle = filter.to_lowercase();
                    egui::Modal::new(egui::Id::unique("speaker picker")).show(ctx, |ui| {
                        ui.heading(format!("Speaker of quote {quote}"));
                        let field = ui.add(
                            egui::TextEdit::singleline(&mut filter)
                                .id(egui::Id::unique("speaker filter"))
                                .hint_text("type a name, Enter to use it"),
                        );
                        if !field.has_focus() && !field.lost_focus() {
                            field.request_focus();
                        }
                        let enter =
                            field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                        let mut first: Option<Action> = None;
                        ui.label(RichText::new("Mentions in the text (nearest first)").strong());
                        egui::ScrollArea::vertical()
                            .id_salt("mentions")
                            .max_height(180.0)
                            .show(ui, |ui| {
                                for m in mentions.iter().take(50) {
                                    let text = m.range.slice(doc.text()).unwrap_or_default();
                                    let name = Self::name_of_mention(doc, m.id);
                                    let label = match &name {
                                        Some(n) if n != text => {
                                            format!("“{}” ({n})  {}", short(text, 40), m.id)
                                        }
                                        _ => format!("“{}”  ({})", short(text, 40), m.id),
                                    };
                                    if !needle.is_empty() && !label.to_lowercase().contains(&needle)
                                    {
                                        continue;
                                    }
                                    let action = Action::SetSpeaker(
                                        quote,
                                        Some(SpeakerLink {
                                            mention: Some(m.id),
                                            name,
                                        }),
                                    );
                                    if first.is_none() {
                                        first = Some(action.clone());
                                    }
                                    if ui.button(label).clicked() {
                                        out.push(action);
                                    }
                                }
                            });
                        ui.label(RichText::new("Names in this article").strong());
                        for name in roster
                            .iter()
                            .filter(|n| needle.is_empty() || n.to_lowercase().contains(&needle))
                        {
                            let action = Action::SetSpeaker(
                                quote,
                                Some(SpeakerLink {
                                    mention: None,
                                    name: Some(name.clone()),
                                }),
                            );
                            if first.is_none() {
                                first = Some(action.clone());
                            }
                            if ui.button(name).clicked() {
                                out.push(action);
                            }
                        }
                        if enter {
                            let typed = filter.trim().to_owned();
                            let exact = roster.iter().find(|n| n.eq_ignore_ascii_case(&typed));
                            let action = match (exact, first.take()) {
                                (Some(n), _) => Some(Action::SetSpeaker(
                                    quote,
                                    Some(SpeakerLink {
                                        mention: None,
                                        name: Some(n.clone()),
                                    }),
                                )),
                                (None, Some(_)) if typed.is_empty() => None,
                                (None, _) if !typed.is_empty() => Some(Action::SetSpeaker(
                                    quote,
                                    Some(SpeakerLink {
                                        mention: None,
                                        name: Some(typed),
                                    }),
                                )),
                                (None, first) => first,
                            };
                            out.extend(action);
                        }
                        ui.separator();
                        ui.horizontal(|ui| {
                            if ui.button("Pick the mention in the text").clicked() {
                                out.push(Action::PickSpeakerInText(quote));
                            }
                            if ui.button("No speaker").clicked() {
                                out.push(Action::SetSpeaker(quote, None));
                            }
                            if ui.button("Cancel").clicked() {
                                close = true;
                            }
                        });
                    });
                } else {
                    close = true;
                }
                if close {
                    self.modal = None;
                } else if matches!(self.modal, Some(Modal::Speaker { .. })) {
                    self.modal = Some(Modal::Speaker { quote, filter });
                }
            }
        }
        out
    }

    fn export_dialog_ui(
        &self,
        ctx: &egui::Context,
        form: &mut ExportForm,
        escape: bool,
        out: &mut Vec<Action>,
    ) {
        egui::Modal::new(egui::Id::unique("export dialog")).show(ctx, |ui| {
            let palette = Palette::of(ui);
            ui.heading("Export the corpus");
            if let Some(job) = &self.export_job {
                match &job.result {
                    None => {
                        let done = job.done();
                        ui.label("Exporting…");
                        ui.add(
                            egui::ProgressBar::new(done as f32 / job.total.max(1) as f32)
                                .desired_width(360.0)
                                .text(format!("{done}/{} articles", job.total)),
                        );
                        if ui.button("Cancel").clicked() || escape {
                            out.push(Action::ExportCancel);
                        }
                    }
                    Some(result) => {
                        let color = if result.error.is_some() {
                            palette.error
                        } else {
                            palette.text
                        };
                        ui.add(
                            egui::Label::new(RichText::new(result.summary()).color(color)).wrap(),
                        );
                        for failed in result.failed.iter().take(10) {
                            ui.colored_label(palette.error, failed);
                        }
                        if result.failed.len() > 10 {
                            ui.label(format!("… and {} more", result.failed.len() - 10));
                        }
                        if ui.button("Close").clicked() || escape {
                            out.push(Action::ExportCancel);
                        }
                    }
                }
                return;
            }
            egui::Grid::new("export form")
                .num_columns(2)
                .show(ui, |ui| {
                    let caption = ui.label("Format");
                    egui::ComboBox::from_id_salt("export format")
                        .selected_text(format_name(form.format))
                        .show_ui(ui, |ui| {
                            for (format, name) in FORMATS {
                                ui.selectable_value(&mut form.format, format, name);
                            }
                        })
                        .response
                        .labelled_by(caption.id);
                    ui.end_row();
                    if form.format == ExportFormat::Copydesk {
                        ui.label("Offsets");
                        ui.horizontal(|ui| {
                            ui.radio_value(&mut form.offsets, OffsetUnit::Codepoint, "code points");
                            ui.radio_value(
                                &mut form.offsets,
                                OffsetUnit::Utf16,
                                "UTF-16 units (JavaScript, Java)",
                            );
                        });
                        ui.end_row();
                    }
                    ui.label("");
                    ui.checkbox(&mut form.include_suggestions, "Include suggestions");
                    ui.end_row();
                    ui.label("");
                    ui.checkbox(
                        &mut form.include_unfinished,
                        "Include unfinished articles (not marked done)",
                    );
                    ui.end_row();
                    let caption = ui.label(if form.format.writes_folder() {
                        "Folder"
                    } else {
                        "File"
                    });
                    ui.horizontal(|ui| {
                        ui.add(
                            egui::TextEdit::singleline(&mut form.path)
                                .id(egui::Id::unique("export path"))
                                .hint_text("where to write the export")
                                .desired_width(300.0),
                        )
                        .labelled_by(caption.id);
                        if ui.button("Choose…").clicked() {
                            out.push(Action::ExportChoosePath);
                        }
                    });
                    ui.end_row();
                });
            if form.no_dialog {
                ui.label("No file dialog service was found on this system: type the path.");
            }
            let articles = self.entries.iter().filter(|e| e.is_article).count();
            ui.label(
                RichText::new(format!(
                    "All {articles} article(s) of the corpus, read from their saved annotation files. Nothing existing is overwritten."
                ))
                .small()
                .color(palette.weak_text),
            );
            let unsaved = self.modified_count();
            if unsaved > 0 {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(
                        palette.warning,
                        format!("{unsaved} article(s) have unsaved changes: the export holds what is saved."),
                    );
                    if ui.button("Save all now").clicked() {
                        out.push(Action::Run(Command::SaveAll));
                    }
                });
            }
            if let Some(error) = &form.error {
                ui.colored_label(palette.error, error);
            }
            ui.horizontal(|ui| {
                if ui.button("Export").clicked() {
                    out.push(Action::ExportStart);
                }
                if ui.button("Cancel").clicked() || escape {
                    out.push(Action::ExportCancel);
                }
            });
        });
    }

    pub(super) fn windows_ui(&mut self, ctx: &egui::Context) {
        egui::Window::new("Labelling guideline")
            .open(&mut self.ui.show_guideline)
            .default_size([560.0, 520.0])
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    ui.label(GUIDELINE);
                });
            });
        egui::Window::new("Keyboard shortcuts")
            .open(&mut self.ui.show_shortcuts)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                        for def in self.labels.iter() {
                            ui.label(format!("Label as {} (or relabel)", def.name));
                            ui.monospace(def.key.to_string());
                            ui.end_row();
                        }
                        for info in COMMANDS {
                            if let Some(s) = &info.shortcut {
                                ui.label(info.name);
                                ui.monospace(ctx.format_shortcut(s));
                                ui.end_row();
                            }
                        }
                        ui.label("Select exact characters (no word snapping)");
                        ui.monospace("Alt + drag");
                        ui.end_row();
                        ui.label("Resize the selected span");
                        ui.monospace("drag its start or end");
                        ui.end_row();
                        ui.label("Clear the selection, cancel");
                        ui.monospace("Esc");
                        ui.end_row();
                    });
                });
            });
        egui::Window::new("About copydesk")
            .open(&mut self.ui.show_about)
            .show(ctx, |ui| {
                ui.label(format!("copydesk {}", env!("CARGO_PKG_VERSION")));
                ui.label(env!("CARGO_PKG_DESCRIPTION"));
                ui.label("Annotations are saved as <article>.copydesk.ron next to each article; unsaved work is autosaved to <article>.copydesk.ron.recovery.");
            });
    }
}

fn status_symbol(status: Status) -> &'static str {
    match status {
        Status::Suggested => "?",
        Status::Confirmed => "ok",
        Status::Rejected => "no",
    }
}

/// The sidebar line under an article's name: its review state and counts,
/// live for an open article, as read from its file otherwise.
fn entry_detail(entry: &Entry, palette: &Palette) -> (String, Color32) {
    let state_color = |state: ReviewState| match state {
        ReviewState::New => palette.weak_text,
        ReviewState::InProgress => palette.warning,
        ReviewState::Done => palette.ok,
    };
    let counted = |counts: &ArticleCounts, mark: &str| {
        (
            format!(
                "{}{mark} · {} spans · {} to review",
                counts.state.as_str(),
                counts.spans(),
                counts.suggested()
            ),
            state_color(counts.state),
        )
    };
    match (&entry.slot, &entry.scanned) {
        (Slot::Loaded(doc), _) => {
            let stats = doc.stats();
            let mark = if doc.article.is_modified() {
                " • unsaved"
            } else {
                ""
            };
            match &stats.counts {
                Some(counts) => counted(counts, mark),
                None => (String::new(), palette.weak_text),
            }
        }
        (Slot::Failed(e), _) | (Slot::NotLoaded, Some(Err(e))) => {
            (format!("error: {}", short(e, 60)), palette.error)
        }
        (Slot::NotLoaded, Some(Ok(counts))) if !counts.annotated => {
            ("new · not annotated yet".to_owned(), palette.weak_text)
        }
        (Slot::NotLoaded, Some(Ok(counts))) => counted(counts, ""),
        (Slot::NotLoaded, None) => ("…".to_owned(), palette.weak_text),
    }
}

/// "new 3 · in progress 1 · done 2", as `copydesk stats` lists them.
fn corpus_states_line(totals: &CorpusCounts) -> String {
    [ReviewState::New, ReviewState::InProgress, ReviewState::Done]
        .iter()
        .map(|&state| format!("{} {}", state.as_str(), totals.articles_in(state)))
        .collect::<Vec<_>>()
        .join(" · ")
}
