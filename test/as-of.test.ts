/**
 * The as-of rule (loaders/as-of.ts) on hand-made data folders read by the real pipeline, its
 * overrides, and the complete-month rule (lastCompleteMonthAt) at Moscow month boundaries.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AS_OF_ENV_VAR, asOfFromLatestDay, asOfOverride, endOfLocalDay, EVENT_COLUMNS, latestEventDay, NOW_ENV_VAR } from "../loaders/as-of.ts";
import { runPipeline } from "../loaders/pipeline.ts";
import { lastCompleteMonthAt } from "../src/core/format.ts";

const TZ = "Europe/Moscow";
const ROOT = mkdtempSync(join(tmpdir(), "as-of-"));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

const TICKETS_HEADER = "ticket_id,client_id,created_at,priority,first_response_at,resolved_at";
const CLIENTS = "client_id,name,contract_start,churned_at\nC1,ЖК Альфа,2025-01-10,\n";

let folders = 0;
/** A data folder with the given files (tickets and clients are required). */
function folder(files: Record<string, string>): string {
  const dir = join(ROOT, String(++folders));
  mkdirSync(dir);
  for (const [name, text] of Object.entries({ "clients.csv": CLIENTS, ...files })) writeFileSync(join(dir, name), text);
  return dir;
}

async function asOfOf(dir: string, options: { clock?: Date; now?: Date } = {}): Promise<{ asOf: string; rejected: number }> {
  const pipeline = await runPipeline(dir, { clock: options.clock ?? new Date("2026-11-30T12:00:00Z"), now: options.now });
  try {
    return { asOf: pipeline.now.toISOString(), rejected: pipeline.report.files.tickets!.rejected };
  } finally {
    pipeline.connection.closeSync();
    pipeline.instance.closeSync();
  }
}

describe("the data's own as-of", () => {
  it("is the end of the Moscow day of the latest ticket event (resolved after the last creation)", async () => {
    const dir = folder({
      "tickets.csv": `${TICKETS_HEADER}\nT1,C1,2026-11-20T10:00:00+03:00,standard,2026-11-20T11:00:00+03:00,2026-11-24T23:30:00+03:00\nT2,C1,2026-11-22T09:00:00+03:00,standard,,\n`,
    });
    expect((await asOfOf(dir)).asOf).toBe("2026-11-24T20:59:59.999Z");
  });

  it("takes the local day: 22:30 UTC on the 24th is the 25th in Moscow", async () => {
    const dir = folder({ "tickets.csv": `${TICKETS_HEADER}\nT1,C1,2026-11-24T22:30:00Z,standard,,\n` });
    expect((await asOfOf(dir)).asOf).toBe("2026-11-25T20:59:59.999Z");
  });

  it("counts a later visit, NPS answer or payment, but not a planned due date", async () => {
    const tickets = `${TICKETS_HEADER}\nT1,C1,2026-11-10T10:00:00+03:00,standard,,\n`;
    const visit = folder({
      "tickets.csv": tickets,
      "visits.csv": "visit_id,engineer,visited_at,client_id,kind\nV1,Волков,2026-11-26,C1,audit\n",
    });
    expect((await asOfOf(visit)).asOf).toBe("2026-11-26T20:59:59.999Z");
    const paid = folder({
      "tickets.csv": tickets,
      // due in December (a plan) — not an event; paid on the 12th — an event
      "payments.csv": "invoice_id,client_id,issued_at,due_at,paid_at\nI1,C1,2026-11-11,2026-12-20,2026-11-12\n",
      "nps.csv": "response_id,client_id,answered_at,score\nR1,C1,2026-11-13,9\n",
    });
    expect((await asOfOf(paid)).asOf).toBe("2026-11-13T20:59:59.999Z");
  });

  it("never lies beyond the real clock: an event today gives the clock itself", async () => {
    const dir = folder({ "tickets.csv": `${TICKETS_HEADER}\nT1,C1,2026-11-30T09:00:00+03:00,standard,,\n` });
    expect((await asOfOf(dir, { clock: new Date("2026-11-30T12:00:00Z") })).asOf).toBe("2026-11-30T12:00:00.000Z");
  });

  it("a row dated after the real clock is rejected as future and does not move the as-of", async () => {
    const dir = folder({
      "tickets.csv": `${TICKETS_HEADER}\nT1,C1,2026-11-20T10:00:00+03:00,standard,,\nT2,C1,2027-01-05T10:00:00+03:00,standard,,\n`,
    });
    expect(await asOfOf(dir)).toEqual({ asOf: "2026-11-20T20:59:59.999Z", rejected: 1 });
  });

  it("an explicit as-of wins; a row after it is kept (the metrics read the data as known then: known-at.ts), a row after the clock is future", async () => {
    const dir = folder({
      "tickets.csv": `${TICKETS_HEADER}\nT1,C1,2026-11-20T10:00:00+03:00,standard,,\nT2,C1,2026-11-24T10:00:00+03:00,standard,,\nT3,C1,2026-12-05T10:00:00+03:00,standard,,\n`,
    });
    expect(await asOfOf(dir, { now: new Date("2026-11-21T00:00:00Z") })).toEqual({ asOf: "2026-11-21T00:00:00.000Z", rejected: 1 });
  });

  it("the pipeline carries the data's own day, under an explicit as-of too (the known-at rule reads it from there)", async () => {
    const dir = folder({
      "tickets.csv": `${TICKETS_HEADER}\nT1,C1,2026-11-20T10:00:00+03:00,standard,,\nT2,C1,2026-11-24T10:00:00+03:00,standard,2026-11-24T11:00:00+03:00,2026-11-25T00:30:00+03:00\n`,
    });
    for (const now of [undefined, new Date("2026-11-21T00:00:00Z")]) {
      const pipeline = await runPipeline(dir, { clock: new Date("2026-11-30T12:00:00Z"), now });
      try {
        expect(pipeline.latestEventDay).toBe("2026-11-25");
        expect(pipeline.latestEventDay).toBe(await latestEventDay(pipeline.connection, TZ));
      } finally {
        pipeline.connection.closeSync();
        pipeline.instance.closeSync();
      }
    }
  });

  it("an explicit as-of after the clock: rows up to it are not future", async () => {
    const dir = folder({
      "tickets.csv": `${TICKETS_HEADER}\nT1,C1,2026-11-20T10:00:00+03:00,standard,,\nT2,C1,2026-12-05T10:00:00+03:00,standard,,\nT3,C1,2026-12-20T10:00:00+03:00,standard,,\n`,
    });
    expect(await asOfOf(dir, { now: new Date("2026-12-10T00:00:00Z") })).toEqual({ asOf: "2026-12-10T00:00:00.000Z", rejected: 1 });
  });

  it("without a single event it is the clock", () => {
    const clock = new Date("2026-11-30T12:00:00Z");
    expect(asOfFromLatestDay(null, clock, TZ)).toBe(clock);
  });

  it("reads every timestamp and date column except the planned ones", () => {
    const names = EVENT_COLUMNS.map((c) => `${c.table}.${c.column}`);
    expect(names).toContain("tickets.resolved_at");
    expect(names).toContain("payments.paid_at");
    expect(names).toContain("projects.handed_over_at");
    expect(names).not.toContain("projects.due_at");
    expect(names).not.toContain("payments.due_at");
  });

  it("the end of a Moscow day is 20:59:59.999 UTC", () => {
    expect(endOfLocalDay("2026-11-24", TZ).toISOString()).toBe("2026-11-24T20:59:59.999Z");
    expect(endOfLocalDay("2026-12-31", TZ).toISOString()).toBe("2026-12-31T20:59:59.999Z");
  });
});

