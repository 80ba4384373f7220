/**
 * Per-ticket facts (`ticket_facts`): business-time durations on the production calendar and the
 * SLA status of every ticket, judged as of a moment. SQL: ticket-facts.sql (set-based: a join of
 * each timestamp to its day in business_days, arithmetic, one window function for repeats).
 *
 * Definitions (numbers in config/settings.json → sla, repeat_window_days):
 * - response_business_minutes: created_at → first_response_at in business minutes. A resolved
 *   ticket without first_response_at is taken as answered at resolution (the resolution is the
 *   first answer the client got). Emergency only is judged on it: response_met = within
 *   `response_business_minutes` (inclusive); an open emergency ticket with no response yet fails
 *   the response clock as soon as its age passes that bound.
 * - resolution_business_minutes: created_at → resolved_at in business minutes;
 *   resolution_calendar_hours: the same in wall-clock hours.
 * - met: resolved within the limit (business minutes for emergency, N × 24 wall-clock hours for
 *   standard/consultation) and, where there is one, the response clock met; on_target: met and
 *   resolved within the target (on_target ⇒ met: a ticket within its target but past its limit,
 *   which happens as 48 business hours exceed 5 calendar days, is breached). Bounds are inclusive.
 * - breached: resolved but not met, or still open past a limit (resolution or response) at as_of;
 *   open: neither (left out of the compliance denominator).
 * - sla_status: the strongest of on_target > met > breached > open.
 * - as of a moment: tickets created after it do not exist yet; a first response or resolution
 *   after it has not happened yet (the ticket is open as of then: its first_response_at and
 *   resolved_at in the facts are NULL), and the effort and CSAT of a
 *   ticket not resolved by then are not known yet (NULL; loaders/metrics/known-at.ts).
 * - age_business_minutes: open tickets only, created_at → as_of in business minutes.
 * - is_repeat: an earlier ticket (by created_at; at an equal instant the one loaded first) of the same client and the
 *   same category was created at most `repeat_window_days` × 24 h before; NULL without a category.
 * - month: the created_at month in the calendar's time zone ("YYYY-MM"): the month the ticket
 *   counts in for every monthly KPI (sla.ts, tickets.ts), judged as of as_of like every other column.
 */
import { readFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { createBusinessCalendar, createBusinessTimeMacros } from "../calendar/business-calendar.ts";
import { localDayOf } from "../../src/core/format.ts";
import { SCHEMA, duckdbType } from "../schema.ts";
import type { Settings } from "../settings.ts";
import { sqlString, utcTimestampLiteral } from "../sql-literal.ts";
import { knownAtOf, knownValueSql } from "./known-at.ts";
import { latestEventDayOr } from "../as-of.ts";

const FACTS_SQL = readFileSync(new URL("./ticket-facts.sql", import.meta.url), "utf8");
const JUDGEMENT_SQL = readFileSync(new URL("./ticket-judgement.sql", import.meta.url), "utf8");

export type SlaStatus = "on_target" | "met" | "breached" | "open";

/** One row of ticket_facts (as read back with getRowObjects; timestamps are UTC). */
export interface TicketFact {
  ticket_id: string;
  client_id: string;
  priority: string;
  month: string;
  response_business_minutes: number | null;
  resolution_business_minutes: number | null;
  resolution_calendar_hours: number | null;
  age_business_minutes: number | null;
  response_met: boolean | null;
  met: boolean;
  on_target: boolean;
  breached: boolean;
  sla_status: SlaStatus | null;
  is_repeat: boolean | null;
  escalated: boolean | null;
}

export class TicketFactsError extends Error {}

/** UTC TIMESTAMP literal of an instant. */
export function timestampLiteral(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new TicketFactsError("Некорректный момент оценки (as-of)");
  return utcTimestampLiteral(instant);
}

function sqlNumber(value: unknown, field: string): string {
  if (value === undefined || value === null) return "NULL";
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new TicketFactsError(`config/settings.json: ${field} должно быть неотрицательным числом`);
  }
  return String(value);
}

