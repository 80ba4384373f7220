/**
 * Clients per segment (loaders/metrics/clients.ts clientsBySegment): on a hand-made portfolio with
 * dates on month edges, the counts written out by hand; on the committed sample, the segments of
 * every month add up to that month's clients.active and their 12-month churn to the sum of
 * clients.churned over the 12 months ending with it.
 */
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clientsByMonth, clientsBySegment, clientStatusSql } from "../loaders/metrics/clients.ts";
import { contextOf } from "./helpers/metric-context.ts";
import { clientSegmentsAsOf, computeAllMonths, flattenKpis, type MonthKpis } from "../loaders/metrics/month-kpis.ts";
import { queryRows } from "../loaders/metrics/sql.ts";
import { runPipeline, type Pipeline } from "../loaders/pipeline.ts";
import { monthRange } from "../src/core/months.ts";
import type { ClientSegmentRow } from "../src/core/rows.ts";
import { createTestDb, insertRows, testSettings, type TestDb } from "./metrics-helpers.ts";

const client = (id: string, segment: string | null, start: string, churned: string | null = null) => ({
  client_id: id,
  name: id,
  segment,
  contract_start: start,
  churned_at: churned,
});

/**
 * As-of 15 June 2026 (Moscow). May 2026: active on 31 May, churn window 1 June 2025 … 31 May 2026.
 * June 2026: active on 15 June (the as-of day), churn window 1 July 2025 … 30 June 2026.
 */
const PORTFOLIO = [
  client("R1", "residential", "2024-01-01"), // active throughout
  client("R2", "residential", "2025-01-10", "2026-05-31"), // gone on May's last day: not active on 31 May
  client("R3", "residential", "2025-03-01", "2026-06-01"), // gone on June's first day: active on 31 May
  client("C1", "cottage", "2026-06-01"), // starts on June's first day
  client("C2", "cottage", "2026-06-20"), // starts after the as-of day
  client("C3", "cottage", "2025-08-01", "2025-06-15"), // gone before its contract start: never active
  client("B1", "business_center", "2025-05-01", "2026-09-30"), // goes in the future: active, not churned
  client("N1", null, "2024-06-01"), // no segment: "other"
  client("O1", "other", "2026-06-15"), // starts on the as-of day itself
  client("I1", "industrial", "2023-01-01", "2025-06-01"), // gone on the first day of May's churn window
  client("I2", "industrial", "2023-01-01", "2025-05-31"), // gone the day before it
];
const NOW = new Date("2026-06-15T09:00:00Z");

const counts = (rows: ClientSegmentRow[], month: string) =>
  rows.filter((r) => r.month === month).map((r) => [r.segment, r.active, r.churned_12m, r.day]);

let db: TestDb | undefined;
afterEach(() => db?.close());

