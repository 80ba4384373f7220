/**
 * Read a folder of exports into typed DuckDB tables (tickets, clients, projects, visits, nps,
 * payments) holding only accepted rows, plus `rejects` with every rejected field. Accounting holds
 * per file: read = accepted + rejected. A bad row never fails the run; a missing or unreadable
 * required file throws DataFileError with a one-line message.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { findTableFile } from "../data-dir.ts";
import { localDayOf as localDay } from "../../src/core/format.ts";
import { SCHEMA, TABLE_NAMES, type TableName } from "../schema.ts";
import { loadSettings } from "../settings.ts";
import { booleanValueMap, duplicateHeaderText, enumValueMap, loadAliasConfig, mapHeader, rawValueForms, type AliasConfig } from "./aliases.ts";
import { prepareForReader } from "./clean-copy.ts";
import { calendarYearSpan, type YearSpan } from "./calendar-years.ts";
import {
  detectDelimiter,
  detectFileEncoding,
  NotCsvError,
  readableAsIs,
  readHeaderLine,
  splitCsvLine,
  transcodeToUtf8,
  type FileEncoding,
} from "./file-format.ts";
import { fieldCountProblems, indexRecords, lineLookup, recordText, type RecordIndex } from "./line-index.ts";
import { rejectMessage } from "./messages.ts";
import { invalidUtf8Warning, physicalReject, printable } from "./physical-rejects.ts";
import type { PhysicalScan } from "./physical-records.ts";
import type { Reject, RejectCode } from "./reject-codes.ts";
import { LOAD_ORDER } from "./rules.ts";
import {
  CREATE_REJECTS_TABLE,
  checkTable,
  checkTableStatement,
  createTableStatement,
  finalizeStatements,
  macroStatements,
  malformedScanTable,
  malformedTable,
  rejectsLongStatement,
  rejectsLongTable,
  sqlIdentifier,
  type ReferenceCheck,
  type TableReadPlan,
} from "./sql.ts";

export interface FileReport {
  /** absolute path of the export, null when there is none */
  path: string | null;
  status: "ok" | "missing";
  encoding: string | null;
  /** "," ";" or "\t" */
  delimiter: string | null;
  read: number;
  accepted: number;
  rejected: number;
  /** canonical column → header as written in the file */
  columns?: Record<string, string>;
  /** header fields that match no canonical column (ignored) */
  ignoredColumns?: string[];
  /** why an existing optional file could not be used (status "missing") */
  error?: string;
  /** a caveat about this file's results */
  warning?: string;
}

export interface ValidationReport {
  dataDir: string;
  files: Record<TableName, FileReport>;
  /** sorted by file, line, field */
  rejects: Reject[];
}

/** A required export is missing or unreadable: the run cannot go on. The message is one line. */
export class DataFileError extends Error {
  constructor(message: string) {
    super(message.replace(/\s*\n\s*/g, " "));
    this.name = "DataFileError";
  }
}

export interface LoadOptions {
  /** "future" is measured from this moment */
  now: Date;
  /** zone of timestamps written without an offset (default: settings.calendar.timezone) */
  timezone?: string;
  aliases?: AliasConfig;
  /** where the temporary folder for transcoded copies is made (default: the OS temp dir) */
  tempRoot?: string;
  /** years of the production calendar ticket instants must lie in (default: data/calendar under the settings; null: not checked) */
  calendarYears?: YearSpan | null;
}

const DEFAULT_ZONE = "Europe/Moscow";

function settingsZone(): string {
  try {
    return loadSettings().calendar.timezone || DEFAULT_ZONE;
  } catch {
    return DEFAULT_ZONE;
  }
}

function requiredColumns(table: TableName): string[] {
  return SCHEMA[table].columns.filter((c) => c.required).map((c) => c.name);
}

function expectedFileText(table: TableName, aliases: AliasConfig): string {
  const columns = requiredColumns(table)
    .map((name) => {
      const first = aliases.columns[table]?.[name]?.[0];
      return first ? `${name} («${first}»)` : name;
    })
    .join(", ");
  return `ожидается выгрузка «${SCHEMA[table].titleRu}» (${table}.csv, .tsv или .txt; UTF-8, UTF-16 или Windows-1251; разделитель «,», «;» или табуляция) с обязательными столбцами ${columns}`;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0]!.trim();
}

