/**
 * DuckDB query → Apache Arrow IPC (file format) for the pages' data loaders. Column types follow
 * DuckDB's: integers → Int32 (BIGINT → Float64, exact below 2^53), DOUBLE/DECIMAL → Float64,
 * VARCHAR → dictionary-encoded Utf8, TIMESTAMP → millisecond timestamp (UTC), DATE → day,
 * BOOLEAN → Bool. NULLs stay null.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  Bool,
  DateDay,
  Dictionary,
  Float64,
  Int32,
  Table,
  TimestampMillisecond,
  Utf8,
  tableToIPC,
  vectorFromArray,
  type DataType,
  type Vector,
} from "apache-arrow";

/** `dictionaryId`: the id a VARCHAR column's dictionary gets (numbered from 0 within each table). */
function arrowTypeOf(duckdbType: string, dictionaryId: number): DataType {
  const type = duckdbType.toUpperCase();
  if (type === "INTEGER" || type === "SMALLINT" || type === "TINYINT" || type === "UTINYINT" || type === "USMALLINT") return new Int32();
  if (type === "BIGINT" || type === "HUGEINT" || type === "UINTEGER" || type === "UBIGINT") return new Float64();
  if (type === "DOUBLE" || type === "FLOAT" || type.startsWith("DECIMAL")) return new Float64();
  if (type === "BOOLEAN") return new Bool();
  if (type === "DATE") return new DateDay();
  if (type.startsWith("TIMESTAMP")) return new TimestampMillisecond();
  return new Dictionary(new Utf8(), new Int32(), dictionaryId);
}

/** Arrow types of a result's columns; dictionary ids count from 0 in each table, so a query's bytes never depend on what ran before it. */
function arrowTypesOf(duckdbTypes: string[]): DataType[] {
  let dictionaries = 0;
  return duckdbTypes.map((t) => {
    const type = arrowTypeOf(t, dictionaries);
    if (type instanceof Dictionary) dictionaries++;
    return type;
  });
}

function convert(value: unknown, type: DataType): unknown {
  if (value === null || value === undefined) return null;
  if (type instanceof Float64 || type instanceof Int32) return typeof value === "bigint" ? Number(value) : Number(value);
  if (type instanceof DateDay || type instanceof TimestampMillisecond) {
    const date = value instanceof Date ? value : new Date(String(value));
    return type instanceof TimestampMillisecond ? date.getTime() : date;
  }
  if (type instanceof Bool) return Boolean(value);
  return String(value);
}

/** Runs `sql` and returns the result as an Arrow table. */
export async function queryToArrowTable(connection: DuckDBConnection, sql: string): Promise<Table> {
  const reader = await connection.runAndReadAll(sql);
  const names = reader.columnNames();
  const types = arrowTypesOf(reader.columnTypes().map((t) => t.toString()));
  const rows = reader.getRowsJS();
  const vectors: Record<string, Vector> = {};
  names.forEach((name, column) => {
    const type = types[column]!;
    const values = rows.map((row) => convert(row[column], type));
    vectors[name] = vectorFromArray(values as never[], type as never) as Vector;
  });
  return new Table(vectors);
}

/** Runs `sql` and returns Arrow IPC bytes (file format). */
export async function queryToArrowIpc(connection: DuckDBConnection, sql: string): Promise<Uint8Array> {
  return tableToIPC(await queryToArrowTable(connection, sql), "file");
}

/** Writes bytes to stdout and waits until they are flushed (loaders exit right after). */
export async function writeStdout(bytes: Uint8Array | string): Promise<void> {
  await new Promise<void>((resolve, reject) => process.stdout.write(bytes, (error) => (error ? reject(error) : resolve())));
}
