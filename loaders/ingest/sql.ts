/**
 * Set-based parsing and validation in DuckDB. One pass reads a CSV as text, trims, parses every
 * canonical column and computes a reason code per field (NULL when the field is fine) into a
 * check table `sa_chk_<table>`; a second step adds duplicate ids and unknown references, lists
 * the rejects in long form and inserts the accepted rows into the typed table.
 *
 * Conventions of the check table: for each canonical column `<col>` its typed value, plus one
 * column `sa_rejects`: NULL for a clean row, else the list of its rejected fields
 * {field, value (the text as read), code}. (One mostly-NULL list rather than two columns per
 * field: the table is written ~25 % faster.)
 */
import { SCHEMA, duckdbType, type ColumnSpec, type TableName } from "../schema.ts";
import type { YearSpan } from "./calendar-years.ts";
import type { RejectCode } from "./reject-codes.ts";
import { CALENDAR_COLUMNS, CHRONOLOGY_RULES, MIN_YEAR, PLANNED_COLUMNS, chronologyCode, maxYear } from "./rules.ts";
import { sqlString } from "../sql-literal.ts";

export function sqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Day-first formats as Bitrix24 writes them; single-digit day, month and hour are accepted too. */
const DAY_FIRST_FORMATS = "['%d.%m.%Y %H:%M:%S', '%d.%m.%Y %H:%M', '%d.%m.%Y']";

/**
 * The zone's UTC offsets in January and July as «±hh:mm»: a value ending in one has an offset
 * sa_bad_offset's expression cannot match (its hours are at most 13, or 14:00, its minutes < 60).
 * «Z» ends no bad offset either.
 */
export function safeOffsetEndings(zone: string): string[] {
  const format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
  const year = new Date().getUTCFullYear();
  const offsets = [0, 6].map((month) => {
    const name = format.formatToParts(Date.UTC(year, month, 1)).find((part) => part.type === "timeZoneName")?.value ?? "";
    return name === "GMT" ? "+00:00" : name.slice(3);
  });
  return [...new Set(offsets.filter((o) => /^[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)$/.test(o))), "Z"];
}

const suffixTest = (value: string, endings: readonly string[]): string => endings.map((ending) => `suffix(${value}, ${sqlString(ending)})`).join(" OR ");

/**
 * Macros shared by every table; `zone` is the local time zone of timestamps without an offset.
 * Written for speed on a million rows: LIKE prefix/suffix tests and casts, no regular expressions.
 */
