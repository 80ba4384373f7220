/**
 * The staffing model's hot-path parts checked against their plain definitions: the one-agent
 * queue against the general queue, the effort tables against the exact distribution, the hour
 * cells' business minutes against businessMinuteOf, the calendar-limit test against the finish's
 * calendar minute.
 */
import { describe, expect, it } from "vitest";
import { loadSettings } from "../loaders/settings.ts";
import { defaultScenario } from "../loaders/simulator/defaults.ts";
import { simulatorCalendar } from "../loaders/simulator/calendar.ts";
import { CELL_INSIDE, CELL_LOOKUP_BINS, CELL_PARTIAL } from "../src/core/simulator/arrival-cells.ts";
import { EFFORT_BINS, effortQuantile, effortTables, normalQuantile } from "../src/core/simulator/effort-table.ts";
import { businessMinuteOf, METRIC_COUNT, prepareModel, runSupportQueue, RunWorkspace, simulateRuns } from "../src/core/simulator/engine.ts";
import { buildPriorityLists } from "../src/core/simulator/priority-lists.ts";
import { Rng, runSeed } from "../src/core/simulator/prng.ts";
import { QueueWorkspace, runMultiAgentQueue, runQueue, type QueueInput } from "../src/core/simulator/queue.ts";
import { runSingleAgentQueue } from "../src/core/simulator/queue-single.ts";
import { drawArrivals } from "../src/core/simulator/run-arrivals.ts";
import { drawClientsAndProjects } from "../src/core/simulator/run-clients.ts";
import { businessAtCalendar } from "../src/core/simulator/run-outcomes.ts";
import { limitSureMinutes } from "../src/core/simulator/limit-sure.ts";
import { calendar24x7 } from "../src/core/simulator/working-calendar.ts";
import { benchModel } from "../bench/simulator.ts";
import { drawRunParameters } from "../src/core/simulator/run-parameters.ts";
import { mergeScenario } from "../src/core/simulator/scenario.ts";

const settings = loadSettings();

function randomQueue(rng: Rng, n: number, load: number, preemptive: boolean, joinsAt: number): QueueInput {
  const arrival = new Float64Array(n);
  const priority = new Uint8Array(n);
  const work = new Float64Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    // ties on purpose: every fifth arrival at the same minute as the one before
    if (i % 5 !== 0) t += rng.exponential() * 10;
    arrival[i] = Math.round(t);
    const u = rng.uniform();
    priority[i] = u < 0.1 ? 0 : u < 0.7 ? 1 : 2;
    work[i] = i % 7 === 0 ? 10 * load : rng.exponential() * 10 * load;
  }
  return { count: n, arrival, priority, work, start: new Float64Array(n), finish: new Float64Array(n), agents: 1, agentFrom: Float64Array.from([joinsAt]), preemptive };
}

describe("one-agent queue", () => {
  it("gives the general queue's starts and finishes exactly (ties, preemption, an agent who joins later; 600 queues)", () => {
    const rng = new Rng(5);
    let preemptions = 0;
    for (let k = 0; k < 600; k++) {
      const a = randomQueue(rng, 50 + (k % 200), [0.5, 0.95, 1.3][k % 3]!, k % 2 === 0, k % 4 === 0 ? 300 : 0);
      const b = { ...a, work: a.work.slice(), start: new Float64Array(a.count), finish: new Float64Array(a.count) };
      const pa = runSingleAgentQueue(a, new QueueWorkspace());
      const pb = runMultiAgentQueue(b, new QueueWorkspace());
      expect(pa).toBe(pb);
      expect(a.start).toEqual(b.start);
      expect(a.finish).toEqual(b.finish);
      preemptions += pa;
    }
    expect(preemptions).toBeGreaterThan(100);
  });

  it("runQueue takes it for one agent", () => {
    const input = randomQueue(new Rng(9), 100, 0.9, true, 0);
    const copy = { ...input, work: input.work.slice(), start: new Float64Array(100), finish: new Float64Array(100) };
    runQueue(input, new QueueWorkspace());
    runSingleAgentQueue(copy, new QueueWorkspace());
    expect(input.finish).toEqual(copy.finish);
  });
});

