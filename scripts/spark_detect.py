#!/usr/bin/env python3
"""Runs copydesk's detector as the map step of a Spark job.

Each line of the input is a JSONL record with at least "text" (and an "id");
`copydesk detect --stdin --format jsonl` is piped over each partition with
RDD.pipe and writes one copydesk JSONL record per input line. The binary must
be on every worker at the same path (or shipped with --files).

Usage: spark_detect.py COPYDESK_BINARY INPUT.jsonl OUTPUT_DIR [MASTER]
  e.g. spark_detect.py target/release/copydesk corpus.jsonl detected local[2]
"""
import json
import sys

from pyspark import SparkContext


def main() -> int:
    binary, source, target = sys.argv[1:4]
    master = sys.argv[4] if len(sys.argv) > 4 else "local[*]"
    sc = SparkContext(master, "copydesk-detect")
    try:
        records = sc.textFile(source)
        detected = records.pipe(f"{binary} detect --stdin --format jsonl")
        detected.saveAsTextFile(target)
        counts = (
            detected.flatMap(lambda line: [s["label"] for s in json.loads(line)["spans"]])
            .countByValue()
        )
        print(f"{records.count()} records in, {detected.count()} out; spans: {dict(sorted(counts.items()))}")
    finally:
        sc.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