export function macroStatements(zone: string): string[] {
  const z = sqlString(zone);
  return [
    // trimmed text, NULL when empty (trim only when an end is a space or a no-break space)
    `CREATE OR REPLACE TEMP MACRO sa_text(x) AS CASE
       WHEN x LIKE ' %' OR x LIKE '% ' OR x LIKE '\u00A0%' OR x LIKE '%\u00A0' OR x = ''
         THEN NULLIF(trim(x, ' \t\u00A0'), '')
       ELSE x END`,
    // an instant: ISO 8601 with an offset (Z, ±hh, ±hh:mm) as written; ISO without one and
    // dd.mm.yyyy[ hh:mm[:ss]] in the local zone
    `CREATE OR REPLACE TEMP MACRO sa_instant(v) AS CASE WHEN v IS NULL THEN NULL
       WHEN v LIKE '____-%' THEN (CASE
         WHEN contains(v, '+') OR v LIKE '%Z' OR v LIKE '%z' OR v LIKE '%:%-%' THEN TRY_CAST(v AS TIMESTAMPTZ)
         ELSE timezone(${z}, TRY_CAST(v AS TIMESTAMP)) END)
       ELSE timezone(${z}, TRY_STRPTIME(v, ${DAY_FIRST_FORMATS})) END`,
    // an instant whose offset (±hh:mm, ±hhmm, ±hh after the time) is beyond ±14:00
    // (MAX_OFFSET_MINUTES) or has minutes ≥ 60 — DuckDB's cast accepts both; one regular
    // expression is the exact test (~0.08 s per million values). A value ending in the zone's
    // own offset (most of an export) cannot match it, and a literal suffix test is ~10× cheaper.
    `CREATE OR REPLACE TEMP MACRO sa_bad_offset(v) AS CASE WHEN ${suffixTest("v", safeOffsetEndings(zone))} THEN false ELSE regexp_matches(v,
       ':[0-9]{2}(\\.[0-9]*)?[+-](([2-9][0-9]|1[5-9])(:?[0-9]{2})?|14:?(0[1-9]|[1-5][0-9])|[0-9]{2}:?[6-9][0-9])$') END`,
    // the UTC instant of local midnight on 1 January of year y, as a plain TIMESTAMP
    `CREATE OR REPLACE TEMP MACRO sa_year_start(y) AS make_timestamp(epoch_us(timezone(${z}, make_timestamp(y, 1, 1, 0, 0, 0))))`,
    // the UTC instant as a plain TIMESTAMP (epoch arithmetic, no zone lookup)
    `CREATE OR REPLACE TEMP MACRO sa_ts(v) AS make_timestamp(epoch_us(sa_instant(v)))`,
    // a calendar day; a date-time with an offset is cut to its local day
    `CREATE OR REPLACE TEMP MACRO sa_date(v) AS CASE WHEN v IS NULL THEN NULL
       WHEN v LIKE '____-%' THEN (CASE WHEN length(v) <= 10 THEN TRY_CAST(v AS DATE)
                                       ELSE CAST(timezone(${z}, sa_instant(v)) AS DATE) END)
       ELSE CAST(TRY_STRPTIME(v, ${DAY_FIRST_FORMATS}) AS DATE) END`,
    // decimal comma or point, spaces as thousands separators. A value the plain cast reads has no
    // comma and no inner space of any kind, so removing them would give the same number: the
    // replacements (~0.1 s per million values) run only for the values the cast cannot read.
    `CREATE OR REPLACE TEMP MACRO sa_num(v) AS CASE WHEN v IS NULL THEN NULL
       ELSE COALESCE(TRY_CAST(v AS DOUBLE),
         TRY_CAST(replace(replace(replace(replace(v, ' ', ''), chr(160), ''), chr(8239), ''), ',', '.') AS DOUBLE)) END`,
    `CREATE OR REPLACE TEMP MACRO sa_key(v) AS replace(lower(v), 'ё', 'е')`,
  ];
}

export interface TableReadPlan {
  table: TableName;
  /** UTF-8 file DuckDB reads */
  path: string;
  delimiter: string;
  /** number of header fields (columns of the CSV) */
  fieldCount: number;
  /** canonical column → CSV field index (absent columns are NULL) */
  columnIndex: Record<string, number>;
  /** CSV field indexes no value of which starts or ends with a space or a no-break space: read without the trim tests */
  unpaddedFields?: readonly number[];
  /** enum column → normalized alias → canonical value */
  enumMaps: Record<string, Map<string, string>>;
  booleanMap: Map<string, boolean>;
  /** enum/bool column → value as written in the alias table or schema → its folded key (exact-match fast path) */
  rawForms: Record<string, Map<string, string>>;
  /** UTC instant `now` as 'YYYY-MM-DD HH:MM:SS.ffffff' */
  nowUtc: string;
  /** local calendar day of `now`, 'YYYY-MM-DD' */
  todayLocal: string;
  /** years the production calendar covers (null: business time not checked) */
  calendarYears?: YearSpan | null;
}

export const checkTable = (table: TableName): string => `sa_chk_${table}`;
export const rejectsLongTable = (table: TableName): string => `sa_rej_${table}`;
export const malformedTable = (table: TableName): string => `sa_rj_${table}`;
export const malformedScanTable = (table: TableName): string => `sa_rs_${table}`;
export const duplicateKeysTable = (table: TableName): string => `sa_dup_${table}`;

/** The check table's list of rejected fields of a row (NULL when the row is clean). */
export const REJECTS_COLUMN = "sa_rejects";

const v = (c: string) => sqlIdentifier(`v_${c}`);
const t = (c: string) => sqlIdentifier(`t_${c}`);
const e = (c: string) => sqlIdentifier(`e_${c}`);
const col = (c: string) => sqlIdentifier(c);

