//! Label Studio JSON tasks, code point offsets (what current Label Studio
//! stores), each region with its `value.text`.
//!
//! Confirmed spans are the task's annotation, suggested spans its
//! prediction. Quotes link to their speaker mention with a `said_by`
//! relation, and carry the resolved speaker name in a per-region text area
//! named `speaker`. The labelling configuration that matches is in
//! [`labeling_config`].

use super::{ExportDoc, ExportSpan, ImportedDoc, ImportedSpan, SAID_BY};
use crate::model::{ByteRange, CharOffset, Origin, Status, TextIndex, Utf16Offset};
use serde_json::{Value, json};

/// The Label Studio labelling configuration for `labels`.
pub fn labeling_config<'a>(labels: impl IntoIterator<Item = (&'a str, String)>) -> String {
    let mut xml = String::from("<View>\n  <Labels name=\"label\" toName=\"text\">\n");
    for (name, color) in labels {
        xml.push_str(&format!(
            "    <Label value=\"{name}\" background=\"{color}\"/>\n"
        ));
    }
    xml.push_str(
        "  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n  <Relations>\n    <Relation value=\"said_by\"/>\n  </Relations>\n  <TextArea name=\"speaker\" toName=\"text\" perRegion=\"true\" editable=\"true\"/>\n</View>\n",
    );
    xml
}

fn region_id(span: &ExportSpan) -> String {
    format!("s{}", span.id.0)
}

/// The regions of the spans of `status`, and the links between them.
fn results(doc: &ExportDoc, status: Status) -> Vec<Value> {
    let mut out = Vec::new();
    for span in doc.spans().iter().filter(|s| s.status == status) {
        let mut region = json!({
            "id": region_id(span),
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {
                "start": span.start,
                "end": span.end,
                "text": span.text,
                "labels": [span.label],
            },
        });
        if let Some(origin) = &span.origin {
            region["score"] = json!(origin.confidence);
        }
        out.push(region);
        if let Some(name) = &span.speaker_name {
            out.push(json!({
                "id": region_id(span),
                "from_name": "speaker",
                "to_name": "text",
                "type": "textarea",
                "value": {"start": span.start, "end": span.end, "text": [name]},
            }));
        }
    }
    for (quote, mention) in doc.speaker_links() {
        if quote.status == status && mention.status == status {
            out.push(json!({
                "type": "relation",
                "from_id": region_id(quote),
                "to_id": region_id(mention),
                "direction": "right",
                "labels": [SAID_BY],
            }));
        }
    }
    out
}

/// One task for an article.
pub fn task(doc: &ExportDoc) -> Value {
    let has = |status| doc.spans().iter().any(|s| s.status == status);
    let mut task = json!({
        "data": {"text": doc.text, "article_id": doc.id, "source": doc.source},
        "annotations": [],
        "predictions": [],
    });
    if has(Status::Confirmed) {
        task["annotations"] = json!([{"result": results(doc, Status::Confirmed)}]);
    }
    if has(Status::Suggested) {
        task["predictions"] =
            json!([{"model_version": "copydesk", "result": results(doc, Status::Suggested)}]);
    }
    task
}