describe("effort tables", () => {
  it("normalQuantile inverts Φ to ~1e-9 (known values)", () => {
    const known: Array<[number, number]> = [
      [0.5, 0],
      [0.975, 1.959963984540054],
      [0.841344746068543, 1],
      [0.001, -3.090232306167814],
      [1e-9, -5.997807015007687],
    ];
    for (const [p, z] of known) expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1e-8 * Math.max(1, Math.abs(z)));
  });

  it("table + exact tail: the lognormal's and the exponential's mean, median and P90 within 0.2 % (10⁶ draws each)", () => {
    const cases = [
      { lognormal: true, a: Math.log(20) - 0.32, b: 0.8, mean: 20 * Math.exp(0.32 - 0.32), median: 20 * Math.exp(-0.32), p90: Math.exp(Math.log(20) - 0.32 + 0.8 * 1.2815515655446004) },
      { lognormal: false, a: 25, b: 0, mean: 25, median: 25 * Math.LN2, p90: 25 * Math.log(10) },
    ];
    for (const c of cases) {
      const table = effortTables(c.lognormal, Float64Array.from([c.a, c.a, c.a]), Float64Array.from([c.b, c.b, c.b]));
      const rng = new Rng(3);
      const n = 1_000_000;
      const draws = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = rng.uniform() * EFFORT_BINS;
        const bin = x | 0;
        draws[i] = bin < EFFORT_BINS - 1 ? table[bin]! + (x - bin) * (table[bin + 1]! - table[bin]!) : effortQuantile(c.lognormal, c.a, c.b, x / EFFORT_BINS);
      }
      const mean = draws.reduce((s, v) => s + v, 0) / n;
      draws.sort();
      expect(Math.abs(mean / c.mean - 1)).toBeLessThan(0.002 + 4 / Math.sqrt(n) * (c.lognormal ? 0.9 : 1));
      expect(Math.abs(draws[n / 2]! / c.median - 1)).toBeLessThan(0.005);
      expect(Math.abs(draws[0.9 * n]! / c.p90 - 1)).toBeLessThan(0.005);
    }
  });

  it("the table points are the exact quantiles; the interpolation between them errs < 0.1 % inside the body", () => {
    const a = Math.log(12);
    const table = effortTables(true, Float64Array.from([a, a, a]), Float64Array.from([0.8, 0.8, 0.8]));
    for (const i of [1, 100, 512, 900, 1000]) expect(table[i]).toBeCloseTo(effortQuantile(true, a, 0.8, i / EFFORT_BINS), 12);
    for (let v = 0.01; v < 0.99; v += 0.01) {
      const x = v * EFFORT_BINS;
      const bin = x | 0;
      const interpolated = table[bin]! + (x - bin) * (table[bin + 1]! - table[bin]!);
      expect(Math.abs(interpolated / effortQuantile(true, a, 0.8, v) - 1)).toBeLessThan(0.001);
    }
  });
});

