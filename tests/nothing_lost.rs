//! Confirmed work is never lost when programs meet on the same annotation
//! file: a batch `detect` and an editor saving at the same time, killed
//! saves, re-anchoring onto text that already holds a span, and files that
//! point elsewhere or have awkward names.
//!
//! The soak of two killed `detect` loops and a concurrent editor runs for
//! a few seconds by default; for a minute, in release:
//! `cargo test --release --no-default-features --test nothing_lost -- --ignored --nocapture`.

mod common;

use common::{copydesk, stderr};
use copydesk::model::{Article, Edit, LabelSet, SpanId, Status};
use copydesk::store;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// An article long enough that a debug build's `detect` takes a second or
/// more: time for another program to save in the middle of it.
fn long_article() -> String {
    let samples = common::samples();
    let one: String = samples
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n\n");
    (0..60)
        .map(|_| one.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn open(path: &Path) -> Article {
    store::open_article(path, &LabelSet::default())
        .unwrap()
        .article
}

/// The wire story, copied into `dir` and detected.
fn detected_sample(dir: &Path) -> PathBuf {
    let article = common::copy_sample("wire-story.txt", dir);
    let out = copydesk(&["detect", "wire-story.txt"], dir);
    assert!(out.status.success(), "{}", stderr(&out));
    article
}

/// Confirms the first `n` suggestions of `article`, as an editor would.
fn confirm(article: &mut Article, n: usize) -> Vec<SpanId> {
    let ids: Vec<SpanId> = article
        .annotations()
        .in_text_order()
        .iter()
        .filter(|s| s.status == Status::Suggested)
        .take(n)
        .map(|s| s.id)
        .collect();
    for &id in &ids {
        article
            .apply(Edit::SetStatus {
                id,
                from: Status::Suggested,
                to: Status::Confirmed,
            })
            .unwrap();
    }
    ids
}

/// Deletes one suggestion, so that the next `detect` has one to add back
/// and rewrites the file. A speaker mention that a quote links to cannot
/// be deleted on its own; another suggestion is taken then.
fn delete_a_suggestion(article: &mut Article) -> bool {
    let suggestions: Vec<_> = article
        .annotations()
        .in_text_order()
        .into_iter()
        .rev()
        .filter(|s| s.status == Status::Suggested)
        .cloned()
        .collect();
    suggestions
        .into_iter()
        .any(|span| article.apply(Edit::Remove(span)).is_ok())
}

fn confirmed(path: &Path) -> BTreeSet<SpanId> {
    open(path)
        .annotations()
        .iter()
        .filter(|s| s.status == Status::Confirmed)
        .map(|s| s.id)
        .collect()
}

#[test]
fn a_batch_detect_keeps_an_editors_save_made_while_it_ran() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    let ron = store::annotation_path(&article);
    std::fs::write(&article, long_article()).unwrap();
    assert!(copydesk(&["detect", "a.txt"], dir.path()).status.success());
    let mut before = open(&article);
    assert!(delete_a_suggestion(&mut before));
    store::save(&before, &ron).unwrap();

    let started = Instant::now();
    let detect = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["detect", "a.txt"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The batch has read the file by now and is detecting; the editor,
    // which read it before, saves four confirmations.
    std::thread::sleep(Duration::from_millis(300));
    let mut editor = open(&article);
    let ids = confirm(&mut editor, 4);
    store::save(&editor, &ron).unwrap();
    let out = detect.wait_with_output().unwrap();
    eprintln!("detect took {:?}", started.elapsed());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let kept = confirmed(&article);
    for id in ids {
        assert!(kept.contains(&id), "confirmation {id} lost; kept {kept:?}");
    }
}

#[test]
fn an_editor_save_over_a_file_that_changed_since_it_was_read_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let article = common::copy_sample("wire-story.txt", dir.path());
    let ron = store::annotation_path(&article);
    assert!(
        copydesk(&["detect", "wire-story.txt"], dir.path())
            .status
            .success()
    );
    let read = copydesk::store::FileStamp::read(&ron).unwrap();
    let mut editor = open(&article);
    confirm(&mut editor, 2);
    // Another program confirms something else meanwhile.
    let mut other = open(&article);
    let theirs = confirm(&mut other, 1);
    store::save(&other, &ron).unwrap();
    let e = store::save_if(&editor, &ron, &read, store::EDITOR_WAIT).unwrap_err();
    assert!(matches!(e, store::StoreError::Changed { .. }), "{e}");
    assert!(e.to_string().contains("changed by another program"), "{e}");
    assert!(confirmed(&article).contains(&theirs[0]));
}

/// Confirms and deletes suggestions in `files` until `budget` is spent,
/// each change one hold of the file from read to save; returns every
/// confirmation that was saved.
fn editor_loop(files: &[PathBuf], budget: Duration) -> Vec<(PathBuf, SpanId)> {
    let mut saved = Vec::new();
    let started = Instant::now();
    let mut round = 0usize;
    while started.elapsed() < budget {
        let article_path = &files[round % files.len()];
        round += 1;
        let ron = store::annotation_path(article_path);
        let held = store::hold(&ron, store::BATCH_WAIT).unwrap();
        let doc = store::load_article(article_path).unwrap();
        let loaded = held
            .load(&doc)
            .unwrap_or_else(|e| panic!("a file the editor read is damaged: {e}"));
        let opened = store::Opened::from_parts(doc, ron.clone(), loaded, &LabelSet::default());
        let mut article = opened.article;
        if opened.report.is_none() {
            // Not detected yet.
            continue;
        }
        let ids = confirm(&mut article, 1);
        delete_a_suggestion(&mut article);
        match held.save(&article) {
            Ok(_) => saved.extend(ids.into_iter().map(|id| (article_path.clone(), id))),
            Err(store::StoreError::Changed { .. }) => {}
            Err(e) => panic!("the editor's save failed: {e}"),
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    saved
}

/// Runs `detect` over `dir` again and again until `budget` is spent,
/// killing most runs at a random moment.
fn detect_loop(dir: &Path, budget: Duration, seed: u64) -> (usize, usize) {
    let mut state = seed | 1;
    let mut random = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let detect = || {
        Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(["detect", "."])
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // Kills are spread over the length of one whole run, and a little
    // beyond, so that they land in every part of it.
    let timed = Instant::now();
    assert!(detect().wait().unwrap().success());
    let whole = timed.elapsed().as_micros() as u64 * 6 / 5 + 1;
    let (mut runs, mut killed) = (0, 0);
    let started = Instant::now();
    while started.elapsed() < budget {
        runs += 1;
        let mut child = detect();
        let wait = Duration::from_micros(random() % whole);
        let deadline = Instant::now() + wait;
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                assert!(status.success(), "detect failed: {status:?}");
                break;
            }
            if Instant::now() >= deadline {
                child.kill().unwrap();
                if child.wait().unwrap().code().is_none() {
                    killed += 1;
                }
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
    }
    (runs, killed)
}

fn soak(budget: Duration) {
    let dir = tempfile::tempdir().unwrap();
    // The samples and the dev set's articles: enough suggestions that the
    // editor does not run out of them to confirm within the minute.
    let devset = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/devset");
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&devset)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .chain(common::samples())
        .collect();
    sources.sort();
    let files: Vec<PathBuf> = sources
        .iter()
        .enumerate()
        .map(|(i, source)| {
            let to = dir.path().join(format!("{i:02}.txt"));
            std::fs::copy(source, &to).unwrap();
            to
        })
        .collect();
    assert!(copydesk(&["detect", "."], dir.path()).status.success());
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(7, |d| d.as_nanos() as u64);
    eprintln!("seed {seed}");
    let (saved, loops) = std::thread::scope(|scope| {
        let loops: Vec<_> = (0..2)
            .map(|i| {
                let dir = dir.path();
                scope.spawn(move || detect_loop(dir, budget, seed.wrapping_add(i)))
            })
            .collect();
        let saved = editor_loop(&files, budget);
        let loops: Vec<(usize, usize)> = loops.into_iter().map(|l| l.join().unwrap()).collect();
        (saved, loops)
    });
    eprintln!(
        "{} confirmations saved; detect loops (runs, killed): {loops:?}",
        saved.len()
    );
    assert!(saved.len() >= 10, "the editor saved only {}", saved.len());
    assert!(loops.iter().all(|&(runs, killed)| runs >= 3 && killed >= 1));
    for (path, id) in &saved {
        let kept = confirmed(path);
        assert!(
            kept.contains(id),
            "{}: confirmation {id} lost",
            path.display()
        );
    }
    let rons: Vec<String> = files
        .iter()
        .map(|p| store::annotation_path(p).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["validate"];
    args.extend(rons.iter().map(String::as_str));
    let out = copydesk(&args, dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    // One more run, not killed, clears what the killed ones left behind.
    assert!(copydesk(&["detect", "."], dir.path()).status.success());
    let hidden: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "left behind: {hidden:?}");
}

#[test]
fn confirmations_survive_killed_detect_loops_and_a_concurrent_editor() {
    soak(Duration::from_secs(8));
}

#[test]
#[ignore = "a minute long; run in release with --ignored"]
fn confirmations_survive_a_minute_of_killed_detect_loops_and_a_concurrent_editor() {
    soak(Duration::from_secs(60));
}

/// Saves `text` as the article with every span the detector suggests
/// confirmed.
fn confirmed_article(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("a.txt");
    std::fs::write(&path, text).unwrap();
    assert!(copydesk(&["detect", "a.txt"], dir).status.success());
    let mut article = open(&path);
    let all = article.annotations().len();
    confirm(&mut article, all);
    store::save(&article, &store::annotation_path(&path)).unwrap();
    path
}

#[test]
fn a_span_reanchored_onto_an_identical_span_is_kept_aside_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let para = "“We will not close the harbour,” Mayor Ida Vance said on Tuesday.";
    let first = "The council met in the old town hall.";
    let text = format!("{first}\n\n{para}\n\nThe vote came late.\n\n{para}\n");
    let path = confirmed_article(dir.path(), &text);
    let quotes = |article: &Article| -> Vec<(usize, Status)> {
        article
            .annotations()
            .in_text_order()
            .iter()
            .filter(|s| s.label.as_str() == "Quote")
            .map(|s| (s.range.start.0, s.status))
            .collect()
    };
    assert_eq!(quotes(&open(&path)).len(), 2);

    // The first of the two paragraphs is deleted.
    let changed = format!("{first}\n\nThe vote came late.\n\n{para}\n");
    std::fs::write(&path, &changed).unwrap();
    let opened = store::open_article(&path, &LabelSet::default()).unwrap();
    let placed = quotes(&opened.article);
    assert_eq!(
        placed.len(),
        1,
        "two confirmed quotes on one place: {placed:?}"
    );
    let report = opened.report.unwrap();
    assert!(
        report
            .unplaced
            .iter()
            .any(|(_, label, _)| label.as_str() == "Quote"),
        "{report:?}"
    );
    // The quote that stayed is the one that was there.
    assert_eq!(placed[0].0, changed.rfind('“').unwrap());
}

#[test]
fn stale_suggestions_are_dropped_not_kept_aside_and_decisions_are_reported_apart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    let gone = "The agency hired 40 inspectors in 2023, the ministry said.";
    let kept = "“We are ready,” Mayor Ida Vance said.";
    std::fs::write(&path, format!("{gone}\n\n{kept}\n")).unwrap();
    assert!(copydesk(&["detect", "a.txt"], dir.path()).status.success());
    // The editor confirms the quote and leaves the claim a suggestion.
    let mut article = open(&path);
    let quote = article
        .annotations()
        .iter()
        .find(|s| s.label.as_str() == "Quote")
        .map(|s| s.id)
        .unwrap();
    article
        .apply(Edit::SetStatus {
            id: quote,
            from: Status::Suggested,
            to: Status::Confirmed,
        })
        .unwrap();
    store::save(&article, &store::annotation_path(&path)).unwrap();

    std::fs::write(&path, format!("{kept}\n")).unwrap();
    let out = copydesk(&["detect", "a.txt"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let content = std::fs::read_to_string(store::annotation_path(&path)).unwrap();
    assert!(!content.contains("unplaced:"), "{content}");
    assert!(stderr(&out).contains("suggestion(s) no longer in the text were dropped"));
    assert!(confirmed(&path).contains(&quote));
}

#[test]
fn an_annotation_file_with_a_byte_order_mark_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let article = detected_sample(dir.path());
    let ron = store::annotation_path(&article);
    let content = std::fs::read_to_string(&ron).unwrap();
    std::fs::write(&ron, format!("\u{feff}{content}")).unwrap();
    let out = copydesk(&["validate", "wire-story.txt.copydesk.ron"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(store::open_article(&article, &LabelSet::default()).is_ok());
}

/// Runs copydesk with a time limit: a command that hangs is a failure,
/// not a test that never ends.
fn copydesk_within(args: &[&str], dir: &Path, limit: Duration) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("copydesk {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn an_annotation_files_source_is_read_only_when_it_names_an_article_file() {
    let dir = tempfile::tempdir().unwrap();
    detected_sample(dir.path());
    let good = std::fs::read_to_string(dir.path().join("wire-story.txt.copydesk.ron")).unwrap();
    let pipe = dir.path().join("pipe.txt");
    assert!(
        Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap()
            .success()
    );
    std::fs::write(dir.path().join("secret"), "not an article").unwrap();
    for (name, source, why) in [
        ("zero.copydesk.ron", "/dev/zero", "not relative"),
        ("pipe.copydesk.ron", "pipe.txt", "not a regular file"),
        ("secret.copydesk.ron", "secret", "not an article file"),
    ] {
        let content = good.replace("source: \"wire-story.txt\"", &format!("source: {source:?}"));
        assert_ne!(content, good);
        std::fs::write(dir.path().join(name), content).unwrap();
        for command in ["validate", "stats"] {
            let out = copydesk_within(&[command, name], dir.path(), Duration::from_secs(20));
            assert_eq!(out.status.code(), Some(1), "{command} {name}");
            let err = stderr(&out);
            assert!(
                err.contains(name) && err.contains(why),
                "{command} {name}: {err}"
            );
        }
    }
}

#[test]
fn an_article_whose_name_is_as_long_as_allowed_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    // With `.copydesk.ron` the annotation file's name is 248 bytes, legal
    // on every common file system.
    let name = format!("{}.txt", "n".repeat(231));
    std::fs::copy(&common::samples()[0], dir.path().join(&name)).unwrap();
    let out = copydesk(&["detect", &name], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join(format!("{name}.copydesk.ron")).is_file());
}

#[cfg(unix)]
#[test]
fn an_article_name_that_is_not_utf8_is_refused_by_name_not_stored_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::copy(&common::samples()[0], dir.path().join(name)).unwrap();
    let out = copydesk(&["detect", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not valid UTF-8"), "{}", stderr(&out));
    let written: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.as_encoded_bytes().ends_with(b".copydesk.ron"))
        .collect();
    assert!(written.is_empty(), "{written:?}");
}

#[cfg(unix)]
#[test]
fn a_linked_annotation_file_stays_a_link_and_a_hard_linked_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let article = detected_sample(dir.path());
    let ron = store::annotation_path(&article);
    let kept = dir.path().join("kept.ron");
    std::fs::rename(&ron, &kept).unwrap();
    std::os::unix::fs::symlink("kept.ron", &ron).unwrap();
    let mut editor = open(&article);
    let ids = confirm(&mut editor, 1);
    store::save(&editor, &ron).unwrap();
    assert!(
        std::fs::symlink_metadata(&ron)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&kept)
            .unwrap()
            .contains("Confirmed")
    );
    assert!(confirmed(&article).contains(&ids[0]));

    std::fs::remove_file(&ron).unwrap();
    std::fs::hard_link(&kept, &ron).unwrap();
    let before = std::fs::read(&kept).unwrap();
    let mut editor = open(&article);
    assert!(delete_a_suggestion(&mut editor));
    let e = store::save(&editor, &ron).unwrap_err();
    assert!(
        e.to_string().contains("hard links") && e.to_string().contains("wire-story"),
        "{e}"
    );
    assert_eq!(std::fs::read(&kept).unwrap(), before);
}

#[test]
fn temporary_files_of_killed_saves_are_removed_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    detected_sample(dir.path());
    // What killed saves leave: this version's names, and the older one's.
    for name in [
        ".copydesk-0123456789abcdef.tmp",
        ".copydesk-fedcba9876543210.tmp",
        ".wire-story.txt.copydesk.ron.copydesk.tmp",
    ] {
        std::fs::write(dir.path().join(name), "half a file").unwrap();
    }
    std::fs::write(dir.path().join(".notes.tmp"), "someone else's").unwrap();
    assert!(
        copydesk(&["detect", "wire-story.txt"], dir.path())
            .status
            .success()
    );
    let hidden: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert_eq!(hidden, [".notes.tmp"]);
}

#[test]
fn an_article_beyond_the_size_copydesk_opens_is_refused_by_name_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_sample("wire-story.txt", dir.path());
    // Sparse: the size is what is checked, before anything is read.
    let big = std::fs::File::create(dir.path().join("big.txt")).unwrap();
    big.set_len(copydesk::model::MAX_ARTICLE_BYTES + 1).unwrap();
    let out = copydesk(&["detect", "big.txt", "wire-story.txt"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("big.txt") && err.contains("larger than the 256 MiB"),
        "{err}"
    );
    assert!(dir.path().join("wire-story.txt.copydesk.ron").is_file());
    assert!(!dir.path().join("big.txt.copydesk.ron").exists());
}

#[cfg(unix)]
#[test]
fn an_article_too_large_for_the_memory_there_is_refused_by_name_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_sample("wire-story.txt", dir.path());
    let unit = std::fs::read_to_string(&common::samples()[0]).unwrap();
    let mut text = String::new();
    while text.len() < 48 << 20 {
        text.push_str(&unit);
        text.push_str("\n\n");
    }
    std::fs::write(dir.path().join("long.txt"), &text).unwrap();
    drop(text);
    // 320 MiB of address space: the program runs, but cannot have the
    // ten times 48 MiB that working on the long article takes.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 327680 && exec '{}' detect long.txt wire-story.txt",
            env!("CARGO_BIN_EXE_copydesk")
        ))
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("long.txt") && err.contains("not enough memory"),
        "{err}"
    );
    assert!(
        dir.path().join("wire-story.txt.copydesk.ron").is_file(),
        "{err}"
    );
}

