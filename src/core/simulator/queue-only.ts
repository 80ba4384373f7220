/**
 * Queue-only mode for validation against Erlang C: Poisson arrivals, exponential effort, one
 * priority, a 24×7 clock, c agents — the same queue code (`runQueue`) the staffing model uses.
 * Each run is an independent replication; its counting window (after a warm-up) is cut into
 * batches, and standard errors come from the spread of the batch means.
 */
import { sampleStandardDeviation } from "simple-statistics";
import { TicketBuffers } from "./buffers.js";
import { erlangCMetrics, type ErlangCResult } from "./erlang.js";
import { Rng, runSeed } from "./prng.js";
import { QueueWorkspace, runQueue } from "./queue.js";

export interface QueueOnlyInput {
  arrivalsPerHour: number;
  ahtMinutes: number;
  agents: number;
  answerWithinMinutes: number;
  /** simulated hours per run, warm-up included */
  hours: number;
  runs: number;
  seed: number;
  /** hours discarded at the start of each run (default 10 % of `hours`) */
  warmupHours?: number;
  /** batches per run for the batch-means standard error (default 10) */
  batchesPerRun?: number;
}

export interface QueueEstimates {
  pWait: number;
  serviceLevel: number;
  utilization: number;
  meanWaitMinutes: number;
}

export interface QueueOnlyResult extends QueueEstimates {
  /** batch-means standard errors of the four estimates */
  standardError: QueueEstimates;
  /** tickets in the counting windows, all runs */
  tickets: number;
  batches: number;
  erlangC: ErlangCResult;
}

/** Standard error of the mean of the batch means (sample standard deviation / √n). */
function standardErrorOfMean(values: Float64Array): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  return sampleStandardDeviation(Array.from(values)) / Math.sqrt(n);
}

/**
 * Upper bounds of the queue-only check, so that any accepted input answers in seconds and in
 * bounded memory (~50 bytes per simulated ticket; the queue scans all agents at each event).
 */
export const QUEUE_ONLY_LIMITS = {
  arrivalsPerHour: 10_000,
  /** a week */
  ahtMinutes: 10_080,
  agents: 100,
  answerWithinMinutes: 10_080,
  /** about 11 years */
  hours: 100_000,
  runs: 1_000,
  /** expected arrivals of one run, λ × hours */
  ticketsPerRun: 1_000_000,
  /** expected arrivals of all runs, λ × hours × runs */
  ticketsTotal: 5_000_000,
} as const;

type LimitedKey = "arrivalsPerHour" | "ahtMinutes" | "agents" | "answerWithinMinutes" | "hours" | "runs";

const RU = new Intl.NumberFormat("ru-RU");

/**
 * The first input beyond QUEUE_ONLY_LIMITS, as a Russian message naming the parameter by
 * `names` (e.g. the CLI's flags); null when the input is within bounds.
 */
export function queueOnlyLimitProblem(input: QueueOnlyInput, names: Partial<Record<LimitedKey, string>> = {}): string | null {
  const name = (key: LimitedKey) => names[key] ?? key;
  for (const key of ["arrivalsPerHour", "ahtMinutes", "agents", "answerWithinMinutes", "hours", "runs"] as const) {
    const limit = QUEUE_ONLY_LIMITS[key];
    if (input[key] > limit) return `${name(key)}: ${RU.format(input[key])} — больше допустимого (не больше ${RU.format(limit)})`;
  }
  const perRun = input.arrivalsPerHour * input.hours;
  if (perRun > QUEUE_ONLY_LIMITS.ticketsPerRun) {
    return `ожидается ${RU.format(Math.round(perRun))} обращений за прогон (${name("arrivalsPerHour")} × ${name("hours")}) — больше допустимого (не больше ${RU.format(QUEUE_ONLY_LIMITS.ticketsPerRun)}); уменьшите ${name("hours")}`;
  }
  const total = perRun * input.runs;
  if (total > QUEUE_ONLY_LIMITS.ticketsTotal) {
    return `ожидается ${RU.format(Math.round(total))} обращений во всех прогонах (${name("arrivalsPerHour")} × ${name("hours")} × ${name("runs")}) — больше допустимого (не больше ${RU.format(QUEUE_ONLY_LIMITS.ticketsTotal)}); уменьшите ${name("hours")} или ${name("runs")}`;
  }
  return null;
}

export function validateQueueOnlyInput(input: QueueOnlyInput): void {
  const positive: (keyof QueueOnlyInput)[] = ["arrivalsPerHour", "ahtMinutes", "hours"];
  for (const key of positive) {
    const v = input[key];
    if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) throw new RangeError(`параметр ${key} должен быть числом > 0, получено ${v}`);
  }
  if (!Number.isInteger(input.agents) || input.agents < 1) throw new RangeError(`число агентов должно быть целым ≥ 1, получено ${input.agents}`);
  if (!Number.isInteger(input.runs) || input.runs < 1) throw new RangeError(`число прогонов должно быть целым ≥ 1, получено ${input.runs}`);
  if (!(input.answerWithinMinutes >= 0)) throw new RangeError(`порог ответа должен быть ≥ 0, получено ${input.answerWithinMinutes}`);
  const warmup = input.warmupHours ?? input.hours * 0.1;
  if (!(warmup >= 0 && warmup < input.hours)) throw new RangeError(`разогрев (${warmup} ч) должен быть меньше длительности (${input.hours} ч)`);
  const problem = queueOnlyLimitProblem(input);
  if (problem) throw new RangeError(problem);
}

