/**
 * The Russian production calendar as data: `data/calendar/ru-YYYY.xml` (xmlcalendar.ru format)
 * plus `data/calendar/corrections.json`. See data/calendar/README.md for the format and rules.
 * A new year loads by dropping in a file; a date in a year without a file is an error naming it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const DEFAULT_CALENDAR_DIR = fileURLToPath(new URL("../../data/calendar/", import.meta.url));

/** work: full working day; short: working day shortened (pre-holiday); off: day off */
export type DayKind = "work" | "short" | "off";

/** Explicit kinds of one year's dates ("MM-DD" → kind); unlisted dates follow the weekday rule. */
export interface ProductionYear {
  year: number;
  source: string;
  explicit: Map<string, DayKind>;
}

export interface ProductionCalendar {
  dir: string;
  years: Map<number, ProductionYear>;
}

export class CalendarError extends Error {}

export function missingYearMessage(year: number, dir: string = "data/calendar"): string {
  const shown = dir.endsWith("/") ? dir.slice(0, -1) : dir;
  return `Производственный календарь не содержит ${year} год: добавьте ${shown}/ru-${year}.xml`;
}

interface XmlDay {
  monthDay: string; // "MM-DD"
  t: string;
  h?: string;
  f?: string; // "MM-DD"
}

const DAY_RE = /<day\b([^>]*?)\/?>/g;
const ATTR_RE = /(\w+)\s*=\s*"([^"]*)"/g;
const MONTH_DAY_RE = /^(\d{2})\.(\d{2})$/;

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(ATTR_RE)) out[m[1]!] = m[2]!;
  return out;
}

function monthDay(value: string, year: number, where: string): string {
  const m = MONTH_DAY_RE.exec(value);
  if (!m) throw new CalendarError(`${where}: дата «${value}» не в формате ММ.ДД`);
  const iso = `${year}-${m[1]}-${m[2]}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    throw new CalendarError(`${where}: несуществующая дата «${value}» в ${year} году`);
  }
  return `${m[1]}-${m[2]}`;
}

/** ISO weekday 1 (Monday) … 7 (Sunday) of a "YYYY-MM-DD" date. */
export function isoWeekday(isoDate: string): number {
  const day = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * Parse one ru-YYYY.xml. Rules (data/calendar/README.md): t=1 off, t=2 short, t=3 work; a weekend
 * date named in another day's `f` is a working day unless it is itself listed as a day off.
 */
export function parseProductionCalendarXml(
  xml: string,
  source: string,
  weekendDays: readonly number[] = [6, 7],
): ProductionYear {
  const yearMatch = /<calendar\b[^>]*\byear\s*=\s*"(\d{4})"/.exec(xml);
  if (!yearMatch) throw new CalendarError(`${source}: нет элемента <calendar year="ГГГГ">`);
  const year = Number(yearMatch[1]);
  const days: XmlDay[] = [];
  for (const m of xml.matchAll(DAY_RE)) {
    const a = attributes(m[1]!);
    const where = `${source}: <day${m[1]}>`;
    if (a.d === undefined || a.t === undefined) throw new CalendarError(`${where}: нужны атрибуты d и t`);
    if (!["1", "2", "3"].includes(a.t)) throw new CalendarError(`${where}: неизвестный тип дня t="${a.t}"`);
    days.push({
      monthDay: monthDay(a.d, year, where),
      t: a.t,
      h: a.h,
      f: a.f === undefined ? undefined : monthDay(a.f, year, where),
    });
  }
  const explicit = new Map<string, DayKind>();
  for (const day of days) {
    explicit.set(day.monthDay, day.t === "1" ? "off" : day.t === "2" ? "short" : "work");
  }
  for (const day of days) {
    if (day.f === undefined || explicit.has(day.f)) continue;
    if (weekendDays.includes(isoWeekday(`${year}-${day.f}`))) explicit.set(day.f, "work");
  }
  return { year, source, explicit };
}

interface CorrectionsFile {
  corrections: { date: string; kind: DayKind; source?: string }[];
}

const calendarCache = new Map<string, ProductionCalendar>();

/** Read every ru-YYYY.xml of `dir` and apply corrections.json (cached per dir and weekend set). */
export function loadProductionCalendar(
  dir: string = DEFAULT_CALENDAR_DIR,
  weekendDays: readonly number[] = [6, 7],
): ProductionCalendar {
  const key = `${dir}|${weekendDays.join(",")}`;
  const cached = calendarCache.get(key);
  if (cached) return cached;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new CalendarError(`Каталог производственного календаря ${dir} не читается (${(error as Error).message})`);
  }
  const years = new Map<number, ProductionYear>();
  for (const name of names.sort()) {
    const m = /^ru-(\d{4})\.xml$/.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    const parsed = parseProductionCalendarXml(readFileSync(path, "utf8"), path, weekendDays);
    if (parsed.year !== Number(m[1])) {
      throw new CalendarError(`${path}: в файле ${parsed.year} год, а в имени файла ${m[1]}`);
    }
    years.set(parsed.year, parsed);
  }
  const correctionsPath = join(dir, "corrections.json");
  if (names.includes("corrections.json")) {
    let file: CorrectionsFile;
    try {
      file = JSON.parse(readFileSync(correctionsPath, "utf8")) as CorrectionsFile;
    } catch (error) {
      throw new CalendarError(`${correctionsPath}: не удалось прочитать JSON (${(error as Error).message})`);
    }
    (file.corrections ?? []).forEach((c, index) => {
      const where = `${correctionsPath}: поправка №${index + 1}`;
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(c.date ?? "");
      if (!m) throw new CalendarError(`${where}: поле date «${c.date}» не в формате ГГГГ-ММ-ДД`);
      if (!["work", "short", "off"].includes(c.kind)) {
        throw new CalendarError(`${where}: поле kind «${c.kind}» должно быть work, short или off`);
      }
      const year = years.get(Number(m[1]));
      // a correction for a year without its file stays unused (the year is still an error)
      if (year) year.explicit.set(`${m[2]}-${m[3]}`, c.kind);
    });
  }
  const calendar = { dir, years };
  calendarCache.set(key, calendar);
  return calendar;
}

/** Kind of a "YYYY-MM-DD" date; throws for a year the calendar does not cover. */
export function productionDayKind(
  calendar: ProductionCalendar,
  isoDate: string,
  weekendDays: readonly number[] = [6, 7],
): DayKind {
  const year = Number(isoDate.slice(0, 4));
  const data = calendar.years.get(year);
  if (!data) throw new CalendarError(missingYearMessage(year));
  const explicit = data.explicit.get(isoDate.slice(5, 10));
  if (explicit) return explicit;
  return weekendDays.includes(isoWeekday(isoDate)) ? "off" : "work";
}

/** Throws the «не содержит ГГГГ год» error for the first year in [fromYear, toYear] without a file. */
export function assertYearsCovered(calendar: ProductionCalendar, fromYear: number, toYear: number): void {
  for (let year = fromYear; year <= toYear; year++) {
    if (!calendar.years.has(year)) throw new CalendarError(missingYearMessage(year));
  }
}
