/**
 * Fan charts of the simulator (browser only): the P10–P90 band and the P50 line per month, one
 * colour per scenario when several are compared; thresholds as dashed rules.
 */
import * as Plot from "@observablehq/plot";
import { formatMonthShort, formatNumber, formatPercent } from "../../core/format.js";
import { monthLabelRu } from "../../core/months.js";
import type { MonthMetric, SimRole, SimulationSummary, TriggerKey } from "../../core/simulator/types.js";
import { TRIGGER_LABELS_RU } from "../../core/simulator/labels.js";

export const FAN_HEIGHT = 240;
const COLORS = ["var(--cat-1)", "var(--cat-2)", "var(--cat-3)", "var(--cat-4)"];

export interface FanRow {
  scenario: string;
  month: string;
  date: Date;
  p10: number;
  p50: number;
  p90: number;
}

export function fanRows(summaries: readonly SimulationSummary[], metric: MonthMetric, names?: readonly string[]): FanRow[] {
  const rows: FanRow[] = [];
  summaries.forEach((s, i) => {
    const scenario = names?.[i] ?? s.scenario.name;
    for (const m of s.months) {
      const b = m.metrics[metric];
      if (!Number.isFinite(b.p50)) continue;
      rows.push({ scenario, month: m.month, date: new Date(`${m.month}-01T00:00:00Z`), p10: b.p10, p50: b.p50, p90: b.p90 });
    }
  });
  return rows;
}

/** A month in which most runs have someone of a role away (P50 of its absent working days > 0). */
export interface AbsenceMark {
  month: string;
  date: Date;
  /** the next month's first day: the mark spans the month */
  next: Date;
  /** median absent working days */
  days: number;
}

export function absenceMarks(summary: SimulationSummary, role: SimRole): AbsenceMark[] {
  const metric = `absent_days_${role}` as MonthMetric;
  return summary.months
    .filter((m) => m.metrics[metric] && m.metrics[metric].p50 > 0)
    .map((m) => {
      const date = new Date(`${m.month}-01T00:00:00Z`);
      const next = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
      return { month: m.month, date, next, days: m.metrics[metric].p50 };
    });
}

export interface FanOptions {
  percent?: boolean;
  threshold?: number;
  thresholdLabel?: string;
  width?: number;
  /** px; default FAN_HEIGHT */
  height?: number;
  yDomain?: [number, number];
  /** start the y axis at zero (default: for counts, not for percentages) */
  zero?: boolean;
  names?: readonly string[];
  /** one colour per scenario (default: the categorical palette) */
  colors?: readonly string[];
  /** shade the months this role is away in most runs (absenceMarks of the first summary) */
  absenceRole?: SimRole;
}

const tickFormat = (percent: boolean) => (v: number) => (percent ? formatPercent(v, 0) : formatNumber(v));

export function fanChart(summaries: readonly SimulationSummary[], metric: MonthMetric, options: FanOptions = {}): SVGSVGElement | HTMLElement {
  const rows = fanRows(summaries, metric, options.names);
  const percent = options.percent ?? false;
  const scenarios = [...new Set(rows.map((r) => r.scenario))];
  const fmt = tickFormat(percent);
  const away = options.absenceRole && summaries[0] ? absenceMarks(summaries[0], options.absenceRole) : [];
  return Plot.plot({
    width: options.width ?? 640,
    height: options.height ?? FAN_HEIGHT,
    marginLeft: 56,
    marginRight: 28, // the last month's label is centred on the right edge
    x: { type: "utc", label: null, tickFormat: (d: Date) => formatMonthShort(d.toISOString().slice(0, 7)) },
    y: { grid: true, label: null, tickFormat: fmt, domain: options.yDomain, zero: options.zero ?? !percent },
    color: { domain: scenarios, range: [...(options.colors ?? COLORS)], legend: scenarios.length > 1 },
    marks: [
      ...(away.length > 0
        ? [
            Plot.rect(away, {
              x1: "date",
              x2: "next",
              fill: "var(--theme-foreground-faint)",
              fillOpacity: 0.35,
              ariaDescription: "отсутствие",
              title: (a: AbsenceMark) => `${monthLabelRu(a.month)}: отсутствие (P50) — ${formatNumber(a.days)} раб. дн.`,
            }),
            Plot.text(away, { x: (a: AbsenceMark) => new Date((a.date.getTime() + a.next.getTime()) / 2), frameAnchor: "top", dy: 6, text: () => "отсутствие", fontSize: 8, fill: "var(--theme-foreground-muted)" }),
          ]
        : []),
      Plot.areaY(rows, { x: "date", y1: "p10", y2: "p90", fill: "scenario", fillOpacity: 0.18, curve: "step-after" }),
      Plot.lineY(rows, { x: "date", y: "p50", stroke: "scenario", strokeWidth: 2, curve: "step-after" }),
      ...(options.threshold !== undefined
        ? [Plot.ruleY([options.threshold], { stroke: "var(--target-line)", strokeDasharray: "4,3" })]
        : []),
      Plot.tip(
        rows,
        Plot.pointerX({
          x: "date",
          y: "p50",
          title: (r: FanRow) => `${r.scenario}\n${monthLabelRu(r.month)}\nP10 ${fmt(r.p10)} · P50 ${fmt(r.p50)} · P90 ${fmt(r.p90)}`,
        }),
      ),
    ],
  });
}

export interface ProbabilityRow {
  series: string;
  month: string;
  date: Date;
  probability: number;
}

export function triggerRows(summary: SimulationSummary): ProbabilityRow[] {
  const rows: ProbabilityRow[] = [];
  for (const m of summary.months) {
    const date = new Date(`${m.month}-01T00:00:00Z`);
    rows.push({ series: "SLA не выполнен в этом месяце", month: m.month, date, probability: m.slaMissProbability });
    for (const [key, p] of Object.entries(m.triggerProbability) as [TriggerKey, number][]) {
      rows.push({ series: TRIGGER_LABELS_RU[key], month: m.month, date, probability: p });
    }
  }
  return rows;
}

/** P(trigger fired by month) for every trigger and P(SLA missed) per month, with the threshold. */
export function probabilityChart(summary: SimulationSummary, width = 640, height = FAN_HEIGHT + 60): SVGSVGElement | HTMLElement {
  const rows = triggerRows(summary);
  const series = [...new Set(rows.map((r) => r.series))];
  return Plot.plot({
    width,
    height,
    marginLeft: 56,
    marginRight: 28, // the last month's label is centred on the right edge
    x: { type: "utc", label: null, tickFormat: (d: Date) => formatMonthShort(d.toISOString().slice(0, 7)) },
    y: { grid: true, label: null, domain: [0, 1], tickFormat: (v: number) => formatPercent(v, 0) },
    color: { domain: series, range: ["var(--status-bad)", ...COLORS], legend: true },
    marks: [
      Plot.ruleY([summary.scenario.hiring.slaMissProbabilityThreshold], { stroke: "var(--target-line)", strokeDasharray: "4,3" }),
      Plot.lineY(rows, { x: "date", y: "probability", stroke: "series", strokeWidth: 2, curve: "step-after", marker: "dot" }),
      Plot.tip(rows, Plot.pointer({ x: "date", y: "probability", title: (r: ProbabilityRow) => `${r.series}\n${monthLabelRu(r.month)}: ${formatPercent(r.probability, 0)}` })),
    ],
  });
}
