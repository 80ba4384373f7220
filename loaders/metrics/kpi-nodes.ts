/**
 * The monthly KPI tree's nodes (month-kpis.ts assembles them): one function per metric family
 * turning its module's month row into the keys of «Методика» (definitions.ts), each KPI with a
 * target beside its `_target` and `_status`.
 */
import { PRIORITIES, VISIT_KINDS, type VisitKind } from "../schema.ts";
import type { Settings } from "../settings.ts";
import { addMonths, monthRange } from "../../src/core/months.ts";
import { targetStatus, type KpiTree } from "../../src/core/kpis.ts";
import type { RoleLoad } from "../../src/core/workload.ts";
import type { ClientMonth } from "./clients.ts";
import type { NpsResult } from "./nps.ts";
import type { PaymentMonth } from "./payments.ts";
import type { ProjectMonth } from "./projects.ts";
import type { SameDaysCounts } from "./same-days.ts";
import type { SlaMonthRow } from "./sla.ts";
import { ratio } from "./sql.ts";
import type { TicketMonth } from "./tickets.ts";
import type { TriggerResult } from "./triggers.ts";
import type { VisitMonth } from "./visits.ts";

const SLA_PRIORITIES = [...PRIORITIES, "all"] as const;

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

export function slaNode(row: SlaMonthRow | undefined, settings: Settings, priority: string): KpiTree {
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

function sumTickets(map: ReadonlyMap<string, TicketMonth>, months: string[]): { repeats: number; known: number } {
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

export function roleNode(load: RoleLoad): KpiTree {
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

export function triggerNode(t: TriggerResult, nearFrom: number): KpiTree {
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
export function sameDaysNode(counts: SameDaysCounts | undefined): KpiTree {
  return {
    through_day: counts?.through_day ?? null,
    tickets_total_previous_month: counts?.tickets_total_previous_month ?? null,
    tickets_total_year_ago: counts?.tickets_total_year_ago ?? null,
    visits_total_previous_month: counts?.visits_total_previous_month ?? null,
    visits_total_year_ago: counts?.visits_total_year_ago ?? null,
  };
}

/** sla.<priority>.* for every priority and the total («all»). */
export function slaTree(slaIndex: ReadonlyMap<string, SlaMonthRow>, month: string, settings: Settings): KpiTree {
  const tree: KpiTree = {};
  for (const p of SLA_PRIORITIES) tree[p] = slaNode(slaIndex.get(`${month}|${p}`), settings, p);
  return tree;
}

/**
 * tickets.*: volume, escalations, repeats (a repeat rate only where `seesHistory` says every ticket
 * of its window had the full repeat window of history), effort.
 */
export function ticketsTree(
  tickets: ReadonlyMap<string, TicketMonth>,
  month: string,
  workingDays: number,
  seesHistory: (fromMonth: string) => boolean,
  settings: Settings,
): KpiTree {
  const t = tickets.get(month)!;
  const tree: KpiTree = { total: t.total };
  const byPriority: KpiTree = {};
  for (const p of PRIORITIES) byPriority[p] = t.by_priority[p];
  tree.by_priority = byPriority;
  tree.per_working_day = workingDays > 0 ? t.total / workingDays : null;
  tree.escalated = t.escalated;
  withTarget(tree, "escalation_rate", ratio(t.escalated, t.escalation_known), target(settings, "escalation_rate_max"), "max");
  withTarget(
    tree,
    "resolved_without_escalation",
    ratio(t.resolved_not_escalated, t.resolved_escalation_known),
    target(settings, "resolved_without_escalation_min"),
    "min",
  );
  tree.repeats = t.repeats;
  tree.repeat_rate = seesHistory(month) ? ratio(t.repeats, t.repeat_known) : null;
  const current = sumTickets(tickets, monthRange(addMonths(month, -2), month));
  const previous = sumTickets(tickets, monthRange(addMonths(month, -5), addMonths(month, -3)));
  const rate3 = seesHistory(addMonths(month, -2)) ? ratio(current.repeats, current.known) : null;
  const ratePrev3 = seesHistory(addMonths(month, -5)) ? ratio(previous.repeats, previous.known) : null;
  tree.repeat_rate_3m = rate3;
  tree.repeat_rate_prev_3m = ratePrev3;
  withTarget(
    tree,
    "repeat_rate_qoq_change",
    rate3 === null || ratePrev3 === null || ratePrev3 === 0 ? null : rate3 / ratePrev3 - 1,
    target(settings, "repeat_rate_qoq_change_max"),
    "max",
  );
  tree.effort_hours = t.effort_hours;
  tree.effort_recorded = t.effort_recorded;
  return tree;
}

/** csat.*: responses, mean against its target, share of 4–5. */
export function csatTree(t: TicketMonth, settings: Settings): KpiTree {
  const tree: KpiTree = { responses: t.csat_responses };
  withTarget(tree, "mean", t.csat_mean, target(settings, "csat_mean_min"), "min");
  tree.share_4_5 = ratio(t.csat_high, t.csat_responses);
  return tree;
}

/** nps.*: the 12-month score with its interval and responses, and the quarter's. */
export function npsTree(n: NpsResult, settings: Settings): KpiTree {
  const tree: KpiTree = {};
  withTarget(tree, "score", n.score, target(settings, "nps_min"), "min");
  tree.margin_of_error = n.margin_of_error;
  tree.interval_low = n.interval_low;
  tree.interval_high = n.interval_high;
  withTarget(tree, "responses", n.responses, target(settings, "nps_responses_min"), "min");
  tree.promoters = n.promoters;
  tree.passives = n.passives;
  tree.detractors = n.detractors;
  tree.window_start = n.window_start;
  tree.window_end = n.window_end;
  tree.quarter = { ...n.quarter };
  return tree;
}

/** clients.*: the portfolio and clients per МОС. */
export function clientsTree(c: ClientMonth, settings: Settings): KpiTree {
  const mosHeadcount = settings.workload.headcount.success_manager;
  return { active: c.active, new: c.new, churned: c.churned, per_success_manager: ratio(c.active, mosHeadcount) };
}

/** retention.*: 12-month logo retention against its target, its base, GRR. */
export function retentionTree(c: ClientMonth, settings: Settings): KpiTree {
  const tree: KpiTree = {};
  withTarget(tree, "logo_12m", c.logo_12m, target(settings, "logo_retention_12m_min"), "min");
  tree.logo_base = c.logo_base;
  tree.logo_retained = c.logo_retained;
  tree.grr_12m = c.grr_12m;
  tree.mrr_base_rub = c.mrr_base_rub;
  tree.mrr_retained_rub = c.mrr_retained_rub;
  return tree;
}

/** projects.*: nulls when the projects export is absent. */
export function projectsTree(p: ProjectMonth | null, settings: Settings): KpiTree {
  const tree: KpiTree = {};
  tree.started = p ? p.started : null;
  withTarget(tree, "completed", p ? p.completed : null, target(settings, "projects_per_month_min"), "min");
  withTarget(tree, "on_time_rate", p ? p.on_time_rate : null, target(settings, "projects_on_time_min"), "min");
  tree.overdue_open = p ? p.overdue_open : null;
  tree.median_duration_days = p ? p.median_duration_days : null;
  withTarget(tree, "ttv_median_days", p ? p.ttv_median_days : null, target(settings, "ttv_max_days"), "max");
  withTarget(tree, "ttv_within_target_rate", p ? p.ttv_within_target_rate : null, target(settings, "ttv_within_target_min"), "min");
  withTarget(tree, "handover_within_7d_rate", p ? p.handover_within_7d_rate : null, target(settings, "handover_within_min"), "min");
  withTarget(tree, "critical_remarks", p ? p.critical_remarks : null, target(settings, "critical_remarks_max"), "max");
  tree.active = p ? p.active_at_month_end : null;
  tree.project_weeks = p ? p.project_weeks : null;
  return tree;
}

/** visits.*: nulls when the visits export is absent. */
export function visitsTree(v: VisitMonth | null): KpiTree {
  const byKind: KpiTree = {};
  for (const k of VISIT_KINDS) byKind[k] = v ? v.by_kind[k as VisitKind] : null;
  return { total: v ? v.total : null, by_kind: byKind, onsite_hours: v ? v.onsite_hours : null, travel_hours: v ? v.travel_hours : null };
}

/** payments.*: nulls when the payments export is absent. */
export function paymentsTree(pay: PaymentMonth | null, settings: Settings): KpiTree {
  const tree: KpiTree = { invoices_due: pay ? pay.due : null };
  withTarget(tree, "on_time_rate", pay ? pay.on_time_rate : null, target(settings, "payments_on_time_min"), "min");
  tree.unpaid_overdue = pay ? pay.unpaid_overdue : null;
  return tree;
}
