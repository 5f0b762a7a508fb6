#!/usr/bin/env python3
"""Checks copydesk's exports the way their consumers read them (stdlib only).

Usage: verify_exports.py DIR, where DIR holds copydesk.jsonl (the reference,
code points, with each span's text), doccano.jsonl, prodigy.jsonl,
label-studio.json and brat/. Every span of every format must slice the
exported text, by Python code points, to exactly the reference span's text.
"""
import json
import pathlib
import sys


def jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main() -> int:
    out = pathlib.Path(sys.argv[1])
    reference = {r["id"]: r for r in jsonl(out / "copydesk.jsonl")}
    expected = {
        rid: sorted((s["label"], s["start"], s["end"], s["text"]) for s in r["spans"])
        for rid, r in reference.items()
    }
    checked = 0

    def compare(fmt, rid, text, spans):
        nonlocal checked
        assert text == reference[rid]["text"], (fmt, rid, "text differs")
        got = sorted((label, s, e, text[s:e]) for label, s, e in spans)
        assert got == expected[rid], (fmt, rid, got[:3], expected[rid][:3])
        checked += len(got)

    for r in reference.values():
        for s in r["spans"]:
            assert r["text"][s["start"]:s["end"]] == s["text"], ("copydesk", r["id"], s)

    for r in jsonl(out / "doccano.jsonl"):
        spans = [(e["label"], e["start_offset"], e["end_offset"]) for e in r["entities"]]
        ids = {e["id"] for e in r["entities"]}
        assert all(rel["from_id"] in ids and rel["to_id"] in ids for rel in r["relations"])
        compare("doccano", r["article_id"], r["text"], spans)

    for r in jsonl(out / "prodigy.jsonl"):
        text, tokens = r["text"], r["tokens"]
        assert "".join(t["text"] + (" " if t["ws"] else "") for t in tokens) == text
        for t in tokens:
            assert text[t["start"]:t["end"]] == t["text"], ("prodigy token", t)
        for s in r["spans"]:
            assert tokens[s["token_start"]]["start"] == s["start"]
            assert tokens[s["token_end"]]["end"] == s["end"]
        compare("prodigy", r["meta"]["article_id"], text, [(s["label"], s["start"], s["end"]) for s in r["spans"]])

    with open(out / "label-studio.json", encoding="utf-8") as f:
        tasks = json.load(f)
    for task in tasks:
        text = task["data"]["text"]
        spans = []
        for group in task["annotations"] + task["predictions"]:
            for region in group["result"]:
                if region["type"] == "labels":
                    v = region["value"]
                    assert text[v["start"]:v["end"]] == v["text"], ("label-studio", v)
                    spans.append((v["labels"][0], v["start"], v["end"]))
        compare("label-studio", task["data"]["article_id"], text, spans)

    for ann in sorted((out / "brat").rglob("*.ann")):
        with open(ann.with_suffix(".txt"), encoding="utf-8", newline="") as f:
            text = f.read()
        rid = str(ann.relative_to(out / "brat").with_suffix(""))
        rid = rid if rid in reference else rid + ".txt"
        spans = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            if line.startswith("T"):
                _, spec, covered = line.split("\t")
                label, offsets = spec.split(" ", 1)
                fragments = [tuple(map(int, f.split())) for f in offsets.split(";")]
                assert " ".join(text[s:e] for s, e in fragments) == covered, ("brat", ann, line)
                spans.append((label, fragments[0][0], fragments[-1][1]))
        compare("brat", rid, text, spans)

    print(f"exports verified: {len(reference)} articles, {checked} spans in doccano, Prodigy, Label Studio and brat")
    return 0


if __name__ == "__main__":
    sys.exit(main())
