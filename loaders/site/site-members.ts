/**
 * The members of the site's data archive (src/data/site.zip.ts): every file the pages read as
 * `FileAttachment("data/site/<name>")`, each made by one producer from the site dataset opened
 * once per build. Adding a file for the pages is one row of SITE_MEMBERS.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { REJECT_CODES } from "../ingest/reject-codes.ts";
import { clientSegmentsAsOf, cohortRetentionAsOf, computeAllMonths, computeMonthKpis, type MonthKpis } from "../metrics/month-kpis.ts";
import { planCheck } from "../metrics/plan-check.ts";
import type { Pipeline } from "../pipeline.ts";
import { SCHEMA, TABLE_NAMES } from "../schema.ts";
import { loadSettings } from "../settings.ts";
import { backtestRunsFor, DEFAULT_HORIZON_MONTHS, recentTicketsPerMonth, runBacktest } from "../simulator/backtest.ts";
import { calibrate } from "../simulator/calibrate.ts";
import { readImportLog } from "../warehouse/import-log.ts";
import { DEFAULT_READ_WAIT_MS } from "../warehouse/read.ts";
import { publishedMonths, publishedRestatements } from "../warehouse/restatements.ts";
import { resolveRunData } from "../warehouse/run-data.ts";
import { resolveWarehousePath } from "../warehouse/store.ts";
import { rowsBehindKpis } from "../metrics/rows-behind.ts";
import { CLIENT_SHARDS } from "../../src/core/support-cells.ts";
import { encodeColumns } from "../../src/core/columns.ts";
import { clientsArrow, npsByQuarter, projectsArrow, ticketDrivers } from "./page-data.ts";
import { supportBreachedFile, supportCellsFile, supportClientCellsFile } from "./support-data.ts";

/** Makes one member's bytes from the opened site dataset. */
export type MemberProducer = (pipeline: Pipeline) => Promise<string | Uint8Array>;


const WORKER_ENTRY = fileURLToPath(new URL("../../src/components/simulator/worker.ts", import.meta.url));

/** Where the site's data comes from: "warehouse", or how the folder was chosen (loaders/data-dir.ts). */
function siteDataSource(): string {
  const resolved = resolveRunData(undefined, undefined);
  return resolved.kind === "warehouse" ? "warehouse" : resolved.source;
}

/** The moment every page of this build is judged at and the calendar's time zone («на <дату>»). */
async function asOfJson(pipeline: Pipeline): Promise<string> {
  return JSON.stringify({ asOf: pipeline.now.toISOString(), timezone: pipeline.settings.calendar.timezone });
}

/** The department settings (config/settings.json) the pages need for targets and thresholds. */
async function settingsJson(): Promise<string> {
  const { _comment, ...settings } = loadSettings() as Record<string, unknown>;
  void _comment;
  return JSON.stringify(settings);
}

/** Every month's KPIs of the build's dataset, computed once for the members that read them (keyed by the DuckDB instance). */
const monthsOfDataset = new WeakMap<object, Promise<MonthKpis[]>>();
function allMonths(pipeline: Pipeline): Promise<MonthKpis[]> {
  let months = monthsOfDataset.get(pipeline.instance);
  if (!months) {
    months = computeAllMonths(pipeline.connection, pipeline.settings, { now: pipeline.now, latestEventDay: pipeline.latestEventDay });
    monthsOfDataset.set(pipeline.instance, months);
  }
  return months;
}

/** Every month's KPIs, cohort retention, the plan check and the scaling triggers by month. */
async function metricsJson(pipeline: Pipeline): Promise<string> {
  const settings = pipeline.settings;
  const months = await allMonths(pipeline);
  const cohorts = await cohortRetentionAsOf(pipeline.connection, settings, pipeline.now, pipeline.latestEventDay);
  const history = months.flatMap((m) =>
    Object.entries(m.triggers as Record<string, Record<string, unknown>>).map(([name, t]) => ({
      month: m.month,
      name,
      fired: t.fired,
      near: t.near,
      value: t.value,
      threshold: t.threshold,
      nearness: t.nearness,
    })),
  );
  return JSON.stringify({
    generatedAt: new Date().toISOString(),
    dataDir: pipeline.dataDir,
    dataSource: resolveRunData(undefined, undefined).kind,
    asOf: pipeline.now.toISOString(),
    months,
    cohorts,
    planCheck: planCheck(settings),
    triggers: { latest: months.at(-1)?.triggers ?? null, history },
  });
}

/**
 * The facts behind the monthly report's narrative: the rows behind each month's figures from the
 * metric modules (SLA breaches, clients who left, late projects: loaders/metrics/rows-behind.ts)
 * and what lies behind each month's CSAT and escalation rate.
 */
async function narrativeJson(pipeline: Pipeline): Promise<string> {
  return JSON.stringify({
    ...(await rowsBehindKpis(pipeline.connection, pipeline.settings, pipeline.now, "ticket_facts", pipeline.latestEventDay)),
    ticket_drivers: await ticketDrivers(pipeline),
  });
}

/** «Техподдержка»: the cells over all clients with the page's meta, and the breached tickets the table lists. */
async function supportCellsJson(pipeline: Pipeline): Promise<string> {
  return JSON.stringify(await supportCellsFile(pipeline));
}

