/**
 * A complete scenario from the department settings alone (config/settings.json): the fallback
 * for every value the data cannot calibrate. Every number is documented in scenarios/README.md.
 */
import type { Settings } from "../settings.ts";
import type { LognormalEffort, PriorityName, Scenario, VisitKindName } from "../../src/core/simulator/types.ts";
import { PRIORITY_NAMES } from "../../src/core/simulator/types.ts";

/** spread of ln(effort) when the data has too few efforts to fit one (settings: simulator.effort_sigma_default) */
export const DEFAULT_EFFORT_SIGMA = 0.8;

/** The `simulator` section of config/settings.json, with built-in defaults for missing keys. */
export interface SimulatorSettings {
  horizon_months: number;
  runs: number;
  hiring_lead_time_months: number;
  hiring_ramp_up_months: number;
  sla_miss_probability_threshold: number;
  sla_miss_priorities: PriorityName[];
  holiday_ticket_factor: number;
  effort_sigma_default: number;
  preemptive_emergencies: boolean;
  absences: AbsenceSettings;
}

/** `simulator.absences` of config/settings.json (sources there) */
export interface AbsenceSettings {
  enabled: boolean;
  leave_days_per_year: number;
  leave_longest_part_min_days: number;
  sick_episodes_per_year: number;
  sick_episode_days: number;
  head_cover_share: number;
  engineer_backup: boolean;
}

export function simulatorSettings(settings: Settings): SimulatorSettings {
  const s = (settings.simulator ?? {}) as Partial<SimulatorSettings>;
  return {
    horizon_months: s.horizon_months ?? 12,
    runs: s.runs ?? 1000,
    hiring_lead_time_months: s.hiring_lead_time_months ?? 2,
    hiring_ramp_up_months: s.hiring_ramp_up_months ?? 1,
    sla_miss_probability_threshold: s.sla_miss_probability_threshold ?? 0.2,
    sla_miss_priorities: s.sla_miss_priorities ?? ["standard", "consultation"],
    holiday_ticket_factor: s.holiday_ticket_factor ?? 0.1,
    effort_sigma_default: s.effort_sigma_default ?? DEFAULT_EFFORT_SIGMA,
    preemptive_emergencies: s.preemptive_emergencies ?? true,
    absences: {
      enabled: s.absences?.enabled ?? true,
      leave_days_per_year: s.absences?.leave_days_per_year ?? 28,
      leave_longest_part_min_days: s.absences?.leave_longest_part_min_days ?? 14,
      sick_episodes_per_year: s.absences?.sick_episodes_per_year ?? 0.433,
      sick_episode_days: s.absences?.sick_episode_days ?? 10,
      head_cover_share: s.absences?.head_cover_share ?? 0.5,
      engineer_backup: s.absences?.engineer_backup ?? false,
    },
  };
}

/** lognormal with the given mean (minutes) and sigma: mu = ln(mean) − sigma²/2 */
export function lognormalWithMean(meanMinutes: number, sigma: number = DEFAULT_EFFORT_SIGMA): LognormalEffort {
  return { mu: Math.log(meanMinutes) - (sigma * sigma) / 2, sigma };
}

export function hoursPerVisitFromSettings(settings: Settings): Record<VisitKindName, number> {
  const e = settings.workload.senior_engineer;
  const out = {} as Record<VisitKindName, number>;
  for (const [kind, onsite] of Object.entries(e.default_onsite_hours)) {
    out[kind as VisitKindName] = onsite + e.default_travel_hours + e.preparation_hours_per_visit + e.paperwork_hours_per_visit;
  }
  return out;
}

