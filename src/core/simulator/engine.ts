/**
 * The Monte Carlo staffing model. One run simulates the horizon month by month:
 *   clients (new from projects or a target path, churn) → ticket arrivals (a non-homogeneous
 *   Poisson process over the hours of the month: weekday × hour-of-day × season) → priority and
 *   effort → the support queue on business minutes (queue.ts) → SLA, backlog, utilization;
 *   plus the МОС portfolio, concurrent implementation projects and the engineer's visits; the
 *   people's leave and sick leave (absences.ts) slow the support queue (capacity-clock.ts).
 * Pure TypeScript without Node imports: it runs in Node (tests, CLI, bench) and in a Web Worker.
 * Ticket data lives in typed arrays reused across runs.
 */
import { AbsenceWorkspace, drawAbsences, prepareAbsences, writeAbsenceMonth, type AbsencePlan } from "./absences.js";
import { TicketBuffers } from "./buffers.js";
import { CapacityClock, arrivalsToCapacity, buildCapacityClock, resultsToBusiness } from "./capacity-clock.js";
import { addMonths, daysInMonth, monthsBetween, parseMonth } from "../months.js";
import { Rng, runSeed } from "./prng.js";
import { drawCount } from "./dispersed-counts.js";
import { drawRunParameters, ticketsForClients } from "./run-parameters.js";
import { applyNonQueueBreaches } from "./sla-breaches.js";
import { QueueWorkspace, runQueue } from "./queue.js";
import {
  MONTH_METRICS,
  PRIORITY_NAMES,
  PROJECT_VISIT_KINDS,
  SIM_ROLES,
  type CalendarMonth,
  type MonthMetric,
  type Scenario,
  type SimRole,
  type WorkingCalendar,
} from "./types.js";
import { sliceCalendar, staffNormMinutesOf } from "./working-calendar.js";
import { onboardingHours, weeklyTaskHours } from "../workload.js";

export const METRIC_COUNT = MONTH_METRICS.length;
/** priority index of emergencies (local copy: hot loops avoid module-binding lookups) */
const EMERGENCY_INDEX = 0;
const M = Object.fromEntries(MONTH_METRICS.map((name, i) => [name, i])) as Record<MonthMetric, number>;

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
  /** per hour cell of the horizon: cumulative share of the month's tickets up to the end of the cell */
  cellCumShare: Float64Array;
  seasonal: Float64Array;
  staff: Record<SimRole, Float64Array>;
  supportAgentFrom: Float64Array;
  priorityCum: Float64Array;
  effortA: Float64Array;
  effortB: Float64Array;
  lognormal: boolean;
  targetMinutes: Float64Array;
  limitMinutes: Float64Array;
  complianceTarget: Float64Array;
  slaMissPriority: Uint8Array;
  targetNewPerMonth: number;
  targetMonthIndex: number;
  /** absences and cover (absences.ts); null when the scenario turns them off */
  absences: AbsencePlan | null;
}

function assertFinite(value: number, name: string, min = 0): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new RangeError(`сценарий: поле ${name} должно быть числом ≥ ${min}, получено ${JSON.stringify(value)}`);
  }
}

function assertProfile(values: number[], length: number, name: string): void {
  if (!Array.isArray(values) || values.length !== length) throw new RangeError(`сценарий: ${name} должен содержать ${length} чисел`);
  values.forEach((v, i) => assertFinite(v, `${name}[${i}]`));
  if (!values.some((v) => v > 0)) throw new RangeError(`сценарий: в ${name} нет ни одного положительного значения`);
}

