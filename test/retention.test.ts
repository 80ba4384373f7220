/**
 * Client counts, logo retention and GRR over the trailing 12 months, and monthly cohort
 * retention, on a hand-made portfolio. Active on day d ⇔ contract_start ≤ d < churned_at.
 */
import { afterEach, describe, expect, it } from "vitest";
import { clientsByMonth, cohortRetention } from "../loaders/metrics/clients.ts";
import { contextOf } from "./helpers/metric-context.ts";
import { createTestDb, insertRows, testSettings, type TestDb } from "./metrics-helpers.ts";

let db: TestDb | undefined;
afterEach(() => db?.close());

const client = (id: string, start: string, churned: string | null = null, mrr: number | null = null) => ({
  client_id: id,
  name: id,
  contract_start: start,
  churned_at: churned,
  mrr_rub: mrr,
});

describe("logo retention and GRR, 12 months ending 2026-06 (window 2025-07-01 … 2026-06-30)", () => {
  it("counts the base on 2025-06-30 and the retained on 2026-06-30", async () => {
    db = await createTestDb(["clients"]);
    await insertRows(db.connection, "clients", [
      client("A", "2024-01-01", null, 1000), // base, retained
      client("B", "2025-06-30", "2026-06-30", 500), // base (started the day before), gone on the last day
      client("C", "2025-07-01"), // starts inside the window: not in the base
      client("D", "2024-05-01", "2025-07-01"), // active on 2025-06-30, gone on the window's first day
      client("E", "2024-05-01", "2025-06-30"), // gone before the window
      client("F", "2023-01-01", "2026-07-01", 2000), // base, still active on 2026-06-30
      client("G", "2026-06-10"), // new in June 2026
    ]);
    const now = new Date("2026-07-15T09:00:00Z");
    const june = (await clientsByMonth(await contextOf(db.connection, testSettings(), ["2026-06"], now))).get("2026-06")!;
    expect(june.logo_base).toBe(4); // A, B, D, F
    expect(june.logo_retained).toBe(2); // A, F
    expect(june.logo_12m).toBe(0.5);
    // MRR known for A, B, F: (1000 + 2000) / (1000 + 500 + 2000)
    expect(june.mrr_base_rub).toBe(3500);
    expect(june.mrr_retained_rub).toBe(3000);
    expect(june.grr_12m).toBeCloseTo(3000 / 3500, 12);
    // active on 2026-06-30: A, C, F, G; new: G; churned in June: B
    expect(june.active).toBe(4);
    expect(june.new).toBe(1);
    expect(june.churned).toBe(1);
  });

  it("uses the as-of day for 'active' inside the current month", async () => {
    db = await createTestDb(["clients"]);
    await insertRows(db.connection, "clients", [client("A", "2026-01-01"), client("B", "2026-06-20"), client("C", "2025-01-01", "2026-06-25")]);
    const now = new Date("2026-06-15T09:00:00Z");
    const june = (await clientsByMonth(await contextOf(db.connection, testSettings(), ["2026-06"], now))).get("2026-06")!;
    // on 2026-06-15: A and C (B not started yet, C not gone yet)
    expect(june.active).toBe(2);
  });

  it("is null without a base and GRR is null without MRR", async () => {
    db = await createTestDb(["clients"]);
    await insertRows(db.connection, "clients", [client("A", "2026-01-01"), client("B", "2020-01-01")]);
    const ctx = await contextOf(db.connection, testSettings(), ["2020-01", "2021-06", "2026-06"], new Date("2026-07-01T00:00:00Z"));
    const result = await clientsByMonth(ctx);
    expect(result.get("2021-06")!.logo_12m).toBe(1); // B (since 2020-01-01) is the whole base of 2020-07 … 2021-06
    expect(result.get("2020-01")!.logo_12m).toBeNull(); // nobody before 2019-02-01
    expect(result.get("2026-06")!.logo_12m).toBe(1); // B only, retained
    expect(result.get("2026-06")!.grr_12m).toBeNull();
  });
});

/** A context judging at `iso` (a Moscow wall-clock instant). */
const at = (iso: string) => contextOf(db!.connection, testSettings(), [], new Date(`${iso}+03:00`));

describe("cohortRetention", () => {
  it("shares of each contract-start month still active at each month end", async () => {
    db = await createTestDb(["clients"]);
    await insertRows(db.connection, "clients", [
      client("X1", "2026-01-05"),
      client("X2", "2026-01-20", "2026-02-15"),
      client("X3", "2026-01-31", "2026-03-31"),
      client("Y1", "2026-02-01"),
      client("Z1", "2026-03-25"),
    ]);
    const rows = await cohortRetention(await at("2026-04-01T12:00:00"), { lastMonth: "2026-03" });
    expect(rows.map((r) => [r.cohort_month, r.months_since, r.active, r.size])).toEqual([
      ["2026-01", 0, 3, 3],
      ["2026-01", 1, 2, 3], // X2 gone on 02-15
      ["2026-01", 2, 1, 3], // X3 gone on 03-31 (the month's last day)
      ["2026-02", 0, 1, 1],
      ["2026-02", 1, 1, 1],
      ["2026-03", 0, 1, 1],
    ]);
    expect(rows[2]!.rate).toBeCloseTo(1 / 3, 12);
    // judged on 2026-03-20 inside March: X3 still active (its churn is not known yet), Z1 in no cohort yet
    const partial = await cohortRetention(await at("2026-03-20T12:00:00"), { lastMonth: "2026-03" });
    expect(partial.map((r) => [r.cohort_month, r.months_since, r.active, r.size])).toEqual([
      ["2026-01", 0, 3, 3],
      ["2026-01", 1, 2, 3],
      ["2026-01", 2, 2, 3],
      ["2026-02", 0, 1, 1],
      ["2026-02", 1, 1, 1],
    ]);
  });

  it("returns no rows for an empty client table", async () => {
    db = await createTestDb(["clients"]);
    expect(await cohortRetention(await at("2026-04-01T12:00:00"))).toEqual([]);
  });
});

describe("cohortRetention with a first month", () => {
  it("leaves out the cohorts before it", async () => {
    db = await createTestDb(["clients"]);
    await insertRows(db.connection, "clients", [client("OLD", "2019-05-01"), client("NEW", "2026-02-03")]);
    const rows = await cohortRetention(await at("2026-04-01T12:00:00"), { firstMonth: "2026-02", lastMonth: "2026-03" });
    expect(rows.map((r) => [r.cohort_month, r.months_since])).toEqual([["2026-02", 0], ["2026-02", 1]]);
  });
});
