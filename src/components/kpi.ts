/**
 * The KPI cards of the monthly report: which value of a month's KPIs (metrics.json) each card
 * shows, its target (from the department settings), which direction is better, how it is
 * formatted and where «Методика» defines it.
 */
import {
  addMonths,
  formatNumber,
  formatPercent,
  formatPointsChange,
  formatSignedNumber,
  isMissing,
  NBSP,
} from "../core/format.js";
import { statusAgainstTarget, type Direction, type Status } from "./status.js";

/** One month of the metrics engine, nested (see metrics.json); read with `valueAt`. */
export type MonthKpis = { month: string; [key: string]: unknown };

/** Reads a number at a dotted path ("sla.standard.compliance"); null when absent or not finite. */
export function valueAt(object: unknown, path: string): number | null {
  let current: unknown = object;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return null;
    current = (current as Record<string, unknown>)[part];
  }
  return typeof current === "number" && Number.isFinite(current) ? current : null;
}

/** Reads any value at a dotted path; undefined when absent. */
export function rawAt(object: unknown, path: string): unknown {
  let current: unknown = object;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A role's demand by component (workload.<role>.components), positive parts only, largest first (ties by name). */
export function workloadParts(month: unknown, role: string): [string, number][] {
  const components = rawAt(month, `workload.${role}.components`);
  if (!components || typeof components !== "object") return [];
  return Object.entries(components as Record<string, unknown>)
    .filter((e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1]) && e[1] > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** fraction: a share shown in %; relative: a relative change shown as signed % */
export type KpiUnit = "fraction" | "relative" | "count" | "score" | "nps" | "days";

export interface KpiSpec {
  /** dotted path in MonthKpis, also the anchor in /methodology */
  key: string;
  titleRu: string;
  unit: KpiUnit;
  direction: Direction;
  /** path of the target in the settings, or a fixed number; absent = no target */
  target?: { settingsPath: string } | { value: number };
  /** how far from the target still counts as «близко» (same units as the value) */
  warnMargin: number;
  /** a short Russian hint under the value */
  noteRu?: string;
  /** "threshold": a scaling-trigger level rather than a goal — warn from `nearFrom` of it, bad at it */
  kind?: "threshold";
  /** dotted path of the engine's flag saying the month's value can still change («предварительно») */
  provisionalKey?: string;
  /**
   * A count an incomplete month compares over the same days (the engine's same_days.* paths);
   * a KPI without it is not compared while its month is incomplete.
   */
  sameDays?: { previousMonth: string; yearAgo: string };
}

export const KPI_CARDS: readonly KpiSpec[] = [
  { key: "sla.emergency.compliance", titleRu: "SLA экстренных", unit: "fraction", direction: "higher", target: { settingsPath: "sla.emergency.compliance_target" }, warnMargin: 0.05, provisionalKey: "sla.emergency.provisional" },
  { key: "sla.standard.compliance", titleRu: "SLA стандартных", unit: "fraction", direction: "higher", target: { settingsPath: "sla.standard.compliance_target" }, warnMargin: 0.03, provisionalKey: "sla.standard.provisional" },
  { key: "sla.consultation.compliance", titleRu: "SLA консультаций", unit: "fraction", direction: "higher", target: { settingsPath: "sla.consultation.compliance_target" }, warnMargin: 0.03, provisionalKey: "sla.consultation.provisional" },
  { key: "tickets.total", titleRu: "Обращений за месяц", unit: "count", direction: "lower", target: { settingsPath: "triggers.second_support_manager.threshold" }, warnMargin: 0, noteRu: "порог второго менеджера", kind: "threshold", sameDays: { previousMonth: "same_days.tickets_total_previous_month", yearAgo: "same_days.tickets_total_year_ago" } },
  { key: "tickets.escalation_rate", titleRu: "Доля эскалаций", unit: "fraction", direction: "lower", target: { settingsPath: "targets.escalation_rate_max" }, warnMargin: 0.03 },
  { key: "tickets.repeat_rate_qoq_change", titleRu: "Повторные: изменение за квартал", unit: "relative", direction: "lower", target: { settingsPath: "targets.repeat_rate_qoq_change_max" }, warnMargin: 0.05 },
  { key: "csat.mean", titleRu: "CSAT", unit: "score", direction: "higher", target: { settingsPath: "targets.csat_mean_min" }, warnMargin: 0.2 },
  { key: "nps.score", titleRu: "NPS (12 мес.)", unit: "nps", direction: "higher", target: { settingsPath: "targets.nps_min" }, warnMargin: 10 },
  { key: "retention.logo_12m", titleRu: "Удержание клиентов (12 мес.)", unit: "fraction", direction: "higher", target: { settingsPath: "targets.logo_retention_12m_min" }, warnMargin: 0.01 },
  { key: "clients.active", titleRu: "Активные клиенты", unit: "count", direction: "lower", target: { settingsPath: "triggers.second_success_manager.threshold" }, warnMargin: 0, noteRu: "порог второго МОС", kind: "threshold" },
  { key: "projects.on_time_rate", titleRu: "Проекты в срок", unit: "fraction", direction: "higher", target: { settingsPath: "targets.projects_on_time_min" }, warnMargin: 0.1 },
  { key: "projects.ttv_median_days", titleRu: "Time to Value, медиана", unit: "days", direction: "lower", target: { settingsPath: "targets.ttv_max_days" }, warnMargin: 3 },
  { key: "visits.total", titleRu: "Выездов инженера", unit: "count", direction: "lower", warnMargin: 0, sameDays: { previousMonth: "same_days.visits_total_previous_month", yearAgo: "same_days.visits_total_year_ago" } },
  { key: "payments.on_time_rate", titleRu: "Оплаты в срок", unit: "fraction", direction: "higher", target: { settingsPath: "targets.payments_on_time_min" }, warnMargin: 0.05 },
];

/** The target: the engine's own `<key>_target` for that month when present, else the settings. */
export function targetOf(spec: KpiSpec, settings: unknown, month?: MonthKpis): number | null {
  if (!spec.target) return null;
  const fromEngine = month ? valueAt(month, `${spec.key}_target`) : null;
  if (fromEngine !== null && spec.kind !== "threshold") return fromEngine;
  if ("value" in spec.target) return spec.target.value;
  return valueAt(settings, spec.target.settingsPath);
}

/** The value in its unit: «93,4 %», «312», «4,6», «+42», «12 дн.». */
export function formatKpiValue(value: number | null, unit: KpiUnit): string {
  if (isMissing(value)) return "нет данных";
  switch (unit) {
    case "fraction":
      return formatPercent(value, 1);
    case "relative":
      return (value > 0 ? "+" : "") + formatPercent(value, 1);
    case "count":
      return formatNumber(value, 0);
    case "score":
      return formatNumber(value, 2);
    case "nps":
      return formatSignedNumber(value, 0);
    case "days":
      return formatNumber(value, 1) + NBSP + "дн.";
  }
}

/** A change in the unit's terms: percentage points for fractions, plain numbers otherwise. */
export function formatKpiChange(delta: number | null, unit: KpiUnit): string {
  if (isMissing(delta)) return "нет данных";
  switch (unit) {
    case "fraction":
    case "relative":
      return formatPointsChange(delta, 1);
    case "count":
      return formatSignedNumber(delta, 0);
    case "score":
      return formatSignedNumber(delta, 2);
    case "nps":
      return formatSignedNumber(delta, 0);
    case "days":
      return formatSignedNumber(delta, 1) + NBSP + "дн.";
  }
}

export interface KpiCardModel {
  spec: KpiSpec;
  month: string;
  value: number | null;
  target: number | null;
  status: Status;
  previous: number | null;
  yearAgo: number | null;
  changeVsPrevious: number | null;
  changeVsYearAgo: number | null;
  /**
   * what the changes compare: whole months; the same days of both months (an incomplete month's
   * count, days 1…throughDay); or nothing (an incomplete month's rate, share or level)
   */
  comparison: "month" | "same_days" | "none";
  /** an incomplete month: the as-of day of the month its data reach; null for a complete month */
  throughDay: number | null;
  /** true when the change vs the previous month moves toward the better direction */
  improvedVsPrevious: boolean | null;
  /** the last up-to-13 months of values (for the sparkline), oldest first */
  trend: { month: string; value: number | null }[];
  /** the engine says the month's value can still change (spec.provisionalKey) */
  provisional: boolean;
}

export function findMonth(months: readonly MonthKpis[], month: string): MonthKpis | undefined {
  return months.find((m) => m.month === month);
}

/** Everything a KPI card shows, computed from the months list (pure). */
export function kpiCardModel(spec: KpiSpec, months: readonly MonthKpis[], month: string, settings: unknown): KpiCardModel {
  const current = findMonth(months, month);
  const value = valueAt(current, spec.key);
  const throughDay = current?.partial === true ? valueAt(current, "same_days.through_day") : null;
  const comparison = throughDay === null ? "month" : spec.sameDays ? "same_days" : "none";
  const compared = (offset: number, sameDaysPath: string | undefined): number | null => {
    const other = findMonth(months, addMonths(month, offset));
    if (comparison === "month") return valueAt(other, spec.key);
    // the same days of a month the data cover (the engine counts them; a month before the data has none)
    return comparison === "same_days" && other && sameDaysPath ? valueAt(current, sameDaysPath) : null;
  };
  const previous = compared(-1, spec.sameDays?.previousMonth);
  const yearAgo = compared(-12, spec.sameDays?.yearAgo);
  const target = targetOf(spec, settings, current);
  const changeVsPrevious = value !== null && previous !== null ? value - previous : null;
  const changeVsYearAgo = value !== null && yearAgo !== null ? value - yearAgo : null;
  const improvedVsPrevious =
    changeVsPrevious === null || changeVsPrevious === 0
      ? null
      : spec.direction === "higher"
        ? changeVsPrevious > 0
        : changeVsPrevious < 0;
  const trend: { month: string; value: number | null }[] = [];
  for (let i = -12; i <= 0; i++) {
    const m = addMonths(month, i);
    const row = findMonth(months, m);
    if (row) trend.push({ month: m, value: valueAt(row, spec.key) });
  }
  const status = !spec.target
    ? "none"
    : spec.kind === "threshold"
      ? thresholdStatus(value, target, triggerNearFrom(settings))
      : statusAgainstTarget(value, target, spec.direction, spec.warnMargin);
  const provisional = spec.provisionalKey !== undefined && rawAt(current, spec.provisionalKey) === true;
  return { spec, month, value, target, status, previous, yearAgo, comparison, throughDay, changeVsPrevious, changeVsYearAgo, improvedVsPrevious, trend, provisional };
}

/** Share of a trigger's threshold from which it counts as close (settings.status_thresholds.trigger_near_from, default 0.9, as the engine). */
export function triggerNearFrom(settings: unknown): number {
  return valueAt(settings, "status_thresholds.trigger_near_from") ?? 0.9;
}

/** A level that triggers a hire: bad once reached, warn from `nearFrom` of it. */
export function thresholdStatus(value: number | null, threshold: number | null, nearFrom: number): Status {
  if (value === null || threshold === null) return "none";
  if (value >= threshold) return "bad";
  return value >= nearFrom * threshold ? "warn" : "ok";
}