/** Check a scenario's numbers; the message names the field. */
export function validateScenario(s: Scenario): void {
  parseMonth(s.startMonth);
  if (!Number.isInteger(s.horizonMonths) || s.horizonMonths < 1 || s.horizonMonths > 36) {
    throw new RangeError(`сценарий: горизонт horizonMonths должен быть целым от 1 до 36, получено ${s.horizonMonths}`);
  }
  assertFinite(s.clients.initial, "clients.initial");
  assertFinite(s.clients.churnRatePerMonth, "clients.churnRatePerMonth");
  if (s.clients.churnRatePerMonth > 1) throw new RangeError("сценарий: clients.churnRatePerMonth должен быть ≤ 1");
  assertFinite(s.clients.newClientsPerProject, "clients.newClientsPerProject");
  if (s.clients.growth.mode === "target") {
    assertFinite(s.clients.growth.target, "clients.growth.target");
    parseMonth(s.clients.growth.byMonth);
  }
  assertFinite(s.tickets.perClientMonth, "tickets.perClientMonth");
  for (const p of PRIORITY_NAMES) assertFinite(s.tickets.priorityMix[p], `tickets.priorityMix.${p}`);
  if (!(PRIORITY_NAMES.reduce((a, p) => a + s.tickets.priorityMix[p], 0) > 0)) throw new RangeError("сценарий: сумма tickets.priorityMix должна быть > 0");
  assertProfile(s.tickets.weekdayProfile, 7, "tickets.weekdayProfile");
  assertProfile(s.tickets.hourProfile, 24, "tickets.hourProfile");
  assertProfile(s.tickets.seasonalProfile, 12, "tickets.seasonalProfile");
  assertFinite(s.tickets.holidayFactor, "tickets.holidayFactor");
  for (const p of PRIORITY_NAMES) {
    if (s.effort.distribution === "lognormal") {
      assertFinite(s.effort.byPriority[p].mu, `effort.byPriority.${p}.mu`, -50);
      assertFinite(s.effort.byPriority[p].sigma, `effort.byPriority.${p}.sigma`);
    } else {
      assertFinite(s.effort.meanMinutes[p], `effort.meanMinutes.${p}`);
    }
  }
  for (const r of SIM_ROLES) assertFinite(s.staff[r], `staff.${r}`);
  if (!(s.staff.support_manager >= 1)) throw new RangeError("сценарий: staff.support_manager должен быть ≥ 1");
  for (const [i, h] of s.hires.entries()) {
    if (!SIM_ROLES.includes(h.role)) throw new RangeError(`сценарий: hires[${i}].role «${h.role}» — неизвестная роль`);
    parseMonth(h.month);
  }
  assertFinite(s.productiveShare, "productiveShare");
  if (!(s.productiveShare > 0 && s.productiveShare <= 1)) throw new RangeError("сценарий: productiveShare должен быть в (0; 1]");
  assertFinite(s.projects.perMonth, "projects.perMonth");
  assertFinite(s.projects.weeks, "projects.weeks");
  assertFinite(s.projects.implementationHoursPerProjectWeek, "projects.implementationHoursPerProjectWeek");
  for (const k of PROJECT_VISIT_KINDS) assertFinite(s.projects.visitsPerProject[k], `projects.visitsPerProject.${k}`);
  assertFinite(s.maintenanceVisitsPerClientPerQuarter, "maintenanceVisitsPerClientPerQuarter");
  assertFinite(s.emergencyVisitsPerEmergencyTicket, "emergencyVisitsPerEmergencyTicket");
  assertFinite(s.hiring.leadTimeMonths, "hiring.leadTimeMonths");
  assertFinite(s.hiring.rampUpMonths, "hiring.rampUpMonths");
  assertFinite(s.hiring.slaMissProbabilityThreshold, "hiring.slaMissProbabilityThreshold");
}

function dayWeight(s: Scenario, isoWeekday: number, workMinutes: number, weekdayMean: number): number {
  const profile = s.tickets.weekdayProfile[isoWeekday - 1]!;
  const weekend = isoWeekday >= 6;
  if (workMinutes > 0) return weekend ? weekdayMean : profile; // a working Saturday behaves like an average weekday
  return weekend ? profile : profile * s.tickets.holidayFactor; // a holiday on a weekday
}

