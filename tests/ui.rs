//! The editor driven through egui_kittest: keys and widget labels in, the
//! model and the saved file checked.
#![cfg(feature = "gui")]

mod common;

use copydesk::model::{ByteRange, Edit, Label, LabelSet, SpanId, Status};
use copydesk::store;
use copydesk::ui::compare::MarkKind;
use copydesk::ui::{EditorApp, Modal, Picked, Prefs, ScriptedDialogs};
use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};

fn copy_sample(name: &str, dir: &Path) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/samples")
        .join(name);
    let to = dir.join(name);
    std::fs::copy(from, &to).unwrap();
    to
}

fn app_on(paths: Vec<PathBuf>) -> EditorApp {
    EditorApp::new(
        paths,
        Box::new(ScriptedDialogs::default()),
        Prefs::default(),
    )
}

fn harness(app: EditorApp) -> Harness<'static, EditorApp> {
    // Article text and detector reasons hold characters (arrows, emoji) the
    // bundled fonts lack; they are drawn as boxes rather than panicking.
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut EditorApp| app.ui_root(ui), app);
    h.run_steps(3);
    h
}

fn press(h: &mut Harness<'_, EditorApp>, key: Key) {
    h.key_press(key);
    h.run_steps(2);
}

fn press_mod(h: &mut Harness<'_, EditorApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run_steps(2);
}

fn type_text(h: &mut Harness<'_, EditorApp>, text: &str) {
    h.event(egui::Event::Text(text.to_owned()));
    h.run_steps(2);
}

fn selected(h: &Harness<'_, EditorApp>) -> copydesk::model::Span {
    let app = h.state();
    let id = app.selected().expect("a span is selected");
    app.doc().unwrap().annotations().get(id).unwrap().clone()
}

/// Presses N (next suggestion) until the selected span has `label`.
fn select_suggestion_of(h: &mut Harness<'_, EditorApp>, label: &str) -> SpanId {
    for _ in 0..200 {
        press(h, Key::N);
        let span = selected(h);
        if span.label.is(label) && span.status == Status::Suggested {
            return span.id;
        }
    }
    panic!("no {label} suggestion");
}

const CTRL_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};

#[test]
fn opening_a_sample_shows_suggestions_and_keys_accept_relabel_undo_redo() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("wire-story.txt", dir.path());
    let mut h = harness(app_on(vec![path]));
    // Suggestions are shown in the list and the article in the sidebar.
    let doc = h.state().doc().unwrap();
    let suggested = doc
        .annotations()
        .iter()
        .filter(|s| s.status == Status::Suggested)
        .count();
    assert!(suggested > 3, "the detector suggested spans");
    assert!(
        !doc.article.is_modified(),
        "fresh suggestions are not unsaved work"
    );
    assert!(h.query_all_by_label("wire-story.txt").count() >= 1);
    assert!(
        h.query_all_by_label_contains("Quote ?").count() > 0,
        "suggested quotes listed"
    );

    // Accept by keyboard.
    press(&mut h, Key::N);
    let first = selected(&h);
    assert_eq!(first.status, Status::Suggested);
    press(&mut h, Key::A);
    assert_eq!(selected(&h).status, Status::Confirmed);
    assert!(h.state().doc().unwrap().article.is_modified());
    assert!(h.state().window_title().starts_with("● wire-story.txt"));

    // Relabel with a label key, then undo and redo.
    let (key, other) = if first.label == Label::claim() {
        (Key::Num1, Label::caption())
    } else {
        (Key::Num3, Label::claim())
    };
    press(&mut h, key);
    assert_eq!(selected(&h).label, other);
    press_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(selected(&h).label, first.label);
    assert_eq!(selected(&h).status, Status::Confirmed);
    press_mod(&mut h, CTRL_SHIFT, Key::Z);
    assert_eq!(selected(&h).label, other);
    press_mod(&mut h, Modifiers::COMMAND, Key::Z);
    press_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(selected(&h).status, Status::Suggested);
    assert!(
        !h.state().doc().unwrap().article.is_modified(),
        "undone back to the saved state"
    );
}

#[test]
fn resizing_by_a_word_is_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("wire-story.txt", dir.path());
    let mut h = harness(app_on(vec![path]));
    let id = select_suggestion_of(&mut h, Label::CLAIM);
    let before = selected(&h).range;
    let text = h.state().doc().unwrap().text().to_owned();
    press_mod(&mut h, Modifiers::ALT, Key::ArrowRight); // start one word later
    let after = selected(&h).range;
    assert_eq!(selected(&h).id, id);
    assert!(after.start > before.start && after.end == before.end);
    assert!(!text[after.as_std()].starts_with(' '));
    press_mod(&mut h, Modifiers::ALT | Modifiers::SHIFT, Key::ArrowLeft); // end one word earlier
    let shrunk = selected(&h).range;
    assert!(shrunk.end < after.end && shrunk.start == after.start);
    press_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(selected(&h).range, after);
    press_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(selected(&h).range, before);
}

#[test]
fn speaker_set_from_the_roster_by_typing_and_same_as_previous() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("wire-story.txt", dir.path());
    let mut h = harness(app_on(vec![path]));
    let quote = select_suggestion_of(&mut h, Label::QUOTE);
    press(&mut h, Key::S);
    assert!(matches!(h.state().modal(), Some(Modal::Speaker { .. })));
    h.get_by_label("No speaker");
    type_text(&mut h, "Jane Doe");
    press(&mut h, Key::Enter);
    assert!(h.state().modal().is_none());
    let link = h
        .state()
        .doc()
        .unwrap()
        .annotations()
        .speaker_of(quote)
        .cloned()
        .unwrap();
    assert_eq!(link.name.as_deref(), Some("Jane Doe"));
    assert_eq!(link.mention, None);

    // The next quote gets the same speaker with Shift+S.
    let next = loop {
        press(&mut h, Key::J);
        let span = selected(&h);
        if span.label.is(Label::QUOTE) && span.id != quote {
            break span.id;
        }
    };
    let original = h
        .state()
        .doc()
        .unwrap()
        .annotations()
        .get(next)
        .unwrap()
        .speaker
        .clone();
    press_mod(&mut h, Modifiers::SHIFT, Key::S);
    let annotations = h.state().doc().unwrap().annotations().clone();
    let next_start = annotations.get(next).unwrap().range.start;
    let prev_quote = annotations
        .in_text_order()
        .into_iter()
        .rfind(|s| s.label.is(Label::QUOTE) && s.range.start < next_start && s.speaker.is_some())
        .cloned()
        .unwrap();
    assert_eq!(annotations.speaker_of(next), prev_quote.speaker.as_ref());
    if original != prev_quote.speaker {
        // Undo takes the speaker back in one step.
        press_mod(&mut h, Modifiers::COMMAND, Key::Z);
        let restored = h
            .state()
            .doc()
            .unwrap()
            .annotations()
            .get(next)
            .unwrap()
            .speaker
            .clone();
        assert_eq!(restored, original);
    }
}

