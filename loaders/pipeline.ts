/**
 * The first step of every Node-side run: read the exports into DuckDB (validated, with the
 * rejects and the report). Loaders, the CLI and the benchmark all start here. The business
 * calendar and the per-ticket facts come next, once, from createTicketFacts
 * (metrics/ticket-facts.ts); the KPI engine (metrics/month-kpis.ts) reuses that table, the
 * instead of judging the tickets again.
 */
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { resolveAsOf } from "./as-of.ts";
import { openDatabase } from "./db.ts";
import { loadDataset, type ValidationReport } from "./ingest/load-dataset.ts";
import { loadSettings, type Settings } from "./settings.ts";

export interface Pipeline {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  report: ValidationReport;
  settings: Settings;
  dataDir: string;
  /** the as-of moment (loaders/as-of.ts): everything of the run is judged at it */
  now: Date;
  /**
   * the data's own day: the latest event day of the exports (loaders/as-of.ts), found once when the
   * as-of was resolved; every reading as known at a moment takes it from here (known-at.ts)
   */
  latestEventDay: string | null;
}

export interface PipelineOptions {
  /** an explicit as-of (--as-of, the environment); "future" rows are measured from it when it is after the clock */
  now?: Date | null;
  /** the real clock: "future" rows are measured from it when no `now` is given, and it caps the data's as-of */
  clock?: Date;
  settings?: Settings;
}

/**
 * The moment after which a row is "in the future" and rejected: the real clock, or an explicit
 * as-of when it is later. An as-of before the clock does not reject what happened after it: the
 * metrics read every table as known at the as-of (loaders/metrics/known-at.ts).
 */
function futureFrom(clock: Date, asOf: Date | null): Date {
  return asOf !== null && asOf.getTime() > clock.getTime() ? asOf : clock;
}

/**
 * Reads the exports; without an explicit `now` the as-of comes from the data itself
 * (resolveAsOf: the end of the latest event day, never past the clock).
 */
export async function runPipeline(dataDir: string, options: PipelineOptions = {}): Promise<Pipeline> {
  const clock = options.clock ?? new Date();
  const settings = options.settings ?? loadSettings();
  const { instance, connection } = await openDatabase();
  const report = await loadDataset(connection, dataDir, { now: futureFrom(clock, options.now ?? null) });
  const { asOf, latestEventDay } = await resolveAsOf(connection, settings.calendar.timezone, { override: options.now ?? null, clock });
  return { instance, connection, report, settings, dataDir, now: asOf, latestEventDay };
}
