//! The labelled sets as a regression test: every figure must stay at or
//! above its floor. The tuning split (`devset.jsonl`) holds the floors the
//! detector issue set on its first twelve articles, and the figures of the
//! whole split when its second twelve were added; the blind test split
//! (`unseen.jsonl`, written from the guideline and real outlets'
//! conventions without reading the detector, in layouts the tuning split
//! lacks) holds its figures, so that tuning can only raise them. Only these
//! aggregate figures of the test split are ever printed.

use copydesk::detect::DetectConfig;
use copydesk::eval::{GoldDoc, evaluate, read_gold_jsonl};
use std::path::Path;

/// Floors, in the order caption F1, quote F1, strict quote F1, speaker
/// accuracy, claim F1.
type Floors = [f64; 5];

fn read(file: &str) -> Vec<GoldDoc> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(file);
    read_gold_jsonl(&path).expect("the labelled set is readable")
}

fn assert_above(what: &str, docs: &[GoldDoc], min_articles: usize, floors: Floors) {
    assert!(
        docs.len() >= min_articles,
        "{what} has {} articles",
        docs.len()
    );
    let report = evaluate(docs, &DetectConfig::default());
    let f1 = |label: &str| report.labels.get(label).map_or(0.0, |c| c.f1());
    let scores = [
        ("caption F1", f1("Caption")),
        ("quote F1", f1("Quote")),
        ("quote F1 (strict)", report.quote_strict.f1()),
        ("speaker accuracy", report.speaker_accuracy()),
        ("claim F1", f1("Claim")),
    ];
    let below: Vec<String> = scores
        .iter()
        .zip(floors)
        .filter(|((_, score), floor)| score < floor)
        .map(|((name, score), floor)| format!("{what}: {name} {score:.3} < {floor}"))
        .collect();
    assert!(
        below.is_empty(),
        "{}\n{}",
        below.join("\n"),
        report.to_table()
    );
}

/// The articles of `docs` numbered up to `last` (ids open with the number).
fn up_to(docs: &[GoldDoc], last: u32) -> Vec<GoldDoc> {
    docs.iter()
        .filter(|d| {
            d.id.get(..2)
                .and_then(|n| n.parse::<u32>().ok())
                .is_some_and(|n| n <= last)
        })
        .cloned()
        .collect()
}

#[test]
fn tuning_split_scores_stay_above_their_floors() {
    let docs = read("devset.jsonl");
    assert_above(
        "the first twelve",
        &up_to(&docs, 12),
        12,
        [0.97, 0.97, 0.95, 0.90, 0.85],
    );
    // Measured on 2026-12-07 (36 articles): caption 0.980, quote 0.984
    // (strict 0.984), speaker 0.892, claim 0.897. Articles added later
    // leave these articles' floors where they were.
    assert_above(
        "the first thirty-six",
        &up_to(&docs, 36),
        36,
        [0.97, 0.975, 0.975, 0.88, 0.89],
    );
    // Measured on 2026-12-07 (56 articles): caption 0.973, quote 0.983
    // (strict 0.983), speaker 0.875, claim 0.889.
    assert_above(
        "the first fifty-six",
        &docs[..56],
        56,
        [0.97, 0.98, 0.98, 0.87, 0.88],
    );
    // Measured on 2026-12-08 (74 articles): caption 0.970, quote 0.979,
    // speaker 0.859, claim 0.884 (2026-12-07: 0.962, 0.978, 0.859, 0.876).
    // Articles 57–74 before tuning on them: caption 0.801, quote 0.964,
    // speaker 0.818, claim 0.824.
    assert_above(
        "the tuning split",
        &docs,
        74,
        [0.96, 0.97, 0.97, 0.85, 0.88],
    );
}

#[test]
fn test_split_scores_stay_above_their_floors() {
    // Measured on 2026-12-08, fifth session: caption 0.912 (P 0.97),
    // quote 0.978, speaker 0.964, claim 0.853 (P 0.80: this session's
    // claim rules, chosen on the tuning split, lowered it from 0.860).
    // 2026-12-07, fourth session: caption 0.881 (P 0.97),
    // quote 0.978, speaker 0.964, claim 0.860 (P 0.80). Third session: caption 0.840, quote 0.978
    // (strict 0.978), speaker 0.964, claim 0.853 (P 0.80). Second session:
    // caption 0.832, quote 0.978
    // (strict 0.978), speaker 0.964, claim 0.840. First session: caption
    // 0.824, quote 0.960, speaker 0.926, claim 0.829. When the split was added the same day,
    // before any tuning: caption 0.579, quote 0.966, speaker 0.928, claim
    // 0.781.
    assert_above(
        "the test split",
        &read("unseen.jsonl"),
        16,
        [0.90, 0.97, 0.97, 0.95, 0.85],
    );
}
