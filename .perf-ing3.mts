import { DuckDBConnection } from "@duckdb/node-api";
const top: Array<[number, number, string]> = [];
const orig = DuckDBConnection.prototype.run;
(DuckDBConnection.prototype as any).run = async function (sql: string, ...rest: unknown[]) {
  const c = process.cpuUsage(); const s = performance.now();
  try { return await orig.call(this, sql, ...rest); } finally { const u = process.cpuUsage(c); top.push([Math.round((u.user + u.system) / 1000), Math.round(performance.now() - s), sql.replace(/\s+/g, " ").slice(0, 70)]); }
};
const { runPipeline } = await import("./loaders/pipeline.ts");
const c = process.cpuUsage(); const s = performance.now();
await runPipeline("/tmp/support-analytics-bench-1000000", { now: new Date(`2026-11-24T23:59:59+03:00`) });
const u = process.cpuUsage(c);
const sqlCpu = top.reduce((a, x) => a + x[0], 0);
console.log("total wall", Math.round(performance.now() - s), "cpu", Math.round((u.user + u.system) / 1000), "sql cpu", sqlCpu);
top.sort((a, b) => b[0] - a[0]); for (const x of top.slice(0, 10)) console.log(x.join("  "));
