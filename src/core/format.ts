/**
 * ru-RU formats for every number and date the dashboard shows: «1 234,5», «93,4 %», «март 2026».
 * Numbers go through d3-format with an explicit locale (not Intl), so Node tests and every browser
 * print exactly the same characters: thousands are grouped with a no-break space (U+00A0), the
 * decimal separator is a comma, the minus sign is U+2212.
 */
import { formatLocale } from "d3";
import { addMonths, daysInMonth, MONTHS_GENITIVE_RU, MONTHS_RU as MONTHS_NOMINATIVE_RU, MONTHS_SHORT_RU, parseMonth } from "./months.js";

/** Text shown wherever a value is missing (null, undefined, NaN). */
export const NO_DATA_RU = "нет данных";

export const NBSP = "\u00a0";
const MINUS = "\u2212";

export function isMissing(value: unknown): value is null | undefined {
  return value === null || value === undefined || (typeof value === "number" && !Number.isFinite(value));
}

/** d3-format with the ru-RU conventions spelled out, so Node and every browser agree to the character. */
const RU_NUMBER_LOCALE = formatLocale({ decimal: ",", thousands: NBSP, grouping: [3], currency: ["", NBSP + "₽"], minus: MINUS });

/**
 * `value` rounded to `decimals` places as it is written, half away from zero: 130.35 → 130.4
 * (toFixed, which d3-format uses, rounds the binary double 130.3499… down to 130.3, so a table
 * and the sentence explaining it could disagree).
 */
export function roundDecimal(value: number, decimals: number): number {
  const written = String(Math.abs(value));
  // 1e-7, 1e21: already written with an exponent, beyond the places shown — left as it is
  if (written.includes("e")) return value;
  const magnitude = Math.round(Number(`${written}e${decimals}`));
  return Math.sign(value) * Number(`${magnitude}e-${decimals}`);
}

/** 1234.5 → «1 234,5»; `digits` fixed decimals (default: 0 for integers, else 1). */
export function formatNumber(value: number | null | undefined, digits?: number): string {
  if (isMissing(value)) return NO_DATA_RU;
  const decimals = digits ?? (Number.isInteger(value) ? 0 : 1);
  return RU_NUMBER_LOCALE.format(`,.${decimals}f`)(roundDecimal(value, decimals));
}

/** At most `maxDigits` decimals, trailing zeros dropped: (1234.5, 3) → «1 234,5», (95, 1) → «95». */
export function formatNumberUpTo(value: number | null | undefined, maxDigits: number): string {
  if (isMissing(value)) return NO_DATA_RU;
  return RU_NUMBER_LOCALE.format(`,.${maxDigits}~f`)(roundDecimal(value, maxDigits));
}

/** A range [low, high] with at most `maxDigits` decimals: «86,9–130,4», one number when the ends are equal. */
export function formatRangeUpTo([low, high]: readonly [number, number], maxDigits: number): string {
  return low === high ? formatNumberUpTo(low, maxDigits) : `${formatNumberUpTo(low, maxDigits)}–${formatNumberUpTo(high, maxDigits)}`;
}

/** A fraction 0–1 as percent: 0.934 → «93,4 %» (no-break space before %). */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (isMissing(fraction)) return NO_DATA_RU;
  return formatNumber(fraction * 100, digits) + NBSP + "%";
}

/** A change of a fraction in percentage points: 0.012 → «+1,2 п. п.». */
export function formatPointsChange(delta: number | null | undefined, digits = 1): string {
  if (isMissing(delta)) return NO_DATA_RU;
  const text = formatNumber(delta * 100, digits);
  return (delta * 100 > 0 && text !== formatNumber(0, digits) ? "+" : "") + text + NBSP + "п." + NBSP + "п.";
}

/** A signed change of a plain number: 12 → «+12», −3.5 → «−3,5». */
export function formatSignedNumber(delta: number | null | undefined, digits?: number): string {
  if (isMissing(delta)) return NO_DATA_RU;
  const text = formatNumber(delta, digits);
  return (delta > 0 && text !== formatNumber(0, digits) ? "+" : "") + text;
}

/** Hours with one decimal: 12.25 → «12,3 ч». */
export function formatHours(hours: number | null | undefined, digits = 1): string {
  if (isMissing(hours)) return NO_DATA_RU;
  return formatNumber(hours, digits) + NBSP + "ч";
}

/** Business minutes as hours and minutes: 95 → «1 ч 35 мин», 30 → «30 мин». */
export function formatDurationMinutes(minutes: number | null | undefined): string {
  if (isMissing(minutes)) return NO_DATA_RU;
  const total = Math.round(minutes);
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) return `${rest}${NBSP}мин`;
  if (rest === 0) return `${formatNumber(hours)}${NBSP}ч`;
  return `${formatNumber(hours)}${NBSP}ч ${rest}${NBSP}мин`;
}

/** [year, month 1–12] of "YYYY-MM" or of a longer ISO date ("2026-03-10…"). */
function yearAndMonth(monthOrDay: string): [number, number] {
  const { year, month } = parseMonth(monthOrDay.slice(0, 7));
  return [year, month];
}

/** "2026-03" → «марта 2026» (after «с», «до»: «с марта 2026»). */
export function formatMonthGenitive(month: string | null | undefined): string {
  if (!month) return NO_DATA_RU;
  const [year, monthNumber] = yearAndMonth(month);
  return `${MONTHS_GENITIVE_RU[monthNumber - 1]} ${year}`;
}

/** "2026-03" → «март 2026». */
export function formatMonth(month: string | null | undefined): string {
  if (!month) return NO_DATA_RU;
  const [year, monthNumber] = yearAndMonth(month);
  return `${MONTHS_NOMINATIVE_RU[monthNumber - 1]} ${year}`;
}