#[test]
fn save_writes_exactly_the_spans_of_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("wire-story.txt", dir.path());
    let mut h = harness(app_on(vec![path.clone()]));
    press(&mut h, Key::N);
    press(&mut h, Key::A);
    let accepted = selected(&h).id;
    press(&mut h, Key::N);
    press(&mut h, Key::R);
    let rejected = selected(&h).id;
    press_mod(&mut h, Modifiers::COMMAND, Key::D); // mark done
    press_mod(&mut h, Modifiers::COMMAND, Key::S);
    let ron = store::annotation_path(&path);
    assert!(ron.exists(), "saved next to the article");
    let doc = h.state().doc().unwrap();
    assert!(!doc.article.is_modified());
    assert!(!h.state().window_title().starts_with('●'));
    let loaded = store::load(&ron, doc.article.doc()).unwrap();
    assert_eq!(
        &loaded.annotations,
        doc.annotations(),
        "the file holds exactly the model's spans"
    );
    assert_eq!(
        loaded.annotations.get(accepted).unwrap().status,
        Status::Confirmed
    );
    assert_eq!(
        loaded.annotations.get(rejected).unwrap().status,
        Status::Rejected
    );
    assert!(loaded.annotations.is_done());
    assert!(!copydesk::recovery::exists(&ron));
}

#[test]
fn a_rejected_suggestion_does_not_come_back_when_detection_reruns() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("british-image-captions.txt", dir.path());
    let mut h = harness(app_on(vec![path]));
    press(&mut h, Key::N);
    press(&mut h, Key::R);
    let rejected = selected(&h);
    assert_eq!(rejected.status, Status::Rejected);
    let count = h.state().doc().unwrap().annotations().len();
    press(&mut h, Key::F5);
    let annotations = h.state().doc().unwrap().annotations();
    assert_eq!(
        annotations.get(rejected.id).unwrap().status,
        Status::Rejected
    );
    assert_eq!(annotations.len(), count);
    assert!(
        !annotations
            .iter()
            .any(|s| s.id != rejected.id && s.label == rejected.label && s.range == rejected.range),
        "the rejected suggestion did not come back"
    );
    // Also after saving and reopening.
    press_mod(&mut h, Modifiers::COMMAND, Key::S);
    let path = h.state().entries()[0].path.clone();
    let mut h = harness(app_on(vec![path]));
    press(&mut h, Key::F5);
    let annotations = h.state().doc().unwrap().annotations();
    assert_eq!(
        annotations.get(rejected.id).unwrap().status,
        Status::Rejected
    );
    assert_eq!(
        annotations
            .iter()
            .filter(|s| s.range == rejected.range && s.label == rejected.label)
            .count(),
        1
    );
}

#[test]
fn closing_with_unsaved_changes_asks_save_discard_cancel() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("wire-story.txt", dir.path());
    let mut h = harness(app_on(vec![path.clone()]));
    press(&mut h, Key::N);
    press(&mut h, Key::A);
    // File → Close: Cancel keeps the article open.
    press_mod(&mut h, Modifiers::COMMAND, Key::W);
    assert!(matches!(h.state().modal(), Some(Modal::Close { .. })));
    h.get_by_label("Unsaved changes");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().modal().is_none());
    assert_eq!(h.state().entries().len(), 1);

    // The window's close button: the close is cancelled and the prompt shown.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_steps(2);
    assert!(matches!(h.state().modal(), Some(Modal::Close { .. })));
    assert!(!h.state().exit_requested());
    h.get_by_label("Save").click();
    h.run_steps(2);
    assert!(h.state().exit_requested());
    assert!(store::annotation_path(&path).exists());

    // Discard closes without writing.
    let other = copy_sample("local-news-with-ads.txt", dir.path());
    let mut h = harness(app_on(vec![other.clone()]));
    press(&mut h, Key::N);
    press(&mut h, Key::A);
    press_mod(&mut h, Modifiers::COMMAND, Key::W);
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert!(h.state().entries().is_empty());
    assert!(!store::annotation_path(&other).exists());
}

#[test]
fn autosave_writes_a_recovery_file_that_the_next_start_offers_to_restore() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("wire-story.txt", dir.path());
    let ron = store::annotation_path(&path);
    let mut app = app_on(vec![path.clone()]);
    app.set_autosave_interval(0.0);
    let mut h = harness(app);
    press(&mut h, Key::N);
    press(&mut h, Key::A);
    press(&mut h, Key::N);
    press(&mut h, Key::Num2);
    h.run_steps(2);
    assert!(copydesk::recovery::exists(&ron), "autosaved");
    assert!(!ron.exists(), "but not saved");
    let expected = h.state().doc().unwrap().annotations().clone();
    drop(h); // a crash: no save, no prompt

    let mut h = harness(app_on(vec![path.clone()]));
    assert!(matches!(h.state().modal(), Some(Modal::Restore(_))));
    h.get_by_label("Restore").click();
    h.run_steps(2);
    let doc = h.state().doc().unwrap();
    assert_eq!(doc.annotations(), &expected);
    assert!(
        doc.article.is_modified(),
        "restored work is unsaved until saved"
    );
    press_mod(&mut h, Modifiers::COMMAND, Key::S);
    assert!(ron.exists());
    assert!(
        !copydesk::recovery::exists(&ron),
        "saving removes the recovery file"
    );

    // Discarding the offer removes the recovery file and keeps the saved state.
    copydesk::recovery::write(&h.state().doc().unwrap().article, &ron).unwrap();
    let mut h = harness(app_on(vec![path]));
    h.get_by_label("Discard recovered changes").click();
    h.run_steps(2);
    assert!(!copydesk::recovery::exists(&ron));
    assert!(!h.state().doc().unwrap().article.is_modified());
}

#[test]
fn without_a_dialog_service_a_path_field_opens_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("wire-story.txt", dir.path());
    let mut h = harness(app_on(Vec::new()));
    press_mod(&mut h, Modifiers::COMMAND, Key::O);
    assert!(matches!(h.state().modal(), Some(Modal::Path { .. })));
    h.get_by_label_contains("No file dialog service");
    type_text(&mut h, &path.display().to_string());
    press(&mut h, Key::Enter);
    assert_eq!(h.state().entries().len(), 1);
    assert!(h.state().doc().is_some());
}

#[test]
fn dropped_files_are_opened() {
    #[derive(Debug)]
    struct Dropped(PathBuf);
    impl egui::DroppedFile for Dropped {
        fn path(&self) -> &Path {
            &self.0
        }
        fn bytes(&self) -> Result<Vec<u8>, String> {
            std::fs::read(&self.0).map_err(|e| e.to_string())
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy_sample("wire-story.txt", dir.path());
    copy_sample("local-news-with-ads.txt", dir.path());
    let mut h = harness(app_on(Vec::new()));
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(dir.path().to_owned())));
    h.run_steps(2);
    assert_eq!(
        h.state().entries().len(),
        2,
        "a dropped folder opens as a corpus"
    );
}

