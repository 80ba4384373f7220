/**
 * The data as it stood at a moment, for the simulator's calibration: a connection-local schema
 * holding the rows of `tickets, clients, projects, visits` that existed by then, with every field
 * that became known later (resolution, churn, project milestones) set to NULL — the rules of
 * loaders/metrics/known-at.ts (`knownAtRelationSql`). Two moments are used:
 * - the run's as-of (`withDataAsOf`): a calibration as of X sees what was known at X;
 * - the start of a month (`withDataBefore`, the backtest's cutoff): the last microsecond before
 *   the month (Moscow-local), so the day before its first.
 * While `fn` runs, the connection's search path is that schema alone, so a query cannot reach a
 * later row or any other table; the schema is dropped and the search path reset afterwards. Each
 * call has a schema of its own (CUTOFF_SCHEMA and a number), so calibrations on two connections of
 * one database at the same time do not meet.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { knownAtOf, knownAtRelationSql, type KnownAt } from "../metrics/known-at.ts";
import { zonedWallClockToUtc } from "../calendar/instant.ts";
import { utcTimestampLiteral } from "../sql-literal.ts";
import { latestEventDayOr } from "../as-of.ts";

/** prefix of the schema holding the known rows while a calibration runs */
export const CUTOFF_SCHEMA = "data_before_cutoff";

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

async function tableExists(connection: DuckDBConnection, name: string): Promise<boolean> {
  const reader = await connection.runAndReadAll(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = '${name}'`,
  );
  return Number(reader.getRowObjectsJS()[0]!.n) > 0;
}

export const CUTOFF_TABLES = ["tickets", "clients", "projects", "visits"] as const;

let schemaSerial = 0;

/** Run `fn` while the connection sees only the calibration's tables as known at `at`. */
async function withDataKnownAt<T>(connection: DuckDBConnection, at: KnownAt, fn: () => Promise<T>): Promise<T> {
  const schema = `${CUTOFF_SCHEMA}_${++schemaSerial}`;
  await connection.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  try {
    for (const table of CUTOFF_TABLES) {
      if (!(await tableExists(connection, table))) continue;
      await connection.run(`CREATE TABLE ${schema}.${table} AS ${knownAtRelationSql(table, `main.${table}`, at)}`);
    }
    await connection.run(`SET search_path = '${schema}'`);
    return await fn();
  } finally {
    await connection.run("RESET search_path");
    await connection.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
}

/**
 * Run `fn` while the connection sees only what was known at the instant `asOf` (its day local in
 * `tz`). `latestEventDay`, here and in withDataBefore: the data's own day (Pipeline.latestEventDay);
 * looked up on the connection when not given.
 */
export async function withDataAsOf<T>(
  connection: DuckDBConnection,
  asOf: Date,
  tz: string,
  fn: () => Promise<T>,
  latestEventDay?: string | null,
): Promise<T> {
  return withDataKnownAt(connection, knownAtOf(asOf, tz, await latestEventDayOr(connection, tz, latestEventDay)), fn);
}

/** Run `fn` while the connection sees only the data before the first day of `month` (local time `tz`). */
export async function withDataBefore<T>(
  connection: DuckDBConnection,
  month: string,
  tz: string,
  fn: () => Promise<T>,
  latestEventDay?: string | null,
): Promise<T> {
  if (!MONTH_RE.test(month)) throw new RangeError(`граница данных: ожидается месяц ГГГГ-ММ, получено «${month}»`);
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const start = zonedWallClockToUtc(Date.UTC(year, monthNumber - 1, 1), tz);
  // the last moment before the month, to the microsecond
  const lastMoment = knownAtOf(new Date(start.getTime() - 1), tz, await latestEventDayOr(connection, tz, latestEventDay));
  const at: KnownAt = { ...lastMoment, instant: `(${utcTimestampLiteral(start)} - INTERVAL 1 MICROSECOND)` };
  return withDataKnownAt(connection, at, fn);
}
