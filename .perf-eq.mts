import { openDatabase } from "./loaders/db.ts";
import { loadSettings } from "./loaders/settings.ts";
const { createTicketFacts, ticketFactsSql, ticketsRelationSql, timestampLiteral, ensureBusinessCalendarForTickets, monthEndFactsSql } = await import("./loaders/metrics/ticket-facts.ts");
const { connection } = await openDatabase();
const settings = loadSettings();
await connection.run(`CREATE TABLE tickets AS FROM '/tmp/perf/tickets.parquet'`);
for (const nowText of ["2026-11-24T23:59:59+03:00", "2026-06-15T12:00:00+03:00"]) {
  const now = new Date(nowText);
  await createTicketFacts(connection, settings, now);
  await connection.run(`CREATE OR REPLACE TABLE a AS ${monthEndFactsSql()}`);
  const tickets = await ticketsRelationSql(connection);
  const asOfSql = `least(business_utc(date_trunc('month', business_local(t.created_at)) + INTERVAL 1 MONTH), ${timestampLiteral(now)})`;
  await ensureBusinessCalendarForTickets(connection, settings, asOfSql, tickets, now);
  await connection.run(`CREATE OR REPLACE TABLE b AS ${ticketFactsSql(settings, { tickets, asOfSql })}`);
  const cols = "ticket_id, client_id, priority, type, channel, category, assignee, csat, effort_minutes, escalated, created_at, first_response_at, resolved_at, as_of, month, response_business_minutes, resolution_business_minutes, resolution_calendar_hours, age_business_minutes, response_met, met, on_target, breached, sla_status, is_repeat";
  const r = await connection.runAndReadAll(`SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b), (SELECT count(*) FROM (SELECT ${cols} FROM a EXCEPT ALL SELECT ${cols} FROM b)), (SELECT count(*) FROM (SELECT ${cols} FROM b EXCEPT ALL SELECT ${cols} FROM a)), (SELECT count_if(sla_status='open') FROM a), (SELECT count_if(age_business_minutes IS NOT NULL) FROM a)`);
  console.log(nowText, r.getRows()[0]);
}
