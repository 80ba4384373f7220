/**
 * Documented bounds of a scenario's numbers (scenarios/README.md, «Границы»): far above anything
 * the department will plan, low enough that every accepted scenario runs in seconds and in
 * bounded memory. A problem is reported with the field's JSON path.
 */
import { PRIORITY_NAMES, SIM_ROLES, type Scenario } from "./types.js";

/** A bound of the numbers at `path`: `*` stands for every key of an object, `[]` for every element of an array. */
export interface NumberBound {
  path: string;
  min: number;
  max: number;
  /** null allowed (a limit that is switched off) */
  nullable?: boolean;
  integer?: boolean;
  /** min itself is not allowed */
  minExclusive?: boolean;
  /** the field may be absent (its shape depends on a mode) */
  optional?: boolean;
}

const MINUTES_PER_YEAR = 525_600;
/** annual leave, calendar days: at most half a year (absences.ts places it in 12-month windows) */
export const MAX_LEAVE_DAYS = 182;

export const SCENARIO_BOUNDS: readonly NumberBound[] = [
  { path: "horizonMonths", min: 1, max: 36, integer: true },
  { path: "clients.initial", min: 0, max: 10_000 },
  { path: "clients.growth.target", min: 0, max: 10_000, optional: true },
  { path: "clients.churnRatePerMonth", min: 0, max: 1 },
  { path: "clients.newClientsPerProject", min: 0, max: 10 },
  { path: "tickets.perClientMonth", min: 0, max: 100 },
  { path: "tickets.priorityMix.*", min: 0, max: 100 },
  { path: "tickets.weekdayProfile[]", min: 0, max: 1_000 },
  { path: "tickets.hourProfile[]", min: 0, max: 1_000 },
  { path: "tickets.seasonalProfile[]", min: 0, max: 10 },
  { path: "tickets.holidayFactor", min: 0, max: 10 },
  { path: "tickets.seasonalRelativeError[]", min: 0, max: 1, optional: true },
  { path: "tickets.clientElasticity.elasticity", min: 0, max: 1.5, optional: true },
  { path: "tickets.clientElasticity.standardError", min: 0, max: 10, optional: true },
  { path: "tickets.clientElasticity.referenceClients", min: 0, max: 10_000, optional: true },
  { path: "projects.variability.dispersion", min: 0, max: 100, optional: true },
  { path: "projects.variability.months", min: 0, max: 1_200, integer: true, optional: true },
  { path: "engineer.visitVariability.dispersion", min: 0, max: 100, optional: true },
  { path: "engineer.visitVariability.months", min: 0, max: 1_200, integer: true, optional: true },
  { path: "sla.nonQueueBreach.*.alpha", min: 0, max: 10_000_000, minExclusive: true, optional: true },
  { path: "sla.nonQueueBreach.*.beta", min: 0, max: 10_000_000, minExclusive: true, optional: true },
  { path: "effort.byPriority.*.mu", min: -50, max: 10 },
  { path: "effort.byPriority.*.sigma", min: 0, max: 3 },
  { path: "effort.meanMinutes.*", min: 0, max: 10_080 },
  { path: "staff.*", min: 0, max: 100 },
  { path: "productiveShare", min: 0, max: 1, minExclusive: true },
  { path: "projects.perMonth", min: 0, max: 100 },
  { path: "projects.weeks", min: 0, max: 104 },
  { path: "projects.implementationHoursPerProjectWeek", min: 0, max: 168 },
  { path: "projects.visitsPerProject.*", min: 0, max: 100 },
  { path: "maintenanceVisitsPerClientPerQuarter", min: 0, max: 100 },
  { path: "emergencyVisitsPerEmergencyTicket", min: 0, max: 10 },
  { path: "successManager.*", min: 0, max: 1_000 },
  { path: "engineer.hoursPerVisit.*", min: 0, max: 168 },
  { path: "engineer.hoursPerWeek", min: 0, max: 168 },
  { path: "engineer.fixedHoursPerMonth", min: 0, max: 744 },
  { path: "sla.emergencyResponseBusinessMinutes", min: 0, max: MINUTES_PER_YEAR },
  { path: "sla.targetBusinessMinutes.*", min: 0, max: MINUTES_PER_YEAR },
  { path: "sla.limitCalendarDays.*", min: 0, max: 365, nullable: true },
  { path: "sla.complianceTarget.*", min: 0, max: 1 },
  { path: "triggers.*", min: 0, max: 1_000_000 },
  { path: "hiring.leadTimeMonths", min: 0, max: 36 },
  { path: "hiring.rampUpMonths", min: 0, max: 36 },
  { path: "hiring.slaMissProbabilityThreshold", min: 0, max: 1 },
  { path: "absences.leaveDaysPerYear", min: 0, max: MAX_LEAVE_DAYS },
  { path: "absences.leaveLongestPartMinDays", min: 0, max: MAX_LEAVE_DAYS },
  { path: "absences.schedule[].days", min: 1, max: MAX_LEAVE_DAYS, integer: true },
  { path: "absences.sickEpisodesPerYear", min: 0, max: 50 },
  { path: "absences.sickEpisodeDays", min: 0, max: 120 },
  { path: "absences.headCoverShare", min: 0, max: 1 },
];

