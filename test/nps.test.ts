/**
 * NPS over the trailing 12 months and the month's quarter, with the 95 % adjusted-Wald interval, on
 * hand-computed answers.
 */
import { afterEach, describe, expect, it } from "vitest";
import { contextOf } from "./helpers/metric-context.ts";
import { npsByMonth, npsByQuarter, npsFromCounts } from "../loaders/metrics/nps.ts";
import { quarterOf } from "../src/core/months.ts";
import { createTestDb, insertRows, testSettings, type TestDb } from "./metrics-helpers.ts";

const now = new Date("2026-06-30T12:00:00Z");
let db: TestDb | undefined;
afterEach(() => db?.close());

describe("npsFromCounts", () => {
  it("5 promoters, 3 passives, 2 detractors → NPS 30, adjusted-Wald interval −19.1…65.2", () => {
    const r = npsFromCounts(5, 3, 2);
    expect(r.score).toBeCloseTo(30, 10);
    // n' = 13, p'+ = 5.75/13, p'− = 2.75/13, NPS' = 3/13; variance (8.5/13 − (3/13)²)/13
    const half = 1.96 * Math.sqrt((8.5 / 13 - (3 / 13) ** 2) / 13);
    expect(r.margin_of_error).toBeCloseTo(half * 100, 10);
    expect(r.margin_of_error).toBeCloseTo(42.128, 3);
    expect(r.interval_low).toBeCloseTo((3 / 13 - half) * 100, 10);
    expect(r.interval_low).toBeCloseTo(-19.051, 3);
    expect(r.interval_high).toBeCloseTo(65.205, 3);
    // the plain Wald margin would have been 1.96·sqrt((0.5 + 0.2 − 0.3²)/10)·100 = 48.4
  });
  it("a quarter's 45 answers: 25 promoters, 12 passives, 8 detractors → 37.8, interval 13.6…57.2", () => {
    const r = npsFromCounts(25, 12, 8);
    expect(r.score).toBeCloseTo((17 / 45) * 100, 10);
    // n' = 48, p'+ = 25.75/48, p'− = 8.75/48, NPS' = 17/48
    const half = 1.96 * Math.sqrt((34.5 / 48 - (17 / 48) ** 2) / 48);
    expect(r.interval_low).toBeCloseTo((17 / 48 - half) * 100, 10);
    expect(r.interval_high).toBeCloseTo((17 / 48 + half) * 100, 10);
    expect([r.interval_low, r.interval_high, r.margin_of_error].map((v) => Math.round(v! * 10) / 10)).toEqual([13.6, 57.2, 21.8]);
  });
  it("all promoters: 100, the interval clipped at 100; no answers → null", () => {
    const r = npsFromCounts(4, 0, 0);
    expect(r.score).toBe(100);
    // n' = 7, p'+ = 4.75/7, p'− = 0.75/7, NPS' = 4/7: 57.1 ± 50.2 → 6.9 … 100 (not 107.3)
    expect(r.interval_high).toBe(100);
    expect(r.interval_low).toBeCloseTo(6.943, 3);
    expect(npsFromCounts(0, 0, 3).score).toBe(-100);
    expect(npsFromCounts(0, 0, 0)).toEqual({ score: null, margin_of_error: null, interval_low: null, interval_high: null });
  });
  it("names the calendar quarter of a month", () => {
    expect(["2026-01", "2026-03", "2026-04", "2026-11", "2026-12"].map(quarterOf)).toEqual(["2026-Q1", "2026-Q1", "2026-Q2", "2026-Q4", "2026-Q4"]);
  });
});

describe("npsByMonth", () => {
  it("counts the 12 months ending with the month, bounds inclusive", async () => {
    db = await createTestDb(["nps"]);
    await insertRows(db.connection, "nps", [
      { response_id: "r0", client_id: "c", answered_at: "2025-06-30", score: 0 }, // before the window of 2026-06
      { response_id: "r1", client_id: "c", answered_at: "2025-07-01", score: 10 }, // first day of the window
      { response_id: "r2", client_id: "c", answered_at: "2025-12-15", score: 9 },
      { response_id: "r3", client_id: "c", answered_at: "2026-03-01", score: 8 },
      { response_id: "r4", client_id: "c", answered_at: "2026-06-30", score: 6 }, // last day
      { response_id: "r5", client_id: "c", answered_at: "2026-07-01", score: 0 }, // after
    ]);
    const result = await npsByMonth(await contextOf(db.connection, testSettings(), ["2026-06", "2025-07"], now));
    const june = result.get("2026-06")!;
    // 2 promoters, 1 passive, 1 detractor: (2 − 1)/4 = 25
    expect(june.responses).toBe(4);
    expect([june.promoters, june.passives, june.detractors]).toEqual([2, 1, 1]);
    expect(june.score).toBeCloseTo(25, 10);
    // n' = 7, p'+ = 2.75/7, p'− = 1.75/7: 1.96·sqrt((4.5/7 − (1/7)²)/7)·100
    expect(june.margin_of_error).toBeCloseTo(1.96 * Math.sqrt((4.5 / 7 - (1 / 7) ** 2) / 7) * 100, 10);
    expect(june.window_start).toBe("2025-07-01");
    // the quarter of June: 1 April … 30 June → r4 only (a detractor)
    expect(june.quarter).toMatchObject({ quarter: "2026-Q2", responses: 1, score: -100, window_start: "2026-04-01", window_end: "2026-06-30" });
    // the page's quarters: one implementation, the same numbers for a whole quarter
    const quarters = await npsByQuarter(db.connection, "nps");
    expect(quarters.map((q) => [q.quarter, q.responses, q.score])).toEqual([
      ["2025-Q2", 1, -100],
      ["2025-Q3", 1, 100],
      ["2025-Q4", 1, 100],
      ["2026-Q1", 1, 0],
      ["2026-Q2", 1, -100],
      ["2026-Q3", 1, -100],
    ]);
    expect(quarters[4]).toEqual(june.quarter);
    // window 2024-08-01 … 2025-07-31: r0 (detractor) and r1 (promoter) → 0
    const july = result.get("2025-07")!;
    expect(july.responses).toBe(2);
    expect(july.score).toBe(0);
  });

  it("is null (not 0) when the NPS export is empty", async () => {
    db = await createTestDb(["nps"]);
    const june = (await npsByMonth(await contextOf(db.connection, testSettings(), ["2026-06"], now))).get("2026-06")!;
    expect(june.score).toBeNull();
    expect(june.margin_of_error).toBeNull();
    expect(june.responses).toBeNull();
  });

  it("reports 0 responses and a null score when answers exist only outside the window", async () => {
    db = await createTestDb(["nps"]);
    await insertRows(db.connection, "nps", [{ response_id: "r", client_id: "c", answered_at: "2024-01-10", score: 9 }]);
    const june = (await npsByMonth(await contextOf(db.connection, testSettings(), ["2026-06"], now))).get("2026-06")!;
    expect(june.responses).toBe(0);
    expect(june.score).toBeNull();
  });
});
