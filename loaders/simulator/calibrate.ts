/**
 * Calibration of the simulator from the typed tables (`tickets, clients, projects, visits` as
 * produced by runPipeline): rates, mixes, profiles, the lognormal effort fit, churn, projects and
 * visits, over the last 12 full months of history. Every value the data cannot give falls back
 * to config/settings.json, and the fallback is named in `notes`.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Settings } from "../settings.ts";
import { defaultScenario, hoursPerVisitFromSettings, lognormalWithMean, simulatorSettings } from "./defaults.ts";
import { simulatorCalendar } from "./calendar.ts";
import { findAbsences, scheduleFromFound } from "./absence-detection.ts";
import { withDataBefore } from "./cutoff.ts";
import { seasonalRelativeErrors, shrinkSeasonal } from "./seasonal.ts";
import { applyCountSpread, measureElasticity, measureNonQueueBreaches } from "./calibrate-spread.ts";
import { clientWeight, referenceClientsOf } from "./volume-elasticity.ts";
import { zonedWallClockToUtc } from "../calendar/instant.ts";
import { staffNormMinutesOf } from "../../src/core/simulator/working-calendar.ts";
import { addMonths, daysInMonth, monthsBetween } from "../../src/core/months.ts";
import { formatNumberUpTo } from "../../src/core/format.ts";
import {
  PRIORITY_NAMES,
  PROJECT_VISIT_KINDS,
  type Calibration,
  type FoundAbsence,
  type LognormalEffort,
  type ObservedMonth,
  type PriorityName,
  type Scenario,
  type VisitKindName,
} from "../../src/core/simulator/types.ts";

/** least efforts of a priority for a lognormal fit */
export const MIN_EFFORT_SAMPLES = 10;
/** finished projects needed to take the project duration from the data */
export const MIN_PROJECT_DURATIONS = 5;
/** months of history the rates are taken from */
export const HISTORY_MONTHS = 12;
/** months of calendar handed to the pages (horizon up to 36, plus one spare) */
export const CALENDAR_MONTHS = 37;

type Row = Record<string, unknown>;

async function rows(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Row[];
}

function num(value: unknown): number {
  if (value === null || value === undefined) return Number.NaN;
  return typeof value === "bigint" ? Number(value) : Number(value);
}

async function tableExists(connection: DuckDBConnection, name: string): Promise<boolean> {
  const r = await rows(connection, `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = '${name}'`);
  return num(r[0]?.n) > 0;
}

/** Moscow-local timestamp of a UTC TIMESTAMP column */
const LOCAL = (column: string, tz: string): string => `timezone('${tz}', ${column}::TIMESTAMPTZ)`;

export interface CalibrateOptions {
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
}

export async function calibrate(connection: DuckDBConnection, options: CalibrateOptions): Promise<Calibration> {
  if (options.before === undefined) return calibrateVisible(connection, options);
  const before = options.before;
  return withDataBefore(connection, before, options.settings.calendar.timezone, () => calibrateVisible(connection, options));
}