/** Expected tickets of one simulated month, at most (clients at their largest × rate × season). */
export const MAX_TICKETS_PER_MONTH = 20_000;
/** Expected tickets of all runs and months of one simulation, at most (about 20 s of work). */
export const MAX_TICKETS_PER_SIMULATION = 30_000_000;
/** Hires listed in one scenario, at most. */
export const MAX_HIRES = 100;

const RU = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 6 });

/** Every (JSON path, value) a bound's path pattern reaches in `value`. */
function reach(value: unknown, pattern: string): Array<[string, unknown]> {
  let found: Array<[string, unknown]> = [["", value]];
  const segments = pattern.split(".");
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    const arrays = segment.endsWith("[]");
    const key = arrays ? segment.slice(0, -2) : segment;
    const next: Array<[string, unknown]> = [];
    for (const [path, node] of found) {
      if (typeof node !== "object" || node === null || Array.isArray(node)) continue;
      const record = node as Record<string, unknown>;
      const keys = key === "*" ? Object.keys(record) : key in record || last ? [key] : [];
      for (const k of keys) {
        const at = path ? `${path}.${k}` : k;
        if (!arrays) next.push([at, record[k]]);
        else if (Array.isArray(record[k])) (record[k] as unknown[]).forEach((v, i) => next.push([`${at}[${i}]`, v]));
        else next.push([at, record[k]]);
      }
    }
    found = next;
  }
  return found;
}

function describe(value: unknown): string {
  if (value === undefined) return "ничего (поле не задано)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "массив";
  if (typeof value === "number") return RU.format(value);
  return JSON.stringify(value) ?? String(value);
}

function boundProblem(bound: NumberBound, path: string, value: unknown): string | null {
  if (value === null && bound.nullable) return null;
  if (value === undefined && bound.optional) return null;
  const range = `от ${RU.format(bound.min)}${bound.minExclusive ? " (не включая)" : ""} до ${RU.format(bound.max)}`;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return `поле «${path}»: ожидается ${bound.integer ? "целое число" : "число"} ${range}${bound.nullable ? " или null" : ""}, получено ${describe(value)}`;
  }
  if (bound.integer && !Number.isInteger(value)) return `поле «${path}»: ожидается целое число, получено ${describe(value)}`;
  if (value < bound.min || (bound.minExclusive && value === bound.min)) return `поле «${path}»: ${describe(value)} — меньше допустимого (${range})`;
  if (value > bound.max) return `поле «${path}»: ${describe(value)} — больше допустимого (${range})`;
  return null;
}

