/**
 * The support queue while a support manager is away, as a change of clock: on a day when a of the
 * c support managers are absent and the head covers each at share s, the queue works at speed
 * (c − a + s·a) / c. Time on the «capacity clock» runs at that speed, the queue is simulated on it
 * unchanged (queue.ts), and its start and finish times are mapped back to business minutes. For one
 * agent this is exact (a preemptive-priority queue with a varying-speed server is the same queue
 * in the server's work time); with several agents it slows them all alike (an approximation).
 * The engine runs the several-agent queue this way; the one-agent queue takes the same rates on
 * business minutes (slowed-days.ts), built from this clock.
 */
import type { AbsencePlan, AbsenceWorkspace } from "./absences.js";

/** Scratch of the clock, reused by every run. */
export class CapacityClock {
  /** capacity minute at the start of day d (length totalDays + 1) */
  cum = new Float64Array(0);
  /** speed of day d */
  rate = new Float64Array(0);
  /** [h]: the first day d with cum[d + 1] ≥ 60·h (where the way back starts looking for capacity minute c ≥ 60·h); built by resultsToBusiness, its only reader */
  hourDay = new Int32Array(0);
  /** the tickets' arrivals on the capacity clock (the queue's input; the business arrivals stay as they are) */
  arrival = new Float64Array(0);
  /** the business day of each arrival: where the way back starts looking */
  arrivalDay = new Int32Array(0);
  agentFrom = new Float64Array(0);
  /** capacity (= business) minute where the first slowed day starts: before it the clocks agree */
  slowFrom = 0;
  firstSlowDay = 0;
  /** business minute where the last slowed day ends, and the capacity lost by then: after it c = b − lost */
  slowUntil = 0;
  lost = 0;
}

/**
 * Build the clock for this run from the support managers' absences; false (and nothing to do)
 * when no support manager is away in the horizon.
 */
export function buildCapacityClock(
  clock: CapacityClock,
  plan: AbsencePlan,
  absences: AbsenceWorkspace,
  dayWork: Float64Array,
  supportStaff: Float64Array,
): boolean {
  const T = plan.totalDays;
  if (clock.cum.length !== T + 1) {
    clock.cum = new Float64Array(T + 1);
    clock.rate = new Float64Array(T);
  }
  const share = plan.model.headCoverShare;
  let first = -1;
  let last = -1;
  let business = 0;
  let slowUntil = 0;
  for (let d = 0; d < T; d++) {
    const away = absences.absent[d]!; // role 0: support_manager
    const c = supportStaff[plan.dayMonth[d]!]!;
    const rate = away > 0 && c > 0 ? (c - away + share * away) / c : 1;
    business += dayWork[d]!;
    if (rate !== 1 && dayWork[d]! > 0) {
      if (first < 0) first = d;
      last = d;
      slowUntil = business;
    }
    clock.rate[d] = rate;
    clock.cum[d + 1] = clock.cum[d]! + dayWork[d]! * rate;
  }
  if (first < 0) return false;
  clock.slowFrom = clock.cum[first]!;
  clock.firstSlowDay = first;
  clock.slowUntil = slowUntil;
  clock.lost = slowUntil - clock.cum[last + 1]!;
  return true;
}

/** clock.hourDay for the capacity minutes up to cum[T] */
function buildHourDay(clock: CapacityClock, T: number): void {
  const cum = clock.cum;
  const hours = Math.floor(cum[T]! / 60) + 1;
  if (clock.hourDay.length < hours) clock.hourDay = new Int32Array(Math.max(hours, 2 * clock.hourDay.length));
  const hourDay = clock.hourDay;
  let d = 0;
  for (let h = 0; h < hours; h++) {
    const c = 60 * h;
    while (d < T - 1 && cum[d + 1]! < c) d++;
    hourDay[h] = d;
  }
}

/** the day d with cumBiz[d] ≤ b < cumBiz[d + 1], searching from `from` on; totalDays past the end */
function dayOfBusiness(cumBiz: Float64Array, T: number, b: number, from: number): number {
  let d = from;
  while (d < T && cumBiz[d + 1]! <= b) d++;
  return d;
}

