/**
 * What every metric module needs: the connection, settings, the as-of moment and the list of
 * months to compute, plus the `metric_months` CTE that turns that list into set-based SQL.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { businessDays } from "../calendar/business-calendar.ts";
import type { Settings } from "../settings.ts";
import { addMonths, assertMonth, monthFirstDay, monthLastDay } from "../../src/core/months.ts";
import { localDayOf } from "../../src/core/format.ts";
import { sqlString } from "../sql-literal.ts";

export interface MetricContext {
  connection: DuckDBConnection;
  settings: Settings;
  /**
   * the as-of moment: every table is read as known at it (known-at.ts); tickets are judged at it,
   * open projects and invoices at min(end of month, now)
   */
  now: Date;
  /** the data's own day (Pipeline.latestEventDay, loaders/as-of.ts): with `now`, the moment tables are read as known at */
  latestEventDay: string | null;
  /** Moscow-local day of `now`, "YYYY-MM-DD" */
  asOfDay: string;
  timezone: string;
  months: string[];
}

export function makeContext(
  connection: DuckDBConnection,
  settings: Settings,
  months: string[],
  now: Date,
  latestEventDay: string | null,
): MetricContext {
  months.forEach(assertMonth);
  const timezone = settings.calendar?.timezone ?? "Europe/Moscow";
  return { connection, settings, now, latestEventDay, asOfDay: localDayOf(now, timezone), timezone, months };
}

/**
 * `metric_months(month, d_start, d_end, d_asof, d12_start, d3_start, d6_start)`:
 * d_start/d_end the month's first/last day; d_asof = least(d_end, as-of day), the day open
 * items are judged at; d12_start the first day of the 12-month window ending with the month;
 * d3_start/d6_start the first day of the 3- and 6-month windows ending with it.
 */
export function monthsCte(context: MetricContext): string {
  const rows = context.months.map((m) => {
    const end = monthLastDay(m);
    const asOf = context.asOfDay < end ? context.asOfDay : end;
    return `(${sqlString(m)}, DATE ${sqlString(monthFirstDay(m))}, DATE ${sqlString(end)}, DATE ${sqlString(asOf)}, DATE ${sqlString(
      monthFirstDay(addMonths(m, -11)),
    )}, DATE ${sqlString(monthFirstDay(addMonths(m, -2)))}, DATE ${sqlString(monthFirstDay(addMonths(m, -5)))})`;
  });
  if (rows.length === 0) {
    return `metric_months AS (SELECT NULL::VARCHAR AS month, NULL::DATE AS d_start, NULL::DATE AS d_end, NULL::DATE AS d_asof, NULL::DATE AS d12_start, NULL::DATE AS d3_start, NULL::DATE AS d6_start WHERE false)`;
  }
  return `metric_months AS (SELECT * FROM (VALUES ${rows.join(", ")}) AS v(month, d_start, d_end, d_asof, d12_start, d3_start, d6_start))`;
}

/** SQL expression: the Moscow-local (settings timezone) TIMESTAMP of a UTC TIMESTAMP column. */
export function localTimestampSql(column: string, timezone: string): string {
  return `((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${sqlString(timezone)})`;
}

/** SQL expression: the local month "YYYY-MM" of a UTC TIMESTAMP column. */
export function localMonthSql(column: string, timezone: string): string {
  return `strftime(${localTimestampSql(column, timezone)}, '%Y-%m')`;
}

/**
 * `working_days(month, day)`: the production calendar's working days (shortened ones included)
 * of each month up to its as-of day — staff days, whatever the SLA calendar mode.
 */
export function workingDaysCte(context: MetricContext): string {
  const staff = { ...context.settings.calendar, mode: "business" as const };
  const rows: string[] = [];
  for (const m of context.months) {
    const last = monthLastDay(m);
    const end = context.asOfDay < last ? context.asOfDay : last;
    if (end < monthFirstDay(m)) continue;
    for (const d of businessDays(monthFirstDay(m), end, staff)) {
      if (d.kind !== "off") rows.push(`(${sqlString(m)}, DATE ${sqlString(d.date)})`);
    }
  }
  if (rows.length === 0) return `working_days AS (SELECT NULL::VARCHAR AS month, NULL::DATE AS day WHERE false)`;
  return `working_days AS (SELECT * FROM (VALUES ${rows.join(", ")}) AS v(month, day))`;
}