/** Largest number of active clients the scenario can reach within its horizon. */
function peakClients(s: Scenario): number {
  const grown = s.clients.initial + s.projects.perMonth * s.clients.newClientsPerProject * s.horizonMonths;
  return s.clients.growth.mode === "target" ? Math.max(s.clients.initial, s.clients.growth.target, grown) : grown;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MONTH_OR_DAY = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

function monthProblem(path: string, value: unknown): string | null {
  return typeof value === "string" && MONTH.test(value) ? null : `поле «${path}»: ожидается месяц «ГГГГ-ММ», получено ${describe(value)}`;
}

function modeProblem(s: Scenario): string | null {
  if (typeof s.name !== "string") return `поле «name»: ожидается строка, получено ${describe(s.name)}`;
  const start = monthProblem("startMonth", s.startMonth);
  if (start) return start;
  const growth = s.clients.growth;
  const mode: unknown = growth.mode;
  if (mode !== "projects" && mode !== "target") return `поле «clients.growth.mode»: ${describe(mode)} — допустимо: projects, target`;
  if (growth.mode === "target") {
    const by = monthProblem("clients.growth.byMonth", growth.byMonth);
    if (by) return by;
  }
  const effort = s.effort;
  const distribution: unknown = effort.distribution;
  if (distribution !== "lognormal" && distribution !== "exponential") {
    return `поле «effort.distribution»: ${describe(distribution)} — допустимо: lognormal, exponential`;
  }
  const table = effort.distribution === "lognormal" ? "byPriority" : "meanMinutes";
  const values = (effort as unknown as Record<string, unknown>)[table];
  if (typeof values !== "object" || values === null || Array.isArray(values)) return `поле «effort.${table}»: ожидается объект по приоритетам, получено ${describe(values)}`;
  for (const p of PRIORITY_NAMES) {
    if (!(p in values)) return `поле «effort.${table}.${p}»: не задано`;
  }
  return null;
}

function listProblem(s: Scenario): string | null {
  const arrays: Array<[string, unknown, number]> = [
    ["tickets.weekdayProfile", s.tickets.weekdayProfile, 7],
    ["tickets.hourProfile", s.tickets.hourProfile, 24],
    ["tickets.seasonalProfile", s.tickets.seasonalProfile, 12],
  ];
  for (const [path, list, length] of arrays) {
    if (!Array.isArray(list) || list.length !== length) return `поле «${path}»: ожидается массив из ${length} чисел, а в сценарии — ${describe(list)}${Array.isArray(list) ? ` из ${list.length}` : ""}`;
  }
  if (!Array.isArray(s.hires)) return `поле «hires»: ожидается массив, получено ${describe(s.hires)}`;
  if (s.hires.length > MAX_HIRES) return `поле «hires»: ${s.hires.length} записей — больше допустимого (не больше ${MAX_HIRES})`;
  for (const [i, hire] of s.hires.entries()) {
    if (typeof hire !== "object" || hire === null || Array.isArray(hire)) return `поле «hires[${i}]»: ожидается объект {"role": …, "month": "ГГГГ-ММ"}, получено ${describe(hire)}`;
    if (!SIM_ROLES.includes(hire.role)) return `поле «hires[${i}].role»: ${describe(hire.role)} — допустимо: ${SIM_ROLES.join(", ")}`;
    const month = monthProblem(`hires[${i}].month`, hire.month);
    if (month) return month;
  }
  const priorities = s.hiring.slaMissPriorities;
  if (!Array.isArray(priorities)) return `поле «hiring.slaMissPriorities»: ожидается массив приоритетов, получено ${describe(priorities)}`;
  for (const [i, p] of priorities.entries()) {
    if (!PRIORITY_NAMES.includes(p)) return `поле «hiring.slaMissPriorities[${i}]»: ${describe(p)} — допустимо: ${PRIORITY_NAMES.join(", ")}`;
  }
  return null;
}

/** The absences' switches and schedule, and the leave parts against the year's leave. */
function absenceProblem(s: Scenario): string | null {
  const a = s.absences as unknown;
  if (typeof a !== "object" || a === null || Array.isArray(a)) return `поле «absences»: ожидается объект, получено ${describe(a)}`;
  const { enabled, engineerBackup, schedule, leaveDaysPerYear, leaveLongestPartMinDays } = s.absences;
  if (typeof enabled !== "boolean") return `поле «absences.enabled»: ожидается true или false, получено ${describe(enabled)}`;
  if (typeof engineerBackup !== "boolean") return `поле «absences.engineerBackup»: ожидается true или false, получено ${describe(engineerBackup)}`;
  if (leaveLongestPartMinDays > leaveDaysPerYear) {
    return `поле «absences.leaveLongestPartMinDays»: ${describe(leaveLongestPartMinDays)} — больше отпуска за год (absences.leaveDaysPerYear = ${describe(leaveDaysPerYear)})`;
  }
  if (!Array.isArray(schedule)) return `поле «absences.schedule»: ожидается массив частей отпуска, получено ${describe(schedule)}`;
  for (const [i, part] of schedule.entries()) {
    if (typeof part !== "object" || part === null || Array.isArray(part)) return `поле «absences.schedule[${i}]»: ожидается объект {"role": …, "start": "ГГГГ-ММ", "days": …}, получено ${describe(part)}`;
    if (!SIM_ROLES.includes(part.role)) return `поле «absences.schedule[${i}].role»: ${describe(part.role)} — допустимо: ${SIM_ROLES.join(", ")}`;
    if (typeof part.start !== "string" || !MONTH_OR_DAY.test(part.start)) return `поле «absences.schedule[${i}].start»: ожидается «ГГГГ-ММ» или «ГГГГ-ММ-ДД», получено ${describe(part.start)}`;
    if (part.days > leaveDaysPerYear) return `поле «absences.schedule[${i}].days»: ${describe(part.days)} — больше отпуска за год (absences.leaveDaysPerYear = ${describe(leaveDaysPerYear)})`;
  }
  return null;
}

/**
 * The first problem of a merged scenario against SCENARIO_BOUNDS and the size limits (with `runs`
 * runs), as a Russian message naming the field's JSON path; null when the scenario is within bounds.
 */
export function scenarioBoundsProblem(s: Scenario, runs = 1): string | null {
  const modes = modeProblem(s);
  if (modes) return modes;
  for (const bound of SCENARIO_BOUNDS) {
    for (const [path, value] of reach(s, bound.path)) {
      const problem = boundProblem(bound, path, value);
      if (problem) return problem;
    }
  }
  const lists = listProblem(s) ?? absenceProblem(s);
  if (lists) return lists;
  const season = Math.max(1, ...s.tickets.seasonalProfile);
  const perMonth = peakClients(s) * s.tickets.perClientMonth * season;
  if (perMonth > MAX_TICKETS_PER_MONTH) {
    return `поля «clients» и «tickets.perClientMonth»: до ${RU.format(Math.round(perMonth))} обращений в месяц — больше допустимого (не больше ${RU.format(MAX_TICKETS_PER_MONTH)})`;
  }
  const total = perMonth * s.horizonMonths * runs;
  if (total > MAX_TICKETS_PER_SIMULATION) {
    return `до ${RU.format(Math.round(total))} обращений во всех прогонах (обращений в месяц × «horizonMonths» × число прогонов) — больше допустимого (не больше ${RU.format(MAX_TICKETS_PER_SIMULATION)}); уменьшите число прогонов или горизонт`;
  }
  return null;
}
