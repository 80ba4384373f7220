/**
 * The field work's calibration from the history window: projects per month, new clients per
 * project and a project's duration; the engineer's visits per project, per client and per
 * emergency ticket, and the hours a visit of each kind takes.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Settings } from "../settings.ts";
import { formatNumberUpTo } from "../../src/core/format.ts";
import { PROJECT_VISIT_KINDS, type Scenario, type VisitKindName } from "../../src/core/simulator/types.ts";
import { hoursPerVisitFromSettings } from "./defaults.ts";
import { queryRows } from "../metrics/sql.ts";
import { num } from "./calibrate-sql.ts";
import type { HistoryWindow, MonthlyHistory } from "./calibrate-history.ts";

/** finished projects needed to take the project duration from the data */
export const MIN_PROJECT_DURATIONS = 5;

export async function calibrateProjects(
  connection: DuckDBConnection,
  window: HistoryWindow,
  history: MonthlyHistory,
  scenario: Scenario,
  notes: string[],
): Promise<void> {
  scenario.projects.perMonth = history.projects / window.months;
  if (history.projects > 0) scenario.clients.newClientsPerProject = Math.min(1, history.newClients / history.projects);
  // how long a project keeps the implementation manager busy: signed → handover (else training),
  // both days included, as the workload KPI counts a project active (loaders/metrics/projects.ts)
  const duration = await queryRows(
    connection,
    `SELECT avg(date_diff('day', signed_at, coalesce(handed_over_at, trained_at)) + 1) AS days, count(*) AS n
     FROM projects WHERE signed_at >= ${window.from} AND signed_at < ${window.toEx} AND coalesce(handed_over_at, trained_at) >= signed_at`,
  );
  const finished = num(duration[0]!.n);
  if (finished >= MIN_PROJECT_DURATIONS) scenario.projects.weeks = num(duration[0]!.days) / 7;
  else notes.push(`Длительность проекта: в данных ${finished} завершённых проектов (нужно ≥ ${MIN_PROJECT_DURATIONS}) — ${formatNumberUpTo(scenario.projects.weeks, 1)} нед. из настроек.`);
}

export async function calibrateVisits(
  connection: DuckDBConnection,
  window: HistoryWindow,
  history: MonthlyHistory,
  settings: Settings,
  scenario: Scenario,
): Promise<void> {
  const visits = await queryRows(
    connection,
    `SELECT kind, count(*) AS n, avg(onsite_hours) AS onsite, avg(travel_hours) AS travel FROM visits
     WHERE visited_at >= ${window.from} AND visited_at < ${window.toEx} GROUP BY kind`,
  );
  const count = (kind: string): number => num(visits.find((r) => r.kind === kind)?.n ?? 0);
  if (history.projects > 0) for (const k of PROJECT_VISIT_KINDS) scenario.projects.visitsPerProject[k] = count(k) / history.projects;
  if (history.clientMonths > 0) scenario.maintenanceVisitsPerClientPerQuarter = (count("maintenance") * 3) / history.clientMonths;
  if (history.emergencies > 0) scenario.emergencyVisitsPerEmergencyTicket = count("emergency") / history.emergencies;
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
}