async function supportBreachedJson(pipeline: Pipeline): Promise<string> {
  return JSON.stringify(await supportBreachedFile(pipeline));
}

/** «Техподдержка»: the cells per client of each client group, read when the client filter picks one of its clients. */
const supportClientMembers: Record<string, MemberProducer> = Object.fromEntries(
  Array.from({ length: CLIENT_SHARDS }, (_, shard) => [
    `support-client-${shard}.json`,
    async (pipeline: Pipeline) => JSON.stringify(await supportClientCellsFile(pipeline, shard)),
  ]),
);

/** «Клиенты»: active and churned clients per segment and month (loaders/metrics/clients.ts clientsBySegment), in columns. */
async function clientSegmentsJson(pipeline: Pipeline): Promise<string> {
  const rows = await clientSegmentsAsOf(pipeline.connection, pipeline.settings, pipeline.now, pipeline.latestEventDay);
  return JSON.stringify(encodeColumns(rows, ["month", "day", "segment", "active", "churned_12m"]));
}

async function npsQuartersJson(pipeline: Pipeline): Promise<string> {
  return JSON.stringify(await npsByQuarter(pipeline));
}

/** «Качество данных»: per-file accounting, every rejected row, the Russian reasons and table titles. */
async function validationJson(pipeline: Pipeline): Promise<string> {
  const { dataDir, files, rejects } = pipeline.report;
  return JSON.stringify({
    dataDir,
    dataSource: siteDataSource(),
    asOf: pipeline.now.toISOString(),
    files,
    rejects,
    reasons: REJECT_CODES,
    tables: Object.fromEntries(TABLE_NAMES.map((t) => [t, { titleRu: SCHEMA[t].titleRu, required: SCHEMA[t].required }])),
  });
}

/** «Загрузки»: the warehouse's import log ($SUPPORT_ANALYTICS_DB), or `warehouse: null` for a folder. */
async function importsJson(): Promise<string> {
  const warehouse = resolveWarehousePath(undefined, { orDefault: false });
  const imports = warehouse ? await readImportLog(warehouse) : [];
  return JSON.stringify({ warehouse, imports });
}

/** Each published month's restatements when the site reads a warehouse; `{}` otherwise. */
async function restatementsJson(pipeline: Pipeline): Promise<string> {
  const warehouse = resolveWarehousePath(undefined, { orDefault: false });
  if (!warehouse || (await publishedMonths(warehouse, DEFAULT_READ_WAIT_MS)).length === 0) return "{}";
  const kpis = (month: string) => computeMonthKpis(pipeline.connection, pipeline.settings, month, { now: pipeline.now, latestEventDay: pipeline.latestEventDay });
  return JSON.stringify(await publishedRestatements(warehouse, pipeline.connection, kpis, DEFAULT_READ_WAIT_MS));
}

/** The simulator's calibration: the pre-filled scenario, the working-minute calendar, the observed history. */
async function calibrationJson(pipeline: Pipeline): Promise<string> {
  const options = { now: pipeline.now, latestEventDay: pipeline.latestEventDay, settings: pipeline.settings, dataDir: null, dataSource: siteDataSource() };
  return JSON.stringify(await calibrate(pipeline.connection, options));
}

/** The simulator's backtest: forecasts made at past months beside the monthly KPIs that followed. */
async function backtestJson(pipeline: Pipeline): Promise<string> {
  const months = await allMonths(pipeline);
  // runs sized by the department's volume (500 on the sample, at least 100): backtest.ts
  const runs = backtestRunsFor(recentTicketsPerMonth(months), DEFAULT_HORIZON_MONTHS);
  const report = await runBacktest(pipeline.connection, { now: pipeline.now, latestEventDay: pipeline.latestEventDay, settings: pipeline.settings, runs, seed: 1, months });
  return JSON.stringify({ generatedAt: new Date().toISOString(), asOf: pipeline.now.toISOString(), ...report });
}

/** The simulator engine and Web Worker entry as one self-contained IIFE script (no imports, no network). */
async function simWorkerJs(): Promise<string> {
  const result = await build({
    entryPoints: [WORKER_ENTRY],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    minify: true,
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

/** Member name (the path under data/site/) → its producer. */
export const SITE_MEMBERS: Record<string, MemberProducer> = {
  "as-of.json": asOfJson,
  "settings.json": settingsJson,
  "metrics.json": metricsJson,
  "narrative.json": narrativeJson,
  "nps-quarters.json": npsQuartersJson,
  "validation.json": validationJson,
  "imports.json": importsJson,
  "restatements.json": restatementsJson,
  "calibration.json": calibrationJson,
  "backtest.json": backtestJson,
  "sim-worker.js": simWorkerJs,
  "support-cells.json": supportCellsJson,
  "support-breached.json": supportBreachedJson,
  ...supportClientMembers,
  "client-segments.json": clientSegmentsJson,
  "clients.arrow": clientsArrow,
  "projects.arrow": projectsArrow,
};

/**
 * Members computed beside the others rather than after them: each gets a DuckDB connection of
 * its own, so its queries never interleave with the others' on the shared one.
 */
export const CONCURRENT_MEMBERS: ReadonlySet<string> = new Set(["backtest.json", "sim-worker.js"]);