export function defaultScenario(settings: Settings, startMonth: string): Scenario {
  const w = settings.workload;
  const im = w.implementation_manager as Record<string, number>;
  const eng = w.senior_engineer;
  const sim = simulatorSettings(settings);
  const effort = {} as Record<PriorityName, LognormalEffort>;
  for (const p of PRIORITY_NAMES) effort[p] = lognormalWithMean(w.support_manager.default_effort_minutes[p], sim.effort_sigma_default);
  const hourProfile = Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 18 ? 1 : 0.05));
  return {
    name: "Базовый",
    startMonth,
    horizonMonths: sim.horizon_months,
    clients: { initial: 300, growth: { mode: "projects" }, churnRatePerMonth: 0.002, newClientsPerProject: 1 },
    tickets: {
      perClientMonth: 292 / 300,
      priorityMix: { emergency: 0.075, standard: 0.65, consultation: 0.275 },
      weekdayProfile: [1, 1, 1, 1, 1, 0.1, 0.1],
      hourProfile,
      seasonalProfile: new Array<number>(12).fill(1),
      holidayFactor: sim.holiday_ticket_factor,
    },
    effort: { distribution: "lognormal", byPriority: effort },
    preemptiveEmergencies: sim.preemptive_emergencies,
    staff: {
      support_manager: w.headcount.support_manager,
      success_manager: w.headcount.success_manager,
      implementation_manager: w.headcount.implementation_manager,
      senior_engineer: w.headcount.senior_engineer,
    },
    hires: [],
    productiveShare: w.productive_share,
    projects: {
      perMonth: settings.targets.projects_per_month_min ?? 5,
      weeks: im.project_weeks_default ?? 3.5,
      implementationHoursPerProjectWeek: im.hours_per_project_week ?? 8,
      visitsPerProject: { audit: 1, installation: 1, commissioning: 1, training: 0 },
    },
    maintenanceVisitsPerClientPerQuarter: 0.15,
    emergencyVisitsPerEmergencyTicket: 0.2,
    successManager: defaultSuccessManager(settings),
    engineer: {
      hoursPerVisit: hoursPerVisitFromSettings(settings),
      hoursPerWeek: ((eng.expert_consultations_per_week as number) ?? 0) * ((eng.hours_per_consultation as number) ?? 0),
      fixedHoursPerMonth: 0,
    },
    sla: defaultSla(settings),
    triggers: defaultTriggers(settings),
    absences: defaultAbsences(settings),
    hiring: {
      leadTimeMonths: sim.hiring_lead_time_months,
      rampUpMonths: sim.hiring_ramp_up_months,
      slaMissProbabilityThreshold: sim.sla_miss_probability_threshold,
      slaMissPriorities: [...sim.sla_miss_priorities],
    },
  };
}

function defaultSuccessManager(settings: Settings): Scenario["successManager"] {
  const sm = settings.workload.success_manager as Record<string, number>;
  return {
    hoursPerClientMonth: sm.hours_per_client_month ?? 0.35,
    onboardingHoursPerNewClient: sm.onboarding_hours_per_new_client ?? 4,
    trainingsPerNewClient: sm.trainings_per_new_client ?? 1,
    hoursPerTraining: sm.hours_per_training ?? 2,
    hoursPerWeek: (sm.deliveries_per_week ?? 0) * (sm.hours_per_delivery ?? 0) + (sm.supplier_requests_per_week ?? 0) * (sm.hours_per_supplier_request ?? 0),
    fixedHoursPerMonth: sm.billing_hours_per_month ?? 0,
  };
}

function defaultSla(settings: Settings): Scenario["sla"] {
  const sla = settings.sla;
  return {
    emergencyResponseBusinessMinutes: sla.emergency.response_business_minutes,
    targetBusinessMinutes: {
      emergency: sla.emergency.target_business_minutes,
      standard: sla.standard.target_business_minutes,
      consultation: sla.consultation.target_business_minutes,
    },
    limitCalendarDays: { emergency: null, standard: sla.standard.limit_calendar_days, consultation: sla.consultation.limit_calendar_days },
    complianceTarget: {
      emergency: sla.emergency.compliance_target,
      standard: sla.standard.compliance_target,
      consultation: sla.consultation.compliance_target,
    },
  };
}

function defaultTriggers(settings: Settings): Scenario["triggers"] {
  const trig = settings.triggers;
  return {
    ticketsPerMonth: trig.second_support_manager?.threshold ?? 400,
    activeClients: trig.second_success_manager?.threshold ?? 400,
    clientsPerSuccessManager: (trig.second_success_manager?.clients_per_manager_max as number) ?? 300,
    projectsPerMonth: trig.second_engineer?.threshold ?? 7,
    implementationUtilization: trig.implementation_assistant?.threshold ?? 1,
  };
}

function defaultAbsences(settings: Settings): Scenario["absences"] {
  const sim = simulatorSettings(settings);
  return {
    enabled: sim.absences.enabled,
    leaveDaysPerYear: sim.absences.leave_days_per_year,
    leaveLongestPartMinDays: sim.absences.leave_longest_part_min_days,
    schedule: [],
    sickEpisodesPerYear: sim.absences.sick_episodes_per_year,
    sickEpisodeDays: sim.absences.sick_episode_days,
    headCoverShare: sim.absences.head_cover_share,
    engineerBackup: sim.absences.engineer_backup,
  };
}
