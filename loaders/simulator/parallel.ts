/**
 * The simulator's runs split over worker threads. Run r always uses the random stream
 * runSeed(seed, r) and its values go to row r of the result, so the values — and every summary
 * of them — are identical for any number of threads. The runs are cut into chunks that the
 * threads take as they become free: the calling thread computes chunks itself (yielding between
 * them to hand out more), the other threads get theirs two at a time, so a thread that starts late
 * or runs slower on a busy machine just takes fewer. The threads are started once (a bundled
 * script, no TypeScript loader, kept in node_modules/.cache between commands; `start()` lets a
 * caller begin that early) and reused until `close()`.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { build } from "esbuild";
import { METRIC_COUNT, prepareModel, RunWorkspace, simulate, simulateRuns, type RawSimulation, type RunOptions } from "../../src/core/simulator/engine.ts";
import { sliceRuns, type RunSlice } from "../../src/core/simulator/slices.ts";
import type { Scenario, WorkingCalendar } from "../../src/core/simulator/types.ts";

export interface ThreadRequest {
  /** the simulation the chunk belongs to: a thread prepares its model once per simulation */
  simulation: number;
  /** sent with the first chunk of a simulation a thread gets */
  scenario?: Scenario;
  calendar?: WorkingCalendar;
  runs: number;
  seed: number;
  firstRun: number;
}
export type ThreadResult = { values: Float64Array; tickets: number; error?: undefined } | { error: string };

/** chunks per thread: enough for the threads to finish close together, few enough that messages cost little */
const CHUNKS_PER_THREAD = 12;
/** chunks a thread has queued at once: it starts the next while its last result is on the way */
const IN_FLIGHT = 2;

/** the simulation id of warm-up runs (real simulations count from 1) */
const WARM_UP_SIMULATION = 0;

/** threads by default: the machine's cores */
export function defaultThreads(): number {
  return availableParallelism();
}

