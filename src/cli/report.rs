//! `copydesk validate`, `stats`, `eval` and `agree`.

use super::{Batch, EXIT_USAGE};
use crate::detect::DetectConfig;
use crate::model::{Document, Label, LabelSet, ReviewState, Status};
use crate::store;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
pub(super) fn validate_command(files: &[PathBuf]) -> u8 {
    let mut batch = Batch::default();
    for file in files {
        match validate_one(file) {
            Ok(summary) => println!("{}: {summary}", file.display()),
            Err(e) => batch.fail_error(file, e),
        }
    }
    batch.exit_code()
}

fn validate_one(file: &Path) -> anyhow::Result<String> {
    let source = store::source_of(file)?;
    let doc = Document::load(&source)
        .map_err(|e| anyhow::anyhow!("its article {}: {e}", source.display()))?;
    let loaded = store::load(file, &doc)?;
    if let Some(summary) = loaded.report.summary() {
        anyhow::bail!("{summary}");
    }
    let unplaced = loaded.annotations.unplaced().len();
    Ok(format!(
        "ok, {} spans{}",
        loaded.annotations.len(),
        if unplaced > 0 {
            format!(", {unplaced} kept aside from an earlier text")
        } else {
            String::new()
        }
    ))
}

pub(super) fn stats_command(paths: &[PathBuf], annotations: Option<&Path>) -> u8 {
    let mut batch = Batch::default();
    // An annotation file named directly is read itself, wherever it is;
    // articles, and those found in folders, have theirs next to them or in
    // the annotation folder.
    let mut named = Vec::new();
    let mut folders = Vec::new();
    for path in paths {
        if store::is_annotation_file(path) {
            match store::source_of(path) {
                Ok(source) => named.push((source, path.clone())),
                Err(e) => batch.fail_error(path, e.into()),
            }
        } else {
            folders.push(path.clone());
        }
    }
    let Some(found) = super::articles_with_ids(&folders, annotations.is_some(), &mut batch) else {
        return EXIT_USAGE;
    };
    let found = found.into_iter().map(|(path, id)| {
        let ron = store::annotation_path_for(&path, &id, annotations);
        (path, ron)
    });
    let articles: Vec<(PathBuf, PathBuf)> = named.into_iter().chain(found).collect();
    let mut counts: BTreeMap<(String, &'static str), usize> = BTreeMap::new();
    let mut states: BTreeMap<ReviewState, usize> = BTreeMap::new();
    let mut labels_seen: Vec<Label> = Vec::new();
    let mut articles_read = 0;
    let progress = crate::batch::progress(articles.len(), "reading");
    // Each article is counted as it arrives and then dropped, so memory
    // stays bounded however large the corpus.
    crate::batch::ordered(
        articles,
        |(path, ron)| {
            let opened = store::open_with(&path, ron, &LabelSet::default());
            (path, opened)
        },
        |(path, opened)| {
            progress.inc(1);
            let opened = match opened {
                Ok(opened) => opened,
                Err(e) => {
                    progress.suspend(|| batch.fail_error(&path, e.into()));
                    return;
                }
            };
            articles_read += 1;
            let annotations = opened.article.annotations();
            *states.entry(annotations.review_state()).or_default() += 1;
            for def in opened.article.labels.iter() {
                if !labels_seen.contains(&def.name) {
                    labels_seen.push(def.name.clone());
                }
            }
            for span in annotations.iter() {
                *counts
                    .entry((span.label.to_string(), span.status.as_str()))
                    .or_default() += 1;
            }
        },
    );
    progress.finish_and_clear();
    println!("{articles_read} article(s)");
    for state in [ReviewState::New, ReviewState::InProgress, ReviewState::Done] {
        println!(
            "  {:<12} {}",
            state.as_str(),
            states.get(&state).unwrap_or(&0)
        );
    }
    println!();
    println!(
        "{:<10} {:>9} {:>9} {:>9}",
        "label", "suggested", "confirmed", "rejected"
    );
    for label in &labels_seen {
        let n = |status: Status| {
            counts
                .get(&(label.to_string(), status.as_str()))
                .copied()
                .unwrap_or(0)
        };
        println!(
            "{:<10} {:>9} {:>9} {:>9}",
            label.as_str(),
            n(Status::Suggested),
            n(Status::Confirmed),
            n(Status::Rejected)
        );
    }
    batch.exit_code()
}

pub(super) fn eval_command(golds: &[PathBuf], config: &DetectConfig, json: bool) -> u8 {
    let mut batch = Batch::default();
    let mut reports = Vec::with_capacity(golds.len());
    for gold in golds {
        let docs = if gold.is_dir() {
            let (docs, errors) = crate::eval::read_gold_folder(gold);
            for e in errors {
                eprintln!("{e}");
                batch.failed += 1;
            }
            docs
        } else {
            match crate::eval::read_gold_jsonl(gold) {
                Ok(docs) => docs,
                Err(e) => {
                    eprintln!("{e}");
                    return EXIT_USAGE;
                }
            }
        };
        if docs.is_empty() {
            eprintln!("{}: no gold documents found", gold.display());
            return EXIT_USAGE;
        }
        reports.push((gold, crate::eval::evaluate(&docs, config)));
    }
    if json {
        let out = match reports.as_slice() {
            [(_, report)] => serde_json::to_string_pretty(report),
            _ => serde_json::to_string_pretty(
                &reports
                    .iter()
                    .map(|(gold, report)| {
                        serde_json::json!({ "gold": gold.to_string_lossy(), "report": report })
                    })
                    .collect::<Vec<_>>(),
            ),
        };
        match out {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("copydesk: {e}");
                return EXIT_USAGE;
            }
        }
    } else if let [(_, report)] = reports.as_slice() {
        print!("{}", report.to_table());
    } else {
        for (gold, report) in &reports {
            println!("== {}", gold.display());
            print!("{}", report.to_table());
            println!();
        }
        print!("{}", side_by_side(&reports));
    }
    batch.exit_code()
}