#[test]
fn byte_order_marks_open_a_label_set_file_and_a_detect_stdin_stream() {
    let dir = tempfile::tempdir().unwrap();
    let labels =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/labels.ron"))
            .unwrap();
    std::fs::write(dir.path().join("labels.ron"), format!("\u{feff}{labels}")).unwrap();
    common::copy_sample("wire-story.txt", dir.path());
    let out = copydesk(
        &["detect", "--labels", "labels.ron", "wire-story.txt"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));

    let out = common::copydesk_with_stdin(
        &["detect", "--stdin", "--format", "jsonl"],
        "\u{feff}{\"id\": \"a\", \"text\": \"“Yes,” she said.\"}\n".as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(common::stdout(&out).contains("\"id\":\"a\""));
}

#[test]
fn detect_says_on_every_run_that_decisions_of_an_earlier_text_are_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let kept = "“We are ready,” Mayor Ida Vance said.";
    let path = confirmed_article(
        dir.path(),
        &format!("The agency hired 40 inspectors in 2023, the ministry said.\n\n{kept}\n"),
    );
    std::fs::write(&path, format!("{kept}\n")).unwrap();
    for _ in 0..2 {
        let out = copydesk(&["detect", "a.txt"], dir.path());
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stderr(&out).contains("kept aside"), "{}", stderr(&out));
    }
}

#[test]
fn stats_does_not_count_an_article_as_new_when_its_annotation_file_cannot_be_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("a")).unwrap();
    common::copy_sample("wire-story.txt", &dir.path().join("a"));
    // A file where the annotation folder should be.
    std::fs::write(dir.path().join("ann"), "not a folder").unwrap();
    let out = copydesk(&["stats", "--annotations", "ann", "a"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("wire-story.txt.copydesk.ron"),
        "{}",
        stderr(&out)
    );
    assert!(
        common::stdout(&out).contains("new          0"),
        "{}",
        common::stdout(&out)
    );
}
