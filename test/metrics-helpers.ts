/**
 * Test helpers for the metric tests: a fresh in-memory DuckDB with the canonical tables
 * (loaders/schema.ts) and hand-made rows. Timestamps are written as UTC instants; `msk()`
 * converts a Moscow local "YYYY-MM-DD HH:MM" (UTC+3) to that.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { TABLE_NAMES, type TableName } from "../loaders/schema.ts";
import { loadSettings, type Settings } from "../loaders/settings.ts";
import { createSchemaTable, openMemoryDb, type MemoryDb } from "./helpers/duckdb.ts";

export type TestDb = MemoryDb;

export async function createTestDb(tables: readonly TableName[] = TABLE_NAMES): Promise<TestDb> {
  const db = await openMemoryDb();
  for (const name of tables) await createSchemaTable(db.connection, name);
  return db;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return `'${String(value).replaceAll("'", "''")}'`;
}

export async function insertRows(
  connection: DuckDBConnection,
  table: string,
  rows: Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const values = rows.map((r) => `(${columns.map((c) => literal(r[c])).join(", ")})`).join(",\n");
  await connection.run(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${values}`);
}

/** Moscow local "YYYY-MM-DD HH:MM[:SS]" → UTC "YYYY-MM-DD HH:MM:SS". */
export function msk(local: string): string {
  return new Date(`${local.replace(" ", "T")}+03:00`).toISOString().replace("T", " ").replace(/\.\d+Z$/, "");
}

/** The project's settings with some sections overridden (deep-copied). */
export function testSettings(patch: (s: Settings) => void = () => {}): Settings {
  const settings = structuredClone(loadSettings());
  patch(settings);
  return settings;
}

/** A minimal `ticket_facts` table holding only what the KPI code reads from it. */
export async function createFactsTable(
  connection: DuckDBConnection,
  rows: { ticket_id: string; is_repeat: boolean | null }[],
): Promise<void> {
  await connection.run(`CREATE TABLE ticket_facts (ticket_id VARCHAR, is_repeat BOOLEAN)`);
  await insertRows(connection, "ticket_facts", rows);
}
