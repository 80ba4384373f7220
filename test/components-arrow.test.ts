import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { queryToArrowIpc } from "../loaders/export/arrow.ts";
import { rowsFromIpc } from "../src/components/arrow-rows.ts";

describe("DuckDB → Arrow IPC → rows", () => {
  it("keeps types and nulls across the round trip", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run("SET TimeZone='UTC'");
    const bytes = await queryToArrowIpc(
      connection,
      `SELECT * FROM (VALUES
         (1::INTEGER, 'ЖК «<b>Сосны</b>»', TIMESTAMP '2026-03-10 07:30:00', DATE '2026-03-10', 1.5::DOUBLE, true, 5::BIGINT),
         (NULL, NULL, NULL, NULL, NULL, NULL, NULL)) t(i, s, ts, d, x, b, big)`,
    );
    const rows = rowsFromIpc(bytes);
    expect(rows).toEqual([
      { i: 1, s: "ЖК «<b>Сосны</b>»", ts: new Date("2026-03-10T07:30:00Z"), d: new Date("2026-03-10T00:00:00Z"), x: 1.5, b: true, big: 5 },
      { i: null, s: null, ts: null, d: null, x: null, b: null, big: null },
    ]);
    connection.closeSync();
    instance.closeSync();
  });
});
