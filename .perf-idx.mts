import { readFileSync } from "node:fs";
import { indexRecords } from "./loaders/ingest/line-index.ts";
const path = "/tmp/support-analytics-bench-1000000/tickets.csv";
for (let i = 0; i < 3; i++) { const s = performance.now(); const idx = indexRecords(path, ","); console.log("index", Math.round(performance.now() - s), idx.count); }
const buf = readFileSync(path);
for (let i = 0; i < 3; i++) {
  const s = performance.now(); let lf = 0, d = 0;
  for (let j = 0; j < buf.length; j++) { const c = buf[j]; if (c === 10) lf++; else if (c === 44) d++; }
  console.log("pure loop", Math.round(performance.now() - s), lf, d);
}
for (let i = 0; i < 3; i++) {
  const s = performance.now(); let lf = 0;
  for (let j = buf.indexOf(10); j !== -1; j = buf.indexOf(10, j + 1)) lf++;
  console.log("indexOf LF", Math.round(performance.now() - s), lf);
}
