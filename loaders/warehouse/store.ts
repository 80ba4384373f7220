/**
 * The warehouse: one DuckDB file that accumulates the department's exports (see import.ts).
 * Where it lives, its tables and schema version, and how a process attaches it: a writer holds
 * DuckDB's own file lock, so a second process waits up to a bound and then gets a clear message.
 *
 * Tables (schema version WAREHOUSE_SCHEMA_VERSION):
 * - the six canonical tables (loaders/schema.ts) with two more columns: `_as_of`, the as-of of the
 *   export the row's values came from (the newest export that carried them), and `_import_id`;
 * - `meta` (key, value): `schema_version`;
 * - `imports`, `import_files`, `import_tables`, `import_rejects`: the import log;
 * - `published`, `published_tickets`: published monthly reports (publish.ts).
 */
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DuckDBConnection } from "@duckdb/node-api";
import { SCHEMA, TABLE_NAMES, duckdbType, type TableName } from "../schema.ts";
import { sqlString } from "../sql-literal.ts";
import { sqlIdentifier } from "../ingest/sql.ts";

export const DB_ENV_VAR = "SUPPORT_ANALYTICS_DB";
export const DEFAULT_WAREHOUSE_PATH = fileURLToPath(new URL("../../data/local/warehouse.duckdb", import.meta.url));
export const WAREHOUSE_SCHEMA_VERSION = 1;
/** The catalog name the warehouse is attached under. */
export const WH = "wh";

/** `--db FILE`, else $SUPPORT_ANALYTICS_DB, else the default path when `orDefault`; null: no warehouse. */
export function resolveWarehousePath(explicit: string | undefined, { orDefault }: { orDefault: boolean }): string | null {
  if (explicit && explicit.trim() !== "") return resolve(explicit);
  const fromEnv = process.env[DB_ENV_VAR];
  if (fromEnv && fromEnv.trim() !== "") return resolve(fromEnv);
  return orDefault ? DEFAULT_WAREHOUSE_PATH : null;
}

/** The warehouse cannot be used: a one-line Russian message. */
export class WarehouseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WarehouseError";
  }
}

/** DDL of the warehouse copy of a canonical table. */
export function warehouseTableDdl(table: TableName): string {
  const columns = SCHEMA[table].columns.map((c) => `${sqlIdentifier(c.name)} ${duckdbType(c)}`);
  return `CREATE TABLE IF NOT EXISTS ${WH}.${sqlIdentifier(table)} (${columns.join(", ")}, _as_of TIMESTAMP, _import_id INTEGER)`;
}

const LOG_DDL = [
  `CREATE TABLE IF NOT EXISTS ${WH}.meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS ${WH}.imports (import_id INTEGER PRIMARY KEY, source VARCHAR, started_at TIMESTAMP,
     finished_at TIMESTAMP, as_of TIMESTAMP, period_from DATE, period_to DATE)`,
  `CREATE TABLE IF NOT EXISTS ${WH}.import_files (import_id INTEGER, path VARCHAR, sheet VARCHAR, table_name VARCHAR,
     sha256 VARCHAR, size_bytes BIGINT)`,
  `CREATE TABLE IF NOT EXISTS ${WH}.import_tables (import_id INTEGER, table_name VARCHAR, rows_read BIGINT,
     rows_accepted BIGINT, rows_rejected BIGINT, rows_new BIGINT, rows_updated BIGINT, rows_unchanged BIGINT,
     rows_older BIGINT)`,
  `CREATE TABLE IF NOT EXISTS ${WH}.import_rejects (import_id INTEGER, file VARCHAR, line INTEGER, field VARCHAR,
     value VARCHAR, code VARCHAR, message VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS ${WH}.published (publication_id INTEGER PRIMARY KEY, month VARCHAR, published_at TIMESTAMP,
     as_of TIMESTAMP, import_id INTEGER, settings_sha256 VARCHAR, kpis VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS ${WH}.published_tickets (publication_id INTEGER, ticket_id VARCHAR, priority VARCHAR, sla_status VARCHAR)`,
];

/**
 * How a writer attaches the warehouse: a file it creates is written in this DuckDB's newest
 * storage format, whose string compression (dictionary with FSST) writes a million tickets with
 * ~20 % less processor time than the default v0.10 format and into a smaller file (25 MB instead
 * of 32; bench/warehouse.ts). The file is then readable by DuckDB 1.5 or later only, which is the
 * version this program ships with.
 */
