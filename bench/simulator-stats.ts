/**
 * Whether a change that alters the simulator's random stream keeps the model: 10,000 runs of the
 * bench scenario (bench/simulator.ts) and of scenarios/400-tickets.json (on the settings: a second
 * support manager from June, the several-agent queue), each month's value of every run pooled per
 * metric: the mean and P10/P50/P90, with their Monte Carlo error from 20 batches of runs (standard
 * deviation of the batches' figures / √20). `--save FILE` before the change, `--compare FILE` after
 * it prints before, after and z = (after − before) / √(error² + error²); a difference beyond 3 errors
 * plus the values' grid step (a percentile of whole tickets moves by whole tickets) and a 10⁻⁹ rounding
 * share is marked.
 * Run: `npx tsx bench/simulator-stats.ts --save FILE [runs]` or `--compare FILE [runs]`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { loadSettings } from "../loaders/settings.ts";
import { defaultScenario } from "../loaders/simulator/defaults.ts";
import { simulate, METRIC_COUNT } from "../src/core/simulator/engine.ts";
import { mergeScenario } from "../src/core/simulator/scenario.ts";
import { quantileSorted } from "../src/core/simulator/summary.ts";
import { MONTH_METRICS, type MonthMetric, type Scenario, type WorkingCalendar } from "../src/core/simulator/types.ts";
import { benchModel } from "./simulator.ts";

const METRICS: MonthMetric[] = [
  "tickets",
  "sla_emergency",
  "sla_standard",
  "sla_consultation",
  "response_emergency",
  "mean_wait_minutes",
  "backlog",
  "util_support_manager",
  "util_success_manager",
  "util_implementation_manager",
  "util_senior_engineer",
  "engineer_hours",
];
const FIGURES = ["mean", "p10", "p50", "p90"] as const;
const BATCHES = 20;

/** figure → [value, Monte Carlo error, the values' grid step (the smallest gap between two distinct values)] */
type Stats = Record<string, Record<string, Record<(typeof FIGURES)[number], [number, number, number]>>>;

function gridStep(values: number[]): number {
  const sorted = Float64Array.from(values.filter((v) => Number.isFinite(v))).sort();
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < sorted.length; i++) if (sorted[i]! - sorted[i - 1]! > 1e-9) step = Math.min(step, sorted[i]! - sorted[i - 1]!);
  return Number.isFinite(step) ? step : 0;
}

function figures(values: number[]): Record<(typeof FIGURES)[number], number> {
  const sorted = Float64Array.from(values.filter((v) => Number.isFinite(v))).sort();
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { mean, p10: quantileSorted(sorted, 0.1), p50: quantileSorted(sorted, 0.5), p90: quantileSorted(sorted, 0.9) };
}

/** Each metric's figures over all runs, with the spread of the batches' figures as the error. */
function statsOf(scenario: Scenario, calendar: WorkingCalendar, runs: number): Stats[string] {
  const { values, model } = simulate(scenario, calendar, { runs, seed: 7 });
  const H = model.horizon;
  const out: Stats[string] = {};
  for (const metric of METRICS) {
    const j = MONTH_METRICS.indexOf(metric);
    const batch = (b: number): number[] => {
      const vs: number[] = [];
      for (let r = Math.floor((b * runs) / BATCHES); r < Math.floor(((b + 1) * runs) / BATCHES); r++) for (let m = 0; m < H; m++) vs.push(values[(r * H + m) * METRIC_COUNT + j]!);
      return vs;
    };
    const pooled = Array.from({ length: BATCHES }, (_, b) => batch(b)).flat();
    const all = figures(pooled);
    const step = gridStep(pooled);
    const perBatch = Array.from({ length: BATCHES }, (_, b) => figures(batch(b)));
    const row = {} as Stats[string][string];
    for (const f of FIGURES) {
      const xs = perBatch.map((p) => p[f]);
      const m = xs.reduce((s, v) => s + v, 0) / BATCHES;
      const sd = Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (BATCHES - 1));
      row[f] = [all[f], sd / Math.sqrt(BATCHES), f === "mean" ? 0 : step];
    }
    out[metric] = row;
  }
  return out;
}

function allStats(runs: number): Stats {
  const { scenario, calendar } = benchModel();
  const settings = loadSettings();
  const { $comment: _comment, ...file } = JSON.parse(readFileSync(new URL("../scenarios/400-tickets.json", import.meta.url), "utf8")) as Record<string, unknown>;
  const sample = mergeScenario(defaultScenario(settings, String(file.startMonth)), file);
  return { bench: statsOf(scenario, calendar, runs), "400-tickets": statsOf(sample, calendar, runs) };
}

const num = (v: number): string => (Number.isFinite(v) ? v.toFixed(Math.abs(v) >= 100 ? 1 : 4) : "—");

function compare(before: Stats, after: Stats): void {
  let marked = 0;
  for (const [name, metrics] of Object.entries(after)) {
    console.log(`${name}: метрика, показатель — до ± ошибка | после ± ошибка | z`);
    for (const [metric, row] of Object.entries(metrics)) {
      const cells = FIGURES.map((f) => {
        const [a, ea] = before[name]![metric]![f];
        const [b, eb, step] = row[f];
        const z = (b - a) / Math.sqrt(ea * ea + eb * eb);
        const bad = Math.abs(b - a) > 3 * Math.sqrt(ea * ea + eb * eb) + step + 1e-9 * Math.abs(a);
        if (bad) marked++;
        return `${f} ${num(a)}±${num(ea)} | ${num(b)}±${num(eb)} | z ${Number.isFinite(z) ? z.toFixed(1) : "—"}${bad ? " (!)" : ""}`;
      });
      console.log(`  ${metric.padEnd(28)} ${cells.join("; ")}`);
    }
  }
  console.log(marked === 0 ? "Все показатели в пределах ошибки Монте-Карло (3 ошибки + шаг значений)." : `Вне ошибки Монте-Карло (3 ошибки + шаг значений): ${marked}`);
}

const [mode, path, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 10_000);
if (mode === "--save" && path) {
  writeFileSync(path, JSON.stringify(allStats(runs)));
  console.log(`Сохранено: ${path}`);
} else if (mode === "--compare" && path) compare(JSON.parse(readFileSync(path, "utf8")) as Stats, allStats(runs));
else {
  console.error("использование: npx tsx bench/simulator-stats.ts --save FILE [runs] | --compare FILE [runs]");
  process.exitCode = 2;
}
