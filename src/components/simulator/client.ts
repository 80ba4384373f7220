/**
 * Page side of the simulator worker: one worker started from the bundled source (a Blob URL, no
 * network), runs queued one at a time, progress callbacks, and cancel = terminate the worker
 * (a fresh one starts with the next run).
 */
import type { RunRequest, WorkerMessage } from "./protocol.js";
import type { Scenario, SimulationSummary, WorkingCalendar } from "./types.js";

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
}

export function createSimulatorClient(workerSource: string): SimulatorClient {
  const url = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
  let worker: Worker | null = null;
  let nextId = 1;
  let pending: { id: number; resolve: (s: SimulationSummary) => void; reject: (e: Error) => void; onProgress?: (d: number, t: number) => void } | null = null;

  const ensureWorker = (): Worker => {
    if (worker) return worker;
    worker = new Worker(url);
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      if (!pending || message.id !== pending.id) return;
      if (message.type === "progress") pending.onProgress?.(message.done, message.total);
      else if (message.type === "result") {
        const p = pending;
        pending = null;
        p.resolve(message.summary);
      } else {
        const p = pending;
        pending = null;
        p.reject(new Error(message.message));
      }
    };
    worker.onerror = (event) => {
      const p = pending;
      pending = null;
      p?.reject(new Error(`Ошибка расчёта: ${event.message}`));
    };
    return worker;
  };

  return {
    get busy() {
      return pending !== null;
    },
    run(scenario, calendar, runs, seed, onProgress) {
      if (pending) return Promise.reject(new Error("Расчёт уже идёт"));
      const w = ensureWorker();
      const id = nextId++;
      return new Promise<SimulationSummary>((resolve, reject) => {
        pending = { id, resolve, reject, onProgress };
        const request: RunRequest = { type: "run", id, scenario, calendar, runs, seed };
        w.postMessage(request);
      });
    },
    cancel() {
      if (worker) worker.terminate();
      worker = null;
      const p = pending;
      pending = null;
      p?.reject(new SimulationCancelled());
    },
  };
}
