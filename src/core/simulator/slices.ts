/**
 * How a simulation's runs are split over threads (the CLI's worker threads and the page's Web
 * Workers alike): contiguous slices in run order, sizes differing by at most one. Run r is
 * seeded by runSeed(seed, r) wherever it runs, so merging the slices in order gives the values
 * of one thread.
 */
import { METRIC_COUNT } from "./engine.js";

export interface RunSlice {
  firstRun: number;
  runs: number;
}

/** `runs` in at most `parts` contiguous slices (never an empty one). */
export function sliceRuns(runs: number, parts: number): RunSlice[] {
  const n = Math.max(1, Math.min(Math.floor(parts), runs));
  const out: RunSlice[] = [];
  for (let i = 0, first = 0; i < n; i++) {
    const size = Math.floor(runs / n) + (i < runs % n ? 1 : 0);
    out.push({ firstRun: first, runs: size });
    first += size;
  }
  return out;
}

/** The slices' values (each `runs × horizon × METRIC_COUNT`) in run order, and their tickets summed. */
export function mergeSlices(
  horizon: number,
  slices: readonly RunSlice[],
  parts: ReadonlyArray<{ values: Float64Array; tickets: number }>,
): { values: Float64Array; simulatedTickets: number } {
  const runs = slices.reduce((a, s) => a + s.runs, 0);
  const values = new Float64Array(runs * horizon * METRIC_COUNT);
  let simulatedTickets = 0;
  parts.forEach((p, i) => {
    values.set(p.values, slices[i]!.firstRun * horizon * METRIC_COUNT);
    simulatedTickets += p.tickets;
  });
  return { values, simulatedTickets };
}