#[test]
fn search_finds_matches_and_labels_the_current_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("wire-story.txt", dir.path());
    let mut h = harness(app_on(vec![path]));
    press_mod(&mut h, Modifiers::COMMAND, Key::F);
    type_text(&mut h, "brussels");
    h.get_by_label("1 of 3");
    press(&mut h, Key::Enter);
    h.get_by_label("2 of 3");
    let before = h.state().doc().unwrap().annotations().len();
    h.get_by_label("Speaker (4)").click();
    h.run_steps(2);
    let doc = h.state().doc().unwrap();
    assert_eq!(doc.annotations().len(), before + 1);
    // The new span is the newest; the search moved on to the next match.
    let span = doc.annotations().iter().max_by_key(|s| s.id).unwrap();
    h.get_by_label("3 of 3");
    assert_eq!(span.range.slice(doc.text()), Some("Brussels"));
    assert_eq!(
        (span.label.clone(), span.status),
        (Label::speaker(), Status::Confirmed)
    );
}

#[test]
fn no_two_commands_share_a_shortcut() {
    use copydesk::ui::commands::{COMMANDS, key_of_char};
    let mut seen: Vec<(&str, egui::KeyboardShortcut)> = copydesk::model::LabelSet::default()
        .iter()
        .map(|d| {
            (
                "label key",
                egui::KeyboardShortcut::new(Modifiers::NONE, key_of_char(d.key).unwrap()),
            )
        })
        .collect();
    for row in COMMANDS {
        let Some(s) = row.shortcut else { continue };
        let clash = seen
            .iter()
            .find(|(_, o)| o.logical_key == s.logical_key && o.modifiers == s.modifiers);
        assert!(
            clash.is_none(),
            "{} and {:?} share {s:?}",
            row.name,
            clash.map(|c| c.0)
        );
        seen.push((row.name, s));
    }
}

#[test]
fn note_by_keyboard_and_accept_all_of_a_label_are_single_undo_steps() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("wire-story.txt", dir.path());
    let mut h = harness(app_on(vec![path]));
    let claim = select_suggestion_of(&mut h, Label::CLAIM);
    // E focuses the note field; leaving it (Esc) commits the note.
    press(&mut h, Key::E);
    type_text(&mut h, "check the figure");
    press(&mut h, Key::Escape);
    let note = |h: &Harness<'_, EditorApp>| {
        h.state()
            .doc()
            .unwrap()
            .annotations()
            .get(claim)
            .unwrap()
            .note
            .clone()
    };
    assert_eq!(note(&h).as_deref(), Some("check the figure"));

    // Shift+A accepts every Claim suggestion at once.
    press_mod(&mut h, Modifiers::SHIFT, Key::A);
    let suggested_claims = |h: &Harness<'_, EditorApp>| {
        h.state()
            .doc()
            .unwrap()
            .annotations()
            .iter()
            .filter(|s| s.label == Label::claim() && s.status == Status::Suggested)
            .count()
    };
    assert_eq!(suggested_claims(&h), 0);
    press_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(suggested_claims(&h) > 1, "one undo brings them all back");
    assert_eq!(note(&h).as_deref(), Some("check the figure"));
    press_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(note(&h), None);
}

#[test]
fn a_long_article_is_laid_out_only_where_it_is_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    let paragraph = "The council approved the plan on Tuesday after a long debate. ";
    let text: String = (0..3000)
        .map(|i| format!("{i}. {}\n\n", paragraph.repeat(3)))
        .collect();
    std::fs::write(&path, &text).unwrap();
    let mut h = harness(app_on(vec![path]));
    let laid = h.state().doc().unwrap().view.laid_out();
    assert!(laid > 0 && laid < 200, "{laid} paragraphs laid out of 6000");
    // Jumping to a span near the end lays out only the paragraphs there.
    let id = {
        let doc = h.state().doc().unwrap();
        let end = doc.text().len() * 9 / 10;
        doc.annotations()
            .iter()
            .find(|s| s.range.start.0 > end)
            .map(|s| s.id)
    };
    let doc = h.state_mut().doc_mut().unwrap();
    let last = doc.text().rfind("The council").unwrap();
    let id = id.unwrap_or_else(|| {
        let span = doc.annotations().new_span(
            Label::claim(),
            copydesk::model::ByteRange::new(last, last + "The council".len()),
            Status::Confirmed,
        );
        let id = span.id;
        doc.apply(copydesk::model::Edit::Add(span)).unwrap();
        id
    });
    h.state_mut().reveal(id);
    h.run_steps(3);
    let laid_after = h.state().doc().unwrap().view.laid_out();
    assert!(
        laid_after > laid && laid_after < 2 * laid + 100,
        "{laid} then {laid_after}"
    );
}

// ----- corpora, export, comparison -----

/// Writes an annotation file for `path` with confirmed (or other) spans on
/// the first occurrence of each text, through the core as an editor would.
fn annotate(path: &Path, spans: &[(&str, Label, Status)], done: bool) {
    let opened = store::open_article(path, &LabelSet::default()).unwrap();
    let mut article = opened.article;
    common::add_spans(&mut article, spans, done);
    store::save(&article, &opened.annotation_path).unwrap();
}

/// Runs frames (letting background work go on) until `done` holds; false
/// if it never does within a few seconds.
fn run_until(h: &mut Harness<'_, EditorApp>, done: impl Fn(&EditorApp) -> bool) -> bool {
    for _ in 0..1000 {
        if done(h.state()) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run_steps(1);
    }
    done(h.state())
}

const ARTICLE: &str = "Council approves bridge budget\n\nThe city council approved 12 million euros for the river bridge on Tuesday.\n\n\"We will start in spring,\" said Mayor Ana Ruiz.\n";

