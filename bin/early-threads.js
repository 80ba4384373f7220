// `simulate`'s threads spawned before the TypeScript loader starts (it takes a few hundred
// milliseconds that the threads spend booting and running the kept warm-up instead). The cache
// files' names, the thread count and the threads' V8 flag come from the module the simulator
// reads them from (loaders/simulator/thread-contract.js, plain JavaScript like this file); a
// thread's boot data is the one kept-warm-up.ts `threadBoot` makes (three control slots of
// shared-runs.ts; the warm-up is simulation 0). thread-prestart.ts adopts these threads only
// when the bundle and the kept warm-up they were given are still the current ones, and stops
// them otherwise.
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { cacheFile, EARLY_THREADS, setThreadFlags, spawnedThreads } from "../loaders/simulator/thread-contract.js";

const wallMs = () => performance.timeOrigin + performance.now();
const readText = (file) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
};

/** Spawn `simulate`'s threads for the command line `args` (none for other commands, one thread, --erlang or --help). */
export function spawnEarlyThreads(args) {
  const threads = args[0] === "simulate" ? spawnedThreads(args.slice(1)) : 0;
  if (threads === 0) return;
  const bundle = readText(cacheFile("sim-thread"));
  if (bundle === null) return;
  try {
    const { script } = JSON.parse(bundle);
    if (typeof script !== "string") return;
    const warmUpText = readText(cacheFile("sim-warm-up"));
    setThreadFlags();
    const early = { script, warmUpText, threads: [] };
    for (let t = 1; t <= threads; t++) {
      const boot = { thread: t, warmUpText, control: new Int32Array(new SharedArrayBuffer(12)) };
      const worker = new Worker(script, { eval: true, workerData: boot });
      const start = { spawnedMs: wallMs(), onlineMs: Number.NaN, warmedMs: Number.NaN };
      worker.on("error", () => undefined); // a thread that fails before it is adopted is simply not adopted
      worker.once("online", () => (start.onlineMs = wallMs()));
      worker.on("message", (m) => {
        if (m.simulation === 0 && m.error === undefined) start.warmedMs = m.finishedMs;
      });
      worker.unref(); // after the listeners: a 'message' listener refs the thread again
      early.threads.push({ worker, start, boot });
    }
    globalThis[EARLY_THREADS] = early;
  } catch {
    // no early threads: thread-prestart.ts spawns them once the loader is up
  }
}