/** One run's arrivals (exponential gaps) and efforts (exponential) into the buffers; returns their number. */
function drawArrivals(rng: Rng, buffers: TicketBuffers, meanGapMinutes: number, ahtMinutes: number, endMinutes: number): number {
  let n = 0;
  let t = rng.exponential() * meanGapMinutes;
  while (t < endMinutes) {
    if (n >= buffers.capacity) buffers.ensure(n + 1);
    buffers.arrival[n] = t;
    buffers.priority[n] = 1;
    const w = rng.exponential() * ahtMinutes;
    buffers.work[n] = w;
    buffers.effort[n] = w;
    n++;
    t += rng.exponential() * meanGapMinutes;
  }
  return n;
}

export function simulateQueueOnly(input: QueueOnlyInput): QueueOnlyResult {
  validateQueueOnlyInput(input);
  const { arrivalsPerHour, ahtMinutes, agents, answerWithinMinutes, hours, runs, seed } = input;
  const warmupMinutes = (input.warmupHours ?? hours * 0.1) * 60;
  const endMinutes = hours * 60;
  const batchesPerRun = input.batchesPerRun ?? 10;
  const batchMinutes = (endMinutes - warmupMinutes) / batchesPerRun;
  const totalBatches = runs * batchesPerRun;
  const batchPWait = new Float64Array(totalBatches);
  const batchSl = new Float64Array(totalBatches);
  const batchUtil = new Float64Array(totalBatches);
  const batchWait = new Float64Array(totalBatches);
  const count = new Float64Array(batchesPerRun);
  const waited = new Float64Array(batchesPerRun);
  const within = new Float64Array(batchesPerRun);
  const waitSum = new Float64Array(batchesPerRun);
  const workSum = new Float64Array(batchesPerRun);
  let totals = { count: 0, waited: 0, within: 0, waitSum: 0, workSum: 0 };
  const buffers = new TicketBuffers();
  const ws = new QueueWorkspace();
  const agentFrom = new Float64Array(agents);
  const meanGapMinutes = 60 / arrivalsPerHour;

  for (let run = 0; run < runs; run++) {
    const n = drawArrivals(new Rng(runSeed(seed, run)), buffers, meanGapMinutes, ahtMinutes, endMinutes);
    const { arrival, priority, work, start, finish } = buffers;
    runQueue({ count: n, arrival, priority, work, start, finish, agents, agentFrom, preemptive: false }, ws);
    count.fill(0);
    waited.fill(0);
    within.fill(0);
    waitSum.fill(0);
    workSum.fill(0);
    for (let i = 0; i < n; i++) {
      const a = buffers.arrival[i]!;
      if (a < warmupMinutes) continue;
      let b = Math.floor((a - warmupMinutes) / batchMinutes);
      if (b >= batchesPerRun) b = batchesPerRun - 1;
      const wait = buffers.start[i]! - a;
      count[b]!++;
      if (wait > 0) waited[b]!++;
      if (wait <= answerWithinMinutes) within[b]!++;
      waitSum[b]! += wait;
      workSum[b]! += buffers.effort[i]!;
    }
    for (let b = 0; b < batchesPerRun; b++) {
      const k = run * batchesPerRun + b;
      const c = count[b]!;
      batchPWait[k] = c > 0 ? waited[b]! / c : 0;
      batchSl[k] = c > 0 ? within[b]! / c : 1;
      batchWait[k] = c > 0 ? waitSum[b]! / c : 0;
      batchUtil[k] = workSum[b]! / (agents * batchMinutes);
      totals.count += c;
      totals.waited += waited[b]!;
      totals.within += within[b]!;
      totals.waitSum += waitSum[b]!;
      totals.workSum += workSum[b]!;
    }
  }
  return {
    pWait: totals.waited / totals.count,
    serviceLevel: totals.within / totals.count,
    utilization: totals.workSum / (agents * (endMinutes - warmupMinutes) * runs),
    meanWaitMinutes: totals.waitSum / totals.count,
    standardError: {
      pWait: standardErrorOfMean(batchPWait),
      serviceLevel: standardErrorOfMean(batchSl),
      utilization: standardErrorOfMean(batchUtil),
      meanWaitMinutes: standardErrorOfMean(batchWait),
    },
    tickets: totals.count,
    batches: totalBatches,
    erlangC: erlangCMetrics({ arrivalsPerHour, ahtMinutes, agents, answerWithinMinutes }),
  };
}
