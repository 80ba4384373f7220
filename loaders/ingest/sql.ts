/**
 * Set-based parsing and validation in DuckDB. One pass reads a CSV as text, trims, parses every
 * canonical column and computes a reason code per field (NULL when the field is fine) into a
 * check table `sa_chk_<table>`; a second step adds duplicate ids and unknown references, lists
 * the rejects in long form and inserts the accepted rows into the typed table.
 *
 * Conventions of the check table: for each canonical column `<col>` the parsed value
 * (integers kept as DOUBLE until the final cast), `e_<col>` the reason code, and for typed
 * columns `r_<col>`, the text as read when the field was rejected.
 */
import { SCHEMA, duckdbType, type ColumnSpec, type TableName } from "../schema.ts";
import type { RejectCode } from "./reject-codes.ts";
import { CHRONOLOGY_RULES, PLANNED_COLUMNS } from "./rules.ts";

export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function sqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const WHITESPACE = " \t\u00A0";

/** Macros shared by every table; `zone` is the local time zone of timestamps without an offset. */
export function macroStatements(zone: string): string[] {
  const z = sqlString(zone);
  const ws = sqlString(WHITESPACE);
  return [
    // trimmed text, NULL when empty (trim only when an end is whitespace: most values are clean)
    `CREATE OR REPLACE TEMP MACRO sa_text(x) AS CASE WHEN x IS NULL THEN NULL
       WHEN contains(${ws}, left(x, 1)) OR contains(${ws}, right(x, 1)) THEN NULLIF(trim(x, ${ws}), '')
       ELSE x END`,
    // dd.mm.yyyy[ hh:mm[:ss]] → yyyy-mm-dd[ hh:mm[:ss]]; other text unchanged
    `CREATE OR REPLACE TEMP MACRO sa_iso(v) AS CASE WHEN v IS NULL THEN NULL
       WHEN substr(v, 3, 1) = '.' AND substr(v, 6, 1) = '.' AND (length(v) = 10 OR substr(v, 11, 1) = ' ')
         THEN substr(v, 7, 4) || '-' || substr(v, 4, 2) || '-' || substr(v, 1, 2) || substr(v, 11)
       WHEN regexp_matches(v, '^[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{4}( |$)')
         THEN regexp_replace(v, '^([0-9]{1,2})\\.([0-9]{1,2})\\.([0-9]{4})', '\\3-\\2-\\1')
       ELSE v END`,
    // an instant: with an offset (Z, ±hh, ±hh:mm) as written, without one in the local zone
    `CREATE OR REPLACE TEMP MACRO sa_instant(s) AS CASE WHEN s IS NULL THEN NULL
       WHEN right(s, 1) IN ('Z', 'z') OR contains(substr(s, 11), '+') OR contains(substr(s, 12), '-')
         THEN TRY_CAST(s AS TIMESTAMPTZ)
       ELSE timezone(${z}, TRY_CAST(s AS TIMESTAMP)) END`,
    // the UTC instant as a plain TIMESTAMP (epoch arithmetic, no zone lookup)
    `CREATE OR REPLACE TEMP MACRO sa_ts(s) AS make_timestamp(epoch_us(sa_instant(s)))`,
    // a calendar day; a date-time is cut to its local day
    `CREATE OR REPLACE TEMP MACRO sa_date(s) AS CASE WHEN s IS NULL THEN NULL
       WHEN length(s) <= 10 THEN TRY_CAST(s AS DATE)
       ELSE CAST(timezone(${z}, sa_instant(s)) AS DATE) END`,
    // decimal comma or point, spaces as thousands separators
    `CREATE OR REPLACE TEMP MACRO sa_num(v) AS CASE WHEN v IS NULL THEN NULL
       ELSE TRY_CAST(replace(replace(replace(replace(v, ' ', ''), chr(160), ''), chr(8239), ''), ',', '.') AS DOUBLE) END`,
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
  /** enum column → normalized alias → canonical value */
  enumMaps: Record<string, Map<string, string>>;
  booleanMap: Map<string, boolean>;
  /** UTC instant `now` as 'YYYY-MM-DD HH:MM:SS.ffffff' */
  nowUtc: string;
  /** local calendar day of `now`, 'YYYY-MM-DD' */
  todayLocal: string;
}

export const checkTable = (table: TableName): string => `sa_chk_${table}`;
export const rejectsLongTable = (table: TableName): string => `sa_rej_${table}`;
export const malformedTable = (table: TableName): string => `sa_rj_${table}`;
export const malformedScanTable = (table: TableName): string => `sa_rs_${table}`;

const v = (c: string) => sqlIdentifier(`v_${c}`);
const s = (c: string) => sqlIdentifier(`s_${c}`);
const t = (c: string) => sqlIdentifier(`t_${c}`);
const e = (c: string) => sqlIdentifier(`e_${c}`);
const r = (c: string) => sqlIdentifier(`r_${c}`);
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

function mapCase(expression: string, entries: Iterable<[string, string]>): string {
  const branches = [...entries].map(([from, to]) => `WHEN ${sqlString(from)} THEN ${to}`);
  return branches.length === 0 ? "CAST(NULL AS VARCHAR)" : `CASE ${expression} ${branches.join(" ")} END`;
}

function typedExpression(column: ColumnSpec, plan: TableReadPlan): string {
  const name = column.name;
  switch (column.type) {
    case "timestamp":
      return `sa_ts(${s(name)})`;
    case "date":
      return `sa_date(${s(name)})`;
    case "enum": {
      const map = plan.enumMaps[name] ?? new Map<string, string>();
      return mapCase(`sa_key(${v(name)})`, [...map].map(([k, value]) => [k, sqlString(value)]));
    }
    case "bool":
      return `CAST(${mapCase(`sa_key(${v(name)})`, [...plan.booleanMap].map(([k, value]) => [k, value ? "true" : "false"]))} AS BOOLEAN)`;
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
    const planned = PLANNED_COLUMNS[table].includes(name);
    if (column.type === "timestamp" && !planned) {
      branches.push(`WHEN ${t(name)} > TIMESTAMP ${sqlString(plan.nowUtc)} THEN 'future_timestamp'`);
    }
    if (column.type === "date" && !planned) {
      branches.push(`WHEN ${t(name)} > DATE ${sqlString(plan.todayLocal)} THEN 'future_timestamp'`);
    }
    for (const rule of CHRONOLOGY_RULES[table].filter((rule) => rule.later === name)) {
      branches.push(`WHEN ${t(name)} < ${t(rule.earlier)} THEN 'chronology'`);
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

/** The one-pass check table: parsed values, reason codes and rejected texts per field. */
export function checkTableStatement(plan: TableReadPlan): string {
  const columns = SCHEMA[plan.table].columns;
  const levelA = columns
    .map((c) => {
      const index = plan.columnIndex[c.name];
      return index === undefined ? `CAST(NULL AS VARCHAR) AS ${v(c.name)}` : `sa_text(c${index}) AS ${v(c.name)}`;
    })
    .join(",\n      ");
  const levelB = columns
    .filter((c) => c.type === "timestamp" || c.type === "date")
    .map((c) => `sa_iso(${v(c.name)}) AS ${s(c.name)}`);
  const levelC = columns.filter(isTyped).map((c) => `${typedExpression(c, plan)} AS ${t(c.name)}`);
  const levelD = columns.map((c) => `${errorExpression(plan.table, c, plan)} AS ${e(c.name)}`);
  const output = columns.flatMap((c) =>
    isTyped(c)
      ? [`${t(c.name)} AS ${col(c.name)}`, e(c.name), `CASE WHEN ${e(c.name)} IS NOT NULL THEN ${v(c.name)} END AS ${r(c.name)}`]
      : [`${v(c.name)} AS ${col(c.name)}`, e(c.name)],
  );
  return `CREATE OR REPLACE TEMP TABLE ${checkTable(plan.table)} AS
SELECT ${output.join(", ")}
FROM (SELECT *, ${levelD.join(",\n    ")}
  FROM (SELECT *${levelC.length ? ", " + levelC.join(",\n      ") : ""}
    FROM (SELECT *${levelB.length ? ", " + levelB.join(", ") : ""}
      FROM (SELECT ${levelA}
        FROM ${readCsvExpression(plan)}))))`;
}

export interface ReferenceCheck {
  column: string;
  /** accepted rows of this table hold the valid ids */
  target: TableName;
}

/** Long-form rejects of a checked table: (ord, field, value, code, other_ord). */
export function rejectsLongStatement(table: TableName, references: readonly ReferenceCheck[]): string {
  const spec = SCHEMA[table];
  const chk = checkTable(table);
  const parts = spec.columns.map(
    (c) =>
      `SELECT rowid AS ord, ${sqlString(c.name)} AS field, ${isTyped(c) ? r(c.name) : col(c.name)} AS value,
        ${e(c.name)} AS code, CAST(NULL AS BIGINT) AS other_ord FROM ${chk} WHERE ${e(c.name)} IS NOT NULL`,
  );
  const key = col(spec.key);
  parts.push(
    `SELECT c.rowid, ${sqlString(spec.key)}, c.${key}, 'duplicate_id', d.first_ord
      FROM ${chk} c JOIN (SELECT ${key}, min(rowid) AS first_ord FROM ${chk} WHERE ${key} IS NOT NULL
                          GROUP BY ${key} HAVING count(*) > 1) d ON c.${key} = d.${key}
      WHERE c.rowid > d.first_ord`,
  );
  for (const ref of references) {
    const target = SCHEMA[ref.target];
    parts.push(
      `SELECT c.rowid, ${sqlString(ref.column)}, c.${col(ref.column)}, 'unknown_reference', CAST(NULL AS BIGINT)
        FROM ${chk} c WHERE c.${col(ref.column)} IS NOT NULL AND c.${e(ref.column)} IS NULL
          AND NOT EXISTS (SELECT 1 FROM ${sqlIdentifier(ref.target)} p WHERE p.${col(target.key)} = c.${col(ref.column)})`,
    );
  }
  return `CREATE OR REPLACE TEMP TABLE ${rejectsLongTable(table)} AS\n${parts.join("\nUNION ALL\n")}`;
}

/** Insert the rows of the check table that have no reject into the typed table. */
export function insertAcceptedStatement(table: TableName): string {
  const columns = SCHEMA[table].columns;
  const select = columns
    .map((c) => (c.type === "integer" ? `CAST(c.${col(c.name)} AS INTEGER)` : `c.${col(c.name)}`))
    .join(", ");
  return `INSERT INTO ${sqlIdentifier(table)}
SELECT ${select} FROM ${checkTable(table)} c
WHERE NOT EXISTS (SELECT 1 FROM ${rejectsLongTable(table)} x WHERE x.ord = c.rowid)`;
}

export function createTableStatement(table: TableName): string {
  const columns = SCHEMA[table].columns.map((c) => `${col(c.name)} ${duckdbType(c)}`).join(", ");
  return `CREATE OR REPLACE TABLE ${sqlIdentifier(table)} (${columns})`;
}

export const CREATE_REJECTS_TABLE = `CREATE OR REPLACE TABLE rejects (file VARCHAR, line INTEGER, field VARCHAR, value VARCHAR, code VARCHAR, message VARCHAR)`;
