/** Messages between a page and the simulator Web Workers (plain, structured-cloneable data). */
import type { Scenario, WorkingCalendar } from "../../core/simulator/types.js";

/** runs [firstRun, firstRun + runs) of one simulation: run r uses runSeed(seed, r) on any worker */
export interface RunRequest {
  type: "run";
  id: number;
  scenario: Scenario;
  calendar: WorkingCalendar;
  runs: number;
  seed: number;
  firstRun: number;
}

export type WorkerMessage =
  | { type: "progress"; id: number; done: number; total: number }
  /** runs × months × METRIC_COUNT values of the slice (its buffer transferred) */
  | { type: "values"; id: number; values: Float64Array; tickets: number }
  | { type: "error"; id: number; message: string };
