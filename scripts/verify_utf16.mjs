// Checks a copydesk JSONL export written with `--offsets utf16` the way a
// JavaScript consumer reads it: String.prototype.slice over UTF-16 units.
// Usage: node verify_utf16.mjs FILE
import { readFileSync } from "node:fs";

const lines = readFileSync(process.argv[2], "utf8").split("\n").filter((l) => l.trim());
let spans = 0;
for (const line of lines) {
  const record = JSON.parse(line);
  if (record.unit !== "utf16") throw new Error(`${record.id}: unit is ${record.unit}`);
  for (const span of record.spans) {
    const got = record.text.slice(span.start, span.end);
    if (got !== span.text) {
      throw new Error(`${record.id}: ${span.start}..${span.end} gives ${JSON.stringify(got)}, expected ${JSON.stringify(span.text)}`);
    }
    if (span.speaker && span.speaker.start !== null && span.speaker.start !== undefined) {
      if (!record.text.slice(span.speaker.start, span.speaker.end).trim()) {
        throw new Error(`${record.id}: empty speaker mention`);
      }
    }
    spans += 1;
  }
}
console.log(`utf16 export verified in JavaScript: ${lines.length} records, ${spans} spans`);
