/**
 * Instants typed by people (e.g. `--as-of`): ISO 8601 with an offset ("2026-03-31T18:00:00+03:00",
 * "…Z") is that instant; without an offset it is wall-clock time of the calendar's time zone
 * ("2026-03-31T18:00" = 18:00 Moscow); a bare date is 00:00 of that day there.
 */
import { localWallClockMs } from "./business-calendar.ts";

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** UTC instant of a local wall-clock time in `timeZone` (exact for zones without DST gaps). */
export function zonedWallClockToUtc(wallClockMs: number, timeZone: string): Date {
  let guess = wallClockMs;
  for (let i = 0; i < 2; i++) {
    const offset = localWallClockMs(new Date(guess), timeZone) - guess;
    guess = wallClockMs - offset;
  }
  return new Date(guess);
}

/** Parse an ISO date-time; throws a Russian message naming `field` when it is not one. */
export function parseInstant(value: string, timeZone: string, field = "--as-of"): Date {
  const m = ISO_RE.exec(value.trim());
  const bad = () => new Error(`${field}: «${value}» — не дата ISO 8601 (например 2026-03-31T18:00:00+03:00)`);
  if (!m) throw bad();
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "0", zone] = m;
  const wallClockMs = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, Number(frac.padEnd(3, "0")));
  const check = new Date(wallClockMs);
  if (check.getUTCDate() !== +d! || check.getUTCMonth() !== +mo! - 1 || +h > 23 || +mi > 59 || +s > 59) throw bad();
  if (zone === undefined) return zonedWallClockToUtc(wallClockMs, timeZone);
  if (zone === "Z") return new Date(wallClockMs);
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return new Date(wallClockMs - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000);
}
