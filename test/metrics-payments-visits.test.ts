/**
 * On-time payments and engineer visits per month, on hand-made rows; null without the export.
 */
import { afterEach, describe, expect, it } from "vitest";
import { contextOf } from "./helpers/metric-context.ts";
import { paymentsByMonth } from "../loaders/metrics/payments.ts";
import { visitsByMonth } from "../loaders/metrics/visits.ts";
import { createTestDb, insertRows, testSettings, type TestDb } from "./metrics-helpers.ts";

let db: TestDb | undefined;
afterEach(() => db?.close());

const invoice = (id: string, due: string, paid: string | null) => ({ invoice_id: id, client_id: "c", issued_at: "2026-02-01", due_at: due, paid_at: paid });

describe("paymentsByMonth", () => {
  it("share of invoices due in the month (and by the as-of day) paid by their due date", async () => {
    db = await createTestDb(["payments"]);
    await insertRows(db.connection, "payments", [
      invoice("I1", "2026-03-05", "2026-03-05"), // on time (bound inclusive)
      invoice("I2", "2026-03-10", "2026-03-12"), // late
      invoice("I3", "2026-03-15", null), // unpaid, overdue
      invoice("I4", "2026-03-25", null), // not due yet on 2026-03-20
      invoice("I5", "2026-02-28", "2026-02-20"), // another month
    ]);
    const settings = testSettings();
    const partial = (await paymentsByMonth(await contextOf(db.connection, settings, ["2026-03"], new Date("2026-03-20T12:00:00Z"))))!.get("2026-03")!;
    expect(partial).toEqual({ due: 3, on_time: 1, on_time_rate: 1 / 3, unpaid_overdue: 1 });
    const whole = (await paymentsByMonth(await contextOf(db.connection, settings, ["2026-03"], new Date("2026-04-15T12:00:00Z"))))!.get("2026-03")!;
    expect(whole).toEqual({ due: 4, on_time: 1, on_time_rate: 0.25, unpaid_overdue: 2 });
  });

  it("is null without payments", async () => {
    db = await createTestDb(["payments"]);
    expect(await paymentsByMonth(await contextOf(db.connection, testSettings(), ["2026-03"], new Date()))).toBeNull();
  });
});

describe("visitsByMonth", () => {
  it("counts by kind and sums hours with per-kind defaults where empty", async () => {
    db = await createTestDb(["visits"]);
    const v = (id: string, date: string, kind: string, onsite: number | null, travel: number | null) => ({
      visit_id: id, engineer: "E", visited_at: date, client_id: "c", kind, onsite_hours: onsite, travel_hours: travel,
    });
    await insertRows(db.connection, "visits", [
      v("V1", "2026-03-01", "audit", 3, 2),
      v("V2", "2026-03-15", "installation", null, null), // defaults: 6 on site, 1.5 travel
      v("V3", "2026-03-31", "maintenance", 1.5, null), // travel default 1.5
      v("V4", "2026-04-01", "emergency", 1, 1),
    ]);
    const settings = testSettings();
    const march = (await visitsByMonth(await contextOf(db.connection, settings, ["2026-03"], new Date("2026-05-01T00:00:00Z"))))!.get("2026-03")!;
    expect(march.total).toBe(3);
    expect(march.by_kind).toEqual({ audit: 1, installation: 1, commissioning: 0, maintenance: 1, emergency: 0, training: 0 });
    expect(march.onsite_hours).toBeCloseTo(3 + 6 + 1.5, 12);
    expect(march.travel_hours).toBeCloseTo(2 + 1.5 + 1.5, 12);
    expect(march.defaulted).toBe(2);
  });

  it("is null without visits", async () => {
    db = await createTestDb(["visits"]);
    expect(await visitsByMonth(await contextOf(db.connection, testSettings(), ["2026-03"], new Date()))).toBeNull();
  });
});
