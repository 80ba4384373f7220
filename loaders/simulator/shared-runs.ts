/**
 * One simulation's runs in memory shared by all threads. The runs are cut into chunks of
 * `chunkRuns`; a thread takes the next chunk by incrementing a shared counter, simulates it
 * (run r on runSeed(seed, r)) and writes its values straight into row r of the shared values and
 * its tickets into the chunk's slot, then counts it done. No messages per chunk, no copies, no
 * merge: a thread that starts late or runs slower just takes fewer chunks, and the values do not
 * depend on which thread computed which run. With `trace`, every chunk also records who
 * computed it and when (timeline.ts reads it). This module is the layout and the counters
 * (no engine: a command can set up a job before it loads the engine); take-chunks.ts computes.
 */

/** control slots: the next chunk to take, chunks finished, 1 once a thread failed */
export const NEXT = 0;
export const DONE = 1;
export const FAILED = 2;
const CONTROL_SLOTS = 3;

/** the simulation id of warm-up runs (real simulations count from 1) */
export const WARM_UP_SIMULATION = 0;
/** runs per warm-up chunk: a real simulation stops a warm-up within one of them */
export const WARM_UP_CHUNK_RUNS = 1;

/** per chunk in the trace: thread, start and end (wall ms), processor and run-queue wait ms */
export const CHUNK_FIELDS = 5;
/** per thread in the trace: when it took the job up and when its model was ready (wall ms) */
export const THREAD_FIELDS = 2;

export interface SharedRuns {
  runs: number;
  seed: number;
  chunkRuns: number;
  /** Int32 control slots (shared) */
  control: Int32Array;
  /** values per run (months × METRIC_COUNT) */
  rowLength: number;
  /** runs × rowLength (shared) */
  values: Float64Array;
  /** simulated tickets of each chunk (shared) */
  tickets: Float64Array;
  /** CHUNK_FIELDS per chunk (shared), or null */
  trace: Float64Array | null;
  /** THREAD_FIELDS per thread (shared), or null */
  threadTrace: Float64Array | null;
}

const shared = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(Math.max(8, bytes));

export function chunkCount(job: Pick<SharedRuns, "runs" | "chunkRuns">): number {
  return Math.ceil(job.runs / job.chunkRuns);
}

/** Shared memory for `runs` runs of `rowLength` values each, cut into chunks of `chunkRuns`; `trace`: room for the timeline of `threads` threads. */
export function sharedRuns(runs: number, seed: number, rowLength: number, chunkRuns: number, trace: { threads: number } | null): SharedRuns {
  const chunks = Math.ceil(runs / chunkRuns);
  return {
    runs,
    seed,
    chunkRuns,
    control: new Int32Array(shared(CONTROL_SLOTS * 4)),
    rowLength,
    values: new Float64Array(shared(runs * rowLength * 8)),
    tickets: new Float64Array(shared(chunks * 8)),
    trace: trace ? new Float64Array(shared(chunks * CHUNK_FIELDS * 8)).fill(Number.NaN) : null,
    threadTrace: trace ? new Float64Array(shared(trace.threads * THREAD_FIELDS * 8)).fill(Number.NaN) : null,
  };
}

/** Chunks taken so far (none left once it reaches chunkCount). */
export function chunksTaken(job: SharedRuns): number {
  return Atomics.load(job.control, NEXT);
}

/** Chunks are left to take and no thread has failed. */
export function jobOpen(job: SharedRuns): boolean {
  return Atomics.load(job.control, FAILED) === 0 && chunksTaken(job) < chunkCount(job);
}

export function chunksDone(job: SharedRuns): number {
  return Atomics.load(job.control, DONE);
}

/** Stop every thread at its next chunk (a thread failed). */
export function markFailed(job: Pick<SharedRuns, "control">): void {
  Atomics.store(job.control, FAILED, 1);
}

/** The simulated tickets of all chunks (complete once every chunk is done). */
export function totalTickets(job: SharedRuns): number {
  let sum = 0;
  for (const t of job.tickets) sum += t;
  return sum;
}

/** Record in the trace when `thread` took the job up and when its model was ready. */
export function traceThread(job: SharedRuns, thread: number, receivedMs: number, readyMs: number): void {
  job.threadTrace?.set([receivedMs, readyMs], thread * THREAD_FIELDS);
}

interface AsyncWait {
  async: boolean;
  value: Promise<string> | string;
}
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, index: number, value: number, timeoutMs: number): AsyncWait }).waitAsync;

/** how long one wait lasts before the count is read again, ms (a failure ends the wait at once) */
const WAIT_SLICE_MS = 250;

/**
 * Resolves once every chunk is done; rejects with `failure` as soon as it rejects (a thread that
 * threw or exited), so a lost thread ends the wait instead of hanging it.
 */
export async function allChunksDone(job: SharedRuns, failure: Promise<never>): Promise<void> {
  const chunks = chunkCount(job);
  for (let done = chunksDone(job); done < chunks; done = chunksDone(job)) {
    const wait = waitAsync(job.control, DONE, done, WAIT_SLICE_MS);
    if (wait.async) await Promise.race([wait.value, failure]);
  }
}
