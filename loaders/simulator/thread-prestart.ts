/**
 * Simulation threads spawned at the very start of a `simulate` command, before it loads the rest
 * of its modules: a thread needs tens of milliseconds to boot, and the command's own modules
 * take longer than that to load, so the thread is ready before the simulation begins. Only from a
 * cached bundle (thread-bundle.ts; nothing is built here). The first SimulationPool adopts them;
 * until then they do not keep the process alive, so a command that never simulates still ends.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { cachedThreadScript } from "./thread-bundle.ts";
import { wallMs } from "./thread-clock.ts";

export interface PrestartedThread {
  worker: Worker;
  spawnedMs: number;
  /** when it came online (NaN: not yet) */
  onlineMs: number;
}

const prestarted: PrestartedThread[] = [];

/** The thread count `--threads N` asks for in raw arguments (the command checks it properly later). */
function requestedThreads(args: readonly string[]): number {
  const i = args.indexOf("--threads");
  const n = i >= 0 ? Number(args[i + 1]) : availableParallelism();
  return Number.isInteger(n) && n >= 1 && n <= 256 ? n : 1;
}

/** Spawn the threads a simulate command with `args` will use besides its own (none for --erlang or --help). */
export function prestart(args: readonly string[]): void {
  if (args.includes("--erlang") || args.includes("--help")) return;
  const script = cachedThreadScript();
  if (script === null) return;
  for (let t = prestarted.length; t < requestedThreads(args) - 1; t++) {
    const worker = new Worker(script, { eval: true });
    worker.unref();
    worker.on("error", () => undefined); // a thread that fails before it is adopted is simply not adopted
    const thread: PrestartedThread = { worker, spawnedMs: wallMs(), onlineMs: Number.NaN };
    worker.once("online", () => (thread.onlineMs = wallMs()));
    prestarted.push(thread);
  }
}

/** Up to `count` prestarted threads still alive, now keeping the process alive again. */
export function adoptPrestarted(count: number): PrestartedThread[] {
  const adopted = prestarted.splice(0, count).filter((t) => t.worker.threadId >= 0);
  for (const t of adopted) t.worker.ref();
  return adopted;
}
