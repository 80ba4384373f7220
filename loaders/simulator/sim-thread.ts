/**
 * Worker-thread entry of the simulator in Node: for each simulation it is handed, takes chunks of
 * runs from the shared counter and writes their values into the shared memory (shared-runs.ts;
 * run r seeded by runSeed(seed, r), whatever thread it lands on) until none is left, then says
 * so. A simulation already finished (or stopped) when it arrives is skipped without preparing its model.
 * A thread spawned with a kept warm-up (kept-warm-up.ts) runs it as soon as it boots. A
 * simulation of the same scenario and calendar as the one before it (the kept warm-up is the
 * scenario the previous command simulated) reuses its prepared model.
 * Bundled by thread-bundle.ts into one script, so a thread starts without a TypeScript loader.
 */
import { isDeepStrictEqual } from "node:util";
import { parentPort, workerData } from "node:worker_threads";
import { prepareModel, RunWorkspace, type PreparedModel } from "../../src/core/simulator/engine.ts";
import type { ThreadRequest, ThreadResult } from "./parallel.ts";
import { bootWarmUp, type ThreadBoot } from "./kept-warm-up.ts";
import { jobOpen, markFailed, traceThread } from "./shared-runs.ts";
import { takeChunks } from "./take-chunks.ts";
import { wallMs } from "./thread-clock.ts";

const ws = new RunWorkspace();
/** the last model prepared, with what it was prepared from */
let last: { scenario: ThreadRequest["scenario"]; calendar: ThreadRequest["calendar"]; model: PreparedModel } | null = null;

function modelFor(request: ThreadRequest): PreparedModel {
  if (last === null || !isDeepStrictEqual(last.scenario, request.scenario) || !isDeepStrictEqual(last.calendar, request.calendar)) {
    last = null; // a model that fails to prepare leaves none to reuse
    last = { scenario: request.scenario, calendar: request.calendar, model: prepareModel(request.scenario, request.calendar) };
  }
  return last.model;
}

/** Compute a simulation's share (or skip it when it is over) and say so to the spawner. */
function runRequest(request: ThreadRequest): void {
  const { job, simulation, thread } = request;
  const receivedMs = wallMs();
  try {
    if (jobOpen(job)) {
      const model = modelFor(request);
      traceThread(job, thread, receivedMs, wallMs());
      takeChunks(model, ws, job, thread);
    } else traceThread(job, thread, receivedMs, Number.NaN);
    parentPort!.postMessage({ simulation, finishedMs: wallMs() } satisfies ThreadResult);
  } catch (error) {
    markFailed(job);
    parentPort!.postMessage({ simulation, error: (error as Error).message } satisfies ThreadResult);
  }
}

parentPort!.on("message", runRequest);

// the kept warm-up it was spawned with, at once: messages wait until it ends or is stopped
const warmUp = workerData ? bootWarmUp(workerData as ThreadBoot) : null;
if (warmUp) runRequest(warmUp);
