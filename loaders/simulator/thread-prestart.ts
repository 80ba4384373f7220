/**
 * Simulation threads spawned at the very start of a `simulate` command, before it loads the rest
 * of its modules (and the engine): a thread needs tens of milliseconds to boot and longer to
 * compile the engine, and the command's own modules take longer than that to load. Each thread
 * at once runs the warm-up the previous command kept (the scenario it simulated, values thrown
 * away; kept-warm-up.ts), so its engine is compiled before the real simulation begins. The
 * launcher (bin/support-analytics.js) spawns them earlier still, before the TypeScript loader,
 * from the cached bundle as it reads it: they are adopted here only if that bundle and the kept
 * warm-up are still the current ones, else stopped and spawned anew. Only from a cached bundle
 * (thread-bundle.ts; nothing is built here). The first SimulationPool adopts the threads and
 * their warm-ups (which it stops when the real simulation starts); until then they do not keep
 * the process alive, so a command that never simulates still ends.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { Scenario, WorkingCalendar } from "../../src/core/simulator/types.ts";
import { MAX_WARM_UP_RUNS, parseKeptWarmUp, threadBoot, type KeptWarmUp, type ThreadBoot } from "./kept-warm-up.ts";
import type { ThreadResult } from "./parallel.ts";
import { WARM_UP_SIMULATION, type SharedRuns } from "./shared-runs.ts";
import { cachedThreadScript } from "./thread-bundle.ts";
import { cacheFile, EARLY_THREADS, setThreadFlags, spawnedThreads } from "./thread-contract.js";
import { wallMs } from "./thread-clock.ts";
import type { ThreadStart } from "./timeline.ts";

export interface PrestartedThread {
  worker: Worker;
  start: ThreadStart;
  /** the control slots of the warm-up it runs, to stop it (null: none kept) */
  warmUp: Pick<SharedRuns, "control"> | null;
}

/**
 * Threads bin/support-analytics.js spawned for `simulate` before tsx loaded, from the cached
 * bundle as it read it, each booted with the kept warm-up as it read it (`ThreadBoot`).
 */
interface EarlyThreads {
  script: string;
  warmUpText: string | null;
  threads: Array<{ worker: Worker; start: ThreadStart; boot: ThreadBoot }>;
}

const WARM_UP_FILE = cacheFile("sim-warm-up");
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
 * Runs × months of a kept warm-up: about 30 runs of a year, by which a thread has optimized the
 * engine's hot functions on the scenario's own paths (its processor time beyond the steady rate
 * stops growing there). A real simulation stops the warm-up within one run, but a longer one
 * takes the cores from the command's start-up.
 */
const WARM_UP_RUN_MONTHS = 360;

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

/**
 * The threads the command's launcher spawned early, when they run the bundle that is current now
 * and the kept warm-up as it is now; else they are stopped and none is adopted.
 */
function earlyThreads(script: string | null): PrestartedThread[] {
  const holder = globalThis as { [EARLY_THREADS]?: EarlyThreads };
  const early = holder[EARLY_THREADS];
  delete holder[EARLY_THREADS];
  if (!early) return [];
  if (early.script !== script || early.warmUpText !== readKeptText()) {
    for (const t of early.threads) void t.worker.terminate();
    return [];
  }
  const kept = parseKeptWarmUp(early.warmUpText) !== null;
  return early.threads.map((t) => ({ worker: t.worker, start: t.start, warmUp: kept ? { control: t.boot.control } : null }));
}

/** Spawn the threads a simulate command with `args` will compute on (none for one thread, --erlang or --help). */
export function prestart(args: readonly string[]): void {
  const script = cachedThreadScript();
  const early = earlyThreads(script);
  const threads = script === null ? 0 : spawnedThreads(args);
  for (const t of early.slice(threads)) void t.worker.terminate();
  if (script === null || threads === 0) return;
  setThreadFlags();
  prestarted.push(...early.slice(0, threads));
  const text = readKeptText();
  const kept = parseKeptWarmUp(text) !== null;
  for (let t = prestarted.length; t < threads; t++) {
    const boot = threadBoot(t + 1, kept ? text : null);
    const worker = new Worker(script, { eval: true, workerData: boot });
    worker.on("error", () => undefined); // a thread that fails before it is adopted is simply not adopted
    const start: ThreadStart = { spawnedMs: wallMs(), onlineMs: Number.NaN, warmedMs: Number.NaN };
    worker.once("online", () => (start.onlineMs = wallMs()));
    worker.on("message", (m: ThreadResult) => {
      if (m.simulation === WARM_UP_SIMULATION && m.error === undefined) start.warmedMs = m.finishedMs;
    });
    prestarted.push({ worker, start, warmUp: kept ? { control: boot.control } : null });
    worker.unref(); // after the listeners: a 'message' listener refs the thread again
  }
}

/** Up to `count` prestarted threads still alive, now keeping the process alive again. */
export function adoptPrestarted(count: number): PrestartedThread[] {
  const adopted = prestarted.splice(0, count).filter((t) => t.worker.threadId >= 0);
  for (const t of adopted) t.worker.ref();
  return adopted;
}
