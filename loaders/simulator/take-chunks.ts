/**
 * A thread's share of a simulation in shared memory (shared-runs.ts): takes the next chunk from
 * the shared counter, simulates its runs (run r on runSeed(seed, r)) straight into their rows,
 * stores the chunk's tickets, counts it done, and again, until none is left.
 */
import { METRIC_COUNT, simulateRuns, type PreparedModel, type RunWorkspace } from "../../src/core/simulator/engine.ts";
import { chunkCount, CHUNK_FIELDS, DONE, FAILED, NEXT, type SharedRuns } from "./shared-runs.ts";
import { threadTimes, wallMs } from "./thread-clock.ts";

/**
 * Takes and simulates chunks until none is left, a thread failed or it took `limit`; returns how
 * many it took. `thread` is recorded in the trace (0 the calling thread, 1… the others).
 */
export function takeChunks(model: PreparedModel, ws: RunWorkspace, job: SharedRuns, thread: number, limit = Number.POSITIVE_INFINITY): number {
  const size = model.horizon * METRIC_COUNT;
  if (job.rowLength !== size || job.values.length < job.runs * size) throw new Error(`память расчёта на ${job.rowLength} значений прогона, а модели нужно ${size}`);
  const chunks = chunkCount(job);
  let taken = 0;
  while (taken < limit && Atomics.load(job.control, FAILED) === 0) {
    const k = Atomics.add(job.control, NEXT, 1);
    if (k >= chunks) break;
    const firstRun = k * job.chunkRuns;
    const runs = Math.min(job.chunkRuns, job.runs - firstRun);
    const before = job.trace ? { at: wallMs(), ...threadTimes() } : null;
    job.tickets[k] = simulateRuns(model, ws, job.seed, firstRun, runs, job.values, firstRun * size);
    if (before && job.trace) {
      const after = threadTimes();
      job.trace.set([thread, before.at, wallMs(), after.cpuMs - before.cpuMs, after.waitMs - before.waitMs], k * CHUNK_FIELDS);
    }
    taken++;
    // only the last chunk wakes the waiting caller: a wake-up per chunk would take the core from this thread
    if (Atomics.add(job.control, DONE, 1) + 1 === chunks) Atomics.notify(job.control, DONE);
  }
  return taken;
}