/** The SLA rules of settings.sla as SQL VALUES rows. */
export function slaRulesValuesSql(settings: Settings): string {
  const rows = Object.entries(settings.sla as unknown as Record<string, Record<string, unknown>>).map(([priority, rule]) => {
    const at = (key: string) => sqlNumber(rule[key], `sla.${priority}.${key}`);
    if (rule.limit_business_minutes === undefined && rule.limit_calendar_days === undefined) {
      throw new TicketFactsError(`config/settings.json: у sla.${priority} нет ни limit_business_minutes, ни limit_calendar_days`);
    }
    return `(${sqlString(priority)}, ${at("response_business_minutes")}::DOUBLE, ${at("target_business_minutes")}::DOUBLE, ${at(
      "limit_business_minutes",
    )}::DOUBLE, ${at("limit_calendar_days")}::DOUBLE)`;
  });
  return rows.join(",\n    ");
}

/** The tickets relation with every SCHEMA column (an optional column the table lacks → typed NULL) and row_key. */
export async function ticketsRelationSql(connection: DuckDBConnection, table = "tickets"): Promise<string> {
  const reader = await connection.runAndReadAll(
    `SELECT column_name FROM information_schema.columns WHERE table_name = ${sqlString(table)}`,
  );
  const present = new Set(reader.getRows().map((r) => String(r[0])));
  if (present.size === 0) throw new TicketFactsError(`В базе нет таблицы «${table}»: сначала загрузите выгрузки`);
  const columns = SCHEMA.tickets.columns.map((c) => {
    if (present.has(c.name)) return `"${c.name}"`;
    if (c.required) throw new TicketFactsError(`В таблице «${table}» нет обязательного столбца «${c.name}»`);
    return `NULL::${duckdbType(c)} AS "${c.name}"`;
  });
  return `(SELECT ${columns.join(", ")}, rowid AS row_key FROM "${table}")`;
}

export interface FactsSqlOptions {
  /** relation with the SCHEMA ticket columns */
  tickets: string;
  /** SQL expression over the ticket's columns (alias t): the UTC instant it is judged at */
  asOfSql: string;
  /** SQL BOOLEAN: whether the as-of is on or after the data's own day (KnownAt.exported, known-at.ts) */
  exported: string;
}

/**
 * KnownAt.exported of `asOf` on the loaded data: whether its day is on or after the data's own day
 * (`latestEventDay`, the pipeline's; looked up on the connection when not given).
 */
export async function exportedAt(connection: DuckDBConnection, asOf: Date, timeZone: string, latestEventDay?: string | null): Promise<string> {
  return knownAtOf(asOf, timeZone, await latestEventDayOr(connection, timeZone, latestEventDay)).exported;
}

/** One SLA judgement at the instant column `at` (position `atPos`). */
function judgementSql(input: string, at: string, atPos: string): string {
  return JUDGEMENT_SQL.replace(/^--.*\n/gm, "")
    .replaceAll("{{input}}", input)
    .replaceAll("{{at_pos}}", atPos)
    .replaceAll("{{at}}", at);
}

/** The ticket-facts SELECT (needs business_days and its macros). */
export function ticketFactsSql(settings: Settings, options: FactsSqlOptions): string {
  const repeatDays = sqlNumber(settings.repeat_window_days, "repeat_window_days");
  return FACTS_SQL.replace("{{judgement: input = with_rules, at = as_of}}", judgementSql("with_rules", "as_of", "as_of_pos"))
    .replaceAll("{{tickets}}", options.tickets)
    .replaceAll("{{as_of}}", options.asOfSql)
    .replaceAll("{{rules}}", slaRulesValuesSql(settings))
    .replaceAll("{{mode_24x7}}", settings.calendar.mode === "24x7" ? "TRUE" : "FALSE")
    .replaceAll("{{repeat_days}}", repeatDays)
    .replaceAll("{{known: csat}}", knownValueSql("tickets", "csat", { instant: "s.as_of", day: "NULL", exported: options.exported }, "s"))
    .replaceAll("{{known: effort_minutes}}", knownValueSql("tickets", "effort_minutes", { instant: "s.as_of", day: "NULL", exported: options.exported }, "s"));
}

function instantOf(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return new Date(`${String(value).replace(" ", "T")}Z`);
}

/**
 * Build business_days for the local years of every instant the facts will look up: created_at,
 * first response and resolution (up to each ticket's as_of) and as_of itself (its day is that of
 * as_of − 1 µs, see ticket-facts.sql). Throws for a year without a calendar. `asOfSql` is the same
 * per-ticket expression (alias t) the facts are built with; `latestAsOf` bounds it from above.
 * Two cheap aggregate scans, no per-row time-zone conversion through ICU.
 */