let threadScript: Promise<string> | null = null;

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** the bundle kept between commands, per checkout (the name carries a hash of the project's path) */
const CACHE_FILE = join(ROOT, "node_modules/.cache/support-analytics", `sim-thread-${sha1(ROOT).slice(0, 12)}.json`);

interface CachedBundle {
  /** source file (from the project's root) → SHA-1 of its content when bundled */
  inputs: Record<string, string>;
  script: string;
}

function sha1(text: string | Buffer): string {
  return createHash("sha1").update(text).digest("hex");
}

/** The cached bundle when every source it was built from is unchanged, else null. */
function cachedBundle(): string | null {
  try {
    const cached = JSON.parse(readFileSync(CACHE_FILE, "utf8")) as CachedBundle;
    for (const [file, hash] of Object.entries(cached.inputs)) if (sha1(readFileSync(join(ROOT, file))) !== hash) return null;
    return cached.script;
  } catch {
    return null;
  }
}

/** Keep the bundle for the next command (best effort: a read-only checkout just bundles again). */
function saveBundle(script: string, inputs: string[]): void {
  try {
    const cached: CachedBundle = { inputs: Object.fromEntries(inputs.map((file) => [file, sha1(readFileSync(join(ROOT, file)))])), script };
    mkdirSync(dirname(CACHE_FILE), { recursive: true });
    const temporary = `${CACHE_FILE}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(cached));
    renameSync(temporary, CACHE_FILE);
  } catch {
    // no cache: the next command bundles again
  }
}

/**
 * sim-thread.ts and the engine bundled into one CommonJS script: from the cache when its sources
 * are unchanged, else built (once per process) and cached.
 */
function bundledThreadScript(): Promise<string> {
  threadScript ??= Promise.resolve(cachedBundle()).then(
    (cached) =>
      cached ??
      build({
        entryPoints: [fileURLToPath(new URL("./sim-thread.ts", import.meta.url))],
        absWorkingDir: ROOT,
        bundle: true,
        format: "cjs",
        platform: "node",
        target: "node20",
        write: false,
        metafile: true,
        logLevel: "silent",
      }).then((r) => {
        const script = r.outputFiles[0]!.text;
        saveBundle(script, Object.keys(r.metafile.inputs));
        return script;
      }),
  );
  return threadScript;
}

/** A worker thread and the answers it owes, in the order asked. */
class SimThread {
  private pending: Array<{ resolve: (r: { values: Float64Array; tickets: number }) => void; reject: (e: Error) => void }> = [];
  private failed: Error | null = null;

  constructor(readonly worker: Worker) {
    worker.on("message", (m: ThreadResult) => {
      const waiter = this.pending.shift();
      if (m.error !== undefined) waiter?.reject(new Error(m.error));
      else waiter?.resolve(m);
    });
    const fail = (error: Error): void => {
      this.failed = error;
      for (const waiter of this.pending.splice(0)) waiter.reject(error);
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`поток расчёта завершился (код ${code})`)));
  }

  ask(request: ThreadRequest): Promise<{ values: Float64Array; tickets: number }> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.worker.postMessage(request);
    });
  }
}

export class SimulationPool {
  readonly threads: number;
  private workers: SimThread[] = [];
  private starting: Promise<void> | null = null;
  private simulations = 0;

  constructor(threads: number = defaultThreads()) {
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw new RangeError(`число потоков должно быть целым от 1 до 256, получено ${threads}`);
    this.threads = threads;
  }

  /** Start the other threads (bundle the script, spawn them) without waiting for them. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      if (this.threads <= 1) return;
      const script = await bundledThreadScript();
      while (this.workers.length < this.threads - 1) this.workers.push(new SimThread(new Worker(script, { eval: true })));
    })();
    return this.starting;
  }

  /**
   * Has each other thread simulate `runs` runs of `scenario` and throw the values away, so that its
   * engine is compiled and optimized before a real simulation's chunks arrive (a fresh thread runs
   * its first chunks several times slower). Meant for the time a caller spends preparing the real
   * scenario; it changes no result, and a failure only leaves the threads cold.
   */
  warmUp(scenario: Scenario, calendar: WorkingCalendar, runs: number): void {
    const request: ThreadRequest = { simulation: WARM_UP_SIMULATION, scenario, calendar, runs, seed: 0, firstRun: 0 };
    this.start()
      .then(() => {
        for (const thread of this.workers) thread.ask(request).catch(() => undefined);
      })
      .catch(() => undefined);
  }

  /** All runs of a scenario; same values as engine.simulate with the same runs and seed. */
  async simulate(scenario: Scenario, calendar: WorkingCalendar, options: Pick<RunOptions, "runs" | "seed">): Promise<RawSimulation> {
    const { runs, seed } = options;
    if (this.threads <= 1 || !Number.isInteger(runs) || runs < 2) return simulate(scenario, calendar, { runs, seed });
    const started = Date.now();
    const model = prepareModel(scenario, calendar);
    const size = model.horizon * METRIC_COUNT;
    const values = new Float64Array(runs * size);
    const chunks = sliceRuns(runs, Math.min(runs, this.threads * CHUNKS_PER_THREAD));
    let next = 0;
    let tickets = 0;
    const simulation = ++this.simulations;
    const take = (): RunSlice | undefined => chunks[next++];
    // another thread: up to IN_FLIGHT chunks queued; the first carries the scenario
    const feed = async (thread: SimThread): Promise<void> => {
      let first = true;
      const lane = async (): Promise<void> => {
        for (let c = take(); c; c = take()) {
          const request: ThreadRequest = { simulation, runs: c.runs, seed, firstRun: c.firstRun, ...(first ? { scenario, calendar } : {}) };
          first = false;
          const part = await thread.ask(request);
          values.set(part.values, c.firstRun * size);
          tickets += part.tickets;
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    };
    const others = this.start().then(() => Promise.all(this.workers.map(feed)));
    others.catch(() => undefined); // awaited below; a failure while this thread computes is not unhandled
    // the calling thread: a chunk at a time, yielding so the other threads' results are taken in
    // (and once before its first chunk, so threads already started get theirs first)
    const ws = new RunWorkspace();
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (let c = take(); c; c = take()) {
      tickets += simulateRuns(model, ws, seed, c.firstRun, c.runs, values, c.firstRun * size);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await others;
    return { model, runs, seed, values, simulatedTickets: tickets, elapsedMs: Date.now() - started };
  }

  /** Stop the threads, those still starting included (a command that fails early still ends). */
  async close(): Promise<void> {
    const starting = this.starting;
    this.starting = null;
    await starting?.catch(() => undefined);
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.worker.terminate()));
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
