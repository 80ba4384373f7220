/**
 * What one `import` argument holds: a folder of exports (`<table>.csv|.tsv|.txt|.xlsx|.xls`) or a
 * single file whose table is told by its name (starts with the table's name) or else by its
 * header (the table whose required columns it names). Each file gets its sha256.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import { findTableFile } from "../data-dir.ts";
import { loadAliasConfig, mapHeader } from "../ingest/aliases.ts";
import { detectDelimiter, detectFileEncoding, NotCsvError, readHeaderLineIn, splitCsvLine } from "../ingest/file-format.ts";
import { SCHEMA, TABLE_NAMES, type TableName } from "../schema.ts";
import { excelKind, type ExcelKind } from "./excel.ts";
import { WarehouseError } from "./store.ts";

export interface SourceFile {
  path: string;
  /** null: an Excel file without the table in its name, told by its header after conversion */
  table: TableName | null;
  /** null: a delimited text file */
  excel: ExcelKind | null;
  sha256: string;
  sizeBytes: number;
}

export function sha256File(path: string): string {
  const hash = createHash("sha256");
  const buffer = Buffer.alloc(1 << 20);
  const fd = openSync(path, "r");
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

/** The table whose required columns a header line names (most mapped columns wins), or null. */
export function tableOfHeader(fields: readonly string[], dataDir: string): TableName | null {
  const aliases = loadAliasConfig(dataDir);
  let best: { table: TableName; mapped: number } | null = null;
  for (const table of TABLE_NAMES) {
    const mapping = mapHeader(table, fields, aliases);
    const required = SCHEMA[table].columns.filter((c) => c.required);
    if (!required.every((c) => mapping.columnIndex[c.name] !== undefined)) continue;
    const mapped = Object.keys(mapping.columnIndex).length;
    if (!best || mapped > best.mapped) best = { table, mapped };
  }
  return best?.table ?? null;
}

/** The header fields of a delimited text file, read as the loader reads it (loaders/ingest/file-format.ts). */
export function textHeaderFields(path: string): string[] {
  let line: string;
  try {
    line = readHeaderLineIn(path, detectFileEncoding(path).encoding);
  } catch (error) {
    if (error instanceof NotCsvError) throw new WarehouseError(`Файл ${path}: ${error.message}`);
    throw error;
  }
  return splitCsvLine(line, detectDelimiter(line)).map((f) => f.trim());
}

function tableOfName(path: string): TableName | null {
  const stem = basename(path, extname(path)).toLowerCase();
  return TABLE_NAMES.find((t) => stem === t || stem.startsWith(`${t}-`) || stem.startsWith(`${t}_`) || stem.startsWith(`${t}.`)) ?? null;
}

function sourceFile(path: string, table: TableName | null, excel: ExcelKind | null): SourceFile {
  return { path, table, excel, sha256: sha256File(path), sizeBytes: statSync(path).size };
}

const TEXT_EXTENSIONS = [".csv", ".tsv", ".txt"];

/**
 * A single file's table: by name, else (text files) by header; Excel files without a table name
 * are told apart after conversion, so `table` may be null for them.
 */
export function describeFile(path: string): { table: TableName | null; excel: ExcelKind | null } {
  const extension = extname(path).toLowerCase();
  const excel = excelKind(path);
  if (!excel && (extension === ".xls" || extension === ".xlsx")) {
    throw new WarehouseError(`Файл ${path}: это не книга .xlsx и не HTML-таблица «Экспорт в Excel» (двоичный формат Excel 97–2003 не читается); сохраните лист как .xlsx или CSV`);
  }
  if (!excel && !TEXT_EXTENSIONS.includes(extension)) {
    throw new WarehouseError(`Файл ${path}: неизвестный формат «${extension}»; ожидается CSV (.csv, .tsv, .txt) или Excel (.xlsx, .xls)`);
  }
  const byName = tableOfName(path);
  if (byName || excel) return { table: byName, excel };
  const table = tableOfHeader(textHeaderFields(path), resolve(path, ".."));
  if (!table) {
    throw new WarehouseError(
      `Файл ${path}: не удалось понять, какая это выгрузка — имя не начинается с tickets, clients, projects, visits, nps или payments, ` +
        `а в заголовке нет обязательных столбцов ни одной из них`,
    );
  }
  return { table, excel: null };
}

/** The files of one `import` argument, each with its table. */
export function collectSources(argument: string): SourceFile[] {
  const path = resolve(argument);
  if (!existsSync(path)) throw new WarehouseError(`Не найдено: ${path}`);
  if (statSync(path).isFile()) {
    const { table, excel } = describeFile(path);
    return [sourceFile(path, table, excel)];
  }
  const names = readdirSync(path);
  const out: SourceFile[] = [];
  for (const table of TABLE_NAMES) {
    const text = findTableFile(path, table);
    if (text) {
      out.push(sourceFile(text, table, null));
      continue;
    }
    const excelName = names.filter((n) => [`${table}.xlsx`, `${table}.xls`].includes(n.toLowerCase())).sort()[0];
    const excel = excelName ? excelKind(resolve(path, excelName)) : null;
    if (excelName && excel) out.push(sourceFile(resolve(path, excelName), table, excel));
  }
  if (out.length === 0) {
    throw new WarehouseError(`В папке ${path} нет выгрузок: ожидаются файлы tickets, clients, projects, visits, nps, payments (.csv, .tsv, .txt, .xlsx, .xls)`);
  }
  return out;
}
