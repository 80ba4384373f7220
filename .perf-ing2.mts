import { DuckDBConnection } from "@duckdb/node-api";
let sqlMs = 0; const top: Array<[number,string]> = [];
const orig = DuckDBConnection.prototype.run;
(DuckDBConnection.prototype as any).run = async function (sql: string, ...rest: unknown[]) {
  const s = performance.now(); try { return await orig.call(this, sql, ...rest); } finally { const d = performance.now() - s; sqlMs += d; top.push([d, sql.replace(/\s+/g," ").slice(0,90)]); }
};
const { runPipeline } = await import("./loaders/pipeline.ts");
for (let i = 0; i < 3; i++) {
  sqlMs = 0; top.length = 0;
  const s = performance.now();
  const p = await runPipeline("/tmp/support-analytics-bench-1000000", { now: new Date(`2026-11-24T23:59:59+03:00`) });
  const total = performance.now() - s;
  top.sort((a,b)=>b[0]-a[0]);
  console.log("ingest", Math.round(total), "sql", Math.round(sqlMs), "node", Math.round(total - sqlMs), top.slice(0,4).map(([d,q])=>`${Math.round(d)} ${q.slice(0,50)}`).join(" | "));
  p.connection.closeSync(); p.instance.closeSync();
}
