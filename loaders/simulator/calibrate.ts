/**
 * Calibration of the simulator from the typed tables (`tickets, clients, projects, visits` as
 * produced by runPipeline, each read as known at the calibration's moment): rates, mixes,
 * profiles, the lognormal effort fit, churn, projects and visits, over the last 12 full months of
 * history. Every value the data cannot give falls back to config/settings.json, and the fallback
 * is named in `notes`.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Settings } from "../settings.ts";
import { defaultScenario } from "./defaults.ts";
import { simulatorCalendar } from "./calendar.ts";
import { findAbsences, scheduleFromFound } from "./absence-detection.ts";
import { withDataAsOf, withDataBefore } from "./cutoff.ts";
import { applyCountSpread, measureElasticity, measureNonQueueBreaches } from "./calibrate-spread.ts";
import { clientWeight, referenceClientsOf } from "./volume-elasticity.ts";
import { queryRows, tableExists } from "../metrics/sql.ts";
import { LOCAL, num } from "./calibrate-sql.ts";
import { historyWindow, readMonthlyHistory, type HistoryWindow, type MonthlyHistory } from "./calibrate-history.ts";
import { fitEffort, hourProfile, priorityMix, seasonalProfile, supportUtilizationOf, weekdayProfile } from "./calibrate-tickets.ts";
import { calibrateProjects, calibrateVisits } from "./calibrate-work.ts";
import { zonedWallClockToUtc } from "../calendar/instant.ts";
import { addMonths } from "../../src/core/months.ts";
import { localDayOf, localMonthOf } from "../../src/core/format.ts";
import type { Calibration, FoundAbsence, ObservedMonth, PriorityName, Scenario } from "../../src/core/simulator/types.ts";

export { HISTORY_MONTHS } from "./calibrate-history.ts";
export { MIN_EFFORT_SAMPLES } from "./calibrate-tickets.ts";
export { MIN_PROJECT_DURATIONS } from "./calibrate-work.ts";

/** months of calendar handed to the pages (horizon up to 36, plus one spare) */
export const CALENDAR_MONTHS = 37;

export interface CalibrateOptions {
  /** the as-of: every table is read as known at it, the clients at the start are those active on its local day */
  now: Date;
  settings: Settings;
  dataDir?: string | null;
  dataSource?: string | null;
  calendarDir?: string;
  /**
   * cutoff month "YYYY-MM": calibrate as at its first day (Moscow time) — only rows that existed
   * before it are visible (cutoff.ts), the history ends with the month before it and the
   * scenario starts in it
   */
  before?: string;
  /** the data's own day (Pipeline.latestEventDay); looked up on the connection when absent */
  latestEventDay?: string | null;
}

/**
 * Every table is read as known at the moment the calibration stands at (cutoff.ts, the rules of
 * loaders/metrics/known-at.ts): `now`, or the start of `before`.
 */
export async function calibrate(connection: DuckDBConnection, options: CalibrateOptions): Promise<Calibration> {
  const tz = options.settings.calendar.timezone;
  const visible = () => calibrateVisible(connection, options);
  const day = options.latestEventDay;
  return options.before === undefined ? withDataAsOf(connection, options.now, tz, visible, day) : withDataBefore(connection, options.before, tz, visible, day);
}

/** what the history gives besides the scenario it fills */
interface HistoryFindings {
  observed: ObservedMonth[];
  history: Calibration["history"];
  supportUtilizationHistory: number | null;
  absencesFound: FoundAbsence[];
}

