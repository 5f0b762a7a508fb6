#!/usr/bin/env python3
"""Imports copydesk's Label Studio tasks into a running Label Studio through
its API and checks that every region comes back with the same start, end and
text. Usage: label_studio_roundtrip.py URL TOKEN tasks.json"""
import json
import sys
import urllib.request

CONFIG = """<View>
  <Labels name="label" toName="text">
    <Label value="Caption"/><Label value="Quote"/><Label value="Claim"/><Label value="Speaker"/>
  </Labels>
  <Text name="text" value="$text"/>
  <Relations><Relation value="said_by"/></Relations>
  <TextArea name="speaker" toName="text" perRegion="true" editable="true"/>
</View>"""


def call(url, token, method, path, body=None):
    request = urllib.request.Request(
        url + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read() or b"null")


def regions(task):
    out = []
    for key in ("annotations", "predictions"):
        for group in task.get(key) or []:
            for r in group["result"]:
                if r["type"] == "labels":
                    v = r["value"]
                    out.append((key, v["labels"][0], v["start"], v["end"], v["text"]))
    return sorted(out)


def main() -> int:
    url, token, path = sys.argv[1:4]
    with open(path, encoding="utf-8") as f:
        tasks = json.load(f)
    project = call(url, token, "POST", "/api/projects", {"title": "copydesk check", "label_config": CONFIG})
    call(url, token, "POST", f"/api/projects/{project['id']}/import", tasks)
    exported = call(url, token, "GET", f"/api/projects/{project['id']}/export?exportType=JSON")
    by_id = {t["data"]["article_id"]: t for t in exported}
    checked = 0
    for task in tasks:
        back = by_id[task["data"]["article_id"]]
        assert back["data"]["text"] == task["data"]["text"]
        want, got = regions(task), regions(back)
        assert want == got, (task["data"]["article_id"], want[:2], got[:2])
        for _, _, start, end, text in got:
            assert back["data"]["text"][start:end] == text
        checked += len(got)
    print(f"Label Studio: {len(tasks)} tasks, {checked} regions read back with start, end and text unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
