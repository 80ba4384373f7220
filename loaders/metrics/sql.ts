/**
 * Small helpers to run metric SQL on a DuckDB connection and read plain JS values:
 * BIGINT/HUGEINT become numbers, DECIMAL becomes a number, everything else is left as read.
 * Metric SQL casts dates to VARCHAR so rows are JSON-ready.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { SCHEMA, duckdbType, type TableName } from "../schema.ts";
import { sqlString } from "../sql-literal.ts";

export type Row = Record<string, unknown>;

function plain(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  return value;
}

/** Run a query and return its rows as plain objects. */
export async function queryRows<T extends Row = Row>(connection: DuckDBConnection, sql: string): Promise<T[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => {
    const out: Row = {};
    for (const [key, value] of Object.entries(row)) out[key] = plain(value);
    return out as T;
  });
}

/** A finite number or null (NaN, ±Infinity, undefined become null). */
export function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Whether a table (or view) exists in the connection's catalog. */
export async function tableExists(connection: DuckDBConnection, name: string): Promise<boolean> {
  const rows = await queryRows(
    connection,
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ${sqlString(name)}`,
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

/** Number of rows of a table, 0 when it does not exist. */
export async function rowCount(connection: DuckDBConnection, name: string): Promise<number> {
  if (!(await tableExists(connection, name))) return 0;
  const rows = await queryRows(connection, `SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`);
  return Number(rows[0]?.n ?? 0);
}

export { ratio } from "../../src/core/ratio.ts";

/**
 * A relation with every SCHEMA column of `table`: a column the table lacks becomes a typed NULL,
 * and an absent table an empty typed relation (optional exports turn features into «нет данных»).
 */
export async function relationSql(connection: DuckDBConnection, table: TableName): Promise<string> {
  const rows = await queryRows<{ column_name: string }>(
    connection,
    `SELECT column_name FROM information_schema.columns WHERE table_name = ${sqlString(table)}`,
  );
  const present = new Set(rows.map((r) => r.column_name));
  const columns = SCHEMA[table].columns.map((c) =>
    present.has(c.name) ? `"${c.name}"` : `NULL::${duckdbType(c)} AS "${c.name}"`,
  );
  if (present.size === 0) return `(SELECT ${columns.join(", ")} WHERE false)`;
  return `(SELECT ${columns.join(", ")} FROM "${table}")`;
}
