/**
 * The as-of moment: the one moment a run judges everything at (open tickets, the current month's
 * part, «Данные на …» on every page). The site and the CLI both take it from `resolveAsOf`.
 *
 * Rule, first match wins:
 * 1. an override: `--as-of ISO` on the command line, else $SUPPORT_ANALYTICS_AS_OF, else
 *    $SUPPORT_ANALYTICS_NOW (an ISO instant; without an offset it is the calendar's time zone);
 * 2. the data's own date: the latest day on which the exports record an event — every timestamp
 *    and date column of the schema except planned dates (projects.due_at, payments.due_at):
 *    tickets created / first response / resolved, clients' contract start and churn, project
 *    milestones, visits, NPS answers, invoices issued and paid — taken in the calendar's time zone;
 *    the as-of is the end of that day (23:59:59.999 there), but never later than the real clock;
 * 3. no event at all: the real clock.
 *
 * A month counts as complete once the as-of is at or after its last second
 * (`lastCompleteMonthAt`, src/core/format.ts).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { parseInstant, zonedWallClockToUtc } from "./calendar/instant.ts";
import { PLANNED_COLUMNS } from "./ingest/rules.ts";
import { SCHEMA, type TableName } from "./schema.ts";
import { localDayOf } from "../src/core/format.ts";

export const AS_OF_ENV_VAR = "SUPPORT_ANALYTICS_AS_OF";
/** The older name of the same override, still read after AS_OF_ENV_VAR. */
export const NOW_ENV_VAR = "SUPPORT_ANALYTICS_NOW";

export type AsOfSource = "override" | "data" | "clock";

export interface ResolvedAsOf {
  asOf: Date;
  source: AsOfSource;
  /**
   * the latest event day of the exports ("YYYY-MM-DD", calendar time zone), null when none; looked
   * up under an override too, as the known-at rule needs it (loaders/metrics/known-at.ts)
   */
  latestEventDay: string | null;
}

/** The columns whose latest value dates the data: every timestamp and date that is not a plan. */
export const EVENT_COLUMNS: readonly { table: TableName; column: string; type: "timestamp" | "date" }[] = (
  Object.keys(SCHEMA) as TableName[]
).flatMap((table) =>
  SCHEMA[table].columns
    .filter((c) => (c.type === "timestamp" || c.type === "date") && !PLANNED_COLUMNS[table].includes(c.name))
    .map((c) => ({ table, column: c.name, type: c.type as "timestamp" | "date" })),
);

/** The override, if any: `flag` (the command line's `flagName`, --as-of), then $SUPPORT_ANALYTICS_AS_OF, then $SUPPORT_ANALYTICS_NOW. */
export function asOfOverride(flag: string | undefined, timeZone: string, env: NodeJS.ProcessEnv = process.env, flagName = "--as-of"): Date | null {
  if (flag !== undefined) return parseInstant(flag, timeZone, flagName);
  for (const name of [AS_OF_ENV_VAR, NOW_ENV_VAR]) {
    const text = env[name];
    if (text) return parseInstant(text, timeZone, name);
  }
  return null;
}

/** The end of a local day: the last millisecond of "YYYY-MM-DD" in `timeZone`, as a UTC instant. */
export function endOfLocalDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return zonedWallClockToUtc(Date.UTC(y, m - 1, d + 1) - 1, timeZone);
}

/** The as-of by the data rule: the end of the latest event day, capped at the clock; the clock when there is none. */
export function asOfFromLatestDay(latestEventDay: string | null, clock: Date, timeZone: string): Date {
  if (latestEventDay === null) return clock;
  const end = endOfLocalDay(latestEventDay, timeZone);
  return end.getTime() < clock.getTime() ? end : clock;
}

/** The latest local day of any event column in the loaded tables (missing tables and columns are skipped). */
export async function latestEventDay(connection: DuckDBConnection, timeZone: string): Promise<string | null> {
  const reader = await connection.runAndReadAll(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'`,
  );
  const present = new Set(reader.getRows().map((r) => `${String(r[0])}.${String(r[1])}`));
  const parts = EVENT_COLUMNS.filter((c) => present.has(`${c.table}.${c.column}`)).map(({ table, column, type }) =>
    type === "timestamp"
      ? `SELECT 'timestamp' AS kind, strftime(max("${column}"), '%Y-%m-%dT%H:%M:%S.%gZ') AS latest FROM "${table}"`
      : `SELECT 'date' AS kind, strftime(max("${column}"), '%Y-%m-%d') AS latest FROM "${table}"`,
  );
  if (parts.length === 0) return null;
  const rows = (await connection.runAndReadAll(parts.join(" UNION ALL "))).getRows();
  let latest: string | null = null;
  for (const [kind, value] of rows) {
    if (value === null || value === undefined) continue;
    const day = kind === "timestamp" ? localDayOf(new Date(String(value)), timeZone) : String(value);
    if (latest === null || day > latest) latest = day;
  }
  return latest;
}

/**
 * The data's own day: `known` when the caller has it (Pipeline.latestEventDay, found when the
 * run's as-of was resolved), else looked up on the connection.
 */
export function latestEventDayOr(connection: DuckDBConnection, timeZone: string, known: string | null | undefined): Promise<string | null> {
  return known !== undefined ? Promise.resolve(known) : latestEventDay(connection, timeZone);
}

/** The as-of of a run over the loaded exports: the override, else the data rule against `clock`. */
export async function resolveAsOf(
  connection: DuckDBConnection,
  timeZone: string,
  { override, clock = new Date() }: { override: Date | null; clock?: Date },
): Promise<ResolvedAsOf> {
  const day = await latestEventDay(connection, timeZone);
  if (override) return { asOf: override, source: "override", latestEventDay: day };
  const asOf = asOfFromLatestDay(day, clock, timeZone);
  return { asOf, source: day !== null && asOf.getTime() < clock.getTime() ? "data" : "clock", latestEventDay: day };
}
