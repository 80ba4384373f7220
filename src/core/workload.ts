/**
 * Workload per role in hours a month: demand from the month's activity and the department's
 * norms (settings.workload, sources in its `_source` keys), against capacity.
 *
 * capacity = legal working-time norm of the period on the production calendar (40-hour week:
 *            8 h a working day, 7 h a shortened one) × productive_share × headcount
 * utilization = demand / capacity; status: green < amber_from ≤ amber ≤ red_above < red.
 *
 * For the current (unfinished) month the period ends on the as-of day: working days, capacity
 * and the per-month norms (portfolio hours per client-month, billing, monthly report) cover that
 * part of the month only (× monthFraction = elapsed / all working days of the month).
 *
 * Demand (weeks = working days / 5):
 * - support_manager: Σ effort of the tickets created in the month (effort_minutes, else the
 *   per-priority default);
 * - success_manager (МОС): active clients × hours_per_client_month
 *   + new clients × (onboarding_hours_per_new_client + trainings_per_new_client × hours_per_training)
 *   + weeks × (deliveries_per_week × hours_per_delivery + supplier_requests_per_week × hours_per_supplier_request)
 *   + billing_hours_per_month;
 * - implementation_manager: project-weeks active in the month (working days / 5) × hours_per_project_week;
 * - senior_engineer: Σ (on-site + travel hours) of the month's visits + visits ×
 *   (preparation + paperwork hours) + weeks × expert_consultations_per_week × hours_per_consultation;
 * - head: weeks × (team_meeting + cross_department_meeting hours) + working days ×
 *   (complex_cases_per_day × hours_per_complex_case + sla_review_hours_per_day) + monthly_report_hours.
 *
 * Pure functions shared by the workload KPI (loaders/metrics/month-kpis.ts) and the staffing
 * simulator (src/core/simulator/engine.ts, norms from loaders/simulator/defaults.ts): both take
 * «weeks in a month» from weeksInMonth (src/core/work-weeks.ts) and onboarding from onboardingHours.
 */
import type { Role, Settings } from "./settings.js";
import { weeksInMonth } from "./work-weeks.js";

export const WORKLOAD_ROLES = ["support_manager", "success_manager", "implementation_manager", "senior_engineer", "head"] as const;
export type WorkloadRole = (typeof WORKLOAD_ROLES)[number];
export type LoadStatus = "green" | "amber" | "red";

export interface RoleLoad {
  demand_hours: number | null;
  capacity_hours: number;
  utilization: number | null;
  status: LoadStatus | null;
  headcount: number;
  /** demand by component, hours */
  components: Record<string, number>;
}

export interface WorkloadInputs {
  /** working days of the period (the month, or its part up to the as-of day) */
  workingDays: number;
  /** share of the month's working days the period covers (1 for a whole month); scales the per-month norms */
  monthFraction?: number;
  /** legal norm hours of the month for one full-time person (before productive_share) */
  normHours: number;
  ticketEffortHours: number;
  activeClients: number;
  newClients: number;
  /** null when the projects export is absent */
  projectWeeks: number | null;
  /** null when the visits export is absent */
  visits: { total: number; onsiteHours: number; travelHours: number } | null;
}

function num(section: Record<string, unknown>, key: string): number {
  const value = section[key];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`config/settings.json: workload: нет числового параметра «${key}»`);
  }
  return value;
}

export function loadStatus(utilization: number | null, settings: Settings): LoadStatus | null {
  if (utilization === null) return null;
  const { amber_from, red_above } = settings.status_thresholds;
  if (utilization > red_above) return "red";
  if (utilization >= amber_from) return "amber";
  return "green";
}

/**
 * Hours of a task done `timesPerWeek` times a week for `hoursEach` hours, in a period of
 * `workingDays` working days (weeks = working days ÷ 5).
 * @example weeklyTaskHours(2, 1.5, 21) // 4.2 weeks × 2 × 1.5 = 12.6
 */
export function weeklyTaskHours(timesPerWeek: number, hoursEach: number, workingDays: number): number {
  return weeksInMonth(workingDays) * timesPerWeek * hoursEach;
}

