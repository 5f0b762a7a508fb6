//! A first window: the open articles, the selected article with its spans
//! highlighted, and the list of its spans with their reasons.

use crate::detect::{self, DetectConfig};
use crate::model::{Article, LabelSet, Span, Status};
use crate::store;
use crate::suggest;
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, RichText};
use std::path::PathBuf;

/// An article opened in the editor, or why it could not be.
struct Entry {
    path: PathBuf,
    article: Result<Article, String>,
    /// What loading had to say (re-anchoring), shown above the text.
    notice: Option<String>,
}

pub struct EditorApp {
    entries: Vec<Entry>,
    current: usize,
}

impl EditorApp {
    /// Opens every article under `paths`; an article without an annotation
    /// file gets the detector's suggestions.
    pub fn open(paths: Vec<PathBuf>) -> Self {
        let (articles, walk_errors) = crate::corpus::collect_articles(&paths);
        let mut entries: Vec<Entry> = articles.into_iter().map(open_entry).collect();
        entries.extend(walk_errors.into_iter().map(|e| Entry {
            path: e.path,
            article: Err(e.message),
            notice: None,
        }));
        Self {
            entries,
            current: 0,
        }
    }

    fn article(&self) -> Option<&Article> {
        self.entries.get(self.current)?.article.as_ref().ok()
    }

    /// The whole window; eframe calls it each frame, tests call it directly.
    pub fn ui_root(&mut self, ui: &mut egui::Ui) {
        egui::Panel::left("articles")
            .resizable(true)
            .default_size(220.0)
            .show(ui, |ui| self.articles_ui(ui));
        egui::Panel::right("spans")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| self.spans_ui(ui));
        egui::CentralPanel::default().show(ui, |ui| self.text_ui(ui));
    }

    fn articles_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("Articles");
        if self.entries.is_empty() {
            ui.label("Open an article: copydesk PATH…");
        }
        for (i, entry) in self.entries.iter().enumerate() {
            let name = entry.path.file_name().map_or_else(
                || entry.path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let detail = match &entry.article {
                Ok(a) => format!("{} spans", a.annotations().len()),
                Err(_) => "error".to_owned(),
            };
            if ui
                .selectable_label(self.current == i, format!("{name}  ({detail})"))
                .clicked()
            {
                self.current = i;
            }
        }
    }

    fn spans_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("Suggestions");
        let Some(article) = self.article() else {
            return;
        };
        egui::ScrollArea::vertical().show(ui, |ui| {
            for span in article.annotations().in_text_order() {
                span_row_ui(ui, article, span);
            }
        });
    }

    fn text_ui(&mut self, ui: &mut egui::Ui) {
        let Some(entry) = self.entries.get(self.current) else {
            return;
        };
        ui.heading(entry.path.display().to_string());
        if let Some(notice) = &entry.notice {
            ui.colored_label(Color32::from_rgb(0xb0, 0x60, 0x00), notice);
        }
        match &entry.article {
            Ok(article) => {
                let job = highlighted(article, ui.visuals().text_color());
                egui::ScrollArea::vertical().show(ui, |ui| ui.label(job));
            }
            Err(error) => {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
        }
    }
}

impl eframe::App for EditorApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_root(ui);
    }
}

fn open_entry(path: PathBuf) -> Entry {
    match store::open_article(&path, None, &LabelSet::default()) {
        Ok(mut opened) => {
            let notice = opened.report.as_ref().and_then(|r| r.summary());
            if opened.report.is_none() {
                let suggestions = detect::detect(opened.article.text(), &DetectConfig::default());
                if let Some(edit) = suggest::merge_edit(opened.article.annotations(), &suggestions)
                    && let Err(e) = opened.article.apply(edit)
                {
                    return Entry {
                        path,
                        article: Err(e.to_string()),
                        notice: None,
                    };
                }
            }
            Entry {
                path,
                article: Ok(opened.article),
                notice,
            }
        }
        Err(e) => Entry {
            path,
            article: Err(e.to_string()),
            notice: None,
        },
    }
}

fn label_color(article: &Article, span: &Span) -> Color32 {
    article.labels.get(&span.label).map_or(Color32::GRAY, |d| {
        Color32::from_rgb(d.color.0[0], d.color.0[1], d.color.0[2])
    })
}

fn span_row_ui(ui: &mut egui::Ui, article: &Article, span: &Span) {
    let text = span.range.slice(article.text()).unwrap_or_default();
    let short: String = text.chars().take(60).collect();
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(span.label.as_str())
                .color(label_color(article, span))
                .strong(),
        );
        ui.label(span.status.as_str());
    });
    ui.label(short);
    if let Some(origin) = &span.origin {
        ui.label(
            RichText::new(format!(
                "{} ({:.2}): {}",
                origin.rule, origin.confidence, origin.reason
            ))
            .small()
            .weak(),
        );
    }
    ui.separator();
}

/// The article text with each span's range tinted in its label's colour.
fn highlighted(article: &Article, text_color: Color32) -> LayoutJob {
    let text = article.text();
    let spans = article.annotations().in_text_order();
    // Boundaries where the formatting may change.
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for span in &spans {
        cuts.extend([span.range.start.0, span.range.end.0]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut job = LayoutJob::default();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let covering = spans
            .iter()
            .rfind(|s| s.range.start.0 <= a && b <= s.range.end.0 && s.status != Status::Rejected);
        let background = covering.map_or(Color32::TRANSPARENT, |s| {
            label_color(article, s).gamma_multiply(0.35)
        });
        job.append(
            &text[a..b],
            0.0,
            TextFormat {
                font_id: FontId::proportional(15.0),
                color: text_color,
                background,
                ..Default::default()
            },
        );
    }
    job
}
