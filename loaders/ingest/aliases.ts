/**
 * Header and value aliases: the one table (config/header-aliases.json, optionally extended by a
 * header-aliases.json next to the exports) that maps the names Bitrix24 writes to canonical ones.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SCHEMA, TABLE_NAMES, type TableName } from "../schema.ts";

export const DEFAULT_ALIASES_PATH = fileURLToPath(new URL("../../config/header-aliases.json", import.meta.url));
export const USER_ALIASES_FILE = "header-aliases.json";

export interface AliasConfig {
  /** table → canonical column → header aliases */
  columns: Partial<Record<TableName, Record<string, string[]>>>;
  /** "table.column" → canonical value → value aliases */
  values: Record<string, Record<string, string[]>>;
  booleans: { true: string[]; false: string[] };
}

export class AliasConfigError extends Error {}

/** Case-, space-, underscore- and ё-insensitive form of a header or an enum value. */
export function normalizeName(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[\s_\u00A0]+/g, " ")
    .trim();
}

/**
 * Lower-case, ё→е form used for enum and boolean values. It must equal what the SQL side
 * computes (`replace(lower(v), 'ё', 'е')` on a trimmed value), so no space folding here.
 */
export function normalizeValue(text: string): string {
  return text.toLowerCase().replace(/ё/g, "е").trim();
}

function readAliasFile(path: string): Partial<AliasConfig> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new AliasConfigError(`${path}: не удалось прочитать таблицу псевдонимов (${(error as Error).message})`);
  }
  if (typeof value !== "object" || value === null) {
    throw new AliasConfigError(`${path}: таблица псевдонимов должна быть JSON-объектом`);
  }
  return value as Partial<AliasConfig>;
}

function mergeLists(
  base: Record<string, string[]> | undefined,
  extra: Record<string, string[]> | undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, list] of Object.entries(base ?? {})) out[key] = [...list];
  for (const [key, list] of Object.entries(extra ?? {})) {
    if (!Array.isArray(list)) continue;
    out[key] = [...(out[key] ?? []), ...list.map(String)];
  }
  return out;
}

/** Merge a user's alias file over the defaults: lists are extended, never replaced. */
export function mergeAliasConfigs(base: Partial<AliasConfig>, extra: Partial<AliasConfig>): AliasConfig {
  const columns: AliasConfig["columns"] = {};
  for (const table of TABLE_NAMES) {
    columns[table] = mergeLists(base.columns?.[table], extra.columns?.[table]);
  }
  const values: AliasConfig["values"] = {};
  const valueKeys = new Set([...Object.keys(base.values ?? {}), ...Object.keys(extra.values ?? {})]);
  for (const key of [...valueKeys].sort()) {
    values[key] = mergeLists(base.values?.[key], extra.values?.[key]);
  }
  const booleans = mergeLists(
    base.booleans as unknown as Record<string, string[]>,
    extra.booleans as unknown as Record<string, string[]>,
  );
  return { columns, values, booleans: { true: booleans.true ?? [], false: booleans.false ?? [] } };
}

/** The alias table for a data directory: defaults plus `<dataDir>/header-aliases.json` if present. */
export function loadAliasConfig(dataDir?: string, defaultsPath: string = DEFAULT_ALIASES_PATH): AliasConfig {
  const base = readAliasFile(defaultsPath);
  const userPath = dataDir ? join(dataDir, USER_ALIASES_FILE) : null;
  const extra = userPath && existsSync(userPath) ? readAliasFile(userPath) : {};
  return mergeAliasConfigs(base, extra);
}

export interface HeaderMapping {
  /** canonical column → index of the header field it was read from */
  columnIndex: Record<string, number>;
  /** canonical column → header text as written in the file */
  columnHeader: Record<string, string>;
  /** header fields that matched no column, or a column already matched (ignored) */
  unmapped: string[];
  /** header fields that matched a column an earlier field already matched */
  duplicates: HeaderDuplicate[];
}

/** Two header fields naming one canonical column; positions are 1-based column numbers. */
export interface HeaderDuplicate {
  column: string;
  first: { position: number; header: string };
  second: { position: number; header: string };
}

