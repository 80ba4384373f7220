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
  agentFrom = new Float64Array(0);
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
  let any = false;
  for (let d = 0; d < T; d++) {
    const away = absences.absent[d]!; // role 0: support_manager
    const c = supportStaff[plan.dayMonth[d]!]!;
    const rate = away > 0 && c > 0 ? (c - away + share * away) / c : 1;
    if (rate !== 1 && dayWork[d]! > 0) any = true;
    clock.rate[d] = rate;
    clock.cum[d + 1] = clock.cum[d]! + dayWork[d]! * rate;
  }
  return any;
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

/** Capacity minute → business minute. `late`: the last business minute at that capacity (work starts), else the first (work ends). */
function toBusiness(clock: CapacityClock, cumBiz: Float64Array, T: number, c: number, late: boolean): number {
  const cum = clock.cum;
  if (c >= cum[T]! && (late || c > cum[T]!)) return cumBiz[T]! + (c - cum[T]!);
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
  let d = 0;
  for (let i = 0; i < n; i++) {
    const b = arrival[i]!;
    d = dayOfBusiness(cumBiz, T, b, d);
    arrival[i] = toCapacity(clock, cumBiz, T, b, d);
  }
  if (clock.agentFrom.length !== agentFrom.length) clock.agentFrom = new Float64Array(agentFrom.length);
  for (let k = 0; k < agentFrom.length; k++) clock.agentFrom[k] = toCapacity(clock, cumBiz, T, agentFrom[k]!, dayOfBusiness(cumBiz, T, agentFrom[k]!, 0));
  return clock.agentFrom;
}

/** Back to business minutes: arrivals restored, starts and finishes mapped (never before the arrival / the start). */
export function resultsToBusiness(clock: CapacityClock, cumBiz: Float64Array, T: number, arrival: Float64Array, start: Float64Array, finish: Float64Array, n: number): void {
  arrival.set(clock.savedArrival.subarray(0, n));
  for (let i = 0; i < n; i++) {
    const s = Math.max(arrival[i]!, toBusiness(clock, cumBiz, T, start[i]!, true));
    start[i] = s;
    finish[i] = Math.max(s, toBusiness(clock, cumBiz, T, finish[i]!, false));
  }
}