/** "2026-03" → «Март 2026» (for headings). */
export function formatMonthTitle(month: string | null | undefined): string {
  const text = formatMonth(month);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "2026-03" → «мар 2026» (for axes). */
export function formatMonthShort(month: string): string {
  const [year, monthNumber] = yearAndMonth(month);
  return `${MONTHS_SHORT_RU[monthNumber - 1]} ${year}`;
}

/** A Date (UTC midnight) or "YYYY-MM-DD" → «10 марта 2026». */
export function formatDay(day: Date | string | null | undefined): string {
  if (day === null || day === undefined) return NO_DATA_RU;
  const iso = typeof day === "string" ? day : day.toISOString();
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return NO_DATA_RU;
  return `${Number(match[3])} ${MONTHS_GENITIVE_RU[Number(match[2]) - 1]} ${match[1]}`;
}

/** The calendar day ("YYYY-MM-DD") of an instant in a time zone (default: the calendar's, Moscow). */
export function localDayOf(instant: Date | string, timeZone = "Europe/Moscow"): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new Error(`Неверный момент «${String(instant)}»`);
  // en-CA writes the day as YYYY-MM-DD
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

/** The calendar month ("YYYY-MM") of an instant in a time zone (default: Moscow). */
export function localMonthOf(instant: Date | string, timeZone = "Europe/Moscow"): string {
  return localDayOf(instant, timeZone).slice(0, 7);
}

/** An instant as the day it falls on in the time zone: 2026-11-24T22:30Z → «25 ноября 2026» (Moscow). */
export function formatInstantDay(instant: Date | string | null | undefined, timeZone = "Europe/Moscow"): string {
  if (instant === null || instant === undefined) return NO_DATA_RU;
  return formatDay(localDayOf(instant, timeZone));
}

/** A day without its year: «2026-05-18» → «18 мая» (where the year is clear from the context). */
export function formatDayMonth(day: string): string {
  return formatDayRange(day, day);
}

/** A range of days inside one month: («2026-03-10», «2026-03-14») → «10–14 марта». */
export function formatDayRange(first: string, last: string): string {
  const a = /^(\d{4})-(\d{2})-(\d{2})/.exec(first);
  const b = /^(\d{4})-(\d{2})-(\d{2})/.exec(last);
  if (!a || !b) return NO_DATA_RU;
  const monthA = MONTHS_GENITIVE_RU[Number(a[2]) - 1];
  const monthB = MONTHS_GENITIVE_RU[Number(b[2]) - 1];
  if (first.slice(0, 10) === last.slice(0, 10)) return `${Number(a[3])} ${monthA}`;
  if (a[1] === b[1] && a[2] === b[2]) return `${Number(a[3])}–${Number(b[3])} ${monthA}`;
  return `${Number(a[3])} ${monthA} – ${Number(b[3])} ${monthB}`;
}

/** "2026-03" shifted by n months: ("2026-01", −1) → "2025-12". */
export { addMonths };

/**
 * The last month the data covers completely at the as-of moment: a month is complete once the
 * as-of is at or after its last second (23:59:59 on its last day, in `timeZone`). The month of
 * asOf + 1 s, minus one: 2026-11-24T23:59:59 MSK → "2026-10"; 2026-11-30T23:59:59 MSK or
 * 2026-12-01T00:00 MSK → "2026-11"; 2026-11-30T12:00 MSK → "2026-10".
 */
export function lastCompleteMonthAt(asOf: Date | string, timeZone = "Europe/Moscow"): string {
  const instant = typeof asOf === "string" ? new Date(asOf) : asOf;
  return addMonths(localDayOf(new Date(instant.getTime() + 1000), timeZone).slice(0, 7), -1);
}

/**
 * The month a dashboard opens on: the last month complete at the as-of (lastCompleteMonthAt) when
 * the data has it, else the data's last month.
 */
export function defaultMonthOf(months: readonly string[], asOf: Date | string, timeZone = "Europe/Moscow"): string | undefined {
  const complete = lastCompleteMonthAt(asOf, timeZone);
  return months.includes(complete) ? complete : months.at(-1);
}

/** The note an incomplete month carries: «месяц не завершён: данные по 24 ноября». */
export function incompleteMonthNoteRu(asOf: Date | string, timeZone = "Europe/Moscow"): string {
  return `месяц не завершён: данные по ${formatDayMonth(localDayOf(asOf, timeZone))}`;
}

/** Days 1…`throughDay` of a month (capped at its length): ("2026-10", 24) → «1–24 октября»; with the year → «1–24 октября 2026». */
export function formatSameDaysRu(month: string, throughDay: number, { withYear = false }: { withYear?: boolean } = {}): string {
  const last = Math.min(throughDay, daysInMonth(month));
  const text = formatDayRange(`${month}-01`, `${month}-${String(last).padStart(2, "0")}`);
  return withYear ? `${text} ${month.slice(0, 4)}` : text;
}

/** Russian plural form: (5, ["обращение", "обращения", "обращений"]) → «обращений». */
export function pluralRu(n: number, forms: readonly [string, string, string]): string {
  const abs = Math.abs(Math.trunc(n));
  const mod10 = abs % 10;
  const mod100 = abs % 100;
  if (mod10 === 1 && mod100 !== 11) return forms[0];
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return forms[1];
  return forms[2];
}

/** Where a page's figures come from, by the last part of the path: «папка «sample»», or «хранилище «warehouse.duckdb»» for a warehouse. */
export function dataSourceRu(path: string | null | undefined, kind: "warehouse" | "folder" | null | undefined): string {
  const name = String(path ?? "").split(/[\\/]/).filter(Boolean).at(-1) ?? "—";
  return `${kind === "warehouse" ? "хранилище" : "папка"} «${name}»`;
}
