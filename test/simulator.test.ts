import { describe, expect, it } from "vitest";
import { loadSettings } from "../loaders/settings.ts";
import { defaultScenario } from "../loaders/simulator/defaults.ts";
import { simulatorCalendar } from "../loaders/simulator/calendar.ts";
import { METRIC_COUNT, prepareModel, simulate } from "../src/core/simulator/engine.ts";
import { Rng } from "../src/core/simulator/prng.ts";
import { QueueWorkspace, runQueue } from "../src/core/simulator/queue.ts";
import { diffScenario, mergeScenario, preset400Tickets } from "../src/core/simulator/scenario.ts";
import { hiringAdvice, quantileSorted, summarize } from "../src/core/simulator/summary.ts";
import { MONTH_METRICS, type MonthSummary, type Scenario } from "../src/core/simulator/types.ts";
import { calendar24x7 } from "../src/core/simulator/working-calendar.ts";

const settings = loadSettings();

function queue(arrival: number[], priority: number[], work: number[], agents = 1, preemptive = false, agentFrom?: number[]) {
  const n = arrival.length;
  const input = {
    count: n,
    arrival: Float64Array.from(arrival),
    priority: Uint8Array.from(priority),
    work: Float64Array.from(work),
    start: new Float64Array(n),
    finish: new Float64Array(n),
    agents,
    agentFrom: Float64Array.from(agentFrom ?? new Array(agents).fill(0)),
    preemptive,
  };
  runQueue(input, new QueueWorkspace());
  return { start: [...input.start], finish: [...input.finish] };
}

describe("support queue discipline (hand-computed)", () => {
  it("one agent, FIFO within a priority", () => {
    const r = queue([0, 1, 2], [1, 1, 1], [10, 10, 10]);
    expect(r.start).toEqual([0, 10, 20]);
    expect(r.finish).toEqual([10, 20, 30]);
  });

  it("emergency first, then standard, then consultation (non-preemptive)", () => {
    // t=0 standard A (10 min) starts; at t=1 consultation B, t=2 standard C, t=3 emergency D queue up
    const r = queue([0, 1, 2, 3], [1, 2, 1, 0], [10, 5, 5, 5]);
    expect(r.start).toEqual([0, 20, 15, 10]);
    expect(r.finish).toEqual([10, 25, 20, 15]);
  });

  it("a preemptive emergency interrupts a standard ticket, which resumes with its remaining work", () => {
    const r = queue([0, 4], [1, 0], [10, 3], 1, true);
    expect(r.start).toEqual([0, 4]);
    expect(r.finish).toEqual([13, 7]);
  });

  it("two agents; a second agent who joins later", () => {
    expect(queue([0, 0, 0], [1, 1, 1], [10, 10, 10], 2).finish).toEqual([10, 10, 20]);
    expect(queue([0, 1], [1, 1], [10, 10], 2, false, [0, 5]).start).toEqual([0, 5]);
  });
});