export function prepareModel(scenario: Scenario, calendar: WorkingCalendar): PreparedModel {
  validateScenario(scenario);
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
  const monthBusinessStart = new Float64Array(horizon + 1);
  const monthBusinessMinutes = new Float64Array(horizon);
  const monthCalendarDays = new Float64Array(horizon);
  for (let m = 0; m <= horizon; m++) monthBusinessStart[m] = cumBusiness[monthFirstDay[m]!]!;
  const monthStaffNormMinutes = new Float64Array(horizon);
  const monthWorkingDays = new Float64Array(horizon);
  for (let m = 0; m < horizon; m++) {
    monthWorkingDays[m] = months[m]!.workingMinutesByDay.filter((minutes) => minutes > 0).length;
    monthBusinessMinutes[m] = monthBusinessStart[m + 1]! - monthBusinessStart[m]!;
    monthCalendarDays[m] = monthFirstDay[m + 1]! - monthFirstDay[m]!;
    const norm = staffNormMinutesOf(months[m]!);
    if (!(Number.isFinite(norm) && norm >= 0)) throw new RangeError(`календарь: ${months[m]!.month}: норма рабочего времени ${norm}`);
    monthStaffNormMinutes[m] = norm;
  }

  // the months before the horizon whose projects may still be running when it starts (a month has ≥ 28 days)
  const preHorizonMonthDays = new Float64Array(Math.ceil((scenario.projects.weeks * 7) / 28));
  for (let k = 0; k < preHorizonMonthDays.length; k++) preHorizonMonthDays[k] = daysInMonth(addMonths(scenario.startMonth, -(k + 1)));

  // arrival intensity over the hour cells, normalised to 1 within each month
  const wp = scenario.tickets.weekdayProfile;
  const weekdayMean = (wp[0]! + wp[1]! + wp[2]! + wp[3]! + wp[4]!) / 5;
  const hp = scenario.tickets.hourProfile;
  const cellCumShare = new Float64Array(totalDays * 24);
  for (let m = 0; m < horizon; m++) {
    let sum = 0;
    for (let g = monthFirstDay[m]!; g < monthFirstDay[m + 1]!; g++) {
      const w = dayWeight(scenario, dayWeekday[g]!, dayWorkMinutes[g]!, weekdayMean);
      for (let h = 0; h < 24; h++) {
        sum += w * hp[h]!;
        cellCumShare[g * 24 + h] = sum;
      }
    }
    const end = monthFirstDay[m + 1]! * 24;
    if (!(sum > 0)) throw new RangeError(`профили обращений дают нулевую интенсивность в месяце ${months[m]!.month}`);
    for (let c = monthFirstDay[m]! * 24; c < end; c++) cellCumShare[c] = cellCumShare[c]! / sum;
    cellCumShare[end - 1] = 1;
  }
  const seasonal = new Float64Array(horizon);
  for (let m = 0; m < horizon; m++) seasonal[m] = scenario.tickets.seasonalProfile[parseMonth(months[m]!.month).month - 1]!;

  // staff per role per month: a hire counts from start month + ramp-up
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
  const sla = scenario.sla;
  const targetMinutes = new Float64Array(PRIORITY_NAMES.map((p) => sla.targetBusinessMinutes[p]));
  const limitMinutes = new Float64Array(PRIORITY_NAMES.map((p) => (sla.limitCalendarDays[p] ?? Number.POSITIVE_INFINITY) * 1440));
  const complianceTarget = new Float64Array(PRIORITY_NAMES.map((p) => sla.complianceTarget[p]));
  const slaMissPriority = new Uint8Array(PRIORITY_NAMES.map((p) => (scenario.hiring.slaMissPriorities.includes(p) ? 1 : 0)));

  let targetNewPerMonth = 0;
  let targetMonthIndex = -1;
  if (scenario.clients.growth.mode === "target") {
    targetMonthIndex = monthsBetween(scenario.startMonth, scenario.clients.growth.byMonth);
    const steps = Math.max(1, targetMonthIndex + 1);
    targetNewPerMonth = Math.max(0, (scenario.clients.growth.target - scenario.clients.initial) / steps);
  }

  return {
    scenario,
    months,
    horizon,
    workdayStartMinute: calendar.workdayStartMinute,
    totalDays,
    dayWorkMinutes,
    cumBusiness,
    monthFirstDay,
    monthBusinessStart,
    monthBusinessMinutes,
    monthCalendarDays,
    monthStaffNormMinutes,
    monthWorkingDays,
    preHorizonMonthDays,
    cellCumShare,
    seasonal,
    staff,
    supportAgentFrom: new Float64Array(supportFrom),
    priorityCum,
    effortA,
    effortB,
    lognormal,
    targetMinutes,
    limitMinutes,
    complianceTarget,
    slaMissPriority,
    targetNewPerMonth,
    targetMonthIndex,
    absences: prepareAbsences(scenario.absences, scenario.startMonth, scenario.staff, monthFirstDay, dayWorkMinutes, dayWeekday, monthStaffNormMinutes),
  };
}

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

/** Scratch memory of one simulation, reused by every run. */
export class RunWorkspace {
  buffers = new TicketBuffers();
  queue = new QueueWorkspace();
  clientsAvg = new Float64Array(36);
  clientsEnd = new Float64Array(36);
  newClients = new Float64Array(36);
  projects = new Float64Array(36);
  implHours = new Float64Array(37);
  projectDays = new Float64Array(37);
  count = new Float64Array(36 * 3);
  met = new Float64Array(36 * 3);
  withinLimit = new Float64Array(36 * 3);
  responseMet = new Float64Array(36);
  waitSum = new Float64Array(36);
  effortSum = new Float64Array(36);
  backlog = new Float64Array(36);
  absences = new AbsenceWorkspace();
  roleHours = new Float64Array(4);
  clock = new CapacityClock();
}

