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
import { PRIORITIES, VISIT_KINDS, type VisitKind } from "../schema.ts";
import type { Settings } from "../settings.ts";
import { clientsByMonth, cohortRetention, type CohortRow } from "./clients.ts";
import { makeContext } from "./context.ts";
import { addMonths, firstMonthWithRepeatHistory, monthFirstDay, monthLabelRu, monthLastDay, monthRange } from "../../src/core/months.ts";
import { npsByMonth } from "./nps.ts";
import { paymentsByMonth } from "./payments.ts";
import { projectsByMonth } from "./projects.ts";
import { sameDaysCounts, type SameDaysCounts } from "./same-days.ts";
import { lastCompleteMonthAt, localMonthOf } from "../../src/core/format.ts";
import { slaByMonth, type SlaMonthRow } from "./sla.ts";
import { queryRows, ratio, relationSql, tableExists } from "./sql.ts";
import { createTicketFacts, timestampLiteral } from "./ticket-facts.ts";
import { ticketsByMonth, type TicketMonth } from "./tickets.ts";
import { evaluateTriggers, type TriggerResult } from "./triggers.ts";
import { visitsByMonth } from "./visits.ts";
import { computeWorkload, WORKLOAD_ROLES, type RoleLoad, type WorkloadRole } from "../../src/core/workload.ts";

export type KpiStatus = "ok" | "miss";
export type KpiValue = number | string | boolean | null;
export interface KpiTree {
  [key: string]: KpiValue | KpiTree;
}

export interface MonthKpis extends KpiTree {
  month: string;
  month_name_ru: string;
  as_of: string;
  /** the month is not complete at as_of (lastCompleteMonthAt) */
  partial: boolean;
  /** the month's figures can still change: it is partial, or a ticket of it is still in progress */
  provisional: boolean;
}

export interface KpiOptions {
  /** as-of moment: tickets are judged at it, other open items at min(month end, now); default: current time */
  now?: Date;
  /** name of the per-ticket facts table (created as of `now` when absent) */
  factsTable?: string;
  /** first month with data (for the quarter-over-quarter windows); looked up when absent */
  firstDataMonth?: string;
}

const SLA_PRIORITIES = [...PRIORITIES, "all"] as const;

/** Status of a value against a lower (`min`) or upper (`max`) bound; inclusive. */
export function targetStatus(value: number | null, target: number | null, direction: "min" | "max"): KpiStatus | null {
  if (value === null || target === null || target === undefined) return null;
  return (direction === "min" ? value >= target : value <= target) ? "ok" : "miss";
}

function withTarget(
  node: KpiTree,
  key: string,
  value: number | null,
  target: number | null | undefined,
  direction: "min" | "max",
): void {
  node[key] = value;
  node[`${key}_target`] = target ?? null;
  node[`${key}_status`] = targetStatus(value, target ?? null, direction);
}