#[test]
fn a_folder_opens_without_reading_every_article_and_the_summary_counts_all() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    for i in 0..300 {
        let name = if i % 10 == 0 {
            format!("sub/article-{i:03}.txt")
        } else {
            format!("article-{i:03}.txt")
        };
        std::fs::write(dir.path().join(name), ARTICLE).unwrap();
    }
    let claim = "The city council approved 12 million euros";
    for i in [1, 2] {
        annotate(
            &dir.path().join(format!("article-{i:03}.txt")),
            &[(claim, Label::claim(), Status::Confirmed)],
            true,
        );
    }
    for i in [3, 4, 5] {
        annotate(
            &dir.path().join(format!("article-{i:03}.txt")),
            &[
                (claim, Label::claim(), Status::Confirmed),
                ("Ana Ruiz", Label::speaker(), Status::Rejected),
            ],
            false,
        );
    }
    let mut h = harness(app_on(vec![dir.path().to_owned()]));
    assert_eq!(h.state().entries().len(), 300);
    assert_eq!(
        h.state().loaded_count(),
        1,
        "only the selected article is read"
    );
    assert!(h.state().doc().is_some());

    assert!(
        run_until(&mut h, EditorApp::scan_finished),
        "the background scan finishes"
    );
    let totals = h.state().corpus_counts();
    assert_eq!(totals.articles, 300);
    assert_eq!((totals.new, totals.in_progress, totals.done), (295, 3, 2));
    assert_eq!(totals.unreadable, 0);
    assert_eq!(totals.label(&Label::claim()).confirmed, 5);
    assert_eq!(totals.label(&Label::speaker()).rejected, 3);
    assert_eq!(h.state().loaded_count(), 1, "the scan opens nothing");
    h.run_steps(2);
    h.get_by_label("Corpus: 300 article(s)");
    h.get_by_label("new 295 · in progress 3 · done 2");

    // Selecting an article opens it; the counts follow its edits.
    h.get_by_label("article-003.txt").click();
    h.run_steps(2);
    assert_eq!(h.state().loaded_count(), 2);
    assert!(h.state().doc().unwrap().display_name() == "article-003.txt");
    press_mod(&mut h, Modifiers::COMMAND, Key::D); // mark done
    let totals = h.state().corpus_counts();
    assert_eq!((totals.in_progress, totals.done), (2, 3));
    h.get_by_label_contains("includes unsaved changes of 1 article");
}

#[test]
fn the_scan_finds_a_recovery_file_of_an_article_not_opened_yet() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.txt", "b.txt"] {
        std::fs::write(dir.path().join(name), ARTICLE).unwrap();
    }
    // b.txt has unsaved work from a session that crashed.
    let b = dir.path().join("b.txt");
    let opened = store::open_article(&b, &LabelSet::default()).unwrap();
    let mut article = opened.article;
    let at = article.text().find("Ana Ruiz").unwrap();
    let span = article.annotations().new_span(
        Label::speaker(),
        ByteRange::new(at, at + "Ana Ruiz".len()),
        Status::Confirmed,
    );
    article.apply(Edit::Add(span)).unwrap();
    copydesk::recovery::write(&article, &opened.annotation_path).unwrap();

    let mut h = harness(app_on(vec![dir.path().to_owned()]));
    assert_eq!(h.state().loaded_count(), 1);
    assert!(run_until(&mut h, |app| matches!(
        app.modal(),
        Some(Modal::Restore(1))
    )));
    h.get_by_label("Restore").click();
    h.run_steps(2);
    let app = h.state();
    assert_eq!(app.current(), 1, "the restored article is shown");
    assert_eq!(app.loaded_count(), 2);
    let doc = app.doc().unwrap();
    assert!(doc.article.is_modified());
    assert!(
        doc.annotations()
            .iter()
            .any(|s| s.range.slice(doc.text()) == Some("Ana Ruiz"))
    );
}

#[test]
fn an_html_page_opened_in_the_app_gets_its_markup_captions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.html");
    std::fs::write(
        &path,
        "<html><body><article><h1>Bridge vote</h1><p>The council approved the plan on Tuesday.</p>\
         <figure><img src=\"a.jpg\" alt=\"The river bridge at dusk\"><figcaption>The old bridge, closed since May.</figcaption></figure>\
         </article></body></html>",
    )
    .unwrap();
    let h = harness(app_on(vec![path]));
    let doc = h.state().doc().unwrap();
    let caption = doc
        .annotations()
        .iter()
        .find(|s| {
            s.label == Label::caption()
                && s.range.slice(doc.text()) == Some("The old bridge, closed since May.")
        })
        .expect("the figcaption is a suggested caption");
    assert_eq!(caption.status, Status::Suggested);
    assert_eq!(
        caption.origin.as_ref().map(|o| &*o.rule),
        Some("caption.html_markup")
    );
}

#[test]
fn file_export_writes_every_article_of_the_corpus_with_progress() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("desk")).unwrap();
    let text = "Héllo 🌍 world. The council approved 12 million euros on Tuesday.\n";
    for name in ["a.txt", "desk/b.txt", "c.txt", "d.txt"] {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    let claim = "The council approved 12 million euros";
    annotate(
        &corpus.join("a.txt"),
        &[(claim, Label::claim(), Status::Confirmed)],
        true,
    );
    annotate(
        &corpus.join("desk/b.txt"),
        &[
            ("Héllo 🌍 world.", Label::caption(), Status::Confirmed),
            ("12 million euros", Label::claim(), Status::Suggested),
        ],
        true,
    );
    // Annotated but not marked done: skipped by default.
    annotate(
        &corpus.join("c.txt"),
        &[(claim, Label::claim(), Status::Confirmed)],
        false,
    );
    let out = dir.path().join("out.jsonl");
    let dialogs = ScriptedDialogs {
        saves: vec![Picked::Chosen(out.clone())],
        ..ScriptedDialogs::default()
    };
    let app = EditorApp::new(vec![corpus.clone()], Box::new(dialogs), Prefs::default());
    let mut h = harness(app);
    assert_eq!(h.state().loaded_count(), 1);
    // An unsaved change in the open article (a.txt, no longer done): the
    // dialog warns, and the export holds the saved state.
    press_mod(&mut h, Modifiers::COMMAND, Key::D);
    assert!(h.state().any_modified());

    press_mod(&mut h, Modifiers::COMMAND, Key::E);
    assert!(matches!(h.state().modal(), Some(Modal::Export(_))));
    h.get_by_label_contains("1 article(s) have unsaved changes");
    h.get_by_label("Choose…").click();
    h.run_steps(2);
    let Some(Modal::Export(form)) = h.state().modal() else {
        panic!("the export dialog is open")
    };
    assert_eq!(form.path, out.display().to_string());
    h.get_by_label("Export").click();
    h.run_steps(1);
    assert!(h.state().export_job().is_some(), "the export started");
    assert!(run_until(&mut h, |app| app
        .export_job()
        .is_some_and(|j| !j.running())));
    h.run_steps(2);
    let job = h.state().export_job().unwrap();
    assert_eq!(
        (job.done(), job.total),
        (4, 4),
        "progress over every article of the corpus, opened or not"
    );
    let result = job.result.clone().unwrap();
    assert_eq!(result.error, None);
    assert_eq!(result.written, 2);
    assert_eq!(result.skipped_unfinished, 1);
    assert_eq!(result.skipped_unlabelled, 1);
    assert!(
        h.query_all_by_label_contains("2 article(s) exported")
            .count()
            >= 1,
        "the result is shown"
    );

    let written = std::fs::read_to_string(&out).unwrap();
    let records: Vec<serde_json::Value> = written
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["id"], "a.txt");
    assert_eq!(records[1]["id"], "desk/b.txt");
    for record in &records {
        let text: Vec<char> = record["text"].as_str().unwrap().chars().collect();
        for span in record["spans"].as_array().unwrap() {
            let (start, end) = (
                span["start"].as_u64().unwrap() as usize,
                span["end"].as_u64().unwrap() as usize,
            );
            let sliced: String = text[start..end].iter().collect();
            assert_eq!(sliced, span["text"].as_str().unwrap(), "code point offsets");
            assert_eq!(span["status"], "confirmed", "no suggestions by default");
        }
    }
    assert_eq!(records[1]["spans"].as_array().unwrap().len(), 1);

    h.get_by_label("Close").click();
    h.run_steps(2);
    assert!(h.state().modal().is_none());
}

