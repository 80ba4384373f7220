/**
 * sa_bad_offset (loaders/ingest/sql.ts) answers a value ending in the zone's own offset or «Z»
 * with a suffix test before its regular expression: in real DuckDB, for several zones, it gives
 * the same answer as the regular expression alone on every offset form (±hh:mm, ±hhmm, ±hh),
 * hours 00–19, minutes 00–99, with and without fractional seconds, and on NULL.
 */
import { describe, expect, it } from "vitest";
import { macroStatements, safeOffsetEndings } from "../loaders/ingest/sql.ts";
import { useMemoryDb } from "./helpers/duckdb.ts";

const db = useMemoryDb();

const REGEX = String.raw`':[0-9]{2}(\.[0-9]*)?[+-](([2-9][0-9]|1[5-9])(:?[0-9]{2})?|14:?(0[1-9]|[1-5][0-9])|[0-9]{2}:?[6-9][0-9])$'`;

function values(): string[] {
  const out: string[] = [];
  const two = (n: number) => String(n).padStart(2, "0");
  for (const time of ["2025-03-01T10:20:30", "2025-03-01 10:20:30.123", "01.03.2025 10:20:30"]) {
    for (const sign of ["+", "-"]) {
      for (let hours = 0; hours < 20; hours++) {
        out.push(`${time}${sign}${two(hours)}`);
        for (const minutes of [0, 1, 30, 45, 59, 60, 75, 99]) {
          out.push(`${time}${sign}${two(hours)}:${two(minutes)}`, `${time}${sign}${two(hours)}${two(minutes)}`);
        }
      }
    }
    out.push(`${time}Z`, `${time}z`, time);
  }
  return out;
}

describe("sa_bad_offset", () => {
  for (const zone of ["Europe/Moscow", "UTC", "America/New_York", "Asia/Kolkata", "Pacific/Kiritimati"]) {
    it(`agrees with the regular expression alone (zone ${zone})`, async () => {
      const { connection } = db;
      for (const statement of macroStatements(zone)) await connection.run(statement);
      const list = values();
      const literal = list.map((v) => `('${v}')`).join(", ");
      const rows = (
        await connection.runAndReadAll(
          `SELECT v, sa_bad_offset(v), regexp_matches(v, ${REGEX}) FROM (VALUES ${literal}, (NULL)) AS t(v) WHERE sa_bad_offset(v) IS DISTINCT FROM regexp_matches(v, ${REGEX})`,
        )
      ).getRows();
      expect(rows).toEqual([]);
      const bad = (await connection.runAndReadAll(`SELECT count(*) FILTER (WHERE sa_bad_offset(v)) FROM (VALUES ${literal}) AS t(v)`)).getRows();
      expect(Number(bad[0]![0])).toBeGreaterThan(100);
      expect(safeOffsetEndings(zone)).toContain("Z");
    });
  }
});
