/**
 * The department's settings (config/settings.json): calendar, SLA, targets, workload norms and
 * scaling triggers. One file a department head can edit; this module reads and checks it.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Priority, VisitKind } from "./schema.ts";

export const DEFAULT_SETTINGS_PATH = fileURLToPath(new URL("../config/settings.json", import.meta.url));

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

export interface Settings {
  calendar: CalendarSettings;
  sla: { emergency: EmergencySla; standard: CalendarLimitSla; consultation: CalendarLimitSla };
  repeat_window_days: number;
  targets: Record<string, number>;
  workload: {
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
  triggers: Record<string, { metric: string; threshold: number; [key: string]: unknown }>;
  status_thresholds: { amber_from: number; red_above: number };
  [section: string]: unknown;
}

export const ROLES = ["head", "support_manager", "success_manager", "implementation_manager", "senior_engineer"] as const;
export type Role = (typeof ROLES)[number];

export class SettingsError extends Error {}

export function parseSettings(text: string, source: string): Settings {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SettingsError(`${source}: не удалось прочитать настройки как JSON (${(error as Error).message})`);
  }
  const settings = value as Settings;
  for (const section of ["calendar", "sla", "targets", "workload", "triggers", "status_thresholds"]) {
    if (typeof (settings as Record<string, unknown>)[section] !== "object") {
      throw new SettingsError(`${source}: нет раздела «${section}»`);
    }
  }
  return settings;
}

export function loadSettings(path: string = process.env.SUPPORT_ANALYTICS_SETTINGS ?? DEFAULT_SETTINGS_PATH): Settings {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new SettingsError(`${path}: файл настроек не читается (${(error as Error).message})`);
  }
  return parseSettings(text, path);
}
