/**
 * Absences of the department's people in one run of the staffing model: annual paid leave
 * (Трудовой кодекс РФ, ст. 115: 28 calendar days a year; ст. 125: in parts, one of them at least
 * 14 days; ст. 120: non-working holidays inside a leave are not counted in it) — the scheduled
 * parts where the scenario gives them, the rest of each 12 months placed at random — and sick
 * leave (Poisson episodes of a fixed length). Only the staff at the start are modelled: a hire
 * has no right to leave in his first six months (ст. 122).
 *
 * Output per run: absent people per role per day, and per month the absent working days, the
 * absent norm minutes and the role's capacity after cover (the head covers the support manager
 * and the МОС at `headCoverShare` of his time; a backup engineer, when there is one, the engineer;
 * nobody the implementation manager). Draws come from their own stream, so turning absences on
 * leaves every other draw of the run as it was.
 */
import { Rng } from "./prng.js";
import { MAX_LEAVE_DAYS } from "./scenario-bounds.js";
import { MONTH_METRICS, SIM_ROLES, type AbsenceModel, type MonthMetric, type SimRole } from "./types.js";

/** days of one leave year: leave is placed in 12-month windows from the horizon's start */
export const LEAVE_YEAR_DAYS = 365;
const ROLE_COUNT = 4;
/** a different stream from the run's own (runSeed values never collide with it by construction) */
const ABSENCE_STREAM = 0x6a09e667;

/** Everything fixed for one simulation. */
export interface AbsencePlan {
  model: AbsenceModel;
  horizon: number;
  totalDays: number;
  monthFirstDay: Int32Array;
  /** a full-time employee's norm on each day, minutes (0: day off) */
  dayNormMinutes: Float64Array;
  /** month index of each day */
  dayMonth: Uint8Array;
  /** a full-time employee's norm of each month, minutes (the sum of its days' norms) */
  monthNormMinutes: Float64Array;
  /** 1 on a non-working weekday (a holiday: not counted in a leave) */
  holiday: Uint8Array;
  /** people at the start, per role (SIM_ROLES order) */
  persons: Int32Array;
  /** scheduled parts per role (first person): [startDay, calendar days] pairs, day index from the horizon's start */
  scheduled: number[][];
}

/**
 * A day's norm: the month's legal norm spread over its working days in proportion to their working
 * window (a shortened day has a shorter window), so the days of a month add up to its norm exactly.
 */
function dayNorms(monthFirstDay: Int32Array, dayWorkMinutes: Float64Array, monthNormMinutes: Float64Array): Float64Array {
  const out = new Float64Array(dayWorkMinutes.length);
  for (let m = 0; m + 1 < monthFirstDay.length; m++) {
    let work = 0;
    let days = 0;
    for (let d = monthFirstDay[m]!; d < monthFirstDay[m + 1]!; d++) if (dayWorkMinutes[d]! > 0) ((work += dayWorkMinutes[d]!), days++);
    // norm = Σ (window − g) over the working days
    const g = days > 0 ? (work - monthNormMinutes[m]!) / days : 0;
    for (let d = monthFirstDay[m]!; d < monthFirstDay[m + 1]!; d++) out[d] = dayWorkMinutes[d]! > 0 ? dayWorkMinutes[d]! - g : 0;
  }
  return out;
}

/** day index (from the horizon's start) of a "YYYY-MM" (its first working day) or "YYYY-MM-DD" */
function scheduledStartDay(start: string, startMonth: string, monthFirstDay: Int32Array, dayWork: Float64Array): number {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(start);
  if (!m) throw new RangeError(`сценарий: absences.schedule: начало «${start}» должно быть ГГГГ-ММ или ГГГГ-ММ-ДД`);
  const [sy, sm] = startMonth.split("-").map(Number) as [number, number];
  const month = (Number(m[1]) - sy) * 12 + (Number(m[2]) - sm);
  if (month < 0 || month + 1 >= monthFirstDay.length) return -1;
  if (m[3] !== undefined) return monthFirstDay[month]! + Number(m[3]) - 1;
  let d = monthFirstDay[month]!;
  while (d < monthFirstDay[month + 1]! - 1 && dayWork[d]! === 0) d++;
  return d;
}

