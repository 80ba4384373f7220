/**
 * Web Worker entry of the simulator: bundled into one IIFE file (data/site/sim-worker.js, loaders/site/site-members.ts) and
 * started from a Blob URL, so the page stays responsive while thousands of runs are simulated.
 * A worker simulates the slice of runs it is given and sends the raw values back (client.ts
 * merges the slices of all workers in run order and summarizes them).
 */
import { simulate } from "../../core/simulator/engine.js";
import type { RunRequest, WorkerMessage } from "./protocol.js";

interface WorkerScope {
  onmessage: ((event: MessageEvent<RunRequest>) => void) | null;
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
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
      firstRun: request.firstRun,
      progressEvery: Math.max(1, Math.floor(request.runs / 50)),
      onProgress: (done, total) => scope.postMessage({ type: "progress", id, done, total }),
    });
    scope.postMessage({ type: "values", id, values: raw.values, tickets: raw.simulatedTickets }, [raw.values.buffer]);
  } catch (error) {
    scope.postMessage({ type: "error", id, message: (error as Error).message });
  }
};