/** Russian description of the duplicated header columns, naming both positions of each. */
export function duplicateHeaderText(duplicates: readonly HeaderDuplicate[]): string {
  return duplicates
    .map(
      (d) =>
        `столбец «${d.column}» указан в заголовке дважды: столбец ${d.first.position} («${d.first.header}») и столбец ${d.second.position} («${d.second.header}»)`,
    )
    .join("; ");
}

/**
 * Map a file's header fields to canonical columns. The canonical name itself always matches;
 * the first header field matching a column is mapped, later ones are listed as duplicates (and
 * unmapped): the caller refuses such a file, since which of the two holds the data is unknown.
 */
export function mapHeader(table: TableName, headerFields: readonly string[], aliases: AliasConfig): HeaderMapping {
  const lookup = new Map<string, string>();
  const tableAliases = aliases.columns[table] ?? {};
  // canonical names first so they win over an alias that happens to equal another column's name
  for (const column of SCHEMA[table].columns) lookup.set(normalizeName(column.name), column.name);
  for (const column of SCHEMA[table].columns) {
    for (const alias of tableAliases[column.name] ?? []) {
      const key = normalizeName(alias);
      if (!lookup.has(key)) lookup.set(key, column.name);
    }
  }
  const columnIndex: Record<string, number> = {};
  const columnHeader: Record<string, string> = {};
  const unmapped: string[] = [];
  const duplicates: HeaderDuplicate[] = [];
  headerFields.forEach((field, index) => {
    const column = lookup.get(normalizeName(field));
    if (column && columnIndex[column] === undefined) {
      columnIndex[column] = index;
      columnHeader[column] = field.trim();
    } else {
      if (column) {
        const first = { position: columnIndex[column]! + 1, header: columnHeader[column]! };
        duplicates.push({ column, first, second: { position: index + 1, header: field.trim() } });
      }
      unmapped.push(field.trim());
    }
  });
  return { columnIndex, columnHeader, unmapped, duplicates };
}

/** normalized value → canonical value, for one enum column (canonical values included). */
export function enumValueMap(table: TableName, column: string, aliases: AliasConfig): Map<string, string> {
  const spec = SCHEMA[table].columns.find((c) => c.name === column);
  const map = new Map<string, string>();
  for (const value of spec?.values ?? []) map.set(normalizeValue(value), value);
  const extra = aliases.values[`${table}.${column}`] ?? {};
  for (const [canonical, list] of Object.entries(extra)) {
    if (!spec?.values?.includes(canonical)) continue;
    for (const alias of list) {
      const key = normalizeValue(alias);
      if (!map.has(key)) map.set(key, canonical);
    }
  }
  return map;
}

/** normalized value → boolean. */
export function booleanValueMap(aliases: AliasConfig): Map<string, boolean> {
  const map = new Map<string, boolean>();
  for (const v of aliases.booleans.true) map.set(normalizeValue(v), true);
  for (const v of aliases.booleans.false) if (!map.has(normalizeValue(v))) map.set(normalizeValue(v), false);
  return map;
}

function spellings(text: string): string[] {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  const capitalized = lower.charAt(0).toUpperCase() + lower.slice(1);
  return [trimmed, lower, capitalized, trimmed.toUpperCase()];
}

/**
 * Common spellings (as written, lower, Capitalized, UPPER) of the canonical values and aliases of
 * an enum column (or of booleans when `column` is null) → their normalized key. Used for an
 * exact-match fast path before case folding.
 */
export function rawValueForms(table: TableName, column: string | null, aliases: AliasConfig): Map<string, string> {
  const words: string[] = [];
  if (column === null) {
    words.push(...aliases.booleans.true, ...aliases.booleans.false);
  } else {
    const spec = SCHEMA[table].columns.find((c) => c.name === column);
    words.push(...(spec?.values ?? []));
    for (const list of Object.values(aliases.values[`${table}.${column}`] ?? {})) words.push(...list);
  }
  const forms = new Map<string, string>();
  for (const word of words) {
    for (const form of spellings(word)) if (form !== "" && !forms.has(form)) forms.set(form, normalizeValue(word));
  }
  return forms;
}
