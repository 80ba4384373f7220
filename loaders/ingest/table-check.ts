/**
 * Checking one opened export in DuckDB: parse and check every field (the check table), index the
 * file's records for line numbers, collect the rows DuckDB could not parse and the rows with the
 * wrong number of fields, list every rejected field, and keep the accepted rows in the table.
 * Every scratch table is dropped, whatever happens. Accounting holds: accepted = parsed − rejected.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { fieldCountProblems, indexRecords, lineLookup, type FieldCountProblem, type LineLookup, type RecordIndex } from "./line-index.ts";
import type { RejectCode } from "./reject-codes.ts";
import {
  checkTable,
  checkTableStatement,
  duplicateKeysStatement,
  duplicateKeysTable,
  finalizeStatements,
  malformedScanTable,
  malformedTable,
  rejectsLongStatement,
  rejectsLongTable,
  sqlIdentifier,
  type ReferenceCheck,
  type TableReadPlan,
} from "./sql.ts";
import type { TableName } from "../schema.ts";

/** One rejected field of a parsed row (`ord`: the row's ordinal among parsed rows). */
export interface LongReject {
  ord: number;
  field: string;
  value: string | null;
  code: RejectCode;
  otherOrd: number | null;
}

/** A row DuckDB's reader could not parse, at its byte position. */
export interface MalformedRow {
  position: number;
  csvLine: string;
  errorType: string;
  errorMessage: string;
}

export interface TableCheck {
  parsed: number;
  accepted: number;
  malformed: MalformedRow[];
  long: LongReject[];
  index: RecordIndex;
  lookup: LineLookup;
  fieldProblems: FieldCountProblem[];
  /** ordinals of the parsed rows rejected */
  rejectedOrds: Set<number>;
}

async function scalar(connection: DuckDBConnection, sql: string): Promise<number> {
  const reader = await connection.runAndReadAll(sql);
  return Number(reader.getRows()[0]![0]);
}

export async function dropScratch(connection: DuckDBConnection, table: TableName): Promise<void> {
  for (const name of [checkTable(table), rejectsLongTable(table), malformedTable(table), malformedScanTable(table), duplicateKeysTable(table)]) {
    await connection.run(`DROP TABLE IF EXISTS ${sqlIdentifier(name)}`);
  }
}

/**
 * DuckDB parses and checks first, then this thread indexes the records (lines, field counts) of
 * a clean copy; a file read as it is was indexed by the physical scan (`scanned`). One after the
 * other on purpose: the synchronous scan blocks the event loop DuckDB's query tasks are scheduled
 * from, so running both at once was measured ~1.6× slower than in turn. The error when either fails.
 */
async function parseAndIndex(
  connection: DuckDBConnection,
  plan: TableReadPlan,
  scanned: RecordIndex | null,
): Promise<{ index: RecordIndex } | { error: unknown }> {
  const checkError = await connection.run(checkTableStatement(plan)).then(
    () => null,
    (error: unknown) => error ?? new Error("read_csv failed"),
  );
  if (checkError !== null) return { error: checkError };
  try {
    return { index: scanned ?? indexRecords(plan.path, plan.delimiter) };
  } catch (error) {
    return { error };
  }
}

async function malformedRows(connection: DuckDBConnection, table: TableName): Promise<MalformedRow[]> {
  const reader = await connection.runAndReadAll(
    `SELECT line_byte_position AS position, min(csv_line), arg_min(error_type, column_idx), arg_min(error_message, column_idx)
     FROM ${malformedTable(table)} GROUP BY position ORDER BY position`,
  );
  return reader.getRows().map((row) => ({
    position: Number(row[0]),
    csvLine: String(row[1] ?? ""),
    errorType: String(row[2] ?? ""),
    errorMessage: String(row[3] ?? ""),
  }));
}

/** Rows with the wrong number of fields replace their field rejects with one «malformed_row». */
async function rejectWholeRows(connection: DuckDBConnection, table: TableName, ordinals: readonly number[]): Promise<void> {
  const bad = sqlIdentifier(`sa_bad_${table}`);
  await connection.run(`CREATE OR REPLACE TABLE ${bad} (ord BIGINT)`);
  const appender = await connection.createAppender(`sa_bad_${table}`);
  for (const ordinal of ordinals) {
    appender.appendBigInt(BigInt(ordinal));
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  await connection.run(`DELETE FROM ${rejectsLongTable(table)} WHERE ord IN (SELECT ord FROM ${bad})`);
  await connection.run(`INSERT INTO ${rejectsLongTable(table)} SELECT ord, '*', NULL, 'malformed_row', NULL FROM ${bad}`);
  await connection.run(`DROP TABLE ${bad}`);
}

async function longRejects(connection: DuckDBConnection, table: TableName): Promise<LongReject[]> {
  const reader = await connection.runAndReadAll(`SELECT ord, field, value, code, other_ord FROM ${rejectsLongTable(table)} ORDER BY ord, field`);
  return reader.getRows().map((row) => ({
    ord: Number(row[0]),
    field: String(row[1]),
    value: row[2] === null ? null : String(row[2]),
    code: String(row[3]) as RejectCode,
    otherOrd: row[4] === null ? null : Number(row[4]),
  }));
}

/** The check of the file `plan` reads; `{ error }` when DuckDB or the record index cannot read it as CSV. */
export async function checkTableFile(
  connection: DuckDBConnection,
  plan: TableReadPlan,
  references: readonly ReferenceCheck[],
  scanned: RecordIndex | null = null,
): Promise<TableCheck | { error: unknown }> {
  const { table } = plan;
  await dropScratch(connection, table);
  const read = await parseAndIndex(connection, plan, scanned);
  if ("error" in read) {
    await dropScratch(connection, table);
    return read;
  }
  const { index } = read;
  const parsed = await scalar(connection, `SELECT count(*) FROM ${checkTable(table)}`);
  const malformed = await malformedRows(connection, table);
  const positions = malformed.map((m) => m.position);
  const lookup = lineLookup(index, positions, parsed);
  const fieldProblems = lookup.consistent ? fieldCountProblems(index, positions, plan.fieldCount) : [];
  await connection.run(duplicateKeysStatement(table));
  const duplicates = await scalar(connection, `SELECT count(*) FROM ${duplicateKeysTable(table)}`);
  await connection.run(rejectsLongStatement(table, references, duplicates > 0));
  if (fieldProblems.length > 0) await rejectWholeRows(connection, table, fieldProblems.map((p) => p.ordinal));
  const long = await longRejects(connection, table);
  for (const statement of finalizeStatements(table)) await connection.run(statement);
  const accepted = await scalar(connection, `SELECT count(*) FROM ${sqlIdentifier(table)}`);
  await dropScratch(connection, table);
  const rejectedOrds = new Set(long.map((x) => x.ord));
  if (accepted !== parsed - rejectedOrds.size) {
    throw new Error(`accounting mismatch in ${table}: parsed ${parsed}, accepted ${accepted}, rejected ${rejectedOrds.size}`);
  }
  return { parsed, accepted, malformed, long, index, lookup, fieldProblems, rejectedOrds };
}
