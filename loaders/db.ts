/**
 * One in-process DuckDB database per pipeline run. In memory; the session time zone is UTC so
 * no result depends on the machine's zone (timestamps are stored as UTC instants).
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";

/** A new connection to `instance` with the session time zone UTC (a setting of each connection). */
export async function connectUtc(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  await connection.run("SET TimeZone='UTC'");
  return connection;
}

export async function openDatabase(): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(":memory:");
  return { instance, connection: await connectUtc(instance) };
}