function isTyped(column: ColumnSpec): boolean {
  return column.type !== "id" && column.type !== "text";
}

function invalidCode(column: ColumnSpec): RejectCode {
  if (column.type === "timestamp") return "invalid_timestamp";
  if (column.type === "date") return "invalid_date";
  if (column.type === "enum") return "unknown_enum";
  return "invalid_type";
}

function mapCase(expression: string, entries: Iterable<[string, string]>, otherwise = ""): string {
  const branches = [...entries].map(([from, to]) => `WHEN ${sqlString(from)} THEN ${to}`);
  return branches.length === 0 ? (otherwise || "NULL") : `CASE ${expression} ${branches.join(" ")}${otherwise ? ` ELSE ${otherwise}` : ""} END`;
}

/**
 * Map a value through an alias table: first by exact text (cheap, covers values written as in
 * the alias table), then case- and ё-folded for the rest (lower() is the costly part). The folded
 * map is the exact CASE's ELSE, so it runs only for the values no exact text matched: DuckDB's
 * COALESCE evaluates every argument on every row (~4× the cost on a million values).
 */
function exactThenFolded(value: string, folded: Array<[string, string]>, rawForms?: Map<string, string>): string {
  const byFolded = new Map(folded);
  const exact: Array<[string, string]> = [];
  for (const [raw, key] of rawForms ?? []) {
    const target = byFolded.get(key);
    if (target !== undefined) exact.push([raw, target]);
  }
  if (exact.length === 0) return mapCase(`sa_key(${value})`, folded);
  // the texts are distinct, so their order does not change the result: the canonical forms
  // (most of a real export) first, as CASE compares a value with one text after another
  const canonical = ([raw, to]: [string, string]) => raw === to.replace(/^'(.*)'$/, "$1");
  const canonicalFirst = [...exact.filter(canonical), ...exact.filter((entry) => !canonical(entry))];
  return mapCase(value, canonicalFirst, mapCase(`sa_key(${value})`, folded));
}

function typedExpression(column: ColumnSpec, plan: TableReadPlan): string {
  const name = column.name;
  switch (column.type) {
    case "timestamp":
      return `sa_ts(${v(name)})`;
    case "date":
      return `sa_date(${v(name)})`;
    case "enum": {
      const map = plan.enumMaps[name] ?? new Map<string, string>();
      return exactThenFolded(v(name), [...map].map(([k, value]) => [k, sqlString(value)]), plan.rawForms[name]);
    }
    case "bool":
      return `CAST(${exactThenFolded(v(name), [...plan.booleanMap].map(([k, value]) => [k, value ? "true" : "false"]), plan.rawForms[name])} AS BOOLEAN)`;
    case "integer":
    case "number":
      return `sa_num(${v(name)})`;
    default:
      return v(name);
  }
}

