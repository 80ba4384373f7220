/**
 * Page side of the simulator workers: a pool of workers (one per core, started from the bundled
 * source through a Blob URL when the client is created, no network, kept warm between runs)
 * shares each simulation's runs. The runs are cut into chunks that the workers take as they get
 * free — two queued each, so a worker starts its next chunk while the last one's values are on
 * their way — and a worker that starts late or runs slower just takes fewer. Run r is seeded by
 * its index and its values go to row r, so the summary is the same for any pool size. Progress
 * counts the runs done; cancel terminates the workers (fresh ones start with the next run).
 */
import { METRIC_COUNT, prepareModel } from "../../core/simulator/engine.js";
import type { RunRequest, WorkerMessage } from "./protocol.js";
import { sliceRuns, type RunSlice } from "../../core/simulator/slices.js";
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
/** chunks per worker: enough for the workers to finish close together */
const CHUNKS_PER_WORKER = 16;
/** most runs in a chunk, so the progress bar moves often on long runs */
const MAX_CHUNK_RUNS = 50;
/** chunks a worker has queued at once */
const IN_FLIGHT = 2;

interface Pending {
  id: number;
  reject: (e: Error) => void;
}

/** The chunks of a simulation of `runs` runs over `workers` workers. */
export function runChunks(runs: number, workers: number): RunSlice[] {
  return sliceRuns(runs, Math.max(workers * CHUNKS_PER_WORKER, Math.ceil(runs / MAX_CHUNK_RUNS)));
}

interface Share {
  id: number;
  request: Omit<RunRequest, "runs" | "firstRun">;
  /** the simulation's values, run-major, and where each chunk's go */
  values: Float64Array;
  rowSize: number;
  onChunk: (runs: number, tickets: number) => void;
  fail: (error: Error) => void;
}

/** Feeds one worker chunks of `share` until none is left: IN_FLIGHT at a time, the first with the scenario. */
function feedWorker(w: Worker, share: Share, take: () => RunSlice | undefined): void {
  let first = true;
  const send = (): void => {
    const chunk = take();
    if (!chunk) return;
    const { scenario, calendar, ...rest } = share.request;
    w.postMessage({ ...rest, ...(first ? { scenario, calendar } : {}), runs: chunk.runs, firstRun: chunk.firstRun } satisfies RunRequest);
    first = false;
  };
  w.onmessage = (event: MessageEvent<WorkerMessage>) => {
    const message = event.data;
    if (message.id !== share.id) return;
    if (message.type === "error") return share.fail(new Error(message.message));
    share.values.set(message.values, message.firstRun * share.rowSize);
    share.onChunk(message.values.length / share.rowSize, message.tickets);
    send();
  };
  w.onerror = (event) => share.fail(new Error(`Ошибка расчёта: ${event.message}`));
  for (let i = 0; i < IN_FLIGHT; i++) send();
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
  const stopWorkers = (): void => {
    for (const w of workers) w.terminate();
    workers = [];
  };
  ensureWorkers(size); // they boot while the page prepares its first run

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
        const chunks = runChunks(runs, size);
        let next = 0;
        let done = 0;
        let tickets = 0;
        const rowSize = model.horizon * METRIC_COUNT;
        const share: Share = {
          id,
          request: { type: "run", id, scenario, calendar, seed },
          values: new Float64Array(runs * rowSize),
          rowSize,
          onChunk: (chunkRuns, chunkTickets) => {
            if (pending !== mine) return;
            done += chunkRuns;
            tickets += chunkTickets;
            onProgress?.(done, runs);
            if (done < runs) return;
            pending = null;
            resolve(summarize({ model, runs, seed, values: share.values, simulatedTickets: tickets, elapsedMs: Date.now() - started }));
          },
          fail: (error) => {
            if (pending !== mine) return;
            pending = null;
            stopWorkers(); // the others' queued chunks are no longer needed
            reject(error);
          },
        };
        for (const w of ensureWorkers(Math.min(size, chunks.length))) feedWorker(w, share, () => chunks[next++]);
      });
    },
    cancel() {
      stopWorkers();
      const p = pending;
      pending = null;
      p?.reject(new SimulationCancelled());
    },
  };
}
