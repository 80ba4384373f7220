/**
 * Plain-data types shared by the simulator engine, the calibration loader, the CLI and the
 * pages (everything here is JSON-serialisable so it crosses the Web Worker boundary as is).
 */

export type PriorityName = "emergency" | "standard" | "consultation";
export const PRIORITY_NAMES: readonly PriorityName[] = ["emergency", "standard", "consultation"];

export type SimRole = "support_manager" | "success_manager" | "implementation_manager" | "senior_engineer";
export const SIM_ROLES: readonly SimRole[] = ["support_manager", "success_manager", "implementation_manager", "senior_engineer"];

export type ProjectVisitKind = "audit" | "installation" | "commissioning" | "training";
export const PROJECT_VISIT_KINDS: readonly ProjectVisitKind[] = ["audit", "installation", "commissioning", "training"];
export type VisitKindName = ProjectVisitKind | "maintenance" | "emergency";

/** Working time of one calendar month: minutes of work on each day (0 = day off). */
export interface CalendarMonth {
  /** "YYYY-MM" */
  month: string;
  /** working minutes of day 1..N (index 0 = the 1st) */
  workingMinutesByDay: number[];
  /** ISO weekday (1 = Monday … 7 = Sunday) of the 1st of the month */
  firstWeekday: number;
  /** where the day kinds come from: the production calendar, or weekdays only (no calendar for that year) */
  source: "production" | "weekdays" | "24x7";
  /**
   * the legal working-time norm of one full-time employee in the month, minutes (40-hour week:
   * 8 h a working day, 7 h a shortened one): the capacity behind every utilization, as in the
   * workload KPI (loaders/metrics/workload.ts). Absent (the 24×7 queue-validation calendar): the
   * month's working minutes.
   */
  staffNormMinutes?: number;
}

export interface WorkingCalendar {
  /** minute of the day work starts (540 = 09:00); a shortened day ends earlier */
  workdayStartMinute: number;
  months: CalendarMonth[];
}

/** Effort of one ticket: lognormal ln(minutes) ~ N(mu, sigma²). */
export interface LognormalEffort {
  mu: number;
  sigma: number;
}

export interface SlaRules {
  emergencyResponseBusinessMinutes: number;
  /** resolution target in business minutes per priority */
  targetBusinessMinutes: Record<PriorityName, number>;
  /** resolution limit in calendar days (standard, consultation) */
  limitCalendarDays: Record<PriorityName, number | null>;
  /** share of tickets that must meet the target */
  complianceTarget: Record<PriorityName, number>;
}

export interface Hire {
  role: SimRole;
  /** month the person starts, "YYYY-MM" (fully productive after `rampUpMonths` of the scenario's hiring section) */
  month: string;
}

export interface SuccessManagerNorms {
  hoursPerClientMonth: number;
  onboardingHoursPerNewClient: number;
  trainingsPerNewClient: number;
  hoursPerTraining: number;
  /** deliveries, billing and supplier requests: fixed hours a month */
  fixedHoursPerMonth: number;
}

export interface EngineerNorms {
  /** onsite + travel + preparation + paperwork hours of one visit, per kind */
  hoursPerVisit: Record<VisitKindName, number>;
  /** expert consultations and other fixed work, hours a month */
  fixedHoursPerMonth: number;
}

/** Everything a run needs besides the calendar. Every number is an editable assumption. */
export interface Scenario {
  name: string;
  /** first simulated month, "YYYY-MM" */
  startMonth: string;
  /** 1…36 */
  horizonMonths: number;
  clients: {
    initial: number;
    /** growth path: new clients from projects only, or a straight line to `target` by `byMonth` */
    growth: { mode: "projects" } | { mode: "target"; target: number; byMonth: string };
    churnRatePerMonth: number;
    newClientsPerProject: number;
  };
  tickets: {
    perClientMonth: number;
    priorityMix: Record<PriorityName, number>;
    /** relative intensity by ISO weekday, index 0 = Monday … 6 = Sunday */
    weekdayProfile: number[];
    /** relative intensity by local hour 0…23 */
    hourProfile: number[];
    /** multiplier by calendar month, index 0 = January */
    seasonalProfile: number[];
    /** relative intensity of a weekday that is a day off (holiday), vs. the weekday itself */
    holidayFactor: number;
  };
  effort: { distribution: "lognormal"; byPriority: Record<PriorityName, LognormalEffort> } | { distribution: "exponential"; meanMinutes: Record<PriorityName, number> };
  /** emergencies interrupt work on other tickets */
  preemptiveEmergencies: boolean;
  staff: Record<SimRole, number>;
  hires: Hire[];
  productiveShare: number;
  projects: {
    perMonth: number;
    weeks: number;
    implementationHoursPerProjectWeek: number;
    visitsPerProject: Record<ProjectVisitKind, number>;
  };
  maintenanceVisitsPerClientPerQuarter: number;
  emergencyVisitsPerEmergencyTicket: number;
  successManager: SuccessManagerNorms;
  engineer: EngineerNorms;
  sla: SlaRules;
  triggers: {
    ticketsPerMonth: number;
    activeClients: number;
    clientsPerSuccessManager: number;
    projectsPerMonth: number;
    implementationUtilization: number;
  };
  hiring: {
    leadTimeMonths: number;
    rampUpMonths: number;
    /** P(SLA target missed in a month) above which the support queue needs a hire */
    slaMissProbabilityThreshold: number;
    /** priorities whose compliance decides «SLA target missed» */
    slaMissPriorities: PriorityName[];
  };
}

