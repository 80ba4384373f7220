/**
 * Data as it stood at the start of a month: a connection-local schema holding only the rows of
 * `tickets, clients, projects, visits` that existed before the cutoff (Moscow-local month start),
 * with every field that became known later (resolution, churn, project milestones) set to NULL.
 * While `fn` runs, the connection's search path is that schema alone, so a query cannot reach a
 * later row or any other table; the schema is dropped and the search path reset afterwards.
 */
import type { DuckDBConnection } from "@duckdb/node-api";

/** schema holding the rows before the cutoff while a calibration runs */
export const CUTOFF_SCHEMA = "data_before_cutoff";

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

async function tableExists(connection: DuckDBConnection, name: string): Promise<boolean> {
  const reader = await connection.runAndReadAll(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = '${name}'`,
  );
  return Number(reader.getRowObjectsJS()[0]!.n) > 0;
}

/** SELECT of one table as it stood before the cutoff (`instant`: local timestamp literal, `day`: date literal). */
function relationBefore(table: string, instant: string, day: string, tz: string): string | null {
  const local = (column: string): string => `timezone('${tz}', ${column}::TIMESTAMPTZ)`;
  const known = (column: string): string => `CASE WHEN ${local(column)} < ${instant} THEN ${column} END AS ${column}`;
  const knownDate = (column: string): string => `CASE WHEN ${column} < ${day} THEN ${column} END AS ${column}`;
  switch (table) {
    case "tickets":
      return `SELECT * REPLACE (${known("first_response_at")}, ${known("resolved_at")},
                CASE WHEN ${local("resolved_at")} < ${instant} THEN effort_minutes END AS effort_minutes,
                CASE WHEN ${local("resolved_at")} < ${instant} THEN csat END AS csat)
              FROM main.tickets WHERE ${local("created_at")} < ${instant}`;
    case "clients":
      return `SELECT * REPLACE (${knownDate("churned_at")}) FROM main.clients WHERE contract_start < ${day}`;
    case "projects":
      return `SELECT * REPLACE (${["due_at", "audit_at", "installed_at", "commissioned_at", "trained_at", "handed_over_at"].map(knownDate).join(", ")})
              FROM main.projects WHERE signed_at < ${day}`;
    case "visits":
      return `SELECT * FROM main.visits WHERE visited_at < ${day}`;
    default:
      return null;
  }
}

export const CUTOFF_TABLES = ["tickets", "clients", "projects", "visits"] as const;

/** Run `fn` while the connection sees only the data before the first day of `month` (local time `tz`). */
export async function withDataBefore<T>(connection: DuckDBConnection, month: string, tz: string, fn: () => Promise<T>): Promise<T> {
  if (!MONTH_RE.test(month)) throw new RangeError(`граница данных: ожидается месяц ГГГГ-ММ, получено «${month}»`);
  const instant = `TIMESTAMP '${month}-01 00:00:00'`;
  const day = `DATE '${month}-01'`;
  await connection.run(`DROP SCHEMA IF EXISTS ${CUTOFF_SCHEMA} CASCADE; CREATE SCHEMA ${CUTOFF_SCHEMA}`);
  try {
    for (const table of CUTOFF_TABLES) {
      if (!(await tableExists(connection, table))) continue;
      await connection.run(`CREATE TABLE ${CUTOFF_SCHEMA}.${table} AS ${relationBefore(table, instant, day, tz)}`);
    }
    await connection.run(`SET search_path = '${CUTOFF_SCHEMA}'`);
    return await fn();
  } finally {
    await connection.run("RESET search_path");
    await connection.run(`DROP SCHEMA IF EXISTS ${CUTOFF_SCHEMA} CASCADE`);
  }
}
