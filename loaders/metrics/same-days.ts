/**
 * Like-with-like counts for a month the as-of falls inside (not complete, `partial`): the same
 * part of the month before and of the same month a year earlier, so a count over 24 days is
 * compared with 24 days, not with a whole month.
 *
 * - tickets: created from the period's first moment up to the same time after it as the as-of is
 *   after the month's first moment (Moscow wall clock; as of 24 November 23:59:59 → 1–24 October
 *   23:59:59), and never past the period's end (a 30-day part of February is all of February);
 * - visits (a calendar day): days 1…D of the period, D being the as-of day of the month.
 *
 * Rates, shares, means, rolling windows and levels of a month not complete are not compared
 * (the report says so); only these counts are.
 */
import { localWallClockMs } from "../calendar/business-calendar.ts";
import type { MetricContext } from "./context.ts";
import { localTimestampSql } from "./context.ts";
import { addMonths, daysInMonth, monthFirstDay, parseMonth } from "../../src/core/months.ts";
import { queryRows, relationSql, tableExists } from "./sql.ts";
import { sqlString } from "../sql-literal.ts";
import { timestampLiteral } from "./ticket-facts.ts";

export interface SameDaysCounts {
  /** the as-of day of the month: the compared part is days 1…through_day */
  through_day: number;
  tickets_total_previous_month: number;
  tickets_total_year_ago: number;
  visits_total_previous_month: number | null;
  visits_total_year_ago: number | null;
}

const DAY_MS = 86_400_000;

/** The first wall-clock millisecond of a month, counted as if it were UTC. */
function monthStartMs(month: string): number {
  const { year, month: monthNumber } = parseMonth(month);
  return Date.UTC(year, monthNumber - 1, 1);
}

/** A wall-clock millisecond count as a TIMESTAMP literal (the same text as an instant's). */
const wallClockLiteral = (ms: number): string => timestampLiteral(new Date(ms));

/**
 * The same-days counts of `month` at the context's as-of (a month the as-of lies inside).
 * One query for both periods.
 */
export async function sameDaysCounts(context: MetricContext, month: string): Promise<SameDaysCounts> {
  const tz = context.timezone;
  const elapsedMs = localWallClockMs(context.now, tz) - monthStartMs(month);
  const throughDay = Math.min(daysInMonth(month), Math.floor(elapsedMs / DAY_MS) + 1);
  const periods = { previous_month: addMonths(month, -1), year_ago: addMonths(month, -12) };
  const tickets = await relationSql(context.connection, "tickets");
  const hasVisits = await tableExists(context.connection, "visits");
  const visits = await relationSql(context.connection, "visits");
  const local = localTimestampSql("created_at", tz);
  const columns = Object.entries(periods).flatMap(([name, period]) => {
    const start = monthStartMs(period);
    const end = monthStartMs(addMonths(period, 1));
    const cut = Math.min(start + elapsedMs, end - 1);
    const lastDay = `${period}-${String(Math.min(throughDay, daysInMonth(period))).padStart(2, "0")}`;
    return [
      `(SELECT count(*) FROM ${tickets} WHERE created_at <= ${timestampLiteral(context.now)}
         AND ${local} >= ${wallClockLiteral(start)} AND ${local} <= ${wallClockLiteral(cut)}) AS tickets_${name}`,
      `(SELECT count(*) FROM ${visits} WHERE visited_at BETWEEN DATE ${sqlString(monthFirstDay(period))}
         AND DATE ${sqlString(lastDay)}) AS visits_${name}`,
    ];
  });
  const [row] = await queryRows<Record<string, number>>(context.connection, `SELECT ${columns.join(",\n")}`);
  return {
    through_day: throughDay,
    tickets_total_previous_month: Number(row!.tickets_previous_month),
    tickets_total_year_ago: Number(row!.tickets_year_ago),
    visits_total_previous_month: hasVisits ? Number(row!.visits_previous_month) : null,
    visits_total_year_ago: hasVisits ? Number(row!.visits_year_ago) : null,
  };
}
