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
const noEnum = chk.replace(/COALESCE\(CASE "v_(\w+)" WHEN[^]*?END, CASE sa_key\("v_\w+"\)[^]*?END\) AS "t_(\w+)"/g, '"v_$1" AS "t_$2"');
const noTs = chk.replace(/sa_ts\(("v_\w+")\)/g, "TRY_CAST($1 AS TIMESTAMP)");
const variants: Record<string, string> = { asis: chk, no_enum: noEnum, no_ts: noTs };
console.log(noEnum.length, chk.length, noTs.length);
for (let r = 0; r < 3; r++) for (const [name, sql] of Object.entries(variants)) {
  const c = process.cpuUsage(); const s = performance.now(); await connection.run(sql); const u = process.cpuUsage(c);
  console.log(name, Math.round(performance.now() - s), Math.round((u.user + u.system) / 1000));
}
