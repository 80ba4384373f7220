/**
 * Staging one `import` argument: its files are laid out as a data folder in a temporary
 * directory (text files linked, Excel sheets converted to CSV) and read by the ordinary loader
 * (loaders/ingest/load-dataset.ts) into the scratch in-memory database; the tables the export
 * brings are kept as `s<n>_<table>`. A required table the export lacks is stood in for, for
 * reference checks only: clients by the warehouse's (plus those staged earlier in the same run),
 * tickets by an empty file.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { asOfFromLatestDay, EVENT_COLUMNS } from "../as-of.ts";
import { USER_ALIASES_FILE } from "../ingest/aliases.ts";
import { DataFileError, loadDataset, type FileReport } from "../ingest/load-dataset.ts";
import type { Reject } from "../ingest/reject-codes.ts";
import { SCHEMA, TABLE_NAMES, type TableName } from "../schema.ts";
import { localDayOf } from "../../src/core/format.ts";
import { excelToCsv, type SheetCsv } from "./excel.ts";
import { tableOfHeader, type SourceFile } from "./sources.ts";
import { WH, WarehouseError } from "./store.ts";
import { sqlString } from "../sql-literal.ts";
import { sqlIdentifier } from "../ingest/sql.ts";

export interface StagedFile extends SourceFile {
  table: TableName;
  /** the sheet (Excel) and its CSV line → sheet row mapping */
  sheet: SheetCsv | null;
  /** the import that already brought this content, if any */
  alreadyImportId: number | null;
}

export interface StagedExport {
  argument: string;
  files: StagedFile[];
  /** tables brought by new files, staged as `s<n>_<table>` */
  tables: { table: TableName; staged: string; report: FileReport }[];
  rejects: Reject[];
  asOf: Date | null;
  periodFrom: string | null;
  periodTo: string | null;
}

export const stagedName = (n: number, table: TableName): string => `s${n}_${table}`;

/** Lays the files out as `<table>.<ext>` in `dir`; Excel sheets become CSV. */
export async function layOut(files: readonly SourceFile[], dir: string, known: ReadonlyMap<string, number>): Promise<StagedFile[]> {
  const out: StagedFile[] = [];
  for (const file of files) {
    let table = file.table;
    let sheet: SheetCsv | null = null;
    if (file.excel) {
      const csv = join(dir, `excel-${out.length}.csv`);
      try {
        sheet = await excelToCsv(file.path, file.excel, csv);
      } catch (error) {
        throw new WarehouseError(`Файл ${file.path} не читается как Excel: ${(error as Error).message}`);
      }
      table ??= tableOfHeader(sheet.header, dirname(file.path));
      if (!table) throw new WarehouseError(`Файл ${file.path}: в заголовке листа «${sheet.sheet}» нет обязательных столбцов ни одной выгрузки`);
      if (out.some((f) => f.table === table)) throw new WarehouseError(`Файл ${file.path}: вторая выгрузка «${SCHEMA[table].titleRu}» в одной загрузке`);
      copyFileSync(csv, join(dir, `${table}.csv`));
    } else {
      symlinkSync(file.path, join(dir, `${table}${extname(file.path).toLowerCase()}`));
    }
    out.push({ ...file, table: table!, sheet, alreadyImportId: known.get(file.sha256) ?? null });
  }
  const aliases = join(dirname(files[0]!.path), USER_ALIASES_FILE);
  if (existsSync(aliases)) copyFileSync(aliases, join(dir, USER_ALIASES_FILE));
  return out;
}

/** Stand-ins for required tables the export lacks (reference checks only). */
async function standIns(connection: DuckDBConnection, dir: string, present: Set<TableName>, earlier: readonly string[]): Promise<void> {
  if (!present.has("clients")) {
    const columns = SCHEMA.clients.columns.map((c) => sqlIdentifier(c.name)).join(", ");
    const union = [...earlier.map((t) => `SELECT ${columns}, 0 AS src FROM ${sqlIdentifier(t)}`), `SELECT ${columns}, 1 AS src FROM ${WH}.clients`];
    await connection.run(
      `COPY (SELECT ${columns} FROM (${union.join(" UNION ALL ")}) QUALIFY row_number() OVER (PARTITION BY client_id ORDER BY src) = 1)
       TO ${sqlString(join(dir, "clients.csv"))} (HEADER, DELIMITER ',')`,
    );
  }
  if (!present.has("tickets")) {
    const header = SCHEMA.tickets.columns.map((c) => c.name).join(",");
    await connection.run(`COPY (SELECT ${header.split(",").map((c) => `NULL AS ${sqlIdentifier(c)}`).join(", ")} WHERE FALSE)
       TO ${sqlString(join(dir, "tickets.csv"))} (HEADER, DELIMITER ',')`);
  }
}

