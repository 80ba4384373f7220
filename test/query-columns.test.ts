/**
 * Reading a query column by column (loaders/metrics/sql.ts queryColumns) gives the values queryRows
 * gives, for every type the metric SQL returns and across DuckDB's chunks; a table whose text columns
 * are cast to ENUMs (enumTextColumnsSql) holds the same values in the same ORDER BY ALL order; and
 * encodeColumnLists of the columns is encodeColumns of the rows (src/core/columns.ts). Real DuckDB.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { enumTextColumnsSql, queryColumns, queryRows } from "../loaders/metrics/sql.ts";
import { encodeColumnLists, encodeColumns, type ColumnValue } from "../src/core/columns.ts";
import { useMemoryDb } from "./helpers/duckdb.ts";

/** The rows of a column layout, as queryRows gives them. */
function rowsOf(table: { length: number; columns: Record<string, unknown[]> }): Record<string, unknown>[] {
  return Array.from({ length: table.length }, (_, i) => Object.fromEntries(Object.entries(table.columns).map(([name, list]) => [name, list[i]])));
}

describe("queryColumns", () => {
  const db = useMemoryDb();
  // 5,000 rows: three of DuckDB's 2,048-row chunks; every type, NULLs in every column
  const MIXED = `SELECT i::INTEGER AS int, i::BIGINT * 3_000_000_000 AS big, i / 7 AS dbl, (i % 3 = 0) AS flag,
      CASE WHEN i % 5 = 0 THEN NULL ELSE 'знач ' || (i % 11) END AS text, (DATE '2026-01-01' + i::INTEGER)::DATE AS day,
      TIMESTAMP '2026-01-01 09:00:00' + i * INTERVAL 1 MINUTE AS at, (i % 4)::TINYINT AS tiny, (i / 3)::FLOAT AS real,
      ('x' || (i % 3))::ENUM('x0', 'x1', 'x2') AS kind, (i * 1.25)::DECIMAL(10, 2) AS money
    FROM range(5000) r(i)`;

  it("gives queryRows' values, column by column, for every type and across chunks", async () => {
    const sql = `SELECT * FROM (${MIXED}) UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL ORDER BY int NULLS FIRST`;
    const table = await queryColumns(db.connection, sql);
    expect(table.length).toBe(5001);
    expect(Object.keys(table.columns)).toEqual(["int", "big", "dbl", "flag", "text", "day", "at", "tiny", "real", "kind", "money"]);
    expect(rowsOf(table)).toEqual(await queryRows(db.connection, sql));
    expect(typeof table.columns.big![1]).toBe("number");
  });

  it("gives no rows and every column for an empty result", async () => {
    const table = await queryColumns(db.connection, `SELECT 1::INTEGER AS a, 'x' AS b WHERE false`);
    expect(table).toEqual({ length: 0, columns: { a: [], b: [] } });
  });
});

describe("enumTextColumnsSql", () => {
  const db = useMemoryDb();
  beforeAll(async () => {
    // text that sorts byte-wise in other orders than by letters, quotes, an empty string, NULLs, a column of NULLs only
    await db.connection.run(`CREATE TABLE cells AS SELECT * FROM (VALUES
        ('2026-10', 'О''Нил', 'b', NULL::VARCHAR, 3, 1.5),
        ('2026-09', 'ёлка', 'B', NULL, 1, 2.5),
        ('2026-10', 'Яблоко', '', NULL, 2, NULL),
        ('2026-10', NULL, 'a', NULL, 2, 0.5),
        ('2026-09', 'ёлка', 'ä', NULL, 5, 1.0),
        ('2026-11', 'Zeta', 'a', NULL, 4, 3.0)
      ) v(month, client, scope, nothing, n, x)`);
  });

  it("keeps every value and the ORDER BY ALL order, with the text columns as ENUMs", async () => {
    const select = await enumTextColumnsSql(db.connection, "cells");
    await db.connection.run(`CREATE TABLE cells_enum AS SELECT ${select} FROM cells`);
    const types = await queryRows<{ column_name: string; column_type: string }>(db.connection, "DESCRIBE cells_enum");
    expect(types.map((t) => [t.column_name, t.column_type.startsWith("ENUM") ? "ENUM" : t.column_type])).toEqual([
      ["month", "ENUM"],
      ["client", "ENUM"],
      ["scope", "ENUM"],
      ["nothing", "VARCHAR"],
      ["n", "INTEGER"],
      ["x", "DECIMAL(2,1)"],
    ]);
    const text = await queryRows(db.connection, "SELECT * FROM cells ORDER BY ALL");
    expect(rowsOf(await queryColumns(db.connection, "SELECT * FROM cells_enum ORDER BY ALL"))).toEqual(text);
    expect(rowsOf(await queryColumns(db.connection, "SELECT * EXCLUDE (n) FROM cells_enum WHERE n >= 2 ORDER BY ALL"))).toEqual(
      await queryRows(db.connection, "SELECT * EXCLUDE (n) FROM cells WHERE n >= 2 ORDER BY ALL"),
    );
  });
});

describe("encodeColumnLists", () => {
  it("is encodeColumns of the same rows", () => {
    const rows = [
      { month: "2026-01", key: null, n: 3, ok: true },
      { month: "2026-01", key: "b", n: 3, ok: false },
      { month: "2026-02", key: "a", n: 4, ok: null },
    ];
    const names = ["month", "key", "n", "ok"] as const;
    const lists = Object.fromEntries(names.map((name) => [name, rows.map((r) => r[name] as ColumnValue)]));
    expect(encodeColumnLists(rows.length, lists)).toEqual(encodeColumns(rows, [...names]));
    expect(encodeColumnLists(0, {})).toEqual(encodeColumns([], []));
  });
});
