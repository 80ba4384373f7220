/**
 * Opening one export for reading: find the table's file, detect its encoding (a UTF-8 copy when it
 * is not UTF-8), read and map its header, and write the copy DuckDB reads (physical rejects taken
 * out). A file that cannot be used gives the one-line Russian reason instead.
 */
import { basename, join } from "node:path";
import { findTableFile } from "../data-dir.ts";
import { SCHEMA, type TableName } from "../schema.ts";
import { duplicateHeaderText, mapHeader, type AliasConfig } from "./aliases.ts";
import { prepareForReader } from "./clean-copy.ts";
import { detectDelimiter, detectFileEncoding, NotCsvError, readableAsIs, readHeaderLine, splitCsvLine, transcodeToUtf8, type FileEncoding } from "./file-format.ts";
import { printable } from "./physical-rejects.ts";
import type { PhysicalScan } from "./physical-records.ts";

export function requiredColumns(table: TableName): string[] {
  return SCHEMA[table].columns.filter((c) => c.required).map((c) => c.name);
}

/** What an export of `table` must look like, for the messages about a file that cannot be used. */
export function expectedFileText(table: TableName, aliases: AliasConfig): string {
  const columns = requiredColumns(table)
    .map((name) => {
      const first = aliases.columns[table]?.[name]?.[0];
      return first ? `${name} («${first}»)` : name;
    })
    .join(", ");
  return `ожидается выгрузка «${SCHEMA[table].titleRu}» (${table}.csv, .tsv или .txt; UTF-8, UTF-16 или Windows-1251; разделитель «,», «;» или табуляция) с обязательными столбцами ${columns}`;
}

export function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0]!.trim();
}

/** An export ready for DuckDB. */
export interface OpenedTableFile {
  ok: true;
  /** the export as found */
  path: string;
  fileName: string;
  encoding: FileEncoding;
  delimiter: string;
  headerFields: string[];
  mapping: ReturnType<typeof mapHeader>;
  /** the copy DuckDB reads */
  readPath: string;
  physical: PhysicalScan;
}

/** An export that cannot be used: `message` says why (none for an optional file that is simply absent). */
export interface UnusableTableFile {
  ok: false;
  path: string | null;
  message?: string;
}

export function openTableFile(dataDir: string, tempDir: string, table: TableName, aliases: AliasConfig): OpenedTableFile | UnusableTableFile {
  const path = findTableFile(dataDir, table);
  if (path === null) {
    return SCHEMA[table].required
      ? { ok: false, path, message: `Не найден обязательный файл ${table}.csv в папке ${dataDir}: ${expectedFileText(table, aliases)}` }
      : { ok: false, path };
  }
  // the UTF-8 check of the whole file rides on the physical scan; a file that fails it, or cannot
  // be used, is opened again with its encoding judged on the whole file first
  const opened = openFile(path, tempDir, table, aliases, true);
  return opened.ok && (opened.physical.validUtf8 || !opened.utf8Unchecked) ? opened : openFile(path, tempDir, table, aliases, false);
}

function openFile(
  path: string,
  tempDir: string,
  table: TableName,
  aliases: AliasConfig,
  deferUtf8Check: boolean,
): (OpenedTableFile & { utf8Unchecked: boolean }) | UnusableTableFile {
  const expected = () => expectedFileText(table, aliases);
  const unusable = (message: string): UnusableTableFile => ({ ok: false, path, message });
  let encoding: FileEncoding;
  let invalidUtf8: boolean;
  let utf8Unchecked: boolean | undefined;
  let utf8Path: string;
  let header: string;
  try {
    ({ encoding, invalidUtf8, utf8Unchecked } = detectFileEncoding(path, { deferUtf8Check }));
    utf8Path = readableAsIs(encoding) ? path : transcodeToUtf8(path, encoding, tempDir, `${table}.csv`);
    header = readHeaderLine(utf8Path);
  } catch (error) {
    if (error instanceof NotCsvError) return unusable(`Файл ${path}: ${error.message}; ${expected()}`);
    return unusable(`Файл ${path} не читается (${firstLine(error)}): ${expected()}`);
  }
  if (header.trim() === "") return unusable(`Файл ${path} пуст — нет строки заголовка: ${expected()}`);
  const delimiter = detectDelimiter(header);
  const headerFields = splitCsvLine(header, delimiter);
  const mapping = mapHeader(table, headerFields, aliases);
  if (mapping.duplicates.length > 0) return unusable(`Файл ${path}: ${duplicateHeaderText(mapping.duplicates)} — оставьте один из них`);
  // an optional file without a required column is still read: its rows are rejected as missing the value
  const absent = requiredColumns(table).filter((name) => mapping.columnIndex[name] === undefined);
  if (absent.length > 0 && SCHEMA[table].required) {
    const names = absent.map((name) => `${name}${aliases.columns[table]?.[name]?.[0] ? ` («${aliases.columns[table]![name]![0]}»)` : ""}`);
    return unusable(`Файл ${path}: в заголовке нет обязательных столбцов ${names.join(", ")}; заголовок: ${printable(headerFields.map((f) => f.trim()).join(" | ")).slice(0, 500)}`);
  }
  try {
    const { scan: physical, readPath } = prepareForReader(utf8Path, join(tempDir, `${table}.clean.csv`), {
      delimiter,
      headerFields: headerFields.length,
      checkUtf8: invalidUtf8,
      verifyUtf8: utf8Unchecked === true,
    });
    return { ok: true, path, fileName: basename(path), encoding, delimiter, headerFields, mapping, readPath, physical, utf8Unchecked: utf8Unchecked === true };
  } catch (error) {
    return unusable(`Файл ${path} не читается (${firstLine(error)}): ${expected()}`);
  }
}
