/**
 * In-memory DuckDB for tests: a UTC connection opened before a file's tests and closed after,
 * and canonical tables (loaders/schema.ts) created from SCHEMA.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll } from "vitest";
import { SCHEMA, duckdbType, type TableName } from "../../loaders/schema.ts";

export interface MemoryDb {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  close(): void;
}

/** A fresh in-memory database with `SET TimeZone='UTC'`. */
export async function openMemoryDb(): Promise<MemoryDb> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run("SET TimeZone='UTC'");
  return {
    instance,
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Registers beforeAll/afterAll hooks for one database shared by the file's tests;
 * `connection` is available inside tests and hooks.
 */
export function useMemoryDb(): { readonly connection: DuckDBConnection } {
  let db: MemoryDb | undefined;
  beforeAll(async () => {
    db = await openMemoryDb();
  });
  afterAll(() => db?.close());
  return {
    get connection(): DuckDBConnection {
      if (!db) throw new Error("useMemoryDb: the database is opened in beforeAll");
      return db.connection;
    },
  };
}

/** CREATE [OR REPLACE] TABLE with the canonical columns and types of `table`. */
export async function createSchemaTable(
  connection: DuckDBConnection,
  table: TableName,
  { replace = false }: { replace?: boolean } = {},
): Promise<void> {
  const columns = SCHEMA[table].columns.map((c) => `"${c.name}" ${duckdbType(c)}`).join(", ");
  await connection.run(`CREATE ${replace ? "OR REPLACE " : ""}TABLE "${table}" (${columns})`);
}
