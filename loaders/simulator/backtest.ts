/**
 * Backtest of the simulator's own forecasts. For each origin month with a full year of history
 * before it and the whole horizon observed after it: calibrate on the data before the origin
 * only (calibrate's `before` cutoff), simulate the horizon, and set the P10/P50/P90 of monthly
 * tickets, SLA compliance per priority, each role's hours, signed projects and engineer visits
 * beside the month's KPI
 * (loaders/metrics/month-kpis.ts — the actuals are the KPIs, not re-derived here).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { computeAllMonths, flattenKpis, type MonthKpis } from "../metrics/month-kpis.ts";
import type { Settings } from "../settings.ts";
import { calibrate, HISTORY_MONTHS } from "./calibrate.ts";
import { latestEventDayOr } from "../as-of.ts";
import { SimulationPool } from "./parallel.ts";
import type { RawSimulation } from "../../src/core/simulator/engine.ts";
import { summarize } from "../../src/core/simulator/summary.ts";
import { UTILIZATION_METRIC } from "../../src/core/simulator/labels.ts";
import { PRIORITY_NAMES, SIM_ROLES, type Band, type MonthSummary } from "../../src/core/simulator/types.ts";
import { BACKTEST_METRICS, scoreBacktest, type BacktestMetric, type BacktestPoint, type BacktestScore } from "../../src/core/simulator/backtest-score.ts";

/** months scored besides the full horizon (when shorter than it) */
export const SHORT_HORIZON_MONTHS = 3;
export const DEFAULT_HORIZON_MONTHS = 6;

/** the most and the fewest runs per forecast when the runs are sized by the data's volume */
export const BACKTEST_MAX_RUNS = 500;
export const BACKTEST_MIN_RUNS = 100;
/** simulated tickets per forecast the sized runs stay within: 500 runs of 6 months of 400 tickets */
export const BACKTEST_TICKET_BUDGET = 500 * 6 * 400;

/**
 * Runs per forecast for a department of `ticketsPerMonth`: as many as keep one forecast within
 * BACKTEST_TICKET_BUDGET simulated tickets, between BACKTEST_MIN_RUNS and BACKTEST_MAX_RUNS. The
 * band's percentiles need runs, not tickets, so the cost stops growing with the volume while
 * P10/P90 keep at least 100 runs.
 *
 * @example backtestRunsFor(300, 6)    // 500 (the sample)
 * @example backtestRunsFor(2_920, 6)  // 100 (10× the sample: 1,200,000 / 17,520 = 68 → at least 100)
 */
export function backtestRunsFor(ticketsPerMonth: number, horizonMonths: number): number {
  if (!(ticketsPerMonth > 0) || !(horizonMonths > 0)) return BACKTEST_MAX_RUNS;
  const runs = Math.floor(BACKTEST_TICKET_BUDGET / (ticketsPerMonth * horizonMonths));
  return Math.min(BACKTEST_MAX_RUNS, Math.max(BACKTEST_MIN_RUNS, runs));
}

/** Mean tickets of the last 12 complete months of the KPIs (0 without one). */
export function recentTicketsPerMonth(months: readonly MonthKpis[]): number {
  const recent = months.filter((m) => !m.partial).slice(-HISTORY_MONTHS);
  const total = recent.reduce((sum, m) => sum + Number((m.tickets as { total?: number } | undefined)?.total ?? 0), 0);
  return recent.length > 0 ? total / recent.length : 0;
}

export interface BacktestOptions {
  now: Date;
  settings: Settings;
  horizonMonths?: number;
  runs: number;
  seed: number;
  /** simulation threads (default: the machine's cores) */
  threads?: number;
  /** every month's KPIs (computeAllMonths at `now`) when the caller has them already */
  months?: readonly MonthKpis[];
  /** the data's own day (Pipeline.latestEventDay); looked up on the connection once when absent */
  latestEventDay?: string | null;
}

export interface BacktestReport extends BacktestScore {
  horizon_months: number;
  runs: number;
  seed: number;
  history_months: number;
  /** first forecast month of each forecast, in order */
  origins: string[];
  metrics: readonly BacktestMetric[];
  /** scores over the first 3 months and over the whole horizon */
  horizons: BacktestScore[];
  forecasts: BacktestPoint[];
  notes: string[];
}

