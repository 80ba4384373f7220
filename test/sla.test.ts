/**
 * SLA KPIs per month: each ticket counts in its created month, judged as of `now`, hand-counted.
 */
import { describe, expect, it } from "vitest";
import { slaByMonth, type SlaMonthRow } from "../loaders/metrics/sla.ts";
import { loadSettings, type Settings } from "../loaders/settings.ts";
import { createSchemaTable, useMemoryDb } from "./helpers/duckdb.ts";

const settings: Settings = loadSettings();
const db = useMemoryDb();

/** [id, priority, created, first response, resolved], Moscow local times */
type Row = [string, string, string, string | null, string | null];

async function loadTickets(rows: Row[]): Promise<void> {
  await createSchemaTable(db.connection, "tickets", { replace: true });
  const ts = (v: string | null) =>
    v === null ? "NULL" : `TIMESTAMP '${new Date(`${v}+03:00`).toISOString().replace("T", " ").replace("Z", "")}'`;
  await db.connection.run(`INSERT INTO tickets (ticket_id, client_id, priority, created_at, first_response_at, resolved_at)
    VALUES ${rows.map(([id, p, c, r, z]) => `('${id}', 'C1', '${p}', ${ts(c)}, ${ts(r)}, ${ts(z)})`).join(",\n")}`);
}

const pick = (rows: SlaMonthRow[], month: string, priority: string) => {
  const row = rows.find((r) => r.month === month && r.priority === priority);
  if (!row) throw new Error(`no row ${month} ${priority}`);
  return row;
};

