/**
 * Read a folder of exports into typed DuckDB tables (tickets, clients, projects, visits, nps,
 * payments) holding only accepted rows, plus `rejects` with every rejected field. Accounting holds
 * per file: read = accepted + rejected. A bad row never fails the run; a missing or unreadable
 * required file throws DataFileError with a one-line message.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { findTableFile } from "../data-dir.ts";
import { localDayOf as localDay } from "../../src/core/format.ts";
import { SCHEMA, TABLE_NAMES, type TableName } from "../schema.ts";
import { loadSettings } from "../settings.ts";
import { utcTimestampText } from "../sql-literal.ts";
import { booleanValueMap, enumValueMap, loadAliasConfig, rawValueForms, type AliasConfig } from "./aliases.ts";
import { calendarYearSpan, type YearSpan } from "./calendar-years.ts";
import type { Reject } from "./reject-codes.ts";
import { LOAD_ORDER } from "./rules.ts";
import { CREATE_REJECTS_TABLE, createTableStatement, macroStatements, type ReferenceCheck, type TableReadPlan } from "./sql.ts";
import { checkTableFile } from "./table-check.ts";
import { expectedFileText, firstLine, openTableFile, type OpenedTableFile } from "./table-file.ts";
import { tableRejects, tableReport } from "./table-rejects.ts";

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

/** How DuckDB reads and checks the opened file: column positions, enum and boolean forms, the clock. */
function readPlan(ctx: TableContext, table: TableName, file: OpenedTableFile): TableReadPlan {
  const enumMaps: TableReadPlan["enumMaps"] = {};
  const rawForms: TableReadPlan["rawForms"] = {};
  for (const column of SCHEMA[table].columns) {
    if (column.type === "enum") {
      enumMaps[column.name] = enumValueMap(table, column.name, ctx.aliases);
      rawForms[column.name] = rawValueForms(table, column.name, ctx.aliases);
    }
    if (column.type === "bool") rawForms[column.name] = rawValueForms(table, null, ctx.aliases);
  }
  return {
    table,
    path: file.readPath,
    delimiter: file.delimiter,
    fieldCount: file.headerFields.length,
    columnIndex: file.mapping.columnIndex,
    unpaddedFields: file.physical.unpaddedFields,
    enumMaps,
    booleanMap: booleanValueMap(ctx.aliases),
    rawForms,
    nowUtc: utcTimestampText(ctx.now),
    todayLocal: localDay(ctx.now, ctx.zone),
    calendarYears: ctx.calendarYears,
  };
}

/** The references to check: to tables already loaded (a reference to a missing optional file cannot be checked). */
function referenceChecks(ctx: TableContext, table: TableName): ReferenceCheck[] {
  return SCHEMA[table].columns
    .filter((column) => column.references && ctx.files[column.references]?.status === "ok")
    .map((column) => ({ column: column.name, target: column.references! }));
}

/**
 * One export into its table: opened, checked in DuckDB, its rejects described. A required file
 * that cannot be used throws DataFileError; an optional one is reported missing with the reason.
 */
async function loadTable(ctx: TableContext, table: TableName): Promise<{ report: FileReport; rejects: Reject[] }> {
  const fail = (path: string | null, message?: string): { report: FileReport; rejects: Reject[] } => {
    if (SCHEMA[table].required) throw new DataFileError(message ?? `Не найден обязательный файл ${table}.csv в папке ${ctx.dataDir}`);
    return { report: missingReport(path, message), rejects: [] };
  };
  const file = openTableFile(ctx.dataDir, ctx.tempDir, table, ctx.aliases);
  if (!file.ok) return fail(file.path, file.message);
  const check = await checkTableFile(ctx.connection, readPlan(ctx, table, file), referenceChecks(ctx, table), file.physical.index);
  if ("error" in check) {
    return fail(file.path, `Файл ${file.path} не читается как CSV (${firstLine(check.error)}): ${expectedFileText(table, ctx.aliases)}`);
  }
  const clock = { now: ctx.now, zone: ctx.zone, calendarYears: ctx.calendarYears };
  return { report: tableReport(file, check), rejects: tableRejects(table, file, check, ctx.aliases, clock) };
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
