/**
 * How a simulation's runs are cut into chunks for the page's Web Workers: contiguous slices in
 * run order, sizes differing by at most one. Run r is seeded by runSeed(seed, r) wherever it
 * runs, so writing each slice's values at its first run gives the values of one thread.
 */

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