/// The headline figures of several gold sets, one column each.
fn side_by_side(reports: &[(&PathBuf, crate::eval::Report)]) -> String {
    let name = |gold: &PathBuf| {
        gold.file_stem().map_or_else(
            || gold.display().to_string(),
            |s| s.to_string_lossy().into_owned(),
        )
    };
    let mut out = format!("{:<22}", "measure");
    for (gold, _) in reports {
        out.push_str(&format!(" {:>20}", name(gold)));
    }
    out.push('\n');
    let labels: BTreeSet<&String> = reports.iter().flat_map(|(_, r)| r.labels.keys()).collect();
    let cell = |c: Option<&crate::eval::Counts>| match c {
        Some(c) => format!("{:.3} ({:.2}/{:.2})", c.f1(), c.precision(), c.recall()),
        None => "—".to_owned(),
    };
    for label in labels {
        out.push_str(&format!("{:<22}", format!("{label} F1 (P/R)")));
        for (_, report) in reports {
            out.push_str(&format!(" {:>20}", cell(report.labels.get(label))));
        }
        out.push('\n');
    }
    out.push_str(&format!("{:<22}", "speaker accuracy"));
    for (_, report) in reports {
        let accuracy = match report.speakers_scored {
            0 => "—".to_owned(),
            n => format!(
                "{:.3} ({}/{n})",
                report.speaker_accuracy(),
                report.speakers_correct
            ),
        };
        out.push_str(&format!(" {accuracy:>20}"));
    }
    out.push('\n');
    out
}

pub(super) fn agree_command(dir_a: &Path, dir_b: &Path, per_article: bool) -> u8 {
    let mut batch = Batch::default();
    let Some(articles) = super::articles_with_ids(&[dir_a.to_owned()], true, &mut batch) else {
        return EXIT_USAGE;
    };
    let mut total = crate::agree::Agreement::default();
    let mut compared = 0usize;
    for (path_a, id) in articles {
        if !store::annotation_path(&path_a).exists() {
            continue;
        }
        let path_b = dir_b.join(&id);
        if !store::annotation_path(&path_b).exists() {
            batch.fail(
                &path_b,
                "no annotation file for this article in the second folder",
            );
            continue;
        }
        let open = |p: &Path| store::open_article(p, &LabelSet::default());
        let (a, b) = match (open(&path_a), open(&path_b)) {
            (Ok(a), Ok(b)) => (a.article, b.article),
            (Err(e), _) => {
                batch.fail_error(&path_a, e.into());
                continue;
            }
            (_, Err(e)) => {
                batch.fail_error(&path_b, e.into());
                continue;
            }
        };
        match crate::agree::agree(&a, &b) {
            Ok(agreement) => {
                if per_article {
                    println!("== {id}");
                    print!("{}", agreement.to_table());
                }
                total.merge(&agreement);
                compared += 1;
            }
            Err(e) => batch.fail(&path_b, e),
        }
    }
    if compared == 0 {
        eprintln!("copydesk: no article is annotated in both folders");
        return EXIT_USAGE;
    }
    println!("== all {compared} article(s)");
    print!("{}", total.to_table());
    batch.exit_code()
}
