/**
 * Step 2 of a run of the staffing model: the tickets of every month as a non-homogeneous Poisson
 * process (unit-rate points, their gaps drawn by the ziggurat of exponential-ziggurat.ts, mapped
 * through the month's cumulative intensity over hour cells), each with its business and calendar
 * arrival minute, priority and work (effort / productive share) into the workspace's ticket
 * buffers; the tickets per priority and the effort are summed per month on the way.
 */
import { CELL_LOOKUP_BINS, CELL_PARTIAL } from "./arrival-cells.js";
import { EFFORT_BINS, effortQuantile } from "./effort-table.js";
import { exponentialZiggurat } from "./exponential-ziggurat.js";
import type { PreparedModel } from "./model.js";
import type { Rng } from "./prng.js";
import type { RunWorkspace } from "./run-workspace.js";
import { ticketsForClients } from "./run-parameters.js";

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

/** Business minute of a ticket created `into` minutes into an hour cell the working window starts or ends in. */
function partialCellBusiness(model: PreparedModel, cell: number, into: number): number {
  const day = (cell / 24) | 0;
  return businessMinuteOf(model.dayWorkMinutes, model.cumBusiness, model.workdayStartMinute, day, (cell - day * 24) * 60 + into);
}

/**
 * The efforts of the tickets in [from, to) that fell in their priority's top bin (the long tail;
 * marked by a negative work holding −the bin position), computed exactly; returns their sum.
 * Out of the drawing loop, so the loop stays small enough for the compiler to inline the draws.
 */
function tailEfforts(model: PreparedModel, ws: RunWorkspace, from: number, to: number): number {
  const work = ws.buffers.work;
  const priority = ws.buffers.priority;
  let sum = 0;
  for (let i = from; i < to; i++) {
    if (!(work[i]! < 0)) continue;
    const p = priority[i]!;
    const effort = effortQuantile(model.lognormal, model.effortA[p]!, model.effortB[p]!, -work[i]! / EFFORT_BINS);
    work[i] = effort * (1 / model.scenario.productiveShare);
    sum += effort;
  }
  return sum;
}

/** Expected tickets of month m (the rate at the month's average clients, run-parameters.ts, × season). */
function expectedTickets(model: PreparedModel, ws: RunWorkspace, m: number): number {
  return ticketsForClients(model.scenario, ws.clientsAvg[m]!, ws.run.ticketElasticity) * model.seasonal[m]! * ws.run.seasonFactor[m]!;
}

/** Draw the tickets of every month into ws.buffers; returns their number. */
export function drawArrivals(model: PreparedModel, rng: Rng, ws: RunWorkspace): number {
  const H = model.horizon;
  const buf = ws.buffers;
  let expectedTotal = 0;
  for (let m = 0; m < H; m++) expectedTotal += expectedTickets(model, ws, m);
  buf.ensure(Math.ceil(expectedTotal + 6 * Math.sqrt(expectedTotal) + 64));
  // each priority's list (priority-lists.ts) is written as the tickets are drawn, room for all of them
  const lists = ws.queue;
  lists.ensure(buf.capacity, 1);
  lists.listEnd[0] = 0;
  lists.listEnd[1] = lists.capacity;
  lists.listEnd[2] = 2 * lists.capacity;
  ws.listsDrawn = true;
  ws.count.fill(0);
  let n = 0;
  for (let m = 0; m < H; m++) {
    const expected = expectedTickets(model, ws, m);
    ws.effortSum[m] = 0;
    if (expected > 0) n = drawMonthArrivals(model, rng, ws, m, expected, n);
    ws.monthEnd[m] = n;
  }
  return n;
}

/** The tickets of month m appended from index `n` on, counted by priority with their effort summed; returns the new count. */
function drawMonthArrivals(model: PreparedModel, rng: Rng, ws: RunWorkspace, m: number, expected: number, n: number): number {
  const buf = ws.buffers;
  const { cumShare, startShare, minutesPerShare, business, kind, slope, cellAt } = model.cells;
  const lookupFrom = m * CELL_LOOKUP_BINS;
  const pc0 = model.priorityCum[0]!;
  const pc1 = model.priorityCum[1]!;
  const pLow = model.priorityLow;
  const pScale = model.priorityScale;
  const table = model.effortTable;
  const workPerEffort = 1 / model.scenario.productiveShare;
  let arrivalArr = buf.arrival;
  let arrivalCal = buf.arrivalCalendar;
  let prioArr = buf.priority;
  let workArr = buf.work;
  let capacity = buf.capacity;
  const count = ws.count;
  const { ring, listEnd } = ws.queue;
  const list0 = listEnd[0]!, list1 = listEnd[1]!, list2 = listEnd[2]!;
  let effortSum = 0;
  let tails = 0;
  // the month's tickets per priority in registers (the emergencies are the rest)
  let standard = 0;
  let consultation = 0;
  const first = n;
  let t = exponentialZiggurat(rng);
  while (t < expected) {
    const u = t / expected;
    // the first cell with cumShare > u, from the share's bin in the lookup (usually no step left); not
    // from the previous ticket's cell: each ticket's search then waits for no earlier one
    let cell = cellAt[lookupFrom + ((u * CELL_LOOKUP_BINS) | 0)]!;
    while (cumShare[cell]! <= u) cell++;
    const into = (u - startShare[cell]!) * minutesPerShare[cell]!; // minutes into the cell
    const biz = kind[cell] === CELL_PARTIAL ? partialCellBusiness(model, cell, into) : business[cell]! + into * slope[cell]!;
    if (n >= capacity) {
      // more tickets than room: the lists are built after the draw instead
      ws.listsDrawn = false;
      buf.ensure(n + 1);
      arrivalArr = buf.arrival;
      arrivalCal = buf.arrivalCalendar;
      prioArr = buf.priority;
      workArr = buf.work;
      capacity = buf.capacity;
    }
    arrivalArr[n] = biz;
    arrivalCal[n] = cell * 60 + into;
    // one uniform: the priority, then the effort at the uniform's place inside the priority's share
    const r = rng.uniform();
    // r < pc0 → 0, r < pc1 → 1, else 2 (the comparisons as numbers: no branch on a random outcome)
    const p = +(r >= pc0) + +(r >= pc1);
    prioArr[n] = p;
    const x = (r - pLow[p]!) * pScale[p]! * EFFORT_BINS;
    const bin = x | 0;
    const at = p * (EFFORT_BINS + 1) + bin;
    const isStandard = p & 1, isConsultation = p >> 1;
    // the ticket's place in its priority's list, chosen by arithmetic (no branch on the priority)
    ring[(1 - isStandard - isConsultation) * (list0 + n - first - standard - consultation) + isStandard * (list1 + standard) + isConsultation * (list2 + consultation)] = n;
    standard += isStandard;
    consultation += isConsultation;
    if (bin < EFFORT_BINS - 1) {
      const effort = table[at]! + (x - bin) * (table[at + 1]! - table[at]!);
      workArr[n] = effort * workPerEffort;
      effortSum += effort;
    } else {
      // the top bin: its place is kept (negated) and the effort computed after the loop
      workArr[n] = -x;
      tails++;
    }
    n++;
    t += exponentialZiggurat(rng);
  }
  count[m * 3] = n - first - standard - consultation;
  count[m * 3 + 1] = standard;
  count[m * 3 + 2] = consultation;
  listEnd[0] = list0 + n - first - standard - consultation;
  listEnd[1] = list1 + standard;
  listEnd[2] = list2 + consultation;
  ws.effortSum[m] = effortSum + (tails > 0 ? tailEfforts(model, ws, first, n) : 0);
  return n;
}
