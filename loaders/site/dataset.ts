/**
 * The data behind the dashboard pages: the pipeline on the resolved data folder (or on the
 * warehouse file $SUPPORT_ANALYTICS_DB names, loaders/warehouse/read.ts), plus the
 * ticket-facts table `ticket_facts` judged as of now — the same judgement as the monthly SLA KPIs
 * (loaders/metrics/sla.ts), so filtered SLA charts agree with the KPIs.
 *
 * The site's data archive (src/data/site.zip.ts, its warm-up and loaders/site/member-cli.ts)
 * opens it with `openSiteDataset()`. The first opening runs the pipeline and saves the database to
 * src/.observablehq/cache/site-dataset/ (keyed by the data files, the settings and the loader
 * code); later ones restore it instead of reading the CSVs again, and share its `now` — the
 * as-of of loaders/as-of.ts: the data's own date, or the moment $SUPPORT_ANALYTICS_AS_OF /
 * $SUPPORT_ANALYTICS_NOW fixes — so every file of one build is judged at the same moment. A cached dataset is reused for at most CACHE_MAX_AGE_MS (the data's as-of is
 * capped at the clock), or forever when an environment variable fixes the moment.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AS_OF_ENV_VAR, asOfOverride, NOW_ENV_VAR } from "../as-of.ts";
import { openDatabase } from "../db.ts";
import type { ValidationReport } from "../ingest/load-dataset.ts";
import type { Pipeline } from "../pipeline.ts";
import { SCHEMA, duckdbType, type TableName } from "../schema.ts";
import { DEFAULT_SETTINGS_PATH, loadSettings } from "../settings.ts";
import { createTicketFacts } from "../metrics/ticket-facts.ts";
import { openRunPipeline, resolveRunData } from "../warehouse/run-data.ts";

export { AS_OF_ENV_VAR, NOW_ENV_VAR };
export const CACHE_DIR = fileURLToPath(new URL("../../src/.observablehq/cache/site-dataset/", import.meta.url));
export const CACHE_MAX_AGE_MS = 15 * 60_000;
const LOADERS_DIR = fileURLToPath(new URL("../", import.meta.url));

/** The as-of the environment fixes for the site ($SUPPORT_ANALYTICS_AS_OF, then $SUPPORT_ANALYTICS_NOW), or null: the data's own. */
export function siteAsOfOverride(): Date | null {
  return asOfOverride(undefined, loadSettings().calendar.timezone);
}

function asOfFixedByEnvironment(): boolean {
  return Boolean(process.env[AS_OF_ENV_VAR] || process.env[NOW_ENV_VAR]);
}

function listFiles(dir: string, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    // a warehouse file (and its write-ahead log) instead of a folder
    for (const file of [dir, `${dir}.wal`]) if (existsSync(file)) out.push(`${file}:${statSync(file).size}:${statSync(file).mtimeMs}`);
    return out;
  }
  for (const name of names.sort()) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) listFiles(path, out);
    else out.push(`${path}:${stat.size}:${stat.mtimeMs}`);
  }
  return out;
}

/** Changes whenever a data file, the settings or the loader code changes. */
export function datasetFingerprint(dataDir: string): string {
  const settingsPath = process.env.SUPPORT_ANALYTICS_SETTINGS ?? DEFAULT_SETTINGS_PATH;
  const hash = createHash("sha256");
  hash.update(dataDir + "\n" + listFiles(dataDir).join("\n"));
  hash.update(existsSync(settingsPath) ? readFileSync(settingsPath) : "no settings");
  hash.update(listFiles(LOADERS_DIR).filter((f) => f.includes(".ts:") || f.includes(".sql:") || f.includes(".json:")).join("\n"));
  hash.update(`${process.env[AS_OF_ENV_VAR] ?? ""}|${process.env[NOW_ENV_VAR] ?? ""}`);
  return hash.digest("hex").slice(0, 24);
}

interface CacheMeta {
  now: string;
  latestEventDay: string | null;
  createdAt: number;
  dataDir: string;
  report: ValidationReport;
}

async function buildFacts(pipeline: Pipeline): Promise<void> {
  await createTicketFacts(pipeline.connection, pipeline.settings, pipeline.now, "ticket_facts", pipeline.latestEventDay);
}

