/**
 * Everything the staffing model derives once per simulation from the scenario and the calendar
 * (the day and hour-cell tables, staff per month, the effort and SLA parameters): the per-run
 * code (engine.ts and the run-*.ts steps) only reads it.
 */
import { prepareAbsences, type AbsencePlan } from "./absences.js";
import { arrivalCells, type ArrivalCells } from "./arrival-cells.js";
import { effortTables } from "./effort-table.js";
import { limitSureMinutes } from "./limit-sure.js";
import { addMonths, daysInMonth, monthsBetween, parseMonth } from "../months.js";
import { MONTH_METRICS, PRIORITY_NAMES, SIM_ROLES, type CalendarMonth, type Scenario, type SimRole, type WorkingCalendar } from "./types.js";
import { validateScenario } from "./validate-scenario.js";
import { sliceCalendar, staffNormMinutesOf } from "./working-calendar.js";

export const METRIC_COUNT = MONTH_METRICS.length;

/** Everything derived once per simulation from the scenario and the calendar. */
export interface PreparedModel {
  scenario: Scenario;
  months: CalendarMonth[];
  horizon: number;
  workdayStartMinute: number;
  totalDays: number;
  dayWorkMinutes: Float64Array;
  /** business minute at the start of day d (length totalDays + 1) */
  cumBusiness: Float64Array;
  monthFirstDay: Int32Array;
  monthBusinessStart: Float64Array;
  monthBusinessMinutes: Float64Array;
  monthCalendarDays: Float64Array;
  /** one full-time employee's norm of working time in the month, minutes: the capacity behind utilization */
  monthStaffNormMinutes: Float64Array;
  /** days with working time in the month (the production calendar's working days): the base of weeksInMonth */
  monthWorkingDays: Float64Array;
  /** calendar days of the months before the horizon whose projects can still run into it: [month −1, month −2, …] */
  preHorizonMonthDays: Float64Array;
  /** the hour cells of the horizon: shares of the month's tickets and business minutes (arrival-cells.ts) */
  cells: ArrivalCells;
  seasonal: Float64Array;
  staff: Record<SimRole, Float64Array>;
  /** the staff per month of each role in SIM_ROLES order */
  staffByRole: Float64Array[];
  supportAgentFrom: Float64Array;
  priorityCum: Float64Array;
  /** start of each priority's share of [0, 1) and 1 / the share (0 for a priority of no tickets) */
  priorityLow: Float64Array;
  priorityScale: Float64Array;
  effortA: Float64Array;
  effortB: Float64Array;
  lognormal: boolean;
  /** the effort's quantile tables by priority (effort-table.ts) */
  effortTable: Float64Array;
  targetMinutes: Float64Array;
  limitMinutes: Float64Array;
  /** [m × 3 + p]: business minutes within which a ticket of month m is surely within priority p's limit (limit-sure.ts) */
  limitSureMinutes: Float64Array;
  complianceTarget: Float64Array;
  slaMissPriority: Uint8Array;
  targetNewPerMonth: number;
  targetMonthIndex: number;
  /** absences and cover (absences.ts); null when the scenario turns them off */
  absences: AbsencePlan | null;
}

interface CalendarDays {
  months: CalendarMonth[];
  totalDays: number;
  monthFirstDay: Int32Array;
  dayWorkMinutes: Float64Array;
  /** ISO weekday 1–7 of each day */
  dayWeekday: Uint8Array;
  cumBusiness: Float64Array;
}

