/**
 * Options of the sample generator and the derived period they describe.
 */
import { BusinessClock, formatTimestamp, monthSpans, moscowToday, parseIsoDay, SECONDS_PER_DAY, type MonthSpan } from "./time.ts";

export interface GenerateOptions {
  /** output directory (created if missing) */
  outDir: string;
  /** PRNG seed (unsigned 32-bit integer) */
  seed: number;
  /** last day of the sample, YYYY-MM-DD (Moscow); nothing is dated after it */
  asOf: string;
  /** months of history, the as-of month (partial) included */
  months: number;
  /** average tickets per month over the period (scale knob) */
  ticketsPerMonth: number;
  /** active clients at the as-of date */
  clients: number;
  /** plant deliberately invalid rows (listed in INVALID_ROWS.json) */
  invalid: boolean;
}

export const DEFAULT_OPTIONS: Omit<GenerateOptions, "asOf"> = {
  outDir: "data/sample",
  seed: 24,
  months: 24,
  ticketsPerMonth: 292,
  clients: 217,
  invalid: true,
};

export function resolveOptions(partial: Partial<GenerateOptions>): GenerateOptions {
  const options: GenerateOptions = { ...DEFAULT_OPTIONS, asOf: moscowToday(), ...stripUndefined(partial) };
  const checks: [boolean, string][] = [
    [Number.isInteger(options.seed) && options.seed >= 0 && options.seed <= 0xffffffff, "seed: целое число 0…4294967295"],
    [Number.isInteger(options.months) && options.months >= 1 && options.months <= 120, "months: целое число 1…120"],
    [Number.isFinite(options.ticketsPerMonth) && options.ticketsPerMonth > 0, "tickets-per-month: положительное число"],
    [Number.isInteger(options.clients) && options.clients >= 10, "clients: целое число не меньше 10"],
  ];
  for (const [ok, message] of checks) if (!ok) throw new Error(`Неверный параметр генератора: ${message}`);
  parseIsoDay(options.asOf);
  return options;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Everything the table generators share. */
export interface Context {
  options: GenerateOptions;
  asOfDay: number;
  /** the last Moscow-local second included in the sample (as-of day, 23:59:59) */
  endSeconds: number;
  months: MonthSpan[];
  periodStartDay: number;
  /** index into `months` of the one overloaded month, or -1 */
  overloadedMonth: number;
  clock: BusinessClock;
}

export function makeContext(options: GenerateOptions): Context {
  const asOfDay = parseIsoDay(options.asOf);
  const months = monthSpans(asOfDay, options.months);
  if (months[0]!.year < 2015) {
    // Europe/Moscow has been UTC+03:00 all year only since 26 October 2014
    throw new Error(`Неверный параметр генератора: период начинается в ${months[0]!.year} году, поддерживаются даты с 2015 года`);
  }
  return {
    options,
    asOfDay,
    endSeconds: (asOfDay + 1) * SECONDS_PER_DAY - 1,
    months,
    periodStartDay: months[0]!.firstDay,
    overloadedMonth: months.length >= 12 ? months.length - 8 : -1,
    clock: new BusinessClock(),
  };
}

export function endsAt(context: Context): string {
  return formatTimestamp(context.endSeconds);
}