async function calibrateVisible(connection: DuckDBConnection, options: CalibrateOptions): Promise<Calibration> {
  const { now, settings } = options;
  const tz = settings.calendar.timezone;
  const notes: string[] = [];
  const nowMonth = localMonthOf(now, tz);
  const startMonth = options.before ?? addMonths(nowMonth, 1);
  const asOfDay = options.before !== undefined ? `${options.before}-01` : localDayOf(now, tz);
  const span = await queryRows(
    connection,
    `SELECT strftime(min(${LOCAL("created_at", tz)}), '%Y-%m') AS first, strftime(max(${LOCAL("created_at", tz)}), '%Y-%m') AS last, count(*) AS n FROM tickets`,
  );
  const effortSamples = { emergency: 0, standard: 0, consultation: 0 } as Record<PriorityName, number>;
  const scenario: Scenario = structuredClone(defaultScenario(settings, startMonth));
  scenario.name = "По данным";
  const activeNow = await queryRows(
    connection,
    `SELECT count(*) AS n FROM clients WHERE contract_start <= DATE '${asOfDay}'
       AND (churned_at IS NULL OR churned_at > DATE '${asOfDay}')`,
  );
  scenario.clients.initial = num(activeNow[0]!.n);

  let findings: HistoryFindings = { observed: [], history: null, supportUtilizationHistory: null, absencesFound: [] };
  if (num(span[0]!.n) === 0 || span[0]!.first === null) {
    notes.push("В данных нет обращений: интенсивность, профили и трудозатраты взяты из настроек.");
  } else {
    const window = historyWindow(String(span[0]!.first), String(span[0]!.last), addMonths(options.before ?? nowMonth, -1), tz);
    findings = await calibrateFromHistory(connection, options, window, scenario, effortSamples, notes);
  }

  const hoursPerWeek = settings.workload.hours_per_week ?? 40;
  const { calendar, notes: calendarNotes } = simulatorCalendar(startMonth, CALENDAR_MONTHS, settings.calendar, options.calendarDir, hoursPerWeek);
  notes.push(...calendarNotes);
  return {
    generatedAt: new Date().toISOString(),
    now: now.toISOString(),
    dataDir: options.dataDir ?? null,
    dataSource: options.dataSource ?? null,
    history: findings.history,
    supportUtilizationHistory: findings.supportUtilizationHistory,
    observed: findings.observed,
    absencesFound: findings.absencesFound,
    effortSamples,
    baseScenario: scenario,
    calendar,
    notes,
  };
}

/** fills the scenario from the history window, in the order the notes are written */
async function calibrateFromHistory(
  connection: DuckDBConnection,
  options: CalibrateOptions,
  window: HistoryWindow,
  scenario: Scenario,
  effortSamples: Record<PriorityName, number>,
  notes: string[],
): Promise<HistoryFindings> {
  const { settings } = options;
  const tz = settings.calendar.timezone;
  const hasProjects = await tableExists(connection, "projects");
  const hasVisits = await tableExists(connection, "visits");
  const monthly = await readMonthlyHistory(connection, window, tz, hasProjects, hasVisits);
  const { observed } = monthly;
  const clientWeightOf = ticketRates(monthly, scenario, notes);
  if (hasProjects) await calibrateProjects(connection, window, monthly, scenario, notes);
  else notes.push("Нет выгрузки проектов: проектов в месяц — из настроек.");

  scenario.tickets.priorityMix = (await priorityMix(connection, window)) ?? scenario.tickets.priorityMix;
  scenario.tickets.weekdayProfile = (await weekdayProfile(connection, window, tz)) ?? scenario.tickets.weekdayProfile;
  scenario.tickets.hourProfile = (await hourProfile(connection, window, tz)) ?? scenario.tickets.hourProfile;
  if (window.months >= 12 && monthly.clientMonths > 0) {
    const seasonal = seasonalProfile(observed, scenario.tickets.perClientMonth, clientWeightOf);
    scenario.tickets.seasonalProfile = seasonal.profile;
    scenario.tickets.seasonalRelativeError = seasonal.relativeError;
  } else notes.push(`История короче 12 месяцев (${window.months}): сезонность не учитывается (все месяцы = 1).`);
  const byPriority = await fitEffort(connection, window, settings, effortSamples, notes);
  scenario.effort = { distribution: "lognormal", byPriority };

  const hoursPerWeek = settings.workload.hours_per_week ?? 40;
  const historyCalendar = simulatorCalendar(window.fromMonth, window.months, settings.calendar, options.calendarDir, hoursPerWeek).calendar;
  const supportUtilizationHistory = supportUtilizationOf(scenario, byPriority, historyCalendar, monthly.tickets, window.months, notes);
  const absencesFound = await historyAbsences(connection, window, historyCalendar, tz, hasVisits, scenario, notes);

  if (hasVisits) await calibrateVisits(connection, window, monthly, settings, scenario);
  else notes.push("Нет выгрузки выездов: нормы выездов инженера — из настроек.");
  // the spread of monthly projects and visits, and the SLA breaches the queue does not explain
  applyCountSpread(scenario, observed, hasProjects, hasVisits, notes);
  const judgedAt = options.before !== undefined ? zonedWallClockToUtc(Date.parse(`${options.before}-01T00:00:00Z`), tz) : options.now;
  scenario.sla.nonQueueBreach = await measureNonQueueBreaches(connection, settings, observed.map((o) => o.month), judgedAt, notes);
  const history = { fromMonth: window.fromMonth, toMonth: window.toMonth, months: window.months, tickets: monthly.tickets };
  return { observed, history, supportUtilizationHistory, absencesFound };
}

