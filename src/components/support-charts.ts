/**
 * Charts of «Техподдержка». Each takes plain rows (src/core/support-figures.ts) and returns a Plot figure
 * of fixed height, Russian labels and ru-RU numbers.
 */
import * as Plot from "@observablehq/plot";
import type { AgeRow, BacklogRow, CountRow, HistogramRow, RateRow, SlaTrendRow } from "../core/support-figures.js";
import { AGE_BUCKETS_RU } from "../core/support-cells.js";
import { CHART_HEIGHT, bandTicks, categoryScale, monthDate, monthLong, monthTick, numberTick, percentTick, percentTip, monthAxis, targetRule } from "./chart-common.js";
import { formatNumber } from "../core/format.js";
import { PRIORITY_LABELS_RU, PRIORITY_ORDER, labelOf } from "../core/labels.js";

interface ChartOptions {
  width?: number;
  height?: number;
}

function monthCount(rows: readonly { month: string }[]): number {
  return new Set(rows.map((r) => r.month)).size;
}

/** Tickets per month stacked by priority, channel or type. */
export function VolumeChart(
  rows: readonly CountRow[],
  { width = 640, height = CHART_HEIGHT, labels, order }: ChartOptions & { labels: Readonly<Record<string, string>>; order: readonly string[] },
) {
  const keys = [...new Set([...order, ...rows.map((r) => r.key)])].filter((k) => rows.some((r) => r.key === k));
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: { type: "band", tickFormat: (m: string) => monthTick(monthDate(m)), label: null, interval: undefined, ticks: bandTicks(rows.map((r) => r.month), width) },
    y: { grid: true, label: "Обращений", tickFormat: numberTick },
    color: categoryScale(keys, labels),
    marks: [
      Plot.barY(rows, {
        x: "month",
        y: "count",
        fill: "key",
        order: keys,
        tip: { format: { x: (m: string) => monthLong(monthDate(m)), y: numberTick, fill: (k: string) => labelOf(labels, k) } },
      }),
      Plot.ruleY([0]),
    ],
  });
}

/** SLA compliance per priority with the targets as dashed lines. */
export function SlaTrendChart(
  rows: readonly SlaTrendRow[],
  { width = 640, height = CHART_HEIGHT, targets = {} }: ChartOptions & { targets?: Readonly<Record<string, number>> },
) {
  const data = rows.filter((r) => r.compliance !== null).map((r) => ({ ...r, date: monthDate(r.month) }));
  const priorities = PRIORITY_ORDER.filter((p) => data.some((r) => r.priority === p));
  const targetRows = priorities.filter((p) => targets[p] !== undefined).map((p) => ({ priority: p, target: targets[p]! }));
  const minimum = Math.min(0.8, ...data.map((r) => r.compliance as number));
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: monthAxis(width, monthCount(rows)),
    y: { grid: true, label: "Соблюдение SLA", domain: [Math.floor(minimum * 20) / 20, 1], tickFormat: percentTick },
    color: categoryScale(priorities, PRIORITY_LABELS_RU),
    marks: [
      Plot.ruleY(targetRows, { y: "target", stroke: "priority", strokeDasharray: "4,4", strokeOpacity: 0.8 }),
      Plot.lineY(data, { x: "date", y: "compliance", stroke: "priority", strokeWidth: 2, marker: "circle-stroke" }),
      Plot.tip(
        data,
        Plot.pointer({
          x: "date",
          y: "compliance",
          stroke: "priority",
          title: (r: SlaTrendRow) =>
            `${labelOf(PRIORITY_LABELS_RU, r.priority)}, ${monthLong(monthDate(r.month))}\nСоблюдение: ${percentTip(r.compliance as number)}\nВ срок: ${formatNumber(r.met)} из ${formatNumber(r.judged)}`,
        }),
      ),
    ],
  });
}

/** Distribution of response or resolution time (business hours): the histogram's bars, stacked by priority. */
export function DurationChart(rows: readonly HistogramRow[], { width = 640, height = CHART_HEIGHT }: ChartOptions = {}) {
  const priorities = PRIORITY_ORDER.filter((p) => rows.some((r) => r.priority === p));
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: { label: "Рабочих часов", tickFormat: numberTick },
    y: { grid: true, label: "Обращений", tickFormat: numberTick },
    color: categoryScale(priorities, PRIORITY_LABELS_RU),
    marks: [
      Plot.rectY(rows, { x1: "from_hours", x2: "to_hours", y: "count", fill: "priority", order: priorities as string[], insetLeft: 0.5, insetRight: 0.5, tip: { format: { y: numberTick } } }),
      Plot.ruleY([0]),
    ],
  });
}

