/**
 * The first step of every Node-side run: read the exports into DuckDB (validated, with the
 * rejects and the report). Loaders, the CLI and the benchmark all start here. The business
 * calendar and the per-ticket facts come next, once, from createTicketFacts
 * (metrics/ticket-facts.ts); the KPI engine (metrics/month-kpis.ts) reuses that table, the
 * instead of judging the tickets again.
 */
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { openDatabase } from "./db.ts";
import { loadDataset, type ValidationReport } from "./ingest/load-dataset.ts";
import { loadSettings, type Settings } from "./settings.ts";

export interface Pipeline {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  report: ValidationReport;
  settings: Settings;
  dataDir: string;
  /** the moment open tickets are judged at and "future" is measured from */
  now: Date;
}

export interface PipelineOptions {
  now?: Date;
  settings?: Settings;
}

export async function runPipeline(dataDir: string, options: PipelineOptions = {}): Promise<Pipeline> {
  const now = options.now ?? new Date();
  const settings = options.settings ?? loadSettings();
  const { instance, connection } = await openDatabase();
  const report = await loadDataset(connection, dataDir, { now });
  return { instance, connection, report, settings, dataDir, now };
}
