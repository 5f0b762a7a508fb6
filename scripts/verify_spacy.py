#!/usr/bin/env python3
"""Loads copydesk's Prodigy/spaCy export into spaCy (blank English pipeline,
no model download): every span must be found by Doc.char_span with
alignment_mode="strict", and a DocBin of the docs must round-trip.
Usage: verify_spacy.py prodigy.jsonl"""
import json
import sys

import spacy
from spacy.tokens import Doc, DocBin


def main() -> int:
    nlp = spacy.blank("en")
    docs, spans = [], 0
    with open(sys.argv[1], encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    for r in records:
        words = [t["text"] for t in r["tokens"]]
        spaces = [t["ws"] for t in r["tokens"]]
        doc = Doc(nlp.vocab, words=words, spaces=spaces)
        assert doc.text == r["text"], r["meta"]
        ents = []
        for s in r["spans"]:
            span = doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict")
            assert span is not None, (r["meta"], s)
            assert span.text == r["text"][s["start"]:s["end"]]
            ents.append(span)
            spans += 1
        doc.spans["copydesk"] = ents
        docs.append(doc)
    restored = list(DocBin(docs=docs, store_user_data=True).from_bytes(
        DocBin(docs=docs, store_user_data=True).to_bytes()).get_docs(nlp.vocab))
    for a, b in zip(docs, restored):
        assert a.text == b.text
        assert [(s.start_char, s.end_char, s.label_) for s in a.spans["copydesk"]] == \
               [(s.start_char, s.end_char, s.label_) for s in b.spans["copydesk"]]
    print(f"spaCy {spacy.__version__}: {len(docs)} docs, {spans} spans load strictly; DocBin round-trips")
    return 0


if __name__ == "__main__":
    sys.exit(main())
