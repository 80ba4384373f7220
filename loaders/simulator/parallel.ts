/**
 * The simulator's runs split over threads. Run r always uses the random stream runSeed(seed, r)
 * and its values go to row r of the result, so the values — and every summary of them — are
 * identical for any number of threads. The runs live in shared memory (shared-runs.ts): every
 * thread takes the next chunk from a shared counter and writes its values in place, so no
 * thread waits for another, nothing is copied or merged, and a thread that starts late or runs
 * slower just takes fewer chunks. `threads` worker threads compute while the calling thread only
 * waits (`callerComputes: true`: it computes too, without yielding, beside `threads − 1`). The
 * threads are started once — adopted from those the command spawned before loading its modules
 * (thread-prestart.ts), else from the bundled script (thread-bundle.ts) — warmed up while the
 * caller prepares (`warmUp()`), and reused until `close()`.
 */
import { Worker } from "node:worker_threads";
import { METRIC_COUNT, prepareModel, RunWorkspace, simulate, type PreparedModel, type RawSimulation, type RunOptions } from "../../src/core/simulator/engine.ts";
import type { Scenario, WorkingCalendar } from "../../src/core/simulator/types.ts";
import { allChunksDone, markFailed, sharedRuns, totalTickets, traceThread, WARM_UP_CHUNK_RUNS, WARM_UP_SIMULATION, type SharedRuns } from "./shared-runs.ts";
import { takeChunks } from "./take-chunks.ts";
import { bundledThreadScript, cachedThreadScript } from "./thread-bundle.ts";
import { adoptPrestarted } from "./thread-prestart.ts";
import { defaultThreads, MAX_THREADS, setThreadFlags } from "./thread-contract.ts";
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


/** Runs per chunk for `runs` runs on `threads` threads. */
export function chunkRunsFor(runs: number, threads: number): number {
  return Math.max(1, Math.ceil(runs / (threads * CHUNKS_PER_THREAD)));
}

/** A worker thread: when it started, came online and finished its warm-up; a rejection per simulation if it fails. */
class SimThread {
  readonly start: ThreadStart;
  /** it was given a warm-up */
  warming = false;
  private failed: Error | null = null;
  private waiters = new Map<number, (e: Error) => void>();

  constructor(readonly worker: Worker, start: ThreadStart = { spawnedMs: wallMs(), onlineMs: Number.NaN, warmedMs: Number.NaN }) {
    this.start = start;
    if (Number.isNaN(start.onlineMs)) worker.once("online", () => (this.start.onlineMs = wallMs()));
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
  /**
   * false (default for 2 threads and more): `threads` other threads compute and the calling thread
   * only waits (its event loop costs nothing, and the others are warmed up while the caller
   * prepares); true (default for one thread): the calling thread computes too, beside `threads − 1` others
   */
  callerComputes?: boolean;
  /** runs per chunk (default: chunkRunsFor) */
  chunkRuns?: number;
  /** the other threads' script (default: the bundled sim-thread.ts; tests give one that fails) */
  script?: string;
  /**
   * true: leave V8 to optimize the threads' code on its helper threads (its default; the bench's
   * comparison — it holds only for threads spawned before any pool set the threads' flags); false
   * (default): each thread optimizes its own code (thread-contract.ts `setThreadFlags`)
   */
  optimizeConcurrently?: boolean;
}

export type PooledSimulation = RawSimulation & { timeline?: SimulationTimeline };

export class SimulationPool {
  readonly threads: number;
  private readonly callerComputes: boolean;
  private readonly chunkRuns: number | undefined;
  private readonly script: string | undefined;
  private readonly optimizeConcurrently: boolean;
  private workers: SimThread[] = [];
  private starting: Promise<void> | null = null;
  private simulations = 0;
  private warming: Array<Pick<SharedRuns, "control">> = [];