#[test]
fn a_second_editors_folder_opens_as_a_comparison_layer() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for d in [&a, &b] {
        std::fs::create_dir(d).unwrap();
        std::fs::write(d.join("story.txt"), ARTICLE).unwrap();
    }
    let claim = "The city council approved 12 million euros for the river bridge on Tuesday.";
    let quote = "\"We will start in spring,\"";
    annotate(
        &a.join("story.txt"),
        &[
            (claim, Label::claim(), Status::Confirmed),
            (quote, Label::quote(), Status::Confirmed),
        ],
        true,
    );
    annotate(
        &b.join("story.txt"),
        &[
            (claim, Label::claim(), Status::Confirmed),
            (
                "Council approves bridge budget",
                Label::claim(),
                Status::Confirmed,
            ),
        ],
        true,
    );
    let dialogs = ScriptedDialogs {
        folders: vec![Picked::Chosen(b.clone())],
        ..ScriptedDialogs::default()
    };
    let app = EditorApp::new(vec![a.clone()], Box::new(dialogs), Prefs::default());
    let mut h = harness(app);
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label_contains("Compare with folder").click();
    h.run_steps(3);
    let view = h
        .state()
        .comparison()
        .expect("comparing")
        .view()
        .expect("the current article is compared")
        .as_ref()
        .expect("the other set's file was read")
        .clone();
    let claims = view.agreement.spans["Claim"];
    assert_eq!((claims.a, claims.b, claims.matched), (1, 2, 1));
    assert!((claims.f1() - 2.0 / 3.0).abs() < 1e-9);
    let quotes = view.agreement.spans["Quote"];
    assert_eq!((quotes.a, quotes.b, quotes.matched), (1, 0, 0));
    assert!((view.f1() - 0.5).abs() < 1e-9, "{}", view.f1());
    assert_eq!(view.count(MarkKind::Matched), 1);
    assert_eq!(view.count(MarkKind::TheirsOnly), 1);
    assert_eq!(view.count(MarkKind::OursOnly), 1);
    h.get_by_label("Only in the other set: 1");
    h.get_by_label("Only here: 1");
    h.get_by_label_contains("agreement F1 0.50");

    // The figures follow the editor's changes: delete our quote.
    let quote_id = h
        .state()
        .doc()
        .unwrap()
        .annotations()
        .iter()
        .find(|s| s.label == Label::quote())
        .unwrap()
        .id;
    h.state_mut().reveal(quote_id);
    h.run_steps(2);
    press(&mut h, Key::Delete);
    let view = h
        .state()
        .comparison()
        .unwrap()
        .view()
        .unwrap()
        .as_ref()
        .unwrap()
        .clone();
    assert_eq!(view.count(MarkKind::OursOnly), 0);
    assert!(!view.agreement.spans.contains_key("Quote"));
    assert!((view.f1() - 2.0 / 3.0).abs() < 1e-9);
}

// ----- the mouse -----

/// Where byte `at` of the current article is on screen (its row's middle).
fn pos_of(h: &Harness<'_, EditorApp>, at: usize) -> Pos2 {
    let doc = h.state().doc().unwrap();
    doc.view
        .screen_rect(doc.text(), at)
        .expect("laid out on screen")
        .center()
}

/// Drags the primary button from `from` to `to`, in a few moves.
fn drag(h: &mut Harness<'_, EditorApp>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.run_steps(1);
    h.drag_at(from);
    h.run_steps(1);
    for k in 1..=4 {
        h.hover_at(from + (to - from) * (k as f32 / 4.0));
        h.run_steps(1);
    }
    h.drop_at(to);
    h.run_steps(2);
}

fn right_click(h: &mut Harness<'_, EditorApp>, pos: Pos2) {
    h.hover_at(pos);
    h.run_steps(1);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run_steps(2);
}

#[test]
fn a_mouse_selection_snaps_to_words_and_a_label_key_labels_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("wire-story.txt", dir.path());
    let mut h = harness(app_on(vec![path]));
    let text = h.state().doc().unwrap().text().to_owned();
    let byline = text.find("PIETER VAN LOON").unwrap();
    // From inside "PIETER" to inside "LOON".
    let (from, to) = (pos_of(&h, byline + 2), pos_of(&h, byline + 13));
    drag(&mut h, from, to);
    let sel = h.state().doc().unwrap().text_sel.expect("text selected");
    assert_eq!(
        sel.slice(&text),
        Some("PIETER VAN LOON"),
        "snapped to words"
    );
    let before = h.state().doc().unwrap().annotations().len();
    press(&mut h, Key::Num4);
    let span = selected(&h);
    assert_eq!(h.state().doc().unwrap().annotations().len(), before + 1);
    assert_eq!(
        (span.label.clone(), span.status),
        (Label::speaker(), Status::Confirmed)
    );
    assert_eq!(span.range.slice(&text), Some("PIETER VAN LOON"));

    // Alt held: exact characters.
    let (from, to) = (pos_of(&h, byline + 2), pos_of(&h, byline + 9));
    h.event(egui::Event::ModifiersChanged(Modifiers::ALT));
    drag(&mut h, from, to);
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run_steps(1);
    let sel = h.state().doc().unwrap().text_sel.expect("text selected");
    assert!(
        sel.start.0 > byline && sel.end.0 < byline + 10,
        "not snapped: {:?}",
        sel.slice(&text)
    );
}

#[test]
fn dragging_a_selected_spans_edge_resizes_it_in_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("wire-story.txt", dir.path());
    let mut h = harness(app_on(vec![path]));
    let text = h.state().doc().unwrap().text().to_owned();
    let byline = text.find("PIETER VAN LOON").unwrap();
    let (from, to) = (pos_of(&h, byline + 2), pos_of(&h, byline + 8));
    drag(&mut h, from, to);
    press(&mut h, Key::Num4);
    let span = selected(&h);
    assert_eq!(span.range.slice(&text), Some("PIETER VAN"));

    // Grab the end edge and drop it inside "Associated".
    let edge = {
        let doc = h.state().doc().unwrap();
        doc.view.screen_rect(&text, span.range.end.0).unwrap()
    };
    let associated = text[byline..].find("Associated").unwrap() + byline;
    let to = pos_of(&h, associated + 4);
    drag(&mut h, edge.center(), to);
    let resized = selected(&h);
    assert_eq!(resized.id, span.id);
    assert_eq!(
        resized.range.slice(&text),
        Some("PIETER VAN LOON Associated"),
        "the new end snapped to the word's end"
    );
    press_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(selected(&h).range, span.range, "one undo step");
    press_mod(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(
        h.state()
            .doc()
            .unwrap()
            .annotations()
            .get(span.id)
            .is_none(),
        "the next undo removes the span: the drag was a single step"
    );
}