export function validateAbsences(a: AbsenceModel): void {
  const num = (v: number, name: string, max = Number.POSITIVE_INFINITY): void => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > max) throw new RangeError(`сценарий: поле absences.${name} должно быть числом от 0 до ${max}, получено ${JSON.stringify(v)}`);
  };
  num(a.leaveDaysPerYear, "leaveDaysPerYear", MAX_LEAVE_DAYS);
  num(a.leaveLongestPartMinDays, "leaveLongestPartMinDays", a.leaveDaysPerYear);
  num(a.sickEpisodesPerYear, "sickEpisodesPerYear", 50);
  num(a.sickEpisodeDays, "sickEpisodeDays", 120);
  num(a.headCoverShare, "headCoverShare", 1);
  a.schedule.forEach((part, i) => {
    if (!SIM_ROLES.includes(part.role)) throw new RangeError(`сценарий: absences.schedule[${i}].role «${part.role}» — неизвестная роль`);
    if (!Number.isInteger(part.days) || part.days < 1 || part.days > a.leaveDaysPerYear) {
      throw new RangeError(`сценарий: absences.schedule[${i}].days должно быть целым от 1 до ${a.leaveDaysPerYear}, получено ${JSON.stringify(part.days)}`);
    }
  });
}

export function prepareAbsences(
  model: AbsenceModel,
  startMonth: string,
  staff: Record<SimRole, number>,
  monthFirstDay: Int32Array,
  dayWorkMinutes: Float64Array,
  dayWeekday: Uint8Array,
  monthNormMinutes: Float64Array,
): AbsencePlan | null {
  if (!model.enabled) return null;
  validateAbsences(model);
  const totalDays = dayWorkMinutes.length;
  const holiday = new Uint8Array(totalDays);
  for (let d = 0; d < totalDays; d++) holiday[d] = dayWorkMinutes[d]! === 0 && dayWeekday[d]! <= 5 ? 1 : 0;
  const scheduled = SIM_ROLES.map((role) =>
    model.schedule
      .filter((part) => part.role === role)
      .flatMap((part) => {
        const day = scheduledStartDay(part.start, startMonth, monthFirstDay, dayWorkMinutes);
        return day >= 0 && day < totalDays ? [day, part.days] : [];
      }),
  );
  const dayMonth = new Uint8Array(totalDays);
  for (let m = 0; m + 1 < monthFirstDay.length; m++) dayMonth.fill(m, monthFirstDay[m]!, monthFirstDay[m + 1]!);
  const dayNormMinutes = dayNorms(monthFirstDay, dayWorkMinutes, monthNormMinutes);
  const monthNorm = new Float64Array(monthFirstDay.length - 1);
  for (let m = 0; m < monthNorm.length; m++) for (let d = monthFirstDay[m]!; d < monthFirstDay[m + 1]!; d++) monthNorm[m]! += dayNormMinutes[d]!;
  return {
    model,
    horizon: monthFirstDay.length - 1,
    dayMonth,
    totalDays,
    monthFirstDay,
    dayNormMinutes,
    monthNormMinutes: monthNorm,
    holiday,
    persons: Int32Array.from(SIM_ROLES.map((r) => Math.round(staff[r]))),
    scheduled,
  };
}

/**
 * Split `days` of leave into parts: when `needLong`, one part of at least `minLong` (uniform
 * length), the rest in one or two parts (even odds), in random order.
 */
export function splitLeave(rng: Rng, days: number, needLong: boolean, minLong: number): number[] {
  if (days <= 0) return [];
  const parts: number[] = [];
  let rest = days;
  if (needLong) {
    const long = days <= minLong ? days : minLong + Math.floor(rng.uniform() * (days - minLong + 1));
    parts.push(long);
    rest -= long;
  }
  if (rest >= 2 && rng.uniform() < 0.5) {
    const a = 1 + Math.floor(rng.uniform() * (rest - 1));
    parts.push(a, rest - a);
  } else if (rest > 0) parts.push(rest);
  if (parts.length > 1 && rng.uniform() < 0.5) parts.reverse();
  return parts;
}

/** calendar days a leave of `days` counted days takes from `start` on (holidays inside extend it) */
export function leaveSpan(holiday: Uint8Array, start: number, days: number): number {
  let counted = 0;
  let d = start;
  while (counted < days) {
    if (!(d < holiday.length && holiday[d] === 1)) counted++;
    d++;
  }
  return d - start;
}