describe("hour cells and the calendar limit", () => {
  const calendar = simulatorCalendar("2027-01", 13, settings.calendar, undefined, settings.workload.hours_per_week ?? 40).calendar;
  // a window starting at 09:30 puts the window's ends inside hour cells
  const offset = { ...calendar, workdayStartMinute: 570 };
  const scenario = mergeScenario(defaultScenario(settings, "2027-01"), { horizonMonths: 12 });

  it("a cell's business minute equals businessMinuteOf at every minute (windows from 09:00 and 09:30)", () => {
    for (const cal of [calendar, offset]) {
      const model = prepareModel(scenario, cal);
      const { business, kind, slope } = model.cells;
      let partial = 0;
      for (let cell = 0; cell < model.totalDays * 24; cell++) {
        const day = (cell / 24) | 0;
        if (kind[cell] === CELL_PARTIAL) {
          partial++;
          continue;
        }
        for (const into of [0, 17.25, 59.5]) {
          const expected = businessMinuteOf(model.dayWorkMinutes, model.cumBusiness, cal.workdayStartMinute, day, (cell - day * 24) * 60 + into);
          expect(business[cell]! + into * slope[cell]!).toBeCloseTo(expected, 9);
          expect(slope[cell]).toBe(kind[cell] === CELL_INSIDE ? 1 : 0);
        }
      }
      expect(partial).toBe(cal === offset ? 2 * model.dayWorkMinutes.filter((w) => w > 0).length : 0);
    }
  });

  it("the share lookup starts every search at or before the share's cell: the first cell above the bin's start (12 months × 8,192 bins, 20,000 shares)", () => {
    const model = prepareModel(scenario, calendar);
    const { cumShare, cellAt } = model.cells;
    /** the first cell of month m with cumShare > u, by a plain walk */
    const cellOf = (m: number, u: number): number => {
      let c = model.monthFirstDay[m]! * 24;
      while (cumShare[c]! <= u) c++;
      return c;
    };
    const rng = new Rng(11);
    for (let m = 0; m < model.horizon; m++) {
      for (let j = 0; j < CELL_LOOKUP_BINS; j++) expect(cellAt[m * CELL_LOOKUP_BINS + j]).toBe(cellOf(m, j / CELL_LOOKUP_BINS));
      for (let k = 0; k < 20_000 / model.horizon; k++) {
        const u = rng.uniform();
        const from = cellAt[m * CELL_LOOKUP_BINS + ((u * CELL_LOOKUP_BINS) | 0)]!;
        expect(from).toBeLessThanOrEqual(cellOf(m, u));
        expect(from).toBeGreaterThanOrEqual(model.monthFirstDay[m]! * 24);
      }
    }
  });

  it("f ≤ businessAtCalendar(X) exactly when the finish's calendar minute is ≤ X (inside and past the horizon)", () => {
    const model = prepareModel(scenario, calendar);
    const T = model.totalDays;
    const cumBiz = model.cumBusiness;
    const bizEnd = cumBiz[T]!;
    // the calendar minute of business minute f: the last day d with cumBiz[d] < f
    const calendarOf = (f: number): number => {
      if (f >= bizEnd) return T * 1440 + (f - bizEnd) / (bizEnd / (T * 1440));
      let d = 0;
      while (d + 1 < T && cumBiz[d + 1]! < f) d++;
      return d * 1440 + calendar.workdayStartMinute + (f - cumBiz[d]!);
    };
    const rng = new Rng(11);
    for (let k = 0; k < 5000; k++) {
      const f = rng.uniform() * bizEnd * 1.05 + 0.5;
      const x = rng.uniform() * T * 1440 * 1.05;
      expect(f <= businessAtCalendar(model, x)).toBe(calendarOf(f) <= x);
    }
  });
});

describe("the calendar limit's floor", () => {
  const calendar = simulatorCalendar("2027-01", 13, settings.calendar, undefined, settings.workload.hours_per_week ?? 40).calendar;

  /** least gap over 20,000 random minutes and every corner of each month (ends, windows, a limit before them) */
  function check(model: ReturnType<typeof prepareModel>, limit: number, p: number): void {
    const sure = limitSureMinutes(model, limit);
    const gap = (x: number): number => businessAtCalendar(model, x + limit) - businessAtCalendar(model, x);
    const rng = new Rng(17);
    const least = new Float64Array(model.horizon).fill(Number.POSITIVE_INFINITY);
    const at = (x: number): void => {
      const m = model.months.findIndex((_, k) => x >= model.monthFirstDay[k]! * 1440 && x < model.monthFirstDay[k + 1]! * 1440);
      if (m >= 0) least[m] = Math.min(least[m]!, gap(x));
    };
    for (let k = 0; k < 20_000; k++) at(rng.uniform() * model.totalDays * 1440);
    for (let d = 0; d < model.totalDays; d++) {
      for (const x of [d * 1440, d * 1440 + model.workdayStartMinute, d * 1440 + model.workdayStartMinute + model.dayWorkMinutes[d]!]) {
        at(x);
        at(x - limit);
        at(x + 0.5);
      }
    }
    for (let m = 0; m < model.horizon; m++) {
      // a floor, and the least gap itself (a corner attains it)
      expect(least[m]!, `month ${m}, limit ${limit}`).toBeGreaterThanOrEqual(sure[m]!);
      expect(least[m]! - sure[m]!, `month ${m}, limit ${limit}`).toBeLessThan(1e-3);
      expect(model.limitSureMinutes[m * 3 + p]).toBe(p === 0 ? Number.NEGATIVE_INFINITY : sure[m]);
    }
  }

  it("is the least business time the limit leaves a ticket arriving in the month (production calendar, limits of 5 and 2.3 days)", () => {
    const model = prepareModel(mergeScenario(defaultScenario(settings, "2027-01"), { horizonMonths: 12, sla: { limitCalendarDays: { standard: 5, consultation: 2.3 } } }), calendar);
    check(model, 5 * 1440, 1);
    check(model, 2.3 * 1440, 2);
    expect(Array.from(limitSureMinutes(model, Number.POSITIVE_INFINITY)).every((v) => v === Number.NEGATIVE_INFINITY)).toBe(true);
  });

  it("a ticket resolved within it is within the limit by its deadline too (20 runs, every ticket)", () => {
    const bench = benchModel();
    const model = prepareModel(bench.scenario, bench.calendar);
    const ws = new RunWorkspace();
    let sure = 0;
    let limited = 0;
    for (let r = 0; r < 20; r++) {
      const rng = new Rng(runSeed(9, r));
      drawRunParameters(model.scenario, rng, ws.run);
      drawClientsAndProjects(model, rng, ws);
      const n = drawArrivals(model, rng, ws);
      runSupportQueue(model, ws, n);
      const { arrival, arrivalCalendar, finish, priority } = ws.buffers;
      for (let i = 0, m = 0; i < n; i++) {
        while (i >= ws.monthEnd[m]!) m++;
        const p = priority[i]!;
        if (p !== 0) limited++;
        if (p === 0 || !(finish[i]! - arrival[i]! <= model.limitSureMinutes[m * 3 + p]!)) continue;
        sure++;
        expect(finish[i]!).toBeLessThanOrEqual(businessAtCalendar(model, arrivalCalendar[i]! + model.limitMinutes[p]!));
      }
    }
    // most tickets are settled by the floor
    expect(sure).toBeGreaterThan(0.5 * limited);
  });

  it("is it on the 24×7 calendar too (the horizon's end inside the last month's limit)", () => {
    const model = prepareModel(mergeScenario(defaultScenario(settings, "2027-01"), { horizonMonths: 3, sla: { limitCalendarDays: { standard: 5, consultation: 0.25 } } }), calendar24x7("2027-01", 3));
    check(model, 5 * 1440, 1);
    check(model, 0.25 * 1440, 2);
  });
});