export async function ensureBusinessCalendarForTickets(
  connection: DuckDBConnection,
  settings: Settings,
  asOfSql: string,
  tickets: string,
  latestAsOf: Date,
): Promise<void> {
  const tz = settings.calendar.timezone;
  const DAY_MS = 86_400_000;
  // 1. raw bounds (UTC) → the time-zone macros for that span (plain offset arithmetic when the
  //    zone keeps one offset there)
  const raw = (
    await connection.runAndReadAll(
      `SELECT min(created_at)::VARCHAR, max(greatest(created_at, first_response_at, resolved_at))::VARCHAR FROM ${tickets} t`,
    )
  ).getRows()[0]!;
  const rawMin = instantOf(raw[0]) ?? latestAsOf;
  const rawMax = instantOf(raw[1]) ?? latestAsOf;
  const lo = Math.min(rawMin.getTime(), latestAsOf.getTime()) - DAY_MS;
  const hi = Math.max(rawMax.getTime(), latestAsOf.getTime()) + DAY_MS;
  await createBusinessTimeMacros(connection, settings.calendar, {
    fromDate: localDayOf(new Date(lo), tz),
    toDate: localDayOf(new Date(hi), tz),
  });
  // 2. the instants actually looked up
  const exact = (
    await connection.runAndReadAll(`
      SELECT
        min(created_at)::VARCHAR,
        max(greatest(
          created_at,
          CASE WHEN first_response_at <= as_of THEN first_response_at END,
          CASE WHEN resolved_at <= as_of THEN resolved_at END,
          as_of - INTERVAL 1 MICROSECOND
        ))::VARCHAR
      FROM (SELECT t.*, ${asOfSql} AS as_of FROM ${tickets} t)
      WHERE created_at <= as_of`)
  ).getRows()[0]!;
  const first = instantOf(exact[0]);
  const last = instantOf(exact[1]);
  if (first === null || last === null) {
    // no tickets to judge: an empty-shaped calendar is enough for the SQL to run
    await createBusinessCalendar(connection, { ...settings.calendar, mode: "24x7" }, { fromDate: "2000-01-01", toDate: "2000-01-01" });
    return;
  }
  const firstYear = localDayOf(first, tz).slice(0, 4);
  const lastYear = localDayOf(last, tz).slice(0, 4);
  await createBusinessCalendar(connection, settings.calendar, { fromDate: `${firstYear}-01-01`, toDate: `${lastYear}-12-31` });
}

function checkIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TicketFactsError(`Недопустимое имя таблицы «${name}»`);
  return name;
}

/**
 * The ticket-facts SELECT of the tickets of `tickets` (a relation with the SCHEMA ticket columns,
 * ticketsRelationSql) judged as of `asOf`, once the business calendar it looks up is built.
 * `latestEventDay`: the data's own day (Pipeline.latestEventDay); looked up when not given.
 */
export async function ticketFactsAsOfSql(
  connection: DuckDBConnection,
  settings: Settings,
  asOf: Date,
  tickets: string,
  latestEventDay?: string | null,
): Promise<string> {
  const asOfSql = timestampLiteral(asOf);
  await ensureBusinessCalendarForTickets(connection, settings, asOfSql, tickets, asOf);
  const exported = await exportedAt(connection, asOf, settings.calendar.timezone, latestEventDay);
  return ticketFactsSql(settings, { tickets, asOfSql, exported });
}

/**
 * Create (replace) table `tableName` with one row per ticket created at or before `asOf`, judged as
 * of `asOf` (see the module comment). Needs the typed `tickets` table (loaders/schema.ts).
 * `latestEventDay`: the data's own day (Pipeline.latestEventDay); looked up when not given.
 */
export async function createTicketFacts(
  connection: DuckDBConnection,
  settings: Settings,
  asOf: Date,
  tableName = "ticket_facts",
  latestEventDay?: string | null,
): Promise<{ tableName: string; tickets: number }> {
  const table = checkIdentifier(tableName);
  const sql = await ticketFactsAsOfSql(connection, settings, asOf, await ticketsRelationSql(connection), latestEventDay);
  await connection.run(`CREATE OR REPLACE TABLE "${table}" AS ${sql}`);
  const count = await connection.runAndReadAll(`SELECT count(*)::INTEGER FROM "${table}"`);
  return { tableName: table, tickets: Number(count.getRows()[0]![0]) };
}
