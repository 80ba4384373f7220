/**
 * Small helpers to run metric SQL on a DuckDB connection and read plain JS values:
 * BIGINT/HUGEINT become numbers, DECIMAL becomes a number, everything else is left as read.
 * Metric SQL casts dates to VARCHAR so rows are JSON-ready.
 */
import { DuckDBTypeId, JSDuckDBValueConverter, type DuckDBConnection } from "@duckdb/node-api";
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

/** DuckDB types whose vectors' items are already the JS values queryRows gives (getRowObjectsJS, then BIGINT → number). */
const PLAIN_ITEM_TYPES: ReadonlySet<DuckDBTypeId> = new Set([
  DuckDBTypeId.BOOLEAN,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.VARCHAR,
  DuckDBTypeId.ENUM,
]);

/**
 * Run a query and return its values column by column, by column name in the query's order: the
 * values queryRows gives, read from each vector's items (numbers and text need no conversion).
 */
export async function queryColumns(connection: DuckDBConnection, sql: string): Promise<{ length: number; columns: Record<string, unknown[]> }> {
  const result = await connection.run(sql);
  const names = result.columnNames();
  const types = result.columnTypes();
  const lists: unknown[][] = names.map(() => []);
  let length = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const rows = chunk.rowCount;
    length += rows;
    types.forEach((type, c) => {
      const vector = chunk.getColumnVector(c);
      const list = lists[c]!;
      if (PLAIN_ITEM_TYPES.has(type.typeId)) for (let i = 0; i < rows; i++) list.push(vector.getItem(i));
      else for (let i = 0; i < rows; i++) list.push(plain(JSDuckDBValueConverter(vector.getItem(i), type, JSDuckDBValueConverter)));
    });
  }
  return { length, columns: Object.fromEntries(names.map((name, c) => [name, lists[c]!])) };
}

/**
 * The select list of `table`'s columns, in order, with each text column cast to an ENUM of its
 * values in sorted order: the same values and the same ORDER BY, read by queryColumns without
 * decoding text (a column with no text but NULLs stays as it is).
 */
export async function enumTextColumnsSql(connection: DuckDBConnection, table: string): Promise<string> {
  const columns = await queryRows<{ column_name: string; column_type: string }>(connection, `DESCRIBE ${table}`);
  const list: string[] = [];
  for (const { column_name: name, column_type: type } of columns) {
    const column = `"${name.replaceAll('"', '""')}"`;
    const values = type === "VARCHAR" ? await queryRows<{ v: string }>(connection, `SELECT DISTINCT ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL ORDER BY v`) : [];
    list.push(values.length > 0 ? `${column}::ENUM(${values.map((r) => sqlString(r.v)).join(", ")}) AS ${column}` : column);
  }
  return list.join(", ");
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
