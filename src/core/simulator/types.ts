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
   * workload KPI (src/core/workload.ts). Absent (the 24×7 queue-validation calendar): the
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
  /**
   * per priority: Beta(alpha, beta) of the month's share of tickets breached for reasons outside
   * the support queue (sla-breaches.ts); with it the emergency response clock is judged by this
   * share, not by the queue's wait. Absent → the queue alone decides.
   */
  nonQueueBreach?: Partial<Record<PriorityName, { alpha: number; beta: number }>>;
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
  /** deliveries and supplier requests: hours a week, × weeksInMonth of each month (src/core/workload.ts) */
  hoursPerWeek: number;
  /** billing: fixed hours a month */
  fixedHoursPerMonth: number;
}

export interface EngineerNorms {
  /** onsite + travel + preparation + paperwork hours of one visit, per kind */
  hoursPerVisit: Record<VisitKindName, number>;
  /** expert consultations: hours a week, × weeksInMonth of each month (src/core/workload.ts) */
  hoursPerWeek: number;
  /** other fixed work, hours a month */
  fixedHoursPerMonth: number;
  /** spread of each kind's monthly visit count given the projects (dispersed-counts.ts); absent → Poisson */
  visitVariability?: CountSpread;
}

/** b in tickets ∝ clients^b, fitted from the data with its standard error (each run draws its own b) */
export interface ClientElasticityParameter {
  elasticity: number;
  standardError: number;
  /** the client count at which tickets.perClientMonth holds */
  referenceClients: number;
}

/**
 * Spread of a monthly count measured over `months` months: dispersion index D = variance / mean
 * (1 = Poisson). Each run draws its own D (and, where the mean is measured alongside, its own
 * mean) from their sampling spread over that many months.
 */
export interface CountSpread {
  dispersion: number;
  months: number;
}

/** One scheduled part of a person's annual leave: calendar days from `start` on (holidays inside extend it). */
export interface ScheduledLeave {
  role: SimRole;
  /** "YYYY-MM" (the month's first working day) or "YYYY-MM-DD" */
  start: string;
  /** calendar days of leave */
  days: number;
}

/**
 * Absences of the one person per role (absences.ts): annual paid leave (Трудовой кодекс РФ,
 * ст. 115: 28 calendar days; ст. 125: in parts, one of them at least 14 days), scheduled or placed
 * at random in every 12 months of the horizon, and sick leave; and who covers whom.
 */
export interface AbsenceModel {
  enabled: boolean;
  leaveDaysPerYear: number;
  /** the longest part of the leave is at least this many calendar days */
  leaveLongestPartMinDays: number;
  /** scheduled parts (the first person of the role); the rest of the year's leave is placed at random */
  schedule: ScheduledLeave[];
  /** sick-leave episodes per person a year (Poisson) */
  sickEpisodesPerYear: number;
  /** calendar days of one sick-leave episode */
  sickEpisodeDays: number;
  /** share of the head's working time that covers an absent support manager or МОС */
  headCoverShare: number;
  /** a backup engineer makes the visits while the engineer is away (else the visits wait) */
  engineerBackup: boolean;
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
    /** relative standard error of each seasonal multiplier (each run draws its season); absent → none */
    seasonalRelativeError?: number[];
    /** tickets ∝ clients^b around `referenceClients` (run-parameters.ts); absent → proportional (b = 1) */
    clientElasticity?: ClientElasticityParameter;
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
    /** spread of the monthly count of signed projects (dispersed-counts.ts); absent → Poisson */
    variability?: CountSpread;
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
  absences: AbsenceModel;
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
  /** working days the role's staff were away (leave, sick leave), summed over its people */
  "absent_days_support_manager",
  "absent_days_success_manager",
  "absent_days_implementation_manager",
  "absent_days_senior_engineer",
  /**
   * each role's load on the time of those at work: hours / ((staff × norm − the absent norm nobody
   * covers) × productive share); equals util_<role> without absences; NaN when nobody is at work
   */
  "load_present_support_manager",
  "load_present_success_manager",
  "load_present_implementation_manager",
  "load_present_senior_engineer",
  /** hours of the head's working time spent covering an absent support manager or МОС */
  "head_cover_hours",
  /** those hours over the head's norm × productive share */
  "util_head_cover",
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

/** A run of working days on which a role's person did none of the role's work while others did it. */
export interface FoundAbsence {
  role: SimRole;
  person: string;
  /** first and last working day of the run, "YYYY-MM-DD" */
  from: string;
  to: string;
  workingDays: number;
  calendarDays: number;
  /** who did the role's work on those days */
  coveredBy: string[];
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
  /** absences found in the history (absence-detection.ts); the base scenario schedules them a year on */
  absencesFound: FoundAbsence[];
  baseScenario: Scenario;
  /** working minutes for 36 months from baseScenario.startMonth on (plus a spare month) */
  calendar: WorkingCalendar;
  /** Russian notes: fallbacks to defaults, approximate calendar years */
  notes: string[];
}
