/**
 * Simulation threads spawned at the very start of a `simulate` command, before it loads the rest
 * of its modules (and the engine): a thread needs tens of milliseconds to boot and longer to
 * compile the engine, and the command's own modules take longer than that to load. Each thread
 * at once runs the warm-up the previous command kept (the scenario it simulated, values thrown
 * away; kept-warm-up.ts), so its engine is compiled before the real simulation begins. Only
 * from a cached bundle (thread-bundle.ts; nothing is built here). The first SimulationPool
 * adopts the threads and their warm-ups (which it stops when the real simulation starts); until
 * then they do not keep the process alive, so a command that never simulates still ends.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { Scenario, WorkingCalendar } from "../../src/core/simulator/types.ts";
import { MAX_WARM_UP_RUNS, parseKeptWarmUp, threadBoot, type KeptWarmUp } from "./kept-warm-up.ts";
import type { ThreadResult } from "./parallel.ts";
import { WARM_UP_SIMULATION, type SharedRuns } from "./shared-runs.ts";
import { cachedThreadScript } from "./thread-bundle.ts";
import { cacheFile, setThreadFlags, threadCount } from "./thread-contract.ts";
import { wallMs } from "./thread-clock.ts";
import type { ThreadStart } from "./timeline.ts";

export interface PrestartedThread {
  worker: Worker;
  start: ThreadStart;
  /** the control slots of the warm-up it runs, to stop it (null: none kept) */
  warmUp: Pick<SharedRuns, "control"> | null;
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
 * The threads `simulate` with the arguments `args` (after the command's name) spawns beside the
 * calling thread: 0 when it computes in the calling thread alone (one thread), simulates nothing
 * (--erlang, --help) or rejects its --threads (the last one given counts, as the command's own
 * argument parser keeps it).
 */
function spawnedThreads(args: readonly string[]): number {
  if (args.includes("--erlang") || args.includes("--help")) return 0;
  const i = args.lastIndexOf("--threads");
  const threads = threadCount(i < 0 ? undefined : (args[i + 1] ?? ""));
  return threads !== null && threads >= 2 ? threads : 0;
}

/** Spawn the threads a simulate command with `args` will compute on (none for one thread, --erlang or --help). */
export function prestart(args: readonly string[]): void {
  const threads = spawnedThreads(args);
  if (threads === 0) return;
  const script = cachedThreadScript();
  if (script === null) return;
  setThreadFlags();
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