/// Reads one task. Regions whose offsets hold their `value.text` in code
/// points are taken as they are; where they do so only in UTF-16 units (as
/// older tools wrote them) they are converted; regions that match neither
/// are skipped and reported.
pub fn import_task(task: &Value) -> Result<ImportedDoc, String> {
    let data = task.get("data").ok_or("task has no \"data\"")?;
    let text = data
        .get("text")
        .and_then(Value::as_str)
        .ok_or("task data has no \"text\" string")?
        .to_owned();
    let id = data
        .get("article_id")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| task.get("id").map(|v| v.to_string()))
        .unwrap_or_default();
    let index = TextIndex::new(&text);
    let mut doc = ImportedDoc {
        id,
        ..ImportedDoc::default()
    };
    let first_result = |key: &str| {
        task.get(key)
            .and_then(Value::as_array)
            .and_then(|list| {
                list.iter().find(|a| {
                    !a.get("was_cancelled")
                        .and_then(Value::as_bool)
                        .unwrap_or(false)
                })
            })
            .and_then(|a| a.get("result"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    for (key, status) in [
        ("annotations", Status::Confirmed),
        ("predictions", Status::Suggested),
    ] {
        let result = first_result(key);
        read_results(&result, status, &index, &mut doc);
    }
    doc.text = text;
    Ok(doc)
}

fn read_results(result: &[Value], status: Status, index: &TextIndex, doc: &mut ImportedDoc) {
    let mut names: Vec<(String, String)> = Vec::new();
    let mut links: Vec<(String, String)> = Vec::new();
    for region in result {
        let kind = region.get("type").and_then(Value::as_str).unwrap_or("");
        let rid = region
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let value = region.get("value");
        match kind {
            "labels" => {
                let Some(value) = value else { continue };
                let label = value
                    .get("labels")
                    .and_then(|l| l.get(0))
                    .and_then(Value::as_str);
                let Some(label) = label else {
                    doc.warnings.push(format!("region {rid:?}: no label"));
                    continue;
                };
                let offset = |k: &str| value.get(k).and_then(Value::as_u64).map(|n| n as usize);
                let (Some(start), Some(end)) = (offset("start"), offset("end")) else {
                    let shown = |k: &str| value.get(k).map_or("none".to_owned(), Value::to_string);
                    doc.warnings.push(format!(
                        "region {rid:?} ({label} {}..{}): offsets must be whole numbers from 0",
                        shown("start"),
                        shown("end")
                    ));
                    continue;
                };
                let expected = value.get("text").and_then(Value::as_str);
                let Some(range) = locate(index, start, end, expected) else {
                    doc.warnings.push(format!(
                        "region {rid:?} ({label} {start}..{end}): its offsets hold {:?} in neither code points nor UTF-16 units",
                        expected.unwrap_or("")
                    ));
                    continue;
                };
                doc.spans.push(ImportedSpan {
                    key: Some(rid),
                    label: label.to_owned(),
                    range,
                    status,
                    origin: region
                        .get("score")
                        .and_then(Value::as_f64)
                        .map(|score| Origin {
                            rule: "label-studio.prediction".into(),
                            confidence: score as f32,
                            reason: "prediction imported from Label Studio".to_owned(),
                        }),
                    speaker_name: None,
                    speaker_key: None,
                    note: None,
                });
            }
            "textarea" if region.get("from_name").and_then(Value::as_str) == Some("speaker") => {
                if let Some(name) = value
                    .and_then(|v| v.get("text"))
                    .and_then(|t| t.get(0))
                    .and_then(Value::as_str)
                {
                    names.push((rid, name.to_owned()));
                }
            }
            "relation" => {
                let has_label = region
                    .get("labels")
                    .and_then(Value::as_array)
                    .is_some_and(|l| l.iter().any(|x| x.as_str() == Some(SAID_BY)));
                let from = region.get("from_id").and_then(Value::as_str);
                let to = region.get("to_id").and_then(Value::as_str);
                if let (true, Some(from), Some(to)) = (has_label, from, to) {
                    links.push((from.to_owned(), to.to_owned()));
                }
            }
            _ => {}
        }
    }
    for (rid, name) in names {
        if let Some(span) = doc
            .spans
            .iter_mut()
            .find(|s| s.key.as_deref() == Some(&rid))
        {
            span.speaker_name = Some(name);
        }
    }
    for (from, to) in links {
        if let Err(e) = super::link_speaker(&mut doc.spans, &from, &to) {
            doc.warnings.push(e);
        }
    }
}

/// The byte range of `start..end`, read as code points or else as UTF-16
/// units, whichever holds `expected` (code points when there is no text).
fn locate(
    index: &TextIndex,
    start: usize,
    end: usize,
    expected: Option<&str>,
) -> Option<ByteRange> {
    let text = index.text();
    let as_chars = index
        .from_char(CharOffset(start))
        .zip(index.from_char(CharOffset(end)))
        .map(|(start, end)| ByteRange { start, end })
        .filter(|r| r.is_valid_in(text));
    let Some(expected) = expected else {
        return as_chars;
    };
    let holds = |r: &ByteRange| r.slice(text) == Some(expected);
    as_chars.filter(holds).or_else(|| {
        index
            .from_utf16(Utf16Offset(start))
            .zip(index.from_utf16(Utf16Offset(end)))
            .map(|(start, end)| ByteRange { start, end })
            .filter(|r| r.is_valid_in(text) && holds(r))
    })
}