function target(settings: Settings, key: string): number | null {
  const value = (settings.targets as Record<string, unknown>)[key];
  return typeof value === "number" ? value : null;
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

function slaNode(row: SlaMonthRow | undefined, settings: Settings, priority: string): KpiTree {
  const rules = settings.sla as Record<string, { compliance_target?: number }>;
  const node: KpiTree = {
    tickets: row?.tickets ?? 0,
    met: row?.met ?? 0,
    on_target_count: row?.on_target ?? 0,
    breached: row?.breached ?? 0,
    open: row?.open ?? 0,
    in_progress: row?.in_progress ?? 0,
    provisional: (row?.in_progress ?? 0) > 0,
  };
  withTarget(node, "compliance", row?.compliance ?? null, priority === "all" ? null : rules[priority]?.compliance_target ?? null, "min");
  node.on_target = row?.on_target_share ?? null;
  if (priority === "emergency") {
    withTarget(node, "response_compliance", row?.response_compliance ?? null, rules.emergency?.compliance_target ?? null, "min");
  } else {
    node.response_compliance = row?.response_compliance ?? null;
  }
  node.response_mean_business_minutes = row?.response_mean_business_minutes ?? null;
  node.response_p90_business_minutes = row?.response_p90_business_minutes ?? null;
  node.resolution_mean_business_minutes = row?.resolution_mean_business_minutes ?? null;
  node.resolution_p90_business_minutes = row?.resolution_p90_business_minutes ?? null;
  return node;
}

function sumTickets(map: Map<string, TicketMonth>, months: string[]): { repeats: number; known: number } {
  let repeats = 0;
  let known = 0;
  for (const m of months) {
    const t = map.get(m);
    if (t) {
      repeats += t.repeats;
      known += t.repeat_known;
    }
  }
  return { repeats, known };
}

function roleNode(load: RoleLoad): KpiTree {
  const components: KpiTree = {};
  for (const [k, v] of Object.entries(load.components)) components[k] = v;
  return {
    demand_hours: load.demand_hours,
    capacity_hours: load.capacity_hours,
    utilization: load.utilization,
    status: load.status,
    headcount: load.headcount,
    components,
  };
}

function triggerNode(t: TriggerResult, nearFrom: number): KpiTree {
  const node: KpiTree = {
    fired: t.fired,
    value: t.value,
    threshold: t.threshold,
    comparison: t.comparison,
    nearness: t.nearness,
    near: t.nearness === null || t.fired === null ? null : !t.fired && t.nearness >= nearFrom,
  };
  for (const [k, v] of Object.entries(t.detail ?? {})) node[k] = v;
  return node;
}

/** The same-days counts of a month not complete (same-days.ts); nulls for a complete month. */
function sameDaysNode(counts: SameDaysCounts | undefined): KpiTree {
  return {
    through_day: counts?.through_day ?? null,
    tickets_total_previous_month: counts?.tickets_total_previous_month ?? null,
    tickets_total_year_ago: counts?.tickets_total_year_ago ?? null,
    visits_total_previous_month: counts?.visits_total_previous_month ?? null,
    visits_total_year_ago: counts?.visits_total_year_ago ?? null,
  };
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
  if (!(await tableExists(connection, factsTable))) await createTicketFacts(connection, settings, now, factsTable);

  const sorted = [...months].sort();
  const context = makeContext(connection, settings, sorted, now);
  const firstDataMonth = options.firstDataMonth ?? (await dataMonths(connection, settings, now))[0] ?? sorted[0]!;
  const repeatsFrom = firstMonthWithRepeatHistory(firstDataMonth, settings.repeat_window_days);
  // a repeat rate only where every ticket of its window had the full repeat window of history in the data
  const seesHistory = (from: string) => from >= repeatsFrom;
  // ticket aggregates also for the 5 months before, for the quarter-over-quarter repeat rate
  const ticketMonths = monthRange(addMonths(sorted[0]!, -5), sorted[sorted.length - 1]!);
  // one connection: the queries run one after another
  const tickets = await ticketsByMonth(makeContext(connection, settings, ticketMonths, now), factsTable);
  const sla = await slaByMonth(connection, settings, { now, months: sorted, factsTable });
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
    const asOfDay = context.asOfDay;
    const partial = month > lastComplete;
    const period = periodCalendar(month, asOfDay, settings);
    const workingDays = period.workingDays;
    const normHours = period.normHours;

    const slaTree: KpiTree = {};
    for (const p of SLA_PRIORITIES) slaTree[p] = slaNode(slaIndex.get(`${month}|${p}`), settings, p);

    const t = tickets.get(month)!;
    const ticketTree: KpiTree = { total: t.total };
    const byPriority: KpiTree = {};
    for (const p of PRIORITIES) byPriority[p] = t.by_priority[p];
    ticketTree.by_priority = byPriority;
    ticketTree.per_working_day = workingDays > 0 ? t.total / workingDays : null;
    ticketTree.escalated = t.escalated;
    withTarget(ticketTree, "escalation_rate", ratio(t.escalated, t.escalation_known), target(settings, "escalation_rate_max"), "max");
    withTarget(
      ticketTree,
      "resolved_without_escalation",
      ratio(t.resolved_not_escalated, t.resolved_escalation_known),
      target(settings, "resolved_without_escalation_min"),
      "min",
    );
    ticketTree.repeats = t.repeats;
    ticketTree.repeat_rate = seesHistory(month) ? ratio(t.repeats, t.repeat_known) : null;
    const current = sumTickets(tickets, monthRange(addMonths(month, -2), month));
    const previous = sumTickets(tickets, monthRange(addMonths(month, -5), addMonths(month, -3)));
    const rate3 = seesHistory(addMonths(month, -2)) ? ratio(current.repeats, current.known) : null;
    const ratePrev3 = seesHistory(addMonths(month, -5)) ? ratio(previous.repeats, previous.known) : null;
    ticketTree.repeat_rate_3m = rate3;
    ticketTree.repeat_rate_prev_3m = ratePrev3;
    withTarget(
      ticketTree,
      "repeat_rate_qoq_change",
      rate3 === null || ratePrev3 === null || ratePrev3 === 0 ? null : rate3 / ratePrev3 - 1,
      target(settings, "repeat_rate_qoq_change_max"),
      "max",
    );
    ticketTree.effort_hours = t.effort_hours;
    ticketTree.effort_recorded = t.effort_recorded;

    const csatTree: KpiTree = { responses: t.csat_responses };
    withTarget(csatTree, "mean", t.csat_mean, target(settings, "csat_mean_min"), "min");
    csatTree.share_4_5 = ratio(t.csat_high, t.csat_responses);

    const n = nps.get(month)!;
    const npsTree: KpiTree = {};
    withTarget(npsTree, "score", n.score, target(settings, "nps_min"), "min");
    npsTree.margin_of_error = n.margin_of_error;
    npsTree.interval_low = n.interval_low;
    npsTree.interval_high = n.interval_high;
    withTarget(npsTree, "responses", n.responses, target(settings, "nps_responses_min"), "min");
    npsTree.promoters = n.promoters;
    npsTree.passives = n.passives;
    npsTree.detractors = n.detractors;
    npsTree.window_start = n.window_start;
    npsTree.window_end = n.window_end;
    npsTree.quarter = { ...n.quarter };

    const c = clients.get(month)!;
    const mosHeadcount = settings.workload.headcount.success_manager;
    const clientTree: KpiTree = {
      active: c.active,
      new: c.new,
      churned: c.churned,
      per_success_manager: mosHeadcount > 0 ? c.active / mosHeadcount : null,
    };
    const retentionTree: KpiTree = {};
    withTarget(retentionTree, "logo_12m", c.logo_12m, target(settings, "logo_retention_12m_min"), "min");
    retentionTree.logo_base = c.logo_base;
    retentionTree.logo_retained = c.logo_retained;
    retentionTree.grr_12m = c.grr_12m;
    retentionTree.mrr_base_rub = c.mrr_base_rub;
    retentionTree.mrr_retained_rub = c.mrr_retained_rub;

    const p = projects?.get(month) ?? null;
    const projectTree: KpiTree = {};
    projectTree.started = p ? p.started : null;
    withTarget(projectTree, "completed", p ? p.completed : null, target(settings, "projects_per_month_min"), "min");
    withTarget(projectTree, "on_time_rate", p ? p.on_time_rate : null, target(settings, "projects_on_time_min"), "min");
    projectTree.overdue_open = p ? p.overdue_open : null;
    projectTree.median_duration_days = p ? p.median_duration_days : null;
    withTarget(projectTree, "ttv_median_days", p ? p.ttv_median_days : null, target(settings, "ttv_max_days"), "max");
    withTarget(projectTree, "ttv_within_target_rate", p ? p.ttv_within_target_rate : null, target(settings, "ttv_within_target_min"), "min");
    withTarget(projectTree, "handover_within_7d_rate", p ? p.handover_within_7d_rate : null, target(settings, "handover_within_min"), "min");
    withTarget(projectTree, "critical_remarks", p ? p.critical_remarks : null, target(settings, "critical_remarks_max"), "max");
    projectTree.active = p ? p.active_at_month_end : null;
    projectTree.project_weeks = p ? p.project_weeks : null;

    const v = visits?.get(month) ?? null;
    const byKind: KpiTree = {};
    for (const k of VISIT_KINDS) byKind[k] = v ? v.by_kind[k as VisitKind] : null;
    const visitTree: KpiTree = {
      total: v ? v.total : null,
      by_kind: byKind,
      onsite_hours: v ? v.onsite_hours : null,
      travel_hours: v ? v.travel_hours : null,
    };

    const pay = payments?.get(month) ?? null;
    const paymentTree: KpiTree = { invoices_due: pay ? pay.due : null };
    withTarget(paymentTree, "on_time_rate", pay ? pay.on_time_rate : null, target(settings, "payments_on_time_min"), "min");
    paymentTree.unpaid_overdue = pay ? pay.unpaid_overdue : null;

    const workload = computeWorkload(
      {
        workingDays,
        normHours,
        monthFraction: period.workingDaysInMonth > 0 ? workingDays / period.workingDaysInMonth : 0,
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
      {
        tickets: t.total,
        activeClients: c.active,
        projectsStarted: p ? p.started : null,
        implementationUtilization: workload.implementation_manager.utilization,
      },
      settings,
    );
    const triggerTree: KpiTree = {};
    for (const [name, result] of Object.entries(triggers)) triggerTree[name] = triggerNode(result, nearFrom);

    return {
      month,
      month_name_ru: monthLabelRu(month),
      as_of: now.toISOString(),
      partial,
      provisional: partial || (slaIndex.get(`${month}|all`)?.in_progress ?? 0) > 0,
      same_days: sameDaysNode(sameDays.get(month)),
      calendar: { working_days: workingDays, working_days_in_month: period.workingDaysInMonth, norm_hours: normHours },
      sla: slaTree,
      tickets: ticketTree,
      csat: csatTree,
      nps: npsTree,
      retention: retentionTree,
      clients: clientTree,
      projects: projectTree,
      visits: visitTree,
      payments: paymentTree,
      workload: workloadTree,
      triggers: triggerTree,
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
 * tickets), judged at the as-of day in the month that holds it.
 */
export async function cohortRetentionAsOf(
  connection: DuckDBConnection,
  settings: Settings,
  now: Date,
): Promise<CohortRow[]> {
  const months = await dataMonths(connection, settings, now);
  const context = makeContext(connection, settings, [], now);
  if (months.length === 0) return [];
  return cohortRetention(connection, { firstMonth: months[0], lastMonth: months[months.length - 1], asOfDay: context.asOfDay });
}

/** "a.b.c" → value, for every leaf of a KPI tree. */
export function flattenKpis(tree: KpiTree, prefix = ""): Record<string, KpiValue> {
  const out: Record<string, KpiValue> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object") Object.assign(out, flattenKpis(value, path));
    else out[path] = value;
  }
  return out;
}