/** The KPI value each backtest metric is compared with; null when the KPI has none. */
export function actualOf(metric: BacktestMetric, kpis: Record<string, unknown>): number | null {
  const key =
    metric === "tickets"
      ? "tickets.total"
      : metric === "projects"
        ? "projects.started"
        : metric === "visits"
          ? "visits.total"
          : metric.startsWith("sla_")
            ? `sla.${metric.slice(4)}.compliance`
            : `workload.${metric.slice(6)}.demand_hours`;
  const v = kpis[key];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/**
 * The simulated band of a metric in month m of a run set. Hours are the utilization band times
 * the month's capacity (staff × norm × productive share, as the workload KPI's capacity_hours):
 * a positive constant factor, so the quantiles carry over exactly.
 */
export function bandOf(metric: BacktestMetric, month: MonthSummary, raw: RawSimulation, m: number): Band {
  if (metric === "tickets") return month.metrics.tickets;
  if (metric === "projects") return month.metrics.projects;
  if (metric === "visits") return month.metrics.engineer_visits;
  if (metric.startsWith("sla_")) return month.metrics[metric as `sla_${(typeof PRIORITY_NAMES)[number]}`];
  const role = SIM_ROLES.find((r) => metric === `hours_${r}`)!;
  const band = month.metrics[UTILIZATION_METRIC[role]];
  const capacityHours = (raw.model.staff[role][m]! * raw.model.monthStaffNormMinutes[m]! * raw.model.scenario.productiveShare) / 60;
  return { p10: band.p10 * capacityHours, p50: band.p50 * capacityHours, p90: band.p90 * capacityHours, mean: band.mean * capacityHours };
}

/** Origins: months with `history` complete months before them and the next `horizon` months complete. */
export function backtestOrigins(completeMonths: string[], history: number, horizon: number): string[] {
  const out: string[] = [];
  for (let i = history; i + horizon <= completeMonths.length; i++) out.push(completeMonths[i]!);
  return out;
}

function pointsOf(origin: string, raw: RawSimulation, kpiByMonth: Map<string, Record<string, unknown>>): BacktestPoint[] {
  const summary = summarize(raw);
  const points: BacktestPoint[] = [];
  summary.months.forEach((month, m) => {
    const kpis = kpiByMonth.get(month.month);
    if (!kpis) return;
    for (const metric of BACKTEST_METRICS) {
      const actual = actualOf(metric, kpis);
      const band = bandOf(metric, month, raw, m);
      if (actual === null || !Number.isFinite(band.p10) || !Number.isFinite(band.p90)) continue;
      points.push({ origin, month: month.month, lead: m + 1, metric, p10: band.p10, p50: band.p50, p90: band.p90, actual });
    }
  });
  return points;
}

export async function runBacktest(connection: DuckDBConnection, options: BacktestOptions): Promise<BacktestReport> {
  const { now, settings, runs, seed } = options;
  const horizon = options.horizonMonths ?? DEFAULT_HORIZON_MONTHS;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 36) throw new RangeError(`--horizon: ожидается целое от 1 до 36, получено ${horizon}`);
  const latestEventDay = await latestEventDayOr(connection, settings.calendar.timezone, options.latestEventDay);
  const months: readonly MonthKpis[] = options.months ?? (await computeAllMonths(connection, settings, { now, latestEventDay }));
  const complete = months.filter((m) => !m.partial);
  const kpiByMonth = new Map(complete.map((m) => [m.month, flattenKpis(m) as Record<string, unknown>]));
  const origins = backtestOrigins(
    complete.map((m) => m.month),
    HISTORY_MONTHS,
    horizon,
  );
  const notes: string[] = [];
  if (origins.length === 0) {
    notes.push(
      `Для проверки нужно ${HISTORY_MONTHS} полных месяцев истории до начала прогноза и ${horizon} полных месяцев после него; в данных полных месяцев: ${complete.length}.`,
    );
  }
  const pool = new SimulationPool(options.threads);
  const forecasts: BacktestPoint[] = [];
  try {
    for (const origin of origins) {
      const calibration = await calibrate(connection, { now, settings, before: origin, latestEventDay });
      const scenario = { ...calibration.baseScenario, horizonMonths: horizon };
      const raw = await pool.simulate(scenario, calibration.calendar, { runs, seed });
      forecasts.push(...pointsOf(origin, raw, kpiByMonth));
    }
  } finally {
    await pool.close();
  }
  const horizons = [...new Set([Math.min(SHORT_HORIZON_MONTHS, horizon), horizon])].map((h) => scoreBacktest(forecasts, h));
  return {
    horizon_months: horizon,
    runs,
    seed,
    history_months: HISTORY_MONTHS,
    origins,
    metrics: BACKTEST_METRICS,
    ...scoreBacktest(forecasts, horizon),
    horizons,
    forecasts,
    notes,
  };
}