const WRITE_STORAGE_OPTION = "STORAGE_VERSION 'latest'";

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

const isLockError = (error: unknown): boolean => /lock/i.test(String((error as Error)?.message ?? error));

/**
 * Attaches the warehouse file as `wh`. While another process holds it (DuckDB's file lock), retries
 * for up to `waitMs`, then throws WarehouseError naming the file and the holder's PID.
 */
export async function attachWarehouse(
  connection: DuckDBConnection,
  path: string,
  { readOnly, waitMs }: { readOnly: boolean; waitMs: number },
): Promise<void> {
  if (readOnly && !existsSync(path)) {
    throw new WarehouseError(`Хранилище ${path} не найдено: сначала загрузите выгрузки командой support-analytics import ПАПКА --db ${path}`);
  }
  if (!readOnly) mkdirSync(dirname(path), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await connection.run(`ATTACH ${sqlString(path)} AS ${WH} (${readOnly ? "READ_ONLY" : WRITE_STORAGE_OPTION})`);
      return;
    } catch (error) {
      if (!isLockError(error)) throw new WarehouseError(`Хранилище ${path} не открывается: ${String((error as Error).message).split("\n")[0]}`);
      if (Date.now() >= deadline) {
        const pid = /PID (\d+)/.exec(String((error as Error).message))?.[1];
        throw new WarehouseError(
          `Хранилище ${path} занято другим процессом${pid ? ` (PID ${pid})` : ""}: идёт загрузка или чтение. ` +
            `Ждали ${(waitMs / 1000).toLocaleString("ru-RU")} с; повторите позже или задайте --wait СЕКУНД.`,
        );
      }
      await sleep(200);
    }
  }
}

async function scalarText(connection: DuckDBConnection, sql: string): Promise<string | null> {
  const rows = (await connection.runAndReadAll(sql)).getRows();
  return rows.length === 0 || rows[0]![0] === null ? null : String(rows[0]![0]);
}

/** The schema version of the attached warehouse: 0 for a file without `meta`, null for an empty file. */
export async function schemaVersion(connection: DuckDBConnection): Promise<number | null> {
  const tables = (
    await connection.runAndReadAll(`SELECT table_name FROM information_schema.tables WHERE table_catalog = '${WH}'`)
  ).getRows().map((r) => String(r[0]));
  if (tables.length === 0) return null;
  if (!tables.includes("meta")) return 0;
  return Number((await scalarText(connection, `SELECT value FROM ${WH}.meta WHERE key = 'schema_version'`)) ?? 0);
}

/**
 * Creates the tables of an empty warehouse, or migrates an older one after copying the file to
 * `<file>.v<version>.bak`. Returns the backup's path when one was made.
 * Version 0: the canonical tables without `_as_of` / `_import_id`, no log, no `meta`.
 */
export async function ensureSchema(connection: DuckDBConnection, path: string): Promise<string | null> {
  const version = await schemaVersion(connection);
  if (version !== null && version > WAREHOUSE_SCHEMA_VERSION) {
    throw new WarehouseError(`Хранилище ${path} создано более новой версией программы (схема ${version}, поддерживается ${WAREHOUSE_SCHEMA_VERSION})`);
  }
  if (version === WAREHOUSE_SCHEMA_VERSION) return null;
  let backup: string | null = null;
  if (version !== null) {
    await connection.run(`CHECKPOINT ${WH}`);
    backup = `${path}.v${version}.bak`;
    copyFileSync(path, backup);
  }
  await connection.run("BEGIN TRANSACTION");
  try {
    for (const statement of LOG_DDL) await connection.run(statement);
    for (const table of TABLE_NAMES) {
      await connection.run(warehouseTableDdl(table));
      await connection.run(`ALTER TABLE ${WH}.${sqlIdentifier(table)} ADD COLUMN IF NOT EXISTS _as_of TIMESTAMP`);
      await connection.run(`ALTER TABLE ${WH}.${sqlIdentifier(table)} ADD COLUMN IF NOT EXISTS _import_id INTEGER`);
    }
    await connection.run(
      `INSERT OR REPLACE INTO ${WH}.meta VALUES ('schema_version', '${WAREHOUSE_SCHEMA_VERSION}')`,
    );
    await connection.run("COMMIT");
  } catch (error) {
    await connection.run("ROLLBACK");
    throw error;
  }
  return backup;
}
