/**
 * Step 4 of a run of the staffing model: each ticket's outcome counted by its arrival month and
 * priority — SLA met (resolution within the target; for emergencies also the response), resolved
 * within the calendar-day limit, wait and effort sums — and the backlog open at each month's end.
 */
import type { PreparedModel } from "./model.js";
import type { RunWorkspace } from "./run-workspace.js";

/** priority index of emergencies (local copy: hot loops avoid module-binding lookups) */
const EMERGENCY_INDEX = 0;

function clearTallies(ws: RunWorkspace): void {
  ws.count.fill(0);
  ws.met.fill(0);
  ws.withinLimit.fill(0);
  ws.responseMet.fill(0);
  ws.waitSum.fill(0);
  ws.effortSum.fill(0);
  ws.backlog.fill(0);
}

/** Count the outcomes of the run's `n` tickets (ws.buffers after the queue) into the workspace's tallies. */
export function tallyOutcomes(model: PreparedModel, ws: RunWorkspace, n: number): void {
  clearTallies(ws);
  const { count, met, withinLimit, responseMet, waitSum, effortSum, backlog } = ws;
  const H = model.horizon;
  const cumBiz = model.cumBusiness;
  const startMin = model.workdayStartMinute;
  const target = model.targetMinutes;
  const limit = model.limitMinutes;
  const responseLimit = model.scenario.sla.emergencyResponseBusinessMinutes;
  const totalDays = model.totalDays;
  const bizEnd = cumBiz[totalDays]!;
  const businessPerCalendarMinute = bizEnd > 0 ? bizEnd / (totalDays * 1440) : 1;
  const monthBizStart = model.monthBusinessStart;
  const buf = ws.buffers;
  const bMonth = buf.month;
  const bPrio = buf.priority;
  const bArr = buf.arrival;
  const bArrCal = buf.arrivalCalendar;
  const bFinish = buf.finish;
  const bStart = buf.start;
  const bEffort = buf.effort;
  for (let i = 0; i < n; i++) {
    const m = bMonth[i]!;
    const p = bPrio[i]!;
    const k = m * 3 + p;
    const a = bArr[i]!;
    const f = bFinish[i]!;
    const wait = bStart[i]! - a;
    count[k]!++;
    waitSum[m]! += wait;
    effortSum[m]! += bEffort[i]!;
    const resolutionOk = f - a <= target[p]!;
    if (p === EMERGENCY_INDEX) {
      const responseOk = wait <= responseLimit;
      if (responseOk) responseMet[m]!++;
      if (resolutionOk && responseOk) met[k]!++;
    } else if (resolutionOk) met[k]!++;
    const lim = limit[p]!;
    if (lim !== Number.POSITIVE_INFINITY) {
      // business minute of the resolution → calendar minute
      let finishCalendar: number;
      if (f >= bizEnd) finishCalendar = totalDays * 1440 + (f - bizEnd) / businessPerCalendarMinute;
      else {
        // the day holding business minute f: the last d with cumBiz[d] < f, found by galloping
        // forward from the arrival day (usually 0–2 steps; O(log days) for a long wait)
        let lo = (bArrCal[i]! / 1440) | 0;
        let step = 1;
        let hi = lo + 1;
        while (hi < totalDays && cumBiz[hi]! < f) {
          lo = hi;
          step *= 2;
          hi = lo + step;
        }
        if (hi > totalDays) hi = totalDays;
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (cumBiz[mid]! < f) lo = mid;
          else hi = mid;
        }
        finishCalendar = lo * 1440 + startMin + (f - cumBiz[lo]!);
      }
      if (finishCalendar - bArrCal[i]! <= lim) withinLimit[k]!++;
    }
    // open at the end of month m, m+1, …
    let mm = m;
    while (mm < H && f > monthBizStart[mm + 1]!) {
      backlog[mm]!++;
      mm++;
    }
  }
}
