/**
 * Absences and cover in the staffing model: the leave rules of the Labour Code on random
 * placement, the capacity an absence takes (hand-computed on the production calendar), the head's
 * cover, the capacity clock of the support queue, calibration on the committed sample, determinism.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPipeline, type Pipeline } from "../loaders/pipeline.ts";
import { loadSettings } from "../loaders/settings.ts";
import { calibrate } from "../loaders/simulator/calibrate.ts";
import { defaultScenario } from "../loaders/simulator/defaults.ts";
import { simulatorCalendar } from "../loaders/simulator/calendar.ts";
import { AbsenceWorkspace, drawAbsences, leaveSpan, prepareAbsences, splitLeave } from "../src/core/simulator/absences.ts";
import { CapacityClock, arrivalsToCapacity, buildCapacityClock, resultsToBusiness } from "../src/core/simulator/capacity-clock.ts";
import { METRIC_COUNT, prepareModel, simulate } from "../src/core/simulator/engine.ts";
import { Rng } from "../src/core/simulator/prng.ts";
import { QueueWorkspace, runQueue } from "../src/core/simulator/queue.ts";
import { mergeScenario } from "../src/core/simulator/scenario.ts";
import { coverCase } from "../src/components/simulator/hiring-case.ts";
import { absenceMarks } from "../src/components/simulator/charts.ts";
import { summarize } from "../src/core/simulator/summary.ts";
import { MONTH_METRICS, type Calibration, type Scenario } from "../src/core/simulator/types.ts";

const settings = loadSettings();
const { calendar } = simulatorCalendar("2027-01", 25, settings.calendar);
const IDX = Object.fromEntries(MONTH_METRICS.map((n, i) => [n, i])) as Record<(typeof MONTH_METRICS)[number], number>;
const JULY = 6; // month index of 2027-07 in a horizon from 2027-01

function scenario(patch: Record<string, unknown> = {}): Scenario {
  return mergeScenario(defaultScenario(settings, "2027-01"), {
    clients: { initial: 300, growth: { mode: "projects" }, churnRatePerMonth: 0 },
    tickets: { perClientMonth: 1 },
    horizonMonths: 12,
    ...patch,
  });
}

/** value of a metric in run r, month m */
function at(values: Float64Array, horizon: number, r: number, m: number, metric: keyof typeof IDX): number {
  return values[(r * horizon + m) * METRIC_COUNT + IDX[metric]]!;
}

describe("annual leave on random placement (Трудовой кодекс, ст. 115, 120, 125)", () => {
  it("splitLeave: 28 days in parts, one of at least 14 (2 000 seeds)", () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const parts = splitLeave(new Rng(seed), 28, true, 14);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(28);
      expect(Math.max(...parts)).toBeGreaterThanOrEqual(14);
      expect(parts.every((p) => Number.isInteger(p) && p >= 1)).toBe(true);
      expect(parts.length).toBeLessThanOrEqual(3);
    }
  });

  it("holidays inside a leave extend it: 14 days from 28 Apr 2027 take 16 calendar days (1 and 9 May... on the calendar)", () => {
    const model = prepareModel(scenario(), calendar);
    const plan = model.absences!;
    // 2027: 1 May is a Saturday, 9 May a Sunday — their days off move to Mon 3 May and Mon 10 May,
    // which the production calendar marks as non-working weekdays: both extend the leave
    const start = model.monthFirstDay[3]! + 27; // 28 April
    const span = leaveSpan(plan.holiday, start, 14);
    let holidays = 0;
    for (let d = start; d < start + span; d++) holidays += plan.holiday[d]!;
    expect(span).toBe(14 + holidays);
    expect(holidays).toBe(2);
  });

  it("every person's placed leave: 28 counted days a year, one part ≥ 14, parts apart, the absent days match (500 seeds)", () => {
    const s = scenario({ absences: { sickEpisodesPerYear: 0 } });
    const model = prepareModel(s, calendar);
    const plan = prepareAbsences(s.absences, s.startMonth, { support_manager: 0, success_manager: 0, implementation_manager: 0, senior_engineer: 1 }, model.monthFirstDay, model.dayWorkMinutes, dayWeekdays(model), model.monthStaffNormMinutes)!;
    const ws = new AbsenceWorkspace();
    const staff = [model.staff.support_manager, model.staff.success_manager, model.staff.implementation_manager, model.staff.senior_engineer];
    const T = plan.totalDays;
    for (let seed = 1; seed <= 500; seed++) {
      drawAbsences(plan, seed, ws, staff);
      // one engineer, one leave-year window (the horizon is 12 months): the parts are the runs of
      // taken days in the window (parts never touch: one free day between them)
      const parts: [number, number][] = [];
      for (let d = 0; d < ws.taken.length; d++) {
        if (ws.taken[d] === 1 && (d === 0 || ws.taken[d - 1] === 0)) parts.push([d, 0]);
        if (ws.taken[d] === 1) parts[parts.length - 1]![1]++;
      }
      const counted = parts.map(([start, span]) => {
        let h = 0;
        for (let d = start; d < start + span; d++) h += d < T ? plan.holiday[d]! : 0;
        return span - h;
      });
      expect(counted.reduce((a, b) => a + b, 0)).toBe(28);
      expect(Math.max(...counted)).toBeGreaterThanOrEqual(14);
      for (let i = 1; i < parts.length; i++) expect(parts[i]![0]).toBeGreaterThan(parts[i - 1]![0] + parts[i - 1]![1]);
      // the day-by-day absence of the engineer is exactly the parts' days inside the horizon
      let inside = 0;
      for (const [start, span] of parts) for (let d = start; d < start + span; d++) if (d < T) inside++;
      let marked = 0;
      for (let d = 0; d < T; d++) marked += ws.absent[3 * T + d]!;
      expect(marked).toBe(inside);
    }
  });
});

