/**
 * Shared chart conventions: fixed heights (no layout jump), month dates on a UTC axis with
 * Russian tick labels, ru-RU number ticks and the colour-blind-safe palette from CSS variables.
 */
import * as Plot from "@observablehq/plot";
import { formatMonth, formatMonthShort, formatNumber, formatPercent } from "../core/format.js";
import { STATUS_DOMAIN, STATUS_STYLES, type Status } from "./status.js";

export const CHART_HEIGHT = 280;
export const SMALL_CHART_HEIGHT = 220;

/** Categorical colours (Okabe–Ito) as CSS variables, defined for light and dark in style.css. */
export const CATEGORY_COLORS = ["var(--cat-1)", "var(--cat-2)", "var(--cat-3)", "var(--cat-4)", "var(--cat-5)", "var(--cat-6)", "var(--cat-7)"];

export const STATUS_COLORS = STATUS_DOMAIN.map((s) => `var(${STATUS_STYLES[s].cssVar})`);

export function statusColor(status: Status): string {
  return `var(${STATUS_STYLES[status].cssVar})`;
}

/** "2026-03" → Date of 2026-03-01T00:00Z (for a UTC time axis). */
export function monthDate(month: string): Date {
  return new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
}

/** Date → "YYYY-MM" (UTC). */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export const monthTick = (date: Date) => formatMonthShort(monthOf(date));
export const monthLong = (date: Date) => formatMonth(monthOf(date));
export const percentTick = (fraction: number) => formatPercent(fraction, 0);
export const percentTip = (fraction: number) => formatPercent(fraction, 1);
export const numberTick = (value: number) => formatNumber(value, Number.isInteger(value) ? 0 : 1);

/** Tick spacing for a month axis so labels never overlap at this width. */
export function monthTicks(width: number, monthCount: number): string {
  const fit = Math.max(1, Math.floor(width / 70));
  const step = Math.max(1, Math.ceil(monthCount / fit));
  return step === 1 ? "month" : step <= 2 ? "2 months" : step <= 3 ? "3 months" : step <= 6 ? "6 months" : "year";
}

/** The x scale of a monthly chart: a UTC axis of month starts, Russian labels spaced to fit the width. */
export function monthAxis(width: number, monthCount: number): Plot.ScaleOptions {
  return { type: "utc", tickFormat: monthTick, ticks: monthTicks(width, monthCount), label: null };
}

/** The dashed line of a target, or no mark when there is none. */
export function targetRule(target: number | null | undefined): Plot.Markish {
  return target != null ? Plot.ruleY([target], { stroke: "var(--target-line)", strokeDasharray: "4,4" }) : null;
}

/** A colour scale for an enum with Russian legend labels. */
export function categoryScale(domain: readonly string[], labels: Readonly<Record<string, string>>) {
  return {
    domain: [...domain],
    range: CATEGORY_COLORS.slice(0, Math.max(domain.length, 1)),
    tickFormat: (key: string) => labels[key] ?? key,
    legend: true,
  };
}

/** Every n-th month label of a band axis (the latest always shown) so labels never overlap. */
export function bandTicks(months: readonly string[], width: number, labelWidth = 80): string[] {
  const sorted = [...new Set(months)].sort();
  const fit = Math.max(1, Math.floor((width - 60) / labelWidth));
  const step = Math.max(1, Math.ceil(sorted.length / fit));
  return sorted.filter((_, i) => (sorted.length - 1 - i) % step === 0);
}