  constructor(threads: number = defaultThreads(), options: PoolOptions = {}) {
    if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) throw new RangeError(`число потоков должно быть целым от 1 до ${MAX_THREADS}, получено ${threads}`);
    this.threads = threads;
    this.callerComputes = options.callerComputes ?? threads === 1;
    this.chunkRuns = options.chunkRuns;
    this.script = options.script;
    this.optimizeConcurrently = options.optimizeConcurrently ?? false;
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
    for (const t of adoptPrestarted(this.others)) {
      const thread = new SimThread(t.worker, t.start);
      this.workers.push(thread);
      if (t.warmUp) {
        thread.warming = true;
        this.warming.push(t.warmUp);
      }
    }
    const cached = cachedThreadScript();
    this.starting = cached !== null ? Promise.resolve(this.spawn(cached)) : bundledThreadScript().then((script) => this.spawn(script));
    return this.starting;
  }

  private spawn(script: string): void {
    if (this.workers.length < this.others && !this.optimizeConcurrently) setThreadFlags();
    while (this.workers.length < this.others) this.workers.push(new SimThread(new Worker(script, { eval: true })));
  }

  /**
   * Has each other thread simulate `runs` runs of `scenario` and throw the values away, so that its
   * engine is compiled and optimized before a real simulation arrives (a fresh thread runs its
   * first runs several times slower). Meant for the time a caller spends preparing the real
   * scenario: a real simulation stops what is left of it at the next chunk. It changes no result,
   * and a failure only leaves the threads cold. Threads already running the kept warm-up
   * (thread-prestart.ts) keep to it.
   */
  warmUp(scenario: Scenario, calendar: WorkingCalendar, runs: number): void {
    const post = (): void => {
      this.workers.forEach((thread, i) => {
        if (thread.warming) return; // a prestarted thread already runs the kept warm-up
        thread.warming = true;
        const job = sharedRuns(runs, 0, scenario.horizonMonths * METRIC_COUNT, WARM_UP_CHUNK_RUNS, null);
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
    // threads whose script is at hand are spawned now (one bundled anew is not awaited)
    await Promise.race([this.start(), new Promise<void>((resolve) => setImmediate(resolve))]);
    // the job goes out before this thread prepares its own model (a model's horizon is the scenario's months)
    const chunkRuns = this.chunkRuns ?? chunkRunsFor(runs, this.threads);
    const job = sharedRuns(runs, seed, scenario.horizonMonths * METRIC_COUNT, chunkRuns, options.timeline ? { threads: this.others + 1 } : null);
    const simulation = ++this.simulations;
    const dispatched = this.dispatch({ simulation, scenario, calendar, job });
    let model: PreparedModel;
    try {
      model = prepareModel(scenario, calendar);
      traceThread(job, 0, startedMs, wallMs());
      await this.computeHere(model, job, dispatched.posted);
      await allChunksDone(job, dispatched.failures);
    } finally {
      markFailed(job); // a thread still holding the job stops at its next chunk (none is left on success)
      for (const thread of this.workers) thread.forget(simulation);
    }
    const endMs = wallMs();
    const timeline = job.trace ? simulationTimeline(job, { startedMs, endMs, callerComputes: this.callerComputes, starts: this.workers.map((w) => w.start) }) : undefined;
    return { model, runs, seed, values: job.values, simulatedTickets: totalTickets(job), elapsedMs: Math.round(endMs - startedMs), ...(timeline ? { timeline } : {}) };
  }

  /**
   * Hands the job to the other threads (stopping their warm-ups) as soon as they exist: `failures`
   * rejects when one of them fails on it; `posted()` says whether they have it yet.
   */
  private dispatch(request: Omit<ThreadRequest, "thread">): { failures: Promise<never>; posted: () => boolean } {
    this.stopWarmUps();
    const post = (): Promise<never> => Promise.race(this.workers.map((thread, i) => thread.post({ ...request, thread: i + 1 })));
    let posted = this.workers.length === this.others;
    const failures = posted
      ? post()
      : this.start().then(() => {
          posted = true;
          return post();
        });
    failures.catch(() => markFailed(request.job));
    return { failures, posted: () => posted };
  }

  /**
   * The calling thread's share. Until the others have the job (their script still being bundled)
   * it computes a chunk at a time, yielding so they can start; then, if it computes at all, it
   * takes chunks without yielding.
   */
  private async computeHere(model: PreparedModel, job: SharedRuns, posted: () => boolean): Promise<void> {
    const ws = new RunWorkspace();
    while (!posted() && takeChunks(model, ws, job, 0, 1) > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.callerComputes) takeChunks(model, ws, job, 0);
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
