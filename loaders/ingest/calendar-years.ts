/**
 * The years the production calendar covers, as validation needs them: tickets are judged on
 * business time (SLA), so a ticket instant in a year without `data/calendar/ru-YYYY.xml` would
 * stop every later command. Validation rejects such instants instead (rules.ts CALENDAR_COLUMNS).
 */
import { DEFAULT_CALENDAR_DIR, loadProductionCalendar } from "../calendar/production-calendar.ts";
import { loadSettings } from "../settings.ts";

/** An inclusive span of years. */
export interface YearSpan {
  first: number;
  last: number;
}

/**
 * The run of consecutive covered years that contains `asOfYear` (the business calendar is built
 * over one unbroken span of years); null when `asOfYear` itself is not covered.
 */
export function coveredSpan(coveredYears: Iterable<number>, asOfYear: number): YearSpan | null {
  const years = new Set(coveredYears);
  if (!years.has(asOfYear)) return null;
  let first = asOfYear;
  let last = asOfYear;
  while (years.has(first - 1)) first--;
  while (years.has(last + 1)) last++;
  return { first, last };
}

/**
 * The production calendar's span around `asOfYear` under the department's settings; null when
 * business time is not used (24×7 mode) or the calendar cannot be read (the later commands say why).
 */
export function calendarYearSpan(asOfYear: number, calendarDir: string = DEFAULT_CALENDAR_DIR): YearSpan | null {
  try {
    const settings = loadSettings().calendar;
    if (settings.mode !== "business") return null;
    return coveredSpan(loadProductionCalendar(calendarDir, settings.weekend_days).years.keys(), asOfYear);
  } catch {
    return null;
  }
}
