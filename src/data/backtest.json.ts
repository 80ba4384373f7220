// The simulator's backtest (loaders/simulator/backtest.ts) on the site's dataset: forecasts made
// at past months from the data before each, beside the monthly KPIs that followed — for the
// «Проверка прогноза» section of the simulator page.
import { closeDataset, openSiteDataset } from "../../loaders/site/dataset.ts";
import { runBacktest } from "../../loaders/simulator/backtest.ts";

/** runs per forecast: a band's P10/P90 within about a percent of the run count's limit */
const RUNS = 500;

const pipeline = await openSiteDataset();
try {
  const report = await runBacktest(pipeline.connection, { now: pipeline.now, settings: pipeline.settings, runs: RUNS, seed: 1 });
  process.stdout.write(JSON.stringify({ generatedAt: new Date().toISOString(), asOf: pipeline.now.toISOString(), ...report }));
} finally {
  closeDataset(pipeline);
}