function dayWeekdays(model: ReturnType<typeof prepareModel>): Uint8Array {
  const out = new Uint8Array(model.totalDays);
  model.months.forEach((cm, m) => cm.workingMinutesByDay.forEach((_, d) => (out[model.monthFirstDay[m]! + d] = ((cm.firstWeekday - 1 + d) % 7) + 1)));
  return out;
}

describe("capacity during an absence (hand-computed on the production calendar)", () => {
  // leave from Mon 5 July 2027, 14 calendar days → 5–18 July: working days 5–9 and 12–16 = 10 days
  // = 80 norm hours; July 2027 has 22 working days, none shortened: a norm of 176 h
  const only14 = { leaveDaysPerYear: 14, sickEpisodesPerYear: 0 };

  it("the engineer away 10 working days without a backup: capacity 176 − 80 = 96 h, load on the time at work × 176/96", () => {
    expect(calendar.months[JULY]!.month).toBe("2027-07");
    expect(calendar.months[JULY]!.staffNormMinutes).toBe(176 * 60);
    const away = scenario({ absences: { ...only14, engineerBackup: false, schedule: [{ role: "senior_engineer", start: "2027-07-05", days: 14 }] } });
    const present = mergeScenario(away, { absences: { enabled: false } });
    const a = simulate(away, calendar, { runs: 50, seed: 7 });
    const b = simulate(present, calendar, { runs: 50, seed: 7 });
    for (let r = 0; r < 50; r++) {
      expect(at(a.values, 12, r, JULY, "absent_days_senior_engineer")).toBe(10);
      expect(at(a.values, 12, r, JULY - 1, "absent_days_senior_engineer")).toBe(0);
      // the same visits (absences draw from a stream of their own), a smaller capacity
      expect(at(a.values, 12, r, JULY, "engineer_hours")).toBe(at(b.values, 12, r, JULY, "engineer_hours"));
      expect(at(a.values, 12, r, JULY, "load_present_senior_engineer") / at(b.values, 12, r, JULY, "load_present_senior_engineer")).toBeCloseTo(176 / 96, 12);
      expect(at(a.values, 12, r, JULY - 1, "load_present_senior_engineer")).toBe(at(b.values, 12, r, JULY - 1, "load_present_senior_engineer"));
      // the utilization keeps the workload KPI's definition (staff × norm): absences do not change it
      expect(at(a.values, 12, r, JULY, "util_senior_engineer")).toBe(at(b.values, 12, r, JULY, "util_senior_engineer"));
      // without absences the load on those at work is the utilization
      expect(at(b.values, 12, r, JULY, "load_present_senior_engineer")).toBeCloseTo(at(b.values, 12, r, JULY, "util_senior_engineer"), 12);
    }
    // with a backup engineer the visits go on: capacity as if present
    const backup = simulate(mergeScenario(away, { absences: { engineerBackup: true } }), calendar, { runs: 5, seed: 7 });
    for (let r = 0; r < 5; r++) expect(at(backup.values, 12, r, JULY, "load_present_senior_engineer")).toBeCloseTo(at(b.values, 12, r, JULY, "load_present_senior_engineer"), 12);
  });

  it("the support manager away: the head covers half — 40 h of his time; the role's capacity 176 − 40 = 136 h", () => {
    // 300 tickets a month × 20 min: the support manager loaded ≈ 0.7 when at work
    const away = scenario({
      effort: { distribution: "exponential", meanMinutes: { emergency: 20, standard: 20, consultation: 20 } },
      absences: { ...only14, headCoverShare: 0.5, schedule: [{ role: "support_manager", start: "2027-07", days: 14 }] },
    });
    // "2027-07" starts on the month's first working day: Thu 1 July → 1–14 July = 10 working days too
    const present = mergeScenario(away, { absences: { enabled: false } });
    const a = simulate(away, calendar, { runs: 100, seed: 3 });
    const b = simulate(present, calendar, { runs: 100, seed: 3 });
    const p = away.productiveShare;
    for (let r = 0; r < 100; r++) {
      expect(at(a.values, 12, r, JULY, "absent_days_support_manager")).toBe(10);
      expect(at(a.values, 12, r, JULY, "head_cover_hours")).toBeCloseTo(40 + 0.5 * 8 * at(a.values, 12, r, JULY, "absent_days_success_manager"), 9);
      expect(at(a.values, 12, r, JULY, "tickets")).toBe(at(b.values, 12, r, JULY, "tickets"));
      expect(at(a.values, 12, r, JULY, "load_present_support_manager") / at(b.values, 12, r, JULY, "load_present_support_manager")).toBeCloseTo(176 / 136, 12);
      expect(at(a.values, 12, r, JULY, "util_support_manager")).toBe(at(b.values, 12, r, JULY, "util_support_manager"));
    }
    const sa = summarize(a);
    const sb = summarize(b);
    const july = (s: typeof sa) => s.months[JULY]!.metrics;
    expect(july(sa).util_head_cover.mean).toBeGreaterThanOrEqual(40 / (176 * p) - 1e-9);
    expect(july(sb).head_cover_hours.mean).toBe(0);
    // a slower queue in July: the wait grows, compliance never improves
    expect(july(sa).mean_wait_minutes.mean).toBeGreaterThan(1.5 * july(sb).mean_wait_minutes.mean);
    expect(july(sa).sla_standard.mean).toBeLessThanOrEqual(july(sb).sla_standard.mean);
  });

  it("the capacity clock: a ticket worked across a half-covered day takes twice its work there (hand-computed)", () => {
    // three 540-minute days, the support manager away on day 1, the head covering half
    const plan = { totalDays: 3, dayMonth: new Uint8Array(3), model: { headCoverShare: 0.5 } } as never;
    const absences = new AbsenceWorkspace();
    absences.absent = Uint8Array.from([0, 1, 0]);
    const clock = new CapacityClock();
    const cumBiz = Float64Array.from([0, 540, 1080, 1620]);
    expect(buildCapacityClock(clock, plan, absences, Float64Array.from([540, 540, 540]), Float64Array.from([1]))).toBe(true);
    // A arrives at 500 with 100 min of work: 40 min on day 0, 60 min of work = 120 min on day 1 → 660
    // B arrives at 600 (day 1) with 30 min: starts when A ends (660), 30 min of work = 60 min → 720
    const arrival = Float64Array.from([500, 600]);
    const agentFrom = arrivalsToCapacity(clock, cumBiz, 3, arrival, 2, new Float64Array(1));
    const input = { count: 2, arrival: clock.arrival, priority: Uint8Array.from([1, 1]), work: Float64Array.from([100, 30]), start: new Float64Array(2), finish: new Float64Array(2), agents: 1, agentFrom, preemptive: false };
    runQueue(input, new QueueWorkspace());
    resultsToBusiness(clock, cumBiz, 3, arrival, input.start, input.finish, 2);
    expect([...arrival]).toEqual([500, 600]);
    expect([...input.start]).toEqual([500, 660]);
    expect([...input.finish]).toEqual([660, 720]);
  });

  it("the capacity clock is exact for one agent: FIFO start = max(arrival, previous finish), ∫ speed over the service = work (random days, 200 seeds)", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rng = new Rng(seed);
      const T = 60;
      const dayWork = Float64Array.from({ length: T }, (_, d) => (d % 7 >= 5 ? 0 : d % 11 === 3 ? 480 : 540));
      const cumBiz = new Float64Array(T + 1);
      for (let d = 0; d < T; d++) cumBiz[d + 1] = cumBiz[d]! + dayWork[d]!;
      const absences = new AbsenceWorkspace();
      absences.absent = Uint8Array.from({ length: 4 * T }, (_, i) => (i < T && rng.uniform() < 0.3 ? 1 : 0));
      const share = 0.2 + 0.6 * rng.uniform();
      const plan = { totalDays: T, dayMonth: new Uint8Array(T), model: { headCoverShare: share } } as never;
      const clock = new CapacityClock();
      if (!buildCapacityClock(clock, plan, absences, dayWork, Float64Array.from([1]))) continue;
      const n = 150;
      const arrival = new Float64Array(n);
      let t = 0;
      for (let i = 0; i < n; i++) arrival[i] = t += rng.exponential() * 150;
      const work = Float64Array.from({ length: n }, () => 1 + rng.exponential() * 60);
      const agentFrom = arrivalsToCapacity(clock, cumBiz, T, arrival, n, new Float64Array(1));
      const input = { count: n, arrival: clock.arrival, priority: new Uint8Array(n).fill(1), work: Float64Array.from(work), start: new Float64Array(n), finish: new Float64Array(n), agents: 1, agentFrom, preemptive: false };
      runQueue(input, new QueueWorkspace());
      resultsToBusiness(clock, cumBiz, T, arrival, input.start, input.finish, n);
      // speed of business minute b: the day's rate inside the horizon, 1 after it
      const worked = (from: number, to: number): number => {
        let sum = 0;
        for (let d = 0; d < T; d++) {
          const lo = Math.max(from, cumBiz[d]!);
          const hi = Math.min(to, cumBiz[d + 1]!);
          if (hi > lo) sum += (hi - lo) * clock.rate[d]!;
        }
        return sum + Math.max(0, to - Math.max(from, cumBiz[T]!));
      };
      for (let i = 0; i < n; i++) {
        expect(input.start[i]).toBeCloseTo(Math.max(arrival[i]!, i > 0 ? input.finish[i - 1]! : 0), 6);
        expect(worked(input.start[i]!, input.finish[i]!)).toBeCloseTo(work[i]!, 6);
      }
    }
  });

  it("a month with nobody of the role at work has no load on those at work (NaN), not infinity; the utilization stays", () => {
    const s = scenario({ absences: { leaveDaysPerYear: 31, leaveLongestPartMinDays: 14, sickEpisodesPerYear: 0, schedule: [{ role: "implementation_manager", start: "2027-07-01", days: 31 }] } });
    const raw = simulate(s, calendar, { runs: 3, seed: 1 });
    for (let r = 0; r < 3; r++) {
      expect(at(raw.values, 12, r, JULY, "load_present_implementation_manager")).toBeNaN();
      expect(at(raw.values, 12, r, JULY, "util_implementation_manager")).toBeGreaterThan(0);
    }
  });
});

