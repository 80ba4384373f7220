/**
 * The «Проверка прогноза» chart (browser only): for one metric, the P10–P90 band and P50 of each
 * past forecast (one colour per origin month) over the months it covered, and the actual KPI as
 * a black line with dots.
 */
import * as Plot from "@observablehq/plot";
import { formatMonthShort, formatNumber, formatPercent } from "../../core/format.js";
import type { BacktestMetric, BacktestPoint } from "../../core/simulator/backtest-score.js";

export interface BacktestChartOptions {
  width?: number;
  height?: number;
  percent?: boolean;
}

const dateOf = (month: string): Date => new Date(`${month}-01T00:00:00Z`);

export function backtestChart(points: readonly BacktestPoint[], metric: BacktestMetric, options: BacktestChartOptions = {}): SVGSVGElement | HTMLElement {
  const rows = points.filter((p) => p.metric === metric).map((p) => ({ ...p, date: dateOf(p.month), forecast: `прогноз с ${formatMonthShort(p.origin)}` }));
  const actualByMonth = new Map(rows.map((r) => [r.month, r.actual]));
  const actual = [...actualByMonth].sort(([a], [b]) => a.localeCompare(b)).map(([month, value]) => ({ date: dateOf(month), value }));
  const tick = (v: number): string => (options.percent ? formatPercent(v, 0) : formatNumber(v));
  return Plot.plot({
    width: options.width ?? 640,
    height: options.height ?? 260,
    marginLeft: 56,
    x: { type: "utc", label: null, tickFormat: (d: Date) => formatMonthShort(d.toISOString().slice(0, 7)) },
    y: { label: null, grid: true, tickFormat: tick },
    color: { legend: true },
    marks: [
      Plot.areaY(rows, { x: "date", y1: "p10", y2: "p90", z: "forecast", fill: "forecast", fillOpacity: 0.12, curve: "step" }),
      Plot.lineY(rows, { x: "date", y: "p50", z: "forecast", stroke: "forecast", strokeWidth: 1, curve: "step" }),
      Plot.lineY(actual, { x: "date", y: "value", stroke: "var(--theme-foreground)", strokeWidth: 2 }),
      Plot.dot(actual, { x: "date", y: "value", fill: "var(--theme-foreground)", r: 2.5, tip: true, title: (d: { date: Date; value: number }) => `факт ${tick(d.value)}` }),
    ],
  });
}
