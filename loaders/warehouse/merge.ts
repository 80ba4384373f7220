/**
 * Merging one staged export table into the warehouse: «newer row wins».
 *
 * Every warehouse row carries `_as_of`, the as-of of the export its values came from. An
 * incoming row (export as-of A) for key k:
 * - new: k is not in the warehouse → inserted;
 * - unchanged: the same values → kept (its `_as_of` moves up to A when A is later);
 * - older: different values, and the warehouse row came from an export with a later as-of than A →
 *   the warehouse row stays (an older export never undoes a newer one);
 * - updated: different values, and A is at or after the warehouse row's as-of (ties: the later
 *   import wins; a row without an as-of, from a migrated warehouse, is older than any) → replaced.
 * Into an empty warehouse table every row is new: one INSERT, no comparison (mergePlan).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { SCHEMA, type TableName } from "../schema.ts";
import { WH } from "./store.ts";
import { sqlIdentifier } from "../ingest/sql.ts";
import { timestampLiteral } from "../metrics/ticket-facts.ts";

export interface MergeCounts {
  new: number;
  updated: number;
  unchanged: number;
  older: number;
}

function parts(table: TableName, staged: string) {
  const key = sqlIdentifier(SCHEMA[table].key);
  const columns = SCHEMA[table].columns.map((c) => sqlIdentifier(c.name));
  const same = columns.map((c) => `s.${c} IS NOT DISTINCT FROM w.${c}`).join(" AND ");
  return { key, columns, same, target: `${WH}.${sqlIdentifier(table)}`, source: sqlIdentifier(staged) };
}

/** How the staged rows compare with the warehouse (read only). */
export async function compareStaged(
  connection: DuckDBConnection,
  table: TableName,
  staged: string,
  asOf: Date,
): Promise<MergeCounts> {
  const { key, same, target, source } = parts(table, staged);
  const reader = await connection.runAndReadAll(
    `SELECT CASE WHEN w.${key} IS NULL THEN 'new' WHEN ${same} THEN 'unchanged'
                 WHEN w._as_of > ${timestampLiteral(asOf)} THEN 'older' ELSE 'updated' END AS outcome, count(*)::BIGINT
     FROM ${source} s LEFT JOIN ${target} w ON w.${key} = s.${key} GROUP BY ALL`,
  );
  const counts: MergeCounts = { new: 0, updated: 0, unchanged: 0, older: 0 };
  for (const [outcome, n] of reader.getRows()) counts[String(outcome) as keyof MergeCounts] = Number(n);
  return counts;
}

/** The statements that apply the staged rows (run inside the import's transaction). */
export function mergeStatements(table: TableName, staged: string, asOf: Date, importId: number): string[] {
  const { key, columns, same, target, source } = parts(table, staged);
  const a = timestampLiteral(asOf);
  return [
    `UPDATE ${target} AS w SET _as_of = ${a} FROM ${source} AS s
       WHERE w.${key} = s.${key} AND ${same} AND (w._as_of IS NULL OR w._as_of < ${a})`,
    `DELETE FROM ${target} AS w USING ${source} AS s
       WHERE w.${key} = s.${key} AND NOT (${same}) AND (w._as_of IS NULL OR w._as_of <= ${a})`,
    `INSERT INTO ${target} (${columns.join(", ")}, _as_of, _import_id)
       SELECT ${columns.map((c) => `s.${c}`).join(", ")}, ${a}, ${importId} FROM ${source} AS s
       WHERE NOT EXISTS (SELECT 1 FROM ${target} AS w WHERE w.${key} = s.${key})`,
  ];
}

/** The staged rows appended as they are (the warehouse table is empty: every row is new). */
export function insertAllStatement(table: TableName, staged: string, asOf: Date, importId: number): string {
  const { columns, target, source } = parts(table, staged);
  return `INSERT INTO ${target} (${columns.join(", ")}, _as_of, _import_id)
     SELECT ${columns.join(", ")}, ${timestampLiteral(asOf)}, ${importId} FROM ${source}`;
}

/**
 * How one staged table merges: its counts and the statements that apply it. An empty warehouse
 * table takes every row as new in one INSERT; otherwise compareStaged and mergeStatements.
 */
export async function mergePlan(
  connection: DuckDBConnection,
  table: TableName,
  staged: string,
  asOf: Date,
  importId: number,
): Promise<{ counts: MergeCounts; statements: string[] }> {
  const { target, source } = parts(table, staged);
  const [held, incoming] = (
    await connection.runAndReadAll(`SELECT (SELECT count(*) FROM (SELECT 1 FROM ${target} LIMIT 1))::BIGINT, (SELECT count(*) FROM ${source})::BIGINT`)
  ).getRows()[0]!;
  if (Number(held) === 0) {
    return { counts: { new: Number(incoming), updated: 0, unchanged: 0, older: 0 }, statements: [insertAllStatement(table, staged, asOf, importId)] };
  }
  return { counts: await compareStaged(connection, table, staged, asOf), statements: mergeStatements(table, staged, asOf, importId) };
}