function sqlPath(path: string): string {
  return `'${path.replaceAll("'", "''")}'`;
}

async function saveCache(pipeline: Pipeline, fingerprint: string): Promise<void> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const final = join(CACHE_DIR, `${fingerprint}.duckdb`);
  const temporary = join(CACHE_DIR, `${fingerprint}.${process.pid}.tmp.duckdb`);
  rmSync(temporary, { force: true });
  await pipeline.connection.run(`ATTACH ${sqlPath(temporary)} AS site_cache; COPY FROM DATABASE memory TO site_cache; DETACH site_cache;`);
  const meta: CacheMeta = { now: pipeline.now.toISOString(), latestEventDay: pipeline.latestEventDay, createdAt: Date.now(), dataDir: pipeline.dataDir, report: pipeline.report };
  writeFileSync(join(CACHE_DIR, `${fingerprint}.${process.pid}.tmp.json`), JSON.stringify(meta));
  renameSync(temporary, final);
  renameSync(join(CACHE_DIR, `${fingerprint}.${process.pid}.tmp.json`), join(CACHE_DIR, `${fingerprint}.json`));
}

async function restoreCache(fingerprint: string): Promise<Pipeline | null> {
  const file = join(CACHE_DIR, `${fingerprint}.duckdb`);
  const metaFile = join(CACHE_DIR, `${fingerprint}.json`);
  if (!existsSync(file) || !existsSync(metaFile)) return null;
  let meta: CacheMeta;
  try {
    meta = JSON.parse(readFileSync(metaFile, "utf8")) as CacheMeta;
  } catch {
    return null;
  }
  if (meta.latestEventDay === undefined) return null;
  if (!asOfFixedByEnvironment() && Date.now() - meta.createdAt > CACHE_MAX_AGE_MS) return null;
  const { instance, connection } = await openDatabase();
  try {
    await connection.run(`ATTACH ${sqlPath(file)} AS site_cache (READ_ONLY); COPY FROM DATABASE site_cache TO memory; DETACH site_cache;`);
  } catch {
    connection.closeSync();
    instance.closeSync();
    return null;
  }
  return { instance, connection, report: meta.report, settings: loadSettings(), dataDir: meta.dataDir, now: new Date(meta.now), latestEventDay: meta.latestEventDay };
}

/** The site's data: the warehouse named by $SUPPORT_ANALYTICS_DB, else the folder of loaders/data-dir.ts. */
export function siteDataLocation(): string {
  const resolved = resolveRunData(undefined, undefined);
  return resolved.kind === "warehouse" ? resolved.path : resolved.dir;
}

/**
 * The pipeline with its ticket-facts table, restored from the build cache when possible.
 */
export async function openSiteDataset(): Promise<Pipeline> {
  const fingerprint = datasetFingerprint(siteDataLocation());
  const cached = await restoreCache(fingerprint);
  if (cached) return cached;
  const pipeline = await openRunPipeline(undefined, undefined, { now: siteAsOfOverride() });
  await buildFacts(pipeline);
  try {
    await saveCache(pipeline, fingerprint);
  } catch (error) {
    process.stderr.write(`Кэш данных сайта не сохранён: ${(error as Error).message}\n`);
  }
  return pipeline;
}

export async function tableExists(pipeline: Pipeline, name: string): Promise<boolean> {
  const reader = await pipeline.connection.runAndReadAll(
    `SELECT count(*)::INTEGER FROM information_schema.tables WHERE table_name = '${name.replaceAll("'", "''")}'`,
  );
  return Number(reader.getRows()[0]![0]) > 0;
}

/** Closes the DuckDB connection and instance of a pipeline. */
export function closeDataset(pipeline: Pipeline): void {
  pipeline.connection.closeSync();
  pipeline.instance.closeSync();
}

/** `"table"` when it exists, else an empty relation with the table's SCHEMA columns (optional exports). */
export async function relationOrEmpty(pipeline: Pipeline, table: TableName): Promise<string> {
  if (await tableExists(pipeline, table)) return `"${table}"`;
  const columns = SCHEMA[table].columns.map((c) => `NULL::${duckdbType(c)} AS "${c.name}"`);
  return `(SELECT ${columns.join(", ")} WHERE FALSE)`;
}
