/**
 * Worker-thread entry of the simulator in Node: simulates the runs it is asked for (run r seeded
 * by runSeed(seed, r), whatever thread it lands on) and sends the values back. Bundled by
 * parallel.ts into one script, so a thread starts without a TypeScript loader.
 */
import { parentPort } from "node:worker_threads";
import { simulate } from "../../src/core/simulator/engine.ts";
import type { ThreadRequest, ThreadResult } from "./parallel.ts";

parentPort!.on("message", (request: ThreadRequest) => {
  try {
    const raw = simulate(request.scenario, request.calendar, { runs: request.runs, seed: request.seed, firstRun: request.firstRun });
    const result: ThreadResult = { values: raw.values, tickets: raw.simulatedTickets };
    parentPort!.postMessage(result, [raw.values.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message } satisfies ThreadResult);
  }
});
