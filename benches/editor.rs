//! Editor frame times on a generated 1 MB article with 10,000 spans, with
//! a headless egui context (no renderer). Run in release:
//! `cargo bench --bench editor`.
//!
//! - `first_frame`: the first frame of the editor on the article (fonts
//!   already loaded, nothing of the article laid out);
//! - `unchanged_frame`: a frame where nothing changed;
//! - `label_edit_then_frame`: a relabel key press (alternating with undo)
//!   and the frame that shows it;
//! - `jump_to_middle`: selecting a span in the middle of the article from
//!   the top, and the frame that scrolls there and lays it out;
//! - `open_detect_and_first_frame`: opening a 1 MB article file that has no
//!   annotation file yet: reading it, running the detector, the first frame;
//! - `open_corpus_10k_and_first_frame`: opening a folder of 10,000 articles
//!   (walking it, opening the first article; the others' figures are read
//!   by a background worker) and the first frame of the sidebar.

mod common;

use copydesk::model::{
    Annotations, Article, ByteRange, Document, Label, LabelSet, Origin, Span, SpanId, SpeakerLink,
    Status,
};
use copydesk::ui::{Doc, EditorApp};
use divan::Bencher;
use std::sync::LazyLock;

bench_main!();

const TARGET_BYTES: usize = 1_000_000;
const TARGET_SPANS: usize = 10_000;

const WORDS: &[&str] = &[
    "council",
    "budget",
    "million",
    "school",
    "said",
    "the",
    "of",
    "and",
    "in",
    "river",
    "bridge",
    "police",
    "report",
    "percent",
    "minister",
    "election",
    "hospital",
    "rose",
    "fell",
    "year",
    "city",
    "plan",
    "officials",
    "market",
    "week",
    "families",
    "court",
    "ruling",
    "water",
    "price",
];

/// A deterministic article: paragraphs of prose with a quote each, and
/// spans (claim, quote, speaker, caption) until there are 10,000.
fn generate() -> (String, Vec<Span>) {
    let mut text = String::with_capacity(TARGET_BYTES + 1024);
    let mut spans = Vec::with_capacity(TARGET_SPANS);
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let origin = |rule: &'static str| {
        Some(Origin {
            rule: rule.into(),
            confidence: 0.8,
            reason: "generated".to_owned(),
        })
    };
    let mut id = 0u64;
    fn bump(id: &mut u64) -> SpanId {
        *id += 1;
        SpanId(*id)
    }
    let mut paragraph = 0usize;
    while text.len() < TARGET_BYTES {
        paragraph += 1;
        if paragraph.is_multiple_of(10) {
            let start = text.len();
            text.push_str("PHOTO: A view of the river bridge at dusk (Photo by Staff)");
            if spans.len() < TARGET_SPANS {
                spans.push(Span {
                    id: bump(&mut id),
                    label: Label::caption(),
                    range: ByteRange::new(start, text.len()),
                    status: Status::Suggested,
                    origin: origin("caption.credit_line"),
                    speaker: None,
                    note: None,
                });
            }
            text.push_str("\n\n");
            continue;
        }
        // A claim sentence, a quote (with a claim inside it) and its
        // speaker, and a second claim.
        let claim_start = text.len();
        text.push_str("The ");
        for _ in 0..12 {
            text.push_str(WORDS[(next() % WORDS.len() as u64) as usize]);
            text.push(' ');
        }
        text.push_str(&format!(
            "{} percent in {}.",
            next() % 100,
            1990 + next() % 35
        ));
        let claim_end = text.len();
        text.push(' ');
        let speaker_start = text.len();
        text.push_str("Ana Ruiz");
        let speaker_end = text.len();
        text.push_str(" said: “");
        let quote_start = text.len() - "“".len();
        for _ in 0..10 {
            text.push_str(WORDS[(next() % WORDS.len() as u64) as usize]);
            text.push(' ');
        }
        let inner_start = text.len();
        text.push_str(&format!("Prices rose {} percent last year.", next() % 50));
        let inner_end = text.len();
        for _ in 0..10 {
            text.push(' ');
            text.push_str(WORDS[(next() % WORDS.len() as u64) as usize]);
        }
        text.push_str(".”");
        let quote_end = text.len();
        text.push(' ');
        let second_start = text.len();
        text.push_str("Officials ");
        for _ in 0..10 {
            text.push_str(WORDS[(next() % WORDS.len() as u64) as usize]);
            text.push(' ');
        }
        text.push_str(&format!("in {}.", 1990 + next() % 35));
        let second_end = text.len();
        text.push_str("\n\n");
        let status = if paragraph.is_multiple_of(3) {
            Status::Confirmed
        } else {
            Status::Suggested
        };
        let speaker = SpanId(id + 2);
        let made = [
            (Label::claim(), claim_start, claim_end, "claim.figure", None),
            (
                Label::speaker(),
                speaker_start,
                speaker_end,
                "speaker.mention",
                None,
            ),
            (
                Label::quote(),
                quote_start,
                quote_end,
                "quote.said",
                Some(SpeakerLink {
                    mention: Some(speaker),
                    name: Some("Ana Ruiz".to_owned()),
                }),
            ),
            (Label::claim(), inner_start, inner_end, "claim.figure", None),
            (Label::claim(), second_start, second_end, "claim.date", None),
        ];
        if spans.len() + made.len() <= TARGET_SPANS {
            for (label, start, end, rule, link) in made {
                spans.push(Span {
                    id: bump(&mut id),
                    label,
                    range: ByteRange::new(start, end),
                    status,
                    origin: origin(rule),
                    speaker: link,
                    note: None,
                });
            }
        }
    }
    // Top up with one-word claims if the text ran out first.
    let mut at = 0;
    while spans.len() < TARGET_SPANS {
        at = text[at..]
            .find("percent")
            .map(|i| at + i)
            .expect("enough words to label");
        spans.push(Span {
            id: bump(&mut id),
            label: Label::claim(),
            range: ByteRange::new(at, at + "percent".len()),
            status: Status::Suggested,
            origin: origin("claim.word"),
            speaker: None,
            note: None,
        });
        at += 1;
    }
    (text, spans)
}