#[test]
fn the_context_menu_accepts_relabels_and_deletes_a_span() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("wire-story.txt", dir.path());
    let mut h = harness(app_on(vec![path]));
    let text = h.state().doc().unwrap().text().to_owned();
    // A word inside the first suggested span on screen.
    let first = h
        .state()
        .doc()
        .unwrap()
        .annotations()
        .in_text_order()
        .into_iter()
        .find(|s| s.status == Status::Suggested)
        .cloned()
        .unwrap();
    let at = first.range.start.0 + 1;
    let pos = pos_of(&h, at);
    right_click(&mut h, pos);
    let span = selected(&h);
    assert!(span.range.start.0 <= at && at < span.range.end.0);
    assert_eq!(span.status, Status::Suggested);
    // Menu entries show their shortcut ("Accept A").
    h.get_by_label("Accept A").click();
    h.run_steps(2);
    assert_eq!(selected(&h).status, Status::Confirmed);

    right_click(&mut h, pos);
    assert_eq!(selected(&h).id, span.id);
    let other = if span.label == Label::claim() {
        Label::caption()
    } else {
        Label::claim()
    };
    h.get_by_label("Relabel").hover();
    h.run_steps(2);
    let key = LabelSet::default().get(&other).unwrap().key;
    h.get_by_label(&format!("{other} {key}")).click();
    h.run_steps(2);
    assert_eq!(selected(&h).label, other);

    right_click(&mut h, pos);
    assert_eq!(selected(&h).id, span.id);
    h.get_by_label("Delete Delete").click();
    h.run_steps(2);
    assert!(
        h.state()
            .doc()
            .unwrap()
            .annotations()
            .get(span.id)
            .is_none()
    );
    let _ = text;
}

// ----- files changed by other programs, unwritable folders, a killed app -----

/// The window regains focus: the app looks at its files on disk.
fn refocus(h: &mut Harness<'_, EditorApp>) {
    h.event(egui::Event::WindowFocused(true));
    h.run_steps(2);
}

/// An app that looks at its files only when the window regains focus or a
/// save needs to, so each test decides when a check happens.
fn watched_app(paths: Vec<PathBuf>, dialogs: ScriptedDialogs) -> EditorApp {
    let mut app = EditorApp::new(paths, Box::new(dialogs), Prefs::default());
    app.set_disk_check_interval(f64::INFINITY);
    app
}

/// Another program saves the annotations of `path` with the article
/// marked done (or not).
fn other_program_saves(path: &Path, done: bool) -> Vec<u8> {
    let opened = store::open_article(path, &LabelSet::default()).unwrap();
    let mut article = opened.article;
    let from = article.annotations().is_done();
    if from != done {
        article.apply(Edit::SetDone { from, to: done }).unwrap();
    }
    store::save(&article, &opened.annotation_path).unwrap();
    std::fs::read(&opened.annotation_path).unwrap()
}

fn disk_prompt(h: &Harness<'_, EditorApp>) -> Option<bool> {
    match h.state().modal() {
        Some(Modal::Disk { saving, .. }) => Some(*saving),
        _ => None,
    }
}

/// The files in `dir`, autosave's recovery files aside.
fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(copydesk::recovery::SUFFIX))
        .collect();
    names.sort();
    names
}

#[test]
fn an_annotation_file_changed_by_another_program_is_noticed_and_never_silently_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("wire-story.txt", dir.path());
    let ron = store::annotation_path(&path);
    let mut h = harness(watched_app(vec![path.clone()], ScriptedDialogs::default()));
    press(&mut h, Key::N);
    press(&mut h, Key::A);
    press_mod(&mut h, Modifiers::COMMAND, Key::S);
    // The app's own atomic save is not someone else's change.
    refocus(&mut h);
    assert_eq!(disk_prompt(&h), None);

    // An edit in memory, then another program saves the file.
    press(&mut h, Key::N);
    press(&mut h, Key::R);
    let rejected = selected(&h).id;
    let theirs = other_program_saves(&path, true);
    refocus(&mut h);
    assert_eq!(
        disk_prompt(&h),
        Some(false),
        "asked when the window is focused"
    );
    h.get_by_label("Changed on disk");
    h.get_by_label(&format!(
        "{} was changed by another program.",
        ron.display()
    ));
    h.get_by_label("Keep my version").click();
    h.run_steps(2);
    assert_eq!(disk_prompt(&h), None);
    let doc = h.state().doc().unwrap();
    assert_eq!(
        doc.annotations().get(rejected).unwrap().status,
        Status::Rejected
    );
    assert!(doc.article.is_modified(), "my version is not on disk");
    assert_eq!(std::fs::read(&ron).unwrap(), theirs, "nothing written yet");
    refocus(&mut h);
    assert_eq!(disk_prompt(&h), None, "asked once");
    // Kept: the next save overwrites without asking again.
    press_mod(&mut h, Modifiers::COMMAND, Key::S);
    assert_eq!(disk_prompt(&h), None);
    let doc = h.state().doc().unwrap();
    let saved = store::load(&ron, doc.article.doc()).unwrap();
    assert_eq!(&saved.annotations, doc.annotations());
    assert!(!saved.annotations.is_done());

    // Changed again: Reload takes their version and drops mine.
    press(&mut h, Key::N);
    press(&mut h, Key::A);
    assert!(h.state().doc().unwrap().article.is_modified());
    other_program_saves(&path, true);
    refocus(&mut h);
    h.get_by_label("Reload from disk").click();
    h.run_steps(2);
    assert_eq!(disk_prompt(&h), None);
    let doc = h.state().doc().unwrap();
    let on_disk = store::load(&ron, doc.article.doc()).unwrap();
    assert_eq!(doc.annotations(), &on_disk.annotations);
    assert!(doc.annotations().is_done());
    assert!(!doc.article.is_modified());

    // A save that finds the file changed asks before overwriting it.
    press(&mut h, Key::N);
    press(&mut h, Key::R);
    let theirs = other_program_saves(&path, false);
    press_mod(&mut h, Modifiers::COMMAND, Key::S);
    assert_eq!(disk_prompt(&h), Some(true), "the save asks first");
    assert_eq!(std::fs::read(&ron).unwrap(), theirs, "not overwritten");
    assert!(h.state().doc().unwrap().article.is_modified());
    h.get_by_label("Overwrite with my version").click();
    h.run_steps(2);
    let doc = h.state().doc().unwrap();
    assert!(!doc.article.is_modified());
    let saved = store::load(&ron, doc.article.doc()).unwrap();
    assert_eq!(&saved.annotations, doc.annotations());
    assert!(saved.annotations.is_done(), "mine, not theirs");
}

