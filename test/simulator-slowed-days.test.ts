/**
 * The one-agent support queue on business minutes with the slowed days of an absence
 * (slowed-days.ts) against the capacity clock's change of time (capacity-clock.ts: arrivals onto
 * the clock, the queue on it, starts and finishes back): the same starts and finishes, ticket for
 * ticket, on the bench scenario's runs with the head covering part of the absent time, none of it
 * (a queue that stands still while the support manager is away), and without preemption.
 */
import { describe, expect, it } from "vitest";
import { drawAbsences } from "../src/core/simulator/absences.ts";
import { arrivalsToCapacity, buildCapacityClock, resultsToBusiness } from "../src/core/simulator/capacity-clock.ts";
import { prepareModel, RunWorkspace } from "../src/core/simulator/engine.ts";
import { Rng, runSeed } from "../src/core/simulator/prng.ts";
import { QueueWorkspace, runMultiAgentQueue, type QueueInput } from "../src/core/simulator/queue.ts";
import { runSingleAgentQueue } from "../src/core/simulator/queue-single.ts";
import { drawArrivals } from "../src/core/simulator/run-arrivals.ts";
import { drawClientsAndProjects } from "../src/core/simulator/run-clients.ts";
import { drawRunParameters } from "../src/core/simulator/run-parameters.ts";
import { buildSlowedDays, SlowedDays } from "../src/core/simulator/slowed-days.ts";
import { mergeScenario } from "../src/core/simulator/scenario.ts";
import { benchModel } from "../bench/simulator.ts";

/** largest difference of starts or finishes between the two routes over `runs` runs; the slowed runs and preemptions seen */
function compareRoutes(cover: number, preemptive: boolean, runs: number): { maxDiff: number; slowedRuns: number; preemptions: number } {
  const { scenario, calendar } = benchModel();
  const model = prepareModel(mergeScenario(scenario, { preemptiveEmergencies: preemptive, absences: { headCoverShare: cover } }), calendar);
  const ws = new RunWorkspace();
  const slowed = new SlowedDays();
  let maxDiff = 0;
  let slowedRuns = 0;
  let preemptions = 0;
  for (let r = 0; r < runs; r++) {
    const seed = runSeed(7, r);
    const rng = new Rng(seed);
    drawAbsences(model.absences!, seed, ws.absences, model.staffByRole);
    drawRunParameters(model.scenario, rng, ws.run);
    drawClientsAndProjects(model, rng, ws);
    const n = drawArrivals(model, rng, ws);
    if (!buildCapacityClock(ws.clock, model.absences!, ws.absences, model.dayWorkMinutes, model.staff.support_manager)) continue;
    slowedRuns++;
    const b = ws.buffers;
    const input = (): QueueInput => ({ count: n, arrival: b.arrival, priority: b.priority, work: b.work.slice(0, n), start: new Float64Array(n), finish: new Float64Array(n), agents: 1, agentFrom: model.supportAgentFrom, preemptive });
    const viaClock = input();
    viaClock.agentFrom = arrivalsToCapacity(ws.clock, model.cumBusiness, model.totalDays, b.arrival, n, model.supportAgentFrom);
    viaClock.arrival = ws.clock.arrival;
    const pc = runMultiAgentQueue(viaClock, new QueueWorkspace());
    resultsToBusiness(ws.clock, model.cumBusiness, model.totalDays, b.arrival, viaClock.start, viaClock.finish, n);
    const direct = input();
    buildSlowedDays(slowed, ws.clock, model.cumBusiness, model.dayWorkMinutes, model.totalDays);
    const pd = runSingleAgentQueue(direct, new QueueWorkspace(), slowed);
    expect(pd).toBe(pc);
    preemptions += pd;
    for (let i = 0; i < n; i++) maxDiff = Math.max(maxDiff, Math.abs(direct.start[i]! - viaClock.start[i]!), Math.abs(direct.finish[i]! - viaClock.finish[i]!));
  }
  return { maxDiff, slowedRuns, preemptions };
}

describe("one-agent queue with slowed days", () => {
  it("gives the capacity clock's starts and finishes (head covers 30 %; 60 runs)", () => {
    const r = compareRoutes(0.3, true, 60);
    expect(r.slowedRuns).toBeGreaterThan(30);
    expect(r.preemptions).toBeGreaterThan(100);
    expect(r.maxDiff).toBeLessThan(1e-6);
  });

  it("gives them when the queue stands still while the support manager is away (no cover; 60 runs)", () => {
    const r = compareRoutes(0, true, 60);
    expect(r.slowedRuns).toBeGreaterThan(30);
    expect(r.maxDiff).toBeLessThan(1e-6);
  });

  it("gives them without preemption (40 runs)", () => {
    const r = compareRoutes(0.5, false, 40);
    expect(r.preemptions).toBe(0);
    expect(r.maxDiff).toBeLessThan(1e-6);
  });
});