/** A reject as the user's file names it: the file's own name, and the sheet row for Excel. */
export function userReject(reject: Reject, file: StagedFile): Reject {
  const stagedPrefix = `${file.table}${file.sheet ? ".csv" : extname(file.path).toLowerCase()}, строка ${reject.line}`;
  const line = file.sheet ? (file.sheet.sheetRowOfLine.get(reject.line) ?? reject.line) : reject.line;
  const prefix = file.sheet ? `${basename(file.path)}, лист «${file.sheet.sheet}», строка ${line}` : `${basename(file.path)}, строка ${line}`;
  const message = reject.message.startsWith(stagedPrefix) ? prefix + reject.message.slice(stagedPrefix.length) : reject.message;
  return { ...reject, file: file.sheet ? `${basename(file.path)}#${file.sheet.sheet}` : basename(file.path), line, message };
}

/** The export's period and as-of: its earliest and latest event day (calendar zone) over the tables it brings, in one query. */
async function period(
  connection: DuckDBConnection,
  tables: readonly { table: TableName; staged: string }[],
  zone: string,
  clock: Date,
): Promise<{ asOf: Date | null; periodFrom: string | null; periodTo: string | null }> {
  const types: ("timestamp" | "date")[] = [];
  const scans: string[] = [];
  for (const { table, staged } of tables) {
    const aggregates: string[] = [];
    for (const { column, type } of EVENT_COLUMNS.filter((c) => c.table === table)) {
      const fmt = type === "timestamp" ? "'%Y-%m-%dT%H:%M:%S.%gZ'" : "'%Y-%m-%d'";
      for (const fn of ["min", "max"]) {
        aggregates.push(`strftime(${fn}(${sqlIdentifier(column)}), ${fmt}) AS p${types.length}`);
        types.push(type);
      }
    }
    if (aggregates.length > 0) scans.push(`(SELECT ${aggregates.join(", ")} FROM ${sqlIdentifier(staged)})`);
  }
  const days: string[] = [];
  if (scans.length > 0) {
    const row = (await connection.runAndReadAll(`SELECT * FROM ${scans.join(", ")}`)).getRows()[0] ?? [];
    row.forEach((value, i) => {
      if (value === null || value === undefined) return;
      days.push(types[i] === "timestamp" ? localDayOf(new Date(String(value)), zone) : String(value));
    });
  }
  if (days.length === 0) return { asOf: null, periodFrom: null, periodTo: null };
  days.sort();
  const periodTo = days[days.length - 1]!;
  return { asOf: asOfFromLatestDay(periodTo, clock, zone), periodFrom: days[0]!, periodTo };
}

function userMessage(message: string, dir: string, files: readonly StagedFile[]): string {
  let out = message;
  for (const file of files) {
    const staged = join(dir, file.sheet ? `${file.table}.csv` : `${file.table}${extname(file.path).toLowerCase()}`);
    out = out.replaceAll(staged, file.sheet ? `${file.path} (лист «${file.sheet.sheet}»)` : file.path);
  }
  return out.replaceAll(dir, dirname(files[0]!.path));
}

/**
 * Reads one argument's new files through the loader; `n` numbers the staged tables. Files whose
 * content is already in the warehouse (`known`) are read for reference checks but not staged.
 */
export async function stageExport(
  connection: DuckDBConnection,
  argument: string,
  files: readonly SourceFile[],
  { n, known, earlierClients, zone, clock }: { n: number; known: ReadonlyMap<string, number>; earlierClients: readonly string[]; zone: string; clock: Date },
): Promise<StagedExport> {
  const dir = mkdtempSync(join(tmpdir(), "support-analytics-import-"));
  try {
    return await stageIn(connection, dir, argument, files, { n, known, earlierClients, zone, clock });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function stageIn(
  connection: DuckDBConnection,
  dir: string,
  argument: string,
  files: readonly SourceFile[],
  { n, known, earlierClients, zone, clock }: { n: number; known: ReadonlyMap<string, number>; earlierClients: readonly string[]; zone: string; clock: Date },
): Promise<StagedExport> {
  const laid = await layOut(files, dir, known);
  const fresh = laid.filter((f) => f.alreadyImportId === null);
  const result: StagedExport = { argument, files: laid, tables: [], rejects: [], asOf: null, periodFrom: null, periodTo: null };
  if (fresh.length === 0) return result;
  await standIns(connection, dir, new Set(laid.map((f) => f.table)), earlierClients);
  let report;
  try {
    report = await loadDataset(connection, dir, { now: clock, timezone: zone });
  } catch (error) {
    if (error instanceof DataFileError) throw new DataFileError(userMessage(error.message, dir, laid));
    throw error;
  }
  for (const file of fresh) {
    const staged = stagedName(n, file.table);
    await connection.run(`DROP TABLE IF EXISTS ${sqlIdentifier(staged)}`);
    await connection.run(`ALTER TABLE ${sqlIdentifier(file.table)} RENAME TO ${sqlIdentifier(staged)}`);
    result.tables.push({ table: file.table, staged, report: report.files[file.table] });
    result.rejects.push(...report.rejects.filter((r) => r.file === file.table).map((r) => userReject(r, file)));
  }
  for (const table of TABLE_NAMES) await connection.run(`DROP TABLE IF EXISTS ${sqlIdentifier(table)}`);
  Object.assign(result, await period(connection, result.tables, zone, clock));
  return result;
}
