/**
 * One in-process DuckDB database per pipeline run. In memory; the session time zone is UTC so
 * no result depends on the machine's zone (timestamps are stored as UTC instants).
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";

export async function openDatabase(): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run("SET TimeZone='UTC'");
  return { instance, connection };
}
