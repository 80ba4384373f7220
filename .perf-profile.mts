// temporary profiler (not part of the repo): times every statement of the bench's pipeline phase
import { DuckDBConnection } from "@duckdb/node-api";
const stats: Array<[number, string]> = [];
for (const m of ["run", "runAndReadAll"] as const) {
  const orig = (DuckDBConnection.prototype as any)[m];
  (DuckDBConnection.prototype as any)[m] = async function (sql: string, ...rest: unknown[]) {
    const s = performance.now();
    try { return await orig.call(this, sql, ...rest); } finally { stats.push([performance.now() - s, sql.replace(/\s+/g, " ").slice(0, 140)]); }
  };
}
const { runPipeline } = await import("./loaders/pipeline.ts");
const { createTicketFacts } = await import("./loaders/metrics/ticket-facts.ts");
const { computeAllMonths, cohortRetentionAsOf } = await import("./loaders/metrics/month-kpis.ts");
const { planCheck } = await import("./loaders/metrics/plan-check.ts");
const dir = "/tmp/support-analytics-bench-1000000";
const now = new Date(`2026-11-24T23:59:59+03:00`);
const mark = (label: string, t: number) => console.log(label.padEnd(10), Math.round(performance.now() - t));
let t = performance.now(); const t0 = t;
const p = await runPipeline(dir, { now }); mark("ingest", t); t = performance.now();
const f = await createTicketFacts(p.connection, p.settings, now); mark("facts", t); t = performance.now();
const months = await computeAllMonths(p.connection, p.settings, { now }); mark("months", t); t = performance.now();
await cohortRetentionAsOf(p.connection, p.settings, now); planCheck(p.settings); mark("cohorts", t);
mark("TOTAL", t0);
console.log("rss MB", Math.round(process.resourceUsage().maxRSS / 1024));
if (process.env.TOP) { stats.sort((a, b) => b[0] - a[0]); for (const [ms, sql] of stats.slice(0, Number(process.env.TOP))) console.log(Math.round(ms).toString().padStart(6), sql); }
if (process.env.DUMP) { const { writeFileSync } = await import("node:fs"); writeFileSync(process.env.DUMP, JSON.stringify(months)); }
