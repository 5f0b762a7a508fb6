//! The dev set as a regression test: every figure must stay at or above the
//! floor the detector issue sets. A change to the rules that drops a score
//! below its floor fails here, with the whole report printed.

use copydesk::detect::DetectConfig;
use copydesk::eval::{evaluate, read_gold_jsonl};
use std::path::Path;

/// `(what, score, floor)` of every measured figure.
fn figures() -> (String, Vec<(&'static str, f64, f64)>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/devset.jsonl");
    let docs = read_gold_jsonl(&path).expect("the dev set is readable");
    assert!(docs.len() >= 12, "the dev set has {} articles", docs.len());
    let report = evaluate(&docs, &DetectConfig::default());
    let f1 = |label: &str| report.labels.get(label).map_or(0.0, |c| c.f1());
    let figures = vec![
        ("caption F1", f1("Caption"), 0.97),
        ("quote F1", f1("Quote"), 0.97),
        ("quote F1 (strict)", report.quote_strict.f1(), 0.95),
        ("speaker accuracy", report.speaker_accuracy(), 0.90),
        ("claim F1", f1("Claim"), 0.85),
    ];
    (report.to_table(), figures)
}

#[test]
fn devset_scores_stay_above_their_floors() {
    let (table, figures) = figures();
    let below: Vec<String> = figures
        .iter()
        .filter(|(_, score, floor)| score < floor)
        .map(|(what, score, floor)| format!("{what} {score:.3} < {floor}"))
        .collect();
    assert!(below.is_empty(), "{}\n{table}", below.join("\n"));
}
