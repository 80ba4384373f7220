/**
 * sa_num (loaders/ingest/sql.ts) tries the plain cast before removing spaces and turning a
 * decimal comma into a point: in real DuckDB it gives the same number as the replacements alone
 * on every form a number is written in (comma or point, spaces, no-break and narrow no-break
 * spaces, exponents, signs, underscores, infinities, text that is no number, NULL).
 */
import { describe, expect, it } from "vitest";
import { macroStatements } from "../loaders/ingest/sql.ts";
import { sqlString } from "../loaders/sql-literal.ts";
import { useMemoryDb } from "./helpers/duckdb.ts";

const db = useMemoryDb();

const REPLACED = `TRY_CAST(replace(replace(replace(replace(v, ' ', ''), chr(160), ''), chr(8239), ''), ',', '.') AS DOUBLE)`;

function values(): string[] {
  const out: string[] = [];
  const spaces = [" ", "\u00a0", "\u202f", "\t"];
  for (const body of ["5", "15", "37,5", "37.5", "1,000", "1,000.5", "1.000,5", "1e3", "1,5e2", "-0,0", "1_000", "0x10", "inf", "-Infinity", "NaN", "abc", "", ","]) {
    for (const sign of ["", "-", "+"]) {
      const number = `${sign}${body}`;
      out.push(number);
      for (const space of spaces) out.push(`${space}${number}`, `${number}${space}`, `1${space}${number}`, number.replace(/(\d)(\d)/, `$1${space}$2`));
    }
  }
  return out;
}

describe("sa_num", () => {
  it("gives the same value as the replacements alone", async () => {
    const { connection } = db;
    for (const statement of macroStatements("Europe/Moscow")) await connection.run(statement);
    const list = values();
    const literal = list.map((v) => `(${sqlString(v)})`).join(", ");
    const differing = (
      await connection.runAndReadAll(`SELECT v FROM (VALUES ${literal}, (NULL)) AS t(v) WHERE sa_num(v) IS DISTINCT FROM ${REPLACED}`)
    ).getRows();
    expect(differing).toEqual([]);
    const comma = (await connection.runAndReadAll(`SELECT sa_num('37,5'), sa_num('1${"\u00a0"}000,5'), sa_num('abc')`)).getRows()[0]!;
    expect(comma).toEqual([37.5, 1000.5, null]);
  });
});