export const TRIGGER_KEYS = ["second_support_manager", "second_success_manager", "second_engineer", "implementation_assistant"] as const;
export type TriggerKey = (typeof TRIGGER_KEYS)[number];

/** Per-run, per-month values; the names index the result arrays. */
export const MONTH_METRICS = [
  "tickets",
  "tickets_emergency",
  "sla_emergency",
  "sla_standard",
  "sla_consultation",
  "response_emergency",
  "limit_standard",
  "limit_consultation",
  "sla_missed",
  "mean_wait_minutes",
  "backlog",
  "active_clients",
  "clients_per_success_manager",
  "projects",
  /** implementation projects running on an average day of the month */
  "concurrent_projects",
  "engineer_visits",
  "engineer_hours",
  "util_support_manager",
  "util_success_manager",
  "util_implementation_manager",
  "util_senior_engineer",
] as const;
export type MonthMetric = (typeof MONTH_METRICS)[number];

export interface Band {
  p10: number;
  p50: number;
  p90: number;
  mean: number;
}

export interface MonthSummary {
  month: string;
  /** metric → P10/P50/P90/mean over the runs (NaN values — e.g. no emergencies that month — are left out) */
  metrics: Record<MonthMetric, Band>;
  /** P(trigger fired in this month or any earlier one) */
  triggerProbability: Record<TriggerKey, number>;
  /** P(SLA target missed in this month) */
  slaMissProbability: number;
  /** per priority: P(compliance below its target in this month) */
  slaMissProbabilityByPriority: Record<PriorityName, number>;
}

export interface HiringAdvice {
  /** first month with P(SLA target missed) > threshold, or null */
  slaBreachMonth: string | null;
  slaBreachProbability: number | null;
  /** breach month − lead time − ramp-up; may be before the start (already late) */
  openVacancyBy: string | null;
  alreadyLate: boolean;
  /** per trigger: first month where P(fired) ≥ 0.5, and P at the horizon */
  triggers: Record<TriggerKey, { firstLikelyMonth: string | null; probabilityAtHorizon: number; openVacancyBy: string | null }>;
}

export interface SimulationSummary {
  scenario: Scenario;
  runs: number;
  seed: number;
  months: MonthSummary[];
  advice: HiringAdvice;
  /** months simulated on weekdays only (the production calendar has no data for them) */
  approximateCalendarMonths: string[];
  elapsedMs: number;
  simulatedTickets: number;
}

/** Observed history one month at a time (for the pages' «факт» line). */
export interface ObservedMonth {
  month: string;
  tickets: number;
  activeClients: number;
  newClients: number;
  churnedClients: number;
  projects: number;
  visits: number;
}

/** What the data says, ready for the simulator: the pre-filled scenario, the calendar, the evidence. */
export interface Calibration {
  generatedAt: string;
  /** the moment «now» of the pipeline, ISO */
  now: string;
  dataDir: string | null;
  dataSource: string | null;
  history: { fromMonth: string; toMonth: string; months: number; tickets: number } | null;
  /** support managers' load over the history: tickets × mean effort / (staff × working minutes × productive share) */
  supportUtilizationHistory: number | null;
  observed: ObservedMonth[];
  /** efforts behind the lognormal fit, per priority */
  effortSamples: Record<PriorityName, number>;
  baseScenario: Scenario;
  /** working minutes for 36 months from baseScenario.startMonth on (plus a spare month) */
  calendar: WorkingCalendar;
  /** Russian notes: fallbacks to defaults, approximate calendar years */
  notes: string[];
}