static ARTICLE: LazyLock<Article> = LazyLock::new(|| {
    let (text, spans) = generate();
    let annotations =
        Annotations::from_parts(&text, spans, false, Vec::new()).expect("valid spans");
    Article::new(
        Document::from_text("bench.txt", text),
        LabelSet::default(),
        annotations,
    )
});

static DIR: LazyLock<tempfile::TempDir> =
    LazyLock::new(|| tempfile::tempdir().expect("a temp dir"));

fn app() -> EditorApp {
    let article = ARTICLE.clone();
    assert!(article.text().len() >= TARGET_BYTES);
    assert_eq!(article.annotations().len(), TARGET_SPANS);
    let path = DIR.path().join("bench.txt");
    let ron = DIR.path().join("bench.txt.copydesk.ron");
    let mut app = EditorApp::from_docs(vec![(path, Doc::new(article, ron, None))]);
    app.disable_autosave();
    app
}

fn input(time: f64, events: Vec<egui::Event>) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        time: Some(time),
        events,
        ..Default::default()
    }
}

/// Runs one frame; there is no renderer, so texture updates are dropped.
fn run(ctx: &egui::Context, raw: egui::RawInput, app: &mut EditorApp) {
    let mut output = ctx.run_ui(raw, |ui| app.ui_root(ui));
    output.textures_delta.clear();
}

/// A context that has run one empty frame, so fonts are loaded.
fn warm_context() -> egui::Context {
    let ctx = egui::Context::default();
    // The glyphs of the article text at its size, as in a running editor.
    let warm = WORDS.join(" ") + " The 0123456789 percent in. ,:“”PHOTO";
    let mut output = ctx.run_ui(input(0.0, Vec::new()), |ui| {
        ui.label(warm.as_str());
        ui.label(egui::RichText::new(warm.as_str()).size(16.0));
    });
    output.textures_delta.clear();
    ctx
}

struct Session {
    ctx: egui::Context,
    app: EditorApp,
    time: f64,
}

impl Session {
    fn new() -> Self {
        Self {
            ctx: warm_context(),
            app: app(),
            time: 1.0,
        }
    }

    fn frame(&mut self, events: Vec<egui::Event>) {
        self.time += 1.0 / 60.0;
        run(&self.ctx, input(self.time, events), &mut self.app);
    }

    /// A few frames, until layout has settled.
    fn settle(&mut self) -> &mut Self {
        for _ in 0..4 {
            self.frame(Vec::new());
        }
        self
    }
}

fn key(key: egui::Key, modifiers: egui::Modifiers) -> Vec<egui::Event> {
    vec![
        egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers,
        },
        egui::Event::Key {
            key,
            physical_key: None,
            pressed: false,
            repeat: false,
            modifiers,
        },
    ]
}

#[divan::bench(sample_count = 30)]
fn first_frame(bencher: Bencher) {
    bencher
        .with_inputs(|| (warm_context(), app()))
        .bench_local_values(|(ctx, mut app)| {
            run(&ctx, input(1.0, Vec::new()), &mut app);
            (ctx, app)
        });
}

