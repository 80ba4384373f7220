/**
 * Simulation threads spawned at the very start of a `simulate` command, before it loads the rest
 * of its modules (and the engine): a thread needs tens of milliseconds to boot and longer to
 * compile the engine, and the command's own modules take longer than that to load. Each thread
 * at once runs the warm-up the previous command kept (a short simulation of the settings'
 * scenario, values thrown away), so its engine is compiled before the real simulation begins.
 * Only from a cached bundle (thread-bundle.ts; nothing is built here). The first SimulationPool
 * adopts the threads and their warm-ups (which it stops when the real simulation starts); until
 * then they do not keep the process alive, so a command that never simulates still ends.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Scenario, WorkingCalendar } from "../../src/core/simulator/types.ts";
import type { ThreadRequest, ThreadResult } from "./parallel.ts";
import { sharedRuns, WARM_UP_CHUNK_RUNS, WARM_UP_SIMULATION, type SharedRuns } from "./shared-runs.ts";
import { cachedThreadScript, cacheFile } from "./thread-bundle.ts";
import { setThreadFlags } from "./thread-flags.ts";
import { wallMs } from "./thread-clock.ts";
import type { ThreadStart } from "./timeline.ts";

export interface PrestartedThread {
  worker: Worker;
  start: ThreadStart;
  /** the warm-up it runs (null: none kept) */
  warmUp: SharedRuns | null;
}

/** A warm-up simulation kept between commands: values per run as the engine that saved it counted them. */
export interface KeptWarmUp {
  scenario: Scenario;
  calendar: WorkingCalendar;
  runs: number;
  rowLength: number;
}

const WARM_UP_FILE = cacheFile("sim-warm-up");
/** a kept warm-up beyond these is not one this code wrote: not run */
const MAX_WARM_UP_RUNS = 1000;
const MAX_ROW_LENGTH = 100_000;
const prestarted: PrestartedThread[] = [];
/** the kept warm-up's text as read (undefined: not read yet) */
let keptText: string | null | undefined;

function readKeptText(): string | null {
  if (keptText === undefined) {
    try {
      keptText = readFileSync(WARM_UP_FILE, "utf8");
    } catch {
      keptText = null;
    }
  }
  return keptText;
}

/**
 * Runs × months of a kept warm-up: about 60 runs of a year, what V8 needs to have optimized the
 * engine's hot functions on the scenario's own paths (a real simulation stops the warm-up within
 * one chunk of it, so a longer one costs only while the command loads).
 */
const WARM_UP_RUN_MONTHS = 720;

/** Keep a warm-up for the next command's threads (best effort; unchanged text is not written again). */
function saveWarmUp(warmUp: KeptWarmUp): void {
  const text = JSON.stringify(warmUp);
  if (text === readKeptText()) return;
  try {
    const temporary = `${WARM_UP_FILE}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, WARM_UP_FILE);
    keptText = text;
  } catch {
    // not kept: the next command's threads start cold
  }
}

/**
 * Keep the scenario a command has just simulated (`rowLength` values per run) as the next
 * command's warm-up: its threads then compile the engine on the paths and shapes they are about
 * to compute, and a real simulation's first chunks run on optimized code.
 */
export function keepWarmUp(scenario: Scenario, calendar: WorkingCalendar, rowLength: number): void {
  const runs = Math.max(1, Math.min(MAX_WARM_UP_RUNS, Math.floor(WARM_UP_RUN_MONTHS / scenario.horizonMonths)));
  saveWarmUp({ scenario, calendar, runs, rowLength });
}

/** The thread count `--threads N` asks for in raw arguments (the command checks it properly later). */
function requestedThreads(args: readonly string[]): number {
  const i = args.indexOf("--threads");
  const n = i >= 0 ? Number(args[i + 1]) : availableParallelism();
  return Number.isInteger(n) && n >= 1 && n <= 256 ? n : 1;
}

/** The kept warm-up, parsed once; null when none is kept or it is not one this code wrote. */
function keptWarmUp(): KeptWarmUp | null {
  const text = readKeptText();
  if (text === null) return null;
  try {
    const kept = JSON.parse(text) as KeptWarmUp;
    return kept.runs >= 1 && kept.runs <= MAX_WARM_UP_RUNS && kept.rowLength >= 1 && kept.rowLength <= MAX_ROW_LENGTH ? kept : null;
  } catch {
    return null;
  }
}

/** Post the kept warm-up to a fresh thread; the job, or null when none is kept. */
function startWarmUp(worker: Worker, thread: number, start: ThreadStart, kept: KeptWarmUp | null): SharedRuns | null {
  if (kept === null) return null;
  try {
    const job = sharedRuns(kept.runs, 0, kept.rowLength, WARM_UP_CHUNK_RUNS, null);
    worker.on("message", (m: ThreadResult) => {
      if (m.simulation === WARM_UP_SIMULATION && m.error === undefined) start.warmedMs = m.finishedMs;
    });
    worker.postMessage({ simulation: WARM_UP_SIMULATION, thread, scenario: kept.scenario, calendar: kept.calendar, job } satisfies ThreadRequest);
    return job;
  } catch {
    return null;
  }
}

/** Spawn the threads a simulate command with `args` will compute on (none for one thread, --erlang or --help). */
export function prestart(args: readonly string[]): void {
  if (args.includes("--erlang") || args.includes("--help")) return;
  const script = cachedThreadScript();
  if (script === null) return;
  const threads = requestedThreads(args);
  const kept = threads > 1 ? keptWarmUp() : null;
  if (threads > 1) setThreadFlags();
  for (let t = prestarted.length; threads > 1 && t < threads; t++) {
    const worker = new Worker(script, { eval: true });
    worker.on("error", () => undefined); // a thread that fails before it is adopted is simply not adopted
    const start: ThreadStart = { spawnedMs: wallMs(), onlineMs: Number.NaN, warmedMs: Number.NaN };
    worker.once("online", () => (start.onlineMs = wallMs()));
    prestarted.push({ worker, start, warmUp: startWarmUp(worker, t + 1, start, kept) });
    worker.unref(); // after the listeners: a 'message' listener refs the thread again
  }
}

/** Up to `count` prestarted threads still alive, now keeping the process alive again. */
export function adoptPrestarted(count: number): PrestartedThread[] {
  const adopted = prestarted.splice(0, count).filter((t) => t.worker.threadId >= 0);
  for (const t of adopted) t.worker.ref();
  return adopted;
}
