/**
 * Scoring of the simulator's own forecasts against what happened: the share of actuals inside
 * the P10–P90 band (coverage; 0.8 is ideal for a calibrated 80 % band) and the median absolute
 * percentage error of the P50, per metric and overall, for the first `months` months of each
 * forecast. Pure functions on plain data (the pages and the CLI share them).
 */
import { median } from "d3";

/** metrics the backtest compares, in report order */
export const BACKTEST_METRICS = [
  "tickets",
  "sla_emergency",
  "sla_standard",
  "sla_consultation",
  "hours_support_manager",
  "hours_success_manager",
  "hours_implementation_manager",
  "hours_senior_engineer",
  "projects",
  "visits",
] as const;
export type BacktestMetric = (typeof BACKTEST_METRICS)[number];

export const BACKTEST_METRIC_LABELS_RU: Record<BacktestMetric, string> = {
  tickets: "Обращений в месяц",
  sla_emergency: "SLA: экстренные",
  sla_standard: "SLA: стандартные",
  sla_consultation: "SLA: консультации",
  hours_support_manager: "Часы менеджера ТП",
  hours_success_manager: "Часы МОС",
  hours_implementation_manager: "Часы менеджера по внедрению",
  hours_senior_engineer: "Часы старшего инженера",
  projects: "Новых проектов в месяц",
  visits: "Выездов инженера в месяц",
};

/** One forecast month of one metric beside the actual value. */
export interface BacktestPoint {
  /** first forecast month "YYYY-MM" (calibrated on the months before it) */
  origin: string;
  month: string;
  /** 1 = the origin month itself */
  lead: number;
  metric: BacktestMetric;
  p10: number;
  p50: number;
  p90: number;
  actual: number;
}

export interface BacktestScore {
  /** months of each forecast scored: leads 1…months */
  months: number;
  points: number;
  /** share of actuals inside P10–P90 (both ends included); null without points */
  coverage: { overall: number | null; by_metric: Record<BacktestMetric, number | null> };
  /** median of |P50 − actual| / |actual| (actual 0 left out); null without such points */
  mdape: { overall: number | null; by_metric: Record<BacktestMetric, number | null> };
}

export function inside(p: BacktestPoint): boolean {
  return p.actual >= p.p10 && p.actual <= p.p90;
}

export function absolutePercentageError(p: BacktestPoint): number | null {
  return p.actual === 0 ? null : Math.abs(p.p50 - p.actual) / Math.abs(p.actual);
}

function coverageOf(points: BacktestPoint[]): number | null {
  return points.length === 0 ? null : points.filter(inside).length / points.length;
}

function mdapeOf(points: BacktestPoint[]): number | null {
  const errors = points.map(absolutePercentageError).filter((e): e is number => e !== null);
  return errors.length === 0 ? null : (median(errors) ?? null);
}

/** Coverage and MdAPE over the points with lead ≤ `months`. */
export function scoreBacktest(points: BacktestPoint[], months: number): BacktestScore {
  const within = points.filter((p) => p.lead <= months);
  const coverage = { overall: coverageOf(within), by_metric: {} as Record<BacktestMetric, number | null> };
  const mdape = { overall: mdapeOf(within), by_metric: {} as Record<BacktestMetric, number | null> };
  for (const metric of BACKTEST_METRICS) {
    const of = within.filter((p) => p.metric === metric);
    coverage.by_metric[metric] = coverageOf(of);
    mdape.by_metric[metric] = mdapeOf(of);
  }
  return { months, points: within.length, coverage, mdape };
}
