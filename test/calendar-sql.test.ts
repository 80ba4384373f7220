/**
 * The DuckDB business calendar: the business_days table and the set-based business-minutes SQL
 * (join on the day, clamp, difference of cumulative values) against the pure-TS reference.
 */
import { describe, expect, it } from "vitest";
import { businessMinutesBetween, createBusinessCalendar } from "../loaders/calendar/business-calendar.ts";
import { loadSettings, type CalendarSettings } from "../loaders/settings.ts";
import { useMemoryDb } from "./helpers/duckdb.ts";
import { random } from "./helpers/random.ts";

const calendar: CalendarSettings = loadSettings().calendar;
const db = useMemoryDb();

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** Business minutes between UTC timestamps a and b of table `pairs`, the way ticket facts do it. */
const PAIRS_SQL = `
  SELECT p.id,
    (business_position_seconds(business_local(p.b), db.open_local, db.work_minutes, db.cum_minutes_before)
     - business_position_seconds(business_local(p.a), da.open_local, da.work_minutes, da.cum_minutes_before)) / 60.0 AS minutes
  FROM pairs p
  JOIN business_days da ON da.day = business_local(p.a)::DATE
  JOIN business_days db ON db.day = business_local(p.b)::DATE
  ORDER BY p.id`;

describe("business_days table", () => {
  it("holds every day with its window and cumulative minutes", async () => {
    const info = await createBusinessCalendar(db.connection, calendar, { fromDate: "2025-12-29", toDate: "2026-01-13" });
    expect(info.days).toBe(16);
    expect(info.totalBusinessMinutes).toBe(540 * 4); // 29, 30 Dec; 12, 13 Jan
    const table = await rows(`SELECT day::VARCHAR AS day, day_kind, strftime(open_local, '%H:%M') AS open,
      strftime(close_local, '%H:%M') AS close, work_minutes, cum_minutes_before::INTEGER AS cum FROM business_days ORDER BY day`);
    expect(table[0]).toEqual({ day: "2025-12-29", day_kind: "work", open: "09:00", close: "18:00", work_minutes: 540, cum: 0 });
    expect(table[1]).toMatchObject({ day: "2025-12-30", day_kind: "work", cum: 540 });
    expect(table[2]).toMatchObject({ day: "2025-12-31", day_kind: "off", work_minutes: 0, close: "09:00", cum: 1080 });
    expect(table[11]).toMatchObject({ day: "2026-01-09", day_kind: "off", cum: 1080 });
    expect(table[14]).toMatchObject({ day: "2026-01-12", day_kind: "work", cum: 1080 });
    expect(table[15]).toMatchObject({ day: "2026-01-13", cum: 1620 });
  });

  it("shortened days close an hour early", async () => {
    await createBusinessCalendar(db.connection, calendar, { fromDate: "2026-04-30", toDate: "2026-04-30" });
    expect(await rows(`SELECT day_kind, strftime(close_local, '%H:%M') AS close, work_minutes FROM business_days`)).toEqual([
      { day_kind: "short", close: "17:00", work_minutes: 480 },
    ]);
  });

  it("refuses a range with an uncovered year, naming it", async () => {
    await expect(createBusinessCalendar(db.connection, calendar, { fromDate: "2027-12-01", toDate: "2028-01-31" })).rejects.toThrow(
      "Производственный календарь не содержит 2028 год: добавьте data/calendar/ru-2028.xml",
    );
  });

  it("24x7: every day is 1440 minutes, no production calendar needed", async () => {
    const info = await createBusinessCalendar(db.connection, { ...calendar, mode: "24x7" }, { fromDate: "2028-01-01", toDate: "2028-01-03" });
    expect(info.totalBusinessMinutes).toBe(3 * 1440);
  });
});

describe("set-based business minutes", () => {
  it("hand cases: conversion boundary, weekends, holidays, shortened days", async () => {
    await createBusinessCalendar(db.connection, calendar, { fromDate: "2024-01-01", toDate: "2027-12-31" });
    await db.connection.run(`CREATE OR REPLACE TABLE pairs AS SELECT * FROM (VALUES
      (1, TIMESTAMP '2026-03-11 05:59:00', TIMESTAMP '2026-03-11 06:15:00'), -- 08:59 → 09:15 MSK: 15
      (2, TIMESTAMP '2025-12-30 14:00:00', TIMESTAMP '2026-01-12 07:00:00'), -- New Year: 120
      (3, TIMESTAMP '2026-04-30 13:00:00', TIMESTAMP '2026-05-04 07:00:00'), -- shortened 30 Apr: 120
      (4, TIMESTAMP '2024-12-27 14:00:00', TIMESTAMP '2025-01-09 09:00:00'), -- working Sat 28 Dec: 780
      (5, TIMESTAMP '2026-03-11 16:00:00', TIMESTAMP '2026-03-12 05:00:00'), -- 19:00 → 08:00 MSK: 0
      (6, TIMESTAMP '2026-03-13 21:00:00', TIMESTAMP '2026-03-14 21:00:00')  -- Saturday midnight to midnight: 0
    ) v(id, a, b)`);
    const got = (await rows(PAIRS_SQL)).map((r) => Number(r.minutes));
    expect(got).toEqual([15, 120, 120, 780, 0, 0]);
  });

  it("agrees with the TS reference on 2,000 random pairs (2024–2027)", async () => {
    await createBusinessCalendar(db.connection, calendar, { fromDate: "2024-01-01", toDate: "2027-12-31" });
    const next = random(20260301);
    const start = Date.parse("2024-01-01T00:00:00+03:00");
    const end = Date.parse("2027-12-01T00:00:00+03:00");
    const pairs: [number, Date, Date][] = [];
    for (let id = 0; id < 2000; id++) {
      // mix: whole minutes near the window edges, arbitrary seconds, spans from minutes to 40 days
      const a = start + Math.floor(next() * (end - start));
      const aRounded = next() < 0.5 ? a - (a % 60_000) : a - (a % 1000);
      const span = next() < 0.3 ? Math.floor(next() * 600) * 60_000 : Math.floor(next() * 40 * 86_400) * 1000;
      pairs.push([id, new Date(aRounded), new Date(aRounded + span)]);
    }
    const literal = (d: Date) => `TIMESTAMP '${d.toISOString().replace("T", " ").replace("Z", "")}'`;
    await db.connection.run(
      `CREATE OR REPLACE TABLE pairs AS SELECT * FROM (VALUES ${pairs
        .map(([id, a, b]) => `(${id}, ${literal(a)}, ${literal(b)})`)
        .join(",")}) v(id, a, b)`,
    );
    const got = (await rows(PAIRS_SQL)).map((r) => Number(r.minutes));
    const expected = pairs.map(([, a, b]) => businessMinutesBetween(a, b, calendar));
    expect(got.length).toBe(2000);
    let mismatches = 0;
    got.forEach((m, i) => {
      if (Math.abs(m - expected[i]!) > 1e-9) mismatches++;
    });
    expect(mismatches).toBe(0);
    expect(expected.filter((m) => m === 0).length).toBeGreaterThan(10); // the sample hits closed hours
    expect(new Set(expected).size).toBeGreaterThan(500);
  });
});
