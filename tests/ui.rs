//! The editor driven through egui_kittest: keys and widget labels in, the
//! model and the saved file checked.
#![cfg(feature = "gui")]

use copydesk::model::{Label, SpanId, Status};
use copydesk::store;
use copydesk::ui::{EditorApp, Modal, Prefs, ScriptedDialogs};
use egui::{Key, Modifiers};
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
    let ron = store::annotation_path(&path, None);
    assert!(ron.exists(), "saved next to the article");
    let doc = h.state().doc().unwrap();
    assert!(!doc.article.is_modified());
    assert!(!h.state().window_title().starts_with('●'));
    let loaded = store::load(&ron, &doc.article.doc).unwrap();
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
    assert!(store::annotation_path(&path, None).exists());

    // Discard closes without writing.
    let other = copy_sample("local-news-with-ads.txt", dir.path());
    let mut h = harness(app_on(vec![other.clone()]));
    press(&mut h, Key::N);
    press(&mut h, Key::A);
    press_mod(&mut h, Modifiers::COMMAND, Key::W);
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert!(h.state().entries().is_empty());
    assert!(!store::annotation_path(&other, None).exists());
}

#[test]
fn autosave_writes_a_recovery_file_that_the_next_start_offers_to_restore() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_sample("wire-story.txt", dir.path());
    let ron = store::annotation_path(&path, None);
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