#[test]
fn an_article_changed_on_disk_is_reloaded_with_its_spans_re_anchored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.txt");
    std::fs::write(&path, ARTICLE).unwrap();
    let quote = "\"We will start in spring,\"";
    annotate(&path, &[(quote, Label::quote(), Status::Confirmed)], false);
    let mut app = app_on(vec![path.clone()]);
    // Periodic checks this time (every frame), not only on focus.
    app.set_disk_check_interval(0.0);
    let mut h = harness(app);
    press(&mut h, Key::J);
    assert_eq!(
        selected(&h).range.slice(h.state().doc().unwrap().text()),
        Some(quote)
    );
    press(&mut h, Key::R);
    // Another program adds a paragraph at the top.
    let changed = format!("UPDATED 10:40\n\n{ARTICLE}");
    std::fs::write(&path, &changed).unwrap();
    h.run_steps(2);
    assert_eq!(disk_prompt(&h), Some(false));
    h.get_by_label(&format!(
        "{} was changed by another program.",
        path.display()
    ));
    h.get_by_label("Reload from disk").click();
    h.run_steps(2);
    let doc = h.state().doc().unwrap();
    assert_eq!(doc.text(), changed);
    let spans: Vec<_> = doc.annotations().iter().collect();
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].range.slice(doc.text()), Some(quote), "re-anchored");
    assert_eq!(
        spans[0].status,
        Status::Confirmed,
        "the rejection was dropped"
    );
    assert!(doc.notice.as_deref().unwrap().contains("re-anchored"));
    h.run_steps(4);
    assert_eq!(disk_prompt(&h), None, "the new text is the baseline");
}

#[test]
fn deleted_files_keep_the_edits_and_save_recreates_them_or_close_discards() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("wire-story.txt", dir.path());
    let original = std::fs::read(&path).unwrap();
    let ron = store::annotation_path(&path);
    let mut h = harness(watched_app(vec![path.clone()], ScriptedDialogs::default()));
    press(&mut h, Key::N);
    press(&mut h, Key::A);
    press_mod(&mut h, Modifiers::COMMAND, Key::S);
    press(&mut h, Key::N);
    press(&mut h, Key::R);
    let expected = h.state().doc().unwrap().annotations().clone();

    // Both files are deleted by another program.
    std::fs::remove_file(&path).unwrap();
    std::fs::remove_file(&ron).unwrap();
    refocus(&mut h);
    assert_eq!(disk_prompt(&h), Some(false));
    h.get_by_label("File deleted");
    h.get_by_label(&format!(
        "{} was deleted or moved by another program.",
        path.display()
    ));
    h.get_by_label(&format!(
        "{} was deleted or moved by another program.",
        ron.display()
    ));
    assert_eq!(
        h.state().doc().unwrap().annotations(),
        &expected,
        "kept in memory"
    );
    h.get_by_label("Save").click();
    h.run_steps(2);
    assert_eq!(disk_prompt(&h), None);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        original,
        "the article is written again"
    );
    let doc = h.state().doc().unwrap();
    assert!(!doc.article.is_modified());
    assert_eq!(
        &store::load(&ron, doc.article.doc()).unwrap().annotations,
        &expected
    );
    refocus(&mut h);
    assert_eq!(
        disk_prompt(&h),
        None,
        "the recreated files are the baseline"
    );

    // Deleted again: Close asks about the unsaved work, Discard writes nothing.
    std::fs::remove_file(&ron).unwrap();
    refocus(&mut h);
    h.get_by_label(&format!(
        "{} was deleted or moved by another program.",
        ron.display()
    ));
    h.get_by_label("Close").click();
    h.run_steps(2);
    assert!(matches!(h.state().modal(), Some(Modal::Close { .. })));
    h.run_steps(2); // a modal after a modal takes an extra frame to show
    h.get_by_label("Unsaved changes");
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert!(h.state().entries().is_empty());
    assert!(!ron.exists());
    assert_eq!(std::fs::read(&path).unwrap(), original);
}

/// A folder made to refuse new files until dropped. Permission bits do not
/// stop root, so as root the folder is made immutable (`chattr +i`), which
/// stops everyone; where neither works, the annotation file itself is made
/// read-only, which the atomic save refuses to replace.
struct Unwritable {
    dir: PathBuf,
    /// What the failed save's message gives as the reason.
    reason: &'static str,
    immutable: bool,
}

impl Unwritable {
    fn new(dir: &Path, annotation_file: &Path) -> Self {
        use std::os::unix::fs::PermissionsExt;
        let refuses = || {
            let probe = dir.join(".probe");
            let refused = std::fs::write(&probe, "x").is_err();
            let _ = std::fs::remove_file(&probe);
            refused
        };
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let mut made = Self {
            dir: dir.to_owned(),
            reason: "Permission denied",
            immutable: false,
        };
        if refuses() {
            return made;
        }
        let chattr = std::process::Command::new("chattr")
            .arg("+i")
            .arg(dir)
            .status();
        made.immutable = chattr.is_ok_and(|s| s.success());
        if made.immutable && refuses() {
            made.reason = "Operation not permitted";
            return made;
        }
        let mut perms = std::fs::metadata(annotation_file).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(annotation_file, perms).unwrap();
        made.reason = "read-only";
        made
    }
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.immutable {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.dir)
                .status();
        }
        let _ = std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn saving_into_an_unwritable_folder_fails_with_a_message_and_the_work_can_be_saved_elsewhere() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("desk");
    std::fs::create_dir(&dir).unwrap();
    let elsewhere = root.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let path = copy_sample("wire-story.txt", &dir);
    let ron = store::annotation_path(&path);
    let other = elsewhere.join("wire-story.txt.copydesk.ron");
    let dialogs = ScriptedDialogs {
        saves: vec![Picked::Chosen(other.clone())],
        ..ScriptedDialogs::default()
    };
    let mut h = harness(watched_app(vec![path.clone()], dialogs));
    press(&mut h, Key::N);
    press(&mut h, Key::A);
    press_mod(&mut h, Modifiers::COMMAND, Key::S);
    let saved = std::fs::read(&ron).unwrap();
    let listing = file_names(&dir);

    let unwritable = Unwritable::new(&dir, &ron);
    eprintln!("the folder refuses writes: {}", unwritable.reason);
    press(&mut h, Key::N);
    press(&mut h, Key::R);
    let expected = h.state().doc().unwrap().annotations().clone();
    press_mod(&mut h, Modifiers::COMMAND, Key::S);
    let message = h.state().message().cloned().unwrap();
    assert!(message.error, "{message:?}");
    assert!(message.text.starts_with("not saved: "), "{message:?}");
    assert!(
        message.text.contains(&ron.display().to_string()),
        "names the file: {message:?}"
    );
    assert!(
        message.text.contains(unwritable.reason),
        "gives the reason: {message:?}"
    );
    h.get_by_label(&message.text);
    let doc = h.state().doc().unwrap();
    assert!(doc.article.is_modified(), "still unsaved");
    assert_eq!(doc.annotations(), &expected, "nothing lost");
    assert_eq!(
        std::fs::read(&ron).unwrap(),
        saved,
        "the old file is intact"
    );
    assert_eq!(file_names(&dir), listing, "no temporary file left");

    // File → Save annotations as… writes it elsewhere.
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Save annotations as…").click();
    h.run_steps(2);
    drop(unwritable);
    let doc = h.state().doc().unwrap();
    assert!(!doc.article.is_modified());
    assert_eq!(doc.annotation_path, other);
    assert_eq!(
        &store::load(&other, doc.article.doc()).unwrap().annotations,
        &expected
    );
    assert_eq!(std::fs::read(&ron).unwrap(), saved);
    assert_eq!(file_names(&dir), listing);
}