/**
 * Adds `days` days of one implementation project from day `startDay` of month `month` on to the
 * workspace's implementation hours and project-days (the project's hours spread evenly over its
 * `weeks` × 7 days; the part after the horizon is dropped).
 */
function spreadProject(model: PreparedModel, ws: RunWorkspace, month: number, startDay: number, days: number): void {
  const hoursPerDay = model.scenario.projects.implementationHoursPerProjectWeek / 7;
  let left = days;
  let day = startDay;
  for (let mm = month; left > 0 && mm < model.horizon; mm++) {
    const room = model.monthCalendarDays[mm]! - day;
    const used = left < room ? left : room;
    ws.implHours[mm]! += hoursPerDay * used;
    ws.projectDays[mm]! += used;
    left -= used;
    day = 0;
  }
}

/**
 * One run; writes METRIC_COUNT values per month into `out` at `offset` (month-major).
 * Returns the number of simulated tickets.
 */
export function simulateRun(model: PreparedModel, seed: number, out: Float64Array, offset: number, ws: RunWorkspace): number {
  const s = model.scenario;
  const H = model.horizon;
  const rng = new Rng(seed);
  const { clientsAvg, clientsEnd, newClients, projects, implHours, projectDays: projectDaysInMonth } = ws;
  implHours.fill(0);
  projectDaysInMonth.fill(0);
  const plan = model.absences;
  const away = ws.absences;
  if (plan) drawAbsences(plan, seed, away, [model.staff.support_manager, model.staff.success_manager, model.staff.implementation_manager, model.staff.senior_engineer]);
  // this run's draw of the parameters measured with a spread (run-parameters.ts)
  const run = drawRunParameters(s, rng);

  // 1. clients and projects
  let clients = s.clients.initial;
  for (let m = 0; m < H; m++) {
    const p = drawCount(rng, run.projectsPerMonth, run.projectDispersion);
    projects[m] = p;
    let added: number;
    if (s.clients.growth.mode === "target") {
      const growth = m <= model.targetMonthIndex ? model.targetNewPerMonth : 0;
      added = rng.poisson(growth + clients * s.clients.churnRatePerMonth);
    } else {
      added = s.clients.newClientsPerProject === 1 ? p : rng.poisson(p * s.clients.newClientsPerProject);
    }
    const churned = rng.binomial(Math.round(clients), s.clients.churnRatePerMonth);
    const end = Math.max(0, clients + added - churned);
    newClients[m] = added;
    clientsAvg[m] = (clients + end) / 2;
    clientsEnd[m] = end;
    clients = end;
    // implementation hours: each project starts on a uniform day and runs `weeks` weeks
    for (let j = 0; j < p; j++) spreadProject(model, ws, m, rng.uniform() * model.monthCalendarDays[m]!, s.projects.weeks * 7);
  }
  // projects started before the horizon at the same rate are still running in its first months
  // (without them the first month would begin with no project in progress: a cold start)
  const pre = model.preHorizonMonthDays;
  let daysAfterMonth = 0; // days from the end of month −(k+1) to the horizon's start
  for (let k = 0; k < pre.length; k++) {
    const p = drawCount(rng, run.projectsPerMonth, run.projectDispersion);
    for (let j = 0; j < p; j++) {
      const daysBeforeHorizon = pre[k]! - rng.uniform() * pre[k]! + daysAfterMonth;
      const left = s.projects.weeks * 7 - daysBeforeHorizon;
      if (left > 0) spreadProject(model, ws, 0, 0, left);
    }
    daysAfterMonth += pre[k]!;
  }

  // 2. ticket arrivals: unit-rate Poisson points mapped through the cumulative intensity
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
  const productive = s.productiveShare;
  let expectedTotal = 0;
  for (let m = 0; m < H; m++) expectedTotal += ticketsForClients(s, clientsAvg[m]!, run.ticketElasticity) * model.seasonal[m]! * run.seasonFactor[m]!;
  buf.ensure(Math.ceil(expectedTotal + 6 * Math.sqrt(expectedTotal) + 64));
  let arrivalArr = buf.arrival;
  let arrivalCal = buf.arrivalCalendar;
  let prioArr = buf.priority;
  let effortArr = buf.effort;
  let workArr = buf.work;
  let monthArr = buf.month;
  let capacity = buf.capacity;
  let n = 0;
  for (let m = 0; m < H; m++) {
    const expected = ticketsForClients(s, clientsAvg[m]!, run.ticketElasticity) * model.seasonal[m]! * run.seasonFactor[m]!;
    if (!(expected > 0)) continue;
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
  }

  // 3. the support queue (on the capacity clock while a support manager is away)
  const slowed = plan !== null && buildCapacityClock(ws.clock, plan, away, dayWork, model.staff.support_manager);
  const agentFrom = slowed ? arrivalsToCapacity(ws.clock, cumBiz, model.totalDays, buf.arrival, n, model.supportAgentFrom) : model.supportAgentFrom;
  runQueue(
    {
      count: n,
      arrival: buf.arrival,
      priority: buf.priority,
      work: buf.work,
      start: buf.start,
      finish: buf.finish,
      agents: model.supportAgentFrom.length,
      agentFrom,
      preemptive: s.preemptiveEmergencies,
    },
    ws.queue,
  );
  if (slowed) resultsToBusiness(ws.clock, cumBiz, model.totalDays, buf.arrival, buf.start, buf.finish, n);

  // 4. per-ticket outcomes by arrival month
  const { count, met, withinLimit, responseMet, waitSum, effortSum, backlog } = ws;
  count.fill(0);
  met.fill(0);
  withinLimit.fill(0);
  responseMet.fill(0);
  waitSum.fill(0);
  effortSum.fill(0);
  backlog.fill(0);
  const target = model.targetMinutes;
  const limit = model.limitMinutes;
  const responseLimit = s.sla.emergencyResponseBusinessMinutes;
  const responseInBreaches = s.sla.nonQueueBreach?.emergency !== undefined;
  const totalDays = model.totalDays;
  const bizEnd = cumBiz[totalDays]!;
  const businessPerCalendarMinute = bizEnd > 0 ? bizEnd / (totalDays * 1440) : 1;
  const monthBizStart = model.monthBusinessStart;
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
      // with non-queue breaches measured, the response clock is in them (sla-breaches.ts)
      if (resolutionOk && (responseOk || responseInBreaches)) met[k]!++;
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

  // 5. write the month rows
  const ms = s.successManager;
  const eng = s.engineer;
  const hpv = eng.hoursPerVisit;
  for (let m = 0; m < H; m++) {
    const o = offset + m * METRIC_COUNT;
    // utilization = demand / (staff × norm hours × productive share), as the workload KPI
    const workHours = model.monthStaffNormMinutes[m]! / 60;
    const ce = count[m * 3]!;
    const cs = count[m * 3 + 1]!;
    const cc = count[m * 3 + 2]!;
    const total = ce + cs + cc;
    out[o + M.tickets] = total;
    out[o + M.tickets_emergency] = ce;
    const comp0 = ce > 0 ? met[m * 3]! / ce : Number.NaN;
    const comp1 = cs > 0 ? met[m * 3 + 1]! / cs : Number.NaN;
    const comp2 = cc > 0 ? met[m * 3 + 2]! / cc : Number.NaN;
    out[o + M.sla_emergency] = comp0;
    out[o + M.sla_standard] = comp1;
    out[o + M.sla_consultation] = comp2;
    out[o + M.response_emergency] = ce > 0 ? responseMet[m]! / ce : Number.NaN;
    out[o + M.limit_standard] = cs > 0 ? withinLimit[m * 3 + 1]! / cs : Number.NaN;
    out[o + M.limit_consultation] = cc > 0 ? withinLimit[m * 3 + 2]! / cc : Number.NaN;
    const ct = model.complianceTarget;
    const mp = model.slaMissPriority;
    const missed = (mp[0] === 1 && comp0 < ct[0]!) || (mp[1] === 1 && comp1 < ct[1]!) || (mp[2] === 1 && comp2 < ct[2]!);
    out[o + M.sla_missed] = missed ? 1 : 0;
    out[o + M.mean_wait_minutes] = total > 0 ? waitSum[m]! / total : Number.NaN;
    out[o + M.backlog] = backlog[m]!;
    out[o + M.active_clients] = clientsEnd[m]!;
    const successStaff = model.staff.success_manager[m]!;
    out[o + M.clients_per_success_manager] = successStaff > 0 ? clientsEnd[m]! / successStaff : Number.NaN;
    out[o + M.projects] = projects[m]!;
    out[o + M.concurrent_projects] = projectDaysInMonth[m]! / model.monthCalendarDays[m]!;
    const supportCapacity = model.staff.support_manager[m]! * model.monthStaffNormMinutes[m]! * productive;
    out[o + M.util_support_manager] = supportCapacity > 0 ? effortSum[m]! / supportCapacity : Number.NaN;
    const workingDays = model.monthWorkingDays[m]!;
    const successHours =
      clientsAvg[m]! * ms.hoursPerClientMonth +
      onboardingHours(newClients[m]!, ms.onboardingHoursPerNewClient, ms.trainingsPerNewClient, ms.hoursPerTraining) +
      weeklyTaskHours(1, ms.hoursPerWeek, workingDays) +
      ms.fixedHoursPerMonth;
    out[o + M.util_success_manager] = successStaff > 0 ? successHours / (successStaff * workHours * productive) : Number.NaN;
    const implStaff = model.staff.implementation_manager[m]!;
    out[o + M.util_implementation_manager] = implStaff > 0 ? implHours[m]! / (implStaff * workHours * productive) : Number.NaN;
    // engineer visits of the month
    let visits = 0;
    let hours = weeklyTaskHours(1, eng.hoursPerWeek, workingDays) + eng.fixedHoursPerMonth;
    for (const kind of PROJECT_VISIT_KINDS) {
      const v = drawCount(rng, projects[m]! * s.projects.visitsPerProject[kind], run.visitDispersion);
      visits += v;
      hours += v * hpv[kind];
    }
    const maintenance = drawCount(rng, (clientsAvg[m]! * s.maintenanceVisitsPerClientPerQuarter) / 3, run.visitDispersion);
    const emergencies = drawCount(rng, ce * s.emergencyVisitsPerEmergencyTicket, run.visitDispersion);
    visits += maintenance + emergencies;
    hours += maintenance * hpv.maintenance + emergencies * hpv.emergency;
    out[o + M.engineer_visits] = visits;
    out[o + M.engineer_hours] = hours;
    const engineers = model.staff.senior_engineer[m]!;
    out[o + M.util_senior_engineer] = engineers > 0 ? hours / (engineers * workHours * productive) : Number.NaN;
    // absent days, the head's cover and each role's load on the time of those at work (absences.ts)
    const roleHours = ws.roleHours;
    roleHours[0] = effortSum[m]! / 60;
    roleHours[1] = successHours;
    roleHours[2] = implHours[m]!;
    roleHours[3] = hours;
    writeAbsenceMonth(plan, away, m, model.staff, model.monthStaffNormMinutes[m]!, productive, roleHours, out, o);
  }
  // compliance with the breaches outside the queue, measured in the history (sla-breaches.ts)
  applyNonQueueBreaches(s, rng, met, count, H, out, offset);
  return n;
}

