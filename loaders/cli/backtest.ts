/**
 * `support-analytics simulate --backtest [--horizon N] [--data DIR] [--as-of ISO] [--json]`:
 * the simulator's forecasts made at past months (calibrated on the data before each) against
 * the KPIs that followed (loaders/simulator/backtest.ts).
 */
import { loadSettings } from "../settings.ts";
import { runBacktest, type BacktestReport } from "../simulator/backtest.ts";
import { BACKTEST_METRICS, BACKTEST_METRIC_LABELS_RU } from "../../src/core/simulator/backtest-score.ts";
import { monthLabelRu } from "../../src/core/months.ts";
import { numberArg, simulateAsOf } from "./simulate.ts";

const percent = new Intl.NumberFormat("ru-RU", { style: "percent", maximumFractionDigits: 0 });
const pct = (v: number | null): string => (v === null ? "—" : percent.format(v));

function printReport(report: BacktestReport): void {
  const lines: string[] = [];
  lines.push(
    `Проверка прогноза: ${report.origins.length} прогнозов (${report.origins.map(monthLabelRu).join(", ") || "нет"}), ` +
      `горизонт ${report.horizon_months} мес., ${report.runs} прогонов, история ${report.history_months} мес.`,
  );
  lines.push("Покрытие — доля фактов внутри полосы P10–P90 (идеал 80 %); ошибка — медиана |P50 − факт| / факт.");
  lines.push(`${"показатель".padEnd(30)} ${report.horizons.map((h) => `покрытие ${h.months} мес.  ошибка ${h.months} мес.`).join("   ")}`);
  for (const metric of BACKTEST_METRICS) {
    lines.push(
      `${BACKTEST_METRIC_LABELS_RU[metric].padEnd(30)} ${report.horizons.map((h) => `${pct(h.coverage.by_metric[metric]).padEnd(17)}${pct(h.mdape.by_metric[metric]).padEnd(19)}`).join("")}`,
    );
  }
  lines.push(`${"все показатели".padEnd(30)} ${report.horizons.map((h) => `${pct(h.coverage.overall).padEnd(17)}${pct(h.mdape.overall).padEnd(19)}`).join("")}`);
  lines.push(...report.notes);
  process.stdout.write(lines.join("\n") + "\n");
}

export async function runBacktestCommand(
  opts: Map<string, string>,
  options: { json: boolean; threads: number; runs: number; seed: number },
): Promise<number> {
  const settings = loadSettings();
  const { openRunPipeline } = await import("../warehouse/run-data.ts");
  const pipeline = await openRunPipeline(opts.get("--data"), opts.get("--db"), { now: simulateAsOf(opts, settings.calendar.timezone), settings });
  try {
    const report = await runBacktest(pipeline.connection, {
      now: pipeline.now,
      latestEventDay: pipeline.latestEventDay,
      settings,
      horizonMonths: numberArg(opts, "--horizon", 6),
      runs: options.runs,
      seed: options.seed,
      threads: options.threads,
    });
    if (options.json) process.stdout.write(JSON.stringify(report) + "\n");
    else printReport(report);
    return 0;
  } finally {
    pipeline.connection.closeSync();
    pipeline.instance.closeSync();
  }
}
