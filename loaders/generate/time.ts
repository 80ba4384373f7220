/**
 * Moscow wall-clock arithmetic for the generator, independent of the machine's time zone.
 * Europe/Moscow has been UTC+03:00 all year since 2014, so every instant is kept as
 * "Moscow-local seconds since 1970-01-01 00:00 local" and written with a fixed "+03:00".
 * Days are "local day numbers" (days since 1970-01-01); weekday 0 = Monday … 6 = Sunday.
 */

export const SECONDS_PER_DAY = 86_400;
export const MOSCOW_OFFSET = "+03:00";
const MOSCOW_OFFSET_SECONDS = 3 * 3600;

export interface CivilDate {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(days: number): number {
  return (((days + 3) % 7) + 7) % 7;
}

/** Parse a strict `YYYY-MM-DD` into a local day number, or throw. */
export function parseIsoDay(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new Error(`дата «${text}» не в формате ГГГГ-ММ-ДД`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new Error(`дата «${text}» не существует`);
  }
  return daysFromCivil(year, month, day);
}

/** Today's date in Europe/Moscow, from an instant (default: now). */
export function moscowToday(instant: Date = new Date()): string {
  return formatDay(Math.floor((instant.getTime() / 1000 + MOSCOW_OFFSET_SECONDS) / SECONDS_PER_DAY));
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

const dayTexts = new Map<number, string>();

/** `YYYY-MM-DD` of a local day number (memoised: a million rows reuse a few hundred days). */
export function formatDay(days: number): string {
  let text = dayTexts.get(days);
  if (text === undefined) {
    const { year, month, day } = civilFromDays(days);
    text = `${year}-${pad2(month)}-${pad2(day)}`;
    dayTexts.set(days, text);
  }
  return text;
}

/** "THH:MM:SS+03:00" for every second of the day, built on first use. */
const clockTexts: string[] = [];

function clockText(secondOfDay: number): string {
  let text = clockTexts[secondOfDay];
  if (text === undefined) {
    const hours = Math.floor(secondOfDay / 3600);
    const minutes = Math.floor((secondOfDay % 3600) / 60);
    text = `T${pad2(hours)}:${pad2(minutes)}:${pad2(secondOfDay % 60)}${MOSCOW_OFFSET}`;
    clockTexts[secondOfDay] = text;
  }
  return text;
}

/** ISO 8601 with the Moscow offset, e.g. `2026-03-10T14:05:00+03:00`, of Moscow-local seconds. */
export function formatTimestamp(localSeconds: number): string {
  const days = Math.floor(localSeconds / SECONDS_PER_DAY);
  return formatDay(days) + clockText(localSeconds - days * SECONDS_PER_DAY);
}

/**
 * Fixed-date public holidays used only to make the generated schedule look plausible
 * (no transfers or shortened days: exactness is the metrics' job, not the generator's).
 */
export function isFixedHoliday(days: number): boolean {
  const { month, day } = civilFromDays(days);
  if (month === 1) return day <= 8;
  return (
    (month === 2 && day === 23) ||
    (month === 3 && day === 8) ||
    (month === 5 && (day === 1 || day === 9)) ||
    (month === 6 && day === 12) ||
    (month === 11 && day === 4)
  );
}

export const WORKDAY_START_SECONDS = 9 * 3600;
export const WORKDAY_END_SECONDS = 18 * 3600;

/** Simple business calendar: Monday–Friday 09:00–18:00 Moscow, fixed holidays off. Memoised. */
export class BusinessClock {
  private readonly workdays = new Map<number, boolean>();

  isWorkday(days: number): boolean {
    let value = this.workdays.get(days);
    if (value === undefined) {
      value = weekday(days) < 5 && !isFixedHoliday(days);
      this.workdays.set(days, value);
    }
    return value;
  }

  /** The instant `businessSeconds` of working time after `start` (start moved into working time first). */
  addBusinessSeconds(start: number, businessSeconds: number): number {
    let days = Math.floor(start / SECONDS_PER_DAY);
    let timeOfDay = start - days * SECONDS_PER_DAY;
    let remaining = businessSeconds;
    for (;;) {
      if (!this.isWorkday(days) || timeOfDay >= WORKDAY_END_SECONDS) {
        days++;
        timeOfDay = WORKDAY_START_SECONDS;
        continue;
      }
      if (timeOfDay < WORKDAY_START_SECONDS) timeOfDay = WORKDAY_START_SECONDS;
      const available = WORKDAY_END_SECONDS - timeOfDay;
      if (remaining <= available) return days * SECONDS_PER_DAY + timeOfDay + remaining;
      remaining -= available;
      days++;
      timeOfDay = WORKDAY_START_SECONDS;
    }
  }

  /** The first workday on or after `days`. */
  nextWorkday(days: number): number {
    let d = days;
    while (!this.isWorkday(d)) d++;
    return d;
  }
}

/** A calendar month of the generated period. */
export interface MonthSpan {
  year: number;
  month: number;
  /** local day number of the 1st */
  firstDay: number;
  /** local day number after the month's last day included in the sample (partial last month) */
  endDay: number;
  /** days of the full calendar month */
  fullDays: number;
  /** "YYYY-MM" */
  key: string;
}

/** The `count` months ending with the month of `asOfDay`; the last one cut after `asOfDay`. */
export function monthSpans(asOfDay: number, count: number): MonthSpan[] {
  const asOf = civilFromDays(asOfDay);
  const spans: MonthSpan[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const index = asOf.year * 12 + (asOf.month - 1) - i;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    const firstDay = daysFromCivil(year, month, 1);
    const fullDays = daysInMonth(year, month);
    const endDay = i === 0 ? asOfDay + 1 : firstDay + fullDays;
    spans.push({ year, month, firstDay, endDay, fullDays, key: `${year}-${pad2(month)}` });
  }
  return spans;
}
