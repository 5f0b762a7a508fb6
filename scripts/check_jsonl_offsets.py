#!/usr/bin/env python3
"""Runs `copydesk detect --format jsonl` and checks, the way a Python
consumer would, that every span's code point offsets slice the text to
exactly the span's text. Usage: check_jsonl_offsets.py BINARY ARTICLE..."""
import json
import subprocess
import sys


def main() -> int:
    binary, articles = sys.argv[1], sys.argv[2:]
    out = subprocess.run(
        [binary, "detect", "--format", "jsonl", *articles],
        check=True, capture_output=True, text=True,
    ).stdout
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == len(articles), (len(records), len(articles))
    spans = 0
    for record in records:
        text = record["text"]
        for span in record["spans"]:
            assert text[span["start"]:span["end"]] == span["text"], (record["source"], span)
            speaker = span["speaker"]
            if speaker and speaker["start"] is not None:
                assert text[speaker["start"]:speaker["end"]].strip(), (record["source"], span)
            spans += 1
    print(f"{len(records)} records, {spans} spans: every offset slices to its text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
