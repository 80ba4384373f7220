/** "YYYY-MM" month arithmetic and Russian month labels, shared by the pages, the simulator and the Node side (no time zones involved: months are labels). */

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A month that is not "YYYY-MM" (a RangeError, so callers that catch RangeError still do). */
export class MonthError extends RangeError {}

/** "2026-03" → { year: 2026, month: 3 }; throws MonthError with a Russian message on anything else. */
export function parseMonth(month: string): { year: number; month: number } {
  const m = MONTH_RE.exec(month);
  if (!m) throw new MonthError(`Месяц «${month}» не в формате ГГГГ-ММ (например, 2026-03)`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** Throws MonthError unless `month` is "YYYY-MM". */
export function assertMonth(month: string): void {
  parseMonth(month);
}

/** months from `from` to `to` (positive when `to` is later) */
export function monthsBetween(from: string, to: string): number {
  const a = parseMonth(from);
  const b = parseMonth(to);
  return (b.year - a.year) * 12 + (b.month - a.month);
}

export function addMonths(month: string, count: number): string {
  const { year, month: m } = parseMonth(month);
  const index = year * 12 + (m - 1) + count;
  const y = Math.floor(index / 12);
  const mm = index - y * 12 + 1;
  return `${String(y).padStart(4, "0")}-${String(mm).padStart(2, "0")}`;
}

/**
 * The first month whose tickets all see a whole repeat window (`windowDays`) of history when the
 * data starts on the first day of `firstDataMonth`; before it, repeats of tickets from before the
 * data are invisible and a repeat rate would be too low.
 */
export function firstMonthWithRepeatHistory(firstDataMonth: string, windowDays: number): string {
  const dayNumber = (month: string) => {
    const { year, month: m } = parseMonth(month);
    return Date.UTC(year, m - 1, 1) / 86_400_000;
  };
  let month = firstDataMonth;
  while (dayNumber(month) - windowDays < dayNumber(firstDataMonth)) month = addMonths(month, 1);
  return month;
}

export function daysInMonth(month: string): number {
  const { year, month: m } = parseMonth(month);
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}

/** First day "YYYY-MM-01". */
export function monthFirstDay(month: string): string {
  assertMonth(month);
  return `${month}-01`;
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

/** "2026-11" → "2026-Q4" */
export function quarterOf(month: string): string {
  const { year, month: m } = parseMonth(month);
  return `${year}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of the first day of the month */
export function firstWeekdayOf(month: string): number {
  const { year, month: m } = parseMonth(month);
  const day = new Date(Date.UTC(year, m - 1, 1)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Russian month names, January first: nominative («март»), genitive («марта», after a day or «с») and short (axes). */
export const MONTHS_RU = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"] as const;
export const MONTHS_GENITIVE_RU = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"] as const;
export const MONTHS_SHORT_RU = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"] as const;

/** "2026-03" → «март 2026» */
export function monthLabelRu(month: string): string {
  const { year, month: m } = parseMonth(month);
  return `${MONTHS_RU[m - 1]} ${year}`;
}

/** "2026-03" → «марта 2026» (after «с», «до», «не позднее») */
export function monthGenitiveRu(month: string): string {
  const { year, month: m } = parseMonth(month);
  return `${MONTHS_GENITIVE_RU[m - 1]} ${year}`;
}
