import { describe, expect, it } from "vitest";
import { loadSettings } from "../loaders/settings.ts";
import { defaultScenario } from "../loaders/simulator/defaults.ts";
import { run as runCli } from "../loaders/cli/simulate.ts";
import { businessMinuteOf, simulate } from "../src/core/simulator/engine.ts";
import { EMPLOYER_CONTRIBUTIONS_SHARE, employerCostRub, proposedHires, hireCost, paidMonths } from "../src/components/simulator/hiring-case.ts";
import { decodeUrlState, diffScenario, encodeUrlState, mergeScenario } from "../src/core/simulator/scenario.ts";
import { simulateQueueOnly } from "../src/core/simulator/queue-only.ts";
import { summarize } from "../src/core/simulator/summary.ts";
import type { SimulationSummary } from "../src/core/simulator/types.ts";
import { calendar24x7 } from "../src/core/simulator/working-calendar.ts";

const settings = loadSettings();

describe("arrival → business minute", () => {
  // three days: Friday 540 min (09:00–18:00), Saturday off, Monday 480 min (shortened)
  const dayWork = Float64Array.from([540, 0, 480]);
  const cum = Float64Array.from([0, 540, 540, 1020]);
  it("inside, before and after the window, and on a day off", () => {
    expect(businessMinuteOf(dayWork, cum, 540, 0, 17 * 60 + 30)).toBe(510); // Fri 17:30
    expect(businessMinuteOf(dayWork, cum, 540, 0, 8 * 60)).toBe(0); // Fri 08:00 → 09:00
    expect(businessMinuteOf(dayWork, cum, 540, 0, 18 * 60)).toBe(540); // Fri 18:00 → Mon 09:00
    expect(businessMinuteOf(dayWork, cum, 540, 1, 12 * 60)).toBe(540); // Saturday → Mon 09:00
    expect(businessMinuteOf(dayWork, cum, 540, 2, 16 * 60 + 59)).toBe(540 + 479); // Mon 16:59, the last minute
    expect(businessMinuteOf(dayWork, cum, 540, 2, 17 * 60)).toBe(1020); // Mon 17:00 is after a shortened day
  });
});

describe("SLA counting in the engine", () => {
  const cal = calendar24x7("2027-01", 3);
  const base = mergeScenario(defaultScenario(settings, "2027-01"), {
    horizonMonths: 2,
    clients: { initial: 300, growth: { mode: "projects" }, churnRatePerMonth: 0 },
    projects: { perMonth: 0 },
    tickets: { perClientMonth: 1, weekdayProfile: [1, 1, 1, 1, 1, 1, 1], hourProfile: new Array(24).fill(1), holidayFactor: 1 },
    staff: { support_manager: 60 },
    productiveShare: 1,
    absences: { enabled: false },
    effort: { distribution: "lognormal", byPriority: { emergency: { mu: 5, sigma: 0.5 }, standard: { mu: 7, sigma: 0.5 }, consultation: { mu: 7.5, sigma: 0.8 } } },
  });

  it("with no queue (60 agents), compliance = P(effort ≤ target) of the lognormal", () => {
    const sum = summarize(simulate(base, cal, { runs: 300, seed: 4 }));
    const phi = (z: number): number => 0.5 * (1 + erf(z / Math.SQRT2));
    const expected = {
      emergency: phi((Math.log(240) - 5) / 0.5),
      standard: phi((Math.log(1440) - 7) / 0.5),
      consultation: phi((Math.log(2880) - 7.5) / 0.8),
    };
    const month = sum.months[0]!.metrics;
    // ≈ 300 runs × 300 tickets × share: binomial standard error of the pooled share
    for (const [p, metric, share] of [["emergency", month.sla_emergency, 0.075], ["standard", month.sla_standard, 0.65], ["consultation", month.sla_consultation, 0.275]] as const) {
      const n = 300 * 300 * share;
      const se = Math.sqrt((expected[p] * (1 - expected[p])) / n);
      expect(Math.abs(metric.mean - expected[p])).toBeLessThan(5 * se + 0.002);
    }
    // every emergency answered at once
    expect(month.response_emergency.p10).toBe(1);
    // 5 calendar days = 7 200 minutes on a 24×7 clock: P(effort ≤ 7200)
    expect(Math.abs(month.limit_consultation.mean - phi((Math.log(7200) - 7.5) / 0.8))).toBeLessThan(0.01);
  });

  it("tiny effort meets every SLA; huge effort meets none and piles up a backlog", () => {
    const tiny = summarize(simulate(mergeScenario(base, { effort: { distribution: "exponential", meanMinutes: { emergency: 0.01, standard: 0.01, consultation: 0.01 } } }), cal, { runs: 20, seed: 1 }));
    expect(tiny.months[0]!.metrics.sla_standard.p10).toBe(1);
    expect(tiny.months[0]!.slaMissProbability).toBe(0);
    const huge = summarize(
      simulate(mergeScenario(base, { staff: { support_manager: 1 }, effort: { distribution: "exponential", meanMinutes: { emergency: 5000, standard: 5000, consultation: 5000 } } }), cal, { runs: 20, seed: 1 }),
    );
    expect(huge.months[1]!.metrics.sla_standard.p90).toBeLessThan(0.05);
    expect(huge.months[1]!.slaMissProbability).toBe(1);
    expect(huge.months[1]!.metrics.backlog.p50).toBeGreaterThan(huge.months[0]!.metrics.backlog.p50);
  });
});

function erf(x: number): number {
  // erfc by the Chebyshev fit of Numerical Recipes (relative error < 1.2e-7)
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y =
    1 -
    t *
      Math.exp(
        -x * x -
          1.26551223 +
          t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
      );
  return x >= 0 ? y : -y;
}

