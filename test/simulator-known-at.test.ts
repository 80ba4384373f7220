/**
 * The simulator's calibration as of a moment X sees only what was known at X
 * (loaders/simulator/cutoff.ts over the rules of loaders/metrics/known-at.ts). For two moments on
 * the committed sample — mid-June 2025, and 30 September 2026 at 21:30 UTC, which is already
 * 1 October in Moscow (a client's contract starts that day) — the calibration of the FULL exports
 * as of X equals the calibration of the exports AS THEY STOOD AT X (real CSV files written by
 * test/helpers/exports-as-of.ts), and so does `simulate --json` with a fixed seed run as a child
 * process on both folders. The calibration's clients at the start are clients.active of X's month
 * as the metrics count it on X's local day.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cleanEnv } from "./helpers/clean-env.ts";
import { runPipeline, type Pipeline } from "../loaders/pipeline.ts";
import { calibrate } from "../loaders/simulator/calibrate.ts";
import { computeMonthKpis } from "../loaders/metrics/month-kpis.ts";
import { localDayOf, localMonthOf } from "../src/core/format.ts";
import { addMonths } from "../src/core/months.ts";
import { flattenKpis } from "../src/core/kpis.ts";
import type { Calibration } from "../src/core/simulator/types.ts";
import { useSampleAsOf } from "./helpers/sample-as-of.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SAMPLE = `${ROOT}data/sample`;
const BIN = `${ROOT}bin/support-analytics.js`;
const SCENARIO = `${ROOT}scenarios/400-tickets.json`;
const TZ = "Europe/Moscow";

/** The moments X and what each stands for. */
const MOMENTS: Record<string, string> = {
  "mid-month (15 June 2025, 12:00 Moscow)": "2025-06-15T09:00:00.000Z",
  "an evening in UTC that is the next day in Moscow (1 October 2026, 00:30)": "2026-09-30T21:30:00.000Z",
};

/** The calibration of the exports in `dir` as of `asOf`, without its build time. */
async function calibrationOf(dir: string, asOf: Date): Promise<Omit<Calibration, "generatedAt">> {
  const pipeline = await runPipeline(dir, { now: asOf });
  try {
    const { generatedAt, ...rest } = await calibrate(pipeline.connection, { now: pipeline.now, settings: pipeline.settings });
    void generatedAt;
    return rest;
  } finally {
    pipeline.connection.closeSync();
    pipeline.instance.closeSync();
  }
}

async function simulateJson(dir: string, asOf: string): Promise<string> {
  const args = [BIN, "simulate", "--scenario", SCENARIO, "--data", dir, "--now", asOf, "--json", "--seed", "11", "--runs", "60", "--threads", "1"];
  const { stdout } = await run(process.execPath, args, { timeout: 180_000, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** A count over a table of `pipeline` (the raw typed table, not a known-at read). */
async function rawCount(pipeline: Pipeline, sql: string): Promise<number> {
  const reader = await pipeline.connection.runAndReadAll(sql);
  return Number(reader.getRows()[0]![0]);
}

const sample = useSampleAsOf("calibration-as-of-", TZ);
const exportsAt = (asOf: Date): Promise<string> => sample.exportsAt(asOf);

describe.each(Object.entries(MOMENTS))("the calibration as of %s", (_label, iso) => {
  const asOf = new Date(iso);
  const day = localDayOf(asOf, TZ);

  it("the sample holds what was not known at X: later tickets, resolutions, project milestones", async () => {
    const at = `TIMESTAMP '${iso.slice(0, 19).replace("T", " ")}'`;
    expect(await rawCount(sample.full(), `SELECT count(*) FROM tickets WHERE created_at > ${at}`)).toBeGreaterThan(0);
    expect(await rawCount(sample.full(), `SELECT count(*) FROM tickets WHERE created_at <= ${at} AND resolved_at > ${at}`)).toBeGreaterThan(0);
    expect(await rawCount(sample.full(), `SELECT count(*) FROM projects WHERE signed_at <= DATE '${day}' AND handed_over_at > DATE '${day}'`)).toBeGreaterThan(0);
  });

  it("from the full sample equals the one from the exports as they stood at X", async () => {
    const dir = await exportsAt(asOf);
    const [fromFull, fromThen] = await Promise.all([calibrationOf(SAMPLE, asOf), calibrationOf(dir, asOf)]);
    expect(fromFull.now).toBe(iso);
    expect(fromFull.history?.toMonth).toBe(addMonths(localMonthOf(asOf, TZ), -1));
    expect(fromThen).toEqual(fromFull);
  }, 180_000);

  it("starts from the clients active on X's local day, as clients.active of the metrics counts them", async () => {
    const pipeline = await runPipeline(SAMPLE, { now: asOf });
    try {
      const calibration = await calibrate(pipeline.connection, { now: pipeline.now, settings: pipeline.settings });
      const kpis = await computeMonthKpis(pipeline.connection, pipeline.settings, localMonthOf(asOf, TZ), { now: pipeline.now });
      expect(calibration.baseScenario.clients.initial).toBe(flattenKpis(kpis)["clients.active"]);
    } finally {
      pipeline.connection.closeSync();
      pipeline.instance.closeSync();
    }
  }, 120_000);

  it("simulate --json --now X with a fixed seed: the same from both folders", async () => {
    const dir = await exportsAt(asOf);
    const [fromFull, fromThen] = await Promise.all([simulateJson(SAMPLE, iso), simulateJson(dir, iso)]);
    expect(JSON.parse(fromFull)).toHaveProperty("runs", 60);
    expect(fromThen).toBe(fromFull);
  }, 240_000);
});

describe("calibrations on two connections of one database at the same time", () => {
  it("each sees its own known-at tables and gives what it gives alone", async () => {
    const asOf = new Date(MOMENTS["mid-month (15 June 2025, 12:00 Moscow)"]!);
    const settings = sample.full().settings;
    const alone = await calibrate(sample.full().connection, { now: asOf, settings });
    const other = await sample.full().instance.connect();
    try {
      await other.run("SET TimeZone='UTC'");
      const [a, b] = await Promise.all([calibrate(sample.full().connection, { now: asOf, settings }), calibrate(other, { now: sample.full().now, settings, before: "2026-03" })]);
      const strip = ({ generatedAt, ...rest }: Calibration) => (void generatedAt, rest);
      expect(strip(a)).toEqual(strip(alone));
      expect(strip(b)).toEqual(strip(await calibrate(sample.full().connection, { now: sample.full().now, settings, before: "2026-03" })));
    } finally {
      other.closeSync();
    }
  }, 120_000);
});
