/**
 * NPS over the trailing 12 months and its 95 % margin of error, on hand-computed answers.
 */
import { afterEach, describe, expect, it } from "vitest";
import { makeContext } from "../loaders/metrics/context.ts";
import { npsByMonth, npsFromCounts } from "../loaders/metrics/nps.ts";
import { createTestDb, insertRows, testSettings, type TestDb } from "./metrics-helpers.ts";

const now = new Date("2026-06-30T12:00:00Z");
let db: TestDb | undefined;
afterEach(() => db?.close());

describe("npsFromCounts", () => {
  it("5 promoters, 3 passives, 2 detractors → NPS 30 ± 48.4", () => {
    const r = npsFromCounts(5, 3, 2);
    expect(r.score).toBeCloseTo(30, 10);
    // p+ = 0.5, p− = 0.2: 1.96·sqrt((0.5 + 0.2 − 0.3²)/10)·100 = 1.96·sqrt(0.061)·100
    expect(r.margin_of_error).toBeCloseTo(1.96 * Math.sqrt(0.061) * 100, 10);
    expect(r.margin_of_error).toBeCloseTo(48.408, 3);
  });
  it("all promoters → 100 ± 0; all detractors → −100; no answers → null", () => {
    expect(npsFromCounts(4, 0, 0)).toEqual({ score: 100, margin_of_error: 0 });
    expect(npsFromCounts(0, 0, 3).score).toBe(-100);
    expect(npsFromCounts(0, 0, 0)).toEqual({ score: null, margin_of_error: null });
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
    const result = await npsByMonth(makeContext(db.connection, testSettings(), ["2026-06", "2025-07"], now));
    const june = result.get("2026-06")!;
    // 2 promoters, 1 passive, 1 detractor: (2 − 1)/4 = 25
    expect(june.responses).toBe(4);
    expect([june.promoters, june.passives, june.detractors]).toEqual([2, 1, 1]);
    expect(june.score).toBeCloseTo(25, 10);
    // p+ = .5, p− = .25: 1.96·sqrt((.75 − .0625)/4)·100
    expect(june.margin_of_error).toBeCloseTo(1.96 * Math.sqrt(0.6875 / 4) * 100, 10);
    expect(june.window_start).toBe("2025-07-01");
    // window 2024-08-01 … 2025-07-31: r0 (detractor) and r1 (promoter) → 0
    const july = result.get("2025-07")!;
    expect(july.responses).toBe(2);
    expect(july.score).toBe(0);
  });

  it("is null (not 0) when the NPS export is empty", async () => {
    db = await createTestDb(["nps"]);
    const june = (await npsByMonth(makeContext(db.connection, testSettings(), ["2026-06"], now))).get("2026-06")!;
    expect(june.score).toBeNull();
    expect(june.margin_of_error).toBeNull();
    expect(june.responses).toBeNull();
  });

  it("reports 0 responses and a null score when answers exist only outside the window", async () => {
    db = await createTestDb(["nps"]);
    await insertRows(db.connection, "nps", [{ response_id: "r", client_id: "c", answered_at: "2024-01-10", score: 9 }]);
    const june = (await npsByMonth(makeContext(db.connection, testSettings(), ["2026-06"], now))).get("2026-06")!;
    expect(june.responses).toBe(0);
    expect(june.score).toBeNull();
  });
});