describe("priority lists", () => {
  const benchLike = mergeScenario(defaultScenario(settings, "2027-01"), { startMonth: "2027-01", horizonMonths: 12, clients: { initial: 400, growth: { mode: "projects" }, churnRatePerMonth: 0 }, projects: { perMonth: 0 } });
  const calendar12 = simulatorCalendar("2027-01", 13, settings.calendar, undefined, settings.workload.hours_per_week ?? 40).calendar;

  it("the draw writes each priority's tickets in arrival order, as buildPriorityLists does (20 runs)", () => {
    const model = prepareModel(benchLike, calendar12);
    const ws = new RunWorkspace();
    const check = new QueueWorkspace();
    for (let r = 0; r < 20; r++) {
      const rng = new Rng(runSeed(3, r));
      drawRunParameters(model.scenario, rng, ws.run);
      drawClientsAndProjects(model, rng, ws);
      const n = drawArrivals(model, rng, ws);
      expect(ws.listsDrawn).toBe(true);
      buildPriorityLists(check, ws.buffers.priority, n);
      for (let p = 0; p < 3; p++) {
        const drawn = ws.queue.ring.subarray(p * ws.queue.capacity, ws.queue.listEnd[p]);
        expect(Array.from(drawn)).toEqual(Array.from(check.ring.subarray(p * check.capacity, check.listEnd[p])));
      }
    }
  });

  it("a run whose tickets outgrow the buffers' first room gives the same values (its lists built after the draw)", () => {
    const model = prepareModel(benchLike, calendar12);
    const size = model.horizon * METRIC_COUNT;
    const roomy = new Float64Array(size);
    simulateRuns(model, new RunWorkspace(), 5, 0, 1, roomy);
    const ws = new RunWorkspace();
    const ensure = ws.buffers.ensure.bind(ws.buffers);
    let asked = 0;
    // the first room: the buffers' least (4,096), fewer than the run's ~4,800 tickets
    ws.buffers.ensure = (count: number): void => ensure(asked++ === 0 ? 1 : count);
    const cramped = new Float64Array(size);
    simulateRuns(model, ws, 5, 0, 1, cramped);
    expect(asked).toBeGreaterThan(1);
    expect(ws.listsDrawn).toBe(false);
    expect(Array.from(cramped)).toEqual(Array.from(roomy));
  });
});
