/**
 * The shape of the department's settings (config/settings.json): calendar, SLA, targets, workload
 * norms and scaling triggers, and the enumerations they are keyed by. Types only, shared by the
 * loaders (loaders/settings.ts reads and checks the file) and the pages (which get it as JSON).
 */

/** Ticket priorities, most urgent first (the tickets export's `priority`). */
export const PRIORITIES = ["emergency", "standard", "consultation"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Kinds of the senior engineer's visits (the visits export's `kind`). */
export const VISIT_KINDS = ["audit", "installation", "commissioning", "maintenance", "emergency", "training"] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

/** The department's roles, as `settings.workload.headcount` names them. */
export const ROLES = ["head", "support_manager", "success_manager", "implementation_manager", "senior_engineer"] as const;
export type Role = (typeof ROLES)[number];

export interface CalendarSettings {
  /** "business": production calendar and working hours; "24x7": every minute counts */
  mode: "business" | "24x7";
  timezone: string;
  /** "HH:MM" local time */
  workday_start: string;
  workday_end: string;
  /** pre-holiday days end this many minutes earlier */
  shortened_day_minutes_less: number;
  /** ISO weekdays that are days off unless the production calendar says otherwise (6 = Sat, 7 = Sun) */
  weekend_days: number[];
}

export interface EmergencySla {
  response_business_minutes: number;
  target_business_minutes: number;
  limit_business_minutes: number;
  compliance_target: number;
}

export interface CalendarLimitSla {
  target_business_minutes: number;
  limit_calendar_days: number;
  compliance_target: number;
}

/** a type literal (not an interface), so it reads as a Record<string, unknown> where the norms are looked up by key */
export type WorkloadSettings = {
  productive_share: number;
  /** the legal working week, hours (Трудовой кодекс РФ, ст. 91: 40); the month's norm is its capacity base */
  hours_per_week?: number;
  headcount: Record<Role, number>;
  support_manager: { default_effort_minutes: Record<Priority, number> };
  success_manager: Record<string, number>;
  implementation_manager: Record<string, number>;
  senior_engineer: {
    preparation_hours_per_visit: number;
    paperwork_hours_per_visit: number;
    default_onsite_hours: Record<VisitKind, number>;
    default_travel_hours: number;
    [key: string]: unknown;
  };
  head: Record<string, number>;
};

export interface Settings {
  calendar: CalendarSettings;
  sla: { emergency: EmergencySla; standard: CalendarLimitSla; consultation: CalendarLimitSla };
  repeat_window_days: number;
  targets: Record<string, number>;
  workload: WorkloadSettings;
  triggers: Record<string, { metric: string; threshold: number; [key: string]: unknown }>;
  status_thresholds: { amber_from: number; red_above: number };
  [section: string]: unknown;
}
