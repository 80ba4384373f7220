/**
 * The monthly KPI object: every metric of the dashboard for a Moscow-local month, assembled from the
 * set-based SQL of the metric modules (one query per module for all requested months).
 * Keys, definitions and targets: definitions.ts (also rendered as the «Методика» page).
 *
 * Conventions: rates are fractions 0–1, NPS −100…100, hours are hours, durations carry their
 * unit in the key; a metric without data is null (never 0 or NaN). A KPI with a target reports
 * `<key>_target` and `<key>_status` ("ok" | "miss", null when the value is null).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { businessDays, workingDaysInMonth } from "../calendar/business-calendar.ts";
import type { Settings } from "../settings.ts";
import { clientsByMonth, clientsBySegment, cohortRetention, type ClientMonth, type ClientSegmentRow, type CohortRow } from "./clients.ts";
import { makeContext } from "./context.ts";
import { latestEventDayOr } from "../as-of.ts";
import { addMonths, firstMonthWithRepeatHistory, monthFirstDay, monthLabelRu, monthLastDay, monthRange } from "../../src/core/months.ts";
import { npsByMonth } from "./nps.ts";
import { paymentsByMonth } from "./payments.ts";
import { projectsByMonth, type ProjectMonth } from "./projects.ts";
import { sameDaysCounts, type SameDaysCounts } from "./same-days.ts";
import { lastCompleteMonthAt, localMonthOf } from "../../src/core/format.ts";
import { slaByMonth } from "./sla.ts";
import { queryRows, relationSql, tableExists } from "./sql.ts";
import { createTicketFacts, timestampLiteral } from "./ticket-facts.ts";
import { ticketsByMonth, type TicketMonth } from "./tickets.ts";
import { evaluateTriggers } from "./triggers.ts";
import { visitsByMonth, type VisitMonth } from "./visits.ts";
import { computeWorkload, WORKLOAD_ROLES, type WorkloadRole } from "../../src/core/workload.ts";
import type { KpiTree, MonthKpis } from "../../src/core/kpis.ts";
import {
  clientsTree,
  csatTree,
  npsTree,
  paymentsTree,
  projectsTree,
  retentionTree,
  roleNode,
  sameDaysNode,
  slaTree,
  ticketsTree,
  triggerNode,
  visitsTree,
} from "./kpi-nodes.ts";

export { flattenKpis, targetStatus, type KpiStatus, type KpiTree, type KpiValue, type MonthKpis } from "../../src/core/kpis.ts";

export interface KpiOptions {
  /** as-of moment: tickets are judged at it, other open items at min(month end, now); default: current time */
  now?: Date;
  /** name of the per-ticket facts table (created as of `now` when absent) */
  factsTable?: string;
  /** first month with data (for the quarter-over-quarter windows); looked up when absent */
  firstDataMonth?: string;
  /** the data's own day (Pipeline.latestEventDay, loaders/as-of.ts); looked up on the connection once when absent */
  latestEventDay?: string | null;
}

/** First and last month with tickets (local), the last capped at the month of `now`. */
export async function dataMonths(connection: DuckDBConnection, settings: Settings, now: Date): Promise<string[]> {
  const tickets = await relationSql(connection, "tickets");
  const tz = settings.calendar.timezone;
  // min/max of the instants, converted once (the local month is monotonic in the instant)
  const rows = await queryRows<{ first: string | null; last: string | null }>(
    connection,
    `SELECT strftime(min(created_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS first, strftime(max(created_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS last
     FROM ${tickets} WHERE created_at <= ${timestampLiteral(now)}`,
  );
  const firstInstant = rows[0]?.first ?? null;
  const lastInstant = rows[0]?.last ?? null;
  if (firstInstant === null || lastInstant === null) return [];
  const first = localMonthOf(new Date(firstInstant), tz);
  let last = localMonthOf(new Date(lastInstant), tz);
  const nowMonth = localMonthOf(now, tz);
  if (last > nowMonth) last = nowMonth;
  return monthRange(first, last);
}

