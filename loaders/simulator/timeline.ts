/**
 * The timeline of one simulation split over threads (SimulationPool.simulate with `timeline`):
 * per thread, when it was spawned, came online and finished its warm-up, when it took the job
 * up and had its model ready, every chunk it computed (wall span, processor time, time queued
 * for a core) and where it stood idle — before its first chunk, between chunks, after its last
 * one until the caller saw every chunk done. Times are ms from the moment the caller started the
 * simulation (negative: before it). `describeTimeline` prints it in Russian for bench/simulator.ts.
 */
import { CHUNK_FIELDS, chunkCount, THREAD_FIELDS, type SharedRuns } from "./shared-runs.ts";

export interface ThreadStart {
  spawnedMs: number;
  onlineMs: number;
  /** when its warm-up simulation ended (NaN: none) */
  warmedMs: number;
}

export interface ChunkSpan {
  firstRun: number;
  runs: number;
  startMs: number;
  endMs: number;
  cpuMs: number;
  waitMs: number;
}

export interface ThreadTimeline {
  /** 0: the calling thread; 1…: the others */
  thread: number;
  start: ThreadStart | null;
  /** took the job up / had its model ready (NaN: never took it up) */
  receivedMs: number;
  readyMs: number;
  chunks: ChunkSpan[];
  runs: number;
  busyMs: number;
  cpuMs: number;
  waitMs: number;
  idleBeforeMs: number;
  idleBetweenMs: number;
  idleAfterMs: number;
}

export interface SimulationTimeline {
  /** start of the simulation to the caller seeing every chunk done */
  wallMs: number;
  runs: number;
  chunkRuns: number;
  callerComputes: boolean;
  threads: ThreadTimeline[];
}

interface TimelineFrame {
  startedMs: number;
  endMs: number;
  callerComputes: boolean;
  starts: ThreadStart[];
}

function spansOf(job: SharedRuns, origin: number): ChunkSpan[][] {
  const byThread: ChunkSpan[][] = [];
  const trace = job.trace!;
  for (let k = 0; k < chunkCount(job); k++) {
    const o = k * CHUNK_FIELDS;
    const thread = trace[o]!;
    if (Number.isNaN(thread)) continue;
    const firstRun = k * job.chunkRuns;
    (byThread[thread] ??= []).push({
      firstRun,
      runs: Math.min(job.chunkRuns, job.runs - firstRun),
      startMs: trace[o + 1]! - origin,
      endMs: trace[o + 2]! - origin,
      cpuMs: trace[o + 3]!,
      waitMs: trace[o + 4]!,
    });
  }
  return byThread;
}

const shift = (start: ThreadStart, origin: number): ThreadStart => ({
  spawnedMs: start.spawnedMs - origin,
  onlineMs: start.onlineMs - origin,
  warmedMs: start.warmedMs - origin,
});

/** The timeline of a finished traced job. */
export function simulationTimeline(job: SharedRuns, frame: TimelineFrame): SimulationTimeline {
  const origin = frame.startedMs;
  const wall = frame.endMs - origin;
  const spans = spansOf(job, origin);
  const threads: ThreadTimeline[] = [];
  for (let t = 0; t <= frame.starts.length; t++) {
    const chunks = (spans[t] ?? []).sort((a, b) => a.startMs - b.startMs);
    if (t === 0 && !frame.callerComputes && chunks.length === 0) continue; // it only waited
    const sum = (f: (c: ChunkSpan) => number): number => chunks.reduce((a, c) => a + f(c), 0);
    const busy = sum((c) => c.endMs - c.startMs);
    const first = chunks[0]?.startMs ?? wall;
    const last = chunks.at(-1)?.endMs ?? wall;
    threads.push({
      thread: t,
      start: t > 0 ? shift(frame.starts[t - 1]!, origin) : null,
      receivedMs: job.threadTrace![t * THREAD_FIELDS]! - origin,
      readyMs: job.threadTrace![t * THREAD_FIELDS + 1]! - origin,
      chunks,
      runs: sum((c) => c.runs),
      busyMs: busy,
      cpuMs: sum((c) => c.cpuMs),
      waitMs: sum((c) => c.waitMs),
      idleBeforeMs: first,
      idleBetweenMs: last - first - busy,
      idleAfterMs: wall - last,
    });
  }
  return { wallMs: wall, runs: job.runs, chunkRuns: job.chunkRuns, callerComputes: frame.callerComputes, threads };
}

const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(1).replace(".", ",") : "—");
const perRun = (v: number, runs: number): string => (runs > 0 ? (v / runs).toFixed(3).replace(".", ",") : "—");

/** One line per thread (Russian): start-up, idle before/between/after, busy, processor and queued time, per run. */
export function describeTimeline(timeline: SimulationTimeline): string[] {
  const lines = [
    `расчёт ${ms(timeline.wallMs)} мс, ${timeline.runs} прогонов кусками по ${timeline.chunkRuns}; ${timeline.callerComputes ? "вызывающий поток считает сам" : "вызывающий поток только ждёт"}`,
  ];
  for (const t of timeline.threads) {
    const name = t.thread === 0 ? "вызывающий поток" : `поток ${t.thread}`;
    const start = t.start ? `создан ${ms(t.start.spawnedMs)}, готов ${ms(t.start.onlineMs)}, прогрет ${ms(t.start.warmedMs)}; ` : "";
    lines.push(
      `  ${name}: ${start}взял расчёт ${ms(t.receivedMs)}, модель готова ${ms(t.readyMs)} мс; ${t.chunks.length} кусков, ${t.runs} прогонов; ` +
        `простой до первого ${ms(t.idleBeforeMs)}, между ${ms(t.idleBetweenMs)}, после последнего ${ms(t.idleAfterMs)} мс; ` +
        `занят ${ms(t.busyMs)} мс (ЦП ${ms(t.cpuMs)}, в очереди к ядру ${ms(t.waitMs)}); на прогон ${perRun(t.busyMs, t.runs)} мс, ЦП ${perRun(t.cpuMs, t.runs)} мс`,
    );
  }
  return lines;
}

/**
 * The simulation's wall time on a machine with nothing else running, estimated from the
 * timeline: each thread's idle time before its first chunk and between chunks plus its processor
 * time, without the time it stood queued for a core while other processes ran; summed over the
 * threads and divided by their number, since with small chunks taken as the threads get free
 * they finish within a chunk of each other (on a loaded machine the split itself follows the
 * load, so the latest thread alone would overstate it).
 */
export function unqueuedMs(timeline: SimulationTimeline): number {
  const sum = timeline.threads.reduce((a, t) => a + t.idleBeforeMs + t.cpuMs + t.idleBetweenMs, 0);
  return sum / timeline.threads.length;
}