/** Scratch of one simulation, reused by every run. */
export class AbsenceWorkspace {
  /** absent people per role per day: [role × totalDays + day] */
  absent = new Uint8Array(0);
  /** per role and month [role × horizon + month]: absent working days, absent norm minutes, capacity minutes after cover */
  absentDays = new Float64Array(0);
  absentNorm = new Float64Array(0);
  capacityMinutes = new Float64Array(0);
  /** one person's leave days in the current leave-year window (plus the spill-over), window-relative: 1 = taken */
  taken = new Uint8Array(2 * LEAVE_YEAR_DAYS);

  ensure(plan: AbsencePlan): void {
    if (this.absent.length !== ROLE_COUNT * plan.totalDays) this.absent = new Uint8Array(ROLE_COUNT * plan.totalDays);
    if (this.absentDays.length !== ROLE_COUNT * plan.horizon) {
      this.absentDays = new Float64Array(ROLE_COUNT * plan.horizon);
      this.absentNorm = new Float64Array(ROLE_COUNT * plan.horizon);
      this.capacityMinutes = new Float64Array(ROLE_COUNT * plan.horizon);
    }
  }
}

/** Mark `span` days from `start` (absolute day) as absent for role r, once per person (`taken` is window-relative). */
function markAbsent(plan: AbsencePlan, ws: AbsenceWorkspace, r: number, start: number, span: number, windowStart: number): void {
  const T = plan.totalDays;
  for (let d = start; d < start + span; d++) {
    const w = d - windowStart;
    if (w >= 0 && w < ws.taken.length) {
      if (ws.taken[w] === 1) continue;
      ws.taken[w] = 1;
    }
    if (d >= 0 && d < T) ws.absent[r * T + d]!++;
  }
}

/** Is [start − 1, start + span] free in the window (one free day between parts)? */
function isFree(ws: AbsenceWorkspace, start: number, span: number): boolean {
  const from = Math.max(0, start - 1);
  const to = Math.min(ws.taken.length, start + span + 1);
  for (let w = from; w < to; w++) if (ws.taken[w] === 1) return false;
  return true;
}

/** One person's leave in the 12-month window from `windowStart`: scheduled parts, the rest at random. */
function drawLeaveYear(plan: AbsencePlan, ws: AbsenceWorkspace, rng: Rng, r: number, person: number, windowStart: number): void {
  const a = plan.model;
  ws.taken.fill(0);
  let scheduledDays = 0;
  let hasLong = false;
  if (person === 0) {
    const s = plan.scheduled[r]!;
    for (let i = 0; i < s.length; i += 2) {
      const start = s[i]!;
      if (start < windowStart || start >= windowStart + LEAVE_YEAR_DAYS) continue;
      const span = leaveSpan(plan.holiday, start, s[i + 1]!);
      markAbsent(plan, ws, r, start, span, windowStart);
      scheduledDays += s[i + 1]!;
      if (s[i + 1]! >= a.leaveLongestPartMinDays) hasLong = true;
    }
  }
  const parts = splitLeave(rng, a.leaveDaysPerYear - scheduledDays, !hasLong, a.leaveLongestPartMinDays);
  for (const days of parts) {
    let placed = false;
    for (let attempt = 0; attempt < 64 && !placed; attempt++) {
      const offset = Math.floor(rng.uniform() * (LEAVE_YEAR_DAYS - days));
      const span = leaveSpan(plan.holiday, windowStart + offset, days);
      if (offset + span <= LEAVE_YEAR_DAYS && isFree(ws, offset, span)) {
        markAbsent(plan, ws, r, windowStart + offset, span, windowStart);
        placed = true;
      }
    }
    // a crowded year: the part goes to the first free stretch (never lost)
    for (let offset = 0; !placed && offset < LEAVE_YEAR_DAYS; offset++) {
      const span = leaveSpan(plan.holiday, windowStart + offset, days);
      if (isFree(ws, offset, span)) {
        markAbsent(plan, ws, r, windowStart + offset, span, windowStart);
        placed = true;
      }
    }
  }
}

/** Sick-leave episodes of one person over the horizon (days already absent stay counted once). */
function drawSickLeave(plan: AbsencePlan, ws: AbsenceWorkspace, rng: Rng, r: number): void {
  const a = plan.model;
  const T = plan.totalDays;
  const episodes = rng.poisson((a.sickEpisodesPerYear * T) / LEAVE_YEAR_DAYS);
  for (let e = 0; e < episodes; e++) {
    const start = Math.floor(rng.uniform() * T);
    const end = Math.min(T, start + Math.round(a.sickEpisodeDays));
    for (let d = start; d < end; d++) if (ws.absent[r * T + d]! < plan.persons[r]!) ws.absent[r * T + d]!++;
  }
}