/**
 * The month's staff calendar up to the as-of day (the whole month once it is over): working days
 * of the production calendar (shortened ones included) and the legal norm hours at
 * workload.hours_per_week (hours_per_week / 5 a day, one hour less on a shortened day).
 */
export function periodCalendar(
  month: string,
  asOfDay: string,
  settings: Settings,
): { workingDays: number; workingDaysInMonth: number; normHours: number } {
  const staffCalendar = { ...settings.calendar, mode: "business" as const };
  const workingDaysAll = workingDaysInMonth(month, staffCalendar);
  const last = monthLastDay(month);
  const end = asOfDay < last ? asOfDay : last;
  const first = monthFirstDay(month);
  if (end < first) return { workingDays: 0, workingDaysInMonth: workingDaysAll, normHours: 0 };
  const perDay = (settings.workload.hours_per_week ?? 40) / 5;
  let workingDays = 0;
  let normHours = 0;
  for (const day of businessDays(first, end, staffCalendar)) {
    if (day.kind === "off") continue;
    workingDays += 1;
    normHours += day.kind === "short" ? perDay - 1 : perDay;
  }
  return { workingDays, workingDaysInMonth: workingDaysAll, normHours };
}

/** workload.<role>.* of the month (src/core/workload.ts) and the scaling triggers it feeds (triggers.ts). */
function workloadAndTriggers(
  period: { workingDays: number; workingDaysInMonth: number; normHours: number },
  t: TicketMonth,
  c: ClientMonth,
  p: ProjectMonth | null,
  v: VisitMonth | null,
  settings: Settings,
  nearFrom: number,
): { workload: KpiTree; triggers: KpiTree } {
  const workload = computeWorkload(
    {
      workingDays: period.workingDays,
      normHours: period.normHours,
      monthFraction: period.workingDaysInMonth > 0 ? period.workingDays / period.workingDaysInMonth : 0,
      ticketEffortHours: t.effort_hours,
      activeClients: c.active,
      newClients: c.new,
      projectWeeks: p ? p.project_weeks : null,
      visits: v ? { total: v.total, onsiteHours: v.onsite_hours, travelHours: v.travel_hours } : null,
    },
    settings,
  );
  const workloadTree: KpiTree = {};
  for (const role of WORKLOAD_ROLES) workloadTree[role] = roleNode(workload[role as WorkloadRole]);
  const triggers = evaluateTriggers(
    { tickets: t.total, activeClients: c.active, projectsStarted: p ? p.started : null, implementationUtilization: workload.implementation_manager.utilization },
    settings,
  );
  const triggerTree: KpiTree = {};
  for (const [name, result] of Object.entries(triggers)) triggerTree[name] = triggerNode(result, nearFrom);
  return { workload: workloadTree, triggers: triggerTree };
}

