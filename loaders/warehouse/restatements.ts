/**
 * Restatements as data for the readers of a published report: `metrics --json` (one month) and
 * the site (every published month). Each item carries its Russian line (restatementLineRu), so a
 * reader shows what was computed here and derives nothing.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { MonthKpis } from "../metrics/month-kpis.ts";
import { openDatabase } from "../db.ts";
import { monthRestatements, monthRestatementsOn, restatementLineRu, type Publication, type Restatement } from "./publish.ts";
import { WH, attachWarehouse } from "./store.ts";

export interface RestatementItemJson {
  key: string;
  published: number;
  current: number;
  reasons: string[];
  line_ru: string;
}

export interface RestatementsJson {
  publication_id: number;
  /** when the report was published (UTC, ISO 8601) */
  published_at: string;
  /** the as-of of the published figures (UTC, ISO 8601) */
  as_of_published: string;
  /** headline figures that differ from the publication now (empty: none changed) */
  items: RestatementItemJson[];
}

/** The JSON shape of a month's latest publication and its restatements. */
export function restatementsJson(found: { publication: Publication; restatements: Restatement[] }): RestatementsJson {
  return {
    publication_id: found.publication.publicationId,
    published_at: found.publication.publishedAt,
    as_of_published: found.publication.asOf,
    items: found.restatements.map((r) => ({ key: r.key, published: r.published, current: r.current, reasons: r.reasons, line_ru: restatementLineRu(r) })),
  };
}

/** The restatements of one month computed from the warehouse `dbPath`, or null when it was never published. */
export async function monthRestatementsJson(dbPath: string, connection: DuckDBConnection, current: MonthKpis, waitMs: number): Promise<RestatementsJson | null> {
  const found = await monthRestatements(dbPath, connection, current, waitMs);
  return found ? restatementsJson(found) : null;
}

/** The months with at least one publication, oldest first, on a connection with the warehouse attached. */
async function publishedMonthsOn(log: DuckDBConnection): Promise<string[]> {
  const tables = await log.runAndReadAll(
    `SELECT count(*) FROM duckdb_tables() WHERE database_name = '${WH}' AND table_name = 'published'`,
  );
  if (Number(tables.getRows()[0]![0]) === 0) return [];
  return (await log.runAndReadAll(`SELECT DISTINCT month FROM ${WH}.published ORDER BY month`)).getRows().map((r) => String(r[0]));
}

/** Runs `body` on a connection with the warehouse `dbPath` attached read-only (attached once, closed after). */
async function withWarehouse<T>(dbPath: string, waitMs: number, body: (log: DuckDBConnection) => Promise<T>): Promise<T> {
  const { instance, connection } = await openDatabase();
  try {
    await attachWarehouse(connection, dbPath, { readOnly: true, waitMs });
    return await body(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The months with at least one publication in the warehouse, oldest first. */
export async function publishedMonths(dbPath: string, waitMs: number): Promise<string[]> {
  return withWarehouse(dbPath, waitMs, publishedMonthsOn);
}

/**
 * Every published month's restatements, keyed by month, with the warehouse attached once.
 * `currentKpis` gives the month's KPIs as computed now on `connection` (the run's pipeline, whose
 * ticket_facts the SLA reasons read).
 */
export async function publishedRestatements(
  dbPath: string,
  connection: DuckDBConnection,
  currentKpis: (month: string) => Promise<MonthKpis>,
  waitMs: number,
): Promise<Record<string, RestatementsJson>> {
  return withWarehouse(dbPath, waitMs, async (log) => {
    const out: Record<string, RestatementsJson> = {};
    for (const month of await publishedMonthsOn(log)) {
      const found = await monthRestatementsOn(log, connection, await currentKpis(month));
      if (found) out[month] = restatementsJson(found);
    }
    return out;
  });
}
