/**
 * Web Worker entry of the simulator: bundled into one IIFE file by src/data/sim-worker.js.ts and
 * started from a Blob URL, so the page stays responsive while thousands of runs are simulated.
 */
import { simulate } from "./engine.js";
import type { RunRequest, WorkerMessage } from "./protocol.js";
import { summarize } from "./summary.js";

interface WorkerScope {
  onmessage: ((event: MessageEvent<RunRequest>) => void) | null;
  postMessage(message: WorkerMessage): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const request = event.data;
  if (request?.type !== "run") return;
  const { id } = request;
  try {
    const raw = simulate(request.scenario, request.calendar, {
      runs: request.runs,
      seed: request.seed,
      progressEvery: Math.max(1, Math.floor(request.runs / 50)),
      onProgress: (done, total) => scope.postMessage({ type: "progress", id, done, total }),
    });
    scope.postMessage({ type: "result", id, summary: summarize(raw) });
  } catch (error) {
    scope.postMessage({ type: "error", id, message: (error as Error).message });
  }
};
