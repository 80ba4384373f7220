/**
 * The Monte Carlo staffing model. One run simulates the horizon month by month:
 *   clients (new from projects or a target path, churn) → ticket arrivals (a non-homogeneous
 *   Poisson process over the hours of the month: weekday × hour-of-day × season) → priority and
 *   effort → the support queue on business minutes (queue.ts) → SLA, backlog, utilization;
 *   plus the МОС portfolio, concurrent implementation projects and the engineer's visits; the
 *   people's leave and sick leave (absences.ts) slow the support queue (slowed-days.ts for one
 *   agent, capacity-clock.ts for several).
 * The steps of a run live in run-clients.ts, run-arrivals.ts, run-outcomes.ts and run-months.ts;
 * what is fixed for a simulation is prepared once in model.ts.
 * Pure TypeScript without Node imports: it runs in Node (tests, CLI, bench) and in a Web Worker.
 * Ticket data lives in typed arrays reused across runs.
 */
import { drawAbsences } from "./absences.js";
import { arrivalsToCapacity, buildCapacityClock, resultsToBusiness } from "./capacity-clock.js";
import { METRIC_COUNT, prepareModel, type PreparedModel } from "./model.js";
import { Rng, runSeed } from "./prng.js";
import { buildPriorityLists } from "./priority-lists.js";
import { runMultiAgentQueue } from "./queue.js";
import { runSingleAgentQueue } from "./queue-single.js";
import { drawArrivals } from "./run-arrivals.js";
import { drawClientsAndProjects } from "./run-clients.js";
import { writeMonthRows } from "./run-months.js";
import { tallyOutcomes } from "./run-outcomes.js";
import { RunWorkspace } from "./run-workspace.js";
import { drawRunParameters } from "./run-parameters.js";
import { applyNonQueueBreaches } from "./sla-breaches.js";
import { buildSlowedDays, clearSlowedDays } from "./slowed-days.js";
import type { Scenario, WorkingCalendar } from "./types.js";

export { METRIC_COUNT, prepareModel, type PreparedModel } from "./model.js";
export { businessMinuteOf } from "./run-arrivals.js";
export { RunWorkspace } from "./run-workspace.js";
export { validateScenario } from "./validate-scenario.js";

/**
 * Step 3: the support queue of the run's `n` tickets. One agent: on business minutes, slower on
 * the days a support manager is away (slowed-days.ts); several: on the capacity clock, mapped
 * back to business minutes (capacity-clock.ts).
 */
export function runSupportQueue(model: PreparedModel, ws: RunWorkspace, n: number): void {
  const plan = model.absences;
  const buf = ws.buffers;
  const cumBiz = model.cumBusiness;
  const slowed = plan !== null && buildCapacityClock(ws.clock, plan, ws.absences, model.dayWorkMinutes, model.staff.support_manager);
  const input = { count: n, arrival: buf.arrival, priority: buf.priority, work: buf.work, start: buf.start, finish: buf.finish, agents: model.supportAgentFrom.length, agentFrom: model.supportAgentFrom, preemptive: model.scenario.preemptiveEmergencies };
  if (input.agents === 1) {
    if (slowed) buildSlowedDays(ws.slowed, ws.clock, cumBiz, model.dayWorkMinutes, model.totalDays);
    else clearSlowedDays(ws.slowed);
    runSingleAgentQueue(input, ws.queue, ws.slowed, ws.listsDrawn);
    return;
  }
  if (slowed) {
    input.agentFrom = arrivalsToCapacity(ws.clock, cumBiz, model.totalDays, buf.arrival, n, model.supportAgentFrom);
    input.arrival = ws.clock.arrival;
  }
  runMultiAgentQueue(input, ws.queue);
  if (slowed) resultsToBusiness(ws.clock, cumBiz, model.totalDays, buf.arrival, buf.start, buf.finish, n);
  // the one-agent queue leaves them; the outcomes are tallied along them (run-outcomes.ts)
  buildPriorityLists(ws.queue, buf.priority, n);
}

/**
 * One run; writes METRIC_COUNT values per month into `out` at `offset` (month-major).
 * Returns the number of simulated tickets.
 */
export function simulateRun(model: PreparedModel, seed: number, out: Float64Array, offset: number, ws: RunWorkspace): number {
  const rng = new Rng(seed);
  if (model.absences) drawAbsences(model.absences, seed, ws.absences, model.staffByRole);
  drawRunParameters(model.scenario, rng, ws.run);
  drawClientsAndProjects(model, rng, ws);
  const n = drawArrivals(model, rng, ws);
  runSupportQueue(model, ws, n);
  tallyOutcomes(model, ws);
  writeMonthRows(model, rng, ws, out, offset);
  // compliance with the breaches outside the queue, measured in the history (sla-breaches.ts)
  applyNonQueueBreaches(model.scenario, rng, ws.met, ws.count, model.horizon, out, offset);
  return n;
}

export interface RawSimulation {
  model: PreparedModel;
  runs: number;
  seed: number;
  /** runs × months × METRIC_COUNT */
  values: Float64Array;
  simulatedTickets: number;
  elapsedMs: number;
}

export interface RunOptions {
  runs: number;
  seed: number;
}

/**
 * Runs `firstRun` … `firstRun + runs − 1` of a simulation seeded `seed` (run r on runSeed(seed, r),
 * whatever else the workspace ran before) into `out` from `offset`; returns their tickets.
 */
export function simulateRuns(model: PreparedModel, ws: RunWorkspace, seed: number, firstRun: number, runs: number, out: Float64Array, offset = 0): number {
  const size = model.horizon * METRIC_COUNT;
  let tickets = 0;
  for (let r = 0; r < runs; r++) tickets += simulateRun(model, runSeed(seed, firstRun + r), out, offset + r * size, ws);
  return tickets;
}

/** All runs of a scenario; same scenario + calendar + runs + seed → identical values. */
export function simulate(scenario: Scenario, calendar: WorkingCalendar, options: RunOptions): RawSimulation {
  const { runs, seed } = options;
  if (!Number.isInteger(runs) || runs < 1 || runs > 100_000) throw new RangeError(`число прогонов должно быть целым от 1 до 100 000, получено ${runs}`);
  if (!Number.isInteger(seed)) throw new RangeError(`зерно (seed) должно быть целым, получено ${seed}`);
  const started = Date.now();
  const model = prepareModel(scenario, calendar);
  const ws = new RunWorkspace();
  const values = new Float64Array(runs * model.horizon * METRIC_COUNT);
  const tickets = simulateRuns(model, ws, seed, 0, runs, values);
  return { model, runs, seed, values, simulatedTickets: tickets, elapsedMs: Date.now() - started };
}