#[test]
fn a_folder_removed_while_open_keeps_the_work_and_says_the_folder_is_gone() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("desk");
    std::fs::create_dir(&dir).unwrap();
    let path = copy_sample("wire-story.txt", &dir);
    let ron = store::annotation_path(&path);
    // No file dialog service: Save annotations as… asks for a path.
    let mut h = harness(watched_app(vec![path.clone()], ScriptedDialogs::default()));
    press(&mut h, Key::N);
    press(&mut h, Key::A);
    let expected = h.state().doc().unwrap().annotations().clone();

    std::fs::remove_dir_all(&dir).unwrap();
    refocus(&mut h);
    h.get_by_label("File deleted");
    h.get_by_label(&format!(
        "{} was deleted or moved by another program.",
        path.display()
    ));
    h.get_by_label("Save").click();
    h.run_steps(2);
    let message = h.state().message().cloned().unwrap();
    assert!(message.error);
    assert!(
        message.text.contains(&ron.display().to_string())
            && message
                .text
                .contains(&format!("the folder {} does not exist", dir.display())),
        "{message:?}"
    );
    assert!(!dir.exists(), "nothing recreated in a folder that is gone");
    let doc = h.state().doc().unwrap();
    assert!(doc.article.is_modified());
    assert_eq!(doc.annotations(), &expected);

    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Save annotations as…").click();
    h.run_steps(2);
    assert!(matches!(h.state().modal(), Some(Modal::Path { .. })));
    let target = root.path().join("rescued.copydesk.ron");
    type_text(&mut h, &target.display().to_string());
    press(&mut h, Key::Enter);
    let doc = h.state().doc().unwrap();
    assert!(!doc.article.is_modified());
    assert_eq!(
        &store::load(&target, doc.article.doc()).unwrap().annotations,
        &expected
    );
    refocus(&mut h);
    assert_eq!(disk_prompt(&h), None, "asked once about the deletion");
}

/// Where the killed app's process works; set only for that process.
const KILL_DIR: &str = "COPYDESK_UI_KILL_DIR";

/// The app in a process of its own, killed by
/// `a_killed_app_loses_at_most_the_last_autosave_interval`: edits, frames
/// until the autosave holds them, one more edit, then frames until killed.
/// It writes what the recovery file holds after the autosave
/// (`autosaved.ron`) and with the last edit (`latest.ron`), then `ready`.
#[test]
#[ignore = "run in its own process by a_killed_app_loses_at_most_the_last_autosave_interval"]
fn killed_app_process() {
    let Some(dir) = std::env::var_os(KILL_DIR).map(PathBuf::from) else {
        return;
    };
    let path = dir.join("wire-story.txt");
    let ron = store::annotation_path(&path);
    // The real autosave interval, on egui's clock (a quarter second a frame).
    let mut h = harness(app_on(vec![path]));
    press(&mut h, Key::N);
    press(&mut h, Key::A);
    press(&mut h, Key::N);
    press(&mut h, Key::R);
    press(&mut h, Key::N);
    press(&mut h, Key::Num3);
    let autosaved = h.state().doc().unwrap().article.clone();
    let recovered = |h: &Harness<'_, EditorApp>| {
        let doc = h.state().doc().unwrap().article.doc();
        copydesk::recovery::load(&ron, doc)
            .ok()
            .map(|l| l.annotations)
    };
    let mut frames = 0;
    while recovered(&h).as_ref() != Some(autosaved.annotations()) {
        assert!(frames < 1000, "the autosave never came");
        h.run_steps(1);
        frames += 1;
    }
    let snapshot = |article: &copydesk::model::Article, name: &str| {
        let content = store::render(article, &ron).unwrap();
        store::write_atomic(&dir.join(name), content.as_bytes()).unwrap();
    };
    snapshot(&autosaved, "autosaved.ron");
    press(&mut h, Key::N);
    press(&mut h, Key::A);
    snapshot(&h.state().doc().unwrap().article, "latest.ron");
    std::fs::write(dir.join("ready"), "").unwrap();
    loop {
        h.run_steps(1);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_killed_app_loses_at_most_the_last_autosave_interval() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("wire-story.txt", dir.path());
    let ron = store::annotation_path(&path);
    let log = dir.path().join("process.log");
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["killed_app_process", "--exact", "--ignored", "--nocapture"])
        .env(KILL_DIR, dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let ready = dir.path().join("ready");
    while !ready.exists() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "the app's process ended on its own ({status}):\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.kill().unwrap(); // SIGKILL: no save, no prompt, no destructor
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(9), "{status}");
    assert!(!ron.exists(), "never saved");
    assert!(copydesk::recovery::exists(&ron));

    let mut h = harness(app_on(vec![path.clone()]));
    assert!(matches!(h.state().modal(), Some(Modal::Restore(0))));
    h.get_by_label("Restore").click();
    h.run_steps(2);
    let doc = h.state().doc().unwrap();
    assert!(doc.article.is_modified());
    let snapshot = |name: &str| {
        let content = std::fs::read_to_string(dir.path().join(name)).unwrap();
        store::parse(&content, &ron, doc.article.doc())
            .unwrap()
            .annotations
    };
    let (autosaved, latest) = (snapshot("autosaved.ron"), snapshot("latest.ron"));
    assert_ne!(autosaved, latest);
    // Every edit up to the last autosave is back; the one edit after it
    // is back only if its own autosave came before the kill.
    let restored = doc.annotations();
    assert!(
        restored == &autosaved || restored == &latest,
        "restored spans are neither the autosaved nor the latest state"
    );
}
