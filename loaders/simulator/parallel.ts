/**
 * The simulator's runs split over threads. Run r always uses the random stream runSeed(seed, r)
 * and its values go to row r of the result, so the values — and every summary of them — are
 * identical for any number of threads. The runs live in shared memory (shared-runs.ts): every
 * thread takes the next chunk from a shared counter and writes its values in place, so no
 * thread waits for another, nothing is copied or merged, and a thread that starts late or runs
 * slower just takes fewer chunks. The calling thread computes chunks too, without yielding (it has
 * nothing to hand out), unless `callerComputes: false` leaves it only to wait. The other threads
 * are started once (a bundled script, no TypeScript loader, kept in node_modules/.cache between
 * commands; `start()` lets a caller begin that early, `warmUp()` compiles their engine while the
 * caller prepares) and reused until `close()`.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { prepareModel, RunWorkspace, simulate, type PreparedModel, type RawSimulation, type RunOptions } from "../../src/core/simulator/engine.ts";
import type { Scenario, WorkingCalendar } from "../../src/core/simulator/types.ts";
import { allChunksDone, markFailed, sharedRuns, takeChunks, totalTickets, traceThread, type SharedRuns } from "./shared-runs.ts";
import { bundledThreadScript, cachedThreadScript } from "./thread-bundle.ts";
import { adoptPrestarted } from "./thread-prestart.ts";
import { wallMs } from "./thread-clock.ts";
import { simulationTimeline, type SimulationTimeline, type ThreadStart } from "./timeline.ts";

export interface ThreadRequest {
  /** the simulation: real ones count from 1, warm-ups are 0 */
  simulation: number;
  /** this thread's number in the trace (0 is the calling thread) */
  thread: number;
  scenario: Scenario;
  calendar: WorkingCalendar;
  job: SharedRuns;
}
/** a thread's answer once it is done with a simulation, or why it failed */
export type ThreadResult = { simulation: number; finishedMs: number; error?: undefined } | { simulation: number; error: string };

/** chunks per thread: a chunk is one counter increment, so they can be small and the threads finish within one of each other */
const CHUNKS_PER_THREAD = 64;

/** the simulation id of warm-up runs (real simulations count from 1) */
const WARM_UP_SIMULATION = 0;
/** runs per warm-up chunk: a real simulation waits at most one of them */
const WARM_UP_CHUNK_RUNS = 4;

/** threads by default: the machine's cores */
export function defaultThreads(): number {
  return availableParallelism();
}

/** Runs per chunk for `runs` runs on `threads` threads. */
export function chunkRunsFor(runs: number, threads: number): number {
  return Math.max(1, Math.ceil(runs / (threads * CHUNKS_PER_THREAD)));
}

/** A worker thread: when it started, came online and finished its warm-up; a rejection per simulation if it fails. */
class SimThread {
  readonly start: ThreadStart;
  private failed: Error | null = null;
  private waiters = new Map<number, (e: Error) => void>();

  constructor(readonly worker: Worker, spawnedMs = wallMs(), onlineMs = Number.NaN) {
    this.start = { spawnedMs, onlineMs, warmedMs: Number.NaN };
    if (Number.isNaN(onlineMs)) worker.once("online", () => (this.start.onlineMs = wallMs()));
    worker.on("message", (m: ThreadResult) => {
      if (m.error !== undefined) this.waiters.get(m.simulation)?.(new Error(`поток расчёта: ${m.error}`));
      else if (m.simulation === WARM_UP_SIMULATION) this.start.warmedMs = m.finishedMs;
      this.waiters.delete(m.simulation);
    });
    const fail = (error: Error): void => {
      this.failed ??= error;
      for (const reject of this.waiters.values()) reject(this.failed);
      this.waiters.clear();
    };
    worker.on("error", (error) => fail(new Error(`поток расчёта завершился с ошибкой: ${error.message}`)));
    worker.on("exit", (code) => fail(new Error(`поток расчёта завершился (код ${code})`)));
  }

  /** Hands the thread a simulation: the promise rejects if the thread fails on it, and never resolves. */
  post(request: ThreadRequest): Promise<never> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<never>((_, reject) => {
      this.waiters.set(request.simulation, reject);
      this.worker.postMessage(request);
    });
  }

  /** the simulation is over: a failure on it no longer matters */
  forget(simulation: number): void {
    this.waiters.delete(simulation);
  }
}

export interface PoolOptions {
  /** the calling thread computes chunks too (default); false: it only waits, and `threads` others compute */
  callerComputes?: boolean;
  /** runs per chunk (default: chunkRunsFor) */
  chunkRuns?: number;
  /** the other threads' script (default: the bundled sim-thread.ts; tests give one that fails) */
  script?: string;
}

export type PooledSimulation = RawSimulation & { timeline?: SimulationTimeline };

export class SimulationPool {
  readonly threads: number;
  private readonly callerComputes: boolean;
  private readonly chunkRuns: number | undefined;
  private readonly script: string | undefined;
  private workers: SimThread[] = [];
  private starting: Promise<void> | null = null;
  private simulations = 0;
  private warming: SharedRuns[] = [];