/** KPI objects for the given months (one set-based pass per metric family). */
export async function computeMonths(
  connection: DuckDBConnection,
  settings: Settings,
  months: string[],
  options: KpiOptions = {},
): Promise<MonthKpis[]> {
  const now = options.now ?? new Date();
  if (months.length === 0) return [];
  const factsTable = options.factsTable ?? "ticket_facts";
  const latestEventDay = await latestEventDayOr(connection, settings.calendar.timezone, options.latestEventDay);
  if (!(await tableExists(connection, factsTable))) await createTicketFacts(connection, settings, now, factsTable, latestEventDay);

  const sorted = [...months].sort();
  const context = makeContext(connection, settings, sorted, now, latestEventDay);
  const firstDataMonth = options.firstDataMonth ?? (await dataMonths(connection, settings, now))[0] ?? sorted[0]!;
  const repeatsFrom = firstMonthWithRepeatHistory(firstDataMonth, settings.repeat_window_days);
  // a repeat rate only where every ticket of its window had the full repeat window of history in the data
  const seesHistory = (from: string) => from >= repeatsFrom;
  // ticket aggregates also for the 5 months before, for the quarter-over-quarter repeat rate
  const ticketMonths = monthRange(addMonths(sorted[0]!, -5), sorted[sorted.length - 1]!);
  // one connection: the queries run one after another
  const tickets = await ticketsByMonth(makeContext(connection, settings, ticketMonths, now, latestEventDay), factsTable);
  const sla = await slaByMonth(connection, settings, { now, months: sorted, factsTable, latestEventDay });
  const clients = await clientsByMonth(context);
  const nps = await npsByMonth(context);
  const projects = await projectsByMonth(context);
  const visits = await visitsByMonth(context);
  const payments = await paymentsByMonth(context);
  const slaIndex = new Map(sla.map((r) => [`${r.month}|${r.priority}`, r]));
  const nearFrom = Number((settings.status_thresholds as Record<string, unknown>).trigger_near_from ?? 0.9);
  const lastComplete = lastCompleteMonthAt(now, context.timezone);
  const sameDays = new Map<string, SameDaysCounts>();
  for (const month of sorted.filter((m) => m > lastComplete)) sameDays.set(month, await sameDaysCounts(context, month));

  return sorted.map((month) => {
    const partial = month > lastComplete;
    const period = periodCalendar(month, context.asOfDay, settings);
    const t = tickets.get(month)!;
    const c = clients.get(month)!;
    const p = projects?.get(month) ?? null;
    const v = visits?.get(month) ?? null;
    const { workload, triggers } = workloadAndTriggers(period, t, c, p, v, settings, nearFrom);
    return {
      month,
      month_name_ru: monthLabelRu(month),
      as_of: now.toISOString(),
      partial,
      provisional: partial || (slaIndex.get(`${month}|all`)?.in_progress ?? 0) > 0,
      same_days: sameDaysNode(sameDays.get(month)),
      calendar: { working_days: period.workingDays, working_days_in_month: period.workingDaysInMonth, norm_hours: period.normHours },
      sla: slaTree(slaIndex, month, settings),
      tickets: ticketsTree(tickets, month, period.workingDays, seesHistory, settings),
      csat: csatTree(t, settings),
      nps: npsTree(nps.get(month)!, settings),
      retention: retentionTree(c, settings),
      clients: clientsTree(c, settings),
      projects: projectsTree(p, settings),
      visits: visitsTree(v),
      payments: paymentsTree(payments?.get(month) ?? null, settings),
      workload,
      triggers,
    };
  });
}

/** KPIs of one month. */
export async function computeMonthKpis(
  connection: DuckDBConnection,
  settings: Settings,
  month: string,
  options: KpiOptions = {},
): Promise<MonthKpis> {
  const [result] = await computeMonths(connection, settings, [month], options);
  return result!;
}

/** KPIs of every month with tickets, from the first to the last (capped at the month of `now`). */
export async function computeAllMonths(
  connection: DuckDBConnection,
  settings: Settings,
  options: KpiOptions = {},
): Promise<MonthKpis[]> {
  const now = options.now ?? new Date();
  const months = await dataMonths(connection, settings, now);
  return computeMonths(connection, settings, months, { ...options, now, firstDataMonth: months[0] });
}

/**
 * Cohort retention of the contract-start months inside the data period (first to last month with
 * tickets), judged at the as-of day in the month that holds it. `latestEventDay` here and in
 * clientSegmentsAsOf: the data's own day (Pipeline.latestEventDay); looked up when absent.
 */
export async function cohortRetentionAsOf(
  connection: DuckDBConnection,
  settings: Settings,
  now: Date,
  latestEventDay?: string | null,
): Promise<CohortRow[]> {
  const months = await dataMonths(connection, settings, now);
  const day = await latestEventDayOr(connection, settings.calendar.timezone, latestEventDay);
  const context = makeContext(connection, settings, [], now, day);
  if (months.length === 0) return [];
  return cohortRetention(context, { firstMonth: months[0], lastMonth: months[months.length - 1] });
}

/** Clients per segment in every month of the data period (the months of computeAllMonths), judged at the as-of. */
export async function clientSegmentsAsOf(
  connection: DuckDBConnection,
  settings: Settings,
  now: Date,
  latestEventDay?: string | null,
): Promise<ClientSegmentRow[]> {
  const months = await dataMonths(connection, settings, now);
  const day = await latestEventDayOr(connection, settings.calendar.timezone, latestEventDay);
  return clientsBySegment(makeContext(connection, settings, months, now, day));
}
