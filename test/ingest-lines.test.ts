/**
 * Line numbers agree with DuckDB's CSV reader on generated files full of the hard cases: quoted
 * fields spanning lines (LF and CRLF), "" escapes, delimiters inside quotes, literal quotes inside
 * unquoted fields, blank lines and rows with the wrong number of fields. The expected line of
 * every record is known from generation; small read chunks force records across chunk borders.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../loaders/db.ts";
import { indexRecords, lineLookup } from "../loaders/ingest/line-index.ts";

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Generated {
  text: string;
  /** line of each record that has the right number of fields, in order */
  goodLines: number[];
  /** line of each record with a wrong number of fields */
  badLines: number[];
}

function generate(seed: number, records: number, eol: string, delimiter: string): Generated {
  const rnd = random(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(rnd() * items.length)]!;
  const fields = [
    () => "plain",
    () => "",
    () => `"x${delimiter}y"`,
    () => `"a${eol}b"`,
    () => `"one\ntwo\nthree"`,
    () => `"he said ""hi"""`,
    () => `"""${eol}"""`,
    () => 'ab"c',
    () => "Привет",
  ];
  const newlinesIn = (s: string) => (s.match(/\n/g) ?? []).length;
  let text = `id${delimiter}b${delimiter}c${eol}`;
  let line = 2;
  const goodLines: number[] = [];
  const badLines: number[] = [];
  for (let i = 0; i < records; i++) {
    while (rnd() < 0.1) {
      text += eol;
      line++;
    }
    const bad = rnd() < 0.08;
    const count = bad ? pick([2, 4]) : 3;
    const row = [`R${i}`, ...Array.from({ length: count - 1 }, () => pick(fields)())].join(delimiter);
    (bad ? badLines : goodLines).push(line);
    text += row + eol;
    line += 1 + newlinesIn(row);
  }
  return { text, goodLines, badLines };
}

const dir = mkdtempSync(join(tmpdir(), "ingest-lines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("record line numbers agree with DuckDB's reader", () => {
  const cases = [
    { seed: 1, eol: "\n", delimiter: "," },
    { seed: 2, eol: "\r\n", delimiter: ";" },
    { seed: 3, eol: "\n", delimiter: "\t" },
    { seed: 4, eol: "\r\n", delimiter: "," },
  ];
  for (const { seed, eol, delimiter } of cases) {
    it(`seed ${seed}, ${JSON.stringify(eol)}, ${JSON.stringify(delimiter)}`, async () => {
      const generated = generate(seed, 400, eol, delimiter);
      const path = join(dir, `case-${seed}.csv`);
      writeFileSync(path, generated.text);
      const { connection } = await openDatabase();
      const rejectsTable = `rj_${seed}`;
      const reader = await connection.runAndReadAll(
        `SELECT c0 FROM read_csv('${path}', header = true, auto_detect = false, delim = '${delimiter === "\t" ? "\t" : delimiter}',
           quote = '"', escape = '"', columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR'},
           store_rejects = true, rejects_table = '${rejectsTable}', rejects_scan = 'rs_${seed}')`,
      );
      const ids = reader.getRows().map((r) => String(r[0]));
      const malformed = (
        await connection.runAndReadAll(`SELECT DISTINCT line_byte_position FROM ${rejectsTable} ORDER BY 1`)
      ).getRows().map((r) => Number(r[0]));
      expect(ids.length).toBe(generated.goodLines.length);
      expect(malformed.length).toBe(generated.badLines.length);

      for (const chunk of [16, 97, 4096, 8 << 20]) {
        const index = indexRecords(path, delimiter, Number.POSITIVE_INFINITY, chunk);
        expect(index.count).toBe(generated.goodLines.length + generated.badLines.length);
        const lookup = lineLookup(index, malformed, ids.length);
        expect(lookup.consistent).toBe(true);
        expect(ids.map((_, k) => lookup.lineOfOrdinal(k))).toEqual(generated.goodLines);
        expect(malformed.map(lookup.lineOfByte)).toEqual(generated.badLines);
      }
    });
  }
});
