import { openDatabase } from "./loaders/db.ts";
import { macroStatements } from "./loaders/ingest/sql.ts";
import { DuckDBConnection } from "@duckdb/node-api";
let chk = "";
const orig = DuckDBConnection.prototype.run;
(DuckDBConnection.prototype as any).run = async function (sql: string, ...rest: unknown[]) { if (sql.startsWith("CREATE OR REPLACE TABLE sa_chk_tickets")) chk = sql; return orig.call(this, sql, ...rest); };
const { runPipeline } = await import("./loaders/pipeline.ts");
const p = await runPipeline("/tmp/support-analytics-bench-1000000", { now: new Date(`2026-11-24T23:59:59+03:00`) });
p.connection.closeSync(); p.instance.closeSync();
(DuckDBConnection.prototype as any).run = orig;
const { connection } = await openDatabase();
for (const s of macroStatements("Europe/Moscow")) await connection.run(s);
const variants: Record<string, string> = {
  asis: chk,
  no_text: chk.replace(/sa_text\((c\d+)\)/g, "$1"),
  text_trim: chk.replace(/sa_text\((c\d+)\)/g, "NULLIF(trim($1, ' \t\u00A0'), '')"),
};
for (let r = 0; r < 2; r++) for (const [name, sql] of Object.entries(variants)) {
  const c = process.cpuUsage(); const s = performance.now(); await connection.run(sql); const u = process.cpuUsage(c);
  console.log(name, Math.round(performance.now() - s), Math.round((u.user + u.system) / 1000));
}
