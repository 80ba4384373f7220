/**
 * Line numbers agree with DuckDB's CSV reader on generated files full of the hard cases: quoted
 * fields spanning lines (LF and CRLF), "" escapes, delimiters inside quotes, literal quotes inside
 * unquoted fields, blank lines and rows with the wrong number of fields. The expected line of
 * every record is known from generation; small read chunks force records across chunk borders.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../loaders/db.ts";
import { indexRecords } from "../loaders/ingest/line-index.ts";
import { loadDataset } from "../loaders/ingest/load-dataset.ts";
import { scanPhysicalRecords } from "../loaders/ingest/physical-records.ts";
import { random } from "./helpers/random.ts";

interface Generated {
  text: string;
  /** ticket ids and lines of the records that must be accepted, in order */
  good: Array<{ id: string; line: number }>;
  /** lines of the records with a wrong number of fields */
  badLines: number[];
}

const TAIL = ["C1", "2026-03-05T10:00:00+03:00", "standard"];

/** tickets with columns ticket_id, category, assignee, client_id, created_at, priority */
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
  let text = ["ticket_id", "category", "assignee", "client_id", "created_at", "priority"].join(delimiter) + eol;
  let line = 2;
  const good: Generated["good"] = [];
  const badLines: number[] = [];
  for (let i = 0; i < records; i++) {
    while (rnd() < 0.1) {
      text += eol;
      line++;
    }
    const cells = [`R${i}`, pick(fields)(), pick(fields)(), ...TAIL];
    const kind = rnd();
    if (kind < 0.04) cells.pop(); // one field short
    else if (kind < 0.08) cells.push(pick(["extra", '"quoted extra"', "Привет"])); // one field too many
    else if (kind < 0.1) cells.push(""); // a trailing delimiter: accepted, as DuckDB's reader does
    const row = cells.join(delimiter);
    if (kind < 0.08) badLines.push(line);
    else good.push({ id: `R${i}`, line });
    text += row + eol;
    line += 1 + newlinesIn(row);
  }
  return { text, good, badLines };
}

const dir = mkdtempSync(join(tmpdir(), "ingest-lines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = new Date("2026-11-24T12:00:00Z");

describe("record lines and field counts on generated files", () => {
  const cases = [
    { seed: 1, eol: "\n", delimiter: "," },
    { seed: 2, eol: "\r\n", delimiter: ";" },
    { seed: 3, eol: "\n", delimiter: "\t" },
    { seed: 4, eol: "\r\n", delimiter: "," },
  ];
  for (const { seed, eol, delimiter } of cases) {
    it(`seed ${seed}, ${JSON.stringify(eol)}, ${JSON.stringify(delimiter)}`, async () => {
      const generated = generate(seed, 300, eol, delimiter);
      const folder = join(dir, `case-${seed}`);
      mkdirSync(folder);
      writeFileSync(join(folder, "tickets.csv"), generated.text);
      writeFileSync(join(folder, "clients.csv"), "client_id,name,contract_start\nC1,Альфа,2024-01-01\n");

      // the scan alone, with read chunks small enough to split records
      for (const chunk of [16, 97, 4096]) {
        const index = indexRecords(join(folder, "tickets.csv"), delimiter, Number.POSITIVE_INFINITY, chunk);
        const lines = Array.from(index.line);
        expect(lines).toEqual([...generated.good.map((g) => g.line), ...generated.badLines].sort((a, b) => a - b));
      }
      // the physical scan of a file DuckDB reads as it is yields the same index in its one pass
      const scan = scanPhysicalRecords(join(folder, "tickets.csv"), { delimiter, headerFields: 6, checkUtf8: false });
      expect(scan.needsCopy).toBe(false);
      expect(scan.index).toEqual(indexRecords(join(folder, "tickets.csv"), delimiter));

      // the whole load, twice: the same verdicts every time (DuckDB's reader alone is not
      // deterministic about rows with an extra field)
      const reports: string[] = [];
      for (let run = 0; run < 2; run++) {
        const { connection } = await openDatabase();
        const report = await loadDataset(connection, folder, { now: NOW, timezone: "Europe/Moscow" });
        expect(report.files.tickets.warning).toBeUndefined();
        expect(report.rejects.map((r) => [r.line, r.code])).toEqual(generated.badLines.map((l) => [l, "malformed_row"]));
        expect(report.files.tickets).toMatchObject({
          read: generated.good.length + generated.badLines.length,
          accepted: generated.good.length,
          rejected: generated.badLines.length,
        });
        const ids = (await connection.runAndReadAll("SELECT ticket_id FROM tickets ORDER BY ticket_id")).getRows().map((r) => String(r[0]));
        expect(ids).toEqual(generated.good.map((g) => g.id).sort());
        reports.push(JSON.stringify(report));
        connection.closeSync();
      }
      expect(new Set(reports).size).toBe(1);
    });
  }
});