describe("the hiring case and the fan-chart marks read the absences", () => {
  const s = scenario({ effort: { distribution: "exponential", meanMinutes: { emergency: 20, standard: 20, consultation: 20 } }, absences: { schedule: [{ role: "support_manager", start: "2027-07", days: 28 }] } });
  const withAbsences = summarize(simulate(s, calendar, { runs: 200, seed: 4 }));
  const everyone = summarize(simulate(mergeScenario(s, { absences: { enabled: false } }), calendar, { runs: 200, seed: 4 }));

  it("a 28-day July leave of the support manager at ≈ 0.7 load: the hire is for cover, not volume", () => {
    // 300 tickets × 20 min = 100 h of 141 h a month: with everyone at work the queue holds; a July
    // with half the capacity for 20 working days does not
    const c = coverCase(withAbsences, everyone);
    expect(everyone.advice.slaBreachMonth).toBeNull();
    expect(c.reason).toBe("cover");
    expect(c.coverMonths).toContain("2027-07");
    expect(c.largestRiseMonth).toMatch(/^2027-0[78]$/);
    expect(c.largestRise).toBeCloseTo(c.maxRiskWithAbsences - everyone.months.find((m) => m.month === c.largestRiseMonth)!.slaMissProbability, 12);
    expect(coverCase(everyone, everyone).reason).toBeNull();
    expect(coverCase(withAbsences, withAbsences).reason).toBe("volume");
  });

  it("absence marks: July for the support manager (P50 of absent days > 0), not the months without a scheduled leave", () => {
    const marks = absenceMarks(withAbsences, "support_manager");
    expect(marks.map((m) => m.month)).toContain("2027-07");
    const july = marks.find((m) => m.month === "2027-07")!;
    expect(july.days).toBeGreaterThanOrEqual(20);
    expect(july.next.toISOString().slice(0, 10)).toBe("2027-08-01");
    expect(marks.length).toBeLessThanOrEqual(3);
    expect(absenceMarks(everyone, "support_manager")).toEqual([]);
  });
});