function utcLiteral(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

function localLabel(date: Date, zone: string): string {
  const text = new Intl.DateTimeFormat("ru-RU", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
  return `${text.replace(",", "")} (${zone})`;
}

async function scalar(connection: DuckDBConnection, sql: string): Promise<number> {
  const reader = await connection.runAndReadAll(sql);
  return Number(reader.getRows()[0]![0]);
}

interface LongReject {
  ord: number;
  field: string;
  value: string | null;
  code: RejectCode;
  otherOrd: number | null;
}

interface MalformedRow {
  position: number;
  csvLine: string;
  errorType: string;
  errorMessage: string;
}

const missingReport = (path: string | null, error?: string): FileReport => ({
  path,
  status: "missing",
  encoding: null,
  delimiter: null,
  read: 0,
  accepted: 0,
  rejected: 0,
  ...(error ? { error } : {}),
});

interface TableContext {
  connection: DuckDBConnection;
  dataDir: string;
  tempDir: string;
  aliases: AliasConfig;
  zone: string;
  now: Date;
  files: Partial<Record<TableName, FileReport>>;
  calendarYears: YearSpan | null;
}

async function dropScratch(connection: DuckDBConnection, table: TableName): Promise<void> {
  for (const name of [checkTable(table), rejectsLongTable(table), malformedTable(table), malformedScanTable(table)]) {
    await connection.run(`DROP TABLE IF EXISTS ${sqlIdentifier(name)}`);
  }
}

async function loadTable(ctx: TableContext, table: TableName): Promise<{ report: FileReport; rejects: Reject[] }> {
  const spec = SCHEMA[table];
  const { connection, aliases } = ctx;
  const path = findTableFile(ctx.dataDir, table);
  const fail = (message: string): { report: FileReport; rejects: Reject[] } => {
    if (spec.required) throw new DataFileError(message);
    return { report: missingReport(path, message), rejects: [] };
  };
  if (path === null) {
    if (spec.required) {
      throw new DataFileError(`Не найден обязательный файл ${table}.csv в папке ${ctx.dataDir}: ${expectedFileText(table, aliases)}`);
    }
    return { report: missingReport(null), rejects: [] };
  }
  const fileName = basename(path);

  let encoding: FileEncoding;
  let invalidUtf8: boolean;
  let utf8Path: string;
  let header: string;
  try {
    ({ encoding, invalidUtf8 } = detectFileEncoding(path));
    utf8Path = readableAsIs(encoding) ? path : transcodeToUtf8(path, encoding, ctx.tempDir, `${table}.csv`);
    header = readHeaderLine(utf8Path);
  } catch (error) {
    if (error instanceof NotCsvError) return fail(`Файл ${path}: ${error.message}; ${expectedFileText(table, aliases)}`);
    return fail(`Файл ${path} не читается (${firstLine(error)}): ${expectedFileText(table, aliases)}`);
  }
  if (header.trim() === "") {
    return fail(`Файл ${path} пуст — нет строки заголовка: ${expectedFileText(table, aliases)}`);
  }
  const delimiter = detectDelimiter(header);
  const headerFields = splitCsvLine(header, delimiter);
  const mapping = mapHeader(table, headerFields, aliases);
  if (mapping.duplicates.length > 0) {
    return fail(`Файл ${path}: ${duplicateHeaderText(mapping.duplicates)} — оставьте один из них`);
  }
  const absent = requiredColumns(table).filter((name) => mapping.columnIndex[name] === undefined);
  if (absent.length > 0 && spec.required) {
    throw new DataFileError(
      `Файл ${path}: в заголовке нет обязательных столбцов ${absent
        .map((name) => `${name}${aliases.columns[table]?.[name]?.[0] ? ` («${aliases.columns[table]![name]![0]}»)` : ""}`)
        .join(", ")}; заголовок: ${printable(headerFields.map((f) => f.trim()).join(" | ")).slice(0, 500)}`,
    );
  }

  const enumMaps: TableReadPlan["enumMaps"] = {};
  const rawForms: TableReadPlan["rawForms"] = {};
  for (const column of spec.columns) {
    if (column.type === "enum") {
      enumMaps[column.name] = enumValueMap(table, column.name, aliases);
      rawForms[column.name] = rawValueForms(table, column.name, aliases);
    }
    if (column.type === "bool") rawForms[column.name] = rawValueForms(table, null, aliases);
  }
  let physical: PhysicalScan;
  let readPath: string;
  try {
    ({ scan: physical, readPath } = prepareForReader(utf8Path, join(ctx.tempDir, `${table}.clean.csv`), {
      delimiter,
      headerFields: headerFields.length,
      checkUtf8: invalidUtf8,
    }));
  } catch (error) {
    return fail(`Файл ${path} не читается (${firstLine(error)}): ${expectedFileText(table, aliases)}`);
  }

  const plan: TableReadPlan = {
    table,
    path: readPath,
    delimiter,
    fieldCount: headerFields.length,
    columnIndex: mapping.columnIndex,
    enumMaps,
    booleanMap: booleanValueMap(aliases),
    rawForms,
    nowUtc: utcLiteral(ctx.now),
    todayLocal: localDay(ctx.now, ctx.zone),
    calendarYears: ctx.calendarYears,
  };

  const references: ReferenceCheck[] = [];
  for (const column of spec.columns) {
    if (!column.references) continue;
    // a reference to an optional file that is missing cannot be checked
    if (ctx.files[column.references]?.status !== "ok") continue;
    references.push({ column: column.name, target: column.references });
  }

  await dropScratch(connection, table);
  // DuckDB parses and checks first, then this thread indexes the records (lines, field counts) of
  // a clean copy; a file read as it is was indexed by the physical scan. One after the other on
  // purpose: the synchronous scan blocks the event loop DuckDB's query tasks are scheduled from,
  // so running both at once was measured ~1.6× slower than in turn.
  const checkError = await connection.run(checkTableStatement(plan)).then(
    () => null,
    (error: unknown) => error ?? new Error("read_csv failed"),
  );
  let index: RecordIndex | null = null;
  let scanError: unknown = null;
  if (checkError === null) {
    try {
      index = physical.index ?? indexRecords(readPath, delimiter);
    } catch (error) {
      scanError = error;
    }
  }
  if (checkError !== null || index === null) {
    await dropScratch(connection, table);
    return fail(`Файл ${path} не читается как CSV (${firstLine(checkError ?? scanError)}): ${expectedFileText(table, aliases)}`);
  }

  const parsed = await scalar(connection, `SELECT count(*) FROM ${checkTable(table)}`);
  const malformedReader = await connection.runAndReadAll(
    `SELECT line_byte_position AS position, min(csv_line), arg_min(error_type, column_idx), arg_min(error_message, column_idx)
     FROM ${malformedTable(table)} GROUP BY position ORDER BY position`,
  );
  const malformed: MalformedRow[] = malformedReader.getRows().map((row) => ({
    position: Number(row[0]),
    csvLine: String(row[1] ?? ""),
    errorType: String(row[2] ?? ""),
    errorMessage: String(row[3] ?? ""),
  }));
  const positions = malformed.map((m) => m.position);
  const lookup = lineLookup(index, positions, parsed);
  const fieldProblems = lookup.consistent ? fieldCountProblems(index, positions, headerFields.length) : [];

  await connection.run(rejectsLongStatement(table, references));
  if (fieldProblems.length > 0) {
    const bad = sqlIdentifier(`sa_bad_${table}`);
    await connection.run(`CREATE OR REPLACE TABLE ${bad} (ord BIGINT)`);
    const appender = await connection.createAppender(`sa_bad_${table}`);
    for (const p of fieldProblems) {
      appender.appendBigInt(BigInt(p.ordinal));
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
    await connection.run(`DELETE FROM ${rejectsLongTable(table)} WHERE ord IN (SELECT ord FROM ${bad})`);
    await connection.run(
      `INSERT INTO ${rejectsLongTable(table)} SELECT ord, '*', NULL, 'malformed_row', NULL FROM ${bad}`,
    );
    await connection.run(`DROP TABLE ${bad}`);
  }
  const longReader = await connection.runAndReadAll(
    `SELECT ord, field, value, code, other_ord FROM ${rejectsLongTable(table)} ORDER BY ord, field`,
  );
  const long: LongReject[] = longReader.getRows().map((row) => ({
    ord: Number(row[0]),
    field: String(row[1]),
    value: row[2] === null ? null : String(row[2]),
    code: String(row[3]) as RejectCode,
    otherOrd: row[4] === null ? null : Number(row[4]),
  }));
  for (const statement of finalizeStatements(table)) await connection.run(statement);
  const accepted = await scalar(connection, `SELECT count(*) FROM ${sqlIdentifier(table)}`);
  await dropScratch(connection, table);

  const rejectedOrds = new Set(long.map((x) => x.ord));
  if (accepted !== parsed - rejectedOrds.size) {
    throw new Error(`accounting mismatch in ${table}: parsed ${parsed}, accepted ${accepted}, rejected ${rejectedOrds.size}`);
  }

  const problemByOrdinal = new Map(fieldProblems.map((p) => [p.ordinal, p]));
  const labels = { nowLabel: localLabel(ctx.now, ctx.zone), todayLabel: localDay(ctx.now, ctx.zone), calendarYears: ctx.calendarYears };
  const rejects: Reject[] = [];
  const malformedReject = (line: number, value: string, readerError: { type: string; message: string }): Reject => ({
    file: table,
    line,
    field: "*",
    value,
    code: "malformed_row",
    message: rejectMessage({ table, fileName, line, field: "*", value, code: "malformed_row", readerError }),
  });
  for (const m of malformed) {
    const value = m.csvLine.replace(/^[\r\n]+/, "").replace(/[\r\n]+$/, "");
    rejects.push(malformedReject(lookup.lineOfByte(m.position), value, { type: m.errorType, message: m.errorMessage }));
  }
  for (const x of long) {
    const line = lookup.lineOfOrdinal(x.ord);
    const problem = problemByOrdinal.get(x.ord);
    if (problem) {
      rejects.push(
        malformedReject(line, recordText(readPath, index, problem.record), {
          type: problem.fields > headerFields.length ? "TOO MANY COLUMNS" : "MISSING COLUMNS",
          message: `Expected Number of Columns: ${headerFields.length} Found: ${problem.fields}`,
        }),
      );
      continue;
    }
    const value = x.value ?? "";
    const columnAbsent = x.code === "missing_required" && mapping.columnIndex[x.field] === undefined;
    rejects.push({
      file: table,
      line,
      field: x.field,
      value,
      code: x.code,
      message: rejectMessage({
        table,
        fileName,
        line,
        field: x.field,
        value,
        code: x.code,
        firstLine: x.otherOrd === null ? undefined : lookup.lineOfOrdinal(x.otherOrd),
        columnAbsent,
        headerAliases: aliases.columns[table]?.[x.field] ?? [],
        ...labels,
      }),
    });
  }
  for (const r of physical.rejects) rejects.push(physicalReject(table, fileName, r));
  const warnings = [
    invalidUtf8Warning(physical.rejects),
    lookup.consistent ? null : "номера строк могут быть неточны: разбор файла и DuckDB разошлись в числе записей",
  ].filter((w): w is string => w !== null);
  const report: FileReport = {
    path,
    status: "ok",
    encoding,
    delimiter,
    read: parsed + malformed.length + physical.rejects.length,
    accepted,
    rejected: rejectedOrds.size + malformed.length + physical.rejects.length,
    ...(warnings.length > 0 ? { warning: warnings.join("; ") } : {}),
    columns: mapping.columnHeader,
    ignoredColumns: mapping.unmapped,
  };
  return { report, rejects };
}

export function compareRejects(a: Reject, b: Reject): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.field !== b.field) return a.field < b.field ? -1 : 1;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

async function storeRejects(connection: DuckDBConnection, rejects: readonly Reject[]): Promise<void> {
  const appender = await connection.createAppender("rejects");
  for (const reject of rejects) {
    appender.appendVarchar(reject.file);
    appender.appendInteger(reject.line);
    appender.appendVarchar(reject.field);
    appender.appendVarchar(reject.value);
    appender.appendVarchar(reject.code);
    appender.appendVarchar(reject.message);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}

export async function loadDataset(
  connection: DuckDBConnection,
  dataDir: string,
  options: LoadOptions,
): Promise<ValidationReport> {
  const zone = options.timezone ?? settingsZone();
  const aliases = options.aliases ?? loadAliasConfig(dataDir);
  for (const statement of macroStatements(zone)) await connection.run(statement);
  for (const table of TABLE_NAMES) await connection.run(createTableStatement(table));
  await connection.run(CREATE_REJECTS_TABLE);

  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new DataFileError(`Папка с выгрузками не найдена: ${dataDir}; ожидаются файлы tickets.csv и clients.csv (и необязательные projects, visits, nps, payments)`);
  }
  // required files first, in schema order, so the message names the first one missing
  for (const table of TABLE_NAMES) {
    if (SCHEMA[table].required && findTableFile(dataDir, table) === null) {
      throw new DataFileError(`Не найден обязательный файл ${table}.csv в папке ${dataDir}: ${expectedFileText(table, aliases)}`);
    }
  }
  const tempDir = mkdtempSync(join(options.tempRoot ?? tmpdir(), "support-analytics-"));
  const files: Partial<Record<TableName, FileReport>> = {};
  const rejects: Reject[] = [];
  try {
    const calendarYears =
      options.calendarYears !== undefined ? options.calendarYears : calendarYearSpan(Number(localDay(options.now, zone).slice(0, 4)));
    const ctx: TableContext = { connection, dataDir, tempDir, aliases, zone, now: options.now, files, calendarYears };
    for (const table of LOAD_ORDER) {
      const result = await loadTable(ctx, table);
      files[table] = result.report;
      rejects.push(...result.rejects);
    }
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
  rejects.sort(compareRejects);
  await storeRejects(connection, rejects);
  const ordered = Object.fromEntries(TABLE_NAMES.map((t) => [t, files[t]!])) as Record<TableName, FileReport>;
  return { dataDir, files: ordered, rejects };
}
