/**
 * The backtest of the simulator's forecasts: the calibration cutoff sees no later row (data after
 * the cutoff rewritten → the same calibration), hand-made data with a constant arrival rate gives
 * a ticket coverage near the ideal 0.8, the seasonal profile's noise is shrunk away, and the CLI
 * prints the report's JSON shape.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPipeline, type Pipeline } from "../loaders/pipeline.ts";
import { calibrate } from "../loaders/simulator/calibrate.ts";
import { CUTOFF_SCHEMA } from "../loaders/simulator/cutoff.ts";
import { runBacktest, backtestOrigins } from "../loaders/simulator/backtest.ts";
import { seasonalKeepFactor, shrinkSeasonal } from "../loaders/simulator/seasonal.ts";
import { scoreBacktest, BACKTEST_METRICS, type BacktestPoint } from "../src/core/simulator/backtest-score.ts";
import { random } from "./helpers/random.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SAMPLE = join(ROOT, "data/sample/");
const NOW = new Date("2026-11-24T23:59:59+03:00");
const CLI = join(ROOT, "bin/support-analytics.js");

function withoutStamp(c: Awaited<ReturnType<typeof calibrate>>): unknown {
  const { generatedAt, ...rest } = c;
  void generatedAt;
  return rest;
}

async function scalar(p: Pipeline, sql: string): Promise<number> {
  const r = await p.connection.runAndReadAll(sql);
  return Number(Object.values(r.getRowObjectsJS()[0]!)[0]);
}

describe("calibration cutoff", () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await runPipeline(SAMPLE, { now: NOW });
  }, 120_000);
  afterAll(() => {
    pipeline?.connection.closeSync();
    pipeline?.instance.closeSync();
  });

  it("rewriting every row and field after the cutoff leaves the calibration unchanged", async () => {
    const settings = pipeline.settings;
    const before = await calibrate(pipeline.connection, { now: NOW, settings, before: "2026-03" });
    expect(before.baseScenario.startMonth).toBe("2026-03");
    expect(before.history).toMatchObject({ fromMonth: "2025-03", toMonth: "2026-02", months: 12 });
    const full = await calibrate(pipeline.connection, { now: NOW, settings });
    const c = pipeline.connection;
    const cut = "timezone('Europe/Moscow', TIMESTAMP '2026-03-01 00:00:00')";
    // later tickets: tripled and all emergencies; earlier tickets resolved later: huge effort
    await c.run(`INSERT INTO tickets SELECT * REPLACE (ticket_id || '-x' AS ticket_id) FROM tickets WHERE created_at::TIMESTAMPTZ >= ${cut}`);
    await c.run(`UPDATE tickets SET priority = 'emergency', effort_minutes = 999 WHERE created_at::TIMESTAMPTZ >= ${cut}`);
    await c.run(`UPDATE tickets SET effort_minutes = 5000 WHERE created_at::TIMESTAMPTZ < ${cut} AND (resolved_at IS NULL OR resolved_at::TIMESTAMPTZ >= ${cut})`);
    // later churn of everyone, later milestones moved, later visits and clients gone
    await c.run("UPDATE clients SET churned_at = DATE '2026-03-05' WHERE churned_at IS NULL OR churned_at >= DATE '2026-03-01'");
    await c.run("UPDATE projects SET handed_over_at = handed_over_at + 400, trained_at = trained_at + 400 WHERE handed_over_at >= DATE '2026-03-01'");
    await c.run("DELETE FROM visits WHERE visited_at >= DATE '2026-03-01'");
    expect(await scalar(pipeline, `SELECT count(*) FROM tickets WHERE effort_minutes = 5000`)).toBeGreaterThan(0);
    const after = await calibrate(pipeline.connection, { now: NOW, settings, before: "2026-03" });
    expect(withoutStamp(after)).toEqual(withoutStamp(before));
    // the same rewrite does change a calibration that may look past the cutoff (the test can fail)
    const fullAfter = await calibrate(pipeline.connection, { now: NOW, settings });
    expect(fullAfter.baseScenario.tickets.priorityMix).not.toEqual(full.baseScenario.tickets.priorityMix);
    // the connection is left as it was: no cutoff schema, default search path
    expect(await scalar(pipeline, `SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE '${CUTOFF_SCHEMA}%'`)).toBe(0);
    expect(await scalar(pipeline, "SELECT count(*) FROM tickets WHERE ticket_id LIKE '%-x'")).toBeGreaterThan(0);
  }, 120_000);
});

describe("scoring", () => {
  const point = (metric: (typeof BACKTEST_METRICS)[number], lead: number, actual: number): BacktestPoint => ({
    origin: "2026-01",
    month: "2026-01",
    lead,
    metric,
    p10: 90,
    p50: 100,
    p90: 110,
    actual,
  });
  it("coverage counts the ends as inside; MdAPE is the median of |P50 − actual| / actual", () => {
    const pts = [point("tickets", 1, 90), point("tickets", 1, 110), point("tickets", 2, 120), point("tickets", 4, 50), point("sla_standard", 1, 0)];
    const s3 = scoreBacktest(pts, 3);
    expect(s3.points).toBe(4);
    expect(s3.coverage.by_metric.tickets).toBeCloseTo(2 / 3, 12);
    expect(s3.coverage.by_metric.sla_standard).toBe(0);
    expect(s3.coverage.overall).toBe(0.5);
    // |100−90|/90, |100−110|/110, |100−120|/120 → median 1/9 ≈ 0.111; actual 0 has no percentage error
    expect(s3.mdape.by_metric.tickets).toBeCloseTo(10 / 90, 12);
    expect(s3.mdape.by_metric.sla_standard).toBeNull();
    expect(scoreBacktest(pts, 6).points).toBe(5);
  });
  it("origins need a full history before and the whole horizon after", () => {
    const months = Array.from({ length: 23 }, (_, i) => `20${25 + Math.floor((i + 11) / 12) - 1}-${String(((i + 11) % 12) + 1).padStart(2, "0")}`);
    expect(months[0]).toBe("2024-12");
    expect(backtestOrigins(months, 12, 6)).toEqual(["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]);
    expect(backtestOrigins(months, 12, 3)).toHaveLength(9);
    expect(backtestOrigins(months.slice(0, 17), 12, 6)).toEqual([]);
  });
  it("a flat season measured with Poisson noise is kept flat; a strong season is kept", () => {
    expect(seasonalKeepFactor([1.05, 0.95, 1.02, 0.98, 1.04, 0.96, 1, 1.03, 0.97, 1.01, 0.99, 1], new Array(12).fill(300))).toBe(0);
    expect(seasonalKeepFactor([0.72, 0.95, 1.1, 1.15, 1.1, 1, 0.95, 0.95, 1.03, 1.05, 1.02, 0.98], new Array(12).fill(300))).toBeGreaterThan(0.7);
  });
  it("the months' lengths survive the shrinking: a constant daily rate keeps February short", () => {
    const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    const meanDays = days.reduce((a, b) => a + b, 0) / 12;
    const noise = [1.03, 0.98, 1.01, 0.97, 1.02, 1, 0.99, 1.03, 0.98, 1.01, 0.97, 1.01];
    const measured = days.map((d, i) => (d / meanDays) * noise[i]!);
    const shrunk = shrinkSeasonal(measured, new Array(12).fill(300), days);
    shrunk.forEach((v, i) => expect(v).toBeCloseTo((days[i]! / meanDays) * (noise.reduce((a, b) => a + b, 0) / 12), 12));
  });
});

/** 24 months of hand-made data: 100 clients, none joins or leaves, 3 tickets per client-month on working hours. */
function constantRateData(): string {
  const dir = mkdtempSync(join(tmpdir(), "backtest-"));
  const rnd = random(7);
  const clients = ["client_id,name,contract_start,churned_at"];
  for (let i = 1; i <= 100; i++) clients.push(`C-${i},Клиент ${i},2020-01-01,`);
  const tickets = ["ticket_id,client_id,created_at,priority,first_response_at,resolved_at,effort_minutes"];
  let id = 1;
  const pad = (n: number): string => String(n).padStart(2, "0");
  const start = Date.UTC(2024, 11, 1) / 1000; // 2024-12-01
  const end = Date.UTC(2026, 11, 1) / 1000;
  const perSecond = (100 * 3 * 12) / (365.25 * 86400);
  for (let t = start - Math.log(1 - rnd()) / perSecond; t < end; t -= Math.log(1 - rnd()) / perSecond) {
    const d = new Date(t * 1000);
    const stamp = (x: Date): string => `${x.getUTCFullYear()}-${pad(x.getUTCMonth() + 1)}-${pad(x.getUTCDate())}T${pad(x.getUTCHours())}:${pad(x.getUTCMinutes())}:${pad(x.getUTCSeconds())}+03:00`;
    const effort = Math.round(Math.exp(Math.log(15) + 0.5 * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd())));
    const priority = rnd() < 0.7 ? "standard" : "consultation";
    tickets.push(`T-${id++},C-${1 + Math.floor(rnd() * 100)},${stamp(d)},${priority},${stamp(new Date(d.getTime() + 60_000))},${stamp(new Date(d.getTime() + 3_600_000))},${Math.max(1, effort)}`);
  }
  writeFileSync(join(dir, "clients.csv"), clients.join("\n") + "\n");
  writeFileSync(join(dir, "tickets.csv"), tickets.join("\n") + "\n");
  return dir;
}

