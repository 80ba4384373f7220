/**
 * The few helpers the calibration's queries share: rows as plain objects, numbers from DuckDB
 * values (BIGINT included), whether a table exists, and a UTC column as Moscow-local time.
 */
import type { DuckDBConnection } from "@duckdb/node-api";

export type Row = Record<string, unknown>;

export async function rows(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Row[];
}

/** a DuckDB value as a number: NULL → NaN, BIGINT → number */
export function num(value: unknown): number {
  if (value === null || value === undefined) return Number.NaN;
  return typeof value === "bigint" ? Number(value) : Number(value);
}

export async function tableExists(connection: DuckDBConnection, name: string): Promise<boolean> {
  const r = await rows(connection, `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = '${name}'`);
  return num(r[0]?.n) > 0;
}

/** Moscow-local timestamp of a UTC TIMESTAMP column */
export const LOCAL = (column: string, tz: string): string => `timezone('${tz}', ${column}::TIMESTAMPTZ)`;
