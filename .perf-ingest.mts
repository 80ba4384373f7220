import { indexRecords } from "./loaders/ingest/line-index.ts";
const path = "/tmp/support-analytics-bench-1000000/tickets.csv";
for (let i = 0; i < 2; i++) { const s = performance.now(); const idx = indexRecords(path, ","); console.log("index", Math.round(performance.now() - s), idx.count); }
import { DuckDBConnection } from "@duckdb/node-api";
const orig = DuckDBConnection.prototype.run;
(DuckDBConnection.prototype as any).run = async function (sql: string, ...rest: unknown[]) {
  if (sql.startsWith("CREATE OR REPLACE TABLE sa_chk_tickets")) {
    await orig.call(this, "PRAGMA enable_profiling='json'; PRAGMA profiling_output='/tmp/perf/chk-profile.json'");
    const s = performance.now(); const r = await orig.call(this, sql, ...rest); console.log("chk", Math.round(performance.now() - s));
    await orig.call(this, "PRAGMA disable_profiling");
    const { writeFileSync } = await import("node:fs"); writeFileSync("/tmp/perf/chk.sql", sql);
    return r;
  }
  return orig.call(this, sql, ...rest);
};
const { runPipeline } = await import("./loaders/pipeline.ts");
const s = performance.now();
await runPipeline("/tmp/support-analytics-bench-1000000", { now: new Date(`2026-11-24T23:59:59+03:00`) });
console.log("ingest", Math.round(performance.now() - s));
