/**
 * The department's settings (config/settings.json): calendar, SLA, targets, workload norms and
 * scaling triggers. One file a department head can edit; this module reads and checks it.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Settings } from "../src/core/settings.ts";

export { ROLES, type CalendarLimitSla, type CalendarSettings, type EmergencySla, type Role, type Settings, type WorkloadSettings } from "../src/core/settings.ts";

export const DEFAULT_SETTINGS_PATH = fileURLToPath(new URL("../config/settings.json", import.meta.url));

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
