/**
 * A floor under the business minutes a calendar-day limit leaves (run-outcomes.ts): for tickets
 * arriving in month m, the least of businessAtCalendar(X + limit) − businessAtCalendar(X) over the
 * month's calendar minutes X, less a rounding margin. A ticket resolved within that many business
 * minutes of its arrival is within the limit without computing its deadline. The difference is
 * piecewise linear in X, so its least value is at a corner: a working window's start or end, or
 * one `limit` before it, the horizon's end, or the month's bounds.
 */
import type { PreparedModel } from "./model.js";
import { businessAtCalendar } from "./run-outcomes.js";

/** minutes under the exact floor: far above the rounding of business minutes, far below a ticket's time */
const MARGIN_MINUTES = 1e-6;

/** [m]: the floor for tickets arriving in month m with a limit of `limitMinutes` calendar minutes (−∞: no limit) */
export function limitSureMinutes(model: PreparedModel, limitMinutes: number): Float64Array {
  const H = model.horizon;
  const out = new Float64Array(H).fill(Number.NEGATIVE_INFINITY);
  if (!Number.isFinite(limitMinutes)) return out;
  const gap = (x: number): number => businessAtCalendar(model, x + limitMinutes) - businessAtCalendar(model, x);
  for (let m = 0; m < H; m++) {
    const from = model.monthFirstDay[m]! * 1440;
    const to = model.monthFirstDay[m + 1]! * 1440;
    let least = Math.min(gap(from), gap(to));
    // the corners of both ends: every day whose window the limit can reach from inside the month
    const lastDay = Math.min(model.totalDays - 1, Math.floor((to + limitMinutes) / 1440));
    for (let d = model.monthFirstDay[m]!; d <= lastDay; d++) {
      const open = d * 1440 + model.workdayStartMinute;
      for (const corner of [open, open + model.dayWorkMinutes[d]!]) {
        for (const x of [corner, corner - limitMinutes]) if (x >= from && x < to) least = Math.min(least, gap(x));
      }
    }
    // where the horizon ends, businessAtCalendar goes on at the horizon's average rate
    for (const x of [model.totalDays * 1440, model.totalDays * 1440 - limitMinutes]) if (x >= from && x < to) least = Math.min(least, gap(x));
    out[m] = least - MARGIN_MINUTES;
  }
  return out;
}