/** The horizon's days: working minutes, weekday and cumulative business minutes of each. */
function calendarDays(scenario: Scenario, calendar: WorkingCalendar): CalendarDays {
  const horizon = scenario.horizonMonths;
  const months = sliceCalendar(calendar, scenario.startMonth, horizon);
  let totalDays = 0;
  const monthFirstDay = new Int32Array(horizon + 1);
  for (let m = 0; m < horizon; m++) {
    const cm = months[m]!;
    if (cm.workingMinutesByDay.length !== daysInMonth(cm.month)) {
      throw new RangeError(`календарь: в месяце ${cm.month} ${cm.workingMinutesByDay.length} дней вместо ${daysInMonth(cm.month)}`);
    }
    monthFirstDay[m] = totalDays;
    totalDays += cm.workingMinutesByDay.length;
  }
  monthFirstDay[horizon] = totalDays;
  const dayWorkMinutes = new Float64Array(totalDays);
  const dayWeekday = new Uint8Array(totalDays);
  const cumBusiness = new Float64Array(totalDays + 1);
  for (let m = 0; m < horizon; m++) {
    const cm = months[m]!;
    for (let d = 0; d < cm.workingMinutesByDay.length; d++) {
      const g = monthFirstDay[m]! + d;
      const minutes = cm.workingMinutesByDay[d]!;
      if (!(minutes >= 0 && minutes <= 1440)) throw new RangeError(`календарь: ${cm.month}, день ${d + 1}: рабочих минут ${minutes}`);
      dayWorkMinutes[g] = minutes;
      dayWeekday[g] = ((cm.firstWeekday - 1 + d) % 7) + 1;
      cumBusiness[g + 1] = cumBusiness[g]! + minutes;
    }
  }
  return { months, totalDays, monthFirstDay, dayWorkMinutes, dayWeekday, cumBusiness };
}

/** Per month: business minutes (start and length), calendar days and one employee's norm. */
function monthTotals(days: CalendarDays, horizon: number) {
  const { months, monthFirstDay, cumBusiness } = days;
  const monthBusinessStart = new Float64Array(horizon + 1);
  const monthBusinessMinutes = new Float64Array(horizon);
  const monthCalendarDays = new Float64Array(horizon);
  const monthStaffNormMinutes = new Float64Array(horizon);
  const monthWorkingDays = new Float64Array(horizon);
  for (let m = 0; m <= horizon; m++) monthBusinessStart[m] = cumBusiness[monthFirstDay[m]!]!;
  for (let m = 0; m < horizon; m++) {
    monthWorkingDays[m] = months[m]!.workingMinutesByDay.filter((minutes) => minutes > 0).length;
    monthBusinessMinutes[m] = monthBusinessStart[m + 1]! - monthBusinessStart[m]!;
    monthCalendarDays[m] = monthFirstDay[m + 1]! - monthFirstDay[m]!;
    const norm = staffNormMinutesOf(months[m]!);
    if (!(Number.isFinite(norm) && norm >= 0)) throw new RangeError(`календарь: ${months[m]!.month}: норма рабочего времени ${norm}`);
    monthStaffNormMinutes[m] = norm;
  }
  return { monthBusinessStart, monthBusinessMinutes, monthCalendarDays, monthStaffNormMinutes, monthWorkingDays };
}

/** Staff per role per month (a hire counts from its month + ramp-up) and the support agents' first business minutes. */
function staffByMonth(scenario: Scenario, horizon: number, monthBusinessStart: Float64Array) {
  const ramp = Math.round(scenario.hiring.rampUpMonths);
  const staff = {} as Record<SimRole, Float64Array>;
  for (const role of SIM_ROLES) staff[role] = new Float64Array(horizon).fill(scenario.staff[role]);
  const supportFrom: number[] = new Array<number>(Math.round(scenario.staff.support_manager)).fill(0);
  for (const hire of scenario.hires) {
    const productive = monthsBetween(scenario.startMonth, hire.month) + ramp;
    if (productive >= horizon) continue;
    const from = Math.max(0, productive);
    for (let m = from; m < horizon; m++) staff[hire.role][m]!++;
    if (hire.role === "support_manager") supportFrom.push(monthBusinessStart[from]!);
  }
  return { staff, supportAgentFrom: new Float64Array(supportFrom) };
}