describe("backtest on hand-made data with a constant arrival rate", () => {
  it("ticket coverage is near the ideal 0.8 and the P50 error is small", async () => {
    const dir = constantRateData();
    const pipeline = await runPipeline(dir, { now: NOW });
    try {
      const report = await runBacktest(pipeline.connection, { now: NOW, settings: pipeline.settings, runs: 400, seed: 3, threads: 1 });
      expect(report.origins).toEqual(["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]);
      expect(report.forecasts.filter((p) => p.metric === "tickets")).toHaveLength(36);
      const coverage = report.coverage.by_metric.tickets!;
      expect(coverage, `coverage ${coverage}`).toBeGreaterThanOrEqual(0.65);
      expect(coverage, `coverage ${coverage}`).toBeLessThanOrEqual(0.95);
      expect(report.mdape.by_metric.tickets!).toBeLessThan(0.06);
    } finally {
      pipeline.connection.closeSync();
      pipeline.instance.closeSync();
    }
  }, 180_000);
});

describe("simulate --backtest --json", () => {
  it("prints coverage, origins and MdAPE per metric and overall", () => {
    const out = execFileSync(process.execPath, [CLI, "simulate", "--backtest", "--data", SAMPLE, "--now", "2026-11-24T23:59:59+03:00", "--runs", "200", "--horizon", "6", "--json"], {
      encoding: "utf8",
    });
    const report = JSON.parse(out);
    expect(report.origins).toEqual(["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]);
    expect(report.horizon_months).toBe(6);
    expect(report.horizons.map((h: { months: number }) => h.months)).toEqual([3, 6]);
    expect(Object.keys(report.coverage.by_metric)).toEqual([...BACKTEST_METRICS]);
    expect(Object.keys(report.mdape.by_metric)).toEqual([...BACKTEST_METRICS]);
    // calibrated bands on the sample: overall near the ideal 0.8, no metric far below it, and the
    // roles' hours (whose bands followed a Poisson project count) no longer always inside
    expect(report.coverage.overall).toBeGreaterThanOrEqual(0.7);
    expect(report.coverage.overall).toBeLessThanOrEqual(0.9);
    for (const metric of BACKTEST_METRICS) expect(report.coverage.by_metric[metric], metric).toBeGreaterThanOrEqual(0.6);
    for (const metric of BACKTEST_METRICS.filter((m) => m.startsWith("hours_"))) expect(report.coverage.by_metric[metric], metric).toBeLessThan(1);
    expect(report.mdape.overall).toBeGreaterThan(0);
    const p = report.forecasts[0];
    expect(Object.keys(p).sort()).toEqual(["actual", "lead", "metric", "month", "origin", "p10", "p50", "p90"]);
    expect(p.p10).toBeLessThanOrEqual(p.p50);
    expect(p.p50).toBeLessThanOrEqual(p.p90);
  }, 120_000);

  it("says why there is no origin when the data is too short for the horizon, and rejects a bad horizon", () => {
    const args = ["simulate", "--backtest", "--data", SAMPLE, "--now", "2026-11-24T23:59:59+03:00", "--json"];
    const report = JSON.parse(execFileSync(process.execPath, [CLI, ...args, "--horizon", "12"], { encoding: "utf8" }));
    expect(report.origins).toEqual([]);
    expect(report.coverage.overall).toBeNull();
    expect(report.notes.join(" ")).toMatch(/12 полных месяцев истории .* 12 полных месяцев после него; в данных полных месяцев: 23/);
    expect(() => execFileSync(process.execPath, [CLI, ...args, "--horizon", "0"], { encoding: "utf8", stdio: "pipe" })).toThrow(/--horizon: ожидается целое от 1 до 36/);
  }, 120_000);
});
