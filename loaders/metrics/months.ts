/**
 * Calendar months as the department reports them: Moscow-local (settings.calendar.timezone)
 * months written "YYYY-MM". Pure helpers, no time-zone arithmetic beyond formatting.
 */

import { addMonths as addMonthLabels, daysInMonth as daysInMonthLabel, monthLabelRu } from "../../src/core/months.ts";
import { localDayOf } from "../../src/core/format.ts";

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export class MonthError extends Error {}

/** Throws a Russian message unless `month` is "YYYY-MM". */
export function assertMonth(month: string): void {
  if (!MONTH_PATTERN.test(month)) {
    throw new MonthError(`Месяц «${month}» не в формате ГГГГ-ММ (например, 2026-03)`);
  }
}

function parts(month: string): { year: number; monthIndex: number } {
  assertMonth(month);
  return { year: Number(month.slice(0, 4)), monthIndex: Number(month.slice(5, 7)) - 1 };
}

/** `month` shifted by `n` months (n may be negative). */
export function addMonths(month: string, n: number): string {
  assertMonth(month);
  return addMonthLabels(month, n);
}

/** First day "YYYY-MM-01". */
export function monthFirstDay(month: string): string {
  assertMonth(month);
  return `${month}-01`;
}

/** Number of calendar days of the month. */
export function daysInMonth(month: string): number {
  assertMonth(month);
  return daysInMonthLabel(month);
}

/** Last day "YYYY-MM-DD". */
export function monthLastDay(month: string): string {
  return `${month}-${String(daysInMonth(month)).padStart(2, "0")}`;
}

/** Months from `first` to `last` inclusive (empty when last < first). */
export function monthRange(first: string, last: string): string[] {
  const result: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) result.push(m);
  return result;
}

/** Local calendar day "YYYY-MM-DD" of an instant in a time zone (the dashboard's localDayOf). */
export function localDay(instant: Date, timeZone: string): string {
  return localDayOf(instant, timeZone);
}

/** Local month "YYYY-MM" of an instant in a time zone. */
export function localMonth(instant: Date, timeZone: string): string {
  return localDay(instant, timeZone).slice(0, 7);
}

/** Quarter label "2026-Q1" of a month. */
export function quarterOf(month: string): string {
  const { year, monthIndex } = parts(month);
  return `${year}-Q${Math.floor(monthIndex / 3) + 1}`;
}

/** «март 2026» */
export function monthNameRu(month: string): string {
  assertMonth(month);
  return monthLabelRu(month);
}