function errorExpression(table: TableName, column: ColumnSpec, plan: TableReadPlan): string {
  const name = column.name;
  const branches: string[] = [];
  branches.push(`WHEN ${v(name)} IS NULL THEN ${column.required ? "'missing_required'" : "NULL"}`);
  if (column.type === "timestamp" || column.type === "date") {
    branches.push(`WHEN sa_bad_offset(${v(name)}) THEN 'invalid_offset'`);
  }
  if (isTyped(column)) {
    const numeric = column.type === "integer" || column.type === "number";
    const invalid = numeric ? `${t(name)} IS NULL OR NOT isfinite(${t(name)})` : `${t(name)} IS NULL`;
    branches.push(`WHEN ${invalid} THEN '${invalidCode(column)}'`);
    if (column.type === "integer") {
      branches.push(`WHEN ${t(name)} <> trunc(${t(name)}) OR abs(${t(name)}) > 2147483647 THEN 'invalid_type'`);
    }
    if (numeric && column.min !== undefined && column.min >= 0) {
      branches.push(`WHEN ${t(name)} < 0 THEN 'negative_value'`);
    }
    if (numeric && (column.min !== undefined || column.max !== undefined)) {
      const conditions: string[] = [];
      if (column.min !== undefined) conditions.push(`${t(name)} < ${column.min}`);
      if (column.max !== undefined) conditions.push(`${t(name)} > ${column.max}`);
      branches.push(`WHEN ${conditions.join(" OR ")} THEN 'out_of_range'`);
    }
    const lastYear = maxYear(plan.todayLocal);
    if (column.type === "timestamp") {
      branches.push(`WHEN ${t(name)} < sa_year_start(${MIN_YEAR}) OR ${t(name)} >= sa_year_start(${lastYear + 1}) THEN 'year_out_of_range'`);
    }
    if (column.type === "date") {
      branches.push(`WHEN ${t(name)} < DATE '${MIN_YEAR}-01-01' OR ${t(name)} >= DATE '${lastYear + 1}-01-01' THEN 'year_out_of_range'`);
    }
    const span = plan.calendarYears;
    if (span && column.type === "timestamp" && CALENDAR_COLUMNS[table].includes(name)) {
      branches.push(`WHEN ${t(name)} < sa_year_start(${span.first}) OR ${t(name)} >= sa_year_start(${span.last + 1}) THEN 'year_not_in_calendar'`);
    }
    const planned = PLANNED_COLUMNS[table].includes(name);
    if (column.type === "timestamp" && !planned) {
      branches.push(`WHEN ${t(name)} > TIMESTAMP ${sqlString(plan.nowUtc)} THEN 'future_timestamp'`);
    }
    if (column.type === "date" && !planned) {
      branches.push(`WHEN ${t(name)} > DATE ${sqlString(plan.todayLocal)} THEN 'future_timestamp'`);
    }
    for (const rule of CHRONOLOGY_RULES[table].filter((rule) => rule.later === name)) {
      branches.push(`WHEN ${t(name)} < ${t(rule.earlier)} THEN '${chronologyCode(rule)}'`);
    }
  }
  return `CASE ${branches.join(" ")} END`;
}

/** read_csv call: every field as text, malformed rows into the table's DuckDB rejects table. */
export function readCsvExpression(plan: TableReadPlan): string {
  const columns = Array.from({ length: plan.fieldCount }, (_, i) => `'c${i}': 'VARCHAR'`).join(", ");
  return `read_csv(${sqlString(plan.path)}, header = true, auto_detect = false, delim = ${sqlString(plan.delimiter)},
    quote = '"', escape = '"', columns = {${columns}}, store_rejects = true,
    rejects_table = ${sqlString(malformedTable(plan.table))}, rejects_scan = ${sqlString(malformedScanTable(plan.table))})`;
}

/**
 * The one-pass check table (a plain table: after the rejects are taken out it becomes the typed
 * table itself, see finalizeStatements): typed values and the row's rejected fields.
 */
export function checkTableStatement(plan: TableReadPlan): string {
  const columns = SCHEMA[plan.table].columns;
  const unpadded = new Set(plan.unpaddedFields ?? []);
  const levelA = columns
    .map((c) => {
      const index = plan.columnIndex[c.name];
      if (index === undefined) return `CAST(NULL AS VARCHAR) AS ${v(c.name)}`;
      // with no value padded, sa_text(x) is NULLIF(x, '')
      return `${unpadded.has(index) ? `NULLIF(c${index}, '')` : `sa_text(c${index})`} AS ${v(c.name)}`;
    })
    .join(",\n      ");
  const levelB = columns.filter(isTyped).map((c) => `${typedExpression(c, plan)} AS ${t(c.name)}`);
  const levelC = columns.map((c) => `${errorExpression(plan.table, c, plan)} AS ${e(c.name)}`);
  const values = columns.map((c) => {
    if (!isTyped(c)) return `${v(c.name)} AS ${col(c.name)}`;
    return `${c.type === "integer" ? `TRY_CAST(${t(c.name)} AS INTEGER)` : t(c.name)} AS ${col(c.name)}`;
  });
  const anyRejected = columns.map((c) => `${e(c.name)} IS NOT NULL`).join(" OR ");
  const fields = columns.map((c) => `{'field': ${sqlString(c.name)}, 'value': ${v(c.name)}, 'code': ${e(c.name)}}`);
  const rejects = `CASE WHEN ${anyRejected} THEN list_filter([${fields.join(", ")}], x -> x.code IS NOT NULL) END AS ${REJECTS_COLUMN}`;
  return `CREATE OR REPLACE TABLE ${checkTable(plan.table)} AS
SELECT ${values.join(", ")},
  ${rejects}
FROM (SELECT *, ${levelC.join(",\n    ")}
  FROM (SELECT *${levelB.length ? ", " + levelB.join(",\n      ") : ""}
    FROM (SELECT ${levelA}
      FROM ${readCsvExpression(plan)})))`;
}

