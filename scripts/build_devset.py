#!/usr/bin/env python3
"""Build the copydesk gold development set from hand-labelled markup.

Input:  tests/fixtures/devset/NN-slug.md   (one article per file)
Output: tests/fixtures/devset/NN-slug.txt  (plain article text)
        tests/fixtures/devset.jsonl        (one JSON object per article)
        assets/samples/<name>.txt          (copies of selected articles)

The labels follow the project guideline (LABELS.md): Caption, Quote, Claim.

Markup
------
The .md file is the article text with labels written inline. Removing the
markers (and nothing else) gives the article text exactly, byte for byte;
there is no header, front matter or comment syntax.

    [[C|text]]            Caption  (must be one whole line, trimmed)
    [[Q|speaker|text]]    Quote    (speaker may be empty: [[Q||text]])
    [[K|text]]            Claim    (one sentence; may contain Quotes)

Delimiters: a span opens with the four characters "[[", a label letter
(C, Q or K) and "|". A Quote's speaker runs up to the next "|" and may not
contain "|", "[", "]" or a newline. A span closes with "]]". The article text
itself must never contain "[[" or "]]" (the builder rejects it), so these
delimiters are unambiguous; single "[", "]" and "|" are ordinary text.

Nesting: only a Quote inside a Claim ([[K|... [[Q|Name|“...”]] ...]]).
Anything else nested is an error.

Checks (the build fails loudly, exit status 1, on any of these):
  * unbalanced or malformed markers, or "[[" / "]]" left in the text;
  * a span that is empty, starts or ends on whitespace (incl. U+00A0);
  * a Caption that is not exactly one whole line with surrounding whitespace
    trimmed, or any other span overlapping a Caption line;
  * a Quote that does not start with an opening quotation mark or does not
    end with a closing quotation mark. The one exception is the guideline's
    multi-paragraph quotation: a Quote may end without a closing mark if it
    ends its line and the next non-blank line starts with a Quote by the same
    speaker (that paragraph re-opens the quotation);
  * a Quote or Claim that crosses a line break;
  * a Claim that does not end with sentence punctuation (optionally followed
    by closing quotation marks or a bracket), or starts with a lowercase letter;
  * overlapping spans other than a Quote fully inside a Claim;
  * CR characters, a BOM, or a file that is not valid UTF-8.

Output is deterministic: files processed in sorted order, spans sorted by
(start, end, label), json.dumps(..., ensure_ascii=False), "\n" line endings.

CRLF: the checker refuses CR in the markup, so the articles listed in
CRLF_ARTICLES are converted to CRLF line endings on output (the .txt and the
JSONL text, with offsets moved to match). Real scraped pages arrive that way
and the detector must score the same on them.

Splits: `--split devset` (default) builds the tuning part from
tests/fixtures/devset/; `--split unseen` builds the blind test part from
tests/fixtures/unseen/ into tests/fixtures/unseen.jsonl (its README.md is
not an article). Nobody tuning the detector reads the unseen articles.

Usage:  python3 scripts/build_devset.py [--split devset|unseen] [--lint] [--stats]
  --lint   also print review hints (unlabelled quotation marks, unlabelled
           sentences with digits) — informational only, never fails.
  --stats  print per-article and total span counts.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLES_DIR = ROOT / "assets" / "samples"
SPLITS = ("devset", "unseen")

# Articles written out with CRLF line endings, per split.
CRLF_ARTICLES = {
    "devset": {"05-opinion-column", "17-irish-national-paper"},
    "unseen": {"07-us-cable-network-video", "13-local-radio-station"},
}

# Generated article id -> sample file name under assets/samples/.
SAMPLES = {
    "01-broadcaster-tech": "broadcaster-tech-page.txt",
    "02-wire-story": "wire-story.txt",
    "04-british-image-captions": "british-image-captions.txt",
    "06-local-news-ads": "local-news-with-ads.txt",
}

LABELS = {"C": "Caption", "Q": "Quote", "K": "Claim"}
OPEN_MARKS = set('"“‘«„‹\'')
CLOSE_MARKS = set('"”’»“›\'')
CLAIM_END = re.compile(r"[.!?…][”’\"»“')\]]*\Z")


class DevsetError(Exception):
    pass


def parse(markup: str, name: str):
    """Return (text, spans) where spans are dicts with label/start/end/speaker."""
    out: list[str] = []
    pos = 0  # length of out, in code points
    stack: list[dict] = []
    spans: list[dict] = []
    i = 0
    n = len(markup)
    line = 1

    def fail(msg: str):
        raise DevsetError(f"{name}:{line}: {msg}")

    while i < n:
        if markup.startswith("[[", i):
            if i + 3 >= n or markup[i + 2] not in LABELS or markup[i + 3] != "|":
                fail(f"'[[' not followed by a label and '|': {markup[i:i + 20]!r}")
            label = LABELS[markup[i + 2]]
            i += 4
            speaker = None
            if label == "Quote":
                j = markup.find("|", i)
                if j < 0:
                    fail("Quote marker without speaker separator '|'")
                speaker = markup[i:j]
                if any(c in speaker for c in "[]\n"):
                    fail(f"bad speaker field {speaker!r}")
                if speaker != speaker.strip():
                    fail(f"speaker has surrounding whitespace: {speaker!r}")
                i = j + 1
            parent = stack[-1]["label"] if stack else None
            if parent is not None and not (parent == "Claim" and label == "Quote"):
                fail(f"{label} nested inside {parent} (only Quote inside Claim allowed)")
            stack.append({"label": label, "start": pos, "speaker": speaker, "line": line})
            continue
        if markup.startswith("]]", i):
            if not stack:
                fail("']]' without an open span")
            frame = stack.pop()
            span = {"label": frame["label"], "start": frame["start"], "end": pos}
            if frame["label"] == "Quote":
                span["speaker"] = frame["speaker"]
            span["_line"] = frame["line"]
            spans.append(span)
            i += 2
            continue
        ch = markup[i]
        if ch == "\n":
            line += 1
        out.append(ch)
        pos += 1
        i += 1
    if stack:
        line = stack[-1]["line"]
        fail(f"unclosed {stack[-1]['label']} span")
    return "".join(out), spans


def line_bounds(text: str, idx: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, idx) + 1
    e = text.find("\n", idx)
    if e < 0:
        e = len(text)
    return s, e


def validate(text: str, spans: list[dict], name: str) -> None:
    errors: list[str] = []

    def err(span, msg):
        snippet = text[span["start"]:span["end"]][:60]
        errors.append(f"{name}:{span['_line']}: {span['label']} {msg}: {snippet!r}")

    if "\r" in text:
        errors.append(f"{name}: text contains CR characters")
    if text.startswith("\ufeff"):
        errors.append(f"{name}: text starts with a BOM")
    if "[[" in text or "]]" in text:
        errors.append(f"{name}: text contains '[[' or ']]' after stripping markup")

    quote_starts = {s["start"]: s for s in spans if s["label"] == "Quote"}

    for sp in spans:
        a, b = sp["start"], sp["end"]
        seg = text[a:b]
        if a >= b:
            err(sp, "is empty")
            continue
        if seg[0].isspace() or seg[-1].isspace():
            err(sp, "starts or ends on whitespace")
        if sp["label"] == "Caption":
            ls, le = line_bounds(text, a)
            if b > le:
                err(sp, "crosses a line break")
            elif text[ls:le].strip() != seg or text[ls:a].strip() or text[b:le].strip():
                err(sp, "is not exactly one whole trimmed line")
        else:
            if "\n" in seg:
                err(sp, "crosses a line break")
        if sp["label"] == "Quote":
            if seg[0] not in OPEN_MARKS:
                err(sp, "does not start with an opening quotation mark")
            if seg[-1] not in CLOSE_MARKS:
                # Multi-paragraph exception: ends its line, next non-blank
                # line opens with a Quote by the same speaker.
                ls, le = line_bounds(text, a)
                ok = False
                if not text[b:le].strip():
                    k = le
                    while k < len(text) and text[k].isspace():
                        k += 1
                    nxt = quote_starts.get(k)
                    ok = nxt is not None and nxt["speaker"] == sp["speaker"]
                if not ok:
                    err(sp, "does not end with a closing quotation mark "
                            "(and is not a non-final paragraph of a multi-paragraph quote)")
        if sp["label"] == "Claim":
            if not CLAIM_END.search(seg):
                err(sp, "does not end with sentence punctuation")
            if seg[0].islower():
                err(sp, "starts with a lowercase letter")

    # Overlaps: only Quote fully inside Claim; nothing touches a Caption line.
    ordered = sorted(spans, key=lambda s: (s["start"], -s["end"]))
    for x_i, x in enumerate(ordered):
        for y in ordered[x_i + 1:]:
            if y["start"] >= x["end"]:
                break
            nested = (x["label"] == "Claim" and y["label"] == "Quote"
                      and y["end"] <= x["end"])
            if not nested:
                err(y, f"overlaps {x['label']} at {x['start']}-{x['end']}")
    for c in (s for s in spans if s["label"] == "Caption"):
        ls, le = line_bounds(text, c["start"])
        for o in spans:
            if o is not c and o["start"] < le and o["end"] > ls:
                err(o, "lies on a Caption line")

    if errors:
        raise DevsetError("\n".join(errors))


def lint(text: str, spans: list[dict], name: str) -> list[str]:
    """Review hints for the annotator; never fatal."""
    hints = []
    covered = [False] * len(text)
    quoted = [False] * len(text)
    for sp in spans:
        for k in range(sp["start"], sp["end"]):
            if sp["label"] in ("Caption", "Claim"):
                covered[k] = True
            if sp["label"] in ("Caption", "Quote"):
                quoted[k] = True
    for m in re.finditer(r"[\"“”«»„]|(?<!\w)‘", text):
        if not quoted[m.start()]:
            ls, le = line_bounds(text, m.start())
            hints.append(f"{name}: unlabelled mark {m.group()!r} in: "
                         f"{text[max(ls, m.start() - 40):m.start() + 40]!r}")
    # Rough sentence scan: unlabelled sentences containing a digit.
    for ls_m in re.finditer(r"[^\n]+", text):
        ls = ls_m.start()
        for sm in re.finditer(r"[^.!?]*\d[^.!?]*[.!?]", ls_m.group()):
            k = ls + sm.start() + (len(sm.group()) - len(sm.group().lstrip()))
            if k < len(text) and not covered[k] and not any(covered[ls:ls_m.end()][sm.start():sm.end()]):
                hints.append(f"{name}: unlabelled sentence with digit: {sm.group().strip()[:90]!r}")
    return hints


def to_crlf(text: str, spans: list[dict]) -> str:
    """Rewrite `text` with CRLF line endings and move `spans` to match."""
    newlines_before = [0] * (len(text) + 1)
    for k, ch in enumerate(text):
        newlines_before[k + 1] = newlines_before[k] + (ch == "\n")
    for s in spans:
        s["start"] += newlines_before[s["start"]]
        s["end"] += newlines_before[s["end"]]
    return text.replace("\n", "\r\n")


def build(argv: list[str]) -> int:
    do_lint = "--lint" in argv
    do_stats = "--stats" in argv
    split = "devset"
    if "--split" in argv:
        k = argv.index("--split")
        split = argv[k + 1] if k + 1 < len(argv) else ""
        if split not in SPLITS:
            raise DevsetError(f"--split takes one of {', '.join(SPLITS)}")
    devset_dir = FIXTURES / split
    jsonl_path = FIXTURES / f"{split}.jsonl"
    samples = SAMPLES if split == "devset" else {}
    md_files = sorted(p for p in devset_dir.glob("*.md") if p.name != "README.md")
    if not md_files:
        raise DevsetError(f"no .md files in {devset_dir}")
    unknown_crlf = CRLF_ARTICLES[split] - {p.stem for p in md_files}
    if unknown_crlf:
        raise DevsetError(f"CRLF_ARTICLES names missing articles: {sorted(unknown_crlf)}")
    records = []
    totals = {"Caption": 0, "Quote": 0, "Claim": 0}
    problems: list[str] = []
    for path in md_files:
        name = path.name
        raw = path.read_bytes()
        if raw.startswith(b"\xef\xbb\xbf"):
            problems.append(f"{name}: file starts with a BOM")
            continue
        try:
            markup = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(f"{name}: not UTF-8: {e}")
            continue
        if "\r" in markup:
            problems.append(f"{name}: contains CR characters (use \\n line endings)")
            continue
        try:
            text, spans = parse(markup, name)
            validate(text, spans, name)
        except DevsetError as e:
            problems.append(str(e))
            continue
        spans.sort(key=lambda s: (s["start"], s["end"], s["label"]))
        out_spans = []
        counts = {"Caption": 0, "Quote": 0, "Claim": 0}
        for s in spans:
            o = {"label": s["label"], "start": s["start"], "end": s["end"]}
            if s["label"] == "Quote":
                o["speaker"] = s["speaker"]
            out_spans.append(o)
            counts[s["label"]] += 1
            totals[s["label"]] += 1
        art_id = path.stem
        if do_stats:
            words = len(text.split())
            print(f"{art_id:34s} words={words:4d} Caption={counts['Caption']:3d} "
                  f"Quote={counts['Quote']:3d} Claim={counts['Claim']:3d} "
                  f"total={sum(counts.values()):3d}")
        if do_lint:
            for h in lint(text, spans, name):
                print("LINT", h)
        if art_id in CRLF_ARTICLES[split]:
            text = to_crlf(text, out_spans)
        records.append((art_id, text, out_spans))
    if problems:
        print("build_devset: FAILED", file=sys.stderr)
        for p in problems:
            print(p, file=sys.stderr)
        return 1

    missing = set(samples) - {r[0] for r in records}
    if missing:
        print(f"build_devset: FAILED: sample sources missing: {sorted(missing)}",
              file=sys.stderr)
        return 1

    lines = []
    for art_id, text, out_spans in records:
        (devset_dir / f"{art_id}.txt").write_bytes(text.encode("utf-8"))
        lines.append(json.dumps({"id": art_id, "text": text, "spans": out_spans},
                                ensure_ascii=False))
    jsonl_path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))

    SAMPLES_DIR.mkdir(parents=True, exist_ok=True)
    by_id = {r[0]: r[1] for r in records}
    for art_id, sample_name in sorted(samples.items()):
        (SAMPLES_DIR / sample_name).write_bytes(by_id[art_id].encode("utf-8"))

    total = sum(totals.values())
    print(f"build_devset: {len(records)} articles, {total} spans "
          f"(Caption={totals['Caption']}, Quote={totals['Quote']}, Claim={totals['Claim']})")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(build(sys.argv[1:]))
    except DevsetError as e:
        print(f"build_devset: FAILED\n{e}", file=sys.stderr)
        sys.exit(1)
