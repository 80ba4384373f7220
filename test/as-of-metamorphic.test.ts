/**
 * A figure as of a moment X counts nothing that happened after X. For several moments X on the
 * committed sample, the metrics of the FULL exports with `--as-of X` equal the metrics of the
 * exports AS THEY STOOD AT X (real CSV files written by test/helpers/exports-as-of.ts from the
 * known-at rules: rows created after X left out, resolutions, first responses, effort and CSAT of
 * tickets unresolved at X, churn dates, project milestones and payments after X emptied) with the
 * same `--as-of X`: `metrics --json` as a child process for X's month and the month before, every
 * month up to X's month through the same pipeline in process, and every ticket of `tickets --json`.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cleanEnv } from "./helpers/clean-env.ts";
import { parseInstant } from "../loaders/calendar/instant.ts";
import { timestampLiteral } from "../loaders/metrics/ticket-facts.ts";
import { addMonths } from "../src/core/months.ts";
import { localMonthOf } from "../src/core/format.ts";
import { monthKpisAsOf, useSampleAsOf } from "./helpers/sample-as-of.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SAMPLE = `${ROOT}data/sample`;
const BIN = `${ROOT}bin/support-analytics.js`;
const TZ = "Europe/Moscow";

/** The moments X (Moscow time) and what each stands for. */
const MOMENTS: Record<string, string> = {
  "mid-month": "2026-10-15T12:00:00",
  "a month's first day at 00:00": "2026-11-01T00:00:00",
  "a month's last day at 23:59:59": "2026-09-30T23:59:59",
  "inside the SLA breach cluster of 28–30 April 2026": "2026-04-29T14:30:00",
  "a public holiday (4 November 2026)": "2026-11-04T15:00:00",
};

async function metricsJson(dir: string, month: string, asOf: string): Promise<Record<string, unknown>> {
  const args = [BIN, "metrics", "--data", dir, "--json", "--month", month, "--as-of", asOf];
  const { stdout } = await run("node", args, { timeout: 180_000, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

const sample = useSampleAsOf("as-of-exports-", TZ);
const exportsAt = (asOf: Date): Promise<string> => sample.exportsAt(asOf);

describe.each(Object.entries(MOMENTS))("metrics as of %s (%s)", (_label, local) => {
  const asOf = parseInstant(local, TZ);
  const month = localMonthOf(asOf, TZ);

  it("the exports as they stood at X leave something out: tickets created after X, and resolutions after X", async () => {
    const at = timestampLiteral(asOf);
    const reader = await sample.full().connection.runAndReadAll(
      `SELECT count(*) FILTER (WHERE created_at > ${at}) AS later, count(*) FILTER (WHERE created_at <= ${at} AND resolved_at > ${at}) AS open_then
       FROM tickets`,
    );
    const [later, openThen] = reader.getRows()[0]!.map(Number);
    expect(later).toBeGreaterThan(0);
    expect(openThen).toBeGreaterThan(0);
  });

  it("every KPI of every month up to X's month: the full exports equal the exports as they stood at X", async () => {
    const dir = await exportsAt(asOf);
    const [fromFull, fromThen] = await Promise.all([monthKpisAsOf(SAMPLE, asOf), monthKpisAsOf(dir, asOf)]);
    expect(fromFull.at(-1)!.month <= month).toBe(true);
    expect(fromThen.map((m) => m.month)).toEqual(fromFull.map((m) => m.month));
    for (let i = 0; i < fromFull.length; i++) expect(fromThen[i], fromFull[i]!.month).toEqual(fromFull[i]);
  }, 240_000);

  it("tickets --json --as-of X: every ticket's SLA status and durations the same from both folders", async () => {
    const dir = await exportsAt(asOf);
    const tickets = async (data: string) => {
      const args = [BIN, "tickets", "--data", data, "--json", "--as-of", local];
      const { stdout } = await run("node", args, { timeout: 180_000, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 });
      const rows = JSON.parse(stdout) as { ticket_id: string }[];
      return rows.sort((a, b) => a.ticket_id.localeCompare(b.ticket_id));
    };
    const [fromFull, fromThen] = await Promise.all([tickets(SAMPLE), tickets(dir)]);
    expect(fromFull.length).toBeGreaterThan(1000);
    expect(fromThen).toEqual(fromFull);
  }, 240_000);

  it("metrics --json --as-of X, X's month and the month before: the same from both folders", async () => {
    const dir = await exportsAt(asOf);
    for (const m of [month, addMonths(month, -1)]) {
      const [fromFull, fromThen] = await Promise.all([metricsJson(SAMPLE, m, local), metricsJson(dir, m, local)]);
      expect(fromFull.as_of).toBe(asOf.toISOString());
      expect(fromThen, m).toEqual(fromFull);
    }
  }, 400_000);
});