export interface ReferenceCheck {
  column: string;
  /** accepted rows of this table hold the valid ids */
  target: TableName;
}

/** The ids a checked table holds more than once, each with its first row (a temporary table). */
export function duplicateKeysStatement(table: TableName): string {
  const key = col(SCHEMA[table].key);
  const chk = checkTable(table);
  return `CREATE OR REPLACE TEMP TABLE ${duplicateKeysTable(table)} AS
    SELECT ${key}, min(rowid) AS first_ord FROM ${chk} WHERE ${key} IS NOT NULL GROUP BY ${key} HAVING count(*) > 1`;
}

/**
 * Long-form rejects of a checked table: (ord, field, value, code, other_ord). `withDuplicates`:
 * duplicateKeysStatement found some (without any, the table is not scanned for them again).
 */
export function rejectsLongStatement(table: TableName, references: readonly ReferenceCheck[], withDuplicates = true): string {
  const spec = SCHEMA[table];
  const chk = checkTable(table);
  const list = sqlIdentifier(REJECTS_COLUMN);
  const parts = [
    `SELECT ord, x.field, x.value, x.code, CAST(NULL AS BIGINT) AS other_ord
      FROM (SELECT rowid AS ord, unnest(${list}) AS x FROM ${chk} WHERE ${list} IS NOT NULL)`,
  ];
  const key = col(spec.key);
  if (withDuplicates) {
    parts.push(
      `SELECT c.rowid, ${sqlString(spec.key)}, c.${key}, 'duplicate_id', d.first_ord
        FROM ${chk} c JOIN ${duplicateKeysTable(table)} d ON c.${key} = d.${key}
        WHERE c.rowid > d.first_ord`,
    );
  }
  for (const ref of references) {
    const target = SCHEMA[ref.target];
    const fieldRejected = `list_contains(list_transform(coalesce(c.${list}, []), x -> x.field), ${sqlString(ref.column)})`;
    parts.push(
      `SELECT c.rowid, ${sqlString(ref.column)}, c.${col(ref.column)}, 'unknown_reference', CAST(NULL AS BIGINT)
        FROM ${chk} c WHERE c.${col(ref.column)} IS NOT NULL AND NOT ${fieldRejected}
          AND NOT EXISTS (SELECT 1 FROM ${sqlIdentifier(ref.target)} p WHERE p.${col(target.key)} = c.${col(ref.column)})`,
    );
  }
  return `CREATE OR REPLACE TEMP TABLE ${rejectsLongTable(table)} AS\n${parts.join("\nUNION ALL\n")}`;
}

/**
 * Turn the check table into the typed table: delete the rejected rows, drop the rejects column
 * (cheap: no copy of the data) and take the table's name.
 */
export function finalizeStatements(table: TableName): string[] {
  const chk = checkTable(table);
  return [
    `DELETE FROM ${chk} WHERE rowid IN (SELECT ord FROM ${rejectsLongTable(table)})`,
    `ALTER TABLE ${chk} DROP COLUMN ${sqlIdentifier(REJECTS_COLUMN)}`,
    `DROP TABLE IF EXISTS ${sqlIdentifier(table)}`,
    `ALTER TABLE ${chk} RENAME TO ${sqlIdentifier(table)}`,
  ];
}

export function createTableStatement(table: TableName): string {
  const columns = SCHEMA[table].columns.map((c) => `${col(c.name)} ${duckdbType(c)}`).join(", ");
  return `CREATE OR REPLACE TABLE ${sqlIdentifier(table)} (${columns})`;
}

export const CREATE_REJECTS_TABLE = `CREATE OR REPLACE TABLE rejects (file VARCHAR, line INTEGER, field VARCHAR, value VARCHAR, code VARCHAR, message VARCHAR)`;
