// An import stages its exports in the warehouse file, inside its transaction, and renames a staged
// table into place when the warehouse table is empty (loaders/warehouse/stage.ts, merge.ts). On
// real DuckDB files: what the file holds afterwards is exactly the warehouse's own tables, with
// their own definitions, and the renamed table holds what the INSERT into an indexed (so not
// renamed) table holds, row for row and in the same order.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCHEMA, TABLE_NAMES } from "../loaders/schema.ts";
import { importExports } from "../loaders/warehouse/import.ts";
import { SAMPLE_DIR, writeMonthExports } from "./helpers/month-exports.ts";

const CLOCK = new Date("2026-11-30T12:00:00Z");
let root: string;
let monthDirs: string[];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "warehouse-staging-"));
  monthDirs = writeMonthExports(join(root, "months"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const importInto = (db: string, paths: string[]) => importExports(paths, { dbPath: db, waitMs: 5_000, clock: CLOCK });

async function readOnly<T>(path: string, body: (run: (sql: string) => Promise<string[]>) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" });
  const connection = await instance.connect();
  try {
    return await body(async (sql) => (await connection.runAndReadAll(sql)).getRows().map((r) => r.map(String).join("\t")));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Every table of the file with its columns: name, position, type, default, nullability. */
const definitions = (path: string) =>
  readOnly(path, (run) =>
    run(`SELECT table_schema, table_name, column_name, ordinal_position, data_type, coalesce(column_default, '-'), is_nullable
         FROM information_schema.columns ORDER BY ALL`),
  );

/** The rows of the six canonical tables in storage order, and the import's counts and rejects. */
const contents = (path: string) =>
  readOnly(path, async (run) => {
    const out: string[] = [];
    for (const table of TABLE_NAMES) {
      out.push(...(await run(`SELECT '${table}', count(*), sum(hash(t))::VARCHAR, sum(hash(t, n))::VARCHAR FROM (SELECT row_number() OVER () AS n, t FROM "${table}" t)`)));
    }
    out.push(...(await run("SELECT * EXCLUDE (import_id) FROM import_tables ORDER BY ALL")));
    out.push(...(await run("SELECT * EXCLUDE (import_id) FROM import_rejects ORDER BY ALL")));
    return out;
  });

describe("staging in the warehouse file", () => {
  it("leaves exactly the warehouse's own tables and definitions, after a first import and after a later one", async () => {
    const fresh = join(root, "fresh.duckdb");
    await importInto(fresh, []);
    const expected = await definitions(fresh);
    expect(expected.some((line) => line.includes("\ttickets\t_import_id\t"))).toBe(true);

    const db = join(root, "staged.duckdb");
    await importInto(db, [monthDirs[0]!]);
    expect(await definitions(db)).toEqual(expected);
    await importInto(db, [monthDirs[1]!, monthDirs[2]!]);
    expect(await definitions(db)).toEqual(expected);
  });

  it("a staged table renamed into place holds what the INSERT into an indexed table holds, in the same order", async () => {
    const renamed = join(root, "renamed.duckdb");
    const inserted = join(root, "inserted.duckdb");
    await importInto(renamed, []);
    await importInto(inserted, []);
    const instance = await DuckDBInstance.create(inserted);
    const connection = await instance.connect();
    for (const table of TABLE_NAMES) await connection.run(`CREATE INDEX ix_${table} ON "${table}" ("${SCHEMA[table].key}")`);
    connection.closeSync();
    instance.closeSync();

    const a = await importInto(renamed, [SAMPLE_DIR]);
    const b = await importInto(inserted, [SAMPLE_DIR]);
    expect(a.imports[0]!.tables).toEqual(b.imports[0]!.tables);
    const rows = await contents(renamed);
    expect(rows.find((line) => line.startsWith("tickets\t"))).toMatch(/^tickets\t7025\t/);
    expect(rows).toEqual(await contents(inserted));
    // the indexed warehouse kept its indexes: its tables were filled, not replaced
    const indexes = await readOnly(inserted, (run) => run("SELECT count(*) FROM duckdb_indexes()"));
    expect(indexes).toEqual([String(TABLE_NAMES.length)]);
  });
});
