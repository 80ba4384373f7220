/**
 * Native PowerPoint chart specs of the report page's charts, computed from the same monthly
 * KPIs and the same row builders the page draws them from: series names, category labels,
 * values, colours (as the page's CSS variables) and the dashed guide lines (targets, thresholds).
 */
import { CATEGORY_COLORS } from "../chart-common.js";
import { formatMonth, formatMonthShort, formatNumber } from "../../core/format.js";
import type { MonthKpis } from "../kpi.js";
import { PRIORITY_LABELS_RU, PRIORITY_ORDER, ROLE_LABELS_RU, ROLE_ORDER, labelOf } from "../../core/labels.js";
import { slaRowsFromMetrics, ticketsTotalRows, windowMonths } from "../report.js";
import { utilizationRows } from "../workload-charts.js";

export interface DeckSeries {
  name: string;
  /** one value per category label; null where the month has none */
  values: (number | null)[];
  /** a CSS variable reference ("var(--cat-1)") or a hex colour */
  color: string;
  /** per category, for a single bar series (the report month highlighted) */
  pointColors?: string[];
}

export interface DeckChartSpec {
  /** the file-name stem of the page's chart export */
  key: string;
  title: string;
  subtitle: string;
  kind: "line" | "bar";
  /** the months of the categories, "YYYY-MM" */
  months: string[];
  /** the category labels shown on the axis («окт 2026») */
  labels: string[];
  series: DeckSeries[];
  /** dashed lines: targets and thresholds */
  guides: DeckSeries[];
  valueFormat: "percent" | "number";
  valueMin?: number;
  valueMax?: number;
}

/** The number of months the report's trend charts cover. */
export const TREND_MONTHS = 24;

interface SettingsShape {
  sla?: Record<string, { compliance_target?: number }>;
  triggers?: Record<string, { threshold?: number }>;
  status_thresholds?: { amber_from?: number; red_above?: number };
}

function constant(value: number, count: number): number[] {
  return Array.from({ length: count }, () => value);
}

function periodOf(months: readonly string[]): string {
  return months.length ? `${formatMonth(months[0])} — ${formatMonth(months.at(-1))}` : "";
}

function slaSpec(window: readonly MonthKpis[], months: string[], settings: SettingsShape): DeckChartSpec {
  const rows = slaRowsFromMetrics(window);
  const priorities = PRIORITY_ORDER.filter((p) => rows.some((r) => r.priority === p));
  const valueOf = (priority: string, month: string) => rows.find((r) => r.priority === priority && r.month === month)?.compliance ?? null;
  const series = priorities.map((p, i) => ({ name: labelOf(PRIORITY_LABELS_RU, p), values: months.map((m) => valueOf(p, m)), color: CATEGORY_COLORS[i]! }));
  const guides = priorities.flatMap((p, i) => {
    const target = settings.sla?.[p]?.compliance_target;
    return target === undefined ? [] : [{ name: `Цель: ${labelOf(PRIORITY_LABELS_RU, p).toLowerCase()}`, values: constant(target, months.length), color: CATEGORY_COLORS[i]! }];
  });
  const lowest = Math.min(0.8, ...series.flatMap((s) => s.values).filter((v): v is number => v !== null));
  return {
    key: "sla",
    title: "Соблюдение SLA по приоритетам",
    subtitle: `Доля обращений, решённых в пределах лимита; пунктир — цель. ${periodOf(months)}`,
    kind: "line",
    months,
    labels: months.map(formatMonthShort),
    series,
    guides,
    valueFormat: "percent",
    valueMin: Math.floor(lowest * 20) / 20,
    valueMax: 1,
  };
}

function ticketsSpec(window: readonly MonthKpis[], months: string[], settings: SettingsShape, selected: string): DeckChartSpec {
  const rows = ticketsTotalRows(window);
  const threshold = settings.triggers?.second_support_manager?.threshold;
  return {
    key: "obrashcheniya",
    title: "Обращений в месяц",
    subtitle: `${threshold !== undefined ? `Пунктир — порог найма второго менеджера техподдержки (${formatNumber(threshold)}). ` : ""}${periodOf(months)}`,
    kind: "bar",
    months,
    labels: months.map(formatMonthShort),
    series: [
      {
        name: "Обращений",
        values: months.map((m) => rows.find((r) => r.month === m)?.tickets ?? null),
        color: CATEGORY_COLORS[0]!,
        pointColors: months.map((m) => (m === selected ? CATEGORY_COLORS[1]! : CATEGORY_COLORS[0]!)),
      },
    ],
    guides: threshold === undefined ? [] : [{ name: "Порог второго менеджера", values: constant(threshold, months.length), color: "var(--status-bad)" }],
    valueFormat: "number",
    valueMin: 0,
  };
}

function utilizationSpec(window: readonly MonthKpis[], months: string[], settings: SettingsShape): DeckChartSpec {
  const rows = utilizationRows(window);
  const roles = ROLE_ORDER.filter((role) => rows.some((r) => r.role === role));
  const amberFrom = settings.status_thresholds?.amber_from ?? 0.8;
  const redAbove = settings.status_thresholds?.red_above ?? 1;
  const top = Math.max(1.2, ...rows.map((r) => r.utilization));
  return {
    key: "zagruzka",
    title: "Загрузка по ролям",
    subtitle: `Потребность в часах ÷ рабочее время × доля продуктивного времени; линии ${Math.round(amberFrom * 100)} % и ${Math.round(redAbove * 100)} %. ${periodOf(months)}`,
    kind: "line",
    months,
    labels: months.map(formatMonthShort),
    series: roles.map((role, i) => ({
      name: labelOf(ROLE_LABELS_RU, role),
      values: months.map((m) => rows.find((r) => r.role === role && r.month === m)?.utilization ?? null),
      color: CATEGORY_COLORS[i]!,
    })),
    guides: [
      { name: `${Math.round(amberFrom * 100)} % — близко к пределу`, values: constant(amberFrom, months.length), color: "var(--status-warn)" },
      { name: `${Math.round(redAbove * 100)} % — перегрузка`, values: constant(redAbove, months.length), color: "var(--status-bad)" },
    ],
    valueFormat: "percent",
    valueMin: 0,
    valueMax: Math.ceil(top * 10) / 10,
  };
}

/** The report page's charts for `month`, in page order, over the trend window ending with it. */
export function reportChartSpecs(allMonths: readonly MonthKpis[], month: string, settings: unknown): DeckChartSpec[] {
  const window = windowMonths(allMonths, month, TREND_MONTHS);
  const months = window.map((m) => m.month);
  const shape = (settings ?? {}) as SettingsShape;
  return [slaSpec(window, months, shape), ticketsSpec(window, months, shape, month), utilizationSpec(window, months, shape)];
}
