/**
 * Page side of the simulator workers: a pool of workers (one per core, started from the bundled
 * source through a Blob URL, no network, kept warm between runs) splits each simulation's runs
 * into contiguous slices; run r is seeded by its index, and the slices are merged in run order,
 * so the summary is the same for any pool size. Progress is summed over the slices; cancel
 * terminates the workers (fresh ones start with the next run).
 */
import { prepareModel } from "../../core/simulator/engine.js";
import type { RunRequest, WorkerMessage } from "./protocol.js";
import { mergeSlices, sliceRuns } from "../../core/simulator/slices.js";
import { summarize } from "../../core/simulator/summary.js";
import type { Scenario, SimulationSummary, WorkingCalendar } from "../../core/simulator/types.js";

export class SimulationCancelled extends Error {
  constructor() {
    super("Расчёт отменён");
  }
}

export interface SimulatorClient {
  run(scenario: Scenario, calendar: WorkingCalendar, runs: number, seed: number, onProgress?: (done: number, total: number) => void): Promise<SimulationSummary>;
  /** stop the current run (its promise rejects with SimulationCancelled) */
  cancel(): void;
  readonly busy: boolean;
  /** workers a run is split over */
  readonly threads: number;
}

/** most workers a page starts */
export const MAX_WORKERS = 8;

interface Pending {
  id: number;
  reject: (e: Error) => void;
}

/** One slice of runs on one worker: its values, progress reported as runs done. */
function runSlice(w: Worker, request: RunRequest, onProgress: (done: number) => void): Promise<{ values: Float64Array; tickets: number }> {
  return new Promise((resolve, reject) => {
    w.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      if (message.id !== request.id) return;
      if (message.type === "progress") onProgress(message.done);
      else if (message.type === "values") resolve(message);
      else reject(new Error(message.message));
    };
    w.onerror = (event) => reject(new Error(`Ошибка расчёта: ${event.message}`));
    w.postMessage(request);
  });
}

export function createSimulatorClient(workerSource: string, threads?: number): SimulatorClient {
  const url = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
  const size = Math.max(1, Math.min(MAX_WORKERS, Math.floor(threads ?? globalThis.navigator?.hardwareConcurrency ?? 1)));
  let workers: Worker[] = [];
  let nextId = 1;
  let pending: Pending | null = null;

  const ensureWorkers = (n: number): Worker[] => {
    while (workers.length < n) workers.push(new Worker(url));
    return workers.slice(0, n);
  };

  return {
    threads: size,
    get busy() {
      return pending !== null;
    },
    run(scenario, calendar, runs, seed, onProgress) {
      if (pending) return Promise.reject(new Error("Расчёт уже идёт"));
      const id = nextId++;
      return new Promise<SimulationSummary>((resolve, reject) => {
        const mine: Pending = { id, reject };
        pending = mine;
        const started = Date.now();
        let model: ReturnType<typeof prepareModel>;
        try {
          model = prepareModel(scenario, calendar);
          if (!Number.isInteger(runs) || runs < 1 || runs > 100_000) throw new RangeError(`число прогонов должно быть целым от 1 до 100 000, получено ${runs}`);
        } catch (error) {
          pending = null;
          reject(error as Error);
          return;
        }
        const slices = sliceRuns(runs, size);
        const done = new Array<number>(slices.length).fill(0);
        const pool = ensureWorkers(slices.length);
        Promise.all(
          slices.map((s, i) =>
            runSlice(pool[i]!, { type: "run", id, scenario, calendar, runs: s.runs, seed, firstRun: s.firstRun }, (d) => {
              done[i] = d;
              onProgress?.(done.reduce((a, b) => a + b, 0), runs);
            }),
          ),
        ).then(
          (parts) => {
            if (pending !== mine) return;
            pending = null;
            resolve(summarize({ ...mergeSlices(model.horizon, slices, parts), model, runs, seed, elapsedMs: Date.now() - started }));
          },
          (error: Error) => {
            if (pending !== mine) return;
            pending = null;
            reject(error);
          },
        );
      });
    },
    cancel() {
      for (const w of workers) w.terminate();
      workers = [];
      const p = pending;
      pending = null;
      p?.reject(new SimulationCancelled());
    },
  };
}
