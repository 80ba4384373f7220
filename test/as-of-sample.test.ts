/**
 * On the committed sample (generated as of 2026-11-24): the site's data loader and
 * `metrics --json` take the same as-of from the data, `metrics` without --month reports the last
 * complete month (October 2026), and November — incomplete — is compared with days 1–24 of
 * October and of November 2025, counted here independently from the CSV files with csv-parse.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { cleanEnv } from "./helpers/clean-env.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SAMPLE = `${ROOT}data/sample`;
const BIN = `${ROOT}bin/support-analytics.js`;
/** the end of 24 November 2026 in Moscow: the sample's last event day */
const SAMPLE_AS_OF = "2026-11-24T20:59:59.999Z";
const MSK_OFFSET_MS = 3 * 3_600_000;

async function metricsJson(...args: string[]): Promise<Record<string, any>> {
  const { stdout } = await run("node", [BIN, "metrics", "--data", SAMPLE, "--json", ...args], { timeout: 180_000, env: cleanEnv() });
  return JSON.parse(stdout) as Record<string, any>;
}

/** Accepted rows of a sample file: every CSV record except the lines INVALID_ROWS.json plants as rejected. */
function acceptedRows(file: string): Record<string, string>[] {
  const invalid = JSON.parse(readFileSync(`${SAMPLE}/INVALID_ROWS.json`, "utf8")) as { file: string; line: number }[];
  const rejected = new Set(invalid.filter((r) => r.file === file).map((r) => r.line));
  const records = parse(readFileSync(`${SAMPLE}/${file}.csv`), { columns: true, relax_column_count: true, info: true }) as {
    record: Record<string, string>;
    info: { lines: number };
  }[];
  return records.filter((r) => !rejected.has(r.info.lines)).map((r) => r.record);
}

/** Moscow day "YYYY-MM-DD" of an ISO instant (Moscow is UTC+3 all year). */
function moscowDay(iso: string): string {
  return new Date(new Date(iso).getTime() + MSK_OFFSET_MS).toISOString().slice(0, 10);
}

function inDays(day: string, month: string, lastDay: number): boolean {
  return day.startsWith(`${month}-`) && Number(day.slice(8, 10)) <= lastDay;
}

let october: Record<string, any>;
let november: Record<string, any>;
beforeAll(async () => {
  [october, november] = await Promise.all([metricsJson(), metricsJson("--month", "2026-11")]);
}, 240_000);

describe("the sample's as-of", () => {
  it("metrics --json without --month: the data's as-of, the last complete month (October 2026)", () => {
    expect(october.as_of).toBe(SAMPLE_AS_OF);
    expect(october.month).toBe("2026-10");
    expect(october.partial).toBe(false);
    expect(october.same_days.through_day).toBeNull();
  });

  it("the site's data loader dates the build the same moment", async () => {
    const { stdout } = await run("node", ["--import", "tsx", `${ROOT}loaders/site/member-cli.ts`, "as-of.json"], {
      cwd: ROOT,
      timeout: 180_000,
      env: cleanEnv({ SUPPORT_ANALYTICS_DATA: SAMPLE }),
    });
    expect(JSON.parse(stdout)).toEqual({ asOf: SAMPLE_AS_OF, timezone: "Europe/Moscow" });
  }, 200_000);

  it("the environment overrides the data for the site (the older SUPPORT_ANALYTICS_NOW too) and the CLI", async () => {
    const { stdout } = await run("node", ["--import", "tsx", `${ROOT}loaders/site/member-cli.ts`, "as-of.json"], {
      cwd: ROOT,
      timeout: 180_000,
      env: cleanEnv({ SUPPORT_ANALYTICS_DATA: SAMPLE, SUPPORT_ANALYTICS_NOW: "2026-11-10T12:00:00+03:00" }),
    });
    expect(JSON.parse(stdout).asOf).toBe("2026-11-10T09:00:00.000Z");
    const cli = await run("node", [BIN, "metrics", "--data", SAMPLE, "--json"], {
      timeout: 180_000,
      env: cleanEnv({ SUPPORT_ANALYTICS_AS_OF: "2026-12-01T00:00:00+03:00" }),
    });
    expect(JSON.parse(cli.stdout)).toMatchObject({ as_of: "2026-11-30T21:00:00.000Z", month: "2026-11", partial: false });
  }, 200_000);

  it("--as-of still overrides the data", async () => {
    const fixed = await metricsJson("--as-of", "2026-11-30T23:59:59+03:00");
    expect(fixed.as_of).toBe("2026-11-30T20:59:59.000Z");
    expect(fixed.month).toBe("2026-11");
    expect(fixed.partial).toBe(false);
  });
});

describe("November 2026 (incomplete) is compared over days 1–24 only", () => {
  it("is marked incomplete through the 24th", () => {
    expect(november.partial).toBe(true);
    expect(november.same_days.through_day).toBe(24);
  });

  it("tickets: November 1–24 against October 1–24 and November 2025 1–24, hand-counted from tickets.csv", () => {
    const days = acceptedRows("tickets").map((t) => moscowDay(t.created_at!));
    const count = (month: string) => days.filter((d) => inDays(d, month, 24)).length;
    expect(november.tickets.total).toBe(count("2026-11"));
    expect(november.same_days.tickets_total_previous_month).toBe(count("2026-10"));
    expect(november.same_days.tickets_total_year_ago).toBe(count("2025-11"));
    // and not the whole of October
    expect(october.tickets.total).toBe(days.filter((d) => d.startsWith("2026-10-")).length);
    expect(november.same_days.tickets_total_previous_month).toBeLessThan(october.tickets.total);
  });

  it("the Russian summary says so and gives the same-days counts", async () => {
    const { stdout } = await run("node", [BIN, "metrics", "--data", SAMPLE, "--month", "2026-11"], { timeout: 180_000, env: cleanEnv() });
    expect(stdout).toContain("за ноябрь 2026 (месяц не завершён: данные по 24 ноября)");
    const days = acceptedRows("tickets").map((t) => moscowDay(t.created_at!));
    expect(stdout).toContain(`за те же дни (1–24) предыдущего месяца ${days.filter((d) => inDays(d, "2026-10", 24)).length}`);
  });

  it("visits: days 1–24 of both months, hand-counted from visits.csv", () => {
    const days = acceptedRows("visits").map((v) => v.visited_at!);
    expect(november.visits.total).toBe(days.filter((d) => inDays(d, "2026-11", 24)).length);
    expect(november.same_days.visits_total_previous_month).toBe(days.filter((d) => inDays(d, "2026-10", 24)).length);
    expect(november.same_days.visits_total_year_ago).toBe(days.filter((d) => inDays(d, "2025-11", 24)).length);
  });
});
