/**
 * The hour cells of the horizon as the arrivals see them, prepared once per simulation: the
 * month's cumulative share of tickets at each cell's end (weekday × hour-of-day profiles, holidays
 * damped), where each cell's share starts, how many minutes one unit of share spans in it, and the
 * business minute a ticket created in it gets (the rule of businessMinuteOf, run-arrivals.ts:
 * inside the working window that minute, outside it the window's next start).
 */
import type { Scenario } from "./types.js";

/** how a cell's minutes map to business minutes */
export const CELL_CONSTANT = 0;
export const CELL_INSIDE = 1;
export const CELL_PARTIAL = 2;
/** bins per month of the lookup from a share to its cell (a power of two: bin j starts exactly at j / CELL_LOOKUP_BINS) */
export const CELL_LOOKUP_BINS = 8192;

export interface ArrivalCells {
  /** cumulative share of the month's tickets up to the end of the cell */
  cumShare: Float64Array;
  /** cumulative share at the start of the cell (0 for a month's first cell) */
  startShare: Float64Array;
  /** minutes of the cell per unit of share (60 / the cell's share; 0 for a cell of no tickets) */
  minutesPerShare: Float64Array;
  /** business minute of a ticket created at the cell's start */
  business: Float64Array;
  /** CELL_CONSTANT: the whole hour maps to `business`; CELL_INSIDE: business + minutes into the cell; CELL_PARTIAL: the window starts or ends inside the hour */
  kind: Uint8Array;
  /** minutes of business per minute into the cell: 1 for CELL_INSIDE, 0 otherwise (CELL_PARTIAL is mapped apart) */
  slope: Float64Array;
  /** [m × CELL_LOOKUP_BINS + j]: the first cell of month m whose cumShare exceeds j / CELL_LOOKUP_BINS (where the search for a share in bin j starts) */
  cellAt: Int32Array;
}

export interface CellDays {
  monthFirstDay: Int32Array;
  dayWorkMinutes: Float64Array;
  /** ISO weekday 1–7 of each day */
  dayWeekday: Uint8Array;
  cumBusiness: Float64Array;
  totalDays: number;
  months: ReadonlyArray<{ month: string }>;
}

function dayWeight(s: Scenario, isoWeekday: number, workMinutes: number, weekdayMean: number): number {
  const profile = s.tickets.weekdayProfile[isoWeekday - 1]!;
  const weekend = isoWeekday >= 6;
  if (workMinutes > 0) return weekend ? weekdayMean : profile; // a working Saturday behaves like an average weekday
  return weekend ? profile : profile * s.tickets.holidayFactor; // a holiday on a weekday
}

/** Arrival intensity over the hour cells, cumulative and normalised to 1 within each month. */
function cumulativeShares(scenario: Scenario, days: CellDays, horizon: number): Float64Array {
  const { monthFirstDay, dayWeekday, dayWorkMinutes } = days;
  const wp = scenario.tickets.weekdayProfile;
  const weekdayMean = (wp[0]! + wp[1]! + wp[2]! + wp[3]! + wp[4]!) / 5;
  const hp = scenario.tickets.hourProfile;
  const cumShare = new Float64Array(days.totalDays * 24);
  for (let m = 0; m < horizon; m++) {
    let sum = 0;
    for (let g = monthFirstDay[m]!; g < monthFirstDay[m + 1]!; g++) {
      const w = dayWeight(scenario, dayWeekday[g]!, dayWorkMinutes[g]!, weekdayMean);
      for (let h = 0; h < 24; h++) {
        sum += w * hp[h]!;
        cumShare[g * 24 + h] = sum;
      }
    }
    const end = monthFirstDay[m + 1]! * 24;
    if (!(sum > 0)) throw new RangeError(`профили обращений дают нулевую интенсивность в месяце ${days.months[m]!.month}`);
    for (let c = monthFirstDay[m]! * 24; c < end; c++) cumShare[c] = cumShare[c]! / sum;
    cumShare[end - 1] = 1;
  }
  return cumShare;
}

/** Each cell's business minute at its start and how its minutes map on (working window from `workdayStartMinute`). */
function cellBusiness(days: CellDays, workdayStartMinute: number): { business: Float64Array; kind: Uint8Array; slope: Float64Array } {
  const cells = days.totalDays * 24;
  const business = new Float64Array(cells);
  const kind = new Uint8Array(cells);
  for (let c = 0; c < cells; c++) {
    const day = (c / 24) | 0;
    const from = (c - day * 24) * 60 - workdayStartMinute; // minutes into the window at the cell's start
    const window = days.dayWorkMinutes[day]!;
    const cum = days.cumBusiness[day]!;
    if (window > 0 && from >= 0 && from + 60 <= window) {
      business[c] = cum + from;
      kind[c] = CELL_INSIDE;
    } else if (window > 0 && from < window && from + 60 > 0) {
      business[c] = from <= 0 ? cum : cum + from;
      kind[c] = CELL_PARTIAL;
    } else {
      business[c] = window > 0 && from + 60 <= 0 ? cum : days.cumBusiness[day + 1]!;
      kind[c] = CELL_CONSTANT;
    }
  }
  const slope = new Float64Array(cells);
  for (let c = 0; c < cells; c++) slope[c] = kind[c] === CELL_INSIDE ? 1 : 0;
  return { business, kind, slope };
}

/** The lookup from a share's bin to the first cell that can hold it, per month. */
function cellLookup(cumShare: Float64Array, monthFirstDay: Int32Array, horizon: number): Int32Array {
  const cellAt = new Int32Array(horizon * CELL_LOOKUP_BINS);
  for (let m = 0; m < horizon; m++) {
    let c = monthFirstDay[m]! * 24;
    for (let j = 0; j < CELL_LOOKUP_BINS; j++) {
      const from = j / CELL_LOOKUP_BINS;
      while (cumShare[c]! <= from) c++;
      cellAt[m * CELL_LOOKUP_BINS + j] = c;
    }
  }
  return cellAt;
}

export function arrivalCells(scenario: Scenario, days: CellDays, horizon: number, workdayStartMinute: number): ArrivalCells {
  const cumShare = cumulativeShares(scenario, days, horizon);
  const startShare = new Float64Array(cumShare.length);
  const minutesPerShare = new Float64Array(cumShare.length);
  for (let m = 0; m < horizon; m++) {
    for (let c = days.monthFirstDay[m]! * 24; c < days.monthFirstDay[m + 1]! * 24; c++) {
      startShare[c] = c === days.monthFirstDay[m]! * 24 ? 0 : cumShare[c - 1]!;
      const share = cumShare[c]! - startShare[c]!;
      minutesPerShare[c] = share > 0 ? 60 / share : 0;
    }
  }
  return { cumShare, startShare, minutesPerShare, ...cellBusiness(days, workdayStartMinute), cellAt: cellLookup(cumShare, days.monthFirstDay, horizon) };
}