/** Priority mix, effort parameters and the SLA targets as typed arrays by priority index. */
function ticketParameters(scenario: Scenario) {
  const mix = scenario.tickets.priorityMix;
  const mixTotal = mix.emergency + mix.standard + mix.consultation;
  const priorityCum = new Float64Array([mix.emergency / mixTotal, (mix.emergency + mix.standard) / mixTotal, 1]);
  const effortA = new Float64Array(3);
  const effortB = new Float64Array(3);
  const lognormal = scenario.effort.distribution === "lognormal";
  PRIORITY_NAMES.forEach((p, i) => {
    if (scenario.effort.distribution === "lognormal") {
      effortA[i] = scenario.effort.byPriority[p].mu;
      effortB[i] = scenario.effort.byPriority[p].sigma;
    } else {
      effortA[i] = scenario.effort.meanMinutes[p];
    }
  });
  const priorityLow = new Float64Array([0, priorityCum[0]!, priorityCum[1]!]);
  const priorityScale = priorityCum.map((hi, p) => (hi > priorityLow[p]! ? 1 / (hi - priorityLow[p]!) : 0));
  const sla = scenario.sla;
  return {
    priorityCum,
    priorityLow,
    priorityScale,
    effortA,
    effortB,
    lognormal,
    effortTable: effortTables(lognormal, effortA, effortB),
    targetMinutes: new Float64Array(PRIORITY_NAMES.map((p) => sla.targetBusinessMinutes[p])),
    limitMinutes: new Float64Array(PRIORITY_NAMES.map((p) => (sla.limitCalendarDays[p] ?? Number.POSITIVE_INFINITY) * 1440)),
    complianceTarget: new Float64Array(PRIORITY_NAMES.map((p) => sla.complianceTarget[p])),
    slaMissPriority: new Uint8Array(PRIORITY_NAMES.map((p) => (scenario.hiring.slaMissPriorities.includes(p) ? 1 : 0))),
  };
}

/** New clients a month on the way to a target, and the index of the target's month (−1 without one). */
function growthTarget(scenario: Scenario): { targetNewPerMonth: number; targetMonthIndex: number } {
  if (scenario.clients.growth.mode !== "target") return { targetNewPerMonth: 0, targetMonthIndex: -1 };
  const targetMonthIndex = monthsBetween(scenario.startMonth, scenario.clients.growth.byMonth);
  const steps = Math.max(1, targetMonthIndex + 1);
  return { targetNewPerMonth: Math.max(0, (scenario.clients.growth.target - scenario.clients.initial) / steps), targetMonthIndex };
}

export function prepareModel(scenario: Scenario, calendar: WorkingCalendar): PreparedModel {
  validateScenario(scenario);
  const horizon = scenario.horizonMonths;
  const days = calendarDays(scenario, calendar);
  const totals = monthTotals(days, horizon);
  // the months before the horizon whose projects may still be running when it starts (a month has ≥ 28 days)
  const preHorizonMonthDays = new Float64Array(Math.ceil((scenario.projects.weeks * 7) / 28));
  for (let k = 0; k < preHorizonMonthDays.length; k++) preHorizonMonthDays[k] = daysInMonth(addMonths(scenario.startMonth, -(k + 1)));
  const seasonal = new Float64Array(horizon);
  for (let m = 0; m < horizon; m++) seasonal[m] = scenario.tickets.seasonalProfile[parseMonth(days.months[m]!.month).month - 1]!;
  const { staff, supportAgentFrom } = staffByMonth(scenario, horizon, totals.monthBusinessStart);
  const model: PreparedModel = {
    scenario,
    months: days.months,
    horizon,
    workdayStartMinute: calendar.workdayStartMinute,
    totalDays: days.totalDays,
    dayWorkMinutes: days.dayWorkMinutes,
    cumBusiness: days.cumBusiness,
    monthFirstDay: days.monthFirstDay,
    ...totals,
    preHorizonMonthDays,
    cells: arrivalCells(scenario, days, horizon, calendar.workdayStartMinute),
    seasonal,
    staff,
    staffByRole: SIM_ROLES.map((r) => staff[r]),
    supportAgentFrom,
    ...ticketParameters(scenario),
    ...growthTarget(scenario),
    absences: prepareAbsences(scenario.absences, scenario.startMonth, scenario.staff, days.monthFirstDay, days.dayWorkMinutes, days.dayWeekday, totals.monthStaffNormMinutes),
    limitSureMinutes: new Float64Array(0),
  };
  model.limitSureMinutes = new Float64Array(horizon * 3);
  for (let p = 0; p < 3; p++) {
    const sure = limitSureMinutes(model, model.limitMinutes[p]!);
    for (let m = 0; m < horizon; m++) model.limitSureMinutes[m * 3 + p] = sure[m]!;
  }
  return model;
}
