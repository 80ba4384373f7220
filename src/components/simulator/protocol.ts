/** Messages between a page and the simulator Web Workers (plain, structured-cloneable data). */
import type { Scenario, WorkingCalendar } from "../../core/simulator/types.js";

/**
 * A chunk of runs [firstRun, firstRun + runs) of simulation `id`: run r uses runSeed(seed, r) on
 * any worker. The first chunk a worker gets of a simulation carries its scenario and calendar;
 * the worker keeps the prepared model for the next ones.
 */
export interface RunRequest {
  type: "run";
  id: number;
  scenario?: Scenario;
  calendar?: WorkingCalendar;
  runs: number;
  seed: number;
  firstRun: number;
}

export type WorkerMessage =
  /** runs × months × METRIC_COUNT values of the chunk starting at firstRun (its buffer transferred) */
  | { type: "values"; id: number; firstRun: number; values: Float64Array; tickets: number }
  | { type: "error"; id: number; message: string };