/**
 * The МОС's onboarding of `newClients` new clients: each takes the onboarding hours plus its
 * trainings.
 * @example onboardingHours(3, 4, 1, 2) // 3 × (4 + 1 × 2) = 18
 */
export function onboardingHours(newClients: number, hoursPerNewClient: number, trainingsPerNewClient: number, hoursPerTraining: number): number {
  return newClients * (hoursPerNewClient + trainingsPerNewClient * hoursPerTraining);
}

/**
 * A role's capacity in hours: one person's legal norm of the period × the productive share ×
 * headcount.
 * @example capacityHours(168, 0.8, 2) // 268.8
 */
export function capacityHours(normHours: number, productiveShare: number, headcount: number): number {
  return normHours * productiveShare * headcount;
}

/**
 * Demand over capacity; null when either is missing or the role has no capacity.
 * @example utilizationOf(134.4, 268.8) // 0.5
 */
export function utilizationOf(demandHours: number | null, capacity: number): number | null {
  return demandHours === null || capacity === 0 ? null : demandHours / capacity;
}

function sum(components: Record<string, number>): number {
  return Object.values(components).reduce((a, b) => a + b, 0);
}

/** Demand components per role (hours), null where the needed export is absent. */
export function demandComponents(inputs: WorkloadInputs, settings: Settings): Record<WorkloadRole, Record<string, number> | null> {
  const w = settings.workload;
  const days = inputs.workingDays;
  const monthShare = inputs.monthFraction ?? 1;
  const sm = w.success_manager as Record<string, unknown>;
  const im = w.implementation_manager as Record<string, unknown>;
  const se = w.senior_engineer as Record<string, unknown>;
  const hd = w.head as Record<string, unknown>;
  return {
    support_manager: { tickets: inputs.ticketEffortHours },
    success_manager: {
      portfolio: monthShare * inputs.activeClients * num(sm, "hours_per_client_month"),
      onboarding: onboardingHours(inputs.newClients, num(sm, "onboarding_hours_per_new_client"), num(sm, "trainings_per_new_client"), num(sm, "hours_per_training")),
      deliveries: weeklyTaskHours(num(sm, "deliveries_per_week"), num(sm, "hours_per_delivery"), days),
      suppliers: weeklyTaskHours(num(sm, "supplier_requests_per_week"), num(sm, "hours_per_supplier_request"), days),
      billing: monthShare * num(sm, "billing_hours_per_month"),
    },
    implementation_manager: inputs.projectWeeks === null ? null : { projects: inputs.projectWeeks * num(im, "hours_per_project_week") },
    senior_engineer:
      inputs.visits === null
        ? null
        : {
            onsite: inputs.visits.onsiteHours,
            travel: inputs.visits.travelHours,
            preparation: inputs.visits.total * num(se, "preparation_hours_per_visit"),
            paperwork: inputs.visits.total * num(se, "paperwork_hours_per_visit"),
            expertise: weeklyTaskHours(num(se, "expert_consultations_per_week"), num(se, "hours_per_consultation"), days),
          },
    head: {
      meetings: weeklyTaskHours(1, num(hd, "team_meeting_hours_per_week") + num(hd, "cross_department_meeting_hours_per_week"), days),
      complex_cases: days * num(hd, "complex_cases_per_day") * num(hd, "hours_per_complex_case"),
      sla_review: days * num(hd, "sla_review_hours_per_day"),
      monthly_report: monthShare * num(hd, "monthly_report_hours"),
    },
  };
}

export function computeWorkload(inputs: WorkloadInputs, settings: Settings): Record<WorkloadRole, RoleLoad> {
  const components = demandComponents(inputs, settings);
  const result = {} as Record<WorkloadRole, RoleLoad>;
  for (const role of WORKLOAD_ROLES) {
    const headcount = Number(settings.workload.headcount[role as Role] ?? 0);
    const capacity = capacityHours(inputs.normHours, settings.workload.productive_share, headcount);
    const parts = components[role];
    const demand = parts === null ? null : sum(parts);
    const utilization = utilizationOf(demand, capacity);
    result[role] = {
      demand_hours: demand,
      capacity_hours: capacity,
      utilization,
      status: loadStatus(utilization, settings),
      headcount,
      components: parts ?? {},
    };
  }
  return result;
}