async function calibrateVisible(connection: DuckDBConnection, options: CalibrateOptions): Promise<Calibration> {
  const { now, settings } = options;
  const tz = settings.calendar.timezone;
  const notes: string[] = [];
  const hoursPerWeek = settings.workload.hours_per_week ?? 40;
  // «now» as a Moscow-local month
  const nowLocal = await rows(connection, `SELECT strftime(${LOCAL(`TIMESTAMP '${now.toISOString().slice(0, 19).replace("T", " ")}'`, tz)}, '%Y-%m') AS m`);
  const nowMonth = String(nowLocal[0]!.m);
  const startMonth = options.before ?? addMonths(nowMonth, 1);
  const asOfDay = options.before !== undefined ? `${options.before}-01` : now.toISOString().slice(0, 10);
  const base = defaultScenario(settings, startMonth);
  const hasProjects = await tableExists(connection, "projects");
  const hasVisits = await tableExists(connection, "visits");

  const span = await rows(
    connection,
    `SELECT strftime(min(${LOCAL("created_at", tz)}), '%Y-%m') AS first, strftime(max(${LOCAL("created_at", tz)}), '%Y-%m') AS last, count(*) AS n FROM tickets`,
  );
  const observed: ObservedMonth[] = [];
  const effortSamples = { emergency: 0, standard: 0, consultation: 0 } as Record<PriorityName, number>;
  let history: Calibration["history"] = null;
  let supportUtilizationHistory: number | null = null;
  let absencesFound: FoundAbsence[] = [];
  const scenario: Scenario = structuredClone(base);
  scenario.name = "По данным";

  const activeNow = await rows(
    connection,
    `SELECT count(*) AS n FROM clients WHERE contract_start <= DATE '${asOfDay}'
       AND (churned_at IS NULL OR churned_at > DATE '${asOfDay}')`,
  );
  scenario.clients.initial = num(activeNow[0]!.n);

  if (num(span[0]!.n) === 0 || span[0]!.first === null) {
    notes.push("В данных нет обращений: интенсивность, профили и трудозатраты взяты из настроек.");
  } else {
    const lastFull = addMonths(options.before ?? nowMonth, -1);
    const toMonth = String(span[0]!.last) < lastFull ? String(span[0]!.last) : lastFull;
    const firstMonth = String(span[0]!.first);
    const fromMonth = monthsBetween(firstMonth, toMonth) >= HISTORY_MONTHS ? addMonths(toMonth, -(HISTORY_MONTHS - 1)) : firstMonth;
    const months = monthsBetween(fromMonth, toMonth) + 1;
    const from = `DATE '${fromMonth}-01'`;
    const toEx = `DATE '${addMonths(toMonth, 1)}-01'`;
    const ticketWindow = `${LOCAL("created_at", tz)} >= ${from} AND ${LOCAL("created_at", tz)} < ${toEx}`;

    // month by month since the first month of data: tickets, clients active at any time of the
    // month, new, churned, projects, visits (the rates use the last `months`; the elasticity all)
    const monthlyAll = await rows(
      connection,
      `WITH m AS (
         SELECT range::DATE AS ms, (range + INTERVAL 1 MONTH)::DATE AS me FROM range(DATE '${firstMonth}-01', ${toEx}, INTERVAL 1 MONTH)
       )
       SELECT strftime(ms, '%Y-%m') AS month,
         (SELECT count(*) FROM tickets t WHERE ${LOCAL("t.created_at", tz)} >= ms AND ${LOCAL("t.created_at", tz)} < me) AS tickets,
         (SELECT count(*) FROM tickets t WHERE t.priority = 'emergency' AND ${LOCAL("t.created_at", tz)} >= ms AND ${LOCAL("t.created_at", tz)} < me) AS emergencies,
         (SELECT count(*) FROM clients c WHERE c.contract_start < me AND (c.churned_at IS NULL OR c.churned_at >= ms)) AS active,
         (SELECT count(*) FROM clients c WHERE c.contract_start >= ms AND c.contract_start < me) AS new_clients,
         (SELECT count(*) FROM clients c WHERE c.churned_at >= ms AND c.churned_at < me) AS churned,
         ${hasProjects ? "(SELECT count(*) FROM projects p WHERE p.signed_at >= ms AND p.signed_at < me)" : "0"} AS projects,
         ${hasVisits ? "(SELECT count(*) FROM visits v WHERE v.visited_at >= ms AND v.visited_at < me)" : "0"} AS visits
       FROM m ORDER BY ms`,
    );
    const monthly = monthlyAll.slice(-months);
    let tickets = 0;
    let clientMonths = 0;
    let churned = 0;
    let projects = 0;
    let newClients = 0;
    let emergencies = 0;
    for (const r of monthly) {
      const o: ObservedMonth = {
        month: String(r.month),
        tickets: num(r.tickets),
        activeClients: num(r.active),
        newClients: num(r.new_clients),
        churnedClients: num(r.churned),
        projects: num(r.projects),
        visits: num(r.visits),
      };
      observed.push(o);
      tickets += o.tickets;
      clientMonths += o.activeClients;
      churned += o.churnedClients;
      projects += o.projects;
      newClients += o.newClients;
      emergencies += num(r.emergencies);
    }
    history = { fromMonth, toMonth, months, tickets };
    // tickets ∝ clients^b (volume-elasticity.ts): the rate holds at the history's reference client count
    const volume = measureElasticity(
      monthlyAll.map((r) => ({ month: String(r.month), tickets: num(r.tickets), clients: num(r.active) })),
      notes,
    );
    const referenceClients = referenceClientsOf(observed.map((o) => o.activeClients));
    const clientWeightOf = (clients: number): number => clientWeight(clients, referenceClients, volume.elasticity);
    const weightedClientMonths = observed.reduce((a, o) => a + clientWeightOf(o.activeClients), 0);
    if (volume.method === "yoy") {
      scenario.tickets.clientElasticity = { elasticity: volume.elasticity, standardError: volume.standardError, referenceClients };
    }
    if (clientMonths > 0) {
      scenario.tickets.perClientMonth = tickets / weightedClientMonths;
      scenario.clients.churnRatePerMonth = churned / clientMonths;
    } else notes.push("Нет активных клиентов в истории: обращений на клиента в месяц — из настроек.");
    if (hasProjects) {
      scenario.projects.perMonth = projects / months;
      if (projects > 0) scenario.clients.newClientsPerProject = Math.min(1, newClients / projects);
      // how long a project keeps the implementation manager busy: signed → handover (else training),
      // both days included, as the workload KPI counts a project active (loaders/metrics/projects.ts)
      const duration = await rows(
        connection,
        `SELECT avg(date_diff('day', signed_at, coalesce(handed_over_at, trained_at)) + 1) AS days, count(*) AS n
         FROM projects WHERE signed_at >= ${from} AND signed_at < ${toEx} AND coalesce(handed_over_at, trained_at) >= signed_at`,
      );
      const finished = num(duration[0]!.n);
      if (finished >= MIN_PROJECT_DURATIONS) scenario.projects.weeks = num(duration[0]!.days) / 7;
      else notes.push(`Длительность проекта: в данных ${finished} завершённых проектов (нужно ≥ ${MIN_PROJECT_DURATIONS}) — ${formatNumberUpTo(scenario.projects.weeks, 1)} нед. из настроек.`);
    } else notes.push("Нет выгрузки проектов: проектов в месяц — из настроек.");

    // priority mix
    const mix = await rows(connection, `SELECT priority, count(*) AS n FROM tickets WHERE ${ticketWindow} GROUP BY priority`);
    const mixTotal = mix.reduce((a, r) => a + num(r.n), 0);
    if (mixTotal > 0) {
      for (const p of PRIORITY_NAMES) scenario.tickets.priorityMix[p] = num(mix.find((r) => r.priority === p)?.n ?? 0) / mixTotal;
    }

    // weekday profile: tickets per date of each ISO weekday, relative to the Mon–Fri mean
    const weekday = await rows(
      connection,
      `WITH d AS (SELECT range::DATE AS day FROM range(${from}, ${toEx}, INTERVAL 1 DAY)),
            days AS (SELECT isodow(day) AS dow, count(*) AS n FROM d GROUP BY 1),
            t AS (SELECT isodow(${LOCAL("created_at", tz)}) AS dow, count(*) AS n FROM tickets WHERE ${ticketWindow} GROUP BY 1)
       SELECT days.dow, coalesce(t.n, 0) / days.n AS per_day FROM days LEFT JOIN t USING (dow) ORDER BY days.dow`,
    );
    const perDay = Array.from({ length: 7 }, (_, i) => num(weekday.find((r) => num(r.dow) === i + 1)?.per_day ?? 0));
    const weekdayMean = (perDay[0]! + perDay[1]! + perDay[2]! + perDay[3]! + perDay[4]!) / 5;
    if (weekdayMean > 0) scenario.tickets.weekdayProfile = perDay.map((v) => v / weekdayMean);

    // hour-of-day profile: share of tickets per local hour, relative to the mean hour
    const hours = await rows(connection, `SELECT hour(${LOCAL("created_at", tz)}) AS h, count(*) AS n FROM tickets WHERE ${ticketWindow} GROUP BY 1`);
    const byHour = Array.from({ length: 24 }, (_, h) => num(hours.find((r) => num(r.h) === h)?.n ?? 0));
    const hourTotal = byHour.reduce((a, b) => a + b, 0);
    if (hourTotal > 0) scenario.tickets.hourProfile = byHour.map((v) => (v * 24) / hourTotal);

    // seasonal profile: tickets per client-month of each calendar month over the overall rate
    if (months >= 12 && clientMonths > 0) {
      const overall = tickets / weightedClientMonths;
      const seasonal = new Array<number>(12).fill(0);
      const counts = new Array<number>(12).fill(0);
      const monthTickets = new Array<number>(12).fill(0);
      const monthDays = new Array<number>(12).fill(0);
      for (const o of observed) {
        if (o.activeClients === 0) continue;
        const i = Number(o.month.slice(5, 7)) - 1;
        seasonal[i]! += o.tickets / clientWeightOf(o.activeClients) / overall;
        counts[i]!++;
        monthTickets[i]! += o.tickets;
        monthDays[i] = daysInMonth(o.month);
      }
      // measured multipliers carry each month's Poisson noise: shrunk toward the mean by it (seasonal.ts)
      const measured = seasonal.map((v, i) => (counts[i]! > 0 ? v / counts[i]! : 1));
      const days = monthDays.map((d, i) => d || daysInMonth(`2001-${String(i + 1).padStart(2, "0")}`));
      scenario.tickets.seasonalProfile = shrinkSeasonal(measured, monthTickets, days);
      scenario.tickets.seasonalRelativeError = seasonalRelativeErrors(measured, monthTickets, days);
    } else notes.push(`История короче 12 месяцев (${months}): сезонность не учитывается (все месяцы = 1).`);

    // lognormal effort per priority: mu, sigma of ln(effort_minutes)
    const effort = await rows(
      connection,
      `SELECT priority, count(*) AS n, avg(ln(effort_minutes)) AS mu, stddev_samp(ln(effort_minutes)) AS sigma
       FROM tickets WHERE ${ticketWindow} AND effort_minutes > 0 GROUP BY priority`,
    );
    const byPriority = {} as Record<PriorityName, LognormalEffort>;
    for (const p of PRIORITY_NAMES) {
      const r = effort.find((x) => x.priority === p);
      const n = num(r?.n ?? 0);
      effortSamples[p] = n;
      if (n >= MIN_EFFORT_SAMPLES && num(r!.sigma) > 0) byPriority[p] = { mu: num(r!.mu), sigma: num(r!.sigma) };
      else {
        byPriority[p] = lognormalWithMean(settings.workload.support_manager.default_effort_minutes[p], simulatorSettings(settings).effort_sigma_default);
        notes.push(`Трудозатраты «${p}»: в данных ${n} значений (нужно ≥ ${MIN_EFFORT_SAMPLES}) — среднее из настроек.`);
      }
    }
    scenario.effort = { distribution: "lognormal", byPriority };

    // consistency: did the history's effort fit into the support managers' working time?
    const historyCalendar = simulatorCalendar(fromMonth, months, settings.calendar, options.calendarDir, hoursPerWeek).calendar;
    // the staff's norm of working time, as the workload KPI and the simulator's utilization
    const workMinutes = historyCalendar.months.reduce((a, m) => a + staffNormMinutesOf(m), 0);
    const mixTotal2 = PRIORITY_NAMES.reduce((a, p) => a + scenario.tickets.priorityMix[p], 0) || 1;
    const meanEffort = PRIORITY_NAMES.reduce(
      (a, p) => a + (scenario.tickets.priorityMix[p] / mixTotal2) * Math.exp(byPriority[p].mu + byPriority[p].sigma ** 2 / 2),
      0,
    );
    const capacityMinutes = scenario.staff.support_manager * workMinutes * scenario.productiveShare;
    supportUtilizationHistory = capacityMinutes > 0 ? (tickets * meanEffort) / capacityMinutes : null;
    if (supportUtilizationHistory !== null && supportUtilizationHistory > 1) {
      const hoursPerMonth = (tickets * meanEffort) / 60 / months;
      const capacityPerMonth = capacityMinutes / 60 / months;
      notes.push(
        `Трудозатраты по данным (в среднем ${Math.round(meanEffort)} мин на обращение, ${Math.round(hoursPerMonth)} ч в месяц) больше рабочего времени менеджеров ТП ` +
          `(${Math.round(capacityPerMonth)} ч в месяц: штат ${scenario.staff.support_manager}, доля продуктивного времени ${String(scenario.productiveShare).replace(".", ",")}) — загрузка ${Math.round(supportUtilizationHistory * 100)} %. ` +
          "Проверьте effort_minutes в выгрузке или штат в настройках (workload.headcount): с такими данными модель покажет невыполнение SLA с первого месяца.",
      );
    }

    // absences the history shows (a role's person idle for a week or more while others did the work)
    absencesFound = await findAbsences(connection, historyCalendar, `${fromMonth}-01`, `${addMonths(toMonth, 1)}-01`, tz, new Set(hasVisits ? ["tickets", "visits"] : ["tickets"]));
    scenario.absences.schedule = scheduleFromFound(absencesFound, startMonth, CALENDAR_MONTHS);
    if (absencesFound.some((a) => a.role === "senior_engineer" && a.coveredBy.length > 0)) scenario.absences.engineerBackup = true;
    for (const a of absencesFound) {
      notes.push(
        `Отсутствие по данным: ${a.person} (${a.role === "support_manager" ? "менеджер ТП" : "старший инженер"}) — ${a.from} … ${a.to}, ${a.workingDays} раб. дн.` +
          (a.coveredBy.length > 0 ? `, работу выполнял(и): ${a.coveredBy.join(", ")}` : ", работу никто не выполнял") +
          "; в сценарии — те же даты в следующие годы.",
      );
    }

    // engineer visits
    if (hasVisits) {
      const visits = await rows(
        connection,
        `SELECT kind, count(*) AS n, avg(onsite_hours) AS onsite, avg(travel_hours) AS travel FROM visits
         WHERE visited_at >= ${from} AND visited_at < ${toEx} GROUP BY kind`,
      );
      const count = (kind: string): number => num(visits.find((r) => r.kind === kind)?.n ?? 0);
      if (projects > 0) for (const k of PROJECT_VISIT_KINDS) scenario.projects.visitsPerProject[k] = count(k) / projects;
      if (clientMonths > 0) scenario.maintenanceVisitsPerClientPerQuarter = (count("maintenance") * 3) / clientMonths;
      if (emergencies > 0) scenario.emergencyVisitsPerEmergencyTicket = count("emergency") / emergencies;
      const e = settings.workload.senior_engineer;
      const hpv = hoursPerVisitFromSettings(settings);
      for (const r of visits) {
        const kind = String(r.kind) as VisitKindName;
        if (!(kind in hpv)) continue;
        const onsite = Number.isFinite(num(r.onsite)) ? num(r.onsite) : e.default_onsite_hours[kind];
        const travel = Number.isFinite(num(r.travel)) ? num(r.travel) : e.default_travel_hours;
        hpv[kind] = onsite + travel + e.preparation_hours_per_visit + e.paperwork_hours_per_visit;
      }
      scenario.engineer.hoursPerVisit = hpv;
    } else notes.push("Нет выгрузки выездов: нормы выездов инженера — из настроек.");

    // the spread of monthly projects and visits, and the SLA breaches the queue does not explain
    applyCountSpread(scenario, observed, hasProjects, hasVisits, notes);
    const judgedAt = options.before !== undefined ? zonedWallClockToUtc(Date.parse(`${options.before}-01T00:00:00Z`), tz) : now;
    scenario.sla.nonQueueBreach = await measureNonQueueBreaches(connection, settings, observed.map((o) => o.month), judgedAt, notes);
  }

  const { calendar, notes: calendarNotes } = simulatorCalendar(startMonth, CALENDAR_MONTHS, settings.calendar, options.calendarDir, hoursPerWeek);
  notes.push(...calendarNotes);
  return {
    generatedAt: new Date().toISOString(),
    now: now.toISOString(),
    dataDir: options.dataDir ?? null,
    dataSource: options.dataSource ?? null,
    history,
    supportUtilizationHistory,
    observed,
    absencesFound,
    effortSamples,
    baseScenario: scenario,
    calendar,
    notes,
  };
}


