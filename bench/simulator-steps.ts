/**
 * Processor time per step of a run of the staffing model: the bench scenario of bench/simulator.ts
 * (1,000 runs × 12 months × ~400 tickets, one thread) run step by step as engine.ts runs it, each
 * step timed by process.cpuUsage (about a microsecond per reading, a few per run). The steps are
 * called from here, so the compiler inlines them differently than in simulateRun: the figures
 * show where the time goes and compare two versions of a step run the same way, alternating; the
 * model's own time is what bench/simulator.ts prints. Run: `npx tsx bench/simulator-steps.ts [runs]`.
 */
import { pathToFileURL } from "node:url";
import { drawAbsences } from "../src/core/simulator/absences.ts";
import { METRIC_COUNT, prepareModel, runSupportQueue, RunWorkspace, type PreparedModel } from "../src/core/simulator/engine.ts";
import { Rng, runSeed } from "../src/core/simulator/prng.ts";
import { drawArrivals } from "../src/core/simulator/run-arrivals.ts";
import { drawClientsAndProjects } from "../src/core/simulator/run-clients.ts";
import { writeMonthRows } from "../src/core/simulator/run-months.ts";
import { tallyOutcomes } from "../src/core/simulator/run-outcomes.ts";
import { drawRunParameters } from "../src/core/simulator/run-parameters.ts";
import { applyNonQueueBreaches } from "../src/core/simulator/sla-breaches.ts";
import { mergeScenario } from "../src/core/simulator/scenario.ts";
import { benchModel } from "./simulator.ts";

const STEPS = ["отсутствия", "параметры и клиенты", "поступление", "очередь (с отсутствиями)", "исходы (SLA)", "строки месяцев"] as const;

const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** One run as simulateRun (engine.ts) runs it, adding each step's processor time to `ms`. */
function timedRun(model: PreparedModel, seed: number, out: Float64Array, ws: RunWorkspace, ms: Float64Array): void {
  let t = cpuMs();
  const lap = (step: number): void => {
    const now = cpuMs();
    ms[step]! += now - t;
    t = now;
  };
  const rng = new Rng(seed);
  if (model.absences) drawAbsences(model.absences, seed, ws.absences, model.staffByRole);
  lap(0);
  drawRunParameters(model.scenario, rng, ws.run);
  drawClientsAndProjects(model, rng, ws);
  lap(1);
  const n = drawArrivals(model, rng, ws);
  lap(2);
  runSupportQueue(model, ws, n);
  lap(3);
  tallyOutcomes(model, ws);
  lap(4);
  writeMonthRows(model, rng, ws, out, 0);
  applyNonQueueBreaches(model.scenario, rng, ws.met, ws.count, model.horizon, out, 0);
  lap(5);
}

export function stepTimes(runs: number, absences: boolean): Float64Array {
  const bench = benchModel();
  const scenario = absences ? bench.scenario : mergeScenario(bench.scenario, { absences: { enabled: false } });
  const model = prepareModel(scenario, bench.calendar);
  const ws = new RunWorkspace();
  const out = new Float64Array(model.horizon * METRIC_COUNT);
  const ms = new Float64Array(STEPS.length);
  for (let r = 0; r < 200; r++) timedRun(model, runSeed(99, r), out, ws, ms); // warm-up (JIT)
  ms.fill(0);
  for (let r = 0; r < runs; r++) timedRun(model, runSeed(1, r), out, ws, ms);
  return ms;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const runs = Number(process.argv[2] ?? 1000);
  for (const absences of [true, false]) {
    const ms = stepTimes(runs, absences);
    console.log(`${absences ? "Полная модель" : "Без отсутствий"}, ${runs} прогонов, процессорное время по шагам, мс (всего ${Math.round(ms.reduce((a, b) => a + b, 0))}):`);
    STEPS.forEach((name, i) => console.log(`  ${name.padEnd(28)} ${ms[i]!.toFixed(0).padStart(5)}`));
  }
}
