import { readFileSync } from "node:fs";
import { openDatabase } from "./loaders/db.ts";
import { loadSettings } from "./loaders/settings.ts";
const { createTicketFacts, ticketsRelationSql, timestampLiteral, slaRulesValuesSql } = await import("./loaders/metrics/ticket-facts.ts");
const { connection } = await openDatabase();
const settings = loadSettings();
await connection.run(`CREATE TABLE tickets AS FROM '/tmp/perf/tickets.parquet'`);
const OLD = readFileSync("/tmp/perf/old-facts.sql", "utf8");
for (const nowText of ["2026-11-24T23:59:59+03:00", "2026-06-15T12:00:00+03:00"]) {
  const now = new Date(nowText);
  await createTicketFacts(connection, settings, now);
  const tickets = await ticketsRelationSql(connection);
  const old = OLD.replaceAll("{{tickets}}", tickets).replaceAll("{{as_of}}", timestampLiteral(now)).replaceAll("{{rules}}", slaRulesValuesSql(settings)).replaceAll("{{mode_24x7}}", "FALSE").replaceAll("{{repeat_days}}", String(settings.repeat_window_days));
  await connection.run(`CREATE OR REPLACE TABLE b AS ${old}`);
  const cols = "ticket_id, client_id, priority, type, channel, category, assignee, csat, effort_minutes, escalated, created_at, first_response_at, resolved_at, as_of, month, response_business_minutes, resolution_business_minutes, resolution_calendar_hours, age_business_minutes, response_met, met, on_target, breached, sla_status, is_repeat";
  const r = await connection.runAndReadAll(`SELECT (SELECT count(*) FROM ticket_facts), (SELECT count(*) FROM b), (SELECT count(*) FROM (SELECT ${cols} FROM ticket_facts EXCEPT ALL SELECT ${cols} FROM b)), (SELECT count(*) FROM (SELECT ${cols} FROM b EXCEPT ALL SELECT ${cols} FROM ticket_facts))`);
  console.log(nowText, r.getRows()[0]);
}