describe("determinism and validation", () => {
  it("same seed → identical output with absences; another seed moves the leave", () => {
    const s = scenario();
    const a = simulate(s, calendar, { runs: 30, seed: 5 });
    const b = simulate(s, calendar, { runs: 30, seed: 5 });
    expect(Buffer.from(a.values.buffer).equals(Buffer.from(b.values.buffer))).toBe(true);
    const c = simulate(s, calendar, { runs: 30, seed: 6 });
    const days = (v: Float64Array) => Array.from({ length: 12 }, (_, m) => at(v, 12, 0, m, "absent_days_support_manager")).join(",");
    expect(days(c.values)).not.toBe(days(a.values));
  });

  it("a bad absence field is named", () => {
    expect(() => simulate(scenario({ absences: { headCoverShare: 1.5 } }), calendar, { runs: 1, seed: 1 })).toThrow(/absences\.headCoverShare/);
    expect(() => simulate(scenario({ absences: { schedule: [{ role: "support_manager", start: "2027-07", days: 0 }] } }), calendar, { runs: 1, seed: 1 })).toThrow(/absences\.schedule\[0\]\.days/);
    expect(() => simulate(scenario({ absences: { schedule: [{ role: "support_manager", start: "июль", days: 14 }] } }), calendar, { runs: 1, seed: 1 })).toThrow(/ГГГГ-ММ/);
    expect(() => mergeScenario(scenario(), { absences: { vacation: 1 } } as never)).toThrow(/absences\.vacation/);
  });
});

