import { describe, expect, it } from "vitest";
import { erlangB, erlangC, erlangCMetrics } from "../src/core/simulator/erlang.ts";
import { simulateQueueOnly } from "../src/core/simulator/queue-only.ts";

describe("Erlang B / C against hand-checked values", () => {
  it("Erlang B: B(1, A) = A/(1+A); B(2, 1) = 1/5; B(3, 2) = 4/19", () => {
    expect(erlangB(1, 3)).toBeCloseTo(3 / 4, 14);
    // B(2,1) = (1/2!)/(1 + 1 + 1/2) = 0.2
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 14);
    // B(3,2) = (8/6)/(1 + 2 + 2 + 8/6) = (4/3)/(19/3) = 4/19
    expect(erlangB(3, 2)).toBeCloseTo(4 / 19, 14);
  });

  it("Erlang C: M/M/1 waits with probability ρ; C(2, 1) = 1/3; C(3, 2) = 4/9", () => {
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 14);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 14);
    expect(erlangC(3, 2)).toBeCloseTo(4 / 9, 14);
    expect(erlangC(2, 2)).toBe(1);
  });

  it("agrees with the textbook sum formula at a larger load (A = 50, c = 55) without overflow", () => {
    const a = 50;
    const c = 55;
    // log-space sum formula as an independent check
    const logTerm = (k: number): number => k * Math.log(a) - lgammaInt(k + 1);
    let sum = 0;
    for (let k = 0; k < c; k++) sum += Math.exp(logTerm(k) - logTerm(c));
    const tail = c / (c - a);
    expect(erlangC(c, a)).toBeCloseTo(tail / (sum + tail), 12);
    expect(erlangC(500, 480)).toBeGreaterThan(0);
    expect(erlangC(500, 480)).toBeLessThan(1);
  });

  it("service level and mean wait: λ = 12/h, AHT = 10 min, c = 3, T = 5 min (hand-computed)", () => {
    // A = 2, C = 4/9; SL = 1 − 4/9·exp(−(3−2)·5/10); E[W] = (4/9)·10/(3−2)
    const r = erlangCMetrics({ arrivalsPerHour: 12, ahtMinutes: 10, agents: 3, answerWithinMinutes: 5 });
    expect(r.offeredLoadErlangs).toBeCloseTo(2, 14);
    expect(r.utilization).toBeCloseTo(2 / 3, 14);
    expect(r.pWait).toBeCloseTo(4 / 9, 14);
    expect(r.serviceLevel).toBeCloseTo(1 - (4 / 9) * Math.exp(-0.5), 14);
    expect(r.meanWaitMinutes).toBeCloseTo(40 / 9, 12);
  });

  it("an overloaded queue is reported as such", () => {
    const r = erlangCMetrics({ arrivalsPerHour: 20, ahtMinutes: 10, agents: 3, answerWithinMinutes: 5 });
    expect(r.pWait).toBe(1);
    expect(r.serviceLevel).toBe(0);
    expect(r.meanWaitMinutes).toBe(Number.POSITIVE_INFINITY);
  });
});

function lgammaInt(n: number): number {
  let s = 0;
  for (let k = 2; k < n; k++) s += Math.log(k);
  return s;
}

/** (λ/hour, AHT, c, T, hours per run) */
const POINTS = [
  { arrivalsPerHour: 4, ahtMinutes: 10, agents: 1, answerWithinMinutes: 5, hours: 4000 }, // ρ = 0.67, M/M/1
  { arrivalsPerHour: 12, ahtMinutes: 10, agents: 3, answerWithinMinutes: 5, hours: 2000 }, // ρ = 0.67
  { arrivalsPerHour: 30, ahtMinutes: 6, agents: 4, answerWithinMinutes: 2, hours: 1500 }, // ρ = 0.75
  { arrivalsPerHour: 16.2, ahtMinutes: 10, agents: 3, answerWithinMinutes: 5, hours: 6000 }, // ρ = 0.90
  { arrivalsPerHour: 2.85, ahtMinutes: 60, agents: 3, answerWithinMinutes: 30, hours: 30000 }, // ρ = 0.95, long AHT
];

describe("queue-only simulation matches Erlang C within Monte-Carlo error", () => {
  for (const point of POINTS) {
    const rho = (point.arrivalsPerHour * point.ahtMinutes) / 60 / point.agents;
    it(`λ=${point.arrivalsPerHour}/ч, AHT=${point.ahtMinutes} мин, c=${point.agents}, T=${point.answerWithinMinutes} мин (ρ=${rho.toFixed(2)})`, () => {
      const r = simulateQueueOnly({ ...point, runs: 20, seed: 20261124 });
      // tolerance: 5 batch-means standard errors (20 runs × 10 batches)
      const z = 5;
      expect(r.batches).toBe(200);
      expect(Math.abs(r.pWait - r.erlangC.pWait)).toBeLessThan(z * r.standardError.pWait);
      expect(Math.abs(r.serviceLevel - r.erlangC.serviceLevel)).toBeLessThan(z * r.standardError.serviceLevel);
      expect(Math.abs(r.utilization - r.erlangC.utilization)).toBeLessThan(z * r.standardError.utilization);
      expect(Math.abs(r.meanWaitMinutes - r.erlangC.meanWaitMinutes)).toBeLessThan(z * r.standardError.meanWaitMinutes);
      // the errors are small enough for the check to mean something
      expect(r.standardError.pWait).toBeLessThan(0.02);
      expect(r.standardError.serviceLevel).toBeLessThan(0.02);
    });
  }

  it("detects a wrong model: the same data is far from Erlang C with one agent fewer", () => {
    const r = simulateQueueOnly({ ...POINTS[1]!, runs: 10, seed: 7 });
    const wrong = erlangCMetrics({ arrivalsPerHour: 12, ahtMinutes: 10, agents: 2, answerWithinMinutes: 5 });
    expect(Math.abs(r.pWait - wrong.pWait)).toBeGreaterThan(10 * r.standardError.pWait);
  });

  it("same seed → identical estimates; another seed → different ones", () => {
    const a = simulateQueueOnly({ ...POINTS[0]!, hours: 500, runs: 3, seed: 42 });
    const b = simulateQueueOnly({ ...POINTS[0]!, hours: 500, runs: 3, seed: 42 });
    const c = simulateQueueOnly({ ...POINTS[0]!, hours: 500, runs: 3, seed: 43 });
    expect(b).toEqual(a);
    expect(c.pWait).not.toBe(a.pWait);
  });
});