  constructor(threads: number = defaultThreads(), options: PoolOptions = {}) {
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw new RangeError(`число потоков должно быть целым от 1 до 256, получено ${threads}`);
    this.threads = threads;
    this.callerComputes = options.callerComputes ?? true;
    this.chunkRuns = options.chunkRuns;
    this.script = options.script;
  }

  /** threads other than the calling one */
  private get others(): number {
    return this.callerComputes ? this.threads - 1 : this.threads;
  }

  /**
   * Start the other threads without waiting for them: those prestarted by the command
   * (thread-prestart.ts), then fresh ones — at once from a cached bundle, else once it is built.
   */
  start(): Promise<void> {
    if (this.starting) return this.starting;
    if (this.others < 1) return (this.starting = Promise.resolve());
    if (this.script !== undefined) return (this.starting = Promise.resolve(this.spawn(this.script)));
    for (const t of adoptPrestarted(this.others)) this.workers.push(new SimThread(t.worker, t.spawnedMs, t.onlineMs));
    const cached = cachedThreadScript();
    this.starting = cached !== null ? Promise.resolve(this.spawn(cached)) : bundledThreadScript().then((script) => this.spawn(script));
    return this.starting;
  }

  private spawn(script: string): void {
    while (this.workers.length < this.others) this.workers.push(new SimThread(new Worker(script, { eval: true })));
  }

  /**
   * Has each other thread simulate `runs` runs of `scenario` and throw the values away, so that its
   * engine is compiled and optimized before a real simulation arrives (a fresh thread runs its
   * first runs several times slower). Meant for the time a caller spends preparing the real
   * scenario: a real simulation stops what is left of it at the next chunk. It changes no result,
   * and a failure only leaves the threads cold.
   */
  warmUp(scenario: Scenario, calendar: WorkingCalendar, runs: number): void {
    const post = (): void => {
      this.workers.forEach((thread, i) => {
        const job = sharedRuns(runs, 0, scenario.horizonMonths, WARM_UP_CHUNK_RUNS, null);
        this.warming.push(job);
        thread.post({ simulation: WARM_UP_SIMULATION, thread: i + 1, scenario, calendar, job }).catch(() => undefined);
      });
    };
    this.start().then(post, () => undefined);
  }

  /** Stop the warm-ups still running: the real simulation needs the threads. */
  private stopWarmUps(): void {
    for (const job of this.warming.splice(0)) markFailed(job);
  }

  /** All runs of a scenario; same values as engine.simulate with the same runs and seed. `timeline`: record who computed what, when. */
  async simulate(scenario: Scenario, calendar: WorkingCalendar, options: Pick<RunOptions, "runs" | "seed"> & { timeline?: boolean }): Promise<PooledSimulation> {
    const { runs, seed } = options;
    // one thread without a timeline: the engine's own loop
    if (!Number.isInteger(runs) || runs < 2 || (this.others < 1 && !options.timeline)) return simulate(scenario, calendar, { runs, seed });
    const startedMs = wallMs();
    const started = Date.now();
    // threads whose script is at hand are spawned now, while this thread prepares the model (one bundled anew is not awaited)
    await Promise.race([this.start(), new Promise<void>((resolve) => setImmediate(resolve))]);
    const model = prepareModel(scenario, calendar);
    const chunkRuns = this.chunkRuns ?? chunkRunsFor(runs, this.threads);
    const job = sharedRuns(runs, seed, model.horizon, chunkRuns, options.timeline ? { threads: this.others + 1 } : null);
    const simulation = ++this.simulations;
    // the other threads get the job as soon as they exist; until then the calling thread yields between chunks
    traceThread(job, 0, startedMs, wallMs());
    this.stopWarmUps();
    const post = (): Promise<never> => Promise.race(this.workers.map((thread, i) => thread.post({ simulation, thread: i + 1, scenario, calendar, job })));
    let posted = this.workers.length === this.others;
    const failures = posted
      ? post()
      : this.start().then(() => {
          posted = true;
          return post();
        });
    failures.catch(() => markFailed(job));
    try {
      if (this.callerComputes) await this.computeHere(model, job, () => posted);
      await allChunksDone(job, failures);
    } finally {
      markFailed(job); // a thread still holding the job stops at its next chunk (none is left on success)
      for (const thread of this.workers) thread.forget(simulation);
    }
    const endMs = wallMs();
    const timeline = job.trace ? simulationTimeline(job, { startedMs, endMs, callerComputes: this.callerComputes, starts: this.workers.map((w) => w.start) }) : undefined;
    return { model, runs, seed, values: job.values, simulatedTickets: totalTickets(job), elapsedMs: Date.now() - started, ...(timeline ? { timeline } : {}) };
  }

  /** The calling thread's share: chunks without yielding once the others have the job (before that, a yield after each chunk lets them start). */
  private async computeHere(model: PreparedModel, job: SharedRuns, posted: () => boolean): Promise<void> {
    const ws = new RunWorkspace();
    while (!posted() && takeChunks(model, ws, job, 0, 1) > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    takeChunks(model, ws, job, 0);
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
