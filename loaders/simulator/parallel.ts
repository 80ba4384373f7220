/**
 * The simulator's runs split over worker threads. Run r always uses the random stream
 * runSeed(seed, r), and the parts are merged in run order, so the values — and every summary
 * of them — are identical for any number of threads. The calling thread simulates the first
 * part itself; the others go to a pool of threads started once (a bundled script, no
 * TypeScript loader) and reused until `close()`.
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { build } from "esbuild";
import { prepareModel, simulate, type RawSimulation, type RunOptions } from "../../src/core/simulator/engine.ts";
import { mergeSlices, sliceRuns } from "../../src/core/simulator/slices.ts";
import type { Scenario, WorkingCalendar } from "../../src/core/simulator/types.ts";

export interface ThreadRequest {
  scenario: Scenario;
  calendar: WorkingCalendar;
  runs: number;
  seed: number;
  firstRun: number;
}
export type ThreadResult = { values: Float64Array; tickets: number; error?: undefined } | { error: string };

/** threads by default: the machine's cores */
export function defaultThreads(): number {
  return availableParallelism();
}

let threadScript: Promise<string> | null = null;

/** sim-thread.ts and the engine bundled into one CommonJS script (built once per process) */
function bundledThreadScript(): Promise<string> {
  threadScript ??= build({
    entryPoints: [fileURLToPath(new URL("./sim-thread.ts", import.meta.url))],
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    write: false,
    logLevel: "silent",
  }).then((r) => r.outputFiles[0]!.text);
  return threadScript;
}

export class SimulationPool {
  readonly threads: number;
  private workers: Worker[] = [];

  constructor(threads: number = defaultThreads()) {
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw new RangeError(`число потоков должно быть целым от 1 до 256, получено ${threads}`);
    this.threads = threads;
  }

  private part(w: Worker, request: ThreadRequest): Promise<{ values: Float64Array; tickets: number }> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => {
        w.off("message", onMessage);
        reject(error);
      };
      const onMessage = (m: ThreadResult): void => {
        w.off("error", onError);
        if (m.error !== undefined) reject(new Error(m.error));
        else resolve(m);
      };
      w.once("message", onMessage);
      w.once("error", onError);
      w.postMessage(request);
    });
  }

  /** All runs of a scenario; same values as engine.simulate with the same runs and seed. */
  async simulate(scenario: Scenario, calendar: WorkingCalendar, options: Pick<RunOptions, "runs" | "seed">): Promise<RawSimulation> {
    const { runs, seed } = options;
    const slices = Number.isInteger(runs) ? sliceRuns(runs, this.threads) : [];
    if (slices.length <= 1) return simulate(scenario, calendar, { runs, seed });
    const started = Date.now();
    const model = prepareModel(scenario, calendar);
    const script = await bundledThreadScript();
    while (this.workers.length < slices.length - 1) this.workers.push(new Worker(script, { eval: true }));
    const others = slices.slice(1).map((s, i) => this.part(this.workers[i]!, { scenario, calendar, runs: s.runs, seed, firstRun: s.firstRun }));
    // the calling thread simulates the first slice while the others run
    const first = simulate(scenario, calendar, { runs: slices[0]!.runs, seed, firstRun: 0 });
    const parts = [{ values: first.values, tickets: first.simulatedTickets }, ...(await Promise.all(others))];
    const { values, simulatedTickets } = mergeSlices(model.horizon, slices, parts);
    return { model, runs, seed, values, simulatedTickets, elapsedMs: Date.now() - started };
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** One simulation over `threads` threads (a pool started and closed for it). */
export async function simulateParallel(
  scenario: Scenario,
  calendar: WorkingCalendar,
  options: Pick<RunOptions, "runs" | "seed"> & { threads?: number },
): Promise<RawSimulation> {
  const pool = new SimulationPool(options.threads ?? defaultThreads());
  try {
    return await pool.simulate(scenario, calendar, options);
  } finally {
    await pool.close();
  }
}
