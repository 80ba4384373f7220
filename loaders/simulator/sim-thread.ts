/**
 * Worker-thread entry of the simulator in Node: simulates the chunks of runs it is asked for (run
 * r seeded by runSeed(seed, r), whatever thread it lands on) and sends their values back. The
 * model and the scratch memory of a simulation are prepared once and kept for its next chunks.
 * Bundled by parallel.ts into one script, so a thread starts without a TypeScript loader.
 */
import { parentPort } from "node:worker_threads";
import { METRIC_COUNT, prepareModel, RunWorkspace, simulateRuns, type PreparedModel } from "../../src/core/simulator/engine.ts";
import type { ThreadRequest, ThreadResult } from "./parallel.ts";

let prepared: { simulation: number; model: PreparedModel; ws: RunWorkspace } | null = null;

parentPort!.on("message", (request: ThreadRequest) => {
  try {
    if (prepared?.simulation !== request.simulation) {
      if (!request.scenario || !request.calendar) throw new Error(`поток расчёта: нет сценария расчёта ${request.simulation}`);
      prepared = { simulation: request.simulation, model: prepareModel(request.scenario, request.calendar), ws: new RunWorkspace() };
    }
    const { model, ws } = prepared;
    const values = new Float64Array(request.runs * model.horizon * METRIC_COUNT);
    const tickets = simulateRuns(model, ws, request.seed, request.firstRun, request.runs, values);
    const result: ThreadResult = { values, tickets };
    parentPort!.postMessage(result, [values.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message } satisfies ThreadResult);
  }
});
