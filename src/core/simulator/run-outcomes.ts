/**
 * Step 4 of a run of the staffing model: each ticket's outcome counted by its arrival month and
 * priority — SLA met (resolution within the target; for emergencies also the response), resolved
 * within the calendar-day limit, the wait sum — and the backlog open at each month's end. (The
 * tickets and effort per month are counted as they are drawn, run-arrivals.ts.)
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

/** Count the outcomes of the tickets of month m (ws.buffers after the queue) into the workspace's tallies. */
function tallyMonth(model: PreparedModel, ws: RunWorkspace, m: number, from: number, to: number): void {
  const { met, withinLimit, backlog } = ws;
  const H = model.horizon;
  const target = model.targetMinutes;
  const limit = model.limitMinutes;
  const responseLimit = model.scenario.sla.emergencyResponseBusinessMinutes;
  // with non-queue breaches measured, the response clock is in them (sla-breaches.ts)
  const responseInBreaches = model.scenario.sla.nonQueueBreach?.emergency !== undefined;
  const monthBizStart = model.monthBusinessStart;
  const buf = ws.buffers;
  const bPrio = buf.priority;
  const bArr = buf.arrival;
  const bArrCal = buf.arrivalCalendar;
  const bFinish = buf.finish;
  const bStart = buf.start;
  const monthEndBiz = monthBizStart[m + 1]!;
  let waitSum = 0;
  let responseMet = 0;
  for (let i = from; i < to; i++) {
    const p = bPrio[i]!;
    const k = m * 3 + p;
    const a = bArr[i]!;
    const f = bFinish[i]!;
    const wait = bStart[i]! - a;
    waitSum += wait;
    const resolutionOk = f - a <= target[p]!;
    if (p === EMERGENCY_INDEX) {
      const responseOk = wait <= responseLimit;
      if (responseOk) responseMet++;
      if (resolutionOk && (responseOk || responseInBreaches)) met[k]!++;
    } else if (resolutionOk) met[k]!++;
    const lim = limit[p]!;
    if (lim !== Number.POSITIVE_INFINITY && f <= businessAtCalendar(model, bArrCal[i]! + lim)) withinLimit[k]!++;
    // open at the end of month m, m+1, …
    if (f > monthEndBiz) {
      let mm = m;
      while (mm < H && f > monthBizStart[mm + 1]!) {
        backlog[mm]!++;
        mm++;
      }
    }
  }
  ws.waitSum[m] = waitSum;
  ws.responseMet[m] = responseMet;
}

/** Count the outcomes of every month's tickets into the workspace's tallies. */
export function tallyOutcomes(model: PreparedModel, ws: RunWorkspace): void {
  clearTallies(ws);
  let from = 0;
  for (let m = 0; m < model.horizon; m++) {
    const to = ws.monthEnd[m]!;
    tallyMonth(model, ws, m, from, to);
    from = to;
  }
}
