/**
 * Web Worker entry of the simulator: bundled into one IIFE file (data/site/sim-worker.js, loaders/site/site-members.ts) and
 * started from a Blob URL, so the page stays responsive while thousands of runs are simulated.
 * A worker simulates each chunk of runs it is given and sends the raw values back (client.ts
 * writes them into the simulation's rows and summarizes them); the model of a simulation is
 * prepared with its first chunk and kept for the next ones.
 */
import { METRIC_COUNT, prepareModel, RunWorkspace, simulateRuns, type PreparedModel } from "../../core/simulator/engine.js";
import type { RunRequest, WorkerMessage } from "./protocol.js";

interface WorkerScope {
  onmessage: ((event: MessageEvent<RunRequest>) => void) | null;
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const ws = new RunWorkspace();
let prepared: { id: number; model: PreparedModel } | null = null;

scope.onmessage = (event) => {
  const request = event.data;
  if (request?.type !== "run") return;
  const { id } = request;
  try {
    if (prepared?.id !== id) {
      if (!request.scenario || !request.calendar) throw new Error(`нет сценария расчёта ${id}`);
      prepared = { id, model: prepareModel(request.scenario, request.calendar) };
    }
    const { model } = prepared;
    const values = new Float64Array(request.runs * model.horizon * METRIC_COUNT);
    const tickets = simulateRuns(model, ws, request.seed, request.firstRun, request.runs, values);
    scope.postMessage({ type: "values", id, firstRun: request.firstRun, values, tickets }, [values.buffer]);
  } catch (error) {
    scope.postMessage({ type: "error", id, message: (error as Error).message });
  }
};
