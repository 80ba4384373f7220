/** "YYYY-MM" month arithmetic and Russian month labels, shared by the pages, the simulator and the Node side (no time zones involved: months are labels). */

const MONTH_RE = /^(\d{4})-(\d{2})$/;

export function parseMonth(month: string): { year: number; month: number } {
  const m = MONTH_RE.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`месяц «${month}» не в формате ГГГГ-ММ`);
  return { year: Number(m[1]), month: Number(m[2]) };
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
