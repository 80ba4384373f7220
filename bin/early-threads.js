// `simulate`'s threads spawned before the TypeScript loader starts (it takes a few hundred
// milliseconds that the threads spend booting and running the kept warm-up instead). Plain
// JavaScript, so it mirrors three things of loaders/simulator: the cache files' names
// (thread-bundle.ts `cacheFile`), the thread count `--threads N` asks for (thread-prestart.ts)
// and the threads' V8 flag (thread-flags.ts). thread-prestart.ts adopts these threads only when
// the bundle and the kept warm-up they were given are still the current ones, and stops them
// otherwise, so a mismatch here costs time, never a result.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const cacheFile = (kind) => `${ROOT}node_modules/.cache/support-analytics/${kind}-${createHash("sha1").update(ROOT).digest("hex").slice(0, 12)}.json`;
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
  if (args[0] !== "simulate" || args.includes("--erlang") || args.includes("--help")) return;
  const i = args.indexOf("--threads");
  const threads = i >= 0 ? Number(args[i + 1]) : availableParallelism();
  if (!Number.isInteger(threads) || threads < 2 || threads > 256) return;
  const bundle = readText(cacheFile("sim-thread"));
  if (bundle === null) return;
  try {
    const { script } = JSON.parse(bundle);
    if (typeof script !== "string") return;
    const warmUpText = readText(cacheFile("sim-warm-up"));
    setFlagsFromString("--no-concurrent-recompilation");
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
    globalThis[Symbol.for("support-analytics.simulate.early-threads")] = early;
  } catch {
    // no early threads: thread-prestart.ts spawns them once the loader is up
  }
}
