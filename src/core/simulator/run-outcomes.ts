/**
 * Step 4 of a run of the staffing model: each ticket's outcome counted by its arrival month and
 * priority — SLA met (resolution within the target; for emergencies also the response), resolved
 * within the calendar-day limit, the wait sum — and the backlog open at each month's end, priority
 * by priority. (The tickets and effort per month are counted as they are drawn, run-arrivals.ts.)
 */
import type { PreparedModel } from "./model.js";
import type { RunWorkspace } from "./run-workspace.js";

/** priority index of emergencies (local copy: hot loops avoid module-binding lookups) */
const EMERGENCY_INDEX = 0;

/**
 * The business minute reached at calendar minute `calendarMinute` (from the horizon's start): the
 * day's business start plus the part of its working window already gone; past the horizon at
 * the horizon's average rate. A ticket finished at business minute f is within a calendar limit
 * ending at calendar minute X exactly when f ≤ businessAtCalendar(X).
 */
export function businessAtCalendar(model: PreparedModel, calendarMinute: number): number {
  const T = model.totalDays;
  const cumBiz = model.cumBusiness;
  const day = Math.floor(calendarMinute / 1440);
  if (day >= T) {
    const bizEnd = cumBiz[T]!;
    return bizEnd + (calendarMinute - T * 1440) * (bizEnd > 0 ? bizEnd / (T * 1440) : 1);
  }
  const into = calendarMinute - day * 1440 - model.workdayStartMinute;
  const window = model.dayWorkMinutes[day]!;
  return cumBiz[day]! + (into <= 0 ? 0 : into >= window ? window : into);
}

function clearTallies(ws: RunWorkspace): void {
  ws.met.fill(0);
  ws.withinLimit.fill(0);
  ws.responseMet.fill(0);
  ws.waitSum.fill(0);
  ws.backlog.fill(0);
}

/**
 * Count the outcomes of priority p's tickets month by month, walking its list (priority-lists.ts:
 * the tickets of month m are the next count[m × 3 + p] of it), so the priority's targets are
 * constants of the loop and its tallies local counters.
 */
function tallyPriority(model: PreparedModel, ws: RunWorkspace, p: number): void {
  const { met, withinLimit, backlog, count } = ws;
  const H = model.horizon;
  const target = model.targetMinutes[p]!;
  const lim = model.limitMinutes[p]!;
  const hasLimit = lim !== Number.POSITIVE_INFINITY;
  const emergency = p === EMERGENCY_INDEX;
  const responseLimit = model.scenario.sla.emergencyResponseBusinessMinutes;
  // with non-queue breaches measured, the response clock is in them (sla-breaches.ts)
  const responseInBreaches = model.scenario.sla.nonQueueBreach?.emergency !== undefined ? 1 : 0;
  const monthBizStart = model.monthBusinessStart;
  const { arrival: bArr, arrivalCalendar: bArrCal, finish: bFinish, start: bStart } = ws.buffers;
  const ring = ws.queue.ring;
  let j = p * ws.queue.capacity;
  for (let m = 0; m < H; m++) {
    const end = j + count[m * 3 + p]!;
    const monthEndBiz = monthBizStart[m + 1]!;
    const sure = model.limitSureMinutes[m * 3 + p]!;
    let waitSum = 0;
    let responseMet = 0;
    let ok = 0;
    let within = 0;
    for (; j < end; j++) {
      const i = ring[j]!;
      const a = bArr[i]!;
      const f = bFinish[i]!;
      const wait = bStart[i]! - a;
      waitSum += wait;
      const resolutionOk = +(f - a <= target);
      if (emergency) {
        const responseOk = +(wait <= responseLimit);
        responseMet += responseOk;
        ok += resolutionOk & (responseOk | responseInBreaches);
      } else ok += resolutionOk;
      // resolved within the limit's floor of business minutes: within it, no deadline to compute
      if (hasLimit) within += f - a <= sure ? 1 : +(f <= businessAtCalendar(model, bArrCal[i]! + lim));
      // open at the end of month m, m+1, …
      if (f > monthEndBiz) {
        let mm = m;
        while (mm < H && f > monthBizStart[mm + 1]!) {
          backlog[mm]!++;
          mm++;
        }
      }
    }
    met[m * 3 + p] = ok;
    withinLimit[m * 3 + p] = within;
    ws.waitSum[m] += waitSum;
    if (emergency) ws.responseMet[m] = responseMet;
  }
}

/** Count the outcomes of every month's tickets into the workspace's tallies (each priority's list in ws.queue: priority-lists.ts). */
export function tallyOutcomes(model: PreparedModel, ws: RunWorkspace): void {
  clearTallies(ws);
  for (let p = 0; p < 3; p++) tallyPriority(model, ws, p);
}
