/**
 * The exports as they stood at a moment X, written as real CSV files: every accepted row of an
 * opened pipeline passed through the known-at rules (loaders/metrics/known-at.ts) — rows created
 * after X left out, fields that became known after X empty — one file per table with the schema's
 * headers, timestamps as UTC instants with a `Z`, dates as YYYY-MM-DD.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { knownAtOf, knownAtRelationSql } from "../../loaders/metrics/known-at.ts";
import { relationSql, tableExists } from "../../loaders/metrics/sql.ts";
import { latestEventDay } from "../../loaders/as-of.ts";
import { SCHEMA, TABLE_NAMES } from "../../loaders/schema.ts";

function formatted(table: (typeof TABLE_NAMES)[number]): string {
  return SCHEMA[table].columns
    .map((c) => {
      const column = `"${c.name}"`;
      if (c.type === "timestamp") return `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%gZ') AS ${column}`;
      if (c.type === "date") return `strftime(${column}, '%Y-%m-%d') AS ${column}`;
      if (c.type === "bool") return `CASE WHEN ${column} THEN 'true' WHEN NOT ${column} THEN 'false' END AS ${column}`;
      return `${column}::VARCHAR AS ${column}`;
    })
    .join(", ");
}

/** Writes `<dir>/<table>.csv` for every table present in `connection`, as known at `asOf`. */
export async function writeExportsAsOf(connection: DuckDBConnection, dir: string, asOf: Date, timeZone: string): Promise<void> {
  const at = knownAtOf(asOf, timeZone, await latestEventDay(connection, timeZone));
  for (const table of TABLE_NAMES) {
    if (!(await tableExists(connection, table))) continue;
    const known = knownAtRelationSql(table, await relationSql(connection, table), at);
    const path = `${dir}/${table}.csv`.replaceAll("'", "''");
    await connection.run(`COPY (SELECT ${formatted(table)} FROM (${known})) TO '${path}' (HEADER, DELIMITER ',')`);
  }
}