describe("PRNG", () => {
  it("ziggurat normals follow N(0, 1): quantiles, tails beyond the last layer, moments (1e6 draws)", () => {
    const r = new Rng(2026);
    const n = 1_000_000;
    const cuts = [-3.5, -3, -2, -1, 0, 1, 2, 3, 3.5];
    // Φ at the cuts (tables): 2.326e-4, 1.350e-3, 0.02275, 0.15866, 0.5, …
    const phi = [2.3263e-4, 1.34990e-3, 0.0227501, 0.158655, 0.5, 0.841345, 0.9772499, 0.9986501, 0.99976737];
    const below = new Array(cuts.length).fill(0);
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      sum += z;
      sq += z * z;
      for (let k = 0; k < cuts.length; k++) if (z <= cuts[k]!) below[k]++;
    }
    cuts.forEach((_, k) => {
      const p = phi[k]!;
      expect(Math.abs(below[k] / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n) + 1e-6);
    });
    expect(Math.abs(sum / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(sq / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });

  it("is deterministic and roughly uniform; Poisson and lognormal have the right means", () => {
    const a = new Rng(1);
    const b = new Rng(1);
    for (let i = 0; i < 100; i++) expect(a.nextUint32()).toBe(b.nextUint32());
    const r = new Rng(99);
    const n = 200_000;
    let u = 0;
    let p = 0;
    let ln = 0;
    let big = 0;
    for (let i = 0; i < n; i++) {
      u += r.uniform();
      p += r.poisson(3.5);
      ln += r.lognormal(1, 0.5);
      big += r.poisson(800);
    }
    expect(u / n).toBeCloseTo(0.5, 2);
    expect(Math.abs(p / n - 3.5)).toBeLessThan(5 * Math.sqrt(3.5 / n));
    expect(Math.abs(ln / n - Math.exp(1.125))).toBeLessThan(0.02);
    expect(Math.abs(big / n - 800)).toBeLessThan(5 * Math.sqrt(800 / n));
  });
});

function flatScenario(): Scenario {
  const s = defaultScenario(settings, "2027-03");
  return mergeScenario(s, {
    clients: { initial: 400, growth: { mode: "projects" }, churnRatePerMonth: 0, newClientsPerProject: 1 },
    projects: { perMonth: 0 },
    tickets: { perClientMonth: 1 },
    horizonMonths: 3,
    // the definitions below are checked with everyone at work (absences: test/simulator-absences.test.ts)
    absences: { enabled: false },
  });
}

describe("staffing engine", () => {
  const { calendar } = simulatorCalendar("2027-03", 13, settings.calendar);

  it("same scenario + seed → identical output; another seed differs", () => {
    const s = flatScenario();
    const a = simulate(s, calendar, { runs: 20, seed: 5 });
    const b = simulate(s, calendar, { runs: 20, seed: 5 });
    const c = simulate(s, calendar, { runs: 20, seed: 6 });
    expect(b.values).toEqual(a.values);
    expect(c.values).not.toEqual(a.values);
  });

  it("tickets a month are Poisson with mean clients × rate (400 clients, 1 ticket each, no growth)", () => {
    const raw = simulate(flatScenario(), calendar, { runs: 400, seed: 1 });
    const k = MONTH_METRICS.indexOf("tickets");
    let sum = 0;
    let sq = 0;
    const n = raw.runs * raw.model.horizon;
    for (let i = 0; i < n; i++) {
      const v = raw.values[i * METRIC_COUNT + k]!;
      sum += v;
      sq += v * v;
    }
    const mean = sum / n;
    const variance = sq / n - mean * mean;
    expect(Math.abs(mean - 400)).toBeLessThan(5 * Math.sqrt(400 / n));
    expect(variance / 400).toBeGreaterThan(0.85);
    expect(variance / 400).toBeLessThan(1.15);
  });

  it("working minutes come from the production calendar (09:00–18:00 window, shortened days 60 min less)", () => {
    const model = prepareModel(flatScenario(), calendar);
    // 2027-03: 23 weekdays, 8 March (Monday) is a holiday → 22 working days of 540 minutes
    const march = calendar.months[0]!.workingMinutesByDay;
    expect(march.filter((m) => m > 0).length).toBe(22);
    expect(march[7]).toBe(0);
    expect(march[4]).toBe(540);
    expect(model.monthBusinessMinutes[0]).toBe(22 * 540);
    // 2027-04: 22 weekdays, 30 April (Friday) is shortened
    const april = calendar.months[1]!.workingMinutesByDay;
    expect(april[29]).toBe(480);
    expect(model.monthBusinessMinutes[1]).toBe(21 * 540 + 480);
  });

  it("utilization of the support manager = effort of the month / (norm hours × productive share), as the workload KPI", () => {
    const s = mergeScenario(flatScenario(), {
      effort: { distribution: "exponential", meanMinutes: { emergency: 20, standard: 20, consultation: 20 } },
    });
    const raw = simulate(s, calendar, { runs: 300, seed: 3 });
    const sum = summarize(raw);
    // March 2027: 22 working days (8 March off), none shortened → the norm is 176 h, not the 198 h of the 09–18 window
    expect(calendar.months[0]!.staffNormMinutes).toBe(176 * 60);
    expect(raw.model.monthBusinessMinutes[0]).toBe(22 * 9 * 60);
    const expected = (400 * 20) / (176 * 60 * s.productiveShare);
    expect(Math.abs(sum.months[0]!.metrics.util_support_manager.mean - expected)).toBeLessThan(0.02 * expected);
  });

  it("more staff never hurts: a second support manager raises standard SLA compliance under heavy load", () => {
    const heavy = mergeScenario(flatScenario(), {
      tickets: { perClientMonth: 1.3 },
      effort: { distribution: "lognormal", byPriority: { emergency: { mu: 3.5, sigma: 0.8 }, standard: { mu: 3.2, sigma: 0.8 }, consultation: { mu: 2.7, sigma: 0.8 } } },
    });
    const one = summarize(simulate(heavy, calendar, { runs: 100, seed: 9 }));
    const two = summarize(simulate(mergeScenario(heavy, { staff: { support_manager: 2 } }), calendar, { runs: 100, seed: 9 }));
    expect(one.months[2]!.metrics.util_support_manager.p50).toBeGreaterThan(0.9);
    expect(two.months[2]!.metrics.sla_standard.mean).toBeGreaterThan(one.months[2]!.metrics.sla_standard.mean);
    expect(two.months[2]!.slaMissProbability).toBeLessThanOrEqual(one.months[2]!.slaMissProbability);
    expect(two.months[2]!.metrics.backlog.p50).toBeLessThanOrEqual(one.months[2]!.metrics.backlog.p50);
  });

  it("queue-only mode through the whole engine (24×7, one priority, exponential) gives ρ = λ·AHT/c", () => {
    const s = mergeScenario(flatScenario(), {
      startMonth: "2027-01",
      tickets: { priorityMix: { emergency: 0, standard: 1, consultation: 0 }, weekdayProfile: [1, 1, 1, 1, 1, 1, 1], hourProfile: new Array(24).fill(1), holidayFactor: 1 },
      effort: { distribution: "exponential", meanMinutes: { emergency: 60, standard: 60, consultation: 60 } },
      productiveShare: 1,
    });
    const cal = calendar24x7("2027-01", 3);
    const sum = summarize(simulate(s, cal, { runs: 200, seed: 11 }));
    // 400 tickets × 60 min over 31 × 1440 minutes
    expect(sum.months[0]!.metrics.util_support_manager.mean).toBeCloseTo((400 * 60) / (31 * 1440), 2);
  });

  it("the trigger «400+ tickets» fires by the horizon in the 400+ preset and almost never at 300 tickets", () => {
    const base = mergeScenario(flatScenario(), { clients: { initial: 300 }, horizonMonths: 12 });
    const low = summarize(simulate(base, calendar, { runs: 200, seed: 2 }));
    const high = summarize(simulate(preset400Tickets(base), calendar, { runs: 200, seed: 2 }));
    expect(low.months[11]!.triggerProbability.second_support_manager).toBeLessThan(0.01);
    expect(high.months[11]!.triggerProbability.second_support_manager).toBeGreaterThan(0.9);
    // P(fired by month) never decreases
    for (let m = 1; m < 12; m++) {
      expect(high.months[m]!.triggerProbability.second_support_manager).toBeGreaterThanOrEqual(high.months[m - 1]!.triggerProbability.second_support_manager);
    }
  });

  it("rejects a bad scenario with a message naming the field", () => {
    expect(() => simulate(mergeScenario(flatScenario(), { horizonMonths: 40 }), calendar, { runs: 1, seed: 1 })).toThrow(/horizonMonths/);
    expect(() => mergeScenario(flatScenario(), { nonsense: 1 } as never)).toThrow(/nonsense/);
    expect(() => simulate(mergeScenario(flatScenario(), { startMonth: "2031-01" }), calendar, { runs: 1, seed: 1 })).toThrow(/2031-01/);
  });
});

describe("summaries and hiring advice", () => {
  it("quantiles interpolate between order statistics", () => {
    expect(quantileSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.1)).toBe(2);
    expect(quantileSorted([0, 10], 0.9)).toBe(9);
  });

  it("vacancy date = first month with P(SLA missed) > threshold − lead time − ramp-up", () => {
    const s = flatScenario();
    const months = ["2027-03", "2027-04", "2027-05", "2027-06", "2027-07", "2027-08"].map(
      (month, i) => ({ month, slaMissProbability: [0.05, 0.1, 0.15, 0.25, 0.6, 0.9][i]!, triggerProbability: { second_support_manager: i >= 4 ? 0.7 : 0.1, second_success_manager: 0, second_engineer: 0, implementation_assistant: 0 } }) as unknown as MonthSummary,
    );
    const advice = hiringAdvice(months, s);
    expect(advice.slaBreachMonth).toBe("2027-06");
    expect(advice.openVacancyBy).toBe("2027-03");
    expect(advice.alreadyLate).toBe(false);
    expect(advice.triggers.second_support_manager.firstLikelyMonth).toBe("2027-07");
    const late = hiringAdvice(months, mergeScenario(s, { hiring: { slaMissProbabilityThreshold: 0.01 } }));
    expect(late.slaBreachMonth).toBe("2027-03");
    expect(late.openVacancyBy).toBe("2026-12");
    expect(late.alreadyLate).toBe(true);
    // the scenario starts 2027-03: the decision is taken in 2027-02, so a vacancy due then is not late yet
    const due = hiringAdvice(months, mergeScenario(s, { hiring: { slaMissProbabilityThreshold: 0.12 } }));
    expect([due.slaBreachMonth, due.openVacancyBy, due.alreadyLate]).toEqual(["2027-05", "2027-02", false]);
  });

  it("diff + merge round-trips a scenario (the URL form)", () => {
    const base = flatScenario();
    const edited = preset400Tickets(mergeScenario(base, { staff: { support_manager: 2 }, hires: [{ role: "success_manager", month: "2027-05" }] }));
    const diff = diffScenario(base, edited);
    expect(Object.keys(diff).sort()).toEqual(["clients", "hires", "name", "staff"]);
    expect(mergeScenario(base, diff)).toEqual(edited);
  });
});

describe("implementation projects", () => {
  it("concurrent projects = project-days of the month / days; hours = projects × weeks × hours a week (steady state)", () => {
    const { calendar } = simulatorCalendar("2027-03", 13, settings.calendar);
    const s = mergeScenario(flatScenario(), { horizonMonths: 6, clients: { initial: 10 }, projects: { perMonth: 5, weeks: 4, implementationHoursPerProjectWeek: 8 } });
    const sum = summarize(simulate(s, calendar, { runs: 2000, seed: 8 }));
    // August 2027 (31 days) after July (31 days): a 28-day project started uniformly in August spends
    // on average (3·28 + 28²/2)/31 = 476/31 days in August, one started in July spills (28²/2)/31 =
    // 392/31 days into August: 28 project-days per project → 5 × 28 / 31 concurrent projects
    // no cold start: March 2027, the first month, also has the projects started in February (28 days)
    // still running: on average 28 − 14 = 14 days each in March, beside 476/31 days of each March start
    const march = sum.months[0]!;
    expect(march.month).toBe("2027-03");
    expect(Math.abs(march.metrics.concurrent_projects.mean - (5 * 14 + (5 * 476) / 31) / 31)).toBeLessThan(0.1);
    const aug = sum.months[5]!;
    expect(aug.month).toBe("2027-08");
    expect(Math.abs(aug.metrics.concurrent_projects.mean - (5 * 28) / 31)).toBeLessThan(0.1);
    // implementation hours: 5 × 4 weeks × 8 h = 160 h a month in the long run
    const workHours = calendar.months[5]!.staffNormMinutes! / 60;
    expect(Math.abs(aug.metrics.util_implementation_manager.mean - 160 / (workHours * s.productiveShare))).toBeLessThan(0.03);
  });
});