/** Open tickets at each month's end. */
export function BacklogChart(rows: readonly BacklogRow[], { width = 640, height = CHART_HEIGHT }: ChartOptions = {}) {
  const data = rows.map((r) => ({ ...r, date: monthDate(r.month) }));
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: monthAxis(width, rows.length),
    y: { grid: true, label: "Открытых на конец месяца", tickFormat: numberTick },
    marks: [
      Plot.areaY(data, { x: "date", y: "open", fill: "var(--cat-1)", fillOpacity: 0.2 }),
      Plot.lineY(data, { x: "date", y: "open", stroke: "var(--cat-1)", strokeWidth: 2, tip: { format: { x: monthLong, y: numberTick } } }),
      Plot.ruleY([0]),
    ],
  });
}

/** Open tickets by business-day age and priority. */
export function AgeingChart(rows: readonly AgeRow[], { width = 640, height = CHART_HEIGHT }: ChartOptions = {}) {
  const priorities = PRIORITY_ORDER.filter((p) => rows.some((r) => r.priority === p));
  return Plot.plot({
    width,
    height,
    marginLeft: 140,
    x: { grid: true, label: "Открытых обращений", tickFormat: numberTick },
    y: { domain: [...AGE_BUCKETS_RU], label: null },
    color: categoryScale(priorities, PRIORITY_LABELS_RU),
    marks: [
      Plot.barX(rows, { y: "bucket", x: "count", fill: "priority", order: priorities as string[], tip: { format: { x: numberTick } } }),
      Plot.ruleX([0]),
    ],
  });
}

/** Escalation and repeat rates per month with the escalation ceiling. */
export function EscalationRepeatChart(
  rows: readonly RateRow[],
  { width = 640, height = CHART_HEIGHT, escalationMax }: ChartOptions & { escalationMax?: number | null },
) {
  const labels: Record<string, string> = { escalation_rate: "Эскалации", repeat_rate: "Повторные" };
  const data = rows.flatMap((r) =>
    (["escalation_rate", "repeat_rate"] as const)
      .filter((key) => r[key] !== null)
      .map((key) => ({ month: r.month, date: monthDate(r.month), series: key, rate: r[key] as number })),
  );
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: monthAxis(width, rows.length),
    y: { grid: true, label: "Доля обращений", tickFormat: percentTick, domain: [0, Math.max(0.3, ...data.map((d) => d.rate))] },
    color: categoryScale(["escalation_rate", "repeat_rate"], labels),
    marks: [
      escalationMax != null ? Plot.ruleY([escalationMax], { stroke: "var(--cat-1)", strokeDasharray: "4,4" }) : null,
      Plot.lineY(data, { x: "date", y: "rate", stroke: "series", strokeWidth: 2, marker: "circle-stroke", tip: { format: { x: monthLong, y: percentTip, stroke: (k: string) => labels[k] ?? k } } }),
      Plot.ruleY([0]),
    ],
  });
}

/** CSAT mean per month with the target, and the number of ratings as a thin text row. */
export function CsatChart(rows: readonly RateRow[], { width = 640, height = CHART_HEIGHT, target }: ChartOptions & { target?: number | null }) {
  const data = rows.filter((r) => r.csat_mean !== null).map((r) => ({ ...r, date: monthDate(r.month) }));
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: monthAxis(width, rows.length),
    y: { grid: true, label: "Средняя оценка (1–5)", domain: [3, 5], tickFormat: (v: number) => formatNumber(v, 1) },
    marks: [
      targetRule(target),
      Plot.lineY(data, { x: "date", y: "csat_mean", stroke: "var(--cat-3)", strokeWidth: 2, marker: "circle-stroke" }),
      Plot.tip(
        data,
        Plot.pointer({
          x: "date",
          y: "csat_mean",
          title: (r: RateRow) => `${monthLong(monthDate(r.month))}\nCSAT: ${formatNumber(r.csat_mean, 2)}\nОценок: ${formatNumber(r.csat_responses)}`,
        }),
      ),
    ],
  });
}
