/**
 * The calibrated spread of the simulator: the elasticity of tickets to clients, the dispersion of
 * monthly projects and visits, the SLA breaches outside the queue, and each run's own draw of
 * the parameters — hand-computed cases for the fits, seeded draws for the samplers, the engine on
 * scenarios whose answer is known, and the calibration on the sample through real DuckDB.
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSettings } from "../loaders/settings.ts";
import { runPipeline, type Pipeline } from "../loaders/pipeline.ts";
import { calibrate } from "../loaders/simulator/calibrate.ts";
import { defaultScenario } from "../loaders/simulator/defaults.ts";
import { slaByMonth } from "../loaders/metrics/sla.ts";
import { clientWeight, fitClientElasticity, PROPORTIONAL, referenceClientsOf, type VolumeMonth } from "../loaders/simulator/volume-elasticity.ts";
import { conditionalVisitDispersion, countVariability } from "../loaders/simulator/count-variability.ts";
import { fitBreachBeta } from "../loaders/simulator/sla-breach-fit.ts";
import { seasonalKeepFactor, seasonalRelativeErrors } from "../loaders/simulator/seasonal.ts";
import { drawBeta, drawCount, drawGamma } from "../src/core/simulator/dispersed-counts.ts";
import { drawRunParameters, ticketsForClients } from "../src/core/simulator/run-parameters.ts";
import { applyNonQueueBreaches } from "../src/core/simulator/sla-breaches.ts";
import { simulate } from "../src/core/simulator/engine.ts";
import { Rng } from "../src/core/simulator/prng.ts";
import { mergeScenario } from "../src/core/simulator/scenario.ts";
import { scenarioBoundsProblem } from "../src/core/simulator/scenario-bounds.ts";
import { summarize } from "../src/core/simulator/summary.ts";
import { calendar24x7 } from "../src/core/simulator/working-calendar.ts";
import { MONTH_METRICS } from "../src/core/simulator/types.ts";

const settings = loadSettings();
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const NOW = new Date("2026-11-24T23:59:59+03:00");

function meanVar(xs: number[]): [number, number] {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return [mean, xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)];
}

describe("elasticity of tickets to clients", () => {
  // two year-over-year pairs with tickets ∝ √clients: 100 → 400 clients, 100 → 200 tickets; 100 → 225, 100 → 150
  const months: VolumeMonth[] = [
    { month: "2024-01", tickets: 100, clients: 100 },
    { month: "2024-02", tickets: 100, clients: 100 },
    { month: "2025-01", tickets: 200, clients: 400 },
    { month: "2025-02", tickets: 150, clients: 225 },
  ];
  it("b = Σxy / Σx² on the log ratios; se from the Poisson noise of both months", () => {
    const fit = fitClientElasticity(months);
    expect(fit.method).toBe("yoy");
    expect(fit.pairs).toBe(2);
    expect(fit.elasticity).toBeCloseTo(0.5, 12);
    const x1 = Math.log(4);
    const x2 = Math.log(2.25);
    const sxx = x1 * x1 + x2 * x2;
    const variance = (x1 * x1 * (1 / 200 + 1 / 100) + x2 * x2 * (1 / 150 + 1 / 100)) / (sxx * sxx);
    expect(fit.standardError).toBeCloseTo(Math.sqrt(variance), 12);
  });
  it("with three pairs or more the residuals' variance counts where it exceeds the noise", () => {
    const ms: VolumeMonth[] = [];
    const pairs = [[4, 2.2], [2.25, 1.4], [9, 3]] as const; // clients ×c, tickets ×t
    pairs.forEach(([c, t], i) => {
      ms.push({ month: `2024-0${i + 1}`, tickets: 10_000, clients: 100 });
      ms.push({ month: `2025-0${i + 1}`, tickets: 10_000 * t, clients: 100 * c });
    });
    const xs = pairs.map(([c]) => Math.log(c));
    const ys = pairs.map(([, t]) => Math.log(t));
    const sxx = xs.reduce((a, x) => a + x * x, 0);
    const b = xs.reduce((a, x, i) => a + x * ys[i]!, 0) / sxx;
    const s2 = ys.reduce((a, y, i) => a + (y - b * xs[i]!) ** 2, 0) / 2;
    const noise = pairs.map(([, t]) => 1 / (10_000 * t) + 1 / 10_000);
    expect(s2).toBeGreaterThan(Math.max(...noise));
    const fit = fitClientElasticity(ms);
    expect(fit.elasticity).toBeCloseTo(b, 12);
    expect(fit.standardError).toBeCloseTo(Math.sqrt(s2 / sxx), 12);
  });
  it("falls back to proportional without a pair or without client change, and bounds a wild b", () => {
    expect(fitClientElasticity(months.slice(0, 2))).toEqual(PROPORTIONAL);
    expect(fitClientElasticity([{ month: "2024-01", tickets: 100, clients: 50 }, { month: "2025-01", tickets: 150, clients: 50 }])).toEqual(PROPORTIONAL);
    expect(fitClientElasticity([{ month: "2024-01", tickets: 100, clients: 100 }, { month: "2025-01", tickets: 400, clients: 110 }]).elasticity).toBe(1.5);
  });
  it("the weights: b = 1 gives the clients themselves; the reference is the geometric mean", () => {
    expect(clientWeight(173, 200, 1)).toBe(173);
    expect(clientWeight(400, 100, 0.5)).toBeCloseTo(200, 12);
    expect(referenceClientsOf([100, 400, 0])).toBeCloseTo(200, 12);
    const s = mergeScenario(defaultScenario(settings, "2027-01"), { tickets: { perClientMonth: 2 } });
    s.tickets.clientElasticity = { elasticity: 0.5, standardError: 0, referenceClients: 100 };
    expect(ticketsForClients(s, 400, 0.5)).toBeCloseTo(400, 12); // 2 × 100 × √4
    expect(ticketsForClients(s, 400, 1)).toBe(800);
  });
});

describe("uncertainty of the season", () => {
  const days = new Array(12).fill(30);
  it("a multiplier from T tickets keeps √(keep / T) of relative error; a flat profile none", () => {
    const strong = [0.72, 0.95, 1.1, 1.15, 1.1, 1, 0.95, 0.95, 1.03, 1.05, 1.02, 0.98];
    const tickets = [200, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300];
    const keep = seasonalKeepFactor(strong, tickets);
    expect(keep).toBeGreaterThan(0.7);
    const se = seasonalRelativeErrors(strong, tickets, days);
    expect(se[0]).toBeCloseTo(Math.sqrt(keep / 200), 12);
    expect(se[5]).toBeCloseTo(Math.sqrt(keep / 300), 12);
    expect(seasonalRelativeErrors([1.05, 0.95, 1.02, 0.98, 1.04, 0.96, 1, 1.03, 0.97, 1.01, 0.99, 1], new Array(12).fill(300), days)).toEqual(new Array(12).fill(0));
  });
  it("a run draws one factor per calendar month, mean 1, shared by its repeats in the horizon", () => {
    const s = mergeScenario(defaultScenario(settings, "2027-11"), { horizonMonths: 14 });
    s.tickets.seasonalRelativeError = new Array(12).fill(0.1);
    const rng = new Rng(8);
    const logs: number[] = [];
    const factors: number[] = [];
    for (let r = 0; r < 20_000; r++) {
      const f = drawRunParameters(s, rng).seasonFactor;
      expect(f[12]).toBe(f[0]); // November 2027 and November 2028
      expect(f[1]).not.toBe(f[0]);
      factors.push(f[0]!);
      logs.push(Math.log(f[0]!));
    }
    expect(meanVar(factors)[0]).toBeCloseTo(1, 2);
    expect(Math.sqrt(meanVar(logs)[1])).toBeCloseTo(0.1, 2);
  });
});

describe("dispersion of monthly counts", () => {
  it("D = sample variance / mean; Poisson below six months; bounded", () => {
    const v = countVariability([4, 6, 4, 6, 4, 6]);
    expect(v.mean).toBe(5);
    expect(v.dispersion).toBeCloseTo(1.2 / 5, 12); // Σ(±1)² / 5 = 1.2
    expect(countVariability([4, 6, 4, 6, 5])).toEqual({ mean: 5, dispersion: 1, months: 5 });
    expect(countVariability([5, 5, 5, 5, 5, 5]).dispersion).toBe(0.2);
    expect(countVariability([0, 30, 0, 30, 0, 30]).dispersion).toBe(5);
  });
  it("visits given the projects: the projects' share of the variance is taken out", () => {
    const projects = [4, 6, 4, 6, 4, 6]; // variance 1.2
    const visits = [20, 34, 22, 30, 18, 32]; // mean 26, variance (36 + 64 + 16 + 16 + 64 + 36) / 5 = 46.4
    const [, vv] = meanVar(visits);
    expect(vv).toBeCloseTo(46.4, 12);
    const d = conditionalVisitDispersion(visits, projects, 5);
    expect(d.dispersion).toBeCloseTo((46.4 - 25 * 1.2) / 26, 12);
  });
  it("drawCount keeps the mean and gives variance D × mean; D = 1 is exactly rng.poisson", () => {
    for (const [mean, d] of [[5, 0.3], [30, 0.5], [5, 2.5]] as const) {
      const rng = new Rng(11);
      const [m, v] = meanVar(Array.from({ length: 40_000 }, () => drawCount(rng, mean, d)));
      expect(Math.abs(m - mean) / mean).toBeLessThan(0.02);
      expect(Math.abs(v / m - d) / d).toBeLessThan(0.1);
    }
    const a = new Rng(3);
    const b = new Rng(3);
    for (let i = 0; i < 100; i++) expect(drawCount(a, 7.5, 1)).toBe(b.poisson(7.5));
  });
  it("gamma and beta draws have their moments", () => {
    const rng = new Rng(5);
    for (const shape of [0.4, 3, 40]) {
      const [m, v] = meanVar(Array.from({ length: 40_000 }, () => drawGamma(rng, shape)));
      expect(Math.abs(m - shape) / shape).toBeLessThan(0.03);
      expect(Math.abs(v - shape) / shape).toBeLessThan(0.08);
    }
    const [m, v] = meanVar(Array.from({ length: 40_000 }, () => drawBeta(rng, 2, 18)));
    expect(m).toBeCloseTo(0.1, 2);
    expect(Math.abs(v - (2 * 18) / (20 * 20 * 21)) / ((2 * 18) / (20 * 20 * 21))).toBeLessThan(0.08);
  });
});

describe("SLA breaches outside the queue", () => {
  it("the beta's mean is the pooled breach share; its variance the between-month part plus the mean's uncertainty", () => {
    const fit = fitBreachBeta([{ met: 95, breached: 5 }, { met: 90, breached: 10 }])!;
    const q = 15.5 / 201;
    const tau2 = (2 * 0.025 ** 2) / 1 - (q * (1 - q) * (1 / 100 + 1 / 100)) / 2;
    const variance = tau2 + (q * (1 - q)) / 200;
    const total = (q * (1 - q)) / variance - 1;
    expect(fit.alpha).toBeCloseTo(q * total, 9);
    expect(fit.beta).toBeCloseTo((1 - q) * total, 9);
    // months as alike as binomial noise allows: only the mean's uncertainty is left
    const even = fitBreachBeta([{ met: 95, breached: 5 }, { met: 95, breached: 5 }])!;
    const q2 = 10.5 / 201;
    expect(even.alpha + even.beta).toBeCloseTo(200 - 1, 9);
    expect(even.alpha / (even.alpha + even.beta)).toBeCloseTo(q2, 12);
    expect(fitBreachBeta([{ met: 10, breached: 1 }])).toBeNull();
  });
  it("each month's compliance loses the drawn share of the queue's met tickets; no fit leaves the rows", () => {
    const s = defaultScenario(settings, "2027-01");
    const W = MONTH_METRICS.length;
    const at = (m: number, p: string): number => m * W + MONTH_METRICS.indexOf(p as (typeof MONTH_METRICS)[number]);
    const met = Float64Array.from([1000, 1000, 1000, 500, 0, 1000]);
    const count = Float64Array.from([1000, 1000, 1000, 500, 0, 1000]);
    const out = new Float64Array(2 * W).fill(7);
    applyNonQueueBreaches(s, new Rng(1), met, count, 2, out, 0);
    expect([...out]).toEqual(new Array(2 * W).fill(7));
    const fitted = { ...s, sla: { ...s.sla, nonQueueBreach: { standard: { alpha: 1000, beta: 9000 } } } };
    applyNonQueueBreaches(fitted, new Rng(1), met, count, 2, out, 0);
    expect(Math.abs(out[at(0, "sla_standard")]! - 0.9)).toBeLessThan(0.04);
    expect(out[at(0, "sla_emergency")]).toBe(7);
    expect(out[at(1, "sla_emergency")]).toBe(7);
    expect(out[at(1, "sla_standard")]).toBe(7); // no tickets: no compliance to rewrite
    expect(out[at(0, "sla_missed")]).toBe(7);
    expect([...met]).toEqual([1000, 1000, 1000, 500, 0, 1000]);
  });
});

describe("the engine with calibrated spread", () => {
  const cal = calendar24x7("2027-01", 3);
  const base = mergeScenario(defaultScenario(settings, "2027-01"), {
    horizonMonths: 2,
    clients: { initial: 400, growth: { mode: "projects" }, churnRatePerMonth: 0 },
    projects: { perMonth: 0 },
    tickets: { perClientMonth: 1, weekdayProfile: [1, 1, 1, 1, 1, 1, 1], hourProfile: new Array(24).fill(1), holidayFactor: 1 },
    staff: { support_manager: 60 },
    productiveShare: 1,
    absences: { enabled: false },
  });
  it("the measured fields are optional and bounded, with the field's path in the message", () => {
    expect(scenarioBoundsProblem(base)).toBeNull();
    const s = structuredClone(base);
    s.tickets.clientElasticity = { elasticity: 0.5, standardError: 0.1, referenceClients: 100 };
    s.projects.variability = { dispersion: 0.3, months: 12 };
    s.sla.nonQueueBreach = { standard: { alpha: 2, beta: 30 } };
    expect(scenarioBoundsProblem(s)).toBeNull();
    s.tickets.clientElasticity.elasticity = 5;
    expect(scenarioBoundsProblem(s)).toMatch(/^поле «tickets\.clientElasticity\.elasticity»: 5 — больше допустимого/);
    s.tickets.clientElasticity.elasticity = 0.5;
    s.sla.nonQueueBreach.standard!.alpha = 0;
    expect(scenarioBoundsProblem(s)).toMatch(/^поле «sla\.nonQueueBreach\.standard\.alpha»/);
  });
  it("a scenario without the measurements runs as before (same draws)", () => {
    const rng = new Rng(9);
    drawRunParameters(base, rng);
    expect(rng.uniform()).toBe(new Rng(9).uniform());
  });
  it("tickets follow clients^b around the reference; b's spread widens the band", () => {
    const at = (e: { elasticity: number; standardError: number }) => {
      const s = structuredClone(base);
      s.tickets.clientElasticity = { ...e, referenceClients: 100 };
      return summarize(simulate(s, cal, { runs: 400, seed: 2 })).months[0]!.metrics.tickets;
    };
    const fixed = at({ elasticity: 0.5, standardError: 0 });
    // 100 × (400 / 100)^0.5 = 200 a month (the season's profile is flat: 1 in every month)
    expect(base.tickets.seasonalProfile[0]).toBe(1);
    expect(Math.abs(fixed.mean - 200) / 200).toBeLessThan(0.02);
    const spread = at({ elasticity: 0.5, standardError: 0.3 });
    expect(spread.p90 - spread.p10).toBeGreaterThan(1.5 * (fixed.p90 - fixed.p10));
  });
  it("with no queue, SLA compliance is one minus the measured breach share, and the response clock is in it", () => {
    const s = structuredClone(base);
    s.sla.nonQueueBreach = { emergency: { alpha: 500, beta: 9500 }, standard: { alpha: 1000, beta: 9000 } };
    const m = summarize(simulate(s, cal, { runs: 300, seed: 4 })).months[0]!.metrics;
    const plain = summarize(simulate(base, cal, { runs: 300, seed: 4 })).months[0]!.metrics;
    expect(Math.abs(m.sla_standard.mean - 0.9 * plain.sla_standard.mean)).toBeLessThan(0.01);
    expect(Math.abs(m.sla_emergency.mean - 0.95 * plain.sla_emergency.mean)).toBeLessThan(0.02);
    expect(m.sla_consultation.mean).toBeCloseTo(plain.sla_consultation.mean, 2);
    // «SLA target missed» stays the queue's verdict: the same as without the breaches
    const runs = 300;
    const missed = summarize(simulate(s, cal, { runs, seed: 4 })).months.map((x) => x.slaMissProbability);
    expect(missed).toEqual(summarize(simulate(base, cal, { runs, seed: 4 })).months.map((x) => x.slaMissProbability));
  });
  it("projects drawn with D < 1 vary less than Poisson", () => {
    const s = mergeScenario(base, { projects: { perMonth: 6 } });
    s.projects.variability = { dispersion: 0.25, months: 1000 };
    const runs = simulate(s, cal, { runs: 2000, seed: 6 });
    const band = summarize(runs).months[0]!.metrics.projects;
    const poisson = summarize(simulate(mergeScenario(base, { projects: { perMonth: 6 } }), cal, { runs: 2000, seed: 6 })).months[0]!.metrics.projects;
    expect(band.p90 - band.p10).toBeLessThan(poisson.p90 - poisson.p10);
    expect(Math.abs(band.mean - 6)).toBeLessThan(0.15);
  });
});

describe("calibration of the spread on the sample (real DuckDB)", () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await runPipeline(join(ROOT, "data/sample/"), { now: NOW });
  }, 120_000);
  afterAll(() => {
    pipeline?.connection.closeSync();
    pipeline?.instance.closeSync();
  });
  it("finds b well below 1, projects and visits steadier than Poisson, and the KPI's breach share", async () => {
    const c = await calibrate(pipeline.connection, { now: NOW, settings: pipeline.settings });
    const s = c.baseScenario;
    const e = s.tickets.clientElasticity!;
    expect(e.elasticity).toBeGreaterThan(0.2);
    expect(e.elasticity).toBeLessThan(0.85);
    expect(e.standardError).toBeGreaterThan(0);
    expect(s.projects.variability!.dispersion).toBeLessThan(1);
    expect(s.engineer.visitVariability!.dispersion).toBeLessThan(1);
    const rows = await slaByMonth(pipeline.connection, pipeline.settings, { now: NOW, months: c.observed.map((o) => o.month) });
    const standard = rows.filter((r) => r.priority === "standard");
    const breached = standard.reduce((a, r) => a + r.breached, 0);
    const decided = standard.reduce((a, r) => a + r.met + r.breached, 0);
    const b = s.sla.nonQueueBreach!.standard!;
    expect(b.alpha / (b.alpha + b.beta)).toBeCloseTo((breached + 0.5) / (decided + 1), 12);
  }, 60_000);
  it("with one year of history: proportional volume, and the note says so", async () => {
    const c = await calibrate(pipeline.connection, { now: NOW, settings: pipeline.settings, before: "2025-12" });
    expect(c.baseScenario.tickets.clientElasticity).toBeUndefined();
    expect(c.notes.some((n) => n.startsWith("Зависимость обращений от числа клиентов"))).toBe(true);
  }, 60_000);
});