export interface RawSimulation {
  model: PreparedModel;
  runs: number;
  seed: number;
  /** runs × months × METRIC_COUNT */
  values: Float64Array;
  simulatedTickets: number;
  elapsedMs: number;
}

export interface RunOptions {
  runs: number;
  seed: number;
  /** called after every `progressEvery` runs (default: every 5 % of the runs) */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
  /** index of the first run (to split one simulation over several threads: run r always uses runSeed(seed, r)) */
  firstRun?: number;
}

/** All runs of a scenario; same scenario + calendar + runs + seed → identical values. */
export function simulate(scenario: Scenario, calendar: WorkingCalendar, options: RunOptions): RawSimulation {
  const { runs, seed } = options;
  if (!Number.isInteger(runs) || runs < 1 || runs > 100_000) throw new RangeError(`число прогонов должно быть целым от 1 до 100 000, получено ${runs}`);
  if (!Number.isInteger(seed)) throw new RangeError(`зерно (seed) должно быть целым, получено ${seed}`);
  const started = Date.now();
  const model = prepareModel(scenario, calendar);
  const ws = new RunWorkspace();
  const values = new Float64Array(runs * model.horizon * METRIC_COUNT);
  const every = options.progressEvery ?? Math.max(1, Math.floor(runs / 20));
  const firstRun = options.firstRun ?? 0;
  let tickets = 0;
  for (let r = 0; r < runs; r++) {
    tickets += simulateRun(model, runSeed(seed, firstRun + r), values, r * model.horizon * METRIC_COUNT, ws);
    if (options.onProgress && ((r + 1) % every === 0 || r + 1 === runs)) options.onProgress(r + 1, runs);
  }
  return { model, runs, seed, values, simulatedTickets: tickets, elapsedMs: Date.now() - started };
}