describe("slaByMonth", () => {
  const tickets: Row[] = [
    // January 2026 (working days from Mon 12 Jan)
    ["E1", "emergency", "2026-01-12T09:00", "2026-01-12T09:10", "2026-01-12T12:00"], // on target: 10 / 180
    ["E2", "emergency", "2026-01-13T09:00", "2026-01-13T09:20", "2026-01-13T10:00"], // response 20 → breached: 20 / 60
    ["S1", "standard", "2026-01-30T17:00", null, "2026-02-02T10:00"], // resolved in February: 60 + 60 = 120 → on target, in January
    ["S2", "standard", "2026-01-14T10:00", null, "2026-01-15T12:00"], // 480 + 180 = 660 → on target
    ["S3", "standard", "2026-01-19T10:00", null, "2026-01-26T10:00"], // 7 days → breached; 480 + 4·540 + 60 = 2700
    ["S4", "standard", "2026-01-20T09:00", null, "2026-01-23T12:00"], // 3·540 + 180 = 1800 → met
    ["C1", "consultation", "2026-01-21T09:00", null, null], // open 24 d 15 h at now → breached, still in progress
    // February 2026, now = Sun 15 Feb 00:00 MSK
    ["S5", "standard", "2026-02-09T09:00", null, null], // 6 days → breached
    ["S6", "standard", "2026-02-12T09:00", null, null], // 3 days → open
    ["E3", "emergency", "2026-02-13T17:50", null, null], // 10 business minutes, no response → open
    ["F1", "standard", "2026-02-20T09:00", null, null], // after now → not counted
  ];
  const now = new Date("2026-02-15T00:00:00+03:00");

  it("counts, compliance, on-target share and the response clock per priority", async () => {
    await loadTickets(tickets);
    const rows = await slaByMonth(db.connection, settings, { now });
    expect(rows.map((r) => `${r.month} ${r.priority}`)).toEqual([
      "2026-01 emergency",
      "2026-01 standard",
      "2026-01 consultation",
      "2026-01 all",
      "2026-02 emergency",
      "2026-02 standard",
      "2026-02 consultation",
      "2026-02 all",
    ]);

    expect(pick(rows, "2026-01", "emergency")).toEqual({
      month: "2026-01",
      priority: "emergency",
      tickets: 2,
      met: 1,
      on_target: 1,
      breached: 1,
      open: 0,
      in_progress: 0,
      compliance: 0.5,
      on_target_share: 0.5,
      response_compliance: 0.5,
      response_mean_business_minutes: 15,
      response_p90_business_minutes: 19, // 10 + 0.9 · (20 − 10)
      resolution_mean_business_minutes: 120,
      resolution_p90_business_minutes: 168, // 60 + 0.9 · (180 − 60)
      compliance_target: 1,
    });

    const standard = pick(rows, "2026-01", "standard");
    // S1, resolved on 2 February, counts in January (its created month) with what is known now
    expect(standard).toMatchObject({ tickets: 4, met: 3, on_target: 2, breached: 1, open: 0, in_progress: 0, response_compliance: null });
    expect(standard.compliance).toBeCloseTo(3 / 4, 12);
    expect(standard.on_target_share).toBeCloseTo(2 / 4, 12);
    expect(standard.resolution_mean_business_minutes).toBeCloseTo((120 + 660 + 2700 + 1800) / 4, 9);
    expect(standard.resolution_p90_business_minutes).toBeCloseTo(1800 + 0.7 * 900, 9); // sorted 120, 660, 1800, 2700
    expect(standard.compliance_target).toBe(0.95);

    expect(pick(rows, "2026-01", "consultation")).toMatchObject({ tickets: 1, met: 0, breached: 1, open: 0, in_progress: 1, compliance: 0 });
    expect(pick(rows, "2026-01", "all")).toMatchObject({
      tickets: 7,
      met: 4,
      on_target: 3,
      breached: 3,
      open: 0,
      in_progress: 1,
      compliance: 4 / 7,
      response_compliance: null,
      compliance_target: null,
    });

    expect(pick(rows, "2026-02", "standard")).toMatchObject({ tickets: 2, met: 0, breached: 1, open: 1, in_progress: 2, compliance: 0 });
    expect(pick(rows, "2026-02", "emergency")).toMatchObject({
      tickets: 1,
      open: 1,
      compliance: null,
      on_target_share: null,
      response_compliance: null,
      response_mean_business_minutes: null,
    });
    expect(pick(rows, "2026-02", "consultation")).toMatchObject({ tickets: 0, compliance: null, resolution_p90_business_minutes: null });
    expect(pick(rows, "2026-02", "all")).toMatchObject({ tickets: 3, breached: 1, open: 2 });
  });

  it("a later `now` judges every month with what is known then", async () => {
    await loadTickets(tickets);
    const later = await slaByMonth(db.connection, settings, { now: new Date("2026-03-31T00:00:00+03:00"), months: ["2026-01", "2026-02"] });
    expect(pick(later, "2026-01", "standard")).toMatchObject({ tickets: 4, met: 3, breached: 1, open: 0 });
    // S5, S6 and F1 open > 5 days → breached; E3 open far past 240 → breached
    expect(pick(later, "2026-02", "standard")).toMatchObject({ tickets: 3, breached: 3, open: 0 });
    expect(pick(later, "2026-02", "emergency")).toMatchObject({ breached: 1, response_compliance: 0 });
    const only = await slaByMonth(db.connection, settings, { now, months: ["2026-02"] });
    expect(new Set(only.map((r) => r.month))).toEqual(new Set(["2026-02"]));
    const all = await slaByMonth(db.connection, settings, { now });
    expect(only).toEqual(all.filter((r) => r.month === "2026-02"));
    expect(await slaByMonth(db.connection, settings, { now, months: ["2025-07"] })).toEqual([]);
  });

  it("a ticket within its target but past its limit is breached, not on target (on_target ⊆ met)", async () => {
    await loadTickets([
      // Tue 30 Dec 2025 17:00 → Mon 12 Jan 2026 10:00: 31 Dec – 11 Jan off, so 60 + 60 = 120 business
      // minutes (target 1440 met) but 12 days 17 h (limit 5 days missed)
      ["SH", "standard", "2025-12-30T17:00", null, "2026-01-12T10:00"],
      ["SOK", "standard", "2025-12-29T09:00", null, "2025-12-29T12:00"], // 180 minutes, 3 h → on target
      // Mon 2 Mar 2026 09:00 → Sat 7 Mar 10:00: 5 × 540 = 2700 business minutes (target 2880 met),
      // 5 days 1 h (limit 5 days missed)
      ["CL", "consultation", "2026-03-02T09:00", null, "2026-03-07T10:00"],
    ]);
    const rows = await slaByMonth(db.connection, settings, { now: new Date("2026-04-01T00:00:00+03:00") });
    expect(pick(rows, "2025-12", "standard")).toMatchObject({
      tickets: 2, met: 1, on_target: 1, breached: 1, compliance: 0.5, on_target_share: 0.5,
      resolution_mean_business_minutes: (120 + 180) / 2,
    });
    expect(pick(rows, "2026-03", "consultation")).toMatchObject({
      tickets: 1, met: 0, on_target: 0, breached: 1, compliance: 0, on_target_share: 0, resolution_mean_business_minutes: 2700,
    });
  });

  it("judges at the first instant of a year without that year's calendar, and names the year after it", async () => {
    await loadTickets([
      ["D1", "standard", "2027-12-30T10:00", null, null],
      ["D2", "emergency", "2027-12-30T16:00", null, null], // 120 business minutes unanswered at 1 January 00:00
    ]);
    // judged at 1 Jan 2028 00:00 MSK (38 h after creation: open); the calendar has no 2028
    const rows = await slaByMonth(db.connection, settings, { now: new Date("2028-01-01T00:00:00+03:00") });
    expect(pick(rows, "2027-12", "standard")).toMatchObject({ tickets: 1, open: 1, breached: 0, in_progress: 1 });
    expect(pick(rows, "2027-12", "emergency")).toMatchObject({ tickets: 1, open: 0, breached: 1, response_compliance: 0 });
    // a moment inside 2028 needs the 2028 calendar and says so
    await expect(slaByMonth(db.connection, settings, { now: new Date("2028-01-15T12:00:00+03:00") })).rejects.toThrow(
      "не содержит 2028 год",
    );
  });
});
