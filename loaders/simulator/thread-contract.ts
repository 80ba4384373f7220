/**
 * What the simulator's modules (thread-bundle.ts, thread-prestart.ts, parallel.ts,
 * loaders/cli/simulate.ts) agree on about its threads: the names of the files kept between
 * commands, the thread count a command line asks for and the V8 flag the threads are spawned under.
 */
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ROOT_HASH = createHash("sha1").update(ROOT).digest("hex").slice(0, 12);

/** The folder of the files kept between commands: $SUPPORT_ANALYTICS_CACHE_DIR, else node_modules/.cache/support-analytics. */
export const CACHE_DIR_ENV_VAR = "SUPPORT_ANALYTICS_CACHE_DIR";

/** A file kept between commands, per checkout (the name carries a hash of the project's path). */
export function cacheFile(kind: string): string {
  const folder = process.env[CACHE_DIR_ENV_VAR] || join(ROOT, "node_modules/.cache/support-analytics");
  return join(folder, `${kind}-${ROOT_HASH}.json`);
}

/** the most threads a simulation runs on */
export const MAX_THREADS = 256;

/** Threads when `--threads` is not given: the machine's cores (at most MAX_THREADS). */
export function defaultThreads(): number {
  return Math.min(availableParallelism(), MAX_THREADS);
}

/**
 * The thread count a `--threads` value asks for (a decimal comma read as a point, as every number
 * of the command line), defaultThreads() when it is not given; null when it is not a whole number
 * from 1 to MAX_THREADS.
 */
export function threadCount(raw: string | undefined): number | null {
  const threads = raw === undefined ? defaultThreads() : Number(raw.replace(",", "."));
  return Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS ? threads : null;
}

/*
 * The V8 setting of the simulation threads, made before the first of them is spawned. Each thread
 * keeps both cores' worth of simulation busy, so V8's helper threads have no free core to
 * optimize its code on; and when they do it concurrently, the compiled code depends on when
 * the helper got to it: how far the thread's type feedback had come, which calls fit the
 * inlining budget. Measured on the bench scenario, one thread in two then ran with a random
 * draw or a queue step left out of line, boxing a number per ticket (3–9× the allocations,
 * +15–35 % processor time per run), and the helpers spent a further ~0,1 ms per run on compiling
 * and collecting. Optimized on the thread itself instead, at the moment its feedback asks for
 * it, every thread gets the same code every time. A V8 flag is the process's, but an isolate
 * fixes whether it optimizes concurrently when it starts: the flag reaches the threads spawned
 * after it and not the calling thread, which keeps optimizing on the helpers (with one thread
 * computing, a core is free for them).
 */
let threadFlagsSet = false;

/** Optimize on the simulation threads themselves (before spawning them; once per process). */
export function setThreadFlags(): void {
  if (threadFlagsSet) return;
  threadFlagsSet = true;
  try {
    setFlagsFromString("--no-concurrent-recompilation");
  } catch {
    // a runtime that refuses V8 flags keeps its default: the same values, the threads only slower
  }
}