describe("URL state and the hiring case", () => {
  it("URL fragment round-trips; a damaged one gives a Russian message", () => {
    const base = defaultScenario(settings, "2027-01");
    const edited = mergeScenario(base, { staff: { support_manager: 2 }, name: "Два менеджера" });
    const hash = encodeUrlState({ diff: diffScenario(base, edited), runs: 500, seed: 7 });
    const state = decodeUrlState(hash)!;
    expect(state.runs).toBe(500);
    expect(state.seed).toBe(7);
    expect(mergeScenario(base, state.diff)).toEqual(edited);
    expect(decodeUrlState("")).toBeNull();
    expect(() => decodeUrlState("#sim=%7Bnot-json")).toThrow(/повреждён/);
  });

  it("proposed hires: start = need − ramp-up (not before a vacancy opened now is filled), vacancy = need − ramp-up − lead time; cost = salary × paid months", () => {
    const scenario = defaultScenario(settings, "2027-01");
    const none = { firstLikelyMonth: null, probabilityAtHorizon: 0, openVacancyBy: null };
    const summary = {
      scenario,
      advice: {
        slaBreachMonth: "2027-06",
        slaBreachProbability: 0.4,
        openVacancyBy: "2027-03",
        alreadyLate: false,
        triggers: {
          second_support_manager: { firstLikelyMonth: "2027-08", probabilityAtHorizon: 0.9, openVacancyBy: "2027-05" },
          second_success_manager: none,
          second_engineer: { firstLikelyMonth: "2027-01", probabilityAtHorizon: 1, openVacancyBy: "2026-10" },
          implementation_assistant: none,
        },
      },
    } as unknown as SimulationSummary;
    const hires = proposedHires(summary);
    // lead time 2 months, ramp-up 1; the decision is taken in 2026-12 (the month before 2027-01)
    expect([scenario.hiring.leadTimeMonths, scenario.hiring.rampUpMonths]).toEqual([2, 1]);
    expect(hires).toEqual([
      { role: "support_manager", month: "2027-05", neededFrom: "2027-06", openVacancyBy: "2027-03", vacancyOverdue: false, startDelayMonths: 0, reason: "sla" },
      // needed 2027-01, so due to start 2026-12: the vacancy should have opened 2026-10; opened now
      // (2026-12) it is filled 2027-02, two months after the due start
      { role: "senior_engineer", month: "2027-02", neededFrom: "2027-01", openVacancyBy: "2026-10", vacancyOverdue: true, startDelayMonths: 2, reason: "second_engineer" },
    ]);
    // horizon 12 months from 2027-01: a hire starting 2027-05 is paid May…December = 8 months
    expect(paidMonths(hires[0]!, "2027-01", 12)).toBe(8);
    expect(hireCost(hires[0]!, 120_000, "2027-01", 12)).toBe(960_000);
    expect(hireCost(hires[0]!, null, "2027-01", 12)).toBeNull();
    // to the employer: + 30 % single tariff + 0.2 % injury insurance
    expect(employerCostRub(960_000, EMPLOYER_CONTRIBUTIONS_SHARE)).toBeCloseTo(1_249_920, 6);
    expect(employerCostRub(960_000, 0)).toBe(960_000);
    expect(employerCostRub(null, EMPLOYER_CONTRIBUTIONS_SHARE)).toBeNull();
    expect(employerCostRub(960_000, -0.1)).toBeNull();
  });
});

describe("simulate CLI", () => {
  async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const w1 = process.stdout.write.bind(process.stdout);
    const w2 = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => ((err += chunk), true)) as typeof process.stderr.write;
    try {
      const code = await runCli(args);
      return { code, out, err };
    } finally {
      process.stdout.write = w1;
      process.stderr.write = w2;
    }
  }

  it("--erlang --json prints the simulated and the Erlang C figures", async () => {
    const { code, out } = await capture(["--erlang", "--arrivals-per-hour", "12", "--aht-minutes", "10", "--agents", "3", "--answer-within-minutes", "5", "--hours", "300", "--runs", "4", "--seed", "3", "--json"]);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    const direct = simulateQueueOnly({ arrivalsPerHour: 12, ahtMinutes: 10, agents: 3, answerWithinMinutes: 5, hours: 300, runs: 4, seed: 3 });
    expect(json.p_wait).toBe(direct.pWait);
    expect(json.service_level).toBe(direct.serviceLevel);
    expect(json.utilization).toBe(direct.utilization);
    expect(json.mean_wait_minutes).toBe(direct.meanWaitMinutes);
    expect(json.erlang_c.p_wait).toBeCloseTo(4 / 9, 12);
    expect(json.erlang_c.mean_wait_minutes).toBeCloseTo(40 / 9, 10);
  });

  it("--scenario on the sample file (settings base) is deterministic; bad input names the problem", async () => {
    const args = ["--scenario", "scenarios/400-tickets.json", "--base", "settings", "--runs", "30", "--seed", "5", "--json"];
    const a = await capture(args);
    const b = await capture(args);
    expect(a.code).toBe(0);
    const sa = JSON.parse(a.out);
    const sb = JSON.parse(b.out);
    delete sa.elapsedMs;
    delete sb.elapsedMs;
    expect(sa).toEqual(sb);
    expect(sa.months).toHaveLength(12);
    expect(sa.scenario.hires).toEqual([{ role: "support_manager", month: "2027-06" }]);
    const bad = await capture(["--erlang", "--arrivals-per-hour", "x"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--arrivals-per-hour/);
    const missing = await capture(["--scenario", "scenarios/nope.json", "--base", "settings"]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\.json/);
  });
});
