import { openDatabase } from "./loaders/db.ts";
import { loadSettings } from "./loaders/settings.ts";
const { createTicketFacts, ticketFactsSql, ticketsRelationSql, timestampLiteral } = await import("./loaders/metrics/ticket-facts.ts");
const { connection } = await openDatabase();
const settings = loadSettings();
for (const t of ["tickets", "clients", "projects", "visits", "nps", "payments"]) await connection.run(`CREATE TABLE ${t} AS FROM '/tmp/perf/${t}.parquet'`);
const now = new Date(`2026-11-24T23:59:59+03:00`);
for (let i = 0; i < 3; i++) { const s = performance.now(); const c = process.cpuUsage(); await createTicketFacts(connection, settings, now); const u = process.cpuUsage(c); console.log("facts", Math.round(performance.now() - s), "cpu", Math.round((u.user + u.system) / 1000)); }
const tickets = await ticketsRelationSql(connection);
const sql = ticketFactsSql(settings, { tickets, asOfSql: timestampLiteral(now) });
if (process.env.EXPLAIN) {
  await connection.run("PRAGMA enable_profiling='json'; PRAGMA profiling_output='/tmp/perf/facts-profile.json'");
  await connection.run(`CREATE OR REPLACE TABLE x AS ${sql}`);
  await connection.run("PRAGMA disable_profiling");
}
