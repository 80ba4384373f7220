/** Charts of «Клиенты»: growth toward 400, churn and retention, cohort heat map, NPS by quarter, segments. */
import * as Plot from "@observablehq/plot";
import { interpolateBlues } from "d3";
import { CHART_HEIGHT, bandTicks, categoryScale, monthDate, monthLong, numberTick, percentTick, percentTip, monthAxis, targetRule } from "./chart-common.js";
import { formatMonthShort, formatNumber, formatSignedNumber } from "../core/format.js";
import { valueAt, type MonthKpis } from "./kpi.js";
import { SEGMENT_LABELS_RU } from "../core/labels.js";
import type { ClientSegmentRow, CohortRow, NpsQuarterRow } from "../core/rows.js";

interface ChartOptions {
  width?: number;
  height?: number;
}

export interface ClientGrowthRow {
  month: string;
  active: number | null;
  new: number | null;
  churned: number | null;
  logo_retention_12m: number | null;
}

export function clientGrowthRows(months: readonly MonthKpis[]): ClientGrowthRow[] {
  return months.map((m) => ({
    month: m.month,
    active: valueAt(m, "clients.active"),
    new: valueAt(m, "clients.new"),
    churned: valueAt(m, "clients.churned"),
    logo_retention_12m: valueAt(m, "retention.logo_12m"),
  }));
}

/** Active clients per month against the 400 line (second МОС trigger). */
export function ActiveClientsChart(rows: readonly ClientGrowthRow[], { width = 640, height = CHART_HEIGHT, goal = 400 }: ChartOptions & { goal?: number } = {}) {
  const data = rows.filter((r) => r.active !== null).map((r) => ({ ...r, date: monthDate(r.month) }));
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: monthAxis(width, rows.length),
    y: { grid: true, label: "Активных клиентов", domain: [0, Math.max(goal * 1.05, ...data.map((d) => d.active as number))], tickFormat: numberTick },
    marks: [
      Plot.ruleY([goal], { stroke: "var(--status-warn)", strokeDasharray: "6,4" }),
      Plot.text([goal], { y: (d: number) => d, x: data[0]?.date, text: () => `${formatNumber(goal)} — порог второго МОС`, dy: -8, textAnchor: "start", fill: "var(--theme-foreground-muted)" }),
      Plot.areaY(data, { x: "date", y: "active", fill: "var(--cat-1)", fillOpacity: 0.15 }),
      Plot.lineY(data, { x: "date", y: "active", stroke: "var(--cat-1)", strokeWidth: 2, tip: { format: { x: monthLong, y: numberTick } } }),
      Plot.ruleY([0]),
    ],
  });
}

/** New and churned clients per month (churn below the axis). */
export function ChurnChart(rows: readonly ClientGrowthRow[], { width = 640, height = CHART_HEIGHT }: ChartOptions = {}) {
  const labels: Record<string, string> = { new: "Новые", churned: "Ушедшие" };
  const data = rows.flatMap((r) => [
    { month: r.month, date: monthDate(r.month), kind: "new", count: r.new ?? 0 },
    { month: r.month, date: monthDate(r.month), kind: "churned", count: -(r.churned ?? 0) },
  ]);
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: { type: "band", tickFormat: (m: string) => formatMonthShort(m), label: null, ticks: bandTicks(rows.map((r) => r.month), width) },
    y: { grid: true, label: "Клиентов за месяц", tickFormat: (v: number) => formatSignedNumber(v, 0) },
    color: categoryScale(["new", "churned"], labels),
    marks: [Plot.barY(data, { x: "month", y: "count", fill: "kind", tip: { format: { x: (m: string) => formatMonthShort(m), y: (v: number) => formatNumber(Math.abs(v)) } } }), Plot.ruleY([0])],
  });
}

/** 12-month logo retention with the target. */
export function RetentionChart(rows: readonly ClientGrowthRow[], { width = 640, height = CHART_HEIGHT, target }: ChartOptions & { target?: number | null } = {}) {
  const data = rows.filter((r) => r.logo_retention_12m !== null).map((r) => ({ ...r, date: monthDate(r.month) }));
  const minimum = Math.min(0.9, ...data.map((d) => d.logo_retention_12m as number));
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: monthAxis(width, rows.length),
    y: { grid: true, label: "Удержание за 12 мес.", domain: [Math.floor(minimum * 50) / 50, 1], tickFormat: percentTick },
    marks: [
      targetRule(target),
      Plot.lineY(data, { x: "date", y: "logo_retention_12m", stroke: "var(--cat-3)", strokeWidth: 2, marker: "circle-stroke", tip: { format: { x: monthLong, y: percentTip } } }),
    ],
  });
}

/** Blues from a visible light blue (the lowest rate must not look like an empty cell) to dark blue. */
const cohortBlue = (t: number) => interpolateBlues(0.3 + 0.7 * t);