describe("calibration on the committed sample finds the planted vacations", () => {
  const NOW = new Date("2026-11-24T23:59:59+03:00");
  let pipeline: Pipeline;
  let cal: Calibration;
  beforeAll(async () => {
    pipeline = await runPipeline(fileURLToPath(new URL("../data/sample/", import.meta.url)), { now: NOW });
    cal = await calibrate(pipeline.connection, { now: NOW, settings: pipeline.settings });
  }, 120_000);
  afterAll(() => {
    pipeline?.connection.closeSync();
    pipeline?.instance.closeSync();
  });

  const days = (a: string, b: string): number => Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;

  it("the support manager's August (3–14 Aug 2026) and the engineer's July (7–20 Jul 2026), within 3 days", () => {
    expect(cal.absencesFound.map((a) => a.role).sort()).toEqual(["senior_engineer", "support_manager"]);
    const sm = cal.absencesFound.find((a) => a.role === "support_manager")!;
    const eng = cal.absencesFound.find((a) => a.role === "senior_engineer")!;
    expect(sm.person).toBe("Орлова Марина");
    expect(days(sm.from, "2026-08-03")).toBeLessThanOrEqual(3);
    expect(days(sm.to, "2026-08-14")).toBeLessThanOrEqual(3);
    expect(sm.coveredBy).toEqual(["Белов Андрей"]);
    expect(eng.person).toBe("Волков Сергей");
    expect(days(eng.from, "2026-07-07")).toBeLessThanOrEqual(3);
    expect(days(eng.to, "2026-07-20")).toBeLessThanOrEqual(3);
    expect(eng.coveredBy).toEqual(["Никитин Павел"]);
  });

  it("the base scenario schedules them a year on, and a backup engineer (seen in the data) makes the visits", () => {
    const s = cal.baseScenario.absences;
    expect(s.schedule.filter((p) => p.start < "2028")).toEqual([
      { role: "senior_engineer", start: `2027${cal.absencesFound.find((a) => a.role === "senior_engineer")!.from.slice(4)}`, days: cal.absencesFound.find((a) => a.role === "senior_engineer")!.calendarDays },
      { role: "support_manager", start: `2027${cal.absencesFound.find((a) => a.role === "support_manager")!.from.slice(4)}`, days: cal.absencesFound.find((a) => a.role === "support_manager")!.calendarDays },
    ]);
    expect(s.engineerBackup).toBe(true);
    const sum = summarize(simulate(cal.baseScenario, cal.calendar, { runs: 200, seed: 2 }));
    const aug = sum.months.find((m) => m.month === "2027-08")!;
    expect(aug.metrics.absent_days_support_manager.p50).toBeGreaterThanOrEqual(7);
    expect(aug.metrics.head_cover_hours.p50).toBeGreaterThan(0);
  });
});
