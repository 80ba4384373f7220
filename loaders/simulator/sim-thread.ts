/**
 * Worker-thread entry of the simulator in Node: for each simulation it is handed, takes chunks of
 * runs from the shared counter and writes their values into the shared memory (shared-runs.ts;
 * run r seeded by runSeed(seed, r), whatever thread it lands on) until none is left, then says
 * so. A simulation already finished (or stopped) when it arrives is skipped without preparing its model.
 * Bundled by thread-bundle.ts into one script, so a thread starts without a TypeScript loader.
 */
import { parentPort } from "node:worker_threads";
import { prepareModel, RunWorkspace } from "../../src/core/simulator/engine.ts";
import type { ThreadRequest, ThreadResult } from "./parallel.ts";
import { jobOpen, markFailed, traceThread } from "./shared-runs.ts";
import { takeChunks } from "./take-chunks.ts";
import { wallMs } from "./thread-clock.ts";

const ws = new RunWorkspace();

parentPort!.on("message", (request: ThreadRequest) => {
  const { job, simulation, thread } = request;
  const receivedMs = wallMs();
  try {
    if (jobOpen(job)) {
      const model = prepareModel(request.scenario, request.calendar);
      traceThread(job, thread, receivedMs, wallMs());
      takeChunks(model, ws, job, thread);
    } else traceThread(job, thread, receivedMs, Number.NaN);
    parentPort!.postMessage({ simulation, finishedMs: wallMs() } satisfies ThreadResult);
  } catch (error) {
    markFailed(job);
    parentPort!.postMessage({ simulation, error: (error as Error).message } satisfies ThreadResult);
  }
});