describe("overrides", () => {
  it("--as-of first, then SUPPORT_ANALYTICS_AS_OF, then SUPPORT_ANALYTICS_NOW; none → null", () => {
    const env = { [AS_OF_ENV_VAR]: "2026-10-15T12:00:00+03:00", [NOW_ENV_VAR]: "2026-09-01" };
    expect(asOfOverride("2026-11-01T00:00", TZ, env)?.toISOString()).toBe("2026-10-31T21:00:00.000Z");
    expect(asOfOverride(undefined, TZ, env)?.toISOString()).toBe("2026-10-15T09:00:00.000Z");
    expect(asOfOverride(undefined, TZ, { [NOW_ENV_VAR]: "2026-09-01" })?.toISOString()).toBe("2026-08-31T21:00:00.000Z");
    expect(asOfOverride(undefined, TZ, {})).toBeNull();
  });

  it("a malformed value names where it came from", () => {
    expect(() => asOfOverride(undefined, TZ, { [AS_OF_ENV_VAR]: "вчера" })).toThrow(`${AS_OF_ENV_VAR}: «вчера» — не дата ISO 8601`);
    expect(() => asOfOverride("31.11.2026", TZ, {})).toThrow("--as-of: «31.11.2026» — не дата ISO 8601");
  });
});

describe("the last complete month (Moscow)", () => {
  const cases: [string, string][] = [
    // the sample: data to 24 November
    ["2026-11-24T23:59:59.999+03:00", "2026-10"],
    // exactly at the month's end (its last second, with or without milliseconds)
    ["2026-11-30T23:59:59+03:00", "2026-11"],
    ["2026-11-30T23:59:59.999+03:00", "2026-11"],
    ["2026-11-30T20:59:59Z", "2026-11"],
    // a second before: not yet
    ["2026-11-30T23:59:58+03:00", "2026-10"],
    ["2026-11-30T12:00:00+03:00", "2026-10"],
    // 00:00 of the 1st
    ["2026-12-01T00:00:00+03:00", "2026-11"],
    ["2026-11-30T21:00:00Z", "2026-11"],
    // 23:00 UTC on the 31st of December is already 1 January in Moscow
    ["2026-12-31T21:00:00Z", "2026-12"],
    ["2026-12-31T20:59:58Z", "2026-11"],
    ["2027-01-01T00:00:00+03:00", "2026-12"],
  ];
  for (const [asOf, month] of cases) {
    it(`${asOf} → ${month}`, () => expect(lastCompleteMonthAt(new Date(asOf), TZ)).toBe(month));
  }
});
