/**
 * Fields no record pads (loaders/ingest/field-padding.ts, found by the physical scan) are read
 * without the trim tests: NULLIF(x, '') instead of sa_text(x). Examples of what counts as padding,
 * then generated exports with spaces and no-break spaces at every kind of field boundary (quoted,
 * unquoted, multi-line, CRLF, empty, wrong field counts): in real DuckDB the check table read with
 * the scan's unpadded fields equals, row for row, the one read with every field trimmed.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { booleanValueMap, enumValueMap, loadAliasConfig, rawValueForms } from "../loaders/ingest/aliases.ts";
import { prepareForReader } from "../loaders/ingest/clean-copy.ts";
import { scanPhysicalRecords } from "../loaders/ingest/physical-records.ts";
import { checkTable, checkTableStatement, macroStatements, type TableReadPlan } from "../loaders/ingest/sql.ts";
import { SCHEMA } from "../loaders/schema.ts";
import { useMemoryDb } from "./helpers/duckdb.ts";
import { random } from "./helpers/random.ts";

const db = useMemoryDb();
const dir = mkdtempSync(join(tmpdir(), "field-padding-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NBSP = "\u00A0";

function unpaddedOf(text: string, fields: number): number[] {
  const path = join(dir, "example.csv");
  writeFileSync(path, text);
  return scanPhysicalRecords(path, { delimiter: ",", headerFields: fields, checkUtf8: false }).unpaddedFields;
}

describe("fields a record pads", () => {
  it("finds a space or a no-break space at either end of an unquoted field", () => {
    expect(unpaddedOf("a,b,c\n1,2,3\n4,5,6\n", 3)).toEqual([0, 1, 2]);
    expect(unpaddedOf("a,b,c\n 1,2,3\n", 3)).toEqual([1, 2]);
    expect(unpaddedOf("a,b,c\n1,2 ,3\n", 3)).toEqual([0, 2]);
    expect(unpaddedOf("a,b,c\n1,2, 3\n", 3)).toEqual([0, 1]);
    expect(unpaddedOf("a,b,c\n1,2,3 \r\n", 3)).toEqual([0, 1]);
    expect(unpaddedOf(`a,b,c\n${NBSP}1,2,3${NBSP}\n`, 3)).toEqual([1]);
    expect(unpaddedOf(`a,b,c\n1,${NBSP}2,3\n`, 3)).toEqual([0, 2]);
    expect(unpaddedOf(`a,b,c\n1,2${NBSP},3\n`, 3)).toEqual([0, 2]);
    expect(unpaddedOf("a,b,c\n1,,\n,, \n", 3)).toEqual([0, 1]);
    expect(unpaddedOf("a,b,c\nx y,Р,3\n", 3)).toEqual([0, 1, 2]);
  });

  it("looks inside a quoted field's quotes, not at the text between them", () => {
    expect(unpaddedOf('a,b,c\n"1, 2","x ""y"" z",3\n', 3)).toEqual([0, 1, 2]);
    expect(unpaddedOf('a,b,c\n1," 2",3\n', 3)).toEqual([0, 2]);
    expect(unpaddedOf('a,b,c\n1,"2\n ",3\n', 3)).toEqual([0, 2]);
    expect(unpaddedOf('a,b,c\n1,2,"3 "\n', 3)).toEqual([0, 1]);
  });

  it("counts every field padded after a quote it cannot place", () => {
    expect(unpaddedOf('a,b,c\n1,ООО "Ромашка",3\n', 3)).toEqual([]);
    expect(unpaddedOf('a,b,c\n1,"2"x,3\n', 3)).toEqual([]);
  });
});

const PLAIN = ["C-1", "Ромашка", "residential", "Жилой комплекс", "2024-01-05", "05.01.2024", "1 000,5", "12", "", "x y"];
/** padded values: with spaces, with no-break spaces */
const PADDED = [
  [" C-2", "C-3 ", " ", " residential", "2024-01-05 ", " 12"],
  [`${NBSP}C-4`, `Р${NBSP}`, NBSP, `${NBSP}residential`, `12${NBSP}`],
];

