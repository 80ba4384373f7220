/**
 * Reading the warehouse for a run: its canonical tables are copied into the run's in-memory
 * database under their usual names (one CREATE TABLE AS each), with `rejects` holding the
 * rejected rows of every import, so the metrics, the CLI and the site work on it exactly as on a
 * folder of exports. The as-of is
 * resolved the same way (loaders/as-of.ts) over the copied tables. The file is attached read-only
 * for the copy and detached at once (a concurrent import waits at most for that).
 */
import type { FileReport, ValidationReport } from "../ingest/load-dataset.ts";
import { resolveAsOf } from "../as-of.ts";
import { openDatabase } from "../db.ts";
import { CREATE_REJECTS_TABLE } from "../ingest/sql.ts";
import type { Reject, RejectCode } from "../ingest/reject-codes.ts";
import type { Pipeline, PipelineOptions } from "../pipeline.ts";
import { SCHEMA, TABLE_NAMES, type TableName } from "../schema.ts";
import { loadSettings } from "../settings.ts";
import { WH, WarehouseError, attachWarehouse, schemaVersion, WAREHOUSE_SCHEMA_VERSION } from "./store.ts";
import { sqlIdentifier } from "../ingest/sql.ts";
import { sqlString } from "../sql-literal.ts";

export interface WarehouseReadOptions extends PipelineOptions {
  /** how long to wait while an import holds the file, ms */
  waitMs?: number;
}

export const DEFAULT_READ_WAIT_MS = 30_000;

/**
 * Every table's accounting in the warehouse, in one query: accepted = rows kept now; rejected =
 * rows its imports rejected; read = both; a table no import brought is «missing».
 */
async function tableReports(connection: Pipeline["connection"], dbPath: string): Promise<Record<TableName, FileReport>> {
  const kept = TABLE_NAMES.map((t) => `SELECT ${sqlString(t)} AS table_name, count(*)::BIGINT AS accepted FROM ${sqlIdentifier(t)}`).join(" UNION ALL ");
  const rows = (
    await connection.runAndReadAll(
      `SELECT k.table_name, k.accepted, coalesce(l.rejected, 0)::BIGINT, coalesce(l.imports, 0)::BIGINT
       FROM (${kept}) k
       LEFT JOIN (SELECT table_name, sum(rows_rejected) AS rejected, count(*) AS imports FROM ${WH}.import_tables GROUP BY table_name) l USING (table_name)`,
    )
  ).getRows();
  const byTable = new Map(rows.map((r) => [String(r[0]), r]));
  const files = {} as Record<TableName, FileReport>;
  for (const table of TABLE_NAMES) {
    const [, accepted, rejected, imports] = byTable.get(table)!;
    const imported = Number(imports) > 0;
    files[table] = {
      path: imported ? `${dbPath}#${table}` : null,
      status: imported ? "ok" : "missing",
      encoding: null,
      delimiter: null,
      read: Number(accepted) + Number(rejected),
      accepted: Number(accepted),
      rejected: Number(rejected),
    };
  }
  return files;
}

/**
 * Copies the warehouse into the connection's memory database, one CREATE TABLE AS per table (in
 * key order, so a run does not depend on the order rows were imported in); returns the report of
 * what it holds.
 */
async function copyWarehouse(connection: Pipeline["connection"], dbPath: string): Promise<ValidationReport> {
  const version = await schemaVersion(connection);
  if (version !== WAREHOUSE_SCHEMA_VERSION) {
    throw new WarehouseError(
      version === null
        ? `Хранилище ${dbPath} пусто: сначала загрузите выгрузки командой support-analytics import ПАПКА --db ${dbPath}`
        : `Хранилище ${dbPath} в схеме версии ${version}, нужна ${WAREHOUSE_SCHEMA_VERSION}: выполните любую загрузку (support-analytics import), она обновит схему`,
    );
  }
  for (const table of TABLE_NAMES) {
    const columns = SCHEMA[table].columns.map((c) => sqlIdentifier(c.name)).join(", ");
    await connection.run(`CREATE OR REPLACE TABLE ${sqlIdentifier(table)} AS SELECT ${columns} FROM ${WH}.${sqlIdentifier(table)} ORDER BY ${sqlIdentifier(SCHEMA[table].key)}`);
  }
  await connection.run(CREATE_REJECTS_TABLE);
  await connection.run(`INSERT INTO rejects SELECT file, line, field, value, code, message FROM ${WH}.import_rejects ORDER BY import_id, file, line, field`);
  const files = await tableReports(connection, dbPath);
  const rejects: Reject[] = (await connection.runAndReadAll(`SELECT file, line, field, value, code, message FROM rejects`))
    .getRows()
    .map((r) => ({ file: String(r[0]), line: Number(r[1]), field: String(r[2]), value: String(r[3] ?? ""), code: String(r[4]) as RejectCode, message: String(r[5]) }));
  return { dataDir: dbPath, files, rejects };
}

/** The run's pipeline over the warehouse file `dbPath` (instead of a folder of exports). */
export async function openWarehousePipeline(dbPath: string, options: WarehouseReadOptions = {}): Promise<Pipeline> {
  const clock = options.clock ?? new Date();
  const settings = options.settings ?? loadSettings();
  const { instance, connection } = await openDatabase();
  try {
    await attachWarehouse(connection, dbPath, { readOnly: true, waitMs: options.waitMs ?? DEFAULT_READ_WAIT_MS });
    const report = await copyWarehouse(connection, dbPath);
    await connection.run(`DETACH ${WH}`);
    const { asOf, latestEventDay } = await resolveAsOf(connection, settings.calendar.timezone, { override: options.now ?? null, clock });
    return { instance, connection, report, settings, dataDir: dbPath, now: asOf, latestEventDay };
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }
}
