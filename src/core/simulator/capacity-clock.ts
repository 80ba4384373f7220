/**
 * The support queue while a support manager is away, as a change of clock: on a day when a of the
 * c support managers are absent and the head covers each at share s, the queue works at speed
 * (c − a + s·a) / c. Time on the «capacity clock» runs at that speed, the queue is simulated on it
 * unchanged (queue.ts), and its start and finish times are mapped back to business minutes. For one
 * agent this is exact (a preemptive-priority queue with a varying-speed server is the same queue
 * in the server's work time); with several agents it slows them all alike (an approximation).
 */
import type { AbsencePlan, AbsenceWorkspace } from "./absences.js";

/** Scratch of the clock, reused by every run. */
export class CapacityClock {
  /** capacity minute at the start of day d (length totalDays + 1) */
  cum = new Float64Array(0);
  /** speed of day d */
  rate = new Float64Array(0);
  /** the tickets' business-minute arrivals while the queue runs on the capacity clock */
  savedArrival = new Float64Array(0);
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

/** the day d with cumBiz[d] ≤ b < cumBiz[d + 1], searching from `from` on; totalDays past the end */
function dayOfBusiness(cumBiz: Float64Array, T: number, b: number, from: number): number {
  let d = from;
  while (d < T && cumBiz[d + 1]! <= b) d++;
  return d;
}

function toCapacity(clock: CapacityClock, cumBiz: Float64Array, T: number, b: number, d: number): number {
  return d >= T ? clock.cum[T]! + (b - cumBiz[T]!) : clock.cum[d]! + (b - cumBiz[d]!) * clock.rate[d]!;
}

/** How many days forward the way back walks before it turns to binary search (a wait is usually 0–2 days). */
const WALK_DAYS = 8;

/**
 * Capacity minute → business minute. `late`: the last business minute at that capacity (work
 * starts), else the first (work ends). `fromDay`: a day at or before the answer.
 */
function toBusiness(clock: CapacityClock, cumBiz: Float64Array, T: number, c: number, late: boolean, fromDay: number): number {
  const cum = clock.cum;
  if (c >= cum[T]! && (late || c > cum[T]!)) return cumBiz[T]! + (c - cum[T]!);
  // walk from the arrival's day (the answer is never before it): late — the last d with
  // cum[d] ≤ c; early — the first d with cum[d + 1] ≥ c; far away — binary search below
  let d = fromDay;
  let steps = 0;
  if (late) while (cum[d + 1]! <= c && steps < WALK_DAYS) (d++, steps++);
  else while (cum[d + 1]! < c && steps < WALK_DAYS) (d++, steps++);
  if (late ? !(cum[d + 1]! <= c) : !(cum[d + 1]! < c)) {
    const rate = clock.rate[d]!;
    return c <= cum[d]! || !(rate > 0) ? cumBiz[d]! : cumBiz[d]! + (c - cum[d]!) / rate;
  }
  let lo = 0;
  let hi = T;
  if (late) {
    // last d with cum[d] ≤ c
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! <= c) lo = mid;
      else hi = mid;
    }
  } else {
    // first d with cum[d + 1] ≥ c
    lo = -1;
    hi = T - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (cum[mid + 1]! >= c) hi = mid;
      else lo = mid;
    }
    lo = hi;
  }
  const rate = clock.rate[lo]!;
  return c <= cum[lo]! || !(rate > 0) ? cumBiz[lo]! : cumBiz[lo]! + (c - cum[lo]!) / rate;
}

/** Move the arrivals (ascending) and the agents' first minutes onto the capacity clock; the business arrivals are kept. */
export function arrivalsToCapacity(clock: CapacityClock, cumBiz: Float64Array, T: number, arrival: Float64Array, n: number, agentFrom: Float64Array): Float64Array {
  if (clock.savedArrival.length < n) clock.savedArrival = new Float64Array(Math.max(n, clock.savedArrival.length * 2));
  clock.savedArrival.set(arrival.subarray(0, n));
  if (clock.arrivalDay.length < n) clock.arrivalDay = new Int32Array(clock.savedArrival.length);
  const { slowFrom, slowUntil, lost } = clock;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const b = arrival[i]!;
    if (b < slowFrom) continue; // the clocks agree before the first slowed day
    if (b >= slowUntil) {
      arrival[i] = b - lost;
      continue;
    }
    d = dayOfBusiness(cumBiz, T, b, d);
    clock.arrivalDay[i] = d < T ? d : T - 1;
    arrival[i] = toCapacity(clock, cumBiz, T, b, d);
  }
  if (clock.agentFrom.length !== agentFrom.length) clock.agentFrom = new Float64Array(agentFrom.length);
  for (let k = 0; k < agentFrom.length; k++) clock.agentFrom[k] = toCapacity(clock, cumBiz, T, agentFrom[k]!, dayOfBusiness(cumBiz, T, agentFrom[k]!, 0));
  return clock.agentFrom;
}

/** Back to business minutes: arrivals restored, starts and finishes mapped (never before the arrival / the start). */
export function resultsToBusiness(clock: CapacityClock, cumBiz: Float64Array, T: number, arrival: Float64Array, start: Float64Array, finish: Float64Array, n: number): void {
  arrival.set(clock.savedArrival.subarray(0, n));
  const { slowFrom, slowUntil, lost } = clock;
  const capUntil = slowUntil - lost;
  for (let i = 0; i < n; i++) {
    const a = arrival[i]!;
    const f = finish[i]!;
    if (f < slowFrom) continue; // worked before the first slowed day: nothing to map
    const s0 = start[i]!;
    if (a >= slowUntil) {
      // after the last slowed day the clocks differ by a constant
      start[i] = Math.max(a, s0 + lost);
      finish[i] = f + lost;
      continue;
    }
    const day = a < slowFrom ? clock.firstSlowDay : clock.arrivalDay[i]!;
    const s = s0 < slowFrom ? s0 : s0 >= capUntil ? Math.max(a, s0 + lost) : Math.max(a, toBusiness(clock, cumBiz, T, s0, true, day));
    start[i] = s;
    finish[i] = Math.max(s, f > capUntil ? f + lost : toBusiness(clock, cumBiz, T, f, false, day));
  }
}
