/**
 * The one-agent support queue on business minutes while the support manager is away: the working
 * days on which the queue runs slower than 1 (the capacity clock's rate, capacity-clock.ts) merged
 * into stretches of business minutes. Work that neither starts in nor reaches a stretch takes its
 * business minutes one for one; only work that touches a stretch is advanced day by day at the
 * days' rates. That is the capacity clock's change of time applied to the few services that need
 * it instead of mapping every ticket onto the clock and back: for one agent the same queue.
 */
import { toCapacity, type CapacityClock } from "./capacity-clock.js";

/** Scratch of the slowed stretches, reused by every run. */
export class SlowedDays {
  /** business minute where each slowed stretch starts and ends, ascending; after the last: +∞ */
  from = Float64Array.of(Number.POSITIVE_INFINITY);
  until = Float64Array.of(Number.POSITIVE_INFINITY);
  /** the stretch the queue is at: the first whose end is after the latest minute asked about */
  at = 0;
  /** the start of service (business minute) fixed by the last startOf / finishOf call */
  start = 0;
  clock: CapacityClock | null = null;
  cumBusiness: Float64Array = new Float64Array(1);
  totalDays = 0;
  /** [h]: the day business minute 60·h falls on (where a search for a minute of that hour starts), for cumBusiness */
  hourDay = new Int32Array(0);
  hourDayOf: Float64Array | null = null;
}

/** No slowed day: every service takes its work in business minutes. */
export function clearSlowedDays(sd: SlowedDays): void {
  sd.from[0] = Number.POSITIVE_INFINITY;
  sd.until[0] = Number.POSITIVE_INFINITY;
  sd.at = 0;
  sd.clock = null;
}

/** The stretches of the run's slowed working days (clock built by buildCapacityClock). */
export function buildSlowedDays(sd: SlowedDays, clock: CapacityClock, cumBiz: Float64Array, dayWork: Float64Array, T: number): void {
  if (sd.from.length < T + 1) {
    sd.from = new Float64Array(T + 1);
    sd.until = new Float64Array(T + 1);
  }
  const { from, until } = sd;
  const rate = clock.rate;
  let k = 0;
  for (let d = 0; d < T; d++) {
    if (rate[d] === 1 || !(dayWork[d]! > 0)) continue;
    if (k > 0 && until[k - 1] === cumBiz[d]) until[k - 1] = cumBiz[d + 1]!;
    else {
      from[k] = cumBiz[d]!;
      until[k] = cumBiz[d + 1]!;
      k++;
    }
  }
  from[k] = Number.POSITIVE_INFINITY;
  until[k] = Number.POSITIVE_INFINITY;
  sd.at = 0;
  sd.clock = clock;
  sd.cumBusiness = cumBiz;
  sd.totalDays = T;
  if (sd.hourDayOf !== cumBiz) buildHourDay(sd, cumBiz, T);
}

/** sd.hourDay for the business minutes of cumBiz (once per calendar: the workspace keeps it) */
function buildHourDay(sd: SlowedDays, cumBiz: Float64Array, T: number): void {
  const hours = Math.floor(cumBiz[T]! / 60) + 1;
  sd.hourDay = new Int32Array(hours);
  let d = 0;
  for (let h = 0; h < hours; h++) {
    while (d < T - 1 && cumBiz[d + 1]! <= 60 * h) d++;
    sd.hourDay[h] = d;
  }
  sd.hourDayOf = cumBiz;
}

/** the day d with cumBiz[d] ≤ b < cumBiz[d + 1] (totalDays at or past the end), from its hour's day on */
function dayOf(sd: SlowedDays, b: number): number {
  const cumBiz = sd.cumBusiness;
  const T = sd.totalDays;
  if (b >= cumBiz[T]!) return T;
  let d = sd.hourDay[(b / 60) | 0]!;
  while (cumBiz[d + 1]! <= b) d++;
  return d;
}

/**
 * Move the stretch pointer past the stretches that end at or before b. The queue asks about
 * ascending minutes (its events' order), never about a start moved past a stretch (sd.start):
 * tickets still arrive inside it.
 */
function reach(sd: SlowedDays, b: number): void {
  while (sd.until[sd.at]! <= b) sd.at++;
}

/**
 * The business minute at which work of `work` capacity minutes, offered from business minute `s`
 * on, is done; sd.start gets the minute it really starts (s, or the end of a stretch in which the
 * queue does not move at all: the head covers none of the absent time).
 */
export function finishOf(sd: SlowedDays, s: number, work: number): number {
  reach(sd, s);
  sd.start = s;
  if (s + work <= sd.from[sd.at]!) return s + work;
  const clock = sd.clock!;
  const cumBiz = sd.cumBusiness;
  const T = sd.totalDays;
  const { cum, rate } = clock;
  let d = dayOf(sd, s);
  if (d < T && !(rate[d]! > 0)) {
    while (d < T && !(rate[d]! > 0 && cumBiz[d + 1]! > cumBiz[d]!)) d++;
    sd.start = cumBiz[d]!;
  }
  const c = toCapacity(clock, cumBiz, T, sd.start, d) + work;
  if (c > cum[T]!) return cumBiz[T]! + (c - cum[T]!);
  while (cum[d + 1]! < c) d++;
  const r = rate[d]!;
  return c <= cum[d]! || !(r > 0) ? cumBiz[d]! : cumBiz[d]! + (c - cum[d]!) / r;
}

/** Capacity minutes of work done between business minutes a ≤ b (the rest of a preempted service). */
export function workBetween(sd: SlowedDays, a: number, b: number): number {
  reach(sd, a);
  if (b <= sd.from[sd.at]!) return b - a;
  const clock = sd.clock!;
  const cumBiz = sd.cumBusiness;
  const T = sd.totalDays;
  return toCapacity(clock, cumBiz, T, b, dayOf(sd, b)) - toCapacity(clock, cumBiz, T, a, dayOf(sd, a));
}