/// Opening included: the editor's caches (paragraphs, span order) built
/// from the loaded article, then the first frame.
#[divan::bench(sample_count = 30)]
fn open_and_first_frame(bencher: Bencher) {
    bencher
        .with_inputs(|| (warm_context(), ARTICLE.clone()))
        .bench_local_values(|(ctx, article)| {
            let path = DIR.path().join("bench.txt");
            let ron = DIR.path().join("bench.txt.copydesk.ron");
            let mut app = EditorApp::from_docs(vec![(path, Doc::new(article, ron, None))]);
            app.disable_autosave();
            run(&ctx, input(1.0, Vec::new()), &mut app);
            (ctx, app)
        });
}

#[divan::bench(sample_count = 200)]
fn unchanged_frame(bencher: Bencher) {
    let mut session = Session::new();
    session.settle();
    bencher.bench_local(|| session.frame(Vec::new()));
}

#[divan::bench(sample_count = 200)]
fn label_edit_then_frame(bencher: Bencher) {
    let mut session = Session::new();
    session.settle();
    // Select the first suggestion on screen.
    session.frame(key(egui::Key::N, egui::Modifiers::NONE));
    session.settle();
    let mut undo = false;
    bencher.bench_local(|| {
        let events = if undo {
            key(egui::Key::Z, egui::Modifiers::COMMAND)
        } else {
            key(egui::Key::Num4, egui::Modifiers::NONE)
        };
        undo = !undo;
        session.frame(events);
    });
}

#[divan::bench(sample_count = 30)]
fn jump_to_middle(bencher: Bencher) {
    bencher
        .with_inputs(|| {
            let mut session = Session::new();
            session.settle();
            let doc = session.app.doc().expect("an article");
            let middle = doc.text().len() / 2;
            let id = doc
                .annotations()
                .in_text_order()
                .into_iter()
                .find(|s| s.range.start.0 >= middle)
                .map(|s| s.id)
                .expect("a span in the middle");
            (session, id)
        })
        .bench_local_values(|(mut session, id)| {
            session.app.reveal(id);
            session.frame(Vec::new());
            session
        });
}

static CORPUS: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temp dir");
    for i in 0..10_000 {
        let text = format!(
            "Council approves budget {i}\n\nThe city council approved {i} million euros for the river bridge on Tuesday.\n\n\"We will start in spring,\" said Mayor Ana Ruiz.\n"
        );
        std::fs::write(dir.path().join(format!("article-{i:05}.txt")), text)
            .expect("a corpus article written");
    }
    dir
});

#[divan::bench(sample_count = 20)]
fn open_corpus_10k_and_first_frame(bencher: Bencher) {
    let folder = CORPUS.path().to_owned();
    bencher.with_inputs(warm_context).bench_local_values(|ctx| {
        let mut app = EditorApp::new(
            vec![folder.clone()],
            Box::new(copydesk::ui::ScriptedDialogs::default()),
            copydesk::ui::Prefs::default(),
        );
        app.disable_autosave();
        run(&ctx, input(1.0, Vec::new()), &mut app);
        assert_eq!(app.entries().len(), 10_000);
        (ctx, app)
    });
}

/// A 1 MB article file on disk, without an annotation file: the dev set's
/// article texts repeated.
static FRESH_ARTICLE: LazyLock<(tempfile::TempDir, std::path::PathBuf)> = LazyLock::new(|| {
    let unit: String = common::devset_article_texts()
        .into_iter()
        .map(|text| text + "\n\n")
        .collect();
    let mut text = String::new();
    while text.len() < TARGET_BYTES {
        text.push_str(&unit);
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("fresh.txt");
    std::fs::write(&path, text).expect("the article written");
    (dir, path)
});

/// What an editor waits for when opening an article nobody has labelled:
/// reading and decoding the file, running the detector, building the
/// editor's caches and the first frame.
#[divan::bench(sample_count = 20)]
fn open_detect_and_first_frame(bencher: Bencher) {
    let path = FRESH_ARTICLE.1.clone();
    bencher.with_inputs(warm_context).bench_local_values(|ctx| {
        let mut app = EditorApp::new(
            vec![path.clone()],
            Box::new(copydesk::ui::ScriptedDialogs::default()),
            copydesk::ui::Prefs::default(),
        );
        app.disable_autosave();
        run(&ctx, input(1.0, Vec::new()), &mut app);
        assert!(app.entries().len() == 1);
        (ctx, app)
    });
}