/** capacity minute of business minute b on day d (cumBiz[d] ≤ b < cumBiz[d + 1]; totalDays at or past the end) */
export function toCapacity(clock: CapacityClock, cumBiz: Float64Array, T: number, b: number, d: number): number {
  return d >= T ? clock.cum[T]! + (b - cumBiz[T]!) : clock.cum[d]! + (b - cumBiz[d]!) * clock.rate[d]!;
}

/**
 * Capacity minute → business minute. `late`: the last business minute at that capacity (work
 * starts), else the first (work ends). `fromDay`: a day at or before the answer. The day is the
 * first d ≥ fromDay with cum[d + 1] > c (late) or ≥ c (early): the first such day at all, found
 * from the capacity hour's first day (hourDay), unless fromDay comes after it.
 */
function toBusiness(clock: CapacityClock, cumBiz: Float64Array, T: number, c: number, late: boolean, fromDay: number): number {
  const cum = clock.cum;
  if (c >= cum[T]! && (late || c > cum[T]!)) return cumBiz[T]! + (c - cum[T]!);
  // an hour that surely starts at or before c (c / 60 rounded to nearest could reach the next hour)
  let d = clock.hourDay[c > 60 ? ((c - 1) / 60) | 0 : 0]!;
  if (d < fromDay) d = fromDay;
  if (late) while (cum[d + 1]! <= c) d++;
  else while (cum[d + 1]! < c) d++;
  const rate = clock.rate[d]!;
  return c <= cum[d]! || !(rate > 0) ? cumBiz[d]! : cumBiz[d]! + (c - cum[d]!) / rate;
}

/** The arrivals (ascending) and the agents' first minutes on the capacity clock: into clock.arrival, and the agents' returned. */
export function arrivalsToCapacity(clock: CapacityClock, cumBiz: Float64Array, T: number, arrival: Float64Array, n: number, agentFrom: Float64Array): Float64Array {
  if (clock.arrival.length < n) {
    clock.arrival = new Float64Array(Math.max(n, clock.arrival.length * 2));
    clock.arrivalDay = new Int32Array(clock.arrival.length);
  }
  const out = clock.arrival;
  const { slowFrom, slowUntil, lost } = clock;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const b = arrival[i]!;
    if (b < slowFrom) out[i] = b; // the clocks agree before the first slowed day
    else if (b >= slowUntil) out[i] = b - lost;
    else {
      d = dayOfBusiness(cumBiz, T, b, d);
      clock.arrivalDay[i] = d < T ? d : T - 1;
      out[i] = toCapacity(clock, cumBiz, T, b, d);
    }
  }
  if (clock.agentFrom.length !== agentFrom.length) clock.agentFrom = new Float64Array(agentFrom.length);
  for (let k = 0; k < agentFrom.length; k++) clock.agentFrom[k] = toCapacity(clock, cumBiz, T, agentFrom[k]!, dayOfBusiness(cumBiz, T, agentFrom[k]!, 0));
  return clock.agentFrom;
}

/** max(a, x) for finite a and x, by comparisons taken as numbers (whether a ticket waited is a random outcome: no branch on it) */
function notBefore(a: number, x: number): number {
  return x * +(x >= a) + a * +(x < a);
}

/** Back to business minutes: the starts and finishes of the queue on clock.arrival mapped (never before the arrival / the start). */
export function resultsToBusiness(clock: CapacityClock, cumBiz: Float64Array, T: number, arrival: Float64Array, start: Float64Array, finish: Float64Array, n: number): void {
  buildHourDay(clock, T);
  const { slowFrom, slowUntil, lost } = clock;
  const capUntil = slowUntil - lost;
  for (let i = 0; i < n; i++) {
    const a = arrival[i]!;
    const f = finish[i]!;
    if (f < slowFrom) continue; // worked before the first slowed day: nothing to map
    const s0 = start[i]!;
    if (a >= slowUntil) {
      // after the last slowed day the clocks differ by a constant
      start[i] = notBefore(a, s0 + lost);
      finish[i] = f + lost;
      continue;
    }
    const day = a < slowFrom ? clock.firstSlowDay : clock.arrivalDay[i]!;
    const s = s0 < slowFrom ? s0 : notBefore(a, s0 >= capUntil ? s0 + lost : toBusiness(clock, cumBiz, T, s0, true, day));
    start[i] = s;
    finish[i] = Math.max(s, f > capUntil ? f + lost : toBusiness(clock, cumBiz, T, f, false, day));
  }
}
