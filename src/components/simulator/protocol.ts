/** Messages between a page and the simulator Web Worker (plain, structured-cloneable data). */
import type { Scenario, SimulationSummary, WorkingCalendar } from "./types.js";

export interface RunRequest {
  type: "run";
  id: number;
  scenario: Scenario;
  calendar: WorkingCalendar;
  runs: number;
  seed: number;
}

export type WorkerMessage =
  | { type: "progress"; id: number; done: number; total: number }
  | { type: "result"; id: number; summary: SimulationSummary }
  | { type: "error"; id: number; message: string };