/**
 * Tickets ∝ clients^b (volume-elasticity.ts): the rate per client holds at the history's reference
 * client count; churn per client-month. Returns each month's client weight for the seasonal fit.
 */
function ticketRates(monthly: MonthlyHistory, scenario: Scenario, notes: string[]): (clients: number) => number {
  const volume = measureElasticity(
    monthly.monthlyAll.map((r) => ({ month: String(r.month), tickets: num(r.tickets), clients: num(r.active) })),
    notes,
  );
  const referenceClients = referenceClientsOf(monthly.observed.map((o) => o.activeClients));
  const clientWeightOf = (clients: number): number => clientWeight(clients, referenceClients, volume.elasticity);
  const weightedClientMonths = monthly.observed.reduce((a, o) => a + clientWeightOf(o.activeClients), 0);
  if (volume.method === "yoy") {
    scenario.tickets.clientElasticity = { elasticity: volume.elasticity, standardError: volume.standardError, referenceClients };
  }
  if (monthly.clientMonths > 0) {
    scenario.tickets.perClientMonth = monthly.tickets / weightedClientMonths;
    scenario.clients.churnRatePerMonth = monthly.churned / monthly.clientMonths;
  } else notes.push("Нет активных клиентов в истории: обращений на клиента в месяц — из настроек.");
  return clientWeightOf;
}

/** absences the history shows (a role's person idle for a week or more while others did the work) */
async function historyAbsences(
  connection: DuckDBConnection,
  window: HistoryWindow,
  historyCalendar: Parameters<typeof findAbsences>[1],
  tz: string,
  hasVisits: boolean,
  scenario: Scenario,
  notes: string[],
): Promise<FoundAbsence[]> {
  const found = await findAbsences(connection, historyCalendar, `${window.fromMonth}-01`, `${addMonths(window.toMonth, 1)}-01`, tz, new Set(hasVisits ? ["tickets", "visits"] : ["tickets"]));
  scenario.absences.schedule = scheduleFromFound(found, scenario.startMonth, CALENDAR_MONTHS);
  if (found.some((a) => a.role === "senior_engineer" && a.coveredBy.length > 0)) scenario.absences.engineerBackup = true;
  for (const a of found) {
    notes.push(
      `Отсутствие по данным: ${a.person} (${a.role === "support_manager" ? "менеджер ТП" : "старший инженер"}) — ${a.from} … ${a.to}, ${a.workingDays} раб. дн.` +
        (a.coveredBy.length > 0 ? `, работу выполнял(и): ${a.coveredBy.join(", ")}` : ", работу никто не выполнял") +
        "; в сценарии — те же даты в следующие годы.",
    );
  }
  return found;
}