function quoted(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** A field's text as written: plain, or (in a file with quotes) quoted, with a quote or a line break inside; padded when its column is. */
function fieldText(next: () => number, pads: readonly string[], quotes: boolean, junk: boolean): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const value = pads.length > 0 && next() < 0.3 ? pick(pads) : pick(PLAIN);
  const form = next();
  if (form < 0.6 || !quotes) return value;
  if (form < 0.8) return quoted(value);
  if (form < 0.88) return quoted(`${value}, "${value}"`);
  if (form < 0.94 || !junk) return quoted(`${value}\n${value}`);
  return next() < 0.5 ? `${value} "x"` : `${quoted(value)}x`;
}

function generatedExport(seed: number, columns: number): string {
  const next = random(seed);
  // a column's padding: none, spaces, no-break spaces or both
  const pads = Array.from({ length: columns + 1 }, () => {
    const kind = next();
    return kind < 0.55 ? [] : kind < 0.7 ? PADDED[0]! : kind < 0.85 ? PADDED[1]! : [...PADDED[0]!, ...PADDED[1]!];
  });
  const crlf = next() < 0.3;
  const quotes = next() < 0.5;
  const junk = next() < 0.2;
  const lines = [SCHEMA.clients.columns.map((c) => c.name).join(",")];
  for (let row = 0; row < 40; row++) {
    const count = next() < 0.05 ? columns + (next() < 0.5 ? 1 : -1) : columns;
    lines.push(Array.from({ length: count }, (_, i) => fieldText(next, pads[i]!, quotes, junk)).join(","));
  }
  return lines.join(crlf ? "\r\n" : "\n") + "\n";
}

function clientsPlan(path: string, unpaddedFields: readonly number[]): TableReadPlan {
  const aliases = loadAliasConfig();
  const columns = SCHEMA.clients.columns;
  return {
    table: "clients",
    path,
    delimiter: ",",
    fieldCount: columns.length,
    columnIndex: Object.fromEntries(columns.map((c, i) => [c.name, i])),
    unpaddedFields,
    enumMaps: { segment: enumValueMap("clients", "segment", aliases) },
    booleanMap: booleanValueMap(aliases),
    rawForms: { segment: rawValueForms("clients", "segment", aliases) },
    nowUtc: "2026-11-24 12:00:00.000000",
    todayLocal: "2026-11-24",
    calendarYears: null,
  };
}

/** Rows and a checksum of the check table that depends on each row's values and place. */
async function checked(plan: TableReadPlan): Promise<string> {
  const { connection } = db;
  await connection.run(checkTableStatement(plan));
  const row = (await connection.runAndReadAll(`SELECT count(*), sum(hash(t, rowid)::HUGEINT) FROM ${checkTable("clients")} AS t`)).getRows()[0]!;
  return `${row[0]} ${row[1]}`;
}

describe("reading unpadded fields without the trim tests", () => {
  it("gives the check table of reading every field with them, on generated exports", async () => {
    const { connection } = db;
    for (const statement of macroStatements("Europe/Moscow")) await connection.run(statement);
    const columns = SCHEMA.clients.columns.length;
    let skipped = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const source = join(dir, `export-${seed}.csv`);
      writeFileSync(source, generatedExport(seed, columns));
      const { scan, readPath } = prepareForReader(source, join(dir, `export-${seed}.clean.csv`), { delimiter: ",", headerFields: columns, checkUtf8: false });
      skipped += scan.unpaddedFields.length;
      const fast = await checked(clientsPlan(readPath, scan.unpaddedFields)).catch((error: unknown) => `error ${String(error)}`);
      const trimmed = await checked(clientsPlan(readPath, [])).catch((error: unknown) => `error ${String(error)}`);
      expect(fast, `seed ${seed}`).toBe(trimmed);
    }
    // the comparison is not empty: many fields of the generated exports skip the trim tests
    expect(skipped).toBeGreaterThan(100);
  });
});