describe("clientsBySegment on a hand-made portfolio", () => {
  it("counts active on the month's as-of day and churned in the 12 months ending with the month, per segment", async () => {
    db = await createTestDb(["clients"]);
    await insertRows(db.connection, "clients", PORTFOLIO);
    const rows = await clientsBySegment(await contextOf(db.connection, testSettings(), ["2026-05", "2026-06"], NOW));
    expect(counts(rows, "2026-05")).toEqual([
      ["residential", 2, 1, "2026-05-31"], // R1, R3 active; R2 gone on 31 May
      ["business_center", 1, 0, "2026-05-31"], // B1
      ["other", 1, 0, "2026-05-31"], // N1; O1 not started
      ["cottage", 0, 1, "2026-05-31"], // C3 gone on 15 June 2025
      ["industrial", 0, 1, "2026-05-31"], // I1 gone on 1 June 2025; I2 before the window
    ]);
    expect(counts(rows, "2026-06")).toEqual([
      ["other", 2, 0, "2026-06-15"], // N1, O1
      ["business_center", 1, 0, "2026-06-15"], // B1
      ["cottage", 1, 0, "2026-06-15"], // C1; C2 starts on 20 June; C3 before the window
      ["residential", 1, 2, "2026-06-15"], // R1; R2 and R3 gone
      ["industrial", 0, 0, "2026-06-15"],
    ]);
  });

  it("adds up to clients.active and to clients.churned over the 12 months", async () => {
    db = await createTestDb(["clients"]);
    await insertRows(db.connection, "clients", PORTFOLIO);
    const months = monthRange("2025-06", "2026-06");
    const context = await contextOf(db.connection, testSettings(), months, NOW);
    const byMonth = await clientsByMonth(context);
    const rows = await clientsBySegment(context);
    for (const month of ["2026-05", "2026-06"]) {
      const inMonth = rows.filter((r) => r.month === month);
      expect(inMonth.reduce((sum, r) => sum + r.active, 0), month).toBe(byMonth.get(month)!.active);
      const window = months.filter((m) => m <= month).slice(-12);
      const churned = window.reduce((sum, m) => sum + byMonth.get(m)!.churned, 0);
      expect(inMonth.reduce((sum, r) => sum + r.churned_12m, 0), month).toBe(churned);
    }
  });

  it("gives each client its status on a day by the same rule", async () => {
    db = await createTestDb(["clients"]);
    await insertRows(db.connection, "clients", PORTFOLIO);
    const status = await queryRows<{ client_id: string; status: string }>(
      db.connection,
      `SELECT c.client_id, ${clientStatusSql("DATE '2026-06-15'")} AS status FROM clients c ORDER BY c.client_id`,
    );
    expect(Object.fromEntries(status.map((r) => [r.client_id, r.status]))).toEqual({
      B1: "active",
      C1: "active",
      C2: "not_started",
      C3: "churned",
      I1: "churned",
      I2: "churned",
      N1: "active",
      O1: "active",
      R1: "active",
      R2: "churned",
      R3: "churned",
    });
  });
});

describe("clientSegmentsAsOf on the committed sample", () => {
  const SAMPLE = fileURLToPath(new URL("../data/sample/", import.meta.url));
  const AS_OF = new Date("2026-11-24T23:59:59+03:00");
  let pipeline: Pipeline;
  let months: MonthKpis[];
  let segments: ClientSegmentRow[];
  beforeAll(async () => {
    pipeline = await runPipeline(SAMPLE, { now: AS_OF });
    months = await computeAllMonths(pipeline.connection, pipeline.settings, { now: AS_OF });
    segments = await clientSegmentsAsOf(pipeline.connection, pipeline.settings, AS_OF);
  }, 120_000);
  afterAll(() => {
    pipeline?.connection.closeSync();
    pipeline?.instance.closeSync();
  });
  const kpi = (m: MonthKpis, key: string) => flattenKpis(m as unknown as Parameters<typeof flattenKpis>[0])[key] as number;

  it("covers the months of the KPIs, every segment in each", () => {
    expect([...new Set(segments.map((r) => r.month))]).toEqual(months.map((m) => m.month));
    const names = (month: string) => segments.filter((r) => r.month === month).map((r) => r.segment).sort();
    expect(names(months[0]!.month).length).toBeGreaterThanOrEqual(4);
    for (const m of months) expect(names(m.month), m.month).toEqual(names(months[0]!.month));
  });

  it("sums to clients.active in every month, and the 12-month churn to clients.churned over those months", () => {
    let windows = 0;
    months.forEach((m, i) => {
      const inMonth = segments.filter((r) => r.month === m.month);
      expect(inMonth.reduce((sum, r) => sum + r.active, 0), m.month).toBe(kpi(m, "clients.active"));
      if (i < 11) return;
      const churned = months.slice(i - 11, i + 1).reduce((sum, w) => sum + kpi(w, "clients.churned"), 0);
      expect(inMonth.reduce((sum, r) => sum + r.churned_12m, 0), m.month).toBe(churned);
      windows++;
    });
    expect(windows).toBeGreaterThanOrEqual(12);
  });
});
