/**
 * Calibration of the simulator's bands: the backtest of its own forecasts on the sample
 * (`simulate --backtest`, loaders/simulator/backtest.ts) — coverage of the P10–P90 band (target
 * 0.7–0.9 overall, ideal 0.8) and the P50's median absolute percentage error, per metric and
 * overall, over the first 3 months and the whole 6-month horizon of every origin.
 * Run: `npx tsx bench/backtest.ts` (or `npm run bench -- backtest`).
 */
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadSettings } from "../loaders/settings.ts";
import { openRunPipeline } from "../loaders/warehouse/run-data.ts";
import { runBacktest } from "../loaders/simulator/backtest.ts";
import { BACKTEST_METRICS } from "../src/core/simulator/backtest-score.ts";

const SAMPLE = join(fileURLToPath(new URL("../", import.meta.url)), "data/sample");
const RUNS = 1000;
const SEED = 1;

const fmt = (v: number | null, digits = 3): string => (v === null ? "—" : v.toFixed(digits));

export async function benchBacktest(): Promise<void> {
  const settings = loadSettings();
  const pipeline = await openRunPipeline(SAMPLE, undefined, { settings });
  try {
    const started = Date.now();
    const report = await runBacktest(pipeline.connection, { now: pipeline.now, latestEventDay: pipeline.latestEventDay, settings, runs: RUNS, seed: SEED });
    console.log(`backtest on the sample: ${report.origins.length} origins (${report.origins.join(", ")}), ${RUNS} runs, seed ${SEED}, ${Date.now() - started} ms`);
    console.log(`${"metric".padEnd(30)}${report.horizons.map((h) => `coverage ${h.months}m  MdAPE ${h.months}m   `).join("")}`);
    for (const metric of [...BACKTEST_METRICS, "overall"] as const) {
      const cells = report.horizons.map((h) => {
        const c = metric === "overall" ? h.coverage.overall : h.coverage.by_metric[metric];
        const e = metric === "overall" ? h.mdape.overall : h.mdape.by_metric[metric];
        return `${fmt(c).padEnd(12)}${fmt(e, 4).padEnd(13)}`;
      });
      console.log(`${metric.padEnd(30)}${cells.join("")}`);
    }
    const overall = report.coverage.overall;
    console.log(`overall coverage ${fmt(overall)} (target 0.7–0.9): ${overall !== null && overall >= 0.7 && overall <= 0.9 ? "within" : "OUTSIDE"}`);
  } finally {
    pipeline.connection.closeSync();
    pipeline.instance.closeSync();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchBacktest();