/** Share of each contract-start cohort still active N months later (sequential blues, colour-blind safe). */
export function CohortHeatmap(rows: readonly CohortRow[], { width = 640, maxMonths = 24 }: ChartOptions & { maxMonths?: number } = {}) {
  const data = rows.filter((r) => r.rate !== null && r.months_since <= maxMonths && r.size > 0);
  const cohorts = [...new Set(data.map((r) => r.cohort_month))].sort();
  const height = Math.max(160, 16 * cohorts.length + 60);
  // the scale spans the rates actually present, so small differences stay visible
  const lowest = Math.min(0.9, ...data.map((r) => r.rate as number));
  return Plot.plot({
    width,
    height,
    marginLeft: 72,
    padding: 0.05,
    x: { label: "Месяцев с начала договора", axis: "top", tickFormat: (v: number) => String(v) },
    y: { domain: cohorts, label: null, tickFormat: (m: string) => formatMonthShort(m) },
    color: { type: "linear", interpolate: cohortBlue, domain: [Math.floor(lowest * 20) / 20, 1], clamp: true, label: "Доля активных", legend: true, tickFormat: percentTick },
    marks: [
      Plot.cell(data, {
        x: "months_since",
        y: "cohort_month",
        fill: "rate",
        tip: { format: { fill: percentTip, y: (m: string) => formatMonthShort(m) } },
        title: (r: CohortRow) => `Когорта ${formatMonthShort(r.cohort_month)}, +${r.months_since} мес.: ${percentTip(r.rate as number)} (${r.active} из ${r.size})`,
      }),
    ],
  });
}

/** NPS per quarter: score with its 95 % adjusted-Wald interval as a band, response counts above. */
export function NpsQuarterChart(rows: readonly NpsQuarterRow[], { width = 640, height = CHART_HEIGHT, target }: ChartOptions & { target?: number | null } = {}) {
  const data = rows
    .filter((r) => r.score !== null)
    .map((r) => ({ ...r, low: r.interval_low ?? (r.score as number), high: r.interval_high ?? (r.score as number) }));
  const quarterLabel = (q: string) => `${q.slice(-1)} кв.\n${q.slice(0, 4)}`;
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    marginTop: 28,
    marginBottom: 40,
    x: { domain: data.map((d) => d.quarter), label: null, tickFormat: quarterLabel, padding: 0.4 },
    y: { grid: true, label: "NPS", domain: [Math.min(-20, ...data.map((d) => d.low)), 100], tickFormat: (v: number) => formatSignedNumber(v, 0) },
    marks: [
      targetRule(target),
      Plot.ruleY([0]),
      Plot.barY(data, { x: "quarter", y1: "low", y2: "high", fill: "var(--cat-1)", fillOpacity: 0.25 }),
      Plot.tickY(data, { x: "quarter", y: "score", stroke: "var(--cat-1)", strokeWidth: 3 }),
      Plot.text(data, { x: "quarter", y: "high", text: (d: NpsQuarterRow) => `n = ${formatNumber(d.responses)}`, dy: -8, fill: "var(--theme-foreground-muted)" }),
      Plot.tip(
        data,
        Plot.pointerX({
          x: "quarter",
          y: "score",
          title: (d: NpsQuarterRow & { low: number; high: number }) =>
            `${quarterLabel(d.quarter)}\nNPS ${formatSignedNumber(d.score, 0)}, 95 % интервал ${formatSignedNumber(d.low, 0)}…${formatSignedNumber(d.high, 0)}\nОтветов: ${formatNumber(d.responses)} (промоутеры ${formatNumber(d.promoters)}, критики ${formatNumber(d.detractors)})`,
        }),
      ),
    ],
  });
}

/** The segments' rows of one month, as computed in Node (client-segments.json), most active first. */
export function segmentsInMonth(rows: readonly ClientSegmentRow[], month: string | undefined): ClientSegmentRow[] {
  return rows.filter((r) => r.month === month);
}

/** Active clients per segment. */
export function SegmentChart(rows: readonly ClientSegmentRow[], { width = 640, height = CHART_HEIGHT }: ChartOptions = {}) {
  return Plot.plot({
    width,
    height,
    marginLeft: 150,
    x: { grid: true, label: "Активных клиентов", tickFormat: numberTick },
    y: { label: null, tickFormat: (s: string) => SEGMENT_LABELS_RU[s] ?? s, domain: rows.map((r) => r.segment) },
    marks: [
      Plot.barX(rows, { y: "segment", x: "active", fill: "var(--cat-1)", tip: { format: { x: numberTick, y: (s: string) => SEGMENT_LABELS_RU[s] ?? s } } }),
      Plot.text(rows, { y: "segment", x: "active", text: (r: ClientSegmentRow) => formatNumber(r.active), dx: 4, textAnchor: "start" }),
      Plot.ruleX([0]),
    ],
  });
}
