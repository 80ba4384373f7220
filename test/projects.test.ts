/**
 * Implementation projects of March 2026 on hand-made dates (see loaders/metrics/projects.ts for
 * the definitions: completed_at = trained_at, else handed_over_at).
 */
import { afterEach, describe, expect, it } from "vitest";
import { contextOf } from "./helpers/metric-context.ts";
import { projectsByMonth } from "../loaders/metrics/projects.ts";
import { createTestDb, insertRows, testSettings, type TestDb } from "./metrics-helpers.ts";

let db: TestDb | undefined;
afterEach(() => db?.close());

const project = (id: string, p: Record<string, string | number | null>) => ({ project_id: id, client_id: "c", ...p });

describe("projectsByMonth, March 2026", () => {
  it("started, completed, on time, durations, TTV, handover, remarks, active and project-weeks", async () => {
    db = await createTestDb(["projects"]);
    await insertRows(db.connection, "projects", [
      project("P1", { signed_at: "2026-02-10", due_at: "2026-03-10", trained_at: "2026-03-05", handed_over_at: "2026-03-10", critical_remarks: 0 }),
      project("P2", { signed_at: "2026-03-01", due_at: "2026-03-20", trained_at: "2026-03-14", handed_over_at: "2026-03-25", critical_remarks: 2 }),
      project("P3", { signed_at: "2026-02-20", due_at: "2026-03-15", trained_at: null, handed_over_at: "2026-03-31", critical_remarks: 1 }),
      project("P4", { signed_at: "2026-03-10", due_at: "2026-03-25" }),
      project("P5", { signed_at: "2026-03-20", due_at: null, trained_at: "2026-04-02" }),
      project("P6", { signed_at: "2026-01-05", trained_at: "2026-01-20", handed_over_at: "2026-01-22" }),
    ]);
    const now = new Date("2026-04-10T09:00:00Z");
    const march = (await projectsByMonth(await contextOf(db.connection, testSettings(), ["2026-03"], now)))!.get("2026-03")!;
    expect(march.started).toBe(3); // P2, P4, P5
    expect(march.completed).toBe(3); // P1 (trained 03-05), P2 (trained 03-14), P3 (handed over 03-31)
    expect(march.on_time_known).toBe(3);
    expect(march.on_time_rate).toBeCloseTo(2 / 3, 12); // P3 completed 03-31 > due 03-15
    expect(march.overdue_open).toBe(1); // P4: due 03-25, open on 03-31
    expect(march.median_duration_days).toBe(23); // [23, 13, 39]
    expect(march.trained).toBe(2);
    expect(march.ttv_median_days).toBe(18); // median(23, 13)
    expect(march.ttv_within_target_rate).toBe(0.5); // P2 (13 ≤ 14)
    expect(march.handed_over).toBe(2); // P1, P2 (P3 has no training date)
    expect(march.handover_within_7d_rate).toBe(0.5); // P1: 5 days; P2: 11 days
    expect(march.critical_remarks).toBe(3);
    expect(march.active_at_month_end).toBe(2); // P4 (open), P5 (until 04-02)
    // active working days in March 2026 (9 March is a day off): P1 6 (2–6, 10) + P2 17 (to 25th)
    // + P3 21 (whole month) + P4 16 (from 10th) + P5 8 (20th, 23–27, 30–31) = 68 → 68 / 5 weeks
    expect(march.project_weeks).toBeCloseTo(68 / 5, 12);
  });

  it("counts up to the as-of day inside the current month", async () => {
    db = await createTestDb(["projects"]);
    await insertRows(db.connection, "projects", [project("P", { signed_at: "2026-03-01", due_at: "2026-03-05" })]);
    const now = new Date("2026-03-14T21:00:00Z"); // 2026-03-15 00:00 in Moscow
    const march = (await projectsByMonth(await contextOf(db.connection, testSettings(), ["2026-03"], now)))!.get("2026-03")!;
    expect(march.project_weeks).toBeCloseTo(9 / 5, 12); // working days 2–6 and 10–13 March
    expect(march.overdue_open).toBe(1);
    expect(march.completed).toBe(0);
    expect(march.on_time_rate).toBeNull();
    expect(march.median_duration_days).toBeNull();
    expect(march.critical_remarks).toBeNull();
  });

  it("is null without a projects export (table absent or empty)", async () => {
    db = await createTestDb(["projects"]);
    const ctx = await contextOf(db.connection, testSettings(), ["2026-03"], new Date("2026-04-01T00:00:00Z"));
    expect(await projectsByMonth(ctx)).toBeNull();
    await db.connection.run("DROP TABLE projects");
    expect(await projectsByMonth(ctx)).toBeNull();
  });
});