/**
 * Draw every absence of one run (seeded by the run's seed on a stream of its own) and sum them per
 * role and month. `staffByMonth` is the role's headcount in each month (hires included).
 */
export function drawAbsences(plan: AbsencePlan, runSeed: number, ws: AbsenceWorkspace, staffByMonth: readonly Float64Array[]): void {
  ws.ensure(plan);
  ws.absent.fill(0);
  const rng = new Rng((runSeed ^ ABSENCE_STREAM) >>> 0);
  const T = plan.totalDays;
  for (let r = 0; r < ROLE_COUNT; r++) {
    for (let person = 0; person < plan.persons[r]!; person++) {
      for (let windowStart = 0; windowStart < T; windowStart += LEAVE_YEAR_DAYS) drawLeaveYear(plan, ws, rng, r, person, windowStart);
      drawSickLeave(plan, ws, rng, r);
    }
  }
  sumByMonth(plan, ws, staffByMonth);
}

/** Per role and month: absent working days and norm minutes, and the capacity left after cover. */
export function sumByMonth(plan: AbsencePlan, ws: AbsenceWorkspace, staffByMonth: readonly Float64Array[]): void {
  const T = plan.totalDays;
  const H = plan.horizon;
  const share = plan.model.headCoverShare;
  for (let r = 0; r < ROLE_COUNT; r++) {
    // the part of an absent person's norm nobody makes up
    const uncovered = r === 0 || r === 1 ? 1 - share : r === 3 && plan.model.engineerBackup ? 0 : 1;
    for (let m = 0; m < H; m++) {
      let days = 0;
      let norm = 0;
      for (let d = plan.monthFirstDay[m]!; d < plan.monthFirstDay[m + 1]!; d++) {
        const n = plan.dayNormMinutes[d]!;
        const away = ws.absent[r * T + d]!;
        if (away > 0 && n > 0) {
          days += away;
          norm += away * n;
        }
      }
      ws.absentDays[r * H + m] = days;
      ws.absentNorm[r * H + m] = norm;
      ws.capacityMinutes[r * H + m] = staffByMonth[r]![m]! * plan.monthNormMinutes[m]! - uncovered * norm;
    }
  }
}

/** Minutes of the head's time spent covering in month m: his share of the absent support manager's and МОС's norm. */
export function headCoverMinutes(plan: AbsencePlan, ws: AbsenceWorkspace, m: number): number {
  return plan.model.headCoverShare * (ws.absentNorm[m]! + ws.absentNorm[plan.horizon + m]!);
}

const IDX = Object.fromEntries(MONTH_METRICS.map((name, i) => [name, i])) as Record<MonthMetric, number>;
const ABSENT_DAYS = SIM_ROLES.map((r) => IDX[`absent_days_${r}` as MonthMetric]);
const LOAD_PRESENT = SIM_ROLES.map((r) => IDX[`load_present_${r}` as MonthMetric]);

/**
 * Month m's absence metrics into `out` at `o`: absent working days per role, the head's cover
 * hours (and their share of his norm × productive share), and each role's load on the time of
 * those at work: its hours / ((staff × norm − the absent norm nobody covers) × productive share);
 * NaN when nobody of the role is at work. Without absences the load equals the utilization.
 */
export function writeAbsenceMonth(
  plan: AbsencePlan | null,
  ws: AbsenceWorkspace,
  m: number,
  staff: Record<SimRole, Float64Array>,
  normMinutes: number,
  productive: number,
  roleHours: Float64Array,
  out: Float64Array,
  o: number,
): void {
  const H = plan ? plan.horizon : 0;
  for (let r = 0; r < ROLE_COUNT; r++) {
    const people = staff[SIM_ROLES[r]!][m]!;
    const capacity = plan ? ws.capacityMinutes[r * H + m]! : people * normMinutes;
    out[o + ABSENT_DAYS[r]!] = plan ? ws.absentDays[r * H + m]! : 0;
    out[o + LOAD_PRESENT[r]!] = people > 0 && capacity > 1e-6 ? roleHours[r]! / ((capacity / 60) * productive) : Number.NaN;
  }
  const cover = plan ? headCoverMinutes(plan, ws, m) / 60 : 0;
  out[o + IDX.head_cover_hours] = cover;
  out[o + IDX.util_head_cover] = cover / ((normMinutes / 60) * productive);
}
