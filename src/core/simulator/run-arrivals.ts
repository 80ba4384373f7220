/**
 * Step 2 of a run of the staffing model: the tickets of every month as a non-homogeneous Poisson
 * process (unit-rate points mapped through the month's cumulative intensity over hour cells),
 * each with its business and calendar arrival minute, priority and effort, into the workspace's
 * ticket buffers.
 */
import type { PreparedModel } from "./model.js";
import type { Rng } from "./prng.js";
import type { RunWorkspace } from "./run-workspace.js";

/**
 * Business minute (since the first day) at which a ticket created on `day` at `minuteOfDay`
 * (local) can first be worked on: inside the window — that minute; before it — the window's
 * start; after it or on a day off — the start of the next working window.
 */
export function businessMinuteOf(dayWork: Float64Array, cumBiz: Float64Array, workdayStartMinute: number, day: number, minuteOfDay: number): number {
  const wm = dayWork[day]!;
  if (wm > 0 && minuteOfDay >= workdayStartMinute && minuteOfDay < workdayStartMinute + wm) return cumBiz[day]! + (minuteOfDay - workdayStartMinute);
  if (wm > 0 && minuteOfDay < workdayStartMinute) return cumBiz[day]!;
  return cumBiz[day + 1]!;
}

/** Expected tickets of month m (average clients × rate × season). */
function expectedTickets(model: PreparedModel, ws: RunWorkspace, m: number): number {
  return ws.clientsAvg[m]! * model.scenario.tickets.perClientMonth * model.seasonal[m]!;
}

/** Draw the tickets of every month into ws.buffers; returns their number. */
export function drawArrivals(model: PreparedModel, rng: Rng, ws: RunWorkspace): number {
  const H = model.horizon;
  const buf = ws.buffers;
  let expectedTotal = 0;
  for (let m = 0; m < H; m++) expectedTotal += expectedTickets(model, ws, m);
  buf.ensure(Math.ceil(expectedTotal + 6 * Math.sqrt(expectedTotal) + 64));
  let n = 0;
  for (let m = 0; m < H; m++) {
    const expected = expectedTickets(model, ws, m);
    if (expected > 0) n = drawMonthArrivals(model, rng, ws, m, expected, n);
  }
  return n;
}

/** The tickets of month m appended from index `n` on; returns the new count. */
function drawMonthArrivals(model: PreparedModel, rng: Rng, ws: RunWorkspace, m: number, expected: number, n: number): number {
  const buf = ws.buffers;
  const cum = model.cellCumShare;
  const cumBiz = model.cumBusiness;
  const dayWork = model.dayWorkMinutes;
  const startMin = model.workdayStartMinute;
  const pc0 = model.priorityCum[0]!;
  const pc1 = model.priorityCum[1]!;
  const effA = model.effortA;
  const effB = model.effortB;
  const lognormal = model.lognormal;
  const productive = model.scenario.productiveShare;
  let arrivalArr = buf.arrival;
  let arrivalCal = buf.arrivalCalendar;
  let prioArr = buf.priority;
  let effortArr = buf.effort;
  let workArr = buf.work;
  let monthArr = buf.month;
  let capacity = buf.capacity;
  const monthCell = model.monthFirstDay[m]! * 24;
  let cell = monthCell;
  let t = rng.exponential();
  while (t < expected) {
    const u = t / expected;
    while (cum[cell]! <= u) cell++;
    const prev = cell === monthCell ? 0 : cum[cell - 1]!;
    const frac = (u - prev) / (cum[cell]! - prev);
    const day = (cell / 24) | 0;
    const minuteOfDay = (cell - day * 24 + frac) * 60;
    const biz = businessMinuteOf(dayWork, cumBiz, startMin, day, minuteOfDay);
    if (n >= capacity) {
      buf.ensure(n + 1);
      arrivalArr = buf.arrival;
      arrivalCal = buf.arrivalCalendar;
      prioArr = buf.priority;
      effortArr = buf.effort;
      workArr = buf.work;
      monthArr = buf.month;
      capacity = buf.capacity;
    }
    arrivalArr[n] = biz;
    arrivalCal[n] = day * 1440 + minuteOfDay;
    const r = rng.uniform();
    const p = r < pc0 ? 0 : r < pc1 ? 1 : 2;
    prioArr[n] = p;
    const effort = lognormal ? Math.exp(effA[p]! + effB[p]! * rng.normal()) : effA[p]! * rng.exponential();
    effortArr[n] = effort;
    workArr[n] = effort / productive;
    monthArr[n] = m;
    n++;
    t += rng.exponential();
  }
  return n;
}
