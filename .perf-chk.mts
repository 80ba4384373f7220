import { readFileSync } from "node:fs";
import { openDatabase } from "./loaders/db.ts";
import { macroStatements } from "./loaders/ingest/sql.ts";
const { connection } = await openDatabase();
for (const s of macroStatements("Europe/Moscow")) await connection.run(s);
const chk = readFileSync("/tmp/perf/chk.sql", "utf8");
const body = chk.replace(/^CREATE OR REPLACE TABLE sa_chk_tickets AS\n/, "");
const selectIdx = body.indexOf("\nFROM (SELECT *,");
const inner = body.slice(selectIdx + "\nFROM ".length); // (SELECT *, levelC ... )
const variants: Record<string, string> = {
  asis: chk,
  count_only: `SELECT count(*), count(e_created_at), count(e_priority) FROM ${inner}`,
  typed_only: `CREATE OR REPLACE TABLE x AS SELECT v_ticket_id, v_client_id, t_created_at, t_priority, t_first_response_at, t_resolved_at, t_type, t_channel, t_escalated, v_category, v_assignee, TRY_CAST(t_csat AS INTEGER), t_effort_minutes FROM ${inner}`,
  typed_errlist: `CREATE OR REPLACE TABLE x AS SELECT v_ticket_id, v_client_id, t_created_at, t_priority, t_first_response_at, t_resolved_at, t_type, t_channel, t_escalated, v_category, v_assignee, TRY_CAST(t_csat AS INTEGER), t_effort_minutes,
     CASE WHEN coalesce(e_ticket_id, e_client_id, e_created_at, e_priority, e_first_response_at, e_resolved_at, e_type, e_channel, e_escalated, e_csat, e_effort_minutes) IS NOT NULL THEN
       list_filter([{'f':'created_at','v':v_created_at,'c':e_created_at}, {'f':'priority','v':v_priority,'c':e_priority}], x -> x.c IS NOT NULL) END AS errs FROM ${inner}`,
};
for (const name of (process.env.V ?? Object.keys(variants).join(",")).split(",")) {
  for (let i = 0; i < 2; i++) { const s = performance.now(); await connection.run(variants[name]!); console.log(name, Math.round(performance.now() - s)); }
}
if (process.env.CONC) {
  const { indexRecords } = await import("./loaders/ingest/line-index.ts");
  for (let i = 0; i < 2; i++) {
    const s = performance.now();
    const p = connection.run(variants.asis!).then(() => console.log("  chk done", Math.round(performance.now() - s)));
    const idx = indexRecords("/tmp/support-analytics-bench-1000000/tickets.csv", ","); console.log("  index done", Math.round(performance.now() - s), idx.count);
    await p; console.log("concurrent", Math.round(performance.now() - s));
  }
}
