/**
 * What each simulation thread allocates, side by side: two threads left to V8's default
 * (optimization on its helper threads) and two that optimize their own code, as the command
 * spawns them (thread-contract.ts `setThreadFlags`). Each thread runs the bundled thread script
 * with V8's sampling heap profiler on (through `node:inspector` inside the thread, collected objects included), first
 * the command's short warm-up on the settings' scenario (3 months × 40 runs), then its share of
 * the bench scenario (12 months × 400 tickets); it prints the megabytes each thread allocated
 * over the job, the function that allocated most, and its processor time per run. Allocation
 * does not depend on the machine's load; a thread whose optimized code boxes a number per
 * ticket shows several times the megabytes of the others. Run: `npx tsx bench/simulator-thread-alloc.ts [runs] [rounds]`.
 */
import { Worker } from "node:worker_threads";
import { loadSettings } from "../loaders/settings.ts";
import { simulatorCalendar } from "../loaders/simulator/calendar.ts";
import { defaultScenario } from "../loaders/simulator/defaults.ts";
import type { ThreadRequest } from "../loaders/simulator/parallel.ts";
import { sharedRuns, WARM_UP_CHUNK_RUNS } from "../loaders/simulator/shared-runs.ts";
import { bundledThreadScript } from "../loaders/simulator/thread-bundle.ts";
import { setThreadFlags } from "../loaders/simulator/thread-contract.ts";
import { METRIC_COUNT } from "../src/core/simulator/engine.ts";
import { benchModel } from "./simulator.ts";

/** Prepended to the thread script: the sampling heap profiler from the start, its report on a `{ profile: true }` message. */
const PROFILER = `
const { parentPort: __port } = require("node:worker_threads");
const __session = new (require("node:inspector").Session)();
__session.connect();
const __post = (method, params) => new Promise((resolve, reject) => __session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));
const __cpuMs = () => Number(require("node:fs").readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1e6;
let __jobCpuMs = 0;
__post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const __on = __port.on.bind(__port);
__port.on = (event, listener) => __on(event, event !== "message" ? listener : async (m) => {
  if (m && m.profile) {
    const { profile } = await __post("HeapProfiler.stopSampling");
    const bytes = new Map();
    const walk = (n) => { if (n.selfSize) bytes.set(n.callFrame.functionName || "(верхний уровень)", (bytes.get(n.callFrame.functionName || "(верхний уровень)") ?? 0) + n.selfSize); n.children.forEach(walk); };
    walk(profile.head);
    __port.postMessage({ profile: { bytes: [...bytes].sort((a, b) => b[1] - a[1]), cpuMs: __jobCpuMs } });
  } else if (m && m.simulation > 0) {
    const c0 = __cpuMs();
    listener(m);
    __jobCpuMs += __cpuMs() - c0;
  } else listener(m);
});
`;

interface Profile {
  bytes: Array<[string, number]>;
  cpuMs: number;
}

const reply = <T>(worker: Worker, pick: (m: { simulation?: number; profile?: Profile }) => T | undefined): Promise<T> =>
  new Promise((resolve) => {
    const listener = (m: { simulation?: number; profile?: Profile }): void => {
      const value = pick(m);
      if (value === undefined) return;
      worker.off("message", listener);
      resolve(value);
    };
    worker.on("message", listener);
  });

/** Two threads: the warm-up, then `runs` runs of the bench scenario shared between them; each one's profile and runs. */
async function pair(workers: Worker[], runs: number): Promise<Array<{ profile: Profile; runs: number }>> {
  const settings = loadSettings();
  const warm = { ...defaultScenario(settings, "2027-01"), horizonMonths: 3 };
  const { calendar: warmCalendar } = simulatorCalendar("2027-01", 4, settings.calendar, undefined, 40);
  await Promise.all(
    workers.map((w, i) => {
      const done = reply(w, (m) => (m.simulation === 0 ? true : undefined));
      w.postMessage({ simulation: 0, thread: i + 1, scenario: warm, calendar: warmCalendar, job: sharedRuns(40, 0, 3 * METRIC_COUNT, WARM_UP_CHUNK_RUNS, null) } satisfies ThreadRequest);
      return done;
    }),
  );
  const { scenario, calendar } = benchModel();
  const job = sharedRuns(runs, 1, scenario.horizonMonths * METRIC_COUNT, 8, { threads: workers.length + 1 });
  await Promise.all(
    workers.map((w, i) => {
      const done = reply(w, (m) => (m.simulation === 1 ? true : undefined));
      w.postMessage({ simulation: 1, thread: i + 1, scenario, calendar, job } satisfies ThreadRequest);
      return done;
    }),
  );
  return Promise.all(
    workers.map(async (w, i) => {
      const profile = reply(w, (m) => m.profile);
      w.postMessage({ profile: true });
      let taken = 0;
      for (let k = 0; k * 5 < job.trace!.length; k++) if (job.trace![k * 5] === i + 1) taken += Math.min(job.chunkRuns, runs - k * job.chunkRuns);
      return { profile: await profile, runs: taken };
    }),
  );
}

const fmt = (v: number, digits = 0): string => v.toFixed(digits).replace(".", ",");

function describe(thread: { profile: Profile; runs: number }): string {
  const total = thread.profile.bytes.reduce((a, [, b]) => a + b, 0);
  const [name, top] = thread.profile.bytes[0] ?? ["—", 0];
  return `${fmt(total / 1e6)} МБ (больше всего ${name} ${fmt(top / 1e6)} МБ), ЦП ${fmt(thread.profile.cpuMs / thread.runs, 3)} мс на прогон`;
}

const runs = Number(process.argv[2] ?? 2000);
const rounds = Number(process.argv[3] ?? 3);
const script = PROFILER + (await bundledThreadScript());
// V8's default threads are spawned before the threads' flag is set: an isolate fixes it when it starts
const byDefault = Array.from({ length: rounds }, () => [0, 1].map(() => new Worker(script, { eval: true })));
setThreadFlags();
const own = Array.from({ length: rounds }, () => [0, 1].map(() => new Worker(script, { eval: true })));
console.log(`Что выделяют потоки расчёта: ${fmt(runs)} прогонов на два потока (12 месяцев × 400 обращений) после прогрева 3 месяца × 40 прогонов; ${rounds} раундов`);
try {
  for (let round = 0; round < rounds; round++) {
    for (const [name, workers] of [["по умолчанию V8 (оптимизируют вспомогательные потоки)", byDefault[round]!], ["сами оптимизируют свой код (как в команде)", own[round]!]] as const) {
      const threads = await pair(workers, runs);
      console.log(`  раунд ${round + 1}, ${name}: ${threads.map(describe).join(" | ")}`);
    }
  }
} finally {
  await Promise.all([...byDefault, ...own].flat().map((w) => w.terminate()));
}
